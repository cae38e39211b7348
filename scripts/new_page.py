#!/usr/bin/env python3
"""Start a new content page: ``make new`` asks in Dutch, one checked answer at a time, keeping a draft for the next
run; ``make new ARGS='…'`` takes flags. Logic in ``smartcity.scaffold``. Exit codes: 0 written (or shown with
``--dry-run``, or stopped by choice), 1 the file exists, 2 a missing or invalid value (or end of input), 130 Ctrl-C.
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

EXAMPLE = (
    'make new ARGS=\'--type les --title "Titel van de les" --description "Eén zin over de les." '
    '--cities Utrecht --tags "Open data"\''
)
FLAGS = {name: "--" + name.replace("_", "-") for name in scaffold.FIELDS}
MANY = "Typ een of meer nummers of namen, met komma's ertussen."
QUESTIONS = (  # (answer, label in the summary, question), in the order they are asked and numbered
    ("type", "Soort", "Wat voor pagina maakt u? Typ een nummer of de naam."),
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
NEXT_STEPS = """Nieuwe pagina: {path}

Volgende stappen:
  1. Open {path} en vul de kopjes in; de opmerkingen <!-- … --> helpen u op weg.
  2. Controleer de pagina: make check  (of: .venv/bin/python scripts/check_content.py {path})
  3. Bekijk de site: make serve, en open http://127.0.0.1:8000
  4. Maak een pull request; zie CONTRIBUTING.md voor de stappen en de review."""


class StopError(Exception):
    """The contributor chose to stop; the answers so far are in the draft."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Maak een nieuwe pagina (les, interview of meetup). Zonder vlaggen stelt het script de vragen.",
        epilog=f"Lijsten (--cities, --tags, --people) mag u herhalen of met komma's scheiden. Voorbeeld: {EXAMPLE}",
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
    parser.add_argument("--config", type=Path, default=MKDOCS_YML, help="mkdocs.yml (standaard: die van de repository)")
    parser.add_argument("--docs", type=Path, default=None, help="map met de site-inhoud (standaard: docs/)")
    parser.add_argument("--dry-run", action="store_true", help="toon de pagina zonder iets te schrijven")
    parser.add_argument(
        "--lijst", action="store_true", help="toon de toegestane types, thema's en gemeenten of organisaties"
    )
    return parser


def from_flags(args: argparse.Namespace, form: scaffold.Form) -> int:
    """Flag mode: check every value at once; name the flags, since the contributor typed them."""
    errors = []
    for name, flag in FLAGS.items():
        try:
            form.answer(name, scaffold.text_of(getattr(args, name)))  # a repeated flag: its values joined
        except scaffold.AnswerError as exc:
            errors += [f"Fout: {flag}: {message}" for message in exc.messages]
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
    stem, shortened = form.file_name()
    if shortened:
        print(scaffold.SHORTENED.format(name=stem))
    # Flags are not a conversation: an old date is said, not asked (a warning of the checker, never an error).
    if warning := form.old_date():
        print(f"Let op: {warning}")
    print(NEXT_STEPS.format(path=shown(path)))
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
            self.write(f"Fout: {exc}")
            return 2
        except (StopError, EOFError, KeyboardInterrupt) as exc:
            if self.draft.exists():
                draft = shown(self.draft)
                kept = f"Uw antwoorden staan in {draft}. Start later opnieuw met make new om verder te gaan."
            else:
                kept = "Er was nog niets om te bewaren."
            self.write("\nGestopt. " + kept)
            # Stopping by choice is a success; the input ending is a usage problem; Ctrl-C is 130, as in a shell.
            if isinstance(exc, StopError):
                return 0
            if isinstance(exc, EOFError):
                return 2
            return 130

    def yes(self, question: str) -> bool:
        """Ask ``question`` until the answer is j or n (any case, with or without accents); True for j."""
        answer = fold(self.read(f"{question} (j/n) ")).strip().lower()
        while answer not in YES + NO:
            self.write("Typ j (ja) of n (nee).")
            answer = fold(self.read(f"{question} (j/n) ")).strip().lower()
        return answer in YES

    def applies(self, number: int) -> bool:
        return QUESTIONS[number][0] != "source_url" or bool(self.form.values.get("source_title"))

    def resume(self) -> None:
        if texts := scaffold.load_draft(self.draft):
            self.write(f'U was al begonnen aan een nieuwe pagina ("{texts.get("title") or "nog zonder titel"}").')
        if texts and not self.yes("Wilt u verdergaan waar u was?"):
            self.write("Dan beginnen we opnieuw; uw eerdere antwoorden worden vervangen.")
            return
        for name, label, _ in QUESTIONS:
            try:
                if name in texts:
                    self.form.answer(name, texts[name])
            except scaffold.AnswerError as exc:
                self.write(f'Uw eerdere antwoord bij "{label}" klopt niet meer; die vraag komt opnieuw. {exc}')

    def ask(self, number: int) -> None:
        """Ask question ``number`` (with its menu) until the answer is accepted; then keep it in the draft."""
        name, _, question = QUESTIONS[number]
        model = self.form.model
        self.write("\n" + question.format(limit=model.description_max_length, today=self.form.today))
        menu = {"type": [t.label for t in model.types.values()], "cities": model.cities, "tags": model.themes}
        for index, choice in enumerate(menu.get(name, ()), start=1):
            self.write(f"  {index}. {choice}")
        text = self.read("> ")
        while not self.accepted(name, text):
            text = self.read("Nieuw antwoord: ")
        scaffold.save_draft(self.draft, self.form.texts)

    def accepted(self, name: str, text: str) -> bool:
        """Try an answer; on a refusal say why and try the validator's correction if the contributor takes it."""
        try:
            self.form.answer(name, text)
        except scaffold.AnswerError as exc:
            message = str(exc)
            if exc.question:
                # The suggestion ("Bedoelde u …?") is asked as a question below, so it is not printed twice.
                message = message.replace(" " + exc.question, "")
            self.write(message)
            if exc.question and self.yes(exc.question):
                return self.accepted(name, exc.fixed)
            if exc.unknown and self.add_places(exc.unknown):
                return self.accepted(name, text)
            if exc.known is None:
                return False
            if exc.known:
                offer = f"Verdergaan met alleen {exc.known}?"
            else:
                offer = "Wilt u een gemeente of organisatie uit de lijst kiezen?"
            if not self.yes(f"{offer} Bij n stopt u hier; uw antwoorden blijven bewaard."):
                raise StopError from None
            return bool(exc.known) and self.accepted(name, exc.known)
        if name == "date" and not self.date_confirmed():
            return False
        if name == "title" and self.form.path().exists():
            self.write(f"Er staat al een pagina {shown(self.form.path())}. Kies een andere titel.")
            return False
        stem, shortened = self.form.file_name()
        if name == "title" and shortened:
            self.write(scaffold.SHORTENED.format(name=stem))
        return True

    def add_places(self, names: Sequence[str]) -> bool:
        """Offer to add each new place to mkdocs.yml, showing the exact line; True when all were added."""
        config = shown(self.form.config_path)
        for place in names:
            try:
                line = scaffold.place_line(self.form.config_path, place)
            except (OSError, scaffold.ScaffoldError) as exc:
                self.write(f"Fout: {exc}")
                return False
            self.write(scaffold.NEW_PLACE_LINE.format(name=place, config=config, line=line))
            if not self.yes(scaffold.NEW_PLACE_QUESTION.format(config=config)):
                return False
            try:
                self.form.add_place(place)
            except scaffold.ScaffoldError as exc:
                self.write(f"Fout: {exc}")
                return False
            self.write(f"Toegevoegd aan {config}. Vergeet dat bestand niet in uw pull request.")
        return True

    def date_confirmed(self) -> bool:
        """A date older than the review period is asked about once; False to ask for the date again."""
        warning = self.form.old_date()
        if not warning:
            return True
        self.write(warning)
        date = scaffold.text_of(self.form.values.get("date"))
        return self.yes(scaffold.OLD_DATE_QUESTION.format(date=date))

    def summary_numbers(self) -> dict[int, int]:
        """Shown number -> question index, for the questions that apply: numbered 1, 2, 3, … without gaps."""
        applying = [index for index in range(len(QUESTIONS)) if self.applies(index)]
        return {shown_number: index for shown_number, index in enumerate(applying, start=1)}

    def confirmed(self) -> bool:
        """Show the summary; True to write, False after changing an answer; :class:`StopError` on "n"."""
        self.write("\nDit wordt de nieuwe pagina:")
        numbers = self.summary_numbers()
        for shown_number, index in numbers.items():
            name, label, _ = QUESTIONS[index]
            value = scaffold.text_of(self.form.values.get(name)) or "(geen)"
            self.write(f"  {shown_number}. {label}: {value}")
        self.write(f"  Bestand: {shown(self.form.path())}")
        prompt = "Klopt alles? j = pagina maken, nummer = antwoord veranderen, n = stoppen: "
        while (answer := fold(self.read(prompt)).strip().lower()) not in YES + NO:
            if answer.isdecimal() and int(answer) in numbers:
                self.ask(numbers[int(answer)])
                return False
            self.write("Typ j, n of een nummer uit de lijst.")
        if answer in NO:
            raise StopError
        return True

    def finish(self, dry_run: bool) -> int:
        path, text = self.form.render()
        if dry_run:
            self.write(text)
            return 0
        try:
            scaffold.write_page(path, text)
        except scaffold.PageExistsError as exc:  # made meanwhile: ask another title
            self.write(str(exc))
            self.ask(1)
            return self.finish(dry_run)
        self.draft.unlink(missing_ok=True)
        self.write(NEXT_STEPS.format(path=shown(path)))
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
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    if args.lijst:
        print("Types:", ", ".join(model.types))
        print("Thema's:", *(f"  - {theme}" for theme in model.themes), sep="\n")
        print("Gemeenten en organisaties:", *(f"  - {city}" for city in model.cities), sep="\n")
        return 0
    form = scaffold.Form(model, today or clock.today(), args.docs or model.docs_dir, args.config.resolve())
    if any(getattr(args, name) is not None for name in scaffold.FIELDS):
        return from_flags(args, form)
    if not (sys.stdin.isatty() if interactive is None else interactive):
        no_terminal = "Fout: hier is geen terminal om de vragen te stellen. Start make new in een terminal, of:"
        print(no_terminal, EXAMPLE, file=sys.stderr)
        return 2
    return Conversation(form, read, write, draft).run(args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
