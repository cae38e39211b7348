"""The one page model: records, the URL rule (both ways), front matter read exactly as MkDocs reads it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import content_files
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import meta as mkdocs_meta
from smartcity import catalog, frontmatter, listings
from smartcity.model import ContentModel
from smartcity.pages import (
    PAGE_SIZE,
    PageRecord,
    facet_src,
    facets,
    page_type_of,
    page_url,
    paged_src,
    record_from_meta,
    src_of_url,
)

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_front_matter_rule_is_mkdocs_own() -> None:
    assert frontmatter.YAML_RE.pattern == mkdocs_meta.YAML_RE.pattern
    assert frontmatter.YAML_RE.flags == mkdocs_meta.YAML_RE.flags


LINES = st.sampled_from(
    ["title: x", "date: 2024-03-14", "tags: [a, b]", "cities:", "  - Utrecht", "x: 'a: b'", "a: b: c", "- a", "", "#"]
)


@given(st.lists(LINES, max_size=6), st.sampled_from(["---", "..."]), st.text(max_size=20))
def test_values_are_the_values_mkdocs_reads(lines: list[str], closing: str, body: str) -> None:
    """Whenever MkDocs reads front matter, the page model reads the same values (or reports why it cannot)."""
    text = "---\n" + "".join(line + "\n" for line in lines) + closing + "\n" + body
    _doc, expected = mkdocs_meta.get_data(text)
    part = frontmatter.split(text)
    try:
        values, broken = frontmatter.load(part.yaml_text or "")
    except frontmatter.FrontMatterError:
        assert expected == {}
        return
    if isinstance(values, dict) and not broken:
        assert values == expected


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("index.md", ""),
        ("lessen/index.md", "lessen/"),
        ("lessen/x.md", "lessen/x/"),
        ("over/indexen.md", "over/indexen/"),
    ],
)
def test_page_url_and_back(src: str, url: str) -> None:
    assert page_url(src) == url
    assert src_of_url(url, src.rpartition("/")[0] + "/" if "/" in src else "") in {src, src.replace("/index.md", ".md")}


def test_page_urls_match_the_built_site(built_site: Path) -> None:
    """Every Markdown page of docs/ is written where ``page_url`` says."""
    sources = [path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")]
    assert len(sources) > 25
    for src in sources:
        assert (built_site / page_url(src) / "index.html").is_file(), src


def test_facet_pages_and_later_listing_pages(model: ContentModel) -> None:
    assert facet_src("theme", "Open data", model) == "themas/open-data.md"
    assert facet_src("city", "Coöperatie Duurzaam Brabant", model) == "steden/cooperatie-duurzaam-brabant.md"
    assert facet_src("type", "les", model) == "lessen/index.md"
    assert facets(model)["steden/utrecht.md"] == ("city", "Utrecht")
    assert paged_src("lessen/index.md", 1) == "lessen/index.md"
    assert paged_src("lessen/index.md", 3) == "lessen/pagina-3.md"
    assert paged_src("themas/open-data.md", 2) == "themas/open-data/pagina-2.md"


def test_only_pages_in_a_type_folder_are_content_pages(model: ContentModel) -> None:
    assert page_type_of("lessen/x.md", model).name == "les"
    assert page_type_of("lessen/index.md", model) is None
    assert page_type_of("lessen/sub/x.md", model) is None
    assert page_type_of("over/x.md", model) is None


def test_a_record_holds_validated_values_and_nothing_else(model: ContentModel) -> None:
    meta = {
        "title": "T",
        "description": "D",
        "date": dt.date(2024, 3, 14),
        "type": "les",
        "cities": ["Utrecht"],
        "tags": ["Open data"],
        "source": {"title": "Bron", "url": "https://example.org/a"},
    }
    record = record_from_meta(meta, "lessen/t.md", model)
    assert record is not None
    assert (record.url, record.date.year, record.source_url, record.people) == (
        "lessen/t/",
        2024,
        "https://example.org/a",
        (),
    )
    assert record_from_meta(meta, "over/t.md", model) is None
    assert record_from_meta({**meta, "date": "27-11-2026"}, "lessen/t.md", model) is None


def test_every_content_page_makes_a_record(model: ContentModel, content_pages) -> None:
    assert len(content_pages) == len(content_files(model))
    assert {p.type for p in content_pages} == set(model.types)
    dates = [p.date for p in content_pages]
    assert dates == sorted(dates, reverse=True)


def test_the_model_says_which_pages_stay_out_of_the_navigation(model: ContentModel) -> None:
    page_type = next(iter(model.types.values()))
    theme, city = model.themes[0], model.cities[0]
    assert catalog.out_of_nav(f"{page_type.folder}/een-les.md", model)
    assert catalog.out_of_nav(facet_src("theme", theme, model), model)
    assert catalog.out_of_nav(facet_src("city", city, model), model)
    assert not catalog.out_of_nav(f"{page_type.folder}/index.md", model)  # the type's list is in the nav
    assert not catalog.out_of_nav("themas/matrix.md", model)
    assert not catalog.out_of_nav("over/index.md", model)


def test_every_page_type_gets_a_nav_section_without_a_line_in_nav(model: ContentModel) -> None:
    sections = [{page_type.plural: [f"{page_type.folder}/index.md"]} for page_type in model.types.values()]
    nav = [{"Start": "index.md"}, *sections, {"Over": ["over/index.md"]}]
    assert catalog.nav_with_types(nav, model) == nav  # nothing added twice
    without_types = [{"Start": "index.md"}, {"Over": ["over/index.md"]}]
    assert catalog.nav_with_types(without_types, model) == nav  # before the first section
    only_first = [{"Start": "index.md"}, sections[0], {"Over": ["over/index.md"]}]
    assert catalog.nav_with_types(only_first, model) == nav  # after the last type section
    assert set(catalog.nav_pages(without_types, model)) >= {f"{t.folder}/index.md" for t in model.types.values()}


def test_unreadable_front_matter_is_one_finding_and_no_body(model: ContentModel) -> None:
    page_type = next(iter(model.types.values()))
    text = "---\ntitle: Let op: dit\n---\n\n# Kop\n\n<!-- listing -->\n"
    page = catalog.read_page(text, f"{page_type.folder}/proef.md", model, dt.date(2030, 1, 15))
    assert not page.readable
    assert [finding.rule for finding in page.findings] == ["fm-yaml"]
    assert page.record is None and page.markers == ()


def test_made_list_pages_have_the_agreed_titles(model: ContentModel) -> None:
    theme, city = model.themes[0], model.cities[0]
    page_type = next(iter(model.types.values()))
    records = [
        PageRecord(
            f"{page_type.folder}/p-{n:03d}.md", page_type.name, f"P {n}", "", dt.date(2020, 1, 1), (city,), (theme,)
        )
        for n in range(PAGE_SIZE + 1)
    ]
    made = catalog.list_pages(catalog.Catalog(records=records), model)
    theme_page = facet_src("theme", theme, model)
    assert made[theme_page].title == theme
    assert made[paged_src(theme_page, 2)].title == f"{theme} (pagina 2)"
    cell = listings.cell_src(theme, city)
    assert made[cell].title == f"{theme} – {city}"
    assert made[paged_src(cell, 2)].title == f"{theme} – {city} (pagina 2)"
    assert len(made[cell].entries) == PAGE_SIZE and len(made[paged_src(cell, 2)].entries) == 1
