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

# A list item: its indentation, then "- " and the value.
_ITEM = re.compile(r"^(?P<indent>[ \t]*)- ?(?P<value>.*)$")

NUMBERS = {
    0: "geen",
    1: "precies één spatie",
    2: "precies twee spaties",
    3: "precies drie spaties",
    4: "precies vier spaties",
    5: "precies vijf spaties",
    6: "precies zes spaties",
    7: "precies zeven spaties",
    8: "precies acht spaties",
    9: "precies negen spaties",
    10: "precies tien spaties",
}


def shown(path: Path | str) -> str:
    """``path`` as the contributor knows it: relative to the current folder when it is inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _spaces(count: int) -> str:
    """``count`` spaces in words, as the fix says it ("precies zes spaties")."""
    return NUMBERS.get(count, f"precies {count} spaties")


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
    wanted = len(above["indent"])
    value = item["value"].strip()
    return (
        f" Zet {_spaces(wanted)} voor '- {value}', zoals de regels erboven:\n"
        f"{above['indent']}- {above['value'].strip()}\n"
        f"{above['indent']}- {value}"
    )


def yaml_error(path: Path | str, text: str, exc: yaml.YAMLError) -> str:
    """A Dutch message for ``exc``, raised by PyYAML while reading ``text`` (the contents of ``path``)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return f"{shown(path)} kan niet gelezen worden: het is geen geldige YAML. Controleer de laatste wijziging."
    lines = text.splitlines()
    line = mark.line + 1
    column = mark.column + 1
    where = f"{shown(path)}, regel {line}, kolom {column}"
    if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: max(mark.column, 1)]:
        return f"{where}: op deze regel staat een tab. Gebruik in mkdocs.yml alleen spaties om in te springen."
    fix = _indentation_fix(lines, mark.line)
    if fix:
        return f"{where}: de inspringing van deze regel klopt niet.{fix}"
    return (
        f"{where}: hier kan mkdocs.yml niet verder gelezen worden. Controleer op deze regel en de regel erboven de "
        "inspringing (alleen spaties, evenveel als de regels eromheen) en de dubbele punt na elke naam; zet tekst met "
        "een dubbele punt of # tussen aanhalingstekens."
    )


def glued_list_item(path: Path | str, text: str, list_keys: tuple[str, ...] = ("cities", "themes")) -> str | None:
    """A Dutch message when a list item of ``list_keys`` spans two lines because the second was indented too far.

    YAML reads ``      - Brabant`` followed by ``        - Zwolle`` as the one value "Brabant - Zwolle"; nothing
    fails, so the mistake would only show later as an unknown place. Returns None when every item is on one line.
    """
    lines = text.splitlines()
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
        fix = _indentation_fix(lines, index)
        return f"{shown(path)}, regel {index + 1}, kolom 1: de inspringing van deze regel klopt niet.{fix}"
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
