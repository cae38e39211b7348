"""Everything a check needs to know about the site: the content model, the config, the folders, today."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import ContentModel, ModelError, parse_model, read_config
from .anchors import Slugify, configured_slugify, enabled_extensions, extension_options


@dataclass(frozen=True)
class FileIndex:
    """Every file under docs/ (docs-relative, forward slashes), and the same case-folded -> real name."""

    exact: frozenset[str]
    folded: dict[str, str]


def index_files(docs_dir: Path) -> FileIndex:
    """One walk over docs/ (symlinked folders not followed, so no loops)."""
    exact: set[str] = set()
    for root, dirs, files in os.walk(docs_dir, followlinks=False):
        base = os.path.relpath(root, docs_dir).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        exact.update(prefix + name for name in files)
        dirs.sort()
    folded: dict[str, str] = {}
    for name in sorted(exact):
        folded.setdefault(name.casefold(), name)
    return FileIndex(frozenset(exact), folded)


@dataclass
class Context:
    """The configuration of one checker run (read once, shared by every rule)."""

    model: ContentModel
    config: dict[str, Any]
    config_path: Path
    docs_dir: Path
    root: Path
    today: dt.date
    slugify: Slugify
    separator: str
    smart_symbols: bool
    snippets: dict[str, Any] | None
    site_host: str | None
    directory_urls: bool = True
    generated: frozenset[str] = frozenset()
    _listdir: dict[Path, dict[str, str] | None] = field(default_factory=dict)
    _files: FileIndex | None = None
    resolved: dict[tuple[str, str], Any] = field(default_factory=dict)  # links.resolve, per folder and URL

    def files(self) -> FileIndex:
        """The files of docs/, indexed once per run."""
        if self._files is None:
            self._files = index_files(self.docs_dir)
        return self._files

    def display(self, path: Path) -> str:
        """``path`` as findings show it: relative to the repository root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return os.path.relpath(path, self.root).replace(os.sep, "/") if _same_drive(path, self.root) else str(path)

    def entries(self, folder: Path) -> dict[str, str] | None:
        """The names in ``folder``, case-folded name -> real name; ``None`` if it is not a folder."""
        if folder not in self._listdir:
            try:
                names = os.listdir(folder)
            except OSError:
                self._listdir[folder] = None
            else:
                self._listdir[folder] = {name.casefold(): name for name in names} | {name: name for name in names}
        return self._listdir[folder]


def _same_drive(a: Path, b: Path) -> bool:
    return a.drive == b.drive


def _read_config(config_path: Path) -> tuple[dict[str, Any], ContentModel]:
    """``mkdocs.yml`` as data and its content model, reading the file once."""
    config = read_config(config_path)
    return config, parse_model(config, config_path.parent)


def build_context(config_path: Path, docs: Path | None, today: dt.date) -> Context:
    """Read ``mkdocs.yml`` and the content model; raises ``ModelError`` for a configuration problem."""
    config_path = config_path.resolve()
    if not config_path.is_file():
        raise ModelError(f"configuratiebestand {config_path} bestaat niet")
    config, model = _read_config(config_path)
    docs_dir = (docs or model.docs_dir).resolve()
    if not docs_dir.is_dir():
        raise ModelError(f"de map {docs_dir} bestaat niet")
    slugify, separator = configured_slugify(config)
    extensions = enabled_extensions(config)
    snippets = None
    if "pymdownx.snippets" in extensions:
        snippets = extension_options(config, "pymdownx.snippets")
    site_url = str(config.get("site_url") or "")
    return Context(
        model=model,
        config=config,
        config_path=config_path,
        docs_dir=docs_dir,
        root=config_path.parent,
        today=today,
        slugify=slugify,
        separator=separator,
        smart_symbols="pymdownx.smartsymbols" in extensions,
        snippets=snippets,
        site_host=(urlsplit(site_url).hostname or None) if site_url else None,
        directory_urls=bool(config.get("use_directory_urls", True)),
        generated=generated_files(),
    )


def generated_files() -> frozenset[str]:
    """Files the build writes itself (feed, open-data exports): ``smartcity.export``'s ``*_PATH`` constants."""
    try:
        from .. import export  # the build hook's own list; optional
    except Exception:  # noqa: BLE001 - without it, links to generated files are simply reported
        return frozenset()
    return frozenset(value for name, value in vars(export).items() if name.endswith("_PATH") and isinstance(value, str))
