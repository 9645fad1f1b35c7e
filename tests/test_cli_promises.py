"""A CLI that keeps its promises (issue 7): one line and exit 2 for bad input, the store unchanged; Ctrl-C during a
build; folders holding other files; empty folders; progress where someone watches; --version, -q, -v; summaries."""
from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DWP_2024, HOME_OFFICE_2020, as_from_a_terminal, error_lines, run

from flowatlas import __version__
from flowatlas.graph.store import open_store


def quads(store: Path) -> list[str]:
    return sorted(map(str, open_store(store)))


@pytest.mark.parametrize("command", [["build", str(DWP_2024)], ["flows"], ["export"], ["query", "denials"],
                                     ["publish", "--graph-store", "http://127.0.0.1:1/store"]])
def test_a_store_path_that_is_a_file_is_one_line(tmp_path: Path, command: list[str]):
    file = tmp_path / "not-a-store"
    file.write_text("hello", encoding="utf-8")
    result = run(*command, "--store", str(file))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert error_lines(result) == [f"flowatlas: error: {file}: is a file, not a store directory"]


def many_documents(folder: Path, count: int) -> None:
    """Distinct documents (each its own text) shaped like the founding letter, so a build takes a while."""
    folder.mkdir()
    text = DWP_2024.read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"copy-{number:03d}.txt").write_text(f"Copy {number}.\n\n{text}", encoding="utf-8")


def test_ctrl_c_during_a_build_leaves_the_store_unchanged(tmp_path: Path):
    store = tmp_path / "atlas"
    assert run("build", str(HOME_OFFICE_2020), "--store", str(store)).returncode == 0
    before = quads(store)
    many_documents(tmp_path / "many", 200)
    build = subprocess.Popen([sys.executable, "-m", "flowatlas.cli", "build", str(tmp_path / "many"), "--store",
                              str(store), "-v"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             preexec_fn=as_from_a_terminal)
    assert build.stderr is not None
    seen = [build.stderr.readline() for _ in range(3)]  # the build is under way: a real SIGINT, as Ctrl-C sends
    build.send_signal(signal.SIGINT)
    rest = build.stderr.read()
    build.wait(timeout=30)
    assert seen[0].startswith("[1/200]")
    assert build.returncode == 130
    assert rest.strip().splitlines()[-1] == "flowatlas: error: interrupted; store unchanged"
    assert "Traceback" not in rest
    assert quads(store) == before
    assert sorted(p.name for p in store.iterdir()) == ["oxigraph"]  # no staging copy left behind


def test_a_folder_with_other_files_builds_its_documents_and_lists_the_rest(tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "letter.txt").write_bytes(DWP_2024.read_bytes())
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / "scan.docx").write_bytes(b"PK\x03\x04")
    result = run("build", str(folder), "--store", str(tmp_path / "atlas"))
    assert result.returncode == 0, result.stderr
    assert f"{folder}: skipped 2 files of other types: README.md, scan.docx" in result.stderr.splitlines()
    assert "built 1 document (0 from curated sheets)" in result.stderr
    named = run("build", str(folder / "README.md"), "--store", str(tmp_path / "atlas"))
    assert named.returncode == 2 and "unsupported file type '.md'" in error_lines(named)[0]


def test_an_empty_folder_is_a_warning_and_a_non_zero_exit(tmp_path: Path):
    store = tmp_path / "atlas"
    assert run("build", str(DWP_2024), "--store", str(store)).returncode == 0
    before = quads(store)
    (tmp_path / "empty").mkdir()
    result = run("build", str(tmp_path / "empty"), "--store", str(store))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"flowatlas: warning: {tmp_path / 'empty'}: no documents to build (.txt, .html, "
                                     ".htm, .pdf, .yaml, .ods, .xlsx); the store is unchanged")
    assert quads(store) == before


def test_version_quiet_and_verbose(tmp_path: Path):
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"flowatlas {__version__}"
    quiet = run("build", str(DWP_2024), str(HOME_OFFICE_2020), "--store", str(tmp_path / "a"), "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = run("build", str(DWP_2024), str(HOME_OFFICE_2020), "--store", str(tmp_path / "b"), "-v")
    lines = verbose.stderr.splitlines()
    assert any(line.startswith("[1/2] ") and "records" in line for line in lines)
    assert any(line.startswith("[2/2] ") and "quads" in line for line in lines)
    plain = run("build", str(DWP_2024), "--store", str(tmp_path / "c"))
    assert "[1/1]" not in plain.stderr  # no progress when nobody watches


def test_the_build_summary_says_what_this_run_built_and_what_the_store_holds(tmp_path: Path):
    store = tmp_path / "atlas"
    first = run("build", str(DWP_2024), "--store", str(store))
    assert first.stderr.strip().endswith(f"built 1 document (0 from curated sheets); store {store} now holds "
                                         "1 documents, 6 shares, " + f"{len(open_store(store)):,} quads")
    second = run("build", str(HOME_OFFICE_2020), "--store", str(store))
    assert f"built 1 document (0 from curated sheets); store {store} now holds 2 documents, 9 shares" in second.stderr


def stderr_on_a_terminal(*args: str) -> str:
    """What a command shows on a terminal that is its stderr."""
    leader, follower = pty.openpty()
    command = subprocess.Popen([sys.executable, "-m", "flowatlas.cli", *args], stderr=follower,
                               stdout=subprocess.DEVNULL)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    command.wait()
    os.close(leader)
    assert command.returncode == 0, shown
    return shown.decode()


def test_progress_shows_on_a_terminal(tmp_path: Path, atlas: Path):
    """With stderr on a terminal, a build shows which document it is reading (the line is rewritten in place), and
    a query that takes more than a second says what it is waiting for."""
    text = stderr_on_a_terminal("build", str(DWP_2024), str(HOME_OFFICE_2020), "--store", str(tmp_path / "atlas"))
    assert f"[1/2] {DWP_2024}" in text and f"[2/2] {HOME_OFFICE_2020}" in text
    assert "\x1b[K" in text and "built 2 documents" in text
    slow = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?k { 1 2 3 4 } ?a ?b ?c . ?d ?e ?f }"  # some 3e7 rows: seconds
    waited = stderr_on_a_terminal("query", "--query", slow, "--store", str(atlas))
    assert f"running query on {atlas}… 1 s" in waited


def test_export_to_turtle_says_the_graphs_are_merged(atlas: Path):
    turtle = run("export", "--store", str(atlas), "--format", "turtle")
    assert turtle.returncode == 0 and "turtle has no named graphs: the 3 graphs" in turtle.stderr
    assert run("export", "--store", str(atlas), "--format", "trig").stderr == ""


def test_a_closed_pipe_is_not_an_error(atlas: Path):
    # export writes far more than a pipe holds (each document's text is in the graph), so the write really fails.
    flows = subprocess.Popen([sys.executable, "-m", "flowatlas.cli", "export", "--store", str(atlas), "--format",
                              "nquads"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert flows.stdout is not None and flows.stderr is not None
    flows.stdout.readline()
    flows.stdout.close()  # as `| head -1` does
    flows.wait(timeout=30)
    assert flows.returncode == 0 and b"Traceback" not in flows.stderr.read()
