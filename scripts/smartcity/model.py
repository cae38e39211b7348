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

from . import config_errors
from .texts import Text, text

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
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(text(Text.CHECKER_CONFIG_UNREADABLE, path=path, error=exc)) from exc
    try:
        data = yaml.load(source, Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    except yaml.YAMLError as exc:
        # Dutch, with line, column and the fix for a mis-indented line (the one line a contributor adds).
        raise ModelError(config_errors.yaml_error(path, source, exc)) from None
    if glued := config_errors.glued_list_item(path, source):
        raise ModelError(glued)
    if not isinstance(data, dict):
        raise ModelError(text(Text.CHECKER_CONFIG_NOT_MAPPING, path=path))
    return data


def dutch_list(names: list[str]) -> str:
    """``les, interview of meetup``: names joined the Dutch way for "one of these"."""
    if len(names) < 2:
        return "".join(names)
    return text(Text.CHECKER_ONE_OF, others=", ".join(names[:-1]), last=names[-1])


def _field(name: str, spec: dict[str, Any], types: dict[str, PageType]) -> FieldSpec:
    """One field; ``{types}`` in its help text becomes the page types of the model, so no text lists them by hand."""
    field = FieldSpec(name, **spec)
    if "{types}" in field.help:
        help_text = field.help.replace("{types}", dutch_list(list(types)))
        field = FieldSpec(field.name, field.required, field.kind, help_text)
    return field


def parse_model(config: dict[str, Any], base: Path) -> ContentModel:
    """The content model from ``config`` (mkdocs.yml as data); ``base`` is the folder of mkdocs.yml."""
    try:
        raw = config["extra"]["content_model"]
        types = {name: PageType(name, **spec) for name, spec in raw["types"].items()}
        return ContentModel(
            types=types,
            fields={name: _field(name, spec, types) for name, spec in raw["fields"].items()},
            themes=tuple(str(t) for t in raw["themes"]),
            cities=tuple(str(c) for c in raw["cities"]),
            review_period_days=int(raw["review_period_days"]),
            description_max_length=int(raw["description_max_length"]),
            docs_dir=base / str(config.get("docs_dir", "docs")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(text(Text.CHECKER_MODEL_INCOMPLETE, error=repr(exc))) from exc


@lru_cache(maxsize=8)
def load_model(path: Path = MKDOCS_YML) -> ContentModel:
    """The content model in ``path`` (default: the repository's ``mkdocs.yml``), read once per path."""
    return parse_model(read_config(path), path.resolve().parent)
