"""Build the site's search index with Pagefind, the pinned binary from the ``pagefind_bin_extended`` wheel.

Called after MkDocs has written the site (the build hook's ``on_post_build``), so
``make build``, ``make serve`` and CI all publish ``<site>/pagefind/``. Pagefind
reads only the HTML; it makes no network request.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from pagefind_bin_extended import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind could not build the search index; the message is Dutch and says why."""


def build_index(site_dir: Path) -> None:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``; raise :class:`SearchIndexError` on failure."""
    try:
        site = str(site_dir.resolve())
        # Not the permalink signs (¶) that Markdown's toc extension puts in every heading.
        command = [str(get_executable()), "--site", site, "--exclude-selectors", ".headerlink", "--silent"]
        # An empty working directory: Pagefind reads a pagefind.yml/toml/json from there, and none may apply.
        with tempfile.TemporaryDirectory(prefix="scl-pagefind-") as cwd:
            result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:  # the binary is missing or cannot run
        reinstall = "installeer de vereisten opnieuw met 'pip install -r requirements.txt'"
        raise SearchIndexError(f"Pagefind kon niet starten ({error}); {reinstall}.") from error
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        details = " ".join(dict.fromkeys(line.strip() for line in (result.stderr + result.stdout).splitlines() if line))
        raise SearchIndexError(f"De zoekindex (Pagefind) kon niet worden gemaakt voor {site_dir}: {details}")
