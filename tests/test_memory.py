"""Freed memory goes back to the system (build_tools/memory.py), measured on a real heap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.memory import give_back

ROOT = Path(__file__).resolve().parent.parent

# 200 MB in blocks that malloc serves from its heap (above pymalloc's 512 bytes, below mmap's
# threshold), then one block above them, so that free() alone cannot shrink the heap: only
# giving the free pages back can.
PROGRAM = """
import os
from build_tools.memory import give_back
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
blocks = [bytes(4000) for _ in range(50_000)]
top = bytes(4000)
del blocks
before = rss()
give_back()
print(before, rss())
"""


@pytest.mark.skipif(
    not Path("/proc/self/statm").exists() or not give_back(), reason="glibc on Linux only"
)
def test_freed_heap_pages_go_back_to_the_system() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after = (float(x) for x in run.stdout.split())
    assert before - after > 150, (before, after)
