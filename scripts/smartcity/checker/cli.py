"""Command line: ``python scripts/check_content.py [PATH ...] [--format …] [--external] …``.

Exit status: 0 without errors (warnings allowed), 1 with errors, 2 for a usage
or configuration problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..model import MKDOCS_YML, ModelError
from . import engine, report
from .context import Context, build_context
from .findings import count, sort_findings

DEFAULT_CACHE = Path(".cache") / "external-links.json"


class UsageError(Exception):
    """A problem with the command line or the configuration (exit status 2)."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="check_content.py",
        description="Controleer de pagina's in docs/: front matter, links, ankers, veiligheid en de site als geheel.",
    )
    p.add_argument("paths", nargs="*", type=Path, help="alleen deze bestanden of mappen (standaard: heel docs/)")
    p.add_argument("--config", type=Path, default=MKDOCS_YML, help="mkdocs.yml (standaard: die van de repository)")
    p.add_argument("--docs", type=Path, default=None, help="de map met pagina's (standaard: docs_dir uit de config)")
    p.add_argument("--format", choices=report.FORMATS, default="text", help="uitvoer: text, github of json")
    p.add_argument("--external", action="store_true", help="controleer ook links naar andere websites")
    p.add_argument("--cache", type=Path, default=None, help="cachebestand voor --external (.cache/external-links.json)")
    p.add_argument("--timeout", type=float, default=10.0, help="time-out per externe link in seconden")
    p.add_argument("--today", type=_date, default=None, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
    return p


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"geen datum (JJJJ-MM-DD): {value!r}") from exc


def _only(paths: Sequence[Path], ctx: Context) -> set[Path] | None:
    if not paths:
        return None
    chosen: set[Path] = set()
    for raw in paths:
        path = Path(os.path.abspath(raw))
        try:
            rel = path.relative_to(ctx.docs_dir)
        except ValueError:
            try:
                rel = path.resolve().relative_to(ctx.docs_dir)
            except (ValueError, OSError) as exc:
                raise UsageError(f"{raw} ligt niet in {ctx.docs_dir}") from exc
        target = ctx.docs_dir / rel
        if target.is_dir():
            chosen.update(p for p in target.rglob("*.md"))
        elif target.exists() or target.is_symlink():
            chosen.add(target)
        else:
            raise UsageError(f"{raw} bestaat niet")
    return chosen


def _cache_path(args: argparse.Namespace, ctx: Context) -> Path:
    cache = args.cache or (ctx.root / DEFAULT_CACHE)
    cache = Path(os.path.abspath(cache))
    if cache.is_relative_to(ctx.docs_dir):
        raise UsageError(f"het cachebestand {cache} mag niet in {ctx.docs_dir} staan")
    return cache


def run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        ctx = build_context(args.config, args.docs, args.today or dt.date.today())
        only = _only(args.paths, ctx)
        cache = _cache_path(args, ctx) if args.external else None
    except (ModelError, UsageError) as exc:
        err.write(f"check_content: {exc}\n")
        return 2
    result, site = engine.run(ctx, only)
    findings = result.findings
    if cache is not None:
        pages = [p for p in site.pages.values() if only is None or p.path in only]
        from . import external  # only now: it pulls in the HTTP client, which a normal run does not need

        try:
            extra, _fetched = external.check(pages, cache, external.Options(timeout=args.timeout))
        except OSError as exc:
            err.write(f"check_content: kan het cachebestand {cache} niet schrijven: {exc}\n")
            return 2
        findings = sort_findings(findings + extra)
    colour = args.format == "text" and out.isatty() and not os.environ.get("NO_COLOR")
    report.write(findings, result.pages, args.format, out, err, colour)
    errors, _warnings = count(findings)
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command itself: ``run`` on stdout and stderr, for a process that ends right after."""
    try:
        return run(argv, sys.stdout, sys.stderr)
    except KeyboardInterrupt:
        sys.stderr.write("check_content: afgebroken\n")
        return 2
    finally:
        # The process ends now: keep the garbage collector's last full pass at exit from
        # walking every page, node and finding once more (a tenth of a second on a large site).
        gc.freeze()
