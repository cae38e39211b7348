"""Rule ``fm-people-absent``: every name in ``people`` occurs in the text of the page itself.

``people`` says who speaks on a page; the page facts show it as "Aan het woord" and the open data exports it.
A name that the text never mentions claims more than the page shows, so it is an error: the live-content tests
hold every page to the same rule, and a page the checker accepts must never turn a test red. A page made by
`make new` with names in ``people`` is therefore unfinished until its text quotes them, and the checker says so.
The build does not run this rule (it looks at the text, not at what is published): the checker is stricter here.
The name is looked for in the body with code and HTML comments blanked out (a comment is not on the site),
whole words only, case and accents aside, and across line breaks (Markdown wraps long lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding
from ..rules import Message
from ..text import fold
from .page import Page


def comparable(text: str) -> str:
    """Lower case, accents folded, every run of whitespace one space: how a name is compared with the text."""
    return " ".join(fold(text).casefold().split())


def name_occurs(name: str, body: str) -> bool:
    """Whether ``name`` stands in ``body`` as whole words (case, accents and line breaks aside)."""
    wanted = comparable(name)
    if not wanted:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    # Most pages write the name as `people` does: look in the text with case and spaces aside first, and fold the
    # accents of the whole body (the costly part) only when that finds nothing.
    if pattern.search(" ".join(body.casefold().split())):
        return True
    return pattern.search(comparable(body)) is not None


def people_findings(page: Page) -> Iterator[Finding]:
    """One finding per name in ``people`` that the page's own text does not mention."""
    names = page.meta.get("people")
    if page.page_type is None or not isinstance(names, list):
        return
    for index, name in enumerate(names):
        if isinstance(name, str) and name.strip() and not name_occurs(name, page.masked):
            where = page.positions.of("people", index)
            yield Finding.of(page.display, *where, Message.FM_PEOPLE_ABSENT, name=name.strip())
