"""Debian's chromium driven by Playwright for the browser tests (never a browser of its own).

``chromium_page`` opens a page and collects what the browser reports as errors (console errors and
uncaught exceptions): a test asserts the list is empty at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]  # fmt: skip


@contextmanager
def chromium_page(width: int, height: int) -> Iterator[tuple[object, list[str]]]:
    """(page, problems): a fresh headless chromium page in Chinese and the errors it reports."""
    from playwright import sync_api

    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            yield page, problems
        finally:
            browser.close()
