"""Front-matter rules: present, closed, valid YAML, a mapping, and every field as the content model says."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..frontmatter import as_date
from ..model import FieldSpec
from .findings import Finding
from .fmyaml import Entry, position
from .page import Page
from .suggest import did_you_mean

MODEL_HINT = "mkdocs.yml (extra.content_model)"
LISTING_KEYS = ("theme", "city", "type")


def check(page: Page) -> list[Finding]:
    """All front-matter findings for ``page`` (content pages in full, other pages only the YAML)."""
    parts = page.parts
    if parts.yaml_text is None:
        if page.is_content:
            return [_at(page, 1, 1, "fm-missing", _missing_message())]
        return []
    if not parts.closed:
        return [
            _at(
                page,
                1,
                1,
                "fm-unclosed",
                "De front matter begint met --- maar wordt nergens afgesloten. "
                "Zet een regel met alleen --- onder het laatste veld.",
            )
        ]
    fm = page.front_matter
    assert fm is not None
    if fm.error:
        return [_at(page, fm.error_line, fm.error_column, "fm-yaml", fm.error + " " + _yaml_hint())]
    if not fm.is_mapping:
        return [
            _at(
                page,
                fm.error_line,
                fm.error_column,
                "fm-not-mapping",
                "De front matter moet bestaan uit regels 'veld: waarde' (zoals 'title: Mijn titel'), "
                "niet uit een losse tekst of lijst.",
            )
        ]
    findings = list(_unbuildable(page, fm.entries))
    findings.extend(_listing(page, fm.entries.get("listing")))
    if page.is_content:
        findings.extend(_content_fields(page, fm.entries))
    return findings


def _unbuildable(page: Page, entries: dict[str, Entry]) -> Iterator[Finding]:
    """Values YAML can parse but not build, e.g. ``!!python/…`` tags (dates have their own rule)."""
    fields = page.ctx.model.fields
    for entry in entries.values():
        if not entry.error:
            continue
        is_date = page.is_content and entry.key in fields and fields[entry.key].kind == "date"
        if not is_date:
            yield _key(
                page,
                entry,
                "fm-yaml",
                f'De waarde van "{entry.key}" kan niet gelezen worden ({entry.error}). Schrijf gewone tekst, '
                "een lijst of een datum, zonder !!-aanduidingen.",
            )


def _missing_message() -> str:
    return (
        "De pagina heeft geen front matter. Begin de pagina met een regel ---, daaronder de velden "
        "(title, description, date, type, cities, tags) en sluit af met een regel ---. "
        "Maak een nieuwe pagina het makkelijkst met 'make new'."
    )


def _yaml_hint() -> str:
    return (
        "Controleer op deze regel de dubbele punt na de veldnaam, de inspringing met spaties (geen tabs) "
        "en zet tekst met een dubbele punt of # tussen aanhalingstekens."
    )


def _at(page: Page, line: int, column: int, rule: str, message: str) -> Finding:
    return Finding(page.display, line, column, rule, message)


def _on(page: Page, node: yaml.Node, rule: str, message: str) -> Finding:
    line, column = position(node, page.parts.yaml_first_line)
    return Finding(page.display, line, column, rule, message)


def _key(page: Page, entry: Entry, rule: str, message: str) -> Finding:
    return Finding(page.display, entry.line, entry.column, rule, message)


def _content_fields(page: Page, entries: dict[str, Entry]) -> Iterator[Finding]:
    fields = page.ctx.model.fields
    for name in page.ctx.model.required_fields:
        if name not in entries:
            yield _at(
                page,
                1,
                1,
                "fm-required",
                f'Het verplichte veld "{name}" ontbreekt in de front matter. Voeg het toe: {fields[name].help}',
            )
    for name, entry in entries.items():
        spec = fields.get(name)
        if spec is None:
            yield _key(
                page,
                entry,
                "fm-unknown-key",
                f'Het veld "{name}" bestaat niet in het inhoudsmodel.{did_you_mean(name, fields)} '
                f"Gebruik alleen de velden uit {MODEL_HINT}: {', '.join(fields)}.",
            )
            continue
        yield from _field(page, entry, spec)


def _field(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    checker = _KINDS.get(spec.kind)
    if checker is not None:
        yield from checker(page, entry, spec)


def _string(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    value = entry.value
    if not isinstance(value, str) or not value.strip():
        yield _key(page, entry, "fm-field-type", f'Het veld "{entry.key}" moet een (niet-lege) tekst zijn. {spec.help}')
        return
    limit = page.ctx.model.description_max_length
    if entry.key == "description" and len(value) > limit:
        yield _key(
            page,
            entry,
            "fm-description-length",
            f"De beschrijving is {len(value)} tekens lang; dat mag hoogstens {limit} zijn. Maak er één korte zin van.",
        )


def _date(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    value = as_date(entry.value) if entry.error is None else None
    if value is None:
        written = entry.node.value if isinstance(entry.node, yaml.ScalarNode) else "deze waarde"
        yield _key(
            page,
            entry,
            "fm-date",
            f'"{written}" in het veld "{entry.key}" is geen bestaande datum. '
            "Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-03-14.",
        )
    elif value > page.ctx.today:
        yield _key(
            page,
            entry,
            "fm-future-date",
            f'De datum {value.isoformat()} in het veld "{entry.key}" ligt in de toekomst. '
            "Gebruik de datum waarop de pagina (of de controle) echt plaatsvond.",
        )


def _type(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    page_type = page.page_type
    assert page_type is not None
    if entry.value != page_type.name:
        types = page.ctx.model.types
        yield _key(
            page,
            entry,
            "fm-type-folder",
            f'De pagina staat in de map "{page_type.folder}/", dus het type moet "{page_type.name}" zijn '
            f'(nu: "{entry.value}"). Pas het type aan of verplaats de pagina naar de map van dat type '
            f"({', '.join(f'{t.name}: {t.folder}/' for t in types.values())}).",
        )


def _items(page: Page, entry: Entry, spec: FieldSpec) -> list[str] | None:
    """The list items, or ``None`` when the value is not a list of texts.

    Safe loading builds a ``list`` only from a YAML sequence, one item per node, so
    item ``i`` is ``entry.node.value[i]``; the node is only looked at for a finding.
    """
    value = entry.value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return value


def _list_type_error(page: Page, entry: Entry, spec: FieldSpec) -> Finding:
    return _key(
        page,
        entry,
        "fm-field-type",
        f'Het veld "{entry.key}" moet een lijst van teksten zijn, met elke waarde op een eigen regel '
        f'die begint met "  - ". {spec.help}',
    )


def _duplicates(page: Page, entry: Entry, items: list[str]) -> Iterator[Finding]:
    if len(set(items)) == len(items):
        return
    seen: set[str] = set()
    for index, value in enumerate(items):
        if value in seen:
            yield _on(
                page,
                entry.node.value[index],
                "fm-duplicate",
                f'"{value}" staat twee keer in het veld "{entry.key}". Haal de tweede keer weg.',
            )
        seen.add(value)


def _allowed_list(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    items = _items(page, entry, spec)
    if items is None or (spec.required and not items):
        yield _list_type_error(page, entry, spec)
        return
    model = page.ctx.model
    if spec.kind == "themes":
        allowed, rule, noun, where = model.themes, "fm-tag", "Het thema", "thema's"
    else:
        allowed, rule, noun, where = model.cities, "fm-city", "De gemeente of organisatie", "gemeenten en organisaties"
    listing = "themes" if spec.kind == "themes" else "cities"
    for index, value in enumerate(items):
        if value not in allowed:
            yield _on(
                page,
                entry.node.value[index],
                rule,
                f'{noun} "{value}" staat niet in de lijst met {where}.{did_you_mean(value, allowed)} '
                f"Kies uit de lijst in mkdocs.yml (extra.content_model.{listing}).",
            )
    yield from _duplicates(page, entry, items)


def _string_list(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    items = _items(page, entry, spec)
    if items is None:
        yield _list_type_error(page, entry, spec)
        return
    yield from _duplicates(page, entry, items)


def _source(page: Page, entry: Entry, spec: FieldSpec) -> Iterator[Finding]:
    value = entry.value
    if not isinstance(value, dict):  # safe loading builds a dict only from a YAML mapping
        yield _key(
            page,
            entry,
            "fm-field-type",
            f'Het veld "source" moet velden bevatten (title en eventueel url). {spec.help}',
        )
        return
    known = ("title", "url")
    if not isinstance(value.get("title"), str) or not value["title"].strip():
        yield _key(page, entry, "fm-required", 'De bron ("source") heeft een "title" nodig: de naam van de bron.')
    url = value.get("url")
    if value.keys() <= set(known) and ("url" not in value or _is_https(url)):
        return  # nothing to point at, so no need for the nodes
    for key_node, value_node in entry.node.value:
        key = key_node.value
        if key not in known:
            yield _on(
                page,
                key_node,
                "fm-unknown-key",
                f'Het veld "source.{key}" bestaat niet.{did_you_mean(str(key), known)} '
                'Een bron heeft alleen "title" en "url".',
            )
        elif key == "url" and not _is_https(url):
            yield _on(
                page,
                value_node,
                "fm-source-url",
                "De bron-URL moet een volledig webadres zijn dat begint met https://. "
                "Laat url weg als het adres niet bekend is.",
            )


def _is_https(url: object) -> bool:
    return isinstance(url, str) and url.strip().lower().startswith("https://")


_KINDS = {
    "string": _string,
    "date": _date,
    "type": _type,
    "themes": _allowed_list,
    "cities": _allowed_list,
    "string_list": _string_list,
    "source": _source,
}


def _listing(page: Page, entry: Entry | None) -> Iterator[Finding]:
    """``listing: {theme: X}`` on overview pages: X must be an allowed theme, city or type."""
    if entry is None:
        return
    if entry.value is None:
        return
    if not isinstance(entry.value, dict):
        yield _key(
            page,
            entry,
            "fm-listing",
            'Het veld "listing" moet leeg zijn of één van theme, city of type bevatten, bijvoorbeeld '
            '"listing: {theme: Open data}".',
        )
        return
    model = page.ctx.model
    allowed = {"theme": model.themes, "city": model.cities, "type": tuple(model.types)}
    assert isinstance(entry.node, yaml.MappingNode)
    for key_node, value_node in entry.node.value:
        key = key_node.value
        value = entry.value.get(key)
        if key not in allowed:
            yield _on(
                page,
                key_node,
                "fm-listing",
                f'"listing.{key}" bestaat niet.{did_you_mean(str(key), LISTING_KEYS)} Gebruik theme, city of type.',
            )
        elif str(value) not in allowed[key]:
            yield _on(
                page,
                value_node,
                "fm-listing",
                f'"{value}" is geen bekende waarde voor listing.{key}.{did_you_mean(str(value), allowed[key])} '
                f"Kies uit: {', '.join(allowed[key])}.",
            )
