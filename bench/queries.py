"""How fast are flowatlas's answers? Times `flowatlas flows` and every named query on real and synthetic stores, beside
the same SPARQL text run directly on pyoxigraph (the engine underneath), and prints a table.

    python bench/queries.py                       # corpus stores, and 1e3, 1e4, 1e5 synthetic shares
    python bench/queries.py --sizes 1000 10000    # fewer synthetic sizes
    python bench/queries.py --json                # the figures, for scripts

Stores: the 20 project texts read by the extractor alone; corpus/ with its reviewed sheets; ../shared/corpus (skipped,
saying so, when absent) and the same with one 30 MB document added (the shared corpus repeated); synthetic stores of
shares shaped like real records (bench/synthetic.py). Stores are cached under --cache and rebuilt when their inputs
change. `flowatlas` time is the command's own path (load the query, bind its parameters, run, render as CSV) in
process; `flows (cli)` is the whole `flowatlas flows --format csv` command as a user runs it, start-up included.
`pyoxigraph` is Store.query on the same text and bindings, reading every value. Ratio = flowatlas / pyoxigraph; the
two run in turn, three times each (twice above 1e4 shares), and the best of each counts.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pyoxigraph import Store, Variable

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))

from synthetic import make_store  # noqa: E402

from flowatlas.cli import engine  # noqa: E402
from flowatlas.graph.library import bind, named_queries  # noqa: E402
from flowatlas.graph.namespaces import PREFIXES  # noqa: E402
from flowatlas.graph.reference import load_reference  # noqa: E402
from flowatlas.graph.render import render  # noqa: E402
from flowatlas.graph.store import open_store, run, summary  # noqa: E402

SHARED = PROJECT.parent / "shared" / "corpus"
BIG_DOCUMENT_BYTES = 30_000_000
PARAMETERS = {"recipient-profile": ["recipient=DWP"], "dataset-reach": ["dataset=NPD"],
              "data-item-reach": ["item=address"]}


@dataclass
class Timing:
    store: str
    shares: int
    quads: int
    query: str
    rows: int
    flowatlas_s: float
    pyoxigraph_s: float

    @property
    def ratio(self) -> float:
        return self.flowatlas_s / self.pyoxigraph_s if self.pyoxigraph_s else float("nan")


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + path.read_bytes())
    for code in sorted((PROJECT / "loaders").glob("*.py")) + sorted((PROJECT / "ontology").glob("*.ttl")):
        digest.update(code.read_bytes())
    return digest.hexdigest()[:16]


def built_store(name: str, inputs: list[Path], cache: Path) -> Path:
    """A store built by `flowatlas build` from the inputs, reused while inputs and extractor are unchanged."""
    files = [p for path in inputs for p in ([path] if path.is_file() else sorted(path.rglob("*")) ) if p.is_file()]
    directory = cache / f"{name}-{_fingerprint(files)}"
    if not (directory / "oxigraph").exists():
        print(f"building {name} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "flowatlas.cli", "build", *map(str, inputs), "--store",
                        str(directory), "-q"], check=True)
    return directory


def big_document(cache: Path) -> Path:
    """A 30 MB text: the shared corpus repeated, each copy numbered so no two blocks are the same."""
    folder = cache / "big-document"
    path = folder / "shared-corpus-repeated.txt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("*.txt")))
        parts, size, number = [], 0, 0
        while size < BIG_DOCUMENT_BYTES:
            part = f"\n\nCopy {number}.\n\n{text}"
            parts.append(part)
            size += len(part.encode("utf-8"))
            number += 1
        path.write_text("".join(parts), encoding="utf-8")
    return path


def _best(function, repeats: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeats):
        began = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - began)
    return best, value


def time_store(label: str, directory: Path, repeats: int) -> list[Timing]:
    """Every named query on one store: through flowatlas, and as raw pyoxigraph."""
    store = open_store(directory)
    held = summary(store)
    where = engine(argparse.Namespace(endpoint=None, store=directory))
    reference = load_reference()
    timings = []
    for query in named_queries():
        given = PARAMETERS.get(query.name, [])
        if query.name == "evidence":
            first = store.query("SELECT ?s WHERE { ?s a fa:Share } LIMIT 1", prefixes=PREFIXES,
                                use_default_graph_as_union=True)
            given = [f"share={next(iter(first))[0].value}"]
        bindings = bind(query, given, reference, where.table)

        def raw() -> int:
            result = store.query(query.text, use_default_graph_as_union=True,
                                 substitutions={Variable(k): v for k, v in bindings.items()})
            return sum(1 for row in result for _ in [[term.value if term else None for term in row]])

        def ours() -> int:
            found = bind(query, given, reference, where.table)
            result = run(store, query.text, found, query.name)
            render(result, "csv", query.columns)
            return len(result.rows)  # type: ignore[union-attr]

        # Alternate the two, so neither always runs on the caches the other warmed.
        raw_s = ours_s = float("inf")
        for _ in range(repeats):
            seconds, rows = _best(raw, 1)
            raw_s = min(raw_s, seconds)
            ours_s = min(ours_s, _best(ours, 1)[0])
        timings.append(Timing(label, held.shares, held.quads, query.name, int(rows), ours_s, raw_s))
        print(f"  {label:22} {query.name:26} {ours_s:8.3f} s", file=sys.stderr)
    return timings


def flows_command(directory: Path, repeats: int) -> float:
    """The whole `flowatlas flows` command, Python start-up included."""
    command = [sys.executable, "-m", "flowatlas.cli", "flows", "--store", str(directory), "--format", "csv"]
    return _best(lambda: subprocess.run(command, check=True, capture_output=True), repeats)[0]


def table(timings: list[Timing], commands: dict[str, float]) -> str:
    head = (f"{'store':22} {'shares':>7} {'quads':>10} {'query':26} {'rows':>7} {'flowatlas s':>11} "
            f"{'pyoxigraph s':>12} {'ratio':>6}")
    lines = [head, "-" * len(head)]
    for t in timings:
        lines.append(f"{t.store:22} {t.shares:7} {t.quads:10} {t.query:26} {t.rows:7} {t.flowatlas_s:11.3f} "
                     f"{t.pyoxigraph_s:12.3f} {t.ratio:6.2f}")
    lines += ["", f"{'store':22} {'flowatlas flows --format csv (whole command, s)':>48}"]
    lines += [f"{store:22} {seconds:48.2f}" for store, seconds in commands.items()]
    worst = max(timings, key=lambda t: t.ratio)
    lines += ["", f"worst ratio {worst.ratio:.2f} ({worst.query} on {worst.store})"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000],
                        help="synthetic store sizes in shares (default: 1000 10000 100000)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "flowatlas-bench",
                        help="where stores are kept between runs")
    parser.add_argument("--no-corpus", action="store_true", help="only the synthetic stores")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    stores: list[tuple[str, Path]] = []
    if not args.no_corpus:
        texts = sorted((PROJECT / "corpus").glob("*.txt")) + sorted((PROJECT / "examples").glob("*.txt"))
        stores.append(("20 texts (extractor)", built_store("texts", texts, args.cache)))
        stores.append(("corpus/ with sheets", built_store("corpus", [PROJECT / "corpus"], args.cache)))
        if SHARED.is_dir():
            stores.append(("../shared/corpus", built_store("shared", [SHARED], args.cache)))
            stores.append(("shared + 30 MB doc", built_store("shared-big", [SHARED, big_document(args.cache)],
                                                             args.cache)))
        else:
            print(f"skipping the shared corpus stores: {SHARED} is absent", file=sys.stderr)
    for size in args.sizes:
        print(f"synthetic store of {size} shares ...", file=sys.stderr)
        stores.append((f"synthetic {size:.0e}".replace("+0", ""), make_store(size, args.cache / f"synthetic-{size}")))
    timings: list[Timing] = []
    commands: dict[str, float] = {}
    for label, directory in stores:
        small = summary(open_store(directory)).shares <= 10000
        timings += time_store(label, directory, repeats=3 if small else 2)
        commands[label] = flows_command(directory, repeats=3 if small else 2)
    if args.json:
        print(json.dumps({"queries": [asdict(t) | {"ratio": t.ratio} for t in timings], "flows_command_s": commands},
                         indent=1))
    else:
        print(table(timings, commands))
    return 0


if __name__ == "__main__":
    sys.exit(main())
