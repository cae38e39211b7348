"""Generate a synthetic site of N pages in a folder (never in docs/), valid under the content model.

The site is the repository's own ``docs/`` (overview, theme and city pages) plus
generated lessons, interviews and meetups with front matter, headings, internal
links with anchors and an external link, so that both the checker and
``mkdocs build`` have realistic work. ``mkdocs.yml`` is the repository's;
``overrides/`` and ``scripts/`` are symlinks to the repository's, so the hooks run as usual.

    python benchmarks/synth.py 1000 /tmp/site-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from smartcity.model import load_model  # noqa: E402
from smartcity.text import slugify  # noqa: E402

WORDS = [
    "gemeente",
    "data",
    "sensoren",
    "bewoners",
    "pilot",
    "opschalen",
    "samenwerking",
    "kennis",
    "platform",
    "wijk",
    "verkeer",
    "energie",
    "privacy",
    "aanbesteding",
    "leverancier",
    "netwerk",
    "innovatie",
    "dienstverlening",
    "openbaar",
    "ruimte",
    "proef",
]


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _page(index: int, type_name: str, folder: str, rng: random.Random, names: list[str], model: object) -> str:
    themes = rng.sample(model.themes, 2)  # type: ignore[attr-defined]
    cities = rng.sample(model.cities, 1)  # type: ignore[attr-defined]
    year = 2020 + index % 5
    title = f"{type_name.capitalize()} {index}: {_sentence(rng, 4)[:-1]}"
    links = []
    for other in rng.sample(names, min(3, len(names))):
        links.append(f"[{other}]({other}.md#wat-we-leerden)")
    body = [
        f"# {title}",
        "",
        _sentence(rng, 40),
        "",
        "## Wat we leerden",
        "",
        " ".join(_sentence(rng) for _ in range(6)),
        "",
        f"Anne de Vries zei: “{_sentence(rng, 10)}”",  # she is in `people`, so the page must quote her
        "",
        f"Zie ook {', '.join(links)} en het thema [{themes[0]}](../themas/{slugify(themes[0])}.md).",
        "",
        "## Hoe het verder ging",
        "",
        " ".join(_sentence(rng) for _ in range(6)),
        "",
        "- " + _sentence(rng),
        "- " + _sentence(rng),
        "",
        "## Bron",
        "",
        f"Meer in [het verslag](https://example.org/verslag/{index}) en `code {index}`.",
        "",
    ]
    front = [
        "---",
        f'title: "{title}"',
        f"description: {_sentence(rng, 12)}",
        f"date: {year}-0{1 + index % 9}-1{index % 10}",
        f"type: {type_name}",
        "cities:",
        *(f"  - {c}" for c in cities),
        "tags:",
        *(f"  - {t}" for t in themes),
        "people:",
        "  - Anne de Vries",
        "source:",
        f"  title: Verslag {index}",
        f"  url: https://example.org/verslag/{index}",
        f"reviewed: {(dt.date.today() - dt.timedelta(days=index % 300)).isoformat()}",
        "---",
        "",
    ]
    return "\n".join(front + body)


def generate(n_pages: int, target: Path, seed: int = 1) -> Path:
    """Create ``target`` with ``mkdocs.yml``, ``overrides`` (symlink) and ``docs/`` of about ``n_pages`` pages."""
    target = target.resolve()
    if target == REPO or REPO / "docs" in (target, *target.parents):
        raise SystemExit("synth: refusing to write into the repository's docs/")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    (target / "overrides").symlink_to(REPO / "overrides", target_is_directory=True)
    (target / "scripts").symlink_to(REPO / "scripts", target_is_directory=True)  # mkdocs.yml watches scripts/
    shutil.copytree(REPO / "docs", target / "docs")
    model = load_model(REPO / "mkdocs.yml")
    existing = sum(1 for _ in (target / "docs").rglob("*.md"))
    rng = random.Random(seed)
    types = list(model.types.values())
    count = max(0, n_pages - existing)
    names = {t.folder: [f"synth-{i:05d}" for i in range(count) if types[i % len(types)] is t] for t in types}
    for i in range(count):
        page_type = types[i % len(types)]
        name = f"synth-{i:05d}"
        path = target / "docs" / page_type.folder / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        siblings = [n for n in rng.sample(names[page_type.folder], min(4, len(names[page_type.folder]))) if n != name]
        others = [f"../{page_type.folder}/{n}" for n in siblings][:3]
        text = _page(i, page_type.name, page_type.folder, rng, [o.split("/")[-1] for o in others], model)
        path.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(generate(args.pages, args.target))


if __name__ == "__main__":
    main()
