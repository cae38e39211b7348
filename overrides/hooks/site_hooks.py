"""MkDocs hooks of Smart City Lessen: the content model in the build. One module, one state object.

Every step says why MkDocs or Material does not do it. Everything that does not need MkDocs lives in
``scripts/smartcity`` (no MkDocs imports there), so a move to another generator that reads ``mkdocs.yml`` (e.g.
Zensical) replaces only this file and the templates under ``overrides/``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from smartcity import export, frontmatter, html_policy, listings, pages, search_index, tree
from smartcity.checker import html_rules
from smartcity.model import ContentModel, ModelError, load_model
from smartcity.rules import message
from smartcity.text import dutch_date
from smartcity.validate import Problem, check_text, file_name_problem, validate_page

log = logging.getLogger("mkdocs.hooks.smartcity")
NEWEST = 5  # entries of <!-- listing:newest --> without a count
_REPO_FILE = re.compile(r"<!--\s*repo-file:(?P<path>[\w./-]+)\s*-->")


@dataclass
class BuildState:
    """What one build learns about its pages, from ``on_config`` to ``on_post_build``."""

    command: str = "build"
    model: ContentModel | None = None
    facets: dict[str, tuple[str, str]] = field(default_factory=dict)  # theme, place and type pages
    display_root: str = "docs"
    records: dict[str, pages.PageRecord] = field(default_factory=dict)  # src -> record of a valid content page
    findings: dict[str, list[str]] = field(default_factory=dict)  # src -> "path:line:col: rule message"
    slots: dict[str, list[pages.Marker]] = field(default_factory=dict)  # the listings each page asks for, in order
    specs: dict[str, dict[str, str]] = field(default_factory=dict)  # src -> the filter of its own list
    own_lists: dict[str, dict[str, Any]] = field(default_factory=dict)  # src -> entries and pager of its own list
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    newest: list[pages.PageRecord] = field(default_factory=list)
    env: Any = None
    indexer: search_index.Indexer | None = None

    @property
    def strict(self) -> bool:
        return self.command != "serve"  # `mkdocs serve` shows problems on the page instead of stopping


STATE = BuildState()


def on_startup(command: str, **_: Any) -> None:
    STATE.command = command


def on_config(config: Any, **_: Any) -> Any:
    """Read the content model; refuse symbolic links before MkDocs walks docs/ (it follows them)."""
    global STATE
    STATE = BuildState(command=STATE.command)
    try:
        STATE.model = load_model(Path(config.config_file_path))
        STATE.facets = pages.facets(STATE.model)
    except ModelError as exc:
        raise PluginError(f"Het inhoudsmodel in mkdocs.yml klopt niet: {exc}") from exc
    docs = Path(config.docs_dir).resolve()
    STATE.display_root = Path(os.path.relpath(docs, Path(config.config_file_path).resolve().parent)).as_posix()
    if links := tree.walk(docs).symlinks:
        lines = [f"{STATE.display_root}/{rel}:1:1: file-symlink {message('file-symlink', path=rel)}" for rel in links]
        raise PluginError("De site is niet gebouwd:\n" + "\n".join(lines))
    # MkDocs' default edit_uri is edit/master/docs/; one in mkdocs.yml would fail the strict build without REPO_URL.
    if config.repo_url and not config.edit_uri:
        config.edit_uri = "edit/main/docs/"
    contact = str((config.extra or {}).get("security_contact") or "")
    try:
        export.security_txt(contact, dt.datetime.now(dt.UTC))
    except export.ExportError as exc:
        raise PluginError(str(exc)) from exc
    return config


def _model() -> ContentModel:
    assert STATE.model is not None
    return STATE.model


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """Pages for themes and places without a file of their own (MkDocs only builds files that exist)."""
    for src, (kind, value) in STATE.facets.items():
        if kind != "type" and files.get_file_from_path(src) is None:  # type pages are in mkdocs.yml's nav
            _generate(files, config, src, value, f"Alle lessen, interviews en meetups bij {value}.")
    return files


def _generate(files: Files, config: Any, src: str, title: str, description: str) -> File:
    """A page whose body is only its own list; MkDocs marks it ``generated_by``."""
    front = yaml.safe_dump({"title": title, "description": description}, allow_unicode=True)
    content = f"---\n{front}---\n\n<!-- listing -->\n"
    files.append(file := File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    return file


def on_page_markdown(markdown: str, page: Page, config: Any, **_: Any) -> str:
    """Validate the front matter with the checker's own validator (MkDocs does not look at values),
    keep the page's record, and escape every value before a template prints it (MkDocs' Jinja
    environment does not escape, and Material prints ``page.meta.title`` and the description raw)."""
    src = page.file.src_uri
    listing = page.meta.get("listing")
    if isinstance(listing, dict):  # what the page's own list shows: its `listing:` front matter, else its facet
        STATE.specs.setdefault(src, {str(k): str(v) for k, v in listing.items()})
    elif src in STATE.facets:
        kind, value = STATE.facets[src]
        STATE.specs.setdefault(src, {kind: value})
    if not page.file.generated_by:
        meta, today = page.meta, dt.date.today()
        if not meta and markdown.startswith("---"):  # MkDocs drops front matter it cannot read: say why
            meta, problems = check_text(page.file.content_string, src, _model(), today)
        else:
            problems = validate_page(meta, src, _model(), today)
        _report(page, problems + [p for p in [file_name_problem(src)] if p])
        if not STATE.findings.get(src) and (record := pages.record_from_meta(meta, src, _model())):
            STATE.records[src] = record
    page.meta = _escaped(page.meta)
    return markdown


def _report(page: Page, problems: list[Problem]) -> None:
    if not problems:
        return
    positions = frontmatter.Positions(frontmatter.split(page.file.content_string).yaml_text or "")
    for problem in problems:
        _add(page, *problem.where(positions), problem.rule, problem.message)


def _add(page: Page, line: int, column: int, rule: str, message: str) -> None:
    src = page.file.src_uri
    STATE.findings.setdefault(src, []).append(f"{STATE.display_root}/{src}:{line}:{column}: {rule} {message}")


def _escaped(value: Any) -> Any:
    if isinstance(value, list | dict):
        return [_escaped(v) for v in value] if isinstance(value, list) else {k: _escaped(v) for k, v in value.items()}
    return escape(value) if isinstance(value, str) else value


def on_page_content(html: str, page: Page, config: Any, **_: Any) -> str:
    """Hold the rendered HTML to the allowlist (Markdown passes raw HTML and attributes through) and
    publish only what it allows; mark where listings go (filled once every page is read)."""
    src = page.file.src_uri
    slots: list[pages.Marker] = []

    def slot(match: re.Match[str]) -> str:
        marker = pages.read_marker(match.group(0), src in STATE.specs)
        if marker.error:
            _add(page, 1, 1, "fm-listing", marker.error)
            return ""
        slots.append(marker)
        return f"<p>scl-slot-{STATE.nonce}-{len(slots) - 1}</p>"

    html = pages.MARKER_LIKE_RE.sub(slot, html)
    html = _REPO_FILE.sub(lambda m: _repo_file(m["path"], config.repo_url), html)
    clean, problems = html_policy.inspect(html)
    if problems and not page.file.generated_by:
        body_line = frontmatter.split(page.file.content_string).body_line
        for problem in problems:
            _add(page, *html_rules.locate(page.markdown or "", body_line, problem), problem.rule, problem.message)
    STATE.slots[src] = slots
    page.toc = _plain_toc(page.toc)
    return clean


def _repo_file(path: str, repo_url: str | None) -> str:
    """A link to a file in the repository when ``repo_url`` is set; its name otherwise."""
    if repo_url:
        return f'<a href="{escape(repo_url.rstrip("/"))}/blob/main/{path}"><code>{path}</code></a>'
    return f"<code>{path}</code> in de repository"


def _plain_toc(toc: Any) -> Any:
    """Table-of-contents titles as plain text: markup in a heading (``data-toc-label``) never reaches the sidebar."""
    for item in toc:
        item.title = escape(Markup(item.title).striptags())  # noqa: S704 - read as HTML only to strip its tags
        item.id = escape(item.id)
        _plain_toc(item.children)
    return toc


def on_env(env: Any, config: Any, files: Files, **_: Any) -> Any:
    """Every page is read now: stop on content problems, then make the listing pages MkDocs cannot
    make itself (page 2 onwards of a long list, one page per theme x place cell of the matrix)."""
    lines = [line for src in sorted(STATE.findings) for line in STATE.findings[src]]
    for line in lines:
        (log.error if STATE.strict else log.warning)(line)
    if lines and STATE.strict:
        raise PluginError(
            f"De site is niet gebouwd: {len(lines)} fout(en) in de inhoud, hierboven met bestand en regel. "
            "Draai 'make check' voor de uitleg per fout en los ze op."
        )
    model = _model()
    env.filters["dutch_date"] = dutch_date
    env.globals["scl_model"] = model
    urls = {facet: pages.page_url(src) for src, facet in STATE.facets.items()}
    env.globals["scl_facet_url"] = lambda kind, value: urls[(kind, value)]
    STATE.env = env
    try:  # Pagefind parses each page as it is written, beside the build (see search_index)
        STATE.indexer = search_index.Indexer(Path(config.site_dir))
    except search_index.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc
    STATE.newest = pages.newest_first(list(STATE.records.values()))
    for file in list(files.documentation_pages()):
        if file.page and any(slot.kind is None for slot in STATE.slots.get(file.src_uri, [])):
            _paginate(files, config, file.page)
    matrix = listings.matrix(STATE.newest, model)
    for theme, _, cells in matrix.rows:
        for (count, _), (city, _) in zip(cells, matrix.cities, strict=True):
            if count:
                title, spec = f"{theme} in {city}", {"theme": theme, "city": city}
                page = _late_page(files, config, listings.cell_src(theme, city), title, f"Pagina's over {title}.", spec)
                _paginate(files, config, page)
    return env


def _late_page(files: Files, config: Any, src: str, title: str, description: str, spec: dict[str, str]) -> Page:
    """A page the build makes after MkDocs read the others, read here: its body is only its list, so no Markdown."""
    STATE.specs[src] = spec
    page = Page(None, _generate(files, config, src, title, description), config)
    page.read_source(config)
    page.content, page.toc = on_page_content("<!-- listing -->", page, config), get_toc([])
    page.meta = _escaped(page.meta)
    return page


def _paginate(files: Files, config: Any, page: Page) -> None:
    """``page``'s own list in pages; page 2 onwards at ``<page URL>pagina-N/`` (in the sitemap, not the nav)."""
    src = page.file.src_uri
    spec = STATE.specs[src]
    chunks = listings.chunks(listings.select(STATE.newest, spec))
    urls = [pages.page_url(pages.paged_src(src, n)) for n in range(1, len(chunks) + 1)]
    title, description = page.meta.get("title"), page.meta.get("description")
    title = title.unescape() if isinstance(title, Markup) else str(title or page.title)
    description = description.unescape() if isinstance(description, Markup) else ""
    for number, entries in enumerate(chunks, start=1):
        paged = pages.paged_src(src, number)
        STATE.own_lists[paged] = {"entries": entries, "pager": {"number": number, "pages": urls}}
        if number > 1:
            _late_page(files, config, paged, f"{title} (pagina {number})", description, spec)


def on_page_context(context: dict[str, Any], page: Page, config: Any, **_: Any) -> dict[str, Any]:
    """Put the page's record and its listings in (the listings need every page, so not earlier)."""
    src = page.file.src_uri
    context["scl_record"] = STATE.records.get(src)
    # Made pages other than facet pages (pages 2+, matrix cells) repeat what the search finds elsewhere.
    context["scl_index_page"] = not page.file.generated_by or src in STATE.facets
    html = page.content or ""
    for index, slot in enumerate(STATE.slots.get(src, [])):
        html = html.replace(f"<p>scl-slot-{STATE.nonce}-{index}</p>", _render_slot(slot, src, context), 1)
    if STATE.findings.get(src) and not STATE.strict:
        html = _render("problems", context, lines=STATE.findings[src]) + html
    page.content = html
    return context


def _render_slot(slot: pages.Marker, src: str, context: dict[str, Any]) -> str:
    if slot.kind in ("themes", "cities"):
        kind = "theme" if slot.kind == "themes" else "city"
        return _render("counts", context, counts=listings.counts(STATE.newest, kind, _model()))
    if slot.kind == "matrix":
        return _render("matrix", context, matrix=listings.matrix(STATE.newest, _model()))
    if slot.kind == "model":
        return _render("model", context)
    if slot.kind == "newest":
        return _render("listing", context, entries=STATE.newest[: slot.count or NEWEST], pager=None)
    return _render("listing", context, **STATE.own_lists[src])


def _render(name: str, context: dict[str, Any], **values: Any) -> str:
    """One of the templates in ``overrides/partials/scl/`` (they escape what they print)."""
    return STATE.env.get_template(f"partials/scl/{name}.html").render({**context, **values})


def on_post_page(output: str, page: Page, **_: Any) -> str:
    """Hand the finished page to the search index (Pagefind reads the published HTML)."""
    assert STATE.indexer is not None
    STATE.indexer.add(page.file.dest_uri, output)
    return output


def on_build_error(**_: Any) -> None:
    """Stop Pagefind when the build fails (MkDocs runs no on_post_build then)."""
    if STATE.indexer:
        STATE.indexer.close()


def on_post_build(config: Any, **_: Any) -> None:
    """The site's open data, feed, robots.txt and security.txt (MkDocs writes none of these), and
    the search index (Pagefind has parsed the pages; it adds the HTML made without a page, then writes)."""
    assert STATE.indexer is not None
    STATE.indexer.finish()  # Pagefind writes its index while the exports are written
    site_dir = Path(config.site_dir)
    site_url = str(config.site_url or "")
    site = export.SiteInfo(config.site_name, " ".join(str(config.site_description).split()), site_url)
    contact = str((config.extra or {}).get("security_contact") or "")
    for rel, text in export.files(STATE.newest, _model(), site, contact, dt.datetime.now(dt.UTC)).items():
        path = site_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    if not site_url:
        log.info("site_url is leeg: feed en exports bevatten adressen relatief aan de hoofdmap van de site")
    try:
        STATE.indexer.wait()
    except search_index.SearchIndexError as exc:
        raise PluginError(str(exc)) from exc
