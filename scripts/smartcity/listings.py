"""What the listing templates show, computed from page records: a selection, its pages, counts, the matrix.

Material's tag listings are grouped by tag and sorted by title, and MkDocs cannot page a list; the site wants flat
lists, newest first, at most ``PAGE_SIZE`` entries an HTML page, so that no page grows with the site. The HTML is made
by the Jinja templates in ``overrides/partials/scl/``; this module only chooses and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import ContentModel
from .pages import PAGE_SIZE, PageRecord, facet_src, page_url
from .text import slugify

Spec = Mapping[str, str]  # {"theme": …, "city": …, "type": …}, any combination; {} means every page


def select(records: Sequence[PageRecord], spec: Spec) -> list[PageRecord]:
    """The records that match every part of ``spec``, in the order given (newest first)."""
    theme, city, page_type = spec.get("theme"), spec.get("city"), spec.get("type")
    return [
        r
        for r in records
        if (theme is None or theme in r.tags)
        and (city is None or city in r.cities)
        and (page_type is None or page_type == r.type)
    ]


def chunks(records: Sequence[PageRecord], size: int = PAGE_SIZE) -> list[Sequence[PageRecord]]:
    """``records`` cut into listing pages; an empty list is one empty page."""
    return [records[i : i + size] for i in range(0, len(records), size)] or [records]


def counts(records: Sequence[PageRecord], kind: str, model: ContentModel) -> list[tuple[str, int, str]]:
    """Every theme (``kind="theme"``) or place (``"city"``) with its number of pages and its page's URL."""
    if kind == "theme":
        found = Counter(theme for record in records for theme in record.tags)
        names = model.themes
    else:
        found = Counter(city for record in records for city in record.cities)
        names = model.cities
    return [(name, found[name], page_url(facet_src(kind, name, model))) for name in names]


def cell_src(theme: str, city: str) -> str:
    """The page that lists the pages of one theme in one place (a cell of the matrix)."""
    return f"themas/matrix/{slugify(theme)}--{slugify(city)}.md"


@dataclass(frozen=True)
class Matrix:
    """Places that have pages (columns, with URLs), and per theme its URL and (count, cell URL) per place."""

    cities: list[tuple[str, str]]
    rows: list[tuple[str, str, list[tuple[int, str]]]]


def matrix(records: Sequence[PageRecord], model: ContentModel) -> Matrix:
    pairs = Counter((theme, city) for r in records for theme in r.tags for city in r.cities)
    cities = [c for c in model.cities if any(pairs[t, c] for t in model.themes)]
    rows = [
        (t, page_url(facet_src("theme", t, model)), [(pairs[t, c], page_url(cell_src(t, c))) for c in cities])
        for t in model.themes
    ]
    return Matrix([(c, page_url(facet_src("city", c, model))) for c in cities], rows)
