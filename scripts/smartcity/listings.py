"""Render the generated listings (by theme, city, type, newest, counts, theme x city) as Markdown.

Material's tags plugin groups its listings by tag and sorts them by title; this
site needs flat lists, newest first, with date and description, plus counts and a
theme x city table. So the lists are generated here from the front matter, as
Markdown with relative links to the ``.md`` files: MkDocs then resolves and
validates every link like any hand-written one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence

from .model import ContentModel
from .pages import ContentPage
from .text import dutch_date, slugify

EMPTY = "Nog geen pagina's. [Deel wat uw gemeente leerde]({contribute})."


def rel(target: str, from_src: str) -> str:
    """Relative link from the page ``from_src`` to the file ``target`` (both relative to docs/)."""
    return posixpath.relpath(target, posixpath.dirname(from_src) or ".")


def theme_src(theme: str) -> str:
    return f"themas/{slugify(theme)}.md"


def city_src(city: str) -> str:
    return f"steden/{slugify(city)}.md"


def _wrap(markdown: str, css_class: str = "scl-listing") -> str:
    # data-search-exclude: listings repeat titles and descriptions of other
    # pages; excluded so that overview pages do not crowd the search results.
    return f'<div class="{css_class}" data-search-exclude="true" markdown>\n\n{markdown}\n\n</div>\n'


def page_item(page: ContentPage, from_src: str, model: ContentModel) -> str:
    """One list entry: title link, then type, date and cities, then the description."""
    label = model.types[page.type].label if page.type in model.types else page.type
    meta = " · ".join(
        [label, f'<time datetime="{page.date.isoformat()}">{dutch_date(page.date)}</time>', ", ".join(page.cities)]
    )
    lines = [f"- [{page.title}]({rel(page.src, from_src)})", f'  <span class="scl-listing__meta">{meta}</span>']
    if page.description:
        lines.append(f'  <span class="scl-listing__description">{page.description}</span>')
    return "\n".join(lines)


def page_list(pages: Iterable[ContentPage], from_src: str, model: ContentModel) -> str:
    """A list of pages, in the order given (callers pass them newest first)."""
    items = [page_item(p, from_src, model) for p in pages]
    if not items:
        return _wrap(EMPTY.format(contribute=rel("bijdragen/index.md", from_src)), "scl-listing-empty")
    return _wrap("\n".join(items))


def by_theme(pages: Sequence[ContentPage], theme: str) -> list[ContentPage]:
    return [p for p in pages if theme in p.tags]


def by_city(pages: Sequence[ContentPage], city: str) -> list[ContentPage]:
    return [p for p in pages if city in p.cities]


def by_type(pages: Sequence[ContentPage], page_type: str) -> list[ContentPage]:
    return [p for p in pages if p.type == page_type]


def counts_list(names: Sequence[str], pages: Sequence[ContentPage], kind: str, from_src: str) -> str:
    """Every theme (``kind='theme'``) or city (``'city'``) with a link and its number of pages."""
    target = theme_src if kind == "theme" else city_src
    select = by_theme if kind == "theme" else by_city
    lines = []
    for name in names:
        n = len(select(pages, name))
        noun = "pagina" if n == 1 else "pagina's"
        lines.append(f'- [{name}]({rel(target(name), from_src)}) <span class="scl-count">{n} {noun}</span>')
    return _wrap("\n".join(lines))


def cell_anchor(theme: str, city: str) -> str:
    return f"{slugify(theme)}--{slugify(city)}"


def matrix(model: ContentModel, pages: Sequence[ContentPage], from_src: str) -> str:
    """A theme x city table, then one short list per non-empty cell.

    Each cell shows how many pages a city has on a theme and links to that
    cell's list further down the same page; empty cells show a dash.
    """
    cities = [c for c in model.cities if by_city(pages, c)] or list(model.cities)
    header = "| Thema | " + " | ".join(f"[{c}]({rel(city_src(c), from_src)})" for c in cities) + " |"
    rows = [header, "| --- | " + " | ".join("---:" for _ in cities) + " |"]
    sections = []
    for theme in model.themes:
        cells = []
        for city in cities:
            found = [p for p in pages if theme in p.tags and city in p.cities]
            if not found:
                cells.append('<span aria-label="geen pagina\'s">–</span>')
                continue
            anchor = cell_anchor(theme, city)
            cells.append(f"[{len(found)}](#{anchor})")
            items = "\n".join(page_item(p, from_src, model) for p in found)
            sections.append(f"### {theme} in {city} {{#{anchor}}}\n\n{items}\n")
        rows.append(f"| [{theme}]({rel(theme_src(theme), from_src)}) | " + " | ".join(cells) + " |")
    table = _wrap("\n".join(rows))
    return table + "\n## Per thema en stad\n\n" + "\n".join(sections)


def model_reference(model: ContentModel) -> str:
    """The content model for contributors: fields, types, themes and cities, straight from mkdocs.yml."""
    fields = ["| Veld | Verplicht | Uitleg |", "| --- | --- | --- |"]
    for spec in model.fields.values():
        fields.append(f"| `{spec.name}` | {'ja' if spec.required else 'nee'} | {spec.help} |")
    types = [f"- `{t.name}`: {t.label.lower()}, in de map `docs/{t.folder}/`" for t in model.types.values()]
    themes = [f"- {theme}" for theme in model.themes]
    cities = [f"- {city}" for city in model.cities]
    return "\n".join(
        [
            "### Velden",
            "",
            *fields,
            "",
            "### Soorten pagina's",
            "",
            *types,
            "",
            "### Toegestane thema's (`tags`)",
            "",
            *themes,
            "",
            "### Toegestane steden en organisaties (`cities`)",
            "",
            *cities,
            "",
        ]
    )
