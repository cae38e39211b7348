"""Measure how `mkdocs build` scales with the number of pages: wall time and HTML size per page.

Material writes the whole navigation into every page unless `navigation.prune`
is on, which makes page size grow with the number of pages and build time grow
quadratically. This benchmark builds synthetic sites (benchmarks/synth.py, in a
temporary folder, never in docs/) of several sizes with the repository's
configuration, and once without `navigation.prune` for comparison.

    .venv/bin/python benchmarks/bench_build.py                 # 250, 500, 1000 pages
    .venv/bin/python benchmarks/bench_build.py --sizes 500 2000 --no-compare
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate


@dataclass(frozen=True)
class Measurement:
    pages: int
    prune: bool
    seconds: float
    html_pages: int
    mean_kb: float
    max_kb: float


def build(config: Path, site: Path) -> float:
    """Build strictly; return the wall time in seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env=env,
    )
    return time.perf_counter() - start


def without_prune(config: Path) -> None:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    - navigation.prune\n", ""), encoding="utf-8")


def measure(pages: int, workdir: Path, prune: bool) -> Measurement:
    target = generate(pages, workdir / f"site-{pages}-{'prune' if prune else 'full'}")
    config = target / "mkdocs.yml"
    if not prune:
        without_prune(config)
    seconds = build(config, target / "_site")
    sizes = [p.stat().st_size / 1024 for p in (target / "_site").rglob("*.html")]
    return Measurement(pages, prune, seconds, len(sizes), statistics.fmean(sizes), max(sizes))


def table(rows: list[Measurement]) -> str:
    lines = [
        "| pages | navigation.prune | build (s) | ms per page | HTML KB per page (mean) | max KB |",
        "| ---: | :---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.html_pages} | {'on' if r.prune else 'off'} | {r.seconds:.1f} | {1000 * r.seconds / r.html_pages:.1f}"
            f" | {r.mean_kb:.0f} | {r.max_kb:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--no-compare", action="store_true", help="skip the build without navigation.prune")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scl-bench-build-") as tmp:
        rows = [measure(n, Path(tmp), prune=True) for n in args.sizes]
        if not args.no_compare:
            rows.append(measure(max(args.sizes), Path(tmp), prune=False))
    print(table(rows))


if __name__ == "__main__":
    main()
