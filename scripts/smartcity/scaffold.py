"""Turn a contributor's answers into a new content page: normalise, validate, name, render, write, keep a draft.

The logic behind ``scripts/new_page.py`` (``make new``). Every verdict about a value comes
from the project's one validator (:mod:`smartcity.validate`); this module only normalises
what people type before asking it (spacing, comma lists, numbers from a menu, the case and
accents of a theme or place, Dutch date order) and offers the validator's "Bedoelde je".
The page body comes from ``templates/<template>.md``. Messages are Dutch: contributors read them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import validate
from .frontmatter import as_date, split
from .model import REPO_ROOT, ContentModel
from .text import fold, slugify

TEMPLATES_DIR = REPO_ROOT / "templates"
DRAFT = REPO_ROOT / ".cache" / "nieuwe-pagina.json"  # git-ignored, outside docs/
FIELDS = ("type", "title", "description", "cities", "tags", "people", "source_title", "source_url", "date")
MAX_NAME = 60  # characters of a file name before ".md": readable in a URL, far below every file-system limit
SHORTENED = (
    f'De titel is lang: de bestandsnaam is ingekort tot "{{name}}.md" (hoogstens {MAX_NAME} tekens). '
    "De titel zelf blijft zoals je hem schreef."
)
_DUTCH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_NUMBERS = re.compile(r"[\d\s]+")


class ScaffoldError(Exception):
    """The page cannot be made; the message is Dutch and says how to fix it."""


class PageExistsError(ScaffoldError):
    """The target file already exists; the scaffolder never overwrites a page."""


class AnswerError(ScaffoldError):
    """An answer the validator (or the menu) refused.

    ``question`` offers a correction ("Bedoelde je "Open data"?") and ``fixed`` is the whole
    answer with it; ``known`` is set for an unknown place: the answer without the unknown places.
    ``others``: the validator's further verdicts on the same answer (flag mode shows them all at once).
    """

    def __init__(self, message: str, question: str = "", fixed: str = "", known: str | None = None) -> None:
        super().__init__(message)
        self.message, self.question, self.fixed, self.known = message, question, fixed, known
        self.others: list[str] = []


def split_list(text: str) -> list[str]:
    """``"a, b,, a"`` -> ``["a", "b"]``; ``"1 3"`` (menu numbers) -> ``["1", "3"]``."""
    items: list[str] = []
    for part in text.split(","):
        items += part.split() if _NUMBERS.fullmatch(part) else [part.strip()]
    return list(dict.fromkeys(item for item in items if item))


def text_of(value: Any) -> str:
    """A value as the contributor would type it (for the draft and the summary)."""
    if isinstance(value, list):
        return ", ".join(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def pick(items: list[str], choices: Sequence[str]) -> list[str]:
    """Menu numbers and names in any case or accents -> the allowed spelling; other items unchanged."""
    picked = []
    for item in items:
        if item.isdecimal():
            if not 1 <= int(item) <= len(choices):
                raise AnswerError(f"Nummer {item} staat niet in de lijst: kies een nummer van 1 tot {len(choices)}.")
            item = choices[int(item) - 1]
        key = fold(item).casefold().split()
        picked.append(next((choice for choice in choices if fold(choice).casefold().split() == key), item))
    return list(dict.fromkeys(picked))


def refusal(
    message: str, items: Sequence[str], index: int | None, choices: Sequence[str], known: str | None = None
) -> AnswerError:
    """The validator's verdict on ``items[index]``, offering the nearest choice ("Bedoelde je …?") when there is one."""
    item = items[index] if index is not None else ""
    best = validate.nearest(item, choices) if item else None
    if not best:
        return AnswerError(message, known=known)
    fixed = ", ".join(best if x == item else x for x in items)
    return AnswerError(message, validate.did_you_mean(item, choices).strip(), fixed, known)


@dataclass
class Form:
    """The answers for one new page: as typed (for the draft) and as front-matter values."""

    model: ContentModel
    today: dt.date
    docs_dir: Path
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def answer(self, name: str, text: str) -> None:
        """Normalise and validate one answer (a name of :data:`FIELDS`); keep it, or raise :class:`AnswerError`."""
        text = " ".join(text.encode("utf-8", "replace").decode("utf-8").split())  # a broken terminal's bytes: "?"
        spec = self.model.fields.get(name)
        if not text and spec and spec.required and name != "date":
            raise AnswerError(f"Dit antwoord is nodig. {spec.help}")
        if name in ("cities", "tags"):
            value: Any = self._choices(name, text)
        elif name == "description":
            value = self._check(name, text)
        else:
            value = getattr(self, f"_{name}")(text)
        self.values[name] = value
        self.texts[name] = text and text_of(value)  # an empty answer stays empty: "today" stays today

    def _check(self, name: str, value: Any, items: Sequence[str] = (), choices: Sequence[str] = ()) -> Any:
        """Ask the validator about one value (as the checker would see it on this page): the value, or its first
        verdict raised."""
        folder = self.model.types[self.values.get("type") or next(iter(self.model.types))].folder
        found = validate.validate_page({name: value}, f"{folder}/nieuw.md", self.model, self.today)
        problems = [p for p in found if p.key == name]
        if not problems:
            return value
        first = problems[0]
        index = first.item if isinstance(first.item, int) and first.item < len(items) else None
        known = ", ".join(x for x in items if x in choices) if first.rule == "fm-city" else None
        error = refusal(first.message, items, index, choices, known)
        error.others = [p.message for p in problems[1:]]
        raise error

    def _type(self, text: str) -> str:
        choices = list(self.model.types)
        (found,) = pick([text], choices)
        if found not in choices:
            hint = validate.did_you_mean(text, choices)
            raise refusal(f'"{text}" is geen soort pagina.{hint} Kies uit: {", ".join(choices)}.', [text], 0, choices)
        return found

    def _title(self, text: str) -> str:
        self._check("title", text)
        if not slugify(text):
            raise AnswerError("Van deze titel kan geen bestandsnaam gemaakt worden: gebruik ook letters of cijfers.")
        return text

    def _choices(self, name: str, text: str) -> list[str]:
        choices = self.model.cities if name == "cities" else self.model.themes
        items = pick(split_list(text), choices)
        return self._check(name, items, items, choices)

    def _people(self, text: str) -> list[str] | None:
        return self._check("people", split_list(text)) or None

    def _source_title(self, text: str) -> str | None:
        if text:
            self._check("source", {"title": text})
        return text or None

    def _source_url(self, text: str) -> str | None:
        title = self.values.get("source_title")
        if text:
            self._check("source", {"title": title, "url": text} if title else {"url": text})
        return text or None

    def _date(self, text: str) -> dt.date:
        try:
            self._check("date", text or self.today.isoformat())
        except AnswerError as exc:
            dutch = _DUTCH_DATE.fullmatch(text)
            if dutch:  # the validator's own hint; offered as a question
                iso = f"{dutch[3]}-{int(dutch[2]):02d}-{int(dutch[1]):02d}"
                raise AnswerError(exc.message, f"Bedoel je {iso}?", iso) from None
            raise
        return as_date(text) or self.today

    def file_name(self) -> tuple[str, bool]:
        """The file name (without ``.md``) made from the title, cut at a word to :data:`MAX_NAME`; shortened?"""
        slug = slugify(self.values.get("title", ""))
        if len(slug) <= MAX_NAME:
            return slug, False
        head = slug[: MAX_NAME + 1]
        return (head.rsplit("-", 1)[0] if "-" in head else slug[:MAX_NAME]), True

    def path(self) -> Path:
        return self.docs_dir / self.model.types[self.values["type"]].folder / f"{self.file_name()[0]}.md"

    def render(self) -> tuple[Path, str]:
        """The path and text of the new page (front matter in the model's order); refuses, as a bug, anything
        the checker would not pass."""
        names = ("title", "description", "date", "type", "cities", "tags", "people")
        fields = {name: self.values[name] for name in names if self.values.get(name)}
        if self.values.get("source_title"):
            url = self.values.get("source_url")
            fields["source"] = {"title": self.values["source_title"], **({"url": url} if url else {})}
        page_type = self.model.types[self.values["type"]]
        meta = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        text = f"---\n{meta}---\n\n{template_body(TEMPLATES_DIR / f'{page_type.template}.md')}"
        path = self.path()
        _, problems = validate.check_text(text, path.relative_to(self.docs_dir).as_posix(), self.model, self.today)
        if problems:
            raise ScaffoldError("De nieuwe pagina voldoet niet aan de regels: " + " ".join(p.message for p in problems))
        return path, text


class _Dumper(yaml.SafeDumper):
    """Indent list items under their key (``cities:\n  - Utrecht``), as people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def template_body(path: Path) -> str:
    """The body of a template: everything after its front matter (kept for web-editor users)."""
    try:
        return split(path.read_text(encoding="utf-8")).body.lstrip("\n")
    except OSError as exc:
        raise ScaffoldError(f"Sjabloon {path} ontbreekt of is onleesbaar: {exc.strerror}") from exc


def shown(path: Path) -> Path:
    """``path`` as the contributor knows it: relative to the repository when it is inside."""
    return path.resolve().relative_to(REPO_ROOT) if path.resolve().is_relative_to(REPO_ROOT) else path


def write_page(path: Path, text: str) -> None:
    """Write ``text`` to a new file; never overwrite (exclusive create, so no race either)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise PageExistsError(
            f"{shown(path)} bestaat al; het script overschrijft geen bestaande pagina. "
            "Kies een andere titel, of open en bewerk het bestaande bestand."
        ) from exc
    except OSError as exc:
        raise ScaffoldError(f"{shown(path)} kan niet geschreven worden: {exc.strerror}.") from exc


def load_draft(path: Path) -> dict[str, str]:
    """The answers kept in the draft file (empty when there is none or it cannot be read)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if k in FIELDS and isinstance(v, str)} if isinstance(data, dict) else {}


def save_draft(path: Path, texts: dict[str, str]) -> None:
    """Keep the answers so far; written aside and renamed, so a Ctrl-C never leaves half a file."""
    aside = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        aside.write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(aside, path)
    except OSError as exc:
        raise ScaffoldError(f"Je antwoorden kunnen niet bewaard worden in {path}: {exc.strerror}.") from exc
