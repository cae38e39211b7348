"""Every quotation on the site stands word for word in its source (sources/), so none can be invented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT

SOURCES = sorted((REPO_ROOT / "sources").glob("*.txt"))
DOCS = REPO_ROOT / "docs"
# Curly quotes as the source uses them, and Dutch low-high quotes.
INLINE = re.compile(r"“([^”]+)”|‘([^’]+)’(?!\w)|„([^”]+)”")


def normalise(text: str) -> str:
    return " ".join(text.split())


def source_text() -> str:
    return normalise("\n".join(p.read_text(encoding="utf-8") for p in SOURCES))


def blockquotes(body: str) -> list[str]:
    """Paragraphs of Markdown blockquotes, without attribution lines (those start with an em dash)."""
    quotes, current = [], []
    for line in [*body.splitlines(), ""]:
        if line.startswith(">") and line[1:].strip():
            current.append(line[1:].strip())
            continue
        if current and not current[0].startswith("—"):
            quotes.append(" ".join(current))
        current = []
    return quotes


def inline_quotes(body: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in INLINE.finditer(body)]


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


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
