"""Split a Markdown page into its YAML front matter and body, keeping line numbers.

Follows the rule MkDocs uses (``mkdocs.utils.meta``): the page starts with a line
``---``, and the front matter ends at the next line ``---`` or ``...``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class Split:
    """A page cut in two. Line numbers are 1-based lines of the whole file."""

    yaml_text: str | None  # None: the page has no front matter at all
    body: str
    yaml_first_line: int  # line of the first YAML line (the one after ``---``)
    body_first_line: int
    closed: bool  # False: an opening ``---`` without a closing one


def split(text: str) -> Split:
    """Cut ``text`` into front matter and body; never raises."""
    opening = _OPEN.match(text)
    if not opening:
        return Split(None, text, 1, 1, True)
    rest = text[opening.end() :]
    closing = _CLOSE.search(rest)
    if not closing:
        return Split(rest, "", 2, 1 + text.count("\n") + 1, False)
    yaml_text = rest[: closing.start()]
    body_offset = closing.end() + 1 if closing.end() < len(rest) else closing.end()
    body = rest[body_offset:]
    body_first = 2 + yaml_text.count("\n") + 1
    return Split(yaml_text, body, 2, body_first, True)


def load_meta(text: str) -> dict[str, Any]:
    """The front matter of ``text`` as a dict; ``{}`` when absent, unclosed or not a mapping.

    Raises ``yaml.YAMLError`` for invalid YAML; callers that must not fail (the
    checker) use ``split`` and their own error handling instead.
    """
    part = split(text)
    if part.yaml_text is None or not part.closed:
        return {}
    data = yaml.safe_load(part.yaml_text)
    return data if isinstance(data, dict) else {}


def as_date(value: Any) -> dt.date | None:
    """A front-matter date value as a date (YAML date, datetime or ISO string), else ``None``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
