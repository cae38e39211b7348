"""One Markdown file of ``docs/``, read once and taken apart on demand: front matter, masked body, links, ids."""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import Any

from .. import frontmatter
from ..catalog import Unreadable, read_text
from ..model import PageType
from ..pages import page_type_of
from ..validate import FieldFinding, check_text
from .anchors import page_ids
from .context import Context
from .markdown_scan import Link, Tag, UndefinedRef, autolinks, html_tags, markdown_links, mask, mask_code


class Page:
    """A page of ``docs/``; every part is computed on first use, once."""

    def __init__(self, rel: str, ctx: Context) -> None:
        self.rel = rel
        self.ctx = ctx
        self.path = ctx.docs_dir / rel
        self.display = ctx.display(self.path)

    @cached_property
    def text(self) -> str | Unreadable:
        return read_text(self.path)

    @cached_property
    def page_type(self) -> PageType | None:
        return page_type_of(self.rel, self.ctx.model)

    @cached_property
    def split(self) -> frontmatter.Split:
        assert isinstance(self.text, str)
        return frontmatter.split(self.text)

    @cached_property
    def checked(self) -> tuple[dict[str, Any], list[FieldFinding]]:
        """The front-matter values and every finding of the validator in them (read once)."""
        assert isinstance(self.text, str)
        return check_text(self.text, self.rel, self.ctx.model, self.ctx.today)

    @property
    def meta(self) -> dict[str, Any]:
        return self.checked[0]

    @cached_property
    def positions(self) -> frontmatter.Positions:
        return frontmatter.Positions(self.split.yaml_text or "")

    @cached_property
    def code_masked(self) -> str:
        """The body with code blanked out (same length): what Markdown renders as markup."""
        return mask_code(self.split.body)

    @cached_property
    def masked(self) -> str:
        """The body with code and HTML comments blanked out: where links and tags are."""
        return mask(self.code_masked)

    @cached_property
    def _links(self) -> tuple[list[Link], list[UndefinedRef]]:
        return markdown_links(self.masked)

    @property
    def links(self) -> list[Link]:
        """Markdown links, images, reference definitions and autolinks."""
        return self._links[0] + autolinks(self.masked)

    @property
    def undefined_refs(self) -> list[UndefinedRef]:
        return self._links[1]

    @cached_property
    def tags(self) -> list[Tag]:
        return html_tags(self.masked)

    @cached_property
    def ids(self) -> set[str]:
        return page_ids(self.masked, self.split.body, self.tags, self.ctx.slugify, self.ctx.separator, self.ctx.config)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(newline.end() for newline in re.finditer("\n", self.split.body))]

    def at(self, offset: int) -> tuple[int, int]:
        """File line and column of an offset in the body."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.split.body_line + index, offset - self._line_starts[index] + 1
