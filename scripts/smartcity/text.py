"""Small text helpers shared by the build, the checker and the scaffolder."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Remove diacritics: ``coöperatie`` -> ``cooperatie``, ``ideeën`` -> ``ideeen``."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """A URL- and file-name-safe slug: diacritics folded, lower case, ``-`` between words."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


@lru_cache(maxsize=4096)  # Babel takes a quarter of a millisecond a date; listings show the same dates often
def dutch_date(value: dt.date) -> str:
    """A date the Dutch way, ``14 maart 2017`` (Babel's Dutch locale; Babel comes with Material)."""
    from babel.dates import format_date  # only the build formats dates; the checker need not load Babel

    return format_date(value, "d MMMM y", locale="nl")
