"""The fast paths of the checker give exactly what the general paths give: values, lines and columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from checker_fixtures.site import content, findings, make_site
from hypothesis import given, settings
from hypothesis import strategies as st
from smartcity.checker import engine, fmyaml, links, markdown_scan, simple_yaml, sources
from smartcity.checker.context import _read_config, build_context
from smartcity.checker.page import load_page, load_pages
from smartcity.checker.sources import markdown_files, markdown_rels
from smartcity.frontmatter import split
from smartcity.model import ModelError, load_model, read_config

FRONT_MATTERS = [
    "title: Tekst\ndate: 2024-03-14\ncities:\n  - Utrecht\n  - Utrecht\ntags: [Open data]\n",
    "n: 1\nf: 1.5\nb: yes\nz: ~\ne:\nt: 2024-01-01 10:00:00\nk: 0x1F\ninf: .inf\n",
    "source:\n  title: T\n  url: https://x\n  extra: 1\nlisting: {theme: Open data}\n",
    "dup: 1\ndup: 2\ntitle: a\n",
    "date: 2024-02-30\ntitle: x\n",
    "x: !!set {a, b}\ntitle: x\n",
    "key: !!python/object/apply:os.system ['true']\n",
    "1: een\ntrue: x\nd: {1: 2}\n",
    "s: !!str 12\nv: !!int 7\nbin: !!binary aGVsbG8=\n",
    "m:\n  <<: {a: 1}\n  b: 2\n",
    "l: [[1, [2]], {a: [b]}]\n",
    "".join(" " * i + f"k{i}:\n" for i in range(30)) + " " * 30 + "v\n",
]


def _general(text: str, first_line: int) -> dict[str, Any]:
    """The entries as the general path (``construct_document``, then key by key) builds them."""
    loader = fmyaml._Loader(text)
    try:
        root = loader.get_single_node()
        entries = fmyaml._entries(loader, root, first_line, aliases=True)
    finally:
        loader.dispose()
    return _summary(entries)


def _summary(entries: dict[str, fmyaml.Entry]) -> dict[str, Any]:
    return {
        key: (repr(e.value), type(e.value), e.line, e.column, e.node.start_mark.line, e.error)
        for key, e in entries.items()
    }


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_fast_front_matter_equals_general_path(text: str) -> None:
    parsed = fmyaml.parse(text, 2)
    assert parsed.error is None and parsed.is_mapping
    assert _summary(parsed.entries) == _general(text, 2)


def test_fast_path_builds_plain_values() -> None:
    parsed = fmyaml.parse("title: T\ndate: 2024-03-14\ntags:\n  - a\n  - b\nsource: {title: S}\n", 2)
    values = {key: entry.value for key, entry in parsed.entries.items()}
    assert values == {"title": "T", "date": dt.date(2024, 3, 14), "tags": ["a", "b"], "source": {"title": "S"}}
    assert [(e.line, e.column) for e in parsed.entries.values()] == [(2, 1), (3, 1), (4, 1), (7, 1)]


def test_resolved_tags_match_the_safe_loader() -> None:
    text = "a: 1\nb: 1.0\nc: yes\nd: ~\ne: 2024-01-01\nf: text\ng: ''\nh: [1, x]\n"
    assert yaml.load(text, Loader=fmyaml._Loader) == yaml.safe_load(text)
    assert yaml.load(text, Loader=fmyaml._Loader) == yaml.safe_load(text)  # again, from the remembered tags


def test_yaml_error_keeps_its_line_and_column(tmp_path: Path) -> None:
    page = "---\ntitle: Goed\ndescription: Een: twee\n---\n\n# Kop\n"
    root = make_site(tmp_path, {"lessen/fout.md": page})
    _status, found = findings(root)
    mine = [(f["rule"], f["line"], f["column"]) for f in found if f["path"] == "docs/lessen/fout.md"]
    assert mine == [("fm-yaml", 3, 17)]


def test_field_findings_keep_their_positions(tmp_path: Path) -> None:
    page = content(cities="cities:\n  - Utrecht\n  - Nergens\n  - Utrecht", date="date: 2024-02-30")
    root = make_site(tmp_path, {"lessen/velden.md": page})
    _status, found = findings(root)
    mine = sorted((f["rule"], f["line"], f["column"]) for f in found if f["path"] == "docs/lessen/velden.md")
    assert mine == [("fm-city", 8, 5), ("fm-date", 4, 1), ("fm-duplicate", 9, 5)]


@pytest.mark.parametrize(
    "body",
    ["a `b` c", "``a`b``", "`open", "x ``` y", "a\n\n`b\n\nc`", "`a`\t`b`", "    code\n`x`", "<!-- `a` -->`b`"],
)
def test_code_spans_blanked_as_before(body: str) -> None:
    masked = markdown_scan.mask(body)
    expected = markdown_scan._mask_blocks(body)
    if "<!--" in expected:
        expected = markdown_scan._COMMENT.sub(lambda m: markdown_scan.blank(m.group(0)), expected)
    expected = markdown_scan._CODE_SPAN.sub(lambda m: markdown_scan.blank(m.group(0)), expected)
    assert masked == expected and len(masked) == len(body)


def test_page_list_as_before(tmp_path: Path) -> None:
    names = ["a-c.md", "a/b.md", "a/B.md", "Z.md", "a/.verborgen.md", ".map/x.md", "b/c/d.md", "b.md"]
    root = make_site(tmp_path, {name: "# x\n" for name in names})
    ctx = build_context(root / "mkdocs.yml", None, dt.date(2025, 1, 1))
    expected = [load_page(path, ctx) for path in markdown_files(ctx.docs_dir)]
    pages = load_pages(markdown_rels(ctx.docs_dir), ctx)
    assert [(p.path, p.rel, p.display) for p in pages] == [(p.path, p.rel, p.display) for p in expected]


def test_parallel_run_equals_serial_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        f"lessen/les-{i}.md": content(body=f"# Les {i}\n\n[volgende](les-{i + 1}.md#les-{i + 1})\n") for i in range(60)
    }
    root = make_site(tmp_path, files)
    serial = findings(root)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 3)
    assert findings(root) == serial
    assert {f["rule"] for f in serial[1]} >= {"link-missing", "site-duplicate-title"}


def test_config_read_once_as_before(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    config_path = (root / "mkdocs.yml").resolve()
    config, model = _read_config(config_path)
    assert config == read_config(config_path)
    assert model == load_model(config_path)


def test_broken_config_keeps_its_message(tmp_path: Path) -> None:
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: x\nextra: [\n", encoding="utf-8")
    with pytest.raises(ModelError) as expected:
        read_config(broken)
    with pytest.raises(ModelError) as found:
        _read_config(broken)
    assert str(found.value) == str(expected.value)


PLAIN_FRONT_MATTER_PROBLEMS = {
    "lessen/steden.md": content(
        cities="cities:\n  - Utrecht\n  - Nergens\n  - Utrecht", tags="tags: [Open data, Geen]"
    ),
    "lessen/bron.md": content(extra="source:\n  title: Bron\n  url: http://example.org\n  auteur: X"),
    "lessen/lege-url.md": content(extra="source:\n  title: Bron\n  url: ''"),
    "lessen/mensen.md": content(extra="people:\n- Anne\n- 'Anne'\n# opmerking\nreviewed: 2999-01-01"),
    "lessen/types.md": content(type="type: interview", title="title: [Een, lijst]", extra="kleur: blauw"),
    "themas/fout.md": "---\ntitle: Fout\nlisting:\n  thema: Open data\n---\n\n# Fout\n",
    "steden/fout.md": "---\ntitle: Fout stad\nlisting:\n  city: Nergenshuizen\n---\n\n# Fout stad\n",
}


def test_plain_front_matter_findings_equal_the_libyaml_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read by ``simple_yaml`` (positions composed on demand) get the findings libyaml's path gives."""
    root = make_site(tmp_path, PLAIN_FRONT_MATTER_PROBLEMS)
    fast = findings(root)
    assert all(simple_yaml.read(split(text).yaml_text or "") for text in PLAIN_FRONT_MATTER_PROBLEMS.values())
    monkeypatch.setattr(simple_yaml, "read", lambda text: None)
    assert findings(root) == fast
    rules = {(f["path"].removeprefix("docs/"), f["rule"]) for f in fast[1]}
    assert rules >= {
        ("lessen/steden.md", "fm-city"),
        ("lessen/steden.md", "fm-tag"),
        ("lessen/steden.md", "fm-duplicate"),
        ("lessen/bron.md", "fm-source-url"),
        ("lessen/bron.md", "fm-unknown-key"),
        ("lessen/lege-url.md", "fm-source-url"),
        ("lessen/mensen.md", "fm-duplicate"),
        ("lessen/mensen.md", "fm-future-date"),
        ("lessen/types.md", "fm-type-folder"),
        ("lessen/types.md", "fm-field-type"),
        ("lessen/types.md", "fm-unknown-key"),
        ("themas/fout.md", "fm-listing"),
        ("steden/fout.md", "fm-listing"),
    }


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab/.#?:%20 \t\n\r\x00\x1féA-_")), max_size=12))
def test_url_split_as_urllib(url: str) -> None:
    parts = urlsplit(url)
    assert links.path_and_anchor(url) == (unquote(parts.path), unquote(parts.fragment))


def test_oversized_page_read_no_further_than_needed(tmp_path: Path) -> None:
    big = tmp_path / "groot.md"
    big.write_bytes(b"a" * (sources.MAX_BYTES + 1))
    exact = tmp_path / "precies.md"
    exact.write_bytes(b"a" * sources.MAX_BYTES)
    assert sources.read_text(big).rule == "file-too-large"
    assert sources.read_text(exact).text == "a" * sources.MAX_BYTES


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_read_only_up_to_the_limit(tmp_path: Path) -> None:
    endless = tmp_path / "eindeloos.md"
    endless.symlink_to("/dev/zero")
    assert sources.read_text(endless).rule == "file-too-large"
