"""The `flowatlas` command: build a store from documents, then ask it who receives what, and why."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from flowatlas.graph.store import EXPORT_FORMATS, StoreError, export, open_store, replace_graphs, select
from flowatlas.graph.reference import load_reference
from flowatlas.loaders.dispatch import EXAMPLES, by_document, extract_source, files_in, load_file
from flowatlas.loaders.draft import draft_sheet
from flowatlas.loaders.errors import LoadError

QUERIES = Path(__file__).resolve().parent / "queries"
DEFAULT_STORE = Path("atlas")
FLOWS_QUERY = "who-receives-what"


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                        help="store directory (default: ./atlas)")


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default: table)")


def _report(path: Path, notes: list[str]) -> None:
    for note in notes:
        print(f"{path}: {note}", file=sys.stderr)


def build(args: argparse.Namespace) -> int:
    paths = args.paths or [EXAMPLES]
    files = files_in(paths)
    loaded = []
    for number, path in enumerate(files, 1):
        item = load_file(path)
        loaded.append(item)
        print(f"[{number}/{len(files)}] {path}: {item.records} records, {len(item.quads)} quads", file=sys.stderr)
        _report(path, item.notes)
    chosen = by_document(loaded)
    for item in loaded:
        if chosen[item.document.iri] is not item:
            print(f"{item.path}: automatic facts replaced by the curated sheet {chosen[item.document.iri].path}",
                  file=sys.stderr)
    replace_graphs(args.store, {iri: item.quads for iri, item in chosen.items()})
    print(f"store {args.store}: {len(open_store(args.store))} quads from {len(chosen)} documents", file=sys.stderr)
    return 0


def extract_command(args: argparse.Namespace) -> int:
    """Write a fact-sheet draft; an existing sheet is only overwritten with --force, since it may be reviewed."""
    if args.out is not None and args.out.exists() and not args.force:
        raise LoadError(args.out, "already exists (it may hold reviewed facts); use --force to overwrite")
    reference = load_reference()
    document, records, notes = extract_source(args.document, reference)
    _report(args.document, notes)
    folder = args.out.parent if args.out else Path.cwd()
    text = draft_sheet(document, records, reference, folder)
    if args.out is None:
        sys.stdout.write(text)
    else:
        partial = args.out.with_name(args.out.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(args.out)
    print(f"{args.document}: {len(records)} records drafted", file=sys.stderr)
    return 0


def render(names: list[str], rows: list[list[str]], fmt: str) -> str:
    """A result table as aligned text, CSV or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([dict(zip(names, row)) for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue()
    widths = [min(max([len(n)] + [len(r[i]) for r in rows]), 60) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]) + "\n"


def sorted_cells(rows: list[list[str]]) -> list[list[str]]:
    """Multi-valued cells ('a; b') in a stable order, whatever order the store aggregated them in."""
    return [["; ".join(sorted(cell.split("; "))) if "; " in cell else cell for cell in row] for row in rows]


def query_text(name: str) -> tuple[str, str]:
    """A named query from queries/ or a .rq file; returns (origin, text)."""
    path = Path(name)
    if not (path.suffix == ".rq" and path.is_file()):
        path = QUERIES / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in QUERIES.glob("*.rq")))
        raise LoadError(name, f"no such query (named queries: {known})")
    try:
        return str(path), path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LoadError(path, "not UTF-8 text") from None


def run_query(args: argparse.Namespace, name: str) -> int:
    origin, text = query_text(name)
    store = open_store(args.store)
    try:
        names, rows = select(store, text)
    except SyntaxError as error:
        raise LoadError(origin, f"malformed SPARQL: {error}".splitlines()[0]) from None
    sys.stdout.write(render(names, sorted_cells(rows), args.format))
    return 0


def export_command(args: argparse.Namespace) -> int:
    sys.stdout.buffer.write(export(open_store(args.store), args.format))
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="flowatlas", description="A knowledge graph of who receives whose personal data across UK government.",
        epilog="Example: flowatlas build && flowatlas flows")
    sub = main.add_subparsers(dest="command", required=True)
    example = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser("build", formatter_class=example, help="load documents into the store",
                       description="Load documents (.txt text, .html/.htm pages saved from a browser, .pdf with a "
                                   "text layer, .ods/.xlsx DfE data shares registers) and curated fact sheets "
                                   "(.yaml), files or folders, into the store; each document's graph replaces its "
                                   "previous version. A sheet "
                                   "replaces the automatic facts of the document it describes. With no PATH, "
                                   "loads the bundled example corpus (the founding documents and their sheets).",
                       epilog="Examples:\n  flowatlas build\n  flowatlas build ../shared/corpus/dfe-*.txt "
                              "--store /tmp/atlas")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    _store_option(p)
    p.set_defaults(run=build)

    p = sub.add_parser("extract", formatter_class=example, help="draft a curated fact sheet for a document",
                       description="Find the facts of one document (text, HTML, PDF or register) automatically "
                                   "and write them as a YAML fact sheet, each quote with a confidence, "
                                   "for review: confirm, correct or delete records, then build the sheet, which "
                                   "replaces the automatic facts for that document. The document path in the "
                                   "sheet is relative to the sheet's folder (the current folder without --out).",
                       epilog="Examples:\n  flowatlas extract foi.txt --out foi.yaml\n"
                              "  flowatlas build foi.yaml")
    p.add_argument("document", type=Path, metavar="DOC")
    p.add_argument("--out", type=Path, metavar="SHEET", help="write the sheet here instead of to stdout")
    p.add_argument("--force", action="store_true", help="overwrite an existing sheet")
    p.set_defaults(run=extract_command)

    p = sub.add_parser("flows", formatter_class=example, help="who receives what, and why: one row per share",
                       epilog="Examples:\n  flowatlas flows\n  flowatlas flows --format csv > flows.csv")
    _store_option(p)
    _format_option(p)
    p.set_defaults(run=lambda a: run_query(a, FLOWS_QUERY))

    p = sub.add_parser("query", formatter_class=example, help="run a named query or a .rq file",
                       description="Run SPARQL over the union of all documents' graphs. Named queries: " +
                                   ", ".join(sorted(q.stem for q in QUERIES.glob("*.rq"))) + ".",
                       epilog="Examples:\n  flowatlas query denials\n  flowatlas query my-question.rq --format json")
    p.add_argument("name", metavar="NAME|FILE.rq")
    _store_option(p)
    _format_option(p)
    p.set_defaults(run=lambda a: run_query(a, a.name))

    p = sub.add_parser("export", formatter_class=example, help="write the whole graph in an RDF format",
                       epilog="Examples:\n  flowatlas export --format trig > atlas.trig")
    _store_option(p)
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig", help="RDF format (default: trig)")
    p.set_defaults(run=export_command)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (LoadError, StoreError) as error:
        print(f"flowatlas: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
