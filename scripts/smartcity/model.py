"""The content model, read from its one source of truth: ``extra.content_model`` in ``mkdocs.yml``.

``mkdocs.yml`` contains MkDocs-specific YAML tags (``!ENV``, ``!!python/name:``); they are read here as plain values
so that no MkDocs import is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"


class ModelError(Exception):
    """The content model in mkdocs.yml is missing or malformed."""


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (on libyaml when available) that reads unknown tags (``!ENV``, ``!!python/...``) as data."""


def _construct_unknown(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _construct_unknown)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unknown)


@dataclass(frozen=True)
class PageType:
    """One page type (``les``, ``interview``, ``meetup``) and the folder it lives in."""

    name: str
    folder: str
    label: str
    plural: str
    template: str


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field: whether it is required, its kind and a Dutch help text."""

    name: str
    required: bool
    kind: str
    help: str


@dataclass(frozen=True)
class ContentModel:
    """Types, fields, themes and cities that every content page must follow."""

    types: dict[str, PageType]
    fields: dict[str, FieldSpec]
    themes: tuple[str, ...]
    cities: tuple[str, ...]
    review_period_days: int
    description_max_length: int
    docs_dir: Path = REPO_ROOT / "docs"

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.required)


def read_config(path: Path = MKDOCS_YML) -> dict[str, Any]:
    """Read ``mkdocs.yml`` as plain data (MkDocs tags become strings, lists or dicts)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"kan {path} niet lezen: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path} is geen YAML-mapping")
    return data


def parse_model(config: dict[str, Any], base: Path) -> ContentModel:
    """The content model from ``config`` (mkdocs.yml as data); ``base`` is the folder of mkdocs.yml."""
    try:
        raw = config["extra"]["content_model"]
        return ContentModel(
            types={name: PageType(name, **spec) for name, spec in raw["types"].items()},
            fields={name: FieldSpec(name, **spec) for name, spec in raw["fields"].items()},
            themes=tuple(str(t) for t in raw["themes"]),
            cities=tuple(str(c) for c in raw["cities"]),
            review_period_days=int(raw["review_period_days"]),
            description_max_length=int(raw["description_max_length"]),
            docs_dir=base / str(config.get("docs_dir", "docs")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"extra.content_model in mkdocs.yml is onvolledig: {exc!r}") from exc


@lru_cache(maxsize=8)
def load_model(path: Path = MKDOCS_YML) -> ContentModel:
    """The content model in ``path`` (default: the repository's ``mkdocs.yml``), read once per path."""
    return parse_model(read_config(path), path.resolve().parent)
