"""Create a new content page from the content model and a type template.

The logic behind ``scripts/new_page.py`` (``make new``). Every allowed value
(types, themes, cities) comes from :mod:`smartcity.model`; the page body comes
from ``templates/<template>.md`` at the repository root, whose front matter is
replaced by the values given here. Messages are Dutch: contributors read them.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import split
from .model import REPO_ROOT, ContentModel
from .text import fold, slugify

TEMPLATES_DIR = REPO_ROOT / "templates"
ALLOWED_HINT = (
    "De toegestane thema's, gemeenten en organisaties staan in mkdocs.yml (extra.content_model) "
    "en op de pagina Bijdragen van de site; 'python scripts/new_page.py --lijst' toont ze ook."
)


class ScaffoldError(Exception):
    """A value given to the scaffolder is invalid; the message is Dutch and says how to fix it."""


class PageExistsError(ScaffoldError):
    """The target file already exists; the scaffolder never overwrites a page."""


@dataclass(frozen=True)
class PageRequest:
    """Everything needed to write one page; values already validated against the model."""

    type: str
    title: str
    description: str
    cities: tuple[str, ...]
    tags: tuple[str, ...]
    date: dt.date
    people: tuple[str, ...] = ()
    source_title: str | None = None
    source_url: str | None = None


# --- value helpers ---------------------------------------------------------


def split_list(values: Iterable[str] | None) -> list[str]:
    """Flatten repeatable, comma-separated flag values: ``["a, b", "c"]`` -> ``["a", "b", "c"]``.

    Empty items are dropped and duplicates removed, keeping the first occurrence.
    """
    result: list[str] = []
    for value in values or ():
        for item in value.split(","):
            item = item.strip()
            if item and item not in result:
                result.append(item)
    return result


def _key(text: str) -> str:
    """Comparison key: diacritics folded, case and surrounding space ignored."""
    return " ".join(fold(text).casefold().split())


def suggestions(value: str, choices: Sequence[str], limit: int = 3) -> list[str]:
    """The allowed values closest to ``value`` (for "bedoelde je …?")."""
    by_key = {_key(c): c for c in choices}
    keys = difflib.get_close_matches(_key(value), list(by_key), n=limit, cutoff=0.5)
    # A value that is the start of a choice ("open" -> "Open data") is a good guess too.
    wanted = _key(value)
    for k in by_key:
        if wanted and (k.startswith(wanted) or wanted in k.split()) and k not in keys:
            keys.append(k)
    return [by_key[k] for k in keys[:limit]]


def _did_you_mean(found: list[str]) -> str:
    if not found:
        return ""
    quoted = [f"'{s}'" for s in found]
    if len(quoted) == 1:
        return f" Bedoelde je {quoted[0]}?"
    return f" Bedoelde je {', '.join(quoted[:-1])} of {quoted[-1]}?"


def resolve_choice(value: str, choices: Sequence[str], what: str, flag: str) -> str:
    """Return the allowed spelling of ``value`` (case and accents may differ), or raise.

    ``what`` starts the Dutch message ("Onbekend thema", "Onbekende stad of organisatie").
    """
    for choice in choices:
        if _key(choice) == _key(value):
            return choice
    hint = _did_you_mean(suggestions(value, choices))
    raise ScaffoldError(f"{what} '{value}' bij {flag}.{hint}")


def resolve_choices(values: Iterable[str], choices: Sequence[str], what: str, flag: str) -> tuple[str, ...]:
    """Resolve every value; collect all errors so the contributor sees them at once."""
    resolved: list[str] = []
    errors: list[str] = []
    for value in values:
        try:
            choice = resolve_choice(value, choices, what, flag)
        except ScaffoldError as exc:
            errors.append(str(exc))
            continue
        if choice not in resolved:
            resolved.append(choice)
    if errors:
        raise ScaffoldError("\n".join(errors))
    return tuple(resolved)


def resolve_type(value: str, model: ContentModel) -> str:
    """The page type name (``les``, ``interview``, ``meetup``); accepts the folder or label too."""
    for name, page_type in model.types.items():
        if _key(value) in {_key(name), _key(page_type.folder), _key(page_type.label), _key(page_type.plural)}:
            return name
    hint = _did_you_mean(suggestions(value, list(model.types)))
    allowed = ", ".join(model.types)
    raise ScaffoldError(f"Onbekend type '{value}' bij --type.{hint} Kies uit: {allowed}.")


def parse_date(value: str, today: dt.date) -> dt.date:
    """A ``JJJJ-MM-DD`` date that is not in the future."""
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ScaffoldError(
            f"Datum '{value}' bij --date is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2024-03-14."
        ) from exc
    if parsed > today:
        raise ScaffoldError(
            f"Datum {parsed.isoformat()} bij --date ligt in de toekomst; gebruik de datum van publicatie."
        )
    return parsed


def build_request(
    model: ContentModel,
    *,
    page_type: str,
    title: str,
    description: str,
    cities: Iterable[str],
    tags: Iterable[str],
    people: Iterable[str] = (),
    date: str | None = None,
    source_title: str | None = None,
    source_url: str | None = None,
    today: dt.date | None = None,
) -> PageRequest:
    """Validate raw values against the model and return a :class:`PageRequest`.

    Raises :class:`ScaffoldError` with every problem found, one per line.
    """
    today = today or dt.date.today()
    errors: list[str] = []

    def attempt(func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except ScaffoldError as exc:
            errors.append(str(exc))
            return None

    type_name = attempt(resolve_type, page_type, model)
    title = " ".join(title.split())
    if not title:
        errors.append("De titel (--title) is leeg.")
    elif not slugify(title):
        errors.append(f"Van de titel '{title}' kan geen bestandsnaam gemaakt worden; gebruik letters of cijfers.")
    description = " ".join(description.split())
    limit = model.description_max_length
    if not description:
        errors.append("De beschrijving (--description) is leeg.")
    elif len(description) > limit:
        errors.append(
            f"De beschrijving (--description) is {len(description)} tekens; hoogstens {limit} mag. Maak haar korter."
        )
    city_list, tag_list = split_list(cities), split_list(tags)
    if not city_list:
        errors.append("Geef minstens één stad of organisatie (--cities).")
    if not tag_list:
        errors.append("Geef minstens één thema (--tags).")
    before = len(errors)
    cities_found = attempt(resolve_choices, city_list, model.cities, "Onbekende stad of organisatie", "--cities")
    tags_found = attempt(resolve_choices, tag_list, model.themes, "Onbekend thema", "--tags")
    if len(errors) > before:
        errors.append(ALLOWED_HINT)
    page_date = attempt(parse_date, date, today) if date else today
    source_title = (source_title or "").strip() or None
    source_url = (source_url or "").strip() or None
    if source_url and not source_url.startswith("https://"):
        errors.append(f"De bron-URL '{source_url}' (--source-url) moet met https:// beginnen.")
    if source_url and not source_title:
        errors.append("Een bron-URL (--source-url) heeft ook een titel nodig (--source-title).")
    if errors:
        raise ScaffoldError("\n".join(errors))
    return PageRequest(
        type=type_name,
        title=title,
        description=description,
        cities=tuple(cities_found or ()),
        tags=tuple(tags_found or ()),
        date=page_date,
        people=tuple(split_list(people)),
        source_title=source_title,
        source_url=source_url,
    )


# --- rendering and writing -------------------------------------------------


def template_path(model: ContentModel, page_type: str, templates_dir: Path = TEMPLATES_DIR) -> Path:
    """``templates/<template>.md`` for a page type, as named by the content model."""
    return templates_dir / f"{model.types[page_type].template}.md"


def template_body(path: Path) -> str:
    """The body of a template: everything after its front matter (kept for web-editor users)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(f"Sjabloon {path} ontbreekt of is onleesbaar: {exc}") from exc
    return split(text).body.lstrip("\n")


def front_matter(request: PageRequest) -> dict[str, Any]:
    """The page's front matter, in the order the content model lists the fields."""
    meta: dict[str, Any] = {
        "title": request.title,
        "description": request.description,
        "date": request.date,
        "type": request.type,
        "cities": list(request.cities),
        "tags": list(request.tags),
    }
    if request.people:
        meta["people"] = list(request.people)
    if request.source_title:
        source: dict[str, str] = {"title": request.source_title}
        if request.source_url:
            source["url"] = request.source_url
        meta["source"] = source
    return meta


class _IndentedDumper(yaml.SafeDumper):
    """Indent list items under their key (``cities:\n  - Utrecht``), as people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def render_page(request: PageRequest, body: str) -> str:
    """Front matter (YAML) plus the template body."""
    yaml_text = yaml.dump(
        front_matter(request),
        Dumper=_IndentedDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return f"---\n{yaml_text}---\n\n{body}"


def target_path(model: ContentModel, request: PageRequest, docs_dir: Path) -> Path:
    """``<docs>/<folder>/<slug>.md`` — the slug made from the title, diacritics folded."""
    return docs_dir / model.types[request.type].folder / f"{slugify(request.title)}.md"


def write_page(path: Path, text: str) -> None:
    """Write ``text`` to a new file; never overwrite (exclusive create, so no race either)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise PageExistsError(
            f"{path} bestaat al; het script overschrijft geen bestaande pagina. "
            "Kies een andere titel, of open en bewerk het bestaande bestand."
        ) from exc
