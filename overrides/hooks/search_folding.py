"""MkDocs hook: make Material's Dutch search forgive accents, and find pages by city and person.

Material's search (lunr with the Dutch stemmer) matches words exactly as written:
"cooperatie" does not find "coöperatie". Lunr has no accent folding and Material
offers no setting for it, so after the build this hook adds to every search
document a ``folded`` field with the accent-free form of each word that has an
accent. A query with accents still matches the original text, one without
matches the folded field. Content pages also get a ``cities`` field (cities,
organisations and people from the front matter). Both fields are declared with
their boost under ``plugins.search.fields`` in ``mkdocs.yml``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
from mkdocs.plugins import event_priority
from smartcity.model import load_model
from smartcity.pages import load_pages
from smartcity.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")


def folded_words(*texts: str) -> str:
    """The accent-free forms of the words in ``texts`` that carry an accent, each once."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(_TAG.sub(" ", text)):
            plain = fold(word)
            if plain != word:
                seen.setdefault(plain, None)
    return " ".join(seen)


def enrich(index: dict[str, Any], extra_by_location: dict[str, str]) -> dict[str, Any]:
    """Add ``folded`` (and, for content pages, ``cities``) to each document of a search index."""
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        cities = extra_by_location.get(location, "") if "#" not in location else ""
        if cities:
            doc["cities"] = cities
        folded = folded_words(doc.get("title", ""), doc.get("text", ""), cities, " ".join(doc.get("tags", [])))
        if folded:
            doc["folded"] = folded
    return index


@event_priority(-100)  # after Material's search plugin has written the index
def on_post_build(config: Any, **_: Any) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    model = load_model(Path(config.config_file_path))
    pages = load_pages(model, Path(config.docs_dir))
    extra = {p.url: " ".join((*p.cities, *p.people)) for p in pages}
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(enrich(index, extra), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
