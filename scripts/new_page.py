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

from smartcity import scaffold
from smartcity.model import ModelError, load_model
from smartcity.scaffold import shown
from smartcity.text import fold

EXAMPLE = (
    'make new ARGS=\'--type les --title "Titel van de les" --description "Eén zin over de les." '
    '--cities Utrecht --tags "Open data"\''
)
FLAGS = {name: "--" + name.replace("_", "-") for name in scaffold.FIELDS}
MANY = "Typ een of meer nummers of namen, met komma's ertussen."
QUESTIONS = (  # (answer, label in the summary, question), in the order they are asked and numbered
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
NEXT_STEPS = """Nieuwe pagina: {path}

Volgende stappen:
  1. Open {path} en vul de kopjes in; de opmerkingen <!-- … --> helpen je op weg.
  2. Controleer de pagina: make check  (of: .venv/bin/python scripts/check_content.py {path})
  3. Bekijk de site: make serve, en open http://127.0.0.1:8000
  4. Maak een pull request; zie CONTRIBUTING.md voor de stappen en de review."""


class StopError(Exception):
    """The contributor chose to stop; the answers so far are in the draft."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
            kept = f"Je antwoorden staan in {shown(self.draft)}. Start later opnieuw met make new om verder te gaan."
            self.write("\nGestopt. " + (kept if self.draft.exists() else "Er was nog niets om te bewaren."))
            return {StopError: 0, EOFError: 2}.get(type(exc), 130)

    def yes(self, question: str) -> bool:
        while (answer := fold(self.read(f"{question} (j/n) ")).strip().lower()) not in YES + NO:
            self.write("Typ j (ja) of n (nee).")
        return answer in YES

    def applies(self, number: int) -> bool:
        return QUESTIONS[number][0] != "source_url" or bool(self.form.values.get("source_title"))

    def resume(self) -> None:
        if texts := scaffold.load_draft(self.draft):
            self.write(f'Je was al begonnen aan een nieuwe pagina ("{texts.get("title") or "nog zonder titel"}").')
        if texts and not self.yes("Wil je verdergaan waar je was?"):
            self.write("Dan beginnen we opnieuw; je eerdere antwoorden worden vervangen.")
            return
        for name, label, _ in QUESTIONS:
            try:
                if name in texts:
                    self.form.answer(name, texts[name])
            except scaffold.AnswerError as exc:
                self.write(f'Je eerdere antwoord bij "{label}" klopt niet meer; die vraag komt opnieuw. {exc}')

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
            self.write(str(exc).replace(" " + exc.question, "") if exc.question else str(exc))
            if exc.question and self.yes(exc.question):
                return self.accepted(name, exc.fixed)
            if exc.known is None:
                return False
            offer = f"Verdergaan met alleen {exc.known}?" if exc.known else "Wil je een plaats uit de lijst kiezen?"
            if not self.yes(f"{offer} Bij n stop je hier; je antwoorden blijven bewaard."):
                raise StopError from None
            return bool(exc.known) and self.accepted(name, exc.known)
        if name == "title" and self.form.path().exists():
            self.write(f"Er staat al een pagina {shown(self.form.path())}. Kies een andere titel.")
            return False
        stem, shortened = self.form.file_name()
        if name == "title" and shortened:
            self.write(scaffold.SHORTENED.format(name=stem))
        return True

    def confirmed(self) -> bool:
        """Show the summary; True to write, False after changing an answer; :class:`StopError` on "n"."""
        self.write("\nDit wordt de nieuwe pagina:")
        for number, (name, label, _) in enumerate(QUESTIONS):
            if self.applies(number):
                self.write(f"  {number + 1}. {label}: {scaffold.text_of(self.form.values.get(name)) or '(geen)'}")
        self.write(f"  Bestand: {shown(self.form.path())}")
        prompt = "Klopt alles? j = pagina maken, nummer = antwoord veranderen, n = stoppen: "
        while (answer := fold(self.read(prompt)).strip().lower()) not in YES + NO:
            if answer.isdecimal() and 1 <= int(answer) <= len(QUESTIONS) and self.applies(int(answer) - 1):
                self.ask(int(answer) - 1)
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
        model = load_model()
    except ModelError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    if args.lijst:
        print("Types:", ", ".join(model.types))
        print("Thema's:", *(f"  - {theme}" for theme in model.themes), sep="\n")
        print("Gemeenten en organisaties:", *(f"  - {city}" for city in model.cities), sep="\n")
        return 0
    form = scaffold.Form(model, today or dt.date.today(), args.docs or model.docs_dir)
    if any(getattr(args, name) is not None for name in scaffold.FIELDS):
        return from_flags(args, form)
    if not (sys.stdin.isatty() if interactive is None else interactive):
        no_terminal = "Fout: hier is geen terminal om de vragen te stellen. Start make new in een terminal, of:"
        print(no_terminal, EXAMPLE, file=sys.stderr)
        return 2
    return Conversation(form, read, write, draft).run(args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
