"""Where MkDocs puts a page: its URL, relative to the site root, from its path in ``docs/``.

One definition for the build hooks (listings, exports, search fields) and the
checker (raw-HTML links are relative to the page's URL, not to its file).
"""

from __future__ import annotations


def page_url(src: str, directory_urls: bool = True) -> str:
    """The page's URL: ``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``, ``index.md`` -> ``""``.

    Without directory URLs (``use_directory_urls: false``) it is ``a/b.html``, ``a/index.html``.
    """
    stem = src[: -len(".md")] if src.endswith(".md") else src
    is_index = stem == "index" or stem.endswith("/index")
    if directory_urls:
        return stem[: -len("index")] if is_index else stem + "/"
    return stem + ".html"


def page_url_dir(src: str, directory_urls: bool = True) -> str:
    """The folder of the page's URL, which relative links in its HTML start from: ``a/b/``, or ``a/``."""
    url = page_url(src, directory_urls)
    return url[: url.rfind("/") + 1]
