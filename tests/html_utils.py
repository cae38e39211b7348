"""Tiny HTML helpers for the tests (standard library only)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import ClassVar


class Elements(HTMLParser):
    """Collects every start tag as (tag, attrs, classes of open ancestors)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self._stack: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        ancestors = tuple(cls for _, cls in self._stack)
        self.found.append((tag, attributes, ancestors))
        if tag not in self.VOID:
            self._stack.append((tag, attributes.get("class", "")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break


def elements(html: str) -> list[tuple[str, dict[str, str], tuple[str, ...]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def listing_links(html: str) -> list[str]:
    """The hrefs of the links that are the first link of an item in a generated listing (in order)."""
    return [
        attrs["href"]
        for tag, attrs, ancestors in elements(html)
        if tag == "a" and any("scl-listing" in cls.split() for cls in ancestors) and "href" in attrs
    ]
