"""`flowatlas serve`: the atlas page at the root, and Oxigraph's own SPARQL server (the `oxigraph` package from PyPI)
over the store behind it: the endpoint at /query (and /update, /store as Oxigraph serves them), its query editor at
/sparql. On 127.0.0.1 unless asked otherwise.

Oxigraph listens on a free loopback port; a small front on the asked-for address answers / with the page (written
once, when the server starts) and passes every other request through unchanged, so SPARQL clients see Oxigraph.

Read-only by default, on a checkpoint of the store (hard links, taken in a moment), so a build can replace the store
while the server runs without pulling files from under it; the server shows the store as it was when it started.
`--writable` serves the store itself, read-write, and builds must wait until it stops.
"""
from __future__ import annotations

import gc
import http.client
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import Store

from flowatlas.graph.errors import FlowatlasError
from flowatlas.graph.store import DATABASE, open_store


class ServeError(FlowatlasError):
    """The server could not start."""


# Headers that belong to one connection, not to the message passed on (RFC 9110, 7.6.1).
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "content-length", "host"}
EDITOR = "/sparql"


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> "Address":
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ServeError(f"--bind {text}: expected HOST:PORT, e.g. 127.0.0.1:7878")
        return cls(host.strip("[]"), int(port))

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def oxigraph_binary() -> str:
    """The `oxigraph` program installed beside this Python (the oxigraph package), else one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the 'oxigraph' server program is not installed (pip install oxigraph)")
    return found


def _listening(address: Address) -> bool:
    try:
        with socket.create_connection((address.host, address.port), timeout=0.2):
            return True
    except OSError:
        return False


class _Front(BaseHTTPRequestHandler):
    """The atlas page at /, Oxigraph's query editor at /sparql, and everything else passed to Oxigraph."""

    protocol_version = "HTTP/1.1"
    server: "_FrontServer"

    def _answer(self) -> None:
        parts = urlsplit(self.path)
        if self.command in ("GET", "HEAD") and parts.path in ("/", "/atlas.html"):
            self._send(200, "OK", [("Content-Type", "text/html; charset=utf-8")], self.server.page)
            return
        path = self.path
        if parts.path == EDITOR:
            path = "/" + (f"?{parts.query}" if parts.query else "")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(self.server.upstream.host, self.server.upstream.port)
        try:
            upstream.request(self.command, path, body=body, headers={
                key: value for key, value in self.headers.items() if key.lower() not in HOP_BY_HOP})
            response = upstream.getresponse()
            answer = response.read()
            headers = [(key, value) for key, value in response.getheaders() if key.lower() not in HOP_BY_HOP]
            self._send(response.status, response.reason, headers, answer)
        except OSError as error:
            self._send(502, "Bad Gateway", [("Content-Type", "text/plain")], f"the SPARQL server: {error}".encode())
        finally:
            upstream.close()

    def _send(self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status, reason)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the standard library's name)
        pass  # a quiet server: the terminal shows only what flowatlas says


class _FrontServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: Address, upstream: Address, page: bytes) -> None:
        super().__init__((address.host, address.port), _Front)
        self.upstream = upstream
        self.page = page


def _free_loopback() -> Address:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return Address("127.0.0.1", probe.getsockname()[1])


def serve(directory: Path, address: Address, writable: bool, timeout: int | None,
          ready: Callable[[str], None], page: Callable[[Store], str]) -> int:
    """Run the server until it stops or Ctrl-C; `ready` is told the URL once it answers; `page` writes the atlas
    page from the store served. Returns the exit code."""
    open_store(directory)  # a clear error for a missing store, before anything starts
    if _listening(address):
        raise ServeError(f"{address.url}: something is already listening there (choose another --bind)")
    snapshot = None
    if writable:
        location, command = directory / DATABASE, "serve"
    else:
        snapshot = Path(tempfile.mkdtemp(prefix="flowatlas-serve-"))
        location, command = snapshot / DATABASE, "serve-read-only"
        Store.read_only(str(directory / DATABASE)).backup(str(location))
    drawn = page(Store.read_only(str(location))).encode("utf-8")
    gc.collect()  # the store read for the page is closed before the server opens it
    upstream = _free_loopback()
    arguments = [oxigraph_binary(), command, "--location", str(location), "--bind",
                 f"{upstream.host}:{upstream.port}", "--union-default-graph"]
    if timeout:
        arguments += ["--timeout-s", str(timeout)]
    child = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    front = None
    try:
        while not _listening(upstream):
            if child.poll() is not None:
                message = " ".join((child.stderr.read() if child.stderr else "").split())
                raise ServeError(f"{address.url}: the server did not start: {message or 'no reason given'}")
            time.sleep(0.05)
        try:
            front = _FrontServer(address, upstream, drawn)
        except OSError as error:
            raise ServeError(f"{address.url}: cannot listen there: {error.strerror}") from None
        threading.Thread(target=front.serve_forever, daemon=True).start()
        ready(address.url)
        try:
            return child.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if front is not None:
            front.shutdown()
            front.server_close()
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if snapshot is not None:
            shutil.rmtree(snapshot, ignore_errors=True)
