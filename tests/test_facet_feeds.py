"""Feeds per theme and per place (``smartcity.export.facet_feeds``): right pages, a title that says what they follow,
well-formed RSS for any title, links that resolve from the feed's own address."""

from __future__ import annotations

import datetime as dt
import time
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import pytest
from smartcity import export
from smartcity.model import load_model
from smartcity.pages import PageRecord

MODEL = load_model()
SITE = export.SiteInfo(name="Smart City Lessen", description="Lessen van gemeenten.")
EXAMPLE_SITE = "https://example.org/smartcity/"


def page(name: str, tags: tuple[str, ...], cities: tuple[str, ...], day: dt.date, title: str = "") -> PageRecord:
    return PageRecord(
        src=f"lessen/{name}.md",
        type="les",
        title=title or name,
        description=f"Over {name}.",
        date=day,
        cities=cities,
        tags=tags,
    )


PAGES = [
    page("oud", ("Open data",), ("Utrecht",), dt.date(2020, 1, 2)),
    page("nieuw", ("Open data", "Aanbesteden"), ("Den Haag",), dt.date(2024, 3, 14)),
    page("anders", ("Kennisdeling",), ("Utrecht",), dt.date(2023, 6, 1)),
]


def channel(feed: str) -> ET.Element:
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    found = root.find("channel")
    assert found is not None
    return found


def item_titles(feed: str) -> list[str]:
    return [item.findtext("title") or "" for item in channel(feed).iter("item")]


def test_paths_use_the_site_slugs() -> None:
    assert export.facet_feed_path("theme", "Open data") == "feed-thema-open-data.xml"
    brabant = export.facet_feed_path("city", "Coöperatie Duurzaam Brabant")
    assert brabant == "feed-plaats-cooperatie-duurzaam-brabant.xml"
    assert export.facet_feed_path("city", "Den Haag") == "feed-plaats-den-haag.xml"


def test_one_feed_per_theme_and_place_even_without_pages() -> None:
    feeds = export.facet_feeds(PAGES, MODEL, SITE)
    expected = {export.facet_feed_path("theme", t) for t in MODEL.themes}
    expected |= {export.facet_feed_path("city", c) for c in MODEL.cities}
    assert set(feeds) == expected
    assert export.facet_feed_paths(MODEL) == expected  # what the checker accepts as a link target
    empty = feeds[export.facet_feed_path("city", "G32")]
    assert item_titles(empty) == []


def test_each_feed_lists_its_pages_newest_first() -> None:
    feeds = export.facet_feeds(PAGES, MODEL, SITE)
    assert item_titles(feeds["feed-thema-open-data.xml"]) == ["nieuw", "oud"]
    assert item_titles(feeds["feed-thema-aanbesteden.xml"]) == ["nieuw"]
    assert item_titles(feeds["feed-plaats-utrecht.xml"]) == ["anders", "oud"]
    assert item_titles(feeds["feed-plaats-den-haag.xml"]) == ["nieuw"]


def test_the_title_says_what_the_feed_follows() -> None:
    feeds = export.facet_feeds(PAGES, MODEL, SITE)
    assert channel(feeds["feed-thema-open-data.xml"]).findtext("title") == "Smart City Lessen: thema Open data"
    utrecht = channel(feeds["feed-plaats-utrecht.xml"])
    assert utrecht.findtext("title") == "Smart City Lessen: gemeente of organisatie Utrecht"
    assert export.facet_feed_title("theme", "Open data", "Smart City Lessen") == "Smart City Lessen: thema Open data"


def test_relative_links_resolve_from_the_feed_address() -> None:
    """Without a site URL a reader resolves links against the feed's address: they must land on the pages."""
    feeds = export.facet_feeds(PAGES, MODEL, SITE)
    feed_address = "https://host.example/sub/feed-thema-open-data.xml"
    found = channel(feeds["feed-thema-open-data.xml"])
    assert urljoin(feed_address, found.findtext("link") or "") == "https://host.example/sub/themas/open-data/"
    links = [urljoin(feed_address, item.findtext("link") or "") for item in found.iter("item")]
    assert links == ["https://host.example/sub/lessen/nieuw/", "https://host.example/sub/lessen/oud/"]


def test_absolute_links_and_self_link_with_a_site_url() -> None:
    site = export.SiteInfo(name="Smart City Lessen", description="x", site_url=EXAMPLE_SITE)
    found = channel(export.facet_feeds(PAGES, MODEL, site)["feed-plaats-utrecht.xml"])
    assert found.findtext("link") == EXAMPLE_SITE + "steden/utrecht/"
    assert [item.findtext("link") for item in found.iter("item")] == [
        EXAMPLE_SITE + "lessen/anders/",
        EXAMPLE_SITE + "lessen/oud/",
    ]
    self_link = found.find(f"{{{export.ATOM_NS}}}link")
    assert self_link is not None
    assert self_link.get("href") == EXAMPLE_SITE + "feed-plaats-utrecht.xml"


def test_the_site_wide_feed_is_unchanged_by_the_new_options() -> None:
    rows = export.records(PAGES)
    found = channel(export.to_rss(rows, SITE))
    assert found.findtext("link") == "./"
    assert found.findtext("title") == "Smart City Lessen"


HOSTILE_TITLES = [
    '<script>alert("x")</script> & "quotes" \'apos\'',
    "]]> <![CDATA[ x ]]>",
    "&amp; &#x26; &lt;",
    "Tab\tnieuwe\nregel\rterug",
    "Stuurtekens " + "".join(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"),
    "Nog meer \x7f\x85\u2028\u2029 \ufffe\uffff",
    "Emoji 🏙️ en accenten coöperatie ideeën",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_any_title_gives_a_well_formed_feed(title: str) -> None:
    hostile = page("vijandig", ("Open data",), ("Utrecht",), dt.date(2024, 1, 1), title=title)
    feed = export.facet_feeds([hostile], MODEL, SITE)["feed-thema-open-data.xml"]
    titles = item_titles(feed)  # parses, or the test fails here
    assert len(titles) == 1
    assert "<script>" not in feed
    first_word = "".join(char if char.isprintable() else " " for char in title).split()[0]
    assert first_word in titles[0]


def test_at_most_one_listing_page_of_items_per_feed() -> None:
    many = [page(f"p{n}", ("Open data",), ("Utrecht",), dt.date(2020, 1, 1) + dt.timedelta(days=n)) for n in range(250)]
    feed = export.facet_feeds(many, MODEL, SITE)["feed-thema-open-data.xml"]
    titles = item_titles(feed)
    assert len(titles) == export.FACET_FEED_ITEMS
    assert titles[0] == "p249"


def test_cost_at_ten_thousand_pages() -> None:
    """Measured 0.2 s for 10,000 pages on this machine (15 feeds of at most 100 items); allowed 10 s."""
    many = [
        page(f"p{n}", (MODEL.themes[n % 9], MODEL.themes[(n + 3) % 9]), (MODEL.cities[n % 6],), dt.date(2020, 1, 1))
        for n in range(10_000)
    ]
    start = time.perf_counter()
    feeds = export.facet_feeds(many, MODEL, SITE)
    elapsed = time.perf_counter() - start
    assert len(feeds) == len(MODEL.themes) + len(MODEL.cities)
    assert elapsed < 10, f"{elapsed:.1f} s"
