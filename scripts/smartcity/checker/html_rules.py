"""The build's Markdown renderer in the checker, and its rendered-HTML allowlist, run only on pages that need it.

A page is rendered by Python-Markdown configured as MkDocs configures it and held to the build's one policy,
:func:`smartcity.html_policy.inspect`, unless the cheap, over-approximating :func:`needs_render` shows it cannot fail
(``tests/test_html_policy.py`` checks on generated pages that what it lets through renders inside the allowlist).
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import markdown  # the extensions load only when a page is rendered
from markdown.extensions.toc import slugify as default_slugify

from smartcity import html_policy
from smartcity.findings import Finding

Slugify = Callable[[str, str], str]

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
        or html_policy.MAY_NAME_THEME.search(body) is not None  # an id or class the theme uses (a heading's too)
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


def enabled_extensions(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every enabled markdown extension with its options; a repeat without options keeps them, as in MkDocs."""
    result: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions") or []:
        # An item is a name ("tables") or a one-key mapping of a name to its options ("toc": {...}).
        pairs = item.items() if isinstance(item, dict) else [(item, None)]
        for key, value in pairs:
            name = str(key)
            if isinstance(value, dict) and value:
                result[name] = value
            else:
                result[name] = result.get(name, {})
    return result


def configured_slugify(config: dict[str, Any]) -> tuple[Slugify, str]:
    """The toc ``slugify`` and ``separator`` of ``mkdocs.yml`` (whose ``!!python/...`` tags are read as data)."""
    extensions = enabled_extensions(config)
    options = extensions.get("toc", extensions.get("markdown.extensions.toc", {}))
    spec = options.get("slugify")
    if isinstance(spec, str):
        slugify = pkgutil.resolve_name(spec)
    elif isinstance(spec, dict):  # !!python/object/apply:pymdownx.slugs.slugify {kwds: {...}}
        from pymdownx.slugs import slugify as factory  # only when the config asks for it

        slugify = factory(**spec.get("kwds", {}))
    else:
        slugify = default_slugify
    return slugify, str(options.get("separator", "-"))


def markdown_setup(config: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """MkDocs' built-ins and the ``markdown_extensions`` of ``mkdocs.yml`` with options, as MkDocs passes them."""
    extensions = enabled_extensions(config)
    names = list(dict.fromkeys(["toc", "tables", "fenced_code", *extensions]))
    options = {name: options for name, options in extensions.items() if options}
    if "slugify" in options.get("toc", {}):  # read_config reads its !!python/... tag as data; toc needs the function
        options["toc"] = {**options["toc"], "slugify": configured_slugify(config)[0]}
    return names, options


def render(body: str, config: dict[str, Any]) -> str:
    """``body`` (Markdown) as MkDocs renders it, without MkDocs' link rewriting (which keeps every URL's kind)."""
    key = repr(config.get("markdown_extensions"))
    if key not in _renderers:
        names, options = markdown_setup(config)
        _renderers[key] = markdown.Markdown(extensions=names, extension_configs=options)
    return _convert(body, key)


@lru_cache(maxsize=1)
def _convert(body: str, key: str) -> str:
    """Kept for the next call: a page with markup in a heading is rendered for the allowlist and for its ids."""
    return _renderers[key].reset().convert(body)


def check_body(body: str, first_line: int, config: dict[str, Any], path: str) -> list[Finding]:
    """A finding for each piece of a page's HTML outside the allowlist; ``first_line``: the body's, ``path``: the file
    as shown."""
    if not needs_render(body):
        return []
    removed = html_policy.inspect(render(body, config))[1]
    return [finding(body, first_line, piece, path) for piece in removed]


def finding(body: str, first_line: int, removed: html_policy.Removed, path: str) -> Finding:
    """``removed`` as a finding in the Markdown file ``path``, at the place :func:`locate` finds (the build uses it
    too)."""
    line, column = locate(body, first_line, removed)
    return Finding(path, line, column, removed.rule, removed.message)


def locate(body: str, first_line: int, removed: html_policy.Removed) -> tuple[int, int]:
    """Best-effort line and column of the value, attribute or ``<element`` that ``removed`` names."""
    value = removed.value.rstrip("…")  # a long value is shortened with "…" in the message
    element = f"<{removed.element}"
    attribute = f"{removed.attribute}="
    if not removed.attribute:
        needles = [element, value]
    elif removed.attribute in html_policy.URL_ATTRIBUTES:
        needles = [value, value.partition(":")[2], attribute, element]
    else:
        needles = [attribute, value, value.partition(":")[2], element]
    found = (re.search(re.escape(needle), body, re.IGNORECASE) for needle in needles if needle)
    offset = next((match.start() for match in found if match), 0)
    return first_line + body.count("\n", 0, offset), offset - body.rfind("\n", 0, offset)
