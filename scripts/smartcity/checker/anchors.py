"""Heading ids as the build makes them, without running MkDocs.

Python-Markdown's ``toc`` extension gives every heading an id: the slugify
configured in ``mkdocs.yml`` applied to the heading's text (after inline
Markdown is rendered and tags are stripped), made unique with ``_1``, ``_2``;
a heading with ``{#id}`` (attr_list) keeps that id. Other ``{#id}`` attributes
and HTML ``id="…"`` attributes are link targets too.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown.extensions.toc import slugify as default_slugify
from markdown.extensions.toc import unique

from .markdown_scan import ATTR_LIST_ID_RE, FOOTNOTE_DEF_RE, Tag

Slugify = Callable[[str, str], str]

_ATX = re.compile(r"^[ \t]*(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_MAY_START_HEADING = frozenset("# \t=-")  # first character of an ATX heading or a setext underline
_SETEXT = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|>|#|\||<|!!!|\?\?\?|===|[-=*_ \t]*$)")
_HEADER_ATTRS = re.compile(r"[ ]+\{:?([^}\n]*)\}[ ]*$")
_ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}#.]+)")
_CODE = re.compile(r"(`+)(.+?)\1")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|:\"'~=^])")
_MARKUP = re.compile(r"[`\[<*_\\&]")  # a character that one of the patterns above (or an entity) needs
_SMART_SYMBOLS = re.compile(r"\((?:tm|c|r)\)|c/o", re.I)


def configured_slugify(config: dict[str, Any]) -> tuple[Slugify, str]:
    """The toc ``slugify`` and ``separator`` from the ``markdown_extensions`` of ``mkdocs.yml``."""
    options = extension_options(config, "toc")
    separator = str(options.get("separator", "-"))
    spec = options.get("slugify")
    if spec is None:
        return default_slugify, separator
    if isinstance(spec, str):
        return _import(spec), separator
    if isinstance(spec, dict):  # !!python/object/apply:pymdownx.slugs.slugify {kwds: {...}}
        kwds = spec.get("kwds", {})
        from pymdownx.slugs import slugify as factory  # only when the config asks for it

        return factory(**kwds), separator
    return default_slugify, separator


def _import(dotted: str) -> Slugify:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def extension_options(config: dict[str, Any], name: str) -> dict[str, Any]:
    """Options of markdown extension ``name`` (``toc`` or ``markdown.extensions.toc``); ``{}`` if absent."""
    options = enabled_extensions(config)
    for key in (name, f"markdown.extensions.{name}"):
        if key in options:
            return options[key]
    return {}


def enabled_extensions(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every enabled markdown extension with its options; a repeat without options keeps them, as in MkDocs."""
    result: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions") or []:
        for key, value in item.items() if isinstance(item, dict) else [(item, None)]:
            options = result.setdefault(str(key), {})
            result[str(key)] = value if isinstance(value, dict) and value else options
    return result


def heading_name(text: str, smart_symbols: bool = False) -> str:
    """The plain text of a heading, as toc sees it after rendering (tags stripped, entities decoded)."""
    if not _MARKUP.search(text) and not (smart_symbols and ("(" in text or "/" in text)):
        return text.strip()  # nothing to render: no code, link, tag, emphasis, escape or entity
    parts: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        parts.append(_inline_text(text[last : match.start()], smart_symbols))
        parts.append(match.group(2).strip())
        last = match.end()
    parts.append(_inline_text(text[last:], smart_symbols))
    return html.unescape("".join(parts)).strip()


def _inline_text(text: str, smart_symbols: bool) -> str:
    text = _FOOTNOTE_REF.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _TAG.sub("", text)
    if smart_symbols:
        text = _SMART_SYMBOLS.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text)


def _split_attrs(text: str) -> tuple[str, str | None]:
    match = _HEADER_ATTRS.search(text) if "{" in text else None
    if not match:
        return text, None
    found = _ID_IN_ATTRS.search(match.group(1))
    return text[: match.start()], found.group(1) if found else None


def headings(masked: str, body: str) -> list[tuple[str, str | None]]:
    """(text, explicit id) of every ATX and setext heading, in order.

    Lines are found in the masked body (so code blocks do not count); the text is
    taken from the same line of the original body (so code spans keep their text).
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
            above = lines[index - 1]
            starts_block = index == 1 or not lines[index - 2].strip()
            if starts_block and not _NOT_PARAGRAPH.match(above):
                found.append(_split_attrs(originals[index - 1].strip()))
    return found


@lru_cache(maxsize=4096)
def _slug(text: str, smart_symbols: bool, slugify: Slugify, separator: str) -> str:
    """The slug of a heading's text, before it is made unique; headings such as "Bron" recur on many pages."""
    return slugify(heading_name(text, smart_symbols), separator)


def page_ids(
    masked: str, body: str, tags: list[Tag], slugify: Slugify, separator: str, smart_symbols: bool = False
) -> set[str]:
    """Every id a link can point to on this page."""
    explicit = {m.group("id") for m in ATTR_LIST_ID_RE.finditer(masked)} if "{" in masked else set()
    used = set(explicit)
    counters: dict[str, int] = {}
    ids = set(explicit)
    for text, heading_id in headings(masked, body):
        if heading_id:
            ids.add(heading_id)
            continue
        ids.add(unique(_slug(text, smart_symbols, slugify, separator), used, counters))
    ids.update(tag.attrs["id"] for tag in tags if tag.attrs.get("id"))
    ids.update(tag.attrs["name"] for tag in tags if tag.name == "a" and tag.attrs.get("name"))
    if "[^" not in masked:  # every footnote definition has one
        return ids
    for match in FOOTNOTE_DEF_RE.finditer(masked):
        ids.update({f"fn:{match.group('label')}", f"fnref:{match.group('label')}"})
    return ids
