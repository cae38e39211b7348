"""``--external``: check links to other websites, politely and safely, with a one-day cache.

urllib3 does the HTTP work: ``PoolManager`` (TLS; at most ``per_host`` connections to a host at a time)
and ``Retry`` (429 and 5xx retried with backoff, ``Retry-After`` honoured up to ``max_retry_after``).
Redirects are followed here, hop by hop (at most ``max_hops``), so that every hop is screened:

- only ``http``/``https`` and public addresses (not private, loopback, link-local, reserved, multicast,
  unspecified), checked before connecting (a literal IP or every DNS answer) and again on the socket once
  connected, so a DNS answer that changes in between (DNS rebinding) is refused too;
- one deadline per link, every hop and retry together, from its first connection: timeouts and waits never
  pass it, and a watchdog then shuts the sockets down (a server trickling bytes resets per-read timeouts).
  DNS lookups are bounded by the system resolver only;
- only the status line and headers are read (http.client stops at 100 lines of 64 KiB), never a body:
  every response is closed unread, also before a retry, where urllib3 would read ("drain") the body.

Outcomes are cached for a day in a JSON file outside docs/, validated on load and written atomically;
refusals are not cached, as the addresses behind a name change.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from urllib3 import BaseHTTPResponse, PoolManager
from urllib3 import exceptions as errors
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util import Retry, Timeout, parse_url

from .findings import Finding

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "smart-city-lessen-linkcheck/2.0 (+check_content.py --external)"
RETRY_STATUSES = frozenset({429, *range(500, 600)})
NO_SUCH_NAME = "de naam van de website bestaat niet"
_REASONS = (  # urllib3's errors in Dutch; a subclass before its base class
    (errors.NameResolutionError, NO_SUCH_NAME),
    (errors.SSLError, "de beveiligde verbinding mislukt, bijvoorbeeld door een verlopen certificaat"),
    (errors.NewConnectionError, "de website weigert de verbinding"),
    (ValueError, "het adres is ongeldig"),
)


@dataclass(frozen=True)
class ExternalLink:
    """One occurrence of an http(s) link in a page."""

    url: str
    path: str  # file path as findings show it, e.g. "docs/lessen/x.md"
    line: int
    column: int


@dataclass(frozen=True)
class Options:
    """Tuning of the external check; ``allow`` lists networks allowed besides public addresses (for tests)."""

    timeout: float = 20.0  # the deadline of one link, in seconds: every hop and retry together
    retries: int = 2
    backoff: float = 0.5
    max_retry_after: int = 10
    max_hops: int = 5
    workers: int = 8
    per_host: int = 2
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """The result for one URL: the final HTTP status and/or an error; ``refused`` when the safety rules stopped it."""

    status: int | None
    error: str | None = None
    refused: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400 and self.error is None


class RefusedAddressError(Exception):
    """A connection reached an address that is not allowed."""


class DeadlineError(Exception):
    """The deadline of the request has passed."""


@dataclass
class _Budget:
    """What one request may still do: its deadline, the addresses it may reach, the sockets to cut at the end."""

    allow: tuple[str, ...]
    sleep: Callable[[float], None]
    seconds: float
    ends: float | None = None
    expired: bool = False
    timer: threading.Timer | None = None
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remaining(self) -> float:
        return self.seconds if self.ends is None else self.ends - time.monotonic()

    def admit(self, sock: socket.socket) -> socket.socket:
        """A watched duplicate of a new connection if the address it reached is allowed and there is time left."""
        address = sock.getpeername()[0]
        with self.lock:
            if is_allowed(address, self.allow) and not self.expired:
                if self.timer is None:  # the clock starts here: waiting for a busy host's free slot does not count
                    self.ends = time.monotonic() + self.seconds
                    self.timer = threading.Timer(self.seconds, self.cut)
                    self.timer.daemon = True
                    self.timer.start()
                self.sockets.append(sock.dup())  # a duplicate stays valid when TLS takes over the original
                return self.sockets[-1]
        sock.close()
        raise DeadlineError if self.expired else RefusedAddressError(address)

    def cut(self) -> None:
        """The deadline has passed: shut every connection down, which also wakes a blocked read."""
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            for sock in self.sockets:
                sock.close()


_CURRENT = threading.local()  # the budget of the request this worker thread is doing; urllib3 calls us without it


class _Retry(Retry):
    """urllib3's ``Retry`` that sleeps with the check's ``sleep``, stops at the deadline and never reads a body."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None:  # status only: urllib3 would read ("drain") the body before it retries
            response.close()
            response.release_conn()  # also when we stop below: a pool slot must never be lost
        budget: _Budget = _CURRENT.budget
        if budget.remaining() <= 0:
            raise DeadlineError
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if retry.wait(response) >= budget.remaining():  # no time to wait: the last answer (or error) stands
            raise errors.MaxRetryError(_pool, url, error)  # type: ignore[arg-type]
        return retry

    def wait(self, response: BaseHTTPResponse | None) -> float:
        """Seconds before the next try: ``Retry-After`` (capped at ``retry_after_max``), else the backoff."""
        with contextlib.suppress(errors.InvalidHeader):
            if response is not None and (seconds := self.get_retry_after(response)):
                return seconds
        return self.get_backoff_time()

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        if (seconds := self.wait(response)) > 0:
            _CURRENT.budget.sleep(seconds)


class _Screened:
    """A connection that checks the address its socket reached, after every DNS lookup urllib3 made."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self.watched = _CURRENT.budget.admit(sock)
        return sock

    def close(self) -> None:
        super().close()  # type: ignore[misc]
        if watched := getattr(self, "watched", None):
            watched.close()  # else the duplicate would keep the connection open


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = type("ScreenedHTTPConnection", (_Screened, HTTPConnection), {})


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = type("ScreenedHTTPSConnection", (_Screened, HTTPSConnection), {})


def is_allowed(address: str, allow: tuple[str, ...] = ()) -> bool:
    """A public address (not private, loopback, link-local, reserved, multicast, unspecified) or one in ``allow``."""
    ip = ipaddress.ip_address(address)
    ip = getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:10.0.0.1 is 10.0.0.1
    return any(ip in ipaddress.ip_network(net) for net in allow) or (
        ip.is_global and not ip.is_multicast and not ip.is_reserved
    )


def _resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


class _Fetcher:
    """Follows one URL hop by hop within its budget."""

    def __init__(
        self, options: Options, sleep: Callable[[float], None], resolve: Callable[[str, int], list[str]], pools: int
    ) -> None:
        self.options, self.sleep, self.resolve = options, sleep, resolve
        retry = _Retry(
            total=options.retries,
            other=0,  # a certificate error does not go away by asking again
            status_forcelist=RETRY_STATUSES,
            backoff_factor=options.backoff,
            retry_after_max=options.max_retry_after,
            raise_on_status=False,
        )
        # Enough pools never to evict one during a run: a thread waiting for a host's free slot waits on its pool.
        self.manager = PoolManager(
            pools, {"User-Agent": USER_AGENT}, maxsize=options.per_host, block=True, retries=retry
        )
        self.manager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def fetch(self, url: str) -> Outcome:
        budget = _CURRENT.budget = _Budget(self.options.allow, self.sleep, self.options.timeout)
        try:
            return self._follow(url, budget)
        except DeadlineError:
            return Outcome(None, f"geen antwoord binnen {self.options.timeout:g} seconden")
        except errors.MaxRetryError as exc:
            return Outcome(None, _describe(exc.reason))
        except (errors.HTTPError, OSError, ValueError) as exc:
            return Outcome(None, _describe(exc))
        finally:
            budget.close()

    def _follow(self, url: str, budget: _Budget) -> Outcome:
        for hop in range(self.options.max_hops + 1):
            refusal = self._screen(url, hop)
            if refusal is not None:
                return refusal
            if budget.remaining() <= 0:
                raise DeadlineError
            try:
                response = self.manager.urlopen(
                    "GET", url, redirect=False, preload_content=False, timeout=Timeout(total=budget.remaining())
                )
            except RefusedAddressError as exc:
                return _refused(url, hop, f"leidt naar {exc}, geen openbaar internetadres")
            location = response.get_redirect_location()
            response.close()  # status only: the body is never read
            response.release_conn()
            if budget.expired:  # cut off while reading the headers: what arrived may be incomplete
                raise DeadlineError
            if not location:
                return Outcome(response.status)
            url = urljoin(url, location)
        return Outcome(response.status, f"stuurt meer dan {self.options.max_hops} keer door")

    def _screen(self, url: str, hop: int) -> Outcome | None:
        """A refusal before connecting (not http(s), or an address that is not allowed); a DNS failure."""
        parts = parse_url(url)
        if parts.scheme not in ("http", "https") or not parts.host:
            return _refused(url, hop, "is geen http- of https-adres")
        host = parts.host.strip("[]")
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                addresses = self.resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
            except OSError:
                return Outcome(None, NO_SUCH_NAME)
        refused = [address for address in addresses if not is_allowed(address, self.options.allow)]
        return _refused(url, hop, f"leidt naar {refused[0]}, geen openbaar internetadres") if refused else None


def _refused(url: str, hop: int, problem: str) -> Outcome:
    return Outcome(None, f"hij {problem}" if hop == 0 else f"hij stuurt door naar {url}; dat {problem}", refused=True)


def _describe(exc: BaseException | None) -> str:
    return next((text for kind, text in _REASONS if isinstance(exc, kind)), "de verbinding werd verbroken")


def load_cache(path: Path, now: float) -> dict[str, tuple[Outcome, float]]:
    """Valid cache entries younger than a day: url -> (outcome, when checked). Anything else is ignored."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"].items()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable, not JSON, not the cache's shape
        return {}
    return {url: (Outcome(e["status"], e["error"]), e["checked"]) for url, e in entries if _valid(e, now)}


def _valid(entry: object, now: float) -> bool:
    """Right types, a real HTTP status or an error, checked within the last day and not in the future."""
    if not isinstance(entry, dict):
        return False
    status, error, checked = entry.get("status"), entry.get("error"), entry.get("checked")
    return (
        (status is None or (type(status) is int and 100 <= status <= 599))
        and (error is None or isinstance(error, str))
        and (status, error) != (None, None)
        and type(checked) is float
        and 0 <= now - checked < CACHE_SECONDS
    )


def save_cache(path: Path, outcomes: dict[str, tuple[Outcome, float]]) -> None:
    """Write the cache atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = {
        url: {"checked": float(checked), "status": outcome.status, "error": outcome.error}
        for url, (outcome, checked) in sorted(outcomes.items())
    }
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=1, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def check(
    links: Iterable[ExternalLink],
    cache_path: Path,
    options: Options | None = None,
    *,
    now: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    resolve: Callable[[str, int], list[str]] | None = None,
) -> tuple[list[Finding], int]:
    """Findings for broken, unreachable and refused external links, and the number of URLs actually fetched."""
    options = options or Options()
    now = time.time() if now is None else now
    where: dict[str, list[ExternalLink]] = defaultdict(list)
    for link in links:
        where[link.url.split("#", 1)[0]].append(link)
    cached = load_cache(cache_path, now)
    to_fetch = [url for url in where if url not in cached]
    fetcher = _Fetcher(options, sleep, resolve or _resolve, max(1, len(to_fetch)) * (options.max_hops + 1))
    with fetcher.manager, ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        fetched = dict(zip(to_fetch, pool.map(fetcher.fetch, to_fetch), strict=True))
    save_cache(cache_path, {**cached, **{url: (o, now) for url, o in fetched.items() if not o.refused}})
    outcomes = {url: outcome for url, (outcome, _checked) in cached.items()} | fetched
    findings = [
        _finding(link, url, outcomes[url]) for url, places in where.items() if not outcomes[url].ok for link in places
    ]
    return findings, len(to_fetch)


def _finding(link: ExternalLink, url: str, outcome: Outcome) -> Finding:
    """The Dutch finding for an outcome that is not fine, at one place the link occurs."""
    if outcome.refused:
        rule = "ext-refused"
        text = (
            f'De externe link "{url}" is niet gecontroleerd: {outcome.error}. Een link op deze site moet naar een '
            "openbare website wijzen; vervang hem door het openbare adres of haal de link weg."
        )
    elif outcome.status is None:
        rule = "ext-unreachable"
        text = (
            f'De website van "{url}" reageert niet ({outcome.error}). Probeer het later opnieuw; '
            "blijft het zo, zoek dan een ander adres."
        )
    elif outcome.error:
        rule = "ext-broken"
        text = f'De externe link "{url}" {outcome.error}. Link rechtstreeks naar het eindadres of haal de link weg.'
    else:
        rule = "ext-broken"
        text = (
            f'De externe link "{url}" geeft foutcode {outcome.status}. Zoek het nieuwe adres van die '
            "pagina, link naar een gearchiveerde versie (web.archive.org) of haal de link weg."
        )
    return Finding(link.path, link.line, link.column, rule, text)
