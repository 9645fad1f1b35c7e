"""The `flowatlas` command: build a store from documents, then ask it who receives what, and why."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store

from flowatlas import __version__
from flowatlas.console import Console, terminal_width
from flowatlas.graph.atlas import Atlas, read_atlas
from flowatlas.graph.atlas_page import atlas_page
from flowatlas.graph.catalogue import query_list
from flowatlas.graph.completeness import build_report
from flowatlas.graph.endpoint import PASSWORD_VARIABLE, USER_VARIABLE, Connection, publish, remote_run
from flowatlas.graph.errors import FlowatlasError, QueryError
from flowatlas.graph.library import Query, bind, load_query, named_queries, resolve_name
from flowatlas.graph.model import model_table
from flowatlas.graph.namespaces import XSD
from flowatlas.graph.network import VIEWS, graph_file, metrics, paths, projection, reach_graph, volumes
from flowatlas.graph.reference import Reference, load_reference
from flowatlas.graph.render import FORMATS, TABLE_FORMATS, Columns, Text, render
from flowatlas.graph.results import Result, Table
from flowatlas.graph.report import headline, json_report, markdown_report, text_report, turtle_report
from flowatlas.graph.report_html import html_report
from flowatlas.graph.serve import EDITOR, Address, serve
from flowatlas.graph.shacl import Shapes
from flowatlas.graph.sparql import Term
from flowatlas.graph.store import (
    EXPORT_FORMATS, export, graph_count, open_store, replace_graphs, run, summary,
)
from flowatlas.loaders.dispatch import EXAMPLES, by_document, default_jobs, extract_source, files_in, load_files
from flowatlas.loaders.draft import draft_sheet
from flowatlas.loaders.errors import LoadError

DEFAULT_STORE = Path("atlas")
FLOWS_QUERY = "who-receives-what"
EXAMPLE = argparse.RawDescriptionHelpFormatter


def _report(console: Console, path: Path, notes: list[str]) -> None:
    for note in notes:
        console.note(f"{path}: {note}")


def _positive(text: str) -> int:
    """A count of at least one, for options such as --jobs."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build(args: argparse.Namespace, console: Console) -> int:
    paths = args.paths or [EXAMPLES]
    found = files_in(paths)
    for folder, names in found.skipped.items():
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        console.note(f"{folder}: skipped {len(names)} file{'s' * (len(names) != 1)} of other types: {shown}")
    if not found.files:
        console.warn(f"{', '.join(map(str, paths))}: no documents to build (.txt, .html, .htm, .pdf, .yaml, "
                     ".ods, .xlsx); the store is unchanged")
        return 1
    loaded = []
    reference = load_reference()
    total = len(found.files)
    for item in load_files(found.files, reference, args.jobs,
                           lambda number, path: console.progress(f"[{number}/{total}] {path}")):
        loaded.append(item)
        console.detail(f"[{len(loaded)}/{total}] {item.path}: {item.records} records, {len(item.quads)} quads")
    console.done()
    chosen = by_document(loaded)
    for item in loaded:
        if chosen[item.document.iri] is item:
            _report(console, item.path, item.notes)  # what a replaced reading noticed no longer matters
        else:
            console.detail(f"{item.path}: automatic facts replaced by the curated sheet "
                           f"{chosen[item.document.iri].path}")
    replace_graphs(args.store, {iri: item.quads for iri, item in chosen.items()})
    args.committed = True
    held = summary(open_store(args.store))
    sheets = sum(item.curated for item in chosen.values())
    console.note(f"built {len(chosen)} document{'s' * (len(chosen) != 1)} ({sheets} from curated sheets); store "
                 f"{args.store} now holds {held.documents} documents, {held.shares} shares, {held.quads:,} quads")
    return 0


def _write_whole(path: Path, text: str) -> None:
    """Write a file under its name only once it is whole: a crash or a full disk never leaves half of it there."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise QueryError(str(path), f"cannot write it: {error.strerror}") from None


def extract_command(args: argparse.Namespace, console: Console) -> int:
    """Write a fact-sheet draft; an existing sheet is only overwritten with --force, since it may be reviewed."""
    if args.out is not None and args.out.exists() and not args.force:
        raise LoadError(args.out, "already exists (it may hold reviewed facts); use --force to overwrite")
    reference = load_reference()
    document, records, notes = extract_source(args.document, reference)
    _report(console, args.document, notes)
    folder = args.out.parent if args.out else Path.cwd()
    text = draft_sheet(document, records, reference, folder)
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write_whole(args.out, text)
    console.note(f"{args.document}: {len(records)} records drafted")
    return 0


@dataclass
class Engine:
    """Where queries run: the embedded store or a SPARQL endpoint, behind one call."""

    where: str
    run: Callable[[str, Mapping[str, Term], str], Result]

    def table(self, text: str, bindings: Mapping[str, Term]) -> Table:
        result = self.run(text, bindings, self.where)
        assert isinstance(result, Table)
        return result


def engine(args: argparse.Namespace) -> Engine:
    if args.endpoint:
        connection = Connection.of(args.endpoint, args.timeout, args.user, args.password)
        return Engine(args.endpoint, lambda text, bindings, origin: remote_run(connection, text, bindings))
    store = open_store(args.store)
    return Engine(str(args.store), lambda text, bindings, origin: run(store, text, bindings, origin))


def show(args: argparse.Namespace, console: Console, result: Result, columns: Columns) -> None:
    """Print a result: a table in a terminal fits its width unless --wide; other formats are complete."""
    fits = args.format == "table" and sys.stdout.isatty() and not getattr(args, "wide", False)
    try:
        text: Text = render(result, args.format, columns, terminal_width() if fits else None)
    except ValueError as error:
        raise QueryError("--format", str(error)) from None
    sys.stdout.write(text.body)
    sys.stdout.flush()
    for note in text.notes:
        console.note(note)


def answer(args: argparse.Namespace, console: Console, query: Query) -> int:
    """Bind a query's parameters, run it where asked, print the result."""
    where = engine(args)
    bindings = bind(query, args.param, load_reference(), where.table)
    with console.waiting(f"running {query.name} on {where.where}"):
        result = where.run(query.text, bindings, query.origin)
    show(args, console, result, query.columns)
    return 0


def query_command(args: argparse.Namespace, console: Console) -> int:
    if args.list:
        show(args, console, query_list(), Columns())
        return 0
    return answer(args, console, load_query(args.name, args.query, sys.stdin))


def flows_command(args: argparse.Namespace, console: Console) -> int:
    return answer(args, console, load_query(FLOWS_QUERY))


def model_command(args: argparse.Namespace, console: Console) -> int:
    show(args, console, model_table(), Columns())
    return 0


def export_command(args: argparse.Namespace, console: Console) -> int:
    store = open_store(args.store)
    if args.format == "turtle":
        console.note(f"turtle has no named graphs: the {graph_count(store)} graphs (one per document and the "
                     "reference data) are merged; use --format trig or nquads to keep them")
    sys.stdout.buffer.write(export(store, args.format))
    return 0


def publish_command(args: argparse.Namespace, console: Console) -> int:
    if not (args.endpoint or args.graph_store):
        raise QueryError("publish", "give --graph-store URL (Graph Store Protocol) or --endpoint URL (SPARQL Update)")
    url = args.graph_store or args.endpoint
    connection = Connection.of(url, args.timeout, args.user, args.password)
    done = publish(open_store(args.store), connection, graph_store=bool(args.graph_store),
                   progress=lambda number, total, graph: console.progress(f"[{number}/{total}] {graph}"))
    console.done()
    console.note(f"published {len(done.graphs)} graphs ({done.quads:,} triples) to {url}")
    return 0


def validate_command(args: argparse.Namespace, console: Console) -> int:
    """Check the store against the shapes; exit 0 when it conforms at --fail-on, 1 when not (a CI gate)."""
    store = open_store(args.store)
    shapes = Shapes()
    with console.waiting(f"validating {args.store}"):
        report = build_report(store, shapes)
    width = terminal_width() if sys.stdout.isatty() else None
    text = {"text": lambda: text_report(report, width, args.fail_on),
            "markdown": lambda: markdown_report(report, args.fail_on),
            "json": lambda: json_report(report, args.fail_on),
            "turtle": lambda: turtle_report(report, shapes),
            "html": lambda: html_report(report, store, args.fail_on)}[args.format]()
    sys.stdout.write(text)
    if args.format != "text":
        console.note(headline(report))
    return 0 if report.conforms(args.fail_on) else 1


@dataclass(frozen=True)
class Narrowing:
    """What --recipient, --purpose, --since and --until ask for, resolved and checked before the store is read."""

    recipients: list[str]
    purposes: list[str]
    since: int | None
    until: int | None

    @classmethod
    def of(cls, args: argparse.Namespace, reference: Reference) -> "Narrowing":
        if args.since is not None and args.until is not None and args.since > args.until:
            raise QueryError("--since", f"{args.since} is after --until {args.until}")
        return cls([resolve_name(reference, value, ("org",), "--recipient") for value in args.recipient],
                   [resolve_name(reference, value, ("purpose",), "--purpose") for value in args.purpose],
                   args.since, args.until)


def _atlas(args: argparse.Namespace, console: Console, narrowing: Narrowing) -> Atlas:
    """The store read for drawing, narrowed as asked."""
    store = open_store(args.store)
    with console.waiting(f"reading {args.store}"):
        atlas = read_atlas(store)
    return atlas.filtered(narrowing.recipients, narrowing.purposes, narrowing.since, narrowing.until)


def network_command(args: argparse.Namespace, console: Console) -> int:
    """Metrics per node, paths from one body or dataset to another, volumes over time, or the graph as a file."""
    if (args.source is None) != (args.target is None):
        raise QueryError("--from", "give both --from and --to")
    reference = load_reference()
    narrowing = Narrowing.of(args, reference)
    if args.source is not None:
        source = resolve_name(reference, args.source, ("org", "dataset"), "--from")
        target = resolve_name(reference, args.target, ("org",), "--to")
        atlas = _atlas(args, console, narrowing)
        graph = reach_graph(atlas)
        rows = [[len(path) - 1, " → ".join(atlas.label(node) for node in path),
                 min(graph.edges[a, b]["shares"] for a, b in zip(path, path[1:]))]
                for path in paths(graph, source, target, args.longest)]
        if not rows:
            console.note(f"no path of at most {args.longest} hops from {atlas.label(source)} to "
                         f"{atlas.label(target)} in the shares recorded")
        return _print_rows(args, console, ["hops", "path", "fewest_shares_on_a_hop"], rows)
    atlas = _atlas(args, console, narrowing)
    if args.volumes:
        by_recipient = volumes(atlas)
        years = sorted({year for by_year in by_recipient.values() for year in by_year})
        rows = [[atlas.label(recipient), *(by_year.get(year, 0) for year in years)]
                for recipient, by_year in sorted(by_recipient.items(), key=lambda item: atlas.label(item[0]))]
        return _print_rows(args, console, ["recipient", *map(str, years)], rows)
    graph = projection(atlas, args.by)
    if args.format in ("graphml", "gexf"):
        sys.stdout.buffer.write(graph_file(graph, args.format))
        console.note(f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges ({args.by} view)")
        return 0
    names = ["node", "label", "kind", "shares_out", "shares_in", "returned_out", "returned_in", "betweenness"]
    return _print_rows(args, console, names, [[row[name] for name in names] for row in metrics(graph)])


def _print_rows(args: argparse.Namespace, console: Console, names: list[str], rows: list[list[object]]) -> int:
    """Rows of plain values in the chosen format: json keeps numbers as numbers."""
    if args.format == "json":
        sys.stdout.write(json.dumps([dict(zip(names, row)) for row in rows], indent=1, ensure_ascii=False) + "\n")
        return 0
    if args.format not in ("table", "csv"):
        raise QueryError("--format", f"{args.format} is for the graph itself; paths and volumes are table, csv or "
                                     "json")
    table = Table(names, [[_literal(value) for value in row] for row in rows])
    show(args, console, table, Columns())
    return 0


def _literal(value: object) -> Literal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return Literal(str(value))
    return Literal(str(value), datatype=NamedNode(XSD + ("integer" if isinstance(value, int) else "decimal")))


def view_command(args: argparse.Namespace, console: Console) -> int:
    """Write the atlas page: one HTML file that works with no network."""
    if args.out != Path("-") and not args.out.parent.is_dir():
        raise QueryError(str(args.out), f"cannot write the page: no folder {args.out.parent}")
    atlas = _atlas(args, console, Narrowing.of(args, load_reference()))
    filters = {key: value for key, value in (("recipient", args.recipient), ("purpose", args.purpose),
                                             ("since", args.since), ("until", args.until)) if value}
    with console.waiting(f"drawing {len(atlas.shares)} shares"):
        page = atlas_page(atlas, args.by, filters=filters)
    if args.out == Path("-"):
        sys.stdout.write(page)
    else:
        _write_whole(args.out, page)
        console.note(f"wrote {args.out} ({len(page.encode('utf-8')) / 1e6:.1f} MB, {len(atlas.shares)} shares, "
                     f"{args.by} view); open it in a browser")
    return 0


def serve_command(args: argparse.Namespace, console: Console) -> int:
    def ready(url: str) -> None:
        mode = "read-write" if args.writable else "read-only, as the store was now"
        console.note(f"serving {args.store} at {url}/ ({mode}): the atlas page at {url}/, the SPARQL endpoint "
                     f"{url}/query, the query editor {url}{EDITOR}; Ctrl-C to stop")

    def page(store: Store) -> str:
        with console.waiting("drawing the atlas page"):
            return atlas_page(read_atlas(store))
    code = serve(args.store, Address.parse(args.bind), args.writable, args.timeout, ready, page)
    console.note("server stopped")
    return code


def _common(parser: argparse.ArgumentParser, store: bool = True) -> None:
    if store:
        parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                            help="store directory (default: ./atlas)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1,
                           default=argparse.SUPPRESS, help="print errors only")
    verbosity.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1,
                           default=argparse.SUPPRESS, help="print every step")


def _output(parser: argparse.ArgumentParser, formats: tuple[str, ...] = FORMATS) -> None:
    parser.add_argument("--format", choices=formats, default="table",
                        help="table (fits the terminal), csv, tsv, markdown, json (SPARQL 1.1 results), records "
                             "(JSON objects: numbers, arrays, null); turtle, ntriples, rdfxml or jsonld for "
                             "CONSTRUCT/DESCRIBE (default: table)")
    parser.add_argument("--wide", action="store_true", help="print every column and whole cells in a terminal")


def _remote(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of the store")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="give up on a server after this long (default: 60)")
    parser.add_argument("--user", help=f"HTTP basic auth user (or {USER_VARIABLE})")
    parser.add_argument("--password", help=f"HTTP basic auth password (or {PASSWORD_VARIABLE})")


def _drawing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", choices=VIEWS, default="org",
                        help="org (provider to recipient), dataset (dataset to recipient) or record (every share "
                             "with its bodies, datasets, agreement and documents) (default: org)")
    parser.add_argument("--recipient", action="append", default=[], metavar="NAME",
                        help="only shares to this body or its units (repeatable)")
    parser.add_argument("--purpose", action="append", default=[], metavar="NAME",
                        help="only shares for this purpose (repeatable)")
    parser.add_argument("--since", type=int, metavar="YEAR", help="only shares in or after this year")
    parser.add_argument("--until", type=int, metavar="YEAR", help="only shares in or before this year")


def _query_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    _output(parser)
    _remote(parser)
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter, bound as an RDF term (repeatable)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="flowatlas", formatter_class=EXAMPLE,
        description="A knowledge graph of who receives whose personal data across UK government, and why.",
        epilog="Examples:\n  flowatlas build && flowatlas flows\n  flowatlas query --list\n"
               "  flowatlas query recipient-profile --param recipient=DWP")
    main.add_argument("--version", action="version", version=f"flowatlas {__version__}")
    _common(main, store=False)
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", formatter_class=EXAMPLE, help="load documents into the store",
                       description="Load documents (.txt text, .html/.htm pages saved from a browser, .pdf with a "
                                   "text layer, .ods/.xlsx DfE data shares registers) and curated fact sheets "
                                   "(.yaml), files or folders, into the store; each document's graph replaces its "
                                   "previous version. A sheet replaces the automatic facts of the document it "
                                   "describes. Other files in a folder are skipped and listed. With no PATH, "
                                   "loads the bundled examples (the founding documents and their sheets).",
                       epilog="Examples:\n  flowatlas build\n  flowatlas build corpus/ --store /tmp/atlas -v\n"
                              "  flowatlas build corpus/ --jobs 1")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--jobs", type=_positive, default=default_jobs(), metavar="N",
                   help="read documents in N processes (default: every core, here %(default)s)")
    _common(p)
    p.set_defaults(run=build)

    p = sub.add_parser("extract", formatter_class=EXAMPLE, help="draft a curated fact sheet for a document",
                       description="Find the facts of one document (text, HTML, PDF or register) automatically "
                                   "and write them as a YAML fact sheet, each quote with a confidence, "
                                   "for review: confirm, correct or delete records, then build the sheet, which "
                                   "replaces the automatic facts for that document. The document path in the "
                                   "sheet is relative to the sheet's folder (the current folder without --out).",
                       epilog="Examples:\n  flowatlas extract foi.txt --out foi.yaml\n  flowatlas build foi.yaml")
    p.add_argument("document", type=Path, metavar="DOC")
    p.add_argument("--out", type=Path, metavar="SHEET", help="write the sheet here instead of to stdout")
    p.add_argument("--force", action="store_true", help="overwrite an existing sheet")
    _common(p, store=False)
    p.set_defaults(run=extract_command)

    p = sub.add_parser("flows", formatter_class=EXAMPLE, help="who receives what, and why: one row per share",
                       description="One row per share (the named query who-receives-what): provider, recipient, "
                                   "date, datasets, data items, purpose, legal basis, volumes, agreement, "
                                   "reference, sources.",
                       epilog="Examples:\n  flowatlas flows\n  flowatlas flows --format csv > flows.csv\n"
                              "  flowatlas flows --endpoint http://127.0.0.1:7878/query")
    _query_options(p)
    p.set_defaults(run=flows_command)

    names = ", ".join(q.name for q in named_queries())
    p = sub.add_parser("query", formatter_class=EXAMPLE, help="run a named query, a .rq file, stdin or --query",
                       description="Run SPARQL over the union of all documents' graphs (or on --endpoint). "
                                   f"Named queries: {names}. The predeclared prefixes (fa: dpv: orgs: share: ...) "
                                   "need no PREFIX line. CONSTRUCT and DESCRIBE print RDF, ASK prints true or "
                                   "false.",
                       epilog="Examples:\n  flowatlas query --list\n"
                              "  flowatlas query recipient-profile --param recipient=\"Home Office\"\n"
                              "  flowatlas query evidence --param share=2023-0020534 --format csv\n"
                              "  flowatlas query my-question.rq --format json\n"
                              "  echo 'ASK { ?s a fa:Share }' | flowatlas query -\n"
                              "  flowatlas query --query 'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a fa:Share }'")
    p.add_argument("name", nargs="?", metavar="NAME|FILE.rq|-")
    p.add_argument("--query", metavar="TEXT", help="the query itself")
    p.add_argument("--list", action="store_true", help="list the named queries with their questions and parameters")
    _query_options(p)
    p.set_defaults(run=query_command)

    p = sub.add_parser("model", formatter_class=EXAMPLE, help="every class and property, for query writers",
                       description="The model reference, read from ontology/*.ttl: every class and property the "
                                   "graph uses, with its meaning and a one-line example.",
                       epilog="Examples:\n  flowatlas model\n  flowatlas model --format markdown")
    _common(p, store=False)
    _output(p, TABLE_FORMATS)
    p.set_defaults(run=model_command)

    p = sub.add_parser("export", formatter_class=EXAMPLE, help="write the whole graph in an RDF format",
                       epilog="Examples:\n  flowatlas export --format trig > atlas.trig")
    _common(p)
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="trig", help="RDF format (default: trig)")
    p.set_defaults(run=export_command)

    p = sub.add_parser("publish", formatter_class=EXAMPLE, help="upload the store to a SPARQL server",
                       description="Upload every named graph (one per document, and the reference data) to a "
                                   "server: with --graph-store, one Graph Store Protocol PUT per graph; else one "
                                   "SPARQL Update (DROP + INSERT DATA) per graph to --endpoint. Each request "
                                   "replaces one graph whole, so publishing twice changes nothing and a failure "
                                   "midway leaves each graph as it was or as in the store.",
                       epilog="Examples:\n  flowatlas publish --graph-store http://127.0.0.1:7878/store\n"
                              "  flowatlas publish --endpoint http://localhost:3030/atlas/update --user admin")
    _common(p)
    _remote(p)
    p.add_argument("--graph-store", metavar="URL", help="the server's Graph Store Protocol URL")
    p.set_defaults(run=publish_command)

    p = sub.add_parser("validate", formatter_class=EXAMPLE, help="check how complete the record is: SHACL shapes, "
                                                              "gaps, contradictions, follow-up questions",
                       description="Validate the store against shapes/*.ttl and report: violations (malformed "
                                   "data), warnings (incomplete records), notes; for each share and agreement each "
                                   "field present, inherited from the agreement, withheld under an FOI exemption, "
                                   "or missing; completeness per recipient and per field; values two sources give "
                                   "differently or alike; and a follow-up FOI question for each gap, grouped per "
                                   "body. Exit code 0 when the store conforms at --fail-on, 1 when it does not, 2 "
                                   "on error.",
                       epilog="Examples:\n  flowatlas validate\n  flowatlas validate --format html > report.html\n"
                              "  flowatlas validate --fail-on warning --format json > report.json")
    _common(p)
    p.add_argument("--format", choices=("text", "markdown", "html", "json", "turtle"), default="text",
                   help="text (for a terminal), markdown, html (one self-contained page), json, or turtle (the "
                        "standard SHACL validation report) (default: text)")
    p.add_argument("--fail-on", choices=("violation", "warning", "never"), default="violation",
                   help="the severity that makes the exit code 1 (default: violation)")
    p.set_defaults(run=validate_command)

    p = sub.add_parser("network", formatter_class=EXAMPLE, help="network metrics, paths and volumes, or the graph "
                                                             "for Gephi and Cytoscape",
                       description="Project the shares onto a network (--by org: provider to recipient; dataset: "
                                   "dataset to recipient; record: bodies, datasets, shares, agreements and "
                                   "documents) and print, per node, shares and individuals returned out and in and "
                                   "betweenness; or every path by which data from a body or dataset reaches a "
                                   "recipient, onward sharing included (--from/--to); or individuals returned per "
                                   "recipient per year (--volumes); or write the graph as GraphML or GEXF.",
                       epilog="Examples:\n  flowatlas network\n  flowatlas network --from NPD --to DWP\n"
                              "  flowatlas network --volumes --format csv\n"
                              "  flowatlas network --by dataset --format graphml > flows.graphml")
    _common(p)
    _drawing(p)
    p.add_argument("--format", choices=("table", "csv", "json", "graphml", "gexf"), default="table",
                   help="table (fits the terminal), csv, json, or the graph as graphml or gexf (default: table)")
    p.add_argument("--wide", action="store_true", help="print every column and whole cells in a terminal")
    p.add_argument("--from", dest="source", metavar="NAME", help="a body or dataset data comes from (with --to)")
    p.add_argument("--to", dest="target", metavar="NAME", help="the body it reaches (with --from)")
    p.add_argument("--longest", type=int, default=4, metavar="HOPS", help="longest path to list (default: 4)")
    p.add_argument("--volumes", action="store_true", help="individuals returned per recipient per year")
    p.set_defaults(run=network_command)

    p = sub.add_parser("view", formatter_class=EXAMPLE, help="write the atlas page: an interactive HTML graph",
                       description="Write one self-contained HTML page (no request to any host: it opens on a "
                                   "laptop with no network): the network by organisation, dataset or record; click "
                                   "a node or link for its shares with their volumes, purposes, legal bases, "
                                   "agreements, gaps and quotes; filters, search, a timeline of volumes and the "
                                   "who-receives-what table. --recipient, --purpose, --since and --until narrow "
                                   "what the page holds.",
                       epilog="Examples:\n  flowatlas view --out atlas.html\n"
                              "  flowatlas view --by dataset --recipient DWP --since 2020 --out dwp.html\n"
                              "  flowatlas view --out - > atlas.html")
    _common(p)
    _drawing(p)
    p.add_argument("--out", type=Path, default=Path("atlas.html"), metavar="FILE",
                   help="where to write the page, - for stdout (default: atlas.html)")
    p.set_defaults(run=view_command)

    p = sub.add_parser("serve", formatter_class=EXAMPLE, help="the atlas page and a SPARQL endpoint with a query editor",
                       description="Serve the store: the atlas page (as `flowatlas view` writes it, drawn when the "
                                   "server starts) at the root, Oxigraph's SPARQL endpoint at /query and its query "
                                   "editor at /sparql. Read-only unless --writable.",
                       epilog="Examples:\n  flowatlas serve\n  flowatlas serve --bind 127.0.0.1:8000")
    _common(p)
    p.add_argument("--bind", default="127.0.0.1:7878", metavar="HOST:PORT",
                   help="where to listen (default: 127.0.0.1:7878, this machine only)")
    p.add_argument("--writable", action="store_true", help="accept SPARQL updates (writes to the store)")
    p.add_argument("--timeout", type=int, metavar="SECONDS", help="stop queries that run longer than this")
    p.set_defaults(run=serve_command)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    console = Console(getattr(args, "verbosity", 0))
    args.committed = False
    try:
        return args.run(args, console)
    except FlowatlasError as error:
        console.done()
        console.error(str(error))
        return 2
    except KeyboardInterrupt:
        console.done()
        if args.command == "build":
            console.error("interrupted; " + ("the store had just been updated" if args.committed
                                             else "store unchanged"))
        else:
            console.error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`flowatlas flows | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
