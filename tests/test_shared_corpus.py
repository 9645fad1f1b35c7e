"""Issue 3: every document in ../shared/corpus builds without error, and the project's copies are unchanged.
Skipped, with the reason, when ../shared is not beside the project (the project's own tests use corpus/)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, PROJECT, run

SHARED = PROJECT.parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not (SHARED / "index.csv").is_file(), reason=f"{SHARED} is not present")


def test_every_shared_document_builds_with_the_extractor(tmp_path: Path):
    result = run("build", str(SHARED), "--store", str(tmp_path / "atlas"))
    assert result.returncode == 0, result.stderr
    documents = len([p for p in SHARED.iterdir() if p.suffix == ".txt"])
    assert f"built {documents} documents" in result.stderr


def test_the_projects_copies_are_the_shared_documents_unchanged():
    copies = sorted((PROJECT / "corpus").glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))
    assert len(copies) == 31  # the 20 of sessions 1-4 and the 11 added for issue 10
    for copy in copies:
        assert copy.read_bytes() == (SHARED / copy.name).read_bytes(), copy.name
