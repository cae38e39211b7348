"""Print findings as text (default), GitHub Actions annotations or JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TextIO

from ..findings import Finding, count
from ..texts import Text, text

FORMATS = ("text", "github", "json")
# Terminal colours (ANSI escape codes), only when writing text to a terminal.
_RED = "\033[31m"
_YELLOW = "\033[33m"
_DIM = "\033[2m"
_RESET = "\033[0m"
# GitHub's workflow-command escaping: one pass, so the "%" of an escape is never escaped again.
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def summary(findings: Sequence[Finding], pages: int) -> str:
    """``3 fouten, 1 waarschuwing in 42 pagina's``."""
    errors, warnings = count(list(findings))
    return text(
        Text.CHECKER_SUMMARY,
        errors=_counted(errors, Text.CHECKER_ERRORS_ONE, Text.CHECKER_ERRORS_MANY),
        warnings=_counted(warnings, Text.CHECKER_WARNINGS_ONE, Text.CHECKER_WARNINGS_MANY),
        pages=_counted(pages, Text.CHECKER_PAGES_ONE, Text.CHECKER_PAGES_MANY),
    )


def _counted(number: int, one: Text, many: Text) -> str:
    """``1 fout`` or ``3 fouten``: ``number`` with the word for one or for any other number."""
    return text(one if number == 1 else many, count=number)


def next_step(findings: Sequence[Finding]) -> str:
    """The closing line: what to do now, in Dutch."""
    errors, warnings = count(list(findings))
    if errors:
        return text(Text.CHECKER_NEXT_STEP_ERRORS)
    if warnings:
        return text(Text.CHECKER_NEXT_STEP_WARNINGS)
    return text(Text.CHECKER_NEXT_STEP_CLEAN)


def text_line(finding: Finding, colour: bool = False) -> str:
    where = f"{finding.path}:{finding.line}:{finding.column}:"
    if colour:
        tint = _RED if finding.is_error else _YELLOW
        return f"{_DIM}{where}{_RESET} {tint}{finding.rule}{_RESET} {finding.message}"
    return f"{where} {finding.rule} {finding.message}"


def github_line(finding: Finding) -> str:
    """A GitHub Actions workflow command: ``::error file=…,line=…,col=…,title=rule-id::message``."""
    level = "error" if finding.is_error else "warning"
    return (
        f"::{level} file={finding.path.translate(_PROPERTY)},line={finding.line},col={finding.column},"
        f"title={finding.rule.translate(_PROPERTY)}::{finding.message.translate(_DATA)}"
    )


def write(findings: Sequence[Finding], pages: int, fmt: str, out: TextIO, err: TextIO, colour: bool) -> None:
    """Write the report; the summary goes to stdout for text and to stderr otherwise."""
    if fmt == "json":
        rows = [{**dataclasses.asdict(f), "severity": f.severity} for f in findings]
        lines = [json.dumps(rows, ensure_ascii=False, indent=2)]
    else:
        lines = [github_line(f) if fmt == "github" else text_line(f, colour) for f in findings]
    out.writelines(line + "\n" for line in lines)
    # With json or github, stdout is read by a program; the sentence for people goes to stderr then.
    closing = f"{summary(findings, pages)}\n{next_step(findings)}\n"
    if fmt == "text":
        out.write(closing)
    else:
        err.write(closing)
