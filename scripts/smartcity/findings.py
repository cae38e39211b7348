"""A finding: one rule broken at one place in a file. The one word the project uses for what its checks report.

The checker, the build hook, the validator, the static-file and Markdown guards all report findings; the front-matter
validator first reports a :class:`smartcity.validate.FieldFinding` (placed by its key, before the file's lines are
known) and places it with :meth:`~smartcity.validate.FieldFinding.placed`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import ERROR, RULES, message


@dataclass(frozen=True, order=True)
class Finding:
    """Where (path as shown: relative to the repository, 1-based line and column), which rule, and what to do."""

    path: str
    line: int
    column: int
    rule: str
    message: str

    @classmethod
    def of(cls, path: str, line: int, column: int, key: str, /, **fill: object) -> Finding:
        """The finding whose message is ``key`` (``"rule"`` or ``"rule:variant"``) of ``rules.yml``, filled in."""
        return cls(path, line, column, key.partition(":")[0], message(key, **fill))

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule id {self.rule!r}")
        object.__setattr__(self, "line", max(1, int(self.line)))
        object.__setattr__(self, "column", max(1, int(self.column)))

    def __str__(self) -> str:
        """The finding as the build prints it: ``docs/lessen/x.md:3:1: fm-tag Het thema ...``."""
        return f"{self.path}:{self.line}:{self.column}: {self.rule} {self.message}"

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By file, then line, column and rule; duplicates removed."""
    return sorted(set(findings))


def count(findings: list[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors
