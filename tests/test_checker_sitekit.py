"""The fixture kit itself (tests/sitekit.py): its projects build strictly and check clean, on the day the test says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sitekit
from smartcity.model import load_model


def test_a_fixture_project_builds_strictly_and_checks_clean(tmp_path: Path) -> None:
    pages = {
        "lessen/een-les.md": sitekit.page_text(),
        "interviews/een-gesprek.md": sitekit.page_text("interview", "Een gesprek", cities=["Den Haag"]),
        "meetups/een-meetup.md": sitekit.page_text("meetup", "Een meetup", tags=["Aanbesteden", "Kennisdeling"]),
    }
    config = sitekit.make_project(tmp_path, pages)
    model = load_model(config)
    assert model.themes == sitekit.THEMES
    assert model.cities == sitekit.CITIES
    assert model.docs_dir == tmp_path / "docs"
    checked = sitekit.check(config)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("0 fouten, 0 waarschuwingen in ")
    built = sitekit.build(config)
    assert built.returncode == 0, built.stderr
    site = sitekit.site_dir(config)
    assert (site / "lessen" / "een-les" / "index.html").is_file()
    assert (site / "steden" / "den-haag" / "index.html").is_file()  # made by the build from the fixture model
    # Only the fixture's pages: nothing of the live docs/ slipped in.
    live_lessons = {path.stem for path in (sitekit.ROOT / "docs" / "lessen").glob("*.md")} - {"index"}
    assert live_lessons
    assert not any((site / "lessen" / name).exists() for name in live_lessons)


def test_the_day_is_the_tests_choice(tmp_path: Path) -> None:
    """A page dated after the injected day is refused by checker and build alike; before it, accepted."""
    day = dt.date.fromisoformat(sitekit.TODAY)
    tomorrow = (day + dt.timedelta(days=1)).isoformat()
    config = sitekit.make_project(tmp_path, {"lessen/morgen.md": sitekit.page_text(date=tomorrow)})
    assert sitekit.check(config).returncode == 1
    assert "fm-future-date" in sitekit.build(config).stderr
    assert sitekit.check(config, today=tomorrow).returncode == 0
    assert sitekit.build(config, today=tomorrow).returncode == 0


def test_page_text_drops_and_replaces_fields() -> None:
    text = sitekit.page_text(description=None, cities=["Den Haag"], body="# Kop\n")
    assert "description:" not in text
    assert "cities:\n- Den Haag\n" in text
    assert text.endswith("---\n\n# Kop\n")
