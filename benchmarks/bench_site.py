"""Site budget: Lighthouse scores, bytes of a first visit, and search index size per page.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_site.py [--runs 1] [--json test-artifacts/bench_site.json]

What it does:

1. builds the site strictly into a temporary folder (no ``SITE_URL``);
2. serves it on 127.0.0.1 with gzip for text files, as a real host would;
3. installs Lighthouse (npm ``lighthouse@12.2.3``, exact) once into the
   gitignored ``.cache/lighthouse-12.2.3`` with ``npm install --no-save``;
4. runs Lighthouse (mobile profile, its default) on the home page, a lesson
   and a theme page with Debian's Chromium (``CHROME_PATH``, default
   ``/usr/bin/chromium``) and reports accessibility, best practices, SEO and
   performance; with ``--runs N`` the median of N runs;
5. counts the bytes the server sends for a first visit of a lesson page in a
   fresh Chromium profile (gzip as served). What a search costs a reader is
   measured by ``bench_search.py``.

Budget: accessibility, best practices and SEO 100; performance at least 98.
Exit status 1 when a score is under budget. Needs Node.js/npm and Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = ROOT / ".cache" / f"lighthouse-{LIGHTHOUSE_VERSION}"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
PAGES = {
    "home": "",
    "les": "lessen/tussenruimte-organiseren/",
    "thema": "themas/aanbesteden/",
}
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")
BUDGET = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 98}
GZIP_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map")


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files with gzip for text types (when the client accepts it); counts the bytes it sends."""

    sent: list[tuple[str, int]]  # (path, bytes of the body as sent), set per server
    _cache: dict[Path, bytes]

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            page = Path(self.directory) / "404.html"
            self._send(page, 404)
            return
        self._send(path, 200)

    def _send(self, path: Path, status: int) -> None:
        body = path.read_bytes()
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in GZIP_TYPES
        if gzip_ok:
            body = self._cache.setdefault(path, gzip.compress(body, compresslevel=6, mtime=0))
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        if gzip_ok:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path, len(body)))

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextlib.contextmanager
def serve(directory: Path, sent: list[tuple[str, int]]) -> Iterator[str]:
    """Serve ``directory`` with gzip on 127.0.0.1; yields the base URL."""
    handler_class = type("Handler", (_GzipHandler,), {"sent": sent, "_cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for var in ("SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT"):
        env.pop(var, None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed once with ``npm install --no-save`` into a gitignored folder."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def run_lighthouse(binary: Path, url: str, chrome: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile profile); returns the parsed JSON report."""
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
            ],
            env={**os.environ, "CHROME_PATH": chrome},
            check=True,
        )
    return json.loads(out.read_text(encoding="utf-8"))


def failed_audits(report: dict[str, Any]) -> list[str]:
    """Scored audits below 1 in the report's categories, as ``category: audit id (score)``."""
    found = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                found.append(f"{name}: {ref['id']} ({audit['score']:.2f}) {audit.get('displayValue', '')}".strip())
    return found


def first_visit_bytes(base_url: str, path: str, chrome: str, sent: list[tuple[str, int]]) -> tuple[int, int]:
    """Bytes (as sent, gzip) and number of requests for a first visit of ``path`` in a fresh profile."""
    from playwright.sync_api import sync_playwright

    sent.clear()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chrome, args=CHROME_FLAGS.split())
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        browser.close()
    return sum(n for _, n in sent), len(sent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median reported)")
    parser.add_argument("--json", type=Path, default=ROOT / "test-artifacts" / "bench_site.json")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    binary = lighthouse_bin()
    results: dict[str, Any] = {"lighthouse": LIGHTHOUSE_VERSION, "pages": {}}
    under_budget = []
    with tempfile.TemporaryDirectory(prefix="scl-bench-") as tmp:
        site_dir = Path(tmp) / "site"
        build(site_dir)
        sent: list[tuple[str, int]] = []
        with serve(site_dir, sent) as base_url:
            for name, path in PAGES.items():
                runs = []
                for i in range(args.runs):
                    report = run_lighthouse(binary, base_url + path, chrome, Path(tmp) / f"{name}-{i}.json")
                    runs.append(report)
                scores = {
                    c: round(statistics.median(r["categories"][c]["score"] * 100 for r in runs)) for c in CATEGORIES
                }
                bytes_lh = int(statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in runs))
                results["pages"][name] = {
                    "path": path,
                    "scores": scores,
                    "performance_runs": [round(r["categories"]["performance"]["score"] * 100) for r in runs],
                    "total_blocking_time_ms_runs": [
                        round(r["audits"]["total-blocking-time"]["numericValue"]) for r in runs
                    ],
                    "lighthouse_total_bytes": bytes_lh,
                    "below_1": failed_audits(runs[-1]),
                }
                under_budget += [f"{name} {c} {s} < {BUDGET[c]}" for c, s in scores.items() if s < BUDGET[c]]
            total, count = first_visit_bytes(base_url, PAGES["les"], chrome, sent)
        results["first_visit_lesson"] = {"bytes": total, "requests": count}

    print(
        "| Pagina | Toegankelijkheid | Best practices | SEO | Performance | Performance per run "
        "| Total blocking time per run (ms) | Bytes (Lighthouse) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, page in results["pages"].items():
        s = page["scores"]
        runs_text = ", ".join(map(str, page["performance_runs"]))
        tbt_text = ", ".join(map(str, page["total_blocking_time_ms_runs"]))
        print(
            f"| {name} (`/{page['path']}`) | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {s['performance']} | {runs_text} | {tbt_text} | {page['lighthouse_total_bytes']:,} |"
        )
    visit = results["first_visit_lesson"]
    print(
        f"\nEerste bezoek van een les (gzip, zoals verstuurd): {visit['bytes']:,} bytes "
        f"in {visit['requests']} verzoeken"
    )
    for name, page in results["pages"].items():
        for line in page["below_1"]:
            print(f"  {name}: {line}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if under_budget:
        print("\nOnder budget: " + "; ".join(under_budget))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
