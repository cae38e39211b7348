"""The publish gate: read the built site (``site/``) and refuse it unless everything in it is what the project allows.

It reads the output, not the input, and it needs neither MkDocs nor the build hook: it reads ``site/`` and the
repository's ``mkdocs.yml`` and theme folders as data, so the safety it gives survives a change of generator.
``scripts/publish_gate.py`` runs it after every build (``make build``, the pull-request check before its artifact
upload, the Pages workflow before ``upload-pages-artifact``).

What it holds the site to:

- Files: only what the theme and the build write (theme files byte for byte equal to their source in Material's folder
  or ``overrides/``; HTML pages; Pagefind's index; feeds, sitemap and exports) and pictures that pass
  :mod:`smartcity.static_files`. No empty file; no symbolic link.
- Every HTML page, all of it: no script but the theme's and Pagefind's files and the inline scripts of the templates
  (each inline script must have the shape of a ``<script>`` in a template, with a template expression standing only
  for text without quotes, brackets or semicolons); no event-handler attribute; no ``javascript:``, ``vbscript:`` or
  ``data:`` URL; no picture, script, style sheet or media from another host; no ``<base>``, meta refresh, frames,
  objects or forms; Material's JSON configuration (``#__config``) only with URLs of the site itself.
- The page's own content: the templates mark ``page.content`` with the comments ``<!-- scl:content -->`` and
  ``<!-- /scl:content -->`` (``overrides/partials/content.html``); that region passes the same allowlist as rendered
  Markdown (:func:`smartcity.html_policy.inspect`). Parts of it with an id or class that content may not carry
  (``scl-*``, ``md-*``: the project's listings) were made by a template and are held to the page rules above.
- Every internal link, script, style sheet and picture resolves to a file in ``site/``.
- The search index is whole: ``pagefind/pagefind-entry.json`` parses, and the metadata and WebAssembly files it names
  exist and are not empty. Feeds and sitemap parse as XML; the JSON and CSV exports parse.

Pages are parsed with nh3 (html5ever, as a browser parses) into well-formed HTML first, so the regexes below read
ammonia's serialisation only, never a page's own text. Why not ``html.parser``: it does not parse as a browser does
(the ``<!-->`` trick), and nh3 is already the allowlist's parser, so both read a page the same way.
Cost, measured on the synthetic site of ``benchmarks/synth.py 3000`` (3,208 HTML pages): about 6 ms of CPU per page,
25 s of CPU in all (two worker processes; 46 s wall clock on this shared 2-core machine at a load average of 9).
"""

from __future__ import annotations

import csv
import gzip
import html as html_text
import io
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import nh3

from . import export, html_policy, static_files
from .model import MKDOCS_YML, parse_model, read_config
from .texts import Text, text

CONTENT_START = "<!-- scl:content -->"
CONTENT_END = "<!-- /scl:content -->"
PARALLEL_FROM = 400  # HTML pages; below this a process pool costs more than it saves
PAGEFIND_FOLDER = "pagefind"
_PAGEFIND_FILE = re.compile(
    r"pagefind/(?:pagefind[\w.-]*\.(?:js|css|json|pf_meta)|wasm\.[\w-]+\.pagefind"
    r"|fragment/[\w-]+\.pf_fragment|index/[\w-]+\.pf_index|filter/[\w-]+\.pf_filter)"
)
_EXPORTS = {export.FEED_PATH, export.JSON_PATH, export.CSV_PATH, export.ROBOTS_TXT_PATH, export.SECURITY_TXT_PATH}
_SITEMAPS = {"sitemap.xml", "sitemap.xml.gz"}
_REFUSED_ELEMENTS = frozenset(
    {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "portal", "fencedframe"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_CHECKED_ELEMENTS = frozenset({"script", "style", "meta", "link"})
_CHECKED_ATTRIBUTE = re.compile(
    r" (?:on|href=|src=|srcset=|poster=|data=|background=|action=|formaction=|xlink:href=|style=)", re.IGNORECASE
)
_RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
_URL_ATTRIBUTES = _RESOURCE_ATTRIBUTES | {"href", "action", "formaction", "xlink:href"}
_NOT_FETCHED_LINKS = frozenset({"canonical", "alternate", "author", "license", "me", "next", "prev"})
# ammonia's serialisation: every value double-quoted and escaped, so these regexes read it exactly.
_TAG = re.compile(r'<(/?)([^\t\n\f\r />]+)((?: [^\t\n\f\r />]+?="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\t\n\f\r />]+?)="([^"]*)"')
_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title"})
_START_TAG = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
# Every run of scheme characters before a colon (a superset of the page's URL schemes); the look-behind makes the
# scan start at a run's first character only, so it stays linear.
_SCHEME_CANDIDATE = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):")
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_SCRIPT_IN_TEMPLATE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# A template expression inside a script stands for text that cannot end a string or start a statement.
_EXPRESSION = r"[^<>\"'`;(){}]*?"


@dataclass(frozen=True, order=True)
class Refusal:
    """One reason the site may not go out: the file (relative to ``site/``), what is wrong and the fix, in Dutch."""

    path: str
    what: str
    fix: str

    def line(self, site_name: str = "site") -> str:
        return f"{site_name}/{self.path}: {self.what} — {self.fix}"


@dataclass
class _Known:
    """What the gate knows before it reads a page: the files of the site, the theme's files and the template scripts."""

    files: frozenset[str]
    theme: frozenset[str]
    script_shapes: tuple[re.Pattern[str], ...]
    root_path: str = "/"
    verdicts: dict[tuple[str, str, str, str], list[tuple[str, str]]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------------
# The theme: its files and the shapes of its inline scripts, read from the theme folders as data.


def theme_sources(config_path: Path = MKDOCS_YML) -> dict[str, Path]:
    """Each theme file the site publishes and the file it is copied from (``theme.custom_dir`` wins, as in MkDocs)."""
    sources: dict[str, Path] = {}
    for folder in reversed(_theme_folders(config_path)):
        for rel in static_files.theme_files_in(folder) if folder.is_dir() else ():
            sources[rel] = folder / rel
    return sources


def _theme_folders(config_path: Path) -> list[Path]:
    """The theme folders in MkDocs' order of lookup: ``custom_dir`` first, then Material's."""
    theme = read_config(config_path).get("theme") or {}
    folders = []
    if isinstance(theme, dict) and theme.get("custom_dir"):
        folders.append(config_path.parent / str(theme["custom_dir"]))
    material = static_files.material_folder()
    if material is not None:
        folders.append(material)
    return folders


def _shape(template_script: str, raw: bool = False) -> re.Pattern[str]:
    """A pattern for the text a template's ``<script>`` renders to: its literal words in order, any whitespace
    between them, and a template expression standing for text without quotes, brackets or semicolons (inside
    ``{% raw %}`` everything is literal)."""
    pattern = [r"\s*"]
    parts = [template_script] if raw else _JINJA.split(template_script)
    for part in parts:
        if not raw and _JINJA.fullmatch(part):
            pattern.append(_EXPRESSION)
        else:
            pattern.extend(re.escape(word) + r"\s*" for word in part.split())
    return re.compile("".join(pattern), re.DOTALL)


@lru_cache(maxsize=4)
def script_shapes(config_path: Path = MKDOCS_YML) -> tuple[re.Pattern[str], ...]:
    """The shapes of every inline script in the theme's templates (Material's and ``overrides/``)."""
    shapes = []
    for folder in _theme_folders(config_path):
        for template in sorted(folder.rglob("*.html")):
            source = template.read_text(encoding="utf-8", errors="replace")
            for index, part in enumerate(_RAW.split(source)):
                raw = index % 2 == 1  # the text between {% raw %} and {% endraw %}
                for attributes, body in _SCRIPT_IN_TEMPLATE.findall(part):
                    # Scripts with a source are checked by their file, Material's JSON configuration by its URLs; a
                    # script that is only a template expression would have a shape that fits anything.
                    words = body.split() if raw else _JINJA.sub(" ", body).split()
                    if "src=" not in attributes and "application/json" not in attributes and words:
                        shapes.append(_shape(body, raw))
    return tuple(shapes)


# ---------------------------------------------------------------------------------------------------------------
# Files


def _walk(site_dir: Path) -> tuple[dict[str, Path], list[Refusal]]:
    """Every regular file of the site (site-relative, ``/``) and a refusal for each symbolic link."""
    files: dict[str, Path] = {}
    refusals = []
    for folder, folder_names, file_names in os.walk(site_dir):
        for name in folder_names + file_names:
            path = Path(folder) / name
            rel = path.relative_to(site_dir).as_posix()
            if path.is_symlink():
                refusals.append(Refusal(rel, text(Text.GATE_SYMBOLIC_LINK), text(Text.GATE_REBUILD)))
            elif name in file_names:
                files[rel] = path
        folder_names[:] = [name for name in folder_names if not (Path(folder) / name).is_symlink()]
    return files, refusals


def _file_refusal(
    rel: str, path: Path, sources: dict[str, Path], feeds: frozenset[str], site_dir: Path, config: Path
) -> Refusal | None:
    """Why the file ``rel`` may not be published (its kind, not its HTML), or None; ``feeds``: the facet feeds."""
    if path.stat().st_size == 0:
        return Refusal(rel, text(Text.GATE_EMPTY_FILE), text(Text.GATE_EMPTY_FILE_FIX))
    if rel in sources:
        if path.read_bytes() != sources[rel].read_bytes():
            return Refusal(rel, text(Text.GATE_THEME_FILE_CHANGED), _REBUILD)
        return None
    if rel.endswith(".html"):
        if rel == "404.html" or rel.endswith("index.html"):
            return None
        return Refusal(rel, text(Text.GATE_HTML_NOT_BUILT), text(Text.GATE_REMOVE_HTML))
    if rel.startswith(PAGEFIND_FOLDER + "/"):
        if _PAGEFIND_FILE.fullmatch(rel):
            return None
        return Refusal(rel, text(Text.GATE_NOT_SEARCH_INDEX_FILE), text(Text.GATE_REBUILD))
    if rel in _EXPORTS or rel in _SITEMAPS or rel in feeds:
        return _data_refusal(rel, path)
    if PurePosixPath(rel).suffix.lower() in static_files.PICTURE_SUFFIXES:
        finding = static_files.finding(rel, site_dir, config)
        if finding is None:
            return None
        return Refusal(rel, text(Text.GATE_PICTURE_REFUSED), finding.message)
    return Refusal(rel, text(Text.GATE_UNKNOWN_FILE), text(Text.GATE_REMOVE_FILE))


def _data_refusal(rel: str, path: Path) -> Refusal | None:
    """A feed, sitemap or export that does not parse."""
    data = path.read_bytes()
    try:
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        if rel.endswith((".xml", ".xml.gz")):
            if b"<!DOCTYPE" in data.upper():  # the build writes none; without one no entity can expand
                raise ValueError(text(Text.GATE_DOCTYPE))
            ET.fromstring(data)  # noqa: S314 - no DOCTYPE, so none of the XML entity attacks
        elif rel.endswith(".json"):
            json.loads(data)
        elif rel.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
            if not rows or any(len(row) != len(rows[0]) for row in rows):
                raise ValueError(text(Text.GATE_RAGGED_CSV))
        else:
            data.decode("utf-8")
    except (ET.ParseError, ValueError, OSError, EOFError) as exc:
        return Refusal(rel, text(Text.GATE_DATA_UNREADABLE, error=exc), text(Text.GATE_DATA_UNREADABLE_FIX))
    return None


def _search_index_refusals(files: dict[str, Path]) -> Iterator[Refusal]:
    """The search index is whole: the entry parses and every file it names exists and is not empty."""
    entry = f"{PAGEFIND_FOLDER}/pagefind-entry.json"
    fix = text(Text.GATE_SEARCH_INDEX_FIX)
    if entry not in files:
        yield Refusal(entry, text(Text.GATE_SEARCH_INDEX_MISSING), fix)
        return
    try:
        languages = json.loads(files[entry].read_bytes())["languages"]
        named = [f"pagefind.{spec['hash']}.pf_meta" for spec in languages.values()]
        named += [f"wasm.{spec['wasm']}.pagefind" for spec in languages.values() if spec.get("wasm")]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        yield Refusal(entry, text(Text.GATE_SEARCH_INDEX_INVALID, error=exc.__class__.__name__), fix)
        return
    for name in [*named, "pagefind.js", "pagefind-component-ui.js"]:
        rel = f"{PAGEFIND_FOLDER}/{name}"
        if rel not in files:
            yield Refusal(rel, text(Text.GATE_SEARCH_INDEX_FILE_MISSING), fix)


# ---------------------------------------------------------------------------------------------------------------
# HTML pages


def _browser_view(page: str) -> str:
    """``page`` parsed as a browser parses it and written out well-formed, comments kept, nothing removed."""
    tags = {name.lower() for name in _START_TAG.findall(page)} | html_policy.TAGS
    schemes = set(_SCHEME_CANDIDATE.findall(page)) | set(html_policy.SCHEMES)
    return nh3.clean(
        page,
        tags=tags,
        clean_content_tags=set(),
        attributes={},
        generic_attribute_prefixes={""},
        url_schemes={scheme.lower() for scheme in schemes},
        link_rel=None,
        strip_comments=False,
    )


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    is_end: bool
    name: str
    attributes: dict[str, str]
    text: str  # the raw text inside a script or style
    raw: str  # the attributes as written in the view


def _tags(view: str, only_checked: bool = False) -> Iterator[_Tag]:
    """The tags of ``view`` (ammonia's output) in order; with ``only_checked`` only the start tags a page rule looks
    at (a theme page has hundreds of plain ``<span class>`` and ``<path d>``, and decoding them is most of the cost)."""
    position = 0
    while match := _TAG.search(view, position):
        position = match.end()
        name = match.group(2).lower()
        if only_checked and (match.group(1) or not _is_checked(name, match.group(3))):
            continue
        attributes = _decoded(match.group(3))
        inner = ""
        if not match.group(1) and name in _RAW_TEXT:
            close = view.find(f"</{name}>", position)
            close = len(view) if close == -1 else close
            inner = view[position:close] if name in {"script", "style"} else html_text.unescape(view[position:close])
            position = close
        yield _Tag(match.start(), position, bool(match.group(1)), name, attributes, inner, match.group(3))


@lru_cache(maxsize=65536)
def _decoded(raw_attributes: str) -> dict[str, str]:
    """The attributes of a tag in the view, names lower case, values decoded (shared: never changed by a caller)."""
    return {key.lower(): html_text.unescape(value) for key, value in _ATTRIBUTE.findall(raw_attributes)}


def _is_checked(name: str, raw_attributes: str) -> bool:
    if name in _CHECKED_ELEMENTS or name in _REFUSED_ELEMENTS:
        return True
    return _CHECKED_ATTRIBUTE.search(raw_attributes) is not None


@lru_cache(maxsize=65536)
def _resolve(folder: str, url: str, root_path: str = "/") -> str | None:
    """The site file a local ``url`` on a page in ``folder`` points at; None for a link to the page itself.

    ``root_path`` is the path of the site's address (``/`` or ``/repository/`` for a project site on GitHub Pages):
    the 404 page links from the host's root, as it is shown at any address."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):  # from the host's root: the site lives under root_path there
        if not path.startswith(root_path):
            return path  # a path outside the site, never a file of site/
        target = posixpath.normpath(path[len(root_path) :] or ".")
    else:
        target = posixpath.normpath(posixpath.join(folder, path))
    if target == "." or path.endswith("/"):
        target = posixpath.join("" if target == "." else target, "index.html")
    return target


def _page_refusals(rel: str, page: str, known: _Known) -> list[Refusal]:
    """Everything wrong with one HTML page: its content region, its template-made parts, its links."""
    view = _browser_view(page)
    found: list[Refusal] = []
    starts = view.count(CONTENT_START)
    ends = view.count(CONTENT_END)
    if starts > 1 or ends != starts:
        found.append(Refusal(rel, text(Text.GATE_CONTENT_MARKERS), _REBUILD))
    elif starts == 1:
        region = view[view.index(CONTENT_START) + len(CONTENT_START) : view.index(CONTENT_END)]
        found += [
            Refusal(rel, text(Text.GATE_CONTENT_NOT_ALLOWED, problem=removed.message), _FIX_CONTENT)
            for removed in html_policy.inspect(_without_template_parts(region))[1]
        ]
    folder = posixpath.dirname(rel)
    for tag in _tags(view, only_checked=True):
        # Pages repeat the same tags (navigation, scripts, style sheets): each is judged once per folder.
        key = (folder, tag.name, tag.raw, tag.text)
        if key not in known.verdicts:
            known.verdicts[key] = [(refusal.what, refusal.fix) for refusal in _tag_refusals(rel, tag, known)]
        found += [Refusal(rel, what, fix) for what, fix in known.verdicts[key]]
    return found


# The two fixes most page refusals give: the page was changed after the build, or its content needs changing.
_REBUILD = text(Text.GATE_REBUILD_WITH_TEMPLATES)
_FIX_CONTENT = text(Text.GATE_FIX_PAGE)


def _without_template_parts(region: str) -> str:
    """The content region without the elements a template made there (those with a class content may not carry)."""
    kept: list[str] = []
    position = 0
    depth = 0  # > 0 inside a template-made element
    for tag in _tags(region):
        if depth:
            if tag.name in _VOID:
                continue
            depth += -1 if tag.is_end else 1
            if depth == 0:
                position = tag.end
            continue
        classes = tag.attributes.get("class", "").split()
        if not tag.is_end and any(html_policy.reserved_class(name) for name in classes):
            kept.append(region[position : tag.start])
            if tag.name in _VOID:
                position = tag.end
            else:
                depth = 1
    if not depth:
        kept.append(region[position:])
    return "".join(kept)


def _tag_refusals(rel: str, tag: _Tag, known: _Known) -> Iterator[Refusal]:
    """The page rules for one start tag (wherever it is on the page)."""
    if tag.name in _REFUSED_ELEMENTS:
        yield Refusal(rel, text(Text.GATE_REFUSED_ELEMENT, element=tag.name), _REBUILD)
    if tag.name == "meta" and tag.attributes.get("http-equiv", "").lower() == "refresh":
        yield Refusal(rel, text(Text.GATE_META_REFRESH), _REBUILD)
    for name, value in tag.attributes.items():
        if name.startswith("on"):
            yield Refusal(rel, text(Text.GATE_EVENT_HANDLER, attribute=name, element=tag.name), _FIX_CONTENT)
        if name in _URL_ATTRIBUTES:
            yield from _url_refusals(rel, tag, name, value, known)
        if name == "style" and html_policy.REMOTE_CSS.search(value):
            yield Refusal(rel, text(Text.GATE_REMOTE_STYLE_ATTRIBUTE, element=tag.name), _FIX_CONTENT)
    if tag.name == "script":
        yield from _script_refusals(rel, tag, known)
    if tag.name == "style" and not _from_template(tag.text, known.script_shapes):
        yield Refusal(rel, text(Text.GATE_STYLE_NOT_IN_TEMPLATE), _REBUILD)


def _url_refusals(rel: str, tag: _Tag, attribute: str, value: str, known: _Known) -> Iterator[Refusal]:
    urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
    fetched = attribute in _RESOURCE_ATTRIBUTES or (tag.name == "link" and not _only_named(tag))
    for url in urls:
        scheme = html_policy.url_scheme(url)
        if scheme in {"javascript", "vbscript", "data"}:
            what = text(Text.GATE_SCRIPT_ADDRESS, scheme=scheme, attribute=attribute, element=tag.name)
            yield Refusal(rel, what, _FIX_CONTENT)
        elif not html_policy.is_local(url):
            if fetched:
                yield Refusal(rel, text(Text.GATE_REMOTE_RESOURCE, url=url[:80], element=tag.name), _FIX_CONTENT)
        elif tag.name in {"a", "link", "img", "script", "source", "audio", "video"}:
            target = _resolve(posixpath.dirname(rel), url, known.root_path)
            if target is not None and target not in known.files:
                what = text(Text.GATE_MISSING_TARGET, url=url[:80])
                yield Refusal(rel, what, text(Text.GATE_MISSING_TARGET_FIX))


def _only_named(tag: _Tag) -> bool:
    """True for a ``<link>`` that names a page (canonical, RSS feed) and that the browser does not load."""
    kinds = set(tag.attributes.get("rel", "").lower().split())
    return bool(kinds) and kinds <= _NOT_FETCHED_LINKS


def _script_refusals(rel: str, tag: _Tag, known: _Known) -> Iterator[Refusal]:
    source = tag.attributes.get("src")
    if source is not None:
        target = _resolve(posixpath.dirname(rel), source, known.root_path) if html_policy.is_local(source) else None
        theirs = target is not None and (target in known.theme or target.startswith(PAGEFIND_FOLDER + "/"))
        if not theirs:
            yield Refusal(rel, text(Text.GATE_FOREIGN_SCRIPT, source=source[:80]), _REBUILD)
        return
    kind = tag.attributes.get("type", "").lower()
    if tag.attributes.get("id") == "__config" or kind == "application/json":
        yield from _config_refusals(rel, tag.text)
    elif not _from_template(tag.text, known.script_shapes):
        start = " ".join(tag.text.split())[:60]
        yield Refusal(rel, text(Text.GATE_SCRIPT_NOT_IN_TEMPLATE, start=start), _REBUILD)


@lru_cache(maxsize=1024)
def _from_template(inline: str, shapes: tuple[re.Pattern[str], ...]) -> bool:
    """True when an inline script or style has the shape of one in a template (each page repeats the same few)."""
    return any(shape.fullmatch(inline) for shape in shapes)


def _config_refusals(rel: str, config_json: str) -> Iterator[Refusal]:
    """Material reads ``#__config`` to know where the site and its search live: only the site's own addresses."""
    try:
        config = json.loads(config_json)
    except ValueError:
        yield Refusal(rel, text(Text.GATE_CONFIG_NOT_JSON), _REBUILD)
        return
    pending = [config]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and not html_policy.is_local(value):
            yield Refusal(rel, text(Text.GATE_CONFIG_REMOTE_ADDRESS, address=value[:80]), _REBUILD)


_WORKER_KNOWN: list[_Known] = []  # what a worker process knows, given once when it starts


def _start_worker(known: _Known) -> None:
    _WORKER_KNOWN.append(known)


def _check_page(rel: str, path: Path, known: _Known) -> list[Refusal]:
    return _page_refusals(rel, path.read_text(encoding="utf-8", errors="replace"), known)


def _check_in_worker(job: tuple[str, Path]) -> list[Refusal]:
    return _check_page(*job, _WORKER_KNOWN[0])


# ---------------------------------------------------------------------------------------------------------------


def check(
    site_dir: Path, config_path: Path = MKDOCS_YML, workers: int | None = None, site_url: str | None = None
) -> list[Refusal]:
    """Every reason the site in ``site_dir`` may not be published, sorted by file; empty when it may.

    ``site_url`` is the address the site was built for (default: ``SITE_URL`` from the environment, as the build
    reads it); only its path matters, for links from the host's root.
    """
    files, refusals = _walk(site_dir)
    sources = theme_sources(config_path)
    address = os.environ.get("SITE_URL", "") if site_url is None else site_url
    root_path = urlsplit(address).path.rstrip("/") + "/"
    known = _Known(frozenset(files), frozenset(sources), script_shapes(config_path), root_path)
    model = parse_model(read_config(config_path), config_path.parent)
    feeds = export.facet_feed_paths(model)
    for rel, path in sorted(files.items()):
        if refused := _file_refusal(rel, path, sources, feeds, site_dir, config_path):
            refusals.append(refused)
    refusals += _search_index_refusals(files)
    pages = [(rel, path) for rel, path in sorted(files.items()) if rel.endswith(".html")]
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if len(pages) < PARALLEL_FROM or count < 2:
        for rel, path in pages:
            refusals += _check_page(rel, path, known)
    else:
        with ProcessPoolExecutor(count, initializer=_start_worker, initargs=(known,)) as pool:
            for found in pool.map(_check_in_worker, pages, chunksize=50):
                refusals += found
    return sorted(set(refusals))
