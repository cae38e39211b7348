"""What a contribution may add under ``docs/`` besides Markdown pages: pictures in ``docs/assets/``, nothing else.

MkDocs copies every file of ``docs/`` that is not a Markdown page to the site as it is, and a file in ``docs/`` wins
over a theme file of the same path. So an ``.html``, ``.xhtml``, ``.xml`` or ``.svg`` file runs script when it is
opened, a ``.js`` file can be registered as a service worker, and ``assets/javascripts/bundle.<hash>.min.js`` replaces
the theme's own script on every page. This module is the allowlist: a file that is not a ``.md`` page must be a PNG,
JPEG, WebP or GIF picture under ``docs/assets/``, whose first bytes match its extension and which is at most
:data:`MAX_PICTURE_BYTES`, at a path neither the theme nor the build writes itself.

SVG is refused, not sanitised: an SVG opened on its own (not through ``<img>``) is an XML document that runs script,
and keeping it safe would need a second allowlist for a whole XML language (nh3 has none for SVG; it drops it), for
a format a contributor can always replace by PNG or WebP. Pages with another Markdown extension (``.markdown``,
``.mdown``, ...) are refused too: MkDocs builds them, but the checker and the content model read ``.md`` only.

Which paths the theme writes is read from the theme itself (Material's templates folder and ``theme.custom_dir`` of
``mkdocs.yml``, filtered as MkDocs filters theme files); which paths the build writes, from :mod:`smartcity.export`.
No MkDocs import: the checker and the publish gate use this module too.
"""

from __future__ import annotations

import fnmatch
import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath

from . import export
from .findings import Finding
from .model import MKDOCS_YML, read_config
from .rules import Message

PICTURES_FOLDER = "assets"
MAX_PICTURE_BYTES = 5 * 1024 * 1024
# The first bytes of each allowed picture format (the file signatures of PNG, JPEG, GIF and WebP's RIFF container).
_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and "WEBP" at offset 8, checked in _looks_like
}
PICTURE_SUFFIXES = frozenset(_SIGNATURES)
# The extensions MkDocs builds as Markdown pages (mkdocs.utils.markdown_extensions); the project uses ".md" only.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# What MkDocs leaves out of a theme folder when it copies the theme's files (Files.add_files_from_theme).
_THEME_SKIPPED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*")
# Written by the build, not by a file of docs/: MkDocs' sitemap, Pagefind's index, Material's search plugin (off here,
# but a configuration change away), the facet feeds, and the exports of smartcity.export.
BUILD_FOLDERS = ("pagefind", "search", PurePosixPath(export.JSON_PATH).parent.as_posix(), ".well-known")
# The feeds of one theme or place, beside feed.xml (export.facet_feed_path gives "<prefix><slug>.xml").
FACET_FEED_PREFIXES = tuple(export.facet_feed_path(kind, "x").removesuffix("x.xml") for kind in ("theme", "city"))
BUILD_FILES = ("sitemap.xml", "sitemap.xml.gz", "404.html", export.FEED_PATH, export.ROBOTS_TXT_PATH)


def material_folder() -> Path | None:
    """Material's templates folder (its theme files), found without importing MkDocs or Material."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


@lru_cache(maxsize=8)  # Material's folder is the same for every config: walked once per process
def theme_files_in(folder: Path) -> frozenset[str]:
    """The files MkDocs copies from one theme folder, folder-relative with ``/``."""
    found = set()
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        skipped = any(fnmatch.fnmatch(rel.lower(), pattern) for pattern in _THEME_SKIPPED)
        markdown = rel.lower().endswith(MARKDOWN_SUFFIXES)
        if path.is_file() and not skipped and not markdown:
            found.add(rel)
    return frozenset(found)


@lru_cache(maxsize=4)
def theme_files(config_path: Path = MKDOCS_YML) -> frozenset[str]:
    """Every path the theme writes into the site: Material's static files and those of ``theme.custom_dir``."""
    theme = read_config(config_path).get("theme") or {}
    folders = [material_folder()]
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(config_path.parent / str(theme["custom_dir"]))
    files: set[str] = set()
    for folder in folders:
        if folder is not None and folder.is_dir():
            files |= theme_files_in(folder)
    return frozenset(files)


@lru_cache(maxsize=4)
def theme_code_folders(config_path: Path = MKDOCS_YML) -> frozenset[str]:
    """The folders the theme writes into, except the pictures folder itself (``assets/javascripts``, ...)."""
    folders = set()
    for rel in theme_files(config_path):
        parent = PurePosixPath(rel).parent
        while parent.as_posix() not in {".", PICTURES_FOLDER}:
            folders.add(parent.as_posix())
            parent = parent.parent
    return frozenset(folders)


def _under(rel: str, folder: str) -> bool:
    return rel == folder or rel.startswith(folder + "/")


@lru_cache(maxsize=4)
def _theme_files_folded(config_path: Path) -> frozenset[str]:
    """:func:`theme_files` case-folded, made once rather than for every file asked about."""
    return frozenset(path.casefold() for path in theme_files(config_path))


def written_by_build(rel: str, config_path: Path = MKDOCS_YML) -> bool:
    """True when the theme or the build writes ``rel`` (a site path) itself, so a file of docs/ would replace it."""
    folded = rel.casefold()  # a case-insensitive file system on a contributor's machine makes these the same file
    if folded in _theme_files_folded(config_path) or folded in BUILD_FILES:
        return True
    if folded.startswith(FACET_FEED_PREFIXES):
        return True
    folders = (*BUILD_FOLDERS, *theme_code_folders(config_path))
    return any(_under(folded, folder.casefold()) for folder in folders)


def _looks_like(head: bytes, suffix: str) -> bool:
    """True when the first bytes of a file are those of the picture format its extension names."""
    if suffix == ".webp" and head[8:12] != b"WEBP":
        return False
    return head.startswith(_SIGNATURES[suffix])


def _picture_finding(rel: str, path: Path, shown: str) -> Finding | None:
    """Why the file at ``path`` is not the picture its extension says, or None."""
    suffix = PurePosixPath(rel).suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return Finding.of(shown, 1, 1, Message.FILE_UNREADABLE, reason=exc.strerror or exc)
    if size > MAX_PICTURE_BYTES:
        return Finding.of(shown, 1, 1, Message.FILE_PICTURE_TOO_LARGE, path=rel, size=MAX_PICTURE_BYTES // 2**20)
    if not _looks_like(head, suffix):
        return Finding.of(shown, 1, 1, Message.FILE_PICTURE, path=rel, kind=suffix.lstrip(".").upper())
    return None


def finding(
    rel: str, docs_dir: Path | None = None, config_path: Path = MKDOCS_YML, shown: str | None = None
) -> Finding | None:
    """Why the file ``rel`` (docs-relative, ``/``) may not be published, or None; Markdown pages are not looked at.

    With ``docs_dir``, a picture's content is read too (its first bytes and its size). ``shown`` is the file's path
    in the finding (default ``rel``).
    """
    shown = rel if shown is None else shown
    path = PurePosixPath(rel)
    suffix = path.suffix.lower()
    if rel.endswith(".md"):
        return None
    if any(part.startswith(".") for part in path.parts):
        return None  # MkDocs never publishes these (its default exclude_docs is ".*"), e.g. a .DS_Store
    if suffix in MARKDOWN_SUFFIXES:
        return Finding.of(shown, 1, 1, Message.FILE_STATIC_PAGE, path=rel, wanted=rel[: -len(path.suffix)] + ".md")
    if written_by_build(rel, config_path):
        return Finding.of(shown, 1, 1, Message.FILE_STATIC_RESERVED, path=rel)
    if suffix == ".svg":
        return Finding.of(shown, 1, 1, Message.FILE_STATIC_SVG, path=rel)
    if suffix not in PICTURE_SUFFIXES:
        return Finding.of(shown, 1, 1, Message.FILE_STATIC, path=rel)
    if not _under(rel, PICTURES_FOLDER):
        return Finding.of(shown, 1, 1, Message.FILE_STATIC_PLACE, path=rel, name=path.name)
    return _picture_finding(rel, docs_dir / rel, shown) if docs_dir is not None else None


def findings(
    rel_paths: Iterable[str], docs_dir: Path | None = None, config_path: Path = MKDOCS_YML, display_root: str = "docs"
) -> dict[str, Finding]:
    """The finding of every file of ``rel_paths`` (docs-relative) that may not be published, by path; each at line 1.

    Pass ``docs_dir`` so that pictures are checked by content as well as by name; ``display_root`` is how the
    findings show ``docs/``.
    """
    found = {}
    for rel in rel_paths:
        refused = finding(rel, docs_dir, config_path, shown=f"{display_root}/{rel}")
        if refused is not None:
            found[rel] = refused
    return found
