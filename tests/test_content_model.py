"""Every content page follows the content model declared once in mkdocs.yml; the model itself is complete."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT, ContentModel, load_model, read_config
from smartcity.pages import ContentPage, content_files
from smartcity.text import slugify

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


def test_model_has_the_themes_and_cities_the_source_needs(model: ContentModel) -> None:
    assert set(model.themes) >= SIX_QUESTIONS_AND_LESSONS
    g5 = {"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven"}
    named_in_source = {"G5", "G32", "Digitale Steden Agenda", "Coöperatie Duurzaam Brabant"}
    assert g5 | named_in_source <= set(model.cities)
    assert set(model.types) == {"les", "interview", "meetup"}
    assert set(model.required_fields) == {"title", "description", "date", "type", "cities", "tags"}


def test_tags_allowed_comes_from_the_model_not_a_second_list() -> None:
    config = read_config()
    plugins = config["plugins"]
    allowed = [next(iter(p.values())).get("tags_allowed") for p in plugins if isinstance(p, dict)]
    model = config["extra"]["content_model"]
    assert model["themes"] in allowed and model["cities"] in allowed
    # the lists appear once in the file: as YAML anchors, referenced by alias
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("- Kennisdeling") == 1
    assert "tags_allowed: *themes" in text and "tags_allowed: *cities" in text


def test_there_are_content_pages_of_every_type(content_pages: list[ContentPage], model: ContentModel) -> None:
    assert {p.type for p in content_pages} == set(model.types)
    assert len(content_pages) == len(content_files(model)), "a content page could not be read"


@pytest.mark.parametrize("path", content_files(load_model()), ids=lambda p: p.name)
def test_content_page_follows_the_model(path, model: ContentModel) -> None:
    part = split(path.read_text(encoding="utf-8"))
    assert part.yaml_text is not None and part.closed
    meta = yaml.safe_load(part.yaml_text)
    assert set(model.required_fields) <= set(meta), "required field missing"
    assert set(meta) <= set(model.fields), "unknown field"
    assert isinstance(meta["title"], str) and meta["title"].strip()
    assert isinstance(meta["description"], str)
    assert 0 < len(meta["description"]) <= model.description_max_length
    assert isinstance(meta["date"], dt.date) and meta["date"] <= dt.date.today()
    assert model.types[meta["type"]].folder == path.parent.name
    assert meta["cities"] and set(meta["cities"]) <= set(model.cities)
    assert meta["tags"] and set(meta["tags"]) <= set(model.themes)
    assert len(set(meta["tags"])) == len(meta["tags"]) and len(set(meta["cities"])) == len(meta["cities"])
    for person in meta.get("people", []):
        assert isinstance(person, str) and person.strip()
    source = meta.get("source")
    if source is not None:
        assert isinstance(source.get("title"), str)
        assert "url" not in source or source["url"].startswith("https://")
    if "reviewed" in meta:
        assert isinstance(meta["reviewed"], dt.date) and meta["reviewed"] <= dt.date.today()


def test_every_theme_and_city_has_its_page(model: ContentModel) -> None:
    for theme in model.themes:
        page = model.docs_dir / "themas" / f"{slugify(theme)}.md"
        assert page.exists(), theme
        assert re.search(rf'^\s+theme: "?{re.escape(theme)}"?$', page.read_text(encoding="utf-8"), re.M), theme
    for city in model.cities:
        page = model.docs_dir / "steden" / f"{slugify(city)}.md"
        assert page.exists(), city
        assert re.search(rf'^\s+city: "?{re.escape(city)}"?$', page.read_text(encoding="utf-8"), re.M), city
