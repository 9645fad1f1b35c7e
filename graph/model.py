"""The model reference for query writers: every class and property of ontology/*.ttl with its meaning and a
one-line example, read from the Turtle files themselves so it cannot drift from them."""
from __future__ import annotations

from pyoxigraph import Store

from flowatlas.graph.namespaces import PREFIXES
from flowatlas.graph.reference import ontology_quads
from flowatlas.graph.results import Table, collect

MODEL_QUERY = """
SELECT ?term ?kind ?label ?definition ?example WHERE {
  ?term a ?type .
  VALUES (?type ?kind) { (rdfs:Class "class") (rdf:Property "property") }
  OPTIONAL { ?term rdfs:label ?label }
  OPTIONAL { ?term skos:definition ?definition }
  OPTIONAL { ?term skos:example ?example }
}
ORDER BY ?kind ?term"""


def model_table() -> Table:
    """One row per class and property: term, kind, label, definition, example."""
    store = Store()
    store.extend(ontology_quads())
    result = collect(store.query(MODEL_QUERY, prefixes=PREFIXES, use_default_graph_as_union=True))
    assert isinstance(result, Table)
    return result
