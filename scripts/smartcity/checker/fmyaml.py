"""Load front-matter YAML safely and keep the line and column of every key and list item.

Safe loading only (no Python objects), a size cap, a nesting cap and an alias
budget, so that a hostile page (a "billion laughs" alias bomb, ``[[[[…``) gives
a finding and never hangs or crashes the checker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from . import simple_yaml
from .yaml_values import MAP_TAG, PLAIN_SCALARS, SEQ_TAG, STR_TAG, plain_scalar, resolve_tag

MAX_FRONT_MATTER = 64 * 1024
MAX_NESTING = 40
MAX_NODES = 20_000

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe (libyaml) loader, remembering the tag each scalar resolves to.

    Resolving runs a few regular expressions on every scalar; keys and common
    values ("title", "Utrecht", "Open data") recur on every page, so a cache
    (in C, no Python call on a hit) replaces most of that work. The result is the
    same: without path resolvers (none for safe loading) the tag depends only on
    the arguments.
    """

    resolve = staticmethod(resolve_tag) if not _SafeLoader.yaml_path_resolvers else _SafeLoader.resolve


class _Nodes:
    """The value nodes of plain front matter, composed by libyaml only when a finding needs a position."""

    def __init__(self, yaml_text: str) -> None:
        self.yaml_text = yaml_text
        self.by_key: dict[str, yaml.Node] | None = None

    def value_node(self, key: str) -> yaml.Node:
        if self.by_key is None:
            loader = _Loader(self.yaml_text)
            try:
                root = loader.get_single_node()  # the simple reader only accepts text libyaml reads
            finally:
                loader.dispose()
            self.by_key = {key_node.value: value_node for key_node, value_node in root.value}
        return self.by_key[key]


@dataclass(slots=True)
class Entry:
    """One top-level key: its value and where key and value are (1-based, in the whole file).

    ``node`` (the value's YAML node, for positions inside the value) is built on first use
    when the front matter was read by ``simple_yaml``.
    """

    key: str
    value: Any
    line: int
    column: int
    value_node: yaml.Node | None = field(default=None, repr=False)
    error: str | None = None  # the value could not be built, e.g. the date 2024-02-30
    nodes: _Nodes | None = field(default=None, repr=False, compare=False)

    @property
    def node(self) -> yaml.Node:
        if self.value_node is None:
            assert self.nodes is not None
            self.value_node = self.nodes.value_node(self.key)
        return self.value_node


@dataclass
class FrontMatter:
    """The parsed front matter: a mapping of entries, or the reason it is not one."""

    entries: dict[str, Entry] = field(default_factory=dict)
    is_mapping: bool = True
    error: str | None = None
    error_line: int = 1
    error_column: int = 1


def position(node: yaml.Node, first_line: int) -> tuple[int, int]:
    """File line and column (1-based) of ``node``, whose text starts at line ``first_line``."""
    mark = node.start_mark
    return mark.line + first_line, mark.column + 1


def _max_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


def _too_many_nodes(root: yaml.Node) -> bool:
    """True when walking the node graph, following aliases, exceeds the budget (alias bombs)."""
    budget = MAX_NODES
    stack = [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            return True
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return False


def _error(message: str, line: int, column: int = 1) -> FrontMatter:
    return FrontMatter(is_mapping=False, error=message, error_line=line, error_column=column)


_DUTCH_PROBLEMS = (
    ("mapping values are not allowed", "hier staat een dubbele punt die YAML als nieuw veld leest"),
    ("cannot start any token", "hier staat een teken (vaak een tab of @) waar YAML niet mee kan beginnen"),
    ("could not find expected ':'", "de dubbele punt na een veldnaam ontbreekt"),
    ("found undefined alias", "hier staat een *verwijzing naar een &anker dat niet bestaat"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten"),
    ("found duplicate anchor", "hetzelfde &anker staat twee keer"),
    ("expected a single document", "er staan meerdere YAML-documenten (---) in de front matter"),
)


def _dutch(problem: str) -> str:
    for english, dutch in _DUTCH_PROBLEMS:
        if english in problem:
            return dutch
    return f"YAML meldt: {problem}"


def _yaml_error(exc: yaml.YAMLError, first_line: int) -> FrontMatter:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + first_line if mark else first_line
    column = mark.column + 1 if mark else 1
    return _error(f"De front matter is geen geldige YAML: {_dutch(str(problem))}.", line, column)


def parse(yaml_text: str, first_line: int) -> FrontMatter:
    """Parse ``yaml_text`` (the front matter, starting at file line ``first_line``); never raises."""
    if len(yaml_text) > MAX_FRONT_MATTER:
        return _error(
            f"De front matter is groter dan {MAX_FRONT_MATTER // 1024} KB; dat is geen gewone front matter.", first_line
        )
    brackets = yaml_text.count("[") + yaml_text.count("{")
    if brackets > MAX_NESTING and _max_nesting(yaml_text) > MAX_NESTING:
        return _error("De front matter is te diep genest (te veel haakjes [ of { in elkaar).", first_line)
    simple = simple_yaml.read(yaml_text)
    if simple is not None:
        data, key_lines = simple
        nodes = _Nodes(yaml_text)
        entries = {key: Entry(key, value, key_lines[key] + first_line, 1, nodes=nodes) for key, value in data.items()}
        return FrontMatter(entries=entries)
    loader = _Loader(yaml_text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            return _yaml_error(exc, first_line)
        except (RecursionError, ValueError, TypeError, OverflowError) as exc:
            return _error(f"De front matter kan niet gelezen worden ({exc.__class__.__name__}).", first_line)
        if root is None:
            return FrontMatter()
        if "*" in yaml_text and _too_many_nodes(root):  # only aliases (*name) can blow up
            return _error(
                "De front matter is te groot of gebruikt te veel verwijzingen (&anker en *alias).", first_line
            )
        if not isinstance(root, yaml.MappingNode):
            line, column = position(root, first_line)
            return FrontMatter(is_mapping=False, error_line=line, error_column=column)
        return FrontMatter(entries=_entries(loader, root, first_line, aliases="*" in yaml_text))
    finally:
        loader.dispose()


def build(loader: Any, node: yaml.Node) -> tuple[Any, str | None]:
    """Construct the Python value of ``node``; (None, reason) when that fails."""
    try:
        return loader.construct_object(node, deep=True), None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


_FAST_DEPTH = 20  # deeper values take the general path (and hit the same limits as before)


class _NotPlainError(Exception):
    """A node the fast path leaves to PyYAML's constructor: a tag, a key or a depth it does not handle."""


def _plain_value(loader: Any, node: yaml.Node, depth: int = 0) -> Any:
    """The value of ``node`` as ``SafeConstructor`` builds it, for plain trees (text, numbers, dates, lists, maps).

    About five times faster than ``construct_document`` on a typical front matter;
    anything else (other tags, non-text keys, merge keys, deep nesting) raises ``_NotPlainError``.
    Only used for front matter without aliases, so no node is shared.
    """
    kind = type(node)
    tag = node.tag
    if kind is yaml.ScalarNode:
        if tag == STR_TAG:
            return node.value
        if tag in PLAIN_SCALARS:
            return plain_scalar(tag, node.value)
        raise _NotPlainError
    if depth >= _FAST_DEPTH:
        raise _NotPlainError
    if kind is yaml.SequenceNode and tag == SEQ_TAG:
        return [_plain_value(loader, child, depth + 1) for child in node.value]
    if kind is yaml.MappingNode and tag == MAP_TAG:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != STR_TAG:
                raise _NotPlainError
            mapping[key_node.value] = _plain_value(loader, value_node, depth + 1)
        return mapping
    raise _NotPlainError


def _plain_entries(loader: Any, root: yaml.MappingNode, first_line: int) -> dict[str, Entry] | None:
    """The entries of ``root`` through the fast path; ``None`` when it does not apply (or a value fails)."""
    try:
        data = _plain_value(loader, root)
    except (_NotPlainError, yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    entries: dict[str, Entry] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in entries:
            line, column = position(key_node, first_line)
            entries[key] = Entry(key, data[key], line, column, value_node)
    return entries


def _entries(loader: Any, root: yaml.MappingNode, first_line: int, aliases: bool = True) -> dict[str, Entry]:
    """The entries of the mapping ``root``: built in one go, or key by key when a value cannot be built."""
    if not aliases:
        entries = _plain_entries(loader, root, first_line)
        if entries is not None:
            return entries
    try:
        data = loader.construct_document(root)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return _entries_one_by_one(loader, root, first_line)
    if not isinstance(data, dict):
        return _entries_one_by_one(loader, root, first_line)
    entries: dict[str, Entry] = {}
    for key_node, value_node in root.value:
        if key_node.tag == STR_TAG and isinstance(key_node, yaml.ScalarNode):
            key: Any = key_node.value
        else:
            key, _ = build(loader, key_node)
        try:
            value = data[key]
        except (KeyError, TypeError):
            return _entries_one_by_one(loader, root, first_line)
        line, column = position(key_node, first_line)
        entries.setdefault(str(key), Entry(str(key), value, line, column, value_node))
    return entries


def _entries_one_by_one(loader: Any, root: yaml.MappingNode, first_line: int) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for key_node, value_node in root.value:
        key, _ = build(loader, key_node)
        name = str(key)
        value, error = build(loader, value_node)
        line, column = position(key_node, first_line)
        entries.setdefault(name, Entry(name, value, line, column, value_node, error))
    return entries
