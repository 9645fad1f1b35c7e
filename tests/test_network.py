"""Network views (issue 9): projections computed from the share records, their metrics, paths and volumes, the
graph written for Gephi and Cytoscape, and the atlas page's data, all checked against `flowatlas flows`."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from conftest import PROJECT, error_lines, flows_of, run

ONWARD = PROJECT / "tests" / "data" / "network"


def _json(*args: str) -> list[dict]:
    result = run(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def onward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("onward") / "atlas"
    assert run("build", str(ONWARD), "--store", str(store)).returncode == 0
    return store


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_the_graph_file_loads_in_networkx_with_the_shares_bodies_and_links(atlas: Path, tmp_path: Path, fmt, read):
    flows = flows_of(atlas)
    bodies = {flow["provider"] for flow in flows} | {flow["recipient"] for flow in flows}
    pairs = {(flow["provider"], flow["recipient"]) for flow in flows}
    result = run("network", "--store", str(atlas), "--format", fmt)
    assert result.returncode == 0, result.stderr
    path = tmp_path / f"flows.{fmt}"
    path.write_text(result.stdout, encoding="utf-8")
    graph = read(path)
    assert graph.number_of_nodes() == len(bodies) and graph.number_of_edges() == len(pairs)
    labels = nx.get_node_attributes(graph, "label")
    assert sorted(labels.values()) == sorted(bodies)
    by_label = {label: node for node, label in labels.items()}
    for provider, recipient in pairs:
        edge = graph.edges[by_label[provider], by_label[recipient]]
        assert int(edge["shares"]) == sum(1 for f in flows if (f["provider"], f["recipient"]) == (provider, recipient))
    assert {graph.nodes[node]["kind"] for node in graph} <= {"department", "agency", "police", "council", "health",
                                                            "statistics and research", "other", "new organisation"}


def test_the_record_graph_file_holds_every_share_and_document(curated_atlas: Path, tmp_path: Path):
    flows = flows_of(curated_atlas)
    path = tmp_path / "records.graphml"
    path.write_text(run("network", "--store", str(curated_atlas), "--by", "record", "--format", "graphml").stdout)
    graph = nx.read_graphml(path)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(kind == "share" for kind in kinds.values()) == len(flows)
    assert sum(kind == "document" for kind in kinds.values()) == 2
    assert {graph.edges[edge]["role"] for edge in graph.edges} >= {"provides", "receives", "states"}


def test_metrics_count_the_shares_and_individuals_each_body_gives_and_receives(atlas: Path):
    flows = flows_of(atlas)
    rows = {row["label"]: row for row in _json("network", "--store", str(atlas))}
    for body, row in rows.items():
        given = [f for f in flows if f["provider"] == body]
        received = [f for f in flows if f["recipient"] == body]
        assert row["shares_out"] == len(given) and row["shares_in"] == len(received)
        assert row["returned_in"] == sum(max(map(int, f["subjects_returned"].split("; "))) for f in received
                                         if f["subjects_returned"])
        assert 0.0 <= row["betweenness"] <= 1.0


def test_paths_follow_data_onward_from_a_body_and_from_a_dataset(onward: Path):
    """Regression for issue 9: HMRC data held by DWP, then shared by DWP, reaches the council."""
    rows = _json("network", "--store", str(onward), "--from", "HMRC", "--to", "Bradford Council")
    assert [row["path"] for row in rows] == ["HMRC → DWP → Bradford Council"] and rows[0]["hops"] == 2
    rows = _json("network", "--store", str(onward), "--from", "Child Benefit data", "--to", "Bradford Council")
    assert [row["path"] for row in rows] == ["Child Benefit data → DWP → Bradford Council"]
    backwards = run("network", "--store", str(onward), "--from", "DWP", "--to", "HMRC")
    assert backwards.returncode == 0 and "no path" in backwards.stderr


def test_volumes_per_recipient_per_year_add_up_the_flows(atlas: Path):
    expected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for flow in flows_of(atlas):
        if flow["date"] and flow["subjects_returned"]:
            expected[flow["recipient"]][flow["date"][:4]] += max(map(int, flow["subjects_returned"].split("; ")))
    rows = _json("network", "--store", str(atlas), "--volumes")
    found = {row["recipient"]: {year: value for year, value in row.items() if year != "recipient" and value}
             for row in rows}
    assert found == {recipient: dict(years) for recipient, years in expected.items()}


def _page_data(page: str) -> dict:
    text = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page, re.S)
    assert text is not None
    return json.loads(text.group(1))


def test_view_narrows_the_page_to_a_recipient_and_years(curated_atlas: Path, tmp_path: Path):
    flows = flows_of(curated_atlas)
    out = tmp_path / "dwp.html"
    result = run("view", "--store", str(curated_atlas), "--recipient", "Department for Work and Pensions",
                 "--since", "2020", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = _page_data(out.read_text(encoding="utf-8"))
    expected = sorted(f["share"] for f in flows if f["recipient"] == "DWP" and f["date"][:4] >= "2020")
    assert len(data["shares"]) == len(expected) > 0
    recipients = {data["names"][i][1] for share in data["shares"] for i in share[data["columns"].index("recipients")]}
    assert recipients == {"DWP"}
    assert data["filters"] == {"recipient": ["Department for Work and Pensions"], "since": 2020}


def test_view_and_network_refuse_bad_input_in_one_line(curated_atlas: Path, tmp_path: Path):
    cases = [
        (("view", "--recipient", "Ministry of Magic", "--out", str(tmp_path / "a.html")), "Ministry of Magic"),
        (("view", "--out", str(tmp_path / "missing" / "a.html")), "no folder"),
        (("view", "--since", "2024", "--until", "2020", "--out", str(tmp_path / "a.html")), "after --until"),
        (("network", "--from", "HMRC"), "give both --from and --to"),
        (("network", "--volumes", "--format", "gexf"), "table, csv or json"),
    ]
    for args, words in cases:
        result = run(*args, "--store", str(curated_atlas))
        assert result.returncode == 2 and len(error_lines(result)) == 1 and words in result.stderr, args
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.html").exists()
