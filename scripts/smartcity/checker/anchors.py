"""Heading ids as the build makes them, without running MkDocs.

Python-Markdown's ``toc`` extension gives every heading an id: the slugify configured in ``mkdocs.yml`` applied to
the heading's text (after inline Markdown is rendered and tags are stripped), made unique with ``_1``, ``_2``;
a heading with ``{#id}`` (attr_list) keeps that id. Other ``{#id}`` attributes and HTML ``id="…"`` attributes are
link targets too.

One way to compute an id, the renderer's: a heading with any markup (code, a link, emphasis, an entity…) is rendered
by the build's own Python-Markdown setup and its ids are read from the HTML; a plain heading, the common case, gets
the renderer's own ``slugify`` and ``unique`` applied to its text, found by the regexes below. Why not render every
page: rendering the 1,000 pages of the synthetic site took 5.1 s, four times the whole checker (1.3 s), which must stay
under a tenth of the build (``benchmarks/bench_checker.py``). ``tests/test_checker_anchors.py`` compares these ids with
Python-Markdown's on pages of tricky headings, ``tests/test_checker_agrees_with_build.py`` with a real build's.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from markdown.extensions.toc import unique

from .html_rules import Slugify, render
from .markdown_scan import ATTR_LIST_ID_RE, FOOTNOTE_DEF_RE, Tag

_ATX = re.compile(r"^[ \t]*(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_MAY_START_HEADING = frozenset("# \t=-")  # first character of an ATX heading or a setext underline
_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|>|#|\||<|!!!|\?\?\?|===|[-=*_ \t]*$)")
_HEADER_ATTRS = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}#.]+)")
# Code, a link, tag, emphasis, escape or entity, or a smart symbol such as (c) or 1/2: text the renderer changes.
_MARKUP = re.compile(r"[`\[<*_\\&(/]")
_RENDERED_HEADING_ID = re.compile(r'<h[1-6]\b[^>]*? id="([^"]*)"')


def _split_attrs(text: str) -> tuple[str, str | None]:
    match = _HEADER_ATTRS.search(text) if "{" in text else None
    if not match:
        return text, None
    found = _ID_IN_ATTRS.search(match.group(1))
    return text[: match.start()], found.group(1) if found else None


def headings(masked: str, body: str) -> list[tuple[str, str | None]]:
    """(text, explicit id) of every ATX and setext heading, in order.

    Lines are found in the masked body (code blocks do not count), text in the original (code spans keep their text).
    """
    found: list[tuple[str, str | None]] = []
    lines = masked.split("\n")
    originals = body.split("\n")
    for index, line in enumerate(lines):
        if line[:1] not in _MAY_START_HEADING:  # most lines: text, so neither pattern can match
            continue
        masked_atx = _ATX.match(line) if "#" in line else None
        if masked_atx:
            original = originals[index]
            atx = masked_atx if original == line else _ATX.match(original)
            if atx:
                found.append(_split_attrs(atx.group("text") or ""))
            continue
        if index and _SETEXT.match(line) and lines[index - 1].strip():
            starts_block = index == 1 or not lines[index - 2].strip()
            if starts_block and not _NOT_PARAGRAPH.match(lines[index - 1]):
                found.append(_split_attrs(originals[index - 1].strip()))
    return found


@lru_cache(maxsize=4096)
def _slug(text: str, slugify: Slugify, separator: str) -> str:
    """The slug of a plain heading text, before it is made unique; headings such as "Bron" recur on many pages."""
    return slugify(text.strip(), separator)


def page_ids(
    masked: str, body: str, tags: list[Tag], slugify: Slugify, separator: str, config: dict[str, Any]
) -> set[str]:
    """Every id a link can point to on this page; ``config`` (``mkdocs.yml``) renders headings with markup."""
    ids: set[str] = set()
    if "{" in masked:  # attr_list ids ({#id}); most pages have none, so the regex runs only when one could match
        ids.update(match.group("id") for match in ATTR_LIST_ID_RE.finditer(masked))
    found = headings(masked, body)
    if any(_MARKUP.search(text) for text, _ in found):  # only the build's renderer knows what such a heading says
        ids.update(html.unescape(found_id) for found_id in _RENDERED_HEADING_ID.findall(render(body, config)))
    else:
        used: set[str] = set(ids)
        counters: dict[str, int] = {}
        ids.update(heading_id or unique(_slug(text, slugify, separator), used, counters) for text, heading_id in found)
    ids.update(tag.attrs["id"] for tag in tags if tag.attrs.get("id"))
    ids.update(tag.attrs["name"] for tag in tags if tag.name == "a" and tag.attrs.get("name"))
    if "[^" in masked:  # every footnote definition has one
        ids.update(f"{kind}:{m.group('label')}" for m in FOOTNOTE_DEF_RE.finditer(masked) for kind in ("fn", "fnref"))
    return ids
