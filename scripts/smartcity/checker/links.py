"""Links and images: resolve each target as MkDocs does, and say which file was meant when it fails.

A Markdown link is resolved as MkDocs' link validation resolves it: relative to the page file, to a file that exists
with exactly that name (directory-form links such as ``../themas/`` are an "unrecognized relative link" for MkDocs and
fail the strict build, so they are errors here too). Raw-HTML ``href``/``src`` values are left alone by MkDocs; the
checker resolves them against the page's URL, as a browser does — stricter on purpose, because a broken one would
otherwise reach readers unnoticed.
"""

from __future__ import annotations

import datetime as dt
import pickle
import posixpath
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import guards
from ..findings import Finding
from ..pages import page_url, src_of_url
from ..rules import Message, did_you_mean, message
from ..texts import Text, text
from ..validate import nearest
from .context import Context, build_context
from .markdown_scan import SNIPPET_RE, Link
from .page import Page

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Local addresses a copied link can carry: `make serve` listens on 127.0.0.1:8000; the others are the same machine.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104 - compared, never bound
HTTP_CHECKED_KINDS = frozenset({"link", "link-ref", "autolink", "a.href"})
IMAGE_KINDS = frozenset({"image", "image-ref", "img.src"})
PICTURES_FOLDER = "assets"
SELF = "\0self"  # the target of a link to the linking page itself ("#anchor" only)


# The whole link check of a site in the second process may take this long (about 1.5 s at 3,000 pages).
LINK_CHECK_SECONDS = 600.0


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(_SCHEME.match(url))


@dataclass(frozen=True)
class AnchorCheck:
    """A link to ``target#anchor``; verified once the ids of every page are known."""

    at: tuple[str, int, int]  # where the link is: file as findings show it, line, column
    target: str
    anchor: str
    own: bool  # the link points at its own page


def all_links(page: Page) -> Iterator[Link]:
    """Markdown links and images (not reference definitions: MkDocs checks their uses), then raw-HTML href/src."""
    yield from (link for link in page.links if link.kind != "ref-def")
    for tag in page.tags:
        for name in ("href", "src"):
            if name in tag.attrs:
                yield Link(tag.attrs[name].strip(), tag.attr_offsets[name], f"{tag.name}.{name}")


def check(page: Page) -> tuple[list[Finding], set[str], list[AnchorCheck]]:
    """Findings for the links of ``page``, the pages it links to, and the anchors to verify later."""
    findings: list[Finding] = []
    targets: set[str] = set()
    anchors: list[AnchorCheck] = []
    for link in all_links(page):
        url = link.url
        line, column = page.at(link.offset)
        if not url or url.lower().startswith(("mailto:", "tel:")):
            continue
        # A page of this site behind a full address (copied from the browser during `make serve`, or the
        # published site's own address) is a link that breaks elsewhere: the fix is the relative link.
        own_path = own_site_path(url, page.ctx.site_url)
        if own_path is not None:
            findings.append(_own_site_finding(page, link, own_path, line, column))
            continue
        if is_external(url):
            if url.lower().startswith("http://") and link.kind in HTTP_CHECKED_KINDS:
                findings.append(Finding.of(page.display, line, column, Message.LINK_HTTP, url=url))
            continue
        broken, target, anchor = _resolved(page, link)
        if broken:
            message, fill = broken
            findings.append(Finding.of(page.display, line, column, message, **fill))
            continue
        if not target:
            continue
        targets.add(target)
        if anchor and target.endswith(".md"):
            anchors.append(AnchorCheck((page.display, line, column), target, anchor, target == page.rel))
    for ref in page.undefined_refs:
        findings.append(Finding.of(page.display, *page.at(ref.offset), Message.LINK_UNDEFINED_REF, label=ref.label))
    findings.extend(_snippets(page))
    return findings, targets - {page.rel}, anchors


def _resolved(page: Page, link: Link) -> Resolved:
    """(why broken, target file, anchor) of a link within the site, each answer computed once per run.

    A Markdown link's answer depends only on the folder of its page, a raw-HTML one on the page's own URL, so pages
    that share them share the answer (at 3,000 pages most links repeat).
    """
    is_html = "." in link.kind
    if is_html:
        resolve = resolve_html
        scope = page.rel
    else:
        resolve = resolve_markdown
        scope = page.rel.rpartition("/")[0]
    key = (resolve, scope, link.url)
    if key not in page.ctx.resolved:
        page.ctx.resolved[key] = resolve(page.rel, link.url, page.ctx)
    broken, target, anchor = page.ctx.resolved[key]
    if broken and broken[0] == Message.LINK_MISSING and link.kind in IMAGE_KINDS:
        broken = _missing_picture(page, link.url)
    if target == SELF:
        target = page.rel
    return broken, target, anchor


def _missing_picture(page: Page, url: str) -> Broken:
    """A missing picture: where pictures belong, a link that would work from this page, and a picture of the same
    name elsewhere in docs/ if there is one (never a page: a picture is not meant to be a page)."""
    folder = posixpath.dirname(page.rel) or "."
    example = posixpath.relpath(f"{PICTURES_FOLDER}/afbeelding.png", folder)
    name = posixpath.basename(unquote(urlsplit(url).path))
    same_name = sorted(rel for rel in page.ctx.tree.files if posixpath.basename(rel) == name)
    hint = ""
    if same_name:
        hint = did_you_mean(posixpath.relpath(same_name[0], folder))
    return Message.LINK_MISSING_PICTURE, {"url": url, "hint": hint, "example": example}


def own_site_path(url: str, site_url: str = "") -> str | None:
    """The site path (``lessen/x/``) of a full ``http(s)`` address of this site, or None for any other URL.

    This site is any local address (localhost, 127.0.0.1, [::1], 0.0.0.0, any port) and the host of ``site_url``
    (``SITE_URL``), whose own path prefix (a project site on GitHub Pages) is taken off.
    """
    if ":" not in url:  # no scheme at all (most links are relative): urlsplit would find none either
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    try:
        host = (parts.hostname or "").lower()
    except ValueError:  # an invalid address such as http://[x/: not this site
        return None
    path = unquote(parts.path)
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return path.lstrip("/")
    site = urlsplit(site_url)
    if site.hostname and host == site.hostname.lower() and parts.port == site.port:
        base = site.path.rstrip("/") + "/"
        if (path.rstrip("/") + "/").startswith(base):
            return path[len(base) :] if len(path) >= len(base) else ""
    return None


def _own_site_finding(page: Page, link: Link, site_path: str, line: int, column: int) -> Finding:
    """``link-own-site`` with the relative link to the file behind ``site_path`` when there is one."""
    fragment = urlsplit(link.url).fragment
    source = _file_behind(site_path, page.ctx)
    if source is None:
        hint = ""
        meant = _meant(site_path, page.ctx) if site_path else None
        if meant:
            hint = did_you_mean(posixpath.relpath(meant, posixpath.dirname(page.rel) or "."))
        return Finding.of(page.display, line, column, Message.LINK_OWN_SITE_UNKNOWN, url=link.url, hint=hint)
    relative = posixpath.relpath(source, posixpath.dirname(page.rel) or ".")
    if fragment:
        relative += f"#{fragment}"
    example = message(Message.LINK_OWN_SITE_EXAMPLE_LINK, relative=relative)
    if link.kind in IMAGE_KINDS:
        example = message(Message.LINK_OWN_SITE_EXAMPLE_PICTURE, relative=relative)
    return Finding.of(page.display, line, column, Message.LINK_OWN_SITE, url=link.url, example=example)


def _file_behind(site_path: str, ctx: Context) -> str | None:
    """The file of ``docs/`` (or made by the build) that is published at ``site_path``, or None."""
    stem = site_path.strip("/")
    # ".../index.html" is the same page as ".../" (MkDocs' directory URLs).
    if stem == "index.html" or stem.endswith("/index.html"):
        stem = stem.removesuffix("index.html").strip("/")
    candidates = [src_of_url(stem), f"{stem}/index.md", stem, stem.removesuffix(".html") + ".md"]
    for candidate in candidates:
        if candidate and candidate in ctx.pages:
            return candidate
    return None


# Why a link does not work, as a message of rules.yml and what fills it in; None when it works.
Broken = tuple[Message, dict[str, str]] | None
Resolved = tuple[Broken, str, str]  # (why broken, target file, anchor)


def _fail(key: Message, **fill: str) -> Resolved:
    return (key, fill), "", ""


def resolve_markdown(page_rel: str, url: str, ctx: Context) -> Resolved:
    """(why broken, target file, anchor) of a Markdown link, as MkDocs' validation decides."""
    parts = urlsplit(url)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if url.startswith(("/", "\\")):
        return _fail(Message.LINK_ABSOLUTE, url=url)
    if not path:
        return None, SELF, anchor  # the linking page itself (see _resolved)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if target == ".." or target.startswith("../"):
        return _fail(Message.LINK_OUTSIDE_DOCS, url=url)
    return _exists(target, url, anchor, page_rel, ctx)


def resolve_html(page_rel: str, url: str, ctx: Context) -> Resolved:
    """(why broken, target file, anchor) of a raw-HTML ``href``/``src``: relative to the page's URL."""
    parts = urlsplit(url)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if url.startswith("/") or not path:
        return resolve_markdown(page_rel, url, ctx)
    joined = posixpath.normpath(posixpath.join(page_url(page_rel) or ".", path))  # page_url ends with "/"
    if joined == ".." or joined.startswith("../"):
        return _fail(Message.LINK_OUTSIDE_DOCS_HTML, url=url)
    joined = "" if joined == "." else joined
    if joined in ctx.generated:
        return None, "", ""
    if path.endswith(".md"):
        return _fail(Message.LINK_MISSING_HTML_MD, url=url)
    for candidate in (src_of_url(joined), f"{joined.strip('/')}/index.md", joined):
        if candidate.strip("/") and candidate in ctx.pages:
            return None, candidate, anchor
    return _exists(joined or "index.md", url, anchor, page_rel, ctx, html=True)


def _exists(target: str, url: str, anchor: str, page_rel: str, ctx: Context, html: bool = False) -> Resolved:
    if target in ctx.pages:
        return None, target, anchor
    real = ctx.folded.get(target.casefold())
    if real is not None and not html:
        return _fail(Message.LINK_CASE, url=url, real=real)
    meant = _meant(target, ctx)
    hint = ""
    if meant:
        # The suggestion is a link as the contributor writes it: relative to the folder of this page.
        hint = did_you_mean(posixpath.relpath(meant, posixpath.dirname(page_rel) or "."))
    folder_like = not html and not posixpath.splitext(target)[1]
    return _fail(Message.LINK_MISSING_FOLDER if folder_like else Message.LINK_MISSING, url=url, hint=hint)


def _meant(target: str, ctx: Context) -> str | None:
    """The file a broken link most likely meant: the page behind a copied address, else the nearest name."""
    for guess in (src_of_url(target), f"{target.strip('/')}/index.md", target.removesuffix(".html") + ".md"):
        if guess in ctx.pages:
            return guess
    return nearest(target, sorted(p for p in ctx.pages if p.endswith(".md")))


def _snippets(page: Page) -> Iterator[Finding]:
    """``--8<-- "file"`` lines, only when ``pymdownx.snippets`` is enabled in mkdocs.yml."""
    ctx = page.ctx
    if ctx.snippets is None:
        return
    bases = ctx.snippets.get("base_path", ["."])
    for match in SNIPPET_RE.finditer(page.split.body):
        name = match.group("path").strip()
        name = name.split(":", 1)[0] if re.search(r":\d", name) else name
        if is_external(name) or name.startswith(";"):
            continue
        if not any((ctx.root / base / name).exists() for base in ([bases] if isinstance(bases, str) else bases)):
            yield Finding.of(page.display, *page.at(match.start("path")), Message.LINK_SNIPPET, name=name, bases=bases)


def verify_anchors(checks: list[AnchorCheck], ids_of: dict[str, set[str]]) -> Iterator[Finding]:
    """``link-anchor`` findings for the anchors that are not an id on their target page."""
    for check in checks:
        ids = ids_of.get(check.target)
        if ids is not None and check.anchor not in ids:
            if check.own:
                where = message(Message.LINK_ANCHOR_WHERE_HERE)
            else:
                where = message(Message.LINK_ANCHOR_WHERE_PAGE, target=check.target)
            meant = nearest(check.anchor, sorted(ids))
            hint = did_you_mean(f"#{meant}" if meant else None)
            yield Finding.of(*check.at, Message.LINK_ANCHOR, anchor=check.anchor, where=where, hint=hint)


def check_pages(config_path: Path, docs_dir: Path, today: dt.date, srcs: list[str]) -> dict[str, PageLinks]:
    """The link findings and anchor checks of each page of ``srcs`` (docs-relative) that can be checked: readable,
    and not refused as too complex to read (the same guard as the checker's, before any scan of the body)."""
    ctx = build_context(config_path, docs_dir, today)
    checked = {}
    for src in srcs:
        page = Page(src, ctx)
        if not isinstance(page.text, str) or guards.too_complex(page.split.body) is not None:
            continue
        findings, _, anchors = check(page)
        checked[src] = PageLinks(findings, anchors)
    return checked


@dataclass(frozen=True)
class PageLinks:
    """What the link check says of one page: its findings, and the anchors to verify once every page has its ids."""

    findings: list[Finding]
    anchors: list[AnchorCheck]


class LinkCheckError(RuntimeError):
    """The link check in the second process could not finish; the message is Dutch and says why."""


class BackgroundLinkCheck:
    """:func:`check_pages` in a second process (``smartcity.checker.link_worker``), started now, its answer collected
    with :meth:`results`.

    For the build: MkDocs renders every page on one core first and writes them afterwards, and in that first part the
    machine's second core has nothing to do. Checking the links there takes them off the build's own path (about
    0.5 s of 14 at 1,000 lessons; ``benchmarks/bench_build.py``). A plain child process rather than
    ``multiprocessing``: that would import the program's ``__main__`` again in the child (MkDocs' command line, or
    whatever script runs the build). While serving, the hook checks only the pages it renders, in its own process.
    """

    def __init__(self, config_path: Path, docs_dir: Path, today: dt.date, srcs: list[str]) -> None:
        request = (Path(config_path), Path(docs_dir), today, list(srcs))
        with tempfile.NamedTemporaryFile("wb", prefix="scl-links-", suffix=".pickle", delete=False) as handle:
            pickle.dump(request, handle)
        self._request = Path(handle.name)
        command = [sys.executable, "-m", "smartcity.checker.link_worker", str(self._request)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def results(self, timeout: float = LINK_CHECK_SECONDS) -> dict[str, PageLinks]:
        """Every page's answer; raises :class:`LinkCheckError` when the second process failed or took too long."""
        try:
            answer, errors = self._process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            self.stop()
            raise LinkCheckError(text(Text.CHECKER_LINK_CHECK_TIMEOUT, seconds=f"{timeout:g}")) from error
        finally:
            self._request.unlink(missing_ok=True)
        if self._process.returncode != 0:
            last_line = (errors.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1]
            raise LinkCheckError(text(Text.CHECKER_LINK_CHECK_FAILED, reason=last_line))
        # Our own child process wrote it, from our own request: the same trust as this process.
        return pickle.loads(answer)  # noqa: S301

    def stop(self) -> None:
        """End the second process (also when the build fails before asking for the results)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._request.unlink(missing_ok=True)
