"""File digests remembered between builds by the files' status, never trusted for a file that
may have changed since (``build_tools/digests.py``)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from build_tools import digests as digests_module
from build_tools.digests import Digests
from build_tools.pipeline import build_corpus
from build_tools.progress import Progress
from tests.conftest import SOURCE
from tests.conftest import MemoryStore as Store


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file whose bytes are read, in order."""
    seen: list[Path] = []
    read_bytes = Path.read_bytes

    def spy(self: Path) -> bytes:
        seen.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    return seen


@pytest.fixture
def settled_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written before a build began count as settled (they are seconds old at most)."""
    monkeypatch.setattr(digests_module, "SETTLED_NS", 0)


def built_once(folder: Path) -> tuple[Store, Path]:
    """A store after one build of a folder holding one file, ``a.txt`` = ``one``."""
    store, f = Store(), folder / "a.txt"
    f.write_bytes(b"one")
    first = Digests(store, folder)
    assert first.sha256(f) == sha(b"one")
    first.save()
    return store, f


def test_a_file_is_hashed_once_per_build(tmp_path: Path, reads: list[Path]) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"one")
    d = Digests()
    assert d.sha256(f) == d.sha256(f) == sha(b"one")
    assert reads == [f]


def test_an_unchanged_file_is_not_read_again(
    tmp_path: Path, reads: list[Path], settled_now: None
) -> None:
    store, f = built_once(tmp_path)
    assert Digests(store, tmp_path).sha256(f) == sha(b"one")
    assert reads == [f]  # the second build took the remembered digest


def test_a_file_named_from_another_folder_is_the_same_file(
    tmp_path: Path, reads: list[Path], settled_now: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook names files from an absolute folder, a script from a relative one."""
    store, f = built_once(tmp_path)
    monkeypatch.chdir(tmp_path.parent)
    relative = Path(tmp_path.name)
    assert Digests(store, relative).sha256(relative / "a.txt") == sha(b"one")
    assert reads == [f]


def test_a_changed_file_is_read_again_even_with_its_old_size_and_time(
    tmp_path: Path, reads: list[Path], settled_now: None
) -> None:
    store, f = built_once(tmp_path)
    before = f.stat()
    f.write_bytes(b"two")  # same size
    os.utime(f, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert Digests(store, tmp_path).sha256(f) == sha(b"two")  # its change time tells
    assert reads == [f, f]


def test_a_file_changed_just_before_the_build_is_not_remembered(
    tmp_path: Path, reads: list[Path]
) -> None:
    """Within a timestamp's resolution a second write could keep the whole status: a file
    changed in the last seconds before a build is hashed again by the next one."""
    store, f = built_once(tmp_path)
    assert Digests(store, tmp_path).sha256(f) == sha(b"one")
    assert reads == [f, f]


def test_each_source_folder_has_its_own(tmp_path: Path, settled_now: None) -> None:
    store = Store()
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for name, data in (("x", b"one"), ("y", b"two")):
        (tmp_path / name / "a.txt").write_bytes(data)
        d = Digests(store, tmp_path / name)
        d.sha256(tmp_path / name / "a.txt")
        d.save()
    assert len(store) == 2
    assert Digests(store, tmp_path / "x").sha256(tmp_path / "x" / "a.txt") == sha(b"one")


def test_a_rebuild_reads_only_the_changed_file_and_sees_every_change(
    tmp_path: Path, settled_now: None
) -> None:
    """Through the pipeline: an edit that keeps a file's size and modification time is read
    anew, and the corpus equals a build without a cache."""
    folder = tmp_path / "source_texts"
    folder.mkdir()
    for seed in sorted(SOURCE.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    cache = tmp_path / "cache"
    first = build_corpus(folder, cache_dir=cache)
    target = sorted(folder.glob("*.txt"))[0]
    data, before = target.read_bytes(), target.stat()
    at = data.index(b"the ")
    target.write_bytes(data[:at] + b"THE " + data[at + 4 :])
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    progress = Progress()
    again = build_corpus(folder, cache_dir=cache, progress=progress)
    counts = {name: done for name, done, _ in progress.stages}
    assert counts["read"] == 1
    assert again == build_corpus(folder)
    assert again != first
