"""The store read as the atlas draws it: every share with its parties, datasets, data items, purposes, legal bases,
agreements, dates and volumes, the gaps in its record, and the quotes it rests on; the bodies and datasets it links,
with their kinds; the documents; and the denials. The network projections and the atlas page are computed from
this, never from edges stored in RDF.

Each property is read by one scan of the store and joined here: a pattern joined onto another in SPARQL is a lookup
per row in Oxigraph, and decoding an IRI costs microseconds, so every IRI is read once per statement and no more.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pyoxigraph import Store

from flowatlas.graph.completeness import INHERITED, MISSING, WITHHELD, Quote, field_statuses
from flowatlas.graph.render import curie
from flowatlas.graph.store import values

YEAR = re.compile(r"^(\d{4})")
# Kinds of node besides organisations (whose kind is their org:classification).
DATASET, AGREEMENT, NEW_ORGANISATION = "dataset", "agreement", "new organisation"


@dataclass(frozen=True)
class Node:
    """A body, dataset, data item, purpose, statute or agreement: its short label and its kind."""

    iri: str
    label: str
    kind: str


@dataclass(frozen=True)
class Document:
    iri: str
    name: str  # the file it was read from
    title: str
    url: str


@dataclass
class Share:
    """One share record, its values as IRIs or literal text, and what its record lacks."""

    iri: str
    label: str
    providers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # ISO 8601: 2018-04, or a period 2017-01/2017-06, 2012-04/..
    requests: list[int] = field(default_factory=list)
    requested: list[int] = field(default_factory=list)
    matched: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # excerpt IRIs
    gaps: dict[str, str] = field(default_factory=dict)  # field name -> "missing", "withheld under ...", "inherited ..."

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year the share's dates and periods touch (an open period ends with its start)."""
        found = [int(match.group(1)) for date in self.dates for part in date.split("/")
                 if (match := YEAR.match(part))]
        return (min(found), max(found)) if found else None

    @property
    def volume(self) -> int:
        """Individuals whose data was returned: the largest figure any source gives (sources may disagree)."""
        return max(self.returned, default=0)


@dataclass(frozen=True)
class Denial:
    """An authority's statement that something does not exist or is not shared, between some parties."""

    iri: str
    denied: str
    parties: list[str]
    quotes: list[str]


@dataclass
class Atlas:
    shares: list[Share]
    nodes: dict[str, Node]
    documents: dict[str, Document]
    quotes: dict[str, Quote]  # by excerpt IRI: <document>#char=start,end
    denials: list[Denial]
    units: dict[str, list[str]] = field(default_factory=dict)  # a body -> its units and members (org:subOrganizationOf)

    def with_units(self, bodies: Iterable[str]) -> set[str]:
        """The bodies and, transitively, their units and members (the police and each force)."""
        found, todo = set(), list(bodies)
        while todo:
            body = todo.pop()
            if body not in found:
                found.add(body)
                todo.extend(self.units.get(body, ()))
        return found

    def label(self, iri: str) -> str:
        node = self.nodes.get(iri)
        return node.label if node else curie(iri)

    def filtered(self, recipients: Iterable[str] = (), purposes: Iterable[str] = (), since: int | None = None,
                 until: int | None = None) -> "Atlas":
        """The shares to any of the recipients (or their units), for any of the purposes, touching the years
        since..until (inclusive); a share with no date is kept only when no year is asked for."""
        wanted_recipients, wanted_purposes = self.with_units(recipients), set(purposes)

        def kept(share: Share) -> bool:
            if wanted_recipients and not wanted_recipients & set(share.recipients):
                return False
            if wanted_purposes and not wanted_purposes & set(share.purposes):
                return False
            if since is None and until is None:
                return True
            years = share.years
            return years is not None and (since is None or years[1] >= since) and (until is None or years[0] <= until)
        return replace(self, shares=[share for share in self.shares if kept(share)])


class _Reader:
    def __init__(self, store: Store) -> None:
        self.store = store

    def rows(self, query: str) -> list[list[str | None]]:
        return values(self.store, query)

    def pairs(self, predicate: str) -> dict[str, list[str]]:
        """Each subject's values of one property, each once, in the order read."""
        found: dict[str, list[str]] = defaultdict(list)
        for subject, value in self.rows(f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
            found[subject].append(value)
        return found


def read_atlas(store: Store) -> Atlas:
    """Everything the atlas shows, read from a store."""
    reader = _Reader(store)
    labels = dict(reader.rows("SELECT ?n ?l WHERE { ?n rdfs:label ?l }"))
    short = dict(reader.rows("SELECT ?n ?l WHERE { ?n skos:prefLabel ?l }"))
    shares = {iri: Share(iri, labels.get(iri, curie(iri)))
              for (iri,) in reader.rows("SELECT DISTINCT ?s WHERE { ?s a fa:Share }")}
    _fill_values(reader, shares)
    bodies: dict[str, list[str]] = defaultdict(list)  # a record -> the excerpts its claims rest on
    for record, excerpt in reader.rows("""
            SELECT DISTINCT ?r ?e WHERE { { SELECT ?c ?r WHERE { ?c oa:hasBody ?r } }
                                          { SELECT ?c ?e WHERE { ?c oa:hasTarget ?e } } }"""):
        bodies[record].append(excerpt)
    for iri, share in shares.items():
        share.quotes = sorted(set(bodies.get(iri, ())))
        share.dates.sort()
    for iri, record in field_statuses(store).items():
        if iri in shares:
            shares[iri].gaps = {name: _gap(status.status, status.detail) for name, status in record.fields.items()
                                if status.status in (MISSING, WITHHELD, INHERITED)}
    denials = _denials(reader, bodies)
    quoted = {excerpt for share in shares.values() for excerpt in share.quotes} | \
             {excerpt for denial in denials for excerpt in denial.quotes}
    quotes = {excerpt: Quote(words, excerpt) for excerpt, words in reader.rows("""
        SELECT ?e ?w WHERE { { SELECT ?e ?q WHERE { ?e oa:hasSelector ?q } } { SELECT ?q ?w WHERE { ?q oa:exact ?w } } }""")
        if excerpt in quoted}
    units: dict[str, list[str]] = defaultdict(list)
    for unit, body in reader.rows("SELECT DISTINCT ?u ?b WHERE { ?u org:subOrganizationOf ?b }"):
        units[body].append(unit)
    return Atlas(sorted(shares.values(), key=lambda s: (s.years or (0, 0), s.label)),
                 _nodes(reader, labels, short), _documents(reader, labels), quotes, denials, dict(units))


def _fill_values(reader: _Reader, shares: dict[str, Share]) -> None:
    """Each share's parties, datasets, data items, purposes, legal bases, agreements, references, counts, dates and
    periods, and the documents that state it."""
    lists = {"providers": "fa:provider", "recipients": "dpv:hasRecipient", "datasets": "fa:usesDataset",
             "items": "fa:matchedOn|fa:disclosedItem", "purposes": "dpv:hasPurpose",
             "legal_bases": "dpv:hasLegalBasis", "agreements": "fa:governedBy", "references": "fa:reference"}
    counts = {"requests": "fa:requestCount", "requested": "fa:subjectsRequested", "matched": "fa:subjectsMatched",
              "returned": "fa:subjectsReturned"}
    for attribute, predicate in lists.items():
        for iri, values in reader.pairs(predicate).items():
            if iri in shares:
                getattr(shares[iri], attribute).extend(values)
    for attribute, predicate in counts.items():
        for iri, values in reader.pairs(predicate).items():
            if iri in shares:
                getattr(shares[iri], attribute).extend(sorted(int(value) for value in values))
    for iri, values in reader.pairs("dct:date").items():
        if iri in shares:
            shares[iri].dates.extend(values)
    for iri, start, end in _periods(reader):
        if iri in shares:
            shares[iri].dates.append(f"{start}/{end or '..'}")
    for iri, document in reader.rows("SELECT DISTINCT ?s ?d WHERE { GRAPH ?d { ?s a fa:Share } }"):
        shares[iri].documents.append(document)


def _documents(reader: _Reader, labels: dict[str, str]) -> dict[str, Document]:
    return {iri: Document(iri, labels.get(iri, curie(iri)), title or "", url or "")
            for iri, title, url in reader.rows("""
                SELECT ?d (SAMPLE(?t) AS ?title) (SAMPLE(?u) AS ?url) WHERE {
                  ?d a fa:Document OPTIONAL { ?d dct:title ?t } OPTIONAL { ?d dct:source ?u } } GROUP BY ?d""")}


def _periods(reader: _Reader) -> list[tuple[str, ...]]:
    """(share, start, end or "") of every period a record is dated by."""
    starts = dict(reader.rows("SELECT DISTINCT ?p ?v WHERE { ?p dcat:startDate ?v }"))
    ends = dict(reader.rows("SELECT DISTINCT ?p ?v WHERE { ?p dcat:endDate ?v }"))
    return [(iri, starts[period], ends.get(period, ""))
            for iri, period in reader.rows("SELECT DISTINCT ?s ?p WHERE { ?s dct:temporal ?p }") if period in starts]


def _gap(status: str, detail: str) -> str:
    """How a gap reads: "missing", "withheld under FOIA s31 (31(1))", "inherited from the agreement"."""
    if status == WITHHELD:
        return detail
    return f"{status} {detail}".strip()


def _denials(reader: _Reader, bodies: dict[str, list[str]]) -> list[Denial]:
    parties = reader.pairs("fa:party")
    return [Denial(iri, denied, parties.get(iri, []), sorted(set(bodies.get(iri, ()))))
            for iri, denied in reader.rows("SELECT DISTINCT ?d ?k WHERE { ?d a fa:Denial ; fa:deniedKind ?k }")]


def _nodes(reader: _Reader, labels: dict[str, str], short: dict[str, str]) -> dict[str, Node]:
    """Every labelled node with its kind: a body's org:classification, or dataset, agreement, new organisation."""
    kinds: dict[str, str] = {}
    kind_labels = dict(reader.rows("SELECT ?k ?l WHERE { ?k a fa:OrganisationKind ; skos:prefLabel ?l }"))
    for iri, kind in reader.rows("SELECT DISTINCT ?n ?k WHERE { ?n org:classification ?k }"):
        kinds[iri] = kind_labels.get(kind, curie(kind))
    for (iri,) in reader.rows("SELECT DISTINCT ?n WHERE { ?n a fa:NewOrganisation }"):
        kinds.setdefault(iri, NEW_ORGANISATION)
    for (iri,) in reader.rows("SELECT DISTINCT ?n WHERE { { ?n a dcat:Dataset } UNION { [] fa:usesDataset ?n } }"):
        kinds.setdefault(iri, DATASET)
    for (iri,) in reader.rows("SELECT DISTINCT ?n WHERE { ?n a fa:Agreement }"):
        kinds[iri] = AGREEMENT
    named = {**labels, **short}
    return {iri: Node(iri, named.get(iri, curie(iri)), kinds.get(iri, "")) for iri in {*named, *kinds}}
