"""Query results as plain values, whichever engine answered: the embedded store or a SPARQL server.

Both give pyoxigraph terms (a server's SPARQL JSON results and RDF are parsed by pyoxigraph), so one renderer serves
both and the same query gives the same rows embedded and remote.
"""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Triple

Term = NamedNode | Literal | BlankNode


@dataclass
class Table:
    """A SELECT query's answer: column names and rows of terms (None where a variable is unbound)."""

    names: list[str]
    rows: list[list[Term | None]]


@dataclass
class Answer:
    """An ASK query's answer."""

    value: bool


@dataclass
class Graph:
    """A CONSTRUCT or DESCRIBE query's answer."""

    triples: list[Triple]


Result = Table | Answer | Graph


def collect(result: QuerySolutions | QueryBoolean | QueryTriples) -> Result:
    """Read a pyoxigraph result to the end, as plain values."""
    if isinstance(result, QuerySolutions):
        names = [variable.value for variable in result.variables]
        return Table(names, [list(solution) for solution in result])
    if isinstance(result, QueryBoolean):
        return Answer(bool(result))
    return Graph(list(result))
