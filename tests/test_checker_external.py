"""--external against local HTTP servers: statuses, retries, redirects, address screening, the deadline, the cache.

The code under test never sleeps here: retries wait through a fake ``sleep`` that only records. Real
time passes only where it is the point: the deadline tests (half a second each), the pace of a server
that trickles bytes, and 0.3 s in which a request over the per-host limit must not arrive. The servers
listen on 127.0.0.1 (and 127.0.0.2), which the production policy refuses, so most tests allow exactly
127.0.0.1/32 as the stand-in for "a public address".
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from smartcity.checker import external
from smartcity.checker.external import ExternalLink, Options, Outcome
from smartcity.checker.findings import Finding

LOCAL = ("127.0.0.1/32",)  # the test servers' address counts as public; every other private address is refused
BIG = 64  # MiB: more than the kernel buffers of both ends hold, so a body read to the end is noticed


@dataclass
class Server:
    """A local HTTP server whose handler records what it was asked and how it ended."""

    host: str
    scheme: str = "http"
    hits: Counter[str] = field(default_factory=Counter)
    stop: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    cond: threading.Condition = field(default_factory=threading.Condition)
    active: int = 0
    peak: int = 0
    bodies: list[str] = field(default_factory=list)  # "sent" or "cut off", per big body
    port: int = 0

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"


class Handler(BaseHTTPRequestHandler):
    """Routes on the first path segment: /ok, /hop/3, /to?url=…, /flaky?fail=2, … (see ROUTES)."""

    def do_GET(self) -> None:
        state: Server = self.server.state  # type: ignore[attr-defined]
        path, _, query = self.path.partition("?")
        state.hits[path] += 1
        _, route, *rest = path.split("/")
        ROUTES.get(route, lambda *_: self.answer(404))(self, state, state.hits[path], parse_qs(query), rest)

    def answer(self, status: int, **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


Route = Callable[[Handler, Server, int, dict[str, list[str]], list[str]], None]


def _hop(handler: Handler, state: Server, hits: int, query: dict, rest: list[str]) -> None:
    left = int(rest[0])
    handler.answer(302, Location=f"/hop/{left - 1}") if left else handler.answer(200)


def _hold(handler: Handler, state: Server, hits: int, query: dict, rest: list[str]) -> None:
    with state.cond:
        state.active += 1
        state.peak = max(state.peak, state.active)
        state.cond.notify_all()
    state.release.wait(5)
    with state.cond:
        state.active -= 1  # before answering: the client holds its slot until it has read the answer
    handler.answer(200)


def _trickle(handler: Handler, state: Server, hits: int, query: dict, rest: list[str]) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    while not state.stop.wait(0.05):  # a header line every 50 ms: no single read ever times out
        try:
            handler.wfile.write(b"X-Slow: 1\r\n")
        except OSError:
            return


def _big(handler: Handler, state: Server, hits: int, query: dict, rest: list[str]) -> None:
    """The status asked for, then a 200, each with a body of BIG MiB; records whether the body got through."""
    handler.send_response(int(query["status"][0]) if hits == 1 else 200)
    handler.send_header("Content-Length", str(BIG << 20))
    handler.end_headers()
    try:
        for _ in range(BIG):
            handler.wfile.write(bytes(1 << 20))
        outcome = "sent"
    except OSError:
        outcome = "cut off"
    with state.cond:
        state.bodies.append(outcome)
        state.cond.notify_all()


ROUTES: dict[str, Route] = {
    "ok": lambda h, s, n, q, r: h.answer(200),
    "flaky": lambda h, s, n, q, r: h.answer(503 if n <= int(q["fail"][0]) else 200),
    "busy": lambda h, s, n, q, r: h.answer(429, Retry_After=q["after"][0]) if n == 1 else h.answer(200),
    "to": lambda h, s, n, q, r: h.answer(302, Location=q["url"][0]),
    "stall": lambda h, s, n, q, r: s.stop.wait(),
    "hop": _hop,
    "hold": _hold,
    "trickle": _trickle,
    "big": _big,
}


def _serve(host: str, tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    state = Server(host, "https" if tls else "http")
    httpd = ThreadingHTTPServer((host, 0), Handler)
    if tls:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    httpd.state = state  # type: ignore[attr-defined]
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    state.stop.set()
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from _serve("127.0.0.1")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command) and its key."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    request = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1"
    extension = ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(["openssl", *request.split(), *extension, "-keyout", str(key), "-out", str(cert)], check=True)
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    """The same server over HTTPS, with its certificate trusted (OpenSSL reads SSL_CERT_FILE)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    yield from _serve("127.0.0.1", context)


@pytest.fixture
def other() -> Iterator[Server]:
    yield from _serve("127.0.0.2")  # a second loopback address (Linux answers on all of 127/8)


@dataclass
class Run:
    findings: list[Finding]
    fetched: int
    sleeps: list[float]
    seconds: float

    def rules(self) -> dict[str, str]:
        return {f.message.split('"')[1]: f.rule for f in self.findings}

    def message(self) -> str:
        assert len(self.findings) == 1, self.findings
        return self.findings[0].message


def run(tmp_path: Path, *urls: str, resolve: Callable | None = None, **options: object) -> Run:
    """Check ``urls`` (one link each on docs/lessen/x.md, line = position) with a fake sleep."""
    links = [ExternalLink(url, ("docs/lessen/x.md", line, 5)) for line, url in enumerate(urls, start=1)]
    sleeps: list[float] = []
    settings = Options(**{"allow": LOCAL, "timeout": 5.0, **options})  # type: ignore[arg-type]
    started = time.monotonic()
    found, fetched = external.check(links, tmp_path / "cache.json", settings, sleep=sleeps.append, resolve=resolve)
    return Run(found, fetched, sleeps, time.monotonic() - started)


# --- statuses and retries ---------------------------------------------------------------


def test_ok_and_not_found(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/ok"), server.url("/missing"), server.url("/ok#anker"))
    assert result.fetched == 2  # the fragment is not part of the URL
    [finding] = result.findings
    assert (finding.path, finding.line, finding.column, finding.rule) == ("docs/lessen/x.md", 2, 5, "ext-broken")
    assert "geeft foutcode 404" in finding.message and server.url("/missing") in finding.message
    assert server.hits == Counter({"/ok": 1, "/missing": 1})
    assert result.sleeps == []


def test_server_errors_are_retried_with_backoff(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/flaky?fail=2"), retries=2, backoff=0.5)
    assert result.findings == []
    assert server.hits["/flaky"] == 3
    assert result.sleeps == [1.0]  # urllib3: no wait before the first retry, then backoff * 2**1


def test_a_server_error_that_stays_is_reported(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/flaky?fail=9"), retries=2)
    assert "foutcode 503" in result.message()
    assert result.findings[0].rule == "ext-broken"
    assert server.hits["/flaky"] == 3


def test_retry_after_is_honoured_but_capped(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/busy?after=3600"), max_retry_after=7, timeout=10.0)
    assert result.findings == []
    assert result.sleeps == [7]
    assert server.hits["/busy"] == 2


def test_retry_after_past_the_deadline_gives_the_answer_at_once(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/busy?after=30"), max_retry_after=60, timeout=5.0)
    assert "foutcode 429" in result.message()
    assert result.sleeps == []
    assert server.hits["/busy"] == 1


def test_bodies_are_never_read(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/big?status=503"))  # a 503 with a big body (retried), then a 200 with one
    assert result.findings == []
    with server.cond:
        assert server.cond.wait_for(lambda: len(server.bodies) == 2, timeout=10)
    assert server.bodies == ["cut off", "cut off"]


# --- redirects and address screening --------------------------------------------------------


def test_redirects_are_followed_hop_by_hop(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/hop/3"), server.url(f"/to?url={server.url('/missing')}"))
    assert [f.line for f in result.findings] == [2]  # the chain ending in a 404 is broken, the other fine
    assert "foutcode 404" in result.message()
    assert [server.hits[f"/hop/{n}"] for n in range(4)] == [1, 1, 1, 1]


def test_too_many_hops(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url("/hop/9"), max_hops=3)
    assert result.findings[0].rule == "ext-broken"
    assert "stuurt meer dan 3 keer door" in result.message()
    assert sum(server.hits.values()) == 4  # the first request and three hops, no more


def test_private_addresses_are_refused_by_default(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.setblocking(False)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        result = run(tmp_path, url, "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/", "http://224.0.0.1/", allow=())
        with pytest.raises(BlockingIOError):
            listener.accept()  # refused before connecting
    assert set(result.rules().values()) == {"ext-refused"}
    assert len(result.findings) == 4
    assert result.fetched == 4
    assert "127.0.0.1, geen openbaar internetadres" in result.findings[0].message


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff0e::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:93.184.215.14", True),
    ],
)
def test_address_policy(address: str, allowed: bool) -> None:
    assert external.is_allowed(address) is allowed


def test_redirect_to_a_private_address_is_refused(tmp_path: Path, server: Server, other: Server) -> None:
    names = {"intranet.test": ["10.1.2.3"]}
    result = run(
        tmp_path,
        server.url(f"/to?url={other.url('/ok')}"),
        server.url(f"/to?url=http://intranet.test:{other.port}/ok"),
        server.url("/to?url=file:///etc/passwd"),
        resolve=lambda host, port: names[host],
    )
    assert [f.rule for f in result.findings] == ["ext-refused"] * 3
    assert "leidt naar 127.0.0.2, geen openbaar internetadres" in result.findings[0].message
    assert "leidt naar 10.1.2.3" in result.findings[1].message
    assert "geen http- of https-adres" in result.findings[2].message
    assert other.hits == Counter()  # nothing reached the private server
    assert server.hits["/to"] == 3


def test_dns_rebinding_is_refused_on_the_connected_socket(tmp_path: Path, server: Server) -> None:
    asked: list[tuple[str, int]] = []

    def public_answer(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["93.184.215.14"]  # the lookup before the request says "public"; the connection goes to loopback

    result = run(tmp_path, f"http://localhost:{server.port}/ok", resolve=public_answer, allow=())
    assert asked == [("localhost", server.port)]
    assert result.findings[0].rule == "ext-refused"
    assert "geen openbaar internetadres" in result.message()
    assert server.hits == Counter()  # the request was never sent


# --- the deadline -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/stall", "/trickle"])
def test_one_deadline_for_the_whole_request(tmp_path: Path, server: Server, path: str) -> None:
    result = run(tmp_path, server.url(path), timeout=0.5, retries=3)
    assert result.findings[0].rule == "ext-unreachable"
    assert "geen antwoord binnen 0.5 seconden" in result.message()
    assert 0.45 <= result.seconds < 1.5


def test_the_deadline_covers_every_hop(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, server.url(f"/to?url={server.url('/stall')}"), timeout=0.5)
    assert "geen antwoord binnen 0.5 seconden" in result.message()
    assert 0.45 <= result.seconds < 1.5
    assert server.hits["/to"] == 1


def test_a_request_cut_off_gives_its_slot_back(tmp_path: Path, server: Server) -> None:
    done: list[Run] = []
    urls = [server.url("/trickle"), server.url("/ok")]  # one at a time, through the host's only slot
    worker = threading.Thread(
        target=lambda: done.append(run(tmp_path, *urls, timeout=0.5, per_host=1, workers=1)), daemon=True
    )
    worker.start()
    worker.join(5)
    assert done, "the second request never got the host's slot"
    assert [f.rule for f in done[0].findings] == ["ext-unreachable"]
    assert server.hits["/ok"] == 1


@contextlib.contextmanager
def tls_listener(mode: str) -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on 127.0.0.1 for https:// URLs; per connection it records what it received, after it
    trickles a TLS handshake (``trickle``), answers in plain HTTP (``plain``) or just listens (``listen``)."""
    stop, received = threading.Event(), []
    server = socket.create_server(("127.0.0.1", 0))

    def answer(conn: socket.socket) -> None:
        chunks: list[bytes] = []
        with contextlib.suppress(OSError):  # the client cutting the connection ends it too
            if mode == "trickle":
                conn.sendall(b"\x16\x03\x03\x40\x00")  # a 16 KiB handshake record, then a byte every 50 ms
                while not stop.wait(0.05):
                    conn.sendall(b"\x02")
            if mode == "plain":
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
                conn.shutdown(socket.SHUT_WR)
            chunks.extend(iter(lambda: conn.recv(4096), b""))
        received.append(b"".join(chunks))

    def serve() -> None:
        server.settimeout(0.05)  # to notice ``stop`` between connections
        while not stop.is_set():
            with contextlib.suppress(TimeoutError), server.accept()[0] as conn:
                answer(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join(5)
    server.close()


def test_the_deadline_covers_the_tls_handshake(tmp_path: Path) -> None:
    with tls_listener("trickle") as (port, _):
        result = run(tmp_path, f"https://127.0.0.1:{port}/", timeout=0.5)
    assert "geen antwoord binnen 0.5 seconden" in result.message()
    assert 0.45 <= result.seconds < 1.5


def test_https(tmp_path: Path, tls_server: Server) -> None:
    result = run(tmp_path, tls_server.url("/ok"), tls_server.url("/missing"), tls_server.url("/hop/2"))
    assert [(f.line, f.rule) for f in result.findings] == [(2, "ext-broken")]
    assert tls_server.hits == Counter({"/ok": 1, "/missing": 1, "/hop/2": 1, "/hop/1": 1, "/hop/0": 1})


def test_the_deadline_holds_over_https(tmp_path: Path, tls_server: Server) -> None:
    # After the handshake the TLS socket has taken over the connection: the watchdog must still reach it.
    result = run(tmp_path, tls_server.url("/trickle"), timeout=0.5)
    assert "geen antwoord binnen 0.5 seconden" in result.message()
    assert 0.45 <= result.seconds < 1.5


def test_dns_rebinding_over_https_sends_nothing(tmp_path: Path) -> None:
    with tls_listener("listen") as (port, received):
        result = run(tmp_path, f"https://localhost:{port}/", resolve=lambda host, port: ["93.184.215.14"], allow=())
        assert result.findings[0].rule == "ext-refused"
    assert received == [b""]  # connected, then closed before the TLS handshake began


def test_a_tls_failure_is_not_retried(tmp_path: Path) -> None:
    with tls_listener("plain") as (port, received):
        result = run(tmp_path, f"https://127.0.0.1:{port}/", retries=2)
    assert "de beveiligde verbinding mislukt" in result.message()
    assert len(received) == 1  # one attempt: asking again does not repair a certificate or a protocol


# --- unreachable ------------------------------------------------------------------------------------


def test_unreachable_host(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    result = run(tmp_path, f"http://127.0.0.1:{port}/", retries=2, backoff=0.5)
    assert result.findings[0].rule == "ext-unreachable"
    assert "de website weigert de verbinding" in result.message()
    assert result.sleeps == [1.0]


def test_unknown_name(tmp_path: Path) -> None:
    def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    result = run(tmp_path, "https://bestaat-niet.test/", resolve=no_such_name)
    assert result.findings[0].rule == "ext-unreachable"
    assert "de naam van de website bestaat niet" in result.message()


# --- politeness ---------------------------------------------------------------------------------------


def test_at_most_per_host_requests_at_a_time(tmp_path: Path, server: Server) -> None:
    done: list[Run] = []
    urls = [server.url(f"/hold/{n}") for n in range(4)]
    worker = threading.Thread(target=lambda: done.append(run(tmp_path, *urls, per_host=2, workers=4)), daemon=True)
    worker.start()
    with server.cond:
        assert server.cond.wait_for(lambda: server.active == 2, timeout=5)
        assert not server.cond.wait_for(lambda: server.active > 2, timeout=0.3)  # the others wait for a slot
    server.release.set()
    worker.join(10)
    assert done and done[0].findings == []
    assert server.peak == 2
    assert sum(server.hits.values()) == 4


# --- the cache ------------------------------------------------------------------------------------------------


def test_the_cache_answers_within_a_day(tmp_path: Path, server: Server) -> None:
    urls = (server.url("/ok"), server.url("/missing"))
    first = run(tmp_path, *urls)
    second = run(tmp_path, *urls)
    assert (first.fetched, second.fetched) == (2, 0)
    assert second.findings == first.findings and len(first.findings) == 1
    assert sum(server.hits.values()) == 2
    data = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))
    assert data["entries"][server.url("/missing")]["status"] == 404
    assert [p.name for p in tmp_path.iterdir()] == ["cache.json"]  # the temporary file was renamed


def test_cache_entries_that_cannot_be_right_are_ignored(tmp_path: Path, server: Server) -> None:
    now = time.time()
    good = {"checked": now - 3600, "status": 404, "error": None}
    bad = [
        {"checked": now + 3600, "status": 404, "error": None},  # in the future
        {"checked": now - 2 * 86400, "status": 404, "error": None},  # older than a day
        {"checked": str(now), "status": 404, "error": None},
        {"checked": now, "status": "404", "error": None},
        {"checked": now, "status": True, "error": None},
        {"checked": now, "status": 99, "error": None},
        {"checked": now, "status": None, "error": 3},
        {"checked": now, "status": None, "error": None},
        {"checked": float("nan"), "status": 404, "error": None},
        ["not", "an", "entry"],
    ]
    urls = [server.url(f"/ok?n={n}") for n in range(len(bad) + 1)]
    entries = {urls[0]: good} | {url: entry for url, entry in zip(urls[1:], bad, strict=True)}
    (tmp_path / "cache.json").write_text(json.dumps({"version": 1, "entries": entries}), encoding="utf-8")
    result = run(tmp_path, *urls)
    assert result.fetched == len(bad)  # everything but the good entry was fetched again
    assert [f.line for f in result.findings] == [1]  # the good entry's 404 came from the cache
    assert server.hits["/ok"] == len(bad)


@pytest.mark.parametrize("text", ["geen json", "[]", '{"entries": []}', '{"entries": null}', ""])
def test_an_unreadable_cache_is_ignored(tmp_path: Path, text: str) -> None:
    cache = tmp_path / "c.json"
    cache.write_text(text, encoding="utf-8")
    assert external.load_cache(cache, 0.0) == {}
    external.save_cache(cache, {"https://a.example/": (Outcome(404), 10.0)})
    assert external.load_cache(cache, 20.0) == {"https://a.example/": (Outcome(404), 10.0)}


def test_refusals_are_not_cached(tmp_path: Path) -> None:
    run(tmp_path, "http://10.0.0.1/", allow=())
    assert json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))["entries"] == {}


def test_a_hostile_url_is_a_finding_not_a_crash(tmp_path: Path, server: Server) -> None:
    result = run(tmp_path, "http://[::1/", server.url("/to?url=http://%zz:99999/"))
    assert {f.rule for f in result.findings} <= {"ext-unreachable", "ext-refused"}
    assert len(result.findings) == 2
