"""The build against MkDocs' own cost, and the size of the largest page, on synthetic sites.

For each size a synthetic site (benchmarks/synth.py, in a temporary folder, never in
docs/) is built twice with the project's configuration and twice with the *engine
floor*: the same ``mkdocs.yml`` without the hook, the template overrides and the
project's plugins, with Material's own search plugin instead and the navigation the hook
makes from the content model written out (what MkDocs and Material cost by themselves
for this site). Runs alternate, each into an empty site folder, and the faster of the two is kept for each.
The project's time includes everything it adds: validation, listings, pagination,
the sanitizer, the exports and the Pagefind index.

    .venv/bin/python benchmarks/bench_build.py                    # 1,000 and 3,000 lessons
    .venv/bin/python benchmarks/bench_build.py --sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from smartcity.catalog import nav_with_types
from smartcity.model import parse_model, read_config
from synth import generate

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def floor_config(config: Path) -> Path:
    """``mkdocs.yml`` without the project's hook, overrides and plugins; with Material's search."""
    text = config.read_text(encoding="utf-8")
    for old, new in (
        ("  - overrides/hooks/site_hooks.py\n", ""),
        ("hooks:\n", ""),
        ("  custom_dir: overrides\n", ""),
        ("plugins: []\n", "plugins:\n  - search\n"),
        ("strict: true\n", "strict: false\n"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    text = _with_navigation_of_the_model(text, config)
    floor = config.with_name("mkdocs-floor.yml")
    # Pages that name one of the site's own templates (zoeken.html, …) cannot be built without the overrides.
    docs = config.parent / "docs"
    own_templates = sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if re.search(r"^template:", path.read_text(encoding="utf-8")[:2000], re.M)
    )
    exclude = "exclude_docs: |\n" + "".join(f"  /{src}\n" for src in own_templates)
    floor.write_text(text + exclude, encoding="utf-8")
    return floor


def _with_navigation_of_the_model(text: str, config: Path) -> str:
    """``text`` (mkdocs.yml) with the navigation the site has: the hook adds a section for each page type of the content
    model (``catalog.nav_with_types``), which a site without the hook would list in ``nav`` by hand. Without it the
    floor renders a smaller menu on every page (23 items against 32 at 1,000 lessons) and looks cheaper than MkDocs is
    for this site."""
    project = read_config(config)
    nav = nav_with_types(project["nav"], parse_model(project, config.parent))
    start = text.index("\nnav:\n") + 1
    end = re.compile(r"^\S", re.M).search(text, start + len("nav:\n"))
    block = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    return text[:start] + block + (text[end.start() :] if end else "")


def build(config: Path, site: Path, strict: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    flag = "--strict" if strict else "--no-strict"
    # Every build starts without a site folder, as on a fresh clone in CI. MkDocs would otherwise delete the previous
    # run's thousands of files first, and on this machine's ext4 (mounted with `discard`) files created in the seconds
    # after that are slow to create: writing the 1,024 files of the search index at 1,000 lessons took 1.0 s after a
    # previous build and 0.13 s into an empty folder. Not timed, and the same for the project and the floor.
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", flag, "-q", "-f", str(config), "-d", str(site)], check=True, env=env
    )
    return time.perf_counter() - start


def measure(lessons: int, workdir: Path, runs: int) -> dict[str, float]:
    target = generate(lessons, workdir / f"site-{lessons}")
    project, floor = target / "mkdocs.yml", floor_config(target / "mkdocs.yml")
    times: dict[str, list[float]] = {"project": [], "floor": []}
    for _ in range(runs):
        times["project"].append(build(project, target / "_site", strict=True))
        times["floor"].append(build(floor, target / "_floor", strict=False))
    sizes = {p: p.stat().st_size for p in (target / "_site").rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    return {
        "pages": len(sizes),
        "project_s": min(times["project"]),
        "floor_s": min(times["floor"]),
        "ratio": min(times["project"]) / min(times["floor"]),
        "largest_kb": sizes[largest] / 1024,
        "largest": largest.relative_to(target / "_site").as_posix(),
        "mean_kb": sum(sizes.values()) / len(sizes) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind per size; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scl-bench-build-") as tmp:
        rows = [measure(n, Path(tmp), args.runs) for n in args.sizes]
    print("| lessons | HTML pages | project (s) | floor (s) | project / floor | largest page (KB) | mean (KB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, r in zip(args.sizes, rows, strict=True):
        print(
            f"| {size:,} | {r['pages']:,} | {r['project_s']:.1f} | {r['floor_s']:.1f} | {r['ratio']:.2f} "
            f"| {r['largest_kb']:.0f} ({r['largest']}) | {r['mean_kb']:.0f} |"
        )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench_build.json").write_text(json.dumps(dict(zip(args.sizes, rows, strict=True)), indent=1))


if __name__ == "__main__":
    main()
