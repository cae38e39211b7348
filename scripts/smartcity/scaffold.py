"""Answers to a new page for ``scripts/new_page.py``: normalise what people type, let the validator judge it (its
"Bedoelde u" becomes a question), then name, render and write the page; keep a draft. The Dutch texts are in
``texts/new-page.yml``.
"""

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import validate
from .frontmatter import as_date, split
from .model import MKDOCS_YML, REPO_ROOT, ContentModel, ModelError, load_model, parse_model, read_config
from .rules import did_you_mean
from .text import fold, slugify
from .texts import Text, text

TEMPLATES_DIR = REPO_ROOT / "templates"
DRAFT = REPO_ROOT / ".cache" / "nieuwe-pagina.json"  # git-ignored, outside docs/
FIELDS = ("type", "title", "description", "cities", "tags", "people", "source_title", "source_url", "date")
MAX_NAME = 60  # characters of a file name before ".md": readable in a URL, far below every file-system limit
MAX_PLACE = 80  # characters of a new place's name: a name, not a sentence


class ScaffoldError(Exception):
    """The page cannot be made; the message is Dutch and says how to fix it."""


class PageExistsError(ScaffoldError):
    """The target file already exists; the scaffolder never overwrites a page."""


class AnswerError(ScaffoldError):
    """A refused answer: its messages, a ``question`` offering ``fixed`` and, for unknown places, the ``known`` rest."""

    def __init__(
        self,
        *messages: str,
        question: str = "",
        fixed: str = "",
        known: str | None = None,
        unknown: Sequence[str] = (),
    ) -> None:
        super().__init__(messages[0])
        self.messages = messages
        self.question = question
        self.fixed = fixed
        self.known = known
        # The places that are not in the model (for "add it to mkdocs.yml?"); empty for other answers.
        self.unknown = tuple(unknown)


def text_of(value: Any) -> str:
    """A value as the contributor would type it (for the draft and the summary); a date as JJJJ-MM-DD."""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def pick(items: list[str], choices: Sequence[str]) -> list[str]:
    """Menu numbers and names in any case or accents -> the allowed spelling; other items unchanged; no repeats."""
    picked = []
    for item in items:
        if choices and item.isdecimal():
            if not 1 <= int(item) <= len(choices):
                raise AnswerError(text(Text.NEW_PAGE_NUMBER_NOT_IN_LIST, number=item, count=len(choices)))
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
    config_path: Path = MKDOCS_YML
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    def answer(self, name: str, typed: str) -> None:
        """Normalise and validate one answer (a name of :data:`FIELDS`); keep it, or raise :class:`AnswerError`."""
        typed = " ".join(typed.encode("utf-8", "replace").decode("utf-8").split())  # a broken terminal's bytes: "?"
        spec = self.model.fields.get(name)
        if not typed and spec and spec.required and name != "date":
            raise AnswerError(text(Text.NEW_PAGE_ANSWER_NEEDED, help=spec.help))
        self.values[name] = value = self._value(name, typed)
        self.texts[name] = typed and text_of(value)  # an empty answer stays empty: "today" stays today

    def _value(self, name: str, typed: str) -> Any:
        """The front-matter value of one normalised answer, once the validator (or the menu) accepts it."""
        if name == "type":
            types = list(self.model.types)
            (found,) = pick([typed], types)
            if found not in types:
                hint = validate.did_you_mean(typed, types)
                message = text(Text.NEW_PAGE_TYPE_UNKNOWN, answer=typed, hint=hint, types=", ".join(types))
                raise AnswerError(message, question=hint.strip(), fixed=validate.nearest(typed, types) or "")
            return found
        if name in ("cities", "tags", "people"):
            choices = {"cities": self.model.cities, "tags": self.model.themes}.get(name, ())
            parts = (p.split() if "".join(p.split()).isdecimal() else [p.strip()] for p in typed.split(","))
            items = pick([item for part in parts for item in part if item], choices)  # menu numbers: "1 3" too
            self._check(name, items, choices)
            return items or None  # no people: no field (places, themes: required)
        if name == "date":
            self._check(name, typed or self.today.isoformat())
            return as_date(typed) or self.today
        if name.startswith("source"):
            if typed:  # the web address is checked together with the title it belongs to
                self._check("source", {"title": self.values.get("source_title"), name.removeprefix("source_"): typed})
            return typed or None
        self._check(name, typed)
        if name == "title" and not slugify(typed):
            raise AnswerError(text(Text.NEW_PAGE_TITLE_WITHOUT_LETTERS))
        return typed

    def _check(self, name: str, value: Any, choices: Sequence[str] = ()) -> None:
        """Pass ``value`` if the validator does; else raise an :class:`AnswerError` offering its "Bedoelde u"."""
        folder = self.model.types[self.values.get("type") or next(iter(self.model.types))].folder
        found = validate.validate_page({name: value}, f"{folder}/nieuw.md", self.model, self.today)
        if not (problems := [p for p in found if p.key == name]):
            return
        first = problems[0]
        items = value if isinstance(value, list) else []
        # Only list items have a number; the suggestion is for the first item that was refused.
        item = items[first.item] if isinstance(first.item, int) else ""
        known = None
        unknown: list[str] = []
        if first.rule == "fm-city":
            known = ", ".join(x for x in items if x in choices)
            unknown = [x for x in items if x not in choices]
        question = ""
        fixed = ""
        best = validate.nearest(item, choices) if item else None
        if best:
            question = did_you_mean(best).strip()
            fixed = ", ".join(best if x == item else x for x in items)
        elif first.rule == "fm-date":
            iso = validate.iso_date_for(value)
            if iso:
                question = did_you_mean(iso).strip()
                fixed = iso
        messages = [p.message for p in problems]
        raise AnswerError(*messages, question=question, fixed=fixed, known=known, unknown=unknown)

    def old_date(self) -> str:
        """A Dutch warning when the date is older than the review period (the page is due at once), else ``""``.

        Not a refusal: an older date can be right (a page moved from another site), so the contributor decides.
        """
        day = self.values.get("date")
        if not isinstance(day, dt.date):
            return ""
        age = (self.today - day).days
        period = self.model.review_period_days
        if age <= period:
            return ""
        return text(Text.NEW_PAGE_OLD_DATE, date=day.isoformat(), age=age, period=period)

    def add_place(self, name: str) -> str:
        """Add ``name`` to the places in ``mkdocs.yml`` (one line, see :func:`add_place`) and use the new model."""
        line = add_place(self.config_path, name)
        self.model = parse_model(read_config(self.config_path), self.config_path.parent)
        return line

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
            message = text(Text.NEW_PAGE_TEMPLATE_UNREADABLE, template=template, reason=exc.strerror)
            raise ScaffoldError(message) from exc
        meta = yaml.dump(fields, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        page, path = f"---\n{meta}---\n\n{body}", self.path()
        _, problems = validate.check_text(page, path.relative_to(self.docs_dir).as_posix(), self.model, self.today)
        if problems:
            found = " ".join(p.message for p in problems)
            raise ScaffoldError(text(Text.NEW_PAGE_PAGE_BREAKS_RULES, problems=found))
        return path, page


class _Dumper(yaml.SafeDumper):
    """Indent list items under their key (``cities:\n  - Utrecht``), as people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def shown(path: Path) -> Path:
    """``path`` as the contributor knows it: relative to the repository when it is inside."""
    return path.resolve().relative_to(REPO_ROOT) if path.resolve().is_relative_to(REPO_ROOT) else path


def write_page(path: Path, page: str) -> None:
    """Write ``page`` to a new file; never overwrite (exclusive create, so no race either)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
    except FileExistsError as exc:
        raise PageExistsError(text(Text.NEW_PAGE_PAGE_EXISTS, path=shown(path))) from exc
    except OSError as exc:
        raise ScaffoldError(text(Text.NEW_PAGE_PAGE_NOT_WRITTEN, path=shown(path), reason=exc.strerror)) from exc


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
        raise ScaffoldError(text(Text.NEW_PAGE_DRAFT_NOT_SAVED, path=path, reason=exc.strerror)) from exc


def _places_list(config_text: str) -> yaml.SequenceNode:
    """The YAML node of ``extra.content_model.cities`` in the text of ``mkdocs.yml`` (with its line numbers)."""
    node = yaml.compose(config_text, Loader=yaml.SafeLoader)  # nodes only: MkDocs' own tags (!ENV) need no constructor
    for key in ("extra", "content_model", "cities"):
        if not isinstance(node, yaml.MappingNode):
            raise ScaffoldError(text(Text.NEW_PAGE_PLACES_LIST_MISSING))
        found = [value for name, value in node.value if isinstance(name, yaml.ScalarNode) and name.value == key]
        if not found:
            raise ScaffoldError(text(Text.NEW_PAGE_PLACES_LIST_MISSING))
        node = found[0]
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise ScaffoldError(text(Text.NEW_PAGE_PLACES_LIST_UNEXPECTED))
    return node


def _checked_place_name(name: str) -> str:
    """``name`` with its spaces made single, or :class:`ScaffoldError` when it cannot be the name of a place."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_PLACE or not name.isprintable() or not slugify(name):
        raise ScaffoldError(text(Text.NEW_PAGE_PLACE_NAME_INVALID, name=name, limit=MAX_PLACE))
    return name


def place_line(config_path: Path, name: str) -> str:
    """The line that adds ``name`` to the places in ``config_path``: indented like the items above it."""
    name = _checked_place_name(name)
    try:
        config_text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaffoldError(text(Text.NEW_PAGE_CONFIG_UNREADABLE, path=shown(config_path), reason=exc)) from exc
    last = _places_list(config_text).value[-1]
    line_of_last = config_text.splitlines()[last.start_mark.line]
    prefix = line_of_last[: last.start_mark.column]  # e.g. "      - "
    return prefix + _yaml_scalar(name)


def _yaml_scalar(name: str) -> str:
    """``name`` as a YAML list value: plain when YAML reads it back unchanged, else double-quoted (JSON is YAML)."""
    try:
        plain = yaml.safe_load(f"- {name}") == [name]
    except (yaml.YAMLError, ValueError):  # ValueError: a date YAML cannot make, such as 0000-00-00
        plain = False
    if plain:
        return name
    return json.dumps(name, ensure_ascii=False)


def add_place(config_path: Path, name: str) -> str:
    """Insert one line for the new place ``name`` under the last place of ``extra.content_model.cities``.

    Every other byte of the file stays as it was (comments, quotes, order): the file is edited as text, at the
    position YAML reports, never loaded and dumped again. The result is read back with the model's own reader
    before it replaces the file (written aside and renamed, so an interruption never leaves half a file).
    Returns the line that was added.
    """
    name = _checked_place_name(name)
    try:
        config_text = config_path.read_text(encoding="utf-8")
        old = parse_model(read_config(config_path), config_path.parent)
    except (OSError, ModelError) as exc:
        raise ScaffoldError(text(Text.NEW_PAGE_CONFIG_UNREADABLE, path=shown(config_path), reason=exc)) from exc
    if name in old.cities:
        return ""
    last = _places_list(config_text).value[-1]
    lines = config_text.splitlines(keepends=True)
    end = last.end_mark.line
    # A value that ends at the very start of a line (column 0) ended on the line before it.
    if last.end_mark.column == 0:
        end -= 1
    newline = "\r\n" if lines[end].endswith("\r\n") else "\n"
    line = place_line(config_path, name)
    if not lines[end].endswith(("\n", "\r")):
        lines[end] += newline
    lines.insert(end + 1, line + newline)
    aside = config_path.with_name(config_path.name + ".nieuw")
    try:
        aside.write_text("".join(lines), encoding="utf-8", newline="")
        new = parse_model(read_config(aside), config_path.parent)
        if list(new.cities) != [*old.cities, name]:
            raise ScaffoldError(text(Text.NEW_PAGE_PLACE_NOT_ADDED, name=name, line=line))
        os.chmod(aside, config_path.stat().st_mode)
        aside.replace(config_path)
        # load_model keeps each file's model once read; this file has just changed.
        load_model.cache_clear()
    except (OSError, ModelError) as exc:
        message = text(Text.NEW_PAGE_CONFIG_NOT_UPDATED, path=shown(config_path), reason=exc, line=line)
        raise ScaffoldError(message) from exc
    finally:
        aside.unlink(missing_ok=True)
    return line
