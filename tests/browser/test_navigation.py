"""Browsing by clicking: home -> theme -> lesson -> city, each step a link a visitor can see."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from .helpers import open_page

pytestmark = pytest.mark.browser


def _path(page: Any) -> str:
    return urlparse(page.url).path


def _heading(page: Any) -> str:
    """The page's h1 as a reader sees it, without the permalink sign."""
    return page.locator("h1").first.inner_text().replace("¶", "").strip()


def test_home_to_theme_to_lesson_to_city(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    themes = page.locator("article ul").filter(has=page.locator(".scl-count")).first  # the list of themes
    themes.get_by_role("link", name="Je kunt het niet alleen", exact=True).click()
    page.wait_for_load_state("load")
    assert _path(page) == "/themas/je-kunt-het-niet-alleen/"

    page.locator("article").get_by_role("link", name="Tussenruimte organiseren", exact=True).first.click()
    page.wait_for_load_state("load")
    assert _path(page) == "/lessen/tussenruimte-organiseren/"
    assert _heading(page) == "Tussenruimte organiseren"

    page.locator("article").get_by_role("link", name="Coöperatie Duurzaam Brabant", exact=True).first.click()
    page.wait_for_load_state("load")
    assert _path(page) == "/steden/cooperatie-duurzaam-brabant/"
    assert page.locator("article").get_by_role("link", name="Tussenruimte organiseren", exact=True).count() >= 1


def test_missing_page_answers_404_in_dutch(page: Any, base_url: str) -> None:
    response = open_page(page, base_url, "bestaat-niet/")
    assert response is not None and response.status == 404
    assert _heading(page) == "Pagina niet gevonden"
    assert page.title().startswith("Pagina niet gevonden")
    page.locator("article").get_by_role("link", name="startpagina").click()
    page.wait_for_load_state("load")
    assert _path(page) == "/"


def test_feed_is_announced_in_the_head(page: Any, base_url: str) -> None:
    open_page(page, base_url, "lessen/tussenruimte-organiseren/")
    href = page.locator('link[rel="alternate"][type="application/rss+xml"]').get_attribute("href")
    assert href is not None
    assert page.request.get(page.url.rsplit("/lessen/", 1)[0] + "/" + href.lstrip("./").lstrip("/")).ok
