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
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import frontmatter_rules, links, safety, site_rules
from .context import Context
from .findings import Finding, sort_findings
from .links import AnchorCheck
from .page import Page, load_pages
from .site_rules import PageFacts
from .sources import markdown_rels

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
        self.pages: dict[str, Page] = {page.rel: page for page in load_pages(markdown_rels(ctx.docs_dir), ctx)}


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
    finally:
        page.release()


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while pages are checked.

    Checking allocates many small objects (YAML nodes, links, findings) and keeps
    every page; the collector would walk that growing heap again and again, which
    costs about a third of the run and makes the time grow faster than the site.
    Reference counting still frees almost everything. Afterwards the objects made
    meanwhile go straight to the oldest generation (``freeze`` + ``unfreeze``):
    otherwise the next young collection would walk all of them at once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _check_serially(site: Site, rels: list[str]) -> list[PageResult]:
    with _no_gc():
        return [_safe_check(site.pages[rel], site.ctx) for rel in rels]


Packed = tuple[Any, ...]


def _pack(result: PageResult) -> Packed:
    """``result`` as plain tuples, without what the parent already knows (the page's path): cheap to pickle."""
    facts = result.facts
    fields = None if facts is None else (facts.is_content, facts.type_name, facts.values, facts.positions)
    anchors = [(a.line, a.column, a.target, a.anchor) for a in result.anchors]
    return result.findings, result.targets, anchors, result.ids, fields, facts is not None and facts.bare_listing


def _unpack(page: Page, packed: Packed) -> PageResult:
    """The ``PageResult`` of ``page`` from what ``_pack`` made of it."""
    findings, targets, anchors, ids, fields, bare_listing = packed
    checks = [AnchorCheck(page.display, page.rel, *anchor) for anchor in anchors]
    facts = None if fields is None else PageFacts(page.rel, page.display, *fields, bare_listing=bare_listing)
    return PageResult(findings, targets, checks, ids, facts)


def _check_all(site: Site) -> list[PageResult]:
    rels = list(site.pages)
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _check_serially(site, rels)
    try:
        return _check_shared(site, rels, workers)
    except OSError:  # no processes available: do it here
        return _check_serially(site, rels)


def _claims(count: int, claimed: Any) -> Iterator[int]:
    """Chunk indexes ``0 … count - 1``, each handed out once over all processes sharing ``claimed``."""
    while True:
        with claimed.get_lock():
            index = claimed.value
            claimed.value = index + 1
        if index >= count:
            return
        yield index


def _worker(site: Site, chunks: list[list[str]], claimed: Any, sender: Any) -> None:
    """In a forked process: check chunks until none are left, then send their packed results."""
    packed = [
        (index, [_pack(result) for result in _check_serially(site, chunks[index])])
        for index in _claims(len(chunks), claimed)
    ]
    sender.send(packed)
    sender.close()


def _check_shared(site: Site, rels: list[str], workers: int) -> list[PageResult]:
    """Check ``rels`` in chunks, shared by ``workers - 1`` forked processes and this one.

    Every process takes the next unclaimed chunk until none are left, so no process
    idles while another still has a queue; this process's own results need no
    pickling. A chunk whose worker died is checked here afterwards.
    """
    size = max(20, len(rels) // (workers * 32))  # small: the processes finish within a chunk of each other
    chunks = [rels[i : i + size] for i in range(0, len(rels), size)]
    context = multiprocessing.get_context("fork")
    claimed = context.Value("i", 0)
    channels = []
    for _ in range(workers - 1):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(site, chunks, claimed, sender), daemon=True)
        process.start()
        sender.close()
        channels.append((process, receiver))
    done = {index: _check_serially(site, chunks[index]) for index in _claims(len(chunks), claimed)}
    for process, receiver in channels:
        done.update(_received(site, chunks, receiver))
        process.join()
    return [result for index, chunk in enumerate(chunks) for result in done.get(index) or _check_serially(site, chunk)]


def _received(site: Site, chunks: list[list[str]], receiver: Any) -> Iterator[tuple[int, list[PageResult]]]:
    """The results a worker sent, unpacked; nothing when it died before sending."""
    try:
        packed = receiver.recv()
    except (EOFError, OSError):
        return
    finally:
        receiver.close()
    for index, results in packed:
        pages = [site.pages[rel] for rel in chunks[index]]
        yield index, [_unpack(page, result) for page, result in zip(pages, results, strict=True)]


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
