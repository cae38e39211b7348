#!/usr/bin/env python3
"""Make the editors' preview: ``python scripts/disk_preview.py site voorbeeld``.

Copies a built site (run it only on one that passed the checker, the strict build and the publish gate) into a new
folder in which ``index.html`` opens with a double click and every link works from disk. Logic in
``smartcity.disk_preview``. Exit codes: 0 made, 2 a usage problem (no built site, target exists).
"""

import argparse
import sys
import time
from pathlib import Path

from smartcity.disk_preview import make_preview
from smartcity.texts import Text, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=text(Text.CHECKER_PREVIEW_DESCRIPTION))
    parser.add_argument("site", type=Path, help=text(Text.CHECKER_PREVIEW_SITE_HELP))
    parser.add_argument("target", type=Path, help=text(Text.CHECKER_PREVIEW_TARGET_HELP))
    args = parser.parse_args(argv)
    if args.target.exists():
        print(f"disk_preview: {text(Text.CHECKER_PREVIEW_TARGET_EXISTS, target=args.target)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        result = make_preview(args.site, args.target)
    except FileNotFoundError as exc:
        print(f"disk_preview: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    made = text(
        Text.CHECKER_PREVIEW_MADE,
        target=args.target,
        pages=result.pages,
        links=result.links,
        seconds=f"{seconds:.2f}",
        index=args.target / "index.html",
    )
    print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
