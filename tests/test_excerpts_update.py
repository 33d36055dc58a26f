"""``excerpts_update``: the pairs of sources sharing sampled shingles, updated from the last
build's after an edit, equal counting everything again; a stale count is never kept."""

from __future__ import annotations

import random

import numpy as np
import pytest

from build_tools import excerpts, excerpts_update
from build_tools.model import Features
from tests.conftest import MemoryStore as Store


class Entry:
    """What the pipeline keeps for a source in the cache, as far as the update reads it."""

    def __init__(self, features: Features) -> None:
        self.parsed = self
        self.features = features


def _features(digest: str, shingles: np.ndarray) -> Features:
    return Features(
        digest=digest, tokens=0, shingles=shingles.astype("<u4").tobytes(),
        shingle_samples=excerpts.sampled([shingles.astype("<u4")])[0].tobytes(), topics=(),
        people=(), topic_places=(), person_places=(), topic_counts=(), person_counts=(),
        language="en", languages=(), speakers=(),
    )  # fmt: skip


def _sources(rng: random.Random, n: int, vocabulary: int) -> dict[str, np.ndarray]:
    return {
        f"s{k}": np.unique(np.array(rng.sample(range(vocabulary), rng.randint(0, 40)), np.uint32))
        for k in range(n)
    }


def _count(store: Store, sources: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The update's answer for ``sources`` (a digest each), keeping each source's entry."""
    for digest, shingles in sources.items():
        store[digest] = Entry(_features(digest, shingles))
    samples = excerpts.sampled(list(sources.values()))
    return excerpts_update.shared_pairs(list(sources), store, samples)


def _edits(
    rng: random.Random, before: dict[str, np.ndarray], vocabulary: int
) -> list[dict[str, np.ndarray]]:
    keys = list(before)
    removed = dict(before)
    del removed[rng.choice(keys)]
    # The edited text gets a new identity in place (as a new SHA-256 gives it).
    k = rng.choice(keys)
    grown = np.unique(np.r_[before[k], np.array(rng.sample(range(vocabulary), 12), np.uint32)])
    changed = {(f"{d}'" if d == k else d): (grown if d == k else s) for d, s in before.items()}
    added = {**before, "zz-new": np.unique(np.array(rng.sample(range(vocabulary), 30), np.uint32))}
    emptied = {(f"{d}'" if d == k else d): (s[:0] if d == k else s) for d, s in before.items()}
    return [removed, changed, added, emptied, dict(before)]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("common", [3, 50])
def test_an_update_equals_counting_everything(
    seed: int, common: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a low formula limit, edits move shingles across it both ways.
    monkeypatch.setattr(excerpts, "COMMON_SHINGLE_DOCS", common)
    rng = random.Random(seed)
    vocabulary = 120  # few shingles: many shared, some by more sources than the limit
    before = _sources(rng, 30, vocabulary)
    whole = excerpts.shared_pairs
    counted = {"everything": 0}

    def spy(samples: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        counted["everything"] += 1
        return whole(samples)

    for after in _edits(rng, before, vocabulary):
        store = Store()
        _count(store, before)  # the last build's state
        counted["everything"] = 0
        monkeypatch.setattr(excerpts, "shared_pairs", spy)
        codes, shared = _count(store, after)
        monkeypatch.setattr(excerpts, "shared_pairs", whole)
        assert counted["everything"] == 0  # updated, not counted again
        expected = whole(excerpts.sampled(list(after.values())))
        assert codes.tolist() == expected[0].tolist()
        assert shared.tolist() == expected[1].tolist()
        # And the state kept is that of ``after``: a further edit starts from it.
        state = store[excerpts_update.STATE_KEY]
        assert state.digests == tuple(after)


def test_a_missing_old_text_or_many_changes_count_everything() -> None:
    rng = random.Random(7)
    before = _sources(rng, 30, 120)
    store = Store()
    _count(store, before)
    del store["s3"]  # the replaced text's entry is gone: nothing to take away
    after = {(f"{d}'" if d == "s3" else d): s for d, s in before.items()}
    samples = excerpts.sampled(list(after.values()))
    state = store[excerpts_update.STATE_KEY]
    assert excerpts_update._update(list(after), samples, state, store) is None
    renamed = {f"{d}'": s for d, s in before.items()}
    assert excerpts_update._update(list(renamed), samples, state, store) is None
    assert _count(store, after)[0].tolist() == excerpts.shared_pairs(samples)[0].tolist()


@pytest.mark.parametrize(
    ("top", "kind"),
    [(0, "<u2"), (65_535, "<u2"), (65_536, "<u4"), (2**32 - 1, "<u4"), (2**32, "<i8")],
)
def test_the_state_keeps_its_numbers_in_the_narrowest_type(top: int, kind: str) -> None:
    values = np.array([0, 7, top], dtype=np.int64)
    data, chosen = excerpts_update._narrow(values)
    assert chosen == kind
    state = excerpts_update.State(("a",), data, data, chosen, chosen)
    for back in state.arrays():
        assert back.dtype == np.int64 and back.tolist() == values.tolist()
    assert excerpts_update._narrow(np.zeros(0, dtype=np.int64))[1] == "<u2"
