"""Shared fixtures: the repository paths, the content model, and one strict build of the site per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sitekit
from smartcity import catalog, clock
from smartcity.model import ContentModel, load_model
from smartcity.pages import PageRecord, page_type_of

ROOT = Path(__file__).resolve().parents[1]


def mkdocs_build(
    config: Path, site_dir: Path, strict: bool = True, **env_vars: str
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` as a contributor would; returns the finished process.

    The site's environment variables (SITE_URL, REPO_URL, ...) are unset unless given in ``env_vars``.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for var in ("SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT"):
        env.pop(var, None)
    env.update(env_vars)
    return subprocess.run(
        sitekit.mkdocs_command(config, site_dir, strict),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def copy_project(dest: Path) -> Path:
    """Copy what the build needs (config, docs, overrides, scripts) into ``dest``; returns its mkdocs.yml."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest / "mkdocs.yml"


@pytest.fixture(scope="session")
def model() -> ContentModel:
    return load_model()


def content_files(model: ContentModel, docs: Path | None = None) -> list[Path]:
    """Every lesson, interview and meetup file under ``docs`` (default: the repository's)."""
    root = docs or model.docs_dir
    return sorted(p for p in root.rglob("*.md") if page_type_of(p.relative_to(root).as_posix(), model))


def read_records(model: ContentModel, docs: Path | None = None) -> list[PageRecord]:
    """The records of the valid lessons, interviews and meetups under ``docs``, read as the build reads them
    (``smartcity.catalog``, in the build's ``on_files``), newest first."""
    root = docs or model.docs_dir
    sources = [path.relative_to(root).as_posix() for path in content_files(model, root)]
    return catalog.read_catalog(root, sources, model, clock.today()).records


@pytest.fixture(scope="session")
def content_pages(model: ContentModel) -> list[PageRecord]:
    return read_records(model)


@pytest.fixture(scope="session")
def build_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    site = tmp_path_factory.mktemp("site")
    return mkdocs_build(ROOT / "mkdocs.yml", site), site


@pytest.fixture(scope="session")
def built_site(build_result: tuple[subprocess.CompletedProcess[str], Path]) -> Path:
    """The site built once per session from the repository, strictly; fails the test if the build fails."""
    result, site = build_result
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}")
    return site


# --- fixture sites shared by the tests of one setting -------------------------------------------------------------
# A full build costs seconds; tests that only look at what one environment variable changes share one build of a
# small fixture project (tests/sitekit.py) instead of building the live site again each.

REPO_URL = "https://git.example/gemeente/lessen"
FIXTURE_LESSON = "lessen/een-les.md"
FIXTURE_PAGES = {
    FIXTURE_LESSON: sitekit.page_text(),
    "bijdragen/index.md": (
        "---\ntitle: Bijdragen\ndescription: Zo deelt u een les.\n---\n\n# Bijdragen\n\n"
        "De handleiding staat in <!-- repo-file:CONTRIBUTING.md -->.\n"
    ),
}


def _fixture_site(root: Path, env: dict[str, str]) -> Path:
    config = sitekit.make_project(root, FIXTURE_PAGES)
    result = sitekit.build(config, env=env)
    if result.returncode != 0:
        pytest.fail(f"de fixture-site is niet gebouwd:\n{result.stderr}")
    return sitekit.site_dir(config)


@pytest.fixture(scope="session")
def repo_url_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture site built with ``REPO_URL`` set (EDIT_URI unset: its default), for the repository links."""
    return _fixture_site(tmp_path_factory.mktemp("repo-url-site"), {"REPO_URL": REPO_URL})


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same fixture site built with none of the site's variables set, as on a contributor's machine."""
    return _fixture_site(tmp_path_factory.mktemp("plain-site"), {})
