"""The line reader for plain front matter (``simple_yaml``) answers exactly as libyaml, or not at all.

Hypothesis builds front matter from lines that are, or almost are, the plain
YAML the reader handles, with values that YAML reads in surprising ways (``on``,
``0x1F``, ``a: b``, ``'it''s'``, ``[a, ]``). Whenever the reader gives an
answer, the safe loader must build the same values (types included) and libyaml
must put every key on the same line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from smartcity.checker import fmyaml, simple_yaml
from smartcity.frontmatter import split

REPO = Path(__file__).resolve().parents[1]

PLAIN_KEYS = ["title", "date", "tags", "cities", "source", "url", "b-c", "_x", "x1", "Y", "n"]
KEYS = [*PLAIN_KEYS, "yes", "on", "null", "True", "a b", "é"]
# Values the reader takes (it must read them exactly as YAML does), then values it must leave to libyaml.
# fmt: off
PLAIN_VALUES = [
    "Utrecht", "Open data", "Digitale Steden Agenda", "Coöperatie", "ideeën", "é", "x  y", "a ,b", "key",
    "yes", "No", "on", "OFF", "y", "~", "null", "Null", "true", "12", "+7", "0x1F", "0o17", "0b101", "017",
    "1e3", "1.5", "1_000", "190:20:30", ".inf", ".nan", "2024-03-14", "2024-3-4", "2001-12-14t21:59:43.10-05:00",
    "2024-03-14 10:00:00", "a#b", "C#", "a:b", "http://x.nl/a#b", "https://x.nl/a?b=c", "'it''s'", "'a'", "''",
    '""', '"a"', "\"a 'b' c\"", "'a \"b\"'", "[a, b]", "[]", "[ ]", "[a,b]", "['x', \"y\"]", "[yes, 1, ~]",
    "[ a , b ]", "a\u00a0", "x ' y", 'x " y', "a\\b",
]
OTHER_VALUES = [
    "-3", "-.inf", "2024-02-30", "a: b", "a #b", "-x", "- x", "x:", "?x", ":x", "'''", "'a' b", '"a\\"b"',
    '"a" b', '"a', "[a, ]", "[a: b]", "[a, [b]]", '["a, b"]', "[a #b]", "[a]x", "{a: 1}", "&a x", "*a",
    "!!str x", "|", ">", "%x", "@x", "`x", "<<", "=", "\u00a0a", "a\tb", "a\u2028b", "a\x85b", "\ufeffa", "a\rb",
]
# fmt: on
SCALARS = PLAIN_VALUES + OTHER_VALUES
INDENTS = ["", " ", "  ", "   ", "    "]


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["top", "top", "key", "item", "item", "nested", "blank", "comment", "noise"]))
    key, value, indent = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS)), draw(st.sampled_from(INDENTS))
    spaces, trailing = draw(st.sampled_from([" ", "  "])), draw(st.sampled_from(["", " ", "  "]))
    return {
        "top": f"{key}:{spaces}{value}{trailing}",
        "key": f"{key}:{trailing}",
        "item": f"{indent}-{spaces}{value}{trailing}",
        "nested": f"{indent}{key}:{spaces}{value}{trailing}",
        "blank": indent,
        "comment": f"{indent}# {value}",
        "noise": draw(st.sampled_from(["---", "...", "-", "key", "  tekst", "a: b: c", "? x", ": y", "- - x"])),
    }[kind]


@st.composite
def _entry(draw: st.DrawFn) -> list[str]:
    """The lines of one key: a value on its line, a block list, or a nested mapping; mostly valid YAML."""
    key, spaces = draw(st.sampled_from(PLAIN_KEYS)), draw(st.sampled_from([" ", "  "]))
    values = st.sampled_from(PLAIN_VALUES * 15 + OTHER_VALUES)  # mostly values the reader takes
    kind = draw(st.sampled_from(["value", "list", "mapping"]))
    if kind == "value":
        return [f"{key}:{spaces}{draw(values)}"]
    indent = draw(st.sampled_from(INDENTS if kind == "list" else INDENTS[1:]))
    children = draw(st.lists(values, min_size=1, max_size=3))
    if kind == "list":
        return [f"{key}:", *(f"{indent}-{spaces}{value}" for value in children)]
    names = draw(st.permutations(KEYS if draw(st.integers(0, 9)) == 0 else PLAIN_KEYS))[: len(children)]
    return [f"{key}:", *(f"{indent}{name}:{spaces}{value}" for name, value in zip(names, children, strict=True))]


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    lines: list[str] = []
    keys = draw(st.permutations(PLAIN_KEYS))
    for index, entry in enumerate(draw(st.lists(_entry(), min_size=1, max_size=6))):
        if draw(st.integers(0, 19)):  # almost always a key of its own
            entry[0] = keys[index] + entry[0][entry[0].index(":") :]
        for line in entry:
            lines.append(line + draw(st.sampled_from(["", "", " "])))
            if draw(st.integers(0, 19)) == 0:
                lines.append(draw(_line()))
    return "\n".join(lines) + "\n"


def _libyaml(text: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The values as the safe loader builds them, and the line and column of each key as libyaml composes them."""
    loader = fmyaml._Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    positions = {key.value: (key.start_mark.line, key.start_mark.column) for key, _value in root.value}
    return repr(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))), positions


def _assert_same_as_libyaml(text: str) -> bool:
    read = simple_yaml.read(text)
    if read is None:
        return False
    data, key_lines = read
    assert (repr(data), {key: (line, 0) for key, line in key_lines.items()}) == _libyaml(text)
    return True


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line(), min_size=1, max_size=8), st.booleans())
def test_simple_reader_agrees_with_libyaml_on_any_lines(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    event("read" if _assert_same_as_libyaml(text) else "left to libyaml")


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_front_matter())
def test_simple_reader_agrees_with_libyaml_on_front_matter(text: str) -> None:
    event("read" if _assert_same_as_libyaml(text) else "left to libyaml")


@pytest.mark.parametrize(
    "text",
    [
        "title: T\ndate: 2024-03-14\ncities:\n  - Utrecht\n  - Den Haag\ntags: [Open data, 'Pilots']\n",
        "# uitleg\ntitle: \"Een: titel\"\n\ntags:\n- a\n  # tussendoor\n- 'b'\nsource:\n  title: S\n  url: https://x\n",
        "a: yes\nb: 0x1F\nc: ~\nd: 1.5\ne: 2001-12-14t21:59:43.10-05:00\nf: 190:20:30\ng: []\n",
    ],
)
def test_simple_reader_reads_plain_front_matter(text: str) -> None:
    assert _assert_same_as_libyaml(text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\na: 2\n", "a:\nb: 1\n", "a: 'x\n  y'\n", "a: b # c\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a:\tb\n"],
)
def test_other_yaml_is_left_to_libyaml(text: str) -> None:
    assert simple_yaml.read(text) is None


def test_site_pages_and_templates_take_the_fast_path() -> None:
    """Every front matter in docs/ and templates/ is plain: the checker's fast path is the usual path."""
    files = sorted((REPO / "docs").rglob("*.md")) + sorted((REPO / "templates").glob("*.md"))
    texts = [split(path.read_text(encoding="utf-8")).yaml_text for path in files]
    front_matters = [text for text in texts if text is not None]
    assert len(front_matters) > 30
    assert all(_assert_same_as_libyaml(text) for text in front_matters)
