"""Records to RDF quads in the document's own named graph, with an excerpt and a claim for every statement.

IRIs of shares and agreements come from their natural keys, so two documents describing the same share write
about the same node, each in its own graph. Exemptions and denials are statements of one answer and are named
under their document.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode, Quad

from flowatlas.graph.namespaces import DCAT, DCT, FA, ID, OA, PROV, RDF, RDFS, XSD, expand, slug
from flowatlas.graph.reference import Reference
from flowatlas.loaders.document import Document
from flowatlas.loaders.records import (
    DATE_PROPERTIES, INTEGER_PROPERTIES, NODE_PROPERTIES, PERIOD_TERMS, PROPERTIES, RECORD_LINKS, Period, Record,
    RecordRef,
)

CLASSES = {"share": "fa:Share", "agreement": "fa:Agreement", "exemption": "fa:Exemption", "denial": "fa:Denial",
           "organisation": "fa:NewOrganisation"}


def record_iri(kind: str, key: tuple[str, ...], document: Document) -> str:
    if kind in ("share", "agreement"):
        return f"{ID}{kind}/{slug(key)}"
    return f"{document.iri}/{kind}/{slug(key)}"


def date_literal(value: str) -> Literal:
    """ISO 8601 date of any precision as the matching XSD type."""
    datatype = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value))
    if datatype is None:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return Literal(value, datatype=NamedNode(XSD + datatype))


def _label(record: Record, reference: Reference, new_names: Mapping[str, str]) -> str:
    """A record's readable name; organisations the reference data does not know by their name as written."""
    def name(node: object) -> str:
        return new_names.get(str(node)) or reference.label(str(node))
    if record.kind == "share":
        refs = ", ".join(str(r) for r in record.values.get("reference", []))
        parties = f"{name(record.first('provider'))} → {name(record.first('recipient'))}"
        return f"{parties} {refs or record.first('date') or ''}".strip()
    if record.kind == "organisation":
        return str(record.first("name"))
    if record.kind == "agreement":
        if record.first("title"):
            return str(record.first("title"))
        kind = reference.label(expand(str(record.first("type") or "fa:Agreement")))
        # in alphabetical order: documents name the same agreement's parties in either order, and its node (named by
        # its kind and parties) must get one label
        return f"{kind} between " + " and ".join(sorted(name(p) for p in record.values.get("party", [])))
    return " ".join(record.key)


def _object(prop: str, value: object, record: Record, document: Document) -> NamedNode | Literal:
    if prop in RECORD_LINKS:
        assert isinstance(value, RecordRef)
        return NamedNode(record_iri(value.kind, value.key, document))
    if prop in NODE_PROPERTIES:
        return NamedNode(expand(str(value)))
    if prop in INTEGER_PROPERTIES:
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))  # type: ignore[arg-type]
    if isinstance(value, Period):
        return NamedNode(f"{ID}period/{value.start}/{value.end or 'open'}")
    if prop in DATE_PROPERTIES:
        return date_literal(str(value))
    return Literal(str(value))


def _term(kind: str, prop: str, value: object) -> str:
    """The RDF property a value is stated with: a period in a date property has its own (dct:temporal)."""
    return PERIOD_TERMS.get(prop, PROPERTIES[kind][prop]) if isinstance(value, Period) else PROPERTIES[kind][prop]


def record_quads(record: Record, document: Document, reference: Reference,
                 new_names: Mapping[str, str] | None = None) -> list[Quad]:
    """The record's own triples, its excerpts and claims, all in the document's graph."""
    graph = NamedNode(document.iri)
    subject = NamedNode(record.node or record_iri(record.kind, record.key, document))
    quads: list[Quad] = []

    def add(s: NamedNode, p: str, o: NamedNode | Literal) -> None:
        quads.append(Quad(s, NamedNode(expand(p)), o, graph))

    if record.kind in CLASSES:
        add(subject, RDF + "type", NamedNode(expand(CLASSES[record.kind])))
        add(subject, RDFS + "label", Literal(_label(record, reference, new_names or {})))
    for prop, values in record.values.items():
        for value in values:
            obj = _object(prop, value, record, document)
            add(subject, _term(record.kind, prop, value), obj)
            if isinstance(value, Period):
                add(obj, RDF + "type", NamedNode(DCT + "PeriodOfTime"))  # type: ignore[arg-type]
                add(obj, DCAT + "startDate", date_literal(value.start))  # type: ignore[arg-type]
                if value.end:
                    add(obj, DCAT + "endDate", date_literal(value.end))  # type: ignore[arg-type]
    for claim in record.claims:
        excerpt = NamedNode(f"{document.iri}#char={claim.start},{claim.end}")
        token = hashlib.sha256(f"{subject.value} {claim.start} {claim.end} {claim.speaker}".encode()).hexdigest()
        annotation = NamedNode(f"{document.iri}/claim/{token[:20]}")
        add(subject, PROV + "wasDerivedFrom", excerpt)
        add(annotation, RDF + "type", NamedNode(FA + "Claim"))
        add(annotation, OA + "hasBody", subject)
        add(annotation, OA + "hasTarget", excerpt)
        add(annotation, OA + "motivatedBy", NamedNode(OA + "describing"))
        add(annotation, FA + "statedBy", NamedNode(FA + claim.speaker))
        for prop in sorted(claim.properties):
            for term in sorted({_term(record.kind, prop, value) for value in record.values.get(prop, [None])}):
                add(annotation, FA + "supports", NamedNode(expand(term)))
        quads += excerpt_quads(document, claim.start, claim.end)
    return quads


def excerpt_quads(document: Document, start: int, end: int) -> list[Quad]:
    """An excerpt node: the exact quote, its position, and an RFC 5147 IRI into the document."""
    graph = NamedNode(document.iri)
    excerpt = NamedNode(f"{document.iri}#char={start},{end}")
    position = NamedNode(f"{document.iri}/selector/{start}-{end}/position")
    quote = NamedNode(f"{document.iri}/selector/{start}-{end}/quote")
    integer = NamedNode(XSD + "nonNegativeInteger")
    triples = [
        (excerpt, RDF + "type", NamedNode(FA + "Excerpt")),
        (excerpt, RDF + "type", NamedNode(OA + "SpecificResource")),
        (excerpt, OA + "hasSource", NamedNode(document.iri)),
        (excerpt, OA + "hasSelector", position),
        (excerpt, OA + "hasSelector", quote),
        (position, RDF + "type", NamedNode(OA + "TextPositionSelector")),
        (position, OA + "start", Literal(str(start), datatype=integer)),
        (position, OA + "end", Literal(str(end), datatype=integer)),
        (quote, RDF + "type", NamedNode(OA + "TextQuoteSelector")),
        (quote, OA + "exact", Literal(document.text[start:end])),
    ]
    return [Quad(s, NamedNode(p), o, graph) for s, p, o in triples]


def document_quads(document: Document, records: list[Record], reference: Reference, method: str) -> list[Quad]:
    """All quads of one document's graph: the document node, how its facts were recorded (`method`:
    "automaticExtraction" or "curatedSheet"), and every record."""
    graph = NamedNode(document.iri)
    node = NamedNode(document.iri)
    quads = [
        Quad(node, NamedNode(RDF + "type"), NamedNode(FA + "Document"), graph),
        Quad(node, NamedNode(FA + "recordedBy"), NamedNode(FA + method), graph),
        Quad(node, NamedNode(FA + "sha256"), Literal(document.sha256), graph),
        Quad(node, NamedNode(FA + "text"), Literal(document.text), graph),
        Quad(node, NamedNode(RDFS + "label"), Literal(document.path.name), graph),
    ]
    if document.title:
        quads.append(Quad(node, NamedNode(DCT + "title"), Literal(document.title), graph))
    if document.url:
        quads.append(Quad(node, NamedNode(DCT + "source"), NamedNode(document.url), graph))
    if document.kind:
        quads.append(Quad(node, NamedNode(DCT + "type"), Literal(document.kind), graph))
    new_names = {record.node: str(record.first("name")) for record in records if record.kind == "organisation"}
    for record in records:
        quads += record_quads(record, document, reference, new_names)
    return list(dict.fromkeys(quads))
