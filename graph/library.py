"""The query library: SPARQL files in queries/ that document themselves, and their parameters bound as RDF terms.

Each .rq file opens with a comment block: the question in plain words, then tags the code reads:

    # @param recipient org required  the receiving organisation (a label, an alias or an IRI)
    # @param by choice:year|month default=year  the length of a period
    # @list datasets purpose              columns holding '; '-joined lists
    # @integers subjects_returned         list columns whose items are integers
    # @example                            the lines after it show a few rows of output

A parameter is a variable the query projects; its value is resolved to a term (a name through the reference data
as in fact sheets, a share through the store) and bound by the engine, never pasted into the query text.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pyoxigraph import Literal, NamedNode

from flowatlas.graph.errors import QueryError
from flowatlas.graph.namespaces import PREFIXES, expand
from flowatlas.graph.reference import Reference
from flowatlas.graph.render import Columns
from flowatlas.graph.results import Table
from flowatlas.graph.sparql import Term, query_form

QUERIES = Path(__file__).resolve().parent.parent / "queries"
# Kinds whose values are reference nodes, with the words an error message uses for them.
REFERENCE_KINDS = {"org": "organisation", "dataset": "dataset", "item": "data item", "purpose": "purpose",
                   "statute": "legal basis"}
KINDS = (*REFERENCE_KINDS, "share", "choice", "text")
VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SHARE_LOOKUP = """
SELECT DISTINCT ?share ?value WHERE {
  ?share a fa:Share .
  { ?share fa:reference ?value }
  UNION
  { ?share rdfs:label ?label FILTER(LCASE(STR(?label)) = LCASE(STR(?value))) }
}"""
SHARE_EXISTS = "SELECT DISTINCT ?share WHERE { ?share a fa:Share }"


@dataclass(frozen=True)
class Parameter:
    """A value a query takes from the command line (`--param name=value`)."""

    name: str
    kind: str
    required: bool = False
    default: str | None = None
    choices: tuple[str, ...] = ()
    description: str = ""

    def usage(self) -> str:
        kind = f"one of {'|'.join(self.choices)}" if self.kind == "choice" else REFERENCE_KINDS.get(self.kind,
                                                                                                    self.kind)
        when = "required" if self.required else f"default {self.default}" if self.default else "optional"
        return f"{self.name} ({kind}, {when}): {self.description}"


@dataclass(frozen=True)
class Query:
    """A query's text with what its header says about it."""

    name: str
    origin: str
    text: str
    question: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    columns: Columns = Columns()
    example: str = ""

    @property
    def form(self) -> str:
        return query_form(self.text)


def _parameter(spec: str, origin: str) -> Parameter:
    """`NAME KIND [required|default=VALUE] DESCRIPTION` from an @param line."""
    words = spec.split(None, 2)
    if len(words) < 2 or not VARIABLE.fullmatch(words[0]):
        raise QueryError(origin, f"malformed @param line '{spec}' (expected: @param NAME KIND [required|"
                                 "default=VALUE] DESCRIPTION)")
    name, kind, rest = words[0], words[1], words[2] if len(words) > 2 else ""
    choices: tuple[str, ...] = ()
    if kind.startswith("choice:"):
        kind, choices = "choice", tuple(kind.removeprefix("choice:").split("|"))
    if kind not in KINDS:
        raise QueryError(origin, f"@param {name}: unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
    required, default = False, None
    first, _, description = rest.partition(" ")
    if first == "required":
        required = True
    elif first.startswith("default="):
        default = first.removeprefix("default=")
    else:
        description = rest
    return Parameter(name, kind, required, default, choices, description.strip())


def parse_query(name: str, origin: str, text: str) -> Query:
    """A query and the documentation in its leading comment block."""
    header: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line[1:].removeprefix(" "))
        elif line.strip() or header:
            break
    paragraphs: list[list[str]] = [[]]
    parameters: list[Parameter] = []
    lists: set[str] = set()
    integers: set[str] = set()
    example: list[str] = []
    in_example = False
    for line in header:
        tag, _, rest = line.partition(" ")
        if tag == "@param":
            parameters.append(_parameter(rest.strip(), origin))
        elif tag == "@list":
            lists.update(rest.split())
        elif tag == "@integers":
            integers.update(rest.split())
        elif tag.startswith("@example"):
            in_example = True
        elif in_example:
            example.append(line.removeprefix("  "))
        elif line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    texts = [" ".join(p) for p in paragraphs if p]
    return Query(name, origin, text, texts[0] if texts else "", "\n\n".join(texts[1:]), tuple(parameters),
                 Columns(frozenset(lists), frozenset(integers)), "\n".join(example).rstrip())


def named_queries() -> list[Query]:
    """Every query of the library, by name."""
    return [parse_query(path.stem, path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(QUERIES.glob("*.rq"))]


def _read(path: Path, origin: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(origin, "no such file") from None
    except IsADirectoryError:
        raise QueryError(origin, "is a folder, not a query file") from None
    except UnicodeDecodeError:
        raise QueryError(origin, "not UTF-8 text") from None
    except OSError as error:
        raise QueryError(origin, error.strerror or str(error)) from None
    return text


def load_query(spec: str | None, inline: str | None = None, stdin: TextIO = sys.stdin) -> Query:
    """The query a command line names: a library name, a .rq file, '-' for standard input, or --query TEXT."""
    if inline is not None:
        if spec is not None:
            raise QueryError("--query", f"give a query name or file, or --query, not both ('{spec}')")
        return _checked(parse_query("query", "--query", inline))
    if spec is None:
        raise QueryError("query", "name a query, a .rq file, '-' for standard input, or give --query TEXT")
    if spec == "-":
        return _checked(parse_query("stdin", "<stdin>", stdin.read()))
    path = Path(spec)
    if path.suffix == ".rq" or "/" in spec or path.exists():
        return _checked(parse_query(path.stem, spec, _read(path, spec)))
    library = QUERIES / f"{spec}.rq"
    if not library.is_file():
        known = ", ".join(query.name for query in named_queries())
        raise QueryError(spec, f"no such query (named queries: {known}; a file needs the .rq suffix)")
    return parse_query(spec, spec, library.read_text(encoding="utf-8"))


def _checked(query: Query) -> Query:
    if not query.text.strip():
        raise QueryError(query.origin, "empty query")
    return query


ShareFinder = Callable[[str, Mapping[str, Term]], Table]


def _share(value: str, find: ShareFinder, origin: str) -> Term:
    """A share named by IRI or prefixed name, by reference number or by label (case aside)."""
    iri = expand(value)
    if re.match(r"[a-z][a-z0-9+.-]*:", iri) and not any(c in iri for c in " <>\"{}|\\^`"):
        node = NamedNode(iri)
        if find(SHARE_EXISTS, {"share": node}).rows:
            return node
    matches = sorted({str(row[0].value) for row in find(SHARE_LOOKUP, {"value": Literal(value)}).rows if row[0]})
    if len(matches) == 1:
        return NamedNode(matches[0])
    if not matches:
        raise QueryError(origin, f"share '{value}': no share has that IRI, reference or label "
                                 "(see `flowatlas flows` for the shares in the store)")
    raise QueryError(origin, f"share '{value}' is ambiguous: it may be {', '.join(matches[:5])}")


def resolve_name(reference: Reference, value: str, kinds: tuple[str, ...], origin: str, subject: str = "") -> str:
    """The one reference node of the given kinds a name means (a label, an alias, a prefixed name or an IRI); a
    QueryError, from `origin` and about `subject`, when it means none or several."""
    nodes = frozenset().union(*(reference.resolve(value, kind) for kind in kinds))
    words = " or ".join(REFERENCE_KINDS[kind] for kind in kinds)
    if not nodes:
        raise QueryError(origin, f"{subject}no {words} called '{value}' in the reference data "
                                 "(a label, an alias or an IRI; see ontology/)")
    if len(nodes) > 1:
        raise QueryError(origin, f"{subject}'{value}' may be any of {', '.join(sorted(nodes))}; give the IRI")
    return next(iter(nodes))


def _value(parameter: Parameter, value: str, reference: Reference, find: ShareFinder, origin: str) -> Term:
    """One parameter value as an RDF term."""
    if parameter.kind in REFERENCE_KINDS:
        return NamedNode(resolve_name(reference, value, (parameter.kind,), origin, f"--param {parameter.name}: "))
    if parameter.kind == "share":
        return _share(value, find, origin)
    if parameter.kind == "choice" and value not in parameter.choices:
        raise QueryError(origin, f"--param {parameter.name}: '{value}' is not one of {', '.join(parameter.choices)}")
    return Literal(value)


def _undeclared(value: str) -> Term:
    """A value for a query that does not declare its parameters: an IRI or prefixed name, else a literal."""
    prefix = value.partition(":")[0]
    if prefix in PREFIXES or re.match(r"(https?|urn):", value):
        try:
            return NamedNode(expand(value))
        except ValueError:
            pass
    return Literal(value)


def bind(query: Query, given: list[str], reference: Reference, find: ShareFinder) -> dict[str, Term]:
    """The terms for a query's parameters from `name=value` strings, with defaults; a QueryError names what is
    unknown, missing or unresolvable."""
    values: dict[str, str] = {}
    for item in given:
        name, equals, value = item.partition("=")
        name = name.strip()
        if not equals or not VARIABLE.fullmatch(name):
            raise QueryError(query.origin, f"--param '{item}': expected NAME=VALUE")
        values[name] = value
    declared = {parameter.name: parameter for parameter in query.parameters}
    if declared:
        unknown = [name for name in values if name not in declared]
        if unknown:
            raise QueryError(query.origin, f"no parameter '{unknown[0]}' (parameters: {', '.join(declared)})")
    bound: dict[str, Term] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(query.origin, f"needs --param {parameter.name}=... ({parameter.usage()})")
            continue
        bound[parameter.name] = _value(parameter, value, reference, find, query.origin)
    for name, value in values.items():
        if name not in declared:
            bound[name] = _undeclared(value)
    return bound
