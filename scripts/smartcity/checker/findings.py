"""A finding (one problem at one place), and how findings are ordered and counted."""

from __future__ import annotations

from dataclasses import dataclass

from ..rules import ERROR, RULES, message


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (path relative to the repository, 1-based line and column), which rule, what to do."""

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
