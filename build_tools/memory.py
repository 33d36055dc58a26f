"""Give the memory a build has freed back to the system.

CPython frees objects into its own arenas and glibc's heap, which keep the pages: after the
corpus is dropped the build's process stays as large as it was at its fullest (at 1,000
interviews about 800-900 MB) while more processes start beside it: the second page writer (a
fork, which copies each page either side writes to) and the Pagefind runs (about 215 MB each,
two at a time). ``malloc_trim`` returns glibc's free pages (measured when it was added: 907 ->
379 MB before Pagefind).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from pathlib import Path
from typing import Any


@cache
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def give_back() -> bool:
    """Return the heap's free pages to the system (glibc only: elsewhere nothing happens).
    True when it was done."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def proc_mb(pid: int, file: str, field: str) -> float:
    """A memory figure of a running process, in MB, from a ``Field:  N kB`` line of one of
    Linux's /proc/PID files (``status`` for VmHWM, ``smaps_rollup`` for Pss); 0 where it cannot
    be read (another system, or the process has ended)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0.0
