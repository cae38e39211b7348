"""--external against a local HTTP server: 200, 404, 429 with Retry-After, a slow answer, and the cache."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from checker_fixtures.site import content, findings, make_site
from smartcity.checker import external

HITS: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        HITS[self.path] += 1
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/busy" and HITS[self.path] == 1:
            self.send_response(429)
            self.send_header("Retry-After", "1")
        elif self.path == "/busy":
            self.send_response(200)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    HITS.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_external_findings_and_cache(tmp_path: Path, server: str) -> None:
    body = f"# T\n\n[ok]({server}/ok) [weg]({server}/weg) [druk]({server}/busy) [traag]({server}/slow)\n"
    root = make_site(tmp_path, {"lessen/x.md": content(body)})
    cache = tmp_path / ".cache" / "links.json"
    started = time.monotonic()
    status, found = findings(root, "--external", "--cache", str(cache), "--timeout", "0.5")
    assert time.monotonic() - started >= 1.0  # waited for Retry-After
    assert status == 0  # external findings are warnings
    ext = sorted((f["rule"], f["column"]) for f in found if f["rule"].startswith("ext-"))
    assert [rule for rule, _ in ext] == ["ext-broken", "ext-unreachable"]
    assert HITS["/busy"] == 2 and HITS["/ok"] == 1
    assert HITS["/slow"] == 3  # first try and two retries, each timing out
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["entries"][f"{server}/weg"]["status"] == 404
    assert not any((root / "docs").rglob("*.json"))
    before = HITS.copy()
    again_status, again = findings(root, "--external", "--cache", str(cache), "--timeout", "0.5")
    assert before == HITS  # everything came from the cache
    assert (again_status, again) == (status, found)


def test_cache_expires_after_a_day(tmp_path: Path) -> None:
    cache = tmp_path / "c.json"
    external.save_cache(cache, {"https://a.example/": (external.Outcome(404), 1000.0)})
    assert external.load_cache(cache, 1000.0 + 3600) == {"https://a.example/": external.Outcome(404)}
    assert external.load_cache(cache, 1000.0 + 25 * 3600) == {}
    cache.write_text("geen json", encoding="utf-8")
    assert external.load_cache(cache, 0.0) == {}


def test_retry_after_header_values() -> None:
    assert external._retry_after("3", 1.0) == 3.0
    assert external._retry_after(None, 1.0) == 1.0
    assert external._retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) == 0.0


def test_per_host_limit(server: str) -> None:
    fetcher = external.Fetcher(external.Options(per_host=1, retries=0, timeout=5))
    active = []
    original = fetcher._host_slot

    def counting(url: str) -> threading.Semaphore:
        slot = original(url)
        active.append(slot)
        return slot

    fetcher._host_slot = counting  # type: ignore[method-assign]
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetcher.fetch, [f"{server}/slow"] * 2))
    assert all(r.status == 200 for r in results)
    assert time.monotonic() - started >= 3.0  # one at a time: 2 x 1.5 s
    assert len({id(s) for s in active}) == 1
