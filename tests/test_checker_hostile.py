"""Hostile files never crash the checker: random bytes, YAML-ish and Markdown-ish text, bombs and loops."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from checker_fixtures.site import findings, make_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from smartcity import rules as registry

_BASE = Path(tempfile.mkdtemp(prefix="checker-hostile-"))
_SITE = make_site(_BASE / "site")
_PAGE = _SITE / "docs" / "lessen" / "vijandig.md"

YAMLISH = st.lists(
    st.sampled_from(
        [
            "title: x",
            "tags:",
            "  - Open data",
            "- a",
            "date: 2024-02-30",
            "&a [*a]",
            "*b",
            "? x",
            ": y",
            "{",
            "[",
            "]",
            "}",
            '"',
            "'",
            "\t",
            "key: !!python/object/apply:os.system ['true']",
            "!!binary xx",
            "<<: *a",
            "cities: [Utrecht, Utrecht]",
            "source: {url: javascript:x}",
            "date: 9999-99-99",
            "listing: {theme: ?}",
        ]
    ),
    max_size=12,
).map("\n".join)
MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "# Kop",
            "## Kop {#id}",
            "[a](b.md)",
            "[a][b]",
            "[b]: ",
            "![x](http://x/y.png)",
            "<img src=x onerror=y>",
            "```",
            "~~~",
            "    code",
            "`",
            "<!--",
            "-->",
            "<a href='#x'>",
            "[^1]",
            "[x](#)",
            "[x](../../../a)",
            "<",
            ">",
            "---",
            "===",
            "!!! note",
            "- [ ] taak",
            "<script>",
            "[x](<a b>)",
            "](",
            "[[[",
            "\\",
            "é",
            "\r",
        ]
    ),
    max_size=30,
).map("\n".join)


def _check_page(data: bytes) -> None:
    _PAGE.write_bytes(data)
    status, found = findings(_SITE)
    assert status in (0, 1)
    for finding in found:
        assert finding["rule"] in registry.RULES
        assert finding["line"] >= 1 and finding["column"] >= 1
        assert finding["path"].startswith("docs/")
        assert finding["severity"] == registry.RULES[finding["rule"]].severity


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _check_page(data)


@FAST
@given(YAMLISH, MARKDOWNISH)
def test_yamlish_front_matter(front: str, body: str) -> None:
    _check_page(f"---\n{front}\n---\n{body}\n".encode())


@FAST
@given(st.text(max_size=1500))
def test_random_text(text: str) -> None:
    _check_page(text.encode("utf-8", "surrogatepass"))


BOMB = (
    "---\n"
    + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    + "title: bom\n---\n"
)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (BOMB, "fm-yaml"),
        ("---\nx: " + "[" * 50_000 + "\n---\n", "fm-yaml"),
        ("---\nx: " + "[" * 100 + "]" * 100 + "\n---\n", "fm-yaml"),
        ("---\n" + "k: v\n" * 20_000 + "---\n", "fm-yaml"),
        ("---\ntitle: !!python/object/apply:os.system [echo hacked]\n---\n", "fm-yaml"),
        ("---\n!!python/object/apply:os.system [echo hacked]\n---\n", "fm-not-mapping"),
        ("---\n- 2024-02-30\n---\n", "fm-not-mapping"),
    ],
)
def test_yaml_bombs(tmp_path: Path, text: str, rule: str) -> None:
    root = make_site(tmp_path, {"lessen/bom.md": text})
    status, found = findings(root)
    assert status == 1
    assert rule in {f["rule"] for f in found}


def teardown_module() -> None:
    shutil.rmtree(_BASE, ignore_errors=True)
