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

from build_tools import mkdocs_hook, pipeline
from build_tools.downloads import Settings, write_all
from build_tools.model import Corpus, ParsedSource, repack, replaced
from build_tools.pipeline import build_corpus, read_source, without_link_inputs
from build_tools.render import render_pages, render_site
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
    assert "lines" in vars(loaded)  # unpickled once, kept until given back
    repack(loaded)
    assert "lines" not in vars(loaded) and loaded.lines == original.lines
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
    assert "turns" in vars(loaded)
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


def test_a_source_read_again_and_given_back_pickles_as_before() -> None:
    """The pickle is kept when a group is read: pickling the source again reuses it, and
    :func:`repack` lets go of the values only (a source never packed keeps them)."""
    original = _parsed(SOURCE / FULL)
    data = pickle.dumps(original)
    loaded = _load(data)
    blobs = {k: v for k, v in vars(loaded).items() if k.startswith("_packed_")}
    _ = loaded.turns, loaded.lines
    again = _load(pickle.dumps(loaded))
    assert {k: v for k, v in vars(again).items() if k.startswith("_packed_")} == blobs
    repack(loaded)
    assert "turns" not in vars(loaded) and "lines" not in vars(loaded)
    assert loaded == original and again == original
    repack(original)
    assert "turns" in vars(original) and "lines" in vars(original)


def test_the_build_gives_back_every_source_s_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files read in reading processes arrive with their turns packed; the pages (and the
    hook's headings and shared facts, taken with them) and the downloads each unpack an
    interview's turns and give them back when done with it, so the build never holds every
    source's turns as objects (570 MB at 5,000 files)."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)  # the seeds in reading processes
    corpus = build_corpus(SOURCE, jobs=2, cache_dir=tmp_path / "cache")
    sources = [i.main for i in corpus.interviews]
    sources += [x.source for i in corpus.interviews for x in i.linked]

    def unpacked() -> list[str]:
        return [s.source.path for s in sources if "turns" in vars(s)]

    assert sources and all("_packed_turns" in vars(s) for s in sources)
    assert corpus.interviews[0].main.turns and unpacked()  # reading them unpacks them
    mkdocs_hook._keep_facts(corpus)
    # As the hook renders: the headings and what each page shares are taken with each page.
    pages = dict(render_pages(corpus, each=mkdocs_hook._keep_interview_facts))
    assert any(p.startswith("interviews/") for p in pages) and not unpacked()
    assert (
        set(mkdocs_hook._tocs)
        == {i.id for i in corpus.interviews}
        == {i.id for i in corpus.interviews if mkdocs_hook._shared.get(f"interviews/{i.id}.md")}
    )
    _ = [i.main.turns for i in corpus.interviews]
    assert render_site(corpus) == pages and not unpacked()  # the second time from the cache
    write_all(corpus, tmp_path / "site", Settings(None, "2025-03-21"))
    assert not unpacked()
    assert all(s.turns for s in sources)


def test_a_corpus_without_its_link_inputs_differs_only_by_its_shingles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site build drops the shingles after linking (only linking reads them): the corpus
    is otherwise the same, and the copies keep packed what the sources kept packed."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN", 1)  # the seeds in reading processes
    full = build_corpus(SOURCE, jobs=2, cache_dir=tmp_path / "cache")
    lean = build_corpus(SOURCE, jobs=2, cache_dir=tmp_path / "cache", keep_link_inputs=False)

    def sources(corpus: Corpus) -> list[ParsedSource]:
        return [i.main for i in corpus.interviews] + [
            x.source for i in corpus.interviews for x in i.linked
        ]

    assert all(s.features and s.features.shingles for s in sources(full))
    assert all(
        s.features and s.features.shingles == b"" == s.features.shingle_samples
        for s in sources(lean)
    )
    assert all("_packed_turns" in vars(s) and "_packed_lines" in vars(s) for s in sources(lean))
    assert list(lean.interviews) == [without_link_inputs(i) for i in full.interviews]
    assert lean.topic_locators == full.topic_locators
    assert lean.person_locators == full.person_locators
    assert lean.diagnostics == full.diagnostics


def test_a_packed_field_cannot_be_replaced_without_unpacking() -> None:
    original = _load(pickle.dumps(_parsed(SOURCE / FULL)))
    with pytest.raises(ValueError, match="turns"):
        replaced(original, turns=())
    with pytest.raises(ValueError, match="no_such_field"):
        replaced(original, no_such_field=1)
    copy_ = replaced(original, encoding="latin-1")
    assert copy_.encoding == "latin-1" and "turns" not in vars(copy_)
    assert replace(copy_, encoding=original.encoding) == original


def test_any_frozen_dataclass_is_replaced_as_dataclasses_replace_does() -> None:
    parsed = _parsed(SOURCE / FULL)
    features = parsed.features
    assert features is not None
    assert replaced(features, shingles=b"") == replace(features, shingles=b"")
    assert replaced(features, shingles=b"") != features
    with pytest.raises(ValueError, match="no_such_field"):
        replaced(features, no_such_field=1)
