"""Dutch explanations of a broken ``mkdocs.yml``, with the line, the column and the fix for the usual mistake.

The one line a contributor adds to ``mkdocs.yml`` is a new place (``      - Zwolle`` under
``extra.content_model.cities``). Its usual mistake is the indentation: too few spaces and YAML stops with an English
"expected <block end>, but found '-'"; too many and YAML silently glues it to the line above, so the list gets one
place "Coöperatie Duurzaam Brabant - Zwolle" instead of two. Both get the same Dutch fix here: the number of spaces of
the list items above it. PyYAML's messages are not translatable (they are literals in its parser), so this module
reads only the position PyYAML reports (``problem_mark``) and looks at the text itself.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from .texts import Text, text

# A list item: its indentation, then "- " and the value.
_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ?(?P<value>.*)$")


def shown(path: Path | str) -> str:
    """``path`` as the contributor knows it: relative to the current folder when it is inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _spaces(count: int) -> str:
    """``count`` spaces in words, as the fix says it ("precies zes spaties")."""
    if count == 0:
        return text(Text.CHECKER_SPACES_NONE)
    if count == 1:
        return text(Text.CHECKER_SPACES_ONE)
    # The numbers up to ten are written out, a larger one in digits.
    words = text(Text.CHECKER_NUMBERS).split(", ")
    return text(Text.CHECKER_SPACES_MANY, count=words[count] if count < len(words) else count)


def _item_above(lines: list[str], index: int) -> re.Match[str] | None:
    """The nearest list item above line ``index`` (0-based), skipping blank lines and comments; None if another line
    comes first."""
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if not stripped or stripped.startswith("#"):
            continue
        return _ITEM.match(lines[above])
    return None


def _indentation_fix(lines: list[str], index: int) -> str:
    """The fix for line ``index`` when it is a list item indented unlike the list item above it, else ``""``."""
    if not 0 <= index < len(lines):
        return ""
    item = _ITEM.match(lines[index])
    above = _item_above(lines, index)
    if item is None or above is None:
        return ""
    if item["indent"] == above["indent"]:
        return ""
    return text(
        Text.CHECKER_INDENTATION_FIX,
        spaces=_spaces(len(above["indent"])),
        value=item["value"].strip(),
        indent=above["indent"],
        above=above["value"].strip(),
    )


def yaml_error(path: Path | str, source: str, exc: yaml.YAMLError) -> str:
    """A Dutch message for ``exc``, raised by PyYAML while reading ``source`` (the contents of ``path``)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return text(Text.CHECKER_YAML_INVALID, path=shown(path))
    lines = source.splitlines()
    position = text(Text.CHECKER_POSITION, path=shown(path), line=mark.line + 1, column=mark.column + 1)
    if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: max(mark.column, 1)]:
        return text(Text.CHECKER_TAB, position=position)
    fix = _indentation_fix(lines, mark.line)
    if fix:
        return text(Text.CHECKER_INDENTATION, position=position, fix=fix)
    return text(Text.CHECKER_YAML_STOPS, position=position)


def glued_list_item(path: Path | str, source: str, list_keys: tuple[str, ...] = ("cities", "themes")) -> str | None:
    """A Dutch message when a list item of ``list_keys`` spans two lines because the second was indented too far.

    YAML reads ``      - Brabant`` followed by ``        - Zwolle`` as the one value "Brabant - Zwolle"; nothing
    fails, so the mistake would only show later as an unknown place. Returns None when every item is on one line.
    """
    lines = source.splitlines()
    for index, line in enumerate(lines):
        item = _ITEM.match(line)
        if item is None:
            continue
        above = _item_above(lines, index)
        if above is None or len(item["indent"]) <= len(above["indent"]):
            continue
        # Only lists under one of list_keys: look up for the key that opens this list.
        owner = _list_owner(lines, index)
        if owner not in list_keys:
            continue
        position = text(Text.CHECKER_POSITION, path=shown(path), line=index + 1, column=1)
        return text(Text.CHECKER_INDENTATION, position=position, fix=_indentation_fix(lines, index))
    return None


def _list_owner(lines: list[str], index: int) -> str | None:
    """The key (``cities``) of the mapping line that opens the list that line ``index`` is part of."""
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if not stripped or stripped.startswith("#") or _ITEM.match(lines[above]):
            continue
        key, colon, _ = stripped.partition(":")
        return key.strip() if colon else None
    return None
