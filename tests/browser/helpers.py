"""Small helpers shared by the browser tests: open a page, search as a person types, run axe-core."""

from __future__ import annotations

from importlib import resources
from typing import Any
from urllib.parse import urljoin, urlparse

# WCAG 2.1 levels A and AA, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # the device's colour scheme -> Material's palette


def set_scheme(page: Any, scheme: str) -> None:
    """Emulate the device's colour scheme and wait until Material has switched its palette to it."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s", arg=SCHEMES[scheme])


def open_page(page: Any, base_url: str, path: str) -> Any:
    """Go to ``path`` (relative to the site root) and wait until it is loaded; returns the response."""
    response = page.goto(urljoin(base_url, path), wait_until="load")
    page.wait_for_selector("main", state="attached")
    return response


def search(page: Any, query: str) -> list[str]:
    """Press ``/``, type ``query`` key by key into the search field in the header; the result links (paths)."""
    page.keyboard.press("/")
    field = page.locator("pagefind-searchbox input")
    field.wait_for(state="visible")
    field.press_sequentially(query, delay=40)
    items = page.locator(".scl-searchbox a.pf-searchbox-result")
    items.first.wait_for(state="visible")
    return [urlparse(href).path for href in items.evaluate_all("links => links.map(a => a.href)")]


def axe_source() -> str:
    """axe-core as bundled (offline) by the pinned ``axe-playwright-python`` package."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (loaded with :func:`axe_source`) on the current page for WCAG 2.1 A/AA; the violations.

    First every finite animation and transition ends: axe measures colours as drawn, so a header title still
    fading in would be judged by a colour between two (a contrast of 1.36, seen once in CI)."""
    settled = "a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity"
    page.wait_for_function(f"() => document.getAnimations().every({settled})")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary: rule, impact, help and the first few offending elements."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
