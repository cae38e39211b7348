"""The checker and the strict build agree: what the checker passes builds, what stops the build the checker says first.

Each case is built for real (a copy of the site) and checked; the checker's verdict
must equal the build's, neither may print a traceback, and the checker's Dutch
message carries the suggestion that fixes it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build

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


def lesson(body: str = "Tekst.", title: str = "Proefles", date: str = "2025-01-01", city: str = "Utrecht") -> str:
    return LESSON.format(body=body, title=title, date=date, city=city)


def check(root: Path) -> tuple[int, list[dict[str, object]], str]:
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "check_content.py"), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
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
    "gemaakte-plaats": ("[x](../steden/g32.md)", True),
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
    "afbeelding": ("![logo](../assets/favicon.svg)", True),
    "afbeelding-weg": ("![logo](../assets/weg.png)", False),
    "referentie": ("[x][r]\n\n[r]: de-knop-moet-om.md", True),
    "referentie-weg": ("[x][r]\n\n[r]: weg.md", False),
    "eigen-map": ("[x](./)", False),
    "map-met-index": ("[x](../over/)", False),
    "index-in-map": ("[x](index.md)", True),
    "md-in-html": ("<div markdown>\n[x](weg.md)\n</div>", False),
}


@pytest.fixture(scope="module")
def link_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, object]]]:
    root = tmp_path_factory.mktemp("links")
    config = copy_project(root)
    (root / "docs" / "steden" / "g32.md").unlink()  # the build makes this place page itself
    for name, (body, _ok) in LINK_FORMS.items():
        (root / "docs" / "lessen" / f"link-{name}.md").write_text(lesson(body, title=f"Link {name}"), "utf-8")
    built = mkdocs_build(config, root / "site", strict=False)
    _, found, _ = check(root)
    return root, built.stderr, found


def test_every_link_form_gets_the_same_verdict(link_site) -> None:
    _, log, found = link_site
    refused_by_build = set(re.findall(r"Doc file '(lessen/link-[^']+\.md)'", log))
    refused_by_checker = {str(f["path"]).removeprefix("docs/") for f in found if f["severity"] == "error"}
    for name, (_body, ok) in LINK_FORMS.items():
        src = f"lessen/link-{name}.md"
        assert (src not in refused_by_build) == ok, (name, "build")
        assert (src not in refused_by_checker) == ok, (name, "checker", [f for f in found if src in str(f["path"])])


def test_link_messages_name_the_file_that_was_meant(link_site) -> None:
    _, _, found = link_site
    message = {str(f["path"]).removeprefix("docs/lessen/link-").removesuffix(".md"): str(f["message"]) for f in found}
    assert 'Bedoelde je "de-knop-moet-om.md"?' in message["adres-uit-browser"]
    assert 'Bedoelde je "de-knop-moet-om.md"?' in message["bestaat-niet"]
    assert 'Bedoelde je "de-knop-moet-om.md"?' in message["html-extensie"]
    assert 'Bedoelde je "../themas/index.md"?' in message["map-vorm"]


def test_raw_html_links_are_checked_on_purpose_though_mkdocs_does_not(tmp_path: Path) -> None:
    """MkDocs leaves raw HTML alone; a broken <a href> would reach readers, so the checker is stricter here."""
    config = copy_project(tmp_path)
    (tmp_path / "docs" / "lessen" / "html-link.md").write_text(lesson('<a href="weg/">x</a>'), "utf-8")
    assert mkdocs_build(config, tmp_path / "site").returncode == 0
    status, found, _ = check(tmp_path)
    assert status == 1 and [f["rule"] for f in found] == ["link-missing"]


# --- 2. Contributor mistakes (issue 13): same verdict, no traceback, a message that fixes it --------

MISTAKES = {
    "nederlandse-datum": ({"lessen/proef.md": lesson(date="27-11-2024")}, "Bedoel je 2024-11-27?"),
    "nieuwe-plaats": ({"lessen/proef.md": lesson(city="Zwolle")}, "extra.content_model.cities"),
    "onbekend-thema-bijna": ({"lessen/proef.md": lesson().replace("Aanbesteden", "aanbesteding")}, "Aanbesteden"),
    "bestandsnaam": ({"lessen/Open data Zwolle.md": lesson()}, '"open-data-zwolle.md"'),
    "onbekende-lijst": ({"over/lijst.md": "---\ntitle: Lijst\n---\n\n# Lijst\n\n<!-- listing:alles -->\n"}, "listing"),
    "html-in-titel": ({"lessen/proef.md": lesson(title='"<b>Vet</b>"')}, "HTML-code"),
    "lijst-met-kapotte-datum": ({"lessen/proef.md": "---\n- 2024-02-30\n---\n\n# Proef\n"}, "'veld: waarde'"),
    "kapotte-yaml": ({"lessen/proef.md": lesson(title="Let op: dit")}, "aanhalingstekens"),
    "verkeerde-map": ({"verhalen/proef.md": lesson()}, "docs/lessen/"),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_mistake_stops_checker_and_build_alike(case: str, tmp_path: Path) -> None:
    files, hint = MISTAKES[case]
    config = copy_project(tmp_path)
    for rel, text in files.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    status, found, err = check(tmp_path)
    built = mkdocs_build(config, tmp_path / "site")
    assert "Traceback" not in err + built.stderr
    assert (status == 1) == (built.returncode != 0) == True  # noqa: E712 - both refuse
    assert any(hint in str(f["message"]) for f in found), found


def test_a_new_place_is_one_line_in_the_model(tmp_path: Path) -> None:
    """Adding the place to extra.content_model.cities is all it takes: its page is made, both pass."""
    config = copy_project(tmp_path)
    (tmp_path / "docs" / "lessen" / "proef.md").write_text(lesson(city="Zwolle"), "utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      - Utrecht\n", "      - Utrecht\n      - Zwolle\n", 1), encoding="utf-8")
    assert check(tmp_path)[0] == 0
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "steden" / "zwolle" / "index.html").read_text(encoding="utf-8")
    assert "Proefles" in page and ">Zwolle<" in page


def test_serve_mode_shows_problems_on_the_page_instead_of_stopping(tmp_path: Path) -> None:
    """What `make serve` does after a bad edit: the page says what is wrong, in Dutch; nothing hangs."""
    copy_project(tmp_path)
    (tmp_path / "docs" / "lessen" / "proef.md").write_text(lesson(date="27-11-2024"), "utf-8")
    script = (
        "import sys; from mkdocs.commands.build import build; from mkdocs.config import load_config\n"
        "cfg = load_config(sys.argv[1], strict=False, site_dir=sys.argv[2]); cfg.plugins.on_startup(command='serve', "
        "dirty=False); build(cfg)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "mkdocs.yml"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "lessen" / "proef" / "index.html").read_text(encoding="utf-8")
    assert "Deze pagina heeft fouten" in page and "Bedoel je 2024-11-27?" in page
