"""Answers to a new page for ``scripts/new_page.py``: normalise what people type, let the validator judge it (its
"Bedoelde je" becomes a question), then name, render and write the page; keep a draft. Messages are Dutch.
"""

import datetime as dt
import json
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
_DATE_HINT = re.compile(r" (Bedoel je (\S+)\?)$")  # the validator's hint at the end of its message on Dutch date order


class ScaffoldError(Exception):
    """The page cannot be made; the message is Dutch and says how to fix it."""


class PageExistsError(ScaffoldError):
    """The target file already exists; the scaffolder never overwrites a page."""


class AnswerError(ScaffoldError):
    """A refused answer: its messages, a ``question`` offering ``fixed`` and, for unknown places, the ``known`` rest."""

    def __init__(self, *messages: str, question: str = "", fixed: str = "", known: str | None = None) -> None:
        super().__init__(messages[0])
        self.messages, self.question, self.fixed, self.known = messages, question, fixed, known


def text_of(value: Any) -> str:
    """A value as the contributor would type it (for the draft and the summary); a date as JJJJ-MM-DD."""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def pick(items: list[str], choices: Sequence[str]) -> list[str]:
    """Menu numbers and names in any case or accents -> the allowed spelling; other items unchanged; no repeats."""
    picked = []
    for item in items:
        if choices and item.isdecimal():
            if not 1 <= int(item) <= len(choices):
                raise AnswerError(f"Nummer {item} staat niet in de lijst: kies een nummer van 1 tot {len(choices)}.")
            item = choices[int(item) - 1]
        key = fold(item).casefold().split()
        picked.append(next((choice for choice in choices if fold(choice).casefold().split() == key), item))
    return list(dict.fromkeys(picked))


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
        self.values[name] = value = self._value(name, text)
        self.texts[name] = text and text_of(value)  # an empty answer stays empty: "today" stays today

    def _value(self, name: str, text: str) -> Any:
        """The front-matter value of one normalised answer, once the validator (or the menu) accepts it."""
        if name == "type":
            types = list(self.model.types)
            (found,) = pick([text], types)
            if found not in types:
                hint = validate.did_you_mean(text, types)
                message = f'"{text}" is geen soort pagina.{hint} Kies uit: {", ".join(types)}.'
                raise AnswerError(message, question=hint.strip(), fixed=validate.nearest(text, types) or "")
            return found
        if name in ("cities", "tags", "people"):
            choices = {"cities": self.model.cities, "tags": self.model.themes}.get(name, ())
            parts = (p.split() if "".join(p.split()).isdecimal() else [p.strip()] for p in text.split(","))
            items = pick([item for part in parts for item in part if item], choices)  # menu numbers: "1 3" too
            self._check(name, items, choices)
            return items or None  # no people: no field (places, themes: required)
        if name == "date":
            self._check(name, text or self.today.isoformat())
            return as_date(text) or self.today
        if name.startswith("source"):
            if text:  # the web address is checked together with the title it belongs to
                self._check("source", {"title": self.values.get("source_title"), name.removeprefix("source_"): text})
            return text or None
        self._check(name, text)
        if name == "title" and not slugify(text):
            raise AnswerError("Van deze titel kan geen bestandsnaam gemaakt worden: gebruik ook letters of cijfers.")
        return text

    def _check(self, name: str, value: Any, choices: Sequence[str] = ()) -> None:
        """Pass ``value`` if the validator does; else raise an :class:`AnswerError` offering its "Bedoelde je"."""
        folder = self.model.types[self.values.get("type") or next(iter(self.model.types))].folder
        found = validate.validate_page({name: value}, f"{folder}/nieuw.md", self.model, self.today)
        if not (problems := [p for p in found if p.key == name]):
            return
        first, items = problems[0], value if isinstance(value, list) else []
        item = items[first.item] if isinstance(first.item, int) else ""  # only list items have a number
        known = ", ".join(x for x in items if x in choices) if first.rule == "fm-city" else None
        question = fixed = ""
        if best := item and validate.nearest(item, choices):
            question = validate.did_you_mean(item, choices).strip()
            fixed = ", ".join(best if x == item else x for x in items)
        elif first.rule == "fm-date" and (date := _DATE_HINT.search(first.message)):
            question, fixed = date[1], date[2]
        raise AnswerError(*(p.message for p in problems), question=question, fixed=fixed, known=known)

    def file_name(self) -> tuple[str, bool]:
        """The file name (without ``.md``) made from the title, cut at a word to :data:`MAX_NAME`; shortened?"""
        slug = slugify(self.values.get("title", ""))
        if len(slug) <= MAX_NAME:
            return slug, False
        return slug[: MAX_NAME + 1].rsplit("-", 1)[0][:MAX_NAME], True  # one word longer than that: cut inside it

    def path(self) -> Path:
        return self.docs_dir / self.model.types[self.values["type"]].folder / f"{self.file_name()[0]}.md"

    def render(self) -> tuple[Path, str]:
        """The path and text of the new page; refuses, as a bug, anything the checker would not pass."""
        names = ("title", "description", "date", "type", "cities", "tags", "people")
        fields = {name: self.values[name] for name in names if self.values.get(name)}
        if self.values.get("source_title"):
            url = self.values.get("source_url")
            fields["source"] = {"title": self.values["source_title"], **({"url": url} if url else {})}
        template = TEMPLATES_DIR / f"{self.model.types[self.values['type']].template}.md"
        try:  # the template's front matter is for web-editor users; the page gets the answers instead
            body = split(template.read_text(encoding="utf-8")).body.lstrip("\n")
        except OSError as exc:
            raise ScaffoldError(f"Sjabloon {template} ontbreekt of is onleesbaar: {exc.strerror}") from exc
        meta = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        text, path = f"---\n{meta}---\n\n{body}", self.path()
        _, problems = validate.check_text(text, path.relative_to(self.docs_dir).as_posix(), self.model, self.today)
        if problems:
            raise ScaffoldError("De nieuwe pagina voldoet niet aan de regels: " + " ".join(p.message for p in problems))
        return path, text


class _Dumper(yaml.SafeDumper):
    """Indent list items under their key (``cities:\n  - Utrecht``), as people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


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
        aside.replace(path)
    except OSError as exc:
        raise ScaffoldError(f"Je antwoorden kunnen niet bewaard worden in {path}: {exc.strerror}.") from exc
