"""Links and images: resolve each target as MkDocs does and check it exists, with exact case, inside docs/.

A link is resolved relative to the page file. ``foo.md``, ``foo/``, ``foo/index.md``,
``foo.md#anker`` and ``#anker`` are understood; for ``.md`` targets the anchor
must be one of the target page's ids (see ``anchors``). File names are compared
with the real names in each folder, because the web server is case-sensitive
even where the disk is not.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..urls import page_url_dir
from .context import Context
from .findings import Finding
from .markdown_scan import SNIPPET_RE, Link
from .page import Page

URL_ATTRIBUTES = {"href", "src", "poster", "data", "action", "formaction"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SKIPPED_SCHEMES = {"mailto", "tel", "ftp", "data", "sms", "geo"}


@dataclass(frozen=True)
class Target:
    """Where an internal link points: a docs-relative file and an optional anchor."""

    rel: str  # docs-relative path of the file ('' for the page itself)
    anchor: str


def all_links(page: Page) -> Iterator[Link]:
    """Markdown links and images plus URL attributes of HTML tags."""
    yield from page.links
    for tag in page.tags:
        for name in URL_ATTRIBUTES & tag.attrs.keys():
            if name == "data" and tag.name != "object":
                continue
            yield Link(tag.attrs[name].strip(), tag.attr_offsets[name], f"{tag.name}.{name}")


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(_SCHEME.match(url))


@dataclass(frozen=True)
class AnchorCheck:
    """A link to ``target#anchor`` found on a page; verified once the ids of every page are known."""

    display: str
    page_rel: str
    line: int
    column: int
    target: str
    anchor: str


def verify_anchors(checks: list[AnchorCheck], ids_of: Callable[[str], set[str] | None]) -> list[Finding]:
    """``link-anchor`` findings for the anchors that are not an id on their target page."""
    findings = []
    for check in checks:
        ids = ids_of(check.target)
        if ids is not None and check.anchor not in ids:
            where = "op deze pagina" if check.target == check.page_rel else f"op {check.target}"
            findings.append(
                Finding(check.display, check.line, check.column, "link-anchor", _anchor_message(where, check.anchor))
            )
    return findings


def check(page: Page, ctx: Context) -> tuple[list[Finding], set[str], list[AnchorCheck]]:
    """Findings for the internal links of ``page``, the files it links to and the anchors to verify."""
    findings: list[Finding] = []
    targets: set[str] = set()
    anchors: list[AnchorCheck] = []
    for link in all_links(page):
        url = link.url
        if not url or is_external(url):
            continue
        if "." in link.kind:  # raw HTML: the browser resolves it against the page's URL
            problem, target = resolve_html(page.rel, url, ctx)
        else:
            problem, target = resolve(page.rel, url, ctx)
        if problem:
            line, column = page.at(link.offset)
            findings.append(Finding(page.display, line, column, problem[0], problem[1]))
            continue
        if target is None:
            continue
        if target.rel != page.rel:
            targets.add(target.rel)
        if target.anchor and target.rel.endswith(".md"):
            line, column = page.at(link.offset)  # only where a finding may need it
            anchors.append(AnchorCheck(page.display, page.rel, line, column, target.rel, target.anchor))
    for ref in page.undefined_refs:
        line, column = page.at(ref.offset)
        findings.append(
            Finding(
                page.display,
                line,
                column,
                "link-undefined-ref",
                f"De link verwijst naar [{ref.label}], maar die linkdefinitie staat nergens op de pagina. "
                f'Voeg onderaan een regel "[{ref.label}]: adres" toe, of schrijf de link als [tekst](adres).',
            )
        )
    findings.extend(_snippets(page, ctx))
    return findings, targets, anchors


def _anchor_message(where: str, anchor: str) -> str:
    return (
        f"Het kopje #{anchor} bestaat niet {where}. Kijk hoe het kopje nu heet: het anker is de kopjestekst "
        "in kleine letters, zonder accenten en leestekens, met - tussen de woorden (bijvoorbeeld #wat-we-leerden)."
    )


Resolved = tuple[tuple[str, str] | None, Target | None]
_SAME_PAGE = "\0same page"  # stands for the linking page in remembered answers


def resolve(page_rel: str, url: str, ctx: Context) -> Resolved:
    """(problem, target): problem is (rule id, Dutch message); target is ``None`` when there is nothing to check.

    The answer depends only on the page's folder and the URL (a link to the page
    itself names the page), so it is remembered per run: pages in one folder link
    to the same pages again and again.
    """
    key = (page_rel.rpartition("/")[0], url)  # the folder (no path arithmetic: this runs for every link)
    known = ctx.resolved.get(key)
    if known is None:
        known = ctx.resolved[key] = _resolve(page_rel, url, ctx)
    problem, target = known
    if target is not None and target.rel is _SAME_PAGE:
        return problem, Target(page_rel, target.anchor)
    return known


_PLAIN_URL = re.compile(r"(?!//)[^\x00-\x20?:%][^\t\r\n?:%]*\Z")  # nothing for urlsplit or unquote to do but split #


def path_and_anchor(url: str) -> tuple[str, str]:
    """The path and the anchor of a relative URL, unquoted: ``urlsplit`` and ``unquote``, quicker for plain URLs."""
    if _PLAIN_URL.match(url):
        path, _, anchor = url.partition("#")
        return path, anchor
    parts = urlsplit(url)
    return unquote(parts.path), unquote(parts.fragment)


def _resolve(page_rel: str, url: str, ctx: Context) -> Resolved:
    path, anchor = path_and_anchor(url)
    if url.startswith("/"):
        return (
            "link-absolute",
            f'De link "{url}" begint met /. Links naar pagina\'s van deze site zijn relatief aan de pagina, '
            'bijvoorbeeld "../themas/open-data.md".',
        ), None
    if not path:
        return None, Target(_SAME_PAGE, anchor)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    if joined == ".." or joined.startswith("../"):
        return (
            "link-outside-docs",
            f'De link "{url}" wijst naar een bestand buiten de map docs/; dat komt niet op de website. '
            "Zet het bestand in docs/ of link naar het volledige webadres.",
        ), None
    if joined == ".":
        joined = ""
    return _locate(joined, path.endswith("/"), url, anchor, ctx)


def resolve_html(page_rel: str, url: str, ctx: Context) -> tuple[tuple[str, str] | None, Target | None]:
    """Resolve a raw-HTML ``href``/``src``: MkDocs leaves it alone, so it is relative to the page's URL."""
    if url.startswith("/"):
        return resolve(page_rel, url, ctx)
    path, anchor = path_and_anchor(url)
    if not path:
        return None, Target(page_rel, anchor)
    base = page_url_dir(page_rel, ctx.directory_urls)
    joined = posixpath.normpath(posixpath.join(base or ".", path))
    if joined == ".." or joined.startswith("../"):
        return (
            "link-outside-docs",
            f'De link "{url}" wijst naar een adres boven de hoofdmap van de site. Let op: in HTML telt een '
            "link vanaf het adres van de pagina (dat eindigt op /), niet vanaf het bestand.",
        ), None
    joined = "" if joined == "." else joined
    if joined in ctx.generated:
        return None, None
    if path.endswith(".md"):
        return (
            "link-missing",
            f'De HTML-link "{url}" wijst naar een .md-bestand; dat wordt in HTML niet omgezet en geeft op de '
            "website een foutpagina. Schrijf de link in Markdown: [tekst](pagina.md).",
        ), None
    if path.endswith("/") or not joined:
        stem = joined.rstrip("/")
        candidates = [posixpath.join(stem, "index.md"), stem + ".md"] if stem else ["index.md"]
    elif joined.endswith(".html"):
        stem = joined[: -len(".html")]
        candidates = [stem + ".md", posixpath.join(posixpath.dirname(stem), "index.md")]
    else:
        candidates = [joined, joined + ".md", posixpath.join(joined, "index.md")]
    return _first_existing(candidates, url, anchor, ctx)


def _locate(
    joined: str, as_dir: bool, url: str, anchor: str, ctx: Context
) -> tuple[tuple[str, str] | None, Target | None]:
    candidates = [posixpath.join(joined, "index.md")] if as_dir or not joined else [joined]
    if as_dir and joined:
        candidates.append(joined + ".md")
    elif not joined.endswith(".md"):
        candidates.append(posixpath.join(joined, "index.md"))
    return _first_existing(candidates, url, anchor, ctx)


def _first_existing(
    candidates: list[str], url: str, anchor: str, ctx: Context
) -> tuple[tuple[str, str] | None, Target | None]:
    case_problem: str | None = None
    for candidate in candidates:
        status, real = _exists(candidate, ctx)
        if status == "ok":
            return None, Target(candidate, anchor)
        if status == "case" and case_problem is None:
            case_problem = real
    if case_problem is not None:
        return (
            "link-case",
            f'De link "{url}" gebruikt andere hoofdletters of kleine letters dan het bestand '
            f'"{case_problem}". Op de website telt dat verschil wel; schrijf de naam precies zo.',
        ), None
    return (
        "link-missing",
        f'De link "{url}" wijst naar een bestand dat niet bestaat. Controleer de spelling en de map '
        "(een link telt vanaf de map van deze pagina; ../ is één map hoger).",
    ), None


def _exists(rel: str, ctx: Context) -> tuple[str, str]:
    """("ok" | "case" | "missing", the real docs-relative path when only the case differs)."""
    files = ctx.files()
    if rel in files.exact:
        return "ok", rel
    real = files.folded.get(rel.casefold())
    return ("case", real) if real is not None else ("missing", "")


def _snippets(page: Page, ctx: Context) -> Iterator[Finding]:
    """``--8<-- "file"`` lines, only when pymdownx.snippets is enabled in mkdocs.yml."""
    if ctx.snippets is None or "8<" not in page.body:
        return
    bases = ctx.snippets.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    for match in SNIPPET_RE.finditer(page.body):
        name = match.group("path").strip()
        if is_external(name) or name.startswith(";"):
            continue
        name = name.split(":", 1)[0] if re.search(r":\d", name) else name
        found = any((ctx.root / base / name).is_file() or (ctx.root / base / name).is_dir() for base in bases)
        if not found:
            line, column = page.at(match.start("path"))
            yield Finding(
                page.display,
                line,
                column,
                "link-snippet",
                f'Het fragment "{name}" bestaat niet (gezocht in {", ".join(map(str, bases))}). '
                "Controleer de bestandsnaam.",
            )
