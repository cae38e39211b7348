"""MkDocs hooks of Smart City Lessen: the content model in the build, done the way MkDocs plugins do it.

Follow a page through the build:

1. ``on_files`` reads the front matter of every Markdown page in ``docs/`` with the checker's own validator
   (``smartcity.catalog``), so every lesson, interview and meetup is known before the first page renders (as
   Material's blog plugin reads all posts there). It adds the pages the build makes itself (a theme or place without
   a page of its own, page 2 onwards of a long list, one page per theme x place cell) as generated files, so MkDocs
   renders them like any other page, and keeps content pages out of the navigation.
2. ``on_page_markdown`` decides what MkDocs may render. The page's links are checked as the checker checks them: in a
   full build for every page at once in a second process, started in ``on_files`` (MkDocs renders on one core), while
   serving for the rendered page only.
3. ``on_page_content`` holds the rendered HTML to the allowlist, puts the listings where the page asks for them and,
   while serving, the box with the page's problems on top.
4. ``on_env`` collects the link check and stops a strict build on any content problem, before a page is written.
5. ``on_page_context`` gives the templates the page's record, related pages and feed.
6. ``on_post_page`` hands each finished page to the search index; ``on_post_build`` writes the open data and feeds.

Everything that does not need MkDocs lives in ``scripts/smartcity`` (no MkDocs imports there), so a move to another
generator that reads ``mkdocs.yml`` (e.g. Zensical) replaces only this file and the templates under ``overrides/``.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from smartcity import (
    catalog,
    clock,
    export,
    guards,
    html_policy,
    listings,
    live,
    pages,
    related,
    search_index,
    static_files,
    tree,
)
from smartcity.checker import html_rules, links
from smartcity.checker.context import Context as CheckerContext
from smartcity.checker.context import build_context
from smartcity.checker.html_rules import needs_render
from smartcity.checker.page import Page as CheckedPage
from smartcity.findings import Finding
from smartcity.model import ContentModel, ModelError, parse_model, read_config
from smartcity.rules import Message
from smartcity.text import dutch_date
from smartcity.texts import Text, text

log = logging.getLogger("mkdocs.hooks.smartcity")

# Entries of <!-- listing:newest --> without a count.
NEWEST = 5
# <!-- repo-file:path --> in a page: a link to that file of the repository (only the site's own pages use it).
REPO_FILE_RE = re.compile(r"<!--\s*repo-file:(?P<path>[\w./-]+)\s*-->")


@dataclass
class BuildState:
    """What one build knows about its pages, from ``on_config`` to ``on_post_build``."""

    model: ContentModel | None = None
    config_path: Path = Path("mkdocs.yml")
    docs_dir: Path = Path("docs")
    display_root: str = "docs"
    # Theme, place and type pages of the model: src -> (kind, value).
    facets: dict[str, tuple[str, str]] = field(default_factory=dict)
    catalog: catalog.Catalog = field(default_factory=catalog.Catalog)
    # Every page of every list (own lists, made facet pages, pages 2+, matrix cells), by src.
    lists: dict[str, catalog.ListPage] = field(default_factory=dict)
    related: dict[str, list[pages.PageRecord]] = field(default_factory=dict)
    # src -> findings while rendering (links, listing markers, HTML); those of the front matter are in `catalog`.
    found: dict[str, list[Finding]] = field(default_factory=dict)
    link_context: CheckerContext | None = None
    # A full build checks every page's links in a second process while MkDocs renders (``on_files`` to ``on_env``);
    # the pages MkDocs rendered whose links count are collected in `links_to_check`.
    link_check: links.BackgroundLinkCheck | None = None
    links_to_check: list[str] = field(default_factory=list)
    anchor_checks: list[links.AnchorCheck] = field(default_factory=list)
    anchor_ids: dict[str, set[str]] = field(default_factory=dict)
    partials: jinja2.Environment | None = None
    indexer: search_index.Indexer | None = None
    files: Files | None = None
    started: float = field(default_factory=time.time)

    @property
    def strict(self) -> bool:
        """``mkdocs serve`` shows problems on the page instead of stopping."""
        return not live.SESSION.serving

    def findings_of(self, src: str) -> list[Finding]:
        source = self.catalog.pages.get(src)
        front_matter = list(source.findings) if source else []
        return front_matter + self.found.get(src, [])


STATE = BuildState()


def _model() -> ContentModel:
    assert STATE.model is not None
    return STATE.model


def on_startup(command: str, dirty: bool = False, **_: Any) -> None:
    """Remember whether this process builds once or serves (the hook module is imported again per rebuild)."""
    live.start(command, dirty)


def on_config(config: Any, **_: Any) -> Any:
    """Read the content model; refuse symbolic links before MkDocs walks docs/ (MkDocs follows them)."""
    global STATE
    STATE = BuildState()
    live.cancel_search_update()
    STATE.config_path = Path(config.config_file_path).resolve()
    try:  # read again for every build: while serving, a line added to the model must count at once
        STATE.model = parse_model(read_config(STATE.config_path), STATE.config_path.parent)
    except ModelError as exc:
        raise PluginError(text(Text.BUILD_MODEL, reason=exc)) from exc
    STATE.facets = pages.facets(STATE.model)
    # The index page of every page type is in the navigation without a line in `nav` (the model says it exists).
    if config.nav:
        config.nav = catalog.nav_with_types(config.nav, STATE.model)
    STATE.docs_dir = Path(config.docs_dir).resolve()
    STATE.display_root = Path(os.path.relpath(STATE.docs_dir, STATE.config_path.parent)).as_posix()
    symlinks = tree.walk(STATE.docs_dir).symlinks
    if symlinks:
        lines = []
        for rel in symlinks:
            lines.append(str(Finding.of(f"{STATE.display_root}/{rel}", 1, 1, Message.FILE_SYMLINK, path=rel)))
        raise PluginError(text(Text.BUILD_NOT_BUILT, findings="\n".join(lines)))
    # MkDocs' default edit_uri is edit/master/docs/; one in mkdocs.yml would fail the strict build without REPO_URL.
    if config.repo_url and not config.edit_uri:
        config.edit_uri = "edit/main/docs/"
    try:
        export.security_txt(_security_contact(config), clock.now())
    except export.ExportError as exc:
        raise PluginError(str(exc)) from exc
    return config


def _security_contact(config: Any) -> str:
    return str((config.extra or {}).get("security_contact") or "")


class RenderedAgain(File):
    """A page that a dirty rebuild (``mkdocs serve --dirty``) must render although its own file did not change.

    MkDocs renders only files whose ``is_modified()`` is true in a dirty build; a listing, count or related link on
    this page shows another page that did change. Public API only: a ``File`` that says it is modified.
    """

    def is_modified(self) -> bool:
        return True


class KeptAsBuilt(File):
    """A page the build makes (``File.generated``) that a dirty rebuild can leave as it is: what it lists did not
    change. MkDocs counts every generated file as modified, and re-rendering all list pages would cost seconds."""

    def is_modified(self) -> bool:
        return False


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Read every page's front matter, add the pages the build makes, keep content out of the navigation.

    MkDocs reads a page's front matter only when it renders that page, and renders only files that exist; listings,
    counts and related links need every record first (Material's blog plugin resolves its posts here too).
    """
    _refuse_static_files(files)
    model = _model()
    sources = [file.src_uri for file in files.documentation_pages() if file.generated_by is None]
    session = live.SESSION
    if session.model != model:
        session.read_pages.clear()
        session.model = model
    STATE.catalog = catalog.read_catalog(
        STATE.docs_dir, sources, model, clock.today(), STATE.display_root, cache=session.read_pages
    )
    if STATE.strict:
        readable = sorted(src for src, source in STATE.catalog.pages.items() if source.readable)
        STATE.link_check = links.BackgroundLinkCheck(STATE.config_path, STATE.docs_dir, clock.today(), readable)
    STATE.lists = catalog.list_pages(STATE.catalog, model)
    STATE.related = related.related_pages(STATE.catalog.records)
    for file in files.documentation_pages():
        if catalog.out_of_nav(file.src_uri, model, STATE.facets):
            file.inclusion = InclusionLevel.NOT_IN_NAV
    for src, list_page in STATE.lists.items():
        if files.get_file_from_path(src) is None:
            page_text = _list_page_source(list_page)
            files.append(File.generated(config, src, content=page_text, inclusion=InclusionLevel.NOT_IN_NAV))
    if live.SESSION.dirty:
        _choose_pages_to_render(files, config)
    # The listings are rendered into the page HTML, before MkDocs hands its own environment to on_env.
    STATE.partials = config.theme.get_env()
    _add_template_helpers(STATE.partials)
    return files


def _refuse_static_files(files: Files) -> None:
    """Only pictures in docs/assets/ may be published besides pages (``smartcity.static_files``); MkDocs copies
    every file of docs/ as it is, and a file there wins over a theme file of the same path."""
    in_docs = [file for file in files if file.generated_by is None and file.abs_src_path]
    by_src = {file.src_uri: file for file in in_docs if Path(file.abs_src_path).is_relative_to(STATE.docs_dir)}
    # docs_dir: pictures are checked by their bytes too; config_path: the theme folders of this configuration.
    refused = static_files.findings(sorted(by_src), STATE.docs_dir, STATE.config_path, STATE.display_root)
    if not refused:
        return
    if STATE.strict:
        lines = "\n".join(str(finding) for finding in refused.values())
        raise PluginError(text(Text.BUILD_FILES_REFUSED, findings=lines))
    for rel, finding in refused.items():
        log.warning(str(finding))
        files.remove(by_src[rel])


def _list_page_source(list_page: catalog.ListPage) -> str:
    """The Markdown of a page the build makes: its title and description, and its list."""
    front = yaml.safe_dump({"title": list_page.title, "description": list_page.description}, allow_unicode=True)
    return f"---\n{front}---\n\n<!-- listing -->\n"


def _shown_from_other_pages(src: str) -> Any:
    """What page ``src`` shows that comes from other pages: a dirty rebuild renders it again when this changes."""
    source = STATE.catalog.pages.get(src)
    shown: list[Any] = [STATE.lists.get(src), tuple(STATE.related.get(src, ()))]
    for marker in source.markers if source else ():
        shown.append(_marker_data(marker, src))
    return shown


def _choose_pages_to_render(files: Files, config: Any) -> None:
    """In a dirty rebuild: render the pages whose own file changed, and every page that shows one that did.

    A changed page in the navigation changes every page's sidebar, and a changed template or mkdocs.yml every page:
    then everything is rendered. (MkDocs' own dirty build renders only the changed files, so lists go stale.)
    """
    session = live.SESSION
    in_nav = set(catalog.nav_pages(config.nav, _model()))
    everything = session.previous_build == 0.0 or _site_code_changed(config, session.previous_build)
    if any(file.is_modified() for file in files.documentation_pages() if file.src_uri in in_nav):
        everything = True
    for file in list(files.documentation_pages()):
        shown = _shown_from_other_pages(file.src_uri)
        shows_a_change = session.shown.get(file.src_uri) != shown
        session.shown[file.src_uri] = shown
        # A page in the navigation is read again in any case: every page's sidebar and footer show its title,
        # which MkDocs knows only of pages it reads (else it prints "None").
        if everything or shows_a_change or file.src_uri in in_nav:
            if not file.generated_by and not file.is_modified():
                _replace(files, file, _rendered_again(file))
        elif file.generated_by and Path(file.abs_dest_path).exists():
            kept = KeptAsBuilt.generated(config, file.src_uri, content=file.content_string, inclusion=file.inclusion)
            _replace(files, file, kept)


def _rendered_again(file: File) -> RenderedAgain:
    return RenderedAgain(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, inclusion=file.inclusion)


def _replace(files: Files, old: File, new: File) -> None:
    files.remove(old)
    files.append(new)


def _site_code_changed(config: Any, since: float) -> bool:
    """Did ``mkdocs.yml`` or a file of the theme folder change after ``since`` (a time.time())? Then every page."""
    watched = [Path(config.config_file_path)]
    custom_dir = config.theme.custom_dir
    if custom_dir:
        watched += [path for path in Path(custom_dir).rglob("*") if path.is_file()]
    return any(path.stat().st_mtime > since for path in watched)


def on_page_markdown(markdown: str, page: Page, config: Any, **_: Any) -> str:
    """What MkDocs may render, and the page's links checked as the checker checks them.

    MkDocs renders a page whose front matter it cannot read as Markdown, front matter and template comments and all;
    Python-Markdown is slow on some pathological input (``smartcity.guards``). MkDocs' own link validation is quiet
    (``validation`` in mkdocs.yml): it is English and has no line numbers, so the checker's does the job here.
    Front-matter values are escaped before any template prints them (MkDocs' Jinja environment does not escape, and
    Material prints ``page.meta.title`` and the description raw).
    """
    src = page.file.src_uri
    page.meta = _escaped(page.meta)
    source = STATE.catalog.pages.get(src)
    if source is None:  # a page the build made: its Markdown is the hook's own
        return markdown
    if not source.readable:
        return ""
    too_complex = guards.too_complex(markdown, source.markdown_line, f"{STATE.display_root}/{src}")
    if too_complex is not None:
        _found(src, too_complex)
        return ""
    if STATE.link_check is not None:
        STATE.links_to_check.append(src)  # its answer comes from the second process (on_env)
    else:
        _check_links(src)
    return markdown


def _check_links(src: str) -> None:
    """The links of one page, checked in this process (while serving, where only a few pages are rendered)."""
    if STATE.link_context is None:
        STATE.link_context = build_context(STATE.config_path, STATE.docs_dir, clock.today())
    findings, _, anchor_checks = links.check(CheckedPage(src, STATE.link_context))
    for finding in findings:
        _found(src, finding)
    STATE.anchor_checks += anchor_checks


def _found(src: str, finding: Finding) -> None:
    STATE.found.setdefault(src, []).append(finding)


def _escaped(value: Any) -> Any:
    """Front-matter values, keys included, as escaped text: templates print them as they are."""
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {_escaped(key): _escaped(item) for key, item in value.items()}
    if isinstance(value, str):
        return escape(value)
    return value


def on_page_content(html: str, page: Page, config: Any, files: Files, **_: Any) -> str:
    """The page's HTML: held to the allowlist (Markdown passes raw HTML and attributes through), with its listings
    (every record is known since ``on_files``) and, while serving, its problems on top.

    Also the page's title as escaped plain text (Material prints ``page.title | striptags``, which turns ``&lt;``
    from a heading back into markup) and the anchors it has, for the links of other pages.
    """
    src = page.file.src_uri
    STATE.anchor_ids[src] = set(page.present_anchor_ids or ())
    html = REPO_FILE_RE.sub(lambda found: _repo_file(found["path"], config.repo_url), html)
    html = _with_listings(_clean(html, page), page, config)
    page.toc = _plain_toc(page.toc)
    if not page.is_homepage or "title" in page.meta:
        page.meta["title"] = _plain_title(page.title)
    if live.SESSION.serving and page.meta.get("template") == "zoeken.html":
        html = _render("live-search", _partial_context(page, config)) + html
    findings = STATE.findings_of(src)
    if findings and not STATE.strict:
        lines = [str(finding) for finding in findings]
        html = _render("problems", _partial_context(page, config), lines=lines) + html
    return html


def _clean(html: str, page: Page) -> str:
    """``html`` as the allowlist publishes it; each piece between listing markers on its own, so that the markers
    (HTML comments, which the allowlist drops) stay where they are."""
    src = page.file.src_uri
    source = STATE.catalog.pages.get(src)
    # The checker's cheap test of the Markdown decides whether the page could hold anything the allowlist removes;
    # only then is the HTML held to it twice (strict and permissive) to say what was removed. The build and the
    # checker report the same, and the published HTML is the strict pass either way.
    body = page.markdown or ""
    report = source is not None and needs_render(body)
    pieces = pages.MARKER_LIKE_RE.split(html)
    markers = pages.MARKER_LIKE_RE.findall(html)
    cleaned = []
    for piece in pieces:
        if not report:
            cleaned.append(html_policy.clean(piece))
            continue
        clean, removed = html_policy.inspect(piece)
        for removed_piece in removed:
            # page.markdown starts where MkDocs' body does: after the blank lines it drops behind the front matter.
            _found(src, html_rules.finding(body, source.markdown_line, removed_piece, f"{STATE.display_root}/{src}"))
        cleaned.append(clean)
    joined = cleaned[0]
    for marker, clean in zip(markers, cleaned[1:], strict=True):
        joined += marker + clean
    return joined


def _with_listings(html: str, page: Page, config: Any) -> str:
    """Every listing marker of the page replaced by the listing it asks for."""
    src = page.file.src_uri

    def listing(found: re.Match[str]) -> str:
        marker = pages.read_marker(found.group(0), src in STATE.lists)
        if marker.error:
            line = _line_of(page.file.content_string, found.group(0).strip())
            _found(src, Finding(f"{STATE.display_root}/{src}", line, 1, Message.FM_LISTING_MARKER.rule, marker.error))
            return ""
        return _render_marker(marker, page, config)

    return pages.MARKER_LIKE_RE.sub(listing, html)


def _line_of(text: str, wanted: str) -> int:
    """The number of the first line of ``text`` that holds ``wanted`` (1 when none does)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if wanted in line:
            return number
    return 1


def _marker_data(marker: pages.Marker, src: str) -> dict[str, Any]:
    """What a listing marker shows: the values its partial template in ``overrides/partials/scl/`` needs."""
    records = STATE.catalog.records
    model = _model()
    if marker.kind == "themes":
        return {"template": "counts", "counts": listings.counts(records, "theme", model)}
    if marker.kind == "cities":
        return {"template": "counts", "counts": listings.counts(records, "city", model)}
    if marker.kind == "matrix":
        return {"template": "matrix", "matrix": listings.matrix(records, model)}
    if marker.kind == "model":
        return {"template": "model"}
    if marker.kind == "newest":
        return {"template": "listing", "entries": records[: marker.count or NEWEST], "pager": None}
    own = STATE.lists.get(src)
    if own is None:
        return {"template": "listing", "entries": [], "pager": None}
    return {"template": "listing", "entries": own.entries, "pager": own.pager}


def _render_marker(marker: pages.Marker, page: Page, config: Any) -> str:
    values = _marker_data(marker, page.file.src_uri)
    template = values.pop("template")
    return _render(template, _partial_context(page, config), **values)


def _partial_context(page: Page, config: Any) -> dict[str, Any]:
    """What the partials need from MkDocs' page context: the ``url`` filter reads ``page`` and ``base_url``."""
    return {"page": page, "base_url": get_relative_url(".", page.url), "config": config}


def _render(name: str, context: dict[str, Any], **values: Any) -> str:
    """One of the templates in ``overrides/partials/scl/`` (they escape what they print)."""
    if STATE.partials is None:
        raise PluginError(text(Text.BUILD_PARTIALS_MISSING))
    return STATE.partials.get_template(f"partials/scl/{name}.html").render({**context, **values})


def _repo_file(path: str, repo_url: str | None) -> str:
    """A link to a file in the repository when ``repo_url`` is set; its name otherwise."""
    if repo_url:
        return f'<a href="{escape(repo_url.rstrip("/"))}/blob/main/{path}"><code>{path}</code></a>'
    return text(Text.BUILD_REPO_FILE, path=path)


def _plain_text(html: str) -> str:
    """Text of an HTML fragment: tags dropped, entities read (``&lt;`` becomes ``<``)."""
    return Markup(html).striptags()  # noqa: S704 - read as HTML only to get its text


def _plain_title(title: Any) -> Markup:
    """A page title as escaped plain text, whatever it was (a heading's HTML, a value of any type)."""
    return escape(_plain_text(str(title or "")))


def _plain_toc(toc: Any) -> Any:
    """Table-of-contents titles as plain text: markup in a heading (``data-toc-label``) never reaches the sidebar."""
    for item in toc:
        item.title = escape(_plain_text(item.title))
        item.id = escape(item.id)
        _plain_toc(item.children)
    return toc


def _add_template_helpers(env: jinja2.Environment) -> None:
    """What the site's templates use besides MkDocs' own: the content model, Dutch dates, facet page URLs."""
    model = _model()
    env.filters["dutch_date"] = dutch_date
    env.globals["scl_model"] = model
    env.globals["scl_facet_url"] = lambda kind, value: catalog.facet_url(kind, value, model)


def on_env(env: jinja2.Environment, config: Any, files: Files, **_: Any) -> jinja2.Environment:
    """Every page is rendered to HTML: stop on content problems (strict) before any page is written.

    MkDocs' strict mode stops only after writing the whole site, and knows nothing of the content model.
    """
    STATE.files = files
    if STATE.link_check is not None:
        try:
            checked = STATE.link_check.results()
        except links.LinkCheckError as exc:
            raise PluginError(str(exc)) from exc
        for src in STATE.links_to_check:
            page_links = checked.get(src)
            if page_links is not None:
                # Before the page's HTML findings, as when its links are checked while it renders.
                STATE.found[src] = page_links.findings + STATE.found.get(src, [])
                STATE.anchor_checks += page_links.anchors
    # Anchors are checked against the ids the renderer gave each page (pages not rendered in a dirty rebuild: not).
    for finding in links.verify_anchors(STATE.anchor_checks, STATE.anchor_ids):
        src = finding.path.removeprefix(STATE.display_root + "/")
        _found(src, finding)
    sources = sorted(set(STATE.catalog.pages) | set(STATE.found))
    findings = [finding for src in sources for finding in STATE.findings_of(src)]
    # Only errors stop a strict build; a warning such as link-http is shown (as info: MkDocs' strict mode would
    # count a logged warning as fatal).
    errors = [finding for finding in findings if finding.is_error]
    for finding in findings:
        if not finding.is_error:
            log.info(str(finding))
        elif STATE.strict:
            log.error(str(finding))
        else:
            log.warning(str(finding))
    if errors and STATE.strict:
        raise PluginError(text(Text.BUILD_CONTENT_ERRORS, count=len(errors)))
    _add_template_helpers(env)
    if STATE.strict:
        try:  # Pagefind parses each page as it is written, beside the build (see smartcity.search_index)
            STATE.indexer = search_index.Indexer(Path(config.site_dir))
        except search_index.SearchIndexError as exc:
            raise PluginError(str(exc)) from exc
    return env


def on_page_context(context: dict[str, Any], page: Page, config: Any, **_: Any) -> dict[str, Any]:
    """The page's record, related pages and feed for the templates (MkDocs' context knows only the page)."""
    src = page.file.src_uri
    source = STATE.catalog.pages.get(src)
    record = source.record if source else None
    context["scl_record"] = record
    context["scl_related"] = STATE.related.get(src, []) if record else []
    # Made pages other than facet pages (pages 2+, matrix cells) repeat what the search finds elsewhere.
    context["scl_index_page"] = not page.file.generated_by or src in STATE.facets
    context["scl_feed"] = None
    facet = STATE.facets.get(src)
    if facet is not None and facet[0] in ("theme", "city"):
        kind, value = facet
        context["scl_feed"] = {
            "url": export.facet_feed_path(kind, value),
            "title": export.facet_feed_title(kind, value, config.site_name),
        }
    return context


def on_post_page(output: str, page: Page, **_: Any) -> str:
    """Hand the finished page to the search index (Pagefind reads the published HTML); not while serving, where
    only the changed pages are rendered: the index is rebuilt from the site folder once editing pauses."""
    if STATE.indexer is not None:
        STATE.indexer.add(page.file.dest_uri, output, source=page.file.src_uri)
    return output


def on_build_error(**_: Any) -> None:
    """Stop Pagefind and the link check when the build fails (MkDocs runs no on_post_build then)."""
    if STATE.indexer is not None:
        STATE.indexer.close()
    if STATE.link_check is not None:
        STATE.link_check.stop()


def on_post_build(config: Any, **_: Any) -> None:
    """The site's open data, feeds, robots.txt and security.txt (MkDocs writes none of these), and the search index
    (Pagefind has parsed the pages).

    While serving, both wait for a pause in the editing (``smartcity.live``): every page is not rendered on every
    save there, and the exports and the index take about 1 s and 4 s at 3,000 pages, which a save need not wait for.
    """
    live.SESSION.previous_build = STATE.started
    site_dir = Path(config.site_dir)
    site_url = str(config.site_url or "")
    site = export.SiteInfo(config.site_name, " ".join(str(config.site_description).split()), site_url)
    exports = _Exports(site_dir, STATE.catalog.records, _model(), site, _security_contact(config))
    if live.SESSION.serving:
        built = {}
        if STATE.files is not None:
            built = {file.dest_uri: file.src_uri for file in STATE.files.documentation_pages()}
        live.update_search_later(lambda: _after_a_pause(exports, built))
        return
    if STATE.indexer is not None:
        STATE.indexer.finish()  # Pagefind builds its index while the exports are written
    exports.write()
    if not site_url:
        log.info(text(Text.BUILD_NO_SITE_URL))
    if STATE.indexer is not None:
        try:
            STATE.indexer.wait()
        except search_index.SearchIndexError as exc:
            raise PluginError(str(exc)) from exc


@dataclass(frozen=True)
class _Exports:
    """What ``smartcity.export`` writes into the site folder after the pages, with what it needs."""

    site_dir: Path
    records: list[pages.PageRecord]
    model: ContentModel
    site: export.SiteInfo
    contact: str

    def write(self) -> None:
        made = export.files(self.records, self.model, self.site, self.contact, clock.now())
        made.update(export.facet_feeds(self.records, self.model, self.site))
        for rel, content in made.items():
            path = self.site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="")


def _after_a_pause(exports: _Exports, built: dict[str, str]) -> None:
    """While serving: the exports and the search index of the whole site, from the pages on disk (a timer thread)."""
    started = time.monotonic()
    exports.write()
    try:
        search_index.index_site(exports.site_dir, built)
    except search_index.SearchIndexError as exc:
        log.warning(text(Text.BUILD_SEARCH_NOT_UPDATED, reason=exc))
        return
    log.info(text(Text.BUILD_SEARCH_UPDATED, seconds=f"{time.monotonic() - started:.1f}"))
