"""Network views of the atlas, computed with networkx from the share records (never stored as edges in RDF).

Three projections: organisation → organisation, dataset → recipient, and the record graph (bodies, datasets, shares,
agreements, documents). Edges of the first two carry the shares behind them, their number and the individuals
returned; metrics, paths and volumes over time are read from them.
"""
from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterator

import networkx as nx

from flowatlas.graph.atlas import AGREEMENT, DATASET, Atlas, Share

VIEWS = ("org", "dataset", "record")
SHARE, DOCUMENT = "share", "document"


def _add_node(graph: nx.DiGraph, atlas: Atlas, iri: str) -> None:
    if iri not in graph:
        node = atlas.nodes.get(iri)
        graph.add_node(iri, label=atlas.label(iri), kind=node.kind if node and node.kind else "other", shares=0,
                       returned=0)


def _add_share(graph: nx.DiGraph, source: str, target: str, index: int, share: Share) -> None:
    """Count a share on the edge source → target (and on both its ends)."""
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, shares=0, returned=0, records=[])
    edge = graph.edges[source, target]
    edge["shares"] += 1
    edge["returned"] += share.volume
    edge["records"].append(index)
    for end in {source, target}:
        graph.nodes[end]["shares"] += 1
        graph.nodes[end]["returned"] += share.volume


def organisation_graph(atlas: Atlas) -> nx.DiGraph:
    """Provider → recipient, one edge per pair of bodies, weighted by shares and by individuals returned."""
    return _flows_to_recipients(atlas, "org", lambda share: share.providers)


def dataset_graph(atlas: Atlas) -> nx.DiGraph:
    """Dataset → recipient: which bodies receive data from which datasets."""
    return _flows_to_recipients(atlas, "dataset", lambda share: share.datasets)


def _flows_to_recipients(atlas: Atlas, view: str, sources: Callable[[Share], list[str]]) -> nx.DiGraph:
    graph = nx.DiGraph(view=view)
    for index, share in enumerate(atlas.shares):
        for source in sources(share):
            for recipient in share.recipients:
                _add_node(graph, atlas, source)
                _add_node(graph, atlas, recipient)
                _add_share(graph, source, recipient, index, share)
    return graph


def record_graph(atlas: Atlas) -> nx.DiGraph:
    """Every share as a node, linked to its provider, recipient, datasets, agreement and the documents stating it."""
    graph = nx.DiGraph(view="record")
    for index, share in enumerate(atlas.shares):
        graph.add_node(share.iri, label=share.label, kind=SHARE, shares=1, returned=share.volume, record=index)
        links = [(provider, share.iri, "provides") for provider in share.providers]
        links += [(share.iri, recipient, "receives") for recipient in share.recipients]
        links += [(dataset, share.iri, "searched") for dataset in share.datasets]
        links += [(share.iri, agreement, "governed by") for agreement in share.agreements]
        for source, target, role in links:
            for end in (source, target):
                if end != share.iri:
                    _add_node(graph, atlas, end)
            graph.add_edge(source, target, role=role, shares=1, returned=share.volume, records=[index])
        for document in share.documents:
            if document not in graph:
                known = atlas.documents.get(document)
                graph.add_node(document, label=known.name if known else document, kind=DOCUMENT, shares=0,
                               returned=0)
            graph.add_edge(document, share.iri, role="states", shares=1, returned=share.volume, records=[index])
    return graph


def projection(atlas: Atlas, view: str) -> nx.DiGraph:
    return {"org": organisation_graph, "dataset": dataset_graph, "record": record_graph}[view](atlas)


def metrics(graph: nx.DiGraph) -> list[dict[str, object]]:
    """Per node: shares out and in, individuals returned out and in, and betweenness (the share of shortest paths
    between other bodies that pass through it: a broker of data), largest flows first."""
    betweenness = nx.betweenness_centrality(graph) if graph.number_of_nodes() <= 5000 else {}
    rows = [{"node": node, "label": data["label"], "kind": data["kind"],
             "shares_out": graph.out_degree(node, weight="shares"), "shares_in": graph.in_degree(node, weight="shares"),
             "returned_out": graph.out_degree(node, weight="returned"),
             "returned_in": graph.in_degree(node, weight="returned"),
             "betweenness": round(betweenness.get(node, 0.0), 4)}
            for node, data in graph.nodes(data=True)]
    return sorted(rows, key=lambda row: (-int(row["shares_in"]) - int(row["shares_out"]), str(row["label"])))


def reach_graph(atlas: Atlas) -> nx.DiGraph:
    """Bodies and datasets: a dataset leads to each body that receives data from it, a body to each body it shares
    with, so a path follows data onward (HMRC data held by DWP, then shared by DWP)."""
    graph = organisation_graph(atlas)
    for source, target, data in dataset_graph(atlas).edges(data=True):
        if source not in graph:
            graph.add_node(source, label=atlas.label(source), kind=DATASET, shares=0, returned=0)
        graph.add_edge(source, target, **data)
    return graph


def paths(graph: nx.DiGraph, source: str, target: str, longest: int = 4) -> Iterator[list[str]]:
    """Every simple path by which data from `source` (a body or a dataset) reaches `target`, shortest first, of at
    most `longest` hops."""
    if source not in graph or target not in graph:
        return iter(())
    return iter(sorted(nx.all_simple_paths(graph, source, target, cutoff=longest), key=lambda path: (len(path), path)))


def volumes(atlas: Atlas) -> dict[str, dict[int, int]]:
    """Individuals returned per recipient per year (a share spanning years is counted in its first)."""
    found: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for share in atlas.shares:
        years = share.years
        if years is None:
            continue
        for recipient in share.recipients:
            found[recipient][years[0]] += share.volume
    return {recipient: dict(sorted(by_year.items())) for recipient, by_year in found.items()}


def for_export(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy GraphML and GEXF can hold: scalar attributes only (the record indices are the page's, not the file's)."""
    copy = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **{key: value for key, value in data.items() if key != "record"})
    for source, target, data in graph.edges(data=True):
        copy.add_edge(source, target, **{key: value for key, value in data.items() if key != "records"})
    return copy


def graph_file(graph: nx.DiGraph, fmt: str) -> bytes:
    """The graph as GraphML or GEXF for Gephi and Cytoscape, with labels, kinds, shares and individuals returned on
    nodes and edges."""
    exported = for_export(graph)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(exported)).encode("utf-8") + b"\n"
    buffer = io.BytesIO()
    nx.write_gexf(exported, buffer)
    return buffer.getvalue()


def positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Where each node is drawn, computed once so the page is still: bodies and datasets by a force-directed layout of
    the links between them (few nodes, however many shares); each share between its provider and recipient, fanned
    out so that shares of one pair do not overlap; each agreement and document beside the shares it is linked to.
    Linear in the number of shares."""
    placed_later = {SHARE, DOCUMENT, AGREEMENT}
    skeleton = nx.Graph()
    skeleton.add_nodes_from(node for node, data in graph.nodes(data=True) if data["kind"] not in placed_later)
    skeleton.add_edges_from((a, b) for a, b in graph.edges() if a in skeleton and b in skeleton)
    ends_of = {node: tuple(sorted(n for n in nx.all_neighbors(graph, node) if n in skeleton))
               for node, data in graph.nodes(data=True) if data["kind"] == SHARE}
    skeleton.add_edges_from((a, b) for ends in ends_of.values() for a, b in zip(ends, ends[1:]))
    scale = 100 + 80 * math.sqrt(skeleton.number_of_nodes())
    found = {node: (float(x), float(y)) for node, (x, y) in
             (nx.spring_layout(skeleton, seed=7, scale=scale).items() if skeleton.number_of_nodes() else ())}
    fan: dict[tuple[str, ...], int] = defaultdict(int)
    for node, ends in ends_of.items():
        x, y = _centre([found[n] for n in ends])
        turn = fan[ends]
        fan[ends] += 1
        angle, radius = turn * 2.39996, 30 + 12 * math.sqrt(turn)  # the golden angle: a sunflower of shares
        found[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    for node, data in graph.nodes(data=True):
        if data["kind"] in (DOCUMENT, AGREEMENT):
            x, y = _centre([found[n] for n in nx.all_neighbors(graph, node) if n in found])
            found[node] = (x + (40 if data["kind"] == DOCUMENT else -40), y - 40)
    return found


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    if not points:
        return (0.0, 0.0)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
