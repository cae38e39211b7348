#!/usr/bin/env python3
"""Write the Dutch job summary of a pull-request check: the changed pages and how to open them in the built site.

Usage: python scripts/pr_summary.py [FILE ...] [--base REF] [--artifact-url URL] >> "$GITHUB_STEP_SUMMARY"

Without FILEs it asks git which files changed between ``--base`` (default ``HEAD^1``: on a pull request
GitHub checks out a merge commit whose first parent is the base branch) and ``HEAD``. No network.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from smartcity.model import REPO_ROOT
from smartcity.pages import page_url

# mkdocs.yml's docs_dir, not read from it: the summary must still work when a pull request breaks mkdocs.yml.
DOCS = "docs/"
ARTIFACT = "site"
PORT = 8000


def changed_files(base: str, repo: Path = REPO_ROOT) -> list[str]:
    """Files added, modified or renamed between ``base`` and ``HEAD`` (deleted ones cannot be opened)."""
    out = subprocess.run(
        ["git", "diff", "--name-only", "-z", "--diff-filter=d", base, "HEAD"],
        capture_output=True,
        check=True,
        cwd=repo,
    ).stdout
    return [name for name in out.decode("utf-8", "replace").split("\0") if name]


def site_path(src: str) -> str:
    """Where a file of ``docs/`` lands in the built site: the page's ``index.html``, or the file itself."""
    rel = src.removeprefix(DOCS)
    return page_url(rel) + "index.html" if rel.endswith(".md") else rel


def code(text: str) -> str:
    """``text`` as a Markdown code span, whatever a file name holds (backticks, markup, control characters)."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    fence = "`" * (max(map(len, re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def file_list(files: Sequence[str]) -> list[str]:
    return [f"- {code(src)} → {code(site_path(src))}" for src in files]


def how_to_open(example: str) -> list[str]:
    server = f"http://localhost:{PORT}/{example.removesuffix('index.html')}"
    return [
        "### Zo bekijk je de site",
        "",
        f"1. Download het artefact **{ARTIFACT}** (de link hierboven, of onder **Artifacts** onderaan de"
        " samenvatting van deze controle) en pak het zip-bestand uit.",
        f"2. Open in de uitgepakte map het bestand achter de pijl (bijvoorbeeld {code(example)}) in je browser."
        " Zo zie je de pagina; links naar andere pagina's en het zoeken werken op deze manier niet altijd.",
        f"3. Alles werkt zoals op de echte site als je in de uitgepakte map een terminal opent, daar"
        f" {code(f'python -m http.server {PORT}')} start (op Windows: {code(f'py -m http.server {PORT}')})"
        f" en in je browser naar {code(server)} gaat. Stoppen doe je met Ctrl+C.",
    ]


def status(artifact_url: str) -> list[str]:
    """Whether there is a built site to look at, and where to download it."""
    if artifact_url:
        return [
            f"De site is gebouwd en staat bij deze controle als artefact **{ARTIFACT}**: [downloaden]({artifact_url})."
        ]
    return [
        "Er is geen voorbeeld: de controle of de build vond fouten, dus de site is niet gebouwd. De meldingen"
        " staan onder **Files changed** bij de regel waar het om gaat, en in het log van de stap **Inhoud"
        " controleren**. Verbeter het bestand en commit opnieuw; de controle draait dan vanzelf weer."
    ]


def changes(files: Sequence[str]) -> list[str]:
    """The changed pages and other files of ``docs/`` with their place in the site; a note for files outside it."""
    docs = [f for f in files if f.startswith(DOCS)]
    pages = [f for f in docs if f.endswith(".md")]
    others = [f for f in docs if not f.endswith(".md")]
    lines = ["### Gewijzigde pagina's", "", *(file_list(pages) or [f"Geen pagina's in {code(DOCS)} gewijzigd."])]
    if others:
        lines += ["", f"### Andere gewijzigde bestanden in {code(DOCS)}", "", *file_list(others)]
    if outside := len(files) - len(docs):
        lines += [
            "",
            f"Ook buiten {code(DOCS)} {'is 1 bestand' if outside == 1 else f'zijn {outside} bestanden'} gewijzigd"
            f" (zoals instellingen, thema of scripts); dat kan elke pagina raken. Bekijk daarom ook de startpagina,"
            f" {code('index.html')}.",
        ]
    return lines


def summary(files: Sequence[str], artifact_url: str) -> str:
    """The job summary in Markdown (Dutch)."""
    unique = sorted(set(files))
    lines = ["## Voorbeeld van de site", "", *status(artifact_url), "", *changes(unique)]
    if artifact_url:
        pages = [f for f in unique if f.startswith(DOCS) and f.endswith(".md")]
        lines += ["", *how_to_open(site_path(pages[0]) if pages else "index.html")]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Samenvatting van een pull request: de gewijzigde pagina's.")
    parser.add_argument("files", nargs="*", help="gewijzigde bestanden (standaard: uit git diff)")
    parser.add_argument("--base", default="HEAD^1", help="vergelijk met deze commit (standaard: HEAD^1)")
    parser.add_argument("--artifact-url", default="", help="downloadlink van het artefact met de gebouwde site")
    args = parser.parse_args(argv)
    files = args.files or changed_files(args.base)
    sys.stdout.write(summary(files, args.artifact_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
