"""``--external`` and the weekly link check: links to other websites, checked by lychee, reported in Dutch.

lychee (pinned in ``requirements-links.txt``, settings in ``lychee.toml``) does the HTTP work: requests with
retries and a timeout, a redirect limit, a per-host limit, a one-day cache and a JSON report. This module only
does what lychee cannot do:

- It finds the links as the checker sees them (``links.all_links``), with file, line and column for each place.
- It screens every link's host before lychee runs. lychee's ``exclude_all_private`` looks only at an address
  written in the link and at the exact name ``localhost`` (``lychee-lib/src/filter/mod.rs``: ``is_ip_excluded``,
  ``is_host_excluded``); it resolves no name and knows no IPv6 form that carries an IPv4 address. Measured with
  lychee 0.24.2 and this repository's ``lychee.toml``: ``http://[::ffff:127.0.0.1]:8765/ok`` was fetched (200 from
  a server on 127.0.0.1) and ``http://localhost.:8765/ok`` was not excluded. So every name is resolved here and
  every address, written or resolved, must pass ``smartcity.addresses`` (the project's own table).
- It screens the redirects lychee reports. lychee follows redirects without its exclusion filter
  (``client.rs``: ``redirect_policy`` only counts hops), so a redirect to a private address is reported as
  ``ext-refused`` after the fact: unlike the former urllib3 client, lychee has made that request by then (what
  reaches the report is a status code, never content).
- What stays open: lychee resolves each name again when it connects, so a name whose answer changes between our
  lookup and lychee's (DNS rebinding) is not caught; and lychee's cache keeps a link's final status without its
  redirects, so a run within a day of the first sees a refused redirect as fine (the weekly run has no cache).
- It turns lychee's JSON report into the checker's findings (``ext-broken``, ``ext-unreachable``, ``ext-refused``),
  so ``--external`` and the weekly issue say the same, in Dutch.
"""

from __future__ import annotations

import html
import json
import shutil
import socket
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import addresses
from ..findings import Finding
from ..model import REPO_ROOT
from ..rules import Message
from ..texts import Text, text
from .links import all_links
from .page import Page

LYCHEE_CONFIG = REPO_ROOT / "lychee.toml"
LYCHEE_INPUT = "external-links.html"
LYCHEE_REPORT = "lychee.json"
# lychee's exit status: 0 all links fine, 2 some links failed; anything else means it could not run.
LYCHEE_CHECKED = (0, 2)
# The whole lychee run may take this long (a link: 20 s per request, 3 requests, 5 redirects; 16 at a time).
LYCHEE_RUN_SECONDS = 45 * 60
Resolve = Callable[[str], list[str]]

# Why a link could not be checked (a Dutch text), by a word in lychee's English error details: the first that fits.
UNREACHABLE_REASONS = (
    (("timeout", "timed out"), Text.LINKS_UNREACHABLE_TIMEOUT),
    (("dns", "resolve"), Text.LINKS_UNREACHABLE_NAME),
    (("certificate", "tls", "ssl"), Text.LINKS_UNREACHABLE_CERTIFICATE),
    (("connection refused",), Text.LINKS_UNREACHABLE_REFUSED),
    (("invalid",), Text.LINKS_UNREACHABLE_INVALID),
)
# The two fixed reasons screen() gives, by name for the code and tests that compare with them.
NOT_WEB = text(Text.LINKS_NOT_WEB)
UNREADABLE_NAME = text(Text.LINKS_UNREADABLE_NAME)


class LycheeError(Exception):
    """lychee is missing or could not run; the message says so in Dutch."""


@dataclass(frozen=True)
class ExternalLink:
    """One occurrence of an http(s) link in a page."""

    url: str
    at: tuple[str, int, int]  # where: the file as findings show it (e.g. "docs/lessen/x.md"), line, column


@dataclass(frozen=True)
class Outcome:
    """What became of one URL: fine, or the message key and its fill-ins."""

    key: Message | None
    status: int | None = None
    error: str = ""


FINE = Outcome(None)


def links_in(pages: Iterable[Page]) -> Iterator[ExternalLink]:
    """The http(s) links (not images) of the readable ones of ``pages``."""
    for page in pages:
        if not isinstance(page.text, str):
            continue
        for link in all_links(page):
            is_web = link.url.lower().startswith(("http://", "https://"))
            if is_web and "image" not in link.kind:
                yield ExternalLink(link.url, (page.display, *page.at(link.offset)))


def by_url(links: Iterable[ExternalLink]) -> dict[str, list[ExternalLink]]:
    """Each URL without its fragment (checked once), with every place it occurs, in order of first occurrence."""
    places: dict[str, list[ExternalLink]] = {}
    for link in links:
        url = link.url.split("#", 1)[0]
        places.setdefault(url, []).append(link)
    return places


def resolve_name(host: str) -> list[str]:
    """The addresses the system resolver gives for ``host``; empty when the name does not resolve."""
    try:
        answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [answer[4][0] for answer in answers]


def host_of(url: str) -> str | None:
    """The host of an http(s) URL (lower case, no brackets), None when the URL has none or is not http(s)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    return parts.hostname or None


def encodes_as_idna(host: str) -> bool:
    """True when Python can turn the name into its ASCII form (what the resolver is asked)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


def screen(url: str, resolve: Resolve) -> str | None:
    """Why the check must not connect to ``url`` (a Dutch fragment), or None when it may."""
    host = host_of(url)
    if host is None:
        return NOT_WEB
    written = addresses.parse(host)
    if written is None and not encodes_as_idna(host):
        return UNREADABLE_NAME
    found = resolve(host) if written is None else [str(written)]
    for address in found:
        if not addresses.is_public(address):
            return text(Text.LINKS_NOT_PUBLIC, address=address)
    return None


def screen_all(urls: Iterable[str], resolve: Resolve, workers: int = 8) -> dict[str, str]:
    """URL -> why it is refused, for the refused ones of ``urls``; names are resolved ``workers`` at a time."""
    unique = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(lambda url: screen(url, resolve), unique))
    return {url: verdict for url, verdict in zip(unique, verdicts, strict=True) if verdict is not None}


def lychee_input(urls: Iterable[str]) -> str:
    """lychee's input: one HTML link per line, so that a result's line number says which URL it is."""
    lines = [f'<a href="{html.escape(url, quote=True)}">{index}</a>' for index, url in enumerate(urls, start=1)]
    return "\n".join(lines) + "\n"


def find_lychee() -> str | None:
    """The lychee command next to the running Python (the project's .venv), else on PATH."""
    beside = Path(sys.executable).parent / "lychee"
    if beside.exists():
        return str(beside)
    return shutil.which("lychee")


def lychee_command(lychee: str, input_path: Path, report_path: Path, config: Path = LYCHEE_CONFIG) -> list[str]:
    """The lychee command line; the settings themselves are in ``lychee.toml``."""
    return [lychee, "--config", str(config), "--format", "json", "--output", str(report_path), str(input_path)]


def run_lychee(
    urls: list[str],
    workdir: Path,
    *,
    lychee: str | None = None,
    config: Path = LYCHEE_CONFIG,
    seconds: float = LYCHEE_RUN_SECONDS,
) -> dict[str, Any]:
    """lychee's JSON report on ``urls``; lychee runs in ``workdir``, where it also keeps its cache (.lycheecache)."""
    command_name = lychee or find_lychee()
    if command_name is None:
        raise LycheeError(text(Text.LINKS_LYCHEE_MISSING))
    workdir.mkdir(parents=True, exist_ok=True)
    input_path = workdir / LYCHEE_INPUT
    report_path = workdir / LYCHEE_REPORT
    input_path.write_text(lychee_input(urls), encoding="utf-8")
    report_path.unlink(missing_ok=True)
    command = lychee_command(command_name, input_path, report_path, config)
    try:
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LycheeError(text(Text.LINKS_LYCHEE_TIMEOUT, seconds=f"{seconds:g}")) from exc
    except OSError as exc:
        raise LycheeError(text(Text.LINKS_LYCHEE_NOT_STARTED, error=exc)) from exc
    if done.returncode not in LYCHEE_CHECKED:
        last_lines = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise LycheeError(text(Text.LINKS_LYCHEE_FAILED, code=done.returncode, last_lines=last_lines))
    return read_report(report_path)


def read_report(path: Path) -> dict[str, Any]:
    """lychee's JSON report from ``path``; ``LycheeError`` when it is missing or not lychee's shape."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LycheeError(text(Text.LINKS_REPORT_UNREADABLE, path=path, error=exc)) from exc
    if not isinstance(report, dict) or not isinstance(report.get("error_map"), dict):
        raise LycheeError(text(Text.LINKS_REPORT_WRONG_SHAPE, path=path))
    return report


def report_entries(report: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every checked link of a lychee JSON report (successes only when lychee ran with ``verbose``)."""
    for section in ("success_map", "error_map", "timeout_map"):
        for entries in (report.get(section) or {}).values():
            yield from entries


def outcome_of(entry: Mapping[str, Any], resolve: Resolve, max_redirects: int) -> Outcome:
    """The outcome of one entry of lychee's report: its redirects screened first, then its status."""
    hops = (entry.get("redirects") or {}).get("redirects") or []
    for hop in hops:
        refused = screen(hop["url"], resolve)
        if refused is not None:
            return Outcome(Message.EXT_REFUSED, error=text(Text.LINKS_REDIRECT_REFUSED, hop=hop["url"], why=refused))
    status = entry.get("status") or {}
    code = status.get("code")
    if isinstance(code, int) and 200 <= code < 300:
        return FINE
    if isinstance(code, int) and 300 <= code < 400 and len(hops) >= max_redirects:
        too_many = text(Text.LINKS_TOO_MANY_REDIRECTS, hops=max_redirects)
        return Outcome(Message.EXT_BROKEN_HOPS, status=code, error=too_many)
    if isinstance(code, int):
        return Outcome(Message.EXT_BROKEN, status=code)
    details = f"{status.get('text', '')} {status.get('details', '')}".lower()
    for words, reason in UNREACHABLE_REASONS:
        if any(word in details for word in words):
            return Outcome(Message.EXT_UNREACHABLE, error=text(reason))
    return Outcome(Message.EXT_UNREACHABLE, error=text(Text.LINKS_UNREACHABLE_OTHERWISE))


def outcomes(report: Mapping[str, Any], urls: list[str], resolve: Resolve, max_redirects: int) -> dict[str, Outcome]:
    """URL -> outcome for the URLs lychee checked.

    lychee's line number of an entry is the URL's index in ``urls`` (lychee may write the URL itself differently,
    e.g. percent-encoded); an entry without a line is matched by its URL.
    """
    found: dict[str, Outcome] = {}
    for entry in report_entries(report):
        line = (entry.get("span") or {}).get("line")
        if isinstance(line, int) and 1 <= line <= len(urls):
            url = urls[line - 1]
        elif entry.get("url") in urls:
            url = entry["url"]
        else:
            continue
        found[url] = outcome_of(entry, resolve, max_redirects)
    return found


def findings_for(places: Mapping[str, list[ExternalLink]], results: Mapping[str, Outcome]) -> list[Finding]:
    """One finding per place of every URL whose outcome is not fine."""
    findings = []
    for url, links in places.items():
        result = results.get(url, FINE)
        if result.key is None:
            continue
        for link in links:
            findings.append(Finding.of(*link.at, result.key, url=url, status=result.status, error=result.error))
    return findings


def max_redirects_setting(config: Path = LYCHEE_CONFIG) -> int:
    """``max_redirects`` of ``lychee.toml`` (lychee's default, 10, when it is not set)."""
    with config.open("rb") as handle:
        return int(tomllib.load(handle).get("max_redirects", 10))


@dataclass(frozen=True)
class Prepared:
    """The links of a run before lychee sees them: every place of each URL, the refused ones, lychee's input."""

    places: dict[str, list[ExternalLink]]
    refused: dict[str, str]  # URL -> why (a Dutch fragment)

    @property
    def to_check(self) -> list[str]:
        """The URLs lychee checks, in the order of its input (line N is the N-th)."""
        return [url for url in self.places if url not in self.refused]

    def to_json(self) -> str:
        places = {url: [[link.url, *link.at] for link in links] for url, links in self.places.items()}
        return json.dumps({"places": places, "refused": self.refused}, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, saved: str) -> Prepared:
        data = json.loads(saved)
        places = {
            url: [ExternalLink(written, (path, line, column)) for written, path, line, column in at]
            for url, at in data["places"].items()
        }
        return cls(places, dict(data["refused"]))


def prepare(links: Iterable[ExternalLink], resolve: Resolve = resolve_name) -> Prepared:
    """The links grouped by URL, with the hosts screened (names resolved) before anything connects."""
    places = by_url(links)
    return Prepared(places, screen_all(places, resolve))


def findings_from(
    prepared: Prepared,
    report: Mapping[str, Any] | None,
    *,
    resolve: Resolve = resolve_name,
    config: Path = LYCHEE_CONFIG,
) -> list[Finding]:
    """The findings of a run: the refused URLs, then lychee's report (None when there was nothing to check)."""
    results = {
        url: Outcome(Message.EXT_REFUSED, error=text(Text.LINKS_REFUSED, why=why))
        for url, why in prepared.refused.items()
    }
    if report is not None:
        results.update(outcomes(report, prepared.to_check, resolve, max_redirects_setting(config)))
    return findings_for(prepared.places, results)


def check(
    links: Iterable[ExternalLink],
    workdir: Path,
    *,
    resolve: Resolve = resolve_name,
    lychee: str | None = None,
    config: Path = LYCHEE_CONFIG,
) -> list[Finding]:
    """Findings for refused, broken and unreachable external links: screened here, fetched by lychee.

    Raises ``LycheeError`` (Dutch) when lychee is missing or could not run.
    """
    prepared = prepare(links, resolve)
    report = None
    if prepared.to_check:
        report = run_lychee(prepared.to_check, workdir, lychee=lychee, config=config)
    return findings_from(prepared, report, resolve=resolve, config=config)
