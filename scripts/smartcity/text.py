"""Small text helpers shared by the build, the checker and the scaffolder."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Remove diacritics: ``coöperatie`` -> ``cooperatie``, ``ideeën`` -> ``ideeen``."""
    if text.isascii():  # NFKD leaves ASCII as it is
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # One translate over the text instead of a Python test per character: the checker folds whole page bodies.
    marks = {ord(char): None for char in set(decomposed) if unicodedata.combining(char)}
    return decomposed.translate(marks)


@lru_cache(maxsize=4096)  # the build makes the same theme and place slugs thousands of times (facet pages)
def slugify(text: str) -> str:
    """A URL- and file-name-safe slug: diacritics folded, lower case, ``-`` between words."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


@lru_cache(maxsize=4096)  # Babel takes a quarter of a millisecond a date; listings show the same dates often
def dutch_date(value: dt.date) -> str:
    """A date the Dutch way, ``14 maart 2017`` (Babel's Dutch locale; Babel comes with Material)."""
    from babel.dates import format_date  # only the build formats dates; the checker need not load Babel

    return format_date(value, "d MMMM y", locale="nl")
