"""What search costs a reader: bytes for opening the home page, and for the home page plus a first search.

Synthetic sites (``benchmarks/synth.py``, in a temporary folder) are built twice
from the repository's configuration: once with Pagefind (the site as published)
and once with Material's own search plugin (lunr) instead, side by side in one
run. Each is served on 127.0.0.1 with gzip for text files, as a static host does
(``bench_site.serve``); Chromium, with a fresh profile each time, opens the home
page, then types a query into the search field. Bytes are counted twice: the body
bytes the server sent (gzip where a host would gzip), the figure held to the
budget, and the bytes on the wire in the DevTools protocol's network events of
the page and its workers (with response headers, but without the worker's own
script, for which CDP reports no size).

    .venv/bin/python benchmarks/bench_search.py                      # 1,000, 3,000 and 10,000 pages
    .venv/bin/python benchmarks/bench_search.py --sizes 1000 3000 --query samenwerking

Target (issue 12): at 3,000 pages the home page plus a first search with Pagefind
transfers at most 400 KB. Writes ``test-artifacts/bench_search.json``.

Time to the first result (issue 24.5), ``--latency``: on the Pagefind site only, per
query, a fresh page whose header search has loaded its engine (as after a click in the
field); then the query is put into the field at once and the clock runs until the
first result is drawn (its title shown), median of ``--repeat`` fresh pages. It
includes Pagefind's 150 ms debounce. Each query runs with the header as published
(``max-results`` from header.html) and with every match drawn (attribute removed), and
``--busy N`` keeps N other processes spinning, as on a shared runner.

    .venv/bin/python benchmarks/bench_search.py --latency --sizes 3000 10000 --busy 2

Measured 2026-12-06 on the shared 2-core machine while other builds ran (load average 8-12,
so no ``--busy``), median of 3 fresh pages, milliseconds from the query in the field:

| pages | query | rows drawn | Pagefind's answer | first result drawn |
| ---: | --- | ---: | ---: | ---: |
| 3,000 | samenwerking (2,969 matches) | 8 / all | 1,385 / 1,650 | 1,678 / 8,991 |
| 3,000 | privacy sensoren (2,964) | 8 / all | 1,452 / 3,074 | 1,657 / 14,139 |
| 3,000 | tussenruimte (2) | 2 | 376 | 458 |
| 3,000 | hanke (5) | 5 | 311 | 548 |
| 10,000 | samenwerking (9,969) | 8 / all | 7,001 / 6,560 | 7,338 / 38,026 |
| 10,000 | privacy sensoren (9,963) | 8 / all | 11,382 / 13,383 | 11,568 / 40,772 |
| 10,000 | tussenruimte (2) | 2 | 342 | 400 |
| 10,000 | hanke (5) | 5 | 256 | 476 |

Drawing only the best 8 in the header (``max-results``) removes the cost of a row per match
(at 3,000 pages the first result of a common word came after 9-14 s, now 1.7 s). What is left
is Pagefind's own search call: at 10,000 pages ``search("samenwerking")`` takes 3.3-3.6 s even
with its index chunks already loaded (0-1 ms for "tussenruimte"), because its WebAssembly scores
every matching page and returns every match with all its word positions as one JSON string;
Pagefind's search API has no limit on the number of results, and its ranking options change the
order, not this work. Every synthetic page holds every synthetic word, so these common words
are a worst case that real lessons do not reach.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import CHROME_FLAGS, serve  # noqa: E402
from synth import generate  # noqa: E402

BUDGET_KB = 400
SEARCH_CSS = "assets/stylesheets/search.css"
SEARCH_JS = "assets/javascripts/search.js"
ENGINES = ("pagefind", "material")
# The field, the first result as it appears, for each engine.
FIELD = {"pagefind": "pagefind-searchbox input", "material": "input.md-search__input"}
RESULT = {"pagefind": ".pf-searchbox-result", "material": ".md-search-result__item"}


@dataclass(frozen=True)
class Measurement:
    """Bytes of the home page, then of home page plus first search: as the server sent them and as CDP saw them."""

    pages: int
    engine: str
    home_sent: int
    search_sent: int
    home_cdp: int
    search_cdp: int
    index_requests_on_open: int
    requests: int


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _script_path(entry: Any) -> str:
    return entry if isinstance(entry, str) else entry.get("path", "")


def configure(config_file: Path, engine: str) -> None:
    """Rewrite ``config_file`` for one engine: Pagefind (the site's own setup) or Material's search plugin.

    Loaded with MkDocs' own YAML loader (``!ENV`` resolved, as in a build without those variables).
    """
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=get_yaml_loader())
    plugins = [p for p in config["plugins"] if _plugin_name(p) not in {"search", "material/search"}]
    features = [f for f in config["theme"].get("features", []) if not f.startswith("search.")]
    css = [c for c in config.get("extra_css", []) if c != SEARCH_CSS]
    scripts = [s for s in config.get("extra_javascript", []) if _script_path(s) != SEARCH_JS]
    if engine == "material":
        plugins.insert(0, {"search": {"lang": "nl"}})
        features += ["search.highlight", "search.suggest"]
    else:
        css.append(SEARCH_CSS)
        scripts.append(SEARCH_JS)
    config.update(plugins=plugins, extra_css=css, extra_javascript=scripts)
    config["theme"]["features"] = features
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build(config_file: Path, site_dir: Path) -> None:
    """Build strictly; the build hook writes the Pagefind index."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for var in ("SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT"):
        env.pop(var, None)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site_dir)]
    subprocess.run(command, check=True, env=env)


class NetworkLog:
    """Bytes on the wire per finished request (encoded, with response headers), from the DevTools protocol.

    Pagefind searches in a web worker, a target of its own: the log attaches to workers too
    (``Target.setAutoAttach``, messages relayed through the page's session).
    """

    def __init__(self, cdp: Any) -> None:
        self.cdp = cdp
        self.urls: dict[tuple[str, str], str] = {}
        self.finished: dict[tuple[str, str], int] = {}
        cdp.on("Network.requestWillBeSent", lambda event: self._event("page", "Network.requestWillBeSent", event))
        cdp.on("Network.loadingFinished", lambda event: self._event("page", "Network.loadingFinished", event))
        cdp.on("Target.attachedToTarget", self._attached)
        cdp.on("Target.receivedMessageFromTarget", self._relayed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _attached(self, event: dict[str, Any]) -> None:
        for number, method in enumerate(("Network.enable", "Runtime.runIfWaitingForDebugger"), start=1):
            message = json.dumps({"id": number, "method": method})
            self.cdp.send("Target.sendMessageToTarget", {"sessionId": event["sessionId"], "message": message})

    def _relayed(self, event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if "method" in message:
            self._event(event["sessionId"], message["method"], message.get("params", {}))

    def _event(self, target: str, method: str, params: dict[str, Any]) -> None:
        key = (target, params.get("requestId", ""))
        if method == "Network.requestWillBeSent":
            self.urls[key] = params["request"]["url"]
        elif method == "Network.loadingFinished":
            self.finished[key] = int(params["encodedDataLength"])

    def total(self) -> int:
        return sum(self.finished.values())

    def index_requests(self) -> list[str]:
        """Requests for the search index or engine (not the UI's own script and style sheet)."""
        ui = ("pagefind-component-ui.js", "pagefind-component-ui.css")
        return [
            url
            for key, url in self.urls.items()
            if key in self.finished
            and ("/pagefind/" in url or "/search/" in url or "/workers/" in url)
            and not url.endswith(ui)
        ]


def measure(browser: Any, base_url: str, sent: list[tuple[str, int]], engine: str, query: str) -> list[int]:
    """Home page, then a typed query: bytes (server, CDP) after each, index requests on open, requests."""
    sent.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log = NetworkLog(context.new_cdp_session(page))
    page.goto(base_url, wait_until="networkidle")
    page.wait_for_timeout(500)
    home = [sum(n for _, n in sent), log.total(), len(log.index_requests())]
    if engine == "material":
        page.keyboard.press("/")
    page.locator(FIELD[engine]).press_sequentially(query, delay=60)
    page.locator(RESULT[engine]).first.wait_for(state="visible", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    return [home[0], sum(n for _, n in sent), home[1], log.total(), home[2], len(sent)]


def run(sizes: list[int], query: str, chrome: str) -> list[Measurement]:
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="scl-bench-search-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chrome, args=CHROME_FLAGS.split())
        for size in sizes:
            target = generate(size, Path(tmp) / f"site-{size}")
            for engine in ENGINES:
                configure(target / "mkdocs.yml", engine)
                site_dir = target / f"_site-{engine}"
                build(target / "mkdocs.yml", site_dir)
                sent: list[tuple[str, int]] = []
                with serve(site_dir, sent) as base_url:
                    rows.append(Measurement(size, engine, *measure(browser, base_url, sent, engine, query)))
                print(table(rows[-1:], header=len(rows) == 1), flush=True)
        browser.close()
    return rows


def table(rows: list[Measurement], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| pagina's | zoeken | startpagina (KB gzip) | startpagina + eerste zoekopdracht (KB gzip) "
            "| idem, volgens CDP | indexverzoeken bij openen | verzoeken |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
    for r in rows:
        lines.append(
            f"| {r.pages:,} | {r.engine} | {r.home_sent / 1024:.0f} | {r.search_sent / 1024:.0f} "
            f"| {r.home_cdp / 1024:.0f} / {r.search_cdp / 1024:.0f} | {r.index_requests_on_open} | {r.requests} |"
        )
    return "\n".join(lines)


# The words of the synthetic pages (synth.WORDS) are on nearly every page; the rare ones are from the repository's
# own pages, which synth copies in (one or two pages each).
COMMON_WORDS = ("samenwerking", "privacy sensoren")
RARE_WORDS = ("tussenruimte", "hanke")

# In the page: with the header's engine loaded, put `query` into the field at once; resolve with the milliseconds
# until Pagefind's answer (its `results` event) and until the first result's title is drawn.
FIRST_RESULT = """async ([query, limit]) => {
  const box = document.querySelector("pagefind-searchbox[instance='kop']");
  if (limit === null) box.removeAttribute("max-results"); else box.setAttribute("max-results", String(limit));
  const instance = PagefindComponents.getInstanceManager().getInstance("kop");
  await instance.triggerLoad();
  let answered = null;
  instance.on("results", () => { if (answered === null) answered = performance.now(); });
  const field = box.querySelector("input");
  field.focus();
  const start = performance.now();
  field.value = query;
  field.dispatchEvent(new Event("input", {bubbles: true}));
  return await new Promise(resolve => {
    const check = () => {
      const title = box.querySelector(".pf-searchbox-result:not(.pf-searchbox-placeholder) .pf-searchbox-result-title");
      if (title && title.textContent.trim()) {
        resolve([answered - start, performance.now() - start, box.querySelectorAll("[role=listbox] > *").length]);
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
}"""


@dataclass(frozen=True)
class Latency:
    """Milliseconds from the query in the field to Pagefind's answer and to the first result drawn (median)."""

    pages: int
    query: str
    drawn: str  # "8" (as published) or "alle"
    rows: int  # rows the list drew
    answer_ms: float
    first_result_ms: float


def published_limit(site_dir: Path) -> int | None:
    """The header's ``max-results`` as the built home page has it."""
    found = re.search(r'<pagefind-searchbox[^>]*max-results="(\d+)"', (site_dir / "index.html").read_text("utf-8"))
    return int(found.group(1)) if found else None


def measure_latency(
    browser: Any, base_url: str, query: str, limit: int | None, repeat: int
) -> tuple[int, float, float]:
    answers, firsts, rows = [], [], 0
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.goto(base_url, wait_until="load")
        answer, first, rows = page.evaluate(FIRST_RESULT, [query, limit])
        answers.append(answer)
        firsts.append(first)
        context.close()
    return rows, statistics.median(answers), statistics.median(firsts)


def run_latency(sizes: list[int], chrome: str, repeat: int, busy: int) -> list[Latency]:
    from playwright.sync_api import sync_playwright

    spin = "import time\nend = time.monotonic() + 3600\nwhile time.monotonic() < end: pass\n"
    rows = []
    with tempfile.TemporaryDirectory(prefix="scl-bench-latency-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chrome, args=CHROME_FLAGS.split())
        for size in sizes:
            target = generate(size, Path(tmp) / f"site-{size}")
            configure(target / "mkdocs.yml", "pagefind")
            site_dir = target / "_site-pagefind"
            build(target / "mkdocs.yml", site_dir)
            limit = published_limit(site_dir)
            spinners = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(busy)]
            try:
                with serve(site_dir, []) as base_url:
                    for query in (*COMMON_WORDS, *RARE_WORDS):
                        for drawn in [limit, None] if limit else [None]:
                            count, answer, first = measure_latency(browser, base_url, query, drawn, repeat)
                            label = str(drawn) if drawn else "alle"
                            rows.append(Latency(size, query, label, count, round(answer), round(first)))
                            print(latency_table(rows[-1:], header=len(rows) == 1), flush=True)
            finally:
                for spinner in spinners:
                    spinner.kill()
                    spinner.wait()
        browser.close()
    return rows


def latency_table(rows: list[Latency], header: bool = True) -> str:
    lines = []
    if header:
        lines += [
            "| pagina's | zoekterm | rijen getekend | antwoord (ms) | eerste resultaat (ms) |",
            "| ---: | --- | ---: | ---: | ---: |",
        ]
    for r in rows:
        lines.append(
            f"| {r.pages:,} | {r.query} | {r.drawn} ({r.rows}) | {r.answer_ms:.0f} | {r.first_result_ms:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--query", default="aanbesteding", help="typed into the search field key by key")
    parser.add_argument("--json", type=Path, default=ROOT / "test-artifacts" / "bench_search.json")
    parser.add_argument("--latency", action="store_true", help="time to the first result instead of bytes")
    parser.add_argument("--repeat", type=int, default=3, help="fresh pages per query (--latency)")
    parser.add_argument("--busy", type=int, default=0, help="processes spinning meanwhile (--latency)")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if args.latency:
        latency = run_latency(args.sizes, chrome, args.repeat, args.busy)
        print("\n" + latency_table(latency))
        path = args.json.with_name("bench_search_latency.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"busy": args.busy, "repeat": args.repeat, "rows": [asdict(r) for r in latency]}
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        return 0
    rows = run(args.sizes, args.query, chrome)
    print("\n" + table(rows))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {"query": args.query, "budget_kb_at_3000": BUDGET_KB, "rows": [asdict(r) for r in rows]}
    args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    over = [r for r in rows if r.engine == "pagefind" and r.pages == 3000 and r.search_sent > BUDGET_KB * 1024]
    over += [r for r in rows if r.engine == "pagefind" and r.index_requests_on_open]
    for r in over:
        print(f"Boven budget of index bij openen: {r.pages} pagina's, {r.search_sent / 1024:.0f} KB", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
