"""The site builds strictly, in Dutch, private, with descriptions; unknown themes or cities stop the build."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import FIXTURE_LESSON, REPO_URL, copy_project, mkdocs_build
from html_utils import elements
from smartcity.model import ContentModel
from smartcity.pages import PageRecord


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_passes_without_warnings(build_result) -> None:
    result, _ = build_result
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_every_page_is_dutch(built_site: Path) -> None:
    pages = html_files(built_site)
    assert len(pages) > 30
    for page in pages:
        assert re.search(r'<html[^>]*\blang="nl"', page.read_text(encoding="utf-8")), page


@pytest.mark.parametrize(
    ("tag", "attr", "rel_filter"),
    [
        ("script", "src", None),
        ("link", "href", {"stylesheet", "preconnect", "preload", "dns-prefetch", "icon", "prefetch", "modulepreload"}),
        ("img", "src", None),
        ("source", "src", None),
        ("iframe", "src", None),
        ("video", "src", None),
        ("audio", "src", None),
    ],
)
def test_no_resource_from_another_host(built_site: Path, tag: str, attr: str, rel_filter: set[str] | None) -> None:
    offenders = []
    for page in html_files(built_site):
        for name, attrs, _ in elements(page.read_text(encoding="utf-8")):
            if name != tag or attr not in attrs:
                continue
            if rel_filter is not None and not (set(attrs.get("rel", "").split()) & rel_filter):
                continue
            url = urlparse(attrs[attr])
            if url.scheme or url.netloc:
                offenders.append(f"{page.relative_to(built_site)}: <{tag} {attr}={attrs[attr]}>")
    assert offenders == []


def test_no_remote_fonts_or_urls_in_stylesheets(built_site: Path) -> None:
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, css
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), css


def test_no_made_with_footer_link(built_site: Path) -> None:
    assert "squidfunk.github.io" not in (built_site / "index.html").read_text(encoding="utf-8")


def _page_html(site: Path, page: PageRecord) -> str:
    return (site / page.url / "index.html").read_text(encoding="utf-8")


def test_meta_description_is_the_front_matter_description(built_site: Path, content_pages: list[PageRecord]) -> None:
    assert content_pages
    for page in content_pages:
        found = elements(_page_html(built_site, page))
        metas = [a["content"] for t, a, _ in found if t == "meta" and a.get("name") == "description"]
        assert metas == [page.description], page.src


def test_page_header_shows_type_date_cities_and_themes(built_site: Path, content_pages, model: ContentModel) -> None:
    for page in content_pages:
        html = _page_html(built_site, page)
        header = html[html.index('class="scl-page-header"') :]
        header = header[: header.index("</div>")]
        assert model.types[page.type].label in header
        assert f'Geplaatst <time datetime="{page.date.isoformat()}"' in header
        for city in page.cities:
            assert f">{city}</a>" in header, (page.src, city)
        for theme in page.tags:
            assert f">{theme}</a>" in header, (page.src, theme)


def _project_with_page(tmp_path: Path, front_matter: str) -> Path:
    config = copy_project(tmp_path)
    (tmp_path / "docs" / "lessen" / "proef.md").write_text(f"---\n{front_matter}---\n\n# Proef\n", encoding="utf-8")
    return config


GOOD = "title: Proef\ndescription: Een proef.\ndate: 2020-01-02\ntype: les\ncities: [Utrecht]\ntags: [Aanbesteden]\n"


def test_every_page_type_has_its_list_in_the_navigation_without_a_nav_line(built_site: Path, model) -> None:
    """mkdocs.yml's nav does not name the type lists: the hook adds them from the model (a new type is data)."""
    from smartcity.model import read_config

    named = str(read_config()["nav"])
    html = (built_site / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]
    for page_type in model.types.values():
        assert f"{page_type.folder}/index.md" not in named
        assert f'href="{page_type.folder}/"' in sidebar, page_type.name
    assert "not_in_nav" not in read_config()


def test_pages_of_single_items_stay_out_of_the_sidebar_so_pages_do_not_grow(built_site: Path) -> None:
    html = (built_site / "themas" / "aanbesteden" / "index.html").read_text(encoding="utf-8")
    sidebar = html[html.index("md-sidebar--primary") : html.index("md-sidebar--secondary")]
    assert 'href="../../lessen/"' in sidebar and 'href="../"' in sidebar  # the section index pages
    assert 'href="../matrix/"' in sidebar
    assert re.findall(r'href="\.\./\.\./(?:lessen|interviews|meetups|steden)/[^"]+"', sidebar) == []
    assert re.findall(r'href="\.\./(?!matrix/)[^"./][^"]*"', sidebar) == []  # no single theme


def test_a_new_page_builds_and_is_listed_without_editing_mkdocs_yml(tmp_path: Path) -> None:
    config = _project_with_page(tmp_path, GOOD)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "lessen" / "index.html").read_text(encoding="utf-8")
    assert 'href="proef/"' in home


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("[Aanbesteden]", "[Aanbesteding]"), "docs/lessen/proef.md:7:8: fm-tag "),
        (("[Utrecht]", "[Utreg]"), "docs/lessen/proef.md:6:10: fm-city "),
        (("2020-01-02", "2020-02-30"), "docs/lessen/proef.md:4:1: fm-date "),
    ],
)
def test_a_wrong_value_stops_the_build_in_dutch_with_file_and_line(tmp_path: Path, change, line: str) -> None:
    """The build runs the checker's own validator: the same rule, line and message, never an English plugin error."""
    result = mkdocs_build(_project_with_page(tmp_path, GOOD.replace(*change)), tmp_path / "site")
    assert result.returncode != 0
    assert line in result.stderr and "De site is niet gebouwd" in result.stderr
    assert "Traceback" not in result.stderr


def test_contributor_page_links_to_the_guide_only_when_the_repository_is_known(
    plain_site: Path, repo_url_site: Path
) -> None:
    """On fixture sites built once per session (tests/conftest.py), without and with REPO_URL."""
    without = (plain_site / "bijdragen" / "index.html").read_text(encoding="utf-8")
    assert "<code>CONTRIBUTING.md</code> in de repository" in without
    html = (repo_url_site / "bijdragen" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO_URL}/blob/main/CONTRIBUTING.md"' in html


def test_edit_link_follows_repo_url_alone(repo_url_site: Path) -> None:
    html = (repo_url_site / "lessen" / "een-les" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO_URL}/edit/main/docs/{FIXTURE_LESSON}"' in html
    assert "Bewerk deze pagina" in html


def test_the_repository_link_asks_no_other_host_for_anything(repo_url_site: Path) -> None:
    """Material's repository button (data-md-component="source") makes its script ask api.github.com for stars and
    forks on a first visit: the header links to the repository plainly instead."""
    html = (repo_url_site / "lessen" / "een-les" / "index.html").read_text(encoding="utf-8")
    links = [attrs for tag, attrs, _ in elements(html) if tag == "a" and "md-source" in attrs.get("class", "").split()]
    assert links and {attrs["href"] for attrs in links} == {REPO_URL}  # the header and the navigation drawer
    assert 'data-md-component="source"' not in html
