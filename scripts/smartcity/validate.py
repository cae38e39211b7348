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

from . import frontmatter, rules
from .model import ContentModel, FieldSpec, PageType
from .pages import page_type_of
from .text import fold, slugify

PAGE_KEYS = ("title", "description", "hide", "listing", "template")  # pages that are not lessons etc.
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_MARKUP_START = re.compile(r"[<&]")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


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
        """The problem whose message is ``message`` of ``rules.yml``, filled in with ``key`` and ``fill``."""
        place = {name: fill.pop(name) for name in ("at_value", "line", "column") if name in fill}
        return cls(message.partition(":")[0], rules.message(message, key=key, **fill), key, item, **place)

    def where(self, positions: frontmatter.Positions) -> tuple[int, int]:
        """File line and column: as found (a YAML error), else those of the key or item it is about."""
        return (self.line, self.column) if self.line else positions.of(self.key, self.item, self.at_value)


def _key(value: str) -> str:
    return " ".join(fold(value).casefold().split())


def nearest(value: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``value`` (case, accents and spaces ignored first), or ``None``."""
    key = _key(value)
    by_key = {_key(choice): choice for choice in choices}
    squashed = {k.replace(" ", ""): v for k, v in by_key.items()}
    if exact := by_key.get(key) or squashed.get(key.replace(" ", "")):
        return exact
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Bedoelde je "X"?`` or an empty string: the one "bedoelde je" of the project."""
    found = nearest(value, choices)
    return f' Bedoelde je "{found}"?' if found else ""


def check_text(text: str, src: str, model: ContentModel, today: dt.date) -> tuple[dict[str, Any], list[Problem]]:
    """Read and validate the front matter of a whole page (newlines ``\\n``): its values and its problems."""
    part = frontmatter.split(text)
    if part.yaml_text is None:
        problems = [] if part.closed else [Problem.of("fm-unclosed", line=1)]
        return {}, problems + ([Problem.of("fm-missing", line=1)] if page_type_of(src, model) and part.closed else [])
    try:
        values, broken = frontmatter.load(part.yaml_text)
    except frontmatter.FrontMatterError as exc:
        return {}, [Problem.of(exc.key, line=exc.line, column=exc.column, **exc.fill)]
    dated = [k for k in broken if k in model.fields and model.fields[k].kind == "date"]
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
    missing = [name for name in model.required_fields if name not in meta]
    problems += [Problem.of("fm-required", name, help=model.fields[name].help) for name in missing]
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
    """The problems of one field's value."""
    spec = model.fields[name]
    return list(_KINDS[spec.kind](spec, value, model, today, page_type))


def file_name_problem(src: str) -> Problem | None:
    """A page's file name must be its own slug (lower case, no accents, words joined by "-")."""
    name = src.rpartition("/")[2]
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
            if isinstance(text, str) and _MARKUP.search(text):  # front matter is plain text
                yield Problem.of("fm-markup", str(key), item, text=text[:60], at_value=isinstance(item, str))


def _string(spec: FieldSpec, value: Any, model: ContentModel, *_: Any) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem.of("fm-field-type", spec.name, help=spec.help)
    elif spec.name == "description" and len(value) > model.description_max_length:
        yield Problem.of("fm-description-length", spec.name, length=len(value), limit=model.description_max_length)


def _date(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[Problem]:
    day = frontmatter.as_date(value)
    if day is None:
        dutch = _DUTCH_DATE.fullmatch(str(value).strip())
        hint = f" Bedoel je {dutch[3]}-{int(dutch[2]):02d}-{int(dutch[1]):02d}?" if dutch else ""
        yield Problem.of("fm-date", spec.name, value=value, hint=hint)
    elif day > today:
        yield Problem.of("fm-future-date", spec.name, value=day.isoformat())


def _type(spec: FieldSpec, value: Any, model: ContentModel, _: Any, page_type: PageType | None) -> Iterator[Problem]:
    if page_type is not None and value != page_type.name:
        where = {"folder": page_type.folder, "wanted": page_type.name}
        folders = ", ".join(f"{t.name}: {t.folder}/" for t in model.types.values())
        yield Problem.of("fm-type-folder", spec.name, value=value, folders=folders, **where)


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
            hint = did_you_mean(str(key), ("title", "url"))
            yield Problem.of("fm-unknown-key:source", "source", str(key), value=key, hint=hint)
        elif key == "url" and not (isinstance(item, str) and item.strip().lower().startswith("https://")):
            yield Problem.of("fm-source-url", "source", "url", at_value=True)


_KINDS = {"string": _string, "date": _date, "type": _type, "themes": _strings, "cities": _strings}
_KINDS |= {"string_list": _strings, "source": _source}


def _page_keys(meta: Mapping[str, Any], model: ContentModel) -> Iterator[Problem]:
    """Pages other than lessons, interviews and meetups: only the keys the site uses, a valid ``listing``."""
    for name in (str(n) for n in meta if n not in PAGE_KEYS):
        yield Problem.of("fm-unknown-key:page", name, hint=did_you_mean(name, PAGE_KEYS), allowed=", ".join(PAGE_KEYS))
    listing = meta.get("listing")
    if listing is None:
        return
    if not isinstance(listing, Mapping) or len(listing) != 1:
        yield Problem.of("fm-listing:shape", "listing")
        return
    [(key, value)] = listing.items()
    allowed = {"theme": model.themes, "city": model.cities, "type": tuple(model.types)}
    if key not in allowed:
        yield Problem.of("fm-listing:key", "listing", str(key), value=key, hint=did_you_mean(str(key), allowed))
    elif str(value) not in allowed[key]:
        fill = {"hint": did_you_mean(str(value), allowed[key]), "allowed": ", ".join(allowed[key])}
        yield Problem.of("fm-listing:value", "listing", str(key), value=value, sub=key, at_value=True, **fill)
