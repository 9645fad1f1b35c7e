"""The persisted store: an embedded Oxigraph database in a directory (default ./atlas).

Every change is made on a checkpoint copy and swapped in only when it is complete, so a failed or interrupted
build leaves the previous store as it was. Each document is one named graph; loading a document again replaces
its graph whole, so loading twice changes nothing.
"""
from __future__ import annotations

import gc
import shutil
from collections.abc import Mapping
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, RdfFormat, Store, Variable, serialize

from flowatlas.graph.namespaces import ONTOLOGY_GRAPH, PREFIXES
from flowatlas.graph.reference import ontology_quads

DATABASE = "oxigraph"
EXPORT_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
                  "jsonld": RdfFormat.JSON_LD}


class StoreError(Exception):
    """A store that is missing or unusable; the message says which directory and why."""


def _recover(directory: Path) -> None:
    """Finish or undo a swap that was interrupted between its two renames."""
    live, old = directory / DATABASE, directory / (DATABASE + ".old")
    if not live.exists() and old.exists():
        old.rename(live)
    elif old.exists():
        shutil.rmtree(old)
    shutil.rmtree(directory / (DATABASE + ".staging"), ignore_errors=True)


def replace_graphs(directory: Path, graphs: Mapping[str, list[Quad]]) -> None:
    """Replace (or add) the given named graphs and the reference graph, all or nothing."""
    directory.mkdir(parents=True, exist_ok=True)
    _recover(directory)
    live, staging = directory / DATABASE, directory / (DATABASE + ".staging")
    if live.exists():
        Store(str(live)).backup(str(staging))
        gc.collect()
    store = Store(str(staging))
    for graph in [ONTOLOGY_GRAPH.value, *graphs]:
        node = NamedNode(graph)
        if store.contains_named_graph(node):
            store.remove_graph(node)
    store.extend(ontology_quads())
    store.extend(q for quads in graphs.values() for q in quads)
    store.flush()
    del store
    gc.collect()
    old = directory / (DATABASE + ".old")
    if live.exists():
        live.rename(old)
    staging.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def open_store(directory: Path) -> Store:
    """Open an existing store read-only; a missing one is a clear error, not an empty result."""
    if directory.exists():
        _recover(directory)
    live = directory / DATABASE
    if not live.exists():
        raise StoreError(f"{directory}: no flowatlas store here (run 'flowatlas build --store {directory}' first)")
    return Store.read_only(str(live))


def select(store: Store, query: str, bindings: Mapping[str, NamedNode | Literal] | None = None
           ) -> tuple[list[str], list[list[str]]]:
    """Run a SELECT over the union of all graphs; parameters are bound as RDF terms, never pasted as text."""
    substitutions = {Variable(name): term for name, term in (bindings or {}).items()}
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions)
    if not isinstance(result, QuerySolutions):
        raise StoreError("only SELECT queries produce a table")
    names = [v.value for v in result.variables]
    rows = [[("" if row[name] is None else row[name].value) for name in names] for row in result]
    return names, rows


def export(store: Store, fmt: str) -> bytes:
    """The whole store in a standard RDF format; Turtle, having no graphs, gets the union of all of them."""
    rdf_format = EXPORT_FORMATS[fmt]
    if rdf_format == RdfFormat.TURTLE:
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return serialize(triples, format=rdf_format, prefixes=PREFIXES)  # type: ignore[arg-type]
    if rdf_format == RdfFormat.TRIG:
        return store.dump(format=rdf_format, prefixes=PREFIXES)
    return store.dump(format=rdf_format)
