"""Links and images: resolve each target as MkDocs does, and say which file was meant when it fails.

A Markdown link is resolved as MkDocs' link validation resolves it: relative to the page file, to a file that exists
with exactly that name (directory-form links such as ``../themas/`` are an "unrecognized relative link" for MkDocs and
fail the strict build, so they are errors here too). Raw-HTML ``href``/``src`` values are left alone by MkDocs; the
checker resolves them against the page's URL, as a browser does — stricter on purpose, because a broken one would
otherwise reach readers unnoticed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..pages import page_url, src_of_url
from ..validate import nearest
from .context import Context
from .findings import Finding
from .markdown_scan import SNIPPET_RE, Link
from .page import Page

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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
        if not url or url.lower().startswith(("mailto:", "tel:")):
            continue
        if is_external(url):
            if url.lower().startswith("http://") and link.kind in ("link", "link-ref", "autolink", "a.href"):
                findings.append(Finding.of(page.display, *page.at(link.offset), "link-http", url=url))
            continue
        resolve = resolve_html if "." in link.kind else resolve_markdown
        # A Markdown link's answer depends on the page's folder; a raw-HTML one on the page's own URL.
        key = (resolve, page.rel if resolve is resolve_html else page.rel.rpartition("/")[0], url)
        if key not in page.ctx.resolved:
            page.ctx.resolved[key] = resolve(page.rel, url, page.ctx)
        problem, target, anchor = page.ctx.resolved[key]
        target = page.rel if target == "\0self" else target
        if problem:
            message, fill = problem
            findings.append(Finding.of(page.display, *page.at(link.offset), message, **fill))
        elif target:
            targets.add(target)
            if anchor and target.endswith(".md"):
                anchors.append(AnchorCheck((page.display, *page.at(link.offset)), target, anchor, target == page.rel))
    for ref in page.undefined_refs:
        findings.append(Finding.of(page.display, *page.at(ref.offset), "link-undefined-ref", label=ref.label))
    findings.extend(_snippets(page))
    return findings, targets - {page.rel}, anchors


Problem = tuple[str, dict[str, str]] | None  # a message of rules.yml and what fills it in
Resolved = tuple[Problem, str, str]  # (problem, target file, anchor)


def _fail(key: str, **fill: str) -> Resolved:
    return (key, fill), "", ""


def resolve_markdown(page_rel: str, url: str, ctx: Context) -> Resolved:
    """(problem, target file, anchor) of a Markdown link, as MkDocs' validation decides."""
    parts = urlsplit(url)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if url.startswith(("/", "\\")):
        return _fail("link-absolute", url=url)
    if not path:
        return None, "\0self", anchor  # the linking page itself (see check)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if target == ".." or target.startswith("../"):
        return _fail("link-outside-docs", url=url)
    return _exists(target, url, anchor, page_rel, ctx)


def resolve_html(page_rel: str, url: str, ctx: Context) -> Resolved:
    """(problem, target file, anchor) of a raw-HTML ``href``/``src``: relative to the page's URL."""
    parts = urlsplit(url)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if url.startswith("/") or not path:
        return resolve_markdown(page_rel, url, ctx)
    joined = posixpath.normpath(posixpath.join(page_url(page_rel) or ".", path))  # page_url ends with "/"
    if joined == ".." or joined.startswith("../"):
        return _fail("link-outside-docs:html", url=url)
    joined = "" if joined == "." else joined
    if joined in ctx.generated:
        return None, "", ""
    if path.endswith(".md"):
        return _fail("link-missing:html-md", url=url)
    for candidate in (src_of_url(joined), f"{joined.strip('/')}/index.md", joined):
        if candidate.strip("/") and candidate in ctx.pages:
            return None, candidate, anchor
    return _exists(joined or "index.md", url, anchor, page_rel, ctx, html=True)


def _exists(target: str, url: str, anchor: str, page_rel: str, ctx: Context, html: bool = False) -> Resolved:
    if target in ctx.pages:
        return None, target, anchor
    real = ctx.folded.get(target.casefold())
    if real is not None and not html:
        return _fail("link-case", url=url, real=real)
    meant = _meant(target, ctx)
    hint = f' Bedoelde je "{posixpath.relpath(meant, posixpath.dirname(page_rel) or ".")}"?' if meant else ""
    folder_like = not html and not posixpath.splitext(target)[1]
    return _fail("link-missing:folder" if folder_like else "link-missing", url=url, hint=hint)


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
            yield Finding.of(page.display, *page.at(match.start("path")), "link-snippet", name=name, bases=bases)


def verify_anchors(checks: list[AnchorCheck], ids_of: dict[str, set[str]]) -> Iterator[Finding]:
    """``link-anchor`` findings for the anchors that are not an id on their target page."""
    for check in checks:
        ids = ids_of.get(check.target)
        if ids is not None and check.anchor not in ids:
            where = "op deze pagina" if check.own else f"op {check.target}"
            meant = nearest(check.anchor, sorted(ids))
            hint = f' Bedoelde je "#{meant}"?' if meant else ""
            yield Finding.of(*check.at, "link-anchor", anchor=check.anchor, where=where, hint=hint)
