"""Which loader reads which file, and walking folders: the one entry point `flowatlas build` uses."""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from flowatlas.graph.reference import Reference, load_reference
from flowatlas.loaders.document import READERS, Document, read_document
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.extract import extract
from flowatlas.loaders.frames import parser
from flowatlas.loaders.mentions import find_mentions
from flowatlas.loaders.records import Record
from flowatlas.loaders.register import REGISTER_SUFFIXES, read_register, register_document
from flowatlas.loaders.sheet import read_sheet
from flowatlas.loaders.triples import document_quads

DOCUMENT_SUFFIXES = set(READERS)
SHEET_SUFFIXES = {".yaml", ".yml"}
SKIPPED_NAMES = {"index.csv"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass
class Loaded:
    """One document's graph, ready to store, and the file it was read from (the document or its sheet), with
    notes for the user: what the loader could not read (a register's skipped sheets and unplaced columns) and the
    organisations it recorded that the reference data does not know."""

    path: Path
    document: Document
    quads: list[Quad]
    records: int
    notes: list[str] = field(default_factory=list)

    @property
    def curated(self) -> bool:
        return self.path.suffix.lower() in SHEET_SUFFIXES


@dataclass
class Found:
    """The files a build reads, and the files of other types its folders also hold (skipped, and reported)."""

    files: list[Path] = field(default_factory=list)
    skipped: dict[Path, list[str]] = field(default_factory=dict)


def _supported(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES | SHEET_SUFFIXES | REGISTER_SUFFIXES


def files_in(paths: list[Path]) -> Found:
    """The files to load: files as given, folders walked in name order. A file named with a type flowatlas does
    not read is an error; in a folder, such files (a README, notes) are skipped and listed."""
    found = Found()
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.name not in SKIPPED_NAMES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)):
                if _supported(child):
                    found.files.append(child)
                else:
                    found.skipped.setdefault(path, []).append(str(child.relative_to(path)))
        elif path.is_file():
            if not _supported(path):
                raise LoadError(path, f"unsupported file type '{path.suffix or path.name}' (expected a .txt, "
                                      ".html, .htm or .pdf document, a .yaml fact sheet or an .ods/.xlsx register)")
            found.files.append(path)
        else:
            raise LoadError(path, "no such file or folder")
    return found


def extract_source(path: Path, reference: Reference) -> tuple[Document, list[Record], list[str]]:
    """A source's text, the facts found in it automatically and notes for the user (what could not be read, and
    the organisations recorded that the reference data does not know): a register by its columns, any other
    document by the text extractor."""
    if path.suffix.lower() in REGISTER_SUFFIXES:
        register = read_register(path, reference)
        document, records, notes = register.document, register.records, list(register.notes)
    else:
        document = read_document(path)
        records, notes = extract(document, reference).records, []
    return document, records, notes + _newcomers(records)


def _newcomers(records: list[Record]) -> list[str]:
    """Organisations recorded that the reference data does not know: reported, so someone can add them."""
    return [f"new organisation, not in the reference data: {record.first('name')}"
            for record in records if record.kind == "organisation"]


def read_source(path: Path) -> Document:
    """The text a curated sheet's quotes are found in: for a register, its rendering."""
    if path.suffix.lower() in REGISTER_SUFFIXES:
        return register_document(path)[0]
    return read_document(path)


def load_file(path: Path, reference: Reference | None = None) -> Loaded:
    """Read one document (extracting its facts), one curated sheet or one data shares register; LoadError for
    anything unreadable."""
    reference = reference or load_reference()
    if path.suffix.lower() in SHEET_SUFFIXES:
        document, records = read_sheet(path, reference, read_source)
        notes, method = _newcomers(records), "curatedSheet"
    else:
        document, records, notes = extract_source(path, reference)
        method = "automaticExtraction"
    return Loaded(path, document, document_quads(document, records, reference, method), len(records), notes)


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def load_files(paths: list[Path], reference: Reference, jobs: int = 1,
               started: Callable[[int, Path], None] = lambda number, path: None) -> Iterator[Loaded]:
    """Every file loaded, in the order given. With `jobs` > 1 the files are read by that many processes: each
    document's parse is independent of the others and is most of a build's time. `started(number, path)` is
    called as each file's turn comes, for progress."""
    if jobs <= 1 or len(paths) < 2:
        for number, path in enumerate(paths, 1):
            started(number, path)
            yield load_file(path, reference)
        return
    # Workers forked from this process inherit the parser and the alias patterns made here instead of each making
    # their own (2 s and 0.4 s).
    parser()
    find_mentions("", reference)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_start_worker)
    try:
        for number, (path, (loaded, failure)) in enumerate(zip(paths, pool.map(_load_in_worker, paths)), 1):
            started(number, path)
            if failure is not None:
                raise LoadError(path, failure)
            yield loaded
    finally:
        # An error, Ctrl-C or a consumer that stops early: the files not yet started are dropped, not read.
        pool.shutdown(wait=True, cancel_futures=True)


_worker_reference: Reference | None = None


def _start_worker() -> None:
    """Each worker reads the reference data once, and leaves Ctrl-C to the main process, which stops the build
    and reports it in one line (a worker's own KeyboardInterrupt would print a traceback)."""
    global _worker_reference
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_reference = load_reference()


def _load_in_worker(path: Path) -> tuple[Loaded | None, str | None]:
    """A file's Loaded, or the reason it could not be loaded (returned, not raised: the message crosses back to
    the main process as a plain string)."""
    try:
        return load_file(path, _worker_reference), None
    except LoadError as error:
        return None, error.reason


def by_document(loaded: list[Loaded]) -> dict[str, Loaded]:
    """One graph per document: a curated sheet replaces the automatic facts of the document it describes;
    two sheets for one document are an error, since neither can be said to be the reviewed one."""
    chosen: dict[str, Loaded] = {}
    for item in loaded:
        previous = chosen.get(item.document.iri)
        if previous is not None and previous.curated and item.curated:
            raise LoadError(item.path, f"a second fact sheet for {item.document.path.name} "
                                       f"(the first is {previous.path})")
        if previous is None or item.curated:
            chosen[item.document.iri] = item
    return chosen
