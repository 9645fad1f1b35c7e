"""Which loader reads which file, and walking folders: the one entry point `flowatlas build` uses."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from flowatlas.graph.reference import Reference, load_reference
from flowatlas.loaders.document import Document, read_document
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.extract import extract
from flowatlas.loaders.triples import document_quads

TEXT_SUFFIXES = {".txt", ".text"}
SKIPPED_NAMES = {"index.csv"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass
class Loaded:
    """One document's graph, ready to store."""

    document: Document
    quads: list[Quad]
    records: int


def files_in(paths: list[Path]) -> list[Path]:
    """The files to load: files as given, folders walked in name order; unknown types are an error."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.name not in SKIPPED_NAMES
                            and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            raise LoadError(path, "no such file or folder")
    for path in found:
        if path.suffix.lower() not in TEXT_SUFFIXES:
            raise LoadError(path, f"unsupported file type '{path.suffix or path.name}' (expected .txt)")
    return found


def load_file(path: Path, reference: Reference | None = None) -> Loaded:
    """Read and extract one file; raises LoadError for anything unreadable."""
    reference = reference or load_reference()
    document = read_document(path)
    records = extract(document, reference).records
    return Loaded(document, document_quads(document, records, reference), len(records))
