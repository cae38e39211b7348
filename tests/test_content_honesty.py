"""Every sentence stays faithful to the source: quotes verbatim and attributed as the source does, places with a basis.

The only source is ``sources/*.txt``. A quotation must stand there word for word;
a quote signed with a person's name must be one the source gives to that person;
an allowed place must be named by a source or have a page tagged with it; and
knowledge from outside the source (who the G5 and G32 are) stays on ``docs/over/``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT, load_model
from smartcity.text import fold, slugify

SOURCES = sorted((REPO_ROOT / "sources").glob("*.txt"))
DOCS = REPO_ROOT / "docs"
OVER = DOCS / "over"
# Curly quotes as the source uses them, and Dutch low-high quotes.
INLINE = re.compile(r"“([^”]+)”|‘([^’]+)’(?!\w)|„([^”]+)”")
# How the source names the speaker of a quote: “…”, aldus Brigitte  /  Brigitte: ‘…’
SAID_AFTER = re.compile(r"\s*,?\s*aldus (\w+)")
SAID_BEFORE = re.compile(r"(\w+):\s*$")
# Outside knowledge about places: allowed on docs/over/ only, where it is marked as such.
OUTSIDE_PHRASES = ("een van de G5", "vijf grote gemeenten", "middelgrote gemeenten")
# The G5 members the source never names; they may only appear in the marked outside knowledge on docs/over/.
UNNAMED_G5 = ("Amsterdam", "Rotterdam", "Eindhoven")


def normalise(text: str) -> str:
    return " ".join(text.split())


def comparable(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form, for finding a name in a text."""
    return normalise(fold(text)).casefold()


@cache
def source_text() -> str:
    return normalise("\n".join(p.read_text(encoding="utf-8") for p in SOURCES))


def quote_blocks(body: str) -> list[list[str]]:
    """Each Markdown blockquote as its paragraphs (an attribution paragraph starts with an em dash)."""
    blocks: list[list[str]] = []
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*body.splitlines(), ""]:
        if line.startswith(">") and line[1:].strip():
            current.append(line[1:].strip())
            continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
        if not line.startswith(">") and paragraphs:
            blocks.append(paragraphs)
            paragraphs = []
    return blocks


def blockquotes(body: str) -> list[str]:
    """Paragraphs of Markdown blockquotes, without attribution lines (those start with an em dash)."""
    return [p for block in quote_blocks(body) for p in block if not p.startswith("—")]


def attributed_quotes(body: str) -> list[tuple[str, str]]:
    """(quote, attribution) for every quote paragraph of a blockquote; attribution "" when unsigned."""
    pairs = []
    for block in quote_blocks(body):
        signature = next((p for p in reversed(block) if p.startswith("—")), "")
        pairs += [(p, signature) for p in block if not p.startswith("—")]
    return pairs


def inline_quotes(body: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in INLINE.finditer(body)]


def speaker_in_source(quote: str, source: str) -> str | None:
    """The name the source gives to the quotation that contains ``quote``, or None when it names nobody."""
    wanted = normalise(quote).strip("“”‘’„")
    for match in INLINE.finditer(source):
        inner = next(g for g in match.groups() if g)
        if wanted not in normalise(inner):
            continue
        after = SAID_AFTER.match(source, match.end())
        before = SAID_BEFORE.search(source[max(0, match.start() - 40) : match.start()])
        return after.group(1) if after else before.group(1) if before else None
    return None


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def meta_of(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(split(path.read_text(encoding="utf-8")).yaml_text or "")
    return data if isinstance(data, dict) else {}


def content_pages() -> list[Path]:
    """The pages in the content folders the model names (lessen/, interviews/, meetups/)."""
    folders = sorted({t.folder for t in load_model().types.values()})
    return [path for folder in folders for path in sorted((DOCS / folder).glob("*.md"))]


def tagged_places() -> set[str]:
    return {str(c) for path in content_pages() for c in meta_of(path).get("cities") or []}


def people() -> set[str]:
    return {str(name) for path in content_pages() for name in meta_of(path).get("people") or []}


def place_has_basis(place: str, source: str, tagged: set[str]) -> bool:
    """A place may be on the site when a source names it (case and accents aside) or a page is tagged with it."""
    named = re.search(rf"(?<!\w){re.escape(comparable(place))}(?!\w)", comparable(source))
    return bool(named) or place in tagged


def test_the_source_is_stored() -> None:
    assert SOURCES, "sources/*.txt is missing"


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_quotation_is_word_for_word_in_the_source(path: Path) -> None:
    body = split(path.read_text(encoding="utf-8")).body
    source = source_text()
    for quote in blockquotes(body):
        assert normalise(quote) in source, f"blockquote not in source: {quote!r}"
    for quote in inline_quotes("\n".join(line for line in body.splitlines() if not line.startswith(">"))):
        assert normalise(quote) in source, f"quotation not in source: {quote!r}"


def test_the_check_catches_an_invented_quote() -> None:
    invented = "> “Wij hebben alles in één keer opgelost.”\n>\n> — Iemand\n"
    assert blockquotes(invented) == ["“Wij hebben alles in één keer opgelost.”"]
    assert normalise(blockquotes(invented)[0]) not in source_text()
    assert inline_quotes("zij zei “tussenruimte” en ‘iets anders’.") == ["tussenruimte", "iets anders"]


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_a_signed_quote_is_one_the_source_gives_to_that_person(path: Path) -> None:
    body = split(path.read_text(encoding="utf-8")).body
    for quote, signature in attributed_quotes(body):
        for person in (p for p in people() if p in signature):
            said_by = speaker_in_source(quote, source_text())
            assert said_by == person.split()[0], (
                f"{quote[:60]!r}… is signed {person!r}, but the source gives it to {said_by or 'nobody'}"
            )


def test_the_attribution_check_reads_the_source_as_written() -> None:
    source = source_text()
    assert speaker_in_source("‘De knop moet om; je moet kortcyclisch denken", source) == "Brigitte"
    assert speaker_in_source("Lost die technologie dit probleem voor de bewoner écht op?", source) == "Hanke"
    assert speaker_in_source("In een Smart City worden nieuwe technologie en co-creatie ingezet", source) is None
    signed = "> “In een Smart City worden nieuwe technologie en co-creatie ingezet”\n>\n> — Hanke Nijman\n"
    assert attributed_quotes(signed) == [
        ("“In een Smart City worden nieuwe technologie en co-creatie ingezet”", "— Hanke Nijman")
    ]


@pytest.mark.parametrize("place", load_model().cities)
def test_every_allowed_place_is_named_by_a_source_or_tagged_on_a_page(place: str) -> None:
    assert place_has_basis(place, source_text(), tagged_places()), (
        f"{place!r} is allowed in mkdocs.yml, but no source names it and no page in "
        f"{', '.join(sorted({t.folder for t in load_model().types.values()}))} is tagged with it"
    )


def test_the_place_check_refuses_a_place_without_basis() -> None:
    source = source_text()
    assert place_has_basis("coöperatie Duurzaam brabant", source, set())
    assert not place_has_basis("Zwolle", source, set())
    assert place_has_basis("Zwolle", source, {"Zwolle"})
    assert not place_has_basis("G", source, set()), "a name must match whole words, not a part of G5"


def test_every_place_page_is_for_an_allowed_place() -> None:
    slugs = {slugify(place) for place in load_model().cities}
    strays = [p.name for p in sorted((DOCS / "steden").glob("*.md")) if p.stem != "index" and p.stem not in slugs]
    assert strays == [], f"place pages for places that are not in mkdocs.yml: {strays}"


@pytest.mark.parametrize("path", [p for p in pages() if OVER not in p.parents], ids=lambda p: str(p.relative_to(DOCS)))
def test_outside_knowledge_about_places_stays_on_the_over_pages(path: Path) -> None:
    text = comparable(path.read_text(encoding="utf-8"))
    found = [w for w in (*OUTSIDE_PHRASES, *UNNAMED_G5) if comparable(w) in text]
    assert found == [], f"outside knowledge outside docs/over/: {found}"


def test_the_over_pages_mark_the_outside_knowledge_they_give() -> None:
    text = (OVER / "index.md").read_text(encoding="utf-8")
    assert all(name in text for name in UNNAMED_G5), "docs/over/index.md no longer says who the G5 are"
    assert "Niet uit het bronartikel" in text, "docs/over/index.md gives outside knowledge without marking it"
    assert not any(comparable(name) in comparable(source_text()) for name in UNNAMED_G5)


def test_the_date_means_the_same_everywhere() -> None:
    """The date is the day a page was placed on this site: the model's help and the guide say so."""
    help_text = load_model().fields["date"].help
    assert "geplaatst" in help_text, f"fields.date.help in mkdocs.yml does not say what the date is: {help_text!r}"
    rules = (DOCS / "bijdragen" / "regels.md").read_text(encoding="utf-8")
    assert "echt gebeurde" not in rules, "regels.md still asks for the day something happened"
    assert "geplaatst" in (OVER / "index.md").read_text(encoding="utf-8")
