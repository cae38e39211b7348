"""A reader who comes back (issue 24): related pages, a feed per theme and place, a way to respond, printing, phones.

Two small fixture sites (``tests/sitekit.py``), built once for this module: one as the Pages workflow builds it
(``SITE_URL`` and ``REPO_URL`` set to reserved example addresses, RFC 2606) and one as a local build (neither set).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse
from urllib.request import urlopen

import pytest
import sitekit

from .conftest import DESKTOP, MOBILE, serve
from .helpers import SCHEMES, axe_violations, describe, open_page, set_scheme

pytestmark = pytest.mark.browser

SITE_URL = "https://example.org/smartcity/"
REPO_URL = "https://github.com/voorbeeld/smartcity"
THEMES = ("Open data", "Aanbesteden", "Kennisdeling", "Pilots")
# Enough places with pages that the theme x place matrix is wider than a phone.
CITIES = (
    "Utrecht",
    "Den Haag",
    "Coöperatie Duurzaam Brabant",
    "Gemeente Voorbeeldstad",
    "Provincie Proefland",
    "Waterschap Testrivier",
    "Regio Oefenvallei",
    "Alleenstaand Eiland",
    "Lege Gemeente",  # no pages
)
HOSTILE_TITLE = 'Kosten & baten: "citaat" <3 en 100% zeker?'

# Six columns of long cells: wider than a phone, narrower than a wide desktop.
WIDE_TABLE = "\n".join(
    [
        "| Stap | Wie | Wanneer | Wat er gebeurde | Wat het opleverde | Wat we nu anders doen |",
        "| --- | --- | --- | --- | --- | --- |",
        "| Een | Het team | Eerste kwartaal | Een marktconsultatie | Eisen aan open data | Data in elk contract |",
    ]
)
PRINT_BODY = f"""# De les om te printen

Wat we leerden over open data en aanbesteden, in een paar zinnen.

Lees ook [het interview](../interviews/twee.md) en de [bron van de gemeente](https://example.org/bron).

{WIDE_TABLE}

| Kort | Tabel |
| --- | --- |
| a | b |
"""

PAGES = {
    # The page under test: two themes and one place.
    "lessen/doel.md": sitekit.page_text(
        title="De les om te printen",
        tags=["Open data", "Aanbesteden"],
        cities=["Utrecht"],
        date="2030-01-05",
        source={"title": "Het bronartikel", "url": "https://example.org/artikel"},
        body=PRINT_BODY,
    ),
    # Shares all three (oldest): first. Then two shared (interview), then one (meetup, the newest).
    "lessen/drie.md": sitekit.page_text(
        title="Drie gedeeld", tags=["Open data", "Aanbesteden"], cities=["Utrecht"], date="2029-01-01"
    ),
    "interviews/twee.md": sitekit.page_text(
        type="interview", title="Twee gedeeld", tags=["Open data"], cities=["Utrecht"], date="2030-01-08"
    ),
    "meetups/een.md": sitekit.page_text(
        type="meetup", title="Een gedeeld", tags=["Kennisdeling"], cities=["Utrecht"], date="2030-01-09"
    ),
    # Shares nothing with the page under test, one theme with the hostile page.
    "lessen/niets.md": sitekit.page_text(
        title="Niets gedeeld", tags=["Kennisdeling"], cities=["Den Haag"], date="2030-01-09"
    ),
    "lessen/vijandig.md": sitekit.page_text(
        title=HOSTILE_TITLE, tags=["Kennisdeling"], cities=["Coöperatie Duurzaam Brabant"], date="2030-01-02"
    ),
    # Shares nothing with anyone.
    "lessen/alleen.md": sitekit.page_text(
        title="Helemaal alleen", tags=["Pilots"], cities=["Alleenstaand Eiland"], date="2030-01-03"
    ),
    # One page for each of the other places, so that the matrix has a column for each.
    **{
        f"lessen/plaats-{n}.md": sitekit.page_text(
            title=f"Les in {city}", tags=["Open data"], cities=[city], date="2028-06-01"
        )
        for n, city in enumerate(CITIES[3:7])
    },
}


def _build(root: Path, env: dict[str, str]) -> Path:
    config = sitekit.make_project(root, PAGES, themes=THEMES, cities=CITIES)
    result = sitekit.build(config, env=env)
    assert result.returncode == 0, result.stderr
    return sitekit.site_dir(config)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site as the Pages workflow builds it, served on 127.0.0.1."""
    site = _build(tmp_path_factory.mktemp("published"), {"SITE_URL": SITE_URL, "REPO_URL": REPO_URL})
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site as a local build makes it (no SITE_URL, no REPO_URL), served on 127.0.0.1."""
    site = _build(tmp_path_factory.mktemp("local"), {})
    with serve(site) as url:
        yield url


def _related(page: Any) -> list[str]:
    return page.locator(".scl-related li > a").all_inner_texts()


# --- related pages ---------------------------------------------------------------------------


def test_related_pages_share_the_most_themes_and_places(page: Any, published: str) -> None:
    open_page(page, published, "lessen/doel/")
    assert page.locator(".scl-related h2").inner_text() == "Verwante pagina's"
    # Three shared, then two, then one (newest first, then by title); "Niets gedeeld" shares nothing.
    assert _related(page) == [
        "Drie gedeeld",
        "Twee gedeeld",
        "Een gedeeld",
        "Les in Gemeente Voorbeeldstad",
        "Les in Provincie Proefland",
    ]
    first = page.locator(".scl-related li").first
    assert "Les" in first.inner_text()
    assert "Utrecht" in first.inner_text()
    assert first.locator("time").get_attribute("datetime") == "2029-01-01"
    first.locator("a").click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/lessen/drie/"


def test_related_titles_are_text_and_none_when_nothing_is_shared(page: Any, published: str) -> None:
    open_page(page, published, "lessen/niets/")
    assert HOSTILE_TITLE in _related(page)
    assert page.locator(".scl-related script, .scl-related b").count() == 0
    open_page(page, published, "lessen/alleen/")
    assert page.locator(".scl-related").count() == 0


def test_related_pages_stay_out_of_the_search_index(page: Any, published: str) -> None:
    open_page(page, published, "lessen/doel/")
    assert page.locator("[data-pagefind-body] .scl-related[data-pagefind-ignore]").count() == 1


# --- feeds per theme and place ---------------------------------------------------------------


def _feed(url: str) -> ET.Element:
    with urlopen(url, timeout=10) as response:  # the test's own server on 127.0.0.1
        assert response.status == 200
        channel = ET.fromstring(response.read()).find("channel")
    assert channel is not None
    return channel


@pytest.mark.parametrize(
    ("path", "feed_title", "titles"),
    [
        (
            "themas/aanbesteden/",
            "thema Aanbesteden",
            ["De les om te printen", "Drie gedeeld"],
        ),
        (
            "steden/utrecht/",
            "gemeente of organisatie Utrecht",
            ["Een gedeeld", "Twee gedeeld", "De les om te printen", "Drie gedeeld"],
        ),
    ],
)
def test_feed_of_a_theme_or_place_is_linked_and_lists_its_pages(
    page: Any, local: str, path: str, feed_title: str, titles: list[str]
) -> None:
    open_page(page, local, path)
    alternate = page.locator(f'link[rel="alternate"][type="application/rss+xml"][title$="{feed_title}"]')
    assert alternate.count() == 1
    feed_url = urljoin(page.url, alternate.get_attribute("href"))
    visible = page.locator(".scl-feed a")
    assert urljoin(page.url, visible.get_attribute("href")) == feed_url
    channel = _feed(feed_url)
    assert channel.findtext("title") == f"Smart City Lessen: {feed_title}"
    assert [item.findtext("title") for item in channel.iter("item")] == titles
    # Without SITE_URL the links are relative to the feed: a reader resolving them lands on the pages.
    assert urljoin(feed_url, channel.findtext("link") or "") == page.url
    for item in channel.iter("item"):
        with urlopen(urljoin(feed_url, item.findtext("link") or ""), timeout=10) as response:
            assert response.status == 200


def test_a_content_page_has_no_feed_of_its_own(page: Any, local: str) -> None:
    open_page(page, local, "lessen/doel/")
    assert page.locator('link[rel="alternate"][type="application/rss+xml"]').count() == 1  # the site's feed
    assert page.locator(".scl-feed").count() == 0


# --- respond -----------------------------------------------------------------------------------


def test_respond_link_fills_in_the_issue_form(page: Any, published: str) -> None:
    open_page(page, published, "lessen/vijandig/")
    link = page.get_by_role("link", name="Reageer op deze pagina")
    href = link.get_attribute("href")
    parsed = urlparse(href)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == REPO_URL + "/issues/new"
    query = parse_qs(parsed.query, strict_parsing=True)
    assert query == {
        "template": ["fout-melden.yml"],
        "title": [f"Reactie op: {HOSTILE_TITLE}"],
        "pagina": [f"{SITE_URL}lessen/vijandig/ ({HOSTILE_TITLE})"],
    }
    assert " " not in href
    assert '"' not in href
    assert "utm_" not in href


def test_no_respond_link_without_a_repository(page: Any, local: str) -> None:
    open_page(page, local, "lessen/vijandig/")
    assert page.get_by_role("link", name="Reageer op deze pagina").count() == 0


def test_issue_form_has_the_field_the_link_fills_in() -> None:
    form = (sitekit.ROOT / ".github" / "ISSUE_TEMPLATE" / "fout-melden.yml").read_text(encoding="utf-8")
    assert "id: pagina" in form


# --- print -------------------------------------------------------------------------------------


def _pdf_text(page: Any) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return "\n".join(sheet.extract_text() for sheet in reader.pages)


def test_a_lesson_prints_as_title_facts_text_and_source(page: Any, published: str) -> None:
    open_page(page, published, "lessen/doel/")
    text = _pdf_text(page)
    joined = "".join(text.split())  # addresses may be broken over lines
    for wanted in ("De les om te printen", "Geplaatst", "Utrecht", "Open data", "Wat we leerden", "Het bronartikel"):
        assert wanted in text, wanted
    assert "(https://example.org/bron)" in joined
    assert "(https://example.org/artikel)" in joined
    # A link to another page of the site prints its absolute address (the site's canonical one).
    assert f"({SITE_URL}interviews/twee/)" in joined
    for chrome in ("Startpagina", "Zoeken", "Verwante pagina's", "Reageer op deze pagina", "Schuif de tabel"):
        assert chrome not in text, chrome
    # The wide table prints whole: its last column too.
    assert "Watwenuandersdoen" in joined


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_print_is_black_on_white_in_either_scheme(page: Any, published: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_page(page, published, "lessen/doel/")
    set_scheme(page, scheme)
    page.emulate_media(media="print", color_scheme=scheme)
    try:
        colours = page.evaluate(
            """() => ['h1', 'article p', 'article a', '.scl-page-header__kicker', 'th']
                .map(selector => getComputedStyle(document.querySelector(selector)).color)"""
        )
    finally:
        page.emulate_media(media="null")  # no emulation: page.pdf() prints with print styles again
    assert set(colours) == {"rgb(0, 0, 0)"}, colours


def test_internal_links_print_the_address_they_are_read_at_without_a_site_url(page: Any, local: str) -> None:
    open_page(page, local, "lessen/doel/")
    joined = "".join(_pdf_text(page).split())
    assert f"({local}interviews/twee/)" in joined


# --- phone -------------------------------------------------------------------------------------

# Per table: whether it is wider than its box, and the hint above it ("" when not shown).
TABLES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => {
  const hint = getComputedStyle(w.querySelector('.md-typeset__table'), '::before');
  return [w.scrollWidth > w.clientWidth, hint.display === 'none' ? '' : hint.content];
})"""


def test_matrix_on_a_phone_says_it_scrolls_and_nothing_is_cut_off(page: Any, published: str) -> None:
    page.set_viewport_size(MOBILE)
    open_page(page, published, "themas/matrix/")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1]
    # One wrapper scrolls (the template's own wrapper holds Material's) and it is the one that says so.
    tables = page.evaluate(TABLES)
    assert [hint for overflows, hint in tables if overflows] == ['"Schuif de tabel opzij om alles te zien →"']
    assert [hint for overflows, hint in tables if not overflows and hint] == []
    wrapper = page.locator(".md-typeset__scrollwrap").first
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth }")
    last = page.locator(".md-typeset__table th").last
    box = last.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= MOBILE["width"] + 1
    assert last.inner_text().strip() == "Alleenstaand Eiland"


def test_only_tables_that_overflow_say_so(page: Any, published: str) -> None:
    page.set_viewport_size(MOBILE)
    open_page(page, published, "lessen/doel/")
    tables = page.evaluate(TABLES)
    assert [overflows for overflows, _ in tables] == [True, False]
    assert "Schuif de tabel opzij" in tables[0][1]
    assert tables[1][1] == ""
    # The table that scrolls can be reached and scrolled by keyboard, and says what it is; the other is no tab stop.
    wrappers = page.locator(".md-typeset__scrollwrap")
    page.wait_for_function("() => document.querySelector('.md-typeset__scrollwrap').tabIndex === 0")
    assert wrappers.first.get_attribute("role") == "region"
    assert "schuif opzij" in (wrappers.first.get_attribute("aria-label") or "")
    assert wrappers.nth(1).get_attribute("tabindex") is None
    wrappers.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0")
    page.set_viewport_size({"width": 2400, "height": 900})
    page.wait_for_function(f"() => ({TABLES})().every(([overflows, hint]) => !overflows && hint === '')")


@pytest.mark.parametrize("path", ["", "lessen/doel/", "themas/matrix/", "steden/utrecht/", "lessen/vijandig/"])
def test_nothing_sideways_on_a_phone(page: Any, published: str, path: str) -> None:
    page.set_viewport_size(MOBILE)
    open_page(page, published, path)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{path}: {widths[0]} px breed bij {widths[1]} px"


# --- empty themes and places -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "steden/"])
def test_a_place_without_pages_is_not_shown_as_content(page: Any, local: str, path: str) -> None:
    open_page(page, local, path)
    places = page.locator("article ul:has(.scl-count)").last
    texts = [" ".join(text.split()) for text in places.locator("li").all_inner_texts()]
    assert texts[-1] == "Lege Gemeente nog geen pagina's", texts
    assert not any(text.endswith(" 0 pagina's") for text in texts), texts
    assert texts[0] == "Utrecht 4 pagina's"


# --- accessibility of every new element --------------------------------------------------------


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize(
    ("path", "viewport", "element"),
    [
        ("lessen/doel/", DESKTOP, ".scl-related"),
        ("lessen/doel/", DESKTOP, ".scl-respond"),
        ("lessen/doel/", MOBILE, ".md-typeset__table"),
        ("themas/aanbesteden/", DESKTOP, ".scl-feed"),
        ("themas/matrix/", MOBILE, ".md-typeset__table"),
    ],
)
def test_no_axe_violations_on_the_new_elements(
    axe_page: Any, published: str, path: str, viewport: dict[str, int], element: str, scheme: str
) -> None:
    page = axe_page
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    open_page(page, published, path)
    set_scheme(page, scheme)
    assert page.locator(element).count() >= 1, element
    violations = axe_violations(page)
    assert not violations, f"{path} ({scheme}):\n{describe(violations)}"
