"""SHA-256 of the source files, each worked out once per build and, with a cache, remembered
between builds by the file's status (size, times, inode), as git's index remembers them.

Why: every build checks every file against the manifest's SHA-256 and keys its cache entry by
the bytes' SHA-256. A rebuild after one edit at 5,000 files read and hashed all 200 MB again
for that; a status is one system call a file.

A file is taken as unchanged when its status is the one recorded with its digest. A write
within the timestamp's resolution could leave the status as it was (git calls such an entry
"racy"), so a digest is remembered only for files last changed :data:`SETTLED_NS` or more
before the build began to look at them; the others are hashed again by the next build.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from build_tools.cache import Store

SETTLED_NS = 2_000_000_000
"""How long before a build a file must have last changed for its digest to be remembered:
coarser than any file system's timestamps (FAT's are 2 s) and a kernel's clock ticks."""

Status = tuple[int, int, int, int, int]
"""(size, modification time, change time, inode, device) of a file, times in nanoseconds."""


def _status(path: Path) -> Status:
    s = path.stat()
    return (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev)


class Digests:
    """Hex SHA-256 of files by path, for one build."""

    def __init__(self, store: Store | None = None, folder: Path | None = None) -> None:
        self._store = store
        # Remembered per source folder (its resolved path): a cache may serve several.
        where = str(folder.resolve()) if folder is not None else ""
        self._key = "file-digests-" + hashlib.sha256(where.encode()).hexdigest()
        kept = store.get(self._key) if store is not None else None
        self._kept: dict[str, tuple[Status, str]] = kept if isinstance(kept, dict) else {}
        self._seen: dict[str, tuple[Status, str]] = {}
        self._since = time.time_ns() - SETTLED_NS

    def sha256(self, path: Path) -> str:
        """The file's digest: remembered when its status is as recorded, else read and hashed
        (an unreadable file raises ``OSError``, as reading it would)."""
        # By the absolute path: the hook names files from an absolute folder, a script may
        # name the same ones from a relative one.
        name = os.path.abspath(path)  # noqa: PTH100 (a string: no Path made per file)
        seen = self._seen.get(name)
        if seen is not None:
            return seen[1]
        status = _status(path)
        kept = self._kept.get(name)
        if kept is not None and kept[0] == status:
            digest = kept[1]
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._seen[name] = (status, digest)
        return digest

    def save(self) -> None:
        """Remember this build's digests of the files settled before it began (see the
        module), unless that is what was remembered already."""
        if self._store is None:
            return
        settled = {
            name: (status, digest)
            for name, (status, digest) in self._seen.items()
            if max(status[1], status[2]) < self._since
        }
        if settled != self._kept:
            self._store.put(self._key, settled)
