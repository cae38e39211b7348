"""End to end: every hostile page is refused by the strict build and the checker alike, or published inert.

The corpus is ``tests/hostile/`` (pages and ``manifest.yml``). The refused pages go
into one temporary copy of the site and the inert pages into another; the build
reports every page's problems before it stops, so one build per copy names every
refused file. The checker (``scripts/check_content.py --format json``) runs on the
same copies and must give the same verdict per file. A symbolic link under
``docs/`` pointing outside it is made at test time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from hostile.corpus import PAYLOAD_GLOBAL, Case, cases, install
from smartcity.html_policy import url_scheme

REFUSED = cases("refused")
INERT = cases("inert")


def _checker(root: Path) -> list[dict[str, object]]:
    """The checker's findings on the copy at ``root``, as a contributor runs it."""
    done = subprocess.run(
        [sys.executable, "scripts/check_content.py", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def _site(tmp_path_factory: pytest.TempPathFactory, name: str, selected: list[Case]) -> dict[str, object]:
    root = tmp_path_factory.mktemp(name)
    config = copy_project(root)
    install(selected, root / "docs")
    build = mkdocs_build(config, root / "site")
    return {"root": root, "build": build, "findings": _checker(root)}


@pytest.fixture(scope="module")
def refused_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return _site(tmp_path_factory, "refused", REFUSED)


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return _site(tmp_path_factory, "inert", INERT)


def _errors(findings: object, src: str) -> set[str]:
    assert isinstance(findings, list)
    return {f["rule"] for f in findings if f["path"] == f"docs/{src}" and f["severity"] == "error"}


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_build_refuses(refused_site: dict[str, object], case: Case) -> None:
    build = refused_site["build"]
    assert isinstance(build, subprocess.CompletedProcess)
    assert build.returncode != 0, f"de strikte build publiceerde {case.name} ({case.attack})"
    lines = [line for line in build.stderr.splitlines() if f"docs/{case.src}:" in line]
    assert any(f" {case.rule} " in line for line in lines), (
        f"geen fout {case.rule} voor docs/{case.src} ({case.attack}) in de build:\n" + "\n".join(lines)
    )


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_checker_agrees_on_refused(refused_site: dict[str, object], case: Case) -> None:
    found = _errors(refused_site["findings"], case.src)
    assert case.rule in found, f"de checker meldt {sorted(found)} voor {case.name} ({case.attack}), niet {case.rule}"


def test_inert_build_succeeds(inert_site: dict[str, object]) -> None:
    build = inert_site["build"]
    assert isinstance(build, subprocess.CompletedProcess)
    assert build.returncode == 0, build.stderr


class _ActivePayloads(HTMLParser):
    """Collects every place where a payload would run: a script, an on… attribute or a script URL mentioning it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            runs = name.startswith("on") or url_scheme(value) in {"javascript", "vbscript", "data"}
            if PAYLOAD_GLOBAL in value and runs:
                self.active.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and PAYLOAD_GLOBAL in data:
            self.active.append(f"<script>{data[:80]}")


@pytest.mark.parametrize("case", INERT, ids=lambda c: c.name)
def test_inert_page_is_published_without_active_payload(inert_site: dict[str, object], case: Case) -> None:
    root = inert_site["root"]
    assert isinstance(root, Path)
    pages = [root / "site" / case.url / "index.html", root / "site" / "index.html", root / "site" / "lessen/index.html"]
    assert pages[0].exists(), f"{case.name} is niet gepubliceerd"
    for page in pages:
        parser = _ActivePayloads()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.active, f"{case.attack}: actieve code in {page.relative_to(root)}: {parser.active}"


@pytest.mark.parametrize("case", INERT, ids=lambda c: c.name)
def test_checker_agrees_on_inert(inert_site: dict[str, object], case: Case) -> None:
    assert not _errors(inert_site["findings"], case.src), f"de checker weigert {case.name}, de build niet"


def test_jinja_in_front_matter_stays_text(inert_site: dict[str, object]) -> None:
    root = inert_site["root"]
    assert isinstance(root, Path)
    html = (root / "site" / "lessen/fm-title-template/index.html").read_text(encoding="utf-8")
    assert "{{ 7 * 7 }}" in html
    assert "Sjabloon 49" not in html


@pytest.mark.parametrize("directory", [False, True], ids=["file", "directory"])
def test_symlink_out_of_docs_is_refused(tmp_path: Path, directory: bool) -> None:
    root = tmp_path / "site-copy"
    root.mkdir()
    config = copy_project(root)
    outside = tmp_path / "buiten-docs"
    outside.mkdir()
    secret = "GEHEIM-VAN-DE-BUILDMACHINE"
    (outside / "geheim.md").write_text(f"---\ntitle: Geheim\n---\n\n# Geheim\n\n{secret}\n", encoding="utf-8")
    link = root / "docs" / ("lessen/extern" if directory else "lessen/geheim.md")
    link.symlink_to(outside if directory else outside / "geheim.md", target_is_directory=directory)
    src = link.relative_to(root).as_posix()

    build = mkdocs_build(config, root / "site")
    assert build.returncode != 0, "de build volgde een snelkoppeling naar buiten docs/"
    assert any(src in line and " file-symlink " in line for line in build.stderr.splitlines()), build.stderr
    published = [p for p in (root / "site").rglob("*") if p.is_file()] if (root / "site").exists() else []
    assert not any(secret in p.read_text(encoding="utf-8", errors="replace") for p in published)

    rules = {f["rule"] for f in _checker(root) if str(f["path"]).startswith(src) and f["severity"] == "error"}
    assert "file-symlink" in rules, f"de checker meldt {sorted(rules)} voor {src}"


# Files other than pages that a pull request could add under docs/, made here (Git would hold most of them, but
# they are kept out of the repository's docs/ and out of the corpus folder that the site tests read). Each must be
# refused with its file named, by the build and by the checker alike (rule file-static).
PAYLOAD = b"<script>window.__pwned=1</script>"
STATIC_FILES = {
    "lessen/aanval.html": b"<!doctype html><title>x</title>" + PAYLOAD,
    "lessen/zoek.html": b'<div data-pagefind-body data-pagefind-meta="url:https://example.org/">Elders</div>',
    "assets/aanval.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>',
    "aanval.xhtml": b'<html xmlns="http://www.w3.org/1999/xhtml">' + PAYLOAD + b"</html>",
    "aanval.xml": b'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">window.__pwned=1</x:script>',
    "sw.js": b"self.addEventListener('fetch', () => { self.__pwned = 1 })",
    "assets/javascripts/bundle.a5f9d56c.min.js": b"window.__pwned=1",
    "assets/stylesheets/main.57a0d79d.min.css": b"body{background:url(https://example.org/x.png)}",
    "assets/javascripts/search.js": b"window.__pwned=1",
    "lessen/pagina.markdown": b"# Een pagina die de controle niet leest\n",
    "pagefind/pagefind-entry.json": b"{}",
    "feed.xml": b"<rss/>",
    "sitemap.xml": b"<urlset/>",
    "robots.txt": b"User-agent: *\nDisallow: /\n",
    "open-data/paginas.json": b"{}",
    "lessen/foto.png": b"\x89PNG\r\n\x1a\n",
}


@pytest.fixture(scope="module")
def static_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("static")
    config = copy_project(root)
    for rel, data in STATIC_FILES.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {"root": root, "build": mkdocs_build(config, root / "site"), "findings": _checker(root)}


@pytest.mark.parametrize("rel", sorted(STATIC_FILES))
def test_static_file_is_refused_by_build_and_checker(static_site: dict[str, object], rel: str) -> None:
    build = static_site["build"]
    assert isinstance(build, subprocess.CompletedProcess)
    assert build.returncode != 0, "de strikte build publiceerde een bestand dat geen pagina of afbeelding is"
    assert any(f"docs/{rel}:" in line and " file-static " in line for line in build.stderr.splitlines()), build.stderr
    assert "file-static" in _errors(static_site["findings"], rel)


def test_a_picture_that_is_not_one_is_refused_by_build_and_checker(tmp_path: Path) -> None:
    config = copy_project(tmp_path)
    fake = tmp_path / "docs" / "assets" / "foto.png"
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_bytes(b"<svg onload='window.__pwned=1'/>")
    assert "file-picture" in _errors(_checker(tmp_path), "assets/foto.png")
    build = mkdocs_build(config, tmp_path / "site")
    assert build.returncode != 0
    assert "docs/assets/foto.png:1:1: file-picture " in build.stderr
