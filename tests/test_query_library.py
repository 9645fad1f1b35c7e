"""The query library (issue 7): every named query on the founding documents' graph, parameters bound as terms and
resolved through the reference data, queries from files, stdin and the command line, and one row per fact."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import PROJECT, run
from pyoxigraph import Store

from flowatlas.graph.catalogue import README, readme_with_catalogue
from flowatlas.graph.library import named_queries

INJECTIONS = ['x" } UNION { ?s ?p ?o } #', "a'b\"c", "{ } }", "line one\nline two", "# comment", "\\", "<http://x/>"]


def query_rows(store: Path, *args: str) -> list[dict[str, str]]:
    """`flowatlas query ... --format csv` as dictionaries (the command a user runs)."""
    result = run("query", *args, "--store", str(store), "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_named_query_documents_itself_and_runs_without_predeclared_prefixes():
    queries = named_queries()
    assert len(queries) >= 14
    for query in queries:
        assert query.question.endswith(("?", ".")) and query.example, query.name
        Store().query(query.text)  # parses with no prefixes passed: pasteable into any server's editor


def test_the_catalogue_in_queries_readme_is_current():
    """queries/README.md lists every query and every term as the .rq headers and ontology/ say; regenerate it with
    `python -m flowatlas.graph.catalogue`."""
    current = README.read_text(encoding="utf-8")
    assert current == readme_with_catalogue(current)
    listed = run("query", "--list", "--format", "markdown").stdout
    assert listed in current
    for query in named_queries():
        assert f"| {query.name} |" in listed


def test_recipient_profile_lists_the_dwp_shares_with_their_counts(atlas: Path):
    rows = query_rows(atlas, "recipient-profile", "--param", "recipient=DWP")
    by_date = {(r["date"], r["subjects_requested"], r["subjects_returned"]) for r in rows}
    assert ("2018-04", "185", "1") in by_date and ("2023-06", "12", "12") in by_date
    assert len(rows) == 6  # the April 2018 share, stated by both documents, is one row


@pytest.mark.parametrize("name", ["Home Office", "home office", "HO", "orgs:home-office",
                                  "https://w3id.org/flowatlas/id/org/home-office"])
def test_a_recipient_given_by_label_alias_or_iri_resolves_like_in_a_sheet(atlas: Path, name: str):
    rows = query_rows(atlas, "recipient-profile", "--param", f"recipient={name}")
    assert [r["to"] for r in rows] == ["Home Office"]


def test_dataset_reach_of_the_npd_counts_its_parts(atlas: Path):
    rows = query_rows(atlas, "dataset-reach", "--param", "dataset=NPD")
    assert {r["recipient"] for r in rows} >= {"Home Office", "DWP", "Police"}
    police = next(r for r in rows if r["recipient"] == "Police")
    assert police["via"] == "School Census"  # a part of the NPD, not the NPD itself


def test_data_item_reach_of_home_addresses_and_of_addresses(atlas: Path):
    home = query_rows(atlas, "data-item-reach", "--param", "item=home address")
    assert [(r["recipient"], r["how"]) for r in home] == [("Police", "disclosed")]
    anywhere = {r["recipient"]: r["items"] for r in query_rows(atlas, "data-item-reach", "--param", "item=address")}
    assert anywhere["Police"] == "last known home address"  # narrower than an address
    assert set(anywhere) == {"DWP", "Home Office", "Police"}


def test_evidence_for_the_april_2018_dwp_share_lists_both_documents(atlas: Path):
    rows = query_rows(atlas, "evidence", "--param", "share=share:event-dfe-dwp-2018-04-185")
    assert {r["document"] for r in rows} == {"dfe-dwp-pupil-matching-2024.txt", "dfe-home-office-policing-2020.txt"}
    assert {r["stated_by"] for r in rows} == {"authority", "requester"}
    assert any("185 child identities" in r["quote"] for r in rows)
    assert len({(r["document"], r["at"]) for r in rows}) == len(rows)  # one row per excerpt


@pytest.mark.parametrize("value", ["2023-0020534", "DfE → DWP 2023-0020534", "dfe → dwp 2023-0020534",
                                   "share:ref-2023-0020534"])
def test_a_share_resolves_by_reference_label_or_iri(atlas: Path, value: str):
    rows = query_rows(atlas, "evidence", "--param", f"share={value}")
    assert rows and {r["share"] for r in rows} == {"https://w3id.org/flowatlas/id/share/ref-2023-0020534"}


def test_purposes_and_legal_bases(atlas: Path):
    purposes = {r["purpose"]: r for r in query_rows(atlas, "purposes")}
    assert purposes["criminal investigation"]["recipients"] == "DWP; Police"
    assert purposes["criminal investigation"]["shares"] == "3"
    bases = {r["legal_basis"]: r for r in query_rows(atlas, "legal-bases")}
    assert bases["Fraud Act 2006"]["shares"] == "2" and bases["Fraud Act 2006"]["recipients"] == "DWP"
    assert "Police" in bases["(none stated)"]["recipients"]


def test_agreements_and_shares_without_one(atlas: Path):
    agreements = {r["label"]: r for r in query_rows(atlas, "agreements")}
    umbrella = agreements["Umbrella MoU"]
    assert (umbrella["kind"], umbrella["parties"], umbrella["versions"], umbrella["in_force_from"]) == \
        ("MoU", "DfE; Home Office", "1", "2019-01-31")
    assert umbrella["shares"] == "1" and umbrella["status"] == "under review since 2020-01"
    without = {r["share"].rsplit("/", 1)[1] for r in query_rows(atlas, "shares-without-agreement")}
    assert "ref-2023-0020534" in without and "event-dfe-dwp-2018-04-185" in without
    assert "event-dfe-home-office" not in without and "event-dfe-police-2019-11-2136" not in without


def test_timeline_by_year_and_by_month(atlas: Path):
    years = {(r["period"], r["recipient"]): r for r in query_rows(atlas, "timeline")}
    assert years[("2023", "DWP")]["shares"] == "5" and years[("2023", "DWP")]["subjects_returned"] == "15"
    assert years[("2019", "Police")]["subjects_returned"] == "2136"
    assert years[("2019", "Police")]["subjects_requested"] == ""  # no source states it: empty, not 0
    months = {(r["period"], r["recipient"]): r for r in query_rows(atlas, "timeline", "--param", "by=month")}
    assert months[("2023-08", "DWP")]["shares"] == "2"


def test_match_rates(atlas: Path):
    rates = {(r["recipient"], r["period"]): r for r in query_rows(atlas, "match-rates")}
    dwp = rates[("DWP", "2023")]
    # requested 12 + 1 + 7 + 1 + 2; matched is stated for 7 + 1 + 2 of them (2 matched); returned 12 + 1 + 2 + 0 + 0
    assert (dwp["subjects_requested"], dwp["subjects_matched"], dwp["subjects_returned"]) == ("23", "2", "15")
    assert float(dwp["match_pct"]) == 20.0 and float(dwp["return_pct"]) == 65.2


def test_sources_searched_and_withheld(atlas: Path):
    searched = query_rows(atlas, "sources-searched")
    assert {"recipient": "Home Office", "dataset": "School Census", "part_of": "NPD", "share": "DfE → Home Office"} \
        in searched
    withheld = query_rows(atlas, "withheld")
    assert any(r["applied_to"] == "DfE → DWP 2023-0033523" and r["treatment"] == "withheld" for r in withheld)


def test_named_queries_count_a_share_once_whatever_the_number_of_documents(atlas: Path):
    flows = query_rows(atlas, "who-receives-what")
    assert len(flows) == len({r["share"] for r in flows}) == 9
    april = next(r for r in flows if r["date"] == "2018-04")
    assert april["sources"] == "dfe-dwp-pupil-matching-2024.txt; dfe-home-office-policing-2020.txt"
    profile = query_rows(atlas, "recipient-profile", "--param", "recipient=DWP")
    assert len(profile) == len({r["share"] for r in profile})


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_parameter_cannot_change_the_query_shape(atlas: Path, tmp_path: Path, value: str):
    """Pasted into the text, `x" } UNION { ?s ?p ?o } #` would return every triple; bound as a term it matches
    nothing. A share parameter is looked up as a bound literal too."""
    own = tmp_path / "labelled.rq"
    own.write_text("SELECT ?label ?thing WHERE { ?thing rdfs:label ?label }", encoding="utf-8")
    assert query_rows(atlas, str(own), "--param", f"label={value}") == []
    assert len(query_rows(atlas, str(own), "--param", "label=Umbrella MoU")) == 1
    result = run("query", "evidence", "--param", f"share={value}", "--store", str(atlas))
    assert result.returncode == 2 and "no share has that IRI, reference or label" in result.stderr


@pytest.mark.parametrize("args, reason", [
    (["recipient-profile"], "needs --param recipient="),
    (["recipient-profile", "--param", "recipient=Ministry of Magic"], "no organisation called 'Ministry of Magic'"),
    (["recipient-profile", "--param", "who=DWP"], "no parameter 'who' (parameters: recipient)"),
    (["recipient-profile", "--param", "recipient"], "expected NAME=VALUE"),
    (["timeline", "--param", "by=week"], "'week' is not one of year, month"),
    (["dataset-reach", "--param", "dataset=DWP"], "no dataset called 'DWP'"),
    (["no-such-query"], "no such query (named queries: agreements,"),
    (["missing.rq"], "missing.rq: no such file"),
])
def test_a_parameter_or_query_that_cannot_be_resolved_is_one_line(atlas: Path, args: list[str], reason: str):
    result = run("query", *args, "--store", str(atlas))
    errors = [line for line in result.stderr.splitlines() if line]
    assert result.returncode == 2 and len(errors) == 1 and reason in errors[0], result.stderr


def test_queries_from_stdin_the_command_line_and_other_forms(atlas: Path):
    import subprocess
    import sys
    piped = subprocess.run([sys.executable, "-m", "flowatlas.cli", "query", "-", "--store", str(atlas)],
                           input="ASK { ?s a fa:Share ; dpv:hasRecipient orgs:dwp }", capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stdout == "true\n"
    inline = run("query", "--query", "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a fa:Share }", "--store",
                 str(atlas), "--format", "records")
    assert inline.stdout.strip().replace(" ", "").replace("\n", "") == '[{"n":9}]'
    graph = run("query", "--query", "CONSTRUCT { ?s a fa:Share } WHERE { ?s a fa:Share }", "--store", str(atlas))
    parsed = Store()
    parsed.load(graph.stdout.encode(), format=__import__("pyoxigraph").RdfFormat.TURTLE)
    assert len(parsed) == 9
    asked = run("query", "--query", "ASK { ?s a fa:Share }", "--store", str(atlas), "--format", "json")
    assert asked.stdout.replace(" ", "").strip() == '{"head":{},"boolean":true}'
    wrong = run("query", "--query", "ASK { ?s a fa:Share }", "--store", str(atlas), "--format", "turtle")
    assert wrong.returncode == 2 and "for CONSTRUCT and DESCRIBE" in wrong.stderr


@pytest.mark.parametrize("text, expected", [
    ("SELECT ?x WHERE { ?x foo:bar ?y }", "line 1, column 29: unknown prefix 'foo:'"),
    ("SELECT ?x\nWHERE { ?x a ", "line 2, column 14: unexpected text at the end of the query; expected one of"),
    ("SELECT (COUNT(*) AS ?n WHERE { ?s ?p ?o }", "line 1, column 24: unexpected text near 'WHERE { ?s ?p ?o }'"),
])
def test_a_sparql_error_names_the_file_line_and_column_in_one_readable_line(atlas: Path, tmp_path: Path,
                                                                           text: str, expected: str):
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    result = run("query", str(path), "--store", str(atlas))
    errors = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(errors) == 1, result.stderr
    assert errors[0].startswith(f"flowatlas: error: {path}: malformed SPARQL: {expected}")
    assert "\\u{" not in errors[0] and len(errors[0]) < 300


def test_readme_sparql_examples_give_one_row_per_fact(tmp_path: Path):
    """Every ```sparql block of the README and queries/README.md runs on the bundled corpus and returns no row
    twice (the union of document graphs must not show through)."""
    store = tmp_path / "atlas"
    assert run("build", str(PROJECT / "corpus"), str(PROJECT / "examples"), "--store", str(store)).returncode == 0
    blocks = []
    for readme in (PROJECT / "README.md", PROJECT / "queries" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        blocks += [block.split("```", 1)[0] for block in text.split("```sparql\n")[1:]]
    assert len(blocks) >= 3
    for block in blocks:
        path = tmp_path / "example.rq"
        path.write_text(block, encoding="utf-8")
        params = ["--param", "provider=DfE"] if "@param provider" in block else []
        result = run("query", str(path), *params, "--store", str(store), "--format", "csv")
        assert result.returncode == 0, (block, result.stderr)
        rows = [tuple(row) for row in csv.reader(io.StringIO(result.stdout))][1:]
        assert rows and len(rows) == len(set(rows)), block
