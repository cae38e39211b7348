"""Search as a person uses it: press ``/``, type a Dutch word key by key, find the right pages.

Accents are optional: the search_folding hook adds accent-free forms to the
index, so "cooperatie" finds the page that says "Coöperatie".
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import open_page, search

pytestmark = pytest.mark.browser

TUSSENRUIMTE = "/lessen/tussenruimte-organiseren/"

CASES = [
    ("cooperatie", [TUSSENRUIMTE]),
    ("coöperatie", [TUSSENRUIMTE]),
    ("ideeen", [TUSSENRUIMTE]),
    ("ideeën", [TUSSENRUIMTE]),
    ("geinspireerd", ["/lessen/kennisdelen-met-pitches-en-workshops/"]),
    ("geïnspireerd", ["/lessen/kennisdelen-met-pitches-en-workshops/"]),
    ("tussenruimte", [TUSSENRUIMTE]),
    ("aanbesteden", ["/meetups/g5-meetups-digitale-steden-agenda/", "/themas/aanbesteden/"]),
    ("Utrecht", ["/steden/utrecht/", "/interviews/brigitte-hulscher-utrecht/"]),
    ("Hanke", ["/lessen/lessen-van-hanke-nijman/"]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_query_finds_expected_pages(page: Any, base_url: str, query: str, expected: list[str]) -> None:
    open_page(page, base_url, "")
    found = search(page, query)
    for path in expected:
        assert path in found, f"zoeken op {query!r} vindt {path} niet; gevonden: {found}"


def test_search_opens_with_slash_and_closes_with_escape(page: Any, base_url: str) -> None:
    open_page(page, base_url, "lessen/")
    search(page, "tussenruimte")
    page.keyboard.press("Escape")
    assert not page.locator("input.md-search__input").evaluate("el => el === document.activeElement")
