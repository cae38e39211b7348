"""Heading ids computed by the checker equal the ids Python-Markdown's toc writes, and code is not links."""

from __future__ import annotations

import re

import markdown
import pytest
from smartcity.checker.anchors import page_ids
from smartcity.checker.html_rules import configured_slugify
from smartcity.checker.markdown_scan import html_tags, markdown_links, mask, mask_code
from smartcity.model import MKDOCS_YML, read_config

TRICKY = """# Coöperatie & ideeën

## Wat we leerden

## Wat we leerden

## Wat we leerden {#eigen-id}

## Punctuatie: vragen?! (en antwoorden)

## De `code` en **vet** en [een link](x.md)

## Überhaupt — één café

Setext kop
----------

## Wat we leerden_1

### 2024: het jaar

```text
## Geen kop in code
```

<div markdown>

## In een blok

</div>
"""

PLAIN = """# Coöperatie en ideeën

## Wat we leerden

## Wat we leerden

## Wat we leerden

## Wat we leerden {#eigen-id}

## Punctuatie: vragen?!

## Überhaupt — één café

Setext kop
----------

### 2024: het jaar

~~~text
## Geen kop in code
~~~

<div markdown>

## In een blok

</div>
"""


def _rendered_ids(text: str) -> set[str]:
    html = markdown.markdown(text, extensions=["toc", "attr_list", "md_in_html", "pymdownx.superfences"])
    return set(re.findall(r'id="([^"]+)"', html))


@pytest.mark.parametrize("markup", [True, False], ids=["rendered", "plain"])
def test_ids_match_python_markdown(markup: bool) -> None:
    config = read_config(MKDOCS_YML)
    text = TRICKY if markup else PLAIN  # a heading with markup has the page rendered; plain headings are slugified
    masked = mask(mask_code(text))
    ours = page_ids(masked, text, html_tags(masked), *configured_slugify(config), config)
    assert ours == _rendered_ids(text)
    assert {"wat-we-leerden_1", "wat-we-leerden_2", "eigen-id", "uberhaupt-een-cafe"} <= ours


def test_html_ids_are_targets() -> None:
    text = '<span id="hier"></span>\n\nTekst {#alinea}\n'
    masked = mask(mask_code(text))
    ids = page_ids(masked, text, html_tags(masked), *configured_slugify({}), {})
    assert {"hier"} <= ids


@pytest.mark.parametrize(
    "body",
    [
        "`[x](kapot.md)`",
        "```\n[x](kapot.md)\n```",
        "~~~md\n[x](kapot.md)\n~~~",
        "Tekst.\n\n    [x](kapot.md)\n",
        "<!-- [x](kapot.md) -->",
        "- lijst\n\n    ```\n    [x](kapot.md)\n    ```\n",
    ],
)
def test_code_is_not_a_link(body: str) -> None:
    links, undefined = markdown_links(mask(mask_code(body)))
    assert links == [] and undefined == []


def test_indented_text_in_admonition_is_a_link() -> None:
    links, _ = markdown_links(mask(mask_code('!!! note "Let op"\n\n    Zie [x](echt.md).\n')))
    assert [link.url for link in links] == ["echt.md"]


def test_image_inside_link_and_reference_styles() -> None:
    links, undefined = markdown_links(
        mask(mask_code("[![logo](logo.png)](index.md) [a][b] [c][]\n\n[b]: b.md\n[c]: c.md\n"))
    )
    assert sorted(link.url for link in links) == ["b.md", "b.md", "c.md", "c.md", "index.md", "logo.png"]
    assert undefined == []
