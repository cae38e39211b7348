"""Theme, city and type pages list exactly their pages, newest first; home, counts and the theme x city table."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from conftest import copy_project, mkdocs_build
from html_utils import listing_links
from smartcity import listings
from smartcity.model import ContentModel
from smartcity.pages import ContentPage
from smartcity.text import slugify


def listed(site: Path, page_url: str) -> list[str]:
    """URLs (relative to the site root) of the pages a built listing page links to, in order."""
    html = (site / page_url / "index.html").read_text(encoding="utf-8")
    return [posixpath.normpath(posixpath.join(page_url, href)) + "/" for href in listing_links(html)]


def test_each_theme_page_lists_exactly_its_pages(built_site: Path, model: ContentModel, content_pages) -> None:
    for theme in model.themes:
        expected = [p.url for p in content_pages if theme in p.tags]
        assert listed(built_site, f"themas/{slugify(theme)}/") == expected, theme


def test_each_city_page_lists_exactly_its_pages(built_site: Path, model: ContentModel, content_pages) -> None:
    for city in model.cities:
        expected = [p.url for p in content_pages if city in p.cities]
        assert listed(built_site, f"steden/{slugify(city)}/") == expected, city


def test_each_type_page_lists_exactly_its_pages(built_site: Path, model: ContentModel, content_pages) -> None:
    for page_type in model.types.values():
        expected = [p.url for p in content_pages if p.type == page_type.name]
        assert expected
        assert listed(built_site, f"{page_type.folder}/") == expected


def page(title: str, date: str, tags=("Aanbesteden",), cities=("Utrecht",)) -> ContentPage:
    return ContentPage(
        src=f"lessen/{slugify(title)}.md",
        title=title,
        description=f"Over {title}.",
        date=dt.date.fromisoformat(date),
        type="les",
        cities=tuple(cities),
        tags=tuple(tags),
        people=(),
        source=None,
        reviewed=None,
    )


def test_listing_shows_newest_first_with_dutch_date_and_description(model: ContentModel) -> None:
    pages = sorted([page("Oud", "2017-03-14"), page("Nieuw", "2024-05-01")], key=lambda p: p.date, reverse=True)
    markdown = listings.page_list(pages, "themas/aanbesteden.md", model)
    assert markdown.index("[Nieuw](../lessen/nieuw.md)") < markdown.index("[Oud](../lessen/oud.md)")
    assert '<time datetime="2017-03-14">14 maart 2017</time>' in markdown
    assert "Over Oud." in markdown
    assert "data-search-exclude" in markdown


def test_empty_listing_invites_a_contribution(model: ContentModel) -> None:
    assert "[Deel wat uw gemeente leerde](../bijdragen/index.md)" in listings.page_list([], "steden/g5.md", model)


def test_built_listings_sort_by_date_across_dates(tmp_path: Path) -> None:
    config = copy_project(tmp_path)
    for name, date in (("oude-les", "2017-03-14"), ("nieuwe-les", "2025-01-31")):
        (tmp_path / "docs" / "lessen" / f"{name}.md").write_text(
            f"---\ntitle: {name}\ndescription: Proef.\ndate: {date}\ntype: les\ncities: [Eindhoven]\n"
            "tags: [Aanbesteden]\n---\n\n# Proef\n",
            encoding="utf-8",
        )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert listed(tmp_path / "site", "steden/eindhoven/") == ["lessen/nieuwe-les/", "lessen/oude-les/"]
    city = (tmp_path / "site" / "steden" / "eindhoven" / "index.html").read_text(encoding="utf-8")
    assert "31 januari 2025" in city and "14 maart 2017" in city


def test_counts_on_home_match_the_pages(built_site: Path, model: ContentModel, content_pages) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for theme in model.themes:
        n = sum(theme in p.tags for p in content_pages)
        noun = "pagina" if n == 1 else "pagina's"
        assert f'href="themas/{slugify(theme)}/">{theme}</a> <span class="scl-count">{n} {noun}</span>' in home.replace(
            "&#39;", "'"
        ), theme


def test_matrix_cells_link_to_lists_of_exactly_those_pages(built_site: Path, model: ContentModel, content_pages):
    html = (built_site / "themas" / "matrix" / "index.html").read_text(encoding="utf-8")
    for theme in model.themes:
        for city in model.cities:
            found = [p for p in content_pages if theme in p.tags and city in p.cities]
            anchor = listings.cell_anchor(theme, city)
            if found:
                assert f'href="#{anchor}">{len(found)}</a>' in html, (theme, city)
                assert f'id="{anchor}"' in html
            else:
                assert f'href="#{anchor}"' not in html
