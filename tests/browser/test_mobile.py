"""At phone width (375 x 812) no page scrolls sideways; screenshots of key pages, desktop and mobile.

Screenshots go to ``test-artifacts/screenshots/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import DESKTOP, MOBILE, PAGE_TYPES
from .helpers import open_page, search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_sideways_scroll_on_a_phone(page: Any, base_url: str, kind: str) -> None:
    page.set_viewport_size(MOBILE)
    open_page(page, base_url, PAGE_TYPES[kind])
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{kind}: pagina is {widths[0]} px breed bij een scherm van {widths[1]} px"


SHOTS = {"home": "", "les": "lessen/tussenruimte-organiseren/", "thema": "themas/aanbesteden/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("mobiel", MOBILE)])
def test_screenshots(
    page: Any, base_url: str, screenshots: Path, device: str, viewport: dict[str, int], scheme: str
) -> None:
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    written = []
    for name, path in SHOTS.items():
        open_page(page, base_url, path)
        target = screenshots / f"{name}-{device}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        written.append(target)
    open_page(page, base_url, "")
    search(page, "aanbesteden")
    target = screenshots / f"zoeken-{device}-{scheme}.png"
    page.screenshot(path=str(target))
    written.append(target)
    for target in written:
        assert target.stat().st_size > 1000, target
