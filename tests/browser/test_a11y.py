"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page, in the light and the dark scheme.

axe-core comes bundled with the pinned ``axe-playwright-python`` package, so
the test runs offline. The page with the search results open is checked in test_search.py
(test_no_axe_violations_with_header_results_open), once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import DESKTOP, PAGE_TYPES
from .helpers import SCHEMES, axe_source, axe_violations, describe, open_page, set_scheme

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Iterator[Any]:
    """A page of its own whose every document gets axe-core before its scripts run (faster than injecting it)."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    context.add_init_script(script=axe_source())
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(axe_page: Any, base_url: str, kind: str, scheme: str) -> None:
    page = axe_page
    page.emulate_media(color_scheme=scheme)
    open_page(page, base_url, PAGE_TYPES[kind])
    set_scheme(page, scheme)
    violations = axe_violations(page)
    assert not violations, f"{kind} ({scheme}):\n{describe(violations)}"
