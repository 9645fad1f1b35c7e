"""The completeness report as one self-contained HTML page: readable, printable, tables that sort, and each quote
linked to its place in its document.

Every piece of text from a document or the store is escaped; the page's Content-Security-Policy allows no request to
any host and runs only its own script (by hash), so a document that carries markup shows it as text.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from pyoxigraph import NamedNode, Store, Variable

from flowatlas.graph.completeness import INHERITED, MISSING, PRESENT, WITHHELD, Comparison, Quote, Report
from flowatlas.graph.offline import offline_policy
from flowatlas.graph.report import by_field, by_recipient, headline, questions_by_body
from flowatlas.graph.shacl import WARNING

CONTEXT = 300  # characters of the document shown on each side of a quote

STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f1f1; cursor: pointer; user-select: none; } th[aria-sort]::after { content: " \\2195"; color: #888; }
td.present { background: #e9f6ec; } td.inherited { background: #eef3fb; } td.withheld { background: #fff4d6; }
td.missing { background: #fde8e8; font-weight: 600; }
.Violation { color: #a10000; font-weight: 600; } .Warning { color: #8a5a00; } .Info { color: #245; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #bbb; }
mark { background: #ffe98a; } article { margin: 1rem 0; } .context { white-space: pre-wrap; font-size: .9rem; }
nav a { margin-right: 1rem; } ol.questions li { margin: .35rem 0; }
@media print { nav { display: none; } th { cursor: auto; } a { color: inherit; text-decoration: none; } }
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (head, column) {
    head.setAttribute("aria-sort", "none");
    head.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var ascending = head.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


class _Sources:
    """The quotes the page links to, each shown in its document with the words around it."""

    def __init__(self, store: Store, report: Report) -> None:
        self.store = store
        self.report = report
        self.anchors: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def link(self, quote: Quote | None, document: str = "") -> str:
        if quote is None:
            return escape(document)
        anchor = self.anchors.setdefault(quote.excerpt, f"quote-{len(self.anchors) + 1}")
        shown = f"<blockquote>{escape(quote.text)}</blockquote>"
        return f'{escape(document)}{shown}<a href="#{anchor}">in the document</a>' if document else \
            f'{shown}<a href="#{anchor}">in the document</a>'

    def _document(self, iri: str) -> tuple[str, str, str]:
        """A document's text, title and web address."""
        rows = list(self.store.query(
            "SELECT ?d ?text ?label ?title ?url WHERE { ?d <https://w3id.org/flowatlas/ns#text> ?text ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label "
            "OPTIONAL { ?d <http://purl.org/dc/terms/title> ?title } "
            "OPTIONAL { ?d <http://purl.org/dc/terms/source> ?url } } LIMIT 1",
            use_default_graph_as_union=True, substitutions={Variable("d"): NamedNode(iri)}))
        if not rows:
            return "", iri, ""
        _, text, label, title, url = (term.value if term is not None else "" for term in rows[0])
        return text, title or label, url

    def section(self) -> str:
        parts = []
        for excerpt, anchor in self.anchors.items():
            quote = Quote("", excerpt)
            text, title, url = self._document(quote.document)
            start, end = quote.span
            before, words, after = text[max(0, start - CONTEXT):start], text[start:end], text[end:end + CONTEXT]
            source = escape(title)
            if urlsplit(url).scheme in ("http", "https"):
                source = f'<a href="{escape(url, quote=True)}">{source}</a>'
            parts.append(f'<article id="{anchor}"><h3>{source}, characters {start} to {end}</h3>'
                         f'<p class="context">…{escape(before)}<mark>{escape(words)}</mark>{escape(after)}…</p>'
                         "</article>")
        return "".join(parts) or "<p>No quotes are cited above.</p>"


def _table(names: list[str], rows: list[list[str]], classes: list[list[str]] | None = None) -> str:
    """A sortable table; cells are HTML already escaped by the caller."""
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    body = []
    for index, row in enumerate(rows):
        cells = classes[index] if classes else [""] * len(row)
        body.append("<tr>" + "".join(f'<td class="{c}">{cell}</td>' if c else f"<td>{cell}</td>"
                                     for cell, c in zip(row, cells)) + "</tr>")
    return f'<table class="sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _plain(names: list[str], rows: list[list[str]]) -> str:
    return _table(names, [[escape(cell) for cell in row] for row in rows])


def _comparison(comparison: Comparison, sources: _Sources) -> str:
    values = "".join(f"<li><strong>{escape(s.value)}</strong>: "
                     + "; ".join(sources.link(quote, name) for name, quote in s.documents) + "</li>"
                     for s in comparison.values)
    return f"<li>{escape(comparison.label)}, {escape(comparison.property)}<ul>{values}</ul></li>"


def html_report(report: Report, store: Store, level: str) -> str:
    """The whole report as one page."""
    sources = _Sources(store, report)
    verdict = "conforms" if report.conforms(level) else "does not conform"
    findings = _table(
        ["severity", "record", "finding", "value", "documents"],
        [[escape(f.severity), escape(f.focus_label), escape(f.result.message),
          escape(str(getattr(f.result.value, "value", ""))), escape(", ".join(f.documents))]
         for f in report.findings if f.result.severity != WARNING],
        [[f.severity, "", "", "", ""] for f in report.findings if f.result.severity != WARNING])
    record_tables = []
    for kind, fields in report.fields.items():
        records = [r for r in report.records if r.kind == kind]
        rows, classes = [], []
        for record in records:
            cells = [escape(record.label), f"{record.score:.0%}"]
            for name in fields:
                status = record.fields[name]
                shown = {PRESENT: "yes", INHERITED: "inherited", WITHHELD: "withheld", MISSING: "missing"}[status.status]
                detail = f"<br><small>{escape(status.detail)}</small>" if status.detail else ""
                quote = sources.link(status.quote) if status.quote else ""
                cells.append(f"{shown}{detail}{quote}")
            rows.append(cells)
            classes.append(["", ""] + [record.fields[name].status for name in fields])
        record_tables.append(f"<h2 id='{kind}s'>{escape(kind.capitalize())}s, field by field</h2>"
                             + _table([kind, "score", *fields], rows, classes))
    contradictions = "".join(_comparison(c, sources) for c in report.contradictions) or "<li>None.</li>"
    corroborations = "".join(_comparison(c, sources) for c in report.corroborations) or "<li>None.</li>"
    questions = "".join(f"<h3>To {escape(body)}</h3><ol class='questions'>"
                        + "".join(f"<li>{escape(text)}</li>" for text in texts) + "</ol>"
                        for body, texts in questions_by_body(report).items()) or "<p>None.</p>"
    policy = offline_policy([SCRIPT])
    body = f"""<h1>Completeness report</h1>
<p>{escape(headline(report))}; {verdict} at <code>--fail-on {escape(level)}</code>.</p>
<nav><a href="#findings">Violations and notes</a><a href="#shares">Shares</a><a href="#agreements">Agreements</a>
<a href="#recipients">By recipient</a><a href="#fields">By field</a><a href="#contradictions">Contradictions</a>
<a href="#questions">Follow-up questions</a><a href="#sources">Sources</a></nav>
<h2 id="findings">Violations and notes</h2>{findings}
{''.join(record_tables)}
<h2 id="recipients">Completeness by recipient</h2>{_plain(*by_recipient(report))}
<h2 id="fields">Completeness by field</h2>{_plain(*by_field(report))}
<h2 id="contradictions">Contradictions between sources</h2><ul>{contradictions}</ul>
<h2 id="corroborations">Corroborated by two or more sources</h2><ul>{corroborations}</ul>
<h2 id="questions">Follow-up questions</h2>{questions}
<h2 id="sources">Sources</h2>{sources.section()}"""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>flowatlas completeness report</title><style>{STYLE}</style></head>
<body>{body}<script>{SCRIPT}</script></body></html>
"""
