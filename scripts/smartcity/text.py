"""Small text helpers shared by the build hooks, the checker and the scaffolder."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def fold(text: str) -> str:
    """Remove diacritics: ``coöperatie`` -> ``cooperatie``, ``ideeën`` -> ``ideeen``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """A URL- and file-name-safe slug: diacritics folded, lower case, ``-`` between words."""
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    return "-".join(words)


def dutch_date(value: dt.date) -> str:
    """Format a date the Dutch way: ``14 maart 2017``."""
    return f"{value.day} {DUTCH_MONTHS[value.month - 1]} {value.year}"
