"""Run every rule over the site and collect the findings; one broken file never stops the run.

Each page is checked on its own (file, front matter, links, HTML); then the rules
that need the whole site run once: anchors on other pages, duplicate titles,
orphans, review dates.
"""

from __future__ import annotations

import traceback
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import tree
from ..frontmatter import as_date
from ..pages import MARKER_LIKE_RE, OWN_LIST_MISSING, read_marker
from ..validate import file_name_problem
from . import html_rules, links
from .context import Context
from .findings import Finding, sort_findings
from .page import Page, Unreadable


@dataclass
class Result:
    """The findings of a run and the number of pages looked at."""

    findings: list[Finding]
    pages: int
    checked: list[Page] = field(default_factory=list)


@dataclass
class PageResult:
    """What one page contributes to the run."""

    findings: list[Finding]
    targets: set[str] = field(default_factory=set)
    anchors: list[links.AnchorCheck] = field(default_factory=list)


def check_page(page: Page) -> PageResult:
    """The findings of one page, the pages it links to, and the anchors to verify once all ids are known."""
    if isinstance(page.text, Unreadable):
        return PageResult([Finding(page.display, page.text.line, 1, page.text.rule, page.text.message)])
    findings = list(_file_rules(page))
    for problem in page.checked[1]:
        where = (problem.key, problem.item, problem.at_value)
        line, column = (problem.line, problem.column) if problem.line else page.positions.of(*where)
        findings.append(Finding(page.display, line, column, problem.rule, problem.message))
    findings.extend(_markers(page))
    link_findings, targets, anchors = links.check(page)
    findings.extend(link_findings)
    for line, column, rule, message in html_rules.check_body(page.split.body, page.split.body_line, page.ctx.config):
        findings.append(Finding(page.display, line, column, rule, message))
    return PageResult(findings, targets, anchors)


def _file_rules(page: Page) -> Iterator[Finding]:
    folder = page.rel.rpartition("/")[0]
    named = file_name_problem(page.rel)
    if named:
        yield Finding(page.display, 1, 1, named.rule, named.message)
    if not page.ctx.in_nav_or_allowed(page.rel):
        yield Finding(
            page.display,
            1,
            1,
            "file-location",
            f'De map "{folder or "docs"}/" is geen plek voor pagina\'s; '
            "zo komt de pagina nergens in het menu of in een lijst. Zet een les in docs/lessen/, een "
            "interview in docs/interviews/ en een meetup in docs/meetups/.",
        )


def _markers(page: Page) -> Iterator[Finding]:
    """Listing markers, read with the one grammar of ``smartcity.pages``; a look-alike is an error."""
    if "listing" not in page.split.body.lower():
        return
    for match in MARKER_LIKE_RE.finditer(page.code_masked):
        marker = read_marker(match.group(0))
        error = marker.error or (OWN_LIST_MISSING if marker.kind is None and not _has_own_list(page) else "")
        if error:
            yield Finding(page.display, *page.at(match.start()), "fm-listing", error)


def _has_own_list(page: Page) -> bool:
    return isinstance(page.meta.get("listing"), dict) or page.rel in page.ctx.facets


def _internal(display: str, exc: BaseException) -> Finding:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    detail = f" ({exc.__class__.__name__} in {Path(where.filename).name}:{where.lineno})" if where else ""
    return Finding(
        display,
        1,
        1,
        "internal-error",
        f"De controle van dit bestand liep vast{detail}. De rest is wel "
        "gecontroleerd; meld dit in de pull request of als issue in de repository.",
    )


def _safe_check(page: Page) -> PageResult:
    try:
        return check_page(page)
    except Exception as exc:  # noqa: BLE001 - any bug becomes a finding, never a traceback
        return PageResult([_internal(page.display, exc)])


def run(ctx: Context, only: set[Path] | None = None) -> Result:
    """Check the whole site; with ``only``, keep the findings of those files (links still resolve site-wide)."""
    pages = [Page(rel, ctx) for rel in ctx.tree.files if rel.endswith(".md")]
    results = {page.rel: _safe_check(page) for page in pages}
    findings = [f for result in results.values() for f in result.findings]
    findings += [
        Finding(f"{ctx.display(ctx.docs_dir)}/{rel}", 1, 1, "file-symlink", tree.symlink_message(rel))
        for rel in ctx.tree.symlinks
    ]
    readable = [page for page in pages if isinstance(page.text, str)]
    try:
        anchors = [a for r in results.values() for a in r.anchors]
        wanted = {a.target for a in anchors}
        ids = {page.rel: page.ids for page in readable if page.rel in wanted}
        findings += links.verify_anchors(anchors, ids)
        linked = {target for result in results.values() for target in result.targets}
        findings += list(_site_rules(readable, linked, ctx))
    except Exception as exc:  # noqa: BLE001 - as above
        findings.append(_internal("mkdocs.yml", exc))
    count = len(pages)
    if only is not None:
        shown = {ctx.display(path) for path in only}
        findings = [f for f in findings if f.path in shown]
        count = len(shown)
    return Result(sort_findings(findings), count, pages)


def _site_rules(pages: list[Page], linked: set[str], ctx: Context) -> Iterator[Finding]:
    """Duplicate titles, orphan content pages, and pages due for a content review."""
    by_title: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        title = page.meta.get("title")
        if isinstance(title, str) and title.strip():
            by_title[" ".join(title.split()).casefold()].append(page)
    for same in (group for group in by_title.values() if len(group) > 1):
        for page in same:
            others = ", ".join(p.display for p in same if p is not page)
            line, column = page.positions.of("title")
            yield Finding(
                page.display,
                line,
                column,
                "site-duplicate-title",
                f'De titel "{page.meta["title"]}" '
                f"staat ook op {others}. Geef elke pagina een eigen titel, zodat lezers ze in lijsten en "
                "zoekresultaten uit elkaar houden.",
            )
    listed_types = {t.name for t in ctx.model.types.values() if f"{t.folder}/index.md" in ctx.pages}
    for page in (p for p in pages if p.page_type):
        themes = page.meta.get("tags") if isinstance(page.meta.get("tags"), list) else []
        if (
            page.rel not in linked
            and page.page_type.name not in listed_types
            and not set(themes) & set(ctx.model.themes)
        ):
            yield Finding(
                page.display,
                1,
                1,
                "site-orphan",
                "Geen enkele pagina linkt naar deze pagina en ze staat in "
                "geen enkele lijst. Geef de pagina minstens één geldig thema (tags), of link ernaar vanaf "
                "een verwante pagina.",
            )
        yield from _review_due(page, ctx)


def _review_due(page: Page, ctx: Context) -> Iterator[Finding]:
    key = "reviewed" if as_date(page.meta.get("reviewed")) else "date"
    when = as_date(page.meta.get(key))
    if when is None or when > ctx.today or (ctx.today - when).days <= ctx.model.review_period_days:
        return
    line, column = page.positions.of(key)
    yield Finding(
        page.display,
        line,
        column,
        "site-review-due",
        f"De pagina is {(ctx.today - when).days} dagen "
        f"geleden voor het laatst gecontroleerd ({when.isoformat()}); dat moet elke "
        f"{ctx.model.review_period_days} dagen. Lees de pagina na, werk hem bij en zet de datum van vandaag "
        "in het veld reviewed.",
    )
