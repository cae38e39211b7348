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

from ..frontmatter import as_date
from ..pages import MARKER_LIKE_RE, read_marker
from ..validate import file_name_problem
from . import html_rules, links
from .context import Context
from .findings import Finding, sort_findings
from .page import Page, Unreadable

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
    findings += [Finding(page.display, *p.where(page.positions), p.rule, p.message) for p in page.checked[1]]
    findings.extend(_markers(page))
    link_findings, targets, anchors = links.check(page)
    findings.extend(link_findings)
    for line, column, rule, message in html_rules.check_body(page.split.body, page.split.body_line, page.ctx.config):
        findings.append(Finding(page.display, line, column, rule, message))
    findings.extend(_review_due(page))
    title, tags = page.meta.get("title"), page.meta.get("tags")
    title = " ".join(title.split()) if isinstance(title, str) else ""
    themed = isinstance(tags, list) and any(tag in page.ctx.model.themes for tag in tags)
    return Summary(page.rel, findings, targets, anchors, page.ids, title, page.page_type is not None and not themed)


def _file_rules(page: Page) -> Iterator[Finding]:
    if named := file_name_problem(page.rel):
        yield Finding(page.display, 1, 1, named.rule, named.message)
    if not page.ctx.in_nav_or_allowed(page.rel):
        yield Finding.of(page.display, 1, 1, "file-location", folder=page.rel.rpartition("/")[0] or "docs")


def _markers(page: Page) -> Iterator[Finding]:
    """Listing markers, read with the one grammar of ``smartcity.pages``; a look-alike is an error."""
    if "listing" not in page.split.body.lower():
        return
    for match in MARKER_LIKE_RE.finditer(page.code_masked):
        own_list = isinstance(page.meta.get("listing"), dict) or page.rel in page.ctx.facets
        if error := read_marker(match.group(0), own_list).error:
            yield Finding(page.display, *page.at(match.start()), "fm-listing", error)


def _review_due(page: Page) -> Iterator[Finding]:
    key = "reviewed" if as_date(page.meta.get("reviewed")) else "date"
    when = as_date(page.meta.get(key))
    if page.page_type is None or when is None or when > page.ctx.today:
        return
    if (age := (page.ctx.today - when).days) > (period := page.ctx.model.review_period_days):
        yield Finding.of(page.display, *page.positions.of(key), "site-review-due", age=age, when=when, period=period)


def _safe_check(page: Page) -> Summary:
    try:
        return check_page(page)
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        where = traceback.extract_tb(exc.__traceback__)[-1]  # a caught exception always has a traceback
        detail = f" ({exc.__class__.__name__} in {Path(where.filename).name}:{where.lineno})"
        return Summary(page.rel, [Finding.of(page.display, 1, 1, "internal-error", detail=detail)])


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
    findings += [Finding.of(f"{docs}/{rel}", 1, 1, "file-symlink", path=rel) for rel in ctx.tree.symlinks]
    ids = {s.rel: s.ids for s in summaries if s.ids is not None}
    findings += links.verify_anchors([a for s in summaries for a in s.anchors], ids)
    findings += _site_rules(summaries, ctx)
    count, pages = len(rels), [Page(rel, ctx) for rel in rels]
    if only is not None:
        shown = {ctx.display(path) for path in only}
        findings = [f for f in findings if f.path in shown]
        count, pages = len(shown), [page for page in pages if page.path in only]
    return Result(sort_findings(findings), count, pages)


def _site_rules(summaries: list[Summary], ctx: Context) -> Iterator[Finding]:
    """Duplicate titles and orphan content pages."""
    by_title: dict[str, list[str]] = defaultdict(list)
    for summary in summaries:
        if summary.title:
            by_title[summary.title.casefold()].append(summary.rel)
    for same in ([Page(rel, ctx) for rel in rels] for rels in by_title.values() if len(rels) > 1):
        for page in same:
            others = ", ".join(p.display for p in same if p is not page)
            at = (page.display, *page.positions.of("title"))
            yield Finding.of(*at, "site-duplicate-title", title=page.meta["title"], others=others)
    linked = {target for s in summaries for target in s.targets}
    listed = {t.folder for t in ctx.model.types.values() if f"{t.folder}/index.md" in ctx.pages}
    for s in summaries:
        if s.unthemed_content and s.rel not in linked and s.rel.partition("/")[0] not in listed:
            yield Finding.of(f"{ctx.display(ctx.docs_dir)}/{s.rel}", 1, 1, "site-orphan")
