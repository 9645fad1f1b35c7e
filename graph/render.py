"""Results as text: a table that fits the terminal, CSV, TSV, Markdown, SPARQL 1.1 JSON, typed JSON records, and
RDF for CONSTRUCT and DESCRIBE.

What a person reads fits their screen (IRIs shortened to prefixed names, long cells cut with an ellipsis, columns
that cannot fit named on stderr); what a program reads is complete (full IRIs, every column, typed values).
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize

from flowatlas.graph.namespaces import PREFIXES, XSD
from flowatlas.graph.results import Answer, Graph, Result, Table, Term

TABLE_FORMATS = ("table", "csv", "tsv", "json", "markdown", "records")
RDF_FORMATS = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES, "rdfxml": RdfFormat.RDF_XML,
               "jsonld": RdfFormat.JSON_LD}
FORMATS = TABLE_FORMATS + tuple(RDF_FORMATS)
LIST_SEPARATOR = "; "
MIN_COLUMN = 10  # narrower than this, a cell says nothing
MIN_FIRST_COLUMN = 24  # the first column names the row (a share, an agreement): it gets more
INTEGER_TYPES = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                         "positiveInteger", "unsignedInt", "unsignedLong")}
NUMBER_TYPES = {XSD + name for name in ("decimal", "double", "float")}
# Longest namespace first, so orgs: wins over the id/ namespace it sits in.
_NAMESPACES = sorted(((ns, name) for name, ns in PREFIXES.items()), key=lambda pair: -len(pair[0]))


@dataclass(frozen=True)
class Columns:
    """What a query's header says about its columns: which hold lists (joined with '; ') and which lists hold
    integers. Other columns are typed by their values' datatypes."""

    lists: frozenset[str] = field(default_factory=frozenset)
    integers: frozenset[str] = field(default_factory=frozenset)

    def is_list(self, name: str) -> bool:
        return name in self.lists or name in self.integers


def curie(iri: str) -> str:
    """An IRI as a prefixed name when a predeclared prefix covers it (orgs:dwp, share:ref-2023-0020534)."""
    for namespace, name in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def _items(cell: str) -> list[str]:
    return sorted(cell.split(LIST_SEPARATOR)) if cell else []


def _plain(term: Term | None, name: str, columns: Columns, short: bool) -> str:
    """A cell's text: lists in a stable order (engines aggregate in any order), IRIs in full or shortened."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return curie(term.value) if short else term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if columns.is_list(name):
        return LIST_SEPARATOR.join(_items(term.value))
    return term.value


def plain_rows(table: Table, columns: Columns, short: bool = False) -> list[list[str]]:
    """Every cell as text."""
    return [[_plain(term, name, columns, short) for name, term in zip(table.names, row)] for row in table.rows]


def _typed(term: Term | None, name: str, columns: Columns) -> object:
    """A cell as a JSON value: numbers as numbers, lists as arrays, missing as null."""
    if term is None:
        return None
    if name in columns.integers:
        return [int(item) for item in _items(term.value)] or None
    if name in columns.lists:
        return _items(term.value) or None
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype else ""
        try:
            if datatype in INTEGER_TYPES:
                return int(term.value)
            if datatype in NUMBER_TYPES:
                return float(term.value)
        except ValueError:
            return term.value  # an ill-typed literal stays as written
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != XSD + "string":
        value["datatype"] = term.datatype.value
    return value


def sparql_json(result: Table | Answer) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if isinstance(result, Answer):
        return json.dumps({"head": {}, "boolean": result.value}) + "\n"
    bindings = [{name: _json_term(term) for name, term in zip(result.names, row) if term is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.names}, "results": {"bindings": bindings}}, ensure_ascii=False,
                      indent=1) + "\n"


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide East Asian characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    """Text cut to a display width, with an ellipsis where something was cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = display_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…"


def fit_widths(natural: list[int], width: int) -> list[int]:
    """Column widths within `width`, separators included: each column at least MIN_COLUMN (the first
    MIN_FIRST_COLUMN) or its natural width, as many columns as fit in that way, the rest of the space shared by the
    columns that need more. Columns that do not fit get width 0."""
    gap = 2
    floors = [min(n, MIN_FIRST_COLUMN if i == 0 else MIN_COLUMN) for i, n in enumerate(natural)]
    shown = 0
    while shown < len(natural) and sum(floors[:shown + 1]) + gap * shown <= width:
        shown += 1
    shown = max(shown, 1)
    widths = floors[:shown] + [0] * (len(natural) - shown)
    spare = width - sum(widths) - gap * (shown - 1)
    while spare > 0:
        wanting = [i for i in range(shown) if widths[i] < natural[i]]
        if not wanting:
            break
        share = max(spare // len(wanting), 1)
        for i in wanting:
            extra = min(share, natural[i] - widths[i], spare)
            widths[i] += extra
            spare -= extra
    return widths


@dataclass
class Text:
    """Rendered output and anything the reader should know that is not part of it (for stderr)."""

    body: str
    notes: list[str] = field(default_factory=list)


def table_text(names: list[str], rows: list[list[str]], width: int | None) -> Text:
    """Aligned columns; within `width` when given (a terminal), else every cell whole."""
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]  # a quote's line breaks would break the row
    notes: list[str] = []
    keep = list(range(len(names)))
    if width is not None:
        empty = [i for i in keep if rows and not any(row[i] for row in rows)]
        if empty and len(empty) < len(names):
            keep = [i for i in keep if i not in empty]
            notes.append("empty columns not shown: " + ", ".join(names[i] for i in empty))
    natural = [max([display_width(names[i])] + [display_width(row[i]) for row in rows]) for i in keep]
    widths = fit_widths(natural, width) if width is not None else natural
    hidden = [names[i] for i, w in zip(keep, widths) if w == 0]
    if hidden:
        notes.append(f"{len(hidden)} more columns: {', '.join(hidden)} (--wide or --format csv shows them)")

    def line(cells: list[str]) -> str:
        parts = [_cut(cells[i], w) + " " * (w - display_width(_cut(cells[i], w)))
                 for i, w in zip(keep, widths) if w]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths if w)
    body = "\n".join([line(names), rule] + [line(row) for row in rows]) + "\n"
    return Text(body, notes)


def _markdown(names: list[str], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
    lines = ["| " + " | ".join(cell(n) for n in names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _delimited(names: list[str], rows: Iterable[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    if delimiter == "\t":
        # TSV has no quoting: tabs and line breaks inside a value are escaped instead.
        def escape(text: str) -> str:
            return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        buffer.write("\t".join(names) + "\n")
        for row in rows:
            buffer.write("\t".join(escape(c) for c in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)
    return buffer.getvalue()


def render(result: Result, fmt: str, columns: Columns = Columns(), width: int | None = None) -> Text:
    """A result in an output format. `width` is the terminal's when the table goes to one (None: whole cells).
    ValueError when the format does not suit the result (a table format for a graph, RDF for a table)."""
    if isinstance(result, Graph):
        if fmt not in RDF_FORMATS:
            fmt = "turtle"
        data = serialize(result.triples, format=RDF_FORMATS[fmt], prefixes=PREFIXES)  # type: ignore[arg-type]
        return Text(data.decode("utf-8"))
    if fmt in RDF_FORMATS:
        raise ValueError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries; this one gives a "
                         f"{'table' if isinstance(result, Table) else 'true/false answer'}")
    if isinstance(result, Answer):
        return Text(sparql_json(result) if fmt == "json" else ("true" if result.value else "false") + "\n")
    if fmt == "json":
        return Text(sparql_json(result))
    if fmt == "records":
        records = [{name: _typed(term, name, columns) for name, term in zip(result.names, row)}
                   for row in result.rows]
        return Text(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    short = fmt in ("table", "markdown")
    rows = plain_rows(result, columns, short=short)
    if fmt == "csv":
        return Text(_delimited(result.names, rows, ","))
    if fmt == "tsv":
        return Text(_delimited(result.names, rows, "\t"))
    if fmt == "markdown":
        return Text(_markdown(result.names, rows))
    return table_text(result.names, rows, width)
