"""A parsed source's auditing fields (``lines``, ``structure``), and apart from them its turns,
are pickled apart and unpickled when first read (``model.Packed``): the value is the same as
before pickling, whether it was read or not, and a rebuild never shows a stale one."""

from __future__ import annotations

import copy
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools import pipeline
from build_tools.model import ParsedSource
from build_tools.pipeline import build_corpus, read_source
from tests.conftest import SOURCE

FULL = "2024-03-28-izvestia-research-center-interview.txt"


def _parsed(path: Path) -> ParsedSource:
    parsed = read_source(path).parsed
    assert parsed is not None
    return parsed


def _load(data: bytes) -> ParsedSource:
    loaded: ParsedSource = pickle.loads(data)  # noqa: S301 (pickled by the test itself)
    return loaded


def test_a_pickled_source_equals_the_original_read_or_not() -> None:
    original = _parsed(SOURCE / FULL)
    data = pickle.dumps(original)
    loaded = _load(data)
    assert "lines" not in vars(loaded)  # packed until read
    assert loaded.lines == original.lines
    assert loaded.structure == original.structure
    assert loaded.removed == original.removed
    assert "_packed_lines" not in vars(loaded)  # unpacked once, not kept twice
    # Unread, pickled again (the blob is reused), copied, replaced: still the same source.
    assert _load(pickle.dumps(_load(data))) == original
    assert copy.deepcopy(_load(data)) == original
    assert replace(_load(data), turns=()) == replace(original, turns=())
    assert _load(data) != replace(original, removed=())


def test_reading_the_removal_log_leaves_the_lines_packed() -> None:
    """The Method page and the downloads read every source's removal log; the lines (the
    bulk) must stay packed then."""
    loaded = _load(pickle.dumps(_parsed(SOURCE / FULL)))
    assert loaded.removed == _parsed(SOURCE / FULL).removed
    assert "lines" not in vars(loaded) and "_packed_lines" in vars(loaded)
    assert "turns" not in vars(loaded) and "_packed_turns" in vars(loaded)


def test_the_turns_are_packed_apart_from_the_lines() -> None:
    original = _parsed(SOURCE / FULL)
    loaded = _load(pickle.dumps(original))
    assert loaded.turns == original.turns
    assert "_packed_turns" not in vars(loaded)
    assert "lines" not in vars(loaded) and "_packed_lines" in vars(loaded)
    assert loaded.lines == original.lines
    # Read in the other order, and pickled half read: still the same source.
    loaded = _load(pickle.dumps(original))
    assert loaded.lines == original.lines and "_packed_turns" in vars(loaded)
    assert _load(pickle.dumps(loaded)) == original


def test_a_warm_build_leaves_the_turns_of_kept_sources_packed(tmp_path: Path) -> None:
    """Joining reads who speaks from the features: a rebuild after an edit unpickles the
    turns of no source it kept (the pages made again and the echoes' passages aside)."""
    cache = tmp_path / "cache"
    cold = build_corpus(SOURCE, cache_dir=cache)
    warm = build_corpus(SOURCE, cache_dir=cache)
    quiet = [i.main for i in warm.interviews if not i.echoes]
    assert quiet and all("_packed_turns" in vars(m) for m in quiet)
    assert warm == cold and warm.speakers == cold.speakers  # (this reads them all)


def test_a_rebuild_shows_the_edited_lines_not_the_cached_ones(tmp_path: Path) -> None:
    folder = tmp_path / "source_texts"
    folder.mkdir()
    shutil.copy(SOURCE / FULL, folder / FULL)
    cache = tmp_path / "cache"
    build_corpus(folder, cache_dir=cache)
    path = folder / FULL
    path.write_bytes(path.read_bytes().replace(b"Practically no.", b"Practically none.", 1))
    warm = build_corpus(folder, cache_dir=cache).interviews[0].main
    cold = build_corpus(folder).interviews[0].main
    assert any("Practically none." in line.raw for line in warm.lines)
    assert (warm.lines, warm.structure, warm.removed) == (cold.lines, cold.structure, cold.removed)
    assert warm == cold


def test_a_file_read_anew_has_its_turns_unpacked_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of a file read anew is made in this build, so its turns are unpickled as it
    arrives (pipeline._unpacked), read in the caller or in a reading process: unpickled amid
    the rendering, they raised a cold build's peak."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)  # the seeds in reading processes too
    for jobs in (1, 2):
        corpus = build_corpus(SOURCE, jobs=jobs, cache_dir=tmp_path / f"cache-{jobs}")
        sources = [i.main for i in corpus.interviews]
        sources += [x.source for i in corpus.interviews for x in i.linked]
        assert sources and all("_packed_turns" not in vars(s) for s in sources), jobs
