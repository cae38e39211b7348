"""Load the hostile corpus (``manifest.yml``) and put its pages into a copy of the site's ``docs/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FOLDER = "lessen"  # every corpus page is a lesson (type: les)
PAYLOAD_GLOBAL = "__pwned"  # every payload sets window.__pwned


@dataclass(frozen=True)
class Case:
    """One corpus page and what must happen to it."""

    name: str  # file name in tests/hostile/
    expect: str  # "refused" or "inert"
    rule: str  # the rule id of a refused page ("" for an inert one)
    attack: str  # what the page tries, in Dutch

    @property
    def src(self) -> str:
        """Where the page lives in the site's docs/."""
        return f"{FOLDER}/{self.name}"

    @property
    def url(self) -> str:
        """The published page, relative to the site root."""
        return f"{FOLDER}/{self.name.removesuffix('.md')}/"


def cases(expect: str | None = None) -> list[Case]:
    """Every case of the manifest (only those with ``expect`` when given), sorted by name."""
    manifest = yaml.safe_load((HERE / "manifest.yml").read_text(encoding="utf-8"))
    found = [
        Case(name, spec["expect"], spec.get("rule", ""), spec["attack"]) for name, spec in sorted(manifest.items())
    ]
    return [case for case in found if expect in (None, case.expect)]


def install(selected: list[Case], docs: Path) -> None:
    """Copy the pages of ``selected`` into ``docs`` (a temporary copy of the site's docs/)."""
    for case in selected:
        (docs / case.src).write_bytes((HERE / case.name).read_bytes())
