"""The site's own open data: an RSS 2.0 feed, a JSON and a CSV export of every content page, robots.txt, security.txt.

Plain Python (no MkDocs import): the build hook only collects the pages and the configuration and writes what
this module returns. With a ``site_url`` every URL is absolute; without one (local builds) URLs are relative to
the site root (``lessen/x/``), in the feed too: it lives at the root, so a reader that resolves links against the
feed's own address lands on the right page wherever the site is published (``/lessen/x/`` breaks under a sub-path).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

from .model import ContentModel
from .pages import PAGE_SIZE, PageRecord, facet_src, newest_first, page_url
from .text import slugify
from .texts import Text, text
from .validate import CONTROL

# Where the build writes the files, relative to the site root.
FEED_PATH = "feed.xml"
JSON_PATH = "open-data/paginas.json"
CSV_PATH = "open-data/paginas.csv"
SECURITY_TXT_PATH = ".well-known/security.txt"
ROBOTS_TXT_PATH = "robots.txt"

# Columns of the CSV and keys of each JSON record, in this order.
FIELDS = ("title", "description", "type", "date", "cities", "tags", "people", "source_title", "source_url", "url")
CSV_LIST_SEPARATOR = "; "  # between the values of a list in one CSV cell (names contain ";" never)
SECURITY_TXT_VALID_DAYS = 364  # RFC 9116 recommends an Expires less than a year ahead
ATOM_NS = "http://www.w3.org/2005/Atom"
FACET_FEED_PREFIXES = {"theme": "feed-thema-", "city": "feed-plaats-"}  # <prefix><slug>.xml, beside feed.xml
# The title and description of the feed of one theme or place: "Smart City Lessen: thema Open data".
FACET_FEED_TITLES = {"theme": Text.CHECKER_FEED_TITLE_THEME, "city": Text.CHECKER_FEED_TITLE_CITY}
FACET_FEED_DESCRIPTIONS = {"theme": Text.CHECKER_FEED_DESCRIPTION_THEME, "city": Text.CHECKER_FEED_DESCRIPTION_CITY}
FACET_FEED_ITEMS = PAGE_SIZE  # the newest pages in a feed of one theme or place (as on its first listing page)


class ExportError(ValueError):
    """A configuration value cannot be exported as given; the message is Dutch and says how to fix it."""


@dataclass(frozen=True)
class SiteInfo:
    """What the exports need to know about the site itself."""

    name: str
    description: str
    site_url: str = ""  # "" when unknown: URLs stay relative to the site root
    language: str = "nl"


def absolute_url(path: str, site_url: str) -> str:
    """``path`` (relative to the site root) made absolute with ``site_url``; unchanged when that is empty."""
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}" if site_url else path.lstrip("/")


def records(pages: Iterable[PageRecord], site_url: str = "") -> list[dict[str, Any]]:
    """Each page's metadata as a flat record with the keys of :data:`FIELDS`, newest first (then by title)."""
    rows = []
    for page in newest_first(list(pages)):
        row = {name: getattr(page, name) for name in FIELDS}
        row.update(date=page.date.isoformat(), url=absolute_url(page.url, site_url))
        rows.append({name: without_controls(value) for name, value in row.items()})
    return rows


def without_controls(value: Any) -> Any:
    """``value`` (a text, or a list or tuple of texts, as a list) without the characters XML 1.0 cannot carry.

    The validator refuses them in front matter (``fm-control``); this keeps the feed well-formed and the JSON and
    CSV writable (a lone surrogate cannot be encoded as UTF-8) should a page reach the exports anyway.
    """
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, list | tuple):
        return [without_controls(item) for item in value]
    return value


def to_json(rows: Sequence[dict[str, Any]], site: SiteInfo) -> str:
    """The JSON export: a small header, the field names and one object per page."""
    document = {
        "title": text(Text.CHECKER_JSON_TITLE, site=site.name),
        "description": site.description,
        "site_url": site.site_url or None,
        "fields": list(FIELDS),
        "count": len(rows),
        "pages": list(rows),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The CSV export of :func:`records` (RFC 4180: comma, double quotes, CRLF); lists joined with ``"; "``.

    A cell that starts like a formula gets a leading ``'``, so a spreadsheet shows it as text (OWASP).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        cells = [CSV_LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value) for value in row.values()]
        writer.writerow("'" + cell if cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell for cell in cells)
    return buffer.getvalue()


def rfc822(day: str) -> str:
    """An ISO date as RSS wants it (RFC 822), at midnight UTC: ``Thu, 26 Nov 2026 00:00:00 +0000``."""
    return format_datetime(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC))


def to_rss(
    rows: Sequence[dict[str, Any]],
    site: SiteInfo,
    type_labels: dict[str, str] | None = None,
    *,
    link: str = "",
    feed_path: str = FEED_PATH,
) -> str:
    """An RSS 2.0 feed with one item per record, in the order given (newest first from :func:`records`).

    ``link`` is the channel's page (default: the site's home page); ``feed_path`` where the feed itself lives.
    """
    ET.register_namespace("atom", ATOM_NS)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = site.name
    ET.SubElement(channel, "link").text = link or absolute_url("", site.site_url) or "./"
    ET.SubElement(channel, "description").text = site.description
    ET.SubElement(channel, "language").text = site.language
    if site.site_url:
        self_link = {"href": absolute_url(feed_path, site.site_url), "rel": "self", "type": "application/rss+xml"}
        ET.SubElement(channel, f"{{{ATOM_NS}}}link", self_link)
    if rows:
        ET.SubElement(channel, "lastBuildDate").text = rfc822(max(row["date"] for row in rows))
    labels = type_labels or {}
    for row in rows:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = row["title"]
        ET.SubElement(item, "link").text = row["url"]
        ET.SubElement(item, "description").text = row["description"]
        ET.SubElement(item, "pubDate").text = rfc822(row["date"])
        ET.SubElement(item, "guid", {"isPermaLink": "true" if site.site_url else "false"}).text = row["url"]
        # The category domains are names of the open data's format, which feed readers may filter on: not texts.
        ET.SubElement(item, "category", {"domain": "soort"}).text = labels.get(row["type"], row["type"])
        for domain, key in (("thema", "tags"), ("stad", "cities")):
            for value in row[key]:
                ET.SubElement(item, "category", {"domain": domain}).text = value
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def facet_feed_path(kind: str, value: str) -> str:
    """Where the feed of one theme (``kind="theme"``) or place (``"city"``) lives: ``feed-thema-open-data.xml``.

    In the site's root folder, beside ``feed.xml``, not in a folder of its own: for every ``<link rel="alternate">``
    of a page Material's JavaScript fetches ``sitemap.xml`` next to its target (meant for pages in other languages),
    and ``feeds/thema/sitemap.xml`` does not exist (a 404 in the console: Lighthouse's best practices 96).
    """
    return f"{FACET_FEED_PREFIXES[kind]}{slugify(value)}.xml"


def facet_feed_paths(model: ContentModel) -> frozenset[str]:
    """Every feed :func:`facet_feeds` writes (so that the checker accepts a link to one)."""
    themes = {facet_feed_path("theme", theme) for theme in model.themes}
    return frozenset(themes | {facet_feed_path("city", city) for city in model.cities})


def facet_feed_title(kind: str, value: str, site_name: str) -> str:
    """The title of that feed, saying what it follows: ``Smart City Lessen: thema Open data``."""
    return text(FACET_FEED_TITLES[kind], site=site_name, value=value)


def facet_feeds(pages: Iterable[PageRecord], model: ContentModel, site: SiteInfo) -> dict[str, str]:
    """One RSS feed per theme and per place of the content model (also for one without pages yet, so that it can be
    followed before its first page): path relative to the site root -> the feed.

    A feed holds the newest :data:`FACET_FEED_ITEMS` pages: it is for following what is new; every page of a theme
    or place is on its page and in the open data. Without a ``site_url`` the links are relative to the site root,
    where the feeds are, as in ``feed.xml``.
    """
    rows = records(pages, site.site_url)
    type_labels = {name: page_type.label for name, page_type in model.types.items()}
    made = {}
    for kind, names, field in (("theme", model.themes, "tags"), ("city", model.cities, "cities")):
        for value in names:
            path = facet_feed_path(kind, value)
            selected = [row for row in rows if value in row[field]][:FACET_FEED_ITEMS]
            own_page = page_url(facet_src(kind, value, model))
            followed = SiteInfo(
                name=facet_feed_title(kind, value, site.name),
                description=text(FACET_FEED_DESCRIPTIONS[kind], value=value),
                site_url=site.site_url,
                language=site.language,
            )
            link = absolute_url(own_page, site.site_url)
            made[path] = to_rss(selected, followed, type_labels, link=link, feed_path=path)
    return made


def normalise_contact(contact: str) -> str:
    """A security.txt ``Contact`` value: a URI (mailto:, https:, tel:); a bare e-mail address gets ``mailto:``."""
    value = contact.strip()
    if any(char in value for char in "\r\n"):
        raise ExportError(text(Text.CHECKER_SECURITY_CONTACT_LINE_BREAK))
    if value.startswith(("mailto:", "https://", "tel:")):
        return value
    if "@" in value and " " not in value and ":" not in value:
        return "mailto:" + value
    raise ExportError(text(Text.CHECKER_SECURITY_CONTACT_INVALID, value=value))


def security_txt(contact: str, built: dt.datetime, site_url: str = "") -> str | None:
    """The text of ``/.well-known/security.txt`` (RFC 9116), or ``None`` when no contact is configured.

    RFC 9116 requires ``Contact`` and no address is invented, so without one there is no file. ``Expires``
    is :data:`SECURITY_TXT_VALID_DAYS` days after the build: a site not rebuilt for a year stops claiming
    a contact that may be outdated.
    """
    if not contact.strip():
        return None
    expires = built.astimezone(dt.UTC) + dt.timedelta(days=SECURITY_TXT_VALID_DAYS)
    lines = [f"Contact: {normalise_contact(contact)}", f"Expires: {expires:%Y-%m-%dT%H:%M:%SZ}"]
    lines.append("Preferred-Languages: nl, en")
    if site_url:
        lines.append(f"Canonical: {absolute_url(SECURITY_TXT_PATH, site_url)}")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str = "") -> str:
    """``robots.txt``: everything may be indexed; the sitemap is named only when its absolute URL is known."""
    sitemap = f"Sitemap: {absolute_url('sitemap.xml', site_url)}\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


def files(
    pages: Iterable[PageRecord], model: ContentModel, site: SiteInfo, contact: str, built: dt.datetime
) -> dict[str, str]:
    """Every file this module makes, by path relative to the site root (security.txt only with a contact)."""
    rows = records(pages, site.site_url)
    made = {
        FEED_PATH: to_rss(rows, site, {name: t.label for name, t in model.types.items()}),
        JSON_PATH: to_json(rows, site),
        CSV_PATH: to_csv(rows),
        ROBOTS_TXT_PATH: robots_txt(site.site_url),
    }
    if security := security_txt(contact, built, site.site_url):
        made[SECURITY_TXT_PATH] = security
    return made
