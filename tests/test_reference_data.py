"""The reference data of the wider state (ontology/organisations.ttl, ontology/datasets.ttl), read as the extractor
reads it: every name of a body resolves to that one body, a named force or council is a member of its grouping, a
body the data does not know stays unknown (and is recorded with its name as written), and no name belongs to two
bodies."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from pyoxigraph import Store

from flowatlas.graph.namespaces import PREFIXES, expand
from flowatlas.graph.reference import Reference, load_reference, name_key, ontology_quads
from flowatlas.loaders.mentions import find_mentions, new_organisations
from flowatlas.loaders.records import new_organisation

# The territorial police forces of England and Wales, as each names itself.
TERRITORIAL_FORCES = """Avon and Somerset Constabulary, Bedfordshire Police, Cambridgeshire Constabulary,
    Cheshire Constabulary, City of London Police, Cleveland Police, Cumbria Constabulary, Derbyshire Constabulary,
    Devon and Cornwall Police, Dorset Police, Durham Constabulary, Dyfed-Powys Police, Essex Police,
    Gloucestershire Constabulary, Greater Manchester Police, Gwent Police, Hampshire and Isle of Wight Constabulary,
    Hertfordshire Constabulary, Humberside Police, Kent Police, Lancashire Constabulary, Leicestershire Police,
    Lincolnshire Police, Merseyside Police, Metropolitan Police Service, Norfolk Constabulary, North Wales Police,
    North Yorkshire Police, Northamptonshire Police, Northumbria Police, Nottinghamshire Police, South Wales Police,
    South Yorkshire Police, Staffordshire Police, Suffolk Constabulary, Surrey Police, Sussex Police,
    Thames Valley Police, Warwickshire Police, West Mercia Police, West Midlands Police, West Yorkshire Police,
    Wiltshire Police"""


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def ontology() -> Store:
    store = Store()
    store.extend(ontology_quads())
    return store


def rows(store: Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row)
            for row in store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)]


def org(reference: Reference, name: str) -> str:
    nodes = reference.resolve(name, "org")
    assert len(nodes) == 1, f"{name!r} resolves to {sorted(nodes)}"
    return next(iter(nodes))


def orgs_named(text: str, reference: Reference) -> list[str]:
    return [reference.label(m.iri) for m in find_mentions(text, reference) if m.kind == "org"]


@pytest.mark.parametrize("names", [
    ["HM Courts & Tribunals Service", "HM Courts and Tribunals Service", "Her Majesty's Courts and Tribunals Service",
     "His Majesty’s Courts & Tribunals Service", "HMCTS"],
    ["HM Prison and Probation Service", "His Majesty's Prison and Probation Service", "HMPPS",
     "National Offender Management Service"],
    ["Department of Health and Social Care", "Department of Health", "DHSC", "DH", "Secretary of State for Health"],
    ["Ministry of Housing, Communities and Local Government", "Department for Levelling Up, Housing and Communities",
     "Department for Communities and Local Government", "MHCLG", "DLUHC", "DCLG"],
    ["Driver and Vehicle Licensing Agency", "Driver & Vehicle Licensing Agency", "DVLA"],
    ["HM Passport Office", "Her Majesty’s Passport Office", "HMPO", "Identity and Passport Service"],
    ["UK Border Agency", "UKBA", "Border Agency"],
    ["Information Commissioner's Office", "Information Commissioner’s Office", "ICO", "Information Commissioner"],
    ["Disclosure and Barring Service", "Disclosure & Barring Service", "DBS"],
    ["Crown Prosecution Service", "CPS"],
    ["Home Office", "Secretary of State for the Home Department", "Home Secretary"],
    ["Metropolitan Police Service", "Metropolitan Police", "the Met", "Met Police"],
])
def test_every_name_of_a_body_resolves_to_that_body(reference: Reference, names: list[str]):
    assert {org(reference, name) for name in names} == {org(reference, names[0])}


def test_former_bodies_are_their_own_nodes(reference: Reference):
    """A department merged, split or replaced is not its successor: what a document says of DfES is about DfES."""
    for family in (["DfE", "DCSF", "DfES", "DfEE"], ["BIS", "BEIS", "DBT", "DSIT", "DESNZ"], ["UKBA", "UKVI", "Border Force"],
                   ["CRB", "DBS"], ["SOCA", "NCA"], ["PHE", "UKHSA"], ["FCO", "DFID", "FCDO"]):
        assert len({org(reference, name) for name in family}) == len(family), family


def test_a_parliamentary_question_names_its_department(reference: Reference):
    for addressee, body in [("Secretary of State for Work and Pensions", "DWP"),
                            ("Secretary of State for the Home Department", "Home Office"),
                            ("Secretary of State for Justice", "MoJ"), ("Chancellor of the Exchequer", "HM Treasury"),
                            ("Secretary of State for Health and Social Care", "DHSC")]:
        assert orgs_named(addressee, reference) == [body]


def test_every_territorial_force_is_a_member_of_the_police(reference: Reference):
    police = org(reference, "police forces")
    forces = [" ".join(name.split()) for name in TERRITORIAL_FORCES.split(",")]
    assert len(forces) == 43
    for force in forces:
        node = org(reference, force)
        assert reference.parent_org.get(node) == police, force
    for other in ("Police Scotland", "PSNI", "British Transport Police"):
        assert reference.parent_org.get(org(reference, other)) == police


def test_a_sentence_names_the_force_not_the_grouping(reference: Reference):
    sentence = "Thames Valley Police asked the DVLA for driver records held on 1,200 people."
    assert orgs_named(sentence, reference) == ["Thames Valley Police", "DVLA"]
    assert [reference.label(m.iri) for m in find_mentions(sentence, reference) if m.kind == "dataset"] == ["driver records"]


def test_an_agency_is_a_unit_of_its_department(reference: Reference):
    for unit, department in [("DVLA", "DfT"), ("HMPPS", "MoJ"), ("HM Prison Service", "HMPPS"), ("Border Force", "Home Office"),
                             ("Jobcentre Plus", "DWP"), ("Valuation Office Agency", "HMRC"),
                             ("National Fraud Initiative", "Cabinet Office"), ("ESFA", "DfE")]:
        assert reference.parent_org[org(reference, unit)] == org(reference, department), unit
    # "the Home Office acting through Border Force": the unit is the party
    assert reference.most_specific_orgs([org(reference, "Home Office"), org(reference, "Border Force")]) == [
        org(reference, "Border Force")]


@pytest.mark.parametrize("name, grouping", [
    ("Wessex Constabulary", "Police"), ("Loamshire County Council", "Local authorities"),
    ("Borchester District Council", "Local authorities"), ("Borsetshire NHS Foundation Trust", "NHS trusts"),
    ("Felpersham Clinical Commissioning Group", "CCGs"), ("Ambridge Surgery", "GP practices"),
    ("Borchester Crown Court", "Courts"),
])
def test_an_unknown_body_stays_unknown_and_joins_its_grouping(reference: Reference, name: str, grouping: str):
    assert reference.resolve(name, "org") == frozenset()
    record = new_organisation(name, reference, 0, len(name), "authority")
    assert record.first("name") == name
    assert [reference.label(str(g)) for g in record.values["part_of"]] == [grouping]


def test_an_unknown_body_in_a_sentence_is_recorded_as_written(reference: Reference):
    sentence = "The Home Office shared the records with Wessex Constabulary and Loamshire County Council."
    known = find_mentions(sentence, reference)
    assert [m.text for m in new_organisations(sentence, list(known))] == ["Wessex Constabulary",
                                                                          "Loamshire County Council"]


def test_ordinary_words_name_no_body(reference: Reference):
    for sentence in ["The Department wrote to the council about council tax and the department's health policy.",
                     "Justice and health are matters for the court; the treasury of records is large.",
                     "Their NHS number and GP appointments were checked by the authority.",
                     "Nobody from the dbs team or the ico was there.",
                     "The prisons minister said the court would sit and the tribunal would hear it."]:
        assert orgs_named(sentence, reference) == [], sentence
    assert orgs_named("The Met arrested him.", reference) == ["Metropolitan Police"]
    assert orgs_named("The Met Office forecast rain.", reference) == ["Met Office"]


def test_no_name_belongs_to_two_nodes(reference: Reference):
    """Resolution compares names without case or spacing: two nodes of one kind sharing a name make it ambiguous
    (a sheet naming it is refused), and the same text for two nodes of any kinds leaves the extractor to pick one."""
    by_text: dict[str, set[str]] = defaultdict(set)
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    for alias in reference.aliases:
        by_text[alias.text].add(alias.iri)
        by_key[(alias.kind, name_key(alias.text))].add(alias.iri)
    assert {text: nodes for text, nodes in by_text.items() if len(nodes) > 1} == {}
    assert {key: nodes for key, nodes in by_key.items() if len(nodes) > 1} == {}
    for (kind, key), nodes in by_key.items():
        assert reference.resolve(key, kind) == frozenset(nodes)


def test_a_name_shared_across_kinds_is_told_apart_by_case(reference: Reference):
    """An organisation's name matches only as written, so the directorate 'Immigration Enforcement' and the purpose
    'immigration enforcement' are both found where each is meant."""
    kinds: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for alias in reference.aliases:
        kinds[name_key(alias.text)].add((alias.kind, alias.text))
    for key, named in kinds.items():
        if len({kind for kind, _ in named}) > 1:
            for kind, text in named:
                assert [m.kind for m in find_mentions(f"It was for {text}.", reference)] == [kind], text


def test_every_organisation_has_a_kind_and_labels(ontology: Store):
    kinds = {kind for (kind,) in rows(ontology, "SELECT ?k WHERE { ?k a fa:OrganisationKind }")}
    bodies = rows(ontology, """SELECT ?o (SAMPLE(?k) AS ?kind) (COUNT(DISTINCT ?k) AS ?kinds)
        (COUNT(DISTINCT ?p) AS ?prefs) (COUNT(DISTINCT ?l) AS ?labels) WHERE {
        { ?o a org:Organization } UNION { ?o a org:OrganizationalUnit }
        FILTER(STRSTARTS(STR(?o), STR(orgs:)))
        OPTIONAL { ?o org:classification ?k } OPTIONAL { ?o skos:prefLabel ?p } OPTIONAL { ?o rdfs:label ?l }
        } GROUP BY ?o""")
    assert len(bodies) > 250
    wrong = [(o, kind, n, p, l) for o, kind, n, p, l in bodies if kind not in kinds or (n, p, l) != ("1", "1", "1")]
    assert wrong == []


def test_every_dataset_has_a_holder(ontology: Store, reference: Reference):
    """Held directly (dct:publisher) or as part of a dataset that is; every holder is an organisation."""
    datasets = rows(ontology, """SELECT ?d (SAMPLE(?holder) AS ?h) WHERE { ?d a dcat:Dataset .
        OPTIONAL { ?d dct:isPartOf*/dct:publisher ?holder } } GROUP BY ?d""")
    assert len(datasets) > 60
    assert [d for d, holder in datasets if not holder] == []
    orgs = set().union(*reference.names["org"].values())
    assert {holder for _, holder in datasets} <= orgs
    assert reference.holders[expand("ds:driver-records")] == org(reference, "DVLA")


def test_a_dataset_name_does_not_swallow_a_body(reference: Reference):
    """The longest name wins a span, so a dataset named "DVLA driver records" would hide DVLA from the sentence; the
    data names the dataset "driver records" and the body is found beside it. The exceptions are names the datasets
    had before, proper names that contain a body's name, and full labels that give the holder in brackets."""
    kept = {"DWP CIS", "DWP Customer Information System", "Home Office passenger entry and exit data",
            "Police National Computer", "Police National Database", "NFI data", "National Fraud Initiative data",
            "NFI data matching", "NFI data matching exercise", "NFI matches", "National Fraud Initiative data matching"}
    bodies = sorted({alias.text for alias in reference.aliases if alias.kind == "org"}, key=len, reverse=True)
    body = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, bodies)) + r")(?![\w-])")
    swallowing = [(alias.text, found.group(0)) for alias in reference.aliases
                  if alias.kind == "dataset" and alias.text not in kept
                  for found in [body.search(alias.text.split(" (")[0])] if found]
    assert swallowing == []


def test_the_groupings_do_not_claim_the_same_ending(ontology: Store):
    endings = rows(ontology, "SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g fa:memberNameEnding ?e } GROUP BY ?e")
    assert [e for e, n in endings if n != "1"] == []
    assert {e for e, _ in endings} >= {"Police", "Constabulary", "Council", "NHS Trust", "NHS Foundation Trust", "Court"}


def test_units_and_members_belong_to_known_bodies_without_cycles(reference: Reference):
    orgs = set().union(*reference.names["org"].values())
    for child, parent in reference.parent_org.items():
        assert child in orgs and parent in orgs
        seen, node = {child}, parent
        while node in reference.parent_org:
            assert node not in seen, f"cycle through {node}"
            seen.add(node)
            node = reference.parent_org[node]
