"""Records: what loaders produce before it becomes RDF. One record per share, agreement, exemption or denial.

Automatic extraction and curated fact sheets both produce these, so both go through the same RDF writer and an
analyst's sheet can stand in for the extractor's output field for field.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flowatlas.graph.namespaces import FA, new_organisation_iri
from flowatlas.graph.reference import Reference

# The properties a record of each kind may hold, with the RDF term each maps to (see ontology/flowatlas.ttl).
PROPERTIES: dict[str, dict[str, str]] = {
    "share": {
        "provider": "fa:provider", "recipient": "dpv:hasRecipient", "requested_by": "fa:requestedBy",
        "dataset": "fa:usesDataset", "matched_on": "fa:matchedOn", "disclosed": "fa:disclosedItem",
        "purpose": "dpv:hasPurpose", "purpose_text": "fa:purposeText", "legal_basis": "dpv:hasLegalBasis",
        "requests": "fa:requestCount", "subjects_requested": "fa:subjectsRequested",
        "subjects_matched": "fa:subjectsMatched", "subjects_returned": "fa:subjectsReturned",
        "reference": "fa:reference", "date": "dct:date", "birth_period": "fa:subjectBirthPeriod",
        "agreement": "fa:governedBy", "outcome": "fa:outcome",
    },
    "agreement": {
        "type": "fa:agreementKind", "party": "fa:party", "title": "dct:title", "version": "fa:version",
        "in_force_from": "fa:inForceFrom", "status": "fa:status", "status_since": "fa:statusSince",
        "purpose": "dpv:hasPurpose", "purpose_text": "fa:purposeText", "legal_basis": "dpv:hasLegalBasis",
        "reference": "fa:reference",
    },
    "exemption": {
        "cited": "fa:exemptionCited", "provision": "fa:provisionText", "applied_to": "fa:appliedTo",
        "treatment": "fa:treatment",
    },
    "denial": {
        "denied": "fa:deniedKind", "party": "fa:party", "purpose": "dpv:hasPurpose", "item": "dpv:hasPersonalData",
    },
    "dataset": {"last_collected": "fa:lastCollected"},
    "organisation": {"name": "skos:prefLabel", "part_of": "org:subOrganizationOf"},
}
INTEGER_PROPERTIES = {"requests", "subjects_requested", "subjects_matched", "subjects_returned"}
DATE_PROPERTIES = {"date", "in_force_from", "status_since", "last_collected"}
# Properties whose values are reference nodes, and the gazetteer kind (graph/reference.py) a name resolves in.
NODE_KINDS = {
    "provider": "org", "recipient": "org", "requested_by": "org", "party": "org", "dataset": "dataset",
    "matched_on": "item", "disclosed": "item", "purpose": "purpose", "legal_basis": "statute", "cited": "statute",
    "type": "agreement_kind", "item": "item", "part_of": "org",
}
NODE_PROPERTIES = set(NODE_KINDS)
PERIOD_PROPERTIES = {"birth_period"}
# A date property may also hold a period ("January to June 2017"); it is then written with this term instead.
PERIOD_TERMS = {"date": "dct:temporal"}
RECORD_LINKS = {"agreement", "applied_to"}
SPEAKERS = ("authority", "requester", "analyst")
MOU = FA + "MemorandumOfUnderstanding"
DSA = FA + "DataSharingAgreement"
REQUEST_FORM = FA + "RequestForm"


@dataclass(frozen=True)
class Period:
    """An interval of ISO 8601 dates, e.g. birth dates 1992 to 1995; an empty end is open ("since April 2012")."""

    start: str
    end: str

    def __str__(self) -> str:
        return f"{self.start}/{self.end or '..'}"


@dataclass
class Claim:
    """An excerpt (offsets into the document text) and the properties of a record it states, and who states it."""

    start: int
    end: int
    speaker: str
    properties: set[str] = field(default_factory=set)
    inferred: bool = False  # the excerpt supports the properties only through a rule's inference


@dataclass
class Record:
    """One share, agreement, exemption, denial or dataset note, with its evidence.

    `key` is the natural key the record's IRI is minted from; records with equal kind and key are the same
    real-world thing, whichever document describes them.
    """

    kind: str
    key: tuple[str, ...] = ()
    values: dict[str, list[object]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    node: str = ""  # set for records about a reference node (a dataset note)
    # The claims by span and speaker: a long document cites one record thousands of times. Claims are added only
    # through cite(), which keeps this in step.
    _spans: dict[tuple[int, int, str], Claim] = field(default_factory=dict, init=False, repr=False, compare=False)

    def add(self, prop: str, value: object, start: int, end: int, speaker: str) -> None:
        """Record a value and the excerpt that states it; repeated values keep their first position."""
        if prop not in PROPERTIES[self.kind]:
            raise ValueError(f"{prop!r} is not a property of a {self.kind}")
        values = self.values.setdefault(prop, [])
        if value not in values:
            values.append(value)
        self.cite(start, end, speaker, {prop})

    def cite(self, start: int, end: int, speaker: str, properties: set[str] | None = None,
             inferred: bool = False) -> None:
        """Point the record at an excerpt, merging with an existing claim on the same span and speaker (where
        a direct statement outweighs an inference)."""
        claim = self._spans.get((start, end, speaker))
        if claim is not None:
            claim.properties |= properties or set()
            claim.inferred = claim.inferred and inferred
            return
        claim = Claim(start, end, speaker, set(properties or ()), inferred)
        self.claims.append(claim)
        self._spans[(start, end, speaker)] = claim

    def drop(self, prop: str) -> None:
        """Forget a property's values, and that any excerpt stated it."""
        self.values.pop(prop, None)
        for claim in self.claims:
            claim.properties.discard(prop)

    def counts(self) -> list[str]:
        """The count properties the record has a value for, in a fixed order."""
        return [prop for prop in sorted(INTEGER_PROPERTIES) if prop in self.values]

    def first(self, prop: str) -> object | None:
        values = self.values.get(prop)
        return values[0] if values else None

    def absorb(self, other: "Record") -> None:
        """Take another description of the same thing into this one."""
        for prop, values in other.values.items():
            for value in values:
                if value not in self.values.setdefault(prop, []):
                    self.values[prop].append(value)
        for claim in other.claims:
            self.cite(claim.start, claim.end, claim.speaker, claim.properties, claim.inferred)


@dataclass
class Extraction:
    """Everything one document yields."""

    records: list[Record] = field(default_factory=list)

    @property
    def new_organisations(self) -> list[str]:
        """Organisations the reference data does not know, as the document names them: reported, never dropped."""
        return [str(r.first("name")) for r in self.records if r.kind == "organisation"]


@dataclass(frozen=True)
class RecordRef:
    """A link from one record to another (a share's agreement, an exemption's target), by kind and key."""

    kind: str
    key: tuple[str, ...]


def new_organisation(name: str, reference: Reference, start: int, end: int, speaker: str) -> Record:
    """A body the reference data does not know, recorded with its name as the document writes it, and placed in
    the grouping its name says it belongs to ("Kent Police" among the police forces)."""
    record = Record("organisation", node=new_organisation_iri(name))
    record.add("name", name, start, end, speaker)
    for ending, grouping in reference.member_endings.items():
        if name.endswith(f" {ending}"):
            record.add("part_of", grouping, start, end, speaker)
    return record


def link_by_parties(records: list[Record], governs: Callable[[Record, Record], bool]) -> None:
    """Link each share to the agreements the same document names between exactly its parties, where `governs`
    allows it; the agreement's first excerpt is cited as a rule's inference. Run once keys are final."""
    agreements = [r for r in records if r.kind == "agreement"]
    for share in (r for r in records if r.kind == "share"):
        parties = set(share.values.get("provider", [])) | set(share.values.get("recipient", []))
        for agreement in agreements:
            if set(agreement.values.get("party", [])) != parties or not governs(share, agreement):
                continue
            link = RecordRef("agreement", agreement.key)
            if link not in share.values.setdefault("agreement", []):
                share.values["agreement"].append(link)
                for claim in agreement.claims[:1]:
                    share.cite(claim.start, claim.end, claim.speaker, {"agreement"}, inferred=True)


def _labels(record: Record, prop: str, reference: Reference) -> list[str]:
    return sorted(reference.label(str(value)) for value in record.values.get(prop, []))


def _first_count(record: Record) -> str:
    return str(next((record.first(p) for p in ("subjects_requested", "subjects_returned", "subjects_matched")
                     if record.first(p) is not None), ""))


def natural_key(record: Record, reference: Reference) -> tuple[str, ...]:
    """The key a record's IRI is minted from, computed from its values alone, so that the extractor and a curated
    sheet describing the same thing name the same node, and two documents describing one share meet on it.

    Shares: by DfE/DSAP reference, else provider, recipient, date and first count. Agreements: by reference, else
    kind, title and parties. Exemptions: section, treatment and what they were applied to. Denials: parties and
    purposes. Dataset notes: the dataset.
    """
    references = sorted(str(r) for r in record.values.get("reference", []))
    if record.kind == "share":
        if references:
            return ("ref", *references)
        return ("event", reference.label(str(record.first("provider"))),
                reference.label(str(record.first("recipient"))), str(record.first("date") or ""), _first_count(record))
    if record.kind == "agreement":
        if references:
            return ("ref", *references)
        kind = reference.label(str(record.first("type") or "agreement"))
        return (kind, str(record.first("title") or ""), *_labels(record, "party", reference))
    if record.kind == "exemption":
        targets = sorted("/".join(link.key) for link in record.values.get("applied_to", []))
        return (*_labels(record, "cited", reference), str(record.first("treatment") or ""), *targets)
    if record.kind == "organisation":
        return ("organisation", record.node)
    if record.kind == "denial":
        return ("denial", *_labels(record, "party", reference), *_labels(record, "purpose", reference),
                *_labels(record, "item", reference))
    return ("dataset", record.node)


def merge(records: list[Record]) -> list[Record]:
    """One record per (kind, key): later descriptions of the same thing are absorbed into the first."""
    merged: dict[tuple[str, tuple[str, ...]], Record] = {}
    for record in records:
        existing = merged.get((record.kind, record.key))
        if existing is None:
            merged[(record.kind, record.key)] = record
        else:
            existing.absorb(record)
    return list(merged.values())


def finalise(records: list[Record], reference: Reference) -> list[Record]:
    """Give every record its natural key, repoint links at the new keys, and merge records that meet.

    Shares and agreements are keyed first, because an exemption's key includes the keys of what it applies to.
    """
    renamed: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}
    for record in records:
        if record.kind in ("share", "agreement"):
            final = natural_key(record, reference)
            renamed[(record.kind, record.key)] = final
            record.key = final
    for record in records:
        for prop in RECORD_LINKS & record.values.keys():
            links = [RecordRef(link.kind, renamed.get((link.kind, link.key), link.key))
                     for link in record.values[prop]]
            record.values[prop] = list(dict.fromkeys(links))
    for record in records:
        if record.kind not in ("share", "agreement"):
            record.key = natural_key(record, reference)
    return merge(records)
