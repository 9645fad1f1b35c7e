"""Synthetic stores shaped like real ones, for benchmarks at sizes the corpus cannot reach.

Records are made as the extractor makes them (`Record`, `Claim`) and written by the project's own RDF writer
(`document_quads`), so every share has the real shape: several datasets, data items and purposes, a legal basis,
counts, a date or period, an agreement, and claims quoting sentences of a document, with excerpts and selectors.
About a third of the shares are described by two documents (as the DWP April 2018 share is), so the union of
graphs holds the duplicates real stores hold. As in real documents, some facts are not stated: one share in ten has
no legal basis, one in ten no date, and now and then a document gives a corrected count that contradicts another
document. Values are drawn from the reference data, with a fixed seed.

    python bench/synthetic.py 10000 /tmp/atlas-1e4     # build a store of 1e4 shares
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, Store

from flowatlas.graph.reference import Reference, load_reference, ontology_quads
from flowatlas.graph.store import DATABASE
from flowatlas.loaders.document import Document
from flowatlas.loaders.records import Period, Record, RecordRef, finalise
from flowatlas.loaders.triples import document_quads

SHARES_PER_DOCUMENT = 8
SECOND_SOURCE = 0.33  # the share of shares a second document also describes
CORRECTED = 0.03  # the share of descriptions that give a count differently (a correction, a typo)
MAKER_VERSION = "3"  # bump when the shape changes, so cached stores are rebuilt


@dataclass(frozen=True)
class Pools:
    """Reference nodes to draw values from, by kind."""

    orgs: list[str]
    datasets: list[str]
    items: list[str]
    purposes: list[str]
    statutes: list[str]

    @classmethod
    def of(cls, reference: Reference) -> "Pools":
        def nodes(kind: str) -> list[str]:
            return sorted({alias.iri for alias in reference.aliases if alias.kind == kind})
        return cls(nodes("org"), nodes("dataset"), nodes("item"), nodes("purpose"), nodes("statute"))


def _sentence(text: list[str], words: str) -> tuple[int, int]:
    """Append a sentence to a document being written; its span, for a claim."""
    start = sum(len(part) for part in text)
    text.append(words + " ")
    return start, start + len(words)


def _share(number: int, pools: Pools) -> dict[str, list[object]]:
    """The values of synthetic share `number`: the same whichever document describes it (seeded by it)."""
    rng = random.Random(number)
    provider, recipient = rng.sample(pools.orgs, 2)
    year, month = 2010 + number % 14, 1 + number % 12
    requested = rng.randint(1, 5000)
    matched = rng.randint(0, requested)
    values: dict[str, list[object]] = {
        "provider": [provider], "recipient": [recipient],
        "dataset": rng.sample(pools.datasets, rng.randint(1, 3)),
        "matched_on": rng.sample(pools.items, 2), "disclosed": rng.sample(pools.items, rng.randint(1, 3)),
        "purpose": rng.sample(pools.purposes, rng.randint(1, 2)),
        "legal_basis": [rng.choice(pools.statutes)] if number % 10 != 3 else [],
        "requests": [rng.randint(1, 40)], "subjects_requested": [requested], "subjects_matched": [matched],
        "subjects_returned": [rng.randint(0, matched)],
        "reference": [f"{year}-{number:07d}"],
    }
    if number % 10 == 7:
        values["date"] = []
    elif number % 5 == 0:
        values["date"] = [Period(f"{year}-{month:02d}", f"{year}-{min(month + 2, 12):02d}")]
    else:
        values["date"] = [f"{year}-{month:02d}"]
    return values


def _document(number: int, shares: list[int], pools: Pools, reference: Reference) -> tuple[Document, list[Record]]:
    """One synthetic document describing the given shares, with an agreement between its first share's parties
    and, now and then, an exemption applied to a share."""
    rng = random.Random(-number)
    text: list[str] = []
    records: list[Record] = []
    first_parties: tuple[str, str] | None = None
    for share_number in shares:
        values = _share(share_number, pools)
        if rng.random() < CORRECTED:
            values["subjects_returned"] = [int(values["subjects_returned"][0]) + 1]  # type: ignore[call-overload]
        record = Record("share", key=("synthetic", str(share_number)))
        provider, recipient = values["provider"][0], values["recipient"][0]
        first_parties = first_parties or (str(provider), str(recipient))
        span = _sentence(text, f"Request {values['reference'][0]}: {reference.label(str(provider))} matched "
                               f"{values['subjects_matched'][0]} of {values['subjects_requested'][0]} individuals "
                               f"for {reference.label(str(recipient))} and returned {values['subjects_returned'][0]}"
                               + "".join(f" in {date}" for date in values["date"]) + ".")
        for prop in ("provider", "recipient", "reference", "requests", "subjects_requested", "subjects_matched",
                     "subjects_returned", "date"):
            for value in values[prop]:
                record.add(prop, value, *span, "authority")
        span = _sentence(text, "The search used " + ", ".join(reference.label(str(d)) for d in values["dataset"])
                         + " and matched on " + ", ".join(reference.label(str(i)) for i in values["matched_on"])
                         + ", disclosing " + ", ".join(reference.label(str(i)) for i in values["disclosed"]) + ".")
        for prop in ("dataset", "matched_on", "disclosed"):
            for value in values[prop]:
                record.add(prop, value, *span, "authority")
        span = _sentence(text, "It was for " + " and ".join(reference.label(str(p)) for p in values["purpose"])
                         + "".join(f" under {reference.label(str(basis))}" for basis in values["legal_basis"]) + ".")
        for prop in ("purpose", "legal_basis"):
            for value in values[prop]:
                record.add(prop, value, *span, "authority" if rng.random() < 0.9 else "requester")
        records.append(record)
    if first_parties:
        agreement = Record("agreement", key=("synthetic-agreement", str(number)))
        span = _sentence(text, f"A memorandum of understanding (version {number % 4 + 1}) governs these requests.")
        agreement.add("type", "fa:MemorandumOfUnderstanding", *span, "authority")
        for party in first_parties:
            agreement.add("party", party, *span, "authority")
        agreement.add("title", f"Data sharing MoU {number // 3}", *span, "authority")  # ~3 documents describe each
        agreement.add("version", str(number % 4 + 1), *span, "authority")
        agreement.add("purpose", records[0].first("purpose"), *span, "authority")
        records.append(agreement)
        for share in records[:-1]:
            share.add("agreement", RecordRef("agreement", agreement.key), *span, "authority")
        if number % 7 == 0:
            exemption = Record("exemption")
            span = _sentence(text, "Details of one request are withheld under section 31(1)(a) of the FOI Act.")
            exemption.add("cited", reference.foi_sections["31"], *span, "authority")
            exemption.add("treatment", "withheld", *span, "authority")
            exemption.add("provision", "31(1)(a)", *span, "authority")
            exemption.add("applied_to", RecordRef("share", records[0].key), *span, "authority")
            records.append(exemption)
    document = Document.of(Path(f"synthetic-{number:06d}.txt"), "".join(text).rstrip())
    return document, finalise(records, reference)


def synthetic_quads(shares: int, seed: int = 7):
    """Yield each document's quads in turn (so 1e5 shares never sit in memory at once)."""
    reference = load_reference()
    pools = Pools.of(reference)
    rng = random.Random(seed)
    numbers = list(range(shares))
    second = rng.sample(numbers, int(shares * SECOND_SOURCE))
    rng.shuffle(second)
    order = numbers + second
    for start in range(0, len(order), SHARES_PER_DOCUMENT):
        document, records = _document(start // SHARES_PER_DOCUMENT, order[start:start + SHARES_PER_DOCUMENT],
                                      pools, reference)
        yield document_quads(document, records, reference, "automaticExtraction")


def make_store(shares: int, directory: Path) -> Path:
    """A flowatlas store (the layout `flowatlas build` writes) holding `shares` synthetic shares; reused when one
    of the same size and shape is already there."""
    marker = directory / f"synthetic-{shares}-v{MAKER_VERSION}"
    if marker.exists():
        return directory
    if directory.exists():
        import shutil
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    store = Store(str(directory / DATABASE))
    store.bulk_extend(ontology_quads())
    batch: list[Quad] = []
    for quads in synthetic_quads(shares):
        batch += quads
        if len(batch) > 500_000:
            store.bulk_extend(batch)
            batch = []
    store.bulk_extend(batch)
    store.flush()
    store.optimize()
    del store
    marker.touch()
    return directory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shares", type=int)
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    began = time.perf_counter()
    make_store(args.shares, args.store)
    print(f"{args.store}: {args.shares} synthetic shares in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
