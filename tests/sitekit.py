"""Small projects for behaviour tests: the site's real configuration, a fixture content model and fixture pages.

A behaviour test must judge the code, not the content of the day or the date. So a test builds its own project in
``tmp_path`` with :func:`make_project` (the repository's ``mkdocs.yml`` settings, templates and hook, but a small
fixed list of themes and places and a handful of pages written here), builds it with :func:`build` (with a fixed
"today" through ``SOURCE_DATE_EPOCH``) or checks it with :func:`check` (with ``--today``), and writes its pages with
:func:`page_text`. Nothing here reads the live ``docs/``.

``overrides/``, ``scripts/`` and ``templates/`` are symbolic links to the repository's folders rather than copies:
the settings in ``mkdocs.yml`` stay exactly as they are (relative paths and all), and a project costs a few small
files instead of a copy of the theme folder.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]

# The fixture content model: few values, none of them taken from the live site's lists on purpose (Zwolle, for
# example, is in none of them, so a test of "an unknown place" stays true whatever the site adds).
THEMES = ("Open data", "Aanbesteden", "Kennisdeling")
CITIES = ("Utrecht", "Den Haag", "Coöperatie Duurzaam Brabant")

# The day every build and check of a fixture project pretends it is, unless a test says otherwise.
TODAY = "2030-01-15"
# The date of a fixture page: a few days before TODAY, so it is neither in the future nor due for review.
PAGE_DATE = "2030-01-10"

# Folders the project links to instead of copying (see the module docstring).
LINKED_FOLDERS = ("overrides", "scripts", "templates")

# Environment variables the site's configuration reads; unset in a build unless the test gives them.
SITE_VARIABLES = ("SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT")

# The pages every fixture project has: the ones the navigation and the templates need. Content pages
# (lessons, interviews, meetups) come from the test.
BASE_PAGES = {
    "index.md": """---
description: De startpagina van de testsite.
---

# Testsite

## Nieuw

<!-- listing:newest 6 -->

## Thema's

<!-- listing:themes -->

## Steden

<!-- listing:cities -->
""",
    "zoeken.md": """---
title: Zoeken
description: Zoek in alle pagina's van de testsite.
template: zoeken.html
---

# Zoeken
""",
    "lessen/index.md": """---
title: Lessen
description: Alle lessen.
listing:
  type: les
---

# Lessen

<!-- listing -->
""",
    "interviews/index.md": """---
title: Interviews
description: Alle interviews.
listing:
  type: interview
---

# Interviews

<!-- listing -->
""",
    "meetups/index.md": """---
title: Meetups
description: Alle meetups.
listing:
  type: meetup
---

# Meetups

<!-- listing -->
""",
    "themas/index.md": """---
title: Thema's
description: Alle thema's.
---

# Thema's

<!-- listing:themes -->
""",
    "themas/matrix.md": """---
title: Thema × stad
description: Welke plaats heeft pagina's over welk thema.
---

# Thema × stad

<!-- listing:matrix -->
""",
    "steden/index.md": """---
title: Steden en organisaties
description: Alle gemeenten en organisaties.
---

# Steden en organisaties

<!-- listing:cities -->
""",
    "bijdragen/index.md": """---
title: Bijdragen
description: Zo deelt u een les.
---

# Bijdragen
""",
}

NAV = [
    {"Startpagina": "index.md"},
    {"Zoeken": "zoeken.md"},
    {"Lessen": ["lessen/index.md"]},
    {"Interviews": ["interviews/index.md"]},
    {"Meetups": ["meetups/index.md"]},
    {"Thema's": ["themas/index.md", "themas/matrix.md"]},
    {"Steden": ["steden/index.md"]},
    {"Bijdragen": ["bijdragen/index.md"]},
]


class Tagged:
    """A YAML value with a tag PyYAML's safe loader does not know (``!ENV``, ``!!python/name:…``), kept as written.

    MkDocs resolves these tags itself when it reads the written file; the kit only has to carry them through.
    """

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(prefix: str):
    def construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return Tagged(prefix + suffix, value)

    return construct


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged("!"))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged("tag:yaml.org,2002:python/"))
_Dumper.add_representer(Tagged, _represent_tagged)


def repository_config() -> dict[str, Any]:
    """The repository's ``mkdocs.yml`` as data, with its MkDocs tags kept (see :class:`Tagged`)."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Merge ``extra`` into ``base``: mappings key by key, every other value replaced."""
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


def png_picture() -> bytes:
    """A real PNG file of one white pixel, made here (chunks with their CRC, as the PNG specification says)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8 bits, RGB, no interlace
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte 0, then one white pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_file(root: Path, rel: str, data: bytes) -> Path:
    """Write the bytes ``data`` to ``docs/<rel>`` (a picture, a file that should be refused); returns the path."""
    path = root / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_page(root: Path, rel: str, text: str) -> Path:
    """Write ``text`` to ``docs/<rel>`` in the project at ``root`` (folders made as needed); returns the path."""
    path = root / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fixture_config(
    *,
    themes: list[str] | tuple[str, ...] | None = None,
    cities: list[str] | tuple[str, ...] | None = None,
    extra_config: Mapping[str, Any] | None = None,
    nav: list[Any] | None = NAV,
) -> str:
    """A fixture project's ``mkdocs.yml`` text: the repository's, with the fixture model (see :func:`make_project`).

    ``nav=None`` keeps the repository's navigation (for checker tests that never build).
    """
    config = repository_config()
    content_model = config["extra"]["content_model"]
    content_model["themes"] = list(THEMES if themes is None else themes)
    content_model["cities"] = list(CITIES if cities is None else cities)
    if nav is not None:
        config["nav"] = copy.deepcopy(nav)
    if extra_config:
        _merge(config, extra_config)
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def make_project(
    root: Path,
    pages: dict[str, str] | None = None,
    *,
    themes: list[str] | tuple[str, ...] | None = None,
    cities: list[str] | tuple[str, ...] | None = None,
    extra_config: Mapping[str, Any] | None = None,
) -> Path:
    """Make a small project in ``root`` and return its ``mkdocs.yml``.

    The configuration is the repository's, with the content model's themes and places replaced by ``themes`` and
    ``cities`` (default :data:`THEMES`, :data:`CITIES`) and the navigation reduced to the fixture pages
    (:data:`BASE_PAGES`); ``extra_config`` is merged in last (mappings key by key, e.g.
    ``{"extra": {"content_model": {"review_period_days": 30}}}``; a list such as ``nav`` is replaced whole).
    ``pages`` maps docs-relative paths to their text and is written after the base pages (so it may replace one);
    a page outside the content folders needs its own ``nav`` entry, as in the real site.
    """
    root.mkdir(parents=True, exist_ok=True)
    config_path = root / "mkdocs.yml"
    text = fixture_config(themes=themes, cities=cities, extra_config=extra_config)
    config_path.write_text(text, encoding="utf-8")
    for folder in LINKED_FOLDERS:
        link = root / folder
        if (ROOT / folder).exists() and not link.exists():
            link.symlink_to(ROOT / folder, target_is_directory=True)
    for rel, text in {**BASE_PAGES, **(pages or {})}.items():
        write_page(root, rel, text)
    return config_path


def page_text(
    type: str = "les", title: str = "Een les over open data", *, body: str | None = None, **front: Any
) -> str:
    """The text of a valid content page of ``type``: front matter with every required field, then ``body``.

    ``front`` adds or replaces fields (``cities=["Den Haag"]``, ``date="2028-01-01"``); a field given as ``None`` is
    left out, to make a page with a missing field. Values are written as YAML, so a test can also pass strings that
    are wrong on purpose (``tags=["Privacy"]``).
    """
    fields: dict[str, Any] = {
        "title": title,
        "description": f"Een testpagina: {title}.",
        "date": PAGE_DATE,
        "type": type,
        "cities": [CITIES[0]],
        "tags": [THEMES[0]],
    }
    fields.update(front)
    fields = {key: value for key, value in fields.items() if value is not None}
    yaml_text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000)
    if body is None:
        body = f"# {title}\n\nWat we leerden, in een paar zinnen.\n"
    return f"---\n{yaml_text}---\n\n{body}"


def epoch_of(today: str) -> str:
    """``SOURCE_DATE_EPOCH`` for the day ``today`` (JJJJ-MM-DD): noon UTC, so the day is the same in every zone."""
    moment = dt.datetime.combine(dt.date.fromisoformat(today), dt.time(12), tzinfo=dt.UTC)
    return str(int(moment.timestamp()))


def build_env(today: str | None = TODAY, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a build or command: the site's variables unset, ``today`` fixed, then ``env``."""
    result = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for var in (*SITE_VARIABLES, "SOURCE_DATE_EPOCH"):
        result.pop(var, None)
    if today is not None:
        result["SOURCE_DATE_EPOCH"] = epoch_of(today)
    result.update(env or {})
    return result


def site_dir(config: Path) -> Path:
    """Where :func:`build` puts the site of the project whose ``mkdocs.yml`` is ``config``."""
    return config.parent / "site"


def build(
    config: Path, *, strict: bool = True, today: str | None = TODAY, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mkdocs build`` on ``config`` as a contributor would; the site goes to ``<root>/site``.

    ``today`` (JJJJ-MM-DD) becomes ``SOURCE_DATE_EPOCH``; ``None`` leaves the real clock. SITE_URL, REPO_URL,
    EDIT_URI and SECURITY_CONTACT are unset unless given in ``env``. Never raises for a failed build: the test
    reads ``returncode`` and ``stderr``.
    """
    command = mkdocs_command(config, site_dir(config), strict)
    return subprocess.run(
        command, capture_output=True, text=True, env=build_env(today, env), cwd=config.parent, check=False
    )


def mkdocs_command(config: Path, site: Path, strict: bool = True) -> list[str]:
    """``python -m mkdocs build`` of ``config`` into ``site``, strict unless told otherwise."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict" if strict else "--no-strict",
        "-f",
        str(config),
        "-d",
        str(site),
    ]


def check(config: Path, *args: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """Run the content checker on the project of ``config`` in this process, as ``--today today``.

    Returns a ``CompletedProcess`` (``returncode``, ``stdout``, ``stderr``) like :func:`build`; ``args`` are more
    command-line arguments (paths, ``--format json``).
    """
    from smartcity.checker import cli

    argv = ["--config", str(config), "--today", today, *args]
    out = io.StringIO()
    err = io.StringIO()
    code = cli.run(argv, out, err)
    return subprocess.CompletedProcess(["check_content.py", *argv], code, out.getvalue(), err.getvalue())
