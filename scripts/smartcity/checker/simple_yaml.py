"""Read the values of the plain front matter that nearly every page has; anything else is left to libyaml.

Why this exists: composing YAML nodes with libyaml (PyYAML's C parser) makes a
Python object for every event and every mark, and was the largest single cost
of checking a page. Yet the nodes are only needed to point at a line when
something is wrong. Front matter made from the templates uses a small part of
YAML: ``key: value`` lines, lists (``- item`` lines or ``[a, b]``), one level of
nested ``key: value`` lines, and one-line plain, 'single-' or "double-quoted"
values, with blank lines and ``#`` comment lines between them. This module reads
the values (and the line of each key) of exactly that part, as the safe loader
would. Anything outside it (multi-line or escaped strings, a comment after a
value, anchors, ``!!`` tags, tabs, unusual characters, a repeated key, an empty
value) gives ``None``, and the caller parses the text with libyaml.

``tests/test_checker_simple_yaml.py`` compares both readers on generated front
matter (hypothesis): whenever this one answers, the answer is libyaml's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from .yaml_values import PLAIN_SCALARS, STR_TAG, plain_scalar, resolve_tag

# Characters outside YAML's printable set, line breaks other than \n (\r, \x85,
# \u2028, \u2029: the two readers could count lines differently), tabs and the BOM.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_TOP = re.compile(rf"({_KEY}):(?: +(\S.*))?\Z")
_NESTED = re.compile(rf"( +)({_KEY}): +(\S.*)\Z")
_ITEM = re.compile(r"( *)- +(\S.*)\Z")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_PLAIN = re.compile(r"[^\s\[\]{},:#'\"!&*|>%@`?-][^\[\]{},:#]*\Z")
_SCALAR = yaml.ScalarNode
_IMPLICIT = (True, False)

Values = dict[str, Any]
KeyLines = dict[str, int]  # 0-based line of each top-level key (its column is always 0)


class _NotSimpleError(Exception):
    """The text uses YAML this reader does not handle; libyaml must read it."""


def _quoted(text: str) -> str:
    """The value of a one-line quoted scalar without escapes."""
    quote = text[0]
    if len(text) < 2 or text[-1] != quote:
        raise _NotSimpleError
    inner = text[1:-1]
    if quote == '"':
        if '"' in inner or "\\" in inner:
            raise _NotSimpleError
        return inner
    if "'" in inner.replace("''", ""):
        raise _NotSimpleError
    return inner.replace("''", "'")


def _scalar(text: str, flow: bool = False) -> Any:
    """The value of the one-line scalar ``text``, as the safe loader builds it."""
    if text[0] in "'\"":
        return _quoted(text)
    if text[0] in _PLAIN_START or ": " in text or " #" in text or text[-1] == ":":
        raise _NotSimpleError
    if flow and not _FLOW_PLAIN.match(text):
        raise _NotSimpleError
    tag = resolve_tag(_SCALAR, text, _IMPLICIT)
    if tag == STR_TAG:
        return text
    if tag not in PLAIN_SCALARS:
        raise _NotSimpleError
    try:
        return plain_scalar(tag, text)
    except (ValueError, TypeError, OverflowError, yaml.YAMLError) as exc:  # e.g. the date 2024-02-30
        raise _NotSimpleError from exc


def _value(text: str) -> Any:
    """The value of what follows ``key: `` on one line: a scalar or a one-line flow list of scalars."""
    if text[0] != "[":
        return _scalar(text)
    if text[-1] != "]":
        raise _NotSimpleError
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items = [part.strip(" ") for part in inner.split(",")]
    if not all(items):  # [a, ] or [a,,b]
        raise _NotSimpleError
    return [_scalar(item, flow=True) for item in items]


def _key(name: str) -> str:
    if resolve_tag(_SCALAR, name, _IMPLICIT) != STR_TAG:  # yes:, null:, on: are not text keys
        raise _NotSimpleError
    return name


_SKIP, _VALUE, _BLOCK, _ITEM_LINE, _PAIR = range(5)  # what a line is
Line = tuple[int, int, str, Any]  # (what, indent, key, value); a flow list's value is a tuple


@lru_cache(maxsize=100_000)
def _line(raw: str) -> Line:
    """What one line is, with its key and value; lines such as "type: les" or "  - Utrecht" recur on many pages."""
    line = raw.rstrip(" ")
    if not line or line.lstrip(" ")[0] == "#":
        return _SKIP, 0, "", None
    top = _TOP.match(line)
    if top:
        if top.group(2) is None:
            return _BLOCK, 0, _key(top.group(1)), None
        return _VALUE, 0, _key(top.group(1)), _immutable(_value(top.group(2)))
    item = _ITEM.match(line)
    if item:
        return _ITEM_LINE, len(item.group(1)), "", _scalar(item.group(2))
    nested = _NESTED.match(line)
    if not nested:
        raise _NotSimpleError
    return _PAIR, len(nested.group(1)), _key(nested.group(2)), _immutable(_value(nested.group(3)))


def _immutable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _mutable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _read(text: str) -> tuple[Values, KeyLines]:
    """The values and key lines of ``text``; ``_NotSimpleError`` for any line or shape outside the plain part."""
    data: Values = {}
    lines: KeyLines = {}
    block: list[Any] | dict[str, Any] | None = None  # the value being built under a "key:" line
    indent = -1
    for number, raw in enumerate(text.split("\n")):
        what, line_indent, name, value = _line(raw)
        if what == _SKIP:
            continue
        if what in (_VALUE, _BLOCK):
            if block is not None and not block:  # an empty value: where libyaml puts it is not worth imitating
                raise _NotSimpleError
            if name in data:
                raise _NotSimpleError
            lines[name] = number
            if what == _BLOCK:
                block, indent = [], -1  # a list or a mapping, decided by its first line
                data[name] = block
            else:
                block = None
                data[name] = _mutable(value)
            continue
        if block is None:
            raise _NotSimpleError
        if not block:
            indent = line_indent
            if what == _PAIR:
                block = data[next(reversed(data))] = {}
        if line_indent != indent:
            raise _NotSimpleError
        if what == _ITEM_LINE and isinstance(block, list):
            block.append(value)
        elif what == _PAIR and isinstance(block, dict) and name not in block:
            block[name] = _mutable(value)
        else:
            raise _NotSimpleError
    if not data or (block is not None and not block):
        raise _NotSimpleError
    return data, lines


def read(text: str) -> tuple[Values, KeyLines] | None:
    """The values of ``text`` and the line of each key, as the safe loader gives them; ``None``: use libyaml."""
    if _UNUSUAL.search(text):
        return None
    try:
        return _read(text)
    except _NotSimpleError:
        return None
