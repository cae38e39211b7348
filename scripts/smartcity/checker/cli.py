"""Command line: ``python scripts/check_content.py [PATH ...] [--format …] [--external] …``.

Exit status: 0 without errors (warnings allowed), 1 with errors, 2 for a usage or configuration problem. The checker
only reads: it never writes into ``docs/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .. import clock
from ..findings import sort_findings
from ..model import MKDOCS_YML, ModelError
from ..texts import Text, text
from . import engine, report
from .context import Context, build_context


class UsageError(Exception):
    """A problem with the command line or the configuration (exit status 2)."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="check_content.py", description=text(Text.CHECKER_DESCRIPTION))
    p.add_argument("paths", nargs="*", type=Path, help=text(Text.CHECKER_PATHS_HELP))
    p.add_argument("--config", type=Path, default=MKDOCS_YML, help=text(Text.CHECKER_CONFIG_HELP))
    p.add_argument("--docs", type=Path, default=None, help=text(Text.CHECKER_DOCS_HELP))
    p.add_argument("--format", choices=report.FORMATS, default="text", help=text(Text.CHECKER_FORMAT_HELP))
    p.add_argument("--external", action="store_true", help=text(Text.CHECKER_EXTERNAL_HELP))
    p.add_argument("--cache", type=Path, default=None, help=text(Text.CHECKER_CACHE_HELP))
    p.add_argument("--today", type=_date, default=None, help=text(Text.CHECKER_TODAY_HELP))
    return p


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(text(Text.CHECKER_NOT_A_DATE, value=repr(value))) from exc


def _only(paths: Sequence[Path], ctx: Context) -> set[Path]:
    chosen: set[Path] = set()
    for raw in paths:
        path = Path(os.path.abspath(raw))
        if not path.is_relative_to(ctx.docs_dir):
            raise UsageError(text(Text.CHECKER_PATH_OUTSIDE_DOCS, path=raw, docs=ctx.docs_dir))
        if path.is_dir():
            chosen.update(path.rglob("*.md"))
        elif path.exists() or path.is_symlink():
            chosen.add(path)
        else:
            raise UsageError(text(Text.CHECKER_PATH_MISSING, path=raw))
    return chosen


def run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        ctx = build_context(args.config, args.docs, args.today or clock.today())
        only = _only(args.paths, ctx) if args.paths else None
        cache = Path(os.path.abspath(args.cache or ctx.root / ".cache" / "lychee"))
        if args.external and cache.is_relative_to(ctx.docs_dir):
            raise UsageError(text(Text.CHECKER_CACHE_IN_DOCS, cache=cache, docs=ctx.docs_dir))
    except (ModelError, UsageError) as exc:
        err.write(f"check_content: {exc}\n")
        return 2
    result = engine.run(ctx, only)
    findings = result.findings
    if args.external:
        from . import external

        try:
            extra = external.check(external.links_in(result.pages), cache)
        except external.LycheeError as exc:
            err.write(f"check_content: {exc}\n")
            return 2
        except OSError as exc:
            err.write(f"check_content: {text(Text.CHECKER_CACHE_UNUSABLE, cache=cache, error=exc)}\n")
            return 2
        findings = sort_findings(findings + extra)
    colour = args.format == "text" and out.isatty() and not os.environ.get("NO_COLOR")
    report.write(findings, result.count, args.format, out, err, colour)
    return 1 if any(finding.is_error for finding in findings) else 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command itself: ``run`` on stdout and stderr."""
    try:
        return run(argv, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write(f"check_content: {text(Text.CHECKER_INTERRUPTED)}\n")
        return 2
