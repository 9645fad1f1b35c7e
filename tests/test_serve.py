"""`flowatlas serve` (issue 7): a local SPARQL endpoint with its query editor, on 127.0.0.1, read-only, over a checkpoint
so a build can run beside it, printing its URL and stopping cleanly on Ctrl-C; the atlas page at its root (issue 9)."""
from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from conftest import DWP_2024, HOME_OFFICE_2020, as_from_a_terminal, run
from test_endpoint import free_port


def start(store: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, "-m", "flowatlas.cli", "serve", "--store", str(store), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              preexec_fn=as_from_a_terminal)
    assert server.stderr is not None
    line = server.stderr.readline()
    match = re.search(r"at (http://\S+)/ ", line)
    assert match, line + server.stderr.read()
    return server, match.group(1)


def ask(url: str, query: str) -> dict:
    request = urllib.request.Request(f"{url}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_serve_answers_sparql_read_only_and_stops_on_ctrl_c(tmp_path: Path):
    store = tmp_path / "atlas"
    assert run("build", str(DWP_2024), "--store", str(store)).returncode == 0
    port = free_port()
    server, url = start(store, "--bind", f"127.0.0.1:{port}")
    try:
        assert url == f"http://127.0.0.1:{port}"
        count = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/flowatlas/ns#Share> }"
        embedded = json.loads(run("query", "--query", count, "--store", str(store), "--format", "json").stdout)
        assert ask(url, count)["results"] == embedded["results"]
        assert embedded["results"]["bindings"][0]["n"]["value"] == "6"  # the April 2018 share and five in 2023
        update = urllib.request.Request(f"{url}/update", data=b"INSERT DATA { <a:a> <a:b> <a:c> }",
                                        headers={"Content-Type": "application/sparql-update"})
        try:
            urllib.request.urlopen(update, timeout=10)
            refused = False
        except urllib.error.HTTPError as error:
            refused = error.code == 403
        assert refused
        with urllib.request.urlopen(f"{url}/sparql", timeout=10) as page:  # Oxigraph's query editor
            html = page.read().decode()
        assert "<html" in html and not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # assets served locally
        with urllib.request.urlopen(f"{url}/", timeout=10) as page:  # the atlas page (issue 9)
            html = page.read().decode()
        data = json.loads(re.search(r'id="atlas-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
        assert len(data["shares"]) == 6 and data["view"] == "org"
        # The server reads a checkpoint: a build may replace the store meanwhile.
        assert run("build", str(HOME_OFFICE_2020), "--store", str(store)).returncode == 0
        assert ask(url, count)["results"] == embedded["results"]  # still the store as it was when serve started
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=20)
    assert server.returncode == 0 and "server stopped" in stderr and "Traceback" not in stderr
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more


def test_serve_refuses_a_taken_port_and_a_missing_store(tmp_path: Path, atlas: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--store", str(atlas), "--bind", f"127.0.0.1:{port}")
    assert result.returncode == 2 and "something is already listening there" in result.stderr
    missing = run("serve", "--store", str(tmp_path / "none"))
    assert missing.returncode == 2 and "no flowatlas store here" in missing.stderr
    malformed = run("serve", "--store", str(atlas), "--bind", "localhost")
    assert malformed.returncode == 2 and "expected HOST:PORT" in malformed.stderr
