"""Cost of ``smartcity.related.related_pages`` for synthetic sites of N pages (records only, no build).

Three shapes of site: ``model`` (the content model's themes and places, two themes and one place a page, as
``benchmarks/synth.py`` makes them), ``places`` (350 places, one to three themes and one or two places a page: most
pages have a combination of their own) and ``dense`` (each page a random choice of 1 to all of the model's themes and
places, the most combinations the model allows).

    .venv/bin/python benchmarks/bench_related.py --sizes 1000 3000 10000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from smartcity.model import load_model  # noqa: E402
from smartcity.pages import PageRecord  # noqa: E402
from smartcity.related import related_pages  # noqa: E402


def synthetic(count: int, shape: str, seed: int = 1) -> list[PageRecord]:
    """``count`` records of the given shape, with dates spread over five years."""
    rng = random.Random(seed)
    model = load_model()
    themes = list(model.themes)
    places = list(model.cities) if shape != "places" else [f"Plaats {n}" for n in range(350)]
    records = []
    for index in range(count):
        if shape == "dense":
            every_key = [("t", t) for t in themes] + [("c", c) for c in places]
            keys = rng.sample(every_key, rng.randint(1, len(every_key)))
            tags = tuple(name for kind, name in keys if kind == "t") or (themes[0],)
            cities = tuple(name for kind, name in keys if kind == "c") or (places[0],)
        elif shape == "places":
            tags = tuple(rng.sample(themes, rng.randint(1, 3)))
            cities = tuple(rng.sample(places, rng.randint(1, 2)))
        else:
            tags = tuple(rng.sample(themes, 2))
            cities = tuple(rng.sample(places, 1))
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        records.append(
            PageRecord(
                src=f"lessen/les-{index}.md",
                type="les",
                title=f"Les {index}",
                description="",
                date=day,
                cities=cities,
                tags=tags,
            )
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| pages | shape | seconds (fastest of {args.runs}) |")
    print("| ---: | --- | ---: |")
    for size in args.sizes:
        for shape in ("model", "places", "dense"):
            records = synthetic(size, shape)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                related_pages(records)
                times.append(time.perf_counter() - start)
            print(f"| {size:,} | {shape} | {min(times):.3f} |")


if __name__ == "__main__":
    main()
