"""The publish gate: refuse a built site unless everything in it is what the project allows (``smartcity.gate``).

    .venv/bin/python scripts/publish_gate.py [site] [--config mkdocs.yml]

Prints one Dutch line per problem, ``site/<file>: <what> — <fix>``, and exits 1 when there is any, 0 when the site
may go out, 2 for a usage error (no such folder). It imports neither MkDocs nor the build hook.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from smartcity import gate
from smartcity.model import MKDOCS_YML, ModelError
from smartcity.texts import Text, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=text(Text.GATE_DESCRIPTION))
    parser.add_argument("site", nargs="?", default="site", help=text(Text.GATE_SITE_HELP))
    parser.add_argument("--config", default=str(MKDOCS_YML), help=text(Text.GATE_CONFIG_HELP))
    args = parser.parse_args(argv)
    site_dir = Path(args.site)
    config = Path(args.config)
    if not site_dir.is_dir():
        print(text(Text.GATE_NO_SITE_FOLDER, folder=site_dir), file=sys.stderr)
        return 2
    if not config.is_file():
        print(text(Text.GATE_NO_CONFIG_FILE, config=config), file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        refusals = gate.check(site_dir, config.resolve())
    except ModelError as exc:
        print(text(Text.GATE_CONFIG_UNREADABLE, error=exc), file=sys.stderr)
        return 2
    name = site_dir.as_posix().rstrip("/")
    for refusal in refusals:
        print(refusal.line(name))
    seconds = time.perf_counter() - started
    if refusals:
        print("\n" + text(Text.GATE_SITE_REFUSED, count=len(refusals)), file=sys.stderr)
        return 1
    print(text(Text.GATE_SITE_PASSED, site=name, seconds=f"{seconds:.1f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
