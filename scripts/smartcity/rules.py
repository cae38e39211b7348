"""The checker's rules from their one source, ``rules.yml``: id, severity, summary and the Dutch messages.

The messages are data, not code, so that an editor can improve the Dutch without reading Python, and so that
the checker, the build hook and the scaffolder say the same thing. The code asks for a message by a member of
:class:`Message`, written out below rather than made from ``rules.yml`` at import, so that a misspelt key fails in
the editor, in ``ruff``/``mypy`` and at import instead of at a contributor; ``tests/test_checker_rules.py`` checks that
:class:`Message` and ``rules.yml`` name the same keys, both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

ERROR = "error"
WARNING = "warning"
RULES_YML = Path(__file__).with_name("rules.yml")


class Message(StrEnum):
    """Every message of ``rules.yml`` by its key: ``"rule"`` for a rule's main message, ``"rule:variant"`` for another.

    ``fm-listing:marker`` is ``Message.FM_LISTING_MARKER``. A member is a ``str``, so it goes wherever a key went.
    """

    FILE_UNREADABLE = "file-unreadable"
    FILE_ENCODING = "file-encoding"
    FILE_BINARY = "file-binary"
    FILE_EMPTY = "file-empty"
    FILE_TOO_LARGE = "file-too-large"
    FILE_SYMLINK = "file-symlink"
    FILE_STATIC = "file-static"
    FILE_STATIC_PAGE = "file-static:page"
    FILE_STATIC_PLACE = "file-static:place"
    FILE_STATIC_SVG = "file-static:svg"
    FILE_STATIC_RESERVED = "file-static:reserved"
    FILE_PICTURE = "file-picture"
    FILE_PICTURE_TOO_LARGE = "file-picture:too-large"
    FILE_NAME = "file-name"
    FILE_LOCATION = "file-location"
    FM_MISSING = "fm-missing"
    FM_UNCLOSED = "fm-unclosed"
    FM_YAML = "fm-yaml"
    FM_YAML_VALUE = "fm-yaml:value"
    FM_YAML_TOO_LARGE = "fm-yaml:too-large"
    FM_YAML_TOO_DEEP = "fm-yaml:too-deep"
    FM_YAML_ANCHORS = "fm-yaml:anchors"
    FM_YAML_PROBLEM_COLON_IN_VALUE = "fm-yaml:problem-colon-in-value"
    FM_YAML_PROBLEM_START = "fm-yaml:problem-start"
    FM_YAML_PROBLEM_COLON_MISSING = "fm-yaml:problem-colon-missing"
    FM_YAML_PROBLEM_INDENT = "fm-yaml:problem-indent"
    FM_YAML_PROBLEM_UNCLOSED = "fm-yaml:problem-unclosed"
    FM_YAML_PROBLEM_DOCUMENTS = "fm-yaml:problem-documents"
    FM_YAML_PROBLEM_TAG = "fm-yaml:problem-tag"
    FM_YAML_PROBLEM_OTHER = "fm-yaml:problem-other"
    FM_NOT_MAPPING = "fm-not-mapping"
    FM_REQUIRED = "fm-required"
    FM_REQUIRED_SOURCE = "fm-required:source"
    FM_FIELD_TYPE = "fm-field-type"
    FM_FIELD_TYPE_LIST = "fm-field-type:list"
    FM_FIELD_TYPE_SOURCE = "fm-field-type:source"
    FM_FIELD_TYPE_HELP_HIDE = "fm-field-type:help-hide"
    FM_FIELD_TYPE_HELP_TEMPLATE = "fm-field-type:help-template"
    FM_UNKNOWN_KEY = "fm-unknown-key"
    FM_UNKNOWN_KEY_PAGE = "fm-unknown-key:page"
    FM_UNKNOWN_KEY_SOURCE = "fm-unknown-key:source"
    FM_DATE = "fm-date"
    FM_FUTURE_DATE = "fm-future-date"
    FM_TYPE_FOLDER = "fm-type-folder"
    FM_TAG = "fm-tag"
    FM_CITY = "fm-city"
    FM_DUPLICATE = "fm-duplicate"
    FM_DESCRIPTION_LENGTH = "fm-description-length"
    FM_TITLE_LENGTH = "fm-title-length"
    FM_SOURCE_URL = "fm-source-url"
    FM_LISTING_SHAPE = "fm-listing:shape"
    FM_LISTING_KEY = "fm-listing:key"
    FM_LISTING_VALUE = "fm-listing:value"
    FM_LISTING_OWN = "fm-listing:own"
    FM_LISTING_MARKER = "fm-listing:marker"
    FM_MARKUP = "fm-markup"
    FM_CONTROL = "fm-control"
    FM_PEOPLE_ABSENT = "fm-people-absent"
    MD_TOO_COMPLEX_BRACKETS = "md-too-complex:brackets"
    MD_TOO_COMPLEX_INLINE = "md-too-complex:inline"
    MD_TOO_COMPLEX_TAGS = "md-too-complex:tags"
    MD_TOO_COMPLEX_NESTING = "md-too-complex:nesting"
    MD_TOO_COMPLEX_SIZE = "md-too-complex:size"
    LINK_MISSING = "link-missing"
    LINK_MISSING_HTML_MD = "link-missing:html-md"
    LINK_MISSING_FOLDER = "link-missing:folder"
    LINK_MISSING_PICTURE = "link-missing:picture"
    LINK_CASE = "link-case"
    LINK_OUTSIDE_DOCS = "link-outside-docs"
    LINK_OUTSIDE_DOCS_HTML = "link-outside-docs:html"
    LINK_ABSOLUTE = "link-absolute"
    LINK_OWN_SITE = "link-own-site"
    LINK_OWN_SITE_UNKNOWN = "link-own-site:unknown"
    LINK_OWN_SITE_EXAMPLE_LINK = "link-own-site:example-link"
    LINK_OWN_SITE_EXAMPLE_PICTURE = "link-own-site:example-picture"
    LINK_ANCHOR = "link-anchor"
    LINK_ANCHOR_WHERE_HERE = "link-anchor:where-here"
    LINK_ANCHOR_WHERE_PAGE = "link-anchor:where-page"
    LINK_UNDEFINED_REF = "link-undefined-ref"
    LINK_SNIPPET = "link-snippet"
    LINK_HTTP = "link-http"
    SAFETY_SCRIPT = "safety-script"
    SAFETY_EMBED = "safety-embed"
    SAFETY_EVENT_ATTRIBUTE = "safety-event-attribute"
    SAFETY_JAVASCRIPT_URL = "safety-javascript-url"
    SAFETY_REMOTE_MEDIA = "safety-remote-media"
    SAFETY_HTML = "safety-html"
    SAFETY_HTML_INPUT = "safety-html:input"
    SAFETY_HTML_HINT_ID = "safety-html:hint-id"
    SAFETY_HTML_HINT_STYLE = "safety-html:hint-style"
    SAFETY_HTML_HINT_URL = "safety-html:hint-url"
    SAFETY_HTML_HINT_ATTRIBUTE = "safety-html:hint-attribute"
    SAFETY_HTML_HINT_ELEMENT = "safety-html:hint-element"
    SAFETY_HTML_HINT_RESERVED = "safety-html:hint-reserved"
    SAFETY_HTML_WHAT_ATTRIBUTE = "safety-html:what-attribute"
    SAFETY_HTML_WHAT_ELEMENT = "safety-html:what-element"
    SITE_DUPLICATE_TITLE = "site-duplicate-title"
    SITE_ORPHAN = "site-orphan"
    SITE_REVIEW_DUE = "site-review-due"
    EXT_BROKEN = "ext-broken"
    EXT_BROKEN_HOPS = "ext-broken:hops"
    EXT_UNREACHABLE = "ext-unreachable"
    EXT_REFUSED = "ext-refused"
    INTERNAL_ERROR = "internal-error"

    @property
    def rule(self) -> str:
        """The rule id of this message: ``"fm-listing"`` for ``fm-listing:marker``."""
        return self.value.partition(":")[0]

    @property
    def variant(self) -> str:
        """The variant of this message (``"marker"``), ``""`` for the rule's main message."""
        return self.value.partition(":")[2]


@dataclass(frozen=True)
class Rule:
    """A rule id with its severity, a one-line Dutch summary and its messages (``""``: the main one)."""

    id: str
    severity: str
    summary: str
    messages: dict[str, str]


_DATA = yaml.load(RULES_YML.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
RULES = {
    rule: Rule(rule, spec["severity"], spec["summary"], {"": spec.get("message", ""), **spec.get("variants", {})})
    for rule, spec in _DATA.items()
}


def message(key: Message, /, **fill: object) -> str:
    """The message ``key`` with its ``{names}`` filled in.

    A plain string key (``"fm-listing:marker"``) still works, but is checked against :class:`Message` here too, so a
    key made at run time that does not exist raises ``ValueError`` at once.
    """
    known = Message(key)
    return RULES[known.rule].messages[known.variant].format(**fill)


def did_you_mean(suggestion: str | None) -> str:
    """`` Bedoelde u "X"?`` for a suggestion, ``""`` without one: the one way every message proposes a fix.

    It starts with a space because it is filled into a message's ``{hint}`` right after a sentence.
    """
    if not suggestion:
        return ""
    return f' Bedoelde u "{suggestion}"?'
