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
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")
_LINES = re.compile(r"[^\n]*\n|[^\n]+$")

_TEXT = r"(?:[^\[\]\n]++|\n(?![ \t]*\n)|\[(?:[^\[\]\n]++|\n(?![ \t]*\n))*+\])*+"
_DEST = r"<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*"
_TITLE = r"\"[^\"]*\"|'[^']*'|\([^()]*\)"
LINK_RE = re.compile(
    rf"\[(?P<text>{_TEXT})\]"
    rf"(?:\([ \t]*\n?[ \t]*(?P<url>{_DEST})(?:\s+(?:{_TITLE}))?\s*\)|\[(?P<ref>[^\[\]]*)\])?"
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


def _mask_blocks(body: str) -> str:
    """Blank out fenced and indented code blocks, line by line."""
    out: list[str] = []
    fence = ""  # the open fence, e.g. "```"
    prev_blank = True
    in_indented = in_container = False
    for line in _LINES.findall(body):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if fence:
            out.append(blank(line))
            if set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = ""
            continue
        if not stripped:
            out.append(line)
            prev_blank = True
            continue
        expanded = content.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        in_indented = indent >= 4 and (in_indented or (prev_blank and not in_container))
        opening = None if in_indented else _FENCE_OPEN.match(content)
        if opening and not (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
            fence = opening.group("fence")
        elif not in_indented and _CONTAINER_START.match(content):
            in_container = True
        elif indent == 0 and prev_blank:
            in_container = False
        out.append(blank(line) if in_indented or fence else line)
        prev_blank = False
    return "".join(out)


def mask_code(body: str) -> str:
    """``body`` with code blocks and code spans blanked out (same length)."""
    may_have_blocks = "```" in body or "~~~" in body or "\t" in body or "\n    " in body or body.startswith("    ")
    masked = _mask_blocks(body) if may_have_blocks else body  # the line-by-line pass is the costly part
    return _CODE_SPAN.sub(lambda m: blank(m.group(0)), masked) if "`" in masked else masked


def mask(code_masked: str) -> str:
    """A text from :func:`mask_code` with HTML comments blanked out as well."""
    return _COMMENT.sub(lambda m: blank(m.group(0)), code_masked)


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
