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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Controleer de gebouwde site voordat die online gaat.")
    parser.add_argument("site", nargs="?", default="site", help="de map met de gebouwde site (standaard: site)")
    parser.add_argument("--config", default=str(MKDOCS_YML), help="mkdocs.yml van de repository")
    args = parser.parse_args(argv)
    site_dir = Path(args.site)
    config = Path(args.config)
    if not site_dir.is_dir():
        print(f"De map {site_dir} bestaat niet. Bouw eerst de site (make build).", file=sys.stderr)
        return 2
    if not config.is_file():
        print(f"Het configuratiebestand {config} bestaat niet.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        refusals = gate.check(site_dir, config.resolve())
    except ModelError as exc:
        print(f"De configuratie kan niet gelezen worden: {exc}", file=sys.stderr)
        return 2
    name = site_dir.as_posix().rstrip("/")
    for refusal in refusals:
        print(refusal.line(name))
    seconds = time.perf_counter() - started
    if refusals:
        print(f"\nPublicatiepoort: {len(refusals)} probleem/problemen; de site gaat zo niet online.", file=sys.stderr)
        return 1
    print(f"Publicatiepoort: de site in {name}/ mag online ({seconds:.1f} s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
