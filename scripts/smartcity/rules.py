"""The checker's rules from their one source, ``rules.yml``: id, severity, summary and the Dutch messages.

The messages are data, not code, so that an editor can improve the Dutch without reading Python, and so that
the checker, the build hook and the scaffolder say the same thing. ``tests/test_checker_rules.py`` checks the
file's shape and that every message the code asks for exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

ERROR = "error"
WARNING = "warning"
RULES_YML = Path(__file__).with_name("rules.yml")


@dataclass(frozen=True)
class Rule:
    """A rule id with its severity, a one-line Dutch summary and its messages (``""``: the main one)."""

    id: str
    severity: str
    summary: str
    messages: dict[str, str]


_DATA = yaml.load(RULES_YML.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
RULES = {
    rule: Rule(rule, spec["severity"], spec["summary"], {"": spec.get("message", ""), **spec.get("variants", {})})
    for rule, spec in _DATA.items()
}


def message(key: str, /, **fill: object) -> str:
    """The message ``key`` (``"rule"`` or ``"rule:variant"``) with its ``{names}`` filled in."""
    rule, _, variant = key.partition(":")
    return RULES[rule].messages[variant].format(**fill)
