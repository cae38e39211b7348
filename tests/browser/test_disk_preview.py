"""The editors' preview (``scripts/disk_preview.py``) opened the way an editor opens it: ``index.html`` from disk.

A small fixture site is built strictly, copied for browsing from disk, and opened in Chromium as ``file://``:
from the home page to a lesson and back by clicking, the search page shows the Dutch note, and no request goes
anywhere but ``file://`` (or an inline ``data:`` image).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitekit
from smartcity.disk_preview import make_preview

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

LESSON = "Open data in de wijk"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("voorbeeld")
    pages = {"lessen/open-data-in-de-wijk.md": sitekit.page_text(title=LESSON)}
    config = sitekit.make_project(root, pages)
    result = sitekit.build(config)
    assert result.returncode == 0, result.stderr[-3000:]
    target = root / "voorbeeld"
    made = make_preview(sitekit.site_dir(config), target)
    assert made.search_page
    return target


@pytest.fixture
def disk_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(10_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


def heading(page: Any) -> str:
    return page.locator("h1").first.inner_text().replace("¶", "").strip()


def test_home_to_lesson_and_back_from_disk(preview: Path, disk_page: tuple[Any, list[str]]) -> None:
    page, requests = disk_page
    home = (preview / "index.html").as_uri()
    page.goto(home)
    assert heading(page) == "Testsite"

    page.locator("article").get_by_role("link", name=LESSON, exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url == (preview / "lessen" / "open-data-in-de-wijk" / "index.html").as_uri()
    assert heading(page) == LESSON

    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_load_state("load")
    assert page.url == home
    assert heading(page) == "Testsite"

    page.locator(".md-nav").get_by_role("link", name="Lessen", exact=True).first.click()
    page.wait_for_load_state("load")
    assert page.url == (preview / "lessen" / "index.html").as_uri()

    outside = [url for url in requests if not url.startswith(("file://", "data:"))]
    assert outside == []
    assert any(url.endswith(".css") for url in requests)  # the styles loaded from disk too


def test_search_page_says_search_works_on_the_published_site(preview: Path, disk_page: tuple[Any, list[str]]) -> None:
    page, requests = disk_page
    page.goto((preview / "zoeken" / "index.html").as_uri())
    note = page.locator(".scl-preview-note")
    assert note.is_visible()
    assert "werkt wel op de gepubliceerde site" in " ".join(note.inner_text().split())
    note.get_by_role("link", name="Lessen").click()
    page.wait_for_load_state("load")
    assert page.url == (preview / "lessen" / "index.html").as_uri()
    assert not any("pagefind" in url for url in requests)
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
