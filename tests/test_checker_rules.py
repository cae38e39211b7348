"""Every rule id: a failing and a passing example, with the exact line and column of the finding."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import NamedTuple

import pytest
from checker_fixtures.site import REPO, content, findings, make_site
from smartcity import rules as registry

LES = "lessen/x.md"


class Case(NamedTuple):
    failing: dict[str, str | bytes]
    passing: dict[str, str | bytes]
    where: tuple[str, int, int] | None  # (docs-relative path, line, column) of the failing finding
    config: str = ""
    args: tuple[str, ...] = ()


SNIPPETS = "\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs]\n"

CASES: dict[str, Case] = {
    "fm-missing": Case({LES: "# Geen front matter\n"}, {LES: content()}, (LES, 1, 1)),
    "fm-unclosed": Case({LES: "---\ntitle: Open\n\n# Kop\n"}, {LES: content()}, (LES, 1, 1)),
    "fm-yaml": Case(
        {LES: content(description="description: a: b")}, {LES: content(description='description: "a: b"')}, (LES, 3, 15)
    ),
    "fm-not-mapping": Case(
        {"over/index.md": "---\n- a\n- b\n---\n\n# X\n"},
        {"over/index.md": "---\ntitle: X\n---\n\n# X\n"},
        ("over/index.md", 2, 1),
    ),
    "fm-required": Case({LES: content(drop=("description",))}, {LES: content()}, (LES, 1, 1)),
    "fm-field-type": Case({LES: content(tags="tags: Open data")}, {LES: content()}, (LES, 8, 1)),
    "fm-unknown-key": Case({LES: content(extra="tgas:\n  - Open data")}, {LES: content()}, (LES, 10, 1)),
    "fm-date": Case({LES: content(date="date: 2024-02-30")}, {LES: content(date="date: 2024-02-29")}, (LES, 4, 1)),
    "fm-future-date": Case(
        {LES: content(date="date: 2030-01-01")}, {LES: content(date="date: 2024-12-31")}, (LES, 4, 1)
    ),
    "fm-type-folder": Case({LES: content(type="type: interview")}, {LES: content(type="type: les")}, (LES, 5, 1)),
    "fm-tag": Case(
        {LES: content(tags="tags:\n  - Opendata")}, {LES: content(tags="tags:\n  - Open data")}, (LES, 9, 5)
    ),
    "fm-city": Case(
        {LES: content(cities="cities:\n  - Cooperatie Duurzaam Brabant")},
        {LES: content(cities="cities:\n  - Coöperatie Duurzaam Brabant")},
        (LES, 7, 5),
    ),
    "fm-duplicate": Case(
        {LES: content(tags="tags:\n  - Open data\n  - Open data")},
        {LES: content(tags="tags:\n  - Open data\n  - Aanbesteden")},
        (LES, 10, 5),
    ),
    "fm-description-length": Case(
        {LES: content(description="description: " + "a" * 201)},
        {LES: content(description="description: " + "a" * 200)},
        (LES, 3, 1),
    ),
    "fm-title-length": Case(
        {LES: content(title="title: " + "Lange titel " * 10 + "x")},
        {LES: content(title="title: " + "Lange titel " * 10)},
        (LES, 2, 1),
    ),
    "fm-source-url": Case(
        {LES: content(extra="source:\n  title: Bron\n  url: http://example.org/a")},
        {LES: content(extra="source:\n  title: Bron\n  url: https://example.org/a")},
        (LES, 12, 8),
    ),
    "fm-listing": Case(  # the theme's own page (themas/<theme>.md), as the build expects it
        {"themas/aanbesteden.md": "---\ntitle: X\nlisting:\n  theme: Opendata\n---\n\n# X\n"},
        {"themas/aanbesteden.md": "---\ntitle: X\nlisting:\n  theme: Aanbesteden\n---\n\n# X\n"},
        ("themas/aanbesteden.md", 4, 10),
    ),
    "link-missing": Case(
        {LES: content("# T\n\nZie [de les](bestaat-niet.md).\n")},
        {LES: content("# T\n\nZie [de les](basis.md).\n")},
        (LES, 14, 14),
    ),
    "link-case": Case(
        {LES: content("# T\n\n[les](Basis.md) en ![logo](../assets/Logo.png)\n")},
        {LES: content("# T\n\n[les](basis.md) en ![logo](../assets/logo.png)\n")},
        (LES, 14, 7),
    ),
    "link-outside-docs": Case(
        {LES: content("# T\n\n[readme](../../README.md)\n")},
        {LES: content("# T\n\n[readme](../index.md)\n")},
        (LES, 14, 10),
    ),
    "link-absolute": Case(
        {LES: content("# T\n\n[les](/lessen/basis.md)\n")}, {LES: content("# T\n\n[les](basis.md)\n")}, (LES, 14, 7)
    ),
    "link-own-site": Case(
        {LES: content("# T\n\n[les](http://127.0.0.1:8000/lessen/basis/)\n")},
        {LES: content("# T\n\n[les](basis.md)\n")},
        (LES, 14, 7),
    ),
    "link-anchor": Case(
        {LES: content("# T\n\n[les](basis.md#wat-we-leren)\n")},
        {LES: content("# T\n\n[les](basis.md#wat-we-leerden) [c](basis.md#cooperatie-samenwerking)\n")},
        (LES, 14, 7),
    ),
    "link-undefined-ref": Case(
        {LES: content("# T\n\nZie [de les][basis].\n")},
        {LES: content("# T\n\nZie [de les][basis].\n\n[basis]: basis.md\n")},
        (LES, 14, 5),
    ),
    "link-snippet": Case(
        {LES: content('# T\n\n--8<-- "ontbreekt.md"\n')},
        {LES: content('# T\n\n--8<-- "index.md"\n')},
        (LES, 14, 9),
        config=SNIPPETS,
    ),
    "link-http": Case(
        {LES: content("# T\n\n[bron](http://example.org)\n")},
        {LES: content("# T\n\n[bron](https://example.org)\n")},
        (LES, 14, 8),
    ),
    "safety-script": Case(
        {LES: content("# T\n\n<script>alert(1)</script>\n")}, {LES: content("# T\n\nTekst.\n")}, (LES, 14, 1)
    ),
    "safety-embed": Case(
        {LES: content('# T\n\n<iframe src="https://example.org"></iframe>\n')},
        {LES: content("# T\n\n[Bekijk de video](https://example.org)\n")},
        (LES, 14, 1),
    ),
    "safety-event-attribute": Case(
        {LES: content('# T\n\n<img src="../../assets/logo.png" onerror="x()" alt="">\n')},
        {LES: content('# T\n\n<img src="../../assets/logo.png" alt="">\n')},
        (LES, 14, 34),
    ),
    "safety-javascript-url": Case(
        {LES: content("# T\n\n[klik](javascript:alert(1))\n")},
        {LES: content("# T\n\n[klik](basis.md)\n")},
        (LES, 14, 8),
    ),
    "safety-remote-media": Case(
        {LES: content("# T\n\n![pixel](https://tracker.example/p.gif)\n")},
        {LES: content("# T\n\n![logo](../assets/logo.png)\n")},
        (LES, 14, 10),
    ),
    "safety-html": Case(
        {LES: content('# T\n\n<form action="https://example.org"><input name="x"></form>\n')},
        {LES: content("# T\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |\n")},
        (LES, 14, 1),
    ),
    "site-duplicate-title": Case(
        {LES: content(title="title: Basis")}, {LES: content(title="title: Andere titel")}, (LES, 2, 1)
    ),
    "site-orphan": Case(
        {"meetups/x.md": content(type="type: meetup", tags="tags:\n  - Onbekend")},
        {
            "meetups/x.md": content(type="type: meetup", tags="tags:\n  - Onbekend"),
            "index.md": "---\ntitle: Start\n---\n\n[x](meetups/x.md) [b](lessen/basis.md)\n",
        },
        ("meetups/x.md", 1, 1),
    ),
    "site-review-due": Case(
        {LES: content(date="date: 2022-12-01")},
        {LES: content(date="date: 2022-12-01", extra="reviewed: 2024-06-01")},
        (LES, 4, 1),
    ),
    "file-encoding": Case(
        {LES: content().replace("Testpagina", "Caf\xe9").encode("latin-1")},
        {LES: content().replace("Testpagina", "Caf\xe9").encode("utf-8")},
        (LES, 2, 1),
    ),
    "file-binary": Case({LES: b"---\ntitle: x\x00\n---\n"}, {LES: content()}, (LES, 1, 1)),
    "file-empty": Case({LES: "  \n"}, {LES: content()}, (LES, 1, 1)),
    "file-name": Case(
        {"lessen/Open Data.md": content()}, {"lessen/open-data.md": content()}, ("lessen/Open Data.md", 1, 1)
    ),
    "file-location": Case(
        {"over/x.md": "---\ntitle: X\n---\n\n# X\n"},
        {"over/open-data.md": "---\ntitle: X\n---\n\n# X\n"},
        ("over/x.md", 1, 1),
    ),
    "fm-markup": Case(
        {LES: content(title='title: "<b>Vet</b>"')}, {LES: content(title="title: Kosten < baten & meer")}, (LES, 2, 1)
    ),
    "fm-control": Case(
        {LES: content(title='title: "Les\\x0b een"')}, {LES: content(title='title: "Les een"')}, (LES, 2, 1)
    ),
    "md-too-complex": Case(
        {LES: content("# Testpagina\n\n" + "[" * 10_000 + "\n")},
        {LES: content("# Testpagina\n\nTekst met \\[haken\\].\n")},
        (LES, 14, 1),
    ),
    "fm-people-absent": Case(
        {LES: content(extra="people:\n  - Anna de Vries")},
        {LES: content("# Testpagina\n\nAnna de\nVries zei het.\n", extra="people:\n  - Anna de Vries")},
        (LES, 11, 5),
    ),
}

# Rules tested in other files (they need a server, a symlink, a big file or a broken rule).
ELSEWHERE = {
    "ext-broken",
    "ext-unreachable",
    "ext-refused",
    "file-unreadable",
    "file-too-large",
    "file-symlink",
    "internal-error",
    "file-static",  # tests/test_static_files.py
    "file-picture",  # tests/test_static_files.py
}

# A failing example may trigger other rules too (an orphan page with an unknown theme is also fm-tag).
ALSO_ALLOWED = {"site-orphan": {"fm-tag"}}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) | ELSEWHERE == set(registry.RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_failing_example(rule: str, tmp_path: Path) -> None:
    case = CASES[rule]
    root = make_site(tmp_path, case.failing, case.config)
    status, found = findings(root, *case.args)
    rules = {f["rule"] for f in found}
    assert rule in rules, found
    assert rules <= {rule} | ALSO_ALLOWED.get(rule, set()), found
    assert status == (1 if registry.RULES[rule].severity == "error" or rules - {rule} else 0)
    if case.where:
        rel, line, column = case.where
        hits = [(f["path"], f["line"], f["column"]) for f in found if f["rule"] == rule]
        assert (f"docs/{rel}", line, column) in hits, found


@pytest.mark.parametrize("rule", sorted(CASES))
def test_passing_example(rule: str, tmp_path: Path) -> None:
    case = CASES[rule]
    root = make_site(tmp_path, case.passing, case.config)
    status, found = findings(root, *case.args)
    allowed = ALSO_ALLOWED.get(rule, set())
    assert [f for f in found if f["rule"] not in allowed] == []
    assert status == (1 if found else 0)


def test_every_symlink_is_refused_and_never_followed(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    os.symlink("loop.md", root / "docs" / "lessen" / "loop.md")
    os.symlink("/etc", root / "docs" / "assets" / "systeem")
    os.symlink("..", root / "docs" / "over")
    status, found = findings(root)
    assert status == 1
    assert sorted((f["path"], f["rule"]) for f in found) == [
        ("docs/assets/systeem", "file-symlink"),
        ("docs/lessen/loop.md", "file-symlink"),
        ("docs/over", "file-symlink"),
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    """A file that cannot be opened (here a Unix socket, which even root cannot read) is a finding."""
    root = make_site(tmp_path)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "docs" / "lessen" / "stopcontact.md"))
        status, found = findings(root)
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [("docs/lessen/stopcontact.md", "file-unreadable")]


def test_too_large_file(tmp_path: Path) -> None:
    root = make_site(tmp_path, {LES: content("# T\n\n" + "tekst " * 2_000_000)})
    assert (root / "docs" / LES).stat().st_size > 10 * 1024 * 1024
    status, found = findings(root)
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [(f"docs/{LES}", "file-too-large")]
    small = make_site(tmp_path / "small", {LES: content("# T\n\n" + "tekst " * 1000)})
    assert findings(small) == (0, [])


def test_internal_error_becomes_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smartcity.checker import engine

    def broken(page: object) -> list[object]:
        raise ZeroDivisionError("bug")

    root = make_site(tmp_path, {LES: content()})
    monkeypatch.setattr(engine.links, "check", broken)
    status, found = findings(root)
    assert status == 1
    assert {f["rule"] for f in found} == {"internal-error"}
    assert f"docs/{LES}" in {f["path"] for f in found}
    monkeypatch.undo()
    assert findings(root) == (0, [])


def test_suggestions_in_messages(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            LES: content(tags="tags:\n  - opendata", cities="cities:\n  - Den haag", extra="tgas: x"),
        },
    )
    _, found = findings(root)
    messages = {f["rule"]: f["message"] for f in found}
    assert 'Bedoelde u "Open data"?' in messages["fm-tag"]
    assert 'Bedoelde u "Den Haag"?' in messages["fm-city"]
    assert 'Bedoelde u "tags"?' in messages["fm-unknown-key"]


def test_regels_page_documents_every_rule() -> None:
    text = (REPO / "docs" / "bijdragen" / "regels.md").read_text(encoding="utf-8")
    missing = [rule for rule in registry.RULES if f"`{rule}`" not in text]
    assert missing == []
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (fout|waarschuwing) \|", text, re.M))
    severity = {"fout": registry.ERROR, "waarschuwing": registry.WARNING}
    assert {rule: severity[kind] for rule, kind in documented.items()} == {
        rule.id: rule.severity for rule in registry.RULES.values()
    }


def test_message_enum_and_rules_yml_name_the_same_keys() -> None:
    """Every message in rules.yml has a ``Message`` member and every member a message, so a key can't be misspelt."""
    in_yml = {
        rule.id if variant == "" else f"{rule.id}:{variant}"
        for rule in registry.RULES.values()
        for variant, text in rule.messages.items()
        if text
    }
    in_enum = {member.value for member in registry.Message}
    assert sorted(in_enum - in_yml) == []
    assert sorted(in_yml - in_enum) == []
    for member in registry.Message:
        assert member.name == member.value.replace(":", "_").replace("-", "_").upper()
        assert registry.RULES[member.rule].messages[member.variant]


def test_a_misspelt_message_key_fails_at_once() -> None:
    own = registry.RULES["fm-listing"].messages["own"]
    assert registry.message(registry.Message.FM_LISTING_OWN) == own.format()
    with pytest.raises(ValueError, match="fm-listing:onw"):
        registry.message("fm-listing:onw")


def test_every_rule_is_complete() -> None:
    for rule in registry.RULES.values():
        assert rule.severity in (registry.ERROR, registry.WARNING), rule.id
        assert rule.summary, rule.id
        assert any(rule.messages.values()), rule.id


def test_a_raw_html_link_is_resolved_against_each_page_url(tmp_path: Path) -> None:
    """``<a href="basis/">`` works on lessen/index.md (URL lessen/) but not on lessen/x.md (URL lessen/x/)."""
    link = '\n<a href="basis/">De basisles</a>\n'
    index = "---\ntitle: Lessen\nlisting:\n  type: les\n---\n\n# Lessen\n" + link
    root = make_site(tmp_path, {"lessen/index.md": index, LES: content(body="# X\n" + link)})
    status, found = findings(root)
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [("docs/lessen/x.md", "link-missing")]
