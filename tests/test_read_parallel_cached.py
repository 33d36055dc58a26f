"""Reading files on all cores and from the cache changes nothing but the time it takes."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from build_tools.model import Corpus
from build_tools.pipeline import PARALLEL_MIN, build_corpus
from build_tools.progress import Progress
from build_tools.render import render_site
from tests.conftest import SOURCE
from tests.hostile_corpus import corpus, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("many")
    entries = corpus(big=False)
    assert len(entries) >= PARALLEL_MIN
    folder = write(base / "source_texts", entries, base / "outside")
    for seed in SOURCE.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture(scope="module")
def serial(folder: Path) -> Corpus:
    return build_corpus(folder, jobs=1)


def counts(progress: Progress) -> dict[str, int]:
    return {name: done for name, done, _ in progress.stages}


def test_reading_in_parallel_gives_the_same_corpus(folder: Path, serial: Corpus) -> None:
    progress = Progress()
    assert build_corpus(folder, jobs=2, progress=progress) == serial
    assert counts(progress)["read"] == len(list(folder.iterdir())) - 2  # less .html, link out


def test_the_cache_gives_the_same_corpus_and_rereads_only_a_changed_file(
    folder: Path, serial: Corpus, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first, second, third = Progress(), Progress(), Progress()
    # Read on two cores: the reading processes store the entries the next build reads.
    assert build_corpus(folder, jobs=2, cache_dir=cache, progress=first) == serial
    read = counts(first)["read"]
    assert counts(first)["cached"] == 0 and read > 20
    assert build_corpus(folder, cache_dir=cache, progress=second) == serial
    assert counts(second)["cached"] == read and counts(second)["read"] == 0

    changed = folder / "html-script.txt"
    original = changed.read_bytes()
    try:
        changed.write_bytes(original.replace(b"alert('script')", b"alert('changed')"))
        again = build_corpus(folder, cache_dir=cache, progress=third)
        assert counts(third)["read"] == 1 and counts(third)["cached"] == read - 1
        assert again == build_corpus(folder)  # the changed file read anew, not from the cache
    finally:
        changed.write_bytes(original)


class _Node:
    """An object that can be part of a reference cycle and be watched by a weak reference."""

    other: object = None


def test_a_build_freezes_what_it_made_and_the_next_one_frees_it(tmp_path: Path) -> None:
    """After a build its objects are frozen (the collector's next pass skips them); garbage
    frozen by a build, cycles included, is collected when the next build starts, so a long
    ``mkdocs serve`` session does not keep every build's cycles."""
    build_corpus(SOURCE)
    assert gc.get_freeze_count() > 0
    node = _Node()
    node.other = node  # a cycle: only the cycle collector can free it
    watch = weakref.ref(node)
    gc.freeze()  # as a build's end freezes whatever is alive then
    del node
    gc.collect()
    assert watch() is not None  # frozen: the collector does not look at it
    build_corpus(SOURCE)
    assert watch() is None


def test_rendering_the_corpus_just_built_does_not_collect_it() -> None:
    """``render_site`` is the same build as the ``build_corpus`` before it: it pauses the
    collector without the full pass a new build starts with (over a corpus that is alive, that
    pass only costs time: about a second at 1,000 files)."""
    corpus = build_corpus(SOURCE)
    frozen = gc.get_freeze_count()
    passes: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        render_site(corpus)
    finally:
        gc.callbacks.remove(watch)
    assert passes == []
    assert gc.get_freeze_count() >= frozen  # what the build froze stays frozen
