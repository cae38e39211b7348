"""What every rule of one checker run needs to know: the model, the config, the files, today."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from .. import export
from ..model import ContentModel, ModelError, parse_model, read_config
from ..pages import facets
from ..tree import Tree, walk
from .html_rules import Slugify, configured_slugify, enabled_extensions


@dataclass
class Context:
    """The configuration of one checker run, read once and shared by every rule."""

    model: ContentModel
    config: dict[str, Any]
    docs_dir: Path
    root: Path
    today: dt.date
    tree: Tree
    slugify: Slugify
    separator: str
    snippets: dict[str, Any] | None
    facets: dict[str, tuple[str, str]] = field(default_factory=dict)  # theme, place and type pages
    pages: frozenset[str] = frozenset()  # what a Markdown link may point to: files in docs/ and facet pages
    folded: dict[str, str] = field(default_factory=dict)  # case-folded name -> real name
    generated: frozenset[str] = frozenset()  # what the build writes itself (feed, open data)
    nav_pages: frozenset[str] = frozenset()  # pages listed in mkdocs.yml's nav
    not_in_nav: Any = None
    resolved: dict[tuple[Any, str, str], Any] = field(default_factory=dict)  # link answers by folder/page, URL

    def display(self, path: Path) -> str:
        """``path`` as findings show it: relative to the repository root, with ``/``."""
        return Path(os.path.relpath(path, self.root)).as_posix()

    def in_nav_or_allowed(self, rel: str) -> bool:
        """True when MkDocs will not call ``rel`` a page that is "not included in the nav"."""
        return not self.nav_pages or rel in self.nav_pages or bool(self.not_in_nav and self.not_in_nav.match_file(rel))


def _nav_files(nav: Any) -> list[str]:
    """The files in ``nav``: strings, at any depth of lists and ``{title: ...}`` mappings."""
    if isinstance(nav, str):
        return [nav]
    children = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return [file for child in children for file in _nav_files(child)]


def build_context(config_path: Path, docs: Path | None, today: dt.date) -> Context:
    """Read ``mkdocs.yml`` and walk ``docs/`` once; raises ``ModelError`` for a configuration problem."""
    config_path = config_path.resolve()
    if not config_path.is_file():
        raise ModelError(f"configuratiebestand {config_path} bestaat niet")
    config = read_config(config_path)
    model = parse_model(config, config_path.parent)
    docs_dir = (docs or model.docs_dir).resolve()
    if not docs_dir.is_dir():
        raise ModelError(f"de map {docs_dir} bestaat niet")
    slugify, separator = configured_slugify(config)
    found = walk(docs_dir)
    all_facets = facets(model)
    pages = frozenset(found.files) | {src for src, (kind, _) in all_facets.items() if kind != "type"}  # + facets built
    return Context(
        model=model,
        config=config,
        docs_dir=docs_dir,
        root=config_path.parent,
        today=today,
        tree=found,
        slugify=slugify,
        separator=separator,
        snippets=enabled_extensions(config).get("pymdownx.snippets"),
        facets=all_facets,
        pages=pages,
        folded={name.casefold(): name for name in sorted(pages, reverse=True)},
        generated=frozenset(v for k, v in vars(export).items() if k.endswith("_PATH") and isinstance(v, str)),
        nav_pages=frozenset(_nav_files(config.get("nav") or [])),
        not_in_nav=pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav") or "").splitlines()),
    )
