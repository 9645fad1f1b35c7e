"""Curated fact sheets (YAML): an analyst's reviewed record of one document, read into the Records the extractor
makes, so a sheet stands in for the automatic facts of its document field for field.

The format (`flowatlas extract DOC` writes a draft of it):

    document: dfe-dwp-pupil-matching-2024.txt   # the document, relative to the sheet
    sha256: 3f0c...                             # optional: the text the sheet was reviewed against
    records:
    - kind: share                               # share, agreement, exemption, denial, dataset, organisation
      id: dwp-april-2018                        # the sheet's own handle, for links (agreement:, applied_to:)
      provider: DfE                             # names, aliases or IRIs of reference nodes
      recipient: DWP
      subjects_requested: 185
      date: 2018-04
      evidence:
      - quote: In April 2018 the Department received a request ...   # verbatim, spacing aside
        at: 1234                                # optional: which occurrence, by character offset
        stated_by: authority                    # authority (default), requester or analyst
        confidence: high                        # the draft's advice to the reviewer; not recorded
        supports: [provider, recipient, subjects_requested, date]

An organisation the reference data does not know is introduced by a record `kind: organisation` with its `name` as
the document writes it (and evidence); other records may then use that name.

Every fact rests on a quote: each property a record states must be listed in the `supports` of at least one of
its evidence items, and every quote must occur in the document. A sheet that breaks either rule is refused whole.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from flowatlas.graph.namespaces import new_organisation_iri
from flowatlas.graph.reference import Reference, name_key
from flowatlas.loaders.document import Document, decode_text, read_document
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.records import (
    DATE_PROPERTIES, INTEGER_PROPERTIES, NODE_KINDS, PERIOD_PROPERTIES, PERIOD_TERMS, PROPERTIES, RECORD_LINKS,
    SPEAKERS, Period, Record, RecordRef, finalise,
)

SHEET_KEYS = {"document", "sha256", "records"}
# `confidence` is the draft's advice to the reviewer (loaders/draft.py); a reviewed sheet is the analyst's word, so
# it is accepted and not recorded.
EVIDENCE_KEYS = {"quote", "at", "stated_by", "supports", "confidence"}
RECORD_FIELDS = {"kind", "id", "evidence"}
KIND_NAMES = {"org": "organisation", "dataset": "dataset", "item": "data item", "purpose": "purpose",
              "statute": "statute", "agreement_kind": "agreement kind"}
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class SheetError(Exception):
    """A problem at a line of the sheet; read_sheet turns it into a LoadError naming the file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")


class Mapping(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line it starts on, for error messages."""

    line: int = 0


def _plain(node: yaml.Node) -> object:
    """A composed YAML node as plain values with every scalar a string: the sheet, not YAML's type guessing,
    decides what is a date or a number ('2019-01-31', 'no', '0020534' stay as written)."""
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = _plain(key_node)
            if not isinstance(key, str):
                raise SheetError(key_node.start_mark.line + 1, "keys must be plain names")
            if key in mapping:
                raise SheetError(key_node.start_mark.line + 1, f"'{key}' is given twice")
            mapping[key] = _plain(value_node)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


def _parse(path: Path, text: str) -> Mapping:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        raise LoadError(path, f"malformed YAML: {where}{error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise LoadError(path, f"malformed YAML: {str(error).splitlines()[0]}") from None
    if root is None:
        raise LoadError(path, "empty sheet")
    try:
        data = _plain(root)
    except SheetError as error:
        raise LoadError(path, str(error)) from None
    if not isinstance(data, Mapping) or "document" not in data or "records" not in data:
        raise LoadError(path, "not a fact sheet: expected a mapping with 'document' and 'records'")
    return data


def _unknown_keys(mapping: Mapping, allowed: set[str], what: str) -> None:
    extra = sorted(set(mapping) - allowed)
    if extra:
        raise SheetError(mapping.line, f"{what} has unknown field(s) {', '.join(extra)} "
                                       f"(allowed: {', '.join(sorted(allowed))})")


def _listed(value: object, line: int, what: str) -> list[str]:
    """A scalar or a list of scalars, as a list."""
    values = value if isinstance(value, list) else [value]
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) != len(values):
        raise SheetError(line, f"{what}: expected a value or a list of values")
    return [text for text in texts if text.strip()]


def _date(text: str, line: int, prop: str) -> str:
    if not ISO_DATE.fullmatch(text):
        raise SheetError(line, f"{prop}: '{text}' is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        datetime.date.fromisoformat({4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text))
    except ValueError:
        raise SheetError(line, f"{prop}: '{text}' is not a real date") from None
    return text


def _value(prop: str, text: str, line: int, reference: Reference, declared: dict[str, str]) -> object:
    """A sheet value as the extractor would hold it: a node IRI, an int, an ISO date, a Period or text.
    `declared` holds the organisations the sheet itself introduces (kind: organisation), by name."""
    if prop in NODE_KINDS:
        nodes = reference.resolve(text, NODE_KINDS[prop])
        if not nodes and NODE_KINDS[prop] == "org" and name_key(text) in declared:
            return declared[name_key(text)]
        kind_name = KIND_NAMES[NODE_KINDS[prop]]
        if not nodes:
            raise SheetError(line, f"{prop}: unknown {kind_name} '{text}' (use a known name, add it to ontology/"
                                   + (", or declare it in a record of kind organisation)" if kind_name == "organisation"
                                      else ")"))
        if len(nodes) > 1:
            raise SheetError(line, f"{prop}: ambiguous {kind_name} '{text}': " +
                             " or ".join(sorted(reference.label(n) for n in nodes)))
        return next(iter(nodes))
    if prop in INTEGER_PROPERTIES:
        digits = text.replace(",", "")
        if not digits.isdigit():
            raise SheetError(line, f"{prop}: '{text}' is not a whole number")
        return int(digits)
    if prop in DATE_PROPERTIES and "/" not in text:
        return _date(text, line, prop)
    if prop in PERIOD_PROPERTIES or prop in PERIOD_TERMS:
        start, slash, end = text.partition("/")
        if not slash:
            raise SheetError(line, f"{prop}: '{text}' is not a period (START/END, e.g. 1992/1995, or START/..)")
        return Period(_date(start, line, prop), "" if end == ".." else _date(end, line, prop))
    return text


def find_quote(quote: str, text: str, near: int | None) -> tuple[int, int] | None:
    """Where a quote occurs in the text, spacing and line breaks aside; the occurrence nearest `near` if several."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spans = [match.span() for match in pattern.finditer(text)]
    if not spans:
        return None
    return min(spans, key=lambda span: abs(span[0] - near)) if near is not None else spans[0]


def _evidence(record: Record, items: object, line: int, document: Document) -> None:
    if not isinstance(items, list) or not items:
        raise SheetError(line, "every record needs evidence: a list of quotes from the document")
    for item in items:
        if not isinstance(item, Mapping):
            raise SheetError(line, "each evidence item is a mapping with a 'quote'")
        _unknown_keys(item, EVIDENCE_KEYS, "evidence item")
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            raise SheetError(item.line, "evidence item without a quote")
        at = item.get("at")
        if at is not None and not (isinstance(at, str) and at.isdigit()):
            raise SheetError(item.line, f"at: '{at}' is not a character offset")
        speaker = item.get("stated_by", "authority")
        if speaker not in SPEAKERS:
            raise SheetError(item.line, f"stated_by: '{speaker}' is not one of {', '.join(SPEAKERS)}")
        supports = set(_listed(item.get("supports", []), item.line, "supports"))
        unknown = sorted(supports - PROPERTIES[record.kind].keys())
        if unknown:
            raise SheetError(item.line, f"supports: {', '.join(unknown)} not a property of a {record.kind}")
        span = find_quote(quote, document.text, int(at) if at is not None else None)
        if span is None:
            shown = " ".join(quote.split())
            raise SheetError(item.line, f"quote not found in {document.path.name}: "
                                        f"\"{shown[:80]}{'…' if len(shown) > 80 else ''}\"")
        record.cite(span[0], span[1], str(speaker), supports)


def _record(raw: object, reference: Reference, document: Document, line: int, declared: dict[str, str]
            ) -> tuple[Record, str, dict[str, list[str]]]:
    """One record of the sheet, with its id and its links (resolved once every id is known)."""
    if not isinstance(raw, Mapping):
        raise SheetError(line, "each record is a mapping with a 'kind'")
    kind = raw.get("kind")
    if kind not in PROPERTIES:
        raise SheetError(raw.line, f"kind: '{kind}' is not one of {', '.join(PROPERTIES)}")
    record = Record(str(kind))
    allowed = RECORD_FIELDS | PROPERTIES[record.kind].keys() | ({"dataset"} if kind == "dataset" else set())
    _unknown_keys(raw, allowed, f"{kind} record")
    if kind == "dataset":
        names = _listed(raw.get("dataset", ""), raw.line, "dataset")
        if len(names) != 1:
            raise SheetError(raw.line, "a dataset record names exactly one dataset")
        record.node = str(_value("dataset", names[0], raw.line, reference, declared))
    if kind == "organisation":
        record.node = declared[name_key(str(raw.get("name", "")))]
    links: dict[str, list[str]] = {}
    for prop in PROPERTIES[record.kind]:
        if prop not in raw:
            continue
        values = _listed(raw[prop], raw.line, prop)
        if prop in RECORD_LINKS:
            links[prop] = values
        elif values:
            record.values[prop] = list(dict.fromkeys(_value(prop, v, raw.line, reference, declared)
                                                     for v in values))
    _evidence(record, raw.get("evidence"), raw.line, document)
    supported = set().union(*(claim.properties for claim in record.claims))
    unsupported = [p for p in list(record.values) + list(links) if p not in supported]
    if unsupported:
        raise SheetError(raw.line, f"{', '.join(unsupported)} stated without a quote "
                                   "(list it in the 'supports' of an evidence item)")
    return record, str(raw.get("id") or ""), links


def _declared_organisations(raw_records: list[object], reference: Reference) -> dict[str, str]:
    """Organisations the sheet introduces because the reference data does not know them, by normalised name."""
    declared: dict[str, str] = {}
    for raw in raw_records:
        if isinstance(raw, Mapping) and raw.get("kind") == "organisation":
            name = raw.get("name")
            if not isinstance(name, str) or not name.strip():
                raise SheetError(raw.line, "an organisation record needs the name as the document writes it")
            if reference.resolve(name, "org"):
                raise SheetError(raw.line, f"'{name}' is already a known organisation; use that name directly")
            declared[name_key(name)] = new_organisation_iri(name)
    return declared


def _link(records: list[tuple[Record, str, dict[str, list[str]]]], line_of: dict[int, int]) -> None:
    """Turn `agreement: <id>` and `applied_to: <id>` into links to the records with those ids."""
    by_id: dict[str, Record] = {}
    for record, record_id, _ in records:
        if record_id:
            if record_id in by_id:
                raise SheetError(line_of[id(record)], f"id '{record_id}' is used twice")
            by_id[record_id] = record
            record.key = ("id", record_id)
    for record, _, links in records:
        for prop, targets in links.items():
            for target in targets:
                linked = by_id.get(target)
                if linked is None:
                    raise SheetError(line_of[id(record)], f"{prop}: no record with id '{target}' in this sheet")
                if prop == "agreement" and linked.kind != "agreement":
                    raise SheetError(line_of[id(record)], f"agreement: '{target}' is a {linked.kind}, "
                                                          "not an agreement")
                record.values.setdefault(prop, []).append(RecordRef(linked.kind, linked.key))


def _document_path(path: Path, data: Mapping) -> Path:
    if not isinstance(data["document"], str) or not data["document"].strip():
        raise LoadError(path, "document: expected the path of the document the sheet describes")
    return path.parent / data["document"]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoadError(path, error.strerror or str(error)) from None


def read_sheet(path: Path, reference: Reference, read: Callable[[Path], Document] = read_document
               ) -> tuple[Document, list[Record]]:
    """A sheet's document and records; a LoadError naming the sheet for anything wrong in it. `read` gives the
    document's text (the caller knows every source type; a register's text is its rendering)."""
    data = _parse(path, decode_text(path, _read(path)))
    document_path = _document_path(path, data)
    if not document_path.is_file():
        raise LoadError(path, f"document not found: {document_path}")
    document = read(document_path)
    expected = data.get("sha256")
    if expected and expected != document.sha256:
        raise LoadError(path, f"{document_path.name} has changed since the sheet was reviewed (sha256 differs); "
                              "review the sheet against the new text and update its sha256")
    try:
        _unknown_keys(data, SHEET_KEYS, "sheet")
        if not isinstance(data["records"], list):
            raise SheetError(data.line, "records: expected a list")
        declared = _declared_organisations(data["records"], reference)
        parsed = [_record(raw, reference, document, data.line, declared) for raw in data["records"]]
        line_of = {id(record): raw.line for (record, _, _), raw in zip(parsed, data["records"])}
        _link(parsed, line_of)
    except SheetError as error:
        raise LoadError(path, str(error)) from None
    for record, record_id, _ in parsed:
        if not record_id and record.kind not in ("dataset", "organisation"):
            record.key = ("line", str(line_of[id(record)]))
    return document, finalise([record for record, _, _ in parsed], reference)
