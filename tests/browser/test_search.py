"""Search as a person uses it: ``/`` or a tap on the field in the header, a Dutch word typed key by key.

The search is Pagefind's (index built after the site, ``scripts/smartcity/search_index.py``)
with its Component UI: Dutch stemming and accent folding by Pagefind itself, so
"cooperatie" finds "Coöperatie" and "aanbesteding" finds "aanbesteden". The search
page (``zoeken/``) adds filters by type, theme, place and year that live in the
address, so a filtered search can be shared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import sitekit
from html_utils import elements
from sitekit import page_text

from .conftest import DESKTOP, serve
from .helpers import SCHEMES, axe_source, axe_violations, describe, open_page, set_scheme

pytestmark = pytest.mark.browser

FIELD = "pagefind-searchbox input"
TUSSENRUIMTE = "/lessen/tussenruimte-organiseren/"
MEETUP = "/meetups/g5-meetups-digitale-steden-agenda/"
INTERVIEW = "/interviews/brigitte-hulscher-utrecht/"

# Before the page's own scripts: record the term of every answer of the header ("kop")
# and search-page ("zoeken") instances (their `results` event), and every text that
# appears in a live region (what a screen reader announces).
WATCH = """document.addEventListener("DOMContentLoaded", () => {
  if (!window.PagefindComponents || window.sclAnswers) return;
  window.sclAnswers = {kop: [], zoeken: []};
  window.sclCounts = {kop: [], zoeken: []};
  window.sclSaid = [];
  for (const name of Object.keys(window.sclAnswers)) {
    const instance = PagefindComponents.getInstanceManager().getInstance(name);
    instance.on("results", (found) => {
      window.sclAnswers[name].push(instance.searchTerm);
      window.sclCounts[name].push(found && found.results ? found.results.length : 0);
    });
  }
  new MutationObserver(() => {
    for (const region of document.querySelectorAll("[aria-live]")) {
      if (region.textContent) window.sclSaid.push(region.textContent);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
});"""
# True once answer number `count` is for `term`, its results are drawn and every result is loaded
# (Pagefind loads a result's data only when it comes into view, so scroll to the next one).
LOADED = """([name, term, count, list]) => {
  const answers = window.sclAnswers[name];
  if (answers.length < count || answers[answers.length - 1] !== term) return false;
  const box = document.querySelector(list);
  if (window.sclCounts[name][answers.length - 1] > 0 && !box.querySelector("a")) return false;
  const waiting = box.querySelector(".pf-searchbox-placeholder, .pf-result[aria-hidden]");
  if (!waiting) return true;
  if (box.scrollHeight > box.clientHeight) {  // the header's list scrolls by itself, not the page
    box.scrollTop += waiting.getBoundingClientRect().top - box.getBoundingClientRect().top;
  } else {
    waiting.scrollIntoView();
  }
  return false;
}"""
HEADER_LIST = ".scl-searchbox .pf-searchbox-results"
PAGE_LIST = ".scl-search .pf-results"


def _context(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", **options)
    context.add_init_script(script=WATCH)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def search_page(browser: Any) -> Iterator[Any]:
    """A page of its own that records the search's answers and announcements."""
    yield from _context(browser)


@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Iterator[Any]:
    """As ``search_page``, with axe-core loaded in every document."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    context.add_init_script(script=axe_source())
    context.add_init_script(script=WATCH)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _answers(page: Any, name: str) -> int:
    return page.evaluate("name => window.sclAnswers[name].length", name)


def _paths(page: Any, selector: str) -> list[str]:
    return [urlparse(href).path for href in page.locator(selector).evaluate_all("links => links.map(a => a.href)")]


def header_search(page: Any, query: str) -> list[str]:
    """Press ``/``, type ``query`` into the header field key by key; the paths of all results, in order."""
    count = _answers(page, "kop") + 1
    page.keyboard.press("/")
    assert page.evaluate("s => document.activeElement === document.querySelector(s)", FIELD), "/ zet de focus niet"
    page.keyboard.type(query, delay=40)
    page.wait_for_function(LOADED, arg=["kop", query, count, HEADER_LIST])
    return _paths(page, f"{HEADER_LIST} a.pf-searchbox-result")


def open_search_page(page: Any, base_url: str, query: str = "") -> None:
    """Open the search page; ``query`` is the part of the address after ``?``."""
    open_page(page, base_url, "zoeken/" + (f"?{query}" if query else ""))
    page.wait_for_function("() => window.sclAnswers")


def page_results(page: Any, term: str, count: int = 1) -> list[str]:
    """On the search page: the paths of all results once answer number ``count`` (for ``term``) is in."""
    page.wait_for_function(LOADED, arg=["zoeken", term, count, PAGE_LIST])
    return _paths(page, f"{PAGE_LIST} a.pf-result-link")


def type_on_search_page(page: Any, term: str) -> list[str]:
    count = _answers(page, "zoeken") + 1
    page.fill(".scl-search input", term)
    return page_results(page, term, count)


CASES = [
    ("cooperatie", [TUSSENRUIMTE]),
    ("coöperatie", [TUSSENRUIMTE]),
    ("ideeen", [TUSSENRUIMTE]),
    ("ideeën", [TUSSENRUIMTE]),
    ("geinspireerd", ["/lessen/kennisdelen-met-pitches-en-workshops/"]),
    ("geïnspireerd", ["/lessen/kennisdelen-met-pitches-en-workshops/"]),
    ("tussenruimte", [TUSSENRUIMTE]),
    ("aanbesteden", [MEETUP, "/themas/aanbesteden/"]),
    ("Utrecht", ["/steden/utrecht/", INTERVIEW]),
    ("Hanke", ["/lessen/lessen-van-hanke-nijman/"]),
    # Another form of the word (Dutch stemming): the pages say "aanbesteden" and "samenwerken" only.
    ("aanbesteding", [MEETUP, "/themas/aanbesteden/"]),
    ("samenwerking", ["/lessen/de-bewoner-centraal/"]),
    # Stemming and accents together.
    ("cooperaties", [TUSSENRUIMTE]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q for q, _ in CASES])
def test_query_finds_expected_pages(search_page: Any, base_url: str, query: str, expected: list[str]) -> None:
    """On the search page, which lists every result (the header shows the best few)."""
    open_search_page(search_page, base_url)
    found = type_on_search_page(search_page, query)
    for path in expected:
        assert path in found, f"zoeken op {query!r} vindt {path} niet; gevonden: {found}"


def test_title_weighs_most(search_page: Any, base_url: str) -> None:
    open_page(search_page, base_url, "")
    found = header_search(search_page, "aanbesteden")
    assert found[0] == "/themas/aanbesteden/", f"de pagina met de zoekterm als titel staat niet bovenaan: {found}"


def test_result_shows_title_type_date_and_marked_excerpt(search_page: Any, base_url: str) -> None:
    open_page(search_page, base_url, "")
    header_search(search_page, "tussenruimte")
    result = search_page.locator(f"{HEADER_LIST} a[href$='{TUSSENRUIMTE}']")
    assert result.locator(".pf-searchbox-result-title").inner_text() == "Tussenruimte organiseren"
    meta = result.locator(".scl-result-meta").inner_text()
    assert re.fullmatch(r"Les · Geplaatst \d{1,2} [a-z]+ \d{4}", meta), meta
    marked = result.locator(".pf-searchbox-result-excerpt mark").all_inner_texts()
    assert any("tussenruimte" in word.lower() for word in marked), marked


def test_results_are_announced_in_dutch(search_page: Any, base_url: str) -> None:
    open_page(search_page, base_url, "")
    header_search(search_page, "tussenruimte")
    search_page.wait_for_function("() => window.sclSaid.some(t => /^\\d+ resultaten? voor tussenruimte$/.test(t))")


def test_slash_focuses_the_field_enter_opens_escape_closes(search_page: Any, base_url: str) -> None:
    open_page(search_page, base_url, "lessen/")
    header_search(search_page, "tussenruimte")
    field = search_page.locator(FIELD)
    assert field.get_attribute("aria-expanded") == "true"
    search_page.keyboard.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    search_page.keyboard.press("ArrowDown")  # opens the list again, on the first result
    with search_page.expect_navigation():
        search_page.keyboard.press("Enter")
    assert urlparse(search_page.url).path == TUSSENRUIMTE


def test_opening_a_page_fetches_no_index_and_a_search_only_what_it_needs(
    search_page: Any, base_url: str, built_site: Path
) -> None:
    requests: list[str] = []

    def record(request: Any) -> None:
        requests.append(urlparse(request.url).path)

    search_page.on("request", record)
    try:
        for path in ("", "lessen/tussenruimte-organiseren/"):
            open_page(search_page, base_url, path)
            search_page.wait_for_load_state("networkidle")
        ui = ("/pagefind/pagefind-component-ui.js", "/pagefind/pagefind-component-ui.css")
        assert [r for r in requests if r.startswith("/pagefind/") and r not in ui] == []
        header_search(search_page, "cooperatie")
        search_page.wait_for_load_state("networkidle")
    finally:
        search_page.remove_listener("request", record)
    # The header's instance also fetches the filter indexes (one small file per filter): Pagefind's component UI has
    # no public way to turn that off, and the site uses no private API of a library (the old workaround replaced the
    # instance's `__pagefind__` engine).
    fragments = {r for r in requests if r.startswith("/pagefind/fragment/")}
    assert fragments, "de zoekopdracht haalde geen resultaten op"
    assert len(fragments) < len(list((built_site / "pagefind" / "fragment").iterdir()))
    assert not [r for r in requests if r.endswith("search_index.json")], "Material's hele index wordt nog geladen"


def test_only_the_article_is_indexed(built_site: Path) -> None:
    """Pagefind indexes what is inside data-pagefind-body: the article, never the navigation or the footer."""
    lesson = elements((built_site / "lessen" / "tussenruimte-organiseren" / "index.html").read_text("utf-8"))
    marked = [(tag, attrs.get("class", "")) for tag, attrs, _ in lesson if "data-pagefind-body" in attrs]
    assert marked == [("article", "md-content__inner md-typeset")], marked
    for tag, _, ancestors in lesson:
        if tag in ("nav", "footer", "header"):
            assert not any("md-content__inner" in cls.split() for cls in ancestors), tag
    # Neither the 404 and search pages nor the pages about the site and for contributors (issue 24.5).
    for path in ("404.html", "zoeken/index.html", "index.html", "over/index.html", "bijdragen/index.html"):
        html = (built_site / path).read_text("utf-8")
        assert not [a for _, a, _ in elements(html) if "data-pagefind-body" in a], f"{path} komt in de zoekindex"


def test_the_404_page_and_the_search_page_are_not_found(search_page: Any, base_url: str) -> None:
    open_search_page(search_page, base_url)
    assert "/404.html" not in type_on_search_page(search_page, "verkeerd getypt")  # words of the 404 page
    assert "/zoeken/" not in type_on_search_page(search_page, "zoekopdracht")  # a word of the search page


def test_filters_combine_and_go_into_the_address(search_page: Any, base_url: str) -> None:
    open_search_page(search_page, base_url)
    found = type_on_search_page(search_page, "organisatie")
    assert INTERVIEW in found and MEETUP in found, found
    for value in ("Les", "Cultuur en organisatie", "Utrecht"):
        count = _answers(search_page, "zoeken") + 1
        search_page.locator(".pf-filter-checkbox", has_text=value).first.locator("input").check()
        found = page_results(search_page, "organisatie", count)
    assert "/lessen/de-knop-moet-om/" in found and "/lessen/de-bewoner-centraal/" in found, found
    assert INTERVIEW not in found and MEETUP not in found and TUSSENRUIMTE not in found, found
    for meta in search_page.locator(".scl-search .scl-result-meta").all_inner_texts():
        assert meta.startswith("Les · Geplaatst"), meta
    counts = search_page.locator(".pf-filter-checkbox:not([data-pf-hidden]) .pf-filter-checkbox-count")
    assert counts.count() and all(text.isdigit() for text in counts.all_inner_texts())
    query = parse_qs(urlparse(search_page.url).query)
    assert query == {"q": ["organisatie"], "soort": ["Les"], "thema": ["Cultuur en organisatie"], "stad": ["Utrecht"]}


def test_a_shared_address_restores_term_and_filters(search_page: Any, base_url: str) -> None:
    open_search_page(search_page, base_url, "q=samenwerken&thema=Nieuwe+coalities&stad=Utrecht")
    found = page_results(search_page, "samenwerken")
    assert found == ["/lessen/je-kunt-het-niet-alleen/"], found
    assert search_page.locator(".scl-search input[type=search]").input_value() == "samenwerken"
    checked = search_page.locator(".pf-filter-checkbox:has(input:checked)").all_inner_texts()
    assert sorted(text.split()[0] for text in checked) == ["Nieuwe", "Utrecht"], checked


def test_filters_alone_list_pages(search_page: Any, base_url: str) -> None:
    open_search_page(search_page, base_url, "stad=Co%C3%B6peratie+Duurzaam+Brabant")
    assert page_results(search_page, "") == [TUSSENRUIMTE]
    legends = search_page.locator("pagefind-filter-pane legend").all_inner_texts()
    assert legends == ["Soort", "Thema", "Gemeente of organisatie", "Jaar"], legends


# Pagefind's English strings (pagefind_ui/translations/en.json) that must not show.
ENGLISH = re.compile(r"\b(search|clear|reset|results?|loading|navigate|select|close|selected|untitled|error)\b", re.I)
SPOKEN = "[placeholder], [aria-label], [title], [aria-roledescription]"


def test_every_word_of_the_search_is_dutch(search_page: Any, base_url: str) -> None:
    open_search_page(search_page, base_url, "q=organisatie&thema=Cultuur+en+organisatie")
    page_results(search_page, "organisatie")
    header_search(search_page, "cooperatie")
    words = search_page.locator(".scl-search, .scl-searchbox").all_inner_texts()
    for element in search_page.locator(f":is(.scl-search, .scl-searchbox) :is({SPOKEN})").all():
        words += [element.get_attribute(name) or "" for name in ("placeholder", "aria-label", "title")]
    english = {match.group(0) for text in words for match in ENGLISH.finditer(text)}
    assert not english, f"Engelse woorden in de zoekfunctie: {english}"


@pytest.fixture(scope="module")
def no_js_page(browser: Any) -> Iterator[Any]:
    yield from _context(browser, java_script_enabled=False)


def test_without_javascript_the_search_says_so(no_js_page: Any, base_url: str) -> None:
    open_page(no_js_page, base_url, "lessen/tussenruimte-organiseren/")
    link = no_js_page.locator(".md-header a", has_text="Zoeken")
    with no_js_page.expect_navigation():
        link.click()
    message = no_js_page.locator(".scl-search__nojs")
    assert "Zoeken werkt alleen met JavaScript" in message.inner_text()
    hrefs = [urlparse(h).path for h in message.locator("a").evaluate_all("links => links.map(a => a.href)")]
    assert hrefs == ["/lessen/", "/themas/", "/steden/"], hrefs


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_with_header_results_open(axe_page: Any, base_url: str, scheme: str) -> None:
    axe_page.emulate_media(color_scheme=scheme)
    open_page(axe_page, base_url, "")
    set_scheme(axe_page, scheme)
    header_search(axe_page, "cooperatie")
    violations = axe_violations(axe_page)
    assert not violations, f"zoekresultaten in de kop ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_on_the_search_page(axe_page: Any, base_url: str, scheme: str) -> None:
    axe_page.emulate_media(color_scheme=scheme)
    open_search_page(axe_page, base_url, "q=organisatie&thema=Cultuur+en+organisatie")
    set_scheme(axe_page, scheme)
    page_results(axe_page, "organisatie")
    # Loading the results scrolled the page; back to the top, where the header shows the site's name again.
    axe_page.evaluate("window.scrollTo(0, 0)")
    violations = axe_violations(axe_page)
    assert not violations, f"zoekpagina ({scheme}):\n{describe(violations)}"


# ---------------------------------------------------------------------------------------------------------------
# Search for readers (issue 24.5), on a small fixture site of its own: lessons come before pages about the site,
# the header's list ends with a link to all results, Enter asks for all results, and only filters with pages.

SITE_PAGES_WORDS = (
    "Kies een of meer thema's: Open data, Aanbesteden, Kennisdeling. Privacy en sensoren: zie de regels. "
    "Open data, aanbesteding, privacy, sensoren, samenwerking: schrijf over wat uw gemeente leerde."
)
READER_LESSONS = {
    "lessen/open-data-in-de-aanbesteding.md": page_text(
        title="Open data in de aanbesteding",
        tags=["Open data", "Aanbesteden"],
        body="# Open data in de aanbesteding\n\nWe vroegen in de aanbesteding om open data van de leverancier.\n",
    ),
    "lessen/aanbesteden-met-open-standaarden.md": page_text(
        title="Aanbesteden met open standaarden",
        tags=["Aanbesteden"],
        body="# Aanbesteden met open standaarden\n\nEen aanbesteding met open data als eis werkte.\n",
    ),
    "lessen/privacy-bij-sensoren.md": page_text(
        title="Privacy bij sensoren in de wijk",
        body="# Privacy bij sensoren in de wijk\n\nDe sensoren telden mensen; privacy kwam pas later aan bod.\n",
    ),
    **{
        f"lessen/samenwerking-{number}.md": page_text(
            title=f"Samenwerking in de regio, deel {number}",
            body=f"# Samenwerking in de regio, deel {number}\n\nSamenwerking met buurgemeenten over sensoren.\n",
        )
        for number in range(1, 13)
    },
    "bijdragen/index.md": f"---\ntitle: Bijdragen\ndescription: Zo deelt u een les.\n---\n\n# Bijdragen\n\n"
    f"{SITE_PAGES_WORDS}\n",
    "bijdragen/regels.md": f"---\ntitle: Regels\ndescription: De regels.\n---\n\n# Regels\n\n{SITE_PAGES_WORDS}\n",
    "over/index.md": f"---\ntitle: Over deze site\ndescription: Over de site.\n---\n\n# Over deze site\n\n"
    f"{SITE_PAGES_WORDS}\n",
}
SITE_PAGES = ("/bijdragen/", "/bijdragen/regels/", "/over/", "/")


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site, built strictly and served; yields its base URL."""
    root = tmp_path_factory.mktemp("lezers")
    nav = [*sitekit.NAV[:-1], {"Over": ["over/index.md"]}, {"Bijdragen": ["bijdragen/index.md", "bijdragen/regels.md"]}]
    config = sitekit.make_project(root, READER_LESSONS, extra_config={"nav": nav})
    result = sitekit.build(config)
    assert result.returncode == 0, result.stderr
    with serve(sitekit.site_dir(config)) as url:
        yield url


@pytest.mark.parametrize("query", ["open data aanbesteding", "privacy sensoren"])
def test_a_readers_query_shows_lessons_before_pages_about_the_site(
    search_page: Any, reader_site: str, query: str
) -> None:
    open_page(search_page, reader_site, "")
    found = header_search(search_page, query)
    assert found and all(path.startswith("/lessen/") for path in found[:2]), found
    first_site_page = min((found.index(p) for p in SITE_PAGES if p in found), default=len(found))
    assert all(path.startswith("/lessen/") for path in found[:first_site_page]), found
    open_search_page(search_page, reader_site)
    on_page = type_on_search_page(search_page, query)
    assert on_page[:2] == found[:2], (on_page, found)
    assert not [p for p in on_page if p in SITE_PAGES], f"pagina's over de site tussen de resultaten: {on_page}"


def test_the_header_list_ends_with_a_link_to_all_results_with_the_term(search_page: Any, reader_site: str) -> None:
    open_page(search_page, reader_site, "lessen/")
    found = header_search(search_page, "samenwerking")
    assert len(found) == 8, f"de lijst in de kop toont de beste 8, niet {len(found)}"
    link = search_page.locator(".scl-searchbox .scl-all-results")
    assert link.is_visible()
    assert link.inner_text() == "Alle resultaten voor \u201csamenwerking\u201d (12)"
    assert not search_page.locator(".scl-searchbox [role=listbox] .scl-all-results").count(), "link in de keuzelijst"
    with search_page.expect_navigation():
        link.click()
    assert search_page.url == urljoin(reader_site, "zoeken/?q=samenwerking")
    assert len(page_results(search_page, "samenwerking")) == 12
    assert search_page.locator(".scl-search input[type=search]").input_value() == "samenwerking"


def test_the_term_is_encoded_in_the_link(search_page: Any, reader_site: str) -> None:
    open_page(search_page, reader_site, "")
    header_search(search_page, "privacy sensoren")
    href = search_page.locator(".scl-searchbox .scl-all-results").get_attribute("href")
    assert href == urljoin(reader_site, "zoeken/?q=privacy+sensoren"), href
    assert parse_qs(urlparse(href).query) == {"q": ["privacy sensoren"]}


def test_enter_goes_to_all_results_and_arrow_keys_choose_one(search_page: Any, reader_site: str) -> None:
    open_page(search_page, reader_site, "")
    found = header_search(search_page, "privacy sensoren")
    field = search_page.locator(FIELD)
    assert field.get_attribute("aria-activedescendant") is None, "een resultaat is al gekozen voor de lezer koos"
    assert not search_page.locator(".scl-searchbox [role=option][aria-selected=true]").count()
    hint = search_page.locator("#" + field.get_attribute("aria-describedby"))
    assert (
        hint.text_content()
        == "Enter toont alle resultaten op de zoekpagina. Met de pijltjestoetsen kiest u één resultaat."
    )
    with search_page.expect_navigation():
        search_page.keyboard.press("Enter")
    assert search_page.url == urljoin(reader_site, "zoeken/?q=privacy+sensoren")
    assert page_results(search_page, "privacy sensoren")[:1] == found[:1]

    open_page(search_page, reader_site, "")
    header_search(search_page, "privacy sensoren")
    search_page.keyboard.press("ArrowDown")
    chosen = search_page.locator(".scl-searchbox [role=option][aria-selected=true]")
    expect_id = chosen.get_attribute("id")
    assert field.get_attribute("aria-activedescendant") == expect_id
    with search_page.expect_navigation():
        search_page.keyboard.press("Enter")
    assert urlparse(search_page.url).path == found[0]


def test_only_themes_and_places_with_pages_are_offered_as_filters(search_page: Any, reader_site: str) -> None:
    """The filters come from the pages (partials/search-data.html), so a theme or place without pages has none."""
    open_search_page(search_page, reader_site)
    values = search_page.locator(".pf-filter-checkbox input")
    values.first.wait_for(state="attached")
    offered = values.evaluate_all("boxes => boxes.map(box => box.name + ':' + box.value)")
    for value in ("thema:Open data", "thema:Aanbesteden", "stad:Utrecht"):
        assert value in offered, (value, offered)
    for empty in ("thema:Kennisdeling", "stad:Den Haag"):  # in the content model, on no page
        assert empty not in offered, (empty, offered)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_with_the_link_to_all_results(axe_page: Any, reader_site: str, scheme: str) -> None:
    axe_page.emulate_media(color_scheme=scheme)
    open_page(axe_page, reader_site, "")
    set_scheme(axe_page, scheme)
    header_search(axe_page, "samenwerking")
    assert axe_page.locator(".scl-searchbox .scl-all-results").is_visible()
    violations = axe_violations(axe_page)
    assert not violations, f"lijst in de kop met de link naar alle resultaten ({scheme}):\n{describe(violations)}"
