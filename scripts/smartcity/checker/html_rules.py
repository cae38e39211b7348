"""The rendered-HTML allowlist in the checker: the build's renderer and policy, run only on pages that need it.

The build holds every page's rendered HTML to :mod:`smartcity.html_policy`. The
checker gives the same answer early, with one implementation of the policy: a
page whose Markdown could produce anything outside the allowlist is rendered
with Python-Markdown configured exactly as MkDocs configures it (the built-ins
``toc``, ``tables`` and ``fenced_code`` plus ``markdown_extensions`` of
``mkdocs.yml``, with their options) and passed through
:func:`smartcity.html_policy.inspect`. Rendering costs milliseconds a page, so a
cheap test decides first; it over-approximates: raw HTML (even inside code), an
image, an ``attr_list`` block with anything but classes and ids, a link
destination with an entity, a backslash, a control character or a scheme other
than http/https/mailto/tel, a footnote label that would not make a valid id.
Without any of these the extensions only produce allowlisted HTML
(``tests/test_html_policy.py`` checks this on generated pages).

Locations are best effort: the first occurrence in the body of the offending
value, attribute or ``<element`` (an entity-encoded value is not found by its
decoded text, then the attribute or element is); the body's first line otherwise.
The build can put the same line on its errors with :func:`locate`.
"""

from __future__ import annotations

import re
from typing import Any

from smartcity import html_policy

MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_ATTR_LIST = re.compile(r"\{([^{}\n]*)\}")
_PLAIN_ATTR_LIST = re.compile(r":?(?:\s*(?:\.[\w-]+|#[\w:.-]+))*\s*")
_INLINE_DESTINATION = re.compile(r"\]\(\s*<?([^)>]*)")
_REFERENCE_DESTINATION = re.compile(r"\[[^\[\]]*\]:[ ]*\n?[ ]*<?(\S+)")  # anywhere: lists and quotes nest them
_PLAIN_DESTINATION = re.compile(r"(?:https?://)?[\w/.#%?=+~-]*")  # the common case, decided without parsing
_FOOTNOTE = re.compile(r"\[\^([^\]]*)\]")
_ID = re.compile(r"[\w:.-]+")
_URL_ATTRIBUTES = frozenset({"href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "data"})
_renderers: dict[str, Any] = {}


def needs_render(body: str) -> bool:
    """False only when ``body`` cannot render to anything outside the allowlist (see the module docstring).

    Each regex runs only when a plain substring test says it could match: this runs on every page.
    """
    return (
        "![" in body
        or ("<" in body and _RAW_HTML.search(body) is not None)
        or ("{" in body and any(not _PLAIN_ATTR_LIST.fullmatch(m) for m in _ATTR_LIST.findall(body)))
        or ("[^" in body and any(not _ID.fullmatch(label) for label in _FOOTNOTE.findall(body)))
        or ("]:" in body and not all(map(_safe_destination, _REFERENCE_DESTINATION.findall(body))))
        or not all(map(_safe_destination, _INLINE_DESTINATION.findall(body)))
    )


def _safe_destination(destination: str) -> bool:
    if _PLAIN_DESTINATION.fullmatch(destination):
        return True
    if "&" in destination or "\\" in destination or not destination.strip().isprintable():
        return False
    return html_policy.url_scheme(destination) in html_policy.SCHEMES | {""}


def markdown_setup(config: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions and their options as MkDocs passes them to Python-Markdown, from ``mkdocs.yml`` as data."""
    names, options = list(MKDOCS_BUILTINS), {}
    for item in config.get("markdown_extensions") or []:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if settings:
            options[name] = settings
    return names, options


def render(body: str, config: dict[str, Any]) -> str:
    """``body`` (Markdown) as MkDocs renders it, without MkDocs' link rewriting (which keeps every URL's kind)."""
    import markdown  # only when a page needs rendering: the import costs more than most checker runs

    names, options = markdown_setup(config)
    key = repr((names, options))
    if key not in _renderers:
        _renderers[key] = markdown.Markdown(extensions=names, extension_configs=options)
    return _renderers[key].reset().convert(body)


def check_body(body: str, first_line: int, config: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(line, column, rule id, Dutch message) for each allowlist problem of a page; ``first_line``: the body's."""
    if not needs_render(body):
        return []
    _, problems = html_policy.inspect(render(body, config))
    return [(*locate(body, first_line, problem), problem.rule, problem.message) for problem in problems]


def locate(body: str, first_line: int, problem: html_policy.HtmlProblem) -> tuple[int, int]:
    """Line and column of the first occurrence in ``body`` of what the problem names (best effort)."""
    value = problem.value.rstrip("…")
    after_scheme = value.partition(":")[2]
    if not problem.attribute:
        needles = [f"<{problem.element}", value]
    elif problem.attribute in _URL_ATTRIBUTES:
        needles = [value, after_scheme, f"{problem.attribute}=", f"<{problem.element}"]
    else:
        needles = [f"{problem.attribute}=", value, after_scheme, f"<{problem.element}"]
    found = (re.search(re.escape(needle), body, re.IGNORECASE) for needle in needles if needle)
    offset = next((match.start() for match in found if match), 0)
    line_start = body.rfind("\n", 0, offset) + 1
    return first_line + body.count("\n", 0, offset), offset - line_start + 1
