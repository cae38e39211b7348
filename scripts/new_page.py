#!/usr/bin/env python3
"""Start a new content page (les, interview, meetup): ``make new ARGS='…'``.

Takes the values as flags, or asks for the missing ones when run in a terminal.
All logic is in ``smartcity.scaffold``; this file only handles the command line.
Exit codes: 0 page written (or printed with ``--dry-run``), 1 the file already
exists, 2 a missing or invalid value.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from smartcity import scaffold
from smartcity.model import REPO_ROOT, ContentModel, ModelError, load_model

EXAMPLE = (
    'make new ARGS=\'--type les --title "Titel van de les" --description "Eén zin over de les." '
    '--cities Utrecht --tags "Open data"\''
)

# Required values: (argparse dest, flag).
REQUIRED = (
    ("type", "--type"),
    ("title", "--title"),
    ("description", "--description"),
    ("cities", "--cities"),
    ("tags", "--tags"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="new_page.py",
        description="Maak een nieuwe pagina (les, interview of meetup) met de juiste voorpagina-gegevens.",
        epilog=(f"Lijsten (--cities, --tags, --people) mag je herhalen of met komma's scheiden. Voorbeeld: {EXAMPLE}"),
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
    print("Thema's:")
    for theme in model.themes:
        print(f"  - {theme}")
    print("Gemeenten en organisaties:")
    for city in model.cities:
        print(f"  - {city}")


# --- interactive questions -------------------------------------------------


def ask(question: str, read: Callable[[str], str] = input) -> str:
    try:
        return read(f"{question}: ").strip()
    except EOFError:
        print(file=sys.stderr)
        raise SystemExit(2) from None


def ask_choices(question: str, choices: Sequence[str], many: bool, read: Callable[[str], str] = input) -> list[str]:
    """Offer ``choices`` by number; accept numbers or names, comma-separated when ``many``."""
    print(f"{question}:")
    for number, choice in enumerate(choices, start=1):
        print(f"  {number}. {choice}")
    hint = "nummers of namen, gescheiden door komma's" if many else "een nummer of naam"
    while True:
        answer = ask(f"Kies ({hint})", read)
        picked: list[str] = []
        for item in scaffold.split_list([answer]):
            if item.isdigit() and 1 <= int(item) <= len(choices):
                picked.append(choices[int(item) - 1])
            else:
                picked.append(item)
        if picked and (many or len(picked) == 1):
            return picked
        print("Kies minstens één waarde." if many else "Kies precies één waarde.")


def fill_interactively(args: argparse.Namespace, model: ContentModel, read: Callable[[str], str] = input) -> None:
    """Ask, in Dutch, for every required value that no flag gave."""
    if not args.type:
        args.type = ask_choices("Soort pagina", list(model.types), many=False, read=read)[0]
    if not args.title:
        args.title = ask("Titel", read)
    if not args.description:
        args.description = ask(f"Beschrijving in één zin (hoogstens {model.description_max_length} tekens)", read)
    if not args.cities:
        args.cities = ask_choices("Gemeenten of organisaties", model.cities, many=True, read=read)
    if not args.tags:
        args.tags = ask_choices("Thema's", model.themes, many=True, read=read)
    if args.people is None:
        people = ask("Namen van wie aan het woord komt, met hun instemming (leeg laten als er niemand is)", read)
        args.people = [people] if people else []
    if args.source_title is None:
        args.source_title = ask("Titel van de bron (leeg laten als er geen is)", read) or None
        if args.source_title and args.source_url is None:
            args.source_url = ask("https-adres van de bron (leeg laten als het niet bekend is)", read) or None


def missing_flags(args: argparse.Namespace) -> list[str]:
    return [flag for dest, flag in REQUIRED if not getattr(args, dest)]


# --- main ------------------------------------------------------------------


def next_steps(path: Path) -> str:
    try:
        shown = path.resolve().relative_to(REPO_ROOT)
    except ValueError:
        shown = path
    return "\n".join(
        (
            f"Nieuwe pagina: {shown}",
            "",
            "Volgende stappen:",
            f"  1. Open {shown} en vul de kopjes in; de opmerkingen <!-- … --> helpen je op weg.",
            f"  2. Controleer de pagina: make check  (of: .venv/bin/python scripts/check_content.py {shown})",
            "  3. Bekijk de site: make serve, en open http://127.0.0.1:8000",
            "  4. Maak een pull request; zie CONTRIBUTING.md voor de stappen en de review.",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        model = load_model()
    except ModelError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    if args.lijst:
        print_allowed(model)
        return 0
    if missing_flags(args) and sys.stdin.isatty():
        fill_interactively(args, model)
    missing = missing_flags(args)
    if missing:
        print(
            f"Fout: ontbrekende vlag(gen): {', '.join(missing)}. "
            f"Geef ze mee, bijvoorbeeld: {EXAMPLE}\n"
            "Of start het script in een terminal, dan vraagt het wat er ontbreekt.",
            file=sys.stderr,
        )
        return 2
    try:
        request = scaffold.build_request(
            model,
            page_type=args.type,
            title=args.title,
            description=args.description,
            cities=args.cities,
            tags=args.tags,
            people=args.people or (),
            date=args.date,
            source_title=args.source_title,
            source_url=args.source_url,
        )
        body = scaffold.template_body(scaffold.template_path(model, request.type))
        text = scaffold.render_page(request, body)
        path = scaffold.target_path(model, request, args.docs or model.docs_dir)
        if args.dry_run:
            print(f"# {path} (niet geschreven: --dry-run)")
            print(text, end="")
            return 0
        scaffold.write_page(path, text)
    except scaffold.PageExistsError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except scaffold.ScaffoldError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print(next_steps(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
