"""End to end in a real browser: ``axis-sim viz`` driven by Playwright with Debian's chromium.

Skipped only when no chromium is installed (``apt-get install chromium``; ``.ci/run`` does it).
Playwright never downloads a browser here: it starts the system's chromium.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from chromium import BROWSER_TESTS, launch

LAST_DAY = "Tue 31 Dec 2024"  # the baseline's last day, as the page writes dates
pytestmark = BROWSER_TESTS
DATE = ".axis-date"
START_TIMEOUT_S = 45.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``axis-sim viz --port P`` in a child process, its output collected in the background."""

    def __init__(self, port: int) -> None:
        command = Path(sys.executable).with_name("axis-sim")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [str(command), "viz", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"axis-sim viz exited early:\n{self.output}")
            if self.url in self.output:
                return
            time.sleep(0.1)
        pytest.fail(f"axis-sim viz printed no address in {START_TIMEOUT_S} s:\n{self.output}")

    def stop(self) -> int:
        """Ctrl-C, as a person would; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        return self.process.returncode


@pytest.fixture
def viz_server() -> Iterator[Server]:
    server = Server(_free_port())
    try:
        server.wait_until_listening()
        yield server
    finally:
        server.stop()


def _from_outside(url: str) -> bool:
    """A network request that leaves this machine (blob: and data: URLs never do)."""
    parts = urlparse(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in (
        "127.0.0.1",
        "localhost",
    )


def _sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser test needs playwright: pip install -e '.[browser]'")
    return sync_playwright


def _date_changes(page, before: str, timeout_ms: int = 15_000) -> str:
    page.wait_for_function(
        "([sel, before]) => { const e = document.querySelector(sel);"
        " return e !== null && e.innerText !== before; }",
        arg=[DATE, before],
        timeout=timeout_ms,
    )
    return page.locator(DATE).inner_text()


def _wait_until(condition, message: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


def _log_entries(page) -> int:
    match = re.search(r"\((\d+) entries", page.locator("text=/\\(\\d+ entries/").inner_text())
    assert match is not None
    return int(match.group(1))


TITLE = "axis-sim — Iraq and the fall of Assad"
PLAY_LIMIT_S = 90.0


def _compare_dates(page) -> list[str]:
    return page.locator(".axis-compare-date").all_inner_texts()


def _check_the_sidebar(page) -> None:
    """Title, named tabs, the typical-run notice and the slider values."""
    assert page.title() == TITLE
    tabs = page.get_by_role("tab").all_inner_texts()
    assert [t.strip().lower() for t in tabs] == ["the month, day by day", "side by side"]
    assert page.get_by_text(re.compile(r"^Page \d")).count() == 0
    notice = page.locator(".axis-typical").first.inner_text()
    assert re.search(r"Run \d+ \(the typical run\): a path like this in \d+ % of 200 runs", notice)
    values = page.locator(".axis-slider-value").all_inner_texts()
    assert values and all(re.match(r"[\d.]+\s+\(range [\d.]+–[\d.]+, default", v) for v in values)


# Records, inside the page, every text the date takes: polling it from Python (a round trip to
# the browser each time) can miss a day shown briefly on a busy host.
RECORD_DATES = """([sel, first]) => {
    window.axisDates = [first];
    const note = () => {
        const e = document.querySelector(sel);
        const seen = window.axisDates;
        if (e !== null && e.innerText !== seen[seen.length - 1]) seen.push(e.innerText);
    };
    new MutationObserver(note).observe(
        document.body, {subtree: true, childList: true, characterData: true});
}"""


def _play_to_the_end(page, date: str) -> None:
    """Play: every day is drawn on the way (none skipped) at a useful pace, up to the last day,
    where Play stops by itself and the end-of-month notice appears."""
    page.evaluate(RECORD_DATES, [DATE, date])
    page.get_by_role("button", name="▶").click()
    start = time.monotonic()
    while page.evaluate("() => window.axisDates[window.axisDates.length - 1]") != LAST_DAY:
        seen = page.evaluate("() => window.axisDates")
        assert time.monotonic() - start < PLAY_LIMIT_S, f"Play too slow: {seen}"
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    seen = page.evaluate("() => window.axisDates")
    days = [dt.datetime.strptime(d, "%a %d %b %Y").date() for d in seen]
    assert all((b - a).days == 1 for a, b in itertools.pairwise(days)), f"skipped: {seen}"
    rate = (len(seen) - 1) / elapsed
    print(f"\nPlay: {len(seen) - 1} days drawn in {elapsed:.1f} s ({rate:.1f} steps/s)")
    assert rate >= 1.0
    pause = page.get_by_role("button", name="❚❚")
    _wait_until(pause.is_disabled, "Play did not stop at the end of the period")
    over = page.locator(".axis-month-over").first
    over.wait_for(timeout=10_000)
    assert "The month is over: Tue 31 Dec 2024 was the last day" in over.inner_text()


def _side_by_side(page) -> None:
    """Compare with iraq_sends_army, Reset: two maps and dates stepping together."""
    page.locator(".v-select").filter(has_text="Compare with").click()
    page.get_by_role("option", name="iraq_sends_army").click()
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("side by side with iraq_sends_army").wait_for(timeout=60_000)
    assert page.locator(DATE).inner_text() == "Tue 26 Nov 2024"
    assert _log_entries(page) == 0
    page.get_by_role("tab", name="Side by side").click()
    page.locator(".axis-compare-date").first.wait_for(timeout=15_000)
    assert _compare_dates(page) == ["Tue 26 Nov 2024"] * 2
    assert page.locator("img.solara-image").count() == 2
    for expected in ("Wed 27 Nov 2024", "Thu 28 Nov 2024"):
        page.get_by_role("button", name="Step").click()
        _wait_until(
            lambda expected=expected: _compare_dates(page) == [expected] * 2,
            f"the two sides did not both reach {expected}: {_compare_dates(page)}",
            seconds=15.0,
        )
    assert page.get_by_text("P(regime collapses)").count() == 2


def test_the_page_in_chromium(viz_server, tmp_path):
    sync_playwright = _sync_playwright()
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = launch(pw, extra_args=("--disable-quic",))
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", lambda r: outside.append(r.url) if _from_outside(r.url) else None)
        page.goto(viz_server.url)
        page.locator(DATE).wait_for(timeout=60_000)
        date = page.locator(DATE).inner_text()
        assert date == "Tue 26 Nov 2024"  # the eve of the period
        assert page.locator("img.solara-image").count() == 3
        _check_the_sidebar(page)
        entries = _log_entries(page)

        # Step: the calendar date advances one day per click and the log grows.
        for expected in ("Wed 27 Nov 2024", "Thu 28 Nov 2024", "Fri 29 Nov 2024"):
            page.get_by_role("button", name="Step").click()
            date = _date_changes(page, date)
            assert date == expected
        assert _log_entries(page) > entries
        assert page.get_by_text("Time:").count() == 0  # a date, not Mesa's step counter

        _play_to_the_end(page, date)
        page.screenshot(path=str(tmp_path / "axis-sim-viz-month-over.png"), full_page=True)
        _side_by_side(page)
        page.screenshot(path=str(tmp_path / "axis-sim-viz-side-by-side.png"), full_page=True)
        browser.close()
    assert not outside, f"the page fetched from outside this machine: {outside}"
    assert viz_server.stop() == 0
    assert "Traceback" not in viz_server.output, viz_server.output
    assert "stopped" in viz_server.output
