"""Issue 2's 'done when': the graph answers each question. Every test runs twice, on a store built through the
real CLI: once by the automatic extractor from the two founding texts alone (the extractor stands on its own),
once with no PATH, i.e. from the bundled curated sheets that replace the automatic facts."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import flows_of, rows_of, select

from flowatlas.graph.store import open_store


@pytest.fixture(scope="module", params=["extractor-on-texts", "curated-sheets"])
def atlas(request: pytest.FixtureRequest, atlas: Path, curated_atlas: Path) -> Path:
    return atlas if request.param == "extractor-on-texts" else curated_atlas


@pytest.fixture(scope="module")
def flows(atlas: Path) -> list[dict[str, str]]:
    return flows_of(atlas)


def share(flows: list[dict[str, str]], **match: str) -> dict[str, str]:
    found = [row for row in flows if all(row[k] == v for k, v in match.items())]
    assert len(found) == 1, f"expected one share with {match}, found {len(found)}: {found}"
    return found[0]


def test_flows_has_exactly_the_columns_in_order(flows):
    assert list(flows[0]) == ["share", "provider", "recipient", "date", "datasets", "data_items", "purpose",
                              "legal_basis", "requests", "subjects_requested", "subjects_matched",
                              "subjects_returned", "agreement", "reference", "sources"]


def test_dwp_april_2018_is_one_share_with_both_documents_as_sources(flows):
    row = share(flows, recipient="DWP", date="2018-04")
    assert row["provider"] == "DfE"
    assert (row["subjects_requested"], row["subjects_matched"], row["subjects_returned"]) == ("185", "1", "1")
    assert {"name", "date of birth", "record held (Y)"} <= set(row["data_items"].split("; "))
    assert row["datasets"] == "NPD"
    assert {"investigate benefit fraud", "impose penalties or refer for prosecution"} <= set(row["purpose"].split("; "))
    assert row["sources"] == "dfe-dwp-pupil-matching-2024.txt; dfe-home-office-policing-2020.txt"


def test_2023_dwp_requests_by_reference(flows):
    first = share(flows, reference="2023-0020534")
    assert (first["date"], first["subjects_requested"], first["subjects_returned"]) == ("2023-06", "12", "12")
    assert set(first["data_items"].split("; ")) == {"record held (Y)", "date collected"}
    fraud = share(flows, reference="2023-0027990")
    assert (fraud["date"], fraud["subjects_requested"], fraud["legal_basis"]) == ("2023-08", "1", "Fraud Act 2006")
    assert set(fraud["data_items"].split("; ")) == {"address", "school attended"}
    grouped = share(flows, reference="2023-0028896; 2023-0028898; 2023-0028900")
    assert (grouped["date"], grouped["requests"], grouped["subjects_requested"], grouped["subjects_matched"]) == \
        ("2023-08", "3", "7", "2")
    assert set(grouped["data_items"].split("; ")) == {"school attended", "date collected"}
    withheld = share(flows, reference="2023-0033523")
    assert (withheld["date"], withheld["subjects_requested"], withheld["legal_basis"], withheld["subjects_matched"]) \
        == ("2023-09", "1", "Fraud Act 2006", "0")
    last = share(flows, reference="2023-0043219")
    assert (last["date"], last["subjects_requested"], last["subjects_matched"]) == ("2023-11", "2", "0")


def test_2023_0033523_is_withheld_under_section_31(atlas: Path):
    rows = rows_of(atlas, "withheld")
    assert any(r["section"] == "FOIA s31" and r["treatment"] == "withheld" and r["applied_to"].endswith("2023-0033523")
               for r in rows)


def test_home_office_matching_searches_only_the_four_censuses_under_the_mous(flows, atlas: Path):
    row = share(flows, recipient="Home Office")
    assert set(row["data_items"].split("; ")) == {"name", "date of birth", "address"}
    assert set(row["datasets"].split("; ")) == {"School Census", "Alternative Provision Census",
                                                "Pupil Referral Unit Census", "Early Years Census"}
    assert row["agreement"] == "Process MoU; Umbrella MoU"
    searched = {r["dataset"] for r in rows_of(atlas, "sources-searched") if r["recipient"] == "Home Office"}
    assert searched == set(row["datasets"].split("; "))
    mous = {r["label"]: r for r in rows_of(atlas, "agreements")}
    assert (mous["Umbrella MoU"]["versions"], mous["Process MoU"]["versions"]) == ("1", "3")
    for name in ("Umbrella MoU", "Process MoU"):
        assert mous[name]["in_force_from"] == "2019-01-31"
        assert mous[name]["status"] == "under review since 2020-01"
        assert mous[name]["parties"] == "DfE; Home Office"


def test_pru_census_last_collected_2013(atlas: Path):
    _, rows = select(open_store(atlas), "SELECT ?y WHERE { ds:pru-census fa:lastCollected ?y }")
    assert rows == [["2013"]]


def test_police_november_2019(flows, atlas: Path):
    row = share(flows, recipient="Police")
    assert (row["date"], row["subjects_returned"], row["datasets"]) == ("2019-11", "2136", "School Census")
    assert {"name", "date of birth", "last known home address", "entry date", "leaving date"} <= \
        set(row["data_items"].split("; "))
    assert row["agreement"] == "Personal Data Request Form"
    _, periods = select(open_store(atlas), """SELECT ?start ?end WHERE {
        ?s dpv:hasRecipient orgs:police ; fa:subjectBirthPeriod [ dcat:startDate ?start ; dcat:endDate ?end ] }
        ORDER BY ?start""")
    assert periods == [["1992", "1995"], ["2006", "2009"]]


def test_ds00040_resettlement_evaluation_in_ons_srs(flows, atlas: Path):
    row = share(flows, reference="DS00040")
    assert (row["provider"], row["recipient"]) == ("DfE", "ONS SRS")
    assert row["agreement"] == "Agreement to make DfE Data Extracts available in ONS SRS"
    assert "research and evaluation" in row["purpose"]


def test_ukvi_mou_for_eligibility_checking(atlas: Path):
    mou = [r for r in rows_of(atlas, "agreements") if r["parties"] == "DfE; UKVI"]
    assert len(mou) == 1 and mou[0]["kind"] == "MoU"
    assert {"Free School Meals eligibility", "2-year-old early education eligibility",
            "Early Years Pupil Premium eligibility"} <= set(mou[0]["purposes"].split("; "))


def test_dfe_dwp_mou_redacted_in_2024_withheld_in_2020(atlas: Path):
    mou = [r for r in rows_of(atlas, "agreements") if r["parties"] == "DWP; DfE"]
    assert len(mou) == 1, mou
    assert mou[0]["sources"] == "dfe-dwp-pupil-matching-2024.txt; dfe-home-office-policing-2020.txt"
    uses = {(r["source"], r["section"], r["provision"], r["treatment"]) for r in rows_of(atlas, "withheld")
            if r["applied_to"] == mou[0]["label"]}
    assert uses == {
        ("dfe-dwp-pupil-matching-2024.txt", "FOIA s40", "40(2)", "redacted"),
        ("dfe-dwp-pupil-matching-2024.txt", "FOIA s31", "31(1)(2)", "redacted"),
        ("dfe-home-office-policing-2020.txt", "FOIA s31", "31(1)(a)(b)(c)(g)(2)(a)(b)", "withheld"),
    }


def test_denials(atlas: Path):
    denials = {(r["parties"], r["purposes"]) for r in rows_of(atlas, "denials")}
    assert ("DfE; Police", "") in denials
    assert ("DfE; Education institutions; Greater Manchester Police", "Prevent programme") in denials
    assert ("DfE; Education institutions", "Prevent programme") in denials
    assert any(p == "DWP; DfE" and "truancy penalties" in u for p, u in denials)
    assert any(p == "DWP; DfE" and "child-in-need and child-protection indicators" in u for p, u in denials)


def test_npd_component_sources_are_datasets_within_the_npd(atlas: Path):
    _, rows = select(open_store(atlas), "SELECT ?l WHERE { ds:npd dct:hasPart/skos:prefLabel ?l }")
    parts = {r[0] for r in rows}
    assert {"Key Stage 2 SATs", "Children In Need", "HESA data", "School Census"} <= parts


def test_every_share_has_a_source_and_a_quote_found_in_its_document(atlas: Path):
    store = open_store(atlas)
    _, shares = select(store, "SELECT DISTINCT ?s WHERE { ?s a fa:Share }")
    _, quoted = select(store, """SELECT DISTINCT ?s ?doc ?start ?end ?exact WHERE {
        ?s a fa:Share ; prov:wasDerivedFrom ?x . ?x oa:hasSource ?doc ;
           oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] }""")
    assert {r[0] for r in shares} == {r[0] for r in quoted}
    from conftest import DWP_2024, HOME_OFFICE_2020
    from flowatlas.loaders.document import read_document
    texts = {d.iri: d.text for d in map(read_document, (DWP_2024, HOME_OFFICE_2020))}
    for _, doc, start, end, exact in quoted:
        assert texts[doc][int(start):int(end)] == exact


def test_requester_questions_are_not_asserted_as_the_authoritys(atlas: Path):
    """'Children Looked After' etc. appear only in the requester's list; no share may use them, and claims
    taken from the requester's background are marked as the requester's."""
    store = open_store(atlas)
    _, used = select(store, "SELECT DISTINCT ?d WHERE { ?s fa:usesDataset ?d }")
    assert {r[0].rsplit("/", 1)[-1] for r in used} <= {"npd", "school-census", "ap-census", "pru-census",
                                                        "early-years-census"}
    _, requester = select(store, """SELECT ?exact WHERE { ?c fa:statedBy fa:requester ; fa:supports fa:subjectsReturned ;
        oa:hasTarget/oa:hasSelector/oa:exact ?exact }""")
    assert requester and all("2,136" in r[0] for r in requester)
