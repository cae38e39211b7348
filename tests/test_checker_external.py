"""The external-link check: the project's address table, the pre-screen, lychee's JSON turned into findings.

No test leaves this machine: addresses are literals, names go through a fake resolver (or /etc/hosts for
"localhost" and the resolver's numeric forms, which need no DNS), and lychee only talks to servers the tests
start on 127.0.0.1. The fixture ``tests/fixtures/lychee/report.json`` is lychee 0.24.2's real output for
``tests/fixtures/lychee/external-links.html`` against such a server (see ``test_the_fixture_is_lychees_shape``).
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from checker_fixtures.site import content, findings, make_site, run
from smartcity import addresses
from smartcity.checker import external
from smartcity.checker.external import ExternalLink, Prepared
from smartcity.rules import Message

FIXTURES = Path(__file__).parent / "fixtures" / "lychee"
PUBLIC = "8.8.8.8"  # only ever returned by the fake resolver: nothing connects to it


# --- the address table (19.9) ---------------------------------------------------------------------------------


REFUSED_ADDRESSES = [
    "0.0.0.0",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "100.64.0.1",
    "192.0.0.8",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:8.8.8.8",  # IPv4-mapped: no link needs this form, so none is allowed
    "fe80::1",
    "[fe80::1%eth0]",
    "fec0::1",  # site-local
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::808:808",  # local-use NAT64 prefix
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1 (stored inverted)
    "2001:0:a00:1::1",  # Teredo, server 10.0.0.1
    "2001:db8::1",
    "3fff::1",
    "100::1",
    "5f00::1",
    "2001:2::1",
    "2001:10::1",
    "2001:20::1",
    "1234::1",  # outside global unicast
]

PUBLIC_ADDRESSES = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "2606:4700:4700::1111",
    "2a00:1450:4001::1",
    "2002:808:808::1",  # 6to4 of 8.8.8.8
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8 (what DNS64 gives on an IPv6-only network)
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7",  # Teredo, server 65.54.227.120, client 8.8.8.8
]


@pytest.mark.parametrize("address", REFUSED_ADDRESSES)
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert addresses.is_public(address) is False


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_public_addresses_are_allowed(address: str) -> None:
    assert addresses.is_public(address) is True


@pytest.mark.parametrize(
    ("address", "inner"),
    [
        ("2002:7f00:1::1", "127.0.0.1"),
        ("64:ff9b::a00:1", "10.0.0.1"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1"),
    ],
)
def test_the_reason_names_the_ipv4_address_inside(address: str, inner: str) -> None:
    blocked = addresses.blocked_by(ipaddress.IPv6Address(address))
    assert blocked is not None
    assert ipaddress.ip_address(inner) in blocked.network
    assert address in blocked.name


def test_every_row_of_the_table_refuses_its_first_and_last_address() -> None:
    for row in (*addresses.BLOCKED_IPV4, *addresses.BLOCKED_IPV6):
        for edge in (row.network.network_address, row.network.broadcast_address):
            assert addresses.blocked_by(edge) is not None, (row, edge)


def test_what_is_not_an_address_is_not_public() -> None:
    assert addresses.is_public("gemeente.nl") is False
    assert addresses.parse("gemeente.nl") is None
    assert addresses.parse("[2002:a00:1::1]") == ipaddress.IPv6Address("2002:a00:1::1")


# --- the pre-screen ------------------------------------------------------------------------------------------


class FakeResolver:
    """Answers from a table, and remembers every name it was asked (an unknown name does not resolve)."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        return self.answers.get(host, [])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/beheer",
        "https://[2002:7f00:1::1]/",
        "https://[2002:a00:1::1]:8443/x",
        "http://[fec0::1]/",
        "http://[::ffff:7f00:1]/",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "http://[fe80::1%25eth0]/",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_a_link_to_a_written_private_address_is_refused_without_a_lookup(url: str) -> None:
    resolver = FakeResolver({})
    reason = external.screen(url, resolver)
    assert reason is not None and "geen openbaar internetadres" in reason
    assert resolver.asked == []


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://localhost:9/"])
def test_numeric_spellings_and_localhost_are_resolved_and_refused(url: str) -> None:
    # The system resolver reads these without DNS (numeric forms, /etc/hosts), as lychee's URL parser does.
    assert external.screen(url, external.resolve_name) == "leidt naar 127.0.0.1, geen openbaar internetadres"


def test_names_are_resolved_and_every_answer_must_be_public() -> None:
    resolver = FakeResolver(
        {
            "intranet.gemeente.test": ["10.1.2.3"],
            "half.gemeente.test": [PUBLIC, "fd00::1"],
            "zes-naar-vier.gemeente.test": ["2002:a00:1::1"],
            "publiek.gemeente.test": [PUBLIC, "2606:4700::1111"],
        }
    )
    assert "10.1.2.3" in (external.screen("https://intranet.gemeente.test/", resolver) or "")
    assert "fd00::1" in (external.screen("https://half.gemeente.test/", resolver) or "")
    assert "2002:a00:1::1" in (external.screen("https://zes-naar-vier.gemeente.test/", resolver) or "")
    assert external.screen("https://publiek.gemeente.test/pagina", resolver) is None
    # A name that does not resolve is left to lychee, which reports it as unreachable.
    assert external.screen("https://bestaat-niet.gemeente.test/", resolver) is None


def test_a_name_that_cannot_be_looked_up_is_refused_not_passed_on() -> None:
    # Python's IDNA codec refuses an empty label; lychee's URL parser might read the name differently.
    resolver = FakeResolver({})
    assert external.screen("https://a..gemeente.test/", resolver) == external.UNREADABLE_NAME
    assert resolver.asked == []


@pytest.mark.parametrize("url", ["ftp://gemeente.test/", "http://gemeente.test:poort/", "http:///pad"])
def test_what_is_not_a_web_address_is_refused(url: str) -> None:
    assert external.screen(url, FakeResolver({})) == external.NOT_WEB


def test_prepare_groups_places_by_url_and_keeps_refusals_out_of_lychees_input() -> None:
    links = [
        ExternalLink("https://publiek.gemeente.test/a#kop", ("docs/lessen/a.md", 3, 1)),
        ExternalLink("https://publiek.gemeente.test/a", ("docs/lessen/b.md", 7, 5)),
        ExternalLink("http://10.0.0.1/", ("docs/lessen/b.md", 9, 1)),
    ]
    prepared = external.prepare(links, FakeResolver({"publiek.gemeente.test": [PUBLIC]}))
    assert list(prepared.places) == ["https://publiek.gemeente.test/a", "http://10.0.0.1/"]
    assert len(prepared.places["https://publiek.gemeente.test/a"]) == 2
    assert prepared.to_check == ["https://publiek.gemeente.test/a"]
    assert Prepared.from_json(prepared.to_json()) == prepared
    refused = external.findings_from(prepared, None)
    assert [(f.path, f.line, f.rule) for f in refused] == [("docs/lessen/b.md", 9, "ext-refused")]
    assert "10.0.0.1" in refused[0].message


# --- lychee's JSON report --------------------------------------------------------------------------------------


def fixture_urls() -> list[str]:
    text = (FIXTURES / "external-links.html").read_text(encoding="utf-8")
    return re.findall(r'href="([^"]+)"', text)


def fixture_report() -> dict:
    return json.loads((FIXTURES / "report.json").read_text(encoding="utf-8"))


def test_the_fixture_is_lychees_shape() -> None:
    # The keys of lychee's own test of its JSON formatter (lychee-bin/src/formatters/stats/json.rs at the tag
    # lychee-v0.24.2), less host_stats, which lychee writes only with --host-stats.
    report = fixture_report()
    assert list(report) == [
        "total",
        "unique",
        "successful",
        "unknown",
        "unsupported",
        "timeouts",
        "redirects",
        "remaps",
        "excludes",
        "errors",
        "cached",
        "success_map",
        "error_map",
        "timeout_map",
        "suggestion_map",
        "redirect_map",
        "excluded_map",
        "duration",
        "detailed_stats",
    ]
    assert report["detailed_stats"] is True  # lychee.toml's verbose = "info": successes and redirects are listed
    # Our input writer makes exactly the input lychee read for the fixture: line N is the N-th URL.
    urls = fixture_urls()
    assert external.lychee_input(urls) == (FIXTURES / "external-links.html").read_text(encoding="utf-8")
    for entry in external.report_entries(report):
        assert urls[entry["span"]["line"] - 1] == entry["url"]


def outcomes_by_path(resolver: FakeResolver) -> dict[str, external.Outcome]:
    urls = fixture_urls()
    found = external.outcomes(fixture_report(), urls, resolver, max_redirects=5)
    return {url.rsplit("/", 1)[1]: outcome for url, outcome in found.items()}


def test_each_result_of_lychee_becomes_the_right_finding() -> None:
    found = outcomes_by_path(FakeResolver({"localhost": [PUBLIC]}))
    assert found["ok"] == external.FINE
    assert found["moved"] == external.FINE  # redirected to a public address
    assert found["missing"] == external.Outcome(Message.EXT_BROKEN, status=404)
    assert found["down"] == external.Outcome(Message.EXT_BROKEN, status=503)
    assert found["loop"].key == Message.EXT_BROKEN_HOPS
    assert found["loop"].error == "stuurt meer dan 5 keer door"
    assert found["slow"] == external.Outcome(Message.EXT_UNREACHABLE, error="geen antwoord binnen de wachttijd")
    assert found["closed"] == external.Outcome(Message.EXT_UNREACHABLE, error="de website weigert de verbinding")


def test_a_redirect_to_a_private_address_is_refused() -> None:
    found = outcomes_by_path(FakeResolver({"localhost": ["127.0.0.1"]}))
    assert found["moved"].key == Message.EXT_REFUSED
    assert found["moved"].error == (
        "hij stuurt door naar http://localhost:8765/ok; dat leidt naar 127.0.0.1, geen openbaar internetadres"
    )


def test_findings_name_every_place_of_a_broken_url_in_dutch() -> None:
    urls = fixture_urls()
    missing = next(url for url in urls if url.endswith("/missing"))
    places = {url: [ExternalLink(url, ("docs/lessen/a.md", 4, 2))] for url in urls}
    places[missing].append(ExternalLink(missing, ("docs/lessen/b.md", 10, 1)))
    prepared = Prepared(places, {})
    result = external.findings_from(prepared, fixture_report(), resolve=FakeResolver({"localhost": [PUBLIC]}))
    broken = [f for f in result if missing in f.message]
    assert [(f.path, f.line, f.column, f.rule) for f in broken] == [
        ("docs/lessen/a.md", 4, 2, "ext-broken"),
        ("docs/lessen/b.md", 10, 1, "ext-broken"),
    ]
    assert "foutcode 404" in broken[0].message
    assert {f.rule for f in result} == {"ext-broken", "ext-unreachable"}
    assert len(result) == 6  # ok and moved are fine; missing twice, down, loop, slow, closed


def test_an_entry_without_a_line_is_matched_by_its_url() -> None:
    entry = {
        "url": "https://publiek.gemeente.test/weg",
        "status": {"text": "Rejected status code: 410 Gone", "code": 410},
    }
    report = {"error_map": {"stdin": [entry]}}
    found = external.outcomes(report, ["https://publiek.gemeente.test/weg"], FakeResolver({}), max_redirects=5)
    assert found == {"https://publiek.gemeente.test/weg": external.Outcome(Message.EXT_BROKEN, status=410)}


def test_a_report_that_is_not_lychees_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lychee.json"
    path.write_text('{"total": 0}', encoding="utf-8")
    with pytest.raises(external.LycheeError, match="verwachte vorm"):
        external.read_report(path)
    path.write_text("niet json", encoding="utf-8")
    with pytest.raises(external.LycheeError, match="onleesbaar"):
        external.read_report(path)


def test_without_lychee_the_message_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(external, "find_lychee", lambda: None)
    with pytest.raises(external.LycheeError, match=r"requirements-links\.txt"):
        external.run_lychee(["https://publiek.gemeente.test/"], tmp_path)


def test_external_without_lychee_says_so_in_dutch_and_exits_2(tmp_path: Path, monkeypatch) -> None:
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing may be started or contacted in this test")

    monkeypatch.setattr(external, "find_lychee", lambda: None)
    monkeypatch.setattr(external.subprocess, "run", no_process)
    root = make_site(tmp_path / "site", {"lessen/links.md": content("# Links\n\n[openbaar](http://8.8.8.8/)\n")})
    status, _out, err = run(root, "--external", "--cache", str(tmp_path / "cache"))
    assert status == 2
    assert "lychee is niet geïnstalleerd" in err and "requirements-links.txt" in err


# --- lychee itself, against servers on 127.0.0.1 ----------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_config(tmp_path: Path, exclude_private: bool) -> Path:
    """The repository's lychee.toml, with one retry-free, short-timeout change for tests."""
    text = external.LYCHEE_CONFIG.read_text(encoding="utf-8")
    text = text.replace("max_retries = 2", "max_retries = 0").replace("timeout = 20", "timeout = 5")
    if not exclude_private:
        text = text.replace("exclude_all_private = true", "exclude_all_private = false")
    path = tmp_path / "lychee.toml"
    path.write_text(text, encoding="utf-8")
    return path


test_config.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def test_lychee_checks_the_links_and_the_report_reads_its_json(tmp_path: Path, server) -> None:
    base = f"http://127.0.0.1:{server.server_port}"
    urls = [f"{base}/ok", f"{base}/missing", f"{base}/moved"]
    config = test_config(tmp_path, exclude_private=False)
    report = external.run_lychee(urls, tmp_path / "work", config=config)
    places = {url: [ExternalLink(url, ("docs/lessen/a.md", n, 1))] for n, url in enumerate(urls, start=1)}
    result = external.findings_from(Prepared(places, {}), report, resolve=FakeResolver({}), config=config)
    by_line = {f.line: f for f in result}
    assert by_line[2].rule == "ext-broken" and "404" in by_line[2].message
    # lychee followed the redirect to 127.0.0.1 (it does not screen redirects); the report refuses it.
    assert by_line[3].rule == "ext-refused" and f"{base}/ok" in by_line[3].message
    assert 1 not in by_line
    assert (tmp_path / "work" / ".lycheecache").exists()  # the cache lives in the work folder


def test_lychees_own_exclusion_stops_written_loopback_but_not_an_ipv4_mapped_form(tmp_path: Path, server) -> None:
    # Why the pre-screen exists: with the project's settings, lychee skips http://127.0.0.1:… but fetches
    # http://[::ffff:127.0.0.1]:… . If a new lychee stops this, the pre-screen may become simpler.
    port = server.server_port
    config = test_config(tmp_path, exclude_private=True)
    external.run_lychee(
        [f"http://127.0.0.1:{port}/ok", f"http://[::ffff:127.0.0.1]:{port}/mapped"], tmp_path, config=config
    )
    assert server.paths == ["/mapped"]


def test_external_refuses_private_links_before_anything_connects(tmp_path: Path, server) -> None:
    port = server.server_port
    body = (
        "# Links\n\n"
        f"[een](http://127.0.0.1:{port}/een) [twee](http://[::ffff:127.0.0.1]:{port}/twee) "
        f"[drie](http://localhost:{port}/drie) [vier](http://[2002:7f00:1::1]:{port}/vier)\n"
    )
    root = make_site(tmp_path / "site", {"lessen/links.md": content(body)})
    _status, rows = findings(root, "--external", "--cache", str(tmp_path / "cache"))
    refused = [row for row in rows if row["rule"] == "ext-refused"]
    assert len(refused) == 4
    assert all(row["path"].endswith("lessen/links.md") and row["severity"] == "warning" for row in refused)
    assert server.paths == []
