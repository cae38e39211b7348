#!/usr/bin/env python3
"""Write the Dutch job summary of a pull-request check: the changed pages and how to open them in the built site.

``python scripts/pr_summary.py [FILE ...] [--base REF] [--artifact-url URL] >> "$GITHUB_STEP_SUMMARY"``; without FILEs,
git lists those changed since ``--base`` (default ``HEAD^1``: the base branch in GitHub's merge commit). No network.
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

DOCS = "docs/"  # mkdocs.yml's docs_dir, not read from it: the summary must work when a pull request breaks mkdocs.yml
ARTIFACT = "site"
BUILT = "De site is gebouwd en staat bij deze controle als artefact **{artifact}**: [downloaden]({url})."
NOT_BUILT = (
    "Er is geen voorbeeld: de controle of de build vond fouten, dus de site is niet gebouwd. De meldingen staan onder"
    " **Files changed** bij de regel waar het om gaat, en in het log van de stap **Inhoud controleren**. Verbeter het"
    " bestand en commit opnieuw; de controle draait dan vanzelf weer."
)
OUTSIDE = (
    "Ook buiten {docs} {count} gewijzigd (zoals instellingen, thema of scripts); dat kan elke pagina raken. Bekijk"
    " daarom ook de startpagina, `index.html`."
)
HOW_TO_OPEN = (  # step 3 serves the site as it is published: links and search only work that way
    "### Zo bekijk je de site\n\n1. Download het artefact **{artifact}** (de link hierboven, of onder **Artifacts**"
    " onderaan de samenvatting van deze controle) en pak het zip-bestand uit.\n2. Open in de uitgepakte map het bestand"
    " achter de pijl (bijvoorbeeld {example}) in je browser. Zo zie je de pagina; links naar andere pagina's en het"
    " zoeken werken op deze manier niet altijd.\n3. Alles werkt zoals op de echte site als je in de uitgepakte map een"
    " terminal opent, daar `python -m http.server 8000` start (op Windows: `py -m http.server 8000`) en in je browser"
    " naar {server} gaat. Stoppen doe je met Ctrl+C."
)


def changed_files(base: str, repo: Path = REPO_ROOT) -> list[str]:
    """Files added, modified or renamed between ``base`` and ``HEAD`` (deleted ones cannot be opened)."""
    diff = ["git", "diff", "--name-only", "-z", "--diff-filter=d", base, "HEAD"]
    out = subprocess.run(diff, capture_output=True, check=True, cwd=repo).stdout.decode("utf-8", "replace")
    return [name for name in out.split("\0") if name]


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


def summary(files: Sequence[str], artifact_url: str) -> str:
    """The job summary in Markdown: whether the site was built, the changed files of ``docs/`` and where they land."""
    files = sorted(set(files))
    docs = [f for f in files if f.startswith(DOCS)]
    pages, others = [f for f in docs if f.endswith(".md")], [f for f in docs if not f.endswith(".md")]
    listed = ["\n".join(f"- {code(src)} → {code(site_path(src))}" for src in group) for group in (pages, others)]
    status = BUILT.format(artifact=ARTIFACT, url=artifact_url) if artifact_url else NOT_BUILT
    blocks = ["## Voorbeeld van de site", status, "### Gewijzigde pagina's"]
    blocks.append(listed[0] or f"Geen pagina's in {code(DOCS)} gewijzigd.")
    if others:
        blocks += [f"### Andere gewijzigde bestanden in {code(DOCS)}", listed[1]]
    if outside := len(files) - len(docs):
        count = "is 1 bestand" if outside == 1 else f"zijn {outside} bestanden"
        blocks.append(OUTSIDE.format(docs=code(DOCS), count=count))
    if artifact_url:
        example = site_path(pages[0]) if pages else "index.html"
        server = code(f"http://localhost:8000/{example.removesuffix('index.html')}")
        blocks.append(HOW_TO_OPEN.format(artifact=ARTIFACT, example=code(example), server=server))
    return "\n\n".join(blocks) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Samenvatting van een pull request: de gewijzigde pagina's.")
    parser.add_argument("files", nargs="*", help="gewijzigde bestanden (standaard: uit git diff)")
    parser.add_argument("--base", default="HEAD^1", help="vergelijk met deze commit (standaard: HEAD^1)")
    parser.add_argument("--artifact-url", default="", help="downloadlink van het artefact met de gebouwde site")
    args = parser.parse_args()
    sys.stdout.write(summary(args.files or changed_files(args.base), args.artifact_url))
