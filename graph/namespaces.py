"""IRIs in one place, so loaders, store and queries agree on every name."""
import re

from pyoxigraph import NamedNode

FA = "https://w3id.org/flowatlas/ns#"
ID = "https://w3id.org/flowatlas/id/"
DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
OA = "http://www.w3.org/ns/oa#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
LEG = "http://www.legislation.gov.uk/id/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "fa": FA, "dpv": DPV, "pd": PD, "prov": PROV, "org": ORG, "dct": DCT, "dcat": DCAT, "oa": OA,
    "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "foaf": "http://xmlns.com/foaf/0.1/", "owl": "http://www.w3.org/2002/07/owl#",
    "sh": SH,
    "orgs": ID + "org/", "ds": ID + "dataset/", "item": ID + "item/", "purpose": ID + "purpose/",
    "share": ID + "share/", "agreement": ID + "agreement/", "doc": ID + "doc/",
}

ONTOLOGY_GRAPH = NamedNode(ID + "graph/reference")


def expand(curie: str) -> str:
    """'fa:Share' -> full IRI; full IRIs (and names without a known prefix) pass through."""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not curie.startswith("http") else curie


def iri(namespace: str, local: str) -> NamedNode:
    """A NamedNode in one of the namespaces above."""
    return NamedNode(namespace + local)


def document_iri(sha256: str) -> str:
    """A document's IRI (and its named graph's): the hash of its text, so the same text lands in the same graph."""
    return f"{ID}doc/{sha256}"


def slug(parts: tuple[str, ...]) -> str:
    """A readable, stable IRI segment from a natural key or a name."""
    text = "-".join(p.rsplit("/", 1)[-1] for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def new_organisation_iri(name: str) -> str:
    """An organisation the reference data does not know yet, named as the document writes it."""
    return f"{ID}org/new/{slug((name,))}"
