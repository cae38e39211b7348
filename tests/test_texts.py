"""The tools' Dutch texts (``smartcity.texts``): one key in the code for each text in the files, and back."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from smartcity import texts
from smartcity.texts import Text
from source_strings import string_literals

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[str]:
    return sorted(path.stem for path in texts.FOLDER.glob("*.yml"))


def test_every_text_has_a_member_and_every_member_a_text() -> None:
    in_files = {f"{file}:{key}" for file in _files() for key in texts.texts_of(file)}
    in_enum = {member.value for member in Text}
    assert sorted(in_files - in_enum) == [], "texts without a Text member"
    assert sorted(in_enum - in_files) == [], "Text members without a text"


@pytest.mark.parametrize("member", list(Text), ids=str)
def test_every_text_formats(member: Text) -> None:
    """A text's ``{names}`` are plain names (``str.format`` would read ``{0}`` or ``{a.b}`` otherwise)."""
    names = [name for _, name, _, _ in string.Formatter().parse(texts.texts_of(member.file)[member.key]) if name]
    assert all(name.isidentifier() for name in names), names
    filled = texts.text(member, **{name: f"<{name}>" for name in names})
    assert all(f"<{name}>" in filled for name in names)


def test_a_misspelt_key_fails_at_once() -> None:
    with pytest.raises(ValueError):
        texts.text("gate:no-such-text")  # type: ignore[arg-type]


# Words that make a string a Dutch sentence for a person to read; English and code rarely use two of them.
_DUTCH_WORDS = re.compile(
    r"\b(de|het|een|niet|is|van|en|op|in|met|voor|uw|u|geen|dit|deze|wordt|kan|zijn|staat|pagina|bestand|regel)\b",
    re.IGNORECASE,
)
_ENGLISH_WORDS = re.compile(r"\b(the|and|of|to|is|not|a|an)\b")


def _dutch_literals(path: Path) -> list[str]:
    """String literals of ``path`` (docstrings excepted) that read as a Dutch sentence."""
    found = []
    for line, literal in string_literals(path):
        dutch = len(_DUTCH_WORDS.findall(literal))
        if dutch >= 2 and dutch > len(_ENGLISH_WORDS.findall(literal)):
            found.append(f"{path.relative_to(ROOT)}:{line}: {literal[:60]!r}")
    return found


def test_no_dutch_sentence_is_left_in_the_code() -> None:
    """What a person reads in Dutch is in ``texts/*.yml`` or ``rules.yml``, where an editor finds it."""
    sources = sorted((ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "overrides").rglob("*.py"))
    assert [literal for path in sources for literal in _dutch_literals(path)] == []
