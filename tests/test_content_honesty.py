"""Every sentence stays faithful to the source, every promise to the reader is kept, and the site says "u".

The sources are ``sources/*.yml``: the passages of an article that the site quotes, never the whole article. A
quotation must stand there word for word; a quote signed with a person's name must be one the source gives to that
person; ``people`` names only who speaks on the page; statements from the article are in the past tense; second-hand
statements are marked; every page that uses the article credits it the same way; an allowed place must be named by a
source or have a page tagged with it; and knowledge from outside the source (who the G5 and G32 are) stays on
``docs/over/``. Nothing a reader or contributor sees says "je", "jouw" or "jij" outside a quotation.

Most tests here read the live ``docs/``: they check invariants that every valid page keeps (marker ``live_content``).
The functions they use are tested on small made-up texts first, so a check that cannot fail is caught.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from sitekit import NAV, build, make_project, page_text
from smartcity import texts
from smartcity.checker.people import name_occurs
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT, load_model
from smartcity.text import fold, slugify
from source_strings import string_literals

SOURCES = sorted((REPO_ROOT / "sources").glob("*.yml"))
DOCS = REPO_ROOT / "docs"
OVER = DOCS / "over"
ARTICLE = "Smart City, wat vraagt dat van je organisatie?"
# The one credit line of the article, the same on every page that uses it.
CREDIT = "geschreven vanuit de Digitale Steden Agenda; auteur, datum en webadres onbekend"
# The passages in sources/ may be at most this share of the words of the whole source.
MAX_QUOTED_SHARE = 0.35
# Curly quotes as the source uses them, and Dutch low-high quotes.
INLINE = re.compile(r"“([^”]+)”|‘([^’]+)’(?!\w)|„([^”]+)”")
# How the source names the speaker of a quote: “…”, aldus Brigitte  /  Brigitte: ‘…’
SAID_AFTER = re.compile(r"\s*,?\s*aldus (\w+)")
SAID_BEFORE = re.compile(r"(\w+):\s*$")
# Outside knowledge about places: allowed on docs/over/ only, where it is marked as such.
OUTSIDE_PHRASES = ("een van de G5", "vijf grote gemeenten", "middelgrote gemeenten", "G40")
# The G5 members the source never names; they may only appear in the marked outside knowledge on docs/over/.
UNNAMED_G5 = ("Amsterdam", "Rotterdam", "Eindhoven")
# The informal "you"; the site says "u".
INFORMAL = re.compile(r"(?<!\w)(je|jouw|jij|jou|jezelf)(?!\w)", re.IGNORECASE)
# Present tense about the article's people and organisations (the article has no date, so what it describes need
# not be true today): a subject followed by a verb in the present tense.
SUBJECTS = r"(?:Hanke Nijman|Hanke|Nijman|Brigitte Hulscher|Brigitte|Hulscher|Dawkins|de Digitale Steden Agenda)"
VERBS = r"(?:werkt|zegt|noemt|faciliteert|schrijft|deelt|geeft|vindt|ziet|organiseert|is)"
PRESENT = re.compile(rf"\b{SUBJECTS}\s+{VERBS}\b|\b{VERBS}\s+{SUBJECTS}\b")
# Sentences the editors' read found in the present tense; none may come back.
CHECKED_SENTENCES = (
    "Tussen gemeenten faciliteert de Digitale Steden Agenda",
    "Hanke Nijman werkt",
    "Brigitte Hulscher zegt",
    "Volgens het artikel faciliteert",
    "noemt Michael J. Dawkins",
)
# Words that mark a statement as second-hand (the author spoke with Dawkins; Dawkins wrote nothing himself).
SECOND_HAND = ("tweede hand", "volgens de schrijver", "gesprek", "sprak")

live_content = pytest.mark.live_content


def normalise(text: str) -> str:
    return " ".join(text.split())


def comparable(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form, for finding a name in a text."""
    return normalise(fold(text)).casefold()


@cache
def source_data() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in SOURCES]


def passages() -> list[str]:
    return [normalise(str(p["text"])) for data in source_data() for p in data["passages"]]


@cache
def source_text() -> str:
    return "\n".join(passages())


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


def prose(body: str) -> str:
    """The body without blockquotes, code blocks and HTML comments: the site's own words."""
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.DOTALL)
    body = re.sub(r"^```.*?^```", " ", body, flags=re.DOTALL | re.MULTILINE)
    return "\n".join(line for line in body.splitlines() if not line.startswith(">"))


def without_quotations(text: str) -> str:
    """``text`` with every quotation and every quoted passage of a source taken out."""
    text = INLINE.sub(" ", text)
    for passage in passages():
        for part in [passage, *(next(g for g in m.groups() if g) for m in INLINE.finditer(passage))]:
            text = re.sub(re.escape(part), " ", text, flags=re.IGNORECASE)
    return text


def informal_words(text: str) -> list[str]:
    """The informal forms of address in ``text`` outside quotations, with a little context each."""
    clean = without_quotations(normalise(text))
    return [clean[max(0, m.start() - 30) : m.end() + 30] for m in INFORMAL.finditer(clean)]


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


def speaks(name: str, body: str) -> bool:
    """Whether ``body`` quotes ``name``: a blockquote signed with the name, or a quotation in a paragraph that names
    the person (first or last name)."""
    if any(name in signature for _quote, signature in attributed_quotes(body)):
        return True
    parts = [name.split()[0], name.split()[-1]]
    for paragraph in re.split(r"\n\s*\n", prose(body)):
        flat = normalise(paragraph)
        if INLINE.search(flat) and any(re.search(rf"\b{re.escape(part)}\b", flat) for part in parts):
            return True
    return False


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def meta_of(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(split(path.read_text(encoding="utf-8")).yaml_text or "")
    return data if isinstance(data, dict) else {}


def body_of(path: Path) -> str:
    return split(path.read_text(encoding="utf-8")).body


def content_pages() -> list[Path]:
    """The pages in the content folders the model names (lessen/, interviews/, meetups/)."""
    folders = sorted({t.folder for t in load_model().types.values()})
    return [path for folder in folders for path in sorted((DOCS / folder).glob("*.md")) if path.name != "index.md"]


def editorial_pages() -> list[Path]:
    """The pages the editors answer for: every page that is not a lesson, interview or meetup, and every content page
    that summarises the source article.

    A contributor's lesson, interview or meetup with a source of its own is judged by the checker alone: a page the
    checker accepts never turns a test red (CONTRIBUTING.md), and these tests hold editorial standards — quotations
    checked against ``sources/``, the tense of the article's people, the site's "u" — that the checker does not.
    """
    contributed = {path for path in content_pages() if not uses_the_article(path)}
    return [path for path in pages() if path not in contributed]


def editorial_content_pages() -> list[Path]:
    editorial = set(editorial_pages())
    return [path for path in content_pages() if path in editorial]


def page_url_of(path: Path) -> str:
    """The folder a page is published in, relative to the site root and ending in "/": lessen/x.md -> lessen/x/."""
    return path.relative_to(DOCS).with_suffix("").as_posix() + "/"


def uses_the_article(path: Path) -> bool:
    """A page based on the article: its source is the article, or it uses the site's own word for it, "bronartikel"
    (a contributor's "het artikel" may be any article)."""
    source = meta_of(path).get("source")
    if isinstance(source, dict) and source.get("title") == ARTICLE:
        return True
    return bool(re.search(r"\bbronartikel\b", body_of(path)))


def tagged_places() -> set[str]:
    return {str(c) for path in content_pages() for c in meta_of(path).get("cities") or []}


def people() -> set[str]:
    return {str(name) for path in content_pages() for name in meta_of(path).get("people") or []}


def place_has_basis(place: str, source: str, tagged: set[str]) -> bool:
    """A place may be on the site when a source names it (case and accents aside) or a page is tagged with it."""
    named = re.search(rf"(?<!\w){re.escape(comparable(place))}(?!\w)", comparable(source))
    return bool(named) or place in tagged


def headings(body: str, level: int = 2) -> list[str]:
    prefix = "#" * level + " "
    return [line[len(prefix) :].strip() for line in body.splitlines() if line.startswith(prefix)]


def empty_sections(body: str) -> list[str]:
    """The ``##`` headings with nothing but white space and HTML comments under them."""
    parts = re.split(r"^## (.+)$", prose(body), flags=re.MULTILINE)
    return [title for title, text in zip(parts[1::2], parts[2::2], strict=True) if not text.strip()]


def dutch_strings(path: Path) -> list[str]:
    """Every string literal of a Python file except docstrings (docstrings and comments are English)."""
    return [text for _, text in string_literals(path)]


class VisibleText(HTMLParser):
    """The text a reader sees on a page, without quotations (blockquote, q, cite), code, scripts and styles."""

    SKIP: ClassVar[frozenset[str]] = frozenset(
        {"blockquote", "q", "cite", "code", "pre", "script", "style", "template"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping.append(tag)
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value and not self._skipping:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


# --- the helpers, on made-up texts ---------------------------------------------------------------------------------


def test_the_quote_readers_find_what_they_should() -> None:
    invented = "> “Wij hebben alles in één keer opgelost.”\n>\n> — Iemand\n"
    assert blockquotes(invented) == ["“Wij hebben alles in één keer opgelost.”"]
    assert normalise(blockquotes(invented)[0]) not in source_text()
    assert inline_quotes("zij zei “tussenruimte” en ‘iets anders’.") == ["tussenruimte", "iets anders"]


def test_speaks_needs_a_quote_of_that_person() -> None:
    signed = "> “Een zin.”\n>\n> — Anna de Vries, gemeente X\n"
    assert speaks("Anna de Vries", signed)
    assert speaks("Anna de Vries", "Volgens Anna noemde zij dat “tussenruimte”.\n")
    assert not speaks("Anna de Vries", "Anna de Vries werkte bij gemeente X.\n")
    assert not speaks("Anna de Vries", "Anna werkte daar.\n\nIemand zei “iets”.\n")
    assert not speaks("Anna de Vries", signed.replace("Anna de Vries", "Piet Jansen"))


def test_the_people_rule_finds_names_as_words() -> None:
    assert name_occurs("Anna de Vries", "Zo zei Anna de\nVries het.")
    assert name_occurs("Coöperatie X", "bij cooperatie x")
    assert not name_occurs("Anna de Vries", "Anna de Vriesland")
    assert not name_occurs("Anna", "")
    assert not name_occurs("", "Anna")


def test_the_informal_check_skips_quotations_only() -> None:
    assert informal_words("Hoe maak je een pagina?") != []
    assert informal_words("Jouw gemeente") != []
    assert informal_words("Zij zei: “je moet kortcyclisch denken”. Wat u doet.") == []
    assert informal_words("Het artikel Smart City, wat vraagt dat van je organisatie? is de bron.") == []
    assert informal_words("Bijlage, jeugd en majeur") == []


def test_the_present_tense_check_catches_a_present_verb() -> None:
    assert PRESENT.search("Hanke Nijman werkt vanuit de gemeente Den Haag")
    assert PRESENT.search("Tussen gemeenten faciliteert de Digitale Steden Agenda meetups")
    assert not PRESENT.search("Hanke Nijman werkte vanuit de gemeente Den Haag")


def test_empty_sections_are_found() -> None:
    assert empty_sections("## A\n\nTekst.\n\n## B\n\n<!-- uitleg -->\n\n## C\n") == ["B", "C"]
    assert empty_sections("## A\n\nTekst.\n") == []


def test_visible_text_leaves_out_quotations_and_code() -> None:
    html = "<p>Wat u doet.</p><blockquote><p>je moet</p></blockquote><p><code>je</code><q>jij</q></p>"
    assert visible_text(html).split() == ["Wat", "u", "doet."]


def test_python_strings_are_read_without_docstrings(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Module je."""\n\ndef f():\n    """Doc je."""\n    return "Wat maak je?"\n', "utf-8")
    assert dutch_strings(module) == ["Wat maak je?"]


def test_the_attribution_check_reads_the_source_as_written() -> None:
    source = source_text()
    assert speaker_in_source("‘De knop moet om; je moet kortcyclisch denken", source) == "Brigitte"
    assert speaker_in_source("Lost die technologie dit probleem voor de bewoner écht op?", source) == "Hanke"
    assert speaker_in_source("In een Smart City worden nieuwe technologie en co-creatie ingezet", source) is None
    signed = "> “In een Smart City worden nieuwe technologie en co-creatie ingezet”\n>\n> — Hanke Nijman\n"
    assert attributed_quotes(signed) == [
        ("“In een Smart City worden nieuwe technologie en co-creatie ingezet”", "— Hanke Nijman")
    ]


def test_the_place_check_refuses_a_place_without_basis() -> None:
    source = source_text()
    assert place_has_basis("coöperatie Duurzaam brabant", source, set())
    assert not place_has_basis("Zwolle", source, set())
    assert place_has_basis("Zwolle", source, {"Zwolle"})
    assert not place_has_basis("G", source, set()), "a name must match whole words, not a part of G5"


# --- sources/: the quoted passages, not the article -----------------------------------------------------------------


@live_content
def test_the_sources_are_stored_as_passages_with_their_reference() -> None:
    assert SOURCES, "sources/*.yml is missing"
    assert not list((REPO_ROOT / "sources").glob("*.txt")), "a whole source text is back in sources/"
    for data in source_data():
        assert {"title", "author", "date", "url", "words", "permission"} <= set(data["source"])
        assert all(str(p.get("place", "")).strip() and str(p.get("text", "")).strip() for p in data["passages"])


@live_content
def test_sources_hold_no_more_than_a_small_share_of_each_source() -> None:
    for path, data in zip(SOURCES, source_data(), strict=True):
        quoted = sum(len(str(p["text"]).split()) for p in data["passages"])
        share = quoted / int(data["source"]["words"])
        limit = f"at most {MAX_QUOTED_SHARE:.0%}"
        assert share <= MAX_QUOTED_SHARE, f"{path.name}: {share:.0%} of the source's words ({limit})"


@live_content
def test_every_passage_in_sources_is_quoted_on_the_site() -> None:
    """A passage that no page quotes (nor uses as a title or heading) does not belong in sources/."""
    site = "\n".join(normalise(path.read_text(encoding="utf-8")) for path in pages())
    quoted = set()
    for path in pages():
        body = body_of(path)
        quoted |= {normalise(q) for q in blockquotes(body)}
        quoted |= {normalise(q) for q in inline_quotes(prose(body))}
    unused = []
    for passage in passages():
        used = any(q.strip("“”‘’„") in passage for q in quoted if len(q) > 2)
        bare = passage.strip("“”‘’„")
        if not used and bare not in site:
            unused.append(passage)
    assert unused == [], f"passages in sources/ that the site does not quote: {unused}"


@live_content
def test_each_passage_is_quoted_once() -> None:
    """A passage is quoted on one page; other pages refer to it (single words and titles aside)."""
    where: dict[str, set[str]] = {}
    for path in pages():
        body = body_of(path)
        for quote in [*blockquotes(body), *inline_quotes(prose(body))]:
            if len(normalise(quote).split()) > 3:
                where.setdefault(normalise(quote).strip("“”‘’„"), set()).add(str(path.relative_to(DOCS)))
    repeated = {quote: sorted(paths) for quote, paths in where.items() if len(paths) > 1}
    assert repeated == {}, f"quoted on more than one page: {repeated}"


# --- quotations and people ------------------------------------------------------------------------------------------


@live_content
@pytest.mark.parametrize("path", editorial_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_quotation_is_word_for_word_in_the_source(path: Path) -> None:
    body = body_of(path)
    source = source_text()
    for quote in blockquotes(body):
        assert normalise(quote) in source, f"blockquote not in source: {quote!r}"
    for quote in inline_quotes(prose(body)):
        assert normalise(quote) in source, f"quotation not in source: {quote!r}"


@live_content
@pytest.mark.parametrize("path", editorial_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_a_signed_quote_is_one_the_source_gives_to_that_person(path: Path) -> None:
    for quote, signature in attributed_quotes(body_of(path)):
        for person in (p for p in people() if p in signature):
            said_by = speaker_in_source(quote, source_text())
            assert said_by == person.split()[0], (
                f"{quote[:60]!r}… is signed {person!r}, but the source gives it to {said_by or 'nobody'}"
            )


@live_content
@pytest.mark.parametrize("path", editorial_content_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_people_names_only_who_speaks_on_the_page(path: Path) -> None:
    body = body_of(path)
    silent = [name for name in meta_of(path).get("people") or [] if not speaks(str(name), body)]
    assert silent == [], f"in people but not quoted on this page: {silent}"


# --- tense, second hand, credit ---------------------------------------------------------------------------------------


@live_content
@pytest.mark.parametrize("path", editorial_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_no_present_tense_about_the_articles_people(path: Path) -> None:
    text = normalise(without_quotations(prose(body_of(path)) + "\n" + str(meta_of(path).get("description", ""))))
    found = [m.group(0) for m in PRESENT.finditer(text)]
    found += [sentence for sentence in CHECKED_SENTENCES if sentence in text]
    assert found == [], f"present tense about the article's people: {found}"


@live_content
@pytest.mark.parametrize(
    "path",
    [p for p in editorial_pages() if "Dawkins" in p.read_text(encoding="utf-8")],
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_what_dawkins_said_is_marked_second_hand(path: Path) -> None:
    text = body_of(path).casefold()
    assert any(marker in text for marker in SECOND_HAND), "Dawkins is mentioned without saying it is second hand"


@live_content
@pytest.mark.parametrize("path", [p for p in pages() if uses_the_article(p)], ids=lambda p: str(p.relative_to(DOCS)))
def test_the_credit_line_is_on_every_page_that_uses_the_article(path: Path) -> None:
    assert CREDIT in normalise(body_of(path)), f"the credit line is missing: {CREDIT!r}"


@live_content
def test_the_over_page_says_permission_was_not_asked() -> None:
    text = normalise((OVER / "index.md").read_text(encoding="utf-8"))
    assert "niet om toestemming gevraagd" in text


@live_content
@pytest.mark.parametrize("path", editorial_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_example_questions_are_not_presented_as_an_agenda(path: Path) -> None:
    """The source gives the meetup questions as examples ("bijvoorbeeld"): no numbered list of them, no agenda."""
    body = body_of(path)
    questions = [p for p in passages() if p.endswith("?") and p.startswith(("Welke", "Hoe"))]
    numbered = [line for line in body.splitlines() if re.match(r"\s*\d+\.\s", line)]
    assert not [line for line in numbered if any(q[:30] in line for q in questions)]
    if any(q in normalise(body) for q in questions):
        title = str(meta_of(path).get("title", "")).replace("Digitale Steden Agenda", "")
        assert "agenda" not in title.casefold()
        assert "Agenda" not in headings(body)


# --- lessons a reader can act on ------------------------------------------------------------------------------------


@live_content
@pytest.mark.parametrize(
    "path", [p for p in editorial_content_pages() if p.parent.name == "lessen"], ids=lambda p: p.name
)
def test_every_lesson_has_the_template_headings_and_no_empty_section(path: Path) -> None:
    wanted = headings(split((REPO_ROOT / "templates" / "les.md").read_text(encoding="utf-8")).body)
    found = headings(body_of(path))
    assert found[: len(wanted)] == wanted, f"headings {found}, the template has {wanted}"
    assert found[len(wanted) :] in ([], ["Bron"])
    assert empty_sections(body_of(path)) == []


@live_content
@pytest.mark.parametrize("path", editorial_content_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_no_content_page_has_an_empty_section(path: Path) -> None:
    assert empty_sections(body_of(path)) == []


# --- places and outside knowledge ----------------------------------------------------------------------------------


@live_content
@pytest.mark.parametrize("place", load_model().cities)
def test_every_allowed_place_is_named_by_a_source_or_tagged_on_a_page(place: str) -> None:
    assert place_has_basis(place, source_text(), tagged_places()), (
        f"{place!r} is allowed in mkdocs.yml, but no source names it and no page in "
        f"{', '.join(sorted({t.folder for t in load_model().types.values()}))} is tagged with it"
    )


@live_content
def test_every_place_page_is_for_an_allowed_place() -> None:
    slugs = {slugify(place) for place in load_model().cities}
    strays = [p.name for p in sorted((DOCS / "steden").glob("*.md")) if p.stem != "index" and p.stem not in slugs]
    assert strays == [], f"place pages for places that are not in mkdocs.yml: {strays}"


@live_content
@pytest.mark.parametrize(
    "path", [p for p in editorial_pages() if OVER not in p.parents], ids=lambda p: str(p.relative_to(DOCS))
)
def test_outside_knowledge_about_places_stays_on_the_over_pages(path: Path) -> None:
    text = comparable(path.read_text(encoding="utf-8"))
    found = [w for w in (*OUTSIDE_PHRASES, *UNNAMED_G5) if comparable(w) in text]
    assert found == [], f"outside knowledge outside docs/over/: {found}"


@live_content
def test_the_over_pages_mark_the_outside_knowledge_they_give() -> None:
    text = (OVER / "index.md").read_text(encoding="utf-8")
    assert all(name in text for name in UNNAMED_G5), "docs/over/index.md no longer says who the G5 are"
    assert "Niet uit het bronartikel" in text, "docs/over/index.md gives outside knowledge without marking it"
    assert not any(comparable(name) in comparable(source_text()) for name in UNNAMED_G5)


@live_content
def test_the_date_means_the_same_everywhere() -> None:
    """The date is the day a page was placed on this site: the model's help and the guide say so."""
    help_text = load_model().fields["date"].help
    assert "geplaatst" in help_text, f"fields.date.help in mkdocs.yml does not say what the date is: {help_text!r}"
    rules = (DOCS / "bijdragen" / "regels.md").read_text(encoding="utf-8")
    assert "echt gebeurde" not in rules, "regels.md still asks for the day something happened"
    assert "geplaatst" in (OVER / "index.md").read_text(encoding="utf-8")


# --- one form of address: "u" ---------------------------------------------------------------------------------------


@live_content
def test_the_built_site_says_u(built_site: Path) -> None:
    contributed = {page_url_of(path) for path in content_pages() if path not in set(editorial_pages())}
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        if page.parent.relative_to(built_site).as_posix() + "/" in contributed:
            continue  # a contributor's own page in its own voice: see editorial_pages
        if informal := informal_words(visible_text(page.read_text(encoding="utf-8"))):
            found[str(page.relative_to(built_site))] = informal
    assert found == {}, f"'je', 'jouw' or 'jij' outside a quotation: {found}"


CONTRIBUTOR_TEXTS = [
    REPO_ROOT / "CONTRIBUTING.md",
    REPO_ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md",
    *sorted((REPO_ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")),
    *sorted((REPO_ROOT / "templates").glob("*.md")),
]


@live_content
@pytest.mark.parametrize("path", CONTRIBUTOR_TEXTS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_contributor_texts_say_u(path: Path) -> None:
    assert informal_words(path.read_text(encoding="utf-8")) == []


@live_content
def test_every_checker_message_says_u() -> None:
    data = yaml.safe_load((REPO_ROOT / "scripts" / "smartcity" / "rules.yml").read_text(encoding="utf-8"))
    texts = [
        f"{rule}: {text}"
        for rule, spec in data.items()
        for text in [spec.get("summary", ""), spec.get("message", ""), *(spec.get("variants") or {}).values()]
    ]
    assert [t for t in texts if informal_words(t)] == []


@live_content
@pytest.mark.parametrize(
    "path",
    sorted((REPO_ROOT / "scripts").rglob("*.py")),
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_the_scripts_say_u(path: Path) -> None:
    found = [text for text in dutch_strings(path) if informal_words(text)]
    assert found == [], f"string literals that say 'je', 'jouw' or 'jij': {found}"


@live_content
@pytest.mark.parametrize("file", sorted(path.stem for path in texts.FOLDER.glob("*.yml")))
def test_the_tools_texts_say_u(file: str) -> None:
    """The Dutch the tools print (smartcity/texts/*.yml) addresses readers and contributors as "u" too."""
    found = [text for text in texts.texts_of(file).values() if informal_words(text)]
    assert found == [], f"texts in {file}.yml that say 'je', 'jouw' or 'jij': {found}"


@live_content
def test_the_did_you_mean_question_has_one_form() -> None:
    strings = [s for path in (REPO_ROOT / "scripts").rglob("*.py") for s in dutch_strings(path)]
    strings += [text for path in texts.FOLDER.glob("*.yml") for text in texts.texts_of(path.stem).values()]
    questions = {m.group(0) for s in strings for m in re.finditer(r"Bedoel\w* \w+", s)}
    assert questions == {"Bedoelde u"}, questions


# --- the colophon: publisher and contact from the configuration, never invented -------------------------------------


def colophon_of(tmp_path: Path, env: dict[str, str]) -> str:
    """The colophon section of a fixture site's "Over" page built with ``env``."""
    over = "---\ntitle: Over\ntemplate: colofon.html\n---\n\n# Over\n\n## Licenties\n\nTekst.\n"
    config = make_project(tmp_path, {"over.md": over}, extra_config={"nav": [*NAV, {"Over": "over.md"}]})
    done = build(config, env=env)
    assert done.returncode == 0, done.stderr
    html = (config.parent / "site" / "over" / "index.html").read_text(encoding="utf-8")
    start = html.index('<section class="scl-colophon"')
    return html[start : html.index("</section>", start)]


def test_without_a_publisher_the_colophon_says_none_is_configured(tmp_path: Path) -> None:
    colophon = colophon_of(tmp_path, {"PUBLISHER": "", "CONTACT": ""})
    assert "Er is geen uitgever ingesteld." in colophon
    assert "Er is geen contactadres ingesteld." in colophon
    assert "<a href" not in colophon.replace('<a href="#licenties">', "")


def test_the_colophon_shows_the_configured_publisher_escaped(tmp_path: Path) -> None:
    env = {"PUBLISHER": "Gemeente <b>Voorbeeld</b> & co", "CONTACT": "mailto:redactie@voorbeeld.invalid"}
    colophon = colophon_of(tmp_path, env)
    assert "Gemeente &lt;b&gt;Voorbeeld&lt;/b&gt; &amp; co" in colophon
    assert '<a href="mailto:redactie@voorbeeld.invalid">redactie@voorbeeld.invalid</a>' in colophon
    assert "geen uitgever" not in colophon


def test_a_contact_that_is_no_address_is_shown_as_text(tmp_path: Path) -> None:
    colophon = colophon_of(tmp_path, {"PUBLISHER": "Gemeente Voorbeeld", "CONTACT": "javascript:alert(1)"})
    assert "javascript:alert(1)" in colophon
    assert 'href="javascript' not in colophon


def test_the_page_facts_say_the_source_date_and_address_are_unknown(tmp_path: Path) -> None:
    """The content model has no date for a source: the facts say "onbekend" instead of leaving it out."""
    lesson = page_text(title="Een les met een bron", source={"title": "Een artikel"})
    config = make_project(tmp_path, {"lessen/les-met-bron.md": lesson})
    done = build(config)
    assert done.returncode == 0, done.stderr
    html = (config.parent / "site" / "lessen" / "les-met-bron" / "index.html").read_text(encoding="utf-8")
    facts = normalise(visible_text(html[html.index('<aside class="scl-page-facts"') :]))
    assert "Een artikel (webadres onbekend)" in normalise(html.replace("<cite>", "").replace("</cite>", ""))
    assert "Datum van de bron onbekend" in facts
