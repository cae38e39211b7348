"""The one validator of front matter against the content model, with Dutch messages that say the fix.

The checker, the build hook, the scaffolder and the tests all call it. It looks at
values only; a :class:`FieldFinding` names the key (and list index or nested key) it is
about, and :meth:`FieldFinding.placed` turns that into a :class:`~smartcity.findings.Finding`
at a line and column when the caller has the file (the scaffolder asks field by field and
needs no line).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import frontmatter, rules
from .findings import Finding
from .model import ContentModel, FieldSpec, PageType
from .pages import page_type_of
from .rules import Message
from .text import fold, slugify

PAGE_KEYS = ("title", "description", "hide", "listing", "template")  # pages that are not lessons etc.
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_MARKUP_START = re.compile(r"[<&]")
# C0 controls except tab and newline, DEL and C1 controls, lone surrogates and the two non-characters XML 1.0 forbids.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


@dataclass(frozen=True)
class FieldFinding:
    """A finding in the front matter, placed by the field it is about: a checker rule id, a Dutch message, and where.

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
    def of(cls, message: str, key: str | None = None, item: int | str | None = None, **fill: Any) -> FieldFinding:
        """The finding whose message is ``message`` of ``rules.yml``, filled in with ``key`` and ``fill``."""
        place = {name: fill.pop(name) for name in ("at_value", "line", "column") if name in fill}
        return cls(message.partition(":")[0], rules.message(message, key=key, **fill), key, item, **place)

    def where(self, positions: frontmatter.Positions) -> tuple[int, int]:
        """File line and column: as found (a YAML error), else those of the key or item it is about."""
        return (self.line, self.column) if self.line else positions.of(self.key, self.item, self.at_value)

    def placed(self, path: str, positions: frontmatter.Positions) -> Finding:
        """This finding in the file ``path`` (as shown), whose front matter ``positions`` describes."""
        line, column = self.where(positions)
        return Finding(path, line, column, self.rule, self.message)


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
    """`` Bedoelde u "X"?`` or an empty string: the one "Bedoelde u" of the project."""
    return rules.did_you_mean(nearest(value, choices))


def check_text(text: str, src: str, model: ContentModel, today: dt.date) -> tuple[dict[str, Any], list[FieldFinding]]:
    """Read and validate the front matter of a whole page (newlines ``\\n``): its values and its findings."""
    part = frontmatter.split(text)
    if part.yaml_text is None:
        if not part.closed:
            return {}, [FieldFinding.of(Message.FM_UNCLOSED, line=1)]
        # Only content pages need front matter; the site's other pages may do without.
        if page_type_of(src, model):
            return {}, [FieldFinding.of(Message.FM_MISSING, line=1)]
        return {}, []
    try:
        values, broken = frontmatter.load(part.yaml_text)
    except frontmatter.FrontMatterError as exc:
        return {}, [FieldFinding.of(exc.key, line=exc.line, column=exc.column, **exc.fill)]
    dated = [k for k in broken if k in model.fields and model.fields[k].kind == "date"]
    findings = [FieldFinding.of(Message.FM_YAML_VALUE, key, why=why) for key, why in broken.items() if key not in dated]
    if not isinstance(values, dict):
        return {}, findings + validate_page(values, src, model, today)
    dates = frontmatter.Positions(part.yaml_text).scalars(dated)  # checked as the text written, e.g. 2024-02-30
    found = validate_page({**values, **dates}, src, model, today)
    return values, findings + [p for p in found if p.key not in broken or p.key in dates]


def validate_page(meta: Any, src: str, model: ContentModel, today: dt.date) -> list[FieldFinding]:
    """Every finding in the front-matter values ``meta`` of the page ``src`` (docs-relative)."""
    if not isinstance(meta, Mapping):
        return [FieldFinding.of(Message.FM_NOT_MAPPING, line=2)]
    page_type = page_type_of(src, model)
    findings = _markup_and_controls(meta)
    if page_type is None:
        return findings + list(_page_keys(meta, model)) + list(_page_types(meta, model))
    missing = [name for name in model.required_fields if name not in meta]
    findings += [FieldFinding.of(Message.FM_REQUIRED, name, help=model.fields[name].help) for name in missing]
    for name, value in meta.items():
        if name in model.fields:
            findings += validate_field(name, value, model, today, page_type)
        else:
            hint, allowed = did_you_mean(str(name), model.fields), ", ".join(model.fields)
            findings.append(FieldFinding.of(Message.FM_UNKNOWN_KEY, str(name), hint=hint, allowed=allowed))
    return findings


def validate_field(
    name: str, value: Any, model: ContentModel, today: dt.date, page_type: PageType | None = None
) -> list[FieldFinding]:
    """The findings of one field's value."""
    spec = model.fields[name]
    return list(_KINDS[spec.kind](spec, value, model, today, page_type))


def file_name_finding(src: str, path: str) -> Finding | None:
    """A page's file name must be its own slug (lower case, no accents, words joined by "-"); ``path`` as shown."""
    name = src.rpartition("/")[2]
    wanted = slugify(name.removesuffix(".md")) + ".md"
    if name == wanted or wanted == ".md":
        return None
    return Finding.of(path, 1, 1, Message.FILE_NAME, name=name, wanted=wanted)


@dataclass(frozen=True)
class _Text:
    """One string of the front matter (a key or a value at any depth) and where a finding about it is reported:
    its top-level ``key`` and the list index or nested key it sits in (``item``)."""

    key: str
    item: int | str | None
    at_value: bool
    text: str


def _texts(meta: Mapping[Any, Any]) -> Iterator[_Text]:
    """Every key and every string value of the front matter, at any depth.

    A stack rather than recursion: YAML's compact lists (``- - - x``) nest thousands deep in a few kilobytes.
    """
    for key, value in meta.items():
        name = str(key)
        yield _Text(name, None, False, name)
        pending: list[tuple[Any, int | str | None]] = [(value, None)]
        while pending:
            current, item = pending.pop()
            if isinstance(current, str):
                yield _Text(name, item, isinstance(item, str), current)
            elif isinstance(current, list):
                inside = [(element, index if item is None else item) for index, element in enumerate(current)]
                pending.extend(reversed(inside))
            elif isinstance(current, Mapping):
                inside = []
                for sub_key, sub_value in current.items():
                    where = str(sub_key) if item is None else item
                    yield _Text(name, where, False, str(sub_key))  # a key is printed too, e.g. a mapping as title
                    inside.append((sub_value, where))
                pending.extend(reversed(inside))


def _markup_and_controls(meta: Mapping[str, Any]) -> list[FieldFinding]:
    """Markup (front matter is plain text), then control characters and the other characters XML 1.0 cannot carry
    (they would break the feed and the exports), in every key and string value: one walk for both."""
    markup, controls = [], []
    for found in _texts(meta):
        if _MARKUP_START.search(found.text) and _MARKUP.search(found.text):
            fill = {"text": found.text[:60], "at_value": found.at_value}
            markup.append(FieldFinding.of(Message.FM_MARKUP, found.key, found.item, **fill))
        if control := CONTROL.search(found.text):
            code = f"U+{ord(control.group()):04X}"
            controls.append(
                FieldFinding.of(Message.FM_CONTROL, found.key, found.item, code=code, at_value=found.at_value)
            )
    return markup + controls


def _string(spec: FieldSpec, value: Any, model: ContentModel, *_: Any) -> Iterator[FieldFinding]:
    if not isinstance(value, str) or not value.strip():
        yield FieldFinding.of(Message.FM_FIELD_TYPE, spec.name, help=spec.help)
    elif spec.name == "description" and len(value) > model.description_max_length:
        limit = model.description_max_length
        yield FieldFinding.of(Message.FM_DESCRIPTION_LENGTH, spec.name, length=len(value), limit=limit)


def iso_date_for(value: Any) -> str | None:
    """``2024-11-27`` for a date written the Dutch way (``27-11-2024``), else None; the fix "Bedoelde u" offers."""
    dutch = _DUTCH_DATE.fullmatch(str(value).strip())
    if dutch is None:
        return None
    return f"{dutch[3]}-{int(dutch[2]):02d}-{int(dutch[1]):02d}"


def _date(spec: FieldSpec, value: Any, model: ContentModel, today: dt.date, _: Any) -> Iterator[FieldFinding]:
    day = frontmatter.as_date(value)
    if day is None:
        hint = rules.did_you_mean(iso_date_for(value))
        yield FieldFinding.of(Message.FM_DATE, spec.name, value=value, hint=hint)
    elif day > today:
        yield FieldFinding.of(Message.FM_FUTURE_DATE, spec.name, value=day.isoformat())


def _type(
    spec: FieldSpec, value: Any, model: ContentModel, _: Any, page_type: PageType | None
) -> Iterator[FieldFinding]:
    if page_type is not None and value != page_type.name:
        where = {"folder": page_type.folder, "wanted": page_type.name}
        folders = ", ".join(f"{t.name}: {t.folder}/" for t in model.types.values())
        yield FieldFinding.of(Message.FM_TYPE_FOLDER, spec.name, value=value, folders=folders, **where)


def _strings(spec: FieldSpec, value: Any, model: ContentModel, *_: Any) -> Iterator[FieldFinding]:
    """A list of texts without repeats; for themes and places also each one allowed."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or (spec.required and not value):
        yield FieldFinding.of(Message.FM_FIELD_TYPE_LIST, spec.name, help=spec.help)
        return
    allowed = {"themes": ("fm-tag", model.themes), "cities": ("fm-city", model.cities)}.get(spec.kind)
    for index, item in enumerate(value):
        if item in value[:index]:
            yield FieldFinding.of(Message.FM_DUPLICATE, spec.name, index, value=item)
        if allowed and item not in allowed[1]:
            hint = did_you_mean(item, allowed[1])
            yield FieldFinding.of(allowed[0], spec.name, index, value=item, hint=hint, allowed=", ".join(allowed[1]))


def _source(spec: FieldSpec, value: Any, *_: Any) -> Iterator[FieldFinding]:
    if not isinstance(value, Mapping):
        yield FieldFinding.of(Message.FM_FIELD_TYPE_SOURCE, "source", help=spec.help)
        return
    if not isinstance(value.get("title"), str) or not value["title"].strip():
        yield FieldFinding.of(Message.FM_REQUIRED_SOURCE, "source")
    for key, item in value.items():
        if key not in ("title", "url"):
            hint = did_you_mean(str(key), ("title", "url"))
            yield FieldFinding.of(Message.FM_UNKNOWN_KEY_SOURCE, "source", str(key), value=key, hint=hint)
        elif key == "url" and not (isinstance(item, str) and item.strip().lower().startswith("https://")):
            yield FieldFinding.of(Message.FM_SOURCE_URL, "source", "url", at_value=True)


# The check of each kind of field the content model knows (``FieldSpec.kind``).
_KINDS = {
    "string": _string,
    "date": _date,
    "type": _type,
    "themes": _strings,
    "cities": _strings,
    "string_list": _strings,
    "source": _source,
}


def _page_types(meta: Mapping[str, Any], model: ContentModel) -> Iterator[FieldFinding]:
    """The values of the other pages' keys by type: the templates print a title and a description as text."""
    helps = {
        "title": model.fields["title"].help,
        "description": model.fields["description"].help,
        "template": rules.message(Message.FM_FIELD_TYPE_HELP_TEMPLATE),
    }
    for name, help_text in helps.items():
        value = meta.get(name)
        if name in meta and (not isinstance(value, str) or not value.strip()):
            yield FieldFinding.of(Message.FM_FIELD_TYPE, name, help=help_text)
    hide = meta.get("hide")
    if "hide" in meta and (not isinstance(hide, list) or not all(isinstance(part, str) for part in hide)):
        yield FieldFinding.of(Message.FM_FIELD_TYPE_LIST, "hide", help=rules.message(Message.FM_FIELD_TYPE_HELP_HIDE))


def _page_keys(meta: Mapping[str, Any], model: ContentModel) -> Iterator[FieldFinding]:
    """Pages other than lessons, interviews and meetups: only the keys the site uses, a valid ``listing``."""
    for name in (str(n) for n in meta if n not in PAGE_KEYS):
        hint = did_you_mean(name, PAGE_KEYS)
        yield FieldFinding.of(Message.FM_UNKNOWN_KEY_PAGE, name, hint=hint, allowed=", ".join(PAGE_KEYS))
    listing = meta.get("listing")
    if listing is None:
        return
    if not isinstance(listing, Mapping) or len(listing) != 1:
        yield FieldFinding.of(Message.FM_LISTING_SHAPE, "listing")
        return
    [(key, value)] = listing.items()
    allowed = {"theme": model.themes, "city": model.cities, "type": tuple(model.types)}
    if key not in allowed:
        yield FieldFinding.of(
            Message.FM_LISTING_KEY, "listing", str(key), value=key, hint=did_you_mean(str(key), allowed)
        )
    elif str(value) not in allowed[key]:
        fill = {"hint": did_you_mean(str(value), allowed[key]), "allowed": ", ".join(allowed[key])}
        yield FieldFinding.of(
            Message.FM_LISTING_VALUE, "listing", str(key), value=value, sub=key, at_value=True, **fill
        )
