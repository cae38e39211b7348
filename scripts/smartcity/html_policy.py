"""The allowlist for a page's rendered HTML, and the check that holds every page to it.

A page may contain exactly the HTML this site's Markdown extensions produce and nothing else. :func:`inspect`
returns the page cleaned to the allowlist (what is published) and what it removed (:class:`Removed`: the checker rule
id, the element, attribute and value, and a Dutch message). Why nh3 (Rust's ammonia): maintained, and it parses
with html5ever as browsers do, so the ``<!-->`` trick, ``jav&#x61;script:``, tabs inside a scheme and mixed case
are read as a browser reads them (regexes and ``html.parser`` are not), and what is published is ammonia's
re-serialisation.
What was removed comes from nh3 too: whatever a permissive pass keeps (every element, attribute and URL scheme that
occurs) and the strict pass lacks is reported; what both drop (an SVG element outside ``<svg>``, a URL the URL
parser rejects) is removed unreported. Choices: ``<input>`` only as the task list's disabled checkbox; ``style``
only the ``text-align`` of table cells (``filter_style_properties`` keeps ``text-align:url("//x")``); no
``data:`` URLs; images only from the site; ids only ``[\\w:.-]`` (Material prints them into the toc unescaped).

Ids and classes the theme or the site's scripts look up are refused in content, so that a page cannot steer them.
Read in Material 9.8's templates and TypeScript (``src/templates/``): ``getElement("#__config")`` reads the site's
configuration as JSON (a content ``{#__config}`` made Material fetch another host's files), the templates' ids all
start with ``__`` (``__drawer``, ``__search``, ``__toc``, ``__palette``, ``__consent``; code blocks get ``__code_N``
and ``#__codelineno``; ``[name^=__]`` is looked up too), ``pre.mermaid`` makes Material load Mermaid from a CDN,
``.annotate`` turns a list into code annotations, and the components are found by ``md-*`` classes. Pagefind's UI
uses ``pf-*`` classes and ``pagefind-*`` elements; the project's templates and ``search.js`` use ``scl-*``. So: no
id that starts with ``__``, ``md-``, ``pf-``, ``pagefind`` or ``scl-``, and no class ``mermaid``, ``annotate`` or one
with those prefixes (a heading whose text makes such an id counts too), except Material's documented button classes
``md-button`` and ``md-button--primary``, which only its stylesheet reads. ``data-*`` attributes (``data-md-*``,
``data-pagefind-*``) are outside the allowlist anyway, as every attribute but ``id`` and ``class`` is.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Iterator
from dataclasses import dataclass

import nh3

from . import rules
from .rules import Message

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
_EMBEDS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"})
_MEDIA_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data"})
URL_ATTRIBUTES = _MEDIA_ATTRIBUTES | {"href", "xlink:href", "action", "formaction"}
ID = re.compile(r"[\w:.-]+")  # a safe id
# Ids and classes the theme (Material), Pagefind's UI or the project's templates look up (see the module docstring).
RESERVED_PREFIXES = ("__", "md-", "pf-", "pagefind", "scl-")
RESERVED_CLASSES = frozenset({"mermaid", "annotate"})
# Material documents these for content ("Buttons"); its scripts never look them up, only its stylesheet.
CONTENT_CLASSES = frozenset({"md-button", "md-button--primary"})
# Cheap test for the checker: a body without any of these cannot produce a reserved id or class.
MAY_NAME_THEME = re.compile(r"__|md-|pf-|pagefind|scl-|mermaid|annotate", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_SPACE = "".join(map(chr, range(0x21)))
_SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-"
_START_TAG = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\x00", "abcdefghijklmnopqrstuvwxyz\ufffd")
REMOTE_CSS = re.compile(r"(?:url\(|@import)\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", re.I)
_TAG = re.compile(r'<(/?)([^\t\n\f\r />]+)((?: [^\t\n\f\r />]+?="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\t\n\f\r />]+?)="([^"]*)"')
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
_PERMISSIVE = {"clean_content_tags": set(), "attributes": {}, "generic_attribute_prefixes": {""}, "link_rel": None}
# The rules of this check, the most specific first; their messages are in rules.yml.
_SPECIFIC_FIRST = ("safety-script", "safety-embed", "safety-event-attribute", "safety-javascript-url")
_SPECIFIC_FIRST += ("safety-remote-media", "safety-html")


@dataclass(frozen=True)
class Removed:
    """A piece of a page's HTML outside the allowlist, which the published page lacks: the checker rule it breaks,
    where it was (element, attribute, value) and the Dutch message. The checker and the build place it in the
    Markdown file (``smartcity.checker.html_rules.finding``)."""

    rule: str  # safety-script, -embed, -event-attribute, -javascript-url, -remote-media, or safety-html
    element: str
    attribute: str  # "" when the whole element is refused
    value: str
    message: str


def _squeeze(text: str) -> str:
    """``text`` as the URL parser reads it (WHATWG): outer controls and spaces, inner tabs and newlines ignored."""
    return text.strip(_C0_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")  # str.translate is slower


def url_scheme(url: str) -> str:
    """The scheme of ``url`` as a browser reads it, lower case, or ""."""
    match = _SCHEME.match(_squeeze(url))
    return match.group(1).lower() if match else ""


def is_local(url: str) -> bool:
    """True when ``url`` stays on the site: no scheme and not protocol-relative (``//host``, ``\\\\host``)."""
    squeezed = _squeeze(url)
    return not _SCHEME.match(squeezed) and squeezed[:2].replace("\\", "/") != "//"


def _schemes(html: str) -> set[str]:
    """Each run of scheme characters before a colon in the decoded ``html``: a superset of its URL schemes."""
    # A URL value starts after a quote, `=` or a space, none of them scheme characters, so its scheme is a whole run.
    parts = _squeeze(html_text.unescape(html)).split(":")[:-1]
    return {part[len(part.rstrip(_SCHEME_CHARS)) :].lower() for part in parts}


def reserved_id(value: str) -> bool:
    """True for an id the theme, Pagefind's UI or the project's templates use."""
    return value.lower().startswith(RESERVED_PREFIXES)


def reserved_class(name: str) -> bool:
    """True for a class name the theme, Pagefind's UI or the project's templates use."""
    folded = name.lower()
    if folded in CONTENT_CLASSES:
        return False
    return folded in RESERVED_CLASSES or folded.startswith(RESERVED_PREFIXES)


def _keep(element: str, attribute: str, value: str) -> str | None:
    """What nh3 cannot say in options: ids safe to print and not the theme's, classes not the theme's, images
    from the site itself. ``None`` removes the attribute."""
    if attribute == "id":
        if ID.fullmatch(value) and not reserved_id(value):
            return value
        return None
    if attribute == "class":
        kept = [name for name in value.split() if not reserved_class(name)]
        if kept:
            return " ".join(kept)
        return None
    if attribute == "src" and not is_local(value):
        return None
    return value


_STRICT = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED,
    attributes=ATTRIBUTES,
    tag_attribute_values=ATTRIBUTE_VALUES,
    set_tag_attribute_values=FORCED_VALUES,
    url_schemes=SCHEMES,
    attribute_filter=_keep,
    link_rel=None,
)


def _permissive(html: str) -> str:
    """html5ever's view of ``html``: every element, attribute and URL scheme that occurs is kept."""
    tags = {name.translate(_ASCII_LOWER) for name in _START_TAG.findall(html)}
    return nh3.clean(html, tags=tags | TAGS, url_schemes=_schemes(html) | SCHEMES, **_PERMISSIVE)


def inspect(html: str) -> tuple[str, list[Removed]]:
    """The cleaned HTML to publish and what was removed from ``html`` (a page's rendered content)."""
    strict, permissive = _STRICT.clean(html), _permissive(html)
    removed = [] if permissive == strict else _compare(permissive, strict)
    return _in_fixed_order(strict), removed


def clean(html: str) -> str:
    """The cleaned HTML to publish, for a caller that knows nothing can be removed and needs no report (one pass of
    nh3 instead of two): the build, for a page whose Markdown ``checker.html_rules.needs_render`` clears."""
    return _in_fixed_order(_STRICT.clean(html))


def _in_fixed_order(strict: str) -> str:
    # ammonia adds the forced attributes an <input> lacks in hash-map order, which differs from run to run. Its
    # output escapes ">" in text and '"' in values, so this text can only be the end of such an <input> tag.
    return strict.replace(' disabled="" type="checkbox">', ' type="checkbox" disabled="">')


def _tags(html: str) -> Iterator[tuple[bool, tuple[str, dict[str, str], str]]]:
    """(is end tag, (element, decoded attributes, raw text inside)) for each tag of ammonia's output, in order.

    ammonia serialises well-formed HTML (values double-quoted and escaped, text escaped outside raw-text
    elements), so these regexes read its output exactly; they are never used on a page's own HTML.
    """
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
        yield end, (name, {key: html_text.unescape(value) for key, value in _ATTRIBUTE.findall(attributes)}, text)


def _compare(permissive: str, strict: str) -> list[Removed]:
    """What was removed: what ``permissive`` has and ``strict`` lacks (or has changed), in document order.

    Both are ammonia's output for the same page. The strict one has the allowed elements of the permissive one, in
    the same order, so the two are walked side by side: an allowed element is compared attribute by attribute with
    its strict counterpart; any other element is removed as a whole.
    """
    strict_start_tags = (tag for is_end, tag in _tags(strict) if not is_end)
    open_elements: list[str] = []
    # How deep the element is whose whole subtree the strict policy drops (a <script>, an <svg>); 0 outside one.
    dropped_depth = 0
    removed: dict[tuple[str, ...], Removed] = {}
    for is_end, (name, attributes, text) in _tags(permissive):
        if is_end:
            _close(open_elements, name)
            if len(open_elements) < dropped_depth:
                dropped_depth = 0
            continue
        if name in TAGS and not dropped_depth:
            kept = next(strict_start_tags, ("", {}, ""))
            found = _removed_attributes(name, attributes, kept)
        else:
            found = [_removed_element(name, attributes, text)]
            if dropped_depth:
                # The refused subtree is reported already; only a more specific rule (a script inside it) is news.
                found = [piece for piece in found if piece.rule != "safety-html"]
            elif name in DROPPED:
                dropped_depth = len(open_elements) + 1
        for piece in found:
            _add_once(removed, piece)
        open_elements.append(name)
    return list(removed.values())


def _close(open_elements: list[str], name: str) -> None:
    """Pop the open elements up to and including the innermost ``name``."""
    while open_elements:
        if open_elements.pop() == name:
            return


def _removed_attributes(name: str, attributes: dict[str, str], kept: tuple[str, dict[str, str], str]) -> list[Removed]:
    """What was removed from an allowed element: each attribute the strict policy removed, changed or added."""
    kept_name, kept_attributes, _ = kept
    if kept_name != name:  # cannot happen while the strict policy is a subset of the permissive one
        return [_removed("safety-html", name, "", "")]
    differing = [(key, value) for key, value in attributes.items() if kept_attributes.get(key) != value]
    added = [(key, "") for key in sorted(kept_attributes) if key not in attributes]
    return [_removed(_attribute_rule(name, key, value), name, key, value) for key, value in differing + added]


def _add_once(removed: dict[tuple[str, ...], Removed], piece: Removed) -> None:
    """Keep the first of equal pieces; every removed ``<input>`` is one (its message explains the task list)."""
    key = (piece.rule, piece.element, piece.attribute, piece.value)
    if key[:2] == ("safety-html", "input"):
        key = key[:2]
    removed.setdefault(key, piece)


def _attribute_rule(element: str, attribute: str, value: str) -> str:
    """The most specific safety rule an attribute falls under; ``safety-html`` when none of the others."""
    if attribute.startswith("on"):
        return "safety-event-attribute"
    if attribute in URL_ATTRIBUTES:
        urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
        if any(url_scheme(url) in {"javascript", "vbscript", "data"} for url in urls):
            return "safety-javascript-url"
        media = attribute in _MEDIA_ATTRIBUTES or (attribute.endswith("href") and element not in {"a", "area", "base"})
        if media and not all(is_local(url) for url in urls):
            return "safety-remote-media"
    if attribute == "style" and REMOTE_CSS.search(value):
        return "safety-remote-media"
    return "safety-html"


def _removed_element(name: str, attributes: dict[str, str], text: str) -> Removed:
    """A refused element, under the most specific rule of the element and its attributes."""
    candidates = [("safety-html", "", ""), *((_attribute_rule(name, k, v), k, v) for k, v in attributes.items())]
    if name == "script":
        candidates.append(("safety-script", "", text))
    elif name in _EMBEDS:
        candidates.append(("safety-embed", "", ""))
    elif name == "style" and REMOTE_CSS.search(text):
        candidates.append(("safety-remote-media", "", text))
    rule, attribute, value = min(candidates, key=lambda candidate: _SPECIFIC_FIRST.index(candidate[0]))
    return _removed(rule, name, attribute, value)


def _removed(rule: str, element: str, attribute: str, value: str) -> Removed:
    """A removed piece with its Dutch message: what is wrong, naming the element and attribute, and how to fix it."""
    short = " ".join(value.split())
    if len(short) > 60:
        short = short[:59] + "…"
    scheme = url_scheme(value)
    hint = _hint(attribute, value, scheme)
    if attribute:
        what = rules.message(Message.SAFETY_HTML_WHAT_ATTRIBUTE, attribute=attribute, element=element)
    else:
        what = rules.message(Message.SAFETY_HTML_WHAT_ELEMENT, element=element)
    fields = {"element": element, "what": what, "value": short, "scheme": scheme or "javascript"}
    key = Message.SAFETY_HTML_INPUT if (rule, element) == ("safety-html", "input") else Message(rule)
    message = rules.message(key, **fields, hint=rules.message(hint))
    return Removed(rule, element, attribute, short, message)


def _hint(attribute: str, value: str, scheme: str) -> Message:
    """The ``safety-html`` variant that says how to fix a refused attribute (or element, for ``attribute`` "")."""
    if attribute == "id" and reserved_id(value):
        return Message.SAFETY_HTML_HINT_RESERVED
    if attribute == "class" and any(reserved_class(name) for name in value.split()):
        return Message.SAFETY_HTML_HINT_RESERVED
    if attribute == "":
        return Message.SAFETY_HTML_HINT_ELEMENT
    if attribute == "id":
        return Message.SAFETY_HTML_HINT_ID
    if attribute == "style":
        return Message.SAFETY_HTML_HINT_STYLE
    if attribute in {"href", "src"} and scheme:
        return Message.SAFETY_HTML_HINT_URL
    return Message.SAFETY_HTML_HINT_ATTRIBUTE
