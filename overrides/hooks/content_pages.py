"""MkDocs hook: wire the content model into the build. Kept thin on purpose.

What MkDocs and Material do not do for us, and why this hook does it:

- nav: MkDocs' explicit ``nav`` has no globs. ``mkdocs.yml`` lists only the
  section index pages; this hook adds the other pages of the theme and city
  folders (sorted by title). Content pages stay out of the nav (``not_in_nav``)
  and are reached through the listings.
- listings: Material's tag listings are grouped by tag and sorted by title; the
  site wants flat lists, newest first, with date and description. The Markdown
  is made by ``smartcity.listings`` from the front matter and put where a page
  asks for it (``listing:`` in the front matter, ``<!-- listing:… -->`` markers).
- Jinja filters ``dutch_date`` and ``slugify`` for the page header templates.
- the edit link: ``edit_uri`` defaults to ``edit/main/docs/`` when ``REPO_URL``
  is set (MkDocs' own default would be ``edit/master/docs/``).

All logic lives in ``scripts/smartcity`` (no MkDocs imports there), so a move to
another generator only has to replace this file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
import yaml
from smartcity import listings
from smartcity.frontmatter import load_meta
from smartcity.model import ContentModel, load_model
from smartcity.pages import ContentPage, load_pages
from smartcity.text import dutch_date, slugify

_state: dict[str, Any] = {}

_MARKER = re.compile(r"<!--\s*listing(?::(?P<kind>[a-z-]+))?(?P<arg>[^>]*?)\s*-->")


def _model() -> ContentModel:
    return _state["model"]


def _pages() -> list[ContentPage]:
    return _state["pages"]


def _title_of(path: Path) -> str:
    try:
        return str(load_meta(path.read_text(encoding="utf-8")).get("title") or path.stem)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return path.stem  # a broken page is the checker's to report, not the nav's


def _expand_nav(nav: list[Any], docs_dir: Path, skip_folders: set[str]) -> None:
    """Append to each section ``[folder/index.md]`` the other Markdown files of that folder.

    Content folders (``skip_folders``) are left out: their pages are reached
    through listings, see ``not_in_nav`` in mkdocs.yml.
    """
    for entry in nav:
        if not isinstance(entry, dict):
            continue
        for items in entry.values():
            if not isinstance(items, list) or not items or not isinstance(items[0], str):
                continue
            first = items[0]
            if not first.endswith("/index.md"):
                continue
            if first[: -len("/index.md")] in skip_folders:
                continue
            folder = docs_dir / first[: -len("/index.md")]
            listed = {i for i in items if isinstance(i, str)}
            rest = [p for p in folder.glob("*.md") if p.name != "index.md"]
            rel_paths = sorted(
                (p.relative_to(docs_dir).as_posix() for p in rest),
                key=lambda rel: _title_of(docs_dir / rel).casefold(),
            )
            items.extend(r for r in rel_paths if r not in listed)


DEFAULT_EDIT_URI = "edit/main/docs/"


def on_config(config: Any, **_: Any) -> Any:
    # "Bewerk deze pagina" whenever the repository is known. A default edit_uri
    # in mkdocs.yml would make MkDocs warn (and --strict fail) when REPO_URL is
    # unset, so the default is applied here, once repo_url is known to be set.
    if config.repo_url and not config.edit_uri:
        config.edit_uri = DEFAULT_EDIT_URI
    model = load_model(Path(config.config_file_path))
    docs_dir = Path(config.docs_dir)
    _state["model"] = model
    _state["pages"] = load_pages(model, docs_dir)
    if config.nav:
        _expand_nav(config.nav, docs_dir, {t.folder for t in model.types.values()})
    return config


def _front_matter_listing(spec: dict[str, Any], src: str) -> str:
    pages, model = _pages(), _model()
    if "theme" in spec:
        return listings.page_list(listings.by_theme(pages, str(spec["theme"])), src, model)
    if "city" in spec:
        return listings.page_list(listings.by_city(pages, str(spec["city"])), src, model)
    if "type" in spec:
        return listings.page_list(listings.by_type(pages, str(spec["type"])), src, model)
    return listings.page_list(pages, src, model)


def _marker_listing(kind: str, arg: str, src: str) -> str:
    pages, model = _pages(), _model()
    if kind == "newest":
        count = int(arg) if arg.strip().isdigit() else 5
        return listings.page_list(pages[:count], src, model)
    if kind == "themes":
        return listings.counts_list(model.themes, pages, "theme", src)
    if kind == "cities":
        return listings.counts_list(model.cities, pages, "city", src)
    if kind == "matrix":
        return listings.matrix(model, pages, src)
    if kind == "model":
        return listings.model_reference(model)
    raise ValueError(f"onbekende lijst '<!-- listing:{kind} -->' in {src}")


_REPO_FILE = re.compile(r"<!--\s*repo-file:(?P<path>[\w./-]+)\s*-->")


def _repo_file_link(match: re.Match[str], repo_url: str | None) -> str:
    """A link to a file in the repository when ``repo_url`` is set; its name in code otherwise."""
    path = match.group("path")
    if repo_url:
        return f"[`{path}`]({repo_url.rstrip('/')}/blob/main/{path})"
    return f"`{path}` in de repository"


def on_page_markdown(markdown: str, page: Any, config: Any, **_: Any) -> str:
    markdown = _REPO_FILE.sub(lambda m: _repo_file_link(m, config.repo_url), markdown)
    src = page.file.src_uri
    spec = page.meta.get("listing")

    def replace(match: re.Match[str]) -> str:
        kind = match.group("kind")
        if kind is None:
            return _front_matter_listing(spec if isinstance(spec, dict) else {}, src)
        return _marker_listing(kind, match.group("arg"), src)

    has_bare_marker = any(m.group("kind") is None for m in _MARKER.finditer(markdown))
    markdown = _MARKER.sub(replace, markdown)
    if isinstance(spec, dict) and not has_bare_marker:
        markdown += "\n\n" + _front_matter_listing(spec, src)
    return markdown


def on_env(env: Any, **_: Any) -> Any:
    env.filters["dutch_date"] = dutch_date
    env.filters["slugify"] = slugify
    return env
