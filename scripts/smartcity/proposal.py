"""A filled-in proposal form (the issue form "Een pagina voorstellen") turned into a checked page.

Pure parts, tested on their own: :func:`load_form` reads the form definition (the trusted copy on the default
branch), :func:`parse_body` cuts an issue body as GitHub renders a form (``### Label``, a blank line, the answer;
``_No response_`` for an empty one) into answers by field id, :func:`add_places` writes a new place as its one
line in ``mkdocs.yml``. :func:`convert` then makes the page in a project folder with the scaffolder
(``smartcity.scaffold.Form``: the same normalising and validator as ``make new``) and runs the content checker on
it, exactly as on any contribution. Every refusal is a :class:`ProposalError` with Dutch messages for the proposer
(their texts are in ``smartcity/texts/proposal.yml``).

Why not a library: the issue-form parsers are GitHub Actions in JavaScript (such as ``github/issue-parser``); one of
them would be a third-party action in the job that holds the write token, while the parser here is about 40 lines of
Python over the form file itself, run as part of the project's own trusted code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import scaffold
from .frontmatter import split
from .model import REPO_ROOT, ModelError, parse_model, read_config
from .text import fold
from .texts import Text, text

FORM_FILE = REPO_ROOT / ".github" / "ISSUE_TEMPLATE" / "les-voorstellen.yml"
CHECKER = REPO_ROOT / "scripts" / "check_content.py"
# GitHub keeps an issue body to 65,536 characters; anything longer was not made in GitHub's own editor.
MAX_BODY = 65_536
MAX_LINE_ANSWER = 300  # an answer of one line (title, place, source title); the description has its own limit
MAX_PLACE = 80  # characters of a new place's name: the longest Dutch municipality name has 30
CHECKER_TIMEOUT = 120  # seconds; the checker reads the whole site once
NO_RESPONSE = "_No response_"  # what GitHub writes for a field left empty
NO_CHOICE = "None"  # what GitHub writes for a list where nothing was chosen (never one of this form's options)
# The form's field ids and the scaffolder's answers they give (scaffold.FIELDS). The ids are names in the form file
# (.github/ISSUE_TEMPLATE/les-voorstellen.yml), not texts anyone reads; the labels a proposer sees are read from
# that file by load_form, so the parser recognises whatever headings the form has.
ANSWERS = {
    "soort": "type",
    "titel": "title",
    "beschrijving": "description",
    "themas": "tags",
    "personen": "people",
    "bron_titel": "source_title",
    "bron_url": "source_url",
}
PLACES = "gemeenten"
NEW_PLACES = "nieuwe_gemeenten"
SECTION_PREFIX = "deel_"
# Characters that change the reading direction of what follows ("Trojan Source", CVE-2021-42574): text that shows
# something other than what it says. Refused rather than removed, so that the proposer sees why.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# The text place-name-invalid names the characters this allows: change both together.
PLACE_NAME = re.compile(r"[^\W\d_][\w .'’()&-]*", re.UNICODE)


class ProposalError(Exception):
    """The proposal cannot become a page; ``messages`` are Dutch and say what to change in the issue."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


class ConversionError(Exception):
    """Not the proposer's doing (the checker could not run, the configuration is broken): an editor must look."""


@dataclass(frozen=True)
class FormField:
    """One question of the issue form, as its YAML file defines it."""

    id: str
    kind: str  # input, textarea, dropdown, checkboxes
    label: str
    required: bool
    options: tuple[str, ...] = ()
    required_options: tuple[str, ...] = ()
    multiple: bool = False


@dataclass
class Page:
    """A converted proposal: the page's path and text, and the places it adds to ``mkdocs.yml``."""

    rel_path: str  # relative to the project root, e.g. "docs/lessen/x.md"
    text: str
    title: str
    new_places: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)  # relative to the project root, the page first


def load_form(path: Path = FORM_FILE) -> list[FormField]:
    """The questions of the issue form in ``path`` (fields without an id, such as explanations, are skipped)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = []
    for element in data.get("body", []):
        if "id" not in element:
            continue
        attributes = element.get("attributes", {})
        options = attributes.get("options", [])
        labels = tuple(str(o["label"]) if isinstance(o, dict) else str(o) for o in options)
        required_options = tuple(str(o["label"]) for o in options if isinstance(o, dict) and o.get("required"))
        required = bool(element.get("validations", {}).get("required", False))
        fields.append(
            FormField(
                id=str(element["id"]),
                kind=str(element["type"]),
                label=str(attributes["label"]).strip(),
                required=required,
                options=labels,
                required_options=required_options,
                multiple=bool(attributes.get("multiple", False)),
            )
        )
    return fields


def clean_text(raw: str) -> str:
    """``raw`` with Windows and old Mac line ends made ``\\n`` and control characters other than newline and tab
    removed (escape sequences, NUL, form feeds: they never belong in a page); refuses reading-direction controls."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if BIDI_CONTROLS.intersection(raw):
        raise ProposalError([text(Text.PROPOSAL_HIDDEN_DIRECTION_CHARACTERS)])
    kept = [ch for ch in raw if ch in "\n\t" or unicodedata.category(ch) != "Cc"]
    return "".join(kept)


def parse_body(body: str, fields: Sequence[FormField]) -> dict[str, str]:
    """The answers in an issue body made with the form, by field id (empty string: left empty).

    A line ``### <label>`` starts the answer of the field with that label; everything up to the next such line is
    the answer. A label that is missing for a required field, or that occurs twice, means the form was edited by
    hand into something the converter cannot read safely: that is refused, as are bodies longer than GitHub allows.
    """
    if len(body) > MAX_BODY:
        raise ProposalError([text(Text.PROPOSAL_TOO_LONG, length=len(body), limit=MAX_BODY)])
    cleaned = clean_text(body)
    by_label = {f"### {f.label}": f for f in fields}
    starts: dict[str, list[int]] = {f.id: [] for f in fields}
    lines = cleaned.split("\n")
    for number, line in enumerate(lines):
        found = by_label.get(line.rstrip())
        if found is not None:
            starts[found.id].append(number)
    problems = []
    if not any(starts.values()):
        problems.append(text(Text.PROPOSAL_NOT_FROM_FORM))
        raise ProposalError(problems)
    for f in fields:
        if len(starts[f.id]) > 1:
            problems.append(text(Text.PROPOSAL_HEADING_TWICE, label=f.label))
        elif not starts[f.id] and f.required:
            problems.append(text(Text.PROPOSAL_HEADING_MISSING, label=f.label))
    if problems:
        raise ProposalError(problems)
    heading_lines = sorted(number for numbers in starts.values() for number in numbers)
    answers = {f.id: "" for f in fields}
    for f in fields:
        if not starts[f.id]:
            continue
        start = starts[f.id][0]
        end = next((number for number in heading_lines if number > start), len(lines))
        value = "\n".join(lines[start + 1 : end]).strip("\n").rstrip()
        empty = (NO_RESPONSE, NO_CHOICE) if f.kind == "dropdown" else (NO_RESPONSE,)
        answers[f.id] = "" if value.strip() in empty else value
    return answers


def check_choices(answers: Mapping[str, str], fields: Sequence[FormField]) -> list[str]:
    """Problems with the answers to lists and checkboxes: an option that is not in the form (edited by hand), an
    agreement not ticked, a required answer left empty."""
    problems = []
    for f in fields:
        value = answers.get(f.id, "")
        if f.kind == "checkboxes":
            ticked = {" ".join(line[6:].split()) for line in value.split("\n") if line.startswith(("- [x] ", "- [X] "))}
            for option in f.required_options:
                if " ".join(option.split()) not in ticked:
                    problems.append(text(Text.PROPOSAL_AGREEMENT_NOT_TICKED, label=f.label, agreement=option))
            continue
        if f.required and not value.strip():
            problems.append(text(Text.PROPOSAL_ANSWER_EMPTY, label=f.label))
            continue
        if f.kind == "dropdown" and value.strip():
            chosen = split_list(value) if f.multiple else [" ".join(value.split())]
            unknown = [item for item in chosen if item not in f.options]
            for item in unknown:
                problems.append(
                    text(Text.PROPOSAL_NOT_IN_LIST, answer=item, label=f.label, options=", ".join(f.options))
                )
    return problems


def split_list(value: str) -> list[str]:
    """A comma-separated answer (a list with more choices, names) as its items, spaces tidied, empty ones dropped."""
    return [" ".join(item.split()) for item in value.split(",") if item.strip()]


def template_headings(template: Path) -> list[str]:
    """The ``## `` headings of a page template's body, in order."""
    body = split(template.read_text(encoding="utf-8").replace("\r\n", "\n")).body
    return [line[3:].strip() for line in body.split("\n") if line.startswith("## ")]


def fill_sections(body: str, texts: Sequence[str]) -> str:
    """The template ``body`` with ``texts[i]`` under its i-th ``## `` heading instead of the guidance there.

    An empty text keeps the template's guidance (a comment the site does not show), so the editor sees what that
    part is for. Texts beyond the template's headings go under its last heading.
    """
    lines = body.split("\n")
    headings = [number for number, line in enumerate(lines) if line.startswith("## ")]
    if not headings:
        extra = "\n\n".join(t for t in texts if t.strip())
        return body.rstrip("\n") + ("\n\n" + extra + "\n" if extra else "\n")
    parts = [list(texts[: len(headings)])]
    overflow = [t for t in texts[len(headings) :] if t.strip()]
    chosen = parts[0] + [""] * (len(headings) - len(parts[0]))
    if overflow:
        chosen[-1] = "\n\n".join([chosen[-1], *overflow]).strip("\n")
    out = lines[: headings[0]]
    bounds = [*headings, len(lines)]
    for index, start in enumerate(headings):
        section = lines[start : bounds[index + 1]]
        section_text = chosen[index].strip("\n")
        if section_text.strip():
            out += [section[0], "", *section_text.split("\n"), ""]
        else:
            out += section
    return "\n".join(out).rstrip("\n") + "\n"


def yaml_item(name: str) -> str:
    """``name`` as a YAML list item's value: plain where YAML reads it back unchanged, quoted otherwise."""
    dumped = yaml.safe_dump([name], allow_unicode=True, width=1000, default_flow_style=False)
    return dumped.split("\n", 1)[0].removeprefix("- ")


def add_places(config_text: str, names: Sequence[str]) -> str:
    """``mkdocs.yml``'s text with each of ``names`` as one more line in ``extra.content_model.cities``."""
    return _append_items(config_text, _places_node, names, "mkdocs.yml")


def add_form_options(form_text: str, names: Sequence[str]) -> str:
    """The issue form's text with each of ``names`` as one more option of the field ``gemeenten``, so that the
    form keeps offering exactly the places of the content model (tests/test_proposal.py checks that)."""
    return _append_items(form_text, _form_places_node, names, FORM_FILE.name)


def _append_items(yaml_text: str, locate: Any, names: Sequence[str], file_name: str) -> str:
    """``yaml_text`` with one ``- name`` line per name after the last item of the YAML list that ``locate`` finds.

    Found through the YAML node positions (not a text search), so comments and the order of the file stay as they
    are; the result is read back and must list exactly the old items plus ``names``.
    """
    if not names:
        return yaml_text
    items = locate(yaml.compose(yaml_text, Loader=yaml.SafeLoader), file_name)
    if not items.value:
        raise ConversionError(text(Text.PROPOSAL_PLACES_LIST_EMPTY, file=file_name))
    last = items.value[-1]
    lines = yaml_text.split("\n")
    dash_column = last.start_mark.column - 2
    if dash_column < 0 or not lines[last.start_mark.line].startswith(" " * dash_column + "- "):
        raise ConversionError(text(Text.PROPOSAL_PLACES_NOT_ONE_PER_LINE, file=file_name))
    end_line = last.end_mark.line if last.end_mark.column > 0 else last.end_mark.line - 1
    new_lines = [" " * dash_column + "- " + yaml_item(name) for name in names]
    result = "\n".join(lines[: end_line + 1] + new_lines + lines[end_line + 1 :])
    if _item_values(result, locate, file_name) != [*_item_values(yaml_text, locate, file_name), *names]:
        raise ConversionError(text(Text.PROPOSAL_NEW_PLACE_NOT_WRITTEN, file=file_name))
    return result


def _mapping_value(node: Any, key: str, file_name: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value_node
    raise ConversionError(text(Text.PROPOSAL_KEY_MISSING, key=key, file=file_name))


def _sequence(node: Any, file_name: str) -> yaml.SequenceNode:
    if not isinstance(node, yaml.SequenceNode):
        raise ConversionError(text(Text.PROPOSAL_PLACES_NOT_A_LIST, file=file_name))
    return node


def _places_node(root: Any, file_name: str) -> yaml.SequenceNode:
    """``extra.content_model.cities`` of ``mkdocs.yml``."""
    model = _mapping_value(_mapping_value(root, "extra", file_name), "content_model", file_name)
    return _sequence(_mapping_value(model, "cities", file_name), file_name)


def _form_places_node(root: Any, file_name: str) -> yaml.SequenceNode:
    """The options of the field ``gemeenten`` of the issue form."""
    for element in _sequence(_mapping_value(root, "body", file_name), file_name).value:
        ids = [v for k, v in getattr(element, "value", []) if isinstance(k, yaml.ScalarNode) and k.value == "id"]
        if ids and isinstance(ids[0], yaml.ScalarNode) and ids[0].value == PLACES:
            attributes = _mapping_value(element, "attributes", file_name)
            return _sequence(_mapping_value(attributes, "options", file_name), file_name)
    raise ConversionError(text(Text.PROPOSAL_PLACES_FIELD_MISSING, field=PLACES, file=file_name))


def _item_values(yaml_text: str, locate: Any, file_name: str) -> list[str]:
    items = locate(yaml.compose(yaml_text, Loader=yaml.SafeLoader), file_name)
    return [str(item.value) for item in items.value if isinstance(item, yaml.ScalarNode)]


def new_place_names(value: str, known: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """The places typed in the free field: (already known, spelled as in the model; new; problems)."""
    by_key = {" ".join(fold(name).casefold().split()): name for name in known}
    existing: list[str] = []
    new: list[str] = []
    problems = []
    for name in split_list(value.replace("\n", ",")):
        found = by_key.get(" ".join(fold(name).casefold().split()))
        if found:
            existing.append(found)
        elif len(name) > MAX_PLACE or not PLACE_NAME.fullmatch(name):
            problems.append(text(Text.PROPOSAL_PLACE_NAME_INVALID, name=name[:MAX_PLACE], limit=MAX_PLACE))
        elif name not in new:
            new.append(name)
    return existing, new, problems


def convert(
    answers: Mapping[str, str],
    fields: Sequence[FormField],
    project: Path,
    today: dt.date,
) -> Page:
    """Make the page of a proposal in the project at ``project`` (its ``mkdocs.yml`` and ``docs/``) and check it.

    Writes the page (and, for a new place, the line in ``mkdocs.yml``) into ``project``; raises
    :class:`ProposalError` with every problem the proposer can fix, before or after writing. Never overwrites a page.
    """
    problems = check_choices(answers, fields)
    config_path = project / "mkdocs.yml"
    config_text = config_path.read_text(encoding="utf-8")
    try:
        model = parse_model(read_config(config_path), project)
    except ModelError as exc:
        raise ConversionError(str(exc)) from exc
    existing, new_places, place_problems = new_place_names(answers.get(NEW_PLACES, ""), model.cities)
    problems += place_problems
    chosen = split_list(answers.get(PLACES, ""))
    places = list(dict.fromkeys([*chosen, *existing, *new_places]))
    if not places:
        problems.append(text(Text.PROPOSAL_NO_PLACE))
    for f in fields:
        if f.kind == "input" and len(answers.get(f.id, "")) > MAX_LINE_ANSWER:
            problems.append(text(Text.PROPOSAL_ANSWER_TOO_LONG, label=f.label, limit=MAX_LINE_ANSWER))
    if problems:
        raise ProposalError(problems)
    # A new place: its line in mkdocs.yml and, when the project has the form, the same name as an option there.
    originals = {config_path: config_text}
    changed = {config_path: add_places(config_text, new_places)}
    form_path = project / FORM_FILE.relative_to(REPO_ROOT)
    if new_places and form_path.is_file():
        originals[form_path] = form_path.read_text(encoding="utf-8")
        changed[form_path] = add_form_options(originals[form_path], new_places)
    try:
        for path, new_text in changed.items():
            if new_text != originals[path]:
                path.write_text(new_text, encoding="utf-8")
        page = _make_page(answers, fields, project, today, places, new_places)
    except BaseException:
        for path, old_text in originals.items():
            path.write_text(old_text, encoding="utf-8")
        raise
    page.changed_files += [path.relative_to(project).as_posix() for path in changed if changed[path] != originals[path]]
    return page


def _make_page(
    answers: Mapping[str, str],
    fields: Sequence[FormField],
    project: Path,
    today: dt.date,
    places: list[str],
    new_places: list[str],
) -> Page:
    """The rest of :func:`convert`, once ``mkdocs.yml`` lists every place of the page."""
    try:
        model = parse_model(read_config(project / "mkdocs.yml"), project)
    except ModelError as exc:
        raise ConversionError(str(exc)) from exc
    problems: list[str] = []
    form = scaffold.Form(model, today, model.docs_dir)
    values = {ANSWERS[name]: answers.get(name, "") for name in ANSWERS}
    values["cities"] = ", ".join(places)
    values["date"] = ""
    for name in scaffold.FIELDS:  # the scaffolder's order: the type first, the source title before its address
        if name not in values:
            continue
        try:
            form.answer(name, _one_line(values[name]))
        except scaffold.AnswerError as exc:
            problems += [f"{_label(fields, _form_id(name))}: {message}" for message in exc.messages]
    if problems:
        raise ProposalError(problems)
    try:
        path, page_text = form.render()
    except scaffold.ScaffoldError as exc:
        raise ProposalError([str(exc)]) from exc
    if path.exists():
        raise ProposalError([text(Text.PROPOSAL_PAGE_EXISTS, path=path.relative_to(project).as_posix())])
    template = scaffold.TEMPLATES_DIR / f"{model.types[form.values['type']].template}.md"
    body = split(template.read_text(encoding="utf-8")).body.lstrip("\n")
    if not page_text.endswith(body):
        raise ConversionError(text(Text.PROPOSAL_TEMPLATE_MISMATCH))
    sections = [clean_text(answers[f.id]) for f in fields if f.id.startswith(SECTION_PREFIX)]
    page_text = page_text[: len(page_text) - len(body)] + fill_sections(body, sections)
    rel_path = path.relative_to(project).as_posix()
    scaffold.write_page(path, page_text)
    try:
        warnings = run_checker(project, path, today)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Page(rel_path, page_text, form.values["title"], new_places, warnings, [rel_path])


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


def _form_id(answer: str) -> str:
    if answer == "cities":
        return PLACES
    return next((form_id for form_id, name in ANSWERS.items() if name == answer), answer)


def _label(fields: Sequence[FormField], form_id: str) -> str:
    return next((f.label for f in fields if f.id == form_id), form_id)


def run_checker(project: Path, page: Path, today: dt.date) -> list[str]:
    """Run the content checker on the new page, as on any contribution; its warnings, or :class:`ProposalError`.

    A separate process with a deadline, so a page that makes the checker slow cannot hold the workflow.
    """
    command = [
        sys.executable,
        str(CHECKER),
        "--config",
        str(project / "mkdocs.yml"),
        "--today",
        today.isoformat(),
        "--format",
        "json",
        str(page),
    ]
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHECKER_TIMEOUT, check=False, env=env, cwd=project
        )
    except subprocess.TimeoutExpired as exc:
        raise ProposalError([text(Text.PROPOSAL_CHECKER_TIMEOUT, seconds=CHECKER_TIMEOUT)]) from exc
    if done.returncode not in (0, 1):
        raise ConversionError(text(Text.PROPOSAL_CHECKER_FAILED, error=done.stderr.strip()[:500]))
    try:
        findings = json.loads(done.stdout or "[]")
    except ValueError as exc:
        raise ConversionError(text(Text.PROPOSAL_CHECKER_UNREADABLE)) from exc
    own = page.relative_to(project).as_posix()
    mine = [f for f in findings if f.get("path") in (own, "mkdocs.yml")]
    errors = [
        text(Text.PROPOSAL_CHECKER_ERROR, message=f["message"], rule=f["rule"], line=f["line"])
        for f in mine
        if f["severity"] == "error"
    ]
    if errors:
        raise ProposalError(errors)
    return [f"{f['message']} ({f['rule']})" for f in mine if f["severity"] != "error"]
