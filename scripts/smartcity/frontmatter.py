"""Split a page into front matter and body as MkDocs does, and read the front matter with positions.

MkDocs (``mkdocs.utils.meta.get_data``) takes front matter only when the page starts with ``---`` and a later
line ``---`` or ``...`` closes it, and reads it with PyYAML's C loader; invalid YAML silently gives no metadata at
all. The checker, the build hook and the scaffolder use the same rule and the same loader here, so they see the same
values. Line and column of a key or list item are composed only when a finding needs one (composing nodes costs more
than loading the values).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from .rules import Message, message

# The same pattern as mkdocs.utils.meta.YAML_RE (tests/test_pages.py keeps them equal).
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_OPENING = re.compile(r"-{3}[ \t]*\n")
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 64 * 1024  # front matter larger than this is not front matter
MAX_NESTING = 20

# What PyYAML's English error says -> the Dutch words for it (rules.yml, filled into the fm-yaml message).
_YAML_PROBLEMS = (
    ("mapping values are not allowed", Message.FM_YAML_PROBLEM_COLON_IN_VALUE),
    ("cannot start any token", Message.FM_YAML_PROBLEM_START),
    ("could not find expected ':'", Message.FM_YAML_PROBLEM_COLON_MISSING),
    ("expected <block end>", Message.FM_YAML_PROBLEM_INDENT),
    ("found unexpected end of stream", Message.FM_YAML_PROBLEM_UNCLOSED),
    ("expected a single document", Message.FM_YAML_PROBLEM_DOCUMENTS),
    ("could not determine a constructor", Message.FM_YAML_PROBLEM_TAG),
)


class FrontMatterError(Exception):
    """The front matter cannot be read: the ``rules.yml`` message ``key`` with ``fill``, at a 1-based file
    ``line``/``column``."""

    def __init__(self, key: str, line: int, column: int = 1, **fill: object) -> None:
        super().__init__(key)
        self.key, self.line, self.column, self.fill = key, line, column, fill


@dataclass(frozen=True)
class Split:
    """A page cut in two. ``yaml_text`` is ``None`` without front matter; ``closed`` is False for an
    opening ``---`` that nothing closes. ``body_line`` is the file line where ``body`` starts."""

    yaml_text: str | None
    body: str
    body_line: int
    closed: bool = True


def split(text: str) -> Split:
    """Cut ``text`` (newlines already ``\\n``) into front matter and body; never raises."""
    if match := YAML_RE.match(text):
        return Split(match.group(1), text[match.end() :], 1 + text.count("\n", 0, match.end()))
    return Split(None, text, 1, closed=not _OPENING.match(text))


def _dutch(problem: str) -> str:
    """PyYAML's English ``problem`` in Dutch; PyYAML's own words when it is not one of the usual ones."""
    for english, dutch in _YAML_PROBLEMS:
        if english in problem:
            return message(dutch)
    return message(Message.FM_YAML_PROBLEM_OTHER, english=problem)


def _guard(yaml_text: str) -> None:
    """Refuse what no template produces and what could make loading or walking the values explode."""
    if len(yaml_text) > MAX_BYTES:
        raise FrontMatterError(Message.FM_YAML_TOO_LARGE, 2, size=MAX_BYTES // 1024)
    depth = 0
    for char in yaml_text if "[" in yaml_text or "{" in yaml_text else "":
        depth += (char in "[{") - (char in "]}" and depth > 0)
        if depth > MAX_NESTING:
            raise FrontMatterError(Message.FM_YAML_TOO_DEEP, 2)
    if "&" in yaml_text or "*" in yaml_text:
        for token in yaml.scan(yaml_text, Loader=_Loader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise FrontMatterError(Message.FM_YAML_ANCHORS, token.start_mark.line + 2, token.start_mark.column + 1)


def load(yaml_text: str) -> tuple[Any, dict[str, str]]:
    """The values of the front matter (file line 2 onwards) as MkDocs reads them, and the top-level
    keys whose value YAML could parse but not build (e.g. the date ``2024-02-30``), with the reason.

    Raises :class:`FrontMatterError` (a message of ``rules.yml`` and the position) when the text is not valid YAML.
    """
    try:
        _guard(yaml_text)
        values = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - the C *safe* loader
        return ({} if values is None else values), {}
    except (yaml.constructor.ConstructorError, ValueError, TypeError, OverflowError, RecursionError):
        return _load_each(yaml_text)  # valid YAML with a value that cannot be built, e.g. the date 2024-02-30
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        raise FrontMatterError(Message.FM_YAML, line, column, problem=_dutch(str(exc.problem))) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(Message.FM_YAML, 2, problem=_dutch(str(exc))) from None


def _load_each(yaml_text: str) -> tuple[Any, dict[str, str]]:
    """Build each top-level value on its own: the values that built, and why the others did not
    (``[]`` for front matter that is not a mapping, which the validator reports as such)."""
    root = yaml.compose(yaml_text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        return [], {}
    loader = _Loader("")
    values: dict[str, Any] = {}
    broken: dict[str, str] = {}
    for key_node, value_node in root.value:
        try:
            values[str(key_node.value)] = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
            broken[str(key_node.value)] = _dutch(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return values, broken


class Positions:
    """Where keys, list items and nested keys of the front matter are (1-based file line and column)."""

    def __init__(self, yaml_text: str) -> None:
        self.yaml_text = yaml_text

    @cached_property
    def _pairs(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Each top-level key's node and its value's node; the first, when a key is written twice."""
        root = yaml.compose(self.yaml_text, Loader=_Loader)
        pairs = root.value if isinstance(root, yaml.MappingNode) else []
        return {str(key.value): (key, value) for key, value in reversed(pairs)}

    def scalars(self, keys: Iterable[str]) -> dict[str, str]:
        """The text of the top-level values ``keys`` as written, for values that could not be built."""
        nodes = {key: self._pairs[key][1] for key in keys if key in self._pairs}
        return {key: str(node.value) for key, node in nodes.items() if isinstance(node, yaml.ScalarNode)}

    def of(self, key: str | None = None, item: int | str | None = None, value: bool = False) -> tuple[int, int]:
        """The position of ``key`` (line 1 when absent), of item ``item`` inside its value (a list
        index or a nested key; with ``value`` the nested value rather than the nested key)."""
        if key is None or key not in self._pairs:
            return 1, 1
        found, node = self._pairs[key]
        if isinstance(item, int) and isinstance(node, yaml.SequenceNode) and item < len(node.value):
            found = node.value[item]
        elif isinstance(item, str) and isinstance(node, yaml.MappingNode):
            found = next((v if value else k for k, v in node.value if k.value == item), found)
        return found.start_mark.line + 2, found.start_mark.column + 1


def as_date(value: Any) -> dt.date | None:
    """A front-matter date (YAML date, datetime or ISO string ``JJJJ-MM-DD``) as a date, else ``None``."""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        with contextlib.suppress(ValueError):  # a day that does not exist, such as 2024-02-30
            return dt.date.fromisoformat(text)
    return None
