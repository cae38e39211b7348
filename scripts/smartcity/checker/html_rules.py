"""The rendered-HTML allowlist in the checker: the build's renderer and policy, run only on pages that need it.

A page is rendered by Python-Markdown configured as MkDocs configures it and held to the build's one policy,
:func:`smartcity.html_policy.inspect`. A cheap test decides first whether it could fail, over-approximating:
raw HTML (even in code), an image, an ``attr_list`` with more than classes and ids, a link destination with an
entity, backslash, control character or a scheme outside ``html_policy.SCHEMES``, a footnote label that is no
valid id (``tests/test_html_policy.py`` checks on generated pages that the rest renders inside the allowlist).
:func:`locate` (used by the build too) finds the value, attribute or ``<element`` in the body, else line one.
"""

from __future__ import annotations

import re
from typing import Any

import markdown  # already imported by the checker (anchors); the extensions load only when a page is rendered

from smartcity import html_policy

from .anchors import enabled_extensions

_RAW_HTML = re.compile(r"<[A-Za-z/!?]")
_ATTR_LIST = re.compile(r"\{([^{}\n]*)\}")
_PLAIN_ATTR_LIST = re.compile(r":?(?:\s*(?:\.[\w-]+|#[\w:.-]+))*\s*")
_INLINE_DESTINATION = re.compile(r"\]\(\s*<?([^)>]*)")
_REFERENCE_DESTINATION = re.compile(r"\[[^\[\]]*\]:[ ]*\n?[ ]*<?(\S+)")  # anywhere: lists and quotes nest them
_PLAIN_DESTINATION = re.compile(r"(?:https?://)?[\w/.#%?=+~-]*")  # the common case, decided without parsing
_FOOTNOTE = re.compile(r"\[\^([^\]]*)\]")
_renderers: dict[str, markdown.Markdown] = {}


def needs_render(body: str) -> bool:
    """False only when ``body`` cannot render to anything outside the allowlist; a regex runs only if it could match."""
    return (
        "![" in body
        or ("<" in body and _RAW_HTML.search(body) is not None)
        or ("{" in body and any(not _PLAIN_ATTR_LIST.fullmatch(m) for m in _ATTR_LIST.findall(body)))
        or ("[^" in body and any(not html_policy.ID.fullmatch(label) for label in _FOOTNOTE.findall(body)))
        or ("]:" in body and not all(map(_safe_destination, _REFERENCE_DESTINATION.findall(body))))
        or not all(map(_safe_destination, _INLINE_DESTINATION.findall(body)))
    )


def _safe_destination(destination: str) -> bool:
    """True for a link destination that is plain, or has no entity, backslash or control and an allowed scheme."""
    if _PLAIN_DESTINATION.fullmatch(destination):
        return True
    unusual = "&" in destination or "\\" in destination or not destination.strip().isprintable()
    return not unusual and html_policy.url_scheme(destination) in html_policy.SCHEMES | {""}


def markdown_setup(config: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """MkDocs' built-ins and the ``markdown_extensions`` of ``mkdocs.yml`` with options, as MkDocs passes them."""
    extensions = enabled_extensions(config)
    names = list(dict.fromkeys(["toc", "tables", "fenced_code", *extensions]))
    return names, {name: options for name, options in extensions.items() if options}


def render(body: str, config: dict[str, Any]) -> str:
    """``body`` (Markdown) as MkDocs renders it, without MkDocs' link rewriting (which keeps every URL's kind)."""
    names, options = markdown_setup(config)
    key = repr((names, options))
    if key not in _renderers:
        _renderers[key] = markdown.Markdown(extensions=names, extension_configs=options)
    return _renderers[key].reset().convert(body)


def check_body(body: str, first_line: int, config: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(line, column, rule id, Dutch message) for each allowlist problem of a page; ``first_line``: the body's."""
    problems = html_policy.inspect(render(body, config))[1] if needs_render(body) else []
    return [(*locate(body, first_line, problem), problem.rule, problem.message) for problem in problems]


def locate(body: str, first_line: int, problem: html_policy.HtmlProblem) -> tuple[int, int]:
    """Line and column of the first occurrence in ``body`` of what the problem names (best effort)."""
    value, element, attribute = problem.value.rstrip("…"), f"<{problem.element}", f"{problem.attribute}="
    if not problem.attribute:
        needles = [element, value]
    elif problem.attribute in html_policy.URL_ATTRIBUTES:
        needles = [value, value.partition(":")[2], attribute, element]
    else:
        needles = [attribute, value, value.partition(":")[2], element]
    found = (re.search(re.escape(needle), body, re.IGNORECASE) for needle in needles if needle)
    offset = next((match.start() for match in found if match), 0)
    return first_line + body.count("\n", 0, offset), offset - body.rfind("\n", 0, offset)
