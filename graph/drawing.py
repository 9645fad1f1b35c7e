"""The drawing library behind the atlas page, kept to this one module so it can be swapped: pyvis builds the
vis-network node and edge options, and the vis-network script pyvis ships is inlined into the page.

pyvis's own page templates are not used: in every mode they fetch vis-network, Bootstrap or tom-select from a CDN,
and the atlas page must make no request to any host. Nor is its `Network` container: `add_node` and `add_edge` look
each id up in a list, quadratic at 1e5 shares; its `Node` and `Edge` build the same options one by one.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.edge import Edge
from pyvis.node import Node

VIS_SCRIPT = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
# Colours by kind of node (organisation kinds come from the reference data's org:classification).
COLOURS = {"department": "#1f5fa8", "agency": "#4c9be8", "police": "#2b2b72", "council": "#2e8b57",
           "health": "#00897b", "statistics and research": "#8e5bb5", "other": "#8c8c8c",
           "new organisation": "#c77d00", "dataset": "#d4502b", "agreement": "#b8860b", "share": "#5f6b7a",
           "document": "#a0a7b0"}
SHAPES = {"dataset": "database", "agreement": "diamond", "share": "dot", "document": "square"}


@lru_cache(maxsize=1)
def vis_script() -> str:
    """vis-network's script (Apache-2.0 or MIT), as pyvis ships it."""
    return VIS_SCRIPT.read_text(encoding="utf-8")


def vis_elements(graph: nx.DiGraph, positions: dict[str, tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """vis-network nodes and edges for a projection: coloured and shaped by kind, placed where `positions` says with
    physics off so the page is still. Node ids are the graph's node keys; each edge keeps the indices of the shares
    behind it (`records`). Sizes, widths and tooltips depend on the filters, so the page computes them."""
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = positions.get(node, (0.0, 0.0))
        kind = str(data["kind"])
        nodes.append(Node(node, SHAPES.get(kind, "dot"), str(data["label"]), color=COLOURS.get(kind, COLOURS["other"]),
                          x=round(x, 1), y=round(y, 1), physics=False, kind=kind).options)
    edges = [Edge(source, target, directed=True, records=list(data.get("records", []))).options
             for source, target, data in graph.edges(data=True)]
    return nodes, edges
