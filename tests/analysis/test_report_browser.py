"""report.html in a real browser (Debian's chromium through Playwright, offline): the first
screen of a 1280×800 window shows the headline table, one row per scenario, and the collapse
curve. Skipped only when no chromium is installed (``apt-get install chromium``)."""

from __future__ import annotations

import json

import pytest
from chromium import BROWSER_TESTS, launch
from conftest_analysis import SCENARIO_NAMES, write_batch

from analysis.compare import run_compare

pytestmark = BROWSER_TESTS
WIDTH, HEIGHT = 1280, 800


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "b"
    shifts = {name: index / 10 for index, name in enumerate(SCENARIO_NAMES)}
    write_batch(folder, shifts, runs=8)
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["scenarios"].values():  # titles as long as the bundled ones
        entry["resolved"]["title"] = "Baghdad sends the regular army into Syria on 4 Dec " * 2
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return run_compare(folder, None, folder / "report", resamples=50).report_html


def test_first_screen_shows_the_summary_table_and_the_collapse_curve(report):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'")
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(report.as_uri())
            table = page.locator("table.summary")
            rows = table.locator("tbody tr")
            assert rows.count() == len(SCENARIO_NAMES)
            assert "P(regime collapses by 31 Dec)" in table.locator("thead").inner_text()
            assert "baseline" in rows.first.inner_text()
            box = table.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH  # no sideways scrolling
            curve = page.locator("figure.headline img")
            assert curve.count() == 1
            assert "still standing" in (curve.get_attribute("alt") or "")
            image = curve.bounding_box()
            assert image is not None and image["y"] + 150 <= HEIGHT, image  # 150 px on screen
            assert page.evaluate("window.scrollY") == 0
            contents = page.locator("nav#contents")
            assert contents.count() == 1 and contents.bounding_box()["y"] > box["y"]
        finally:
            browser.close()
