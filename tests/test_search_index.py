"""``Indexer`` feeds Pagefind's service the pages as the build writes them; the index equals what Pagefind's CLI
makes of the published site, and a failure becomes a Dutch ``SearchIndexError`` instead of a hang or a crash."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
from pathlib import Path

import pytest
from pagefind_bin_extended import get_executable
from smartcity.search_index import Indexer, SearchIndexError

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


def test_pages_handed_over_and_html_left_on_disk_are_both_indexed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text(PAGE.format(title="Niet gevonden", text="Deze pagina bestaat niet."), "utf-8")
    indexer = Indexer(site)
    # Handed over only: the build writes the file after the hook; the index must not need it on disk.
    indexer.add("les/index.html", PAGE.format(title="Tussenruimte", text="De coöperatie organiseert samenwerking."))
    indexer.finish()
    indexer.wait()
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["nl"]["page_count"] == 2
    assert list((bundle / "filter").iterdir()), "geen filter 'thema' in de index"
    pages = _fragments(bundle / "fragment")
    assert set(pages) == {"/les/", "/404.html"}
    lesson = pages["/les/"]
    assert lesson["meta"]["title"] == "Tussenruimte"  # without the permalink sign
    assert "coöperatie" in lesson["content"]
    assert "Navigatie" not in lesson["content"] and "¶" not in lesson["content"]


def test_the_builds_index_is_the_one_pagefinds_cli_makes_of_the_published_site(
    built_site: Path, tmp_path: Path
) -> None:
    """Same pages, text, meta and filters: the fragments, named by the hash of their content, are identical.
    (The word and filter indexes number the pages in the order they came, so those files may differ.)"""
    cli = tmp_path / "cli"
    command = [get_executable(), "--site", built_site, "--output-path", cli, "--exclude-selectors", ".headerlink"]
    subprocess.run([*command, "--silent"], cwd=tmp_path, check=True)
    built = sorted(p.name for p in (built_site / "pagefind" / "fragment").iterdir())
    assert len(built) > 30
    assert built == sorted(p.name for p in (cli / "fragment").iterdir())


def test_a_missing_binary_is_a_search_index_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("smartcity.search_index.get_executable", lambda: tmp_path / "bestaat-niet")
    with pytest.raises(SearchIndexError, match="Pagefind kon niet starten"):
        Indexer(tmp_path)


@pytest.mark.parametrize(
    ("program", "says"),
    [
        ("exit 3", "Pagefind stopte voordat de index klaar was"),  # stops at once: writes hit a closed pipe
        ("printf 'geen-base64!,'; cat > /dev/null", "onverwacht antwoord van Pagefind"),
        ("printf '%s,' $(printf '[1]' | base64); cat > /dev/null", "onverwacht antwoord van Pagefind"),
    ],
)
def test_a_pagefind_that_fails_is_a_dutch_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, program: str, says: str
) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\n{program}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr("smartcity.search_index.get_executable", lambda: fake)
    site = tmp_path / "site"
    site.mkdir()
    indexer = Indexer(site)
    for number in range(200):  # more than a pipe holds, so a Pagefind that has stopped breaks the pipe
        indexer.add(f"les-{number}/index.html", PAGE.format(title=f"Les {number}", text="tekst " * 100))
    indexer.finish()
    with pytest.raises(SearchIndexError, match="De zoekindex \\(Pagefind\\) kon niet worden gemaakt") as error:
        indexer.wait()
    assert says in str(error.value)
    assert not (site / "pagefind").exists()


def test_an_error_from_pagefind_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind answers each message; an error answer to a page's message says which page."""
    error = json.dumps({"message_id": 2, "payload": {"type": "Error", "message": "kapotte pagina"}})
    done = json.dumps({"message_id": 3, "payload": {"type": "WriteFiles", "output_path": "x"}})
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\ncat > /dev/null &\nprintf '%s,%s,' {_b64(error)} {_b64(done)}\nwait\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr("smartcity.search_index.get_executable", lambda: fake)
    indexer = Indexer(tmp_path)
    indexer.add("les/index.html", PAGE.format(title="Les", text="tekst"))
    indexer.finish()
    with pytest.raises(SearchIndexError, match=r"les/index\.html: kapotte pagina"):
        indexer.wait()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
