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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak van een gebouwde site een voorbeeld om vanaf schijf te openen.")
    parser.add_argument("site", type=Path, help="de gebouwde site (bijvoorbeeld site/)")
    parser.add_argument("target", type=Path, help="de nieuwe map voor het voorbeeld (mag nog niet bestaan)")
    args = parser.parse_args(argv)
    if args.target.exists():
        print(f"disk_preview: {args.target} bestaat al; kies een nieuwe map.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        result = make_preview(args.site, args.target)
    except FileNotFoundError as exc:
        print(f"disk_preview: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(
        f"Voorbeeld gemaakt in {args.target}: {result.pages} pagina's, {result.links} links naar mappen aangepast, "
        f"in {seconds:.2f} s. Open {args.target / 'index.html'} met een dubbelklik."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
