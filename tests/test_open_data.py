"""Open data: the RSS feed, the JSON/CSV export, robots.txt, security.txt and the sitemap.

Unit tests of ``smartcity.export`` on made-up pages, then tests of the files a
real build writes: the default build (no ``SITE_URL``, no ``SECURITY_CONTACT``)
and a build with both set to reserved example values (RFC 2606).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from smartcity import export
from smartcity.pages import PageRecord

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SITE = "https://example.org/smartcity/"
EXAMPLE_CONTACT = "mailto:security@example.org"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def make_page(src: str, title: str, day: dt.date, **extra: object) -> PageRecord:
    values: dict[str, object] = {
        "description": f'Over {title}, met een komma, en "aanhalingstekens" & <hoekhaken>.',
        "type": "les",
        "cities": ("Utrecht", "Coöperatie Duurzaam Brabant"),
        "tags": ("Open data",),
        "people": (),
    }
    values.update(extra)
    return PageRecord(src=src, title=title, date=day, **values)  # type: ignore[arg-type]


PAGES = [
    make_page("lessen/oud.md", "Oud", dt.date(2020, 1, 2)),
    make_page(
        "interviews/nieuw.md",
        "Nieuw",
        dt.date(2024, 3, 14),
        type="interview",
        people=("Hanke Nijman",),
        source_title="Een artikel",
        source_url="https://example.org/artikel",
    ),
    make_page("lessen/ook-nieuw.md", "Ook nieuw", dt.date(2024, 3, 14)),
]
SITE = export.SiteInfo(name="Smart City Lessen", description="Lessen van gemeenten.")


# --- the export module -----------------------------------------------------------------


def test_records_are_newest_first_then_by_title() -> None:
    assert [r["title"] for r in export.records(PAGES)] == ["Nieuw", "Ook nieuw", "Oud"]


def test_record_has_every_field_and_keeps_lists() -> None:
    record = export.records(PAGES)[0]
    assert list(record) == list(export.FIELDS)
    assert record["cities"] == ["Utrecht", "Coöperatie Duurzaam Brabant"]
    assert record["people"] == ["Hanke Nijman"]
    assert record["source_url"] == "https://example.org/artikel"
    assert record["date"] == "2024-03-14"
    assert record["url"] == "interviews/nieuw/"


def test_urls_are_absolute_only_with_a_site_url() -> None:
    assert export.records(PAGES, EXAMPLE_SITE)[0]["url"] == EXAMPLE_SITE + "interviews/nieuw/"
    assert export.records(PAGES, "https://example.org")[0]["url"] == "https://example.org/interviews/nieuw/"
    assert export.records(PAGES)[0]["url"] == "interviews/nieuw/"


def test_csv_round_trips_with_quotes_commas_and_accents() -> None:
    rows = export.records(PAGES)
    text = export.to_csv(rows)
    assert text.startswith(",".join(export.FIELDS) + "\r\n")
    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["title"] for r in parsed] == ["Nieuw", "Ook nieuw", "Oud"]
    assert parsed[0]["description"] == rows[0]["description"]
    assert parsed[0]["cities"].split(export.CSV_LIST_SEPARATOR) == rows[0]["cities"]
    assert parsed[1]["people"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(start: str) -> None:
    """OWASP CSV injection: a cell that a spreadsheet would read as a formula gets a leading quote."""
    rows = export.records([make_page("lessen/f.md", "Formule", dt.date(2024, 1, 1))])
    rows[0]["title"] = f'{start}HYPERLINK("https://x")'  # set directly: records() removes a control character as \r
    parsed = next(csv.DictReader(io.StringIO(export.to_csv(rows), newline="")))
    assert parsed["title"] == "'" + rows[0]["title"]
    assert parsed["description"] == rows[0]["description"]  # starts with a letter: unchanged


def test_json_holds_the_records_and_their_count() -> None:
    rows = export.records(PAGES)
    data = json.loads(export.to_json(rows, SITE))
    assert data["count"] == 3
    assert data["fields"] == list(export.FIELDS)
    assert data["pages"] == rows
    assert data["site_url"] is None


def test_rss_is_valid_xml_escaped_and_newest_first() -> None:
    site = export.SiteInfo(name=SITE.name, description=SITE.description, site_url=EXAMPLE_SITE)
    root = ET.fromstring(export.to_rss(export.records(PAGES, EXAMPLE_SITE), site, {"les": "Les"}))
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Nieuw", "Ook nieuw", "Oud"]
    assert items[0].findtext("link") == EXAMPLE_SITE + "interviews/nieuw/"
    assert items[0].findtext("pubDate") == "Thu, 14 Mar 2024 00:00:00 +0000"
    assert items[0].find("guid").get("isPermaLink") == "true"
    assert "<hoekhaken>" in items[0].findtext("description")
    assert {c.text for c in items[1].findall("category")} >= {"Les", "Open data", "Utrecht"}
    self_link = root.find("./channel/{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == EXAMPLE_SITE + "feed.xml"


def test_rss_without_site_url_has_relative_links_and_no_permalink_claim() -> None:
    root = ET.fromstring(export.to_rss(export.records(PAGES), SITE))
    item = root.find("./channel/item")
    assert item.findtext("link") == "interviews/nieuw/"
    assert item.find("guid").get("isPermaLink") == "false"
    assert root.find("./channel/{http://www.w3.org/2005/Atom}link") is None


def test_no_security_txt_without_a_contact() -> None:
    assert export.security_txt("", dt.datetime.now(dt.UTC)) is None
    assert export.security_txt("   ", dt.datetime.now(dt.UTC)) is None


def test_security_txt_has_contact_and_an_expiry_within_a_year() -> None:
    built = dt.datetime(2026, 1, 31, 12, 30, tzinfo=dt.UTC)
    text = export.security_txt("security@example.org", built, EXAMPLE_SITE)
    assert text is not None
    fields = dict(line.split(": ", 1) for line in text.splitlines())
    assert fields["Contact"] == EXAMPLE_CONTACT
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert built < expires < built + dt.timedelta(days=365)
    assert fields["Canonical"] == EXAMPLE_SITE + ".well-known/security.txt"


@pytest.mark.parametrize("value", ["https://example.org/melden", "tel:+31-20-000-0000", EXAMPLE_CONTACT])
def test_contact_uris_are_kept(value: str) -> None:
    assert export.normalise_contact(value) == value


@pytest.mark.parametrize(
    "value", ["bel ons", "http://example.org/melden", "ftp://example.org", "mailto:a@example.org\r\nExpires: nooit"]
)
def test_bad_contact_is_refused_in_dutch(value: str) -> None:
    with pytest.raises(export.ExportError, match="SECURITY_CONTACT"):
        export.normalise_contact(value)


def test_robots_txt_names_the_sitemap_only_with_a_site_url() -> None:
    assert "Sitemap" not in export.robots_txt("")
    assert f"Sitemap: {EXAMPLE_SITE}sitemap.xml" in export.robots_txt(EXAMPLE_SITE)


# --- the default build -----------------------------------------------------------------


def test_feed_has_one_item_per_content_page_newest_first(built_site: Path, content_pages: list[PageRecord]) -> None:
    root = ET.parse(built_site / export.FEED_PATH).getroot()
    items = root.findall("./channel/item")
    assert len(items) == len(content_pages)
    assert [i.findtext("title") for i in items] == [p.title for p in content_pages]  # newest first
    dates = [dt.datetime.strptime(i.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z") for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        link = item.findtext("link")
        assert (built_site / link / "index.html").exists(), link


def test_json_has_exactly_the_content_pages_with_every_field(built_site: Path, content_pages: list[PageRecord]) -> None:
    data = json.loads((built_site / export.JSON_PATH).read_text(encoding="utf-8"))
    assert data["count"] == len(content_pages) == len(data["pages"])
    assert {r["url"] for r in data["pages"]} == {p.url for p in content_pages}
    by_url = {p.url: p for p in content_pages}
    for record in data["pages"]:
        assert list(record) == list(export.FIELDS)
        page = by_url[record["url"]]
        assert record["title"] == page.title
        assert record["description"] == page.description
        assert record["type"] == page.type
        assert record["date"] == page.date.isoformat()
        assert record["cities"] == list(page.cities)
        assert record["tags"] == list(page.tags)
        assert record["people"] == list(page.people)


def test_csv_has_exactly_the_content_pages_with_every_field(built_site: Path, content_pages: list[PageRecord]) -> None:
    with (built_site / export.CSV_PATH).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == list(export.FIELDS)
        rows = list(reader)
    assert sorted(r["url"] for r in rows) == sorted(p.url for p in content_pages)
    by_url = {p.url: p for p in content_pages}
    for row in rows:
        page = by_url[row["url"]]
        assert row["title"] == page.title
        assert row["tags"] == export.CSV_LIST_SEPARATOR.join(page.tags)
        assert row["cities"] == export.CSV_LIST_SEPARATOR.join(page.cities)


def test_no_security_txt_and_no_sitemap_line_when_not_configured(built_site: Path) -> None:
    assert not (built_site / export.SECURITY_TXT_PATH).exists()
    robots = (built_site / export.ROBOTS_TXT_PATH).read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\n") and "Sitemap" not in robots


def test_every_page_announces_the_feed(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        assert 'type="application/rss+xml"' in html.read_text(encoding="utf-8"), html


def test_open_data_page_links_to_the_files(built_site: Path) -> None:
    text = (built_site / "over" / "open-data" / "index.html").read_text(encoding="utf-8")
    for target in (export.JSON_PATH, export.CSV_PATH, export.FEED_PATH):
        assert f'href="../../{target}"' in text
        assert (built_site / target).exists()


# --- a build with SITE_URL and SECURITY_CONTACT ---------------------------------------


@pytest.fixture(scope="module")
def configured_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site-configured")
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": EXAMPLE_SITE,
        "SECURITY_CONTACT": EXAMPLE_CONTACT,
    }
    env.pop("REPO_URL", None)
    env.pop("EDIT_URI", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict met SITE_URL en SECURITY_CONTACT mislukte:\n{result.stderr}")
    return site


def test_security_txt_with_contact_and_expires_when_configured(configured_site: Path) -> None:
    text = (configured_site / export.SECURITY_TXT_PATH).read_text(encoding="utf-8")
    fields = dict(line.split(": ", 1) for line in text.splitlines())
    assert fields["Contact"] == EXAMPLE_CONTACT
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    now = dt.datetime.now(dt.UTC)
    assert now < expires < now + dt.timedelta(days=366)


def test_feed_and_exports_use_absolute_urls_when_configured(configured_site: Path) -> None:
    root = ET.parse(configured_site / export.FEED_PATH).getroot()
    assert all(i.findtext("link").startswith(EXAMPLE_SITE) for i in root.findall("./channel/item"))
    data = json.loads((configured_site / export.JSON_PATH).read_text(encoding="utf-8"))
    assert data["site_url"] == EXAMPLE_SITE
    assert all(r["url"].startswith(EXAMPLE_SITE) for r in data["pages"])


def test_sitemap_lists_every_page_when_configured(configured_site: Path, content_pages: list[PageRecord]) -> None:
    locations = {loc.text for loc in ET.parse(configured_site / "sitemap.xml").getroot().iter(f"{SITEMAP_NS}loc")}
    for page in content_pages:
        assert EXAMPLE_SITE + page.url in locations
    assert EXAMPLE_SITE in locations
    robots = (configured_site / export.ROBOTS_TXT_PATH).read_text(encoding="utf-8")
    assert f"Sitemap: {EXAMPLE_SITE}sitemap.xml" in robots
