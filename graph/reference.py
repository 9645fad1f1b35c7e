"""Reference data (ontology/*.ttl) read once: the vocabulary, organisations, datasets, items, purposes, statutes.

Loaders use it as their gazetteer; the store loads it as its own named graph so queries can use labels and
hierarchies. The Turtle files are the model: code never lists an organisation or a statute itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import Quad, RdfFormat, Store

from flowatlas.graph.namespaces import ONTOLOGY_GRAPH, PREFIXES, expand

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"

# Which reference nodes a mention can resolve to, by the class the Turtle gives them.
KIND_CLASSES = {
    "org": ("org:Organization", "org:OrganizationalUnit"),
    "dataset": ("dcat:Dataset",),
    "item": ("dpv:PersonalData",),
    "purpose": ("dpv:Purpose",),
    "statute": ("fa:Statute", "dpv:LegalBasis"),
}
# Terms a curated sheet may name that documents are not searched for.
NAMED_ONLY_CLASSES = {"agreement_kind": ("fa:AgreementKind",)}


@dataclass(frozen=True)
class Alias:
    """One name a document may use for a reference node."""

    text: str
    kind: str
    iri: str


@dataclass(frozen=True, eq=False)
class Reference:
    """The parts of the reference data that extraction needs, as plain Python values."""

    aliases: tuple[Alias, ...]
    authority_aliases: tuple[str, ...]
    labels: dict[str, str]
    parts: dict[str, frozenset[str]]
    parent_org: dict[str, str]
    foi_sections: dict[str, str]
    names: dict[str, dict[str, frozenset[str]]]
    publishers: dict[str, str]  # web host -> the organisation that publishes there
    member_endings: dict[str, str]  # last word of a member's name -> the grouping ("Police" -> police forces)
    holders: dict[str, str]  # dataset -> the organisation that holds it (dct:publisher)
    public_access: frozenset[str]  # laws giving the public access to information, and their sections

    def label(self, node_iri: str) -> str:
        """The short label of a reference node, or the IRI's last segment when it has none."""
        return self.labels.get(node_iri, node_iri.rsplit("/", 1)[-1])

    def most_specific_datasets(self, nodes: list[str]) -> list[str]:
        """A dataset is dropped when one of its parts is also named: the School Census rather than the NPD, since
        the part is what was searched."""
        return [node for node in nodes if not (self.parts.get(node, frozenset()) & set(nodes))]

    def most_specific_orgs(self, nodes: list[str]) -> list[str]:
        """A unit rather than its parent when both are named ("the Home Office acting through UKVI": UKVI; "ONS
        Secure Research Service": ONS SRS, not ONS)."""
        named = set(nodes)
        return list(dict.fromkeys(n for n in nodes if not any(self.parent_org.get(o) == n for o in named)))

    def resolve(self, name: str, kind: str) -> frozenset[str]:
        """The nodes of a kind ("org", "dataset", ...) that a name, an IRI or a prefixed name can mean.

        Names match any label or alias, ignoring case and spacing; more than one node means the name is ambiguous.
        """
        node = expand(name)
        known = self.names.get(kind, {})
        if any(node in nodes for nodes in known.values()):
            return frozenset({node})
        return known.get(name_key(name), frozenset())


def name_key(name: str) -> str:
    """A name as compared with others: case and spacing aside."""
    return " ".join(name.split()).casefold()


def ontology_quads() -> list[Quad]:
    """Every reference triple, placed in the reference graph."""
    store = Store()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return list(store)


def _select(store: Store, query: str) -> list[tuple[str, ...]]:
    rows = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    return [tuple(term.value for term in row) for row in rows]


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """Read the ontology folder once per process."""
    store = Store()
    store.extend(ontology_quads())
    aliases: list[Alias] = []
    names: dict[str, dict[str, set[str]]] = {}
    for kind, classes in {**KIND_CLASSES, **NAMED_ONLY_CLASSES}.items():
        values = " ".join(classes)
        for node, text in _select(store, f"""
            SELECT DISTINCT ?node ?text WHERE {{
              VALUES ?class {{ {values} }}
              ?node a ?class .
              {{ ?node skos:altLabel ?text }} UNION {{ ?node skos:prefLabel ?text }} UNION {{ ?node rdfs:label ?text }}
            }}"""):
            names.setdefault(kind, {}).setdefault(name_key(text), set()).add(node)
            if kind in KIND_CLASSES:
                aliases.append(Alias(text, kind, node))
                if kind == "org" and text[:1].islower():
                    # "universities", "councils": a grouping named in lower case opens a sentence capitalised
                    aliases.append(Alias(text[:1].upper() + text[1:], kind, node))
    labels = dict(_select(store, "SELECT ?n ?l WHERE { ?n skos:prefLabel ?l }"))
    parts: dict[str, set[str]] = {}
    for whole, part in _select(store, "SELECT ?w ?p WHERE { ?w dct:hasPart ?p }"):
        parts.setdefault(whole, set()).add(part)
    parent_org = dict(_select(store, "SELECT ?c ?p WHERE { ?c org:subOrganizationOf ?p }"))
    foi_sections = {number: node for node, number in _select(
        store, "SELECT ?s ?n WHERE { ?s fa:foiExemption true ; fa:sectionNumber ?n }")}
    authority = tuple(text for (text,) in _select(store, "SELECT ?t WHERE { fa:authority fa:authorityAlias ?t }"))
    return Reference(
        aliases=tuple(sorted(set(aliases), key=lambda a: (-len(a.text), a.text, a.iri))),
        authority_aliases=authority,
        labels=labels,
        parts={whole: frozenset(p) for whole, p in parts.items()},
        parent_org=parent_org,
        foi_sections=foi_sections,
        names={kind: {key: frozenset(nodes) for key, nodes in by_name.items()} for kind, by_name in names.items()},
        publishers={urlsplit(page).hostname or "": org for org, page in _select(
            store, "SELECT ?o ?page WHERE { ?o foaf:homepage ?page }")},
        member_endings={ending: grouping for grouping, ending in _select(
            store, "SELECT ?g ?e WHERE { ?g fa:memberNameEnding ?e }")},
        holders=dict(_select(store, "SELECT ?d ?o WHERE { ?d a dcat:Dataset ; dct:isPartOf*/dct:publisher ?o }")),
        public_access=frozenset(node for (node,) in _select(
            store, "SELECT ?s WHERE { ?s dct:isPartOf*/fa:publicAccessLaw true }")),
    )
