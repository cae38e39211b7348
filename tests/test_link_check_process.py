"""The build's link check in a second process (``links.BackgroundLinkCheck``): the same answer as in this process,
and a Dutch error instead of a hang or a crash when the second process fails."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sitekit
from smartcity.checker import links
from smartcity.checker.context import build_context
from smartcity.checker.page import Page

TODAY = dt.date(2030, 1, 15)
PAGES = {
    "lessen/kapotte-links.md": sitekit.page_text(
        title="Kapotte links",
        body="# Kapotte links\n\n[weg](bestaat-niet.md), [kop](../index.md#geen-kop) en [goed](../index.md).\n",
    ),
    "lessen/te-ingewikkeld.md": sitekit.page_text(title="Te ingewikkeld", body="# Te ingewikkeld\n\n" + "[" * 300_000),
}


def _project(tmp_path: Path) -> tuple[Path, Path]:
    config = sitekit.make_project(tmp_path, PAGES)
    return config, tmp_path / "docs"


def test_the_second_process_answers_as_this_process_does(tmp_path: Path) -> None:
    config, docs = _project(tmp_path)
    srcs = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
    answer = links.BackgroundLinkCheck(config, docs, TODAY, srcs).results()
    ctx = build_context(config, docs, TODAY)
    for src in srcs:
        if src == "lessen/te-ingewikkeld.md":
            assert src not in answer  # refused by the guard, as the checker refuses it, before any scan
            continue
        findings, _, anchors = links.check(Page(src, ctx))
        assert answer[src] == links.PageLinks(findings, anchors), src
    broken = answer["lessen/kapotte-links.md"]
    assert [finding.rule for finding in broken.findings] == ["link-missing"]
    assert [check.anchor for check in broken.anchors] == ["geen-kop"]


def test_a_failing_second_process_is_a_dutch_error(tmp_path: Path) -> None:
    check = links.BackgroundLinkCheck(tmp_path / "bestaat-niet.yml", tmp_path, TODAY, ["index.md"])
    with pytest.raises(links.LinkCheckError, match="De controle van de links kon niet worden afgemaakt"):
        check.results()


def test_a_second_process_that_takes_too_long_is_stopped(tmp_path: Path) -> None:
    config, docs = _project(tmp_path)
    check = links.BackgroundLinkCheck(config, docs, TODAY, ["index.md"])
    with pytest.raises(links.LinkCheckError, match="niet klaar"):
        check.results(timeout=0)
    assert check._process.poll() is not None  # killed, not left running
    assert not check._request.exists()
