"""Listings are Jinja templates over page records: exact selections, newest first, paged, escaped, of bounded size."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from html_utils import elements, listing_links
from smartcity import listings
from smartcity.model import ContentModel
from smartcity.pages import PAGE_SIZE
from smartcity.text import slugify


def listed(site: Path, page_url: str) -> list[str]:
    """URLs (relative to the site root) of the pages a built listing page links to, in order."""
    html = (site / page_url / "index.html").read_text(encoding="utf-8")
    return [posixpath.normpath(posixpath.join(page_url, href)) + "/" for href in listing_links(html)]


def test_each_theme_place_and_type_page_lists_exactly_its_pages(built_site: Path, model: ContentModel, content_pages):
    for theme in model.themes:
        assert listed(built_site, f"themas/{slugify(theme)}/") == [p.url for p in content_pages if theme in p.tags]
    for city in model.cities:
        assert listed(built_site, f"steden/{slugify(city)}/") == [p.url for p in content_pages if city in p.cities]
    for page_type in model.types.values():
        expected = [p.url for p in content_pages if p.type == page_type.name]
        assert expected and listed(built_site, f"{page_type.folder}/") == expected


def test_entries_say_geplaatst_with_a_dutch_date(built_site: Path) -> None:
    html = (built_site / "lessen" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Geplaatst <time datetime="\d{4}-\d\d-\d\d">\d{1,2} [a-z]+ \d{4}</time>', html)


def test_counts_on_home_match_the_pages(built_site: Path, model: ContentModel, content_pages) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8").replace("&#39;", "'")
    for theme in model.themes:
        n = sum(theme in p.tags for p in content_pages)
        noun = "pagina" if n == 1 else "pagina's"
        count = f"{n} {noun}"
        if n == 0:  # a theme without pages does not look like content: it says so, at the end of the list
            count = "nog geen pagina's"
        assert f'href="themas/{slugify(theme)}/">{theme}</a> <span class="scl-count">{count}</span>' in home, theme


def test_matrix_cells_link_to_lists_of_exactly_those_pages(built_site: Path, model: ContentModel, content_pages):
    html = (built_site / "themas" / "matrix" / "index.html").read_text(encoding="utf-8")
    for theme in model.themes:
        for city in model.cities:
            found = [p.url for p in content_pages if theme in p.tags and city in p.cities]
            cell = posixpath.relpath(listings.cell_src(theme, city).removesuffix(".md"), "themas/matrix") + "/"
            if found:
                assert f'href="{cell}">{len(found)}</a>' in html, (theme, city)
                assert listed(built_site, f"themas/matrix/{cell}") == found
            else:
                assert f'href="{cell}"' not in html


LESSONS = 2 * PAGE_SIZE + 20
LESSON = """---
title: {title}
description: {description}
date: {date}
type: les
cities: [{city}]
tags: [Aanbesteden]
---

# Proef
"""


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site plus 2 * PAGE_SIZE + 20 lessons on one theme and place, one with a title full of markup-like text."""
    root = tmp_path_factory.mktemp("groot")
    config = copy_project(root)
    lessons = root / "docs" / "lessen"
    for n in range(LESSONS):
        day = f"20{10 + n // 28:02d}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        (lessons / f"proef-{n:03d}.md").write_text(
            LESSON.format(title=f"Proef {n:03d}", description="Een proef.", date=day, city="Utrecht"), "utf-8"
        )
    (lessons / "tekens.md").write_text(
        LESSON.format(
            title='"Kosten > baten & 1 < 2"',
            description='"Met \\"aanhalingstekens\\" & meer."',
            date="2009-01-01",
            city="Den Haag",
        ),
        "utf-8",
    )
    result = mkdocs_build(config, root / "site", SITE_URL="https://example.org/lessen-site/")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_long_lists_are_paged_and_every_page_is_in_the_sitemap(big_site: Path, content_pages) -> None:
    total = len([p for p in content_pages if p.type == "les"]) + LESSONS + 1
    pages = -(-total // PAGE_SIZE)
    first = listed(big_site, "lessen/")
    assert len(first) == PAGE_SIZE
    seen = list(first)
    for number in range(2, pages + 1):
        seen += listed(big_site, f"lessen/pagina-{number}/")
    assert len(seen) == total == len(set(seen))
    assert (
        seen.index(f"lessen/proef-{LESSONS - 1:03d}/") < seen.index("lessen/proef-000/") < seen.index("lessen/tekens/")
    )
    sitemap = (big_site / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"lessen/pagina-{n}/" in sitemap for n in range(2, pages + 1))
    nav = (big_site / "lessen" / "pagina-2" / "index.html").read_text(encoding="utf-8")
    assert 'rel="prev"' in nav and "Vorige" in nav and "Volgende" in nav and 'aria-current="page">2<' in nav


def test_no_page_grows_with_the_site(big_site: Path) -> None:
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < 150_000, largest


def test_values_are_text_in_every_listing(big_site: Path) -> None:
    """A title with <, > and & is shown as written, never as markup, wherever it is listed."""
    for url in ("steden/den-haag/", "themas/matrix/aanbesteden--den-haag/", "lessen/tekens/"):
        html = (big_site / url / "index.html").read_text(encoding="utf-8")
        assert "Kosten &gt; baten &amp; 1 &lt; 2" in html, url
        assert "Kosten > baten" not in html, url
    for tag, attrs, _ in elements((big_site / "lessen" / "tekens" / "index.html").read_text(encoding="utf-8")):
        if tag == "meta" and attrs.get("name") == "description":
            assert attrs["content"] == 'Met "aanhalingstekens" & meer.'


def test_made_pages_list_exactly_their_pages_in_pages_of_100(tmp_path: Path) -> None:
    """On a fixture with more than PAGE_SIZE pages: the theme page the build makes, its page 2, the matrix cell and
    its page 2 exist, list each page once, newest first, and carry the agreed titles."""
    import sitekit

    theme, city = sitekit.THEMES[0], sitekit.CITIES[0]
    count = PAGE_SIZE + 30
    pages = {}
    for number in range(count):
        date = f"{2020 + number // 300}-{number // 28 % 12 + 1:02d}-{number % 28 + 1:02d}"
        text = sitekit.page_text(title=f"Les {number:03d}", date=date, tags=[theme], cities=[city])
        pages[f"lessen/les-{number:03d}.md"] = text
    config = sitekit.make_project(tmp_path, pages)
    built = sitekit.build(config, env={"SITE_URL": "https://example.org/"})  # MkDocs' sitemap needs the site URL
    assert built.returncode == 0, built.stderr
    site = sitekit.site_dir(config)
    newest_first = [f"lessen/les-{number:03d}/" for number in reversed(range(count))]

    theme_url = f"themas/{slugify(theme)}/"
    cell_url = listings.cell_src(theme, city).removesuffix(".md") + "/"
    for first_url, title in ((theme_url, theme), (cell_url, f"{theme} – {city}")):
        assert listed(site, first_url) + listed(site, f"{first_url}pagina-2/") == newest_first
        second = (site / first_url / "pagina-2" / "index.html").read_text(encoding="utf-8")
        assert f"<title>{title} (pagina 2) - " in second
        assert not (site / first_url / "pagina-3").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{theme_url}pagina-2/" in sitemap and f"{cell_url}pagina-2/" in sitemap
