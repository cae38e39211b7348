"""What the build remembers from one build to the next while ``make serve`` runs.

MkDocs loads the configuration again for every rebuild, and with it imports the hook module anew, so a hook's own
globals start empty each time. This module is imported once per process: it keeps what a rebuild needs to know about
the one before (what each page showed from other pages, when that build started) and the timer that rebuilds the
search index once editing pauses.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Seconds without a new build before the search index is rebuilt while serving: Pagefind reads every page
# (about 4 s at 3,000 pages), too slow to do on every save.
SEARCH_QUIET_SECONDS = 2.0


@dataclass
class Session:
    """One MkDocs process: ``mkdocs build`` (one build) or ``mkdocs serve`` (a build per save)."""

    command: str = "build"
    dirty: bool = False
    # src -> what the page showed from other pages at the previous build (its lists, counts, related pages).
    shown: dict[str, Any] = field(default_factory=dict)
    # time.time() when the previous build started; 0 before the first one.
    previous_build: float = 0.0
    search_timer: threading.Timer | None = None
    # What the previous build read of each page (smartcity.catalog.read_catalog's cache), and with which model.
    read_pages: dict[str, Any] = field(default_factory=dict)
    model: Any = None

    @property
    def serving(self) -> bool:
        return self.command == "serve"


SESSION = Session()
# One search-index update at a time: an update takes seconds, and a save during one schedules the next; that one waits
# (``search_index.write_bundle`` clears the folders a crashed update left, so two at once would clear each other's).
_UPDATING = threading.Lock()


def start(command: str, dirty: bool) -> None:
    """A new MkDocs process (``on_startup``): forget everything about earlier ones."""
    global SESSION
    cancel_search_update()
    SESSION = Session(command=command, dirty=dirty)


def cancel_search_update() -> None:
    """A build starts: the search index waits until it is done."""
    if SESSION.search_timer is not None:
        SESSION.search_timer.cancel()
        SESSION.search_timer = None


def update_search_later(update: Callable[[], None]) -> None:
    """Run ``update`` after :data:`SEARCH_QUIET_SECONDS` unless another build starts first."""
    cancel_search_update()
    timer = threading.Timer(SEARCH_QUIET_SECONDS, _one_at_a_time, args=(update,))
    timer.daemon = True
    SESSION.search_timer = timer
    timer.start()


def _one_at_a_time(update: Callable[[], None]) -> None:
    with _UPDATING:
        update()
