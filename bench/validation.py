"""How fast is `flowatlas validate`, in how much memory, beside pySHACL running the same shapes? Prints a table.

    python bench/validation.py                         # 1e3, 1e4 and 1e5 synthetic shares, and the corpus
    python bench/validation.py --sizes 1000 --pyshacl-limit 60
    python bench/validation.py --sizes 100000 --repeat 5

Each run is a child process that reports its own peak memory (resident high-water mark) and CPU time (user + system,
all threads). `SHACL` is flowatlas's validation of the store against shapes/ (the same checks pySHACL runs), run
--repeat times: the machine is shared, so its wall time is the median of the runs, beside the fastest run. `report`
is all of `flowatlas validate --format json`: validation, completeness, comparisons between sources, questions,
rendered. `pySHACL` validates the union of the same store's graphs with the same shapes files (the store read into
rdflib first; that load is timed apart); it is stopped after --pyshacl-limit seconds.
Stores are those of bench/synthetic.py, cached under --cache.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))

from synthetic import make_store  # noqa: E402

TARGET_SHARES, TARGET_S, TARGET_MB = 100000, 15.0, 1500  # issue 8: SHACL validation of 1e5 shares

PEAK = """
import resource

def peak_mb():
    # The kernel's high-water mark of this process's resident memory. Not getrusage of the child from the parent:
    # a forked child inherits the parent's peak until exec, and the parent holds the synthetic store's quads.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

def cpu_s():
    # User and system time of every thread of this process: beside the wall time, what the work costs on a
    # machine other processes share.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
"""

SHACL = PEAK + """
import sys, time
from pathlib import Path
from flowatlas.graph.shacl import Shapes, Validator
from flowatlas.graph.store import open_store
began = time.perf_counter()
results = Validator(open_store(Path(sys.argv[1])), Shapes()).validate()
print(time.perf_counter() - began, cpu_s(), peak_mb(), len(results))
"""

REPORT = PEAK + """
import sys, time
from pathlib import Path
from flowatlas.graph.completeness import build_report
from flowatlas.graph.report import json_report
from flowatlas.graph.store import open_store
began = time.perf_counter()
json_report(build_report(open_store(Path(sys.argv[1]))), "violation")
print(time.perf_counter() - began, cpu_s(), peak_mb())
"""

PYSHACL = PEAK + """
import sys, time
from pathlib import Path
from pyshacl import validate
from flowatlas.graph.shacl import as_rdflib
from flowatlas.graph.store import open_store
began = time.perf_counter()
union, shapes = as_rdflib(open_store(Path(sys.argv[1])))
loaded = time.perf_counter()
_, report, _ = validate(union, shacl_graph=shapes)
print(loaded - began, time.perf_counter() - loaded, peak_mb())
"""


def child(code: str, store: Path, limit: float | None) -> list[float] | None:
    """Run code in a child process: the figures it prints, or None if it was stopped after `limit` seconds."""
    try:
        done = subprocess.run([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True,
                              timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return [float(x) for x in done.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "flowatlas-bench")
    parser.add_argument("--pyshacl-limit", type=float, default=600.0, metavar="SECONDS",
                        help="stop pySHACL after this long (default: 600)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="run flowatlas SHACL N times per store (default: 3)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    stores = []
    corpus = args.cache / "validation-corpus"
    if not (corpus / "oxigraph").exists():
        subprocess.run([sys.executable, "-m", "flowatlas.cli", "build", str(PROJECT / "corpus"),
                        str(PROJECT / "examples"), "--store", str(corpus), "-q"], check=True)
    stores.append(("corpus/ with sheets", corpus, None))
    for size in args.sizes:
        print(f"synthetic store of {size} shares ...", file=sys.stderr)
        stores.append((f"synthetic {size:.0e}".replace("+0", ""), make_store(size, args.cache / f"synthetic-{size}"),
                       size))
    rows = []
    for label, store, shares in stores:
        print(f"{label}: flowatlas SHACL x{args.repeat} ...", file=sys.stderr)
        runs = sorted((child(SHACL, store, None) for _ in range(args.repeat)), key=lambda run: run[0])  # type: ignore
        median = runs[len(runs) // 2]  # the run of median wall time, with its own CPU time
        print(f"{label}: flowatlas report ...", file=sys.stderr)
        report_s, report_cpu_s, report_mb = child(REPORT, store, None)  # type: ignore[misc]
        print(f"{label}: pySHACL ...", file=sys.stderr)
        theirs = child(PYSHACL, store, args.pyshacl_limit)
        rows.append({"store": label, "shares": shares, "results": int(median[3]),
                     "shacl_s": median[0], "shacl_fastest_s": runs[0][0], "shacl_cpu_s": median[1],
                     "shacl_runs_s": [run[0] for run in runs], "shacl_peak_mb": round(max(run[2] for run in runs)),
                     "report_s": report_s, "report_cpu_s": report_cpu_s, "report_peak_mb": round(report_mb),
                     "pyshacl_load_s": theirs[0] if theirs else None,
                     "pyshacl_validate_s": theirs[1] if theirs else None,
                     "pyshacl_peak_mb": round(theirs[2]) if theirs else None})
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'store':20} {'results':>7} {'SHACL s':>8} {'fastest':>8} {'CPU s':>7} {'peak MB':>8} {'report s':>9} "
          f"{'CPU s':>7} {'peak MB':>8} {'pySHACL load s':>15} {'pySHACL validate s':>19} {'peak MB':>8} "
          f"{'pySHACL/SHACL':>13}")
    for row in rows:
        def shown(value: float | None, form: str) -> str:
            return format(value, form) if value is not None else f"> {args.pyshacl_limit:g} s"
        ratio = (f"{row['pyshacl_validate_s'] / row['shacl_s']:.0f}x" if row["pyshacl_validate_s"] is not None
                 else f"> {args.pyshacl_limit / row['shacl_s']:.0f}x")
        print(f"{row['store']:20} {row['results']:7} {row['shacl_s']:8.2f} {row['shacl_fastest_s']:8.2f} "
              f"{row['shacl_cpu_s']:7.2f} {row['shacl_peak_mb']:8} {row['report_s']:9.2f} {row['report_cpu_s']:7.2f} "
              f"{row['report_peak_mb']:8} {shown(row['pyshacl_load_s'], '.2f'):>15} "
              f"{shown(row['pyshacl_validate_s'], '.2f'):>19} "
              f"{row['pyshacl_peak_mb'] if row['pyshacl_peak_mb'] is not None else '':>8} {ratio:>13}")
    for row in rows:
        if row["shares"] == TARGET_SHARES:
            met = row["shacl_s"] < TARGET_S and row["shacl_peak_mb"] < TARGET_MB
            print(f"target at {TARGET_SHARES} shares: SHACL under {TARGET_S:g} s and {TARGET_MB} MB: "
                  f"{'met' if met else 'missed'} ({row['shacl_s']:.2f} s median of {len(row['shacl_runs_s'])}, "
                  f"{row['shacl_peak_mb']} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
