"""DfE's external data shares register (ODS and XLSX): `flowatlas build register.ods` puts its shares in the graph,
every fact quoting the cell it came from in the register's text rendering. The spreadsheets are written here, in
the shape the transparency page describes (title and notes rows above headers that differ between sheets)."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import error_lines, flows_of, run, select
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from flowatlas.cli import main
from flowatlas.graph.namespaces import new_organisation_iri
from flowatlas.graph.store import export, open_store
from flowatlas.loaders.register import column_role, iso_date

Rows = list[list[object]]
CLASSIFICATION: tuple[str, Rows] = ("Classification of data", [
    ["Classification of data - understanding the data we share"],
    [],
    ["Classification", "Description of data", "Examples"],
    ["Level 1", "Instant identifiers", "Name, address"],
])
REGISTER: list[tuple[str, Rows]] = [
    CLASSIFICATION,
    ("DSAP approved shares", [
        ["DfE external third-party data shares (approved by DSAP from May 2018 to end of June 2020)"],
        ["Volumes are numbers of pupil records."],
        [],
        ["DSAP reference", "Organisation name", "Project name / purpose", "Legal gateway", "Data items shared",
         "Date approved by DSAP", "Number of records", "Status"],
        ["DS00040", "ONS Secure Research Service",
         "To evaluate the Vulnerable Persons Resettlement scheme (VPR) and the Vulnerable Children's Resettlement "
         "scheme (VCR)", "Section 64 of the Digital Economy Act 2017",
         "National Pupil Database: School Census, Key Stage 2 SATs", datetime.date(2020, 6, 15), 12500, "Approved"],
        ["DS00057", "SchoolDash Limited", "Research purposes: school attendance patterns", "Data Protection Act 2018",
         "School Census", "June 2020", "1,234", "Approved"],
    ]),
    ("Regular DSA shares", [
        ["Regular DfE external third-party data shares supported by data sharing agreements as of June 2020"],
        ["Requester", "Reason for share", "Legal basis", "Datasets", "Period", "Volume"],
        ["Student Loans Company", "eligibility checking", "Education Act 1996 s537A",
         "Individualised Learner Record", "Q2 2017", 300],
    ]),
    ("NPD requests", [
        ["Third-party requests for data from the national pupil database"],
        ["URN", "Requestor", "Purpose of request", "Data requested", "Date of approval"],
        ["DR170314.02", "Education Policy Institute", "for research purposes", "National Pupil Database",
         "14/03/2017"],
    ]),
    ("Home Office", [
        ["Data shares with Home Office"],
        ["Quarter", "Reason", "Number of requests", "Number of pupils returned", "Legal basis", "Notes"],
        ["Q2 2020", "immigration enforcement", 45, 12, "Data Protection Act 2018",
         "Each request was checked against the School Census and a record returned where one was found"],
    ]),
    ("Police", [
        ["Data shares with police and criminal investigation authorities"],
        ["Police force", "Reason for request", "Date of request", "Number of individuals", "Legislation"],
        ["Greater Manchester Police", "criminal investigation", datetime.date(2019, 11, 5), 1,
         "Data Protection Act 2018"],
        [None, "safeguarding children", "March 2020", 2, "Data Protection Act 2018"],
    ]),
    ("Court orders", [
        ["Data shares through court orders"],
        ["Court", "Date of order", "Data shared", "Number of children"],
        ["Family Court at Leeds", datetime.date(2020, 1, 20), "names and addresses", 3],
        ["Total", None, None, 3],
    ]),
]
TITLE = "DfE external data shares: June 2020"


def write_xlsx(path: Path, sheets: list[tuple[str, Rows]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def write_ods(path: Path, sheets: list[tuple[str, Rows]]) -> Path:
    document = OpenDocumentSpreadsheet()
    for name, rows in sheets:
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                table_row.addElement(_ods_cell(value))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


WRITERS = {"ods": write_ods, "xlsx": write_xlsx}


def register_file(folder: Path, fmt: str) -> Path:
    """The register in one format, with an index.csv beside it giving its title."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.csv").write_text(f'file,url,title,kind\nregister.{fmt},https://example.org/register.{fmt},'
                                      f'"{TITLE}",transparency-data\n', encoding="utf-8")
    return WRITERS[fmt](folder / f"register.{fmt}", REGISTER)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A store per format, each built by `flowatlas build register.<fmt>`."""
    stores = {}
    for fmt in WRITERS:
        folder = tmp_path_factory.mktemp(fmt)
        assert main(["build", str(register_file(folder, fmt)), "--store", str(folder / "atlas")]) == 0
        stores[fmt] = folder / "atlas"
    return stores


def by_recipient(store: Path) -> dict[str, dict[str, str]]:
    rows = flows_of(store)
    assert len({row["recipient"] for row in rows}) == len(rows)
    return {row["recipient"]: row for row in rows}


def facts(row: dict[str, str], *columns: str) -> tuple[str, ...]:
    return tuple(row[column] for column in columns)


def test_every_share_row_is_a_share_from_dfe(built: dict[str, Path]):
    flows = by_recipient(built["ods"])
    assert sorted(flows) == ["Education Policy Institute", "Family Court at Leeds", "Greater Manchester Police",
                             "Home Office", "ONS SRS", "Police", "SLC", "SchoolDash Limited"]
    assert {row["provider"] for row in flows.values()} == {"DfE"}
    assert {row["sources"] for row in flows.values()} == {"register.ods"}


def test_dsap_share_ds00040_to_ons_srs(built: dict[str, Path]):
    row = by_recipient(built["ods"])["ONS SRS"]
    assert facts(row, "reference", "date", "purpose", "legal_basis", "datasets", "subjects_requested") == (
        "DS00040", "2020-06-15", "research and evaluation", "DEA 2017 s64", "Key Stage 2 SATs; School Census",
        "12500")


def test_shares_by_sheet_wording(built: dict[str, Path]):
    flows = by_recipient(built["ods"])
    assert facts(flows["SchoolDash Limited"], "reference", "date", "legal_basis", "subjects_requested") == (
        "DS00057", "2020-06", "DPA 2018", "1234")
    assert facts(flows["SLC"], "date", "purpose", "legal_basis", "datasets", "subjects_requested") == (
        "2017-04/2017-06", "eligibility checking", "Education Act 1996 s537A", "ILR", "300")
    assert facts(flows["Education Policy Institute"], "reference", "date", "datasets") == (
        "DR170314.02", "2017-03-14", "NPD")
    assert facts(flows["Home Office"], "date", "purpose", "requests", "subjects_returned", "datasets") == (
        "2020-04/2020-06", "immigration enforcement", "45", "12", "School Census")
    assert facts(flows["Greater Manchester Police"], "date", "purpose", "subjects_requested", "legal_basis") == (
        "2019-11-05", "criminal investigation", "1", "DPA 2018")
    assert facts(flows["Police"], "date", "purpose", "subjects_requested") == (
        "2020-03", "safeguard and promote the welfare of children", "2")
    assert facts(flows["Family Court at Leeds"], "date", "data_items", "subjects_requested") == (
        "2020-01-20", "address; name", "3")


def test_purpose_text_is_the_cell(built: dict[str, Path]):
    query = "SELECT ?text WHERE { ?s fa:reference 'DS00040' ; fa:purposeText ?text }"
    _, rows = select(open_store(built["ods"]), query)
    assert rows == [["To evaluate the Vulnerable Persons Resettlement scheme (VPR) and the Vulnerable Children's "
                     "Resettlement scheme (VCR)"]]


def test_unknown_organisations_are_new_organisations_named_as_written(built: dict[str, Path]):
    store = open_store(built["ods"])
    _, rows = select(store, "SELECT ?org ?name WHERE { ?org a fa:NewOrganisation ; skos:prefLabel ?name }")
    assert sorted(rows) == sorted([[new_organisation_iri(name), name] for name in
                                   ("SchoolDash Limited", "Family Court at Leeds", "Education Policy Institute")])
    _, recipient = select(store, "SELECT ?org WHERE { ?s fa:reference 'DS00057' ; dpv:hasRecipient ?org }")
    assert recipient == [[new_organisation_iri("SchoolDash Limited")]]


def test_the_register_is_rendered_one_line_per_row_with_its_index_metadata(built: dict[str, Path]):
    _, [[text, title, source]] = select(open_store(built["ods"]), "SELECT ?text ?title ?source WHERE { "
                                        "?doc a fa:Document ; fa:text ?text ; dct:title ?title ; dct:source ?source }")
    assert (title, source) == (TITLE, "https://example.org/register.ods")
    lines = text.splitlines()
    assert "Police | Data shares with police and criminal investigation authorities" in lines
    assert ("Police | Police force: Greater Manchester Police | Reason for request: criminal investigation | "
            "Date of request: 2019-11-05 | Number of individuals: 1 | Legislation: Data Protection Act 2018") in lines


def local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def test_every_fact_quotes_its_cell(built: dict[str, Path]):
    store = open_store(built["ods"])
    _, [[text]] = select(store, "SELECT ?text WHERE { ?doc a fa:Document ; fa:text ?text }")
    _, quotes = select(store, """SELECT ?record ?property ?start ?end ?exact WHERE {
        ?claim a fa:Claim ; oa:hasBody ?record ; fa:supports ?property ; fa:statedBy fa:authority ;
               oa:hasTarget/oa:hasSelector [ oa:start ?start ; oa:end ?end ], [ oa:exact ?exact ] }""")
    assert quotes and all(text[int(start):int(end)] == exact for _, _, start, end, exact in quotes)
    cited = {(local(record), local(prop), exact) for record, prop, _, _, exact in quotes}
    assert {("ref-ds00040", "reference", "DS00040"), ("ref-ds00040", "date", "2020-06-15"),
            ("ref-ds00040", "hasRecipient", "ONS Secure Research Service"), ("ref-ds00040", "provider", "DfE"),
            ("ref-ds00040", "hasLegalBasis", "Section 64 of the Digital Economy Act 2017"),
            ("schooldash-limited", "prefLabel", "SchoolDash Limited")} <= cited
    _, stated = select(store, """SELECT DISTINCT ?s ?p WHERE { ?s a fa:Share ; ?p ?o
        FILTER(?p NOT IN (rdf:type, rdfs:label, prov:wasDerivedFrom)) }""")
    supported = {(record, prop) for record, prop, _, _, _ in quotes}
    assert all((s, p) in supported for s, p in stated)


def test_unplaced_columns_and_skipped_sheets_are_reported(tmp_path: Path):
    result = run("build", str(register_file(tmp_path, "ods")), "--store", str(tmp_path / "atlas"))
    assert result.returncode == 0 and not error_lines(result)
    assert "sheet 'DSAP approved shares': columns not placed: 'Status'" in result.stderr
    assert "sheet 'Home Office': columns not placed: 'Notes'" in result.stderr
    assert "sheet 'Classification of data': skipped" in result.stderr


def test_ods_and_xlsx_give_the_same_flows(built: dict[str, Path]):
    def without_sources(store: Path) -> list[dict[str, str]]:
        return [{k: v for k, v in row.items() if k != "sources"} for row in flows_of(store)]

    assert without_sources(built["ods"]) == without_sources(built["xlsx"])


def test_build_twice_gives_the_same_quads(tmp_path: Path):
    path, store = register_file(tmp_path, "xlsx"), tmp_path / "atlas"
    assert main(["build", str(path), "--store", str(store)]) == 0
    first = sorted(map(str, open_store(store)))
    assert main(["build", str(path), "--store", str(store)]) == 0
    assert sorted(map(str, open_store(store))) == first


def _truncated(path: Path) -> bytes:
    data = write_xlsx(path.with_name("whole.xlsx"), REGISTER).read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize("name, content, reason", [
    ("empty.ods", lambda p: b"", "empty file"),
    ("text.xlsx", lambda p: b"DSAP reference,Organisation name\nDS00040,ONS\n", "not a readable ODS/XLSX"),
    ("truncated.xlsx", _truncated, "not a readable ODS/XLSX"),
    ("notes.ods", lambda p: write_ods(p.with_name("x.ods"), [CLASSIFICATION]).read_bytes(),
     "no sheet with a recognisable share list"),
])
def test_bad_spreadsheets_are_one_line_and_leave_the_store_as_it_was(tmp_path: Path, name: str,
                                                                     content: Callable[[Path], bytes], reason: str):
    good, store = register_file(tmp_path / "good", "ods"), tmp_path / "atlas"
    assert main(["build", str(good), "--store", str(store)]) == 0
    before = sorted(map(str, open_store(store)))
    bad = tmp_path / name
    bad.write_bytes(content(bad))
    result = run("build", str(write_xlsx(tmp_path / "other.xlsx", REGISTER)), str(bad), "--store", str(store))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0]
    assert sorted(map(str, open_store(store))) == before


@pytest.mark.parametrize("text, date", [
    ("2020-06-15", "2020-06-15"), ("15/06/2020", "2020-06-15"), ("June 2020", "2020-06"), ("2017", "2017"),
    ("Q2 2017", "2017-04/2017-06"), ("2017 Q4", "2017-10/2017-12"), ("Q1 2020-21", None), ("31/02/2020", None), ("ongoing", None),
])
def test_dates_are_iso_as_precise_as_the_cell(text: str, date: str | None):
    assert (str(iso_date(text)) if iso_date(text) else None) == date


@pytest.mark.parametrize("header, role", [
    ("Organisation name", "organisation"), ("Requester", "organisation"), ("Police force", "organisation"),
    ("Legal gateway", "legal_basis"), ("Legal basis for sharing data", "legal_basis"), ("Level of data", "data"),
    ("Date approved by DSAP", "date"), ("DSAP approval reference", "reference"), ("Reference number", "reference"),
    ("Number of requests", "requests"), ("Number of records requested", "subjects_requested"),
    ("Number of pupils returned", "subjects_returned"), ("Project name / purpose", "purpose"), ("Status", None),
])
def test_columns_are_placed_by_their_head_noun(header: str, role: str | None):
    assert column_role(header) == role


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_extract_then_build_of_a_registers_unedited_sheet_gives_its_graph(tmp_path: Path, fmt: str):
    """The review loop works for registers too: the sheet's quotes are found in the register's rendering."""
    register = register_file(tmp_path / "register", fmt)
    draft = tmp_path / "register" / "register.yaml"
    assert main(["extract", str(register), "--out", str(draft)]) == 0
    assert main(["build", str(register), "--store", str(tmp_path / "direct")]) == 0
    assert main(["build", str(draft), "--store", str(tmp_path / "sheet")]) == 0

    def quads(store: Path) -> set[str]:
        return set(export(open_store(store), "nquads").decode().splitlines())

    assert [q for q in quads(tmp_path / "direct") ^ quads(tmp_path / "sheet") if "#recordedBy>" not in q] == []
