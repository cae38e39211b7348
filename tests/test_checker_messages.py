"""The Dutch messages a contributor meets most (issue 20): each with its exact text, on fixture projects.

Links to the site itself on any host, pictures, an unknown theme, and a broken ``mkdocs.yml``: the message says
where the problem is and what to write instead. Nothing here reads the live ``docs/``; the day is fixed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit
from smartcity import rules
from smartcity.model import REPO_ROOT

LES = "lessen/een-les.md"


def findings(config: Path, *args: str) -> list[dict[str, object]]:
    done = sitekit.check(config, "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def project_with_body(root: Path, body: str, **pages: str) -> Path:
    files = {
        LES: sitekit.page_text(body=f"# Een les\n\n{body}\n"),
        "lessen/de-knop.md": sitekit.page_text(title="Knop"),
    }
    files.update(pages)
    return sitekit.make_project(root, files)


# --- links to the site itself on a full address ------------------------------------------------------------------

OWN_SITE_LINKS = {
    "make-serve": ("[x](http://127.0.0.1:8000/lessen/de-knop/)", "[tekst](de-knop.md)"),
    "https-localhost": ("[x](https://localhost:8000/lessen/de-knop/#wat)", "[tekst](de-knop.md#wat)"),
    "ipv6": ("[x](http://[::1]:8000/themas/open-data/)", "[tekst](../themas/open-data.md)"),
    "alle-adressen": ("[x](http://0.0.0.0:8000/)", "[tekst](../index.md)"),
    "html-bestand": ("[x](http://localhost:8000/lessen/de-knop/index.html)", "[tekst](de-knop.md)"),
    "html-link": ('<a href="http://127.0.0.1:8000/steden/utrecht/">Utrecht</a>', "[tekst](../steden/utrecht.md)"),
}


@pytest.mark.parametrize("case", sorted(OWN_SITE_LINKS))
def test_a_link_to_this_site_on_a_local_address_becomes_the_relative_link(case: str, tmp_path: Path) -> None:
    link, fix = OWN_SITE_LINKS[case]
    found = findings(project_with_body(tmp_path, link))
    assert [(f["path"], f["rule"]) for f in found] == [(f"docs/{LES}", "link-own-site")]
    message = str(found[0]["message"])
    assert message.endswith(f"Schrijf de link naar het bestand in docs/, vanaf de map van deze pagina: {fix}")
    assert "link-http" not in {f["rule"] for f in found}  # https would not have fixed it; no advice to try it


def test_a_local_address_without_a_page_says_how_to_find_the_file(tmp_path: Path) -> None:
    found = findings(project_with_body(tmp_path, "[x](http://127.0.0.1:8000/lessen/de-knopp/)"))
    assert [f["rule"] for f in found] == ["link-own-site"]
    assert 'maar op dat adres staat geen pagina van docs/. Bedoelde u "de-knop.md"?' in str(found[0]["message"])


def test_the_published_sites_own_address_becomes_the_relative_link(tmp_path: Path, monkeypatch) -> None:
    """SITE_URL with a path (a project site on GitHub Pages): the path is taken off, other hosts are left alone."""
    body = "[a](https://voorbeeld.nl/lessen-site/lessen/de-knop/) [b](https://andere-site.nl/lessen/de-knop/)"
    config = project_with_body(tmp_path, body)
    monkeypatch.setenv("SITE_URL", "https://voorbeeld.nl/lessen-site/")
    found = findings(config)
    assert [(f["rule"], str(f["message"]).endswith("[tekst](de-knop.md)")) for f in found] == [("link-own-site", True)]
    monkeypatch.delenv("SITE_URL")
    assert findings(config) == []  # without SITE_URL that host is just another website


def test_an_image_on_a_local_address_becomes_the_relative_image(tmp_path: Path) -> None:
    config = project_with_body(tmp_path, "![logo](http://127.0.0.1:8000/assets/logo.png)")
    sitekit.write_file(tmp_path, "assets/logo.png", sitekit.png_picture())
    messages = [str(f["message"]) for f in findings(config) if f["rule"] == "link-own-site"]
    assert messages
    assert messages[0].endswith("![Wat er op de afbeelding staat](../assets/logo.png)")


# --- pictures ------------------------------------------------------------------------------------------------------


def test_a_missing_picture_says_pictures_belong_in_docs_assets(tmp_path: Path) -> None:
    found = findings(project_with_body(tmp_path, "![Foto](foto.png)"))
    assert [(f["rule"], f["line"]) for f in found] == [("link-missing", 14)]
    assert found[0]["message"] == rules.message(
        rules.Message.LINK_MISSING_PICTURE, url="foto.png", hint="", example="../assets/afbeelding.png"
    )
    assert "Afbeeldingen horen in de map docs/assets/" in str(found[0]["message"])


def test_a_missing_picture_whose_name_is_in_docs_assets_gets_that_link(tmp_path: Path) -> None:
    config = project_with_body(tmp_path, "![Foto](foto.png)")
    sitekit.write_file(tmp_path, "assets/foto.png", sitekit.png_picture())
    (finding,) = findings(config)
    assert 'Bedoelde u "../assets/foto.png"?' in str(finding["message"])


def test_a_picture_next_to_the_page_is_refused_with_the_move_to_docs_assets(tmp_path: Path) -> None:
    config = project_with_body(tmp_path, "![Foto](foto.png)")
    sitekit.write_file(tmp_path, "lessen/foto.png", sitekit.png_picture())
    found = findings(config)
    assert [(f["path"], f["rule"]) for f in found] == [("docs/lessen/foto.png", "file-static")]
    assert "docs/assets/foto.png" in str(found[0]["message"])


# --- an unknown theme ----------------------------------------------------------------------------------------------


def test_an_unknown_theme_lists_the_themes_and_says_what_to_do_when_one_is_missing(tmp_path: Path) -> None:
    page = sitekit.page_text(tags=["Privacy", "Opendata"])
    found = findings(sitekit.make_project(tmp_path, {LES: page}))
    messages = {f["line"]: str(f["message"]) for f in found if f["rule"] == "fm-tag"}
    privacy, opendata = messages[9], messages[10]
    choices = f"Kies uit: {', '.join(sitekit.THEMES)}."
    assert privacy.startswith(f'Het thema "Privacy" staat niet in de lijst met thema\'s. {choices}')
    assert "schrijf in uw pull request welk thema u mist" in privacy
    assert "iemand met schrijfrechten op de repository" in privacy
    assert opendata.startswith('Het thema "Opendata" staat niet in de lijst met thema\'s. Bedoelde u "Open data"?')


def test_bedoelde_u_is_written_one_way() -> None:
    """Every suggestion comes from ``rules.did_you_mean``; no module spells its own."""
    assert rules.did_you_mean("Open data") == ' Bedoelde u "Open data"?'
    assert rules.did_you_mean(None) == ""
    spelled = [
        path.relative_to(REPO_ROOT).as_posix()
        for path in (REPO_ROOT / "scripts").rglob("*.py")
        if re.search(r"Bedoel(de)? (u|je) \"?\{", path.read_text(encoding="utf-8")) and path.name != "rules.py"
    ]
    assert spelled == []


# --- a broken mkdocs.yml ------------------------------------------------------------------------------------------

REPO_CONFIG = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
# The last place of the live list and its indentation, as a contributor sees them in the file.
LAST_PLACE = re.search(r"^( *)- (.+)\n(?!\1- )", REPO_CONFIG.split("    cities:\n", 1)[1], re.M)
assert LAST_PLACE, "mkdocs.yml has a list of places under extra.content_model.cities"


def config_with_place_line(tmp_path: Path, line: str) -> Path:
    """The repository's mkdocs.yml with ``line`` added under the last place, as a contributor adds it."""
    last = LAST_PLACE.group(0)
    head, tail = REPO_CONFIG.split("    cities:\n", 1)
    config = tmp_path / "mkdocs.yml"
    config.write_text(head + "    cities:\n" + tail.replace(last, last.rstrip("\n") + "\n" + line + "\n", 1), "utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    return config


def six_spaces_fix() -> str:
    indent = LAST_PLACE.group(1)
    assert indent == " " * 6, "the guide and the message speak of six spaces"
    return (
        "Zet precies zes spaties voor '- Zwolle', zoals de regels erboven:\n"
        f"{indent}- {LAST_PLACE.group(2)}\n{indent}- Zwolle"
    )


@pytest.mark.parametrize("spaces", [0, 2, 4, 5, 7, 8])
def test_a_mis_indented_place_line_gets_the_line_and_the_fix_in_dutch(tmp_path: Path, spaces: int) -> None:
    config = config_with_place_line(tmp_path, " " * spaces + "- Zwolle")
    done = sitekit.check(config)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert f"mkdocs.yml, regel {line_of(config, '- Zwolle')}, kolom " in done.stderr
    assert "de inspringing van deze regel klopt niet." in done.stderr
    assert six_spaces_fix() in done.stderr


def line_of(config: Path, text: str) -> int:
    lines = config.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.strip() == text)


def test_a_correct_place_line_reads(tmp_path: Path) -> None:
    config = config_with_place_line(tmp_path, " " * 6 + "- Zwolle")
    done = sitekit.check(config)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_tab_in_mkdocs_yml_is_named(tmp_path: Path) -> None:
    config = config_with_place_line(tmp_path, "\t- Zwolle")
    done = sitekit.check(config)
    assert done.returncode == 2
    assert f"regel {line_of(config, '- Zwolle')}, kolom " in done.stderr
    assert "op deze regel staat een tab. Gebruik in mkdocs.yml alleen spaties om in te springen." in done.stderr


def test_make_new_and_make_check_print_the_message_without_a_traceback(tmp_path: Path) -> None:
    config = config_with_place_line(tmp_path, "    - Zwolle")
    for script in ("check_content.py", "new_page.py"):
        done = subprocess.run(
            [sys.executable, str(REPO_ROOT / "scripts" / script), "--config", str(config), "--docs", str(tmp_path)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, script
        assert "Traceback" not in done.stderr
        assert six_spaces_fix() in done.stderr, script
        assert "mkdocs.yml, regel" in done.stderr
