"""Benchmark the content checker against the floor and ``mkdocs build`` on synthetic sites.

For each size (default 1,000 and 3,000 pages) a site is generated in a temporary
folder (``synth.py``), then timed as separate processes (wall time, median of
``--repeat`` runs, checker and floors taking turns; the build once):

- checker: ``python scripts/check_content.py --config <site>/mkdocs.yml``;
- floor: read every Markdown file and parse its front matter (split + YAML with
  libyaml, ``CSafeLoader``, the loader MkDocs and the checker use), nothing else;
- build: ``mkdocs build`` of the same site (``NO_MKDOCS_2_WARNING=1``).

Checker and floors run as on a machine where Python keeps its bytecode cache:
each runs once untimed first, with ``PYTHONPYCACHEPREFIX`` pointing into the
temporary folder and ``PYTHONDONTWRITEBYTECODE`` unset (a developer machine or
CI image may set it; then every run would compile the checker's modules again,
a fixed cost unrelated to the size of the site).

Targets at 3,000 pages (issue 10): checker <= 4x floor, <= 1/10 of the build.

    python benchmarks/bench_checker.py [--sizes 1000 3000] [--repeat 7] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import REPO, generate

FLOOR = r"""
import os, sys, yaml
sys.path.insert(0, sys.argv[2])
from smartcity.frontmatter import split
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
n = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(root, name), encoding="utf-8") as handle:
                part = split(handle.read())
            if part.yaml_text is not None:
                yaml.load(part.yaml_text, Loader=Loader)
            n += 1
print(n)
"""


def _run(command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0, 1)) -> float:
    """Wall time of one run of ``command``; ``ok``: the exit statuses of a run that did its work."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def _time_build(command: list[str], repeat: int, env: dict[str, str]) -> float:
    """Median wall time of a build, which must succeed (status 0: 1 is an aborted build, not findings)."""
    return statistics.median(_run(command, env, ok=(0,)) for _ in range(repeat))


def _time_interleaved(commands: dict[str, list[str]], repeat: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command, the runs taking turns (checker, floor, floor, checker, …).

    Taking turns means that other work on the machine slows every command alike,
    so the ratios stay fair even when the absolute times wander. Every command
    runs once untimed first (bytecode cache, file cache).
    """
    for command in commands.values():
        _run(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(_run(command, env))
    return {name: statistics.median(values) for name, values in times.items()}


def _cached_bytecode_env(workdir: Path) -> dict[str, str]:
    """The environment with Python's bytecode cache on, kept in ``workdir`` (nothing written to the repository)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def measure(pages: int, workdir: Path, repeat: int, build: bool) -> dict[str, float]:
    site = generate(pages, workdir / f"site-{pages}")
    python = sys.executable
    commands = {
        "checker": [python, str(REPO / "scripts" / "check_content.py"), "--config", str(site / "mkdocs.yml")],
        "floor": [python, "-c", FLOOR, str(site / "docs"), str(REPO / "scripts")],
    }
    result: dict[str, float] = {"pages": pages, **_time_interleaved(commands, repeat, _cached_bytecode_env(workdir))}
    if build:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        mkdocs = str(Path(python).with_name("mkdocs"))
        result["build"] = _time_build(
            [mkdocs, "build", "--quiet", "-f", str(site / "mkdocs.yml"), "-d", str(workdir / f"out-{pages}")], 1, env
        )
    return result


def table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| Pages | Checker (s) | Floor, libyaml (s) | mkdocs build (s) | Checker / floor | Checker / build |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        build = row.get("build")
        build_text = f"{build:.1f}" if build else "–"
        share = f"1/{build / row['checker']:.0f}" if build else "–"
        lines.append(
            f"| {int(row['pages']):,} | {row['checker']:.2f} | {row['floor']:.2f} | {build_text} | "
            f"{row['checker'] / row['floor']:.2f}× | {share} |"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        growth = (last["checker"] / first["checker"]) / (last["pages"] / first["pages"])
        lines.append("")
        lines.append(
            f"Growth {int(first['pages']):,} -> {int(last['pages']):,} pages: checker time x"
            f"{last['checker'] / first['checker']:.2f} for x{last['pages'] / first['pages']:.0f} pages "
            f"(per-page time ratio {growth:.2f}; 1.00 = linear)."
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the content checker.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-build", action="store_true", help="skip mkdocs build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-checker-") as tmp:
        rows = []
        for size in args.sizes:
            rows.append(measure(size, Path(tmp), args.repeat, not args.no_build))
            print(f"{size} pages done", file=sys.stderr)
        print(table(rows))


if __name__ == "__main__":
    main()
