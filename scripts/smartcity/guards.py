"""Refuse a Markdown body that would make Python-Markdown take minutes, before Python-Markdown sees it.

Python-Markdown is fast on ordinary pages, but some input makes it quadratic or worse. Measured on this machine
(``/tmp``-free reproduction: ``tests/test_guards.py`` builds the same bodies), rendering with the site's extensions:

- Brackets: every ``[`` makes six inline processors (links, images, references, footnotes) scan in a Python loop to
  the matching ``]`` or to the end of the paragraph (``LinkInlineProcessor.getText``). 8,000 ``[`` in one paragraph:
  23 s; 200 KB of paragraphs of 50 unclosed ``[`` each: 3.5 s (of balanced links: 0.7 s).
- Many inline matches in one paragraph: each match rebuilds the paragraph's text with a placeholder, so the cost is
  (matches) x (length). 16 KB of ``<a> ``: 1.8 s; of ``<!--``: 0.3 s.
- Raw HTML: the HTML block reader is superlinear in the number of ``<`` on the page. 16 KB of paragraphs of ``<a ``:
  44 s.
- Nesting: lists nested 100 deep: 3 s, 200 deep: 11 s.
- Size: even ordinary text costs about 25 microseconds per character on a busy 2-core machine (400 KB of sentences
  with a link and emphasis: 9.6 s; 2 MB: 55 s), about one inline match per 15 characters.

The guard measures each of these in one linear pass and refuses the page (one Dutch message with the line) when a
measure is far above what a real page has. Why not a library: Python-Markdown has no limits of its own, and a time
limit on the build (a thread cannot be stopped; a process per page costs more than rendering it) would still fail
the build without saying which line is the problem.

A page passes when, measured in its paragraphs (text between blank lines, list items, headings, table rows, quotes):

- the brackets' scans (each ``[`` to its ``]`` or the paragraph's end) add up to at most
  :data:`BRACKET_BUDGET` plus :data:`BRACKET_PER_CHAR` per character of the body;
- (characters that start inline markup) x (paragraph length) adds up to at most :data:`INLINE_BUDGET` plus
  :data:`INLINE_PER_CHAR` per character;
- it has at most :data:`MAX_TAGS` ``<`` that start HTML and :data:`MAX_INLINE_STARTS` characters that start inline
  markup (outside fenced code: about 300 KB of dense text, a hundred times a long lesson);
- no line is nested deeper than :data:`MAX_NESTING` quotes or list levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import Finding
from .rules import Message

BRACKET_BUDGET = 200_000
BRACKET_PER_CHAR = 2
INLINE_RUN_LIMIT = 20_000_000
INLINE_BUDGET = 20_000_000
INLINE_PER_CHAR = 100
MAX_TAGS = 1_000
MAX_INLINE_STARTS = 20_000
MAX_NESTING = 20
# The characters that start inline markup (links, emphasis, HTML, entities, escapes, attribute lists, code).
_INLINE_STARTS = "[]<*_`&\\{!~^="
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_BRACKET = re.compile(r"[\[\]]")
_CODE_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
# A line that starts a new inline run in Python-Markdown: a list item, heading, table row, quote or definition.
_RUN_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|\||>|:[ \t])")
_QUOTE_MARKER = re.compile(r"[ \t]{0,3}> ?")
# A line that starts with more quote markers and indentation characters than MAX_NESTING (see _could_be_too_complex).
_DEEP_LINE_START = re.compile(r"^[ \t>]{" + str(MAX_NESTING + 1) + "}", re.MULTILINE)


@dataclass(frozen=True)
class _Passed:
    """Which limit a page passed (the message that says so) and at which line."""

    message: Message
    line: int


def _nesting(line: str) -> int:
    """How deep ``line`` is nested: its quote markers (``>`` with one optional space after each) plus the indentation
    after them in list levels (4 columns)."""
    quotes = 0
    position = 0
    while quotes <= MAX_NESTING and (marker := _QUOTE_MARKER.match(line, position)):
        quotes += 1
        position = marker.end()
    rest = line[position:]
    indentation = len(rest) - len(rest.lstrip(" \t"))
    return quotes + len(rest[:indentation].expandtabs(4)) // 4


def _bracket_work(run: str) -> int:
    """How far Python-Markdown scans for the brackets of one paragraph: each ``[`` to its ``]`` or the end."""
    work = 0
    open_brackets: list[int] = []
    for bracket in _BRACKET.finditer(run):
        if bracket.group() == "[":
            open_brackets.append(bracket.start())
        elif open_brackets:
            work += bracket.start() - open_brackets.pop()
    work += sum(len(run) - start for start in open_brackets)
    return work


class _Measure:
    """The measures of one body, added up paragraph by paragraph, with the line where each limit was passed."""

    def __init__(self, body: str) -> None:
        self.bracket_limit = BRACKET_BUDGET + BRACKET_PER_CHAR * len(body)
        self.inline_limit = INLINE_BUDGET + INLINE_PER_CHAR * len(body)
        self.brackets = 0
        self.inline = 0
        self.tags = 0
        self.starts = 0

    def add_run(self, run: str, first_line: int) -> _Passed | None:
        """Add one paragraph (its text and its first line); the limit it passes, if it passes one."""
        if "[" in run:
            self.brackets += _bracket_work(run)
            if self.brackets > self.bracket_limit:
                return _Passed(Message.MD_TOO_COMPLEX_BRACKETS, first_line)
        starts = sum(run.count(char) for char in _INLINE_STARTS)
        self.starts += starts
        if self.starts > MAX_INLINE_STARTS:
            return _Passed(Message.MD_TOO_COMPLEX_SIZE, first_line)
        cost = starts * len(run)
        self.inline += cost
        if cost > INLINE_RUN_LIMIT or self.inline > self.inline_limit:
            return _Passed(Message.MD_TOO_COMPLEX_INLINE, first_line)
        return None

    def add_tags(self, line: str, line_number: int) -> _Passed | None:
        if "<" in line:
            self.tags += len(_TAG_START.findall(line))
            if self.tags > MAX_TAGS:
                return _Passed(Message.MD_TOO_COMPLEX_TAGS, line_number)
        return None


def _could_be_too_complex(body: str) -> bool:
    """False when no limit can be passed, whatever the paragraphs are: then the line-by-line scan is not needed.

    Each measure is bounded by counts over the whole body (the scan counts only outside fenced code, and a paragraph
    is never longer than the body): the brackets' work by (number of ``[``) x (body length), the inline cost by
    (inline starts) x (body length), the tags by the number of ``<``, and a line's nesting by the length of its
    leading run of spaces, tabs and ``>`` (each quote marker holds a ``>``, each list level at least one character).
    ``str.count`` runs in C: about 30 microseconds for an ordinary page, against about 0.5 ms for the scan.
    """
    length = len(body)
    starts = sum(body.count(char) for char in _INLINE_STARTS)
    if starts > MAX_INLINE_STARTS:
        return True
    if starts * length > min(INLINE_RUN_LIMIT, INLINE_BUDGET + INLINE_PER_CHAR * length):
        return True
    if body.count("[") * length > BRACKET_BUDGET + BRACKET_PER_CHAR * length:
        return True
    if body.count("<") > MAX_TAGS:
        return True
    return _DEEP_LINE_START.search(body) is not None


def too_complex(body: str, body_line: int = 1, path: str = "") -> Finding | None:
    """An ``md-too-complex`` finding when ``body`` (a page without its front matter) is too complex to render;
    ``body_line`` is the file line where the body starts, ``path`` the file as shown. Linear in the length of the
    body: a few milliseconds for an ordinary page, at most 0.8 s of CPU for 2 MB (a single paragraph of 2 million
    ``[``; ``tests/test_guards.py``)."""
    if not _could_be_too_complex(body):
        return None
    passed = _scan(body, body_line)
    if passed is None:
        return None
    return Finding.of(path, passed.line, 1, passed.message, limit=MAX_NESTING, starts=MAX_INLINE_STARTS)


def _scan(body: str, body_line: int) -> _Passed | None:
    """The measures of :func:`too_complex`, paragraph by paragraph, in one pass."""
    measure = _Measure(body)
    run: list[str] = []
    run_line = body_line
    fence = ""
    for number, line in enumerate(body.split("\n"), start=body_line):
        fence_match = _CODE_FENCE.match(line)
        if fence:  # code is not parsed as Markdown
            if fence_match and fence_match.group(1).startswith(fence):
                fence = ""
            continue
        if fence_match:
            fence = fence_match.group(1)
        if _nesting(line) > MAX_NESTING:
            return _Passed(Message.MD_TOO_COMPLEX_NESTING, number)
        if passed := measure.add_tags(line, number):
            return passed
        if not line.strip() or _RUN_START.match(line):  # the paragraph so far ends here
            if passed := measure.add_run("\n".join(run), run_line):
                return passed
            run = []
        if line.strip():
            if not run:
                run_line = number
            run.append(line)
    return measure.add_run("\n".join(run), run_line)
