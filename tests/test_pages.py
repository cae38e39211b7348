"""Reading content pages: the records, and that an edited page is read again (as in `mkdocs serve`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from smartcity.model import ContentModel
from smartcity.pages import load_pages


def test_an_edited_page_is_read_again(tmp_path: Path, model: ContentModel) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(model.docs_dir, docs)
    before = {p.src: p.title for p in load_pages(model, docs)}
    page = docs / "lessen" / "de-knop-moet-om.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: De knop moet om", "title: Knop om"), "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1_000_000_000))
    after = {p.src: p.title for p in load_pages(model, docs)}
    assert before["lessen/de-knop-moet-om.md"] == "De knop moet om"
    assert after["lessen/de-knop-moet-om.md"] == "Knop om"
    (docs / "lessen" / "tussenruimte-organiseren.md").unlink()
    assert "lessen/tussenruimte-organiseren.md" not in {p.src for p in load_pages(model, docs)}


def test_pages_are_newest_first_and_carry_their_url(content_pages) -> None:
    dates = [p.date for p in content_pages]
    assert dates == sorted(dates, reverse=True)
    assert {p.url for p in content_pages} >= {"lessen/de-knop-moet-om/", "interviews/brigitte-hulscher-utrecht/"}
