"""Validating completeness (issue 8): shapes, withheld versus missing, contradictions and corroborations, follow-up
questions, exit codes, and a store edited by hand caught rather than trusted."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from conftest import VALIDATION, run

from flowatlas.graph.namespaces import PREFIXES

def report_of(store: Path, *args: str) -> dict:
    result = run("validate", "--store", str(store), "--format", "json", *args)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def record(report: dict, label: str) -> dict:
    return next(r for r in report["records"] if r["label"] == label)


def findings(report: dict, severity: str) -> list[tuple[str, str, str | None]]:
    return [(r["focus_label"], r["message"], r["value"]) for r in report["results"] if r["severity"] == severity]


def test_the_police_share_misses_a_legal_basis_and_an_agreement_with_questions(curated_atlas: Path):
    report = report_of(curated_atlas)
    police = record(report, "DfE → Police 2019-11")
    assert police["fields"]["legal basis"] == "missing"
    assert police["fields"]["agreement"] == "missing"  # a request form is not a standing agreement
    assert {q["field"] for q in report["questions"] if q["record"] == police["record"]} == {"legal basis",
                                                                                           "agreement"}
    asked = [q for q in report["questions"] if q["record"] == police["record"] and q["field"] == "legal basis"]
    assert asked[0]["body"] == "DfE"
    assert asked[0]["question"] == ("Please state the legal basis under which data on 2,136 individuals was "
                                    "disclosed to Police in November 2019 (your reference 2020-0041447).")


def test_a_withheld_request_is_withheld_under_section_31_not_missing(curated_atlas: Path):
    report = report_of(curated_atlas)
    share = record(report, "DfE → DWP 2023-0033523")
    withheld = share["details"]["agreement"]
    assert share["fields"]["agreement"] == "withheld" and withheld["detail"] == "withheld under FOIA s31 (31(1)(2))"
    assert withheld["quote"]["text"].startswith("The request with DfE reference 2023-0033523 is held by the "
                                                "Department but is being withheld because the following exemption")
    assert not any(q["record"].endswith("2023-0033523") for q in report["questions"])  # nothing to ask: withheld


def test_the_bundled_build_passes_the_count_and_date_checks_and_never_fails(curated_atlas: Path):
    report = report_of(curated_atlas)
    assert report["summary"]["violations"] == 0
    assert run("validate", "--store", str(curated_atlas), "--fail-on", "never").returncode == 0
    assert run("validate", "--store", str(curated_atlas)).returncode == 0  # warnings only
    assert run("validate", "--store", str(curated_atlas), "--fail-on", "warning").returncode == 1
    home_office = record(report, "DfE → Home Office")
    assert home_office["fields"]["purpose"] == "inherited"
    assert home_office["details"]["purpose"] == {"detail": "from the agreement", "quote": None}


def test_sources_that_contradict_keep_both_values_with_both_quotes(cases: Path):
    report = report_of(cases)
    [conflict] = report["contradictions"]
    assert (conflict["label"], conflict["property"]) == ("HMRC → Bradford Council HM-2020-17", "individuals returned")
    values = {v["value"]: v["sources"] for v in conflict["values"]}
    assert set(values) == {"120", "150"}
    assert values["120"][0]["document"] == "minutes-2021.txt" and "120 children" in values["120"][0]["quote"]["text"]
    assert values["150"][0]["document"] == "correction-2021.txt" and "150 children" in values["150"][0]["quote"]["text"]
    [agreed] = report["corroborations"]
    assert agreed["property"] == "date" and agreed["values"][0]["value"] == "2020-06"
    assert {s["document"] for s in agreed["values"][0]["sources"]} == {"minutes-2021.txt", "correction-2021.txt"}


def test_matched_above_requested_a_future_date_and_a_new_organisation(cases: Path):
    report = report_of(cases)
    violations = findings(report, "Violation")
    assert ("DfE → DWP 2022-0001", "More individuals matched than were requested.", "12") in violations
    assert ("DfE → DWP 2031-05", "The date is in the future.", "2031-05") in violations
    notes = findings(report, "Info")
    assert notes == [("Sunnydale Academy Trust", "An organisation the reference data does not know yet: add it, "
                      "with its aliases, to ontology/organisations.ttl.",
                      PREFIXES["orgs"] + "new/sunnydale-academy-trust")]
    assert run("validate", "--store", str(cases)).returncode == 1


def test_an_unknown_name_in_a_sheet_is_refused_and_a_new_organisation_is_a_note(tmp_path: Path):
    sheet = tmp_path / "matching-2022.yaml"
    shutil.copy(VALIDATION / "matching-2022.txt", tmp_path)
    text = (VALIDATION / "matching-2022.yaml").read_text(encoding="utf-8")
    sheet.write_text(text.replace("recipient: Sunnydale Academy Trust", "recipient: Sunnydale Acadmy Trust"),
                     encoding="utf-8")
    refused = run("build", str(sheet), "--store", str(tmp_path / "atlas"))
    assert refused.returncode == 2 and "Sunnydale Acadmy Trust" in refused.stderr


def test_a_store_edited_by_hand_is_caught(edited: Path):
    report = report_of(edited)
    violations = {(label, message): (value, documents) for label, message, value, documents in
                  ((r["focus_label"], r["message"], r["value"], r["documents"])
                   for r in report["results"] if r["severity"] == "Violation")}
    assert violations[("DfE → DWP 2022-0001", "The date is not a valid ISO 8601 date.")][0] == "2022-13"
    typo = violations[("DfE → DWP 2022-0001", "The provider is not an organisation of the reference data.")]
    assert typo == (PREFIXES["orgs"] + "dfee", ["matching-2022.txt"])  # the value and the document that states it
    assert ("matching-2022.txt", "The document's text does not hash to its name: the store was edited.") in violations
    assert any(message == "The quote is not what the document says at these offsets." and "check 10 pupils" in value
               for (_, message), (value, _) in violations.items())


def test_the_turtle_report_is_a_shacl_validation_report(cases: Path):
    turtle = run("validate", "--store", str(cases), "--format", "turtle")
    graph = rdflib.Graph().parse(data=turtle.stdout, format="turtle")
    sh = rdflib.Namespace(PREFIXES["sh"])
    [report] = graph.subjects(rdflib.RDF.type, sh.ValidationReport)
    assert graph.value(report, sh.conforms) == rdflib.Literal(False)
    results = list(graph.objects(report, sh.result))
    assert len(results) == len(report_of(cases)["results"])
    for result in results:  # every result points at a shape whose definition is in the report or the shapes files
        assert graph.value(result, sh.focusNode) is not None and graph.value(result, sh.sourceShape) is not None
        assert graph.value(result, sh.resultSeverity) in (sh.Violation, sh.Warning, sh.Info)


def test_text_and_markdown_reports_group_questions_per_body(cases: Path):
    text = run("validate", "--store", str(cases)).stdout
    assert "Follow-up questions:\n  To DfE:\n    1. Please" in text and "\n  To HMRC:\n" in text
    markdown = run("validate", "--store", str(cases), "--format", "markdown").stdout
    assert "### To HMRC" in markdown and "| share | score | provider |" in markdown
