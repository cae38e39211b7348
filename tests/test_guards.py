"""Bounded work on pathological Markdown (smartcity.guards, the checker's scans): refused with a Dutch message and
the line before Python-Markdown sees it, in seconds, up to the 2 MB page cap; ordinary pages pass."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sitekit
from smartcity import frontmatter, guards, rules
from smartcity.checker import markdown_scan

ROOT = Path(__file__).resolve().parents[1]
CAP = 2 * 1024 * 1024 - 4096  # the checker's and hook's page cap, less room for the front matter

PATHOLOGICAL = {
    "brackets": lambda size: "[" * size,
    "bracket-words": lambda size: "[a " * (size // 3),
    "comments": lambda size: "<!--" * (size // 4),
    "tags": lambda size: "<a " * (size // 3),
    "emphasis": lambda size: "*_" * (size // 2),
    "quotes": lambda size: ("> " * 40 + "x\n") * (size // 83),
    "lists": lambda size: "".join("    " * (level % 40) + "- x\n" for level in range(size // 100)),
    "paragraphs of brackets": lambda size: ("[" * 50 + "\n\n") * (size // 52),
}


@pytest.mark.parametrize("kind", sorted(PATHOLOGICAL))
def test_the_guard_refuses_pathological_bodies_quickly(kind: str) -> None:
    body = "# Kop\n\nGewone tekst.\n\n" + PATHOLOGICAL[kind](CAP)
    started = time.perf_counter()
    finding = guards.too_complex(body, 12)
    assert time.perf_counter() - started < 5  # measured 0.1-0.6 s on a busy 2-core machine
    assert finding is not None
    assert finding.rule == "md-too-complex"
    assert finding.line >= 16  # the line of the trouble, not the page's first line
    assert "regel" in finding.message  # Dutch, and it points at the line


@pytest.mark.parametrize("kind", sorted(set(PATHOLOGICAL) - {"quotes", "lists"}))
def test_a_small_dose_is_fine(kind: str) -> None:
    assert guards.too_complex(PATHOLOGICAL[kind](300)) is None


def test_nesting_up_to_the_limit_is_fine() -> None:
    quotes = "> " * guards.MAX_NESTING + "x\n"
    lists = "".join("    " * level + "- x\n" for level in range(guards.MAX_NESTING + 1))
    assert guards.too_complex(quotes) is None
    assert guards.too_complex(lists) is None
    assert guards.too_complex("> " * (guards.MAX_NESTING + 1) + "x\n") is not None


def test_the_sites_own_pages_pass() -> None:
    for path in sorted((ROOT / "docs").rglob("*.md")):
        part = frontmatter.split(path.read_text(encoding="utf-8"))
        assert guards.too_complex(part.body, part.body_line) is None, path


def test_a_long_ordinary_page_passes() -> None:
    paragraph = "Een zin met een [link](../lessen/x.md), *nadruk* en `code`. " * 8
    body = "\n\n".join(f"## Kop {number}\n\n{paragraph}" for number in range(300))  # 150 KB, 300 sections
    assert guards.too_complex(body) is None


def test_code_is_not_counted() -> None:
    body = "```html\n" + "<p>voorbeeld</p>\n" * 5000 + "```\n"
    assert guards.too_complex(body) is None


def test_comment_masking_is_linear() -> None:
    body = "<!--" * (CAP // 4)
    started = time.perf_counter()
    masked = markdown_scan.mask(body)
    assert time.perf_counter() - started < 5  # the regex it replaced: 44 s at 160 KB
    assert masked == body  # nothing closes, so nothing is a comment
    assert markdown_scan.mask("a <!-- b --> c <!-- d") == "a " + " " * len("<!-- b -->") + " c <!-- d"


def test_link_scan_is_linear_on_a_bracket_flood() -> None:
    started = time.perf_counter()
    markdown_scan.markdown_links("[" * CAP)
    markdown_scan.markdown_links("[a](" * (CAP // 4))
    assert time.perf_counter() - started < 10


@pytest.fixture(scope="module")
def pathological_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pathological")
    pages = {}
    for number, kind in enumerate(sorted(PATHOLOGICAL)):
        body = "# Zwaar\n\n" + PATHOLOGICAL[kind](CAP)
        pages[f"lessen/zwaar-{number}.md"] = sitekit.page_text(title=f"Zwaar {number}", body=body)
    return sitekit.make_project(root, pages)


def test_the_checker_refuses_every_pathological_page_in_seconds(pathological_project: Path) -> None:
    started = time.perf_counter()
    done = sitekit.check(pathological_project, "--format", "json")
    seconds = time.perf_counter() - started
    assert seconds < 60, seconds  # 8 pages of 2 MB; measured about 10 s on a busy 2-core machine
    assert done.returncode == 1
    for number in range(len(PATHOLOGICAL)):
        assert f'"docs/lessen/zwaar-{number}.md"' in done.stdout or f"zwaar-{number}.md" in done.stdout
    assert done.stdout.count('"md-too-complex"') == len(PATHOLOGICAL)


def test_the_build_refuses_every_pathological_page_in_seconds(pathological_project: Path) -> None:
    started = time.perf_counter()
    done = sitekit.build(pathological_project)
    seconds = time.perf_counter() - started
    assert seconds < 120, seconds  # measured about 20 s on a busy 2-core machine (a fixture build alone: 5-10 s)
    assert done.returncode != 0
    for number in range(len(PATHOLOGICAL)):
        assert any(f"zwaar-{number}.md:" in line and "md-too-complex" in line for line in done.stderr.splitlines())


def _bodies_near_the_limits() -> list[str]:
    """Bodies just below, at and just above each limit, of each pathological kind, and the hostile corpus' pages."""
    bodies = [PATHOLOGICAL[kind](size) for kind in PATHOLOGICAL for size in (300, 3_000, 30_000, 300_000)]
    bodies += ["> " * depth + "x\n" for depth in range(guards.MAX_NESTING - 1, guards.MAX_NESTING + 3)]
    bodies += ["\t" * depth + "- x\n" for depth in range(guards.MAX_NESTING - 1, guards.MAX_NESTING + 3)]
    bodies += ["<a>" * count for count in (guards.MAX_TAGS, guards.MAX_TAGS + 1)]
    bodies += ["*" * count for count in (guards.MAX_INLINE_STARTS, guards.MAX_INLINE_STARTS + 1)]
    for path in sorted((ROOT / "tests" / "hostile").rglob("*.md")):
        bodies.append(frontmatter.split(path.read_text(encoding="utf-8", errors="replace")).body)
    return bodies


def test_the_quick_pre_check_never_changes_the_verdict() -> None:
    """``too_complex`` skips its scan when counts over the whole body show no limit can be passed: the scan
    must then find nothing, and the verdict is the scan's in every case."""
    for body in _bodies_near_the_limits():
        scanned = guards._scan(body, 1)
        if scanned is not None:
            assert guards._could_be_too_complex(body), body[:80]
        verdict = guards.too_complex(body)
        assert (verdict is None) == (scanned is None), body[:80]
        if verdict is not None and scanned is not None:
            assert (verdict.line, verdict.message) == (
                scanned.line,
                rules.message(scanned.message, limit=guards.MAX_NESTING, starts=guards.MAX_INLINE_STARTS),
            ), body[:80]
