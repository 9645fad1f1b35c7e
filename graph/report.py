"""The completeness report as text for a terminal, Markdown, JSON, and the standard SHACL validation report in Turtle
(which other SHACL tools read). The HTML page is graph/report_html.py."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, serialize

from flowatlas.graph.completeness import (
    INHERITED, MISSING, PRESENT, WITHHELD, Comparison, Quote, Record, Report,
)
from flowatlas.graph.namespaces import PREFIXES, RDF, SH, XSD
from flowatlas.graph.render import curie, table_text
from flowatlas.graph.shacl import INFO, VIOLATION, WARNING, Shapes

TEXT_LIMIT = 50  # lines per list in a terminal; every format but text lists everything
MARKS = {PRESENT: "yes", INHERITED: "inherited", WITHHELD: "withheld", MISSING: "MISSING"}


def headline(report: Report) -> str:
    shares = sum(r.kind == "share" for r in report.records)
    agreements = sum(r.kind == "agreement" for r in report.records)
    return (f"{shares} shares and {agreements} agreements checked: {report.count(VIOLATION)} violations, "
            f"{report.count(WARNING)} warnings, {report.count(INFO)} notes; {len(report.contradictions)} "
            f"contradictions, {len(report.corroborations)} corroborations between sources")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def by_recipient(report: Report) -> tuple[list[str], list[list[str]]]:
    """Per recipient: shares, complete shares, and each field's completeness (present or inherited) in %."""
    fields = report.fields.get("share", [])
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in report.records:
        if record.kind == "share":
            groups["; ".join(sorted(record.recipient)) or "(no recipient)"].append(record)
    rows = []
    for recipient, shares in sorted(groups.items()):
        cells = [recipient, str(len(shares)), _percent(sum(s.complete for s in shares), len(shares))]
        cells += [_percent(sum(s.fields[f].status in (PRESENT, INHERITED) for s in shares), len(shares))
                  for f in fields]
        rows.append(cells)
    return ["recipient", "shares", "complete", *fields], rows


def by_field(report: Report) -> tuple[list[str], list[list[str]]]:
    """Per field of each kind of record: present, inherited, withheld and missing, in %."""
    rows = []
    for kind, fields in report.fields.items():
        records = [r for r in report.records if r.kind == kind]
        for name in fields:
            statuses = [r.fields[name].status for r in records]
            rows.append([kind, name] + [_percent(statuses.count(s), len(records))
                                        for s in (PRESENT, INHERITED, WITHHELD, MISSING)])
    return ["record", "field", "present", "inherited", "withheld", "missing"], rows


def gaps(record: Record) -> str:
    """What a record lacks, and why: '... missing: legal basis; withheld: agreement (redacted under FOIA s40 ...)'."""
    parts = []
    missing = [name for name, s in record.fields.items() if s.status == MISSING]
    if missing:
        parts.append("missing " + ", ".join(missing))
    parts += [f"{name} {s.detail}" for name, s in record.fields.items() if s.status == WITHHELD]
    parts += [f"{name} inherited {s.detail}" for name, s in record.fields.items() if s.status == INHERITED]
    return "; ".join(parts)


def _comparison_lines(comparison: Comparison, with_quotes: bool) -> list[str]:
    lines = [f"{comparison.label}: {comparison.property}"]
    for sourced in comparison.values:
        lines.append(f"  {sourced.value}: " + ", ".join(name for name, _ in sourced.documents))
        if with_quotes:
            lines += [f'    {name}: "{quote.text}"' for name, quote in sourced.documents if quote]
    return lines


def questions_by_body(report: Report) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for question in report.questions:
        grouped[question.body].append(question.text)
    return dict(grouped)


def _limited(lines: list[str], what: str) -> list[str]:
    if len(lines) <= TEXT_LIMIT:
        return lines
    return lines[:TEXT_LIMIT] + [f"  ... and {len(lines) - TEXT_LIMIT} more {what} (--format markdown, html or json "
                                 "lists all)"]


def text_report(report: Report, width: int | None, level: str) -> str:
    """For a terminal: the summary, what is wrong, what is missing, what disagrees, and the questions to send,
    grouped per body so they can be pasted into a request."""
    verdict = "conforms" if report.conforms(level) else "does not conform"
    out = [f"{headline(report)}; {verdict} at --fail-on {level}", ""]
    serious = [f for f in report.findings if f.result.severity != WARNING]
    out.append("Violations and notes:" if serious else "Violations and notes: none")
    out += _limited([f"  {f.severity.upper()} {f.focus_label}: {f.result.message}"
                     + (f" ({_value(f.result.value)})" if f.result.value is not None else "")
                     + (f" [{', '.join(f.documents)}]" if f.documents else "") for f in serious], "results")
    incomplete = [r for r in report.records if not r.complete or any(s.status == INHERITED for s in r.fields.values())]
    out += ["", "Records with gaps:" if incomplete else "Records with gaps: none"]
    out += _limited([f"  {r.kind} {r.label} ({r.score:.0%}): {gaps(r)}" for r in incomplete], "records")
    for title, (names, rows) in (("Completeness by recipient (present or inherited):", by_recipient(report)),
                                 ("Completeness by field:", by_field(report))):
        out += ["", title] + ["  " + line for line in table_text(names, rows, width and width - 2).body.splitlines()]
    out += ["", "Contradictions between sources:" if report.contradictions else "Contradictions between sources: none"]
    out += ["  " + line for c in report.contradictions for line in _comparison_lines(c, with_quotes=True)]
    out += ["", "Corroborated by two or more sources:" if report.corroborations else
            "Corroborated by two or more sources: none"]
    out += _limited(["  " + " ".join(_comparison_lines(c, with_quotes=False)) for c in report.corroborations],
                    "corroborations")
    grouped = questions_by_body(report)
    out += ["", "Follow-up questions:" if grouped else "Follow-up questions: none"]
    for body, texts in grouped.items():
        out += [f"  To {body}:"] + [f"    {n}. {text}" for n, text in enumerate(texts, 1)]
    return "\n".join(out) + "\n"


def _value(term: object) -> str:
    if isinstance(term, NamedNode):
        return curie(term.value)
    return str(getattr(term, "value", term))


def _markdown_table(names: list[str], rows: Iterable[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")
    return ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)] + \
           ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]


def markdown_report(report: Report, level: str) -> str:
    """The same report as Markdown, every list whole."""
    verdict = "conforms" if report.conforms(level) else "does not conform"
    out = ["# Completeness report", "", f"{headline(report)}; {verdict} at --fail-on {level}.", "",
           "## Violations, warnings and notes", ""]
    out += _markdown_table(["severity", "record", "finding", "value", "documents"],
                           [[f.severity, f.focus_label, f.result.message,
                             _value(f.result.value) if f.result.value is not None else "", ", ".join(f.documents)]
                            for f in report.findings])
    for kind, fields in report.fields.items():
        out += ["", f"## {kind.capitalize()}s, field by field", ""]
        out += _markdown_table([kind, "score", *fields],
                               [[r.label, f"{r.score:.0%}"] + [_status(r.fields[f]) for f in fields]
                                for r in report.records if r.kind == kind])
    for title, (names, rows) in (("Completeness by recipient", by_recipient(report)),
                                 ("Completeness by field", by_field(report))):
        out += ["", f"## {title}", ""] + _markdown_table(names, rows)
    out += ["", "## Contradictions between sources", ""]
    out += [line for c in report.contradictions for line in ["- " + _comparison_lines(c, True)[0]]
            + ["  " + x for x in _comparison_lines(c, True)[1:]]] or ["None."]
    out += ["", "## Corroborated by two or more sources", ""]
    out += ["- " + " ".join(_comparison_lines(c, False)) for c in report.corroborations] or ["None."]
    out += ["", "## Follow-up questions", ""]
    for body, texts in questions_by_body(report).items():
        out += [f"### To {body}", ""] + [f"{n}. {text}" for n, text in enumerate(texts, 1)] + [""]
    return "\n".join(out).rstrip() + "\n"


def _status(status: object) -> str:
    label = MARKS[status.status]  # type: ignore[attr-defined]
    return f"{label} ({status.detail})" if status.detail else label  # type: ignore[attr-defined]


def _quote_json(quote: Quote | None) -> dict[str, object] | None:
    if quote is None:
        return None
    start, end = quote.span
    return {"text": quote.text, "document": quote.document, "start": start, "end": end, "excerpt": quote.excerpt}


def json_report(report: Report, level: str) -> str:
    """Everything, for programs."""
    recipients, fields = by_recipient(report), by_field(report)
    data = {
        "summary": {"shares": sum(r.kind == "share" for r in report.records),
                    "agreements": sum(r.kind == "agreement" for r in report.records),
                    "violations": report.count(VIOLATION), "warnings": report.count(WARNING),
                    "notes": report.count(INFO), "conforms": report.conforms(level), "fail_on": level},
        "results": [{"severity": f.severity, "focus": f.result.focus.value, "focus_label": f.focus_label,
                     "path": f.result.path.sparql if f.result.path else None,
                     "value": getattr(f.result.value, "value", None), "message": f.result.message,
                     "component": curie(f.result.component), "documents": f.documents} for f in report.findings],
        "records": [{"record": r.iri, "kind": r.kind, "label": r.label, "score": round(r.score, 4),
                     "provider": r.provider, "recipient": r.recipient, "parties": r.parties,
                     "fields": {name: s.status for name, s in r.fields.items()},
                     "details": {name: {"detail": s.detail or None, "quote": _quote_json(s.quote)}
                                 for name, s in r.fields.items() if s.detail or s.quote}} for r in report.records],
        "by_recipient": [dict(zip(recipients[0], row)) for row in recipients[1]],
        "by_field": [dict(zip(fields[0], row)) for row in fields[1]],
        "contradictions": [_comparison_json(c) for c in report.contradictions],
        "corroborations": [_comparison_json(c) for c in report.corroborations],
        "questions": [{"body": q.body, "record": q.record, "field": q.field, "question": q.text,
                       "document": q.document} for q in report.questions],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _comparison_json(comparison: Comparison) -> dict[str, object]:
    return {"record": comparison.record, "label": comparison.label, "property": comparison.property,
            "values": [{"value": s.value, "sources": [{"document": name, "quote": _quote_json(quote)}
                                                      for name, quote in s.documents]} for s in comparison.values]}


def turtle_report(report: Report, shapes: Shapes) -> str:
    """The standard SHACL validation report (sh:ValidationReport), with the definitions of the blank-node shapes
    and paths it points at, so any SHACL tool can read it."""
    quads: list[Quad] = []
    root = BlankNode()

    def add(s: NamedNode | BlankNode, p: str, o: NamedNode | BlankNode | Literal) -> None:
        quads.append(Quad(s, NamedNode(p), o))

    add(root, RDF + "type", NamedNode(SH + "ValidationReport"))
    # SHACL: a data graph conforms when validation produced no result at all, whatever its severity.
    add(root, SH + "conforms", Literal("false" if report.results else "true", datatype=NamedNode(XSD + "boolean")))
    referenced: set[BlankNode] = set()
    for result in report.results:
        node = BlankNode()
        add(root, SH + "result", node)
        add(node, RDF + "type", NamedNode(SH + "ValidationResult"))
        add(node, SH + "focusNode", result.focus)  # type: ignore[arg-type]
        if result.path is not None:
            add(node, SH + "resultPath", result.path.node)  # type: ignore[arg-type]
            if isinstance(result.path.node, BlankNode):
                referenced.add(result.path.node)
        if result.value is not None:
            add(node, SH + "value", result.value)  # type: ignore[arg-type]
        add(node, SH + "resultSeverity", NamedNode(result.severity))
        add(node, SH + "sourceShape", result.shape)  # type: ignore[arg-type]
        if isinstance(result.shape, BlankNode):
            referenced.add(result.shape)
        add(node, SH + "sourceConstraintComponent", NamedNode(result.component))
        if result.message:
            add(node, SH + "resultMessage", Literal(result.message))
    quads += _definitions(shapes, referenced)
    return serialize(quads, format=RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")  # type: ignore[arg-type]


def _definitions(shapes: Shapes, nodes: set[BlankNode]) -> list[Quad]:
    """The triples that define blank nodes of the shapes graph, and the blank nodes they reach."""
    found, seen, todo = [], set(), list(nodes)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in shapes.graph.quads_for_pattern(node, None, None):
            found.append(Quad(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, BlankNode):
                todo.append(quad.object)
    return found
