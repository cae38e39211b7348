"""Read the content pages (lessons, interviews, meetups) of ``docs/`` into plain records.

Used by the build hooks (listings, exports) and the tests; independent of MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import as_date, load_meta
from .model import ContentModel
from .urls import page_url


@dataclass(frozen=True)
class ContentPage:
    """One content page's front matter, with its location in ``docs/``."""

    src: str  # path relative to docs/, with forward slashes
    title: str
    description: str
    date: dt.date
    type: str
    cities: tuple[str, ...]
    tags: tuple[str, ...]
    people: tuple[str, ...]
    source: dict[str, Any] | None
    reviewed: dt.date | None

    @property
    def url(self) -> str:
        """The page's URL relative to the site root, as MkDocs writes it (directory URLs)."""
        return page_url(self.src)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def content_files(model: ContentModel, docs_dir: Path | None = None) -> list[Path]:
    """Every content page file: the Markdown files in the type folders, except ``index.md``."""
    root = docs_dir or model.docs_dir
    files: list[Path] = []
    for page_type in model.types.values():
        folder = root / page_type.folder
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*.md") if p.name != "index.md")
    return sorted(files)


def read_page(path: Path, docs_dir: Path) -> ContentPage | None:
    """Read one content page; ``None`` when its front matter is unusable (the checker reports why)."""
    try:
        meta = load_meta(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # unreadable front matter: the checker reports why; listings skip the page
    date = as_date(meta.get("date"))
    if not meta.get("title") or date is None:
        return None
    source = meta.get("source")
    return ContentPage(
        src=path.relative_to(docs_dir).as_posix(),
        title=str(meta["title"]),
        description=str(meta.get("description") or ""),
        date=date,
        type=str(meta.get("type") or ""),
        cities=_as_tuple(meta.get("cities")),
        tags=_as_tuple(meta.get("tags")),
        people=_as_tuple(meta.get("people")),
        source=source if isinstance(source, dict) else None,
        reviewed=as_date(meta.get("reviewed")),
    )


def load_pages(model: ContentModel, docs_dir: Path | None = None) -> list[ContentPage]:
    """All readable content pages, newest first (then by title).

    Several build hooks ask for the pages in one build; the files are read and
    parsed once as long as none of them changed (name, size and mtime), so a
    rebuild in ``mkdocs serve`` still sees every edit.
    """
    root = docs_dir or model.docs_dir
    files = content_files(model, root)
    fingerprint = tuple((str(f), *_stamp(f)) for f in files)
    return list(_load(root, fingerprint))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _load(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> tuple[ContentPage, ...]:
    pages = [p for p in (read_page(Path(f), root) for f, *_ in fingerprint) if p]
    return tuple(sorted(pages, key=lambda p: (-p.date.toordinal(), p.title.casefold())))
