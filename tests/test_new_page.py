"""The page scaffolder (``make new``): the Dutch interactive mode, the flag mode, the draft, file names, templates.

Every run writes into ``tmp_path`` (``--docs``, ``--config`` and the draft file), never into the real ``docs/`` or
``mkdocs.yml``. The content model is the fixture model of ``tests/sitekit.py`` (Zwolle is not in it, whatever the live
site lists). The interactive mode runs on scripted answers (no terminal needed), with a fixed ``today``; every page it
writes is checked with the project's validator (``check_text``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import new_page
import pytest
import sitekit
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from smartcity import scaffold, validate
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT, ContentModel, load_model
from smartcity.text import fold, slugify

SCRIPT = REPO_ROOT / "scripts" / "new_page.py"
CHECKER = REPO_ROOT / "scripts" / "check_content.py"
# The fixture model, read from a fixture mkdocs.yml that lives as long as the test run.
_MODEL_FOLDER = tempfile.TemporaryDirectory(prefix="new-page-model-")
MODEL_CONFIG = Path(_MODEL_FOLDER.name) / "mkdocs.yml"
MODEL_CONFIG.write_text(sitekit.fixture_config(), encoding="utf-8")
MODEL = load_model(MODEL_CONFIG)
TODAY = dt.date(2026, 1, 15)
TODAY_ENV = sitekit.build_env(TODAY.isoformat())  # a subprocess's clock (SOURCE_DATE_EPOCH)
TOO_LONG = "x" * (MODEL.description_max_length + 1)
CITY, OTHER_CITY, THEME = "Utrecht", "Den Haag", "Open data"
FLAG = re.compile(r"(?<![<!-])--[a-z]")  # a command-line flag; not the "<!-- -->" of the next steps
assert {CITY, OTHER_CITY} <= set(MODEL.cities), "the tests use these model values"
assert THEME in MODEL.themes, "the tests use these model values"
assert "Zwolle" not in MODEL.cities, "the tests use Zwolle as a place the model does not know"


def config_in(folder: Path) -> Path:
    """A fixture mkdocs.yml of its own in ``folder`` (a test may add a place to it), made once."""
    config = folder / "mkdocs.yml"
    if not config.exists():
        folder.mkdir(parents=True, exist_ok=True)
        config.write_text(MODEL_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    return config


class Script:
    """Scripted answers for the interactive mode: ``read`` returns them one by one, then ends the input."""

    def __init__(self, answers: list[str], on_prompt: Callable[[str], None] = lambda _prompt: None) -> None:
        self.answers, self.on_prompt = list(answers), on_prompt
        self.lines: list[str] = []

    def read(self, prompt: str) -> str:
        self.lines.append(prompt)
        self.on_prompt(prompt)
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        self.lines[-1] += answer
        return answer

    def write(self, text: str) -> None:
        self.lines.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def interactive(tmp: Path, *answers: str | BaseException, on_prompt: Callable[[str], None] = lambda _: None):
    """Run ``new_page.main`` in interactive mode with ``answers``; the exit code and the transcript."""
    script = Script(list(answers), on_prompt)
    code = new_page.main(
        ["--docs", str(tmp / "docs"), "--config", str(config_in(tmp))],
        read=script.read,
        write=script.write,
        today=TODAY,
        draft=tmp / "concept.json",
        interactive=True,
    )
    return code, script


def only_page(tmp: Path) -> Path:
    (path,) = (tmp / "docs").rglob("*.md")
    return path


def checked_meta(path: Path, docs: Path, today: dt.date = TODAY, model: ContentModel = MODEL) -> dict:
    """The front matter of a written page, after asserting that the validator finds no problem in it."""
    values, problems = validate.check_text(
        path.read_text(encoding="utf-8"), path.relative_to(docs).as_posix(), model, today
    )
    assert problems == []
    name = path.name
    assert slugify(name.removesuffix(".md")) + ".md" == name  # the checker's file-name rule
    return values


# A whole session with valid answers: type, title, description, places, themes, people, source, date, confirm.
GOOD = ["1", "Mijn les", "Eén zin over de les.", CITY, THEME, "", "", "", "j"]


# --- interactive mode -----------------------------------------------------------------------


def test_bad_answers_get_the_validators_message_and_suggestion_then_the_page_is_written(tmp_path: Path) -> None:
    code, script = interactive(
        tmp_path,
        "lessen",  # not a type
        "j",  # Bedoelde u "les"?
        "Coöperatie en ideeën",
        "Eén zin over de les.",
        "Utrect",
        "j",  # Bedoelde u "Utrecht"?
        "Opendata",
        "j",  # Bedoelde u "Open data"?
        "Persoon A, Persoon B",
        "Het artikel",
        "http://voorbeeld.invalid/",  # not https
        "",  # no URL after all
        "27-11-2025",
        "j",  # Bedoelde u "2025-11-27"?
        "j",  # the summary is right
    )
    assert code == 0, script.text
    theme_problem = validate.validate_field("tags", ["Opendata"], MODEL, TODAY)[0].message
    assert theme_problem.replace(' Bedoelde u "Open data"?', "") in script.text
    assert 'Bedoelde u "Open data"? (j/n) j' in script.text
    assert 'Bedoelde u "Utrecht"? (j/n) j' in script.text
    assert 'Bedoelde u "les"? (j/n) j' in script.text
    assert 'Bedoelde u "2025-11-27"? (j/n) j' in script.text
    assert "moet een volledig webadres zijn dat begint met https://" in script.text
    path = tmp_path / "docs" / "lessen" / "cooperatie-en-ideeen.md"
    meta = checked_meta(path, tmp_path / "docs")
    assert meta == {
        "title": "Coöperatie en ideeën",
        "description": "Eén zin over de les.",
        "date": dt.date(2025, 11, 27),
        "type": "les",
        "cities": [CITY],
        "tags": [THEME],
        "people": ["Persoon A", "Persoon B"],
        "source": {"title": "Het artikel"},
    }
    assert "Volgende stappen" in script.text
    assert not (tmp_path / "concept.json").exists()  # the draft is gone once the page is written
    assert not FLAG.search(script.text), "the interactive mode never mentions a flag"


def test_each_answer_is_checked_before_the_next_question(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "1", "", "Mijn les", TOO_LONG, "Eén zin.", CITY, THEME, "", "", "", "j")
    assert code == 0, script.text
    text = script.text
    assert text.index("Dit antwoord is nodig") < text.index("Beschrijf de pagina")  # empty title, asked again
    length = validate.validate_field("description", TOO_LONG, MODEL, TODAY)[0].message
    assert text.index(length) < text.index("Over welke gemeenten")
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["description"] == "Eén zin."


def test_numbers_names_case_and_accents_pick_from_the_lists(tmp_path: Path) -> None:
    accented = next(c for c in MODEL.cities if c != fold(c))
    numbers = f"{MODEL.cities.index(OTHER_CITY) + 1}, {fold(accented).upper()}"
    code, script = interactive(tmp_path, "Interview", "Een gesprek", "Eén zin.", numbers, "1 2", "", "", "", "j")
    assert code == 0, script.text
    meta = checked_meta(only_page(tmp_path), tmp_path / "docs")
    assert (meta["type"], meta["cities"], meta["tags"]) == ("interview", [OTHER_CITY, accented], list(MODEL.themes[:2]))
    for index, choice in enumerate((*MODEL.cities, *MODEL.themes)):
        assert f". {choice}" in script.text, index  # every choice of the model is offered


def test_a_number_outside_the_list_is_asked_again(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "9", *GOOD)
    assert code == 0
    assert "Nummer 9 staat niet in de lijst: kies een nummer van 1 tot 3." in script.text


def test_unknown_place_says_how_to_add_it_and_can_go_on_with_the_known_ones(tmp_path: Path) -> None:
    config_before = config_in(tmp_path).read_bytes()
    answers = ["1", "Mijn les", "Eén zin.", f"{CITY}, Zwolle", "n", "j", THEME, "", "", "", "j"]  # n: not a new place
    code, script = interactive(tmp_path, *answers)
    assert code == 0, script.text
    assert config_in(tmp_path).read_bytes() == config_before
    assert (
        validate.FieldFinding.of("fm-city", "cities", value="Zwolle", hint="").message in script.text
    )  # one line, tick
    assert f"Verdergaan met alleen {CITY}?" in script.text
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["cities"] == [CITY]


def test_unknown_place_alone_can_stop_and_keeps_the_answers(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "1", "Mijn les", "Eén zin.", "Zwolle", "n", "n")  # not new, then stop
    assert code == 0
    assert "extra.content_model.cities" in script.text
    assert "Gestopt. Uw antwoorden staan in" in script.text and "make new" in script.text
    assert scaffold.load_draft(tmp_path / "concept.json") == {
        "type": "les",
        "title": "Mijn les",
        "description": "Eén zin.",
    }
    assert not (tmp_path / "docs").exists()


def test_a_new_place_is_added_to_mkdocs_yml_from_the_dialogue_as_one_line(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    before = config.read_text(encoding="utf-8").splitlines(keepends=True)
    code, script = interactive(tmp_path, "1", "Mijn les", "Eén zin.", "Zwolle", "j", THEME, "", "", "", "j")
    assert code == 0, script.text
    line = scaffold.place_line(MODEL_CONFIG, "Zwolle")
    assert line.strip() == "- Zwolle"
    assert f"onder extra.content_model.cities (de pagina van die plaats maakt de site zelf):\n{line}" in script.text
    assert "Deze regel nu toevoegen aan" in script.text
    after = config.read_text(encoding="utf-8").splitlines(keepends=True)
    # Exactly one line more, right under the last place; every other line (comments too) as it was.
    inserted = [index for index, text in enumerate(after) if text == line + "\n"]
    assert len(inserted) == 1
    assert after[: inserted[0]] + after[inserted[0] + 1 :] == before
    assert before[inserted[0] - 1].strip() == f"- {MODEL.cities[-1]}"
    assert load_model(config).cities == (*MODEL.cities, "Zwolle")
    assert checked_meta(only_page(tmp_path), tmp_path / "docs", model=load_model(config))["cities"] == ["Zwolle"]


def test_the_line_for_a_new_place_keeps_the_file_and_quotes_what_yaml_would_misread(tmp_path: Path) -> None:
    config = config_in(tmp_path)
    text = config.read_text(encoding="utf-8")
    places_key = re.compile(r"^( *)cities:\n(?= *- )", re.M)  # the list of places, not the field "cities"
    commented = places_key.sub(r"\1# Plaatsen, één per regel.\n\1cities:\n", text, count=1)
    assert commented != text
    config.write_text(commented, encoding="utf-8")
    line = scaffold.add_place(config, "Regio: Noord #1")
    assert line.endswith('- "Regio: Noord #1"')
    assert scaffold.add_place(config, "Regio: Noord #1") == ""  # already there: nothing added
    assert load_model(config).cities[-1] == "Regio: Noord #1"
    assert config.read_text(encoding="utf-8").replace(line + "\n", "") == commented
    with pytest.raises(scaffold.ScaffoldError, match="kan geen naam"):
        scaffold.add_place(config, "???")
    assert scaffold.add_place(config, "0000-00-00").endswith('- "0000-00-00"')  # quoted: YAML would read a date
    assert load_model(config).cities[-1] == "0000-00-00"


def test_a_date_older_than_the_review_period_is_questioned(tmp_path: Path) -> None:
    old = (TODAY - dt.timedelta(days=MODEL.review_period_days + 1)).isoformat()
    answers = ["1", "Mijn les", "Eén zin.", CITY, THEME, "", "", old, "n", "", "j"]  # n: not that date after all
    code, script = interactive(tmp_path, *answers)
    assert code == 0, script.text
    assert f"De datum {old} is {MODEL.review_period_days + 1} dagen geleden" in script.text
    assert f"Klopt {old} toch? (j/n) n" in script.text
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["date"] == TODAY


def test_an_old_date_can_be_kept(tmp_path: Path) -> None:
    old = (TODAY - dt.timedelta(days=MODEL.review_period_days * 2)).isoformat()
    code, script = interactive(tmp_path, "1", "Mijn les", "Eén zin.", CITY, THEME, "", "", old, "j", "j")
    assert code == 0, script.text
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["date"] == dt.date.fromisoformat(old)


def test_a_recent_date_is_not_questioned(tmp_path: Path) -> None:
    recent = (TODAY - dt.timedelta(days=MODEL.review_period_days)).isoformat()
    code, script = interactive(tmp_path, "1", "Mijn les", "Eén zin.", CITY, THEME, "", "", recent, "j")
    assert code == 0, script.text
    assert "toch?" not in script.text


def test_the_summary_is_numbered_without_gaps(tmp_path: Path) -> None:
    """Without a source the question for its web address is not asked; the summary still counts 1, 2, 3, …"""
    code, script = interactive(tmp_path, *GOOD[:-1], "8", "2025-06-01", "j")
    assert code == 0, script.text
    summary = script.text.split("Dit wordt de nieuwe pagina:")[1].split("Bestand:")[0]
    numbers = [int(line.strip().split(".")[0]) for line in summary.strip().splitlines()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "Webadres van de bron" not in summary
    assert summary.strip().splitlines()[-1].strip().startswith("8. Datum:")
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["date"] == dt.date(2025, 6, 1)


def test_end_of_input_keeps_the_answers_and_the_next_run_resumes(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "2", "Een gesprek met de stad", "Eén zin.", f"{CITY}, {OTHER_CITY}")
    assert code == 2
    assert "Gestopt. Uw antwoorden staan in" in script.text
    assert not (tmp_path / "docs").exists()
    code, script = interactive(tmp_path, "j", THEME, "", "", "", "j")
    assert code == 0, script.text
    assert 'U was al begonnen aan een nieuwe pagina ("Een gesprek met de stad")' in script.text
    assert "Wat is de titel van de pagina" not in script.text  # answered in the first run
    meta = checked_meta(tmp_path / "docs" / "interviews" / "een-gesprek-met-de-stad.md", tmp_path / "docs")
    assert meta["cities"] == [CITY, OTHER_CITY]
    assert not (tmp_path / "concept.json").exists()


def test_ctrl_c_keeps_the_answers(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "1", "Mijn les", KeyboardInterrupt())
    assert code == 130
    assert "Gestopt. Uw antwoorden staan in" in script.text
    assert scaffold.load_draft(tmp_path / "concept.json") == {"type": "les", "title": "Mijn les"}


def test_declining_the_draft_starts_over(tmp_path: Path) -> None:
    scaffold.save_draft(tmp_path / "concept.json", {"type": "les", "title": "Oude titel"})
    code, script = interactive(tmp_path, "n", *GOOD)
    assert code == 0, script.text
    assert "Dan beginnen we opnieuw" in script.text
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["title"] == "Mijn les"


def test_a_draft_that_no_longer_fits_the_model_asks_again(tmp_path: Path) -> None:
    (tmp_path / "concept.json").write_text('{"type": "les", "tags": "Verdwenen thema", "x": 1}', encoding="utf-8")
    code, script = interactive(tmp_path, "j", "Mijn les", "Eén zin.", CITY, THEME, "", "", "", "j")
    assert code == 0, script.text
    assert 'Uw eerdere antwoord bij "Thema\'s" klopt niet meer' in script.text


@pytest.mark.parametrize("content", ["{niet json", "[1, 2]", ""])
def test_an_unreadable_draft_is_ignored(tmp_path: Path, content: str) -> None:
    (tmp_path / "concept.json").write_text(content, encoding="utf-8")
    code, script = interactive(tmp_path, *GOOD)
    assert code == 0, script.text


def test_an_existing_page_asks_for_another_title(tmp_path: Path) -> None:
    existing = tmp_path / "docs" / "lessen" / "mijn-les.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("Eigen tekst.\n", encoding="utf-8")
    code, script = interactive(tmp_path, "1", "Mijn les", "Mijn tweede les", *GOOD[2:])
    assert code == 0, script.text
    assert "Er staat al een pagina" in script.text and "Kies een andere titel" in script.text
    assert existing.read_text(encoding="utf-8") == "Eigen tekst.\n"
    checked_meta(tmp_path / "docs" / "lessen" / "mijn-tweede-les.md", tmp_path / "docs")


def test_a_page_made_meanwhile_is_not_overwritten_and_another_title_is_asked(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "lessen" / "mijn-les.md"

    def someone_else_writes(prompt: str) -> None:
        if prompt.startswith("Klopt alles") and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("Van iemand anders.\n", encoding="utf-8")

    code, script = interactive(tmp_path, *GOOD, "Mijn les bis", on_prompt=someone_else_writes)
    assert code == 0, script.text
    assert "bestaat al; het script overschrijft geen bestaande pagina" in script.text
    assert target.read_text(encoding="utf-8") == "Van iemand anders.\n"
    checked_meta(tmp_path / "docs" / "lessen" / "mijn-les-bis.md", tmp_path / "docs")


def test_an_answer_can_be_changed_from_the_summary(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, *GOOD[:-1], "2", "Betere titel", "j")
    assert code == 0
    assert script.text.count("Dit wordt de nieuwe pagina:") == 2
    assert checked_meta(only_page(tmp_path), tmp_path / "docs")["title"] == "Betere titel"


def test_stopping_at_the_summary_writes_nothing_and_keeps_the_draft(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, *GOOD[:-1], "n")
    assert code == 0
    assert "Gestopt. Uw antwoorden staan in" in script.text
    assert not (tmp_path / "docs").exists()
    assert scaffold.load_draft(tmp_path / "concept.json")["title"] == "Mijn les"


def test_a_long_title_is_capped_at_a_word_and_the_contributor_is_told(tmp_path: Path) -> None:
    title = "Wat wij leerden van " + " ".join(f"woord{i}" for i in range(40))
    code, script = interactive(tmp_path, "1", title, *GOOD[2:])
    assert code == 0, script.text
    path = only_page(tmp_path)
    stem = path.name.removesuffix(".md")
    assert len(stem) <= scaffold.MAX_NAME
    assert slugify(title).startswith(stem + "-")  # cut between two words
    assert f'de bestandsnaam is ingekort tot "{path.name}"' in script.text
    assert checked_meta(path, tmp_path / "docs")["title"] == title  # the title itself is whole


def test_a_title_without_letters_or_digits_is_explained(tmp_path: Path) -> None:
    code, script = interactive(tmp_path, "1", "!!! ???", *GOOD[1:])
    assert code == 0
    assert "Van deze titel kan geen bestandsnaam gemaakt worden" in script.text


def test_dry_run_in_interactive_mode_shows_the_page_and_writes_nothing(tmp_path: Path) -> None:
    script = Script(GOOD)
    code = new_page.main(
        ["--docs", str(tmp_path / "docs"), "--config", str(config_in(tmp_path)), "--dry-run"],
        read=script.read,
        write=script.write,
        today=TODAY,
        draft=tmp_path / "concept.json",
        interactive=True,
    )
    assert code == 0
    assert "title: Mijn les" in script.text
    assert not (tmp_path / "docs").exists()


ANSWERS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "j", "n", "1", "2", "3", "10", "0", "²", "٣", "1, 2", CITY, "Zwolle", THEME, "Opendata"]),
    st.sampled_from(["27-11-2025", "2025-02-30", "2999-01-01", "https://x.invalid/", "<b>x</b>", "&amp;", "---"]),
)


@st.composite
def sessions(draw: st.DrawFn) -> list[str]:
    """A valid session with random answers slipped in before some answers (so that many sessions get far)."""
    answers: list[str] = []
    for good in GOOD:
        answers += draw(st.lists(ANSWERS, max_size=1))
        answers.append(good)
    return answers


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=st.one_of(st.lists(ANSWERS, max_size=30), sessions()))
def test_no_answer_is_ever_a_traceback(answers: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        code, script = interactive(tmp, *answers)
        assert code in (0, 2), script.text
        # A random "j" may have added a new place to this run's mkdocs.yml: judge the page by that model.
        model = load_model(config_in(tmp))
        for path in (tmp / "docs").rglob("*.md"):
            checked_meta(path, tmp / "docs", model=model)


GOOD_FLAGS = dict(zip(new_page.FLAGS.values(), ["les", "Titel", "Zin.", CITY, THEME, "", "", "", ""], strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries({flag: st.just(good) | ANSWERS for flag, good in GOOD_FLAGS.items()}))
def test_no_flag_value_is_ever_a_traceback(values: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        args = [f"{flag}={value}" for flag, value in values.items()]
        code = new_page.main([*args, "--docs", folder, "--config", str(MODEL_CONFIG)], today=TODAY)
        assert code in (0, 2)
        for path in Path(folder).rglob("*.md"):
            checked_meta(path, Path(folder))


# --- file names -----------------------------------------------------------------------------


@given(title=st.text(min_size=1, max_size=300))
def test_file_names_are_capped_and_pass_the_file_name_rule(title: str) -> None:
    form = scaffold.Form(MODEL, TODAY, Path("docs"), values={"title": title})
    stem, shortened = form.file_name()
    full = slugify(title)
    assert len(stem) <= scaffold.MAX_NAME
    assert slugify(stem) == stem
    assert shortened == (stem != full)
    assert full.startswith(stem)
    if shortened and "-" in full[: scaffold.MAX_NAME + 1]:
        assert full[len(stem)] == "-"  # a whole word was kept


# --- flag mode ----------------------------------------------------------------------------------


def run(*args: str | Path, docs: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the scaffolder as ``make new ARGS=…`` does (stdin is not a terminal), on the fixture model, on TODAY."""
    cmd = [sys.executable, str(SCRIPT), *map(str, args), "--config", str(MODEL_CONFIG)]
    if docs:
        cmd += ["--docs", str(docs)]
    return subprocess.run(
        cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=REPO_ROOT, timeout=60, env=TODAY_ENV
    )


def flags(page_type: str = "les", title: str = "Coöperatie en ideeën", **extra: str) -> list[str]:
    values = {"--type": page_type, "--title": title, "--description": "Eén zin.", "--cities": CITY, "--tags": THEME}
    return [item for pair in {**values, **extra}.items() for item in pair]


def flag_mode(capsys: pytest.CaptureFixture[str], docs: Path, *args: str) -> tuple[int, str, str]:
    code = new_page.main([*args, "--docs", str(docs), "--config", str(MODEL_CONFIG)], today=TODAY, interactive=False)
    out, err = capsys.readouterr()
    return code, out, err


def test_flags_create_the_page_in_the_type_folder(tmp_path: Path) -> None:
    result = run(*flags(), docs=tmp_path / "docs")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "docs" / "lessen" / "cooperatie-en-ideeen.md"
    assert "cooperatie-en-ideeen.md" in result.stdout and "Volgende stappen" in result.stdout
    meta = checked_meta(path, tmp_path / "docs")
    assert (meta["title"], meta["type"], meta["date"]) == ("Coöperatie en ideeën", "les", TODAY)
    assert not (REPO_ROOT / "docs" / "lessen" / "cooperatie-en-ideeen.md").exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Coöperatie en ideeën", "cooperatie-en-ideeen"),
        ("Één café, twee ÉÉN-tjes!", "een-cafe-twee-een-tjes"),
        ("  G5 meetup: Open data & privacy  ", "g5-meetup-open-data-privacy"),
    ],
)
def test_slug_folds_dutch_diacritics(capsys: pytest.CaptureFixture[str], tmp_path: Path, title: str, slug: str) -> None:
    code, _, err = flag_mode(capsys, tmp_path, *flags(title=title))
    assert code == 0, err
    checked_meta(tmp_path / "lessen" / f"{slug}.md", tmp_path)


def test_list_flags_are_repeatable_and_comma_separated(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = [*flags(page_type="interview"), "--cities", f"{OTHER_CITY}, {CITY}", "--tags", MODEL.themes[1]]
    args += [
        "--people",
        "Persoon A, Persoon B",
        "--people",
        "C",
        "--source-title",
        "Bron",
        "--source-url",
        "https://x.nl/",
    ]
    code, _, err = flag_mode(capsys, tmp_path, *args)
    assert code == 0, err
    meta = checked_meta(tmp_path / "interviews" / "cooperatie-en-ideeen.md", tmp_path)
    assert meta["cities"] == [CITY, OTHER_CITY]
    assert meta["tags"] == [THEME, MODEL.themes[1]]
    assert meta["people"] == ["Persoon A", "Persoon B", "C"]
    assert meta["source"] == {"title": "Bron", "url": "https://x.nl/"}


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = flag_mode(capsys, tmp_path, *flags(), "--dry-run")
    assert code == 0
    assert "niet geschreven: --dry-run" in out and "title: Coöperatie en ideeën" in out
    assert not any(tmp_path.rglob("*.md"))


def test_second_run_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert flag_mode(capsys, tmp_path, *flags())[0] == 0
    path = tmp_path / "lessen" / "cooperatie-en-ideeen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEigen tekst.\n", encoding="utf-8")
    before = path.read_bytes()
    code, _, err = flag_mode(capsys, tmp_path, *flags())
    assert code == 1
    assert "bestaat al" in err
    assert path.read_bytes() == before


def test_a_page_the_checker_would_refuse_is_never_rendered(tmp_path: Path) -> None:
    form = scaffold.Form(MODEL, TODAY, tmp_path)
    for name, text in zip(scaffold.FIELDS, ["les", "Titel", "Zin.", CITY, THEME, "", "", "", ""], strict=True):
        form.answer(name, text)
    form.values["tags"] = ["Geen thema"]  # past the questions, as a bug would
    with pytest.raises(scaffold.ScaffoldError, match="Geen thema"):
        form.render()


def test_write_page_uses_exclusive_create(tmp_path: Path) -> None:
    path = tmp_path / "lessen" / "x.md"
    scaffold.write_page(path, "een\n")
    with pytest.raises(scaffold.PageExistsError):
        scaffold.write_page(path, "twee\n")
    assert path.read_text(encoding="utf-8") == "een\n"


@pytest.mark.parametrize(
    ("flag", "value", "field", "checked"),
    [
        ("--tags", "Opendata", "tags", ["Opendata"]),
        ("--cities", "Utrect", "cities", ["Utrect"]),
        ("--cities", "Zwolle", "cities", ["Zwolle"]),
        ("--description", TOO_LONG, "description", TOO_LONG),
        ("--date", "27-11-2025", "date", "27-11-2025"),
        ("--date", "2026-01-16", "date", "2026-01-16"),
    ],
)
def test_flag_errors_are_the_validators_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: str, value: str, field: str, checked: object
) -> None:
    code, _, err = flag_mode(capsys, tmp_path, *flags(**{flag: value}))
    assert code == 2
    (problem,) = validate.validate_field(field, checked, MODEL, TODAY)
    assert f"Fout: {flag}: {problem.message}" in err
    assert not any(tmp_path.rglob("*.md"))


def test_flag_mode_reports_every_unknown_value_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = flag_mode(capsys, tmp_path, *flags(**{"--cities": "Utrect, Zwolle"}))
    assert code == 2
    for problem in validate.validate_field("cities", ["Utrect", "Zwolle"], MODEL, TODAY):
        assert f"Fout: --cities: {problem.message}" in err


def test_the_suggestions_in_flag_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = flag_mode(capsys, tmp_path, *flags(page_type="lessen", **{"--tags": "Opendata"}))
    assert code == 2
    assert 'Fout: --type: "lessen" is geen soort pagina. Bedoelde u "les"?' in err
    assert 'Bedoelde u "Open data"?' in err


@pytest.mark.parametrize("flag", ["--type", "--title", "--description", "--cities", "--tags"])
def test_missing_flag_exits_2_and_names_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: str) -> None:
    args = flags()
    index = args.index(flag)
    del args[index : index + 2]
    code, _, err = flag_mode(capsys, tmp_path, *args)
    assert code == 2
    assert f"Fout: {flag}: Dit antwoord is nodig." in err
    assert not any(tmp_path.rglob("*.md"))


def test_source_url_must_be_https_and_needs_a_title(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = flag_mode(capsys, tmp_path, *flags(), "--source-title", "Bron", "--source-url", "http://x.invalid/")
    assert (code, "begint met https://" in err) == (2, True)
    code, _, err = flag_mode(capsys, tmp_path, *flags(), "--source-url", "https://x.invalid/")
    assert (code, 'heeft een "title" nodig' in err) == (2, True)


def test_long_title_and_title_without_letters_in_flag_mode(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = flag_mode(capsys, tmp_path, *flags(title="Een heel lange titel " * 10))
    assert code == 0, err
    assert "de bestandsnaam is ingekort tot" in out
    code, _, err = flag_mode(capsys, tmp_path, *flags(title="???"))
    assert (code, "geen bestandsnaam" in err) == (2, True)


def test_no_flags_and_no_terminal_explains_both_ways(tmp_path: Path) -> None:
    result = run(docs=tmp_path)
    assert result.returncode == 2
    assert "Start make new in een terminal" in result.stderr and "--title" in result.stderr
    assert "Traceback" not in result.stderr


def test_list_option_prints_the_model() -> None:
    result = run("--lijst")
    assert result.returncode == 0
    for value in (*MODEL.themes, *MODEL.cities):
        assert f"  - {value}" in result.stdout


def test_the_draft_lives_outside_docs_and_is_ignored_by_git() -> None:
    assert not scaffold.DRAFT.is_relative_to(REPO_ROOT / "docs")
    ignored = subprocess.run(["git", "check-ignore", "-q", str(scaffold.DRAFT)], cwd=REPO_ROOT, check=False)
    assert ignored.returncode == 0


# --- templates and the checker ------------------------------------------------------------------

SECTIONS = {
    "les": ["Wat speelde er", "Wat is er geleerd", "Wat u kunt doen"],
    "meetup": ["Agenda", "Wat er besproken is", "Afspraken"],
    "interview": ["Wie en waarom", "Het gesprek", "Wat andere gemeenten hieraan hebben"],
}


@pytest.mark.parametrize("page_type", sorted(MODEL.types))
def test_every_type_has_a_template_with_its_sections(page_type: str) -> None:
    path = scaffold.TEMPLATES_DIR / f"{MODEL.types[page_type].template}.md"
    text = path.read_text(encoding="utf-8")
    template_meta = yaml.safe_load(split(text).yaml_text)
    assert template_meta["type"] == page_type
    assert set(template_meta) >= set(MODEL.required_fields)
    headings = [line[3:].strip() for line in split(text).body.splitlines() if line.startswith("## ")]
    assert headings == SECTIONS[page_type]
    assert "<!--" in split(text).body  # Dutch guidance in comments, kept in the new page
    assert "<!-- listing" not in text  # would be taken for a listing marker by the build


@pytest.mark.parametrize("page_type", sorted(MODEL.types))
def test_output_passes_the_checker(tmp_path: Path, page_type: str) -> None:
    docs = tmp_path / "docs"
    # No --people: the checker wants every name in "people" in the text too, which the template cannot know yet.
    extra = {"--source-title": "Bron", "--source-url": "https://voorbeeld.invalid/"}
    result = run(*flags(page_type=page_type, **extra), docs=docs)
    assert result.returncode == 0, result.stderr
    path = only_page(tmp_path)
    assert "<!--" in path.read_text(encoding="utf-8")
    check = subprocess.run(
        [sys.executable, str(CHECKER), "--config", str(MODEL_CONFIG), "--docs", str(docs), str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        env=TODAY_ENV,
    )
    assert check.returncode == 0, check.stdout + check.stderr
