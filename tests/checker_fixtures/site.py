"""Build a minimal site (the repository's mkdocs.yml, a few pages) and run the checker in-process."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import sitekit
from smartcity.checker import cli

REPO = Path(__file__).resolve().parents[2]
TODAY = "2025-01-01"

FRONT = {
    "title": "title: Testpagina",
    "description": "description: Een korte beschrijving.",
    "date": "date: 2024-03-14",
    "type": "type: les",
    "cities": "cities:\n  - Utrecht",
    "tags": "tags:\n  - Open data",
}

BASE_FILES: dict[str, str | bytes] = {
    "index.md": "---\ntitle: Start\n---\n\n# Start\n\nLees de [basisles](lessen/basis.md).\n",
    "lessen/index.md": "---\ntitle: Lessen\nlisting:\n  type: les\n---\n\n# Lessen\n",
    "themas/open-data.md": "---\ntitle: Open data\nlisting:\n  theme: Open data\n---\n\n# Open data\n",
    "lessen/basis.md": (
        "---\ntitle: Basis\ndescription: De basisles.\ndate: 2024-03-14\ntype: les\ncities:\n  - Utrecht\n"
        "tags:\n  - Open data\n---\n\n# Basis\n\n## Wat we leerden\n\nTekst.\n\n## Coöperatie & samenwerking!\n"
    ),
    "assets/logo.png": b"\x89PNG\r\n\x1a\n",
}


def content(body: str = "# Testpagina\n", drop: tuple[str, ...] = (), extra: str = "", **replace: str) -> str:
    """A content page: the default front matter with fields replaced, dropped or added (``extra``)."""
    lines = [replace.get(key, value) for key, value in FRONT.items() if key not in drop]
    if extra:
        lines.append(extra)
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def make_site(root: Path, files: dict[str, str | bytes] | None = None, config_extra: str = "") -> Path:
    """Write mkdocs.yml (the repository's, fixture model) and docs/ with ``BASE_FILES`` plus ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    # The repository's settings with the fixture content model (sitekit.THEMES, sitekit.CITIES), not the live lists:
    # a place or theme the site adds or drops must not change a checker test's verdict.
    config = sitekit.fixture_config(nav=None)
    (root / "mkdocs.yml").write_text(config + config_extra, encoding="utf-8")
    for rel, data in {**BASE_FILES, **(files or {})}.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def copy_site(root: Path, target: Path) -> Path:
    shutil.copytree(root, target, symlinks=True)
    return target


def run(root: Path, *args: str, today: str = TODAY) -> tuple[int, str, str]:
    """Run the checker on the site in ``root``: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["--config", str(root / "mkdocs.yml"), "--today", today, *args]
    status = cli.run(argv, out, err)
    return status, out.getvalue(), err.getvalue()


def findings(root: Path, *args: str, today: str = TODAY) -> tuple[int, list[dict[str, Any]]]:
    """Run with ``--format json``: (exit status, findings)."""
    status, out, err = run(root, "--format", "json", *args, today=today)
    assert status in (0, 1), err
    return status, json.loads(out)
