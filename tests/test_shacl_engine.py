"""The SHACL engine that runs on the Oxigraph store gives pySHACL's results (issue 8): the same focus nodes, paths,
severities and constraint components, on real and edited graphs, for every shape in shapes/."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from conftest import PROJECT, VALIDATION, run
from flowatlas.graph.shacl import Shapes, Validator, as_rdflib
from flowatlas.graph.store import open_store


def path_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """pySHACL's result path in the SPARQL form the engine reports."""
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    inverse = graph.value(node, sh.inversePath)
    if inverse is not None:
        return f"^({path_text(graph, inverse)})"
    return "(" + "/".join(path_text(graph, item) for item in rdflib.collection.Collection(graph, node)) + ")"


def pyshacl_results(store: Path) -> set[tuple[str, str | None, str, str]]:
    """pySHACL on the union of the store's graphs, with the shapes files."""
    union, shapes = as_rdflib(open_store(store))
    _, report, _ = validate(union, shacl_graph=shapes)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = set()
    for result in report.objects(None, sh.result):  # top-level results, not their sh:detail
        path = report.value(result, sh.resultPath)
        found.add((str(report.value(result, sh.focusNode)), path_text(report, path) if path is not None else None,
                   str(report.value(result, sh.resultSeverity)), str(report.value(result, sh.sourceConstraintComponent))))
    return found


def engine_results(store: Path) -> set[tuple[str, str | None, str, str]]:
    return {(r.focus.value, r.path.sparql if r.path else None, r.severity, r.component)
            for r in Validator(open_store(store), Shapes()).validate()}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Graphs with warnings, violations and notes of every kind the shapes define."""
    folder = tmp_path_factory.mktemp("engine")
    builds = {"founding texts": [str(PROJECT / "examples" / "dfe-dwp-pupil-matching-2024.txt"),
                                 str(PROJECT / "examples" / "dfe-home-office-policing-2020.txt")],
              "corpus with sheets": [str(PROJECT / "corpus"), str(PROJECT / "examples")],
              "validation cases": [str(VALIDATION)]}
    for name, paths in builds.items():
        assert run("build", *paths, "--store", str(folder / name)).returncode == 0
    return {name: folder / name for name in builds}



@pytest.mark.parametrize("name", ["founding texts", "corpus with sheets", "validation cases"])
def test_the_engine_gives_pyshacls_results(stores: dict[str, Path], name: str):
    expected = pyshacl_results(stores[name])
    assert expected == engine_results(stores[name])
    assert any(severity.endswith("Warning") for _, _, severity, _ in expected)


def test_the_engine_gives_pyshacls_results_on_an_edited_store(edited: Path):
    expected = pyshacl_results(edited)
    assert expected == engine_results(edited)
    components = {component.rsplit("#", 1)[1] for _, _, _, component in expected}
    assert {"SPARQLConstraintComponent", "ClassConstraintComponent", "NodeConstraintComponent",
            "LessThanOrEqualsConstraintComponent", "NotConstraintComponent", "OrConstraintComponent"} <= components
    # The changed text no longer holds the quote taken from it: the provenance check fails in both.
    assert any("#char=" in focus and component.endswith("#SPARQLConstraintComponent")
               for focus, _, _, component in expected)


def test_a_shape_the_engine_cannot_evaluate_is_refused_naming_its_file(tmp_path: Path, atlas: Path):
    (tmp_path / "odd.ttl").write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .""", encoding="utf-8")
    from flowatlas.graph.shacl import ShapeError
    with pytest.raises(ShapeError, match=r"odd\.ttl: sh:closed is not supported"):
        Validator(open_store(atlas), Shapes(tmp_path)).validate()
