"""``page_bodies.PageBodies``: generated pages' bodies kept in a temporary file until written,
read back once each, in the process that kept them or in a forked one."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from build_tools.page_bodies import PageBodies

BODIES = {
    "interviews/a.md": "<p>One</p>",
    "topics/nato.md": "<p>Лавров — «НАТО» 𝄞 &amp; <b>x</b></p>" * 50,
    "empty.md": "",
}


def test_each_body_comes_back_once_as_it_went_in() -> None:
    bodies = PageBodies()
    for path, body in BODIES.items():
        bodies.put(path, body)
    assert list(bodies) == list(BODIES) and len(bodies) == 3 and "empty.md" in bodies
    bodies.put("interviews/a.md", "<p>Two</p>")  # kept again: the last one counts
    assert bodies.pop("topics/nato.md") == BODIES["topics/nato.md"]
    assert bodies.pop("topics/nato.md") is None and "topics/nato.md" not in bodies
    assert bodies.pop("interviews/a.md") == "<p>Two</p>" and bodies.pop("empty.md") == ""
    bodies.put("x.md", "<p>x</p>")
    bodies.discard("x.md")
    assert bodies.pop("x.md") is None and len(bodies) == 0
    bodies.close()


def test_the_bodies_are_held_on_disk_not_in_memory() -> None:
    """50 MB of distinct page text leaves less than a tenth of it in this process."""
    bodies = PageBodies()
    tracemalloc.start()
    try:
        for n in range(500):
            bodies.put(f"p{n}.md", os.urandom(50_000).hex()[:100_000])
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert bodies.stored_bytes() == 50_000_000
    assert held < 5_000_000, held
    bodies.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux shows where a file is")
def test_the_file_is_in_the_folder_named_and_leaves_nothing_there(tmp_path: Path) -> None:
    """The hook names its cache folder (on disk) rather than a temporary folder that may be
    memory; the file has no name there, or none once the bodies are closed."""
    folder = tmp_path / "cache"
    bodies = PageBodies(folder)
    bodies.put("a.md", "x" * 1000)
    where = str(Path(f"/proc/self/fd/{bodies._file.fileno()}").readlink())
    assert where.startswith(str(folder)), where
    assert bodies.pop("a.md") == "x" * 1000
    bodies.close()
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the second page writer is a fork")
def test_a_forked_process_reads_the_bodies_it_writes() -> None:
    bodies = PageBodies()
    for path, body in BODIES.items():
        bodies.put(path, body)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child reports through the pipe)
        ok = bodies.pop("topics/nato.md") == BODIES["topics/nato.md"]
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.waitpid(child, 0)
    bodies.discard("topics/nato.md")  # the child wrote it
    assert bodies.pop("interviews/a.md") == BODIES["interviews/a.md"]
    bodies.close()


def test_a_body_given_as_bytes_comes_back_as_the_same_text() -> None:
    bodies = PageBodies()
    bodies.put("topics/nato.md", BODIES["topics/nato.md"].encode("utf-8"))
    assert bodies.pop("topics/nato.md") == BODIES["topics/nato.md"]
    bodies.close()
