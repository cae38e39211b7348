"""``build_index`` runs the pinned Pagefind on a built site; a failure becomes a Dutch ``SearchIndexError``."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from smartcity.search_index import SearchIndexError, build_index

PAGE = """<!doctype html>
<html lang="nl"><head><title>{title}</title></head>
<body>
<nav>Navigatie die niet in de index hoort</nav>
<article data-pagefind-body>
<h1>{title}<a class="headerlink" href="#">¶</a></h1>
<p>{text}</p>
<span data-pagefind-filter="thema" hidden>Open data</span>
</article>
</body></html>
"""


def _site(root: Path) -> Path:
    for name, title, text in [
        ("index.html", "Startpagina", "Welkom."),
        ("les/index.html", "Tussenruimte", "De coöperatie organiseert samenwerking."),
    ]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    return root


def test_build_index_writes_the_pagefind_bundle(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    build_index(site)
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["nl"]["page_count"] == 2
    assert list((bundle / "filter").iterdir()), "geen filter 'thema' in de index"
    pages = {page["url"]: page for page in map(_fragment, (bundle / "fragment").iterdir())}
    lesson = pages["/les/"]
    assert lesson["meta"]["title"] == "Tussenruimte"  # without the permalink sign
    assert "coöperatie" in lesson["content"]
    assert "Navigatie" not in lesson["content"] and "¶" not in lesson["content"]


def _fragment(path: Path) -> dict:
    """One page as Pagefind stored it: gzip, a signature, then JSON."""
    return json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))


def test_a_failure_is_a_search_index_error_in_dutch(tmp_path: Path) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(SearchIndexError, match="De zoekindex \\(Pagefind\\) kon niet worden gemaakt"):
        build_index(empty)
    assert not (empty / "pagefind").exists()


def test_a_missing_binary_is_a_search_index_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smartcity.search_index.get_executable", lambda: tmp_path / "bestaat-niet")
    with pytest.raises(SearchIndexError, match="Pagefind kon niet starten"):
        build_index(_site(tmp_path / "site"))
