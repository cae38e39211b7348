#!/usr/bin/env python3
"""Write the Dutch job summary of a pull-request check: the changed pages and how to open them in the built site.

``python scripts/pr_summary.py [FILE ...] [--base REF] [--build OUTCOME] [--artifact-url URL]``, appended to
``"$GITHUB_STEP_SUMMARY"``. Without FILEs, git lists those changed since ``--base`` (default ``HEAD^1``: the base
branch in GitHub's merge commit). ``--build`` is the outcome of the workflow's build step (``steps.build.outcome``:
success, failure, skipped, cancelled): only after a successful build does the summary say where a page lands in the
site. No network.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import jinja2
from smartcity.model import REPO_ROOT
from smartcity.pages import page_url
from smartcity.texts import Text, text

DOCS = "docs/"  # mkdocs.yml's docs_dir, not read from it: the summary must work when a pull request breaks mkdocs.yml
# The double-click preview (scripts/disk_preview.py), made only after the publish gate. A name, not a text: it must
# be the artifact name that .github/workflows/pr.yml uploads.
ARTIFACT = "voorbeeld"


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


def summary(files: Sequence[str], artifact_url: str, built: bool | None = None) -> str:
    """The job summary in Markdown: whether the site was built, the changed files and, once built, where pages land.

    ``built`` is whether the build step succeeded; ``None`` (not told) counts as built when there is an artifact.
    """
    if built is None:
        built = bool(artifact_url)
    files = sorted(set(files))
    docs = [f for f in files if f.startswith(DOCS)]
    pages = [f for f in docs if f.endswith(".md")]
    others = [f for f in docs if not f.endswith(".md")]
    outside = [f for f in files if not f.startswith(DOCS)]
    loader = jinja2.FileSystemLoader(Path(__file__).parent)
    environment = jinja2.Environment(loader=loader)  # noqa: S701 - Markdown: `code` escapes
    environment.filters.update(code=code, site_path=site_path)
    return environment.get_template("pr_summary.md.jinja").render(
        artifact=ARTIFACT,
        artifact_url=artifact_url,
        built=built,
        docs=DOCS,
        pages=pages,
        others=others,
        outside=outside,
        example=site_path(pages[0]) if pages else "index.html",
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=text(Text.CHECKER_PR_SUMMARY_DESCRIPTION))
    parser.add_argument("files", nargs="*", help=text(Text.CHECKER_PR_SUMMARY_FILES_HELP))
    parser.add_argument("--base", default="HEAD^1", help=text(Text.CHECKER_PR_SUMMARY_BASE_HELP))
    parser.add_argument("--artifact-url", default="", help=text(Text.CHECKER_PR_SUMMARY_ARTIFACT_URL_HELP))
    parser.add_argument("--build", default="", help=text(Text.CHECKER_PR_SUMMARY_BUILD_HELP))
    args = parser.parse_args()
    built = args.build == "success" if args.build else None
    sys.stdout.write(summary(args.files or changed_files(args.base), args.artifact_url, built))
