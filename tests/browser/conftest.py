"""Fixtures for the browser tests: the built site on 127.0.0.1, one Chromium, one reusable page.

The site is built once per session (``built_site`` from ``tests/conftest.py``)
and served by a small threaded ``http.server`` that answers unknown paths with
the site's ``404.html`` and status 404, as a static host does.

Chromium: env ``CHROMIUM_PATH``, else ``/usr/bin/chromium``, else the browser
Playwright installed itself (``playwright install chromium``, e.g. on GitHub).
Without any, the tests are skipped locally but fail when ``CI=true``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from .helpers import axe_source

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}

# One page of every kind, relative to the site root (the 404 page under a missing address).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "lesson": "lessen/tussenruimte-organiseren/",
    "interview": "interviews/brigitte-hulscher-utrecht/",
    "meetup": "meetups/g5-meetups-digitale-steden-agenda/",
    "theme": "themas/aanbesteden/",
    "city": "steden/utrecht/",
    "type-index": "lessen/",
    "theme-index": "themas/",
    "city-index": "steden/",
    "matrix": "themas/matrix/",
    "over": "over/",
    "open-data": "over/open-data/",
    "accessibility": "over/toegankelijkheid/",
    "bijdragen": "bijdragen/",
    "404": "bestaat-niet/",
    "search": "zoeken/?q=organisatie&thema=Cultuur+en+organisatie",
}


def _is_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _playwright_chromium() -> str | None:
    """The Chromium that ``playwright install`` put in place, if any."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:
        return None
    return path if path and Path(path).exists() else None


def find_chromium() -> str | None:
    """``CHROMIUM_PATH``, then Debian's ``/usr/bin/chromium`` (or ``chromium`` on PATH), then Playwright's own."""
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return _playwright_chromium()


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site; a missing file gets ``404.html`` with status 404; no request log."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a thread; yields the base URL ending in ``/``."""
    handler = functools.partial(_SiteHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the whole session."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "Geen Chromium gevonden voor de browsertests: zet CHROMIUM_PATH, installeer Debian's "
            "'chromium' (/usr/bin/chromium) of voer 'playwright install chromium' uit."
        )
        if _is_ci():
            pytest.fail(message + " (CI=true: de browsertests zijn verplicht)", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """One Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _session_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page(_session_page: Any) -> Any:
    """The session's one page, reset to a light desktop view (tests may change both)."""
    _session_page.set_viewport_size(DESKTOP)
    _session_page.emulate_media(color_scheme="light")
    return _session_page


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots are written as test artifacts (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Iterator[Any]:
    """A page of its own whose every document gets axe-core before its scripts run (faster than injecting it)."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    context.add_init_script(script=axe_source())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
