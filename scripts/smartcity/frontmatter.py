"""Split a page into front matter and body as MkDocs does, and read the front matter with positions.

MkDocs (``mkdocs.utils.meta.get_data``) takes front matter only when the page starts
with ``---`` and a later line ``---`` or ``...`` closes it, and reads it with PyYAML's
C loader; invalid YAML silently gives no metadata at all. The checker, the build hook
and the scaffolder use the same rule and the same loader here, so they see the same
values. Line and column of a key or list item are composed only when a finding needs
one (composing nodes costs more than loading the values).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

# The same pattern as mkdocs.utils.meta.YAML_RE (tests/test_frontmatter.py keeps them equal).
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_OPENING = re.compile(r"-{3}[ \t]*\n")
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 64 * 1024  # front matter larger than this is not front matter
MAX_NESTING = 20

_DUTCH_PROBLEMS = (
    ("mapping values are not allowed", "hier staat een dubbele punt die YAML als nieuw veld leest"),
    ("cannot start any token", "hier staat een teken (vaak een tab of @) waar YAML niet mee kan beginnen"),
    ("could not find expected ':'", "de dubbele punt na een veldnaam ontbreekt"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten"),
    ("expected a single document", "er staan meerdere YAML-documenten (---) in de front matter"),
    ("could not determine a constructor", "een !!-aanduiding kan niet gelezen worden; schrijf gewone tekst"),
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
    match = YAML_RE.match(text)
    if match:
        return Split(match.group(1), text[match.end() :], 1 + text.count("\n", 0, match.end()))
    return Split(None, text, 1, closed=not _OPENING.match(text))


def _dutch(problem: str) -> str:
    return next((dutch for english, dutch in _DUTCH_PROBLEMS if english in problem), f"YAML meldt: {problem}")


def _guard(yaml_text: str) -> None:
    """Refuse what no template produces and what could make loading or walking the values explode."""
    if len(yaml_text) > MAX_BYTES:
        raise FrontMatterError("fm-yaml:too-large", 2, size=MAX_BYTES // 1024)
    depth = deepest = 0
    for char in yaml_text if "[" in yaml_text or "{" in yaml_text else "":
        depth += (char in "[{") - (char in "]}" and depth > 0)
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise FrontMatterError("fm-yaml:too-deep", 2)
    if "&" in yaml_text or "*" in yaml_text:
        for token in yaml.scan(yaml_text, Loader=_Loader):
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise FrontMatterError("fm-yaml:anchors", token.start_mark.line + 2, token.start_mark.column + 1)


def load(yaml_text: str) -> tuple[Any, dict[str, str]]:
    """The values of the front matter (file line 2 onwards) as MkDocs reads them, and the top-level
    keys whose value YAML could parse but not build (e.g. the date ``2024-02-30``), with the reason.

    Raises :class:`FrontMatterError` (a message of ``rules.yml`` and the position) when the text is not valid YAML.
    """
    try:
        _guard(yaml_text)
        values = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - the C *safe* loader
        return ({} if values is None else values), {}
    except yaml.MarkedYAMLError as exc:
        if isinstance(exc, yaml.constructor.ConstructorError):
            return _load_each(yaml_text)
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        raise FrontMatterError("fm-yaml", line, column, problem=_dutch(str(exc.problem))) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError("fm-yaml", 2, problem=_dutch(str(exc))) from None
    except (ValueError, TypeError, OverflowError, RecursionError):
        return _load_each(yaml_text)


def _load_each(yaml_text: str) -> tuple[Any, dict[str, str]]:
    """Build each top-level value on its own: the values that built, and why the others did not.

    Front matter that is not a mapping gives ``[]`` (the validator reports it as not a mapping)."""
    root = Positions(yaml_text).root
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
    def root(self) -> yaml.Node | None:
        return yaml.compose(self.yaml_text, Loader=_Loader)

    @cached_property
    def _pairs(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        root = self.root
        if not isinstance(root, yaml.MappingNode):
            return {}
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in root.value:
            pairs.setdefault(str(key_node.value), (key_node, value_node))
        return pairs

    def scalars(self, keys: Iterable[str]) -> dict[str, str]:
        """The text of the top-level values ``keys`` as written, for values that could not be built."""
        return {
            k: str(self._pairs[k][1].value) for k in keys if isinstance(self._pairs.get(k, (0, 0))[1], yaml.ScalarNode)
        }

    def of(self, key: str | None = None, item: int | str | None = None, value: bool = False) -> tuple[int, int]:
        """The position of ``key`` (line 1 when absent), of item ``item`` inside its value (a list
        index or a nested key; with ``value`` the nested value rather than the nested key)."""
        if key is None or key not in self._pairs:
            return 1, 1
        key_node, node = self._pairs[key]
        if isinstance(item, int) and isinstance(node, yaml.SequenceNode) and item < len(node.value):
            return _at(node.value[item])
        if isinstance(item, str) and isinstance(node, yaml.MappingNode):
            for sub_key, sub_value in node.value:
                if sub_key.value == item:
                    return _at(sub_value if value else sub_key)
        return _at(key_node)


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 2, node.start_mark.column + 1


def as_date(value: Any) -> dt.date | None:
    """A front-matter date (YAML date, datetime or ISO string ``JJJJ-MM-DD``) as a date, else ``None``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
