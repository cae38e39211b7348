"""Read a Markdown body without rendering it: blank out code, find links, images, HTML tags and ids.

Everything works on a *masked* copy of the body of the same length, in which code blocks, code spans and HTML
comments are replaced by spaces; offsets in the masked text are therefore offsets in the original, which gives exact
lines and columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CONTAINER_START = re.compile(
    r"^[ \t]{0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|===|\[\^[^\]]+\]:|:[ \t]|>|<[A-Za-z])"
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")

# The parts of a link. Possessive quantifiers (``++``, ``*+``) never give back what they matched, so a "[" that is
# never closed costs one scan up to the next bracket or blank line, not a search of every way to split the text.
_LINE_BREAK = r"\n(?![ \t]*\n)"  # a newline inside a paragraph (a blank line ends the link text)
_PLAIN = rf"(?:[^\[\]\n]++|{_LINE_BREAK})"  # link text without brackets
_TEXT = rf"(?:{_PLAIN}|\[{_PLAIN}*+\])*+"  # link text: plain, or with one level of [brackets] (an image in a link)
_DEST = r"<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*"  # <url>, or a url with balanced (parentheses)
_TITLE = r"\"[^\"]*\"|'[^']*'|\([^()]*\)"  # "title", 'title' or (title)
LINK_RE = re.compile(
    rf"""
    \[(?P<text>{_TEXT})\]
    (?:
        \( [ \t]*\n?[ \t]* (?P<url>{_DEST}) (?:\s+(?:{_TITLE}))? \s* \)  # inline: [text](url "title")
      | \[(?P<ref>[^\[\]]*)\]                                         # full reference: [text][label]
    )?                                                                # neither: a shortcut reference [text]
    """,
    re.VERBOSE,
)
REF_DEF_RE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*\n?[ \t]*(?P<url><[^>\n]*>|\S+)", re.M)
AUTOLINK_RE = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^\s<>]*)>", re.I)
TAG_RE = re.compile(
    r"<(?P<tag>[A-Za-z][\w-]*)(?P<attrs>(?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>"
)
ATTR_RE = re.compile(r"(?P<name>[^\s=<>/\"']+)(?:\s*=\s*(?P<value>\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
ATTR_LIST_ID_RE = re.compile(r"\{:?[ \t]*(?:[^}\n]*?[ \t])?#(?P<id>[^\s}#.]+)[^}\n]*\}")
FOOTNOTE_DEF_RE = re.compile(r"^[ \t]{0,3}\[\^(?P<label>[^\]\n]+)\]:", re.M)
SNIPPET_RE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>[\"']?)(?P<path>[^\"'\n]+?)(?P=q)[ \t]*$", re.M)


def blank(text: str) -> str:
    """``text`` with every character except newlines replaced by a space."""
    return _NOT_NEWLINE.sub(" ", text)


class _CodeBlocks:
    """Tells, line by line, whether a line of a body is code (a fenced or an indented code block).

    What it keeps between lines: the open fence, whether the previous line was blank, whether an indented code block
    is running, and whether the text is inside a container (a list item, quote, admonition, footnote or HTML block),
    where indented lines continue the container instead of starting code.
    """

    def __init__(self) -> None:
        self.fence = ""  # the open fence, e.g. "```"; "" outside one
        self.previous_blank = True
        self.in_indented_code = False
        self.in_container = False

    def is_code(self, line: str) -> bool:
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if self.fence:
            if set(stripped) == {self.fence[0]} and len(stripped) >= len(self.fence):  # the closing fence
                self.fence = ""
            return True
        if not stripped:
            self.previous_blank = True
            return False
        after_blank = self.previous_blank
        self.previous_blank = False
        expanded = content.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        # Indented code starts after a blank line outside a container and runs while lines stay indented.
        self.in_indented_code = indent >= 4 and (self.in_indented_code or (after_blank and not self.in_container))
        if self.in_indented_code:
            return True
        opening = _FENCE_OPEN.match(content)
        # A backtick fence whose info string holds a backtick is a code span, not a fence (CommonMark).
        if opening and not (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            self.fence = opening.group("fence")
            return True
        if _CONTAINER_START.match(content):
            self.in_container = True
        elif indent == 0 and after_blank:
            self.in_container = False
        return False


def _mask_blocks(body: str) -> str:
    """Blank out fenced and indented code blocks, line by line."""
    blocks = _CodeBlocks()
    return "".join(blank(line) if blocks.is_code(line) else line for line in _LINES.findall(body))


def mask_code(body: str) -> str:
    """``body`` with code blocks and code spans blanked out (same length)."""
    may_have_blocks = "```" in body or "~~~" in body or "\t" in body or "\n    " in body or body.startswith("    ")
    masked = _mask_blocks(body) if may_have_blocks else body  # the line-by-line pass is the costly part
    return _CODE_SPAN.sub(lambda m: blank(m.group(0)), masked) if "`" in masked else masked


def mask(code_masked: str) -> str:
    """A text from :func:`mask_code` with HTML comments blanked out as well.

    Linear in the length of the text: each comment is two ``str.find`` calls. A ``<!--`` that nothing closes ends
    the search, because no later ``<!--`` can be closed either. (The regex ``<!--.*?-->`` scanned to the end once
    per ``<!--``: 44 s for 160 KB of ``<!--``.)
    """
    parts: list[str] = []
    position = 0
    while (start := code_masked.find("<!--", position)) != -1:
        close = code_masked.find("-->", start + len("<!--"))
        if close == -1:
            break
        end = close + len("-->")
        parts.append(code_masked[position:start])
        parts.append(blank(code_masked[start:end]))
        position = end
    parts.append(code_masked[position:])
    return "".join(parts)


def normalise_label(label: str) -> str:
    """A reference label as Markdown compares them: case-insensitive, whitespace collapsed."""
    return " ".join(label.split()).casefold()


@dataclass(frozen=True)
class Link:
    """A link or image found in the body: the URL as written and its offset in the body."""

    url: str
    offset: int
    kind: str  # "link", "image", "ref-def", "autolink", or the HTML "tag.attr" (e.g. "img.src")


@dataclass(frozen=True)
class UndefinedRef:
    """A reference-style link ``[text][label]`` whose label is not defined on the page."""

    label: str
    offset: int


@dataclass(frozen=True)
class Tag:
    """An HTML start tag: its name, attributes (lower-case names) and where their values are."""

    name: str
    attrs: dict[str, str]
    attr_offsets: dict[str, int]  # where each value starts (or the name, for an attribute without value)


def _clean_url(raw: str) -> str:
    url = raw.strip()
    return url[1:-1].strip() if url.startswith("<") and url.endswith(">") else url


def reference_definitions(masked: str) -> tuple[dict[str, str], list[Link], set[int]]:
    """Labels -> URLs, the definitions as links, and the offsets where definitions start."""
    labels: dict[str, str] = {}
    links: list[Link] = []
    starts: set[int] = set()
    for match in REF_DEF_RE.finditer(masked):
        label = match.group("label")
        if label.startswith("^"):
            continue
        url = _clean_url(match.group("url"))
        labels.setdefault(normalise_label(label), url)
        links.append(Link(url, match.start("url"), "ref-def"))
        starts.add(match.start("label") - 1)
    return labels, links, starts


def markdown_links(masked: str) -> tuple[list[Link], list[UndefinedRef]]:
    """Inline and reference links and images; reference uses with an undefined label."""
    labels, links, def_starts = reference_definitions(masked)
    undefined: list[UndefinedRef] = []

    def scan(start: int, end: int) -> None:
        for match in LINK_RE.finditer(masked, start, end):
            bracket = match.start()
            text = match.group("text")
            if bracket in def_starts or text.startswith("^"):  # a definition, or a footnote reference
                continue
            is_image = bracket > 0 and masked[bracket - 1] == "!"
            kind = "image" if is_image else "link"
            if match.group("url") is not None:
                links.append(Link(_clean_url(match.group("url")), match.start("url"), kind))
            else:
                ref = match.group("ref")
                label = normalise_label(ref or text)
                if label in labels:
                    links.append(Link(labels[label], bracket - is_image, kind + "-ref"))
                elif ref is not None and label:
                    undefined.append(UndefinedRef(ref or text, bracket - is_image))
            if "[" in text:
                scan(match.start("text"), match.end("text"))  # an image inside a link

    scan(0, len(masked))
    return links, undefined


def autolinks(masked: str) -> list[Link]:
    return [Link(m.group("url"), m.start("url"), "autolink") for m in AUTOLINK_RE.finditer(masked)]


def html_tags(masked: str) -> list[Tag]:
    """Every HTML start tag in the masked body."""
    tags: list[Tag] = []
    for match in TAG_RE.finditer(masked):
        attrs: dict[str, str] = {}
        offsets: dict[str, int] = {}
        for attr in ATTR_RE.finditer(masked, match.start("attrs"), match.end("attrs")):
            name = attr.group("name").lower()
            if name in attrs:
                continue  # the first of a repeated attribute counts
            value = attr.group("value") or ""
            quoted = value[:1] in {'"', "'"}
            attrs[name] = value[1:-1] if quoted else value
            offsets[name] = attr.start("value") + int(quoted) if value else attr.start()
        tags.append(Tag(match.group("tag").lower(), attrs, offsets))
    return tags
