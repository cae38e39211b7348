"""The build as ``make serve`` runs it: problems on the page in Dutch, and dirty rebuilds that stay correct.

``make serve`` runs ``mkdocs serve --dirty --no-strict``. These tests drive MkDocs' own build function the way the
server does (``on_startup(command="serve")``, then ``build(config, serve_url=…, dirty=…)`` once per save) in a
subprocess, on small fixture projects (tests/sitekit.py).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sitekit
from html_utils import elements
from smartcity import listings, live
from smartcity.text import slugify

SERVE_URL = "http://127.0.0.1:8000/"

# Builds the project ``argv[1]`` into ``argv[2]`` as `mkdocs serve` does; with ``argv[3]`` (a page, docs-relative)
# and ``argv[4]`` (its new text), builds once, saves the page and builds again, as after a save.
SERVE_SCRIPT = """
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site_dir, dirty = sys.argv[1], sys.argv[2], sys.argv[3] == "dirty"
edits = list(zip(sys.argv[4::2], sys.argv[5::2]))


def rebuild(first):
    config = load_config(config_file, site_dir=site_dir, strict=False)
    config.site_url = "http://127.0.0.1:8000/"
    if first:
        config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)


rebuild(True)
for page, text in edits:
    time.sleep(0.05)  # a save comes after the build: its file time is later than the built page's
    Path(config_file).parent.joinpath("docs", page).write_text(text, encoding="utf-8")
    rebuild(False)
"""


def serve_build(config: Path, site: Path, *edits: str, dirty: bool = True) -> subprocess.CompletedProcess[str]:
    """Build as `make serve` does; ``edits`` are (page, new text) pairs saved one by one, each followed by a rebuild."""
    command = [sys.executable, "-c", SERVE_SCRIPT, str(config), str(site), "dirty" if dirty else "clean", *edits]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=config.parent, env=sitekit.build_env(), timeout=300
    )


def html_files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
        if "pagefind" not in path.parts
    }


def lesson(title: str, date: str, tags: list[str], cities: list[str]) -> str:
    return sitekit.page_text(title=title, date=date, tags=tags, cities=cities)


def test_a_dirty_rebuild_after_a_title_change_equals_a_full_build(tmp_path: Path) -> None:
    """Every listing, count, matrix cell and related link shows the new title, as if every page had been built."""
    themes = list(sitekit.THEMES)
    pages = {}
    for number in range(30):
        tags = [themes[number % 3]] + ([themes[(number + 1) % 3]] if number % 4 == 0 else [])
        cities = [sitekit.CITIES[number % 2]]
        date = f"2029-{number % 12 + 1:02d}-{number % 27 + 1:02d}"
        pages[f"lessen/les-{number:02d}.md"] = lesson(f"Les {number:02d}", date, tags, cities)
    config = sitekit.make_project(tmp_path / "project", pages)
    changed = lesson("Een nieuwe titel", "2029-12-28", [themes[0], themes[1]], [sitekit.CITIES[0]])

    dirty = serve_build(config, tmp_path / "dirty", "lessen/les-00.md", changed)
    assert dirty.returncode == 0, dirty.stderr
    full = serve_build(config, tmp_path / "full", dirty=False)  # the project now holds the changed page
    assert full.returncode == 0, full.stderr

    built_dirty = html_files(tmp_path / "dirty")
    built_full = html_files(tmp_path / "full")
    assert built_dirty.keys() == built_full.keys()
    differing = [name for name in built_full if built_dirty[name] != built_full[name]]
    assert differing == []
    cell = listings.cell_src(themes[0], sitekit.CITIES[0]).removesuffix(".md") + "/index.html"
    listing_pages = ("lessen/index.html", "index.html", cell, f"themas/{slugify(themes[1])}/index.html")
    assert all("Een nieuwe titel" in built_dirty[name] for name in listing_pages)
    related = [
        name for name, html in built_dirty.items() if name.startswith("lessen/les-0") and "Een nieuwe titel" in html
    ]
    assert related, "no lesson shows the changed lesson among its related pages"


def test_serve_box_shows_every_problem_of_the_page_in_dutch(tmp_path: Path) -> None:
    body = "# Proef\n\nZie [de andere les](bestaat-niet.md).\n"
    page = sitekit.page_text(title="Proef", tags=["Opendata"], body=body)
    config = sitekit.make_project(tmp_path, {"lessen/proef.md": page})
    done = serve_build(config, tmp_path / "site", dirty=False)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "lessen" / "proef" / "index.html").read_text(encoding="utf-8")
    box = html[html.index("Deze pagina heeft fouten") : html.index("</ul></div>")]
    assert "fm-tag" in box
    assert "link-missing" in box or "link-" in box
    assert "docs/lessen/proef.md:" in box
    assert "Doc file" not in done.stderr  # MkDocs' English link warning is replaced by the Dutch one
    assert "contains a link" not in done.stderr


def test_broken_front_matter_while_serving_is_one_problem_and_no_body(tmp_path: Path) -> None:
    """The template's comment lines and placeholders never become headings or follow-on problems."""
    text = "---\ntitle: Let op: dit\ndescription: x\n---\n\n# Een kop uit het sjabloon\n\n<korte-naam>\n"
    config = sitekit.make_project(tmp_path, {"lessen/proef.md": text})
    done = serve_build(config, tmp_path / "site", dirty=False)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "lessen" / "proef" / "index.html").read_text(encoding="utf-8")
    box = html[html.index("Deze pagina heeft fouten") : html.index("</ul></div>")]
    assert box.count("<li>") == 1
    assert "fm-yaml" in box
    assert "Een kop uit het sjabloon" not in html
    assert "korte-naam" not in html.replace(box, "")


def test_the_search_page_says_the_index_follows_after_a_pause_while_serving(tmp_path: Path) -> None:
    config = sitekit.make_project(tmp_path)
    done = serve_build(config, tmp_path / "site", dirty=False)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "zoeken" / "index.html").read_text(encoding="utf-8")
    assert "Zoeken tijdens het bewerken" in html
    built = sitekit.build(config)
    assert built.returncode == 0, built.stderr
    assert "Zoeken tijdens het bewerken" not in (sitekit.site_dir(config) / "zoeken" / "index.html").read_text("utf-8")


HOSTILE_HEADING = "# Over &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;\n\nTekst.\n"
HOSTILE_KEY_TITLE = '---\ntitle:\n  "<img src=x onerror=alert(2)>": 1\ndescription: Een pagina.\n---\n\n# Kop\n'


def no_live_markup(site: Path) -> None:
    files = list(site.rglob("*.html"))
    assert files
    for path in files:
        html = path.read_text(encoding="utf-8")
        for tag, attrs, _ in elements(html):
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
        title = html[html.index("<title>") : html.index("</title>")]
        assert "<img" not in title, path


@pytest.mark.parametrize("serving", [False, True], ids=["build", "serve"])
def test_titles_are_text_wherever_they_land(tmp_path: Path, serving: bool) -> None:
    """A title from a heading, or a mapping with markup in its key: nothing of it comes alive in any file.

    The strict build may refuse the mapping (a title must be text); then it names the page. Served, both pages are
    rendered with the problem on top, and still nothing comes alive.
    """
    nav = [*sitekit.NAV, {"Over": ["over/index.md", "over/sleutel.md"]}]
    pages = {"over/index.md": HOSTILE_HEADING, "over/sleutel.md": HOSTILE_KEY_TITLE}
    config = sitekit.make_project(tmp_path / "project", pages, extra_config={"nav": nav})
    site = tmp_path / "site"
    if serving:
        done = serve_build(config, site, dirty=False)
        assert done.returncode == 0, done.stderr
    else:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
            capture_output=True,
            text=True,
            check=False,
            env=sitekit.build_env(),
        )
        if done.returncode != 0:
            assert "over/sleutel.md" in done.stderr, done.stderr
            return
    no_live_markup(site)
    over = (site / "over" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in over
    assert "<title>Over &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; - " in over


def test_search_updates_while_serving_run_one_after_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """A save during a search-index update schedules the next one; it waits for the first to finish."""
    monkeypatch.setattr(live, "SEARCH_QUIET_SECONDS", 0.01)
    running: list[str] = []
    overlapped: list[tuple[str, ...]] = []
    finished: list[str] = []

    def update(name: str) -> Callable[[], None]:
        def run() -> None:
            running.append(name)
            if len(running) > 1:
                overlapped.append(tuple(running))
            time.sleep(0.3)
            running.remove(name)
            finished.append(name)

        return run

    live.update_search_later(update("eerste"))
    time.sleep(0.1)  # the first update is running now
    live.update_search_later(update("tweede"))
    deadline = time.monotonic() + 5
    while len(finished) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert finished == ["eerste", "tweede"]
    assert overlapped == []
