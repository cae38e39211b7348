"""The rule of CONTRIBUTING.md ("wat de controle goedkeurt, blijft groen"), tested as a contributor meets it.

A copy of the repository (the files git knows, as a clone would have them) gets what the guide asks for: one line
for a new place in ``mkdocs.yml`` and a lesson dated two years ago, made with ``make new``'s flags. Then the checker and
the tests of the live content (``pytest -m live_content``) run on the copy, as a pull request's checks do, with
today's clock and with the clock five years ahead (``SOURCE_DATE_EPOCH``): both stay green, warnings such as
``site-review-due`` are allowed. A page with a mistake fails them with the checker's Dutch message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit
from smartcity import clock
from smartcity.model import REPO_ROOT, load_model

NEW_PLACE = "Zwolle"
# The tests of the live content, as the pull-request check runs them; this file itself is left out (it would copy
# the copy again).
LIVE_CONTENT_TESTS = (
    "-m",
    "pytest",
    "-m",
    "live_content",
    "-q",
    "-p",
    "no:cacheprovider",
    "--ignore",
    "tests/test_checker_contribution.py",
)


def copy_repository(target: Path) -> Path:
    """The files of the repository that git tracks or would track (not ignored), copied to ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        source = REPO_ROOT / rel
        if not source.is_file() or source.is_symlink():
            continue  # deleted in the working tree, or a link (none is tracked; the copy must not follow one)
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    return target


def add_place_line(config: Path, place: str) -> None:
    """Add ``place`` as CONTRIBUTING.md says: one line under the last place, indented like it (``      - Zwolle``)."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    places_key = next(i for i, line in enumerate(lines) if re.fullmatch(r" +cities:\n", line) and "- " in lines[i + 1])
    last = places_key + 1
    while last + 1 < len(lines) and lines[last + 1].lstrip().startswith("- "):
        last += 1
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- {place}\n")
    config.write_text("".join(lines), encoding="utf-8")


def live_content_files(copy: Path) -> list[str]:
    """The test files of the copy with tests of the live content (collecting only those saves importing the rest)."""
    files = sorted(
        path.relative_to(copy).as_posix()
        for path in (copy / "tests").rglob("test_*.py")
        if "live_content" in path.read_text(encoding="utf-8") and path.name != "test_checker_contribution.py"
    )
    assert "tests/test_checker_cli.py" in files
    return files


def run(copy: Path, today: dt.date, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the copy with its own ``smartcity`` first on the path, on the day ``today``."""
    env = sitekit.build_env(today.isoformat())
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "scripts"), str(copy / "tests")])
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [sys.executable, *command], cwd=copy, env=env, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="module")
def contribution(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dt.date]:
    """A copy of the repository with a new place and a two-year-old lesson, made the way the guide says."""
    copy = copy_repository(tmp_path_factory.mktemp("repository"))
    today = clock.today()
    add_place_line(copy / "mkdocs.yml", NEW_PLACE)
    two_years_ago = today - dt.timedelta(days=2 * 365 + 10)  # just past the review period: a warning at once
    theme = load_model(REPO_ROOT / "mkdocs.yml").themes[0]
    made = run(
        copy,
        today,
        "scripts/new_page.py",
        *("--type", "les", "--title", "Wat Zwolle leerde van open data"),
        *("--description", "Een proefles van een nieuwe gemeente."),
        *("--cities", NEW_PLACE, "--tags", theme, "--date", two_years_ago.isoformat()),
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Let op: De datum" in made.stdout  # the scaffolder says the page is due for review at once
    page = copy / "docs" / "lessen" / "wat-zwolle-leerde-van-open-data.md"
    fill_in_the_sections(page)
    return copy, today


def fill_in_the_sections(page: Path) -> None:
    """Write under every heading of the template, as the guide's next step asks the contributor, in the contributor's
    own voice: a quotation from the municipality's own source, another city, and "je". None of it is the editors'
    standard for pages about the source article, and none of it may turn a test red (tests/test_content_honesty.py)."""
    lines = []
    for line in page.read_text(encoding="utf-8").splitlines():
        lines.append(line)
        if line.startswith("## "):
            lines += ["", "Met Amsterdam deelden we: “Je leert het meest van elkaar.” Zo kun je verder bouwen."]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("years_ahead", [0, 5])
def test_a_valid_contribution_keeps_every_content_check_green(
    contribution: tuple[Path, dt.date], years_ahead: int
) -> None:
    copy, today = contribution
    day = today + dt.timedelta(days=round(years_ahead * 365.25))
    checked = run(copy, day, "scripts/check_content.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "site-review-due" in checked.stdout  # a warning, and it does not fail anything
    tested = run(copy, day, *LIVE_CONTENT_TESTS, *live_content_files(copy))
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]


def test_a_mistake_fails_with_the_checkers_dutch_message(contribution: tuple[Path, dt.date], tmp_path: Path) -> None:
    copy, today = contribution
    broken = copy_repository(tmp_path)
    shutil.copytree(copy / "docs", broken / "docs", dirs_exist_ok=True)
    shutil.copy2(copy / "mkdocs.yml", broken / "mkdocs.yml")
    page = broken / "docs" / "lessen" / "wat-zwolle-leerde-van-open-data.md"
    page.write_text(page.read_text(encoding="utf-8").replace("tags:\n  - ", "tags:\n  - Privacy\n  - ", 1), "utf-8")
    checked = run(broken, today, "scripts/check_content.py")
    assert checked.returncode == 1
    line = next(line for line in checked.stdout.splitlines() if " fm-tag " in line)
    assert line.startswith("docs/lessen/wat-zwolle-leerde-van-open-data.md:")
    assert 'Het thema "Privacy" staat niet in de lijst' in line
    tested = run(broken, today, *LIVE_CONTENT_TESTS, "tests/test_checker_cli.py")
    assert tested.returncode == 1
    assert line in tested.stdout  # the checker's own line, file and position included
    assert "AssertionError" not in tested.stdout
