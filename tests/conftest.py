"""Shared fixtures: stores built by the real CLI from the bundled founding documents."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flowatlas.cli import main
from pyoxigraph import Literal, NamedNode, Quad, Store

from flowatlas.graph.library import load_query
from flowatlas.graph.namespaces import DCT, FA, PREFIXES, XSD
from flowatlas.graph.render import Columns, plain_rows
from flowatlas.graph.results import Table
from flowatlas.graph.store import open_store, run as run_query

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLES = PROJECT / "examples"
DWP_2024 = EXAMPLES / "dfe-dwp-pupil-matching-2024.txt"
HOME_OFFICE_2020 = EXAMPLES / "dfe-home-office-policing-2020.txt"
VALIDATION = PROJECT / "tests" / "data" / "validation"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by .ci/run; Playwright's own download does not work here


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The `flowatlas` command in a child process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "flowatlas.cli", *args], capture_output=True, text=True, cwd=cwd)


def as_from_a_terminal() -> None:
    """Run in a child before it starts: Ctrl-C (SIGINT) delivered as a terminal delivers it. A shell that starts a
    job in the background makes its children ignore SIGINT, and Python then installs no handler for it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("flowatlas: error")]


@pytest.fixture(scope="session")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `flowatlas build` makes from the two founding texts (extractor only, no curated sheets)."""
    store = tmp_path_factory.mktemp("atlas") / "store"
    assert main(["build", str(DWP_2024), str(HOME_OFFICE_2020), "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="session")
def curated_atlas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store `flowatlas build` makes with no PATH: the bundled texts and their curated sheets, which win."""
    store = tmp_path_factory.mktemp("curated") / "store"
    assert main(["build", "--store", str(store)]) == 0
    return store


def select(store: Store, query: str, columns: Columns = Columns()) -> tuple[list[str], list[list[str]]]:
    """A SELECT query's column names and rows, every cell as text (as `--format csv` writes it)."""
    result = run_query(store, query)
    assert isinstance(result, Table)
    return result.names, plain_rows(result, columns)


def flows_of(atlas: Path) -> list[dict[str, str]]:
    """The rows of `flowatlas flows` as dictionaries."""
    from flowatlas.cli import FLOWS_QUERY
    return rows_of(atlas, FLOWS_QUERY)


def rows_of(atlas: Path, name: str) -> list[dict[str, str]]:
    """A named query's rows, as `flowatlas query NAME --format csv` gives them."""
    query = load_query(name)
    names, rows = select(open_store(atlas), query.text, query.columns)
    return [dict(zip(names, row)) for row in rows]


@pytest.fixture(scope="session")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small documents of tests/data/validation, built from their reviewed sheets."""
    store = tmp_path_factory.mktemp("validation") / "atlas"
    assert run("build", str(VALIDATION), "--store", str(store)).returncode == 0
    return store


@pytest.fixture
def edited(cases: Path, tmp_path: Path) -> Path:
    """The test store edited by hand: a malformed date, a provider that is not in the reference data, and a
    document whose text was changed."""
    store = tmp_path / "atlas"
    shutil.copytree(cases, store)
    db = Store(str(store / "oxigraph"))
    share = NamedNode(PREFIXES["share"] + "ref-2022-0001")
    date = next(db.quads_for_pattern(share, NamedNode(DCT + "date"), None))
    document = date.graph_name
    db.remove(date)
    db.add(Quad(share, NamedNode(DCT + "date"), Literal("2022-13", datatype=NamedNode(XSD + "gYearMonth")), document))
    db.add(Quad(share, NamedNode(FA + "provider"), NamedNode(PREFIXES["orgs"] + "dfee"), document))
    text = next(db.quads_for_pattern(document, NamedNode(FA + "text"), None))  # type: ignore[arg-type]
    db.remove(text)
    db.add(Quad(document, NamedNode(FA + "text"),  # type: ignore[arg-type]
                Literal(text.object.value.replace("check 10 pupils", "check 11 pupils")), document))
    db.flush()
    del db
    return store


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright (tests using it skip when Chromium is not installed)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()
