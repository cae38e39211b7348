"""The rendered-HTML allowlist (smartcity.html_policy) and its early run in the checker (checker.html_rules).

Each attack class, written as the HTML a page would render to, must give its
problem and a clean output without it; the site's own pages and a sample of every
enabled Markdown extension must pass unchanged; and the checker's cheap pre-test
must never skip a page that renders to something outside the allowlist.
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from hostile.corpus import HERE, cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from smartcity.checker import html_rules
from smartcity.html_policy import inspect
from smartcity.model import read_config

CONFIG = read_config(ROOT / "mkdocs.yml")
PWNED = "window.__pwned=1"
VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "base", "col", "embed", "source", "track", "area"}


class _Canonical(HTMLParser):
    """Start tags (attributes sorted, boolean ones as ""), end tags and decoded text.

    Comments are left out, and so is ``tbody``, which a browser (and html5ever) inserts into a table without one.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "tbody":
            self.items.append(("<", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID | {"tbody"}:
            self.items.append(("/", tag))

    def handle_data(self, data: str) -> None:
        if self.items and self.items[-1][0] == "text":
            self.items[-1] = ("text", self.items[-1][1] + data)
        else:
            self.items.append(("text", data))


def canonical(html: str) -> list[tuple[str, ...]]:
    """What a browser draws from well-formed ``html``: elements, attributes and text (only for trusted output)."""
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return parser.items


# (HTML as a page renders it, expected rule, element, attribute)
ATTACKS = [
    (f"<script>{PWNED}</script>", "safety-script", "script", ""),
    (f"<ScRiPt>{PWNED}</sCrIpT>", "safety-script", "script", ""),
    (f'<img src="x.png" onerror="{PWNED}">', "safety-event-attribute", "img", "onerror"),
    (f'<IMG SRC=x OnErRoR="{PWNED}">', "safety-event-attribute", "img", "onerror"),
    (f'<!--><img src=x onerror="{PWNED}">-->', "safety-event-attribute", "img", "onerror"),
    (f'<svg><a xlink:href="javascript:{PWNED}"><text>x</text></a></svg>', "safety-javascript-url", "a", "xlink:href"),
    (f'<svg onload="{PWNED}"></svg>', "safety-event-attribute", "svg", "onload"),
    (f'<math><mtext><a href="javascript:{PWNED}">x</a></mtext></math>', "safety-javascript-url", "a", "href"),
    ("<math><mi>x</mi></math>", "safety-html", "math", ""),
    ('<base href="https://evil.example/">', "safety-html", "base", ""),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "safety-html", "meta", ""),
    (f'<iframe srcdoc="<script>{PWNED}</script>"></iframe>', "safety-embed", "iframe", ""),
    ('<object data="https://evil.example/x.swf"></object>', "safety-embed", "object", ""),
    ('<embed src="https://evil.example/x.swf">', "safety-embed", "embed", ""),
    ('<form action="https://evil.example/"><p>x</p></form>', "safety-html", "form", ""),
    ('<input type="text" name="pw">', "safety-html", "input", "type"),
    ('<input type="checkbox">', "safety-html", "input", "disabled"),
    (f'<button formaction="javascript:{PWNED}">x</button>', "safety-javascript-url", "button", "formaction"),
    ('<style>@import url("https://evil.example/x.css");</style>', "safety-remote-media", "style", ""),
    ("<style>p { color: red }</style>", "safety-html", "style", ""),
    ("<p style=\"background: url('https://evil.example/t.png')\">x</p>", "safety-remote-media", "p", "style"),
    ('<p style="color: red">x</p>', "safety-html", "p", "style"),
    ('<table><tr><td style="text-align: url(//x.example/t)">x</td></tr></table>', "safety-remote-media", "td", "style"),
    ('<link rel="stylesheet" href="//evil.example/x.css">', "safety-remote-media", "link", "href"),
    ('<img src="https://evil.example/t.png" alt="">', "safety-remote-media", "img", "src"),
    ('<img src="//evil.example/t.png" alt="">', "safety-remote-media", "img", "src"),
    ('<img src="\\\\evil.example/t.png" alt="">', "safety-remote-media", "img", "src"),
    ('<img src="a.png" srcset="https://evil.example/t.png 2x" alt="">', "safety-remote-media", "img", "srcset"),
    ('<video poster="https://evil.example/p.png"></video>', "safety-remote-media", "video", "poster"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">', "safety-javascript-url", "img", "src"),
    ('<a href="data:text/html,x">x</a>', "safety-javascript-url", "a", "href"),
    (f'<a href="jav&#x61;script:{PWNED}">x</a>', "safety-javascript-url", "a", "href"),
    (f'<a href="JaVaScRiPt:{PWNED}">x</a>', "safety-javascript-url", "a", "href"),
    (f'<a href="java&#9;script:{PWNED}">x</a>', "safety-javascript-url", "a", "href"),
    (f'<a href="java\nscript:{PWNED}">x</a>', "safety-javascript-url", "a", "href"),
    (f'<a href=" &#1;javascript:{PWNED}">x</a>', "safety-javascript-url", "a", "href"),
    ('<a href="vbscript:msgbox(1)">x</a>', "safety-javascript-url", "a", "href"),
    ('<a href="ftp://example.org/x">x</a>', "safety-html", "a", "href"),
    (f'<p onclick="{PWNED}">x</p>', "safety-event-attribute", "p", "onclick"),
    (f'<div onmouseover="{PWNED}"><p>x</p></div>', "safety-event-attribute", "div", "onmouseover"),
    (
        f'<details open ontoggle="{PWNED}"><summary>s</summary>x</details>',
        "safety-event-attribute",
        "details",
        "ontoggle",
    ),
    ('<h2 id="x&quot; onmouseover=&quot;y">k</h2>', "safety-html", "h2", "id"),
    ('<a href="#x" target="_blank">x</a>', "safety-html", "a", "target"),
    ('<p title="x">x</p>', "safety-html", "p", "title"),
    ("<u>x</u>", "safety-html", "u", ""),
]


@pytest.mark.parametrize(("html", "rule", "element", "attribute"), ATTACKS, ids=[a[0][:40] for a in ATTACKS])
def test_attack_is_found_and_removed(html: str, rule: str, element: str, attribute: str) -> None:
    clean, problems = inspect(html)
    assert (rule, element, attribute) in {(p.rule, p.element, p.attribute) for p in problems}, problems
    assert inspect(clean) == (clean, []), "the cleaned HTML must itself be inside the allowlist"
    tags = [item for item in canonical(clean) if item[0] == "<"]
    if attribute and element != "input":
        assert not any(t[1] == element and any(a.startswith(f"{attribute}=") for a in t[2:]) for t in tags), clean
    elif not attribute:
        assert all(t[1] != element for t in tags), clean
    assert "__pwned" not in "".join(a for t in tags for a in t[2:]), clean


def test_messages_are_dutch_and_name_what_is_wrong() -> None:
    _, [data] = inspect('<img src="data:image/png;base64,AAAA" alt="">')
    assert "data:" in data.message and "javascript" not in data.message
    assert '"src"' in data.message and "<img>" in data.message
    _, [event] = inspect('<p onclick="x">t</p>')
    assert event.message == 'Het attribuut "onclick" op <p> voert code uit. Haal het attribuut weg.'
    _, [element] = inspect("<marquee>t</marquee>")
    assert "<marquee>" in element.message and "niet toegestaan" in element.message


def test_a_long_value_is_shortened() -> None:
    _, [problem] = inspect(f'<p onclick="{"x" * 500}">t</p>')
    assert len(problem.value) <= 60 and problem.value.endswith("…")


def test_input_is_only_ever_a_disabled_checkbox() -> None:
    clean, _ = inspect('<input type="text" name="q"><input>')
    for item in canonical(clean):
        if item[:2] == ("<", "input"):
            assert set(item[2:]) == {"disabled=", "type=checkbox"}


def test_an_input_comes_out_the_same_in_every_build() -> None:
    """ammonia adds the forced attributes an <input> lacks in hash-map order, drawn anew for each Cleaner (each
    build); reloading the module makes a new Cleaner, so one process sees many orders."""
    script = "import importlib\nfrom smartcity import html_policy\n"
    script += "print({importlib.reload(html_policy).inspect('<input><input checked>')[0] for _ in range(24)})"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT / "scripts"
    )
    assert done.stdout == """{'<input type="checkbox" disabled=""><input checked="" type="checkbox" disabled="">'}\n"""


def _site_pages() -> list[tuple[str, str]]:
    """Every page of docs/ rendered by MkDocs itself (``Page.render``), without the hooks."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    config = load_config(str(ROOT / "mkdocs.yml"), hooks=[])
    files = get_files(config)
    rendered = []
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        rendered.append((file.src_uri, page.content or ""))
    return rendered


def test_the_sites_own_pages_pass_unchanged() -> None:
    pages = _site_pages()
    assert len(pages) >= 20
    for src, html in pages:
        clean, problems = inspect(html)
        assert problems == [], f"{src}: {problems}"
        assert canonical(clean) == canonical(html), f"{src} ziet er na het opschonen anders uit"


EXTENSION_SAMPLE = """\
# Kop één

Tekst met een voetnoot[^1], een HTML-afkorting, ++ctrl+alt+del++, (c) en --> pijl.

*[HTML]: HyperText Markup Language

## Kop twee { #eigen-id .klasse }

!!! note "Let op"
    Een notitie.

??? info "Uitklappen"
    Inhoud.

???+ tip
    Open.

| Links | Midden | Rechts |
|:------|:------:|-------:|
| a     | b      | c      |

- [x] klaar
- [ ] nog niet

Term
:   Definitie

```python
print("hallo")
```

``` { .yaml title="x.yml" linenums="1" hl_lines="1" }
a: 1
```

    ingesprongen code

Inline `code`, [een link](https://example.org "titel"), [intern](../index.md#kop), <https://example.org>,
[mail](mailto:a@example.org), [bel](tel:+31201234567) en <kbd>/</kbd>.

![Logo](../assets/favicon.svg){ width="32" height="32" }

<div class="kader" markdown>
**vet** in een blok
</div>

> citaat

---

Regel met<br>
harde breuk, *nadruk* en **sterk**.

[^1]: De voetnoot.
"""
SIGNATURES = [
    'class="admonition note"',
    "<details",
    "open",
    'style="text-align: center;"',
    "task-list-control",
    'class="footnote-ref"',
    "<abbr",
    'class="keys"',
    "<dl>",
    'class="highlight"',
    "highlighttable",
    "headerlink",
    "<img",
    "&copy;",
]


def test_every_enabled_extension_passes_unchanged() -> None:
    html = html_rules.render(EXTENSION_SAMPLE, CONFIG)
    missing = [s for s in SIGNATURES if s not in html]
    assert not missing, f"the sample no longer exercises: {missing}"
    clean, problems = inspect(html)
    assert problems == []
    assert canonical(clean) == canonical(html)


def test_markdown_is_configured_as_mkdocs_configures_it() -> None:
    names, options = html_rules.markdown_setup(CONFIG)
    assert names[:3] == ["toc", "tables", "fenced_code"]
    assert {"attr_list", "md_in_html", "pymdownx.superfences", "pymdownx.tasklist"} <= set(names)
    assert len(names) == len(set(names))
    assert options["pymdownx.tasklist"] == {"custom_checkbox": True}
    assert options["toc"]["permalink"] is True


def _body(name: str) -> tuple[str, int, list[str]]:
    text = (HERE / name).read_text(encoding="utf-8")
    front, _, body = text[len("---\n") :].partition("\n---\n")
    return body, front.count("\n") + 4, text.splitlines()


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_check_body_agrees_with_the_corpus(case: object) -> None:
    body, first_line, lines = _body(case.name)  # type: ignore[attr-defined]
    found = html_rules.check_body(body, first_line, CONFIG, "docs/x.md")
    rule = case.rule  # type: ignore[attr-defined]
    if not rule.startswith("safety-"):  # inert, or a front-matter attack (the validator's)
        assert found == []
        return
    assert rule in {finding.rule for finding in found}
    for finding in found:
        line, column = finding.line, finding.column
        assert finding.path == "docs/x.md"
        assert lines[line - 1].strip() and column >= 1, f"{case.name}: {line}:{column} wijst naar een lege regel"
        assert line > first_line + 3, f"{case.name}: {line}:{column} wijst niet naar de aanval"


def test_check_body_locates_the_attribute() -> None:
    body = '# Kop\n\nTekst.\n\nNog een alinea\n{: onclick="x" }\n'
    [finding] = html_rules.check_body(body, 10, CONFIG, "docs/x.md")
    assert (finding.line, finding.column, finding.rule) == (15, 4, "safety-event-attribute")
    assert "onclick" in finding.message


def test_plain_pages_are_not_rendered() -> None:
    plain = "# Kop\n\n## Wat we leerden {#wat}\n\n[a](b.md#x), [c](https://example.org/x?y=1) en `code`.\n"
    assert not html_rules.needs_render(plain)
    for hostile in ("<b>x</b>", "![x](y.png)", "{: onclick=x }", "[x](jav&#x61;script:y)", "[r]: vbscript:x"):
        assert html_rules.needs_render(plain + hostile), hostile


FRAGMENTS = [
    "# Kop",
    "## Kop {#kop-id}",
    "## Kop {: .klasse }",
    '## Kop {: #a"b }',
    "{: onclick=x }",
    "{.a #b}",
    "[a](b.md)",
    "[a](https://example.org/x?y=1&z=2)",
    "[a](javascript:alert(1))",
    "[a](jav&#x61;script:x)",
    "[a]( JaVaScRiPt:x)",
    "[a](java\tscript:x)",
    "[a](a:b)",
    "[a](ftp://x)",
    "[a](mailto:a@b.nl)",
    "[a](tel:+31)",
    "[a](//evil.example/)",
    "[a](\\\\evil)",
    '[a](b.md "titel: met dubbele punt")',
    "[a](<c d.md>)",
    "[a][r]\n\n[r]: javascript:x",
    "- lijst\n\n    [a][q]\n\n    [q]: data:text/html,x",
    "> [a][s]\n>\n> [s]: vbscript:x",
    "[a][t]\n\n[t]: <https://example.org/&#x61;>",
    "[^1]\n\n[^1]: voetnoot",
    "[^a b]\n\n[^a b]: voetnoot",
    '[^x"y]\n\n[^x"y]: voetnoot',
    "*[HTML]: Hyper",
    '*[HTML]: Hyper" onclick="x',
    '!!! note "Titel"',
    "    inhoud",
    "??? tip",
    "- [ ] taak",
    "- [x] klaar",
    "++ctrl+alt++",
    '++"<b>x</b>"++',
    "Term\n:   Def",
    "| a | b |\n|:-|-:|\n| c | d |",
    "```python\nx\n```",
    '```{.python onclick="x"}\ny\n```',
    "`code`",
    "![x](y.png)",
    "![x](https://evil.example/t.png)",
    "![x](//evil.example/t.png)",
    "![x][u]\n\n[u]: //evil.example/t.png",
    "<img src=x>",
    "&amp; &lt;b&gt;",
    "&#106;avascript:x",
    "--> <-- (c)",
    "*nadruk* en **sterk**",
    "a < b > c",
]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from(["\n\n", "\n", " "]))
def test_a_page_the_checker_skips_has_no_problem(fragments: list[str], joiner: str) -> None:
    body = joiner.join(fragments)
    if not html_rules.needs_render(body):
        assert inspect(html_rules.render(body, CONFIG))[1] == []


def test_corpus_files_match_the_manifest() -> None:
    assert {c.name for c in cases()} == {p.name for p in Path(HERE).glob("*.md")}
    assert len(cases()) >= 30


HTML_PIECES = [
    "<p>",
    "</p>",
    "<a href='x.md'>",
    "<a href=javascript:x>",
    "<A HREF=' java\tscript:x'>",
    "<a href='ftp://x'>",
    "</a>",
    "<img src=x onerror=y>",
    "<img src=//e.example/x>",
    "<svg>",
    "</svg>",
    "<math>",
    "<mtext>",
    "<foreignObject>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<!-->",
    "<table>",
    "<tr>",
    "<td style='text-align: left;'>",
    "<td style='color:red'>",
    "<input>",
    "<input type=checkbox disabled>",
    "<details open>",
    "<summary>",
    "<select>",
    "<selectedcontent>",
    "<template>",
    "<font>",
    "<div id='a b'>",
    "<div id=ok class=c>",
    "<p onclick=x>",
    "<iframe>",
    "<noscript>",
    "<textarea>",
    "<plaintext>",
    "<circle>",
    "<p =x>",
    '<p a"b=1>',
    '<p x="<img>">',
    "text",
    "&amp;",
    "&#x61;",
    '"',
    "<",
    ">",
    "\n",
    "\x00",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HTML_PIECES), max_size=24).map("".join))
def test_whatever_the_strict_policy_removes_is_reported(html: str) -> None:
    from smartcity.html_policy import _STRICT, _permissive

    clean, problems = inspect(html)
    assert inspect(clean)[1] == []
    if not problems:  # nothing reported: then nothing of html5ever's view was removed
        assert _STRICT.clean(html) == _permissive(html)


THEME_NAMES = [
    ('<p id="__config">{"base": "https://example.org"}</p>', "id"),
    ('<h2 id="__search">x</h2>', "id"),
    ('<p id="md-content">x</p>', "id"),
    ('<p id="pagefind-search">x</p>', "id"),
    ('<p id="scl-search-hint">x</p>', "id"),
    ('<pre class="mermaid"><code>graph TD; A--&gt;B</code></pre>', "class"),
    ('<ol class="annotate"><li>x</li></ol>', "class"),
    ('<div class="md-sidebar">x</div>', "class"),
    ('<p class="note pf-result">x</p>', "class"),
    ('<p class="Pagefind-UI">x</p>', "class"),
    ('<span class="scl-count">x</span>', "class"),
]


@pytest.mark.parametrize(("html", "attribute"), THEME_NAMES, ids=[name[0][:30] for name in THEME_NAMES])
def test_ids_and_classes_the_theme_looks_up_are_refused(html: str, attribute: str) -> None:
    clean, problems = inspect(html)
    assert [(p.rule, p.attribute) for p in problems] == [("safety-html", attribute)], problems
    assert "gebruikt de site zelf" in problems[0].message
    for name in ("__config", "__search", "mermaid", "annotate", "md-", "pf-", "pagefind", "Pagefind", "scl-"):
        assert name not in clean
    assert inspect(clean) == (clean, [])


def test_other_classes_stay_and_material_buttons_are_content() -> None:
    html = '<p class="note mermaid-like">x</p><p><a class="md-button md-button--primary" href="x/">Knop</a></p>'
    assert inspect(html) == (html, [])


def test_the_checker_renders_a_page_that_could_name_the_theme() -> None:
    bodies = ["Tekst\n{: #__config }\n", "# __config\n", '<pre class="mermaid">graph TD</pre>\n', "Tekst\n{: .md-x }\n"]
    for body in bodies:
        found = html_rules.check_body(body, 5, CONFIG, "docs/x.md")
        assert "safety-html" in {finding.rule for finding in found}, body
