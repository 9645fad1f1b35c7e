"""Drafts of curated fact sheets: the extractor's records written in the sheet format (see loaders/sheet.py) for an
analyst to confirm, correct or delete. Loading an unedited draft gives the same records as extracting the text."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from flowatlas.graph.namespaces import slug
from flowatlas.graph.reference import Reference
from flowatlas.loaders.document import Document
from flowatlas.loaders.records import NODE_KINDS, PROPERTIES, Claim, Record, RecordRef

HEADER = """\
# flowatlas fact sheet for {name}
# A draft from the automatic extractor: confirm, correct or delete each record, then `flowatlas build` this file
# to replace the automatic facts for the document. Every property must be listed in the `supports` of an
# evidence item whose quote occurs in the document. Format: see loaders/sheet.py.
# confidence: high = the document's authority states it in the quoted sentence; medium = a rule inferred it
# (e.g. a standing process linked to the agreement between the same parties); low = only the requester says it.
"""


class Flow(list):  # type: ignore[type-arg]
    """A list written on one line: `supports: [provider, recipient]`."""


class SheetDumper(yaml.SafeDumper):
    """YAML for people: no aliases, short lists inline."""

    def ignore_aliases(self, data: object) -> bool:
        return True


SheetDumper.add_representer(
    Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def _name(node: str, kind: str, reference: Reference) -> str:
    """The node's short label when it reads back as the same node, else its IRI."""
    label = reference.label(node)
    return label if reference.resolve(label, kind) == {node} else node


def _written(prop: str, value: object, ids: dict[tuple[str, tuple[str, ...]], str], reference: Reference,
             new_names: dict[str, str]) -> object:
    if isinstance(value, RecordRef):
        return ids[(value.kind, value.key)]
    if prop in NODE_KINDS:
        return new_names.get(str(value)) or _name(str(value), NODE_KINDS[prop], reference)
    return value if isinstance(value, int) else str(value)  # a Period reads back from "start/end"


def confidence(claim: Claim) -> str:
    """How far a reviewer can trust an extracted statement, by where it comes from (see HEADER)."""
    if claim.speaker == "requester":
        return "low"
    return "medium" if claim.inferred else "high"


def _ids(records: list[Record]) -> dict[tuple[str, tuple[str, ...]], str]:
    """A readable, unique handle per record, from its kind and key."""
    ids: dict[tuple[str, tuple[str, ...]], str] = {}
    for record in records:
        base = f"{record.kind}-{slug(record.key)}"
        handle, number = base, 2
        while handle in ids.values():
            handle, number = f"{base}-{number}", number + 1
        ids[(record.kind, record.key)] = handle
    return ids


def _entry(record: Record, ids: dict[tuple[str, tuple[str, ...]], str], document: Document,
           reference: Reference, new_names: dict[str, str]) -> dict[str, object]:
    entry: dict[str, object] = {"kind": record.kind, "id": ids[(record.kind, record.key)]}
    if record.kind == "dataset":
        entry["dataset"] = _name(record.node, "dataset", reference)
    for prop in PROPERTIES[record.kind]:
        values = [_written(prop, value, ids, reference, new_names) for value in record.values.get(prop, [])]
        if values:
            entry[prop] = values[0] if len(values) == 1 else values
    entry["evidence"] = [
        {"quote": " ".join(document.text[claim.start:claim.end].split()), "at": claim.start,
         "stated_by": claim.speaker, "supports": Flow(p for p in PROPERTIES[record.kind] if p in claim.properties),
         "confidence": confidence(claim)}
        for claim in record.claims
    ]
    return entry


def draft_sheet(document: Document, records: list[Record], reference: Reference, sheet_folder: Path) -> str:
    """The sheet text; the document path is written relative to the folder the sheet will be saved in."""
    ids = _ids(records)
    new_names = {record.node: str(record.first("name")) for record in records if record.kind == "organisation"}
    body = {
        "document": Path(os.path.relpath(document.path.resolve(), sheet_folder.resolve())).as_posix(),
        "sha256": document.sha256,
        "records": [_entry(record, ids, document, reference, new_names) for record in records],
    }
    text = yaml.dump(body, Dumper=SheetDumper, sort_keys=False, allow_unicode=True, width=116)
    return HEADER.format(name=document.path.name) + text
