"""The atlas page (issue 9) in a real browser: Debian's Chromium driven by Playwright. Written by `flowatlas view`
from stores built by the real CLI; the page must open with no request to any host and no console error, show the
shares behind a clicked body with their quotes, filter by year, and show hostile document text as text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from conftest import CHROMIUM, DWP_2024, HOME_OFFICE_2020, PROJECT, flows_of, run

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (.ci/run installs it)")
HOSTILE = PROJECT / "tests" / "data" / "atlas"


class Opened:
    """A page opened in the browser, with everything it asked for, logged or raised recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready=true]", timeout=30_000)

    def click_node(self, label: str) -> None:
        """Click a node where it is drawn on the canvas, as a person would."""
        where = self.page.evaluate("""label => {
            const node = atlas.data.nodes.find(n => n.label === label);
            return atlas.network.canvasToDOM(atlas.network.getPosition(node.id)); }""", label)
        box = self.page.locator("#network canvas").bounding_box()
        self.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])


def _view(store: Path, out: Path, *options: str) -> Path:
    result = run("view", "--store", str(store), "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out


def test_the_founding_documents_atlas_opens_offline_and_shows_the_shares_behind_dwp(atlas: Path, tmp_path: Path,
                                                                                    browser):
    flows = flows_of(atlas)
    bodies = {flow["provider"] for flow in flows} | {flow["recipient"] for flow in flows}
    pairs = {(flow["provider"], flow["recipient"]) for flow in flows}
    dwp_shares = [flow for flow in flows if flow["recipient"] == "DWP"]
    assert {flow["date"][:4] for flow in dwp_shares} >= {"2018", "2023"}  # what the test goes on to look for
    opened = Opened(browser, _view(atlas, tmp_path / "atlas.html"))
    page = opened.page
    assert page.evaluate("atlas.nodes.length") == len(bodies)
    assert page.evaluate("atlas.edges.length") == len(pairs)
    assert sorted(page.evaluate("atlas.nodes.get().map(n => n.label)")) == sorted(bodies)

    opened.click_node("DWP")
    cards = page.locator("#panel article.share")
    assert cards.count() == len(dwp_shares)
    shown = cards.all_inner_texts()
    assert any("2018" in card for card in shown) and any("2023" in card for card in shown)
    documents = " ".join((DWP_2024.read_text(encoding="utf-8") + HOME_OFFICE_2020.read_text(encoding="utf-8")).split())
    for card in cards.all():
        quotes = card.locator("blockquote")
        assert quotes.count() >= 1  # every share shows the words it rests on, and they are the documents' words
        for number in range(quotes.count()):
            words = quotes.nth(number).inner_text().rpartition("\u201d")[0].lstrip("\u201c")
            assert " ".join(words.split()) in documents

    page.select_option("#since", "2019")
    after = page.locator("#panel article.share").all_inner_texts()
    assert after and not any("2018-" in card for card in after)
    assert all("2023" in card for card in after)
    assert "hidden by the filters" in page.locator("#panel").inner_text()
    assert page.evaluate("atlas.nodes.get().map(n => n.label)").count("DWP") == 1

    page.screenshot(path=str(tmp_path / "atlas.png"), full_page=True)
    assert opened.errors == [] and opened.dialogs == []
    assert opened.requests == [(tmp_path / "atlas.html").as_uri()]  # the page itself, nothing else


def test_hostile_document_text_shows_as_text_and_runs_nothing(tmp_path: Path, browser):
    store = tmp_path / "store"
    assert run("build", str(HOSTILE), "--store", str(store)).returncode == 0
    opened = Opened(browser, _view(store, tmp_path / "hostile.html"))
    page = opened.page
    opened.click_node("Home Office")
    quote = page.locator("#panel blockquote").first.inner_text()
    assert "the Home Office </script><script>alert(1)</script> for immigration enforcement" in quote
    assert "<script>alert(4)</script> FOI reply" in quote  # the document's title, from index.csv
    assert page.locator("#panel a").count() == 0  # its URL is javascript:, so it is not linked
    assert "<img src=x onerror=alert(2)> Trust" in page.locator("#flows").inner_text()
    assert page.locator("img").count() == 0 and page.locator("script").count() == 4  # data, quotes, vis, the page's
    page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert opened.dialogs == [] and opened.errors == []
    assert opened.requests == [(tmp_path / "hostile.html").as_uri()]


def test_the_record_view_draws_a_page_of_shares_and_the_search_box_narrows_it(curated_atlas: Path, tmp_path: Path,
                                                                              browser):
    flows = flows_of(curated_atlas)
    opened = Opened(browser, _view(curated_atlas, tmp_path / "records.html", "--by", "record"))
    page = opened.page
    shares_drawn = page.evaluate("atlas.nodes.get().filter(n => atlas.data.nodes[n.id].kind === 'share').length")
    assert shares_drawn == len(flows)
    reference = "2023-0020534"
    expected = sum(reference in flow["reference"] for flow in flows)
    assert expected == 1
    page.fill("#search", reference)
    expect(page.locator("#summary")).to_have_text(re.compile(r"^1 of "))  # the search waits for typing to pause
    assert page.evaluate("atlas.nodes.get().filter(n => atlas.data.nodes[n.id].kind === 'share').length") == 1
    assert page.locator("#flows tbody tr").count() == 1
    assert opened.errors == [] and opened.dialogs == []
