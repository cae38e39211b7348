"""Safety of contributed content: no scripts, embeds, event attributes, javascript: URLs or remote media.

A page may only load images, video, audio and style sheets from the site itself;
anything loaded from another host can track readers (a tracking pixel) or leak
their visits. Plain ``http://`` links are a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .findings import Finding
from .links import all_links
from .markdown_scan import Link
from .page import Page

EMBED_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet"}
MEDIA_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
}
_EVENT = re.compile(r"^on[a-z]+$")
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data:text/html)", re.I)
_CONTROL = re.compile(r"[\x00-\x20]+")
_CSS_URL = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])(?P<url>(?:[A-Za-z][\w+.-]*:)?//[^\"')\s]+)", re.I)
_LINKING_RELS = {"stylesheet", "icon", "preload", "prefetch", "manifest", "modulepreload", "apple-touch-icon"}


def check(page: Page, site_host: str | None) -> list[Finding]:
    """All safety findings for ``page``."""
    findings = list(_tags(page, site_host))
    findings.extend(_urls(page, site_host))
    findings.extend(_css(page, site_host))
    return findings


def _finding(page: Page, offset: int, rule: str, message: str) -> Finding:
    line, column = page.at(offset)
    return Finding(page.display, line, column, rule, message)


def is_remote(url: str, site_host: str | None) -> bool:
    """True when ``url`` is loaded from another host than the site."""
    url = url.strip()
    if not (url.startswith("//") or re.match(r"^[A-Za-z][\w+.-]*://", url)):
        return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return True
    return host is None or host != site_host


def _tags(page: Page, site_host: str | None) -> Iterator[Finding]:
    for tag in page.tags:
        if tag.name == "script":
            yield _finding(
                page,
                tag.offset,
                "safety-script",
                "Een <script> mag niet in een pagina: het voert code uit in de browser van de lezer. "
                "Haal het weg; vraag de beheerders als de site echt iets interactiefs nodig heeft.",
            )
        elif tag.name in EMBED_TAGS:
            yield _finding(
                page,
                tag.offset,
                "safety-embed",
                f"Een <{tag.name}> laadt een andere website of plug-in in de pagina. Haal het weg en "
                "zet er een gewone link naar die pagina voor in de plaats.",
            )
        for name, offset in tag.name_offsets.items():
            if _EVENT.match(name):
                yield _finding(
                    page,
                    offset,
                    "safety-event-attribute",
                    f'Het attribuut "{name}" op <{tag.name}> voert code uit. Haal het attribuut weg.',
                )
        yield from _remote_media_tag(page, tag.name, tag.attrs, tag.attr_offsets, site_host)


def _remote_media_tag(
    page: Page, name: str, attrs: dict[str, str], offsets: dict[str, int], site_host: str | None
) -> Iterator[Finding]:
    checked = list(MEDIA_ATTRIBUTES.get(name, ()))
    if name == "link" and _LINKING_RELS & set(attrs.get("rel", "").lower().split()):
        checked.append("href")
    for attr in checked:
        value = attrs.get(attr, "")
        urls = [part.split()[0] for part in value.split(",") if part.split()] if attr == "srcset" else [value]
        if any(is_remote(url, site_host) for url in urls):
            yield _finding(page, offsets[attr], "safety-remote-media", _remote_message(urls[0]))


def _remote_message(url: str) -> str:
    return (
        f'"{url}" wordt van een andere website geladen; die website ziet dan wie de pagina leest. '
        "Download het bestand (als dat mag) en zet het in docs/assets/, of vervang het door een gewone link."
    )


def _urls(page: Page, site_host: str | None) -> Iterator[Finding]:
    for link in all_links(page):
        yield from _url(page, link, site_host)


def _url(page: Page, link: Link, site_host: str | None) -> Iterator[Finding]:
    url = link.url
    squeezed = _CONTROL.sub("", url) if " " in url or not url.isprintable() else url  # controls are unprintable
    if _SCRIPT_URL.match(squeezed):
        yield _finding(
            page,
            link.offset,
            "safety-javascript-url",
            "Een link die begint met javascript: voert code uit. Gebruik een gewoon webadres of "
            "een link naar een andere pagina.",
        )
        return
    if link.kind in {"image", "image-ref"} and is_remote(link.url, site_host):
        yield _finding(page, link.offset, "safety-remote-media", _remote_message(link.url))
        return
    is_media = link.kind in {"image", "image-ref"} or _is_media_attribute(link.kind)
    if link.url.lower().startswith("http://") and not is_media:
        yield _finding(
            page,
            link.offset,
            "link-http",
            f'De link "{link.url}" gebruikt http:// (onbeveiligd). Controleer of het adres ook met '
            "https:// werkt en gebruik dat.",
        )


def _is_media_attribute(kind: str) -> bool:
    tag, _, attr = kind.partition(".")
    return attr in MEDIA_ATTRIBUTES.get(tag, ())


def _css(page: Page, site_host: str | None) -> Iterator[Finding]:
    if "url(" not in page.masked and "@import" not in page.masked:
        return
    for match in _CSS_URL.finditer(page.masked):
        if is_remote(match.group("url"), site_host):
            yield _finding(page, match.start("url"), "safety-remote-media", _remote_message(match.group("url")))
