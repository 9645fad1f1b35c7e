"""Reading a document's text safely: every rejection is a LoadError naming the file and the reason."""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flowatlas.graph.namespaces import document_iri
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.html import html_text
from flowatlas.loaders.pdf import pdf_text


@dataclass(frozen=True)
class Document:
    """A source document's text and identity. Offsets in excerpts count code points of `text`."""

    path: Path
    text: str
    sha256: str
    url: str = ""
    title: str = ""
    kind: str = ""

    @classmethod
    def of(cls, path: Path, text: str) -> "Document":
        """A document from its text as read, named by the text's hash, with its metadata from index.csv."""
        return cls(path=path, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                   **source_metadata(path))

    @property
    def iri(self) -> str:
        return document_iri(self.sha256)


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text or a LoadError: empty, binary and non-UTF-8 inputs are refused, never guessed at."""
    if not data.strip():
        raise LoadError(path, "empty file")
    if b"\x00" in data:
        raise LoadError(path, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(path, f"not UTF-8 text (invalid byte at offset {error.start})") from None
    # A byte-order mark is not part of the text; offsets must not count it.
    return text.removeprefix("\ufeff")


def source_metadata(path: Path) -> dict[str, str]:
    """URL, title and kind from an index.csv beside the document (the corpus's own format), if there is one."""
    index = path.parent / "index.csv"
    if not index.is_file():
        return {}
    try:
        with index.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("file") == path.name:
                    return {key: row.get(key) or "" for key in ("url", "title", "kind")}
    except (UnicodeDecodeError, csv.Error) as error:
        raise LoadError(index, f"unreadable index: {error}") from None
    return {}


# A document's text by its file type. HTML pages and PDFs become text with one paragraph per line, the shape
# the extractor reads; offsets in excerpts count code points of that text.
READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": decode_text, ".text": decode_text, ".html": html_text, ".htm": html_text, ".pdf": pdf_text,
}


def read_document(path: Path) -> Document:
    """Read a document (plain text, HTML page or PDF, by its suffix; anything else as plain text) with its
    metadata. The IRI is the hash of the text read, so a page and its text version are one document only if
    their texts are equal."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(path, error.strerror or str(error)) from None
    return Document.of(path, READERS.get(path.suffix.lower(), decode_text)(path, data))
