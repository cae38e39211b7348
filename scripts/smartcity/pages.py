"""The one page model: a content page as an immutable record, the one URL rule, and facet page paths.

A record is made from front-matter values by :func:`record_from_meta` — in the build from MkDocs' ``page.meta``, in
the tests from the file (``tests/conftest.py``: the same split and the same C loader MkDocs uses). Only values
that passed the validator (``smartcity.validate``) make a record, so templates and exports never meet a malformed value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import frontmatter
from .model import ContentModel, PageType
from .rules import Message, message
from .text import slugify

FACET_FOLDERS = {"theme": "themas", "city": "steden"}  # plus the type folders of the content model
PAGE_SIZE = 100  # entries per listing page (about 45 KB of HTML); later pages live at <page URL>pagina-N/

# The listing-marker grammar, for the build and the checker alike: "<!-- listing -->" (the page's own
# list: its facet, or its `listing:` front matter), "<!-- listing:newest 6 -->", ":themes", ":cities",
# ":matrix", ":model". Anything else that starts like a marker is reported, never silently dropped.
MARKER_KINDS = ("newest", "themes", "cities", "matrix", "model")
MARKER_RE = re.compile(r"<!--[ \t]*listing(?::(?P<kind>[a-z]+))?(?:[ \t]+(?P<count>\d{1,3}))?[ \t]*-->")
MARKER_LIKE_RE = re.compile(r"^[ \t]*<!--[ \t]*listing\b.*$", re.M | re.I)  # a line that looks like one


@dataclass(frozen=True)
class Marker:
    """A listing marker: its kind (``None``: the page's own list) and count, or why it is not one (Dutch)."""

    kind: str | None = None
    count: int | None = None
    error: str = ""


def read_marker(line: str, own_list: bool) -> Marker:
    """The marker on a line that :data:`MARKER_LIKE_RE` found; ``own_list``: the page says what its own list is."""
    found = MARKER_RE.fullmatch(line.strip())
    if found is None or (found["kind"] and found["kind"] not in MARKER_KINDS):
        kinds = ", ".join(f"<!-- listing:{kind} -->" for kind in MARKER_KINDS)
        return Marker(error=message(Message.FM_LISTING_MARKER, line=line.strip(), kinds=kinds))
    if found["kind"] is None and not own_list:
        return Marker(error=message(Message.FM_LISTING_OWN))
    count = None
    if found["count"]:
        count = int(found["count"])
    return Marker(found["kind"], count)


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A lesson, interview or meetup: its validated front matter and where it lives in ``docs/``."""

    src: str
    type: str
    title: str
    description: str
    date: dt.date
    cities: tuple[str, ...]
    tags: tuple[str, ...]
    people: tuple[str, ...] = ()
    source_title: str = ""
    source_url: str = ""
    reviewed: dt.date | None = None

    @property
    def url(self) -> str:
        return page_url(self.src)


def page_url(src: str) -> str:
    """Where MkDocs publishes ``src`` (directory URLs): ``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def src_of_url(url: str, directory: str = "") -> str:
    """The file a URL copied from a browser stands for: ``de-knop-moet-om/`` -> ``de-knop-moet-om.md``."""
    stem = url.strip("/")
    return f"{stem}.md" if stem else f"{directory}index.md"


def paged_src(src: str, number: int) -> str:
    """Page ``number`` of the listing on ``src``: page 1 is ``src`` itself, then ``<URL>pagina-N.md``."""
    return src if number == 1 else f"{page_url(src)}pagina-{number}.md"


def facet_src(kind: str, value: str, model: ContentModel) -> str:
    """The page listing one theme, city or type: ``themas/open-data.md``, ``steden/utrecht.md``, ``lessen/index.md``."""
    if kind == "type":
        return f"{model.types[value].folder}/index.md"
    return f"{FACET_FOLDERS[kind]}/{slugify(value)}.md"


def facets(model: ContentModel) -> dict[str, tuple[str, str]]:
    """Every facet page of the model: its ``src`` -> (kind, value)."""
    values = {"theme": model.themes, "city": model.cities, "type": model.types}
    return {facet_src(kind, value, model): (kind, value) for kind, names in values.items() for value in names}


def page_type_of(src: str, model: ContentModel) -> PageType | None:
    """The content type of ``src`` (a page in a type folder other than its ``index.md``), else ``None``."""
    folder, _, name = src.partition("/")
    if not name or name == "index.md" or "/" in name:
        return None
    return next((t for t in model.types.values() if t.folder == folder), None)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value)


def record_from_meta(meta: Mapping[str, Any], src: str, model: ContentModel) -> PageRecord | None:
    """The record of a content page from its (validated) front-matter values; ``None`` for other pages."""
    page_type = page_type_of(src, model)
    date = frontmatter.as_date(meta.get("date"))
    if page_type is None or date is None:
        return None
    source = meta.get("source") if isinstance(meta.get("source"), Mapping) else {}
    return PageRecord(
        src=src,
        type=page_type.name,
        title=str(meta.get("title") or ""),
        description=str(meta.get("description") or ""),
        date=date,
        cities=_strings(meta.get("cities")),
        tags=_strings(meta.get("tags")),
        people=_strings(meta.get("people")),
        source_title=str(source.get("title") or ""),
        source_url=str(source.get("url") or ""),
        reviewed=frontmatter.as_date(meta.get("reviewed")),
    )


def newest_first(records: list[PageRecord]) -> list[PageRecord]:
    """Records newest first, then by title: the order of every listing, the feed and the exports."""
    return sorted(records, key=lambda r: (-r.date.toordinal(), r.title.casefold()))
