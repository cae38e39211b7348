"""The one validator of front matter against the content model, with Dutch messages that say the fix.

The checker, the build hook, the scaffolder and the tests all call it. It looks at
values only; a :class:`Problem` names the key (and list index or nested key) it is
about, and the caller turns that into a line and column when it has the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import frontmatter
from .frontmatter import as_date
from .model import ContentModel, FieldSpec, PageType
from .pages import page_type_of
from .text import fold, slugify

MODEL_FILE = "mkdocs.yml (extra.content_model)"
PAGE_KEYS = ("title", "description", "hide", "search", "listing", "template")  # pages that are not lessons etc.
LISTING_KEYS = ("theme", "city", "type")
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the front matter: a checker rule id, a Dutch message, and where.

    ``key`` is the top-level field (``None``: the page as a whole); ``item`` a list index or
    nested key inside it; ``at_value`` points at the nested value instead of the nested key.
    """

    rule: str
    message: str
    key: str | None = None
    item: int | str | None = None
    at_value: bool = False
    line: int = 0  # set when the position is known without the key (a YAML error)
    column: int = 1


def _key(value: str) -> str:
    return " ".join(fold(value).casefold().split())


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``value`` (case, accents and spaces ignored first), or ``None``."""
    by_key = {_key(choice): choice for choice in choices}
    key = _key(value)
    squashed = {k.replace(" ", ""): v for k, v in by_key.items()}
    if key in by_key or key.replace(" ", "") in squashed:
        return by_key.get(key) or squashed[key.replace(" ", "")]
    match = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Bedoelde je "X"?`` or an empty string: the one "bedoelde je" of the project."""
    found = nearest(value, choices)
    return f' Bedoelde je "{found}"?' if found else ""


def has_markup(value: str) -> bool:
    """True when ``value`` holds an HTML tag or entity; front matter is plain text."""
    return bool(_MARKUP.search(value))


def validate_page(meta: Any, src: str, model: ContentModel, today: dt.date) -> list[Problem]:
    """Every problem in the front-matter values ``meta`` of the page ``src`` (docs-relative)."""
    if not isinstance(meta, Mapping):
        return [
            Problem(
                "fm-not-mapping",
                "De front matter moet bestaan uit regels 'veld: waarde' (zoals "
                "'title: Mijn titel'), niet uit een losse tekst of lijst.",
                line=2,
            )
        ]
    page_type = page_type_of(src, model)
    problems = list(_markup(meta))
    if page_type is None:
        problems += _page_keys(meta, src, model)
        return problems
    for name in model.required_fields:
        if name not in meta:
            spec = model.fields[name]
            problems.append(
                Problem(
                    "fm-required",
                    f'Het verplichte veld "{name}" ontbreekt in de front matter. Voeg het toe: {spec.help}',
                )
            )
    for name, value in meta.items():
        if name in model.fields:
            problems += validate_field(name, value, model, today, page_type)
        else:
            problems.append(
                Problem(
                    "fm-unknown-key",
                    f'Het veld "{name}" bestaat niet in het inhoudsmodel.'
                    f"{did_you_mean(str(name), model.fields)} Gebruik alleen de velden uit "
                    f"{MODEL_FILE}: {', '.join(model.fields)}.",
                    str(name),
                )
            )
    return problems


def check_text(text: str, src: str, model: ContentModel, today: dt.date) -> tuple[dict[str, Any], list[Problem]]:
    """Read and validate the front matter of a whole page (newlines ``\n``): its values and its problems."""
    part = frontmatter.split(text)
    if part.yaml_text is None:
        problems = [] if part.closed else [Problem("fm-unclosed", _UNCLOSED, line=1)]
        if page_type_of(src, model) and part.closed:
            problems.append(Problem("fm-missing", _MISSING, line=1))
        return {}, problems
    try:
        values, broken = frontmatter.load(part.yaml_text)
    except frontmatter.FrontMatterError as exc:
        return {}, [Problem("fm-yaml", f"{exc.message} {_YAML_HINT}", line=exc.line, column=exc.column)]
    problems = [
        Problem(
            "fm-yaml",
            f'De waarde van "{key}" kan niet gelezen worden ({why}). Schrijf gewone tekst, een lijst '
            "of een datum, zonder !!-aanduidingen.",
            key,
        )
        for key, why in broken.items()
        if not (key in model.fields and model.fields[key].kind == "date")
    ]
    if not isinstance(values, dict):
        return {}, [*problems, *validate_page(values, src, model, today)]
    dates = frontmatter.Positions(part.yaml_text).scalars(k for k in broken if k not in {p.key for p in problems})
    found = validate_page({**values, **dates}, src, model, today)
    return values, problems + [p for p in found if p.key not in broken or p.key in dates]


_UNCLOSED = (
    "De front matter begint met --- maar wordt nergens afgesloten. Zet een regel met alleen --- onder het laatste veld."
)
_MISSING = (
    "De pagina heeft geen front matter. Begin de pagina met een regel ---, daaronder de velden (title, description, "
    "date, type, cities, tags) en sluit af met een regel ---. Maak een nieuwe pagina het makkelijkst met 'make new'."
)
_YAML_HINT = (
    "Controleer op deze regel de dubbele punt na de veldnaam, de inspringing met spaties (geen tabs) en zet tekst "
    "met een dubbele punt of # tussen aanhalingstekens."
)


def file_name_problem(src: str) -> Problem | None:
    """A page's file name must be its own slug (lower case, no accents, words joined by "-")."""
    name = src.rpartition("/")[2]
    wanted = slugify(name.removesuffix(".md")) + ".md"
    if name == wanted or wanted == ".md":
        return None
    return Problem(
        "file-name",
        f'De bestandsnaam "{name}" is niet goed voor een webadres. Noem het bestand "{wanted}": kleine letters, '
        "zonder accenten, woorden met een streepje.",
        line=1,
    )


def validate_field(
    name: str, value: Any, model: ContentModel, today: dt.date, page_type: PageType | None = None
) -> list[Problem]:
    """The problems of one field's value (the scaffolder asks this for every answer)."""
    spec = model.fields[name]
    return list(_KINDS[spec.kind](spec, value, model, today, page_type))


def _markup(meta: Mapping[str, Any]) -> Iterator[Problem]:
    for key, value in meta.items():
        for item, text in _texts(value):
            if has_markup(text):
                yield Problem(
                    "fm-markup",
                    f'In "{key}" staat HTML-code ("{text[:60]}"). Front matter is gewone '
                    "tekst: haal de tekens < > en &…; weg, of schrijf ze als woorden.",
                    str(key),
                    item,
                    at_value=isinstance(item, str),
                )


def _texts(value: Any) -> Iterator[tuple[int | str | None, str]]:
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, list):
        yield from ((i, v) for i, v in enumerate(value) if isinstance(v, str))
    elif isinstance(value, Mapping):
        yield from ((str(k), v) for k, v in value.items() if isinstance(v, str))


def _string(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem(
            "fm-field-type", f'Het veld "{spec.name}" moet een (niet-lege) tekst zijn. {spec.help}', spec.name
        )
    elif spec.name == "description" and len(value) > model.description_max_length:
        yield Problem(
            "fm-description-length",
            f"De beschrijving is {len(value)} tekens lang; dat mag hoogstens "
            f"{model.description_max_length} zijn. Maak er één korte zin van.",
            spec.name,
        )


def _date(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    day = as_date(value)
    if day is None:
        dutch = _DUTCH_DATE.fullmatch(str(value).strip())
        hint = f" Bedoel je {dutch[3]}-{int(dutch[2]):02d}-{int(dutch[1]):02d}?" if dutch else ""
        yield Problem(
            "fm-date",
            f'"{value}" in het veld "{spec.name}" is geen bestaande datum. Schrijf de datum '
            f"als JJJJ-MM-DD (jaar, maand, dag), bijvoorbeeld 2024-03-14.{hint}",
            spec.name,
        )
    elif day > today:
        yield Problem(
            "fm-future-date",
            f'De datum {day.isoformat()} in het veld "{spec.name}" ligt in de toekomst. '
            'Bij "date": de datum waarop de pagina op de site geplaatst wordt (meestal vandaag); bij '
            '"reviewed": de datum waarop je de pagina controleerde.',
            spec.name,
        )


def _type(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, page_type: Any) -> Iterator[Problem]:
    if page_type is not None and value != page_type.name:
        folders = ", ".join(f"{t.name}: {t.folder}/" for t in model.types.values())
        yield Problem(
            "fm-type-folder",
            f'De pagina staat in de map "{page_type.folder}/", dus het type moet '
            f'"{page_type.name}" zijn (nu: "{value}"). Pas het type aan of verplaats de pagina naar '
            f"de map van dat type ({folders}).",
            spec.name,
        )


def _list_of_strings(spec: FieldSpec, value: Any) -> Iterator[Problem]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (spec.required and not value):
        yield Problem(
            "fm-field-type",
            f'Het veld "{spec.name}" moet een lijst van teksten zijn, met elke waarde op '
            f'een eigen regel die begint met "  - ". {spec.help}',
            spec.name,
        )
        return
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item in seen:
            yield Problem(
                "fm-duplicate",
                f'"{item}" staat twee keer in het veld "{spec.name}". Haal de tweede keer weg.',
                spec.name,
                index,
            )
        seen.add(item)


def _string_list(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    yield from _list_of_strings(spec, value)


def _allowed(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    problems = list(_list_of_strings(spec, value))
    yield from problems
    if any(p.rule == "fm-field-type" for p in problems):
        return
    for index, item in enumerate(value):
        if spec.kind == "themes" and item not in model.themes:
            yield Problem(
                "fm-tag",
                f'Het thema "{item}" staat niet in de lijst met thema\'s.'
                f"{did_you_mean(item, model.themes)} Kies uit de lijst in "
                "mkdocs.yml (extra.content_model.themes).",
                spec.name,
                index,
            )
        elif spec.kind == "cities" and item not in model.cities:
            yield Problem("fm-city", unknown_place_message(item, model), spec.name, index)


def unknown_place_message(item: str, model: ContentModel) -> str:
    """Dutch: a place that is not (yet) in the list, and how to add it in one line."""
    hint = did_you_mean(item, model.cities)
    return (
        f'De gemeente of organisatie "{item}" staat niet in de lijst met gemeenten en organisaties.{hint} '
        f"Is het een nieuwe gemeente of organisatie? Voeg dan in mkdocs.yml onder extra.content_model.cities "
        f'één regel "      - {item}" toe (de pagina van die plaats maakt de site zelf) en vink in je pull '
        "request het vakje voor een nieuwe gemeente of organisatie aan."
    )


def _source(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    if not isinstance(value, Mapping):
        yield Problem(
            "fm-field-type", f'Het veld "source" moet velden bevatten (title en eventueel url). {spec.help}', "source"
        )
        return
    if not isinstance(value.get("title"), str) or not value["title"].strip():
        yield Problem("fm-required", 'De bron ("source") heeft een "title" nodig: de naam van de bron.', "source")
    for key, item in value.items():
        if key not in ("title", "url"):
            yield Problem(
                "fm-unknown-key",
                f'Het veld "source.{key}" bestaat niet.{did_you_mean(str(key), ("title", "url"))} '
                'Een bron heeft alleen "title" en "url".',
                "source",
                str(key),
            )
        elif key == "url" and not (isinstance(item, str) and item.strip().lower().startswith("https://")):
            yield Problem(
                "fm-source-url",
                "De bron-URL moet een volledig webadres zijn dat begint met https://. "
                "Laat url weg als het adres niet bekend is.",
                "source",
                "url",
                at_value=True,
            )


_KINDS = {
    "string": _string,
    "date": _date,
    "type": _type,
    "themes": _allowed,
    "cities": _allowed,
    "string_list": _string_list,
    "source": _source,
}


def _page_keys(meta: Mapping[str, Any], src: str, model: ContentModel) -> Iterator[Problem]:
    """Pages other than lessons, interviews and meetups: only the keys the site uses, a valid ``listing``."""
    for name in meta:
        if name not in PAGE_KEYS:
            yield Problem(
                "fm-unknown-key",
                f'Het veld "{name}" wordt op deze pagina niet gebruikt.'
                f"{did_you_mean(str(name), PAGE_KEYS)} Toegestaan: {', '.join(PAGE_KEYS)}.",
                str(name),
            )
    listing = meta.get("listing")
    if listing is None:
        return
    if not isinstance(listing, Mapping) or len(listing) != 1:
        yield Problem(
            "fm-listing",
            'Het veld "listing" moet precies één van theme, city of type bevatten, '
            'bijvoorbeeld "listing: {theme: Open data}".',
            "listing",
        )
        return
    allowed = {"theme": model.themes, "city": model.cities, "type": tuple(model.types)}
    for key, value in listing.items():
        if key not in allowed:
            yield Problem(
                "fm-listing",
                f'"listing.{key}" bestaat niet.{did_you_mean(str(key), LISTING_KEYS)} Gebruik theme, city of type.',
                "listing",
                str(key),
            )
        elif str(value) not in allowed[key]:
            yield Problem(
                "fm-listing",
                f'"{value}" is geen bekende waarde voor listing.{key}.'
                f"{did_you_mean(str(value), allowed[key])} Kies uit: {', '.join(allowed[key])}.",
                "listing",
                str(key),
                at_value=True,
            )
