"""Every Markdown page of ``docs/``, read before any page is rendered: front matter, findings, records, lists.

The build hook reads the whole folder in MkDocs' ``on_files`` event, as Material's blog plugin resolves all its posts
there: so every record (lesson, interview, meetup) is known before the first page renders, and every listing, count,
matrix cell and related link can be made in the page's own rendering step. The same validator as the checker reads
the front matter (``smartcity.validate.check_text``), with the same loader MkDocs uses.

This module also plans the pages the build makes itself (:func:`list_pages`): a theme or place without a page of its
own, page 2 onwards of a long list, and one page per theme x place cell of the matrix. The hook hands them to MkDocs
as generated files, so MkDocs renders them like any other page.

Cost: reading and validating the front matter of 3,000 synthetic lessons takes about 0.3 s on the project's 2-core
machine (``benchmarks/bench_build.py`` builds such a site).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import frontmatter, listings
from .findings import Finding
from .model import ContentModel
from .pages import (
    MARKER_LIKE_RE,
    Marker,
    PageRecord,
    facet_src,
    facets,
    newest_first,
    page_type_of,
    page_url,
    paged_src,
    read_marker,
    record_from_meta,
)
from .rules import Message, message
from .validate import check_text, file_name_finding

# Rules whose finding means the front matter could not be read at all. MkDocs then renders the whole file, front
# matter included, as Markdown; the build renders nothing of it instead (one clear finding, no follow-on noise).
UNREADABLE_RULES = ("fm-unclosed", "fm-yaml", "fm-not-mapping")


@dataclass(frozen=True)
class SourcePage:
    """One Markdown page of ``docs/`` as the build reads it before rendering.

    ``findings`` are those of its front matter and file name. ``record`` is set for a valid lesson,
    interview or meetup. ``own_list`` is the filter of the page's own list (``<!-- listing -->``) when it has one.
    """

    src: str
    title: str
    description: str
    findings: tuple[Finding, ...] = ()
    readable: bool = True
    record: PageRecord | None = None
    markers: tuple[Marker, ...] = ()
    own_list: Mapping[str, str] | None = None
    # The file line where MkDocs' ``page.markdown`` starts: after the front matter and the blank lines MkDocs drops.
    markdown_line: int = 1


def _own_list_filter(
    src: str, values: Mapping[str, Any], facet_of: Mapping[str, tuple[str, str]]
) -> dict[str, str] | None:
    """What the page's own list shows: its ``listing:`` front matter, else the theme, place or type it is about."""
    listing = values.get("listing")
    if isinstance(listing, Mapping):
        return {str(key): str(value) for key, value in listing.items()}
    facet = facet_of.get(src)
    if facet is None:
        return None
    kind, value = facet
    return {kind: value}


def _first_heading(body: str) -> str:
    """The text of the first ``# `` heading of a Markdown body, or an empty string."""
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip()
    return ""


def read_page(
    text: str,
    src: str,
    model: ContentModel,
    today: dt.date,
    display_root: str = "docs",
    facet_of: Mapping[str, tuple[str, str]] | None = None,
) -> SourcePage:
    """Read and validate one page (``text`` with ``\\n`` newlines, as MkDocs reads it).

    ``facet_of`` is :func:`smartcity.pages.facets` of the model, when the caller has it already.
    """
    if facet_of is None:
        facet_of = facets(model)
    values, field_findings = check_text(text, src, model, today)
    part = frontmatter.split(text)
    unreadable = any(f.rule in UNREADABLE_RULES and not values for f in field_findings) or not part.closed
    positions = frontmatter.Positions(part.yaml_text or "")
    display_path = f"{display_root}/{src}"
    findings = [field_finding.placed(display_path, positions) for field_finding in field_findings]
    name_finding = file_name_finding(src, display_path)
    if name_finding is not None:
        findings.append(name_finding)

    record = None
    if not findings and isinstance(values, dict):
        record = record_from_meta(values, src, model)

    markers: tuple[Marker, ...] = ()
    own_list = None
    if not unreadable:
        own_list = _own_list_filter(src, values, facet_of)
        if "<!--" in part.body:  # most pages have no HTML comment at all: skip the line scan
            marker_lines = MARKER_LIKE_RE.findall(part.body)
            markers = tuple(read_marker(line, own_list is not None) for line in marker_lines)
        if not any(marker.kind is None and not marker.error for marker in markers):
            own_list = None

    title = values.get("title") if isinstance(values.get("title"), str) else ""
    description = values.get("description") if isinstance(values.get("description"), str) else ""
    return SourcePage(
        src=src,
        title=title or _first_heading(part.body),
        description=description,
        findings=tuple(findings),
        readable=not unreadable,
        record=record,
        markers=markers,
        own_list=own_list,
        markdown_line=_markdown_line(part),
    )


def _markdown_line(part: frontmatter.Split) -> int:
    """MkDocs (``mkdocs.utils.meta.get_data``) drops the newlines right after the front matter from the body."""
    if part.yaml_text is None:
        return part.body_line
    return part.body_line + len(part.body) - len(part.body.lstrip("\n"))


MAX_BYTES = 2 * 1024 * 1024  # a page of more than 2 MB is not a page


@dataclass(frozen=True)
class Unreadable:
    """Why a file cannot be checked: a rule id, a Dutch message and the line it is about."""

    rule: str
    message: str
    line: int = 1


def read_text(path: Path) -> str | Unreadable:
    """The text of ``path`` as MkDocs reads it (UTF-8, BOM dropped, newlines ``\\n``), or why not; never raises.

    The one reader of a page for the build and the checker, so that both refuse the same files.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return Unreadable(Message.FILE_UNREADABLE, message(Message.FILE_UNREADABLE, reason=exc.strerror or exc))
    # Checked in this order because a huge file may also be binary, and the size is the useful thing to say then.
    if len(data) > MAX_BYTES:
        return Unreadable(Message.FILE_TOO_LARGE, message(Message.FILE_TOO_LARGE, size=MAX_BYTES // 2**20))
    if not data.strip():
        return Unreadable(Message.FILE_EMPTY, message(Message.FILE_EMPTY))
    if b"\x00" in data:
        return Unreadable(Message.FILE_BINARY, message(Message.FILE_BINARY))
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        return Unreadable(Message.FILE_ENCODING, message(Message.FILE_ENCODING), data[: exc.start].count(b"\n") + 1)


@dataclass
class Catalog:
    """Every Markdown page of ``docs/`` (by ``src``) and the records of the valid content pages, newest first."""

    pages: dict[str, SourcePage] = field(default_factory=dict)
    records: list[PageRecord] = field(default_factory=list)


def read_catalog(
    docs_dir: Path,
    srcs: Iterable[str],
    model: ContentModel,
    today: dt.date,
    display_root: str = "docs",
    cache: dict[str, tuple[Any, SourcePage]] | None = None,
) -> Catalog:
    """Read every page ``srcs`` (docs-relative) under ``docs_dir``.

    ``cache`` (src -> (file state, page)), kept between the rebuilds of ``make serve``, saves reading the pages whose
    file did not change since (same size, modification time and day); the caller empties it when the model changes.
    """
    catalog = Catalog()
    facet_of = facets(model)
    for src in srcs:
        path = docs_dir / src
        status = path.stat()
        state = (status.st_size, status.st_mtime_ns, today, display_root)
        cached = cache.get(src) if cache is not None else None
        if cached is not None and cached[0] == state:
            page = cached[1]
        else:
            text = read_text(path)
            if isinstance(text, Unreadable):
                finding = Finding(f"{display_root}/{src}", text.line, 1, text.rule, text.message)
                page = SourcePage(src, title="", description="", findings=(finding,), readable=False)
            else:
                page = read_page(text, src, model, today, display_root, facet_of)
            if cache is not None:
                cache[src] = (state, page)
        catalog.pages[src] = page
        if page.record is not None:
            catalog.records.append(page.record)
    catalog.records = newest_first(catalog.records)
    return catalog


def out_of_nav(src: str, model: ContentModel, facet_of: Mapping[str, tuple[str, str]] | None = None) -> bool:
    """Pages kept out of the navigation: lessons, interviews, meetups and the pages of single themes and places.

    In the sidebar they would put every page and every place into every page's HTML, so page size and build time
    would grow with the site; they are found through the listings, the home page and search instead.
    """
    if page_type_of(src, model) is not None:
        return True
    if facet_of is None:
        facet_of = facets(model)
    kind, _ = facet_of.get(src, ("", ""))
    return kind in ("theme", "city")


@dataclass(frozen=True)
class ListPage:
    """One page of a list: page ``number`` of the list first shown on ``first_src``, at ``src``."""

    src: str
    first_src: str
    title: str
    description: str
    spec: Mapping[str, str]
    entries: Sequence[PageRecord]
    number: int
    urls: tuple[str, ...]

    @property
    def pager(self) -> dict[str, Any]:
        """What ``partials/scl/listing.html`` needs to draw the links between the pages of the list."""
        return {"number": self.number, "pages": list(self.urls)}


def _paged(
    first_src: str, title: str, description: str, spec: Mapping[str, str], records: Sequence[PageRecord]
) -> list[ListPage]:
    chunks = listings.chunks(listings.select(records, spec))
    urls = tuple(page_url(paged_src(first_src, number)) for number in range(1, len(chunks) + 1))
    result = []
    for number, entries in enumerate(chunks, start=1):
        page_title = title
        if number > 1:
            page_title = f"{title} (pagina {number})"
        src = paged_src(first_src, number)
        result.append(ListPage(src, first_src, page_title, description, spec, entries, number, urls))
    return result


def cell_title(theme: str, city: str) -> str:
    """The title of a cell page of the matrix: ``Open data – Utrecht``."""
    return f"{theme} – {city}"


def list_pages(catalog: Catalog, model: ContentModel) -> dict[str, ListPage]:
    """Every page of every list, by ``src``: the pages' own lists, the missing theme and place pages, the cells.

    A list page whose ``src`` is not in the catalog is one the build makes (MkDocs only renders files that exist).
    """
    records = catalog.records
    result: dict[str, ListPage] = {}
    for src, page in catalog.pages.items():
        if page.own_list is not None:
            for list_page in _paged(src, page.title, page.description, page.own_list, records):
                result[list_page.src] = list_page
    for src, (kind, value) in facets(model).items():
        if kind != "type" and src not in catalog.pages:
            description = f"Alle lessen, interviews en meetups bij {value}."
            for list_page in _paged(src, value, description, {kind: value}, records):
                result[list_page.src] = list_page
    matrix = listings.matrix(records, model)
    for theme, _, cells in matrix.rows:
        for (count, _), (city, _) in zip(cells, matrix.cities, strict=True):
            if count:
                src = listings.cell_src(theme, city)
                description = f"Pagina's over {theme} in {city}."
                for list_page in _paged(
                    src, cell_title(theme, city), description, {"theme": theme, "city": city}, records
                ):
                    result[list_page.src] = list_page
    return result


def facet_url(kind: str, value: str, model: ContentModel) -> str:
    """The URL of the page of one theme, place or type."""
    return page_url(facet_src(kind, value, model))


def _nav_files(nav: Any) -> list[str]:
    """The pages named in a ``nav`` (mkdocs.yml): strings at any depth of lists and ``{title: ...}`` mappings."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, Mapping):
        return [src for child in nav.values() for src in _nav_files(child)]
    if isinstance(nav, list):
        return [src for child in nav for src in _nav_files(child)]
    return []


def nav_with_types(nav: list[Any], model: ContentModel) -> list[Any]:
    """``nav`` (mkdocs.yml) with a section for every page type whose index page it does not name.

    A new page type is then one entry in the content model, its template and its index page: its section (titled
    with the type's ``plural``) comes after the last section that holds a type's index page, or, when there is none,
    before the first section of ``nav``. The checker and the build both use this, so they agree on what is in the nav.
    """
    named = set(_nav_files(nav))
    type_pages = {f"{page_type.folder}/index.md": page_type for page_type in model.types.values()}
    missing = [{page_type.plural: [src]} for src, page_type in type_pages.items() if src not in named]
    if not missing:
        return list(nav)
    holds_a_type = [index for index, entry in enumerate(nav) if set(_nav_files(entry)) & set(type_pages)]
    if holds_a_type:
        position = holds_a_type[-1] + 1
    else:
        sections = [index for index, entry in enumerate(nav) if isinstance(entry, Mapping) and _is_section(entry)]
        position = sections[0] if sections else len(nav)
    return [*nav[:position], *missing, *nav[position:]]


def _is_section(entry: Mapping[str, Any]) -> bool:
    return any(isinstance(value, list) for value in entry.values())


def nav_pages(nav: list[Any] | None, model: ContentModel) -> list[str]:
    """Every page the navigation holds once :func:`nav_with_types` has added the page types' sections."""
    return _nav_files(nav_with_types(list(nav or []), model))
