"""The page scaffolder (``scripts/new_page.py``, ``make new``): flags, validation, templates, no overwrite.

Every run writes into ``tmp_path`` (``--docs``), never into the real ``docs/``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import new_page
import pytest
import yaml
from smartcity import scaffold
from smartcity.frontmatter import split
from smartcity.model import REPO_ROOT, load_model
from smartcity.text import fold

SCRIPT = REPO_ROOT / "scripts" / "new_page.py"
CHECKER = REPO_ROOT / "scripts" / "check_content.py"
MODEL = load_model()


def run(*args: str | Path, docs: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the scaffolder non-interactively (stdin is not a TTY)."""
    cmd = [sys.executable, str(SCRIPT), *map(str, args)]
    if docs is not None:
        cmd += ["--docs", str(docs)]
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=REPO_ROOT, timeout=60)


def flags(page_type: str = "les", title: str = "Coöperatie en ideeën", **extra: str) -> list[str]:
    """A complete set of valid flags, using the first allowed city and theme of the model."""
    values = {
        "--type": page_type,
        "--title": title,
        "--description": "Een pagina die alleen in de tests bestaat.",
        "--cities": MODEL.cities[0],
        "--tags": MODEL.themes[0],
        **extra,
    }
    return [item for pair in values.items() for item in pair]


def meta_of(path: Path) -> dict:
    return yaml.safe_load(split(path.read_text(encoding="utf-8")).yaml_text)


# --- flags mode --------------------------------------------------------------


def test_flags_create_page_in_the_type_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    result = run(*flags(), docs=docs)
    assert result.returncode == 0, result.stderr
    path = docs / "lessen" / "cooperatie-en-ideeen.md"
    assert path.is_file()
    assert str(path) in result.stdout or "cooperatie-en-ideeen.md" in result.stdout
    assert "Volgende stappen" in result.stdout
    meta = meta_of(path)
    assert meta["title"] == "Coöperatie en ideeën"
    assert meta["type"] == "les"
    assert meta["date"] == dt.date.today()
    assert meta["cities"] == [MODEL.cities[0]]
    assert meta["tags"] == [MODEL.themes[0]]
    assert not (REPO_ROOT / "docs" / "lessen" / "cooperatie-en-ideeen.md").exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Coöperatie en ideeën", "cooperatie-en-ideeen"),
        ("Één café, twee ÉÉN-tjes!", "een-cafe-twee-een-tjes"),
        ("  G5 meetup: Open data & privacy  ", "g5-meetup-open-data-privacy"),
    ],
)
def test_slug_folds_dutch_diacritics(tmp_path: Path, title: str, slug: str) -> None:
    result = run(*flags(title=title), docs=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lessen" / f"{slug}.md").is_file()


def test_list_flags_are_repeatable_and_comma_separated(tmp_path: Path) -> None:
    city_a, city_b, city_c = MODEL.cities[:3]
    theme_a, theme_b = MODEL.themes[:2]
    args = flags(page_type="interview")
    args += ["--cities", f"{city_b}, {city_c}", "--tags", theme_b, "--people", "Persoon A, Persoon B", "--people", "C"]
    result = run(*args, docs=tmp_path)
    assert result.returncode == 0, result.stderr
    meta = meta_of(tmp_path / "interviews" / "cooperatie-en-ideeen.md")
    assert meta["cities"] == [city_a, city_b, city_c]
    assert meta["tags"] == [theme_a, theme_b]
    assert meta["people"] == ["Persoon A", "Persoon B", "C"]


def test_case_and_accents_of_choices_are_forgiven(tmp_path: Path) -> None:
    cooperative = next(c for c in MODEL.cities if c != fold(c))  # a city with a diacritic
    args = flags()
    args[args.index("--cities") + 1] = fold(cooperative).upper()
    args[args.index("--tags") + 1] = MODEL.themes[0].lower()
    result = run(*args, docs=tmp_path)
    assert result.returncode == 0, result.stderr
    meta = meta_of(tmp_path / "lessen" / "cooperatie-en-ideeen.md")
    assert meta["cities"] == [cooperative]
    assert meta["tags"] == [MODEL.themes[0]]


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run(*flags(), "--dry-run", docs=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("---") >= 2
    assert not any(tmp_path.rglob("*.md"))


# --- refusing to overwrite --------------------------------------------------------


def test_second_run_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run(*flags(), docs=tmp_path).returncode == 0
    path = tmp_path / "lessen" / "cooperatie-en-ideeen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEigen tekst van de schrijver.\n", encoding="utf-8")
    before = path.read_bytes()
    result = run(*flags(), docs=tmp_path)
    assert result.returncode == 1
    assert "bestaat al" in result.stderr
    assert path.read_bytes() == before


def test_write_page_uses_exclusive_create(tmp_path: Path) -> None:
    path = tmp_path / "lessen" / "x.md"
    scaffold.write_page(path, "een\n")
    with pytest.raises(scaffold.PageExistsError):
        scaffold.write_page(path, "twee\n")
    assert path.read_text(encoding="utf-8") == "een\n"


# --- validation ---------------------------------------------------------------


def test_unknown_theme_gets_a_suggestion(tmp_path: Path) -> None:
    args = flags()
    args[args.index("--tags") + 1] = "Opendata"
    result = run(*args, docs=tmp_path)
    assert result.returncode == 2
    assert "Onbekend thema 'Opendata'" in result.stderr
    assert "Bedoelde je 'Open data'?" in result.stderr
    assert not any(tmp_path.rglob("*.md"))


def test_unknown_city_and_type_get_suggestions(tmp_path: Path) -> None:
    args = flags(page_type="lessen-x")
    args[args.index("--cities") + 1] = "Utrect"
    result = run(*args, docs=tmp_path)
    assert result.returncode == 2
    assert "Bedoelde je 'Utrecht'?" in result.stderr
    assert "Onbekend type 'lessen-x'" in result.stderr


@pytest.mark.parametrize("flag", ["--type", "--title", "--description", "--cities", "--tags"])
def test_missing_flag_without_tty_exits_2_and_names_it(tmp_path: Path, flag: str) -> None:
    args = flags()
    index = args.index(flag)
    del args[index : index + 2]
    result = run(*args, docs=tmp_path)
    assert result.returncode == 2
    assert flag in result.stderr
    assert "ontbrekende" in result.stderr.lower()
    assert not any(tmp_path.rglob("*.md"))


def test_too_long_description_and_future_date_are_refused(tmp_path: Path) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    args = flags(**{"--description": "x" * (MODEL.description_max_length + 1), "--date": tomorrow})
    result = run(*args, docs=tmp_path)
    assert result.returncode == 2
    assert "beschrijving" in result.stderr.lower()
    assert "toekomst" in result.stderr


def test_source_url_must_be_https() -> None:
    with pytest.raises(scaffold.ScaffoldError, match="https"):
        scaffold.build_request(
            MODEL,
            page_type="les",
            title="T",
            description="D",
            cities=[MODEL.cities[0]],
            tags=[MODEL.themes[0]],
            source_title="Bron",
            source_url="http://voorbeeld.invalid/",
        )


# --- the choices come from the content model ----------------------------------


def test_interactive_mode_offers_exactly_the_model_choices(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["1", "Een titel", "Een zin.", "1, 2", str(len(MODEL.themes)), "", ""])
    args = new_page.build_parser().parse_args([])
    new_page.fill_interactively(args, MODEL, read=lambda _prompt: next(answers))
    out = capsys.readouterr().out
    offered = [line.split(". ", 1)[1] for line in out.splitlines() if line.startswith("  ") and ". " in line]
    assert offered == [*MODEL.types, *MODEL.cities, *MODEL.themes]
    assert args.type == next(iter(MODEL.types))
    assert args.cities == list(MODEL.cities[:2])
    assert args.tags == [MODEL.themes[-1]]
    assert args.people == []


def test_list_option_prints_the_model(tmp_path: Path) -> None:
    result = run("--lijst")
    assert result.returncode == 0
    for value in (*MODEL.themes, *MODEL.cities):
        assert f"  - {value}" in result.stdout


# --- templates ----------------------------------------------------------------------

SECTIONS = {
    "les": ["Wat speelde er", "Wat hebben we geleerd", "Wat zouden we anders doen"],
    "meetup": ["Agenda", "Wat er besproken is", "Afspraken"],
    "interview": [],
}


@pytest.mark.parametrize("page_type", sorted(MODEL.types))
def test_every_type_has_a_template_with_its_sections(page_type: str) -> None:
    path = scaffold.template_path(MODEL, page_type)
    assert path.is_file(), f"sjabloon ontbreekt: {path}"
    text = path.read_text(encoding="utf-8")
    template_meta = yaml.safe_load(split(text).yaml_text)
    assert template_meta["type"] == page_type
    assert set(template_meta) >= set(MODEL.required_fields)
    headings = [line[3:].strip() for line in split(text).body.splitlines() if line.startswith("## ")]
    for section in SECTIONS[page_type]:
        assert section in headings
    assert "<!--" in text  # Dutch guidance in comments
    assert "<!-- listing" not in text  # would be taken for a listing marker by the build hook


# --- the checker accepts what the scaffolder writes --------------------------------


@pytest.mark.parametrize("page_type", sorted(MODEL.types))
def test_output_passes_the_checker(tmp_path: Path, page_type: str) -> None:
    if not CHECKER.is_file():
        pytest.skip("scripts/check_content.py bestaat nog niet")
    docs = tmp_path / "docs"
    result = run(*flags(page_type=page_type, **{"--people": "Persoon A"}), docs=docs)
    assert result.returncode == 0, result.stderr
    (path,) = docs.rglob("*.md")
    check = subprocess.run(
        [sys.executable, str(CHECKER), "--docs", str(docs), str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
