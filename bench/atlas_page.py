"""How large is the atlas page, how long does it take to write, and how soon is it interactive in a browser?
Prints a table.

    python bench/atlas_page.py                       # 1e3, 1e4 and 1e5 synthetic shares, org and record views
    python bench/atlas_page.py --sizes 1000 --views org

`write s` is `flowatlas view` without Python's start-up: reading the store (`read s`, of which finding the gaps is a
part) and writing the page. `interactive s` is the time from asking Chromium (Debian's, headless, driven by
Playwright) to open the file until the page has drawn the network, the table and the timeline and answers clicks
(the page marks that moment). `click s` is a click on the busiest body until its panel shows. Stores are those of
bench/synthetic.py, cached under --cache.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from synthetic import make_store  # noqa: E402

from flowatlas.graph.atlas import read_atlas  # noqa: E402
from flowatlas.graph.atlas_page import atlas_page  # noqa: E402
from flowatlas.graph.store import open_store  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


def open_in_browser(browser, page_file: Path) -> tuple[float, float]:
    """Seconds until the page is interactive, and for a click on its busiest node to show that node's shares."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    began = time.perf_counter()
    page.goto(page_file.as_uri(), timeout=300_000)
    page.wait_for_selector("html[data-ready=true]", timeout=300_000)
    ready = time.perf_counter() - began
    where = page.evaluate("""() => {
        const busiest = atlas.nodes.get().sort((a, b) => b.size - a.size)[0];
        return atlas.network.canvasToDOM(atlas.network.getPosition(busiest.id)); }""")
    box = page.locator("#network canvas").bounding_box()
    began = time.perf_counter()
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    page.wait_for_selector("#panel article.share", timeout=300_000)
    clicked = time.perf_counter() - began
    page.close()
    return ready, clicked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--views", nargs="*", default=["org", "record"], choices=["org", "dataset", "record"])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "flowatlas-bench")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is not installed (.ci/run installs it): only writing is measured", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        browser_context = None
        if CHROMIUM.exists():
            from playwright.sync_api import sync_playwright
            browser_context = sync_playwright().start()
            browser = browser_context.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox",
                                                                                           "--disable-gpu"])
        for size in args.sizes:
            print(f"synthetic store of {size} shares ...", file=sys.stderr)
            store = open_store(make_store(size, args.cache / f"synthetic-{size}"))
            began = time.perf_counter()
            atlas = read_atlas(store)
            read = time.perf_counter() - began
            for view in args.views:
                print(f"{size}: {view} view ...", file=sys.stderr)
                began = time.perf_counter()
                page = atlas_page(atlas, view)
                page_file = Path(folder) / f"atlas-{size}-{view}.html"
                page_file.write_text(page, encoding="utf-8")
                written = read + time.perf_counter() - began
                ready, clicked = open_in_browser(browser, page_file) if browser_context else (None, None)
                rows.append({"shares": size, "view": view, "mb": round(page_file.stat().st_size / 1e6, 1),
                             "read_s": round(read, 2), "write_s": round(written, 2),
                             "interactive_s": ready and round(ready, 2), "click_s": clicked and round(clicked, 2)})
        if browser_context:
            browser.close()
            browser_context.stop()
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'shares':>7} {'view':7} {'page MB':>8} {'read s':>7} {'write s':>8} {'interactive s':>14} {'click s':>8}")
    for row in rows:
        def shown(value: float | None) -> str:
            return "" if value is None else f"{value:.2f}"
        print(f"{row['shares']:7} {row['view']:7} {row['mb']:8.1f} {row['read_s']:7.2f} {row['write_s']:8.2f} "
              f"{shown(row['interactive_s']):>14} {shown(row['click_s']):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
