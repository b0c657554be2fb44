"""The demo page in a real headless browser: Debian's Chromium driven by Playwright.

Browsers cannot be downloaded here, so Playwright launches the system Chromium. Without it (or
without the playwright package) the browser tests skip with a message, except when
REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def require_browser() -> None:
    """Skip (or, with REQUIRE_BROWSER=1, fail) when Chromium or Playwright is missing."""
    missing = [
        what
        for what, there in (
            (CHROMIUM, os.path.exists(CHROMIUM)),
            ("the playwright package", importlib.util.find_spec("playwright") is not None),
        )
        if not there
    ]
    if missing:
        message = (
            f"The browser tests cannot run: {' and '.join(missing)} missing "
            "(`apt-get install chromium` and `pip install -e .[dev]`; .ci/run does both)"
        )
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless system Chromium (a playwright Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def after_reload(page: Any, action: Callable[[], object]) -> None:
    """Do `action` (which makes the page load anew) and wait for the new page.

    Every action on the demo page ends in location.reload(): a mark set on the old window is
    gone once the new one has loaded, so the next assertion never reads the old page.
    """
    page.evaluate("window.__before = true")
    action()
    page.wait_for_function("window.__before === undefined")
    page.wait_for_load_state()
