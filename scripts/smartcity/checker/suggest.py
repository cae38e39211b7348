"""'Bedoelde je …?': the nearest allowed value, compared case- and accent-insensitively."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..text import fold


def _key(value: str) -> str:
    return " ".join(fold(value).casefold().split())


def nearest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice closest to ``value``, or ``None`` when nothing is close enough."""
    by_key = {_key(choice): choice for choice in choices}
    key = _key(value)
    if key in by_key:
        return by_key[key]
    squashed = {k.replace(" ", ""): v for k, v in by_key.items()}
    if key.replace(" ", "") in squashed:
        return squashed[key.replace(" ", "")]
    match = difflib.get_close_matches(key, list(by_key), n=1, cutoff=cutoff)
    return by_key[match[0]] if match else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Bedoelde je "X"?`` or an empty string."""
    found = nearest(value, choices)
    return f' Bedoelde je "{found}"?' if found else ""
