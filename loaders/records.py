"""Records: what loaders produce before it becomes RDF. One record per share, agreement, exemption or denial.

Automatic extraction and curated fact sheets both produce these, so both go through the same RDF writer and an
analyst's sheet can stand in for the extractor's output field for field.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
        "kind": "fa:agreementKind", "party": "fa:party", "title": "dct:title", "version": "fa:version",
        "in_force_from": "fa:inForceFrom", "status": "fa:status", "status_since": "fa:statusSince",
        "purpose": "dpv:hasPurpose", "purpose_text": "fa:purposeText", "reference": "fa:reference",
    },
    "exemption": {
        "cited": "fa:exemptionCited", "provision": "fa:provisionText", "applied_to": "fa:appliedTo",
        "treatment": "fa:treatment",
    },
    "denial": {
        "denied": "fa:deniedKind", "party": "fa:party", "purpose": "dpv:hasPurpose",
    },
    "dataset": {"last_collected": "fa:lastCollected"},
}
INTEGER_PROPERTIES = {"requests", "subjects_requested", "subjects_matched", "subjects_returned"}
DATE_PROPERTIES = {"date", "in_force_from", "status_since", "last_collected"}
NODE_PROPERTIES = {"provider", "recipient", "requested_by", "dataset", "matched_on", "disclosed", "purpose",
                   "legal_basis", "party", "cited", "kind"}
RECORD_LINKS = {"agreement", "applied_to"}
SPEAKERS = ("authority", "requester", "analyst")


@dataclass(frozen=True)
class Period:
    """An interval of ISO 8601 dates, e.g. birth dates 1992 to 1995."""

    start: str
    end: str

    def __str__(self) -> str:
        return f"{self.start}/{self.end}"


@dataclass
class Claim:
    """An excerpt (offsets into the document text) and the properties of a record it states, and who states it."""

    start: int
    end: int
    speaker: str
    properties: set[str] = field(default_factory=set)


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

    def add(self, prop: str, value: object, start: int, end: int, speaker: str) -> None:
        """Record a value and the excerpt that states it; repeated values keep their first position."""
        if prop not in PROPERTIES[self.kind]:
            raise ValueError(f"{prop!r} is not a property of a {self.kind}")
        values = self.values.setdefault(prop, [])
        if value not in values:
            values.append(value)
        self.cite(start, end, speaker, {prop})

    def cite(self, start: int, end: int, speaker: str, properties: set[str] | None = None) -> None:
        """Point the record at an excerpt, merging with an existing claim on the same span and speaker."""
        for claim in self.claims:
            if (claim.start, claim.end, claim.speaker) == (start, end, speaker):
                claim.properties |= properties or set()
                return
        self.claims.append(Claim(start, end, speaker, set(properties or ())))

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
            self.cite(claim.start, claim.end, claim.speaker, claim.properties)


@dataclass
class Extraction:
    """Everything one document yields."""

    records: list[Record] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecordRef:
    """A link from one record to another (a share's agreement, an exemption's target), by kind and key."""

    kind: str
    key: tuple[str, ...]
