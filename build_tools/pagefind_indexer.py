"""Pagefind, fed each page as it is written, in a process of its own.

Why: run over the finished site, Pagefind was a quarter of the build's wall time (24 s of 94 s
at 1,000 interviews), all of it after MkDocs had finished, while MkDocs writes pages on one
core and leaves the other idle. Pagefind's service mode (``pagefind --service``, the binary
its Python and Node APIs drive) indexes a page as soon as it is handed over, so its work
overlaps MkDocs' and only writing the index files is left for the end. The index is the one
the command line makes from the same pages: the same indexer and settings.

Why not the ``pagefind`` package's own ``PagefindIndex``: its client reads one answer every
0.1 s (a sleep before each read of the service's output), which caps it at ten pages a second
(measured: 0.100 s for every page). This client speaks the same protocol, which is small:
each request is ``{"message_id", "payload"}`` as base64 of JSON followed by a comma on the
service's stdin; each answer comes back the same way on its stdout. A thread reads answers
as they come. The binary is the one pinned with the package (``pagefind_bin``).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_PENDING = 32
"""Pages handed over but not yet answered before :meth:`BackgroundIndex.add` waits, so a slow
indexer never holds the whole site's HTML in a pipe or in memory."""


class PagefindError(RuntimeError):
    """Pagefind could not start, index a page or write its files."""


@dataclass(frozen=True)
class Indexed:
    """What one build's index cost."""

    pages: int
    """Pages the index holds (a page with no content left to index is not one of them)."""
    overlapped_seconds: float
    """From the first page handed over to the last: indexing alongside MkDocs."""
    finish_seconds: float
    """Waiting for the last pages and writing the index files, after MkDocs was done."""
    peak_mb: float | None
    """Peak resident memory of the Pagefind process (None where /proc cannot tell)."""


def executable() -> Path:
    """The Pagefind binary installed with the ``pagefind[bin]`` package."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as error:
        raise PagefindError(
            "Pagefind's binary is not installed. Fix: `make install` (pagefind[bin] is in "
            "requirements.lock)."
        ) from error
    return Path(get_executable())


def encode(message_id: int, payload: Mapping[str, Any]) -> bytes:
    """One request as the service reads it."""
    text = json.dumps({"message_id": message_id, "payload": payload})
    return base64.b64encode(text.encode("utf-8")) + b","


def decode(chunk: bytes) -> dict[str, Any]:
    """One answer (without its comma)."""
    answer: dict[str, Any] = json.loads(base64.b64decode(chunk))
    return answer


SETTLE_SECONDS = 30.0
"""How long the index files may take to be on disk whole after the service said "written"."""

# Files named by a content hash (index chunks, fragments, metadata) and the entry file, which
# differ between indexes; the others are the same in every index of a language.
_HASHED = re.compile(r"(^|/)(fragment|index|filter)/|\.pf_meta$|^pagefind-entry\.json$")
_PROBE_PAGE = "<html lang='en'><body><main><h1>Probe</h1><p>probe</p></main></body></html>"


def _incomplete(output: Path, constant: Mapping[str, bytes]) -> list[str]:
    """Files of the index in ``output`` that are not (yet) whole."""
    problems = [name for name, data in constant.items() if _read(output / name) != data]
    for path in sorted(output.rglob("*.pf_*")):
        try:
            gzip.decompress(path.read_bytes())
        except (OSError, EOFError, zlib.error):
            problems.append(path.relative_to(output).as_posix())
    try:
        json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        problems.append("pagefind-entry.json")
    return problems


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _peak_mb(pid: int) -> float | None:
    """A process's peak resident memory so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


class BackgroundIndex:
    """A Pagefind index built alongside the caller: :meth:`add` each page, then :meth:`finish`
    (or :meth:`close` to drop it)."""

    def __init__(self, settings: Mapping[str, Any], binary: Path | None = None) -> None:
        self._process = subprocess.Popen(  # noqa: S603 (the pinned binary, no shell)
            [str(binary or executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._lock = threading.Condition()
        self._asked: dict[int, dict[str, Any] | None] = {}  # request -> its answer, once in
        self._files: dict[int, str] = {}  # pages handed over and not yet answered
        self._errors: list[str] = []
        self._stopped = False
        self._next_id = 0
        self._started: float | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._settings = dict(settings)
        try:
            answer = self._ask({"type": "NewIndex", "config": self._settings})
            self._index_id = int(answer["index_id"])
        except BaseException:
            self.close()
            raise

    def _read(self) -> None:
        """Answers, as they come: a page's answer frees its place, a request's is kept for
        whoever waits on it; an error names the page."""
        out = self._process.stdout
        assert out is not None
        buffer = b""
        while chunk := os.read(out.fileno(), 1 << 16):
            buffer += chunk
            *answers, buffer = buffer.split(b",")
            for raw in answers:
                answer = decode(raw)
                message_id = answer.get("message_id")
                payload = answer.get("payload") or {}
                with self._lock:
                    if message_id in self._files:
                        path = self._files.pop(message_id)
                        if payload.get("type") == "Error":
                            self._errors.append(f"{path}: {payload.get('message')}")
                    elif message_id in self._asked:
                        self._asked[message_id] = payload
                    elif payload.get("type") == "Error":  # an answer to no request we know
                        self._errors.append(str(payload.get("message")))
                    self._lock.notify_all()
        with self._lock:
            self._stopped = True
            self._lock.notify_all()

    def _send(self, message_id: int, payload: Mapping[str, Any]) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(encode(message_id, payload))
            stdin.flush()
        except OSError as error:
            raise PagefindError(f"Pagefind stopped ({error})") from error

    def _ask(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Send a request and wait for its answer."""
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            self._asked[message_id] = None
        self._send(message_id, payload)
        with self._lock:
            while self._asked[message_id] is None and not self._stopped:
                self._lock.wait()
            answer = self._asked.pop(message_id)
        if answer is None or answer.get("type") == "Error":
            why = (answer or {}).get("message") or "; ".join(self._errors) or "it stopped"
            raise PagefindError(f"Pagefind failed: {why}")
        return answer

    def add(self, html: str, path: str) -> None:
        """Queue one written page (``path``: its file in the site, ``a/b/index.html``)."""
        if self._started is None:
            self._started = time.perf_counter()
        with self._lock:
            while len(self._files) >= MAX_PENDING and not self._stopped:
                self._lock.wait()
            if self._stopped:
                raise PagefindError(f"Pagefind stopped: {'; '.join(self._errors) or path}")
            self._next_id += 1
            message_id = self._next_id
            self._files[message_id] = path
        self._send(message_id, {"type": "AddFile", "index_id": self._index_id,
                                "file_path": path, "url": None, "file_contents": html})  # fmt: skip

    def finish(self, output: Path) -> Indexed:
        """Wait for every page, write the index into ``output`` and stop Pagefind."""
        handed = time.perf_counter()
        try:
            with self._lock:
                while self._files and not self._stopped:
                    self._lock.wait()
                errors = list(self._errors)
            if errors:
                raise PagefindError(f"Pagefind could not index {errors[0]}")
            self._ask({"type": "WriteFiles", "index_id": self._index_id,
                       "output_path": str(output)})  # fmt: skip
            self._settle(output)
            peak = _peak_mb(self._process.pid)
        finally:
            self.close()
        fragments = output / "fragment"
        pages = sum(1 for _ in fragments.iterdir()) if fragments.is_dir() else 0
        done = time.perf_counter()
        return Indexed(pages, handed - (self._started or handed), done - handed, peak)

    def _settle(self, output: Path) -> None:
        """Wait until Pagefind's files are on disk whole, before it may stop.

        Why: the service answers "written" when it has handed the last bytes to its writing
        threads, not when they are written, and it exits at once when its input closes; on a
        busy machine a file could be left short (seen once in ten builds: the WebAssembly
        file). So the files are checked: those that are the same in every index (scripts,
        styles, WebAssembly) against the copies the service gives for a one-page index, every
        compressed index file by decompressing it, and the entry file by parsing it."""
        constant = self._constant_files()
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            problems = _incomplete(output, constant)
            if not problems:
                return
            if time.monotonic() > deadline:
                raise PagefindError(
                    f"Pagefind's files in {output} were not written whole: "
                    f"{', '.join(problems[:5])}"
                )
            time.sleep(0.05)

    def _constant_files(self) -> dict[str, bytes]:
        """The files that are the same in every index of this language (no hash in the name),
        from an index of one page that the service keeps in memory."""
        index = int(self._ask({"type": "NewIndex", "config": self._settings})["index_id"])
        self._ask({"type": "AddFile", "index_id": index, "file_path": "probe/index.html",
                   "url": None, "file_contents": _PROBE_PAGE})  # fmt: skip
        files = self._ask({"type": "GetFiles", "index_id": index})["files"]
        return {
            f["path"]: base64.b64decode(f["content"])
            for f in files
            if not _HASHED.search(f["path"])
        }

    def close(self) -> None:
        """Stop Pagefind without writing anything (also after :meth:`finish`)."""
        if self._process.poll() is None:
            if self._process.stdin:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout:
            self._reader.join(timeout=5)
            self._process.stdout.close()
