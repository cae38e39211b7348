"""The publish gate (scripts/publish_gate.py, smartcity.gate): it passes a site as the build makes it, and refuses a
copy of that site tampered with after the build, naming the file in Dutch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit
from smartcity import gate

ROOT = Path(__file__).resolve().parents[1]
GATE = ROOT / "scripts" / "publish_gate.py"
LESSON = "lessen/een-les-over-open-data/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small site built once: (its mkdocs.yml, its site/ folder)."""
    root = tmp_path_factory.mktemp("gate")
    body = "# Een les over open data\n\nZie [de lijst](../index.md).\n\n![Een punt](../assets/punt.png)\n"
    pages = {
        "lessen/een-les-over-open-data.md": sitekit.page_text(body=body),
        # The 404 page links to this page.
        "over/toegankelijkheid.md": "---\ntitle: Toegankelijkheid\n---\n\n# Toegankelijkheid\n",
    }
    nav = [*sitekit.NAV, {"Over": ["over/toegankelijkheid.md"]}]
    config = sitekit.make_project(root, pages, extra_config={"nav": nav})
    sitekit.write_file(root, "assets/punt.png", sitekit.png_picture())
    result = sitekit.build(config)
    assert result.returncode == 0, result.stderr
    return config, sitekit.site_dir(config)


@pytest.fixture
def site(built: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the built site to tamper with."""
    return Path(shutil.copytree(built[1], tmp_path / "site"))


def refusals(site: Path, config: Path) -> list[gate.Refusal]:
    return gate.check(site, config)


def test_the_gate_passes_the_site_the_build_made(built: tuple[Path, Path]) -> None:
    config, site = built
    assert (site / "assets" / "punt.png").is_file()
    assert refusals(site, config) == []
    done = subprocess.run([sys.executable, GATE, str(site), "--config", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mag online" in done.stdout


def _insert(path: Path, before: str, text: str) -> None:
    page = path.read_text(encoding="utf-8")
    assert before in page
    path.write_text(page.replace(before, text + before, 1), encoding="utf-8")


def test_a_script_injected_after_the_build_is_refused(built: tuple[Path, Path], site: Path) -> None:
    _insert(site / LESSON, "</body>", "<script>window.__pwned=1</script>")
    [refusal] = refusals(site, built[0])
    assert refusal.path == LESSON
    assert "script" in refusal.what


def test_a_script_from_another_host_is_refused(built: tuple[Path, Path], site: Path) -> None:
    _insert(site / "index.html", "</head>", '<script src="https://example.org/x.js"></script>')
    assert {r.path for r in refusals(site, built[0])} == {"index.html"}


def test_an_onerror_attribute_in_content_is_refused(built: tuple[Path, Path], site: Path) -> None:
    _insert(site / LESSON, "<!-- /scl:content -->", '<img src="../../assets/punt.png" onerror="window.__pwned=1">')
    found = refusals(site, built[0])
    assert {r.path for r in found} == {LESSON}
    assert any("onerror" in r.what for r in found)


def test_content_outside_the_allowlist_is_refused(built: tuple[Path, Path], site: Path) -> None:
    _insert(site / LESSON, "<!-- /scl:content -->", '<p data-pagefind-meta="url:https://example.org">x</p>')
    [refusal] = refusals(site, built[0])
    assert "data-pagefind-meta" in refusal.what


def test_a_remote_base_in_the_theme_configuration_is_refused(built: tuple[Path, Path], site: Path) -> None:
    page = site / LESSON
    page.write_text(page.read_text(encoding="utf-8").replace('"base": "../.."', '"base": "https://example.org"'))
    [refusal] = refusals(site, built[0])
    assert "https://example.org" in refusal.what


def test_an_empty_search_index_file_is_refused(built: tuple[Path, Path], site: Path) -> None:
    (site / "pagefind" / "pagefind-entry.json").write_bytes(b"")
    found = refusals(site, built[0])
    assert "pagefind/pagefind-entry.json" in {r.path for r in found}
    assert any("leeg" in r.what for r in found)


def test_a_missing_search_index_file_is_refused(built: tuple[Path, Path], site: Path) -> None:
    [meta] = (site / "pagefind").glob("pagefind.*.pf_meta")
    meta.unlink()
    assert [r.path for r in refusals(site, built[0])] == [f"pagefind/{meta.name}"]


def test_a_broken_feed_is_refused(built: tuple[Path, Path], site: Path) -> None:
    (site / "feed.xml").write_text("<rss><channel><title>x</channel>", encoding="utf-8")
    [refusal] = refusals(site, built[0])
    assert (refusal.path, "kan niet gelezen worden") == ("feed.xml", refusal.what[: len("kan niet gelezen worden")])


def test_a_broken_export_is_refused(built: tuple[Path, Path], site: Path) -> None:
    (site / "open-data" / "paginas.json").write_text('{"pages": [', encoding="utf-8")
    assert [r.path for r in refusals(site, built[0])] == ["open-data/paginas.json"]


def test_a_dangling_internal_link_is_refused(built: tuple[Path, Path], site: Path) -> None:
    _insert(site / LESSON, "<!-- /scl:content -->", '<p><a href="../bestaat-niet/">weg</a></p>')
    [refusal] = refusals(site, built[0])
    assert refusal.path == LESSON
    assert "bestaat-niet" in refusal.what


def test_an_unexpected_file_is_refused(built: tuple[Path, Path], site: Path) -> None:
    (site / "sw.js").write_text("self.addEventListener('fetch', () => {})", encoding="utf-8")
    (site / "extra.html").write_text("<p>x</p>", encoding="utf-8")
    assert [r.path for r in refusals(site, built[0])] == ["extra.html", "sw.js"]


def test_a_changed_theme_file_is_refused(built: tuple[Path, Path], site: Path) -> None:
    [bundle] = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    bundle.write_text("window.__pwned=1", encoding="utf-8")
    assert [r.path for r in refusals(site, built[0])] == [f"assets/javascripts/{bundle.name}"]


def test_a_picture_that_is_not_one_is_refused(built: tuple[Path, Path], site: Path) -> None:
    (site / "assets" / "punt.png").write_text("<svg onload='x'/>", encoding="utf-8")
    assert [r.path for r in refusals(site, built[0])] == ["assets/punt.png"]


def test_the_command_line_says_what_and_how_in_dutch(built: tuple[Path, Path], site: Path) -> None:
    (site / "sw.js").write_text("x", encoding="utf-8")
    done = subprocess.run([sys.executable, GATE, str(site), "--config", str(built[0])], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{site.as_posix()}/sw.js: hoort niet bij de site")
    assert " — haal het bestand weg" in done.stdout
    missing = subprocess.run([sys.executable, GATE, str(site / "nergens")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "bestaat niet" in missing.stderr
