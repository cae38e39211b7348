"""Site-level warnings: duplicate titles, orphan content pages, pages due for a content review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from .findings import Finding
from .frontmatter_rules import as_date
from .page import Page


def _entry_position(page: Page, key: str) -> tuple[int, int]:
    fm = page.front_matter
    entry = fm.entries.get(key) if fm else None
    return (entry.line, entry.column) if entry else (1, 1)


def duplicate_titles(pages: Iterable[Page]) -> Iterator[Finding]:
    """Every page whose ``title`` another page also has (compared case-insensitively)."""
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        title = page.meta("title")
        if isinstance(title, str) and title.strip():
            by_title[" ".join(title.split()).casefold()].append(page)
    for same in by_title.values():
        if len(same) < 2:
            continue
        for page in same:
            others = ", ".join(p.display for p in same if p is not page)
            line, column = _entry_position(page, "title")
            yield Finding(
                page.display,
                line,
                column,
                "site-duplicate-title",
                f'De titel "{page.meta("title")}" staat ook op {others}. Geef elke pagina een eigen titel, '
                "zodat lezers ze in lijsten en zoekresultaten uit elkaar houden.",
            )


def _listing_specs(pages: Iterable[Page]) -> list[dict[str, Any]]:
    specs = []
    for page in pages:
        listing = page.meta("listing")
        if isinstance(listing, dict):
            specs.append(listing)
        elif "<!-- listing -->" in page.body or "<!--listing-->" in page.body:
            specs.append({})
    return specs


def _is_listed(page: Page, specs: list[dict[str, Any]]) -> bool:
    model = page.ctx.model
    tags = page.meta("tags")
    cities = page.meta("cities")
    tags = tags if isinstance(tags, list) else []
    cities = cities if isinstance(cities, list) else []
    if any(tag in model.themes for tag in tags if isinstance(tag, str)):
        return True  # every theme page lists the pages with that theme
    for spec in specs:
        if not spec:
            return True
        if spec.get("theme") in tags or spec.get("city") in cities:
            return True
        if page.page_type and spec.get("type") == page.page_type.name:
            return True
    return False


def orphans(pages: list[Page], linked: set[str]) -> Iterator[Finding]:
    """Content pages that no other page links to and no listing shows."""
    specs = _listing_specs(pages)
    for page in pages:
        if page.is_content and page.text is not None and page.rel not in linked and not _is_listed(page, specs):
            yield Finding(
                page.display,
                1,
                1,
                "site-orphan",
                "Geen enkele pagina linkt naar deze pagina en ze staat in geen enkele lijst. Geef de "
                "pagina minstens één geldig thema (tags), of link ernaar vanaf een verwante pagina.",
            )


def review_due(pages: Iterable[Page], today: dt.date, period_days: int) -> Iterator[Finding]:
    """Content pages whose ``reviewed`` (or else ``date``) is older than the review period."""
    for page in pages:
        if not page.is_content or page.front_matter is None:
            continue
        key = "reviewed" if as_date(page.meta("reviewed")) else "date"
        when = as_date(page.meta(key))
        if when is None or when > today:
            continue
        age = (today - when).days
        if age > period_days:
            line, column = _entry_position(page, key)
            yield Finding(
                page.display,
                line,
                column,
                "site-review-due",
                f"De pagina is {age} dagen geleden voor het laatst gecontroleerd ({when.isoformat()}); "
                f"dat moet elke {period_days} dagen. Lees de pagina na, werk hem bij en zet de datum "
                f"van vandaag in het veld reviewed.",
            )
