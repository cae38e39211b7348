"""The pull-request job summary (scripts/pr_summary.py): changed pages, their place in the built site, Dutch help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown
import pr_summary
import pytest
from smartcity.model import REPO_ROOT, load_model

URL = "https://github.invalid/eigenaar/repo/actions/runs/1/artifacts/2"


def test_docs_prefix_is_the_configured_docs_dir() -> None:
    assert load_model().docs_dir == REPO_ROOT / pr_summary.DOCS


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("docs/index.md", "index.html"),
        ("docs/lessen/index.md", "lessen/index.html"),
        ("docs/lessen/de-knop-moet-om.md", "lessen/de-knop-moet-om/index.html"),
        ("docs/assets/logo.svg", "assets/logo.svg"),
    ],
)
def test_site_path_follows_the_url_rule(src: str, expected: str) -> None:
    assert pr_summary.site_path(src) == expected


def test_every_page_in_docs_lands_where_the_summary_says(built_site: Path) -> None:
    docs = load_model().docs_dir
    sources = [f"{pr_summary.DOCS}{p.relative_to(docs).as_posix()}" for p in sorted(docs.rglob("*.md"))]
    assert sources
    missing = [src for src in sources if not (built_site / pr_summary.site_path(src)).is_file()]
    assert missing == []


def test_summary_with_a_built_site_lists_pages_and_explains_how_to_open_them() -> None:
    text = pr_summary.summary(
        ["docs/lessen/de-knop-moet-om.md", "docs/index.md", "docs/lessen/de-knop-moet-om.md", "mkdocs.yml"], URL
    )
    assert f"[downloaden]({URL})" in text
    assert text.count("- `docs/lessen/de-knop-moet-om.md` → `lessen/de-knop-moet-om/index.html`") == 1
    assert "- `docs/index.md` → `index.html`" in text
    assert "Ook buiten `docs/` is 1 bestand gewijzigd" in text
    assert "pak het zip-bestand uit" in text
    assert "`python -m http.server 8000`" in text
    assert "`http://localhost:8000/`" in text  # the first page in sorted order is docs/index.md
    assert "Er is geen voorbeeld" not in text


def test_summary_without_a_site_says_why_and_where_the_messages_are() -> None:
    text = pr_summary.summary(["docs/lessen/nieuw.md"], "")
    assert "Er is geen voorbeeld" in text
    assert "Files changed" in text
    assert "- `docs/lessen/nieuw.md` → `lessen/nieuw/index.html`" in text
    assert "Zo bekijk je de site" not in text
    assert "downloaden" not in text


def test_summary_without_pages_says_so() -> None:
    text = pr_summary.summary(["README.md", "scripts/check_content.py", "docs/assets/logo.svg"], URL)
    assert "Geen pagina's in `docs/` gewijzigd." in text
    assert "### Andere gewijzigde bestanden in `docs/`" in text
    assert "- `docs/assets/logo.svg` → `assets/logo.svg`" in text
    assert "zijn 2 bestanden gewijzigd" in text
    assert "bijvoorbeeld `index.html`" in text


@pytest.mark.parametrize(
    "name",
    ["docs/gewoon.md", "docs/`tik`.md", "docs/``dubbel``.md", "docs/<script>alert(1)</script>.md", "docs/[x](y).md"],
)
def test_a_file_name_is_always_one_inert_code_span(name: str) -> None:
    html = markdown.markdown(pr_summary.code(name))
    assert html.count("<code>") == 1
    assert "<script" not in html
    assert html.removeprefix("<p><code>").removesuffix("</code></p>").strip() == (
        name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )


def test_control_characters_in_a_file_name_cannot_break_the_markdown() -> None:
    assert "\n" not in pr_summary.code("docs/a\nb.md")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_changed_files_come_from_git_without_deleted_files(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    for name in ("docs/blijft.md", "docs/weg.md", "docs/oud.md", "docs/anders.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"# {name}\n\nTekst die lang genoeg is om een hernoeming te herkennen.\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "basis")
    (tmp_path / "docs/anders.md").write_text("# anders\n")
    (tmp_path / "docs/nieuw.md").write_text("# nieuw\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    git(tmp_path, "rm", "--quiet", "docs/weg.md")
    git(tmp_path, "mv", "docs/oud.md", "docs/hernoemd.md")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "pull request")
    assert sorted(pr_summary.changed_files("HEAD^1", tmp_path)) == [
        "docs/anders.md",
        "docs/hernoemd.md",
        "docs/nieuw.md",
        "mkdocs.yml",
    ]


def test_the_script_prints_the_summary(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "pr_summary.py"), "docs/lessen/a.md", "--artifact-url", URL],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Voorbeeld van de site\n")
    assert "`lessen/a/index.html`" in result.stdout
