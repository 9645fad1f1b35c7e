"""How good is the automatic extractor? Compares its output on every document that has a reviewed fact sheet
(examples/*.yaml, corpus/*.yaml, bench/news-sheets/*.yaml) with that sheet, and prints precision and recall of
shares and the accuracy of each share field, for the development set and the test set apart (bench/split.csv fixes
which document is in which; rules are written reading the development set only, so only its documents are listed
one by one unless --show-test is given). News pages stay in ../shared/corpus-news (third-party copyright); their
sheets are skipped, saying so, when that folder is absent.

    python bench/extraction.py               # both sets: dev document by document, test as totals
    python bench/extraction.py --set dev     # one set
    python bench/extraction.py --json        # the figures, for scripts
    python bench/extraction.py --speed       # throughput: MB of text per CPU second on 1 MB of FOI-style text
    python bench/extraction.py --build       # `flowatlas build` of 232 documents on one process and every core
    python bench/extraction.py --fields      # also each wrong field of a matched share (development set)

Shares are matched one to one on provider and recipient, and then on a shared count (individuals requested,
matched or returned), an equal date, or — for standing processes with neither — on the parties alone. A field is
accurate for a matched pair when both give the same set of values; pairs where neither gives a value do not count.
An extracted share with no match that rests only on the requester's words is counted separately: those are the
worst errors (a question or a supposition asserted as fact).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from flowatlas.graph.reference import Reference, load_reference
from flowatlas.loaders.extract import extract
from flowatlas.loaders.records import Record
from flowatlas.loaders.sheet import read_sheet

PROJECT = Path(__file__).resolve().parent.parent
SHEET_FOLDERS = (PROJECT / "examples", PROJECT / "corpus", PROJECT / "bench" / "news-sheets")
SPLIT = PROJECT / "bench" / "split.csv"
SETS = ("dev", "test")
COUNTS = ("subjects_requested", "subjects_matched", "subjects_returned")
FIELDS = ("dataset", "disclosed", "matched_on", "purpose", "legal_basis", "requests", *COUNTS, "date", "reference",
          "agreement", "requested_by", "birth_period")


@dataclass
class DocumentScore:
    """One document: how many shares the sheet has, the extractor found, and matched."""

    name: str
    truth: int
    found: int
    matched: int
    false_shares: list[str] = field(default_factory=list)
    missed_shares: list[str] = field(default_factory=list)
    from_requester: int = 0
    field_misses: list[str] = field(default_factory=list)  # "share: field: sheet [...] extractor [...]"


@dataclass
class Score:
    documents: list[DocumentScore] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    field_hits: dict[str, int] = field(default_factory=dict)
    field_total: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        found = sum(d.found for d in self.documents)
        return sum(d.matched for d in self.documents) / found if found else 1.0

    @property
    def recall(self) -> float:
        truth = sum(d.truth for d in self.documents)
        return sum(d.matched for d in self.documents) / truth if truth else 1.0

    @property
    def from_requester(self) -> int:
        return sum(d.from_requester for d in self.documents)


def _values(record: Record, prop: str) -> set[str]:
    return {"/".join(v.key) if hasattr(v, "key") else str(v) for v in record.values.get(prop, [])}


def _describe(record: Record, reference: Reference) -> str:
    parties = f"{reference.label(str(record.first('provider')))} -> {reference.label(str(record.first('recipient')))}"
    details = [str(record.first(p)) for p in ("date", *COUNTS) if record.first(p) is not None]
    return " ".join([parties, *details])


def _matches(truth: Record, found: Record) -> bool:
    if _values(truth, "provider") != _values(found, "provider") or \
            _values(truth, "recipient") != _values(found, "recipient"):
        return False
    truth_counts = {str(v) for p in COUNTS for v in truth.values.get(p, [])}
    found_counts = {str(v) for p in COUNTS for v in found.values.get(p, [])}
    if truth_counts & found_counts:
        return True
    if _values(truth, "date") and _values(truth, "date") == _values(found, "date"):
        return True
    return not (truth_counts or found_counts or _values(truth, "date") or _values(found, "date"))


def score_document(sheet: Path, reference: Reference, score: Score) -> DocumentScore:
    """Match the extractor's shares to the sheet's for one document, adding field accuracy to `score`."""
    document, reviewed = read_sheet(sheet, reference)
    truth = [r for r in reviewed if r.kind == "share"]
    found = [r for r in extract(document, reference).records if r.kind == "share"]
    unmatched = list(found)
    result = DocumentScore(document.path.name, len(truth), len(found), 0)
    for expected in truth:
        partner = next((f for f in unmatched if _matches(expected, f)), None)
        if partner is None:
            result.missed_shares.append(_describe(expected, reference))
            continue
        unmatched.remove(partner)
        result.matched += 1
        for prop in FIELDS:
            if _values(expected, prop) or _values(partner, prop):
                score.field_total[prop] = score.field_total.get(prop, 0) + 1
                hit = _values(expected, prop) == _values(partner, prop)
                score.field_hits[prop] = score.field_hits.get(prop, 0) + hit
                if not hit:
                    result.field_misses.append(f"{_describe(expected, reference)}: {prop}: sheet "
                                               f"{sorted(_values(expected, prop))} extractor "
                                               f"{sorted(_values(partner, prop))}")
    for wrong in unmatched:
        result.false_shares.append(_describe(wrong, reference))
        result.from_requester += all(claim.speaker == "requester" for claim in wrong.claims)
    return result


def split() -> dict[str, str]:
    """Document file name -> the set it belongs to."""
    with SPLIT.open(encoding="utf-8", newline="") as rows:
        return {row["file"]: row["set"] for row in csv.DictReader(rows)}


def before_split() -> set[str]:
    """The documents the rules were written on before the split (the training figures issue 10 keeps)."""
    with SPLIT.open(encoding="utf-8", newline="") as rows:
        return {row["file"] for row in csv.DictReader(rows) if row["why"].startswith("developed before the split")}


def sheets(which: str) -> tuple[list[Path], list[Path]]:
    """The sheets of one set whose documents are here, and those whose documents are absent (../shared gone)."""
    sets = split()
    documents = {p: p.parent / _document_field(p) for folder in SHEET_FOLDERS for p in folder.glob("*.yaml")}
    chosen = sorted(p for p, document in documents.items() if sets.get(document.name) == which)
    present = [p for p in chosen if documents[p].is_file()]
    return present, [p for p in chosen if p not in present]


def _document_field(sheet: Path) -> str:
    return str(yaml.safe_load(sheet.read_text(encoding="utf-8"))["document"])


def run(which: str = "dev") -> Score:
    reference = load_reference()
    score = Score()
    present, absent = sheets(which)
    score.skipped = [p.name for p in absent]
    for sheet in present:
        score.documents.append(score_document(sheet, reference, score))
    return score


def _table(name: str, score: Score, documents: bool, fields: bool = False) -> str:
    lines = [f"== {name} set: {len(score.documents)} documents"]
    if score.skipped:
        lines.append(f"   skipped {len(score.skipped)} (document absent; ../shared/corpus-news not beside the project): "
                     + ", ".join(score.skipped))
    lines.append(f"{'document':<52} {'sheet':>5} {'found':>5} {'match':>5}")
    for doc in score.documents if documents else []:
        lines.append(f"{doc.name:<52} {doc.truth:>5} {doc.found:>5} {doc.matched:>5}")
        lines += [f"    missed: {s}" for s in doc.missed_shares] + [f"    wrong:  {s}" for s in doc.false_shares]
        lines += [f"    field:  {s}" for s in doc.field_misses] if fields else []
    totals = [sum(getattr(d, a) for d in score.documents) for a in ("truth", "found", "matched")]
    lines.append(f"{'all documents':<52} {totals[0]:>5} {totals[1]:>5} {totals[2]:>5}")
    lines.append("")
    lines.append(f"shares: precision {score.precision:.3f}  recall {score.recall:.3f}  "
                 f"asserted from the requester's words: {score.from_requester}")
    original = [d for d in score.documents if d.name in before_split()]
    if documents and original:
        truth, found, matched = (sum(getattr(d, a) for d in original) for a in ("truth", "found", "matched"))
        lines.append(f"of which the {len(original)} documents developed before the split: {matched} of {truth} "
                     f"reviewed shares found, {found - matched} wrong (precision {matched / max(found, 1):.3f}, "
                     f"recall {matched / max(truth, 1):.3f})")
    lines.append("")
    lines.append(f"{'field (matched shares)':<24} {'accuracy':>8} {'pairs':>6}")
    for prop in FIELDS:
        if score.field_total.get(prop):
            accuracy = score.field_hits[prop] / score.field_total[prop]
            lines.append(f"{prop:<24} {accuracy:>8.2f} {score.field_total[prop]:>6}")
    return "\n".join(lines) + "\n"


def throughput(size: int = 1_000_000, repeat: int = 3) -> list[tuple[str, float, float, float]]:
    """MB/s of `extract` on one core, on two kinds of FOI-style text read until `size` characters are done: the
    project's corpus documents concatenated, and the founding letters. Each round is a document of its own and
    the mention cache is emptied between rounds, so no sentence is answered from memory of an earlier round (the
    text repeats; real documents do not). The reference data and the parser are loaded first, as a long build
    would have them. This machine's CPU time for the same work varies by up to 2x from run to run (a plain Python
    loop does too), so the best of `repeat` runs is reported, beside the engine underneath: spaCy parsing every
    sentence of the same text, which the extractor avoids for most of them. Rows: (name, CPU s, MB/s, engine MB/s)."""
    from flowatlas.loaders.document import Document
    from flowatlas.loaders.frames import parse, parser
    from flowatlas.loaders.mentions import find_mentions
    from flowatlas.loaders.segment import sentences
    reference = load_reference()
    parser()
    rows = []
    for name, folder in (("corpus concatenated", PROJECT / "corpus"), ("founding letters", PROJECT / "examples")):
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
        pieces = [text] * (size // len(text)) + ([text[:size % len(text)]] if size % len(text) else [])
        best = float("inf")
        for _ in range(repeat):
            seconds = 0.0
            for number, piece in enumerate(pieces):
                find_mentions.cache_clear()
                started = time.process_time()
                extract(Document.of(Path(f"{name}-{number}.txt"), piece), reference)
                seconds += time.process_time() - started
            best = min(best, seconds)
        every_sentence = [s.text for s in sentences(text)]
        started = time.process_time()
        parse(every_sentence)
        engine = len(text) / 1e6 / (time.process_time() - started)
        rows.append((name, best, size / 1e6 / best, engine))
    return rows


def build_times(copies: int = 8, repeat: int = 2) -> list[tuple[int, int, float]]:
    """Wall seconds of `flowatlas build` on the corpus documents (without their sheets, so every one is extracted)
    copied `copies` times under other names, with one process and with every core (best of `repeat`). Rows:
    (jobs, documents, seconds)."""
    import shutil
    import subprocess
    import tempfile
    from flowatlas.loaders.dispatch import default_jobs
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "documents"
        folder.mkdir()
        texts = sorted((PROJECT / "corpus").glob("*.txt"))
        for copy in range(copies):
            for text in texts:
                shutil.copy(text, folder / f"{copy}-{text.name}")
        rows = []
        for jobs in sorted({1, default_jobs()}):
            best = float("inf")
            for attempt in range(repeat):
                store = Path(scratch) / f"store-{jobs}-{attempt}"
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "flowatlas.cli", "build", str(folder), "--store", str(store),
                                "--jobs", str(jobs), "-q"], check=True)
                best = min(best, time.perf_counter() - started)
            rows.append((jobs, len(texts) * copies, best))
        return rows


def _figures(score: Score) -> dict[str, object]:
    return {"documents": len(score.documents), "skipped": score.skipped, "precision": score.precision,
            "recall": score.recall, "from_requester": score.from_requester,
            "fields": {p: score.field_hits[p] / score.field_total[p] for p in score.field_total}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=SETS, help="one set only (default: both)")
    parser.add_argument("--show-test", action="store_true",
                        help="list the test set document by document too (do not tune rules on what it shows)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--build", action="store_true",
                        help="print the wall time of `flowatlas build` on one process and on every core instead")
    parser.add_argument("--fields", action="store_true",
                        help="under each listed document, every field of a matched share the extractor got wrong")
    parser.add_argument("--speed", action="store_true", help="print extraction throughput instead (about 30 s)")
    args = parser.parse_args(argv)
    if args.speed:
        sys.stdout.write(f"{'text (1 MB, best of 3)':<24} {'CPU s':>6} {'MB/s':>6} {'spaCy parsing all':>18} "
                         f"{'ratio':>6}   (target 0.5 MB/s per core)\n")
        for name, seconds, rate, engine in throughput():
            sys.stdout.write(f"{name:<24} {seconds:>6.1f} {rate:>6.3f} {engine:>13.3f} MB/s {rate / engine:>5.1f}x\n")
        return 0
    if args.build:
        rows = build_times()
        sys.stdout.write(f"{'flowatlas build --jobs':<24} {'documents':>9} {'wall s (best of 2)':>19} {'speed-up':>9}\n")
        for jobs, documents, seconds in rows:
            sys.stdout.write(f"{jobs:<24} {documents:>9} {seconds:>19.1f} {rows[0][2] / seconds:>8.2f}x\n")
        return 0
    scores = {name: run(name) for name in ([args.set] if args.set else SETS)}
    if args.json:
        sys.stdout.write(json.dumps({name: _figures(score) for name, score in scores.items()}, indent=2) + "\n")
    else:
        for name, score in scores.items():
            shown = name == "dev" or args.show_test
            sys.stdout.write(_table(name, score, shown, shown and args.fields) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
