"""Curated fact sheets (issue 2): the loader reads an analyst's reviewed record of a document, refuses a sheet whose
quotes are not in its document or that states a fact without a quote, and a sheet replaces the automatic facts for
its document. `flowatlas extract` drafts sheets; an unedited draft gives the graph the extractor gives."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DWP_2024, EXAMPLES, HOME_OFFICE_2020, PROJECT, error_lines, flows_of, run, select

from flowatlas.cli import main
from flowatlas.graph.namespaces import FA
from flowatlas.graph.store import export, open_store
from flowatlas.loaders.document import read_document

APRIL_2018 = """\
document: {document}
records:
- kind: share
  id: april-2018
  provider: DfE
  recipient: DWP
  dataset: National Pupil Database
  subjects_requested: 185
  date: 2018-04
  evidence:
  - quote: |
      With regards to the request from April 2018, a request was received
      involving 185 child identities (name and DOB) to be checked against the National Pupil Database.
    supports: [provider, recipient, dataset, subjects_requested, date]
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the founding DWP document and its index, where sheets can be written beside it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(DWP_2024, folder)
    shutil.copy(EXAMPLES / "index.csv", folder)
    return folder


def sheet(folder: Path, text: str, name: str = "sheet.yaml") -> Path:
    path = folder / name
    path.write_text(text.format(document=DWP_2024.name), encoding="utf-8")
    return path


def nquads(store: Path) -> set[str]:
    return set(export(open_store(store), "nquads").decode().splitlines())


def test_a_sheet_builds_its_facts_with_exact_quotes(corpus: Path, tmp_path: Path):
    store = tmp_path / "atlas"
    assert main(["build", str(sheet(corpus, APRIL_2018)), "--store", str(store)]) == 0
    [row] = flows_of(store)
    assert (row["provider"], row["recipient"], row["date"], row["subjects_requested"], row["datasets"]) == \
        ("DfE", "DWP", "2018-04", "185", "NPD")
    _, quotes = select(open_store(store), """SELECT ?start ?end ?exact ?who WHERE {
        ?claim oa:hasBody ?share ; fa:statedBy ?who ; oa:hasTarget ?x . ?share a fa:Share .
        ?x oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] }""")
    text = read_document(DWP_2024).text
    [(start, end, exact, who)] = quotes
    assert text[int(start):int(end)] == exact and exact.startswith("With regards to the request from April 2018")
    assert exact.endswith("National Pupil Database.") and who == FA + "authority"
    _, method = select(open_store(store), "SELECT ?how WHERE { ?d fa:recordedBy ?how }")
    assert method == [[FA + "curatedSheet"]]


def test_a_sheet_replaces_the_automatic_facts_for_its_document(corpus: Path, tmp_path: Path):
    store = tmp_path / "atlas"
    assert main(["build", str(corpus / DWP_2024.name), "--store", str(store)]) == 0
    assert len(flows_of(store)) == 6
    assert main(["build", str(sheet(corpus, APRIL_2018)), "--store", str(store)]) == 0
    assert [row["date"] for row in flows_of(store)] == ["2018-04"]
    # Within one build too, whatever the order of the paths.
    other = tmp_path / "other"
    assert main(["build", str(corpus / "sheet.yaml"), str(corpus / DWP_2024.name), "--store", str(other)]) == 0
    assert nquads(other) == nquads(store)


@pytest.mark.parametrize("edit, reason", [
    (lambda s: s.replace("185 child identities", "186 child identities"), "quote not found in"),
    (lambda s: s.replace("recipient: DWP", "recipient: Ministry of Magic"), "unknown organisation 'Ministry of Magic'"),
    (lambda s: s.replace("supports: [provider, recipient, dataset, subjects_requested, date]",
                         "supports: [provider, recipient, dataset, subjects_requested]"),
     "date stated without a quote"),
    (lambda s: s.replace("  date: 2018-04\n", "  date: April 2018\n"), "not an ISO 8601 date"),
    (lambda s: s.replace("  date: 2018-04\n", "  date: 2018-13\n"), "not a real date"),
    (lambda s: s.replace("  subjects_requested: 185\n", "  subjects_requested: many\n"), "not a whole number"),
    (lambda s: s.replace("  date: 2018-04\n", "  date: 2018-04\n  colour: red\n"), "unknown field(s) colour"),
    (lambda s: s.replace("  date: 2018-04\n", "  date: 2018-04\n  date: 2018-05\n"), "'date' is given twice"),
    (lambda s: s.replace("- kind: share", "- kind: rumour"), "kind: 'rumour' is not one of"),
    (lambda s: s.replace("  date: 2018-04\n", "  date: 2018-04\n  agreement: no-such-mou\n")
     .replace("subjects_requested, date]", "subjects_requested, date, agreement]"), "no record with id 'no-such-mou'"),
    (lambda s: s.replace("records:\n", "sha256: 0000\nrecords:\n"), "has changed since the sheet was reviewed"),
    (lambda s: s.replace("document: {document}", "document: missing.txt"), "document not found"),
    (lambda s: s.replace("  - quote: |", "  - quote: [unclosed"), "malformed YAML: line"),
    (lambda s: "just a sentence\n", "not a fact sheet"),
    (lambda s: "", "empty file"),
])
def test_a_bad_sheet_is_one_line_and_leaves_the_store_as_it_was(corpus: Path, tmp_path: Path, edit, reason: str):
    store = tmp_path / "atlas"
    assert main(["build", str(HOME_OFFICE_2020), "--store", str(store)]) == 0
    before = nquads(store)
    bad = sheet(corpus, edit(APRIL_2018))
    result = run("build", str(corpus / DWP_2024.name), str(bad), "--store", str(store))
    assert result.returncode == 2
    [line] = error_lines(result)
    assert str(bad) in line and reason in line, line
    assert nquads(store) == before


def test_the_bundled_sheet_with_a_changed_quote_is_refused(tmp_path: Path):
    """The done-when case on the real curated sheet: one quote edited so it is no longer in the document."""
    for path in (DWP_2024, EXAMPLES / "dfe-dwp-pupil-matching-2024.yaml", EXAMPLES / "index.csv"):
        shutil.copy(path, tmp_path)
    curated = tmp_path / "dfe-dwp-pupil-matching-2024.yaml"
    text = curated.read_text(encoding="utf-8")
    assert "involving 185 child identities" in text
    curated.write_text(text.replace("involving 185 child identities", "involving 195 child identities"), "utf-8")
    store = tmp_path / "atlas"
    assert main(["build", "--store", str(store)]) == 0
    before = nquads(store)
    result = run("build", str(curated), "--store", str(store))
    assert result.returncode == 2
    [line] = error_lines(result)
    assert str(curated) in line and "quote not found in dfe-dwp-pupil-matching-2024.txt" in line
    assert nquads(store) == before


def test_two_sheets_for_one_document_are_refused(corpus: Path, tmp_path: Path):
    first, second = sheet(corpus, APRIL_2018, "a.yaml"), sheet(corpus, APRIL_2018, "b.yaml")
    result = run("build", str(first), str(second), "--store", str(tmp_path / "atlas"))
    assert result.returncode == 2 and "a second fact sheet" in error_lines(result)[0]


@pytest.mark.parametrize("document", [DWP_2024, HOME_OFFICE_2020])
def test_extract_then_build_of_the_unedited_sheet_gives_the_same_graph_as_the_text(document: Path, tmp_path: Path):
    draft = tmp_path / "drafts" / f"{document.stem}.yaml"
    draft.parent.mkdir()
    assert main(["extract", str(document), "--out", str(draft)]) == 0
    assert main(["build", str(document), "--store", str(tmp_path / "text")]) == 0
    assert main(["build", str(draft), "--store", str(tmp_path / "sheet")]) == 0
    from_text, from_sheet = nquads(tmp_path / "text"), nquads(tmp_path / "sheet")
    # Only how the facts were recorded differs.
    assert [q for q in from_text - from_sheet if "#recordedBy>" not in q] == []
    assert [q for q in from_sheet - from_text if "#recordedBy>" not in q] == []
    assert any("#curatedSheet>" in q for q in from_sheet - from_text)


def test_extract_writes_to_stdout_relative_to_the_current_folder(corpus: Path):
    result = run("extract", DWP_2024.name, cwd=corpus)
    assert result.returncode == 0 and f"document: {DWP_2024.name}\n" in result.stdout
    assert "kind: share" in result.stdout and "supports: [" in result.stdout


def test_extract_does_not_overwrite_a_sheet_without_force(corpus: Path):
    reviewed = sheet(corpus, APRIL_2018)
    result = run("extract", str(corpus / DWP_2024.name), "--out", str(reviewed))
    assert result.returncode == 2 and "already exists" in error_lines(result)[0]
    assert reviewed.read_text(encoding="utf-8") == APRIL_2018.format(document=DWP_2024.name)
    assert run("extract", str(corpus / DWP_2024.name), "--out", str(reviewed), "--force").returncode == 0
    assert "kind: agreement" in reviewed.read_text(encoding="utf-8")


def test_draft_gives_each_quote_a_confidence_by_where_it_comes_from(tmp_path: Path):
    """Issue 3: the draft carries a confidence per fact; the standing Home Office share's link to the MoUs is a
    rule's inference (medium), the 2,136 police pupils only the requester states (low)."""
    import yaml
    draft = tmp_path / "draft.yaml"
    assert main(["extract", str(HOME_OFFICE_2020), "--out", str(draft)]) == 0
    records = yaml.safe_load(draft.read_text(encoding="utf-8"))["records"]
    evidence = [(r, e) for r in records for e in r["evidence"]]
    assert {e["confidence"] for _, e in evidence} == {"high", "medium", "low"}
    assert all(e["confidence"] == "low" for _, e in evidence if e["stated_by"] == "requester")
    home_office = next(r for r in records if r["kind"] == "share" and r.get("recipient") == "Home Office")
    assert [e["confidence"] for e in home_office["evidence"] if e["supports"] == ["agreement"]] == ["medium"]
    police = next(r for r in records if r["kind"] == "share" and r.get("recipient") == "Police")
    assert [e["confidence"] for e in police["evidence"] if "2,136" in e["quote"]] == ["low"]


def test_unedited_drafts_of_the_whole_corpus_give_the_extractors_graph(tmp_path: Path):
    """Issue 3's done-when over every corpus text (parliamentary answers, pages, threads), built together."""
    texts = sorted((PROJECT / "corpus").glob("*.txt"))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for text in texts:
        assert main(["extract", str(text), "--out", str(drafts / f"{text.stem}.yaml")]) == 0
    assert main(["build", *map(str, texts), "--store", str(tmp_path / "text")]) == 0
    assert main(["build", str(drafts), "--store", str(tmp_path / "sheet")]) == 0
    from_text, from_sheet = nquads(tmp_path / "text"), nquads(tmp_path / "sheet")
    assert [q for q in from_text ^ from_sheet if "#recordedBy>" not in q] == []
