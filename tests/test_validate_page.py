"""The HTML completeness report (issue 8) in a real browser: Debian's Chromium driven by Playwright. The page opens
with no console error and no request to any host, its tables sort, its quotes link to their place, and a quote
holding <script> shows as text and runs nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHROMIUM, run

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (.ci/run installs it)")


def test_the_report_page_is_self_contained_escaped_and_sortable(cases: Path, tmp_path: Path, browser):
    page_file = tmp_path / "report.html"
    result = run("validate", "--store", str(cases), "--format", "html")
    assert result.returncode == 1  # the cases hold violations
    page_file.write_text(result.stdout, encoding="utf-8")
    page = browser.new_page()
    errors, requests, dialogs = [], [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert errors == [] and dialogs == []
    assert requests == [page_file.as_uri()]  # the page itself, nothing else
    assert page.locator("script").count() == 1  # only the page's own
    shown = page.locator("blockquote", has_text="<script>alert(1)</script>")
    assert shown.count() == 1 and "150 children" in shown.inner_text()
    link = page.locator("a", has_text="in the document").first
    target = link.get_attribute("href")
    link.click()
    assert page.locator(f"{target} mark").inner_text().startswith("in June 2020 HM Revenue and Customs shared")
    scores = page.locator("#shares + table tbody tr td:nth-child(2)")
    page.locator("#shares + table th").nth(1).click()
    ascending = scores.all_inner_texts()
    assert ascending == sorted(ascending, key=lambda s: float(s.rstrip("%")))
    page.locator("#shares + table th").nth(1).click()
    assert scores.all_inner_texts() == ascending[::-1]
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
