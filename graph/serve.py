"""`flowatlas serve`: Oxigraph's own SPARQL server (the `oxigraph` package from PyPI) over the store, with its query
editor at the root, on 127.0.0.1 unless asked otherwise.

Read-only by default, on a checkpoint of the store (hard links, taken in a moment), so a build can replace the store
while the server runs without pulling files from under it; the server shows the store as it was when it started.
`--writable` serves the store itself, read-write, and builds must wait until it stops.
"""
from __future__ import annotations

import gc
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Store

from flowatlas.graph.errors import FlowatlasError
from flowatlas.graph.store import DATABASE, open_store


class ServeError(FlowatlasError):
    """The server could not start."""


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


def serve(directory: Path, address: Address, writable: bool, timeout: int | None,
          ready: Callable[[str], None]) -> int:
    """Run the server until it stops or Ctrl-C; `ready` is told the URL once it answers. Returns the exit code."""
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
        gc.collect()
    arguments = [oxigraph_binary(), command, "--location", str(location), "--bind",
                 f"{address.host}:{address.port}", "--union-default-graph"]
    if timeout:
        arguments += ["--timeout-s", str(timeout)]
    child = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while not _listening(address):
            if child.poll() is not None:
                message = " ".join((child.stderr.read() if child.stderr else "").split())
                raise ServeError(f"{address.url}: the server did not start: {message or 'no reason given'}")
            time.sleep(0.05)
        ready(address.url)
        try:
            return child.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if snapshot is not None:
            shutil.rmtree(snapshot, ignore_errors=True)
