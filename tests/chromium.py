"""Debian's chromium for the real-browser tests, driven by Playwright: found on the PATH (never
downloaded); a module using it is marked ``browser`` and skipped only when none is installed
(``apt-get install chromium``; ``.ci/run`` does it)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no chromium found: install Debian's chromium (apt-get install chromium)",
    ),
]
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch(playwright: Any, extra_args: Sequence[str] = ()) -> Any:
    """The system's chromium, headless, offline-minded (plus ``extra_args``)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )
