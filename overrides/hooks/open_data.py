"""MkDocs hook: publish the site's own open data, its feed, robots.txt and security.txt. Kept thin.

After the build it writes, from the front matter of every content page:

- ``feed.xml``: RSS 2.0, one item per content page, newest first;
- ``open-data/paginas.json`` and ``open-data/paginas.csv``: the metadata of
  every content page (see ``docs/over/open-data.md`` for the fields);
- ``robots.txt``: everything may be indexed; names the sitemap when
  ``site_url`` is set (a sitemap needs absolute URLs, so MkDocs' own
  ``sitemap.xml`` is only filled when ``site_url`` is set);
- ``.well-known/security.txt`` (RFC 9116) with the contact from
  ``extra.security_contact`` (env ``SECURITY_CONTACT``) and an ``Expires``
  364 days after the build. Without a contact no security.txt is written:
  the RFC requires ``Contact`` and no address is invented.

All logic is in ``scripts/smartcity/export.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import _bootstrap  # noqa: F401  (puts scripts/ on sys.path)
from mkdocs.exceptions import PluginError
from smartcity import export
from smartcity.model import load_model
from smartcity.pages import ContentPage, load_pages

log = logging.getLogger("mkdocs.hooks.open_data")

_urls: dict[str, str] = {}


def _contact(config: Any) -> str:
    return str((config.extra or {}).get("security_contact") or "")


def on_config(config: Any, **_: Any) -> Any:
    """Check the security contact early, so a bad value stops the build before anything is written."""
    contact = _contact(config)
    if contact.strip():
        try:
            export.normalise_contact(contact)
        except export.ExportError as exc:
            raise PluginError(str(exc)) from exc
    return config


def on_files(files: Any, **_: Any) -> Any:
    """Remember the URL MkDocs gives each Markdown file, so the exports link exactly where MkDocs wrote."""
    _urls.clear()
    _urls.update({f.src_uri: f.url for f in files if f.src_uri.endswith(".md")})
    return files


def _url_of(page: ContentPage) -> str:
    return _urls.get(page.src, page.url)


def _write(site_dir: Path, rel_path: str, text: str) -> None:
    path = site_dir / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def on_post_build(config: Any, **_: Any) -> None:
    """Write the feed, the exports, robots.txt and (when configured) security.txt into the site."""
    model = load_model(Path(config.config_file_path))
    site_url = str(config.site_url or "")
    site = export.SiteInfo(
        name=config.site_name,
        description=" ".join(str(config.site_description).split()),
        site_url=site_url,
        language=str(config.theme.get("language") or "nl"),
    )
    rows = export.records(load_pages(model, Path(config.docs_dir)), site_url, _url_of)
    site_dir = Path(config.site_dir)
    _write(site_dir, export.FEED_PATH, export.to_rss(rows, site, export.type_labels(model)))
    _write(site_dir, export.JSON_PATH, export.to_json(rows, site))
    _write(site_dir, export.CSV_PATH, export.to_csv(rows))
    _write(site_dir, export.ROBOTS_TXT_PATH, export.robots_txt(site_url))
    security = export.security_txt(_contact(config), dt.datetime.now(dt.UTC), site_url)
    stale = site_dir / export.SECURITY_TXT_PATH
    if security is None:
        stale.unlink(missing_ok=True)
        log.info("open_data: geen security.txt geschreven (extra.security_contact / SECURITY_CONTACT is leeg)")
    else:
        _write(site_dir, export.SECURITY_TXT_PATH, security)
    if not site_url:
        log.info("open_data: site_url is leeg; feed en exports bevatten adressen relatief aan de hoofdmap van de site")
