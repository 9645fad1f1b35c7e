"""The store's guarantees and the CLI's behaviour on good and bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DWP_2024, HOME_OFFICE_2020, error_lines, run, select

from flowatlas.cli import main
from flowatlas.graph.namespaces import FA
from flowatlas.graph.store import open_store


def test_build_twice_gives_the_same_quads(tmp_path: Path):
    store = tmp_path / "atlas"
    assert main(["build", str(DWP_2024), "--store", str(store)]) == 0
    first = sorted(map(str, open_store(store)))
    assert main(["build", str(DWP_2024), "--store", str(store)]) == 0
    assert sorted(map(str, open_store(store))) == first


def test_build_without_paths_uses_the_bundled_examples(tmp_path: Path):
    store = tmp_path / "atlas"
    assert main(["build", "--store", str(store)]) == 0
    graphs = {g.value for g in open_store(store).named_graphs()}
    assert len(graphs) == 3  # the reference graph and the two founding documents
    _, methods = select(open_store(store), "SELECT ?doc ?how WHERE { ?doc a fa:Document ; fa:recordedBy ?how }")
    assert sorted(how for _, how in methods) == [FA + "curatedSheet"] * 2  # the sheets replaced the texts' facts


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    ("latin1.txt", "Caf\u00e9 pupil data".encode("latin-1"), "not UTF-8"),
])
def test_bad_input_is_one_line_and_leaves_the_store_as_it_was(tmp_path: Path, name: str, content: bytes,
                                                              reason: str):
    store = tmp_path / "atlas"
    assert main(["build", str(DWP_2024), "--store", str(store)]) == 0
    before = sorted(map(str, open_store(store)))
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run("build", str(HOME_OFFICE_2020), str(bad), "--store", str(store))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]
    assert sorted(map(str, open_store(store))) == before


def test_query_on_a_missing_store_is_a_clear_error(tmp_path: Path):
    result = run("flows", "--store", str(tmp_path / "nothing"))
    assert result.returncode == 2 and "no flowatlas store here" in result.stderr


def test_malformed_sparql_names_the_file(tmp_path: Path, atlas: Path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ", encoding="utf-8")
    result = run("query", str(bad), "--store", str(atlas))
    assert result.returncode == 2 and str(bad) in result.stderr and "malformed SPARQL" in result.stderr


def test_unknown_query_name_lists_the_named_ones(atlas: Path):
    result = run("query", "no-such-query", "--store", str(atlas))
    assert result.returncode == 2 and "denials" in result.stderr


def test_flows_json_and_csv(atlas: Path):
    """json is SPARQL 1.1 Query Results JSON; csv has every column with full IRIs."""
    results = json.loads(run("flows", "--store", str(atlas), "--format", "json").stdout)
    assert results["head"]["vars"][:3] == ["share", "provider", "recipient"]
    bindings = results["results"]["bindings"]
    assert len(bindings) == 9 and all(row["sources"]["type"] == "literal" for row in bindings)
    assert all(row["share"]["type"] == "uri" for row in bindings)
    csv_text = run("flows", "--store", str(atlas), "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("share,provider,recipient,date,")
    assert "https://w3id.org/flowatlas/id/share/ref-2023-0020534," in csv_text


@pytest.mark.parametrize("fmt, marker", [("turtle", "@prefix"), ("trig", "> {"), ("nquads", "> ."),
                                          ("jsonld", "@graph")])
def test_export_formats(atlas: Path, fmt: str, marker: str):
    result = run("export", "--store", str(atlas), "--format", fmt)
    assert result.returncode == 0 and marker in result.stdout


def test_export_parses_back_with_rdflib(atlas: Path):
    rdflib = pytest.importorskip("rdflib")
    dataset = rdflib.Dataset()
    dataset.parse(data=run("export", "--store", str(atlas), "--format", "trig").stdout, format="trig")
    assert len(dataset) > 0 and len(list(dataset.graphs())) >= 3


@pytest.mark.parametrize("command", ["build", "extract", "flows", "query", "model", "export", "publish", "serve"])
def test_every_subcommand_help_shows_an_example(command: str):
    result = run(command, "--help")
    assert result.returncode == 0 and "Example" in result.stdout and f"flowatlas {command}" in result.stdout
