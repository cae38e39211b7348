"""Page URLs as MkDocs writes them, used by the hooks and by the checker for raw-HTML links."""

from __future__ import annotations

from pathlib import Path

import pytest
from smartcity.urls import page_url, page_url_dir

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize(
    ("src", "directory_urls", "url", "folder"),
    [
        ("index.md", True, "", ""),
        ("lessen/index.md", True, "lessen/", "lessen/"),
        ("lessen/tussenruimte.md", True, "lessen/tussenruimte/", "lessen/tussenruimte/"),
        ("over/indexen.md", True, "over/indexen/", "over/indexen/"),
        ("index.md", False, "index.html", ""),
        ("lessen/index.md", False, "lessen/index.html", "lessen/"),
        ("lessen/les.md", False, "lessen/les.html", "lessen/"),
    ],
)
def test_page_url_and_its_folder(src: str, directory_urls: bool, url: str, folder: str) -> None:
    assert page_url(src, directory_urls) == url
    assert page_url_dir(src, directory_urls) == folder


def test_page_urls_match_the_built_site(built_site: Path) -> None:
    """Every Markdown page of docs/ is written where ``page_url`` says (directory URLs, as configured)."""
    sources = [path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")]
    assert len(sources) > 30
    for src in sources:
        assert (built_site / page_url(src) / "index.html").is_file(), src
