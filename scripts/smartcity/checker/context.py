"""What every rule of one checker run needs to know: the model, the config, the files, today."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec

from .. import catalog, export
from ..model import ContentModel, ModelError, parse_model, read_config
from ..pages import facets
from ..texts import Text, text
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
    site_url: str = ""  # where the site is published (SITE_URL), for links that point at it with a full address
    resolved: dict[tuple[Any, str, str], Any] = field(default_factory=dict)  # link answers by folder/page, URL

    def display(self, path: Path) -> str:
        """``path`` as findings show it: relative to the repository root, with ``/``."""
        return Path(os.path.relpath(path, self.root)).as_posix()

    def in_nav_or_allowed(self, rel: str) -> bool:
        """True when MkDocs will not call ``rel`` a page that is "not included in the nav".

        A page is fine when the configuration has no nav at all, when the nav lists it, when the build keeps it out of
        the nav on purpose (content pages, theme and place pages: ``catalog.out_of_nav``), or when a ``not_in_nav``
        pattern of mkdocs.yml matches it.
        """
        if not self.nav_pages or rel in self.nav_pages:
            return True
        if catalog.out_of_nav(rel, self.model, self.facets):
            return True
        return bool(self.not_in_nav and self.not_in_nav.match_file(rel))


def configured_site_url(config: dict[str, Any]) -> str:
    """``site_url`` of ``mkdocs.yml`` as MkDocs would read it: ``!ENV [SITE_URL, ""]`` is the first variable set, else
    the last item (the default). ``read_config`` keeps MkDocs' tags as plain lists, so this mirrors ``!ENV`` here."""
    value = config.get("site_url")
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        for name in value[:-1]:
            if os.environ.get(str(name)):
                return os.environ[str(name)]
        if len(value) > 1:
            return str(value[-1] or "")
        return os.environ.get(str(value[0]), "")
    return ""


def generated_files(model: ContentModel) -> frozenset[str]:
    """The files the build writes itself (feeds, open data, robots.txt, security.txt): a raw-HTML link may name them."""
    written = {export.FEED_PATH, export.JSON_PATH, export.CSV_PATH, export.SECURITY_TXT_PATH, export.ROBOTS_TXT_PATH}
    return frozenset(written | export.facet_feed_paths(model))


def build_context(config_path: Path, docs: Path | None, today: dt.date) -> Context:
    """Read ``mkdocs.yml`` and walk ``docs/`` once; raises ``ModelError`` for a configuration problem."""
    config_path = config_path.resolve()
    if not config_path.is_file():
        raise ModelError(text(Text.CHECKER_CONFIG_MISSING, path=config_path))
    config = read_config(config_path)
    model = parse_model(config, config_path.parent)
    docs_dir = (docs or model.docs_dir).resolve()
    if not docs_dir.is_dir():
        raise ModelError(text(Text.CHECKER_DOCS_MISSING, path=docs_dir))
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
        generated=generated_files(model),
        nav_pages=frozenset(catalog.nav_pages(config.get("nav"), model)),
        not_in_nav=pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav") or "").splitlines()),
        site_url=configured_site_url(config),
    )
