"""Candidate pairs of excerpts after an edit: count again only the shingles the edit touches.

``excerpts.shared_pairs`` sorts every sampled shingle of the archive (0.2 s at 1,000 sources)
to find the pairs of sources sharing some, with how many they share. What two sources share
depends only on the shingles both hold and on how many sources hold each (one held by more than
``COMMON_SHINGLE_DOCS`` is a formula and counts for no pair). An edit changes these only for the
shingles of the texts it changed, as they are now or as they were. So after an edit the last
build's counts are kept, the pairs of a replaced or removed text are dropped, and for each
shingle of a changed text (old or new) the pairs its sources made before are taken away and
those they make now are added. The result is what counting everything gives
(``tests/test_excerpts_update.py``).

The last build's counts are kept in the cache as a :class:`State`; the texts an edit replaced
are read back from the cache's parse entries (a source's features digest is its entry's key).
Anything missing, or many changed texts: everything is counted again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from build_tools import excerpts
from build_tools.arrays import member, unique
from build_tools.cache import Store
from build_tools.model import Features

STATE_KEY = "excerpt-pairs"
MAX_CHANGED = (4, 0.05)
"""More changed texts than this number or this share of the archive, whichever is more:
count everything (it is as fast)."""


@dataclass(frozen=True)
class State:
    """What the last count found, and of what."""

    digests: tuple[str, ...]
    """The sources' features digests, in the order counted (a source's number is its place)."""
    codes: bytes
    """The pairs sharing sampled shingles, ``a * n + b`` (a < b, n sources), sorted, as
    little-endian integers of the type ``codes_type`` names."""
    shared: bytes
    """How many sampled shingles each pair shares, the same way (``shared_type``)."""
    codes_type: str
    """The numpy type of ``codes``: the narrowest that holds them (see :func:`_narrow`)."""
    shared_type: str
    """The numpy type of ``shared``."""

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The codes and counts as 64-bit integers (new arrays, which the update may change)."""
        codes = np.frombuffer(self.codes, dtype=self.codes_type).astype(np.int64)
        return codes, np.frombuffer(self.shared, dtype=self.shared_type).astype(np.int64)


def _narrow(values: np.ndarray) -> tuple[bytes, str]:
    """Non-negative integers as the bytes of the narrowest little-endian type that holds them,
    and that type. Why: the state is written and read back by every rebuild; at 5,000 sources
    it held 4.8 million pairs, 77 MB as 64-bit integers, and its reading and writing took
    0.2-0.5 s. A pair's code is below n squared (32 bits up to 65,536 sources) and a count
    below the samples of a source (2,135 at most there: 16 bits), so it is 29 MB."""
    top = int(values.max()) if len(values) else 0
    kind = next(t for t in ("<u2", "<u4", "<i8") if top <= np.iinfo(t).max)
    return values.astype(kind).tobytes(), kind


def shared_pairs(
    digests: Sequence[str], cache: Store, samples: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """``excerpts.shared_pairs(samples)`` for the sources of features ``digests``, from the last
    build's when few of them changed; keeps this build's for the next one."""
    state = cache.get(STATE_KEY)
    updated = _update(digests, samples, state, cache) if isinstance(state, State) else None
    codes, shared = updated if updated is not None else excerpts.shared_pairs(samples)
    if not (isinstance(state, State) and state.digests == tuple(digests)):
        (code_bytes, code_type), (shared_bytes, shared_type) = _narrow(codes), _narrow(shared)
        cache.put(
            STATE_KEY, State(tuple(digests), code_bytes, shared_bytes, code_type, shared_type)
        )
    return codes, shared


def _old_samples(cache: Store, digest: str) -> np.ndarray | None:
    """A replaced source's sampled shingles, from its parse entry (keyed by the same digest)."""
    found = getattr(getattr(cache.get(digest), "parsed", None), "features", None)
    if not isinstance(found, Features) or found.digest != digest:
        return None
    return np.frombuffer(found.shingle_samples, dtype="<u4")


def _without(
    codes: np.ndarray, shared: np.ndarray, dropped: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (codes ``a * m + b``, sorted, and their counts) with neither source in
    ``dropped``: a dropped ``a`` is a slice of the codes, a dropped ``b`` is found by value."""
    stay = ~np.isin(codes % m, dropped)
    for source in dropped.tolist():
        stay[np.searchsorted(codes, source * m) : np.searchsorted(codes, (source + 1) * m)] = False
    return codes[stay], shared[stay]


def _codes(entries: list[np.ndarray], n: int) -> np.ndarray:
    """The pair codes (base ``n``) of (hash << 32 | source) entries, sorted here."""
    packed = np.sort(np.concatenate(entries)) if entries else np.zeros(0, dtype=np.uint64)
    found = excerpts.pair_codes(packed, n)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _update(
    digests: Sequence[str], samples: list[np.ndarray], state: State, cache: Store
) -> tuple[np.ndarray, np.ndarray] | None:
    """The pairs and counts of ``samples`` from ``state``; None when everything must be
    counted again."""
    n, before = len(digests), {d: k for k, d in enumerate(state.digests)}
    now = {d: k for k, d in enumerate(digests)}
    if len(now) != n or len(before) != len(state.digests):
        return None  # two sources with one identity: never from the pipeline
    changed = [k for k, d in enumerate(digests) if d not in before]
    gone = [d for d in state.digests if d not in now]
    if len(changed) + len(gone) > max(MAX_CHANGED[0], MAX_CHANGED[1] * n):
        return None
    kept = [k for k, d in enumerate(state.digests) if d in now]
    if [now[state.digests[k]] for k in kept] != sorted(now[state.digests[k]] for k in kept):
        return None  # sources kept but in another order: the codes would not stay sorted
    maybe_old = [_old_samples(cache, d) for d in gone]
    old = [s for s in maybe_old if s is not None]
    if len(old) != len(gone):
        return None

    # The last build's pairs of sources still here, renumbered (in order: still sorted).
    m = len(state.digests)
    codes, shared = state.arrays()
    number = np.full(m, -1, dtype=np.int64)
    number[kept] = [now[state.digests[k]] for k in kept]
    if m == n and (number[kept] == kept).all():
        # Each kept source at its own number (an edit replaced texts in place): the codes
        # stay; only the pairs of a replaced text go (0.12 s of 4.8 million pairs at 5,000
        # sources, renumbered one by one).
        codes, shared = _without(codes, shared, np.flatnonzero(number < 0), m)
    else:
        a, b = number[codes // m], number[codes % m]
        stay = (a >= 0) & (b >= 0)
        codes, shared = a[stay] * n + b[stay], shared[stay]

    if not changed and not old:
        return codes, shared
    # Every place of the shingles of the changed texts, old (numbered after the archive) and
    # new; the counts before and after differ only by the pairs these make.
    touched = unique(np.concatenate([*(samples[k] for k in changed), *old]))
    # Looked up in every source's samples at once (a search per source was 1,000 calls, 0.06 s
    # at 1,000 sources); the entries are sorted by ``_codes``, so their order does not matter.
    every = np.concatenate(samples) if samples else np.zeros(0, dtype=np.uint32)
    owner = np.repeat(np.arange(n, dtype=np.uint64), [len(s) for s in samples])
    held = member(every.astype(np.uint32, copy=False), touched.astype(np.uint32))
    entry = (every[held].astype(np.uint64) << np.uint64(32)) | owner[held]
    entries_now = [entry]
    entries_before = [entry[~np.isin(owner[held], np.array(changed, dtype=np.uint64))]]
    width = n + len(old)
    for j, theirs in enumerate(old):
        if len(theirs):
            entries_before.append((theirs.astype(np.uint64) << np.uint64(32)) | np.uint64(n + j))
    pairs_now = _codes(entries_now, width)
    pairs_before = _codes(entries_before, width)
    # Pairs with a replaced text went with its last build's pairs; the rest are renumbered.
    pairs_before = pairs_before[pairs_before % width < n]
    delta = np.concatenate([pairs_now, pairs_before])
    weight = np.r_[np.ones(len(pairs_now), np.int64), -np.ones(len(pairs_before), np.int64)]
    delta = delta // width * n + delta % width
    distinct, inverse = np.unique(delta, return_inverse=True)
    change = np.bincount(inverse, weights=weight, minlength=len(distinct)).astype(np.int64)

    at = np.searchsorted(codes, distinct)
    known = at < len(codes)
    known[known] = codes[at[known]] == distinct[known]
    np.add.at(shared, at[known], change[known])
    new = ~known & (change != 0)
    codes = np.insert(codes, at[new], distinct[new])
    shared = np.insert(shared, at[new], change[new])
    if (shared < 0).any():
        return None  # cannot happen: counted again rather than trusted
    keep = shared > 0
    return codes[keep], shared[keep]
