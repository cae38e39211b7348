"""Run every rule over the site and collect the findings; one broken file never stops the run."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter_rules, links, safety, site_rules
from .context import Context
from .findings import Finding, sort_findings
from .page import Page, load_page
from .sources import markdown_files


@dataclass
class Result:
    """The findings of a run and the number of pages looked at."""

    findings: list[Finding]
    pages: int
    external_urls: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)


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
    """All Markdown pages of docs/, read lazily and once."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.pages: dict[str, Page] = {}
        for path in markdown_files(ctx.docs_dir):
            page = load_page(path, ctx)
            self.pages[page.rel] = page

    def ids_of(self, rel: str) -> set[str] | None:
        page = self.pages.get(rel)
        if page is None or page.text is None:
            return None
        try:
            return page.ids
        except Exception:  # noqa: BLE001 - the target page's own check reports the problem
            return None


def _read_problem(page: Page) -> list[Finding]:
    problem = page.problem
    if problem.rule:
        return [Finding(page.display, problem.line, 1, problem.rule, problem.message)]
    return []


def check_page(page: Page, site: Site) -> tuple[list[Finding], set[str]]:
    """Findings of one page and the pages it links to."""
    if page.text is None:
        return _read_problem(page), set()
    findings = frontmatter_rules.check(page)
    link_findings, targets = links.check(page, site.ctx, site.ids_of)
    findings.extend(link_findings)
    findings.extend(safety.check(page, site.ctx.site_host))
    return findings, targets


def _guarded(display: str, run: Callable[[], list[Finding]]) -> list[Finding]:
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        return [_internal(display, exc)]


def run(ctx: Context, only: set[Path] | None = None) -> tuple[Result, Site]:
    """Check the whole site; with ``only``, keep the findings of those files (links still resolve site-wide)."""
    site = Site(ctx)
    findings: list[Finding] = []
    linked: set[str] = set()
    for page in site.pages.values():
        try:
            page_findings, targets = check_page(page, site)
        except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
            page_findings, targets = [_internal(page.display, exc)], set()
        findings.extend(page_findings)
        linked |= targets
    readable = [p for p in site.pages.values() if p.text is not None]
    model = ctx.model
    findings += _guarded("mkdocs.yml", lambda: list(site_rules.duplicate_titles(readable)))
    findings += _guarded("mkdocs.yml", lambda: list(site_rules.orphans(readable, linked)))
    findings += _guarded(
        "mkdocs.yml", lambda: list(site_rules.review_due(readable, ctx.today, model.review_period_days))
    )
    pages = len(site.pages)
    if only is not None:
        shown = {ctx.display(path) for path in only}
        findings = [f for f in findings if f.path in shown]
        pages = len(shown)
    return Result(sort_findings(findings), pages), site
