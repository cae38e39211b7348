"""The allowlist for a page's rendered HTML, and the check that holds every page to it.

A page may contain exactly the HTML that this site's Markdown extensions produce
(headings with ids and permalinks, admonitions, details, tables, footnotes, task
lists, keys, abbreviations, definition lists, code, images and links) and nothing
else. :func:`inspect` returns the HTML to publish (the page cleaned to the
allowlist) and the problems found, as checker rule ids with a Dutch message.

Why nh3 (the binding of Rust's ammonia): it is maintained, and it parses with
html5ever, the HTML5 parsing algorithm that browsers follow. So the ``<!-->``
comment trick, entity-encoded schemes (``jav&#x61;script:``), tabs and newlines
inside a scheme and mixed case are seen exactly as a browser sees them, and the
published HTML is ammonia's re-serialisation, which cannot smuggle markup past
it. Regexes over HTML, or Python's ``html.parser`` (which reads ``<!-->`` as the
start of a comment where browsers read an empty comment), disagree with browsers
on exactly the inputs an attacker writes.

How problems are found, with nh3 itself: the page is cleaned twice, once with
the strict policy (what is published) and once with a permissive one that keeps
every element and attribute and every URL scheme that occurs (the names are
over-approximated from the source; missing one only makes the permissive view
drop it too). The permissive output is html5ever's view of the page; whatever it
has and the strict output lacks is a problem. Both outputs are ammonia's
well-formed serialisation (attribute values double-quoted with ``&``, ``"``,
``<`` and ``>`` escaped; text escaped except inside raw-text elements), so the
small tokenizer below reads them exactly. What the permissive pass drops as well
(an SVG element name outside ``<svg>``, a URL the URL parser rejects) is removed
from the published page unreported.

Deliberate exceptions and choices:

- ``<input>`` only as the disabled checkbox of ``pymdownx.tasklist``: any input
  is forced to ``type="checkbox" disabled``, so it can never be a text field.
- ``style`` only on ``th``/``td`` and only with the three values the ``tables``
  extension writes (``text-align: left;`` etc.). ammonia's
  ``filter_style_properties`` was not used: it keeps ``text-align:url("//x")``
  and rewrites every table cell's value.
- No ``data:`` URLs, not even for images: the site's images are files under
  ``docs/`` (reviewable, cached, linkable), and ``data:`` is a script vector in
  links. Images come from the site itself (a relative ``src``), never from another
  host, so no reader is tracked.
- ``class`` and ``id`` on every allowed element (``attr_list``): a class only picks
  a style the site's own stylesheet has. An ``id`` is letters, digits and ``- _ : .``: Material prints heading ids into
  the table of contents unescaped, so a quote in an id would be markup there.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Iterator
from dataclasses import dataclass

import nh3

TAGS = frozenset(
    {"a", "abbr", "blockquote", "br", "code", "dd", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5"}
    | {"h6", "hr", "img", "input", "kbd", "label", "li", "ol", "p", "pre", "span", "strong", "summary", "sup"}
    | {"table", "tbody", "td", "th", "thead", "tr", "ul"}
)
_ALIGN = {"text-align: left;", "text-align: center;", "text-align: right;"}
ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan"},
    "details": {"open"},
}
ATTRIBUTE_VALUES = {
    "th": {"style": _ALIGN},
    "td": {"style": _ALIGN},
    "input": {"type": {"checkbox"}, "disabled": {""}, "checked": {"", "checked"}},
}
FORCED_VALUES = {"input": {"type": "checkbox", "disabled": ""}}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Removed with everything inside: code, styles, and the subtrees ammonia would drop anyway.
DROPPED = frozenset(
    {"script", "style", "svg", "math", "select", "template", "iframe", "noscript", "noembed", "noframes", "xmp"}
    | {"textarea", "title"}
)
_SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
_EMBEDS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"})
_MEDIA_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data"})
_ID = re.compile(r"[\w:.-]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_SPACE = "".join(map(chr, range(0x21)))
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_START_TAG = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\x00", "abcdefghijklmnopqrstuvwxyz\ufffd")
_REMOTE_CSS = re.compile(r"(?:url\(|@import)\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)
# ammonia's serialisation: a start tag with `name="value"` attributes, or an end tag.
_TAG = re.compile(r'<(/?)([^\t\n\f\r />]+)((?: [^\t\n\f\r />]+?="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\t\n\f\r />]+?)="([^"]*)"')
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})


@dataclass(frozen=True)
class HtmlProblem:
    """Something in a page's HTML outside the allowlist."""

    rule: str  # safety-script, -embed, -event-attribute, -javascript-url, -remote-media, or safety-html
    element: str
    attribute: str  # "" when the whole element is refused
    value: str
    message: str


def _squeeze(text: str) -> str:
    """``text`` without tabs and newlines, which the URL parser ignores (str.translate is slower)."""
    return text.replace("\t", "").replace("\n", "").replace("\r", "")


def url_scheme(url: str) -> str:
    """The scheme of ``url`` as a browser reads it (WHATWG: outer controls and inner tabs/newlines ignored), or ""."""
    match = _SCHEME.match(_squeeze(url.strip(_C0_SPACE)))
    return match.group(1).lower() if match else ""


def is_local(url: str) -> bool:
    """True when ``url`` stays on the site: no scheme and not protocol-relative (``//host``, ``\\\\host``)."""
    squeezed = _squeeze(url.strip(_C0_SPACE))
    return not url_scheme(squeezed) and squeezed[:2].replace("\\", "/") != "//"


def _schemes(html: str) -> set[str]:
    """Every run of scheme characters before a colon in the decoded ``html``: a superset of the URL schemes.

    A URL value starts after a quote, ``=`` or a space, none of them scheme characters, so its scheme is the
    whole run. Walking back from each colon is five times faster than a regex over the page.
    """
    text, found = _squeeze(html_text.unescape(html)), set()
    colon = text.find(":")
    while colon != -1:
        start = colon
        while start and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        found.add(text[start:colon].lower())
        colon = text.find(":", colon + 1)
    return found


def _keep(element: str, attribute: str, value: str) -> str | None:
    """ammonia's attribute filter for the strict policy: only local images and safe ids."""
    if attribute == "id":
        return value if _ID.fullmatch(value) else None
    if attribute == "src":
        return value if is_local(value) else None
    return value


_STRICT = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROPPED),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {name: set(values) for name, values in spec.items()} for tag, spec in ATTRIBUTE_VALUES.items()
    },
    set_tag_attribute_values=FORCED_VALUES,
    url_schemes=set(SCHEMES),
    attribute_filter=_keep,
    link_rel=None,
    strip_comments=True,
)


def _permissive(html: str) -> str:
    """html5ever's view of ``html``: every element, attribute and URL scheme that occurs is kept."""
    tags = {name.translate(_ASCII_LOWER) for name in _START_TAG.findall(html)}
    return nh3.clean(
        html,
        tags=tags | TAGS,
        clean_content_tags=set(),
        attributes={},
        generic_attribute_prefixes={""},
        url_schemes=_schemes(html) | SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def inspect(html: str) -> tuple[str, list[HtmlProblem]]:
    """The cleaned HTML to publish and the problems found in ``html`` (a page's rendered content)."""
    strict = _STRICT.clean(html)
    permissive = _permissive(html)
    if permissive == strict:
        return strict, []
    return strict, _compare(permissive, strict)


Tag = tuple[str, dict[str, str], str]  # element, attributes (decoded), raw text inside (style/script)


def _tags(html: str) -> Iterator[tuple[bool, Tag]]:
    """(is end tag, tag) for each tag of ammonia's output, in order; raw text is returned with its element."""
    position = 0
    while match := _TAG.search(html, position):
        position = match.end()
        end, name, attributes = match.group(1) == "/", match.group(2), match.group(3)
        text = ""
        if not end and name in _RAW_TEXT:
            close = html.find(f"</{name}>", position)
            text, position = html[position:close], close
        elif name == "plaintext":
            text, position = html[position:], len(html)
        decoded = {key: html_text.unescape(value) for key, value in _ATTRIBUTE.findall(attributes)}
        yield end, (name, decoded, text)


def _compare(permissive: str, strict: str) -> list[HtmlProblem]:
    """The problems: what ``permissive`` has and ``strict`` lacks (or has changed), in document order."""
    kept = (tag for end, tag in _tags(strict) if not end)
    open_tags: list[str] = []
    dropped_at: int | None = None  # depth of the element whose whole subtree the strict policy drops
    problems: dict[tuple[str, str, str, str], HtmlProblem] = {}
    for end, (name, attributes, text) in _tags(permissive):
        if end:
            while open_tags and open_tags.pop() != name:
                pass
            if dropped_at is not None and len(open_tags) < dropped_at:
                dropped_at = None
            continue
        if dropped_at is None and name in TAGS:
            found = _changed(name, attributes, next(kept, ("", {}, "")))
        else:
            found = [_element_problem(name, attributes, text)]
            if dropped_at is not None:  # inside a refused subtree, which is reported already: only the specific
                found = [problem for problem in found if problem.rule != "safety-html"]
            elif name in DROPPED:
                dropped_at = len(open_tags) + 1
        for problem in found:
            key = (problem.rule, problem.element, problem.attribute, problem.value)
            problems.setdefault(key[:2] if key[:2] == ("safety-html", "input") else key, problem)
        open_tags.append(name)
    return list(problems.values())


def _changed(name: str, attributes: dict[str, str], kept: Tag) -> list[HtmlProblem]:
    """Problems for the attributes the strict policy removed, changed or (on ``<input>``) added."""
    kept_name, kept_attributes, _ = kept
    if kept_name != name:  # cannot happen while the strict policy is a subset of the permissive one
        return [_problem("safety-html", name, "", "")]
    changed = [(key, value) for key, value in attributes.items() if kept_attributes.get(key) != value]
    changed += [(key, "") for key in kept_attributes.keys() - attributes.keys()]
    return [_problem(_attribute_rule(name, key, value), name, key, value) for key, value in changed]


def _attribute_rule(element: str, attribute: str, value: str) -> str:
    """The most specific safety rule an attribute falls under; ``safety-html`` when none of the others."""
    if attribute.startswith("on"):
        return "safety-event-attribute"
    urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
    if attribute in {"href", "xlink:href", "src", "action", "formaction", "poster", "data", "background", "srcset"}:
        if any(url_scheme(url) in _SCRIPT_SCHEMES for url in urls):
            return "safety-javascript-url"
        media = attribute in _MEDIA_ATTRIBUTES or (attribute.endswith("href") and element not in {"a", "area", "base"})
        if media and not all(is_local(url) for url in urls):
            return "safety-remote-media"
    if attribute == "style" and _REMOTE_CSS.search(value):
        return "safety-remote-media"
    return "safety-html"


_ORDER = (
    "safety-script",
    "safety-embed",
    "safety-event-attribute",
    "safety-javascript-url",
    "safety-remote-media",
    "safety-html",
)


def _element_problem(name: str, attributes: dict[str, str], text: str) -> HtmlProblem:
    """One problem for a refused element: the most specific rule of the element and its attributes."""
    candidates = [("safety-html", "", "")]
    candidates += [(_attribute_rule(name, key, value), key, value) for key, value in attributes.items()]
    if name == "script":
        candidates.append(("safety-script", "", text))
    elif name in _EMBEDS:
        candidates.append(("safety-embed", "", ""))
    elif name == "style" and _REMOTE_CSS.search(text):
        candidates.append(("safety-remote-media", "", text))
    rule, attribute, value = min(candidates, key=lambda c: _ORDER.index(c[0]))
    return _problem(rule, name, attribute, value)


def _problem(rule: str, element: str, attribute: str, value: str) -> HtmlProblem:
    return HtmlProblem(rule, element, attribute, _short(value), _message(rule, element, attribute, value))


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _message(rule: str, element: str, attribute: str, value: str) -> str:
    """The Dutch message: what is wrong, naming the element and attribute, and how to fix it."""
    where = f'het attribuut "{attribute}" op <{element}>' if attribute else f"het element <{element}>"
    if rule == "safety-script":
        return (
            "Een <script> mag niet in een pagina: het voert code uit in de browser van de lezer. "
            "Haal het weg; vraag de beheerders als de site echt iets interactiefs nodig heeft."
        )
    if rule == "safety-embed":
        return (
            f"Het element <{element}> laadt een andere pagina of plug-in in de pagina. Haal het weg en zet er "
            "een gewone link voor in de plaats: [Bekijk de video](https://…)."
        )
    if rule == "safety-event-attribute":
        return f'Het attribuut "{attribute}" op <{element}> voert code uit. Haal het attribuut weg.'
    if rule == "safety-javascript-url":
        scheme = url_scheme(value) or "javascript"
        return (
            f'Het adres "{_short(value)}" in {where} begint met {scheme}: en kan code bevatten die in de browser '
            "van de lezer draait. Gebruik een gewoon webadres (https://…), een link naar een andere pagina of, "
            "voor een afbeelding, een bestand in docs/assets/."
        )
    if rule == "safety-remote-media":
        return (
            f"In {where} wordt iets van een andere website geladen; die website ziet dan wie de pagina leest. "
            "Zet het bestand (als dat mag) in docs/assets/ en verwijs er relatief naar, of maak er een gewone "
            "link van."
        )
    if element == "input":
        return (
            'Een <input> mag alleen het uitgeschakelde vinkje van een takenlijst zijn (type="checkbox" disabled). '
            "Schrijf een takenlijst in Markdown: `- [ ] taak` of `- [x] taak`."
        )
    return f"{where[0].upper()}{where[1:]} is niet toegestaan in een pagina. {_hint(attribute, value)}"


def _hint(attribute: str, value: str) -> str:
    """How to fix a ``safety-html`` problem."""
    if attribute == "id":
        return "Een id bestaat alleen uit letters, cijfers en de tekens - _ : . (bijvoorbeeld {: #mijn-kopje })."
    if attribute == "style":
        return "Opmaak komt uit de stylesheet van de site; alleen tabelkolommen krijgen een uitlijning (|:--:|)."
    if attribute in {"href", "src"} and url_scheme(value):
        return "Links gaan naar https://, http://, mailto: of tel:, of naar een pagina van de site."
    if attribute:
        return "Haal het attribuut weg; met {: .klasse } of {: #id } mag u wel een klasse of id toevoegen."
    return "Schrijf de inhoud in Markdown; welke HTML een pagina mag bevatten staat in CONTRIBUTING.md."
