"""A visit loads nothing from any host but the site's own (127.0.0.1): no fonts, CDNs or trackers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from .conftest import PAGE_TYPES
from .helpers import open_page, search

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def test_pages_request_only_the_site_itself(page: Any, base_url: str) -> None:
    requests: list[str] = []

    def record(request: Any) -> None:
        requests.append(request.url)

    page.on("request", record)
    try:
        for path in PAGE_TYPES.values():
            open_page(page, base_url, path)
        search(page, "coöperatie")  # Pagefind's worker loads its index and WebAssembly
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("request", record)
    foreign = [
        url for url in requests if urlparse(url).scheme not in LOCAL_SCHEMES and urlparse(url).hostname != "127.0.0.1"
    ]
    assert requests, "geen enkel verzoek vastgelegd"
    assert not foreign, f"verzoeken naar andere hosts: {foreign}"
