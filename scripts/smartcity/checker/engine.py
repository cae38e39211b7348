"""Run every rule over the site and collect the findings; one broken file never stops the run.

Each page is checked on its own (front matter, links, safety), in parallel
processes for large sites; then the parts that need the whole site run once:
anchors on other pages, duplicate titles, orphans, review dates.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter_rules, links, safety, site_rules
from .context import Context
from .findings import Finding, sort_findings
from .page import Page, load_page
from .site_rules import PageFacts
from .sources import markdown_files

PARALLEL_FROM = 400  # pages; below this, starting processes costs more than it saves


@dataclass
class Result:
    """The findings of a run and the number of pages looked at."""

    findings: list[Finding]
    pages: int


@dataclass
class PageResult:
    """Everything one page contributes to the run (small and picklable)."""

    findings: list[Finding]
    targets: set[str] = field(default_factory=set)
    anchors: list[links.AnchorCheck] = field(default_factory=list)
    ids: set[str] | None = None
    facts: PageFacts | None = None


def _internal(display: str, exc: BaseException) -> Finding:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    detail = f" ({exc.__class__.__name__} in {Path(where.filename).name}:{where.lineno})" if where else ""
    return Finding(
        display,
        1,
        1,
        "internal-error",
        f"De controle van dit bestand liep vast{detail}. De rest is wel gecontroleerd; "
        "meld dit aan de beheerders van de site.",
    )


class Site:
    """All Markdown pages of docs/, each read lazily and once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.pages: dict[str, Page] = {}
        for path in markdown_files(ctx.docs_dir):
            page = load_page(path, ctx)
            self.pages[page.rel] = page


def check_page(page: Page, ctx: Context) -> PageResult:
    """The findings of one page, the pages it links to, its anchors to verify, its ids and facts."""
    problem = page.problem
    if page.text is None:
        return PageResult([Finding(page.display, problem.line, 1, problem.rule or "file-unreadable", problem.message)])
    findings = frontmatter_rules.check(page)
    link_findings, targets, anchors = links.check(page, ctx)
    findings.extend(link_findings)
    findings.extend(safety.check(page, ctx.site_host))
    return PageResult(findings, targets, anchors, page.ids, site_rules.facts(page))


def _safe_check(page: Page, ctx: Context) -> PageResult:
    try:
        return check_page(page, ctx)
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        return PageResult([_internal(page.display, exc)])


_WORKER_SITE: Site | None = None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while pages are checked.

    Checking allocates many small objects (YAML nodes, links, findings) and keeps
    every page; the collector would walk that growing heap again and again, which
    costs about a third of the run and makes the time grow faster than the site.
    Reference counting still frees almost everything; one collection runs at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_serially(site: Site, rels: list[str]) -> list[PageResult]:
    with _no_gc():
        return [_safe_check(site.pages[rel], site.ctx) for rel in rels]


def _check_chunk(rels: list[str]) -> list[PageResult]:
    site = _WORKER_SITE
    assert site is not None
    return _check_serially(site, rels)


def _check_all(site: Site) -> list[PageResult]:
    rels = list(site.pages)
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _check_serially(site, rels)
    global _WORKER_SITE
    _WORKER_SITE = site
    try:
        size = max(50, len(rels) // (workers * 4))
        chunks = [rels[i : i + size] for i in range(0, len(rels), size)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_check_chunk, chunks) for result in chunk]
    except (OSError, RuntimeError):  # no processes available: do it here
        return _check_serially(site, rels)
    finally:
        _WORKER_SITE = None


def _guarded(display: str, run: Callable[[], list[Finding]]) -> list[Finding]:
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        return [_internal(display, exc)]


def run(ctx: Context, only: set[Path] | None = None) -> tuple[Result, Site]:
    """Check the whole site; with ``only``, keep the findings of those files (links still resolve site-wide)."""
    with _no_gc():  # also while the results of the worker processes are unpickled
        return _run(ctx, only)


def _run(ctx: Context, only: set[Path] | None) -> tuple[Result, Site]:
    site = Site(ctx)
    results = dict(zip(site.pages, _check_all(site), strict=True))
    findings = [finding for result in results.values() for finding in result.findings]
    linked = {target for result in results.values() for target in result.targets}
    ids = {rel: result.ids for rel, result in results.items() if result.ids is not None}
    checks = [check for result in results.values() for check in result.anchors]
    findings += _guarded("mkdocs.yml", lambda: links.verify_anchors(checks, ids.get))
    facts = [result.facts for result in results.values() if result.facts is not None]
    model = ctx.model
    findings += _guarded("mkdocs.yml", lambda: list(site_rules.duplicate_titles(facts)))
    findings += _guarded("mkdocs.yml", lambda: list(site_rules.orphans(facts, linked, model)))
    findings += _guarded("mkdocs.yml", lambda: list(site_rules.review_due(facts, ctx.today, model.review_period_days)))
    pages = len(site.pages)
    if only is not None:
        shown = {ctx.display(path) for path in only}
        findings = [f for f in findings if f.path in shown]
        pages = len(shown)
    return Result(sort_findings(findings), pages), site
