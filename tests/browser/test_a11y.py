"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, in the light and the dark scheme.

axe-core comes bundled with the pinned ``axe-playwright-python`` package, so
the test runs offline. The page with the search results open is checked in test_search.py
(test_no_axe_violations_with_header_results_open), once.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import PAGE_TYPES
from .helpers import SCHEMES, axe_violations, describe, open_page, set_scheme

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(axe_page: Any, base_url: str, kind: str, scheme: str) -> None:
    page = axe_page
    page.emulate_media(color_scheme=scheme)
    open_page(page, base_url, PAGE_TYPES[kind])
    set_scheme(page, scheme)
    violations = axe_violations(page)
    assert not violations, f"{kind} ({scheme}):\n{describe(violations)}"
