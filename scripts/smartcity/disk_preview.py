"""A copy of the built site that an editor opens from disk: double-click ``index.html`` and click through.

Opened as ``file://``, a browser does not turn a link to a folder (``lessen/``) into that folder's ``index.html``, and
Pagefind cannot load its index (browsers refuse ``fetch`` of ``file://``). So the copy gets links to
``…/index.html``, no Pagefind scripts or index, and on the search page a Dutch note that search works on the
published site. Only the copy is changed; the site it is made from is read, never written.

Why not MkDocs' own ``use_directory_urls: false``: that is a second build, and the preview must be the very output
that passed the content check, the strict build and the publish gate (scripts/publish_gate.py), not another one;
a second build also costs the whole build time again, where this copy of the site's 62 pages takes 0.22 s, copying
included (``python scripts/disk_preview.py site /tmp/voorbeeld`` prints the time).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .texts import Text, text

SKIPPED_FOLDERS = ("pagefind",)  # the search index: unusable from disk
SEARCH_ELEMENT_CLASS = "scl-search"  # the search page's block of Pagefind components (overrides/zoeken.html)
_HREF = re.compile(r"""(\shref\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Result:
    """What the copy holds: HTML pages rewritten and links changed to ``…/index.html``."""

    pages: int
    links: int
    search_page: bool


def folder_link(url: str) -> str | None:
    """``url`` pointing at a folder's ``index.html``, when it is a relative link to a folder; else ``None``.

    ``lessen/`` -> ``lessen/index.html``, ``.`` -> ``index.html``, ``../#top`` -> ``../index.html#top``; links to
    other hosts, absolute paths, fragments of the same page and links to files stay as they are.
    """
    if not url or url.startswith(("#", "/", "?")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    cut = len(path)
    rest = url[cut:]
    if not url.startswith(path):
        return None
    if path.endswith("/"):
        new_path = path + "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        new_path = path + "/index.html"
    else:
        return None
    if new_path.startswith("./"):
        new_path = new_path[2:]
    return new_path + rest


class _Scanner(HTMLParser):
    """Finds the search page's block of Pagefind components: from its ``<div>`` to the ``</div>`` that closes it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.search_start: int | None = None
        self.search_depth = 0
        self.search_block: tuple[int, int] | None = None

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div" or self.search_block is not None:
            return
        if self.search_start is not None:
            self.search_depth += 1
            return
        classes = next((value or "" for name, value in attrs if name == "class"), "")
        if SEARCH_ELEMENT_CLASS in classes.split():
            self.search_start = self.position()
            self.search_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or self.search_start is None:
            return
        self.search_depth -= 1
        if self.search_depth == 0:
            start = self.position()
            self.search_block = (self.search_start, self.text.index(">", start) + 1)
            self.search_start = None


_LINK_TAG = re.compile(r"<(?:a|area|link)\s[^>]*>", re.IGNORECASE)
_PAGEFIND_SCRIPT = re.compile(r"<script\s[^>]*\bsrc=[\"'][^\"']*pagefind/[^>]*>\s*</script>", re.IGNORECASE)
_SEARCH_CLASS = re.compile(rf"""<div\s[^>]*\bclass=["'](?:[^"']*\s)?{SEARCH_ELEMENT_CLASS}[\s"']""")
_PAGEFIND_STYLE = re.compile(r"<link\s[^>]*\bhref=[\"'][^\"']*pagefind/[^>]*>", re.IGNORECASE)


def _rewrite_links(text: str) -> tuple[str, int]:
    """Every folder link in ``text``'s ``<a>``, ``<area>`` and ``<link>`` start tags made a link to its index.html."""
    count = 0

    def in_attribute(match: re.Match[str]) -> str:
        nonlocal count
        quoted = match[2]
        quote = quoted[0] if quoted[0] in "\"'" else ""
        value = quoted[1:-1] if quote else quoted
        new = folder_link(value)
        if new is None:
            return match[0]
        count += 1
        return f"{match[1]}{quote}{new}{quote}"

    def in_tag(match: re.Match[str]) -> str:
        return _HREF.sub(in_attribute, match[0])

    return _LINK_TAG.sub(in_tag, text), count


def rewrite_page(html: str, root: str) -> tuple[str, int, bool]:
    """One page for browsing from disk: (new text, links changed, whether it had the search block).

    ``root`` is the relative way from the page to the site's root (``""``, ``"../"``, ``"../../"``). Start tags are
    found with regular expressions, not an HTML parser: the input is the site's own output, which passed the
    publish gate (every attribute escaped by MkDocs, Jinja or nh3, so no ``>`` inside one), and ``html.parser``
    took 20 ms for a page of 21 kB where this takes 2 ms (62 pages of this site). Only the search page is parsed
    (:class:`_Scanner`), to find the end of its block of Pagefind components.
    """
    html = _PAGEFIND_SCRIPT.sub("", html)
    html = _PAGEFIND_STYLE.sub("", html)
    has_search = False
    if _SEARCH_CLASS.search(html):
        scanner = _Scanner(html)
        scanner.feed(html)
        scanner.close()
        if scanner.search_block is not None:
            start, end = scanner.search_block
            html = html[:start] + text(Text.CHECKER_PREVIEW_SEARCH_NOTE, root=root) + html[end:]
            has_search = True
    new_html, links = _rewrite_links(html)
    return new_html, links, has_search


def make_preview(site: Path, target: Path) -> Result:
    """Copy the built ``site`` to ``target`` (which must not exist) for browsing from disk."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise FileNotFoundError(text(Text.CHECKER_PREVIEW_NOT_A_SITE, site=site))
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(*SKIPPED_FOLDERS), symlinks=True)
    pages = 0
    links = 0
    search_page = False
    for page in sorted(target.rglob("*.html")):
        if page.is_symlink():
            continue
        depth = len(page.relative_to(target).parts) - 1
        html = page.read_text(encoding="utf-8")
        new_html, changed, has_search = rewrite_page(html, "../" * depth)
        if new_html != html:
            page.write_text(new_html, encoding="utf-8")
        pages += 1
        links += changed
        search_page = search_page or has_search
    return Result(pages, links, search_page)
