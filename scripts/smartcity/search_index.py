"""Build the site's search index with Pagefind while MkDocs renders the pages, and write it whole.

The build hook starts Pagefind's service mode (``pagefind --service``, the binary pinned by ``pagefind_bin_extended``)
before the first page and hands it each page as MkDocs writes it, so Pagefind parses pages on the second core. At the
end it asks for the index with ``GetFiles``: Pagefind returns every file of the bundle in its reply, and this module
writes them itself, into a temporary folder next to ``pagefind/`` that is renamed into place after the last write.
A build that fails leaves no index at all, never half of one. Messages are base64 JSON, each ended by a comma.

Own client, because the ``pagefind`` Python wrapper waits 0.1 s per reply (323 s for 3,000 pages) and, like the Node
wrapper, asks for ``WriteFiles`` (see below). Every read of a reply has a deadline (``reply_timeout``), and writing to
Pagefind happens on a thread of its own, so a Pagefind that stops answering or reading ends the build with a Dutch
error in bounded time instead of a hang. Errors name the Markdown source of the page, not the HTML file. Only the
pages the build hands over are indexed: no HTML that merely lies in ``site/`` (a contributor's static file, or
``404.html``). Pagefind makes no network request.

Upstream cause of the broken indexes seen with ``WriteFiles`` (Pagefind 1.5.2, for a report to Pagefind):
built 8 times while other processes competed for the cores, 2 builds exited 0 with an empty ``pagefind-entry.json``
or ``wasm.unknown.pagefind``, because

- ``pagefind/src/output/mod.rs``, ``async fn write`` (used by ``PagefindIndexes::write_files_to_disk`` and
  ``write_common_to_disk``) writes each file with ``tokio::fs::File::write_all`` and drops the file without
  ``flush()``/``sync_all()``. tokio's ``File`` hands the bytes to its blocking thread pool; ``write_all`` can return
  while that write is still queued, and dropping the ``File`` does not wait for it (tokio's documentation of
  ``tokio::fs::File``: "you should call flush before dropping it"; tokio issues #4296 and #5531).
- ``pagefind/src/service/mod.rs``, ``run_service``: the ``RequestAction::WriteFiles`` arm sends the
  ``ResponseAction::WriteFiles`` reply as soon as ``PagefindIndex::write_files`` (``service/api.rs``) has returned,
  and the stdin thread calls ``std::process::exit(0)`` on end of input (the ``// EOF Reached`` branch), which ends
  the process without waiting for tokio's blocking pool. A client that closes stdin after the reply (the Python
  wrapper's ``PagefindService.close`` terminates the process; the Node wrapper's ``close`` kills it) loses the queued
  bytes; on a busy machine that happens often enough to publish a broken index.
- ``RequestAction::GetFiles`` (same function) calls ``PagefindIndex::get_files``, which builds the same files in
  memory (``write_files_to_memory``, ``write_common_to_memory``: ``WriteBehavior::Synthetic``) and returns them,
  base64, as ``SyntheticFileResponse {path, content}`` in the reply: nothing is left to flush when the reply arrives.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pagefind_bin_extended import get_executable

from .texts import Text, text

# Seconds Pagefind may stay silent while a reply is due. Its slowest reply, the whole index of 10,000 pages on a busy
# 2-core machine, comes in a few seconds; a minute means it has stopped.
REPLY_TIMEOUT = 60.0
# Seconds Pagefind gets to end after its input closed, before it is killed.
EXIT_TIMEOUT = 5.0
BUNDLE = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind could not build the search index; the message is Dutch and says why."""


@dataclass(frozen=True)
class _Stopped:
    """Pagefind's output ended (it stopped)."""


@dataclass(frozen=True)
class _Garbled:
    """A reply that is not Pagefind's protocol (base64 of a JSON object with a payload)."""

    reason: str


class Indexer:
    """The index of ``site_dir``: :meth:`add` each page, :meth:`finish`, then :meth:`wait` writes ``pagefind/``.

    ``binary`` is the Pagefind executable (default: the pinned wheel's); ``reply_timeout`` the deadline in seconds
    for each reply :meth:`wait` reads.
    """

    def __init__(self, site_dir: Path, *, binary: Path | None = None, reply_timeout: float = REPLY_TIMEOUT) -> None:
        self.site_dir = Path(site_dir).resolve()
        self.reply_timeout = reply_timeout
        self.sources: dict[int, str] = {}  # message id -> the page's Markdown source, to name it in an error
        self._sent = 0
        self._files_request: int | None = None
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._replies: queue.SimpleQueue[dict[str, Any] | _Stopped | _Garbled] = queue.SimpleQueue()
        try:  # run in the binary's own folder: Pagefind reads a pagefind.yml/toml/json from there, and it has none
            executable = Path(binary) if binary else get_executable()
            pipe = subprocess.PIPE
            self._process = subprocess.Popen([executable, "--service"], cwd=executable.parent, stdin=pipe, stdout=pipe)
        except OSError as error:  # the binary is missing or cannot run
            raise SearchIndexError(text(Text.BUILD_PAGEFIND_CANNOT_START, reason=error)) from error
        self._writer = threading.Thread(target=self._write_messages, name="pagefind-stdin", daemon=True)
        self._reader = threading.Thread(target=self._read_replies, name="pagefind-stdout", daemon=True)
        self._writer.start()
        self._reader.start()
        self._send({"type": "NewIndex", "config": {"exclude_selectors": [".headerlink"]}})  # not the ¶ of headings

    def add(self, dest_uri: str, html: str, source: str = "") -> None:
        """Index the page written to ``site_dir/dest_uri`` (Pagefind makes its URL from that path).

        ``source`` is the page's Markdown file (docs-relative), named in errors; without it, ``dest_uri`` is.
        Never blocks: the message is queued for the writing thread.
        """
        self._send({"type": "AddFile", "index_id": 0, "file_path": dest_uri, "url": None, "file_contents": html})
        self.sources[self._sent] = source or dest_uri

    def finish(self) -> None:
        """Every page is added: ask for the index (Pagefind builds it while the build writes its other files)."""
        self._send({"type": "GetFiles", "index_id": 0})
        self._files_request = self._sent

    def wait(self) -> None:
        """Wait for the index and write it whole into ``site_dir/pagefind``; raise :class:`SearchIndexError` if the
        index could not be made (then nothing is written)."""
        if self._files_request is None:
            self.finish()
        try:
            files = self._collect()
        finally:
            self.close()
        write_bundle(self.site_dir, files)

    def close(self) -> None:
        """Stop Pagefind: it ends when its input closes; one that does not within ``EXIT_TIMEOUT`` is killed."""
        self._outbox.put(None)  # the writing thread closes Pagefind's input after the queued messages
        try:
            self._process.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()  # also unblocks a write to a Pagefind that stopped reading
            self._process.wait()
        self._writer.join(timeout=EXIT_TIMEOUT)
        self._reader.join(timeout=EXIT_TIMEOUT)

    def _collect(self) -> dict[str, bytes]:
        """Read replies until the index arrives; each read has a deadline. Errors name the pages' sources."""
        errors: list[str] = []
        answered = 0
        while True:
            try:
                reply = self._replies.get(timeout=self.reply_timeout)
            except queue.Empty:
                self._process.kill()
                waiting = [source for message_id, source in sorted(self.sources.items()) if message_id > answered]
                seconds = f"{self.reply_timeout:g}"
                if waiting:
                    silent = text(Text.BUILD_PAGEFIND_SILENT_AT, seconds=seconds, source=waiting[0])
                else:
                    silent = text(Text.BUILD_PAGEFIND_SILENT, seconds=seconds)
                raise self._failed(silent) from None
            if isinstance(reply, _Stopped):
                errors.append(text(Text.BUILD_PAGEFIND_STOPPED))
                break
            if isinstance(reply, _Garbled):
                errors.append(text(Text.BUILD_PAGEFIND_GARBLED, reason=reply.reason))
                break
            message_id = reply.get("message_id")
            if isinstance(message_id, int):
                answered = max(answered, message_id)
            payload = reply["payload"]
            if payload.get("type") == "Error":
                source = self.sources.get(message_id) if isinstance(message_id, int) else None
                error = str(payload.get("message", ""))
                errors.append(f"{source}: {error}" if source else error)
            if message_id == self._files_request:
                if errors:
                    break
                return _decoded_files(payload)
        raise self._failed("; ".join(dict.fromkeys(errors)))

    def _failed(self, details: str) -> SearchIndexError:
        return SearchIndexError(text(Text.BUILD_INDEX_FAILED, site_dir=self.site_dir, details=details))

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        self._outbox.put(base64.b64encode(message) + b",")

    def _write_messages(self) -> None:
        """Thread: write queued messages to Pagefind; on ``None``, close its input."""
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                if self._outbox.empty():
                    stdin.flush()
            stdin.close()
        except OSError:  # Pagefind stopped: the reading side says so
            return

    def _read_replies(self) -> None:
        """Thread: split Pagefind's output at the commas and queue each decoded reply, then :class:`_Stopped`."""
        stdout = self._process.stdout
        assert stdout is not None
        pending = bytearray()
        while chunk := stdout.read1(1 << 16):
            scan_from = len(pending)  # a reply of many megabytes arrives in chunks: search each byte once
            pending += chunk
            while (end := pending.find(b",", scan_from)) != -1:
                reply = _decoded_reply(bytes(pending[:end]))
                del pending[: end + 1]
                scan_from = 0
                self._replies.put(reply)
                if isinstance(reply, _Garbled):
                    return
        self._replies.put(_Stopped())


def _decoded_reply(item: bytes) -> dict[str, Any] | _Garbled:
    try:
        reply = json.loads(base64.b64decode(item, validate=True))
    except (binascii.Error, ValueError) as error:
        return _Garbled(str(error))
    if not isinstance(reply, dict) or not isinstance(reply.get("payload"), dict):
        return _Garbled(text(Text.BUILD_PAGEFIND_NO_PAYLOAD, start=repr(item[:60])))
    return reply


def _decoded_files(payload: dict[str, Any]) -> dict[str, bytes]:
    """The bundle's files from a ``GetFiles`` reply, by path inside ``pagefind/``."""
    files: dict[str, bytes] = {}
    try:
        for entry in payload["files"]:
            path = PurePosixPath(entry["path"])
            if path.is_absolute() or ".." in path.parts or not path.parts:
                raise SearchIndexError(text(Text.BUILD_INDEX_FILE_OUTSIDE, path=repr(entry["path"])))
            files[path.as_posix()] = base64.b64decode(entry["content"], validate=True)
    except (KeyError, TypeError, binascii.Error, ValueError) as error:
        raise SearchIndexError(text(Text.BUILD_INDEX_GARBLED, reason=error)) from error
    if "pagefind-entry.json" not in files:
        raise SearchIndexError(text(Text.BUILD_INDEX_NO_ENTRY))
    return files


def write_bundle(site_dir: Path, files: Mapping[str, bytes]) -> Path:
    """Write ``files`` as ``site_dir/pagefind`` whole: into a temporary folder next to it, then renamed into place.
    Returns the bundle's folder.

    Whole because this process writes every file itself and renames the folder only after the last write returned:
    the publish gate and the upload, other processes, read the same page cache, so they see every byte. Nothing is
    flushed to disk: that would protect the index only against a power failure during the build, which MkDocs does
    not protect the pages against either (and ``os.sync()`` flushed the whole machine's buffers). An index that was
    already there (live editing) is replaced by two renames; readers see the old index or the new one, or for a
    moment none, never a mix.
    """
    site_dir = Path(site_dir)
    target = site_dir / BUNDLE
    site_dir.mkdir(parents=True, exist_ok=True)
    # Folders a build that crashed halfway left behind. MkDocs' clean of site/ skips hidden entries, and the publish
    # gate refuses them (they are not files the build writes). One index is written at a time (a build writes one;
    # while serving, ``smartcity.live`` runs one update after the other), so none of them is in use.
    for stale in site_dir.glob(f".{BUNDLE}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-new-", dir=site_dir))
    try:
        for rel, content in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:
                handle.write(content)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-old-", dir=site_dir))
            os.rename(target, old / BUNDLE)
        os.rename(staging, target)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise SearchIndexError(text(Text.BUILD_INDEX_NOT_WRITTEN, target=target, reason=error)) from error
    return target


def index_site(site_dir: Path, pages: Mapping[str, str], *, binary: Path | None = None) -> None:
    """(Re)index the built pages ``pages`` (dest_uri -> Markdown src) of ``site_dir`` from their HTML on disk and
    write ``pagefind/`` whole. For live editing, where the hook rebuilds the index after a quiet period."""
    site_dir = Path(site_dir)
    indexer = Indexer(site_dir, binary=binary)
    try:
        for dest_uri, source in sorted(pages.items()):
            try:
                html = (site_dir / dest_uri).read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                missing = text(Text.BUILD_INDEX_PAGE_MISSING, source=source or dest_uri, page=dest_uri, reason=error)
                raise SearchIndexError(missing) from error
            indexer.add(dest_uri, html, source=source)
        indexer.finish()
    except BaseException:
        indexer.close()
        raise
    indexer.wait()
