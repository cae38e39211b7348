"""In a real browser, the hostile pages that the build publishes stay inert, on their own page and in the listings.

The site is built with every corpus page that is expected to be published inert
(``tests/hostile/manifest.yml``, ``expect: inert``) and served on 127.0.0.1.
Each payload would set ``window.__pwned``, open a dialog or load something from
another host; on each page every element also gets the events a reader causes
(mouseover, focus, toggle), so a handler that slipped into an attribute would run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from conftest import copy_project, mkdocs_build
from hostile.corpus import FOLDER, PAYLOAD_GLOBAL, cases, install

from .conftest import DESKTOP, serve
from .helpers import open_page

pytestmark = pytest.mark.browser

INERT = cases("inert")
LISTINGS = ["", f"{FOLDER}/", "themas/open-data/", "steden/utrecht/", "themas/matrix/"]
LOCAL_SCHEMES = {"data", "blob", "about"}
# Fire what a reader's mouse and keyboard would fire on every element, and open every <details>.
PROVOKE = """() => {
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (el.tagName === 'DETAILS') el.open = !el.open;
  }
}"""
INLINE_HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => a.name.startsWith('on')).map(a => `<${el.localName} ${a.name}>`))"""
SCRIPT_LINKS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]
  .map(el => el.href || el.src || el.action || el.formAction || '')
  .filter(url => /^(javascript|vbscript|data):/i.test(url))"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with the inert corpus pages, built strictly and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("hostile-site")
    config = copy_project(root)
    install(INERT, root / "docs")
    result = mkdocs_build(config, root / "site")
    if result.returncode != 0:
        pytest.fail(f"de build met de onschadelijke vijandige pagina's faalde:\n{result.stderr}")
    with serve(Path(root / "site")) as url:
        yield url


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page that records every dialog (and dismisses it) and every request."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    yield page, dialogs, requests
    context.close()


@pytest.mark.parametrize("path", [c.url for c in INERT] + LISTINGS)
def test_no_payload_runs(hostile_url: str, watched: tuple[Any, list[str], list[str]], path: str) -> None:
    page, dialogs, requests = watched
    response = open_page(page, hostile_url, path)
    assert response is not None and response.status == 200, f"{path} is niet gepubliceerd"
    page.evaluate(PROVOKE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(f"() => typeof window.{PAYLOAD_GLOBAL}") == "undefined", f"code uit {path} is uitgevoerd"
    assert dialogs == [], f"{path} opende een dialoog: {dialogs}"
    assert page.evaluate(INLINE_HANDLERS) == []
    assert page.evaluate(SCRIPT_LINKS) == []
    foreign = [u for u in requests if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname != "127.0.0.1"]
    assert foreign == [], f"{path} vroeg iets op bij een andere host: {foreign}"


def test_the_listings_show_the_hostile_pages(hostile_url: str, watched: tuple[Any, list[str], list[str]]) -> None:
    """The listing checks above mean something only if the listings really show the corpus pages."""
    page, _, _ = watched
    open_page(page, hostile_url, f"{FOLDER}/")
    shown = page.evaluate("() => [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))")
    expected = {c.url.removeprefix(f"{FOLDER}/") for c in INERT}
    assert expected <= {href.removeprefix("./") for href in shown if href}, shown


# Pages that try to steer the theme's own scripts (issue 19.3): the strict build refuses them (tests/test_hostile.py);
# built as `make serve` does, the build publishes them cleaned (with the problems on the page). The theme must then
# load nothing from another host: no configuration read from the page (#__config), no Mermaid from a CDN, no search
# result that leaves the site.
THEME_STEERING = [c for c in cases("refused") if c.name in {"id-config.md", "class-mermaid.md", "heading-theme-id.md"}]
THEME_STEERING += [c for c in cases("refused") if c.name in {"class-md-attr-list.md", "pagefind-meta.md"}]


# Builds argv[1] into argv[2] as `mkdocs serve` does (the hook then publishes a page with problems cleaned).
SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=False)
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
"""


@pytest.fixture(scope="module")
def steering_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("steering-site")
    config = copy_project(root)
    install(THEME_STEERING, root / "docs")
    command = [sys.executable, "-c", SERVE_BUILD, str(config), str(root / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env, check=False, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"de build zoals make serve met de pagina's die het thema sturen faalde:\n{result.stderr}")
    with serve(Path(root / "site")) as url:
        yield url


@pytest.mark.parametrize("case", THEME_STEERING, ids=lambda c: c.name)
def test_theme_steering_pages_load_nothing_from_another_host(
    steering_url: str, watched: tuple[Any, list[str], list[str]], case: Any
) -> None:
    assert len(THEME_STEERING) == 5
    page, dialogs, requests = watched
    response = open_page(page, steering_url, case.url)
    assert response is not None and response.status == 200, f"{case.url} is niet gepubliceerd"
    page.evaluate(PROVOKE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).base") in {"../..", "/"}
    assert page.evaluate("() => document.querySelectorAll('pre.mermaid, [data-pagefind-meta^=url]').length") == 0
    assert page.evaluate(f"() => typeof window.{PAYLOAD_GLOBAL}") == "undefined"
    assert dialogs == []
    foreign = [u for u in requests if urlparse(u).scheme not in LOCAL_SCHEMES and urlparse(u).hostname != "127.0.0.1"]
    assert foreign == [], f"{case.url} vroeg iets op bij een andere host: {foreign}"
