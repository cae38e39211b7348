"""The editors' preview without a browser (``smartcity.disk_preview``): which links change, what goes, what stays.
The browser test (tests/browser/test_disk_preview.py) opens the result from disk."""

from __future__ import annotations

from pathlib import Path

import disk_preview
import pytest
from smartcity.disk_preview import folder_link, make_preview, rewrite_page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("lessen/", "lessen/index.html"),
        ("../", "../index.html"),
        (".", "index.html"),
        ("./", "index.html"),
        ("..", "../index.html"),
        ("../../themas/open-data/#lessen", "../../themas/open-data/index.html#lessen"),
        ("zoeken/?q=data", "zoeken/index.html?q=data"),
        ("#kop", None),
        ("feed.xml", None),
        ("assets/stylesheets/site.css", None),
        ("https://example.org/", None),
        ("//example.org/", None),
        ("/lessen/", None),
        ("mailto:redactie@example.org", None),
        ("", None),
    ],
)
def test_folder_link(url: str, expected: str | None) -> None:
    assert folder_link(url) == expected


PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../pagefind/pagefind-component-ui.css">
<link rel="stylesheet" href="../assets/stylesheets/site.css">
<link rel="next" href="../lessen/">
</head><body>
<header><div class="scl-header-search"><pagefind-searchbox class="scl-searchbox">
<a class="scl-header-search__link" href="../zoeken/">Zoeken</a>
<script type="text/pagefind-template"><a href="{{ meta.url }}">x</a></script>
</pagefind-searchbox></div></header>
<article><h1>Zoeken</h1>
<div class="scl-search"><pagefind-input></pagefind-input><div class="scl-search__columns"><div>in</div></div></div>
<p><a href='../over/' title="a &gt; b">Over</a> <a href=../themas/>Thema's</a> <a href="#top">top</a></p>
</article>
<script src="../pagefind/pagefind-component-ui.js"></script>
<script src="../assets/javascripts/bundle.js"></script>
</body></html>
"""


def test_rewrite_page_links_search_and_scripts() -> None:
    text, links, has_search = rewrite_page(PAGE, "../")
    assert has_search
    assert "pagefind/" not in text
    assert "<pagefind-input>" not in text and 'class="scl-search"' not in text
    assert "werkt wel op de gepubliceerde site" in text
    assert '<a href="../lessen/index.html">Lessen</a>' in text  # the note's own links, from the page's folder
    assert '<a class="scl-header-search__link" href="../zoeken/index.html">' in text
    assert "<a href='../over/index.html' title=\"a &gt; b\">Over</a>" in text
    assert "<a href=../themas/index.html>" in text
    assert '<link rel="next" href="../lessen/index.html">' in text
    assert '<a href="#top">' in text
    assert '<a href="{{ meta.url }}">' in text
    assert '<script src="../assets/javascripts/bundle.js"></script>' in text
    assert "<p>" in text and text.endswith("</body></html>\n")
    assert links == 4  # the header link, <link rel=next> and two in the article; the note is written with index.html


def test_page_without_search_block_keeps_everything_else() -> None:
    page = '<div class="scl-searchbox"><a href="x/">x</a></div><div class="scl-search__columns">y</div>'
    text, links, has_search = rewrite_page(page, "")
    assert not has_search
    assert (
        text == '<div class="scl-searchbox"><a href="x/index.html">x</a></div><div class="scl-search__columns">y</div>'
    )
    assert links == 1


def test_make_preview_copies_and_never_writes_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "lessen" / "een").mkdir(parents=True)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind.js").write_text("x", encoding="utf-8")
    (site / "index.html").write_text('<a href="lessen/een/">Een</a>', encoding="utf-8")
    (site / "lessen" / "een" / "index.html").write_text('<a href="../../">Home</a>', encoding="utf-8")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = make_preview(site, tmp_path / "voorbeeld")
    assert (result.pages, result.links, result.search_page) == (2, 2, False)
    assert (tmp_path / "voorbeeld" / "index.html").read_text(
        encoding="utf-8"
    ) == '<a href="lessen/een/index.html">Een</a>'
    assert (tmp_path / "voorbeeld" / "lessen" / "een" / "index.html").read_text(encoding="utf-8") == (
        '<a href="../../index.html">Home</a>'
    )
    assert not (tmp_path / "voorbeeld" / "pagefind").exists()
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_command_refuses_a_missing_site_and_an_existing_target(tmp_path: Path) -> None:
    assert disk_preview.main([str(tmp_path / "geen-site"), str(tmp_path / "voorbeeld")]) == 2
    (tmp_path / "bestaat").mkdir()
    assert disk_preview.main([str(tmp_path), str(tmp_path / "bestaat")]) == 2
