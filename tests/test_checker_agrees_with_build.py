"""The checker and the strict build agree: what the checker passes builds, what stops the build the checker says first.

Each case is built for real (a small fixture project, tests/sitekit.py, with a fixed "today") and checked; the
checker's verdict must equal the build's, neither may print a traceback, and the checker's Dutch message carries the
suggestion that fixes it. Nothing here reads the live docs/ or the calendar.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit

LESSON = """---
title: {title}
description: Een proefles.
date: {date}
type: les
cities:
  - {city}
tags:
  - Aanbesteden
---

# Proef

{body}
"""

# The page most link forms point at, with the heading "bestand-anker" links to.
TARGET = sitekit.page_text(title="De knop moet om", body="# De knop moet om\n\n## Wat Utrecht doet\n\nTekst.\n")


def lesson(body: str = "Tekst.", title: str = "Proefles", date: str = sitekit.PAGE_DATE, city: str = "Utrecht") -> str:
    return LESSON.format(body=body, title=title, date=date, city=city)


def check(config: Path) -> tuple[int, list[dict[str, object]], str]:
    done = sitekit.check(config, "--format", "json")
    return done.returncode, json.loads(done.stdout or "[]"), done.stderr


# --- 1. Every way of writing a link: the checker's verdict is MkDocs' own ----------------------------

LINK_FORMS = {
    "bestand": ("[x](de-knop-moet-om.md)", True),
    "bestand-anker": ("[x](de-knop-moet-om.md#wat-utrecht-doet)", True),
    "bestand-fout-anker": ("[x](de-knop-moet-om.md#bestaat-niet)", False),
    "eigen-anker": ("[x](#proef)", True),
    "eigen-fout-anker": ("[x](#bestaat-niet)", False),
    "map-omhoog": ("[x](../index.md)", True),
    "thema": ("[x](../themas/open-data.md)", True),
    "gemaakte-plaats": ("[x](../steden/utrecht.md)", True),
    "map-vorm": ("[x](../themas/)", False),
    "adres-uit-browser": ("[x](../de-knop-moet-om/)", False),
    "zonder-extensie": ("[x](de-knop-moet-om)", False),
    "html-extensie": ("[x](de-knop-moet-om.html)", False),
    "hoofdletters": ("[x](De-knop-moet-om.md)", False),
    "absoluut": ("[x](/lessen/de-knop-moet-om.md)", False),
    "buiten-docs": ("[x](../../README.md)", False),
    "bestaat-niet": ("[x](knop-moet-om.md)", False),
    "punt-slash": ("[x](./de-knop-moet-om.md)", True),
    "query": ("[x](de-knop-moet-om.md?a=1)", True),
    "spatie-gecodeerd": ("[x](de%20knop.md)", False),
    "hoekhaken": ("[x](<de-knop-moet-om.md>)", True),
    "met-titel": ('[x](de-knop-moet-om.md "De knop")', True),
    "extern": ("[x](https://example.org/a)", True),
    "mail": ("[x](mailto:iemand@example.org)", True),
    "afbeelding": ("![logo](../assets/logo.png)", True),
    "afbeelding-weg": ("![logo](../assets/weg.png)", False),
    "referentie": ("[x][r]\n\n[r]: de-knop-moet-om.md", True),
    "referentie-weg": ("[x][r]\n\n[r]: weg.md", False),
    "eigen-map": ("[x](./)", False),
    "map-met-index": ("[x](../bijdragen/)", False),
    "index-in-map": ("[x](index.md)", True),
    "md-in-html": ("<div markdown>\n[x](weg.md)\n</div>", False),
}


@pytest.fixture(scope="module")
def link_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, object]]]:
    root = tmp_path_factory.mktemp("links")
    pages = {f"lessen/link-{name}.md": lesson(body, title=f"Link {name}") for name, (body, _ok) in LINK_FORMS.items()}
    config = sitekit.make_project(root, {"lessen/de-knop-moet-om.md": TARGET, **pages})
    sitekit.write_file(root, "assets/logo.png", sitekit.png_picture())
    built = sitekit.build(config, strict=False)
    _, found, _ = check(config)
    return root, built.stderr, found


def test_every_link_form_gets_the_same_verdict(link_site) -> None:
    """Three verdicts agree: MkDocs' own link validation (its "Doc file … contains a link" lines, at INFO level), the
    build's (the hook prints the checker's Dutch lines and stops a strict build) and the checker's."""
    _, log, found = link_site
    refused_by_mkdocs = set(re.findall(r"Doc file '(lessen/link-[^']+\.md)'", log))
    build_line = re.compile(r"^(?:ERROR|WARNING)\s+-\s+docs/(lessen/link-\S+?\.md):\d+:\d+: link-", re.M)
    refused_by_build = set(build_line.findall(log))
    refused_by_checker = {str(f["path"]).removeprefix("docs/") for f in found if f["severity"] == "error"}
    for name, (_body, ok) in LINK_FORMS.items():
        src = f"lessen/link-{name}.md"
        # MkDocs prints nothing for a missing anchor here: the hook checks anchors itself (links.verify_anchors).
        if "anker" not in name:
            assert (src not in refused_by_mkdocs) == ok, (name, "MkDocs")
        assert (src not in refused_by_build) == ok, (name, "build")
        assert (src not in refused_by_checker) == ok, (name, "checker", [f for f in found if src in str(f["path"])])


def test_link_messages_name_the_file_that_was_meant(link_site) -> None:
    _, _, found = link_site
    message = {str(f["path"]).removeprefix("docs/lessen/link-").removesuffix(".md"): str(f["message"]) for f in found}
    assert 'Bedoelde u "de-knop-moet-om.md"?' in message["adres-uit-browser"]
    assert 'Bedoelde u "de-knop-moet-om.md"?' in message["bestaat-niet"]
    assert 'Bedoelde u "de-knop-moet-om.md"?' in message["html-extensie"]
    assert 'Bedoelde u "../themas/index.md"?' in message["map-vorm"]


def test_raw_html_links_are_checked_on_purpose_though_mkdocs_does_not(tmp_path: Path) -> None:
    """MkDocs leaves raw HTML alone; a broken <a href> would reach readers, so the checker (and the build, which runs
    the checker's link rules) refuse it.

    The project holds this page and the fixture pages only, checked on a fixed day: no other finding can appear.
    """
    config = sitekit.make_project(tmp_path, {"lessen/html-link.md": lesson('<a href="weg/">x</a>')})
    status, found, _ = check(config)
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [("docs/lessen/html-link.md", "link-missing")]
    built = sitekit.build(config)
    assert built.returncode != 0
    assert "Doc file" not in built.stderr  # MkDocs itself says nothing about it
    line = f"{found[0]['path']}:{found[0]['line']}:{found[0]['column']}: link-missing {found[0]['message']}"
    assert line in built.stderr


# --- 2. Contributor mistakes (issue 13): same verdict, no traceback, a message that fixes it --------
# Zwolle is a place the fixture model does not know (sitekit.CITIES), whatever the live site lists.

MISTAKES = {
    "nederlandse-datum": ({"lessen/proef.md": lesson(date="27-11-2024")}, 'Bedoelde u "2024-11-27"?'),
    "nieuwe-plaats": ({"lessen/proef.md": lesson(city="Zwolle")}, "extra.content_model.cities"),
    "onbekend-thema-bijna": ({"lessen/proef.md": lesson().replace("Aanbesteden", "aanbesteding")}, "Aanbesteden"),
    "bestandsnaam": ({"lessen/Open data Zwolle.md": lesson()}, '"open-data-zwolle.md"'),
    "onbekende-lijst": ({"over/lijst.md": "---\ntitle: Lijst\n---\n\n# Lijst\n\n<!-- listing:alles -->\n"}, "listing"),
    "html-in-titel": ({"lessen/proef.md": lesson(title='"<b>Vet</b>"')}, "HTML-code"),
    "lijst-met-kapotte-datum": ({"lessen/proef.md": "---\n- 2024-02-30\n---\n\n# Proef\n"}, "'veld: waarde'"),
    "kapotte-yaml": ({"lessen/proef.md": lesson(title="Let op: dit")}, "aanhalingstekens"),
    "verkeerde-map": ({"verhalen/proef.md": lesson()}, "docs/lessen/"),
    # Files that are no page: the build reads a page with the checker's own reader.
    "nul-teken": ({"lessen/proef.md": lesson("Tekst \x00 hier.")}, "binaire gegevens"),
    "te-groot": ({"lessen/proef.md": lesson("Gewone tekst in een alinea.\n\n" * 80_000)}, "groter dan 2 MB"),
    "leeg": ({"over/leeg.md": " \n"}, "Het bestand is leeg"),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_mistake_stops_checker_and_build_alike(case: str, tmp_path: Path) -> None:
    files, hint = MISTAKES[case]
    assert "Zwolle" not in sitekit.CITIES
    config = sitekit.make_project(tmp_path, files)
    status, found, err = check(config)
    built = sitekit.build(config)
    assert "Traceback" not in err + built.stderr
    assert status == 1
    assert built.returncode != 0
    assert any(hint in str(f["message"]) for f in found), found


def test_checker_and_build_name_the_same_line_for_html_outside_the_allowlist(tmp_path: Path) -> None:
    """The build locates an allowlist problem in MkDocs' page.markdown, which starts after the blank lines behind the
    front matter; the checker in the file. Both must name the line the contributor sees."""
    body = "# Proef\n\nTekst.\n\n<script>alert(1)</script>\n"
    text = lesson(body=body)
    line = 1 + text.splitlines().index("<script>alert(1)</script>")
    config = sitekit.make_project(tmp_path, {"lessen/proef.md": text})
    _, found, _ = check(config)
    assert [(f["line"], f["rule"]) for f in found if f["rule"] == "safety-script"] == [(line, "safety-script")]
    built = sitekit.build(config)
    assert f"docs/lessen/proef.md:{line}:1: safety-script" in built.stderr


def test_a_new_place_is_one_line_in_the_model(tmp_path: Path) -> None:
    """Adding the place to extra.content_model.cities is all it takes: its page is made, both pass."""
    pages = {"lessen/proef.md": lesson(city="Zwolle")}
    config = sitekit.make_project(tmp_path, pages, cities=[*sitekit.CITIES, "Zwolle"])
    assert check(config)[0] == 0
    built = sitekit.build(config)
    assert built.returncode == 0, built.stderr
    page = (sitekit.site_dir(config) / "steden" / "zwolle" / "index.html").read_text(encoding="utf-8")
    assert "Proefles" in page
    assert ">Zwolle<" in page


def test_serve_mode_shows_problems_on_the_page_instead_of_stopping(tmp_path: Path) -> None:
    """What `make serve` does after a bad edit: the page says what is wrong, in Dutch; nothing hangs."""
    config = sitekit.make_project(tmp_path, {"lessen/proef.md": lesson(date="27-11-2024")})
    script = (
        "import sys; from mkdocs.commands.build import build; from mkdocs.config import load_config\n"
        "cfg = load_config(sys.argv[1], strict=False, site_dir=sys.argv[2]); cfg.plugins.on_startup(command='serve', "
        "dirty=False); build(cfg)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(config), str(sitekit.site_dir(config))],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=sitekit.build_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page = html.unescape((sitekit.site_dir(config) / "lessen" / "proef" / "index.html").read_text(encoding="utf-8"))
    assert "Deze pagina heeft fouten" in page
    assert 'Bedoelde u "2024-11-27"?' in page
