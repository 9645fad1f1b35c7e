"""Issue 10: `build` of a folder reads its documents on every core (`--jobs`, default: the cores this process may
use), with the same graph as one process and the same one-line error, store untouched, on a bad file."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PROJECT, error_lines, run

from flowatlas.graph.store import open_store


def _texts(folder: Path) -> Path:
    """The corpus documents without their sheets, so every one is read by the extractor."""
    folder.mkdir()
    for text in sorted((PROJECT / "corpus").glob("*.txt"))[:12]:
        shutil.copy(text, folder / text.name)
    shutil.copy(PROJECT / "corpus" / "index.csv", folder / "index.csv")
    return folder


def _quads(store: Path) -> set[str]:
    return {str(quad) for quad in open_store(store)}


def test_two_processes_build_the_graph_one_process_builds(tmp_path: Path):
    texts = _texts(tmp_path / "texts")
    for jobs in ("1", "2"):
        result = run("build", str(texts), "--store", str(tmp_path / f"store-{jobs}"), "--jobs", jobs)
        assert result.returncode == 0, result.stderr
    alone, shared = _quads(tmp_path / "store-1"), _quads(tmp_path / "store-2")
    assert alone and alone == shared


def test_a_bad_file_in_a_parallel_build_is_one_line_and_the_store_is_as_it_was(tmp_path: Path):
    texts = _texts(tmp_path / "texts")
    store = tmp_path / "store"
    assert run("build", str(texts), "--store", str(store), "--jobs", "2").returncode == 0
    before = _quads(store)
    (texts / "zz-binary.txt").write_bytes(b"\x00\xff\xfe binary \x00")
    result = run("build", str(texts), "--store", str(store), "--jobs", "2")
    assert result.returncode != 0
    [line] = error_lines(result)
    assert "zz-binary.txt" in line
    assert _quads(store) == before


def test_jobs_must_be_a_positive_count(tmp_path: Path):
    result = run("build", "--jobs", "0", "--store", str(tmp_path / "store"))
    assert result.returncode == 2 and "--jobs: must be at least 1, not 0" in result.stderr
