"""Parsed sources cached by content, so a rebuild re-reads only the files that changed.

A file's entry is keyed by its bytes' SHA-256, the path it is shown under, its manifest facts
and the version of the code and rules that read it (a hash of every ``build_tools`` module and
rule table): change any of them and the file is read again. The entry holds the parse and the
file's features (``features.py``). Corpus-wide linking always runs, but keeps here what
depends on a few sources only: alignments of excerpts (``align-`` keys, by the sources'
identities), rendered pages (``page-`` keys, by a digest of what each page shows), whole
listings (``listing-`` keys, likewise), the interviews related to each (``related-`` keys, by
every interview's topics and people), the merge accounting of each merged source
(``lossless``, by its identity and its interviews'), the last comparison of repeated
statements (``reuse-state``, see ``reuse_update.py``), the last count of the pairs of sources
sharing sampled shingles (``excerpt-pairs``, see ``excerpts_update.py``) and the files' digests
by their status (``file-digests-`` keys, see ``digests.py``).

Entries are pickles in the build folder (``build/cache/`` by default), which belongs to whoever
runs the build; the cache is never shipped and never read from a source folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Protocol

PACKAGE = Path(__file__).resolve().parent


@cache
def code_version() -> str:
    """Hash of the code and rules that parse a file."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("rules/*.yaml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class Store(Protocol):
    """Where a stage keeps its results between builds: a :class:`ParseCache`, or anything with
    its ``get`` and ``put`` (the stages take this, so their tests can pass a dict-like)."""

    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> None: ...


class ParseCache:
    """A folder of cached read results."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / code_version()
        # Entries are named by strings, not paths: a rebuild after an edit reads 15,000 of them
        # at 5,000 files, and making a Path for each took 0.3 s.
        self._prefix = os.path.join(self.folder, "")  # noqa: PTH118
        # Entries of other code versions can never be read again: they go.
        if folder.is_dir():
            for old in folder.iterdir():
                if old.is_dir() and old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)

    def key(self, shown: str, sha256: str, facts: Mapping[str, str]) -> str:
        """Cache key of one file as read with these facts."""
        text = "\0".join([shown, sha256, *(f"{k}={v}" for k, v in sorted(facts.items()))])
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> Any | None:
        """The cached result, or None (missing or unreadable entries are misses)."""
        try:
            with open(f"{self._prefix}{key}.pickle", "rb") as file:  # noqa: PTH123 (above)
                data = file.read()
            # The cache is this build's own output (see the module doc), never a source.
            return pickle.loads(data)  # noqa: S301
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store a result (written beside, then moved in: a crash leaves no torn entry).

        Pickling a str makes CPython keep a UTF-8 copy inside the str for as long as it lives,
        so a process that keeps what it stored pays for its text twice: big results are best
        stored where they are made (the reading processes) or reloaded (:meth:`put_fresh`)."""
        self._write(f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> None:
        """Store a result already pickled (with the highest protocol) by the caller, who has
        the bytes to hand on as well: pickling it a second time would compress its packed
        fields again (``model.Packed``)."""
        self._write(f"{key}.pickle", data)

    def put_fresh(self, key: str, value: Any) -> Any:
        """Store a result and return a copy of it read back from the stored bytes (without
        the UTF-8 copies pickling left in ``value``'s strings), to keep instead of ``value``."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._write(f"{key}.pickle", data)
        return pickle.loads(data)  # noqa: S301 (made just above)

    def get_bytes(self, key: str) -> bytes | None:
        """Bytes stored with :meth:`put_bytes`, or None."""
        try:
            with open(f"{self._prefix}{key}.bin", "rb") as file:  # noqa: PTH123 (see __init__)
                return file.read()
        except OSError:
            return None

    def put_bytes(self, key: str, data: bytes) -> None:
        """Store bytes as they are (a rendered page)."""
        self._write(f"{key}.bin", data)

    def _write(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self.folder / name)
