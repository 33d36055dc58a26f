"""Generated pages' bodies, kept in a temporary file from rendering until written.

Why: MkDocs reads every page before it writes the first, so the build hook holds each
generated page's body from the rendering (``on_files``) until just before the page is written
(``on_page_context``). Compressed in memory they were 291 MB at 5,000 interviews, held by the
main process and, after it forks the second page writer, counted again in the writer for the
half it writes. In a file they cost the disk's cache instead: each body is written once and
read back once, with ``os.pread`` (no shared file position), so the forked writer reads its
half from the same file. They are not compressed: compressing them took 1.6 s at 1,000
interviews in the process that renders the pages, the build's longest stretch on one core,
to save disk (184 MB of text, about 60 MB compressed). The file goes in the folder the
caller names (the build hook: its cache, on disk), not in a temporary folder that may be
memory (tmpfs).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class PageBodies:
    """Page path -> body (text), each body stored as UTF-8 in one temporary file (in
    ``folder``, or the system's temporary folder) and given out once (:meth:`pop`)."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        # Open for the whole build (close() ends it); deleted by the system when closed.
        self._file = tempfile.TemporaryFile(prefix="page-bodies-", dir=folder)  # noqa: SIM115
        self._end = 0
        self._where: dict[str, tuple[int, int]] = {}  # path -> (offset, size) in the file

    def put(self, path: str, body: str | bytes) -> None:
        """Keep ``body`` (text, or its UTF-8 bytes) for ``path`` (replacing what was kept)."""
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        os.pwrite(self._file.fileno(), data, self._end)
        self._where[path] = (self._end, len(data))
        self._end += len(data)

    def pop(self, path: str) -> str | None:
        """The body kept for ``path``, no longer kept; None when there is none."""
        where = self._where.pop(path, None)
        if where is None:
            return None
        offset, size = where
        data = os.pread(self._file.fileno(), size, offset)
        return data.decode("utf-8")

    def discard(self, path: str) -> None:
        """Forget the body of ``path`` without reading it (another process writes the page)."""
        self._where.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def stored_bytes(self) -> int:
        """Bytes written to the file so far."""
        return self._end

    def close(self) -> None:
        """Delete the file; every body still kept is gone."""
        self._where.clear()
        self._file.close()
