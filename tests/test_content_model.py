"""The content model is declared once (mkdocs.yml) and every page, theme and place follows it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, content_files
from smartcity.model import ContentModel, load_model
from smartcity.pages import facet_src, page_url
from smartcity.validate import check_text

SIX_QUESTIONS_AND_LESSONS = {
    "Cultuur en organisatie",
    "Innoveren en wendbaar blijven",
    "Nieuwe coalities",
    "Aanbesteden",
    "Pilots en opschalen",
    "Open data",
    "De bewoner centraal",
    "Je kunt het niet alleen",
    "Kennisdeling",
}


def test_model_has_the_themes_types_and_fields_the_source_needs(model: ContentModel) -> None:
    assert set(model.themes) >= SIX_QUESTIONS_AND_LESSONS
    assert set(model.types) == {"les", "interview", "meetup"}
    assert set(model.required_fields) == {"title", "description", "date", "type", "cities", "tags"}


def test_no_theme_or_place_is_listed_twice_in_the_repository(model: ContentModel) -> None:
    """The lists stand once, in mkdocs.yml; no code, template or workflow repeats them (tests may use values).

    One exception: the issue form for proposing a lesson (GitHub issue forms cannot read mkdocs.yml); its options
    are held equal to the model by tests/test_proposal.py.
    """
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    suffixes = (".py", ".html", ".yml", ".yaml", ".js")
    code = [ROOT / f for f in tracked if f.endswith(suffixes) and not f.startswith("tests/") and (ROOT / f).is_file()]
    for value in ("Kennisdeling", "Coöperatie Duurzaam Brabant"):
        holders = [p.relative_to(ROOT).as_posix() for p in code if f"- {value}" in p.read_text(encoding="utf-8")]
        assert [h for h in holders if h != ".github/ISSUE_TEMPLATE/les-voorstellen.yml"] == ["mkdocs.yml"], value


@pytest.mark.parametrize("path", content_files(load_model()), ids=lambda p: p.name)
def test_content_page_passes_the_validator(path: Path, model: ContentModel) -> None:
    src = path.relative_to(model.docs_dir).as_posix()
    values, problems = check_text(path.read_text(encoding="utf-8"), src, model, dt.date.today())
    assert problems == []
    assert values["title"]


def test_every_theme_and_place_has_its_page_in_the_built_site(built_site: Path, model: ContentModel) -> None:
    for kind, values in (("theme", model.themes), ("city", model.cities)):
        for value in values:
            html = (built_site / page_url(facet_src(kind, value, model)) / "index.html").read_text(encoding="utf-8")
            assert f">{value}<" in html.replace("&amp;", "&"), value
