"""Today's date for the build, the checker and the scaffolder, injectable for tests and reproducible builds.

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/) is the standard variable for "build
as if it were this moment"; MkDocs itself reads it for the sitemap's dates. Set, it fixes the day every rule that
depends on the date uses (future dates, review due); unset, it is the real today (UTC).
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The build's moment in UTC: ``SOURCE_DATE_EPOCH`` when set to a whole number of seconds, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The build's day (UTC)."""
    return now().date()
