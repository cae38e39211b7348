"""The one walk over ``docs/``: every file (docs-relative, ``/``-separated) and every symbolic link.

Symbolic links are never followed: a link under ``docs/`` would copy a file of the build machine into the published
site, so the checker reports each one and the build stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Tree:
    """What ``docs/`` holds: regular files and symbolic links (to files or folders), both sorted."""

    files: tuple[str, ...]
    symlinks: tuple[str, ...]


def walk(docs_dir: Path) -> Tree:
    """Everything under ``docs_dir``; ``rglob`` does not descend into a linked folder."""
    paths = {path.relative_to(docs_dir).as_posix(): path for path in docs_dir.rglob("*")}
    links = sorted(rel for rel, path in paths.items() if path.is_symlink())
    files = sorted(rel for rel, path in paths.items() if not path.is_symlink() and not path.is_dir())
    return Tree(tuple(files), tuple(links))
