"""Remote SPARQL (issue 7): a real `oxigraph serve` on loopback; `flowatlas publish` to it; every named query gives the
same rows embedded and with --endpoint; publishing twice changes nothing; a failure midway leaves every graph whole;
dead ports, server errors, timeouts and malformed queries are one line; credentials travel as HTTP basic auth.
Servers are started here and stopped by their PID."""
from __future__ import annotations

import base64
import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run

from flowatlas.graph.endpoint import Connection, remote_run
from flowatlas.graph.library import named_queries
from flowatlas.graph.results import Table
from flowatlas.graph.store import open_store
from flowatlas.graph.store import run as run_query

PARAMETERS = {"recipient-profile": ["recipient=DWP"], "dataset-reach": ["dataset=NPD"],
              "data-item-reach": ["item=address"], "evidence": ["share=share:event-dfe-dwp-2018-04-185"],
              "timeline": ["by=month"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A real Oxigraph SPARQL server on a free loopback port, with the union of named graphs as default graph."""
    port = free_port()
    binary = Path(sys.executable).parent / "oxigraph"
    server = subprocess.Popen([str(binary), "serve", "--location", str(tmp_path / "server"), "--bind",
                               f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def http_server() -> Iterator[Callable[[Callable[[BaseHTTPRequestHandler], None]], str]]:
    """Start a small real HTTP server on loopback whose every request is answered by the given function."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Callable[[BaseHTTPRequestHandler], None]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer(self)

            do_POST = do_PUT = do_GET

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def all_quads(url: str) -> set[tuple[str, ...]]:
    result = remote_run(Connection(f"{url}/query"), "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(result, Table)
    return {tuple(str(term) for term in row) for row in result.rows}


def graph_quads(url: str) -> dict[str, set[tuple[str, ...]]]:
    graphs: dict[str, set[tuple[str, ...]]] = {}
    for graph, *triple in all_quads(url):
        graphs.setdefault(graph, set()).add(tuple(triple))
    return graphs


def csv_rows(text: str) -> list[tuple[str, ...]]:
    return sorted(tuple(row) for row in csv.reader(io.StringIO(text)))


def test_publish_then_every_named_query_gives_the_same_rows_embedded_and_remote(atlas: Path, oxigraph: str):
    published = run("publish", "--store", str(atlas), "--graph-store", f"{oxigraph}/store")
    assert published.returncode == 0, published.stderr
    assert "published 3 graphs" in published.stderr
    for query in named_queries():
        args = ["query", query.name, *[a for p in PARAMETERS.get(query.name, []) for a in ("--param", p)],
                "--format", "csv"]
        embedded = run(*args, "--store", str(atlas))
        remote = run(*args, "--endpoint", f"{oxigraph}/query")
        assert embedded.returncode == remote.returncode == 0, (query.name, remote.stderr)
        assert len(csv_rows(embedded.stdout)) > 1, query.name
        assert csv_rows(remote.stdout) == csv_rows(embedded.stdout), query.name
    flows = run("flows", "--endpoint", f"{oxigraph}/query", "--format", "csv")
    assert csv_rows(flows.stdout) == csv_rows(run("flows", "--store", str(atlas), "--format", "csv").stdout)


def test_publishing_twice_changes_nothing_and_update_gives_the_same_graphs(atlas: Path, oxigraph: str):
    assert run("publish", "--store", str(atlas), "--graph-store", f"{oxigraph}/store").returncode == 0
    first = all_quads(oxigraph)
    assert run("publish", "--store", str(atlas), "--graph-store", f"{oxigraph}/store").returncode == 0
    assert all_quads(oxigraph) == first
    by_update = run("publish", "--store", str(atlas), "--endpoint", f"{oxigraph}/update")
    assert by_update.returncode == 0, by_update.stderr
    assert all_quads(oxigraph) == first
    assert len(first) == len(open_store(atlas))


def test_a_failure_midway_leaves_each_graph_old_or_new(atlas: Path, curated_atlas: Path, oxigraph: str,
                                                      http_server: Callable):
    """The extractor's graphs are on the server; publishing the curated store through a proxy that fails its second
    PUT is reported, and leaves the first graph new and the others old: none half-written."""
    assert run("publish", "--store", str(atlas), "--graph-store", f"{oxigraph}/store").returncode == 0
    old = graph_quads(oxigraph)
    new: dict[str, set[tuple[str, ...]]] = {}
    curated = run_query(open_store(curated_atlas), "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    for graph, *triple in ({tuple(str(term) for term in row) for row in curated.rows}):
        new.setdefault(graph, set()).add(tuple(triple))
    puts: list[str] = []

    def flaky(request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length", 0)))
        puts.append(request.path)
        if len(puts) == 2:
            request.send_response(503)
            request.end_headers()
            request.wfile.write(b"maintenance")
            return
        forwarded = urllib.request.Request(f"{oxigraph}{request.path}", data=body, method="PUT",
                                           headers={"Content-Type": request.headers["Content-Type"]})
        with urllib.request.urlopen(forwarded) as response:
            request.send_response(response.status)
        request.end_headers()

    result = run("publish", "--store", str(curated_atlas), "--graph-store", f"{http_server(flaky)}/store")
    error = one_error(result)
    assert "published 1 of 3 graphs, then failed on <" in error and "(HTTP 503): maintenance" in error
    after = graph_quads(oxigraph)
    assert set(after) == set(old) == set(new)
    assert all(after[graph] in (old[graph], new[graph]) for graph in after)
    first, second = sorted(after)[:2]
    assert after[first] == new[first] != old[first] and after[second] == old[second] != new[second]


def test_a_parameter_cannot_change_the_query_shape_on_the_server(atlas: Path, oxigraph: str, tmp_path: Path):
    assert run("publish", "--store", str(atlas), "--graph-store", f"{oxigraph}/store").returncode == 0
    own = tmp_path / "labelled.rq"
    own.write_text("SELECT ?label ?thing WHERE { ?thing rdfs:label ?label }", encoding="utf-8")
    for value in ['x" } UNION { ?s ?p ?o } #', "line one\nline two", "{ } }", "a'b\"c"]:
        result = run("query", str(own), "--param", f"label={value}", "--endpoint", f"{oxigraph}/query",
                     "--format", "csv")
        assert result.returncode == 0 and result.stdout.strip() == "label,thing", (value, result.stderr)
    found = run("query", str(own), "--param", "label=Umbrella MoU", "--endpoint", f"{oxigraph}/query",
                "--format", "csv")
    assert len(found.stdout.strip().splitlines()) == 2


def one_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    return lines[0]


def test_a_dead_port_is_one_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    assert one_error(run("flows", "--endpoint", url)) == f"flowatlas: error: {url}: connection refused (is the " \
                                                          "server running, on this port?)"


def test_a_server_error_is_one_line(http_server: Callable):
    def fail(request: BaseHTTPRequestHandler) -> None:
        request.send_response(500)
        request.end_headers()
        request.wfile.write(b"Internal failure: disk full\nat line 3")
    url = http_server(fail) + "/sparql"
    assert one_error(run("flows", "--endpoint", url)) == \
        f"flowatlas: error: {url}: the server failed (HTTP 500): Internal failure: disk full"


def test_a_timeout_is_one_line(http_server: Callable):
    def slow(request: BaseHTTPRequestHandler) -> None:
        time.sleep(4)
    url = http_server(slow) + "/sparql"
    assert one_error(run("flows", "--endpoint", url, "--timeout", "1")) == \
        f"flowatlas: error: {url}: no answer within 1 s (see --timeout)"


def test_a_malformed_query_is_the_servers_parse_error_in_one_line(oxigraph: str):
    line = one_error(run("query", "--query", "SELECT ?x\nWHERE { ?x foo:bar ?y }", "--endpoint", f"{oxigraph}/query"))
    assert line == (f"flowatlas: error: {oxigraph}/query: the server could not parse the query: line 2, column 19: "
                    "unknown prefix 'foo:' (declare it with PREFIX, or use a predeclared one)")


def test_credentials_from_options_or_the_environment_are_sent_as_basic_auth(http_server: Callable):
    seen: list[str] = []

    def answer(request: BaseHTTPRequestHandler) -> None:
        seen.append(request.headers.get("Authorization", ""))
        request.send_response(200)
        request.send_header("Content-Type", "application/sparql-results+json")
        request.end_headers()
        request.wfile.write(json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": "3", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode())

    url = http_server(answer) + "/sparql"
    by_option = run("query", "--query", "SELECT ?n WHERE {}", "--endpoint", url, "--user", "ana", "--password", "s3cret",
                    "--format", "records")
    assert by_option.returncode == 0 and json.loads(by_option.stdout) == [{"n": 3}]
    env = {"FLOWATLAS_USER": "bo", "FLOWATLAS_PASSWORD": "pw:2"}
    by_environment = subprocess.run([sys.executable, "-m", "flowatlas.cli", "query", "--query", "SELECT ?n WHERE {}",
                                     "--endpoint", url], capture_output=True, text=True,
                                    env={**__import__("os").environ, **env})
    assert by_environment.returncode == 0, by_environment.stderr
    assert seen == ["Basic " + base64.b64encode(b"ana:s3cret").decode(), "Basic " + base64.b64encode(b"bo:pw:2").decode()]
