#!/usr/bin/env python3
"""Start a new content page (les, interview, meetup): ``make new`` asks, ``make new ARGS='…'`` takes flags.

Without flags, in a terminal, it asks in Dutch, one question at a time, checks every answer
as it is given, keeps the answers in a draft (``.cache/nieuwe-pagina.json``) and offers to
continue from it next time. With flags it checks them all at once. The logic is in
``smartcity.scaffold``. Exit codes: 0 page written (or shown with ``--dry-run``, or the
contributor chose to stop), 1 the file already exists, 2 a missing or invalid value (or the
input ended), 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from smartcity import scaffold
from smartcity.model import ContentModel, ModelError, load_model
from smartcity.scaffold import shown
from smartcity.text import fold

EXAMPLE = (
    'make new ARGS=\'--type les --title "Titel van de les" --description "Eén zin over de les." '
    '--cities Utrecht --tags "Open data"\''
)
FLAGS = {name: "--" + name.replace("_", "-") for name in scaffold.FIELDS}
MANY = "Typ een of meer nummers of namen, met komma's ertussen."
QUESTIONS = (  # (answer, label in the summary, question)
    ("type", "Soort", "Wat voor pagina maak je? Typ een nummer of de naam."),
    ("title", "Titel", "Wat is de titel van de pagina? (De bestandsnaam wordt van de titel gemaakt.)"),
    ("description", "Beschrijving", "Beschrijf de pagina in één zin van hoogstens {limit} tekens (voor lijsten)."),
    ("cities", "Gemeenten en organisaties", f"Over welke gemeenten of organisaties gaat het? {MANY}"),
    ("tags", "Thema's", f"Welke thema's passen bij de pagina? {MANY}"),
    ("people", "Mensen", "Wie komen er aan het woord? Alleen wie daarmee instemt; namen met komma's (Enter: niemand)."),
    ("source_title", "Bron", "Wat is de titel van de bron? (Enter: geen bron)"),
    ("source_url", "Webadres van de bron", "Wat is het webadres van de bron? Begin met https:// (Enter: onbekend)"),
    ("date", "Datum", "Op welke datum komt de pagina op de site? JJJJ-MM-DD (Enter: vandaag, {today})"),
)
YES, NO = ("j", "ja", "y", "yes"), ("n", "nee", "no")


class StopError(Exception):
    """The contributor chose to stop; the answers so far are in the draft."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="new_page.py",
        description="Maak een nieuwe pagina (les, interview of meetup). Zonder vlaggen stelt het script de vragen.",
        epilog=f"Lijsten (--cities, --tags, --people) mag je herhalen of met komma's scheiden. Voorbeeld: {EXAMPLE}",
    )
    parser.add_argument("--type", help="les, interview of meetup")
    parser.add_argument("--title", help="titel van de pagina; de bestandsnaam wordt daarvan gemaakt")
    parser.add_argument("--description", help="één zin over de pagina (voor lijsten en zoekmachines)")
    parser.add_argument("--cities", action="append", help="gemeente of organisatie uit de toegestane lijst")
    parser.add_argument("--tags", "--themes", dest="tags", action="append", help="thema uit de toegestane lijst")
    parser.add_argument("--people", action="append", help="naam van wie aan het woord komt (alleen met instemming)")
    parser.add_argument("--date", help="datum JJJJ-MM-DD (standaard: vandaag)")
    parser.add_argument("--source-title", help="titel van de bron")
    parser.add_argument("--source-url", help="https-adres van de bron, alleen als het bekend is")
    parser.add_argument("--docs", type=Path, default=None, help="map met de site-inhoud (standaard: docs/)")
    parser.add_argument("--dry-run", action="store_true", help="toon de pagina zonder iets te schrijven")
    parser.add_argument("--lijst", action="store_true", help="toon de toegestane types, thema's en steden")
    return parser


def print_allowed(model: ContentModel) -> None:
    print("Types:", ", ".join(model.types))
    print("Thema's:", *(f"  - {theme}" for theme in model.themes), sep="\n")
    print("Gemeenten en organisaties:", *(f"  - {city}" for city in model.cities), sep="\n")


def plain(answer: str) -> str:
    return fold(answer).strip().lower()


def next_steps(path: Path) -> str:
    return (
        f"Nieuwe pagina: {shown(path)}\n\nVolgende stappen:\n"
        f"  1. Open {shown(path)} en vul de kopjes in; de opmerkingen <!-- … --> helpen je op weg.\n"
        f"  2. Controleer de pagina: make check  (of: .venv/bin/python scripts/check_content.py {shown(path)})\n"
        "  3. Bekijk de site: make serve, en open http://127.0.0.1:8000\n"
        "  4. Maak een pull request; zie CONTRIBUTING.md voor de stappen en de review."
    )


def from_flags(args: argparse.Namespace, form: scaffold.Form) -> int:
    """Flag mode: check every value at once; name the flags, since the contributor typed them."""
    errors = []
    for name in scaffold.FIELDS:
        given = getattr(args, name)
        try:
            form.answer(name, ", ".join(given) if isinstance(given, list) else given or "")
        except scaffold.AnswerError as exc:
            errors += [f"Fout: {FLAGS[name]}: {message}" for message in (exc.message, *exc.others)]
    if errors:
        print(*errors, f"Voorbeeld: {EXAMPLE}\nDe toegestane waarden: make new ARGS=--lijst", sep="\n", file=sys.stderr)
        return 2
    try:
        path, text = form.render()
        if args.dry_run:
            print(f"# {path} (niet geschreven: --dry-run)\n{text}", end="")
            return 0
        scaffold.write_page(path, text)
    except scaffold.ScaffoldError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, scaffold.PageExistsError) else 2
    name, shortened = form.file_name()
    print(*([scaffold.SHORTENED.format(name=name)] if shortened else []), next_steps(path), sep="\n")
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
                for number in range(len(QUESTIONS)):
                    if QUESTIONS[number][0] not in self.form.texts and self.applies(number):
                        self.ask(number)
                if self.confirmed():
                    return self.finish(dry_run)
        except scaffold.ScaffoldError as exc:
            self.write(f"Fout: {exc}")
            return 2
        except (StopError, EOFError, KeyboardInterrupt) as exc:
            kept = f"Je antwoorden staan in {shown(self.draft)}. Start later opnieuw met make new om verder te gaan."
            self.write("\nGestopt. " + (kept if self.draft.exists() else "Er was nog niets om te bewaren."))
            return {StopError: 0, EOFError: 2}.get(type(exc), 130)

    def yes(self, question: str) -> bool:
        while True:
            answer = plain(self.read(f"{question} (j/n) "))
            if answer in YES + NO:
                return answer in YES
            self.write("Typ j (ja) of n (nee).")

    def applies(self, number: int) -> bool:
        return QUESTIONS[number][0] != "source_url" or bool(self.form.values.get("source_title"))

    def resume(self) -> None:
        texts = scaffold.load_draft(self.draft)
        if not texts:
            return
        self.write(f'Je was al begonnen aan een nieuwe pagina ("{texts.get("title") or "nog zonder titel"}").')
        if not self.yes("Wil je verdergaan waar je was?"):
            self.write("Dan beginnen we opnieuw; je eerdere antwoorden worden vervangen.")
            return
        for name, label, _ in QUESTIONS:
            try:
                if name in texts:
                    self.form.answer(name, texts[name])
            except scaffold.AnswerError as exc:
                self.write(f'Je eerdere antwoord bij "{label}" klopt niet meer; die vraag komt opnieuw. {exc.message}')

    def ask(self, number: int) -> None:
        """Ask question ``number`` until the answer is valid; then keep it in the draft."""
        name, _, question = QUESTIONS[number]
        self.write("\n" + question.format(limit=self.form.model.description_max_length, today=self.form.today))
        model = self.form.model
        menu = {"type": [t.label for t in model.types.values()], "cities": model.cities, "tags": model.themes}
        for index, choice in enumerate(menu.get(name, ()), start=1):
            self.write(f"  {index}. {choice}")
        text = self.read("> ")
        while True:
            try:
                self.form.answer(name, text)
                if name != "title" or self.title_is_free():
                    break
            except scaffold.AnswerError as exc:
                text = self.retry(exc)
                if text is not None:
                    continue
            text = self.read("Nieuw antwoord: ")
        scaffold.save_draft(self.draft, self.form.texts)

    def retry(self, exc: scaffold.AnswerError) -> str | None:
        """Show the validator's verdict; the corrected answer to try, or ``None`` to ask again."""
        self.write(exc.message.replace(" " + exc.question, "") if exc.question else exc.message)
        if exc.question and self.yes(exc.question):
            return exc.fixed
        if exc.known is not None:  # an unknown place: go on with the known ones (or choose again), or stop
            offer = f"Verdergaan met alleen {exc.known}?" if exc.known else "Wil je een plaats uit de lijst kiezen?"
            if not self.yes(f"{offer} Bij n stop je hier; je antwoorden blijven bewaard."):
                raise StopError
        return exc.known or None

    def title_is_free(self) -> bool:
        name, shortened = self.form.file_name()
        if self.form.path().exists():
            self.write(f"Er staat al een pagina {shown(self.form.path())}. Kies een andere titel.")
            return False
        if shortened:
            self.write(scaffold.SHORTENED.format(name=name))
        return True

    def confirmed(self) -> bool:
        """Show the summary; True to write, False after changing an answer; :class:`StopError` on "n"."""
        self.write("\nDit wordt de nieuwe pagina:")
        for number, (name, label, _) in enumerate(QUESTIONS):
            if self.applies(number):
                self.write(f"  {number + 1}. {label}: {scaffold.text_of(self.form.values.get(name)) or '(geen)'}")
        self.write(f"  Bestand: {shown(self.form.path())}")
        while True:
            answer = plain(self.read("Klopt alles? j = pagina maken, nummer = antwoord veranderen, n = stoppen: "))
            if answer in NO:
                raise StopError
            if answer in YES:
                return True
            if answer.isdecimal() and 1 <= int(answer) <= len(QUESTIONS) and self.applies(int(answer) - 1):
                self.ask(int(answer) - 1)
                return False
            self.write("Typ j, n of een nummer uit de lijst.")

    def finish(self, dry_run: bool) -> int:
        while True:
            path, text = self.form.render()
            if dry_run:
                self.write(text)
                return 0
            try:
                scaffold.write_page(path, text)
                break
            except scaffold.PageExistsError as exc:
                self.write(str(exc))
                self.ask(1)
        self.draft.unlink(missing_ok=True)
        self.write(next_steps(path))
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
        model = load_model()
    except ModelError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    if args.lijst:
        print_allowed(model)
        return 0
    form = scaffold.Form(model, today or dt.date.today(), args.docs or model.docs_dir)
    if any(getattr(args, name) is not None for name in scaffold.FIELDS):
        return from_flags(args, form)
    if not (sys.stdin.isatty() if interactive is None else interactive):
        print(
            f"Fout: hier is geen terminal om de vragen te stellen. Start make new in een terminal, of: {EXAMPLE}",
            file=sys.stderr,
        )
        return 2
    return Conversation(form, read, write, draft).run(args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
