"""How complete is the record? The validation results read as analysts need them: for each share and agreement, each
field present, inherited from the agreement, withheld under an FOI exemption, or missing; completeness per recipient
and per field; values that two sources give differently (contradictions) or alike (corroborations); and, for each
gap, the FOI question to send to the body that holds the answer.

Everything here is read from the shapes: a field is a shape annotated with fa:field, its alternatives are the paths
of its sh:or (an alternative marked fa:inheritedFrom takes the value from another record), its question is its
fa:followUpQuestion, asked of the body its fa:askedOf names; the properties compared between sources are those
marked fa:comparedAcrossSources.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Store

from flowatlas.graph.namespaces import FA, PREFIXES, SH
from flowatlas.graph.render import curie
from flowatlas.graph.shacl import VIOLATION, WARNING, Result, ShapePath, Shapes, Validator
from flowatlas.graph.store import values

PRESENT, INHERITED, WITHHELD, MISSING = "present", "inherited", "withheld", "missing"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CHUNK = 500  # records per query when details are fetched for some records only
# The facts a follow-up question names, and where each is found.
DETAILS = {"date": "?r dct:date ?v", "period": "?r dct:temporal ?v", "returned": "?r fa:subjectsReturned ?v",
           "requested": "?r fa:subjectsRequested ?v", "reference": "?r fa:reference ?v",
           "title": "GRAPH ?d { ?r a ?type } ?d dct:title ?v"}
FOI_REFERENCE = re.compile(r"\bref(?:erence)?\.?:?\s*([A-Z]{0,4}[0-9][\w/-]*[0-9])", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """A field of a complete record, as a shape defines it."""

    name: str
    shape: object  # the shapes-graph node whose results say the field is missing
    target_class: str
    alternatives: tuple[tuple[ShapePath, str], ...]  # (path, the record it is inherited from, or "")
    asked_of: str
    question: str
    message: str


@dataclass(frozen=True)
class Quote:
    """A document's words: the text, and the excerpt IRI that places it (<document>#char=start,end)."""

    text: str
    excerpt: str

    @property
    def document(self) -> str:
        return self.excerpt.partition("#")[0]

    @property
    def span(self) -> tuple[int, int]:
        start, _, end = self.excerpt.rpartition("#char=")[2].partition(",")
        return int(start), int(end)


@dataclass(frozen=True)
class Status:
    """One field of one record. Frozen, so that the statuses without details are shared: 1e5 shares have 800,000
    fields."""

    status: str
    detail: str = ""
    quote: Quote | None = None


PRESENT_STATUS, MISSING_STATUS = Status(PRESENT), Status(MISSING)


@lru_cache(maxsize=None)
def inherited_status(source: str) -> Status:
    return Status(INHERITED, f"from the {source}")


@dataclass
class Record:
    """A share or an agreement, with its fields and what it takes to ask about it."""

    iri: str
    kind: str
    label: str
    fields: dict[str, Status] = field(default_factory=dict)
    provider: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        done = sum(s.status in (PRESENT, INHERITED) for s in self.fields.values())
        return done / len(self.fields) if self.fields else 1.0

    @property
    def complete(self) -> bool:
        return all(s.status in (PRESENT, INHERITED) for s in self.fields.values())


@dataclass
class Sourced:
    """A value and the documents that state it, each with its quote where one was looked up."""

    value: str
    documents: list[tuple[str, Quote | None]]  # (document name, quote)


@dataclass
class Comparison:
    """A property of a record that two or more documents state: differently, or alike."""

    record: str
    label: str
    property: str
    values: list[Sourced]

    @property
    def contradicts(self) -> bool:
        return len(self.values) > 1


@dataclass
class Question:
    """A follow-up FOI question for one gap, addressed to the body that holds the answer."""

    body: str
    record: str
    field: str
    text: str
    document: str


@dataclass
class Finding:
    """A validation result with what a reader needs: labels and the documents that state the value."""

    result: Result
    focus_label: str
    documents: list[str]

    @property
    def severity(self) -> str:
        return self.result.severity.rsplit("#", 1)[-1]


@dataclass
class Report:
    """Everything `flowatlas validate` says."""

    findings: list[Finding]
    records: list[Record]
    fields: dict[str, list[str]]  # kind -> field names, in the shapes' order
    comparisons: list[Comparison]
    questions: list[Question]
    results: list[Result]

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def conforms(self, level: str) -> bool:
        """No result at the level or worse ('violation', 'warning'); 'never' always conforms."""
        worst = {"violation": {VIOLATION}, "warning": {VIOLATION, WARNING}, "never": set()}[level]
        return not any(r.severity in worst for r in self.results)

    @property
    def contradictions(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.contradicts]

    @property
    def corroborations(self) -> list[Comparison]:
        return [c for c in self.comparisons if not c.contradicts]


def read_fields(shapes: Shapes) -> list[Field]:
    """The fields of complete records, from the shapes annotated with fa:field, in their sh:order."""
    found: list[tuple[float, Field]] = []
    for root in shapes.roots():
        classes = [target.value for kind, target in root.targets if kind == "targetClass"]
        for shape in [root, *root.properties]:
            name = shapes.one(shape.node, FA + "field")
            if name is None or not classes:
                continue
            members = next((parameter for kind, parameter in shape.constraints if kind == "or"), None)
            if members is not None:
                alternatives = tuple((member.path, _text(shapes.one(member.node, FA + "inheritedFrom")))
                                     for member in members)  # type: ignore[attr-defined]
            else:
                alternatives = ((shape.path, ""),)
            asked = shapes.one(shape.node, FA + "askedOf")
            order = shapes.one(shape.node, SH + "order")
            found.append((float(order.value) if order is not None else 0.0,
                          Field(name.value, shape.node, classes[0], alternatives,  # type: ignore[arg-type]
                                asked.value if asked is not None else "",
                                _text(shapes.one(shape.node, FA + "followUpQuestion")), shape.message)))
    return [fld for _, fld in sorted(found, key=lambda pair: pair[0])]


def _text(term: object) -> str:
    return term.value if term is not None else ""  # type: ignore[attr-defined]


def compared_properties(shapes: Shapes) -> list[str]:
    """The properties whose values are compared between documents."""
    return sorted(q.subject.value for q in shapes.graph.quads_for_pattern(
        None, NamedNode(FA + "comparedAcrossSources"), Literal("true", datatype=NamedNode(PREFIXES["xsd"] + "boolean"))))


class Completeness:
    """Builds the report from a store and its validation results."""

    def __init__(self, store: Store, shapes: Shapes, results: list[Result]) -> None:
        self.store = store
        self.shapes = shapes
        self.results = results
        self.fields = read_fields(shapes)
        self._labels: dict[str, str] | None = None

    def _rows(self, query: str) -> list[list[str | None]]:
        return values(self.store, query)

    @property
    def labels(self) -> dict[str, str]:
        """Short labels of reference nodes and records, and names of documents."""
        if self._labels is None:
            self._labels = {}
            for node, label in self._rows("SELECT ?n ?l WHERE { { ?n rdfs:label ?l } UNION { ?n skos:prefLabel ?l } }"):
                self._labels.setdefault(node, label)  # type: ignore[arg-type]
            for node, label in self._rows("SELECT ?n ?l WHERE { ?n skos:prefLabel ?l }"):
                self._labels[node] = label  # type: ignore[index]
        return self._labels

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or curie(iri)

    def report(self) -> Report:
        records = self.records()
        self._describe(records)
        comparisons = self._comparisons(records)
        return Report(self._findings(), list(records.values()),
                      {kind: list(dict.fromkeys(f.name for f in self.fields if _kind(f.target_class) == kind))
                       for kind in ("share", "agreement")},
                      comparisons, self._questions(records), self.results)

    # --- fields of each record --------------------------------------------------------------------------------------

    def records(self) -> dict[str, Record]:
        """Every share and agreement with the status of each of its fields."""
        failing: dict[object, set[str]] = defaultdict(set)
        for result in self.results:
            failing[result.shape].add(result.focus.value)  # type: ignore[union-attr]
        withheld = self._exemptions()
        records: dict[str, Record] = {}
        for target_class in dict.fromkeys(f.target_class for f in self.fields):
            for (iri,) in self._rows(f"SELECT DISTINCT ?r WHERE {{ ?r a <{target_class}> }}"):
                records[iri] = Record(iri, _kind(target_class), self.label(iri))  # type: ignore[arg-type]
        for fld in self.fields:
            direct = [path for path, inherited in fld.alternatives if not inherited]
            without_direct = self._lacking(fld.target_class, direct) if len(direct) < len(fld.alternatives) else set()
            for iri, record in records.items():
                if record.kind != _kind(fld.target_class):
                    continue
                if iri in failing.get(fld.shape, set()):
                    exemption = withheld.get(iri)
                    record.fields[fld.name] = exemption if exemption is not None else MISSING_STATUS
                elif iri in without_direct:
                    source = next(inherited for _, inherited in fld.alternatives if inherited)
                    record.fields[fld.name] = inherited_status(source)
                else:
                    record.fields[fld.name] = PRESENT_STATUS
        return records

    def _lacking(self, target_class: str, paths: list[ShapePath]) -> set[str]:
        """The records of a class with no value along any of the paths."""
        minus = " ".join(f"MINUS {{ ?r {path.sparql} ?v }}" for path in paths)
        return {iri for (iri,) in self._rows(f"SELECT DISTINCT ?r WHERE {{ ?r a <{target_class}> {minus} }}")}  # type: ignore

    def _exemptions(self) -> dict[str, Status]:
        """For each record an exemption was applied to, what was withheld or redacted under which sections (withheld
        first), and the authority's words."""
        found: dict[str, list[tuple[str, Quote | None]]] = defaultdict(list)
        places: dict[str, str] = {}
        for exemption, excerpt in self._rows("""
            SELECT ?exemption ?excerpt WHERE { ?exemption a fa:Exemption ; ^oa:hasBody/oa:hasTarget ?excerpt }
            ORDER BY ?exemption ?excerpt"""):
            places.setdefault(str(exemption), str(excerpt))
        words = self._words(sorted(set(places.values())))
        quotes = {exemption: Quote(words[excerpt], excerpt) for exemption, excerpt in places.items() if excerpt in words}
        for exemption, target, section, provision, treatment in self._rows("""
            SELECT DISTINCT ?exemption ?target ?section ?provision ?treatment WHERE {
              ?exemption a fa:Exemption ; fa:appliedTo ?target ; fa:treatment ?treatment ;
                         fa:exemptionCited/skos:prefLabel ?section .
              OPTIONAL { ?exemption fa:provisionText ?provision }
            } ORDER BY ?target DESC(?treatment) ?section"""):
            cited = f"{section} ({provision})" if provision else str(section)
            found[str(target)].append((f"{treatment} under {cited}", quotes.get(str(exemption))))
        return {target: Status(WITHHELD, "; ".join(dict.fromkeys(detail for detail, _ in uses)), uses[0][1])
                for target, uses in found.items()}

    def _words(self, excerpts: list[str]) -> dict[str, str]:
        """The quoted words of some excerpts."""
        found: dict[str, str] = {}
        for chunk in _chunks(excerpts):
            listed = " ".join(f"<{iri}>" for iri in chunk)
            for excerpt, exact in self._rows(f"SELECT ?e ?w WHERE {{ VALUES ?e {{ {listed} }} "
                                             "?e oa:hasSelector/oa:exact ?w }"):
                found[str(excerpt)] = str(exact)
        return found

    def _describe(self, records: dict[str, Record]) -> None:
        """Who provides and receives each share, the parties of each agreement, and the documents stating each."""
        for prop, attribute in (("fa:provider", "provider"), ("dpv:hasRecipient", "recipient"), ("fa:party", "parties")):
            for iri, node in self._rows(f"SELECT DISTINCT ?r ?n WHERE {{ ?r {prop} ?n }}"):
                if iri in records:
                    getattr(records[iri], attribute).append(self.label(node))  # type: ignore[arg-type]
        # The documents stating a record name it in follow-up questions: read only for records with gaps.
        gapped = sorted(iri for iri, record in records.items() if not record.complete)
        for chunk in _chunks(gapped):
            listed = " ".join(f"<{iri}>" for iri in chunk)
            for iri, document in self._rows(f"SELECT DISTINCT ?r ?d WHERE {{ VALUES ?r {{ {listed} }} "
                                            "GRAPH ?d { ?r a ?type } ?d a fa:Document }"):
                records[str(iri)].documents.append(str(document))

    # --- findings ---------------------------------------------------------------------------------------------------

    def _findings(self) -> list[Finding]:
        """Every result, with the documents that state its value (a typo or an unknown alias names its source), or
        else the documents that state its focus node. Asked in chunks led by the results, one query per path."""
        by_value: dict[str, list[Result]] = defaultdict(list)
        by_focus: list[Result] = []
        for result in self.results:
            if _stated_value(result):
                by_value[result.path.sparql].append(result)  # type: ignore[union-attr]
            elif isinstance(result.focus, NamedNode):
                by_focus.append(result)
        stated: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for path, results in by_value.items():
            for start in range(0, len(results), CHUNK):
                pairs = " ".join(f"({r.focus} {r.value})" for r in results[start:start + CHUNK])
                for focus, value, document in self._rows(
                        f"SELECT DISTINCT ?f ?v ?d WHERE {{ VALUES (?f ?v) {{ {pairs} }} GRAPH ?d {{ ?f {path} ?v }} }}"):
                    stated[(str(focus), path, str(value))].add(self.label(str(document)))
        focuses = sorted({str(result.focus.value) for result in by_focus})  # type: ignore[union-attr]
        for chunk in _chunks(focuses):
            listed = " ".join(f"<{iri}>" for iri in chunk)
            for focus, document in self._rows(f"SELECT DISTINCT ?f ?d WHERE {{ VALUES ?f {{ {listed} }} "
                                              "GRAPH ?d { ?f ?p ?o } ?d a fa:Document }"):
                stated[(str(focus),)].add(self.label(str(document)))
        findings = []
        for result in self.results:
            focus = str(result.focus.value)  # type: ignore[union-attr]
            key = ((focus, result.path.sparql, str(result.value.value))  # type: ignore[union-attr]
                   if _stated_value(result) else (focus,))
            findings.append(Finding(result, self.label(focus), sorted(stated.get(key, ()))))
        return findings

    # --- sources compared -------------------------------------------------------------------------------------------

    def _comparisons(self, records: dict[str, Record]) -> list[Comparison]:
        """Each compared property of a record stated by two or more documents, or with two or more values."""
        properties = " ".join(f"<{prop}>" for prop in compared_properties(self.shapes))
        if not properties:
            return []
        contradicted: dict[str, list[str]] = defaultdict(list)
        for record, prop in self._rows(f"""
            SELECT ?r ?p WHERE {{ VALUES ?p {{ {properties} }} GRAPH ?d {{ ?r ?p ?v }} }}
            GROUP BY ?r ?p HAVING (COUNT(DISTINCT ?v) > 1)"""):
            contradicted[str(prop)].append(str(record))
        found = [c for prop, records in contradicted.items() for c in self._stated(prop, records)]
        # Alike in two or more documents: the value and the documents, in one pass (no quotes needed). Grouped in
        # the store, which compares terms without decoding them: decoding an IRI costs ~6 us, and the documents
        # of 1e5 shares are 665,000 statements.
        for record, prop, value, documents in self._rows(f"""
            SELECT ?r ?p (SAMPLE(?v) AS ?value) (GROUP_CONCAT(DISTINCT STR(?d); separator=" ") AS ?documents)
            WHERE {{ VALUES ?p {{ {properties} }} GRAPH ?d {{ ?r ?p ?v }} }} GROUP BY ?r ?p
            HAVING (COUNT(DISTINCT ?d) > 1 && COUNT(DISTINCT ?v) = 1)"""):
            names = sorted(self.label(d) for d in str(documents).split())
            found.append(Comparison(str(record), self.label(str(record)), self.label(str(prop)),
                                    [Sourced(_shown(str(value)), [(name, None) for name in names])]))
        return sorted(found, key=lambda c: (not c.contradicts, c.label, c.property))

    def _stated(self, prop: str, iris: list[str]) -> list[Comparison]:
        """Who states which value of a property of some records (contradicted ones, which are few), with quotes.
        Values and quotes are two queries, each led by the records: an OPTIONAL group joining the two would be
        evaluated over every claim in the store for each chunk (minutes at 1e5 shares)."""
        by_record: dict[str, dict[str, dict[str, Quote | None]]] = defaultdict(lambda: defaultdict(dict))
        for chunk in _chunks(iris):
            listed = " ".join(f"<{iri}>" for iri in chunk)
            quotes: dict[tuple[str, str], Quote] = {}
            for record, document, excerpt, quote in self._rows(f"""
                SELECT ?r ?d ?e ?quote WHERE {{
                  VALUES ?r {{ {listed} }}
                  GRAPH ?d {{ ?claim oa:hasBody ?r ; fa:supports <{prop}> ; oa:hasTarget ?e }}
                  ?e oa:hasSelector/oa:exact ?quote
                }} ORDER BY ?r ?d ?e"""):
                quotes.setdefault((str(record), str(document)), Quote(str(quote), str(excerpt)))
            for record, value, document in self._rows(f"""
                SELECT ?r ?v ?d WHERE {{ VALUES ?r {{ {listed} }} GRAPH ?d {{ ?r <{prop}> ?v }} }}
                ORDER BY ?r ?v ?d"""):
                stated = by_record[str(record)][_shown(str(value))]
                stated[self.label(str(document))] = quotes.get((str(record), str(document)))
        return [Comparison(record, self.label(record), self.label(prop),
                           [Sourced(value, sorted(documents.items())) for value, documents in sorted(values.items())])
                for record, values in by_record.items()]

    # --- follow-up questions ----------------------------------------------------------------------------------------

    def _questions(self, records: dict[str, Record]) -> list[Question]:
        gaps = [(record, name) for record in records.values() for name, status in record.fields.items()
                if status.status == MISSING]
        if not gaps:
            return []
        details = self._details(sorted({record.iri for record, _ in gaps}))
        by_name = {f.name: f for f in self.fields}
        questions = []
        for record, name in gaps:
            fld = by_name[name]
            if not fld.question:
                continue
            facts = details.get(record.iri, {})
            bodies = {"fa:provider": record.provider, "dpv:hasRecipient": record.recipient,
                      "fa:party": record.parties}.get(curie(fld.asked_of), []) if fld.asked_of else []
            document = self._document_name(record)
            text = fld.question.format(**_phrases(record, facts, document))
            body = "; ".join(sorted(bodies)) or f"the authority that published {document}"
            questions.append(Question(body, record.iri, name, text, document))
        return sorted(questions, key=lambda q: (q.body, q.record, q.field))

    def _document_name(self, record: Record) -> str:
        names = [self.label(d) for d in sorted(record.documents)]
        return names[0] if names else "the documents"

    def _details(self, iris: list[str]) -> dict[str, dict[str, list[str]]]:
        """Dates, counts, references and document titles of some records, for their questions. One query per fact,
        each led by the records (a UNION of them would be evaluated over the whole store for every chunk)."""
        found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for chunk in _chunks(iris):
            listed = " ".join(f"<{iri}>" for iri in chunk)
            for key, pattern in DETAILS.items():
                for record, value in self._rows(f"SELECT DISTINCT ?r ?v WHERE {{ VALUES ?r {{ {listed} }} {pattern} }}"):
                    found[str(record)][key].append(str(value))
        return found


def _stated_value(result: Result) -> bool:
    """Whether a result's value is one a document states along a single property (so its documents can be found)."""
    return (isinstance(result.focus, NamedNode) and isinstance(result.value, (NamedNode, Literal))
            and result.path is not None and result.path.sparql.startswith("<"))


@lru_cache(maxsize=None)
def _kind(target_class: str) -> str:
    return {FA + "Share": "share", FA + "Agreement": "agreement"}.get(target_class, curie(target_class))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _shown(value: str) -> str:
    """A value as a reader sees it: a period node by its span."""
    if value.startswith(PREFIXES["share"].rsplit("share/", 1)[0] + "period/"):
        start, _, end = value.rsplit("period/", 1)[1].partition("/")
        return f"{start}/{'..' if end == 'open' else end}"
    return value


def _when(dates: list[str], periods: list[str]) -> str:
    """' in November 2019', ' between July 2015 and September 2016', ' since April 2012', or ''."""
    def spoken(date: str) -> str:
        parts = date.split("-")
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) == 2 else parts[0]
    try:
        if dates:
            date = sorted(dates)[0]
            return f" {'on' if len(date) == 10 else 'in'} {spoken(date)}"
        if periods:
            start, _, end = _shown(sorted(periods)[0]).partition("/")
            return f" since {spoken(start)}" if end == ".." else f" between {spoken(start)} and {spoken(end)}"
    except (ValueError, IndexError):
        return ""  # a malformed date is reported as a violation; the question does without it
    return ""


def _phrases(record: Record, facts: dict[str, list[str]], document: str) -> dict[str, str]:
    """The words a follow-up question is filled with."""
    returned, requested = facts.get("returned", []), facts.get("requested", [])
    if returned:
        count = int(max(returned, key=int))
        what = f"data on {count:,} individual{'s' * (count != 1)}"
    elif requested:
        count = int(max(requested, key=int))
        what = f"data on the {count:,} individual{'s' * (count != 1)} asked about"
    else:
        what = "personal data"
    references = facts.get("reference", [])
    titles = facts.get("title", [])
    foi = next((m.group(1) for t in titles for m in [FOI_REFERENCE.search(t)] if m), None)
    if references:
        reference = f" (reference {', '.join(sorted(references))})"
    elif foi:
        reference = f" (your reference {foi})"
    else:
        reference = f' (as described in "{titles[0] if titles else document}")'
    return {"what": what, "provider": " and ".join(record.provider) or "the provider",
            "recipient": " and ".join(record.recipient) or "the recipient",
            "when": _when(facts.get("date", []), facts.get("period", [])), "reference": reference,
            "agreement": record.label}


def field_statuses(store: Store, shapes: Shapes | None = None) -> dict[str, Record]:
    """Each share's and agreement's fields as present, inherited, withheld or missing, validating only the shapes
    that define fields (the atlas marks gaps without the cost of the whole validation)."""
    shapes = shapes or Shapes()
    field_shapes = {fld.shape for fld in read_fields(shapes)}
    roots = [root.node for root in shapes.roots()
             if field_shapes & {root.node, *(prop.node for prop in root.properties)}]
    return Completeness(store, shapes, Validator(store, shapes).validate(roots)).records()


def build_report(store: Store, shapes: Shapes | None = None) -> Report:
    """Validate a store and read the results as a completeness report."""
    shapes = shapes or Shapes()
    results = Validator(store, shapes).validate()
    return Completeness(store, shapes, results).report()

