"""SPARQL servers: run a query on one (SPARQL 1.1 Protocol, through SPARQLWrapper) and publish the store to one
(SPARQL 1.1 Graph Store Protocol, or SPARQL Update). The only module that talks HTTP to a server.

The same query text runs embedded and remote: the predeclared prefixes are written out for the server, parameters
travel as a VALUES block of serialized terms (graph/sparql.py), and the answer is parsed by pyoxigraph into the
same terms the embedded store gives. Every failure is one line naming the URL and the reason.
"""
from __future__ import annotations

import ast
import base64
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import (
    NamedNode, QueryResultsFormat, RdfFormat, Store, parse, parse_query_results,
)
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from flowatlas.graph.errors import FlowatlasError
from flowatlas.graph.namespaces import PREFIXES
from flowatlas.graph.results import Graph, Result, collect
from flowatlas.graph.sparql import Term, query_form, syntax_message, with_prefixes, with_values

USER_VARIABLE, PASSWORD_VARIABLE = "FLOWATLAS_USER", "FLOWATLAS_PASSWORD"


class EndpointError(FlowatlasError):
    """A server that cannot be reached, refuses, fails or answers something unreadable."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Connection:
    """Where a server is and how to talk to it."""

    url: str
    timeout: float = 60.0
    user: str | None = None
    password: str | None = None

    @classmethod
    def of(cls, url: str, timeout: float, user: str | None = None, password: str | None = None) -> "Connection":
        """Credentials from the options, else from FLOWATLAS_USER and FLOWATLAS_PASSWORD."""
        return cls(url, timeout, user or os.environ.get(USER_VARIABLE), password or os.environ.get(PASSWORD_VARIABLE))

    def authorization(self) -> dict[str, str]:
        if not self.user:
            return {}
        token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else ""


def _response_body(error: BaseException) -> str:
    """What the server said with its error: SPARQLWrapper keeps it only as a repr() at the end of its message."""
    if isinstance(error, urllib.error.HTTPError):
        return error.read().decode("utf-8", "replace")
    _, marker, shown = str(error).partition("Response:\n")
    try:
        body = ast.literal_eval(shown) if marker else b""
    except (ValueError, SyntaxError):
        return shown
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


def _reason(error: BaseException, timeout: float) -> str:
    """Why a request failed, in the words a user can act on."""
    if isinstance(error, SPARQLWrapperException):
        status = {"QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414,
                  "EndPointInternalError": 500}.get(type(error).__name__)
        return _status_reason(status or 0, _first_line(_response_body(error)))
    if isinstance(error, urllib.error.HTTPError):
        return _status_reason(error.code, _first_line(_response_body(error)) or str(error.reason))
    cause = getattr(error, "reason", error)
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused (is the server running, on this port?)"
    if isinstance(cause, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s (see --timeout)"
    if isinstance(cause, socket.gaierror):
        return "unknown host"
    return " ".join(str(cause).split()) or type(error).__name__


def _status_reason(status: int, body: str) -> str:
    meaning = {400: "the server refused the request as malformed", 401: "not authorised (see --user and "
               f"{PASSWORD_VARIABLE})", 403: "forbidden (is the server read-only?)", 404: "no SPARQL service at "
               "this URL", 500: "the server failed"}.get(status, "the server answered with an error")
    return f"{meaning} (HTTP {status})" + (f": {body}" if body else "")


@contextmanager
def _talking_to(connection: Connection, query: str = "", prepended: int = 0) -> Iterator[None]:
    """Any failure of a request as one EndpointError. A syntax error in Oxigraph's words ("error at L:C: ...")
    is put in plain words, its line counted in `query` (the server saw `prepended` PREFIX lines before it)."""
    try:
        yield
    except (SPARQLWrapperException, urllib.error.URLError, OSError) as error:
        text = _response_body(error) if isinstance(error, SPARQLWrapperException) else ""
        position = re.match(r"error at (\d+):(\d+): ", text)
        if query and position:
            where = f"error at {int(position.group(1)) - prepended}:{position.group(2)}: "
            reason = "the server could not parse the query: " + syntax_message(where + text[position.end():], query)
        else:
            reason = _reason(error, connection.timeout)
        raise EndpointError(connection.url, reason) from None


def remote_run(connection: Connection, text: str, bindings: Mapping[str, Term] | None = None) -> Result:
    """Run a query on a SPARQL endpoint (POST, JSON results or Turtle); the same result types as embedded."""
    form = query_form(text)
    try:
        bound = with_values(text, bindings or {})
    except ValueError as error:
        raise EndpointError(connection.url, str(error)) from None
    sent = with_prefixes(bound, PREFIXES)
    wrapper = SPARQLWrapper(connection.url)
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    wrapper.setTimeout(max(1, round(connection.timeout)))
    for header, value in connection.authorization().items():
        wrapper.addCustomHttpHeader(header, value)
    wrapper.setQuery(sent)
    wrapper.queryType = form  # its own guess is a regular expression that a '#' inside an IRI misleads
    with _talking_to(connection, bound, sent.count("\n") - bound.count("\n")):
        response = wrapper.query().response
        data = response.read()
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    try:
        if form in ("SELECT", "ASK"):
            results = parse_query_results(data, QueryResultsFormat.from_media_type(media) or QueryResultsFormat.JSON)
            return collect(results)
        rdf_format = RdfFormat.from_media_type(media) or RdfFormat.TURTLE
        return Graph([quad.triple for quad in parse(data, rdf_format)])
    except (SyntaxError, ValueError) as error:
        raise EndpointError(connection.url, f"the answer is not SPARQL results ({media or 'no type'}): "
                                            f"{_first_line(str(error))}") from None


def _send(connection: Connection, url: str, method: str, body: bytes, media: str) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": media, **connection.authorization()})
    with _talking_to(connection):
        with urllib.request.urlopen(request, timeout=connection.timeout) as response:
            response.read()


@dataclass
class Published:
    """What a publish did: the graphs written, in order."""

    graphs: list[str]
    quads: int


def publish(store: Store, connection: Connection, graph_store: bool,
            progress: Callable[[int, int, str], None] = lambda done, total, graph: None) -> Published:
    """Write every named graph of the store to the server, one request per graph: a Graph Store Protocol PUT
    (`graph_store`), or one SPARQL Update DROP + INSERT DATA. Each request replaces one graph whole, so a failure
    midway leaves every graph either as it was or as in the store; the error says how far it got."""
    graphs = sorted(graph.value for graph in store.named_graphs() if isinstance(graph, NamedNode))
    done: list[str] = []
    quads = 0
    for number, graph in enumerate(graphs, 1):
        progress(number, len(graphs), graph)
        triples = store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(graph))
        quads += triples.count(b"\n")
        try:
            if graph_store:
                _send(connection, f"{connection.url}?graph={quote(graph, safe='')}", "PUT", triples,
                      "application/n-triples")
            else:
                update = (f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode()
                          + triples + b"} }\n")
                _send(connection, connection.url, "POST", update, "application/sparql-update")
        except EndpointError as error:
            raise EndpointError(connection.url, f"published {len(done)} of {len(graphs)} graphs, then failed on "
                                                f"<{graph}>: {str(error).removeprefix(connection.url + ': ')} "
                                                "(each graph on the server is whole: as before, or as in the "
                                                "store)") from None
        done.append(graph)
    return Published(done, quads)
