"""The persisted store: an embedded Oxigraph database in a directory (default ./atlas).

Every change is made on a checkpoint copy and swapped in only when it is complete, so a failed or interrupted
build leaves the previous store as it was. Each document is one named graph; loading a document again replaces
its graph whole, so loading twice changes nothing.
"""
from __future__ import annotations

import gc
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Variable, serialize

from flowatlas.graph.errors import FlowatlasError, QueryError
from flowatlas.graph.namespaces import ONTOLOGY_GRAPH, PREFIXES
from flowatlas.graph.reference import ontology_quads
from flowatlas.graph.results import Result, collect
from flowatlas.graph.sparql import Term, syntax_message

DATABASE = "oxigraph"
EXPORT_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
                  "jsonld": RdfFormat.JSON_LD}


class StoreError(FlowatlasError):
    """A store that is missing or unusable; the message says which directory and why."""


def _check_directory(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"{directory}: is a file, not a store directory")


def _recover(directory: Path) -> None:
    """Finish or undo a swap that was interrupted between its two renames."""
    live, old = directory / DATABASE, directory / (DATABASE + ".old")
    if not live.exists() and old.exists():
        old.rename(live)
    elif old.exists():
        shutil.rmtree(old)
    shutil.rmtree(directory / (DATABASE + ".staging"), ignore_errors=True)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C back for a moment (the two renames of a swap), then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def _open(path: Path, read_only: bool) -> Store:
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except OSError as error:
        reason = " ".join(str(error).split())
        if "lock" in reason.lower():
            reason = "in use by another process (a running build, or flowatlas serve --writable)"
        raise StoreError(f"{path.parent}: cannot open the store: {reason}") from None


def replace_graphs(directory: Path, graphs: Mapping[str, list[Quad]]) -> None:
    """Replace (or add) the given named graphs and the reference graph, all or nothing."""
    _check_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    _recover(directory)
    live, staging = directory / DATABASE, directory / (DATABASE + ".staging")
    try:
        if live.exists():
            _open(live, read_only=False).backup(str(staging))
            gc.collect()
        store = _open(staging, read_only=False)
        for graph in [ONTOLOGY_GRAPH.value, *graphs]:
            node = NamedNode(graph)
            if store.contains_named_graph(node):
                store.remove_graph(node)
        store.extend(ontology_quads())
        store.extend(q for quads in graphs.values() for q in quads)
        store.flush()
        del store
        gc.collect()
    except BaseException:
        gc.collect()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = directory / (DATABASE + ".old")
    with _uninterrupted():
        if live.exists():
            live.rename(old)
        staging.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def open_store(directory: Path) -> Store:
    """Open an existing store read-only; a missing one is a clear error, not an empty result."""
    _check_directory(directory)
    if directory.exists():
        _recover(directory)
    live = directory / DATABASE
    if not live.exists():
        raise StoreError(f"{directory}: no flowatlas store here (run 'flowatlas build --store {directory}' first)")
    return _open(live, read_only=True)


def run(store: Store, text: str, bindings: Mapping[str, Term] | None = None, origin: str = "query") -> Result:
    """Run a query over the union of all graphs; parameters are bound as RDF terms by the engine, never pasted
    into the text. A QueryError says, in one line, what is wrong with the query."""
    substitutions = {Variable(name): term for name, term in (bindings or {}).items()}
    try:
        return collect(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True,
                                   substitutions=substitutions))
    except SyntaxError as error:
        raise QueryError(origin, f"malformed SPARQL: {syntax_message(str(error), text)}") from None
    except RuntimeError as error:
        message = " ".join(str(error).split())
        unknown = [name for name in (bindings or {}) if f"?{name} " in message]
        if unknown:
            message = f"--param {unknown[0]}: the query has no variable ?{unknown[0]} among its results"
        raise QueryError(origin, message) from None


def values(store: Store, query: str) -> list[list[str | None]]:
    """A SELECT query's rows over the union of all graphs, each term as its plain value (None where unbound): for
    code that reads the store, where `run` serves people's queries."""
    return [[term.value if term is not None else None for term in row]
            for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)]


@dataclass(frozen=True)
class Summary:
    """What a store holds, for the line a build ends with."""

    documents: int
    shares: int
    quads: int


def summary(store: Store) -> Summary:
    """Documents, shares (each once, however many documents state it) and quads."""
    counts = store.query("SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?s) AS ?shares) WHERE "
                         "{ { ?d a fa:Document } UNION { ?s a fa:Share } }", prefixes=PREFIXES,
                         use_default_graph_as_union=True)
    row = next(iter(counts))
    return Summary(int(row[0].value), int(row[1].value), len(store))


def graph_count(store: Store) -> int:
    """Named graphs: one per document, and the reference graph."""
    return sum(1 for _ in store.named_graphs())


def export(store: Store, fmt: str) -> bytes:
    """The whole store in a standard RDF format; Turtle, having no graphs, gets the union of all of them."""
    rdf_format = EXPORT_FORMATS[fmt]
    if rdf_format == RdfFormat.TURTLE:
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return serialize(triples, format=rdf_format, prefixes=PREFIXES)  # type: ignore[arg-type]
    if rdf_format == RdfFormat.TRIG:
        return store.dump(format=rdf_format, prefixes=PREFIXES)
    return store.dump(format=rdf_format)
