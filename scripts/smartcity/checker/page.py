"""One Markdown file of the site, read and taken apart once: front matter, masked body, links, tags, ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..frontmatter import Split, split
from ..model import PageType
from . import fmyaml
from .anchors import page_ids
from .context import Context
from .markdown_scan import LineIndex, Link, Tag, UndefinedRef, autolinks, html_tags, markdown_links, mask
from .sources import ReadResult, read_text

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - named like the functools descriptor it replaces
    """``functools.cached_property`` without its lock (Python 3.11 takes an ``RLock`` on every first access).

    A page is only ever used by one thread; eleven properties times thousands of
    pages made the lock a measurable part of a run. Like the original it is a
    non-data descriptor: after the first access the value in the instance's
    ``__dict__`` is found without calling it.
    """

    def __init__(self, function: Callable[[Any], T]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass
class Page:
    """A page of ``docs/``. ``text`` is ``None`` when the file could not be read (see ``problem``)."""

    path: Path
    rel: str  # relative to docs/, forward slashes
    display: str  # relative to the repository root, for findings
    ctx: Context = field(repr=False)
    preloaded: ReadResult | None = field(default=None, repr=False)

    @cached_property
    def problem(self) -> ReadResult:
        """The text of the file, or why it could not be read; the file is read on first use, once."""
        return self.preloaded if self.preloaded is not None else read_text(self.path)

    @property
    def text(self) -> str | None:
        return self.problem.text

    @cached_property
    def page_type(self) -> PageType | None:
        """The type whose folder holds this page, if it is a content page."""
        parts = self.rel.split("/")
        if len(parts) < 2 or parts[-1] == "index.md":
            return None
        return self.ctx.model.type_for_folder(parts[0])

    @property
    def is_content(self) -> bool:
        return self.page_type is not None

    @cached_property
    def parts(self) -> Split:
        return split(self.text or "")

    @cached_property
    def front_matter(self) -> fmyaml.FrontMatter | None:
        """The parsed front matter; ``None`` when there is none or it is not closed."""
        parts = self.parts
        if parts.yaml_text is None or not parts.closed:
            return None
        return fmyaml.parse(parts.yaml_text, parts.yaml_first_line)

    def meta(self, key: str) -> Any:
        """The value of a top-level front-matter key, or ``None``."""
        fm = self.front_matter
        entry = fm.entries.get(key) if fm else None
        return entry.value if entry else None

    @cached_property
    def body(self) -> str:
        return self.parts.body

    @cached_property
    def masked(self) -> str:
        return mask(self.body)

    @cached_property
    def index(self) -> LineIndex:
        return LineIndex(self.body, self.parts.body_first_line)

    @cached_property
    def _links(self) -> tuple[list[Link], list[UndefinedRef]]:
        return markdown_links(self.masked)

    @cached_property
    def links(self) -> list[Link]:
        """Markdown links, images, reference definitions and autolinks."""
        return self._links[0] + autolinks(self.masked)

    @property
    def undefined_refs(self) -> list[UndefinedRef]:
        return self._links[1]

    @cached_property
    def tags(self) -> list[Tag]:
        return html_tags(self.masked) if "<" in self.masked else []

    @cached_property
    def ids(self) -> set[str]:
        ctx = self.ctx
        return page_ids(self.masked, self.body, self.tags, ctx.slugify, ctx.separator, ctx.smart_symbols)

    def release(self) -> None:
        """Forget what was read and computed (text, masked body, links, …); it is computed again if asked.

        A checked page keeps only its small results, so memory stays flat however large
        the site is, and the run stays as fast per page on a large site as on a small one.
        """
        fields = self.__dataclass_fields__
        for name in [name for name in self.__dict__ if name not in fields]:
            del self.__dict__[name]

    def at(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset in the body."""
        return self.index.at(offset)


def load_page(path: Path, ctx: Context) -> Page:
    """The page at ``path``; the file itself is read lazily (in the worker process that checks it)."""
    rel = path.relative_to(ctx.docs_dir).as_posix()
    return Page(path, rel, ctx.display(path), ctx)


def load_pages(rels: list[str], ctx: Context) -> list[Page]:
    """The pages at ``rels`` (relative to docs/), as ``load_page`` makes them, with less path arithmetic."""
    docs = ctx.docs_dir
    base = ctx.display(docs)
    if base.startswith("../") or Path(base).is_absolute() or "\\" in base:  # docs/ outside the repository
        return [load_page(docs / rel, ctx) for rel in rels]
    prefix = "" if base == "." else base + "/"
    top = str(docs)
    return [Page(Path(f"{top}/{rel}"), rel, prefix + rel, ctx) for rel in rels]
