"""The pull-request job summary (scripts/pr_summary.py): changed pages, their place in the built site, Dutch help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import markdown
import pr_summary
import pytest
import sitekit
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


def test_every_file_in_docs_lands_where_the_summary_says(tmp_path: Path) -> None:
    """On a fixture project with every kind of file: index pages, content pages, a page in a subfolder, a picture."""
    pages = {
        "lessen/een-les.md": sitekit.page_text(),
        "interviews/een-gesprek.md": sitekit.page_text("interview", "Een gesprek"),
        "hulp/index.md": "---\ntitle: Hulp\ndescription: Hulp bij de site.\n---\n\n# Hulp\n",
    }
    nav = [*sitekit.NAV, {"Hulp": ["hulp/index.md"]}]
    config = sitekit.make_project(tmp_path, pages, extra_config={"nav": nav})
    sitekit.write_file(tmp_path, "assets/foto.png", sitekit.png_picture())
    built = sitekit.build(config)
    assert built.returncode == 0, built.stderr
    docs = tmp_path / "docs"
    sources = [f"{pr_summary.DOCS}{p.relative_to(docs).as_posix()}" for p in sorted(docs.rglob("*")) if p.is_file()]
    assert len(sources) == len(sitekit.BASE_PAGES) + len(pages) + 1
    site = sitekit.site_dir(config)
    missing = [src for src in sources if not (site / pr_summary.site_path(src)).is_file()]
    assert missing == []


def test_summary_with_a_built_site_lists_pages_and_explains_how_to_open_them() -> None:
    text = pr_summary.summary(
        ["docs/lessen/de-knop-moet-om.md", "docs/index.md", "docs/lessen/de-knop-moet-om.md", "mkdocs.yml"], URL
    )
    assert f"[downloaden]({URL})" in text
    assert text.count("- `docs/lessen/de-knop-moet-om.md` → `lessen/de-knop-moet-om/index.html`") == 1
    assert "- `docs/index.md` → `index.html`" in text
    assert "### Gewijzigd buiten `docs/`" in text
    assert "- `mkdocs.yml`: de instellingen van de site (zoals de lijst met gemeenten en organisaties)" in text
    assert "bekijk daarom ook de startpagina, `index.html`" in text
    assert "pak het zip-bestand uit" in text
    assert "Dubbelklik" in text and "zoeken werkt alleen op de gepubliceerde site" in text
    assert "http.server" not in text and "localhost" not in text  # no server for an untrusted build (issue 19.10)
    assert "Er is geen voorbeeld" not in text


@pytest.mark.parametrize("outcome", ["failure", "skipped", "cancelled"])
def test_summary_when_the_build_did_not_succeed_builds_no_promises(outcome: str) -> None:
    """Nothing was built: no arrow to a page that does not exist, and every changed file still named."""
    built = pr_summary.summary(["docs/lessen/nieuw.md", "docs/assets/foto.png", "mkdocs.yml"], "", outcome == "success")
    assert "Er is geen voorbeeld: de controle of de build vond fouten, dus de site is niet gebouwd." in built
    assert "Files changed" in built
    assert "- `docs/lessen/nieuw.md`\n" in built
    assert "- `docs/assets/foto.png`\n" in built
    assert "→" not in built
    assert "index.html" not in built
    assert "- `mkdocs.yml`: de instellingen van de site" in built
    assert "Zo bekijkt u de site" not in built
    assert "downloaden" not in built


def test_the_build_outcome_comes_from_the_workflow(tmp_path: Path) -> None:
    script = [sys.executable, str(REPO_ROOT / "scripts" / "pr_summary.py"), "docs/lessen/a.md", "README.md"]
    failed = subprocess.run([*script, "--build", "failure"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert "niet gebouwd" in failed.stdout
    assert "→" not in failed.stdout
    assert "- `README.md`" in failed.stdout
    done = subprocess.run(
        [*script, "--build", "success", "--artifact-url", URL], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert "- `docs/lessen/a.md` → `lessen/a/index.html`" in done.stdout
    workflow = (REPO_ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    assert "id: gate" in workflow
    assert '--build "$BUILD_OUTCOME"' in workflow
    assert "BUILD_OUTCOME: ${{ steps.gate.outcome }}" in workflow  # built = built and passed the publish gate
    assert "ARTIFACT_URL: ${{ steps.preview.outputs.artifact-url }}" in workflow


def test_summary_built_without_an_artifact_says_so() -> None:
    text = pr_summary.summary(["docs/lessen/nieuw.md"], "", True)
    assert "De site is gebouwd, maar het artefact **voorbeeld** is niet bewaard" in text
    assert "- `docs/lessen/nieuw.md` → `lessen/nieuw/index.html`" in text
    assert "Zo bekijkt u de site" not in text


def test_summary_without_pages_says_so() -> None:
    text = pr_summary.summary(["README.md", "scripts/check_content.py", "docs/assets/logo.svg"], URL)
    assert "Geen pagina's in `docs/` gewijzigd." in text
    assert "### Andere gewijzigde bestanden in `docs/`" in text
    assert "- `docs/assets/logo.svg` → `assets/logo.svg`" in text
    assert "- `README.md`\n" in text
    assert "- `scripts/check_content.py`\n" in text
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
