"""Build the site's search index with Pagefind while MkDocs renders the pages.

The build hook starts Pagefind's service mode (``pagefind --service``, the binary pinned by ``pagefind_bin_extended``)
before the first page and hands it each page as MkDocs writes it, so Pagefind parses pages on the second core and
only writing the index is left at the end. Messages are base64 JSON, each ended by a comma. Own client, because
the ``pagefind`` wrapper waits 0.1 s per reply (323 s for 3,000 pages). Pagefind makes no network request.
"""

import base64
import contextlib
import json
import subprocess
from pathlib import Path
from typing import Any

from pagefind_bin_extended import get_executable


class SearchIndexError(RuntimeError):
    """Pagefind could not build the search index; the message is Dutch and says why."""


class Indexer:
    """The index of ``site_dir``: :meth:`add` each page, :meth:`finish`, then :meth:`wait` for ``pagefind/``."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir.resolve()
        self.files: dict[int, str] = {}  # message id -> the file it added, to name it in an error
        self._sent = 0
        try:  # run in the wheel's own folder: Pagefind reads a pagefind.yml/toml/json from there, and it has none
            binary, pipe = get_executable(), subprocess.PIPE
            self._process = subprocess.Popen([binary, "--service"], cwd=binary.parent, stdin=pipe, stdout=pipe)
        except OSError as error:  # the binary is missing or cannot run
            reinstall = "installeer de vereisten opnieuw met 'pip install -r requirements.txt'"
            raise SearchIndexError(f"Pagefind kon niet starten ({error}); {reinstall}.") from error
        self._send({"type": "NewIndex", "config": {"exclude_selectors": [".headerlink"]}})  # not the ¶ of headings

    def add(self, dest_uri: str, html: str) -> None:
        """Index the page written to ``site_dir/dest_uri`` (Pagefind makes its URL from that path)."""
        self._send({"type": "AddFile", "index_id": 0, "file_path": dest_uri, "url": None, "file_contents": html})
        self.files[self._sent] = dest_uri

    def finish(self) -> None:
        """Add the HTML written without a page (404.html), as Pagefind's CLI would, and ask for the index."""
        added = set(self.files.values())
        for path in sorted(self.site_dir.rglob("*.html")):
            if (rel := path.relative_to(self.site_dir).as_posix()) not in added:
                self.add(rel, path.read_text(encoding="utf-8", errors="replace"))
        self._send({"type": "WriteFiles", "index_id": 0, "output_path": str(self.site_dir / "pagefind")})
        with contextlib.suppress(OSError):  # Pagefind stopped: wait() says so
            self._process.stdin.flush()  # type: ignore[union-attr]

    def wait(self) -> None:
        """Wait until Pagefind has written the index; raise :class:`SearchIndexError` if it did not."""
        errors: list[str] = []
        pending, done = b"", False
        while not done and (chunk := self._process.stdout.read1(1 << 16)):  # type: ignore[union-attr]
            *replies, pending = (pending + chunk).split(b",")
            try:
                for reply in (json.loads(base64.b64decode(item)) for item in replies):
                    if reply["payload"]["type"] == "Error":
                        file = self.files.get(reply.get("message_id"))
                        errors.append(f"{file}: {reply['payload']['message']}" if file else reply["payload"]["message"])
                    done = done or reply.get("message_id") == self._sent
            except (ValueError, KeyError, TypeError) as exc:  # not Pagefind's protocol (base64, JSON, fields)
                errors.append(f"onverwacht antwoord van Pagefind ({exc})")
                break
        self.close()
        if errors or not done:
            details = "; ".join(dict.fromkeys(errors)) or "Pagefind stopte voordat de index klaar was"
            raise SearchIndexError(f"De zoekindex (Pagefind) kon niet worden gemaakt voor {self.site_dir}: {details}")

    def close(self) -> None:
        """Stop Pagefind: it ends when its input closes."""
        self._process.communicate()

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        with contextlib.suppress(OSError):  # Pagefind stopped: wait() says so
            self._process.stdin.write(base64.b64encode(message) + b",")  # type: ignore[union-attr]
