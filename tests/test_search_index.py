"""``Indexer`` feeds Pagefind's service the pages as the build writes them and writes the index whole itself; the
index holds what Pagefind's CLI makes of the same pages, only the pages the build handed over, and every failure is
a Dutch ``SearchIndexError`` naming the Markdown source, in bounded time, with no half index left behind."""

from __future__ import annotations

import base64
import gzip
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pagefind_bin_extended import get_executable
from sitekit import build, make_project, page_text, site_dir
from smartcity.search_index import EXIT_TIMEOUT, Indexer, SearchIndexError, index_site, write_bundle

PAGE = """<!doctype html>
<html lang="nl"><head><title>{title}</title></head>
<body>
<nav>Navigatie die niet in de index hoort</nav>
<article data-pagefind-body>
<h1>{title}<a class="headerlink" href="#">¶</a></h1>
<p>{text}</p>
<span data-pagefind-filter="thema" hidden>Open data</span>
</article>
</body></html>
"""


def _fragments(bundle: Path) -> dict[str, dict]:
    """Each page as Pagefind stored it (gzip, a signature, then JSON), by URL."""
    pages = (json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd")) for p in bundle.iterdir())
    return {page["url"]: page for page in pages}


def _bundle_files(bundle: Path) -> list[str]:
    """The bundle's top-level files, the content hash in a name (``pagefind.nl_<hash>.pf_meta``) left out."""
    return sorted(re.sub(r"_[0-9a-f]{10}\.", "_<hash>.", p.name) for p in bundle.iterdir() if p.is_file())


def _whole_index_problems(site: Path) -> list[str]:
    """What makes the index in ``site`` not whole: the entry must parse, and every file it names exist, non-empty;
    no file of the bundle may be empty, and no temporary folder may be left next to it."""
    bundle = site / "pagefind"
    problems = [f"leeg: {p}" for p in bundle.rglob("*") if p.is_file() and p.stat().st_size == 0]
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [*problems, f"pagefind-entry.json: {error}"]
    for language in entry["languages"].values():
        for name in (f"pagefind.{language['hash']}.pf_meta", f"wasm.{language['wasm']}.pagefind"):
            path = bundle / name
            if not path.is_file() or path.stat().st_size == 0:
                problems.append(f"ontbreekt of leeg: {name}")
    problems += [f"tijdelijke map over: {p.name}" for p in site.glob(".pagefind-*")]
    return problems


def _fake_pagefind(tmp_path: Path, program: str) -> Path:
    """A small shell script standing in for the Pagefind binary."""
    fake = tmp_path / "bin" / "pagefind"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\n{program}\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_only_the_pages_handed_over_are_indexed_not_html_lying_in_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text(PAGE.format(title="Niet gevonden", text="Deze pagina bestaat niet."), "utf-8")
    # A contributor's static page that asks to be indexed under a title and an outside address.
    smuggled = PAGE.format(title="Klik hier", text="samenwerking").replace(
        "<article data-pagefind-body>", '<article data-pagefind-body data-pagefind-meta="url:https://example.org/">'
    )
    (site / "lokaas.html").write_text(smuggled, "utf-8")
    indexer = Indexer(site)
    # Handed over only: the build writes the file after the hook; the index must not need it on disk.
    lesson = PAGE.format(title="Tussenruimte", text="De coöperatie organiseert samenwerking.")
    indexer.add("les/index.html", lesson, source="lessen/tussenruimte.md")
    indexer.finish()
    indexer.wait()
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["nl"]["page_count"] == 1
    assert list((bundle / "filter").iterdir()), "geen filter 'thema' in de index"
    pages = _fragments(bundle / "fragment")
    assert set(pages) == {"/les/"}
    assert pages["/les/"]["meta"]["title"] == "Tussenruimte"  # without the permalink sign
    assert "coöperatie" in pages["/les/"]["content"]
    assert "Navigatie" not in pages["/les/"]["content"] and "¶" not in pages["/les/"]["content"]
    assert _whole_index_problems(site) == []


def test_the_builds_index_is_the_one_pagefinds_cli_makes_of_the_published_site(
    built_site: Path, tmp_path: Path
) -> None:
    """Same pages, text, meta and filters: the fragments, named by the hash of their content, are identical, and
    the bundle has the same files. (The word and filter indexes number the pages in the order they came, so
    those files may differ.)"""
    cli = tmp_path / "cli"
    command = [get_executable(), "--site", built_site, "--output-path", cli, "--exclude-selectors", ".headerlink"]
    subprocess.run([*command, "--silent"], cwd=tmp_path, check=True)
    built = sorted(p.name for p in (built_site / "pagefind" / "fragment").iterdir())
    marked = [p for p in built_site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert marked and len(built) == len(marked), "één fragment per pagina met data-pagefind-body"
    assert built == sorted(p.name for p in (cli / "fragment").iterdir())
    assert _bundle_files(built_site / "pagefind") == _bundle_files(cli)
    assert _whole_index_problems(built_site) == []


@pytest.fixture
def busy_cores() -> Iterator[None]:
    """Two processes that keep both cores busy, as other jobs on a shared runner do."""
    loop = "import time\nend = time.monotonic() + 300\nwhile time.monotonic() < end: pass\n"
    workers = [subprocess.Popen([sys.executable, "-c", loop]) for _ in range(2)]
    try:
        yield
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()


def test_the_index_is_whole_after_every_build_on_a_busy_machine(tmp_path: Path, busy_cores: None) -> None:
    pages = {
        f"lessen/les-{number}.md": page_text(title=f"Les {number} over samenwerking", body="Samenwerking. " * 200)
        for number in range(40)
    }
    config = make_project(tmp_path / "project", pages)
    for attempt in range(5):
        result = build(config)
        assert result.returncode == 0, result.stderr
        site = site_dir(config)
        assert _whole_index_problems(site) == [], f"build {attempt + 1}"
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["nl"]["page_count"] >= 40


def test_index_site_reindexes_the_given_pages_from_disk_and_replaces_the_index_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("een", "twee"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(PAGE.format(title=name, text=f"tekst {name}"), "utf-8")
    index_site(site, {"een/index.html": "lessen/een.md", "twee/index.html": "lessen/twee.md"})
    assert set(_fragments(site / "pagefind" / "fragment")) == {"/een/", "/twee/"}
    (site / "twee" / "index.html").write_text(PAGE.format(title="twee", text="nieuw woord"), "utf-8")
    index_site(site, {"twee/index.html": "lessen/twee.md"})
    pages = _fragments(site / "pagefind" / "fragment")
    assert set(pages) == {"/twee/"}
    assert "nieuw woord" in pages["/twee/"]["content"]
    assert _whole_index_problems(site) == []


def test_index_site_names_the_source_of_a_page_that_is_missing(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"lessen/weg\.md: de gebouwde pagina weg/index\.html ontbreekt"):
        index_site(tmp_path, {"weg/index.html": "lessen/weg.md"})
    assert not (tmp_path / "pagefind").exists()


def test_a_bundle_that_cannot_be_written_leaves_no_half_index(tmp_path: Path) -> None:
    # "fragment" as a file and as a folder: the second write fails after the first succeeded.
    files = {"pagefind-entry.json": b"{}", "fragment": b"x", "fragment/a.pf_fragment": b"y"}
    with pytest.raises(SearchIndexError, match="De zoekindex kon niet worden geschreven"):
        write_bundle(tmp_path, files)
    assert list(tmp_path.iterdir()) == []


def test_folders_a_crashed_build_left_behind_are_cleared(tmp_path: Path) -> None:
    for stale in (".pagefind-new-abc", ".pagefind-old-def/pagefind"):
        (tmp_path / stale).mkdir(parents=True)
        (tmp_path / stale / "half.pf_fragment").write_bytes(b"x")
    (tmp_path / ".eigen-map").mkdir()  # a hidden folder of someone else's is left alone
    write_bundle(tmp_path, {"pagefind-entry.json": b"{}"})
    assert sorted(path.name for path in tmp_path.iterdir()) == [".eigen-map", "pagefind"]


def test_a_missing_binary_is_a_search_index_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="Pagefind kon niet starten"):
        Indexer(tmp_path, binary=tmp_path / "bestaat-niet")


@pytest.mark.parametrize(
    "program",
    [
        "exec sleep 600",  # reads nothing: the pages fill the pipe
        f"exec {sys.executable} -c 'import sys; sys.stdin.buffer.read()'",  # reads everything, never answers
    ],
)
def test_a_pagefind_that_never_answers_is_a_dutch_error_within_the_deadline(tmp_path: Path, program: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    deadline = 1.5
    start = time.monotonic()
    indexer = Indexer(site, binary=_fake_pagefind(tmp_path, program), reply_timeout=deadline)
    for number in range(200):  # more than a pipe holds
        html = PAGE.format(title=f"Les {number}", text="tekst " * 100)
        indexer.add(f"les-{number}/index.html", html, source=f"lessen/les-{number}.md")
    indexer.finish()
    with pytest.raises(SearchIndexError) as error:
        indexer.wait()
    elapsed = time.monotonic() - start
    assert "Pagefind gaf 1.5 seconden geen antwoord, bij lessen/les-0.md" in str(error.value)
    assert elapsed < deadline + EXIT_TIMEOUT, f"{elapsed:.1f} s"
    assert not (site / "pagefind").exists()


@pytest.mark.parametrize(
    ("program", "says"),
    [
        ("exit 3", "Pagefind stopte voordat de index klaar was"),  # stops at once: writes hit a closed pipe
        ("printf 'geen-base64!,'; cat > /dev/null", "onverwacht antwoord van Pagefind"),
        ("printf '%s,' $(printf '[1]' | base64); cat > /dev/null", "onverwacht antwoord van Pagefind"),
    ],
)
def test_a_pagefind_that_fails_is_a_dutch_error_not_a_hang(tmp_path: Path, program: str, says: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    indexer = Indexer(site, binary=_fake_pagefind(tmp_path, program), reply_timeout=30)
    for number in range(200):  # more than a pipe holds, so a Pagefind that has stopped breaks the pipe
        indexer.add(f"les-{number}/index.html", PAGE.format(title=f"Les {number}", text="tekst " * 100))
    indexer.finish()
    with pytest.raises(SearchIndexError, match="De zoekindex \\(Pagefind\\) kon niet worden gemaakt") as error:
        indexer.wait()
    assert says in str(error.value)
    assert not (site / "pagefind").exists()


def test_an_error_from_pagefind_names_the_markdown_source_not_the_html_file(tmp_path: Path) -> None:
    """Pagefind answers each message; an error answer to a page's message says which Markdown page."""
    error = json.dumps({"message_id": 2, "payload": {"type": "Error", "message": "kapotte pagina"}})
    files = json.dumps({"message_id": 3, "payload": {"type": "GetFiles", "files": []}})
    program = f"cat > /dev/null &\nprintf '%s,%s,' {_b64(error)} {_b64(files)}\nwait"
    indexer = Indexer(tmp_path, binary=_fake_pagefind(tmp_path, program), reply_timeout=30)
    indexer.add("les/index.html", PAGE.format(title="Les", text="tekst"), source="lessen/kapot.md")
    indexer.finish()
    with pytest.raises(SearchIndexError, match=r"lessen/kapot\.md: kapotte pagina") as raised:
        indexer.wait()
    assert "index.html" not in str(raised.value)
    assert not (tmp_path / "pagefind").exists()
