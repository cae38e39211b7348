"""The one walk over ``docs/``: every file (docs-relative, ``/``-separated) and every symbolic link.

Symbolic links are never followed: a link under ``docs/`` would copy a file of the build
machine into the published site, so the checker reports each one and the build stops.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Tree:
    """What ``docs/`` holds: regular files and symbolic links (to files or folders), both sorted."""

    files: tuple[str, ...]
    symlinks: tuple[str, ...]


def walk(docs_dir: Path) -> Tree:
    files: list[str] = []
    links: list[str] = []
    for root, dirs, names in os.walk(docs_dir, followlinks=False):
        base = Path(root).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        for name in [*dirs, *names]:
            if os.path.islink(os.path.join(root, name)):
                links.append(prefix + name)
            elif name in names:
                files.append(prefix + name)
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(root, d)))
    return Tree(tuple(sorted(files)), tuple(sorted(links)))
