"""The command line: output formats, exit codes, file arguments, and that the real site passes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checker_fixtures.site import REPO, content, findings, make_site, run

BROKEN = {
    "lessen/x.md": content("# T\n\n[kapot](weg.md) en [oud](http://example.org)\n", tags="tags:\n  - Opendata"),
}


def test_text_format_lines_and_summary(tmp_path: Path) -> None:
    root = make_site(tmp_path, BROKEN)
    status, out, _ = run(root)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith('docs/lessen/x.md:9:5: fm-tag Het thema "Opendata" staat niet in de lijst')
    assert lines[1].startswith('docs/lessen/x.md:14:9: link-missing De link "weg.md"')
    assert lines[2].startswith('docs/lessen/x.md:14:26: link-http De link "http://example.org"')
    assert lines[-2] == "2 fouten, 1 waarschuwing in 5 pagina's"
    assert lines[-1].startswith("Volgende stap: los de fouten op") and lines[-1].endswith("make check")
    assert "\033[" not in out  # no colour when not on a terminal


def test_github_format(tmp_path: Path) -> None:
    root = make_site(tmp_path, BROKEN)
    status, out, err = run(root, "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert re.fullmatch(r"::error file=docs/lessen/x\.md,line=9,col=5,title=fm-tag::Het thema .*", lines[0])
    assert lines[2].startswith("::warning file=docs/lessen/x.md,line=14,col=26,title=link-http::")
    assert "2 fouten" in err


def test_json_format_shape(tmp_path: Path) -> None:
    root = make_site(tmp_path, BROKEN)
    status, out, _ = run(root, "--format", "json")
    data = json.loads(out)
    assert status == 1
    assert [set(item) for item in data] == [{"path", "line", "column", "rule", "severity", "message"}] * 3
    assert [(d["rule"], d["severity"], d["line"], d["column"]) for d in data] == [
        ("fm-tag", "error", 9, 5),
        ("link-missing", "error", 14, 9),
        ("link-http", "warning", 14, 26),
    ]


def test_warnings_only_exit_zero(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"lessen/x.md": content("# T\n\n[oud](http://example.org)\n")})
    status, found = findings(root)
    assert status == 0 and [f["rule"] for f in found] == ["link-http"]


def test_usage_and_config_errors_exit_two(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    assert run(root, "--format", "xml")[0] == 2
    assert run(root, "--today", "gisteren")[0] == 2
    assert run(root, str(tmp_path / "docs" / "bestaat-niet.md"))[0] == 2
    assert run(root, str(REPO / "README.md"))[0] == 2
    (tmp_path / "kapot.yml").write_text("extra: {}\n", encoding="utf-8")
    status, out, err = run(root, "--config", str(tmp_path / "kapot.yml"))
    assert status == 2 and out == "" and "content_model" in err
    assert run(root, "--external", "--cache", str(tmp_path / "docs" / "cache.json"))[0] == 2


def test_only_given_files_but_links_resolve_site_wide(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "lessen/x.md": content("# T\n\n[b](basis.md#wat-we-leerden) [kapot](weg.md)\n"),
            "lessen/y.md": content("# T\n\n[kapot](weg.md)\n", title="title: Y"),
        },
    )
    status, found = findings(root, str(root / "docs" / "lessen" / "y.md"))
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [("docs/lessen/y.md", "link-missing")]
    _, out, _ = run(root, str(root / "docs" / "lessen" / "y.md"))
    assert out.splitlines()[-2] == "1 fout, 0 waarschuwingen in 1 pagina"


def test_never_writes_into_docs(tmp_path: Path) -> None:
    root = make_site(tmp_path, BROKEN)
    before = sorted((p, p.stat().st_mtime_ns) for p in (root / "docs").rglob("*"))
    run(root)
    assert sorted((p, p.stat().st_mtime_ns) for p in (root / "docs").rglob("*")) == before


@pytest.mark.live_content
def test_every_page_of_the_live_site_passes_the_checker() -> None:
    """The invariant every valid contribution keeps; a page that breaks it fails with the checker's own Dutch text.

    Warnings (a review that is due, an http link) never fail it: a page that was valid stays valid as time passes.
    """
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_content.py")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(done.stdout + done.stderr, pytrace=False)
    assert "Traceback" not in done.stderr


def test_a_large_site_is_checked_in_processes_with_the_same_findings(tmp_path: Path, monkeypatch) -> None:
    """Above PARALLEL_FROM pages a process pool checks the pages; the findings are exactly the serial ones.

    The threshold is lowered for the test: the pool's path is the same for 300 pages as for 3,000; a tenth of the time.
    """
    from smartcity.checker import engine

    monkeypatch.setattr(engine, "PARALLEL_FROM", 250)
    pages = {
        f"lessen/les-{n:04d}.md": content(
            f"# T\n\n[b](basis.md#wat-we-leerden) [k](weg-{n % 7}.md)\n", title=f"title: Les {n % 200}"
        )
        for n in range(engine.PARALLEL_FROM + 50)
    }
    root = make_site(tmp_path, pages)
    _, parallel = findings(root)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10**9)
    _, serial = findings(root)
    assert parallel == serial
    assert {f["rule"] for f in serial} == {"link-missing", "site-duplicate-title"}
