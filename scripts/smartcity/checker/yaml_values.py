"""YAML tags and scalar values exactly as PyYAML's safe loader resolves and builds them, remembered per text.

Keys and common values ("title", "Utrecht", "2024-03-14") recur on every page;
resolving a plain scalar runs a few regular expressions, building a date parses
it. Both depend only on their arguments (the safe loader has no path
resolvers), so a cache gives the same answers for much less work.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
SEQ_TAG = YAML_TAG + "seq"
MAP_TAG = YAML_TAG + "map"
PLAIN_SCALARS = frozenset(YAML_TAG + name for name in ("null", "bool", "int", "float", "timestamp"))

resolve_tag = lru_cache(maxsize=50_000)(yaml.resolver.Resolver().resolve)
_SCALARS = yaml.constructor.SafeConstructor()


@lru_cache(maxsize=50_000)
def plain_scalar(tag: str, value: str) -> Any:
    """A null, bool, int, float or date as ``SafeConstructor`` builds it; immutable, so one object per value.

    Errors (the date ``2024-02-30``) are raised, never remembered.
    """
    return _SCALARS.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, value))
