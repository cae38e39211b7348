"""Front matter read as the site prints it (issue 19.4, 19.5): every key and value at any depth is looked at for
markup and control characters, the other pages' title and description are checked by type, and the feed and the
exports stay well-formed whatever a title holds."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
import sitekit
from smartcity import export, validate
from smartcity.model import parse_model
from smartcity.pages import PageRecord

MODEL = parse_model(sitekit.repository_config(), sitekit.ROOT)
TODAY = dt.date(2030, 1, 15)
LESSON = "lessen/x.md"
GOOD = {
    "title": "Een les",
    "description": "Eén zin.",
    "date": dt.date(2030, 1, 10),
    "type": "les",
    "cities": [MODEL.cities[0]],
    "tags": [MODEL.themes[0]],
}


def rules(meta: dict[str, object], src: str = LESSON) -> list[tuple[str, str | None, object]]:
    return [(p.rule, p.key, p.item) for p in validate.validate_page(meta, src, MODEL, TODAY)]


def test_a_good_page_has_no_problem() -> None:
    assert rules(GOOD) == []


@pytest.mark.parametrize(
    ("field", "value", "item"),
    [
        ("title", {"<img src=x onerror=alert(1)>": "x"}, "<img src=x onerror=alert(1)>"),
        ("source", {"title": "Bron", "<b>url</b>": "https://example.org"}, "<b>url</b>"),
        ("people", [{"<b>Naam</b>": "x"}], 0),
        ("people", [["<i>diep</i>"]], 0),
    ],
)
def test_markup_in_a_key_or_a_nested_value_is_refused(field: str, value: object, item: object) -> None:
    assert ("fm-markup", field, item) in rules({**GOOD, field: value})


@pytest.mark.parametrize("src", ["over/index.md", "index.md", "bijdragen/regels.md"])
def test_other_pages_have_typed_titles_and_descriptions(src: str) -> None:
    assert rules({"title": "Over", "description": "Tekst.", "hide": ["toc"]}, src) == []
    found = rules({"title": {"<b>x</b>": 1}, "description": ["a"], "hide": "toc", "template": 3}, src)
    assert ("fm-markup", "title", "<b>x</b>") in found
    assert ("fm-field-type", "title", None) in found
    assert ("fm-field-type", "description", None) in found
    assert ("fm-field-type", "template", None) in found
    assert ("fm-field-type", "hide", None) in found


@pytest.mark.parametrize(
    "text", ["Titel\x0b", "\x01", "a\x7fb", "c1\x85", "nul\x00", "cr\r", "\ufffe", "half \ud800", "esc\x1b[0m"]
)
def test_control_characters_are_refused(text: str) -> None:
    assert ("fm-control", "title", None) in rules({**GOOD, "title": text})
    assert ("fm-control", "people", 0) in rules({**GOOD, "people": [text]})
    assert ("fm-control", "source", "title") in rules({**GOOD, "source": {"title": text}})


def test_tab_newline_and_ordinary_unicode_are_fine() -> None:
    assert rules({**GOOD, "title": "Coöperatie\tmet tab", "description": "Regel één\nregel twee — €"}) == []


def test_control_characters_through_yaml_escapes_are_found_with_their_line() -> None:
    text = '---\ntitle: "Les\\x0b\\x01"\ndescription: x\n---\n\n# Les\n'
    _, problems = validate.check_text(text, "over/index.md", MODEL, TODAY)
    [problem] = [p for p in problems if p.rule == "fm-control"]
    assert "U+000B" in problem.message


def test_deeply_nested_lists_do_not_crash() -> None:
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    assert ("fm-field-type", "people", None) in [(r, k, None) for r, k, _ in rules({**GOOD, "people": deep})]


def _record(title: str) -> PageRecord:
    return PageRecord(
        src="lessen/x.md",
        title=title,
        date=dt.date(2030, 1, 10),
        description=f"Beschrijving {title}",
        type="les",
        cities=("Utrecht",),
        tags=("Open data",),
        people=(title,),
    )


def test_feed_and_exports_stay_well_formed_with_control_characters() -> None:
    title = "Stuur\x0b\x01teken \ud800 \ufffe\x85"
    rows = export.records([_record(title)])
    site = export.SiteInfo(name="Test", description="Test")
    feed = ET.fromstring(export.to_rss(rows, site))
    assert feed.find("channel/item/title").text == "Stuurteken  "
    assert json.loads(export.to_json(rows, site).encode("utf-8"))["pages"][0]["people"] == ["Stuurteken  "]
    export.to_csv(rows).encode("utf-8")  # a lone surrogate would not encode
