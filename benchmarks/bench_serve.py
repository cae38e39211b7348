"""Live editing: the time from saving a lesson's new title to the rebuilt page and listings on disk.

``make serve`` runs ``mkdocs serve --dirty``: after a save MkDocs renders only the pages whose file changed, and the
build hook adds every page that shows something that changed (listings, counts, matrix, related pages). This script
does what the server does after a save, in one process: load the configuration again, then build, once with
``dirty=False`` (every page rendered again: the behaviour before) and once with ``dirty=True``. It checks that the
new title is on the lesson's page, on its type's listing and on the matrix cell of its theme and place.

    .venv/bin/python benchmarks/bench_serve.py                  # 1,000 and 3,000 lessons
    .venv/bin/python benchmarks/bench_serve.py --sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from smartcity import catalog, clock, listings, live
from smartcity.model import load_model
from synth import generate

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
SERVE_URL = "http://127.0.0.1:8000/"


def rebuild(config_file: Path, site_dir: Path, dirty: bool) -> float:
    """What ``mkdocs serve`` does after a save: read the configuration again and build; seconds taken."""
    start = time.perf_counter()
    config = load_config(str(config_file), site_dir=str(site_dir), strict=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)
    return time.perf_counter() - start


def first_lesson(docs: Path) -> Path:
    return sorted((docs / "lessen").glob("*.md"), key=lambda p: p.name)[1]


def list_pages(site: Path, first_url: str) -> list[Path]:
    """Every page of the list that starts at ``first_url``: its ``index.html`` and ``pagina-N/index.html``."""
    folder = site / first_url
    return [folder / "index.html", *sorted(folder.glob("pagina-*/index.html"))]


def where_the_title_must_be(site: Path, lesson: Path, docs: Path, config_file: Path) -> dict[str, list[Path]]:
    """The lesson's own page, the list of its type and the matrix cell of its first theme and place."""
    model = load_model(config_file)
    source = catalog.read_page(catalog.read_text(lesson), lesson.relative_to(docs).as_posix(), model, clock.today())
    assert source.record is not None, source.findings
    cell = listings.cell_src(source.record.tags[0], source.record.cities[0])
    return {
        "page": [site / source.record.url / "index.html"],
        "type list": list_pages(site, "lessen/"),
        "matrix cell": list_pages(site, cell.removesuffix(".md") + "/"),
    }


def measure(lessons: int, workdir: Path, runs: int) -> dict[str, float]:
    target = generate(lessons, workdir / f"site-{lessons}")
    config_file = target / "mkdocs.yml"
    docs = target / "docs"
    results: dict[str, list[float]] = {"full": [], "dirty": []}
    for dirty in (False, True):
        site = workdir / f"served-{lessons}-{int(dirty)}"
        live.start("serve", dirty)
        rebuild(config_file, site, dirty)  # the first build when the server starts
        lesson = first_lesson(docs)
        for run in range(runs):
            title = f"Nieuwe titel {run} {'dirty' if dirty else 'full'}"
            text = lesson.read_text(encoding="utf-8")
            text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
            time.sleep(0.05)  # a save after the build, as a person makes it (file times must differ)
            lesson.write_text(text, encoding="utf-8")
            results["full" if not dirty else "dirty"].append(rebuild(config_file, site, dirty))
            for what, paths in where_the_title_must_be(site, lesson, docs, config_file).items():
                assert any(title in path.read_text(encoding="utf-8") for path in paths), f"{title!r} not in {what}"
        live.cancel_search_update()
    return {"full_s": min(results["full"]), "dirty_s": min(results["dirty"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=2, help="saves measured per kind; the fastest counts")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="scl-bench-serve-") as tmp:
        rows = [measure(n, Path(tmp), args.runs) for n in args.sizes]
    print("| lessons | every page rendered again (s) | dirty rebuild, `make serve` (s) |")
    print("| ---: | ---: | ---: |")
    for size, row in zip(args.sizes, rows, strict=True):
        print(f"| {size:,} | {row['full_s']:.1f} | {row['dirty_s']:.1f} |")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench_serve.json").write_text(json.dumps(dict(zip(args.sizes, rows, strict=True)), indent=1))


if __name__ == "__main__":
    main()
