"""The atlas page: one self-contained HTML file to open anywhere, also on a laptop with no network. The network (by
organisation, dataset or record), a side panel with the shares behind whatever is clicked and the quotes that prove
them, filters, a search box, a timeline of volumes per recipient, and the who-receives-what table.

Everything the page needs is inside it: vis-network (through graph/drawing.py), the page's own script and style
(graph/atlas.js, graph/atlas.css), and the data as JSON in non-executable script elements. The
Content-Security-Policy allows no request to any host and runs only these two scripts, by hash. Text from documents
is only ever set as text by the script (textContent, never innerHTML), and the JSON is escaped so that no document
text can close its element.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from flowatlas.graph.atlas import Atlas
from flowatlas.graph.drawing import vis_elements, vis_script
from flowatlas.graph.network import positions, projection
from flowatlas.graph.offline import offline_policy

HERE = Path(__file__).resolve().parent
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
SHARE_COLUMNS = ("label", "providers", "recipients", "datasets", "items", "purposes", "legal_bases", "agreements",
                 "dates", "years", "requests", "requested", "matched", "returned", "references", "documents", "gaps",
                 "quotes")


class _Names:
    """A table of IRIs, so each is written once and shares refer to them by number."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.index: dict[str, int] = {}
        self.rows: list[list[str]] = []

    def __call__(self, iri: str) -> int:
        if iri not in self.index:
            node = self.atlas.nodes.get(iri)
            self.index[iri] = len(self.rows)
            self.rows.append([iri, self.atlas.label(iri), node.kind if node else ""])
        return self.index[iri]

    def all(self, iris: list[str]) -> list[int]:
        return [self(iri) for iri in iris]


def page_data(atlas: Atlas, view: str, title: str, filters: dict[str, object]) -> tuple[dict, list[list]]:
    """The page's data and, apart, its quotes (parsed only when a panel first shows one, so a large atlas is
    interactive before they are read)."""
    names = _Names(atlas)
    documents = {iri: number for number, iri in enumerate(sorted(atlas.documents))}
    quote_index: dict[str, int] = {}
    quotes: list[list] = []

    def quoted(excerpts: list[str]) -> list[int]:
        found = []
        for excerpt in excerpts:
            quote = atlas.quotes.get(excerpt)
            if quote is None or quote.document not in documents:
                continue
            if excerpt not in quote_index:
                quote_index[excerpt] = len(quotes)
                quotes.append([documents[quote.document], quote.span[0], quote.text])
            found.append(quote_index[excerpt])
        return found

    shares = [[share.label, names.all(share.providers), names.all(share.recipients), names.all(share.datasets),
               names.all(share.items), names.all(share.purposes), names.all(share.legal_bases),
               names.all(share.agreements), "; ".join(share.dates), list(share.years) if share.years else None,
               share.requests, share.requested, share.matched, share.returned, share.references,
               [documents[d] for d in share.documents if d in documents], share.gaps, quoted(share.quotes)]
              for share in atlas.shares]
    denials = [[denial.denied, names.all(denial.parties), quoted(denial.quotes)] for denial in atlas.denials]
    graph = projection(atlas, view)
    nodes, edges = vis_elements(graph, positions(graph))
    # Nodes as rows, their look once per kind: at 1e5 shares the record view has 140,000 nodes.
    styles = {str(node["kind"]): {"color": node["color"], "shape": node["shape"]} for node in nodes}
    node_number = {str(node["id"]): number for number, node in enumerate(nodes)}
    node_rows = []
    for node in nodes:
        iri = str(node["id"])
        node_rows.append([node["label"], node["kind"], node["x"], node["y"],
                          names(iri) if iri in atlas.nodes or iri in names.index else None,
                          graph.nodes[iri].get("record")])
    data = {
        "title": title, "view": view, "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "filters": filters, "columns": SHARE_COLUMNS, "names": names.rows, "shares": shares, "denials": denials,
        "documents": [[atlas.documents[iri].name, atlas.documents[iri].title, atlas.documents[iri].url]
                      for iri in sorted(atlas.documents)],
        "styles": styles, "nodes": node_rows,
        "edges": [[node_number[edge["from"]], node_number[edge["to"]], edge["records"]] for edge in edges],
    }
    return data, quotes


def _json_for_html(value: object) -> str:
    """JSON that can sit inside a <script> element whatever the documents say: <, > and & are written as \\u
    escapes, so no text can close the element or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def atlas_page(atlas: Atlas, view: str = "org", title: str = "flowatlas: who receives whose data, and why",
               filters: dict[str, object] | None = None) -> str:
    """The whole page, as text."""
    data, quotes = page_data(atlas, view, title, filters or {})
    vis = vis_script()
    own = (HERE / "atlas.js").read_text(encoding="utf-8")
    style = (HERE / "atlas.css").read_text(encoding="utf-8")
    policy = offline_policy([vis, own], images="data:")
    parts = {"policy": escape(policy), "title": escape(title), "style": style, "data": _json_for_html(data),
             "quotes": _json_for_html(quotes), "vis": vis, "script": own}
    # One pass over the template: text put in is never searched again, whatever a document says.
    return PLACEHOLDER.sub(lambda match: parts[match.group(1)], (HERE / "atlas.html").read_text(encoding="utf-8"))
