"""``--external``: check links to other websites, politely, with a one-day cache.

Concurrent (a thread pool) with a per-request timeout, at most ``per_host``
requests at a time to one host, retries with exponential backoff, and
``429 Too Many Requests`` answered by waiting ``Retry-After`` seconds. Results
are kept in a JSON cache file (default ``.cache/external-links.json``, outside
docs/) so that a rerun within a day fetches nothing again. Only the standard
library is used.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .findings import Finding
from .links import all_links
from .page import Page

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "smart-city-lessen-linkcheck/1.0 (+check_content.py --external)"
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class Options:
    """Tuning of the external check."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5
    workers: int = 8
    per_host: int = 2
    max_retry_after: float = MAX_RETRY_AFTER


@dataclass(frozen=True)
class Outcome:
    """The result of checking one URL: an HTTP status, or an error (timeout, no connection)."""

    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def collect(pages: Iterable[Page]) -> dict[str, list[tuple[Page, int]]]:
    """http(s) URLs of links (not images: remote images are an error already) -> where they occur."""
    found: dict[str, list[tuple[Page, int]]] = defaultdict(list)
    for page in pages:
        if page.text is None:
            continue
        for link in all_links(page):
            url = link.url.split("#", 1)[0]
            if url.lower().startswith(("http://", "https://")) and link.kind not in {"image", "image-ref"}:
                found[url].append((page, link.offset))
    return found


def _retry_after(value: str | None, default: float) -> float:
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return default


class Fetcher:
    """Fetches URLs with a per-host limit, retries and ``Retry-After``."""

    def __init__(self, options: Options, sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.sleep = sleep
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}

    def _host_slot(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.options.per_host)
            return self._hosts[host]

    def _once(self, url: str) -> tuple[Outcome, float | None]:
        """One request: (outcome, seconds to wait before a retry or ``None`` when final)."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT}, method="GET")  # noqa: S310
        try:
            with self._host_slot(url), urllib.request.urlopen(request, timeout=self.options.timeout) as response:  # noqa: S310
                return Outcome(response.status), None
        except urllib.error.HTTPError as exc:
            if exc.code == 429:
                wait = min(_retry_after(exc.headers.get("Retry-After"), 1.0), self.options.max_retry_after)
                return Outcome(429), wait
            return Outcome(exc.code), (0.0 if exc.code >= 500 else None)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Outcome(None, str(reason) or exc.__class__.__name__), 0.0

    def fetch(self, url: str) -> Outcome:
        outcome = Outcome(None, "niet geprobeerd")
        for attempt in range(self.options.retries + 1):
            outcome, wait = self._once(url)
            if wait is None or attempt == self.options.retries:
                return outcome
            self.sleep(max(wait, self.options.backoff * (2**attempt)))
        return outcome


def load_cache(path: Path, now: float) -> dict[str, Outcome]:
    """Cached outcomes younger than a day; an unreadable cache is simply ignored."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    fresh: dict[str, Outcome] = {}
    if not isinstance(entries, dict):
        return fresh
    for url, entry in entries.items():
        with contextlib.suppress(KeyError, TypeError, ValueError):
            if now - float(entry["checked"]) < CACHE_SECONDS:
                fresh[url] = Outcome(entry.get("status"), entry.get("error"))
    return fresh


def save_cache(path: Path, outcomes: dict[str, tuple[Outcome, float]]) -> None:
    """Write the cache atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": 1,
        "entries": {
            url: {"checked": checked, "status": outcome.status, "error": outcome.error}
            for url, (outcome, checked) in sorted(outcomes.items())
        },
    }
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def check(
    pages: Iterable[Page], cache_path: Path, options: Options | None = None, now: float | None = None
) -> tuple[list[Finding], int]:
    """Findings for broken external links and the number of URLs actually fetched."""
    options = options or Options()
    now = time.time() if now is None else now
    where = collect(pages)
    cached = load_cache(cache_path, now)
    to_fetch = [url for url in where if url not in cached]
    fetcher = Fetcher(options)
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        fetched = dict(zip(to_fetch, pool.map(fetcher.fetch, to_fetch), strict=True))
    all_outcomes = {url: (outcome, now) for url, outcome in fetched.items()}
    previous = _raw_entries(cache_path)
    for url, outcome in cached.items():
        all_outcomes.setdefault(url, (outcome, previous.get(url, now)))
    save_cache(cache_path, all_outcomes)
    findings: list[Finding] = []
    for url, places in where.items():
        outcome = fetched.get(url) or cached.get(url)
        if outcome is None or outcome.ok:
            continue
        for page, offset in places:
            line, column = page.at(offset)
            findings.append(_finding(page.display, line, column, url, outcome))
    return findings, len(to_fetch)


def _raw_entries(path: Path) -> dict[str, float]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        return {url: float(entry["checked"]) for url, entry in entries.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _finding(path: str, line: int, column: int, url: str, outcome: Outcome) -> Finding:
    if outcome.status is not None:
        return Finding(
            path,
            line,
            column,
            "ext-broken",
            f'De externe link "{url}" geeft foutcode {outcome.status}. Zoek het nieuwe adres van die '
            "pagina, link naar een gearchiveerde versie (web.archive.org) of haal de link weg.",
        )
    return Finding(
        path,
        line,
        column,
        "ext-unreachable",
        f'De website van "{url}" reageert niet ({outcome.error}). Probeer het later opnieuw; '
        "blijft het zo, zoek dan een ander adres.",
    )
