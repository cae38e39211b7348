#!/usr/bin/env python3
"""Start a new content page: ``make new`` asks in Dutch, one checked answer at a time, keeping a draft for the next
run; ``make new ARGS='…'`` takes flags. Logic in ``smartcity.scaffold``. Exit codes: 0 written (or shown with
``--dry-run``, or stopped by choice), 1 the file exists, 2 a missing or invalid value (or end of input), 130 Ctrl-C.
The Dutch texts are in ``smartcity/texts/new-page.yml``.
"""

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from smartcity import clock, scaffold
from smartcity.model import MKDOCS_YML, ModelError, load_model
from smartcity.scaffold import shown
from smartcity.text import fold
from smartcity.texts import Text, text

FLAGS = {name: "--" + name.replace("_", "-") for name in scaffold.FIELDS}
QUESTIONS = (  # (answer, label in the summary, question), in the order they are asked and numbered
    ("type", Text.NEW_PAGE_LABEL_TYPE, Text.NEW_PAGE_QUESTION_TYPE),
    ("title", Text.NEW_PAGE_LABEL_TITLE, Text.NEW_PAGE_QUESTION_TITLE),
    ("description", Text.NEW_PAGE_LABEL_DESCRIPTION, Text.NEW_PAGE_QUESTION_DESCRIPTION),
    ("cities", Text.NEW_PAGE_LABEL_CITIES, Text.NEW_PAGE_QUESTION_CITIES),
    ("tags", Text.NEW_PAGE_LABEL_TAGS, Text.NEW_PAGE_QUESTION_TAGS),
    ("people", Text.NEW_PAGE_LABEL_PEOPLE, Text.NEW_PAGE_QUESTION_PEOPLE),
    ("source_title", Text.NEW_PAGE_LABEL_SOURCE_TITLE, Text.NEW_PAGE_QUESTION_SOURCE_TITLE),
    ("source_url", Text.NEW_PAGE_LABEL_SOURCE_URL, Text.NEW_PAGE_QUESTION_SOURCE_URL),
    ("date", Text.NEW_PAGE_LABEL_DATE, Text.NEW_PAGE_QUESTION_DATE),
)
# The answers a j/n question accepts (after folding accents and case). They are matched against what the contributor
# types, so they stay next to the code that matches them; the questions that name "j" and "n" are in new-page.yml.
YES, NO = ("j", "ja", "y", "yes"), ("n", "nee", "no")


class StopError(Exception):
    """The contributor chose to stop; the answers so far are in the draft."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=text(Text.NEW_PAGE_HELP_INTRO),
        epilog=text(Text.NEW_PAGE_HELP_EPILOG, example=text(Text.NEW_PAGE_EXAMPLE)),
    )
    parser.add_argument("--type", help=text(Text.NEW_PAGE_HELP_TYPE))
    parser.add_argument("--title", help=text(Text.NEW_PAGE_HELP_TITLE))
    parser.add_argument("--description", help=text(Text.NEW_PAGE_HELP_DESCRIPTION))
    parser.add_argument("--cities", action="append", help=text(Text.NEW_PAGE_HELP_CITIES))
    parser.add_argument("--tags", "--themes", dest="tags", action="append", help=text(Text.NEW_PAGE_HELP_TAGS))
    parser.add_argument("--people", action="append", help=text(Text.NEW_PAGE_HELP_PEOPLE))
    parser.add_argument("--date", help=text(Text.NEW_PAGE_HELP_DATE))
    parser.add_argument("--source-title", help=text(Text.NEW_PAGE_HELP_SOURCE_TITLE))
    parser.add_argument("--source-url", help=text(Text.NEW_PAGE_HELP_SOURCE_URL))
    parser.add_argument("--config", type=Path, default=MKDOCS_YML, help=text(Text.NEW_PAGE_HELP_CONFIG))
    parser.add_argument("--docs", type=Path, default=None, help=text(Text.NEW_PAGE_HELP_DOCS))
    parser.add_argument("--dry-run", action="store_true", help=text(Text.NEW_PAGE_HELP_DRY_RUN))
    # "--lijst" is Dutch, and a name the contributor types: it stays as it is, like the other flags' names.
    parser.add_argument("--lijst", action="store_true", help=text(Text.NEW_PAGE_HELP_LIST))
    return parser


def from_flags(args: argparse.Namespace, form: scaffold.Form) -> int:
    """Flag mode: check every value at once; name the flags, since the contributor typed them."""
    errors = []
    for name, flag in FLAGS.items():
        try:
            form.answer(name, scaffold.text_of(getattr(args, name)))  # a repeated flag: its values joined
        except scaffold.AnswerError as exc:
            errors += [text(Text.NEW_PAGE_FLAG_ERROR, flag=flag, message=message) for message in exc.messages]
    if errors:
        how = text(Text.NEW_PAGE_FLAG_ERRORS_HELP, example=text(Text.NEW_PAGE_EXAMPLE))
        print(*errors, how, sep="\n", file=sys.stderr)
        return 2
    try:
        path, page = form.render()
        if args.dry_run:
            print(text(Text.NEW_PAGE_DRY_RUN, path=path), page, sep="\n", end="")
            return 0
        scaffold.write_page(path, page)
    except scaffold.ScaffoldError as exc:
        print(text(Text.NEW_PAGE_ERROR, message=exc), file=sys.stderr)
        return 1 if isinstance(exc, scaffold.PageExistsError) else 2
    stem, shortened = form.file_name()
    if shortened:
        print(text(Text.NEW_PAGE_TITLE_SHORTENED, name=stem, limit=scaffold.MAX_NAME))
    # Flags are not a conversation: an old date is said, not asked (a warning of the checker, never an error).
    if warning := form.old_date():
        print(text(Text.NEW_PAGE_OLD_DATE_NOTE, warning=warning))
    print(text(Text.NEW_PAGE_NEXT_STEPS, path=shown(path)))
    return 0


@dataclass
class Conversation:
    """Interactive mode: Dutch questions one at a time, each answer checked and kept in the draft."""

    form: scaffold.Form
    read: Callable[[str], str]
    write: Callable[[str], None]
    draft: Path

    def run(self, dry_run: bool) -> int:
        try:
            self.resume()
            while True:
                for number, (name, _, _) in enumerate(QUESTIONS):
                    if name not in self.form.texts and self.applies(number):
                        self.ask(number)
                if self.confirmed():
                    return self.finish(dry_run)
        except scaffold.ScaffoldError as exc:
            self.write(text(Text.NEW_PAGE_ERROR, message=exc))
            return 2
        except (StopError, EOFError, KeyboardInterrupt) as exc:
            if self.draft.exists():
                stopped = text(Text.NEW_PAGE_STOPPED_ANSWERS_KEPT, draft=shown(self.draft))
            else:
                stopped = text(Text.NEW_PAGE_STOPPED_NOTHING_KEPT)
            self.write("\n" + stopped)
            # Stopping by choice is a success; the input ending is a usage problem; Ctrl-C is 130, as in a shell.
            if isinstance(exc, StopError):
                return 0
            if isinstance(exc, EOFError):
                return 2
            return 130

    def yes(self, question: str) -> bool:
        """Ask ``question`` until the answer is j or n (any case, with or without accents); True for j."""
        prompt = text(Text.NEW_PAGE_YES_NO, question=question)
        answer = fold(self.read(prompt)).strip().lower()
        while answer not in YES + NO:
            self.write(text(Text.NEW_PAGE_YES_NO_AGAIN))
            answer = fold(self.read(prompt)).strip().lower()
        return answer in YES

    def applies(self, number: int) -> bool:
        return QUESTIONS[number][0] != "source_url" or bool(self.form.values.get("source_title"))

    def resume(self) -> None:
        if texts := scaffold.load_draft(self.draft):
            if title := texts.get("title"):
                self.write(text(Text.NEW_PAGE_DRAFT_FOUND, title=title))
            else:
                self.write(text(Text.NEW_PAGE_DRAFT_FOUND_WITHOUT_TITLE))
        if texts and not self.yes(text(Text.NEW_PAGE_DRAFT_GO_ON)):
            self.write(text(Text.NEW_PAGE_DRAFT_START_AGAIN))
            return
        for name, label, _ in QUESTIONS:
            try:
                if name in texts:
                    self.form.answer(name, texts[name])
            except scaffold.AnswerError as exc:
                self.write(text(Text.NEW_PAGE_DRAFT_ANSWER_NO_LONGER_FITS, label=text(label), message=exc))

    def ask(self, number: int) -> None:
        """Ask question ``number`` (with its menu) until the answer is accepted; then keep it in the draft."""
        name, _, question = QUESTIONS[number]
        model = self.form.model
        self.write("\n" + text(question, limit=model.description_max_length, today=self.form.today))
        menu = {"type": [t.label for t in model.types.values()], "cities": model.cities, "tags": model.themes}
        for index, choice in enumerate(menu.get(name, ()), start=1):
            self.write(f"  {index}. {choice}")
        typed = self.read("> ")
        while not self.accepted(name, typed):
            typed = self.read(text(Text.NEW_PAGE_ANSWER_AGAIN))
        scaffold.save_draft(self.draft, self.form.texts)

    def accepted(self, name: str, typed: str) -> bool:
        """Try an answer; on a refusal say why and try the validator's correction if the contributor takes it."""
        try:
            self.form.answer(name, typed)
        except scaffold.AnswerError as exc:
            message = str(exc)
            if exc.question:
                # The suggestion ("Bedoelde u …?") is asked as a question below, so it is not printed twice.
                message = message.replace(" " + exc.question, "")
            self.write(message)
            if exc.question and self.yes(exc.question):
                return self.accepted(name, exc.fixed)
            if exc.unknown and self.add_places(exc.unknown):
                return self.accepted(name, typed)
            if exc.known is None:
                return False
            if exc.known:
                offer = text(Text.NEW_PAGE_PLACE_GO_ON_WITH_KNOWN, known=exc.known)
            else:
                offer = text(Text.NEW_PAGE_PLACE_CHOOSE_FROM_LIST)
            if not self.yes(offer):
                raise StopError from None
            return bool(exc.known) and self.accepted(name, exc.known)
        if name == "date" and not self.date_confirmed():
            return False
        if name == "title" and self.form.path().exists():
            self.write(text(Text.NEW_PAGE_TITLE_PAGE_EXISTS, path=shown(self.form.path())))
            return False
        stem, shortened = self.form.file_name()
        if name == "title" and shortened:
            self.write(text(Text.NEW_PAGE_TITLE_SHORTENED, name=stem, limit=scaffold.MAX_NAME))
        return True

    def add_places(self, names: Sequence[str]) -> bool:
        """Offer to add each new place to mkdocs.yml, showing the exact line; True when all were added."""
        config = shown(self.form.config_path)
        for place in names:
            try:
                line = scaffold.place_line(self.form.config_path, place)
            except (OSError, scaffold.ScaffoldError) as exc:
                self.write(text(Text.NEW_PAGE_ERROR, message=exc))
                return False
            self.write(text(Text.NEW_PAGE_NEW_PLACE_LINE, name=place, config=config, line=line))
            if not self.yes(text(Text.NEW_PAGE_NEW_PLACE_QUESTION, config=config)):
                return False
            try:
                self.form.add_place(place)
            except scaffold.ScaffoldError as exc:
                self.write(text(Text.NEW_PAGE_ERROR, message=exc))
                return False
            self.write(text(Text.NEW_PAGE_PLACE_ADDED, config=config))
        return True

    def date_confirmed(self) -> bool:
        """A date older than the review period is asked about once; False to ask for the date again."""
        warning = self.form.old_date()
        if not warning:
            return True
        self.write(warning)
        date = scaffold.text_of(self.form.values.get("date"))
        return self.yes(text(Text.NEW_PAGE_OLD_DATE_QUESTION, date=date))

    def summary_numbers(self) -> dict[int, int]:
        """Shown number -> question index, for the questions that apply: numbered 1, 2, 3, … without gaps."""
        applying = [index for index in range(len(QUESTIONS)) if self.applies(index)]
        return {shown_number: index for shown_number, index in enumerate(applying, start=1)}

    def confirmed(self) -> bool:
        """Show the summary; True to write, False after changing an answer; :class:`StopError` on "n"."""
        self.write("\n" + text(Text.NEW_PAGE_SUMMARY_HEADING))
        numbers = self.summary_numbers()
        for shown_number, index in numbers.items():
            name, label, _ = QUESTIONS[index]
            value = scaffold.text_of(self.form.values.get(name)) or text(Text.NEW_PAGE_SUMMARY_NO_ANSWER)
            self.write(f"  {shown_number}. {text(label)}: {value}")
        self.write("  " + text(Text.NEW_PAGE_SUMMARY_FILE, path=shown(self.form.path())))
        prompt = text(Text.NEW_PAGE_SUMMARY_PROMPT)
        while (answer := fold(self.read(prompt)).strip().lower()) not in YES + NO:
            if answer.isdecimal() and int(answer) in numbers:
                self.ask(numbers[int(answer)])
                return False
            self.write(text(Text.NEW_PAGE_SUMMARY_ANSWER_AGAIN))
        if answer in NO:
            raise StopError
        return True

    def finish(self, dry_run: bool) -> int:
        path, page = self.form.render()
        if dry_run:
            self.write(page)
            return 0
        try:
            scaffold.write_page(path, page)
        except scaffold.PageExistsError as exc:  # made meanwhile: ask another title
            self.write(str(exc))
            self.ask(1)
            return self.finish(dry_run)
        self.draft.unlink(missing_ok=True)
        self.write(text(Text.NEW_PAGE_NEXT_STEPS, path=shown(path)))
        return 0


def main(
    argv: Sequence[str] | None = None,
    *,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    today: dt.date | None = None,
    draft: Path = scaffold.DRAFT,
    interactive: bool | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    try:
        model = load_model(args.config.resolve())
    except ModelError as exc:
        print(text(Text.NEW_PAGE_ERROR, message=exc), file=sys.stderr)
        return 2
    if args.lijst:
        print(text(Text.NEW_PAGE_LIST_TYPES), ", ".join(model.types))
        print(text(Text.NEW_PAGE_LIST_THEMES), *(f"  - {theme}" for theme in model.themes), sep="\n")
        print(text(Text.NEW_PAGE_LIST_PLACES), *(f"  - {city}" for city in model.cities), sep="\n")
        return 0
    form = scaffold.Form(model, today or clock.today(), args.docs or model.docs_dir, args.config.resolve())
    if any(getattr(args, name) is not None for name in scaffold.FIELDS):
        return from_flags(args, form)
    if not (sys.stdin.isatty() if interactive is None else interactive):
        print(text(Text.NEW_PAGE_NO_TERMINAL, example=text(Text.NEW_PAGE_EXAMPLE)), file=sys.stderr)
        return 2
    return Conversation(form, read, write, draft).run(args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
