"""Run every rule over the site and collect the findings; one broken file never stops the run.

Each page is checked on its own (file, front matter, links, HTML, review date); then the rules that need the whole site
run once: anchors on other pages, duplicate titles, orphans. A large site is checked by a process pool
(``concurrent.futures``): measured at 3,000 pages, one core took 4.6 times the floor of reading and parsing every file
(``benchmarks/bench_checker.py``), above the 4 times the checker is allowed.
"""

from __future__ import annotations

import os
import traceback
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import guards, static_files
from ..catalog import Unreadable
from ..findings import Finding, sort_findings
from ..frontmatter import as_date
from ..pages import MARKER_LIKE_RE, read_marker
from ..rules import Message
from ..validate import file_name_finding
from . import html_rules, links, people
from .context import Context
from .page import Page

# Characters: the 205-character title of issue 24 made a five-line heading; 120 is about three lines on a phone.
TITLE_WARN_LENGTH = 120
PARALLEL_FROM = 1000  # pages; below this, starting processes costs more than it saves
_CTX: list[Context] = []  # the run's context in a worker process


@dataclass
class Result:
    """The findings of a run, the number of pages looked at, and those pages (to look further, as ``--external``)."""

    findings: list[Finding]
    count: int
    pages: list[Page]


@dataclass
class Summary:
    """What one page contributes to the run (small, so a worker process can send it back)."""

    rel: str
    findings: list[Finding]
    targets: set[str] = field(default_factory=set)
    anchors: list[links.AnchorCheck] = field(default_factory=list)
    ids: set[str] | None = None  # None: unreadable
    title: str = ""
    unthemed_content: bool = False  # a content page without a theme of the model: an orphan unless linked or listed


def check_page(page: Page) -> Summary:
    """The findings of one page, the pages it links to, its anchors to verify and what the site rules need."""
    if isinstance(page.text, Unreadable):
        return Summary(page.rel, [Finding(page.display, page.text.line, 1, page.text.rule, page.text.message)])
    findings = list(_file_rules(page))
    findings += [field_finding.placed(page.display, page.positions) for field_finding in page.checked[1]]
    too_complex = guards.too_complex(page.split.body, page.split.body_line, page.display)  # before any body scan
    if too_complex is not None:
        findings.append(too_complex)
        return Summary(page.rel, findings)
    findings.extend(_markers(page))
    link_findings, targets, anchors = links.check(page)
    findings.extend(link_findings)
    findings += html_rules.check_body(page.split.body, page.split.body_line, page.ctx.config, page.display)
    findings.extend(_review_due(page))
    findings.extend(_title_length(page))
    findings.extend(people.people_findings(page))
    # The site rules compare titles with the spaces YAML may leave in them made single.
    title = page.meta.get("title")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    tags = page.meta.get("tags")
    themed = isinstance(tags, list) and any(tag in page.ctx.model.themes for tag in tags)
    unthemed_content = page.page_type is not None and not themed
    return Summary(page.rel, findings, targets, anchors, page.ids, title, unthemed_content)


def _file_rules(page: Page) -> Iterator[Finding]:
    if named := file_name_finding(page.rel, page.display):
        yield named
    if not page.ctx.in_nav_or_allowed(page.rel):
        yield Finding.of(page.display, 1, 1, Message.FILE_LOCATION, folder=page.rel.rpartition("/")[0] or "docs")


def _markers(page: Page) -> Iterator[Finding]:
    """Listing markers, read with the one grammar of ``smartcity.pages``; a look-alike is an error."""
    if "listing" not in page.split.body.lower():
        return
    for match in MARKER_LIKE_RE.finditer(page.code_masked):
        own_list = isinstance(page.meta.get("listing"), dict) or page.rel in page.ctx.facets
        if error := read_marker(match.group(0), own_list).error:
            yield Finding(page.display, *page.at(match.start()), Message.FM_LISTING_MARKER.rule, error)


def _review_due(page: Page) -> Iterator[Finding]:
    """A warning, never an error: a page that was valid stays publishable when its review date passes."""
    # The last review counts; a page never reviewed counts from its date.
    key = "date"
    if as_date(page.meta.get("reviewed")):
        key = "reviewed"
    when = as_date(page.meta.get(key))
    # A date in the future is fm-future-date's error already; no second finding about it.
    if page.page_type is None or when is None or when > page.ctx.today:
        return
    age = (page.ctx.today - when).days
    period = page.ctx.model.review_period_days
    if age > period:
        line, column = page.positions.of(key)
        yield Finding.of(page.display, line, column, Message.SITE_REVIEW_DUE, age=age, when=when, period=period)


def _title_length(page: Page) -> Iterator[Finding]:
    """A warning, never an error (the build publishes the page): a title that fills a phone screen as a heading."""
    title = page.meta.get("title")
    if page.page_type is None or not isinstance(title, str) or len(title) <= TITLE_WARN_LENGTH:
        return
    line, column = page.positions.of("title")
    yield Finding.of(page.display, line, column, Message.FM_TITLE_LENGTH, length=len(title), limit=TITLE_WARN_LENGTH)


def _safe_check(page: Page) -> Summary:
    try:
        return check_page(page)
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        where = traceback.extract_tb(exc.__traceback__)[-1]  # a caught exception always has a traceback
        detail = f" ({exc.__class__.__name__} in {Path(where.filename).name}:{where.lineno})"
        return Summary(page.rel, [Finding.of(page.display, 1, 1, Message.INTERNAL_ERROR, detail=detail)])


def _start_worker(ctx: Context) -> None:
    _CTX.append(ctx)


def _check_in_worker(rel: str) -> Summary:
    return _safe_check(Page(rel, _CTX[0]))


def _summaries(ctx: Context, rels: list[str]) -> list[Summary]:
    workers = min(os.cpu_count() or 1, 4)
    if len(rels) < PARALLEL_FROM or workers < 2:
        return [_safe_check(Page(rel, ctx)) for rel in rels]
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(ctx,)) as pool:
        return list(pool.map(_check_in_worker, rels, chunksize=100))


def run(ctx: Context, only: set[Path] | None = None) -> Result:
    """Check the whole site; with ``only``, keep the findings of those files (links still resolve site-wide)."""
    rels = [rel for rel in ctx.tree.files if rel.endswith(".md")]
    summaries = _summaries(ctx, rels)
    findings = [f for s in summaries for f in s.findings]
    docs = ctx.display(ctx.docs_dir)
    findings += [Finding.of(f"{docs}/{rel}", 1, 1, Message.FILE_SYMLINK, path=rel) for rel in ctx.tree.symlinks]
    # Files that are neither a page nor a picture.
    findings += static_files.findings(ctx.tree.files, ctx.docs_dir, ctx.root / "mkdocs.yml", docs).values()
    ids = {s.rel: s.ids for s in summaries if s.ids is not None}
    findings += links.verify_anchors([a for s in summaries for a in s.anchors], ids)
    findings += _site_rules(summaries, ctx)
    count = len(rels)
    pages = [Page(rel, ctx) for rel in rels]
    if only is not None:
        shown = {ctx.display(path) for path in only}
        findings = [f for f in findings if f.path in shown]
        count = len(shown)
        pages = [page for page in pages if page.path in only]
    return Result(sort_findings(findings), count, pages)


def _site_rules(summaries: list[Summary], ctx: Context) -> Iterator[Finding]:
    """Duplicate titles and orphan content pages."""
    by_title: dict[str, list[str]] = defaultdict(list)
    for summary in summaries:
        if summary.title:
            by_title[summary.title.casefold()].append(summary.rel)
    for rels in by_title.values():
        if len(rels) < 2:
            continue
        same = [Page(rel, ctx) for rel in rels]
        for page in same:
            others = ", ".join(p.display for p in same if p is not page)
            at = (page.display, *page.positions.of("title"))
            yield Finding.of(*at, Message.SITE_DUPLICATE_TITLE, title=page.meta["title"], others=others)
    linked = {target for s in summaries for target in s.targets}
    listed = {t.folder for t in ctx.model.types.values() if f"{t.folder}/index.md" in ctx.pages}
    for s in summaries:
        if s.unthemed_content and s.rel not in linked and s.rel.partition("/")[0] not in listed:
            yield Finding.of(f"{ctx.display(ctx.docs_dir)}/{s.rel}", 1, 1, Message.SITE_ORPHAN)
