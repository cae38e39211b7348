"""``--external``: check links to other websites, politely and safely, with a one-day cache.

urllib3 does the HTTP work (TLS, connections per host, retries); redirects are followed here, hop by hop, so that
every hop is screened. One deadline covers each link, with all its hops and retries. No body is ever read.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from urllib3 import BaseHTTPResponse, PoolManager
from urllib3 import exceptions as errors
from urllib3.connection import port_by_scheme
from urllib3.poolmanager import pool_classes_by_scheme
from urllib3.util import Retry, Timeout, parse_url

from .findings import Finding
from .links import all_links
from .page import Page

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "smart-city-lessen-linkcheck/2.0 (+check_content.py --external)"
_CURRENT = threading.local()  # the link this worker thread follows: urllib3 calls our hooks without it
Resolve = Callable[[str, int], list[str]]


class DeadlineError(Exception):
    """The deadline of the link has passed."""


class RefusedError(Exception):
    """The safety rules stop this hop; the message says why, in Dutch."""


_REASONS = (  # why a link could not be checked, in Dutch: the first that fits
    (DeadlineError, "geen antwoord binnen {seconds:g} seconden"),
    ((errors.NameResolutionError, socket.gaierror), "de naam van de website bestaat niet"),
    (errors.SSLError, "de beveiligde verbinding mislukt, bijvoorbeeld door een verlopen certificaat"),
    (errors.NewConnectionError, "de website weigert de verbinding"),
    (ValueError, "het adres is ongeldig"),
    (object, "de verbinding werd verbroken"),
)


@dataclass(frozen=True)
class ExternalLink:
    """One occurrence of an http(s) link in a page."""

    url: str
    at: tuple[str, int, int]  # where: file as findings show it (e.g. "docs/lessen/x.md"), line, column


@dataclass(frozen=True)
class Options:
    """Tuning of the external check; ``allow`` lists networks allowed besides public addresses (for tests)."""

    timeout: float = 20.0  # the deadline of one link, in seconds: every hop and retry (DNS: the system's own limit)
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


@dataclass
class _Link:
    """Follows one URL hop by hop within its deadline; the sockets it opened, for the watchdog to cut."""

    options: Options
    sleep: Callable[[float], None]
    resolve: Resolve
    manager: PoolManager
    ends: float | None = None  # the deadline, set at the first connection: waiting for a host's free slot is free
    expired: bool = False
    timer: threading.Timer | None = None  # the watchdog: a server trickling bytes resets every per-read timeout
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self, url: str) -> Outcome:
        _CURRENT.link = self
        try:
            return self._follow(url)
        except (DeadlineError, errors.HTTPError, OSError, ValueError) as exc:
            reason = exc.reason if isinstance(exc, errors.MaxRetryError) else exc
            text = next(text for kind, text in _REASONS if isinstance(reason, kind))
            return Outcome(None, text.format(seconds=self.options.timeout))
        finally:  # every connection is closed by now, and with it its duplicate (see _Screened)
            if self.timer is not None:
                self.timer.cancel()

    def _follow(self, url: str) -> Outcome:
        for hop in range(self.options.max_hops + 1):
            try:
                self._screen(url)
                response = self.manager.urlopen(
                    "GET", url, redirect=False, preload_content=False, timeout=Timeout(total=self.remaining())
                )
            except RefusedError as exc:
                return Outcome(None, f"hij stuurt door naar {url}; dat {exc}" if hop else f"hij {exc}", refused=True)
            location = response.get_redirect_location()
            response.close()  # status only (http.client caps the headers): the body is never read
            response.release_conn()
            if self.expired:  # cut off while reading the headers: what arrived may be incomplete
                raise DeadlineError
            if not location:
                return Outcome(response.status)
            url = urljoin(url, location)
        return Outcome(response.status, f"stuurt meer dan {self.options.max_hops} keer door")

    def _screen(self, url: str) -> None:
        """Refuse before connecting what is not http(s) or has an address that is not allowed."""
        parts = parse_url(url)
        if parts.scheme not in port_by_scheme or not parts.host:
            raise RefusedError("is geen http- of https-adres")
        host = parts.host.strip("[]")
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:  # a name: every address it has must be allowed; a failed lookup ends the link
            addresses = self.resolve(host, parts.port or port_by_scheme[parts.scheme])
        if refused := [address for address in addresses if not is_allowed(address, self.options.allow)]:
            raise RefusedError(f"leidt naar {refused[0]}, geen openbaar internetadres")

    def remaining(self) -> float:
        """Seconds left before the deadline; ``DeadlineError`` when there are none."""
        if (left := self.options.timeout if self.ends is None else self.ends - time.monotonic()) <= 0:
            raise DeadlineError
        return left

    def admit(self, sock: socket.socket) -> socket.socket:
        """A watched duplicate of a new connection if the address it reached is allowed and there is time left."""
        address = sock.getpeername()[0]
        with self.lock:
            if is_allowed(address, self.options.allow) and not self.expired:
                if self.timer is None:
                    self.ends = time.monotonic() + self.options.timeout
                    self.timer = threading.Timer(self.options.timeout, self.cut)
                    self.timer.start()
                self.sockets.append(sock.dup())  # a duplicate stays valid when TLS takes over the original
                return self.sockets[-1]
        sock.close()
        raise DeadlineError if self.expired else RefusedError(f"leidt naar {address}, geen openbaar internetadres")

    def cut(self) -> None:
        """The deadline has passed: shut every connection down, which also wakes a blocked read."""
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class _Retry(Retry):
    """urllib3's ``Retry`` that waits with the check's ``sleep`` within the deadline and never reads a body."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if response is not None:  # status only: urllib3 would read ("drain") the body before it retries
            response.close()
            response.release_conn()  # also when we stop below: a pool slot must never be lost
        _CURRENT.link.remaining()  # DeadlineError once the deadline has passed
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        try:  # Retry-After (capped at retry_after_max), else the backoff
            seconds = (response is not None and retry.get_retry_after(response)) or retry.get_backoff_time()
        except errors.InvalidHeader:
            seconds = retry.get_backoff_time()
        if seconds >= _CURRENT.link.remaining():  # no time to wait: the last answer (or error) stands
            raise errors.MaxRetryError(_pool, url, error)  # type: ignore[arg-type]
        if seconds > 0:
            _CURRENT.link.sleep(seconds)
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """Nothing: ``increment`` has waited already, as it knows the deadline."""


class _Screened:
    """A connection that checks the address its socket reached, after every DNS lookup urllib3 made (no rebinding)."""

    watched: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()  # type: ignore[misc]
        self.watched = _CURRENT.link.admit(sock)
        return sock

    def close(self) -> None:
        super().close()  # type: ignore[misc]
        if self.watched:
            self.watched.close()  # else the duplicate would keep the connection open


_POOLS = {  # urllib3's pools, with screened connections
    scheme: type(pool.__name__, (pool,), {"ConnectionCls": type("Screened", (_Screened, pool.ConnectionCls), {})})
    for scheme, pool in pool_classes_by_scheme.items()
}


def is_allowed(address: str, allow: tuple[str, ...] = ()) -> bool:
    """A public address (not private, loopback, link-local, reserved, multicast, unspecified) or one in ``allow``."""
    ip = ipaddress.ip_address(address)
    ip = getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:10.0.0.1 is 10.0.0.1
    public = ip.is_global and not ip.is_multicast and not ip.is_reserved
    return public or any(ip in ipaddress.ip_network(net) for net in allow)


def _resolve(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _fetch_all(urls: list[str], options: Options, sleep: Callable[[float], None], resolve: Resolve) -> list[Outcome]:
    """Each URL's outcome, ``workers`` at a time, through one pool manager (so ``per_host`` holds across links)."""
    retry = _Retry(
        total=options.retries,
        other=0,  # a certificate error does not go away by asking again
        status_forcelist={429, *range(500, 600)},
        backoff_factor=options.backoff,
        retry_after_max=options.max_retry_after,
        raise_on_status=False,
    )
    # Enough pools never to evict one during a run: a thread waiting for a host's free slot waits on its pool.
    pools = max(1, len(urls)) * (options.max_hops + 1)
    manager = PoolManager(pools, {"User-Agent": USER_AGENT}, maxsize=options.per_host, block=True, retries=retry)
    manager.pool_classes_by_scheme = _POOLS
    with manager, ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        return list(pool.map(lambda url: _Link(options, sleep, resolve, manager).fetch(url), urls))


def load_cache(path: Path, now: float) -> dict[str, tuple[Outcome, float]]:
    """Valid cache entries younger than a day: url -> (outcome, when checked). Anything else is ignored."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"].items()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable, not JSON, not the cache's shape
        return {}
    cache = {}
    for url, entry in entries:
        match entry:  # right types, a real HTTP status or an error, checked within the last day and not in the future
            case {"status": None | int() as status, "error": None | str() as error, "checked": float() as checked}:
                real = (status is None or 100 <= status <= 599) and (status, error) != (None, None)
                if real and 0 <= now - checked < CACHE_SECONDS:
                    cache[url] = (Outcome(status, error), checked)
    return cache


def save_cache(path: Path, outcomes: dict[str, tuple[Outcome, float]]) -> None:
    """Write the cache atomically (a temporary file, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = {
        url: {"checked": float(t), "status": o.status, "error": o.error} for url, (o, t) in sorted(outcomes.items())
    }
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": 1, "entries": entries}, indent=1, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def links_in(pages: Iterable[Page]) -> Iterator[ExternalLink]:
    """The http(s) links (not images) of the readable ones of ``pages``."""
    for page in pages:
        for link in all_links(page) if isinstance(page.text, str) else ():
            if link.url.lower().startswith(("http://", "https://")) and "image" not in link.kind:
                yield ExternalLink(link.url, (page.display, *page.at(link.offset)))


def check(
    links: Iterable[ExternalLink],
    cache_path: Path,
    options: Options | None = None,
    *,
    now: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    resolve: Resolve | None = None,
) -> tuple[list[Finding], int]:
    """Findings for broken, unreachable and refused external links, and the number of URLs actually fetched."""
    options, now = options or Options(), time.time() if now is None else now
    where: dict[str, list[ExternalLink]] = {}
    for link in links:
        where.setdefault(link.url.split("#", 1)[0], []).append(link)
    cached = load_cache(cache_path, now)
    to_fetch = [url for url in where if url not in cached]
    fetched = dict(zip(to_fetch, _fetch_all(to_fetch, options, sleep, resolve or _resolve), strict=True))
    # Refusals are not cached: the addresses behind a name change.
    save_cache(cache_path, {**cached, **{url: (o, now) for url, o in fetched.items() if not o.refused}})
    outcomes = {url: outcome for url, (outcome, _checked) in cached.items()} | fetched
    findings = [_finding(link, url, outcomes[url]) for url, at in where.items() if not outcomes[url].ok for link in at]
    return findings, len(to_fetch)


def _finding(link: ExternalLink, url: str, o: Outcome) -> Finding:
    """The Dutch finding for an outcome that is not fine, at one place the link occurs."""
    key = "ext-refused" if o.refused else "ext-unreachable" if o.status is None else "ext-broken"
    return Finding.of(*link.at, key + (":hops" if key == "ext-broken" and o.error else ""), url=url, **vars(o))
