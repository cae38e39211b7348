"""Site-level warnings: duplicate titles, orphan content pages, pages due for a content review.

These rules look at all pages together, through ``PageFacts``: the few front-matter
values a site rule needs, small enough to pass between processes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..frontmatter import as_date
from ..model import ContentModel
from .findings import Finding
from .page import Page

_BARE_MARKERS = ("<!-- listing -->", "<!--listing-->")


@dataclass(frozen=True)
class PageFacts:
    """What the site rules need to know about one page."""

    rel: str
    display: str
    is_content: bool
    type_name: str | None
    values: dict[str, Any] = field(default_factory=dict)  # title, tags, cities, listing, date, reviewed
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    bare_listing: bool = False

    def position(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (1, 1))


def facts(page: Page) -> PageFacts | None:
    """The facts of a readable page; ``None`` when the file could not be read."""
    if page.text is None:
        return None
    fm = page.front_matter
    values: dict[str, Any] = {}
    positions: dict[str, tuple[int, int]] = {}
    for key in ("title", "tags", "cities", "listing", "date", "reviewed"):
        entry = fm.entries.get(key) if fm else None
        if entry is not None and entry.error is None:
            values[key] = entry.value
            positions[key] = (entry.line, entry.column)
    return PageFacts(
        rel=page.rel,
        display=page.display,
        is_content=page.is_content,
        type_name=page.page_type.name if page.page_type else None,
        values=values,
        positions=positions,
        bare_listing=any(marker in page.body for marker in _BARE_MARKERS),
    )


def duplicate_titles(pages: Iterable[PageFacts]) -> Iterator[Finding]:
    """Every page whose ``title`` another page also has (compared case-insensitively)."""
    by_title: dict[str, list[PageFacts]] = defaultdict(list)
    for page in pages:
        title = page.values.get("title")
        if isinstance(title, str) and title.strip():
            by_title[" ".join(title.split()).casefold()].append(page)
    for same in by_title.values():
        if len(same) < 2:
            continue
        for page in same:
            others = ", ".join(p.display for p in same if p is not page)
            line, column = page.position("title")
            yield Finding(
                page.display,
                line,
                column,
                "site-duplicate-title",
                f'De titel "{page.values["title"]}" staat ook op {others}. Geef elke pagina een eigen titel, '
                "zodat lezers ze in lijsten en zoekresultaten uit elkaar houden.",
            )


def _listing_specs(pages: Iterable[PageFacts]) -> list[dict[str, Any]]:
    specs = []
    for page in pages:
        listing = page.values.get("listing")
        if isinstance(listing, dict):
            specs.append(listing)
        elif page.bare_listing:
            specs.append({})
    return specs


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _is_listed(page: PageFacts, specs: list[dict[str, Any]], model: ContentModel) -> bool:
    tags = _strings(page.values.get("tags"))
    cities = _strings(page.values.get("cities"))
    if any(tag in model.themes for tag in tags):
        return True  # every theme page lists the pages with that theme
    for spec in specs:
        if not spec or spec.get("theme") in tags or spec.get("city") in cities:
            return True
        if page.type_name and spec.get("type") == page.type_name:
            return True
    return False


def orphans(pages: list[PageFacts], linked: set[str], model: ContentModel) -> Iterator[Finding]:
    """Content pages that no other page links to and no listing shows."""
    specs = _listing_specs(pages)
    for page in pages:
        if page.is_content and page.rel not in linked and not _is_listed(page, specs, model):
            yield Finding(
                page.display,
                1,
                1,
                "site-orphan",
                "Geen enkele pagina linkt naar deze pagina en ze staat in geen enkele lijst. Geef de "
                "pagina minstens één geldig thema (tags), of link ernaar vanaf een verwante pagina.",
            )


def review_due(pages: Iterable[PageFacts], today: dt.date, period_days: int) -> Iterator[Finding]:
    """Content pages whose ``reviewed`` (or else ``date``) is older than the review period."""
    for page in pages:
        if not page.is_content:
            continue
        key = "reviewed" if as_date(page.values.get("reviewed")) else "date"
        when = as_date(page.values.get(key))
        if when is None or when > today:
            continue
        age = (today - when).days
        if age > period_days:
            line, column = page.position(key)
            yield Finding(
                page.display,
                line,
                column,
                "site-review-due",
                f"De pagina is {age} dagen geleden voor het laatst gecontroleerd ({when.isoformat()}); "
                f"dat moet elke {period_days} dagen. Lees de pagina na, werk hem bij en zet de datum "
                "van vandaag in het veld reviewed.",
            )
