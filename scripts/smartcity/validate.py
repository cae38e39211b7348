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

PAGE_KEYS = ("title", "description", "hide", "listing", "template")  # pages that are not lessons etc.
LISTING_KEYS = ("theme", "city", "type")
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_MARKUP_START = re.compile(r"[<&]")
_SLUG_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
# The messages, each with the fix, by rule id (":variant" for a second message of a rule).
MESSAGES = {
    "fm-unclosed": "De front matter begint met --- maar wordt nergens afgesloten. Zet een regel met alleen --- "
    "onder het laatste veld.",
    "fm-missing": "De pagina heeft geen front matter. Begin de pagina met een regel ---, daaronder de velden "
    "(title, description, date, type, cities, tags) en sluit af met een regel ---. Maak een nieuwe pagina het "
    "makkelijkst met 'make new'.",
    "fm-yaml": "{error} Controleer op deze regel de dubbele punt na de veldnaam, de inspringing met spaties (geen "
    "tabs) en zet tekst met een dubbele punt of # tussen aanhalingstekens.",
    "fm-yaml:refused": "{error}",
    "fm-yaml:value": 'De waarde van "{key}" kan niet gelezen worden ({why}). Schrijf gewone tekst, een lijst of een '
    "datum, zonder !!-aanduidingen.",
    "fm-not-mapping": "De front matter moet bestaan uit regels 'veld: waarde' (zoals 'title: Mijn titel'), niet uit "
    "een losse tekst of lijst.",
    "fm-required": 'Het verplichte veld "{key}" ontbreekt in de front matter. Voeg het toe: {help}',
    "fm-unknown-key": 'Het veld "{key}" bestaat niet in het inhoudsmodel.{hint} Gebruik alleen de velden uit '
    "mkdocs.yml (extra.content_model): {allowed}.",
    "fm-unknown-key:page": 'Het veld "{key}" wordt op deze pagina niet gebruikt.{hint} Toegestaan: {allowed}.',
    "fm-markup": 'In "{key}" staat HTML-code ("{text}"). Front matter is gewone tekst: haal de tekens < > en &…; '
    "weg, of schrijf ze als woorden.",
    "file-name": 'De bestandsnaam "{name}" is niet goed voor een webadres. Noem het bestand "{wanted}": kleine '
    "letters, zonder accenten, woorden met een streepje.",
    "fm-field-type": 'Het veld "{key}" moet een (niet-lege) tekst zijn. {help}',
    "fm-field-type:list": 'Het veld "{key}" moet een lijst van teksten zijn, met elke waarde op een eigen regel die '
    'begint met "  - ". {help}',
    "fm-field-type:source": 'Het veld "source" moet velden bevatten (title en eventueel url). {help}',
    "fm-description-length": "De beschrijving is {length} tekens lang; dat mag hoogstens {limit} zijn. Maak er één "
    "korte zin van.",
    "fm-date": '"{value}" in het veld "{key}" is geen bestaande datum. Schrijf de datum als JJJJ-MM-DD (jaar, '
    "maand, dag), bijvoorbeeld 2024-03-14.{hint}",
    "fm-future-date": 'De datum {value} in het veld "{key}" ligt in de toekomst. Bij "date": de datum waarop de '
    'pagina op de site geplaatst wordt (meestal vandaag); bij "reviewed": de datum waarop je de pagina controleerde.',
    "fm-type-folder": 'De pagina staat in de map "{folder}/", dus het type moet "{wanted}" zijn (nu: "{value}"). Pas '
    "het type aan of verplaats de pagina naar de map van dat type ({folders}).",
    "fm-duplicate": '"{value}" staat twee keer in het veld "{key}". Haal de tweede keer weg.',
    "fm-tag": 'Het thema "{value}" staat niet in de lijst met thema\'s.{hint} Kies uit de lijst in mkdocs.yml '
    "(extra.content_model.themes).",
    "fm-city": 'De gemeente of organisatie "{value}" staat niet in de lijst met gemeenten en organisaties.{hint} Is '
    "het een nieuwe gemeente of organisatie? Voeg dan in mkdocs.yml onder extra.content_model.cities één regel "
    '"      - {value}" toe (de pagina van die plaats maakt de site zelf) en vink in je pull request het vakje voor '
    "een nieuwe gemeente of organisatie aan.",
    "fm-required:source": 'De bron ("source") heeft een "title" nodig: de naam van de bron.',
    "fm-unknown-key:source": 'Het veld "source.{value}" bestaat niet.{hint} Een bron heeft alleen "title" en "url".',
    "fm-source-url": "De bron-URL moet een volledig webadres zijn dat begint met https://. Laat url weg als het "
    "adres niet bekend is.",
    "fm-listing:shape": 'Het veld "listing" moet precies één van theme, city of type bevatten, bijvoorbeeld '
    '"listing: {{theme: Open data}}".',
    "fm-listing:key": '"listing.{value}" bestaat niet.{hint} Gebruik theme, city of type.',
    "fm-listing:value": '"{value}" is geen bekende waarde voor listing.{sub}.{hint} Kies uit: {allowed}.',
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the front matter: a checker rule id, a Dutch message, and where.

    ``key`` is the top-level field (``None``: the page as a whole); ``item`` a list index or
    nested key inside it; ``at_value`` points at the nested value instead of the nested key;
    ``line``/``column`` are set when the position is known without a key (a YAML error).
    """

    rule: str
    message: str
    key: str | None = None
    item: int | str | None = None
    at_value: bool = False
    line: int = 0
    column: int = 1

    @classmethod
    def of(cls, message: str, key: str | None = None, item: int | str | None = None, **fill: Any) -> Problem:
        """The problem whose message is ``MESSAGES[message]``, filled in with ``key`` and ``fill``."""
        at_value, line, column = fill.pop("at_value", False), fill.pop("line", 0), fill.pop("column", 1)
        text = MESSAGES[message].format(key=key, **fill)
        return cls(message.partition(":")[0], text, key, item, at_value, line, column)


def _key(value: str) -> str:
    return " ".join(fold(value).casefold().split())


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``value`` (case, accents and spaces ignored first), or ``None``."""
    by_key = {_key(choice): choice for choice in choices}
    squashed = {k.replace(" ", ""): v for k, v in by_key.items()}
    key = _key(value)
    exact = by_key.get(key) or squashed.get(key.replace(" ", ""))
    match = exact or next(iter(difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)), None)
    return by_key.get(match, match) if match else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Bedoelde je "X"?`` or an empty string: the one "bedoelde je" of the project."""
    found = nearest(value, choices)
    return f' Bedoelde je "{found}"?' if found else ""


def has_markup(value: str) -> bool:
    """True when ``value`` holds an HTML tag or entity; front matter is plain text."""
    return bool(_MARKUP.search(value))


def check_text(text: str, src: str, model: ContentModel, today: dt.date) -> tuple[dict[str, Any], list[Problem]]:
    """Read and validate the front matter of a whole page (newlines ``\\n``): its values and its problems."""
    part = frontmatter.split(text)
    if part.yaml_text is None:
        problems = [] if part.closed else [Problem.of("fm-unclosed", line=1)]
        return {}, problems + ([Problem.of("fm-missing", line=1)] if page_type_of(src, model) and part.closed else [])
    try:
        values, broken = frontmatter.load(part.yaml_text)
    except frontmatter.FrontMatterError as exc:
        message = "fm-yaml" if exc.syntax else "fm-yaml:refused"
        return {}, [Problem.of(message, error=exc.message, line=exc.line, column=exc.column)]
    dated = {k for k in broken if k in model.fields and model.fields[k].kind == "date"}
    problems = [Problem.of("fm-yaml:value", key, why=why) for key, why in broken.items() if key not in dated]
    if not isinstance(values, dict):
        return {}, problems + validate_page(values, src, model, today)
    dates = frontmatter.Positions(part.yaml_text).scalars(dated)  # checked as the text written, e.g. 2024-02-30
    found = validate_page({**values, **dates}, src, model, today)
    return values, problems + [p for p in found if p.key not in broken or p.key in dates]


def validate_page(meta: Any, src: str, model: ContentModel, today: dt.date) -> list[Problem]:
    """Every problem in the front-matter values ``meta`` of the page ``src`` (docs-relative)."""
    if not isinstance(meta, Mapping):
        return [Problem.of("fm-not-mapping", line=2)]
    page_type = page_type_of(src, model)
    problems = list(_markup(meta))
    if page_type is None:
        return problems + list(_page_keys(meta, model))
    problems += [
        Problem.of("fm-required", n, help=model.fields[n].help) for n in model.required_fields if n not in meta
    ]
    for name, value in meta.items():
        if name in model.fields:
            problems += validate_field(name, value, model, today, page_type)
        else:
            hint, allowed = did_you_mean(str(name), model.fields), ", ".join(model.fields)
            problems.append(Problem.of("fm-unknown-key", str(name), hint=hint, allowed=allowed))
    return problems


def validate_field(
    name: str, value: Any, model: ContentModel, today: dt.date, page_type: PageType | None = None
) -> list[Problem]:
    """The problems of one field's value (the scaffolder asks this for every answer)."""
    spec = model.fields[name]
    return list(_KINDS[spec.kind](spec, value, model, today, page_type))


def file_name_problem(src: str) -> Problem | None:
    """A page's file name must be its own slug (lower case, no accents, words joined by "-")."""
    name = src.rpartition("/")[2]
    if _SLUG_NAME.fullmatch(name):
        return None
    wanted = slugify(name.removesuffix(".md")) + ".md"
    return None if name == wanted or wanted == ".md" else Problem.of("file-name", name=name, wanted=wanted, line=1)


def _markup(meta: Mapping[str, Any]) -> Iterator[Problem]:
    if not _MARKUP_START.search(repr(meta)):  # one scan of everything; most pages have no < or & at all
        return
    for key, value in meta.items():
        texts = [(None, value)] if isinstance(value, str) else []
        texts += list(enumerate(value)) if isinstance(value, list) else []
        texts += [(str(k), v) for k, v in value.items()] if isinstance(value, Mapping) else []
        for item, text in texts:
            if isinstance(text, str) and has_markup(text):
                yield Problem.of("fm-markup", str(key), item, text=text[:60], at_value=isinstance(item, str))


def _string(spec: FieldSpec, value: Any, model: ContentModel, *_: Any) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem.of("fm-field-type", spec.name, help=spec.help)
    elif spec.name == "description" and len(value) > model.description_max_length:
        yield Problem.of("fm-description-length", spec.name, length=len(value), limit=model.description_max_length)


def _date(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    day = as_date(value)
    if day is None:
        dutch = _DUTCH_DATE.fullmatch(str(value).strip())
        hint = f" Bedoel je {dutch[3]}-{int(dutch[2]):02d}-{int(dutch[1]):02d}?" if dutch else ""
        yield Problem.of("fm-date", spec.name, value=value, hint=hint)
    elif day > today:
        yield Problem.of("fm-future-date", spec.name, value=day.isoformat())


def _type(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, page_type: Any) -> Iterator[Problem]:
    if page_type is not None and value != page_type.name:
        folders = ", ".join(f"{t.name}: {t.folder}/" for t in model.types.values())
        wanted = page_type.name
        yield Problem.of(
            "fm-type-folder", spec.name, folder=page_type.folder, wanted=wanted, value=value, folders=folders
        )


def _strings(spec: FieldSpec, value: Any, model: ContentModel, *_: Any) -> Iterator[Problem]:
    """A list of texts without repeats; for themes and places also each one allowed."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (spec.required and not value):
        yield Problem.of("fm-field-type:list", spec.name, help=spec.help)
        return
    allowed = {"themes": ("fm-tag", model.themes), "cities": ("fm-city", model.cities)}.get(spec.kind)
    for index, item in enumerate(value):
        if item in value[:index]:
            yield Problem.of("fm-duplicate", spec.name, index, value=item)
        if allowed and item not in allowed[1]:
            yield Problem.of(allowed[0], spec.name, index, value=item, hint=did_you_mean(item, allowed[1]))


def _source(spec: FieldSpec, value: Any, *_: Any) -> Iterator[Problem]:
    if not isinstance(value, Mapping):
        yield Problem.of("fm-field-type:source", "source", help=spec.help)
        return
    if not isinstance(value.get("title"), str) or not value["title"].strip():
        yield Problem.of("fm-required:source", "source")
    for key, item in value.items():
        if key not in ("title", "url"):
            yield Problem.of(
                "fm-unknown-key:source", "source", str(key), value=key, hint=did_you_mean(str(key), ("title", "url"))
            )
        elif key == "url" and not (isinstance(item, str) and item.strip().lower().startswith("https://")):
            yield Problem.of("fm-source-url", "source", "url", at_value=True)


_KINDS = {"string": _string, "date": _date, "type": _type, "themes": _strings, "cities": _strings}
_KINDS |= {"string_list": _strings, "source": _source}


def _page_keys(meta: Mapping[str, Any], model: ContentModel) -> Iterator[Problem]:
    """Pages other than lessons, interviews and meetups: only the keys the site uses, a valid ``listing``."""
    for name in (str(n) for n in meta if n not in PAGE_KEYS):
        yield Problem.of("fm-unknown-key:page", name, hint=did_you_mean(name, PAGE_KEYS), allowed=", ".join(PAGE_KEYS))
    listing = meta.get("listing")
    if listing is not None and (not isinstance(listing, Mapping) or len(listing) != 1):
        yield Problem.of("fm-listing:shape", "listing")
        return
    allowed = {"theme": model.themes, "city": model.cities, "type": tuple(model.types)}
    for key, value in (listing or {}).items():
        if key not in allowed:
            yield Problem.of(
                "fm-listing:key", "listing", str(key), value=key, hint=did_you_mean(str(key), LISTING_KEYS)
            )
        elif str(value) not in allowed[key]:
            hint, choices = did_you_mean(str(value), allowed[key]), ", ".join(allowed[key])
            yield Problem.of(
                "fm-listing:value", "listing", str(key), value=value, sub=key, hint=hint, allowed=choices, at_value=True
            )
