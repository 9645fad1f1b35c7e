"""SHACL validation of the store: the shapes in shapes/*.ttl, evaluated on the Oxigraph store itself.

The shapes files stay the only definition of the rules. pySHACL would need the graph copied into rdflib and re-parses
a SPARQL constraint for every focus node; here each path is read once from the store with one SPARQL query (the
subjects that have it, or its subject/value pairs, over the union of document graphs) and each SHACL Core component
is decided on those sets, as the W3C SHACL specification defines it. Values are compared with rdflib's semantics
(well-formed literals, ordering), the same pySHACL uses; tests run both on the same graphs and compare focus nodes,
paths and severities. A SPARQL-based constraint runs once, with $this free, and the nodes it finds are checked
to be focus nodes.

Components supported: targets (class, subjectsOf, objectsOf, node), sh:property, minCount, maxCount, datatype, class,
minInclusive/maxInclusive/minExclusive/maxExclusive, lessThan(OrEquals), in, hasValue, pattern, node, or, not, sparql
(SELECT),
and paths (predicate, sequence, inverse, alternative). A shape using anything else is refused, naming its file.
"""
from __future__ import annotations

import os
import re
import threading
from collections import defaultdict
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, Variable

from flowatlas.graph.errors import FlowatlasError
from flowatlas.graph.namespaces import PREFIXES, RDF, SH

SHAPES_DIR = Path(__file__).resolve().parent.parent / "shapes"
Term = NamedNode | BlankNode | Literal
VIOLATION, WARNING, INFO = SH + "Violation", SH + "Warning", SH + "Info"
SEVERITY_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2}
_PARAMETERS = {  # constraint parameters read from a shape, and the component each belongs to
    "minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "class": "Class",
    "minInclusive": "MinInclusive", "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive",
    "maxExclusive": "MaxExclusive", "lessThan": "LessThan", "lessThanOrEquals": "LessThanOrEquals", "in": "In",
    "pattern": "Pattern", "node": "Node", "or": "Or", "not": "Not", "sparql": "SPARQL", "hasValue": "HasValue",
}
_IGNORED = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "property", "path", "severity",
            "message", "flags", "deactivated", "select", "name", "description", "order", "group"}


class ShapeError(FlowatlasError):
    """A shapes file flowatlas cannot read or evaluate."""


@dataclass(frozen=True)
class ShapePath:
    """A SHACL property path: its SPARQL form, the shapes-graph node that defines it (for reports), and the SPARQL
    forms of its steps when it is a sequence."""

    sparql: str
    node: Term
    steps: tuple[str, ...] = ()

    def pattern(self, subject: str, value: str) -> str:
        """A group pattern joining subject to value along the path. A sequence is written one subquery per step:
        Oxigraph hash-joins subqueries, where it follows a sequence path by one lookup per row (the purpose a share
        takes from its agreement: 1.9 s as a path, 1.3 s as subqueries at 1e5 shares)."""
        if len(self.steps) < 2:
            return f"{{ {subject} {self.sparql} {value} }}"
        ends = [subject, *(f"?_step{number}" for number in range(1, len(self.steps))), value]
        steps = " ".join(f"{{ SELECT {_variables(ends[i], ends[i + 1])} WHERE {{ {ends[i]} {step} {ends[i + 1]} }} }}"
                         for i, step in enumerate(self.steps))
        return f"{{ SELECT {_variables(subject, value)} WHERE {{ {steps} }} }}"


def _variables(*terms: str) -> str:
    """The variables among terms written in SPARQL, for a SELECT clause."""
    return " ".join(term for term in terms if term.startswith("?"))


@dataclass
class Shape:
    """A node or property shape with its targets, constraints, severity and message."""

    node: Term
    file: str
    path: ShapePath | None = None
    targets: list[tuple[str, Term]] = field(default_factory=list)
    constraints: list[tuple[str, object]] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)
    severity: str = VIOLATION
    message: str = ""
    deactivated: bool = False


@dataclass(frozen=True)
class Result:
    """One validation result, as SHACL defines it."""

    focus: Term
    path: ShapePath | None
    value: Term | None
    severity: str
    message: str
    shape: Term
    component: str


class Shapes:
    """The shapes graph, read from the Turtle files (one named graph per file, so errors can name the file)."""

    def __init__(self, folder: Path = SHAPES_DIR) -> None:
        self.graph = Store()
        self.files: dict[str, str] = {}
        for path in sorted(folder.glob("*.ttl")):
            graph = NamedNode(path.resolve().as_uri())
            try:
                self.graph.load(path=str(path), format=RdfFormat.TURTLE, to_graph=graph)
            except SyntaxError as error:
                raise ShapeError(f"{path}: malformed Turtle: {' '.join(str(error).split())}") from None
            self.files[graph.value] = str(path)
        self._parsed: dict[Term, Shape] = {}

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return [q.object for q in self.graph.quads_for_pattern(subject, NamedNode(predicate), None)]

    def one(self, subject: Term, predicate: str) -> Term | None:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def items(self, head: Term) -> list[Term]:
        """An RDF list's members."""
        found: list[Term] = []
        while head != NamedNode(RDF + "nil"):
            first = self.one(head, RDF + "first")
            if first is None:
                raise ShapeError(f"{self.file_of(head)}: a malformed RDF list in a shape")
            found.append(first)
            head = self.one(head, RDF + "rest") or NamedNode(RDF + "nil")
        return found

    def file_of(self, node: Term) -> str:
        for quad in self.graph.quads_for_pattern(node, None, None):
            return self.files.get(quad.graph_name.value, "shapes")  # type: ignore[union-attr]
        return "shapes"

    def path(self, node: Term) -> ShapePath:
        """A SHACL path as a SPARQL property path."""
        sequence = self.items(node) if self.one(node, RDF + "first") is not None else []
        return ShapePath(self._path_text(node), node, tuple(self._path_text(item) for item in sequence))

    def _path_text(self, node: Term) -> str:
        if isinstance(node, NamedNode):
            return f"<{node.value}>"
        if self.one(node, RDF + "first") is not None:
            return "(" + "/".join(self._path_text(item) for item in self.items(node)) + ")"
        inverse = self.one(node, SH + "inversePath")
        if inverse is not None:
            return f"^({self._path_text(inverse)})"
        alternatives = self.one(node, SH + "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self._path_text(item) for item in self.items(alternatives)) + ")"
        raise ShapeError(f"{self.file_of(node)}: a path flowatlas cannot evaluate (zero-or-more paths and the like)")

    def shape(self, node: Term) -> Shape:
        """A shape and the shapes it refers to, read once."""
        if node in self._parsed:
            return self._parsed[node]
        shape = Shape(node, self.file_of(node))
        self._parsed[node] = shape
        path = self.one(node, SH + "path")
        shape.path = self.path(path) if path is not None else None
        severity = self.one(node, SH + "severity")
        shape.severity = severity.value if severity is not None else VIOLATION
        message = self.one(node, SH + "message")
        shape.message = message.value if message is not None else ""
        deactivated = self.one(node, SH + "deactivated")
        shape.deactivated = deactivated is not None and deactivated.value == "true"
        for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
            shape.targets += [(kind, target) for target in self.objects(node, SH + kind)]
        shape.properties = [self.shape(p) for p in self.objects(node, SH + "property")]
        for quad in self.graph.quads_for_pattern(node, None, None):
            predicate = quad.predicate.value
            if not predicate.startswith(SH):
                continue  # annotations (rdfs:comment, fa:field ...) are the report's business
            name = predicate[len(SH):]
            if name in _IGNORED:
                continue
            if name not in _PARAMETERS:
                raise ShapeError(f"{shape.file}: sh:{name} is not supported by flowatlas validate")
            shape.constraints.append((name, self._parameter(name, quad.object, shape)))
        if shape.path is None and any(name in ("minCount", "maxCount", "lessThan", "lessThanOrEquals")
                                      for name, _ in shape.constraints):
            raise ShapeError(f"{shape.file}: a node shape cannot use sh:minCount, sh:maxCount or sh:lessThan*")
        return shape

    def _parameter(self, name: str, value: Term, shape: Shape) -> object:
        if name in ("minCount", "maxCount"):
            return int(value.value)
        if name in ("or",):
            return [self.shape(member) for member in self.items(value)]
        if name in ("node", "not"):
            return self.shape(value)
        if name == "in":
            return {to_rdflib(member) for member in self.items(value)}
        if name == "pattern":
            flags = self.one(shape.node, SH + "flags")
            return re.compile(value.value, re.IGNORECASE if flags is not None and "i" in flags.value else 0)
        if name in ("lessThan", "lessThanOrEquals"):
            return self.path(value)
        if name == "sparql":
            select = self.one(value, SH + "select")
            if select is None:
                raise ShapeError(f"{shape.file}: a SPARQL constraint without sh:select")
            message = self.one(value, SH + "message")
            return (select.value.replace("$this", "?this"), message.value if message is not None else shape.message)
        return value

    def roots(self) -> list[Shape]:
        """Shapes with targets: where validation starts."""
        nodes = {q.subject for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
                 for q in self.graph.quads_for_pattern(None, NamedNode(SH + kind), None)}
        return [self.shape(node) for node in sorted(nodes, key=str)]


def to_rdflib(term: Term) -> rdflib.term.Node:
    """A pyoxigraph term as rdflib's, whose value semantics (well-formedness, ordering) pySHACL uses."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=term.datatype.value if term.datatype else None)


def as_rdflib(store: Store) -> tuple[rdflib.Graph, rdflib.Graph]:
    """The union of a store's graphs and the shapes files, as rdflib graphs: what pySHACL validates, to compare this
    engine with it (tests) and to time it (bench)."""
    # Through N-Quads, as any rdflib user would load a store: a string literal arrives without a datatype, which
    # is how pySHACL compares it with the shapes' literals.
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(format=RdfFormat.N_QUADS), format="nquads")
    union = rdflib.Graph()
    for subject, predicate, value, _ in dataset.quads((None, None, None, None)):
        union.add((subject, predicate, value))
    shapes = rdflib.Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        shapes.parse(path)
    return union, shapes


def _compare(value: Term, bound: Term, component: str) -> bool:
    """Whether a value passes a range or pair comparison; values that cannot be compared fail (SHACL 4.4, 4.5)."""
    left, right = to_rdflib(value), to_rdflib(bound)
    if not (isinstance(left, rdflib.Literal) and isinstance(right, rdflib.Literal)):
        return False
    try:
        return {"MinInclusive": right <= left, "MaxInclusive": left <= right, "MinExclusive": right < left,
                "MaxExclusive": left < right, "LessThan": left < right, "LessThanOrEquals": left <= right}[component]
    except TypeError:
        return False


_SIMPLE_INTEGER = re.compile(r"[+-]?[0-9]+")


def _well_typed(term: Term, datatype: str) -> bool:
    """A literal of the datatype whose lexical form is valid for it (SHACL 4.1.2), as rdflib judges validity."""
    if not isinstance(term, Literal) or term.language or (term.datatype.value if term.datatype else "") != datatype:
        return False
    if datatype.endswith("#integer"):  # the common case, decided without building an rdflib literal
        return bool(_SIMPLE_INTEGER.fullmatch(term.value))
    return not to_rdflib(term).ill_typed  # type: ignore[union-attr]


def _having_at_least(path: ShapePath, count: int) -> str:
    """A pattern binding ?this to the nodes with at least `count` values along a path."""
    if count <= 1:
        return path.pattern("?this", "?value")  # no grouping needed: twice as fast as counting
    return (f"{{ SELECT ?this WHERE {path.pattern('?this', '?value')} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?value) >= {count}) }}")


class Validator:
    """Validates a store against the shapes.

    A shape with targets is checked with its focus nodes kept as a SPARQL pattern (its targets), and each constraint
    asks the store only for what may fail it: the focus nodes without enough values (MINUS, which Oxigraph evaluates
    by hashing), the value pairs that compare wrongly, or the distinct values along a path, which are few (dates,
    organisations, counts) and are tested here with rdflib's semantics. Only failing values are traced back to their
    focus nodes. Shapes applied to value nodes (sh:node, sh:or, sh:not) are tested on those sets.
    """

    def __init__(self, store: Store, shapes: Shapes) -> None:
        self.store = store
        self.shapes = shapes
        self._pairs: dict[str, dict[Term, list[Term]]] = {}
        self._instances: dict[Term, set[Term]] = {}
        self._lock = threading.Lock()  # the caches above are filled from several threads

    def _select(self, query: str) -> list[list[Term | None]]:
        return [list(row) for row in self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)]

    def validate(self, roots: Collection[Term] | None = None) -> list[Result]:
        """Every result of every shape with targets (or of those `roots` names), worst first. Each shape's own
        constraints and each of its property shapes is one task; tasks run on every core (Oxigraph answers queries
        in parallel), SPARQL-based constraints, the slowest, first."""
        tasks: list[tuple[Shape, Shape, str]] = []
        for shape in self.shapes.roots():
            if shape.deactivated or (roots is not None and shape.node not in roots):
                continue
            focus = self._focus(shape)
            tasks.append((shape, shape, focus))
            tasks += [(shape, prop, focus) for prop in shape.properties if not prop.deactivated]
        tasks.sort(key=lambda task: not any(name == "sparql" for name, _ in task[1].constraints))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            parts = list(pool.map(lambda task: self._task(*task), tasks))
        return sorted({result for part in parts for result in part},
                      key=lambda r: (SEVERITY_ORDER.get(r.severity, 3), str(r.focus), str(r.shape), str(r.value)))

    def _task(self, root: Shape, shape: Shape, focus: str) -> list[Result]:
        if shape is not root or shape.path is not None:
            return self._property(shape, focus)
        found: list[Result] = []
        for name, parameter in shape.constraints:
            found += self._node_constraint(shape, name, parameter, focus)
        return found

    @staticmethod
    def _focus(shape: Shape) -> str:
        """A subquery binding ?this to each focus node of a shape. Not DISTINCT: a node stated in several documents
        comes once per statement, but every query joining it returns distinct rows, and a DISTINCT focus set
        (600,000 claims at 1e5 shares) costs Oxigraph as much as the check itself."""
        parts = []
        for kind, target in shape.targets:
            if kind == "targetClass":
                parts.append(f"{{ ?this a/rdfs:subClassOf* {target} }}")
            elif kind == "targetSubjectsOf":
                parts.append(f"{{ ?this {target} [] }}")
            elif kind == "targetObjectsOf":
                parts.append(f"{{ [] {target} ?this }}")
            else:
                parts.append(f"{{ VALUES ?this {{ {target} }} }}")
        return "{ SELECT ?this WHERE { " + " UNION ".join(parts) + " } }"

    def _conforming(self, shape: Shape) -> str | None:
        """A pattern binding ?this to nodes that conform to a shape, for the shapes that can be written so (counts
        of values along paths, classes, and ors and ands of those); None otherwise."""
        if shape.properties or shape.deactivated:
            return None
        patterns = []
        for name, parameter in shape.constraints:
            if shape.path is not None and name == "minCount":
                patterns.append(_having_at_least(shape.path, parameter))  # type: ignore[arg-type]
            elif name == "hasValue":
                patterns.append(shape.path.pattern("?this", str(parameter)) if shape.path is not None
                                else f"{{ VALUES ?this {{ {parameter} }} }}")
            elif shape.path is None and name == "class":
                patterns.append(f"{{ ?this a/rdfs:subClassOf* {parameter} }}")
            elif shape.path is None and name == "or":
                members = [self._conforming(member) for member in parameter]  # type: ignore[attr-defined]
                if None in members:
                    return None
                patterns.append("{ " + " UNION ".join(members) + " }")  # type: ignore[arg-type]
            else:
                return None
        return "{ " + " ".join(patterns) + " }" if patterns else None

    def _node_constraint(self, shape: Shape, name: str, parameter: object, focus: str) -> list[Result]:
        """A constraint on the focus nodes themselves."""
        component = _PARAMETERS[name]
        if name == "sparql":
            return self._sparql(shape, parameter, focus)  # type: ignore[arg-type]
        wrapped = Shape(shape.node, shape.file, constraints=[(name, parameter)])
        if name == "not":
            inner = self._conforming(parameter)  # type: ignore[arg-type]
            if inner is not None:
                rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus} {inner} }}")
                return [self._result(shape, this, this, component) for this, in rows]
        else:
            inner = self._conforming(wrapped)
            if inner is not None:
                rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {inner} }}")
                return [self._result(shape, this, this, component) for this, in rows]
        nodes = {this for this, in self._select(f"SELECT ?this WHERE {{ {focus} }}")}
        return [self._result(shape, node, node, component) for node in self.failing(wrapped, nodes)]

    def _property(self, shape: Shape, focus: str) -> list[Result]:
        """A property shape on the focus nodes."""
        assert shape.path is not None
        path = shape.path
        pairs = f"{{ SELECT ?this ?value WHERE {path.pattern('?this', '?value')} }}"
        results: list[Result] = []
        value_tests: list[tuple[str, object]] = []
        for name, parameter in shape.constraints:
            component = _PARAMETERS[name]
            if name == "minCount":
                rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS "
                                    f"{_having_at_least(path, parameter)} }}")  # type: ignore[arg-type]
                results += [self._result(shape, this, None, component) for this, in rows]
            elif name == "hasValue":
                with_value = path.pattern("?this", str(parameter))
                rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {with_value} }}")
                results += [self._result(shape, this, None, component) for this, in rows]
            elif name == "maxCount":
                rows = self._select(f"SELECT DISTINCT ?this WHERE {{ {focus} {{ SELECT ?this WHERE "
                                    f"{path.pattern('?this', '?value')} GROUP BY ?this "
                                    f"HAVING (COUNT(DISTINCT ?value) > {parameter}) }} }}")
                results += [self._result(shape, this, None, component) for this, in rows]
            elif name in ("lessThan", "lessThanOrEquals"):
                operator = "<" if name == "lessThan" else "<="
                bound = parameter.pattern("?this", "?bound")  # type: ignore[attr-defined]
                rows = self._select(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {pairs} "
                                    f"{{ SELECT ?this ?bound WHERE {bound} }} "
                                    f"FILTER(!COALESCE(?value {operator} ?bound, false)) }}")
                results += [self._result(shape, this, value, component) for this, value in rows]
            elif name == "sparql":
                results += self._sparql(shape, parameter, focus)  # type: ignore[arg-type]
            else:
                value_tests.append((name, parameter))
        if value_tests:
            # Every value along the path, focus node or not: they are few, and a failing one is traced back to
            # focus nodes exactly below (values of other subjects drop out there).
            values = {value for value, in self._select(f"SELECT DISTINCT ?value WHERE "
                                                       f"{path.pattern('?this', '?value')}")}
            for name, parameter in value_tests:
                bad = values - set(self._passing(name, parameter, values))
                if bad:
                    listed = " ".join(str(value) for value in bad)
                    rows = self._select(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {pairs} "
                                        f"VALUES ?value {{ {listed} }} }}")
                    results += [self._result(shape, this, value, _PARAMETERS[name]) for this, value in rows]
        return results

    def _sparql(self, shape: Shape, constraint: tuple[str, str], focus: str) -> list[Result]:
        """A SELECT constraint, run once with ?this free; only the nodes it finds are then checked to be focus nodes.
        Joined to the focus nodes from the start, Oxigraph would first build the whole focus set (418,000 excerpts
        at 1e5 shares, a second of the provenance check) and a constraint usually finds nothing."""
        select, message = constraint
        try:
            rows = self._select(f"SELECT ?this ?value WHERE {{ {{ {select} }} }}")
        except SyntaxError as error:
            raise ShapeError(f"{shape.file}: malformed SPARQL in a constraint: {' '.join(str(error).split())}") \
                from None
        focused = {this for this in {row[0] for row in rows} if this is not None and self._is_focus(this, focus)}
        return [self._result(shape, this, value, "SPARQL", message) for this, value in rows if this in focused]

    def _is_focus(self, node: Term, focus: str) -> bool:
        """Whether a node is a focus node: the focus pattern asked with ?this bound to it (a blank node cannot be
        written into a query, but can be bound)."""
        return bool(self.store.query(f"ASK {{ {focus} }}", prefixes=PREFIXES, use_default_graph_as_union=True,
                                     substitutions={Variable("this"): node}))

    # --- shapes applied to sets of value nodes ------------------------------------------------------------------

    def pairs(self, path: ShapePath) -> dict[Term, list[Term]]:
        """Every subject's values along a path, each once (for shapes applied to value nodes)."""
        with self._lock:
            if path.sparql not in self._pairs:
                found: dict[Term, list[Term]] = defaultdict(list)
                for subject, value in self._select(f"SELECT DISTINCT ?s ?o WHERE {path.pattern('?s', '?o')}"):
                    found[subject].append(value)  # type: ignore[index]
                self._pairs[path.sparql] = found
            return self._pairs[path.sparql]

    def instances(self, cls: Term) -> set[Term]:
        """The nodes of a class or any of its subclasses."""
        with self._lock:
            if cls not in self._instances:
                self._instances[cls] = {row[0] for row in self._select(  # type: ignore[misc]
                    f"SELECT DISTINCT ?s WHERE {{ ?s a/rdfs:subClassOf* {cls} }}")}
            return self._instances[cls]

    def failing(self, shape: Shape, nodes: set[Term]) -> set[Term]:
        """The nodes that do not conform to a shape (any result counts, whatever its severity)."""
        if shape.deactivated or not nodes:
            return set()
        if shape.path is not None:
            pairs = self.pairs(shape.path)
            values = {node: pairs.get(node, []) for node in nodes}
        else:
            values = {node: [node] for node in nodes}
        bad: set[Term] = set()
        for name, parameter in shape.constraints:
            bad |= self._failing_nodes(name, parameter, values)
        for prop in shape.properties:
            bad |= self.failing(prop, nodes)
        return bad

    def _failing_nodes(self, name: str, parameter: object, values: dict[Term, list[Term]]) -> set[Term]:
        if name == "minCount":
            return {node for node, found in values.items() if len(set(found)) < parameter}  # type: ignore
        if name == "maxCount":
            return {node for node, found in values.items() if len(set(found)) > parameter}  # type: ignore
        if name in ("lessThan", "lessThanOrEquals"):
            other = self.pairs(parameter)  # type: ignore[arg-type]
            return {node for node, found in values.items() for value in found for bound in other.get(node, [])
                    if not _compare(value, bound, _PARAMETERS[name])}
        if name == "hasValue":
            return {node for node, found in values.items() if parameter not in found}
        if name == "sparql":
            raise ShapeError("a SPARQL constraint inside sh:node, sh:or or sh:not is not supported")
        every = {value for found in values.values() for value in found}
        passing = set(self._passing(name, parameter, every))
        return {node for node, found in values.items() if any(value not in passing for value in found)}

    def _passing(self, name: str, parameter: object, values: set[Term]) -> Iterable[Term]:
        """The values that pass a component decided one value at a time."""
        if name == "datatype":
            return (value for value in values if _well_typed(value, parameter.value))  # type: ignore[attr-defined]
        if name == "class":
            return values & self.instances(parameter)  # type: ignore[arg-type]
        if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            return (value for value in values if _compare(value, parameter, _PARAMETERS[name]))  # type: ignore
        if name == "in":
            return (value for value in values if to_rdflib(value) in parameter)  # type: ignore[operator]
        if name == "pattern":
            return (value for value in values
                    if not isinstance(value, BlankNode) and parameter.search(value.value))  # type: ignore
        if name == "node":
            return values - self.failing(parameter, values)  # type: ignore[arg-type]
        if name == "not":
            return self.failing(parameter, values)  # type: ignore[arg-type]
        if name == "or":
            return set().union(*(values - self.failing(member, values) for member in parameter))  # type: ignore
        raise ShapeError(f"sh:{name} cannot be applied to value nodes here")

    def _result(self, shape: Shape, focus: Term, value: Term | None, component: str, message: str = "") -> Result:
        return Result(focus, shape.path, value, shape.severity, message or shape.message, shape.node,
                      SH + component + "ConstraintComponent")
