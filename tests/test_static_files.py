"""What a contribution may add under docs/ besides pages (smartcity.static_files): pictures in docs/assets/, checked
by content; nothing that the theme or the build writes; no HTML, SVG, XML, JavaScript, CSS or other page formats."""

from __future__ import annotations

from pathlib import Path

import pytest
import sitekit
from smartcity import static_files

PNG = sitekit.png_picture()
PICTURES = {
    "assets/foto.png": PNG,
    "assets/foto.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 16,
    "assets/foto.jpeg": b"\xff\xd8\xff\xdb" + b"\x00" * 16,
    "assets/foto.gif": b"GIF89a" + b"\x00" * 16,
    "assets/lessen/foto.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
}


def _write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_pictures_in_assets_are_allowed(tmp_path: Path) -> None:
    docs = _write(tmp_path, PICTURES)
    assert static_files.findings(sorted(PICTURES), docs) == {}


def test_pages_and_files_mkdocs_never_publishes_are_not_looked_at() -> None:
    assert static_files.findings(["index.md", "lessen/x.md", ".DS_Store", "lessen/.x.html", ".well-known/x"]) == {}


@pytest.mark.parametrize(
    ("rel", "variant"),
    [
        ("lessen/x.html", ""),
        ("x.htm", ""),
        ("x.xhtml", ""),
        ("x.xml", ""),
        ("sw.js", ""),
        ("assets/x.mjs", ""),
        ("assets/site.css", ""),
        ("x.json", ""),
        ("assets/x.txt", ""),
        ("lessen/x.markdown", "page"),
        ("lessen/x.mdown", "page"),
        ("lessen/x.MKD", "page"),
        ("assets/x.svg", "svg"),
        ("lessen/foto.png", "place"),
        ("foto.jpg", "place"),
        ("assets/javascripts/bundle.a5f9d56c.min.js", "reserved"),
        ("assets/javascripts/nieuw.png", "reserved"),
        ("assets/stylesheets/main.57a0d79d.min.css", "reserved"),
        ("assets/images/favicon.png", "reserved"),
        ("assets/favicon.svg", "reserved"),
        ("assets/javascripts/search.js", "reserved"),
        ("pagefind/pagefind-entry.json", "reserved"),
        ("search/search_index.json", "reserved"),
        ("feed.xml", "reserved"),
        ("open-data/paginas.csv", "reserved"),
        ("robots.txt", "reserved"),
        ("sitemap.xml", "reserved"),
        ("sitemap.xml.gz", "reserved"),
        ("404.html", "reserved"),
        ("FEED.XML", "reserved"),
    ],
)
def test_other_files_are_refused_with_the_fix(rel: str, variant: str) -> None:
    [(path, finding)] = static_files.findings([rel]).items()
    assert path == rel
    assert finding.path == f"docs/{rel}"
    assert finding.rule == "file-static"
    assert finding.line == 1
    assert rel in finding.message
    wanted = {"": "Zet tekst in een pagina", "page": ".md", "svg": "PNG of WebP", "place": "docs/assets/"}
    wanted["reserved"] = "vervangen"
    assert wanted[variant] in finding.message


def test_the_theme_and_build_paths_come_from_the_theme_and_the_exports() -> None:
    theme = static_files.theme_files()
    assert "assets/javascripts/search.js" in theme  # overrides/ (the site's own script)
    assert any(rel.startswith("assets/javascripts/bundle.") for rel in theme)  # Material's
    assert not any(rel.endswith((".html", ".py")) for rel in theme)  # templates and the hook are not copied
    assert static_files.written_by_build("feed-thema-open-data.xml")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("foto.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='x'/>"),
        ("foto.png", PICTURES["assets/foto.gif"]),
        ("foto.jpg", PNG),
        ("foto.webp", b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\x00" * 8),
        ("foto.gif", b""),
    ],
)
def test_a_picture_must_be_what_its_extension_says(tmp_path: Path, name: str, data: bytes) -> None:
    rel = f"assets/{name}"
    docs = _write(tmp_path, {rel: data})
    [finding] = static_files.findings([rel], docs).values()
    assert finding.rule == "file-picture"
    assert "sla het opnieuw op" in finding.message


def test_a_picture_has_a_size_cap(tmp_path: Path) -> None:
    rel = "assets/groot.png"
    docs = _write(tmp_path, {rel: PNG + b"\x00" * static_files.MAX_PICTURE_BYTES})
    [finding] = static_files.findings([rel], docs).values()
    assert finding.message.startswith(f"{rel} is groter dan 5 MB")
