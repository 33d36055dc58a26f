"""Repeated statements after an edit: compare again only what the edit can change.

``reuse.passages`` compares the whole archive at once (1.6 s at 1,000 interviews). What it
finds for two paragraphs depends only on their words and on the status of each run of five
words they hold: a formula of the genre (found in more interviews than the limit), a candidate
pairing every place with every other (in two or more, at most ``candidate.pair_all``), a
candidate pairing each place with its nearest (in more), or neither; and, for the last kind of
candidate, on where its other places are. An edit changes these only for runs in the texts it
changed, as they are now or as they were. So after an edit, the passage of two paragraphs is
kept from the last build when neither paragraph is in a changed text nor holds a run whose
status changed, nor a place of a run pairing nearest places that has a changed text's place
among its nearest, now or before (:func:`_nearest_moved`); every other paragraph is compared
again with the whole archive. The result is what comparing everything gives
(``tests/test_reuse_update.py``).

The last build's result is kept in the cache as a :class:`State`; the texts an edit replaced
are read back from the cache's parse entries (a source's features digest is its entry's key).
Anything missing, a change of the formula limit (the archive grew or shrank across a step of
2%) or many changed texts: everything is compared again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from build_tools import features, reuse
from build_tools.arrays import member, unique
from build_tools.cache import Store
from build_tools.model import Features, Interview
from build_tools.reuse import Passage, Rules

STATE_KEY = "reuse-state"
MAX_CHANGED = (4, 0.05)
"""More changed texts than this number or this share of the archive, whichever is more:
compare everything (it is as fast)."""
_COMMON, _EVERY, _NEAR, _NEITHER = 3, 2, 1, 0

Kept = tuple[str, str, str, str, tuple[int, int], tuple[int, int], int, float]
"""A passage by ids: interview and paragraph of a, the same of b, both word ranges, shared words
and score."""


@dataclass(frozen=True)
class State:
    """What the last comparison found, and of what."""

    interviews: tuple[tuple[str, str], ...]
    """(interview id, its main source's features digest), in corpus order."""
    common: bytes
    """Sorted hashes (little-endian 32-bit) of the runs found in too many interviews."""
    passages: tuple[Kept, ...]
    """Every passage found (best first)."""


def passages(interviews: Sequence[Interview], rules: Rules, cache: Store) -> list[Passage]:
    """``reuse.passages(interviews, rules)``, from the last build's when few texts changed;
    keeps this build's for the next one."""
    state = cache.get(STATE_KEY)
    updated = _update(interviews, rules, state, cache) if isinstance(state, State) else None
    found, common = updated if updated is not None else reuse._all_passages(interviews, rules)
    ids = [i.id for i in interviews]
    kept = tuple(
        (ids[p.a.interview], p.a.paragraph_id, ids[p.b.interview], p.b.paragraph_id,
         p.a_range, p.b_range, p.words, p.score)
        for p in found
    )  # fmt: skip
    cache.put(STATE_KEY, State(_identities(interviews), common.astype("<u4").tobytes(), kept))
    return found


def _identities(interviews: Sequence[Interview]) -> tuple[tuple[str, str], ...]:
    return tuple((i.id, features.of(i.main).digest) for i in interviews)


def _old_features(cache: Store, digest: str) -> Features | None:
    """A replaced source's features, from its parse entry (keyed by the same digest)."""
    hit = cache.get(digest)
    found = getattr(getattr(hit, "parsed", None), "features", None)
    return found if isinstance(found, Features) and found.digest == digest else None


def _source_runs(found: Features, rules: Rules) -> np.ndarray:
    """The compared runs of one source (with repeats), as ``reuse._arrays`` would place them."""
    sizes = np.array([u[3] for u in found.echo_units], dtype=np.int64)
    hashes = np.frombuffer(found.echo_words, dtype="<u4")
    if not len(sizes):
        return np.zeros(0, dtype=np.uint32)
    valid = np.ones(len(hashes), dtype=bool)
    valid[(np.cumsum(sizes)[:, None] - np.arange(1, rules.shingle_words)).ravel()] = False
    runs = reuse._runs(hashes, rules.shingle_words)
    usable = valid & ~member(runs, reuse._formula_runs(rules))
    kept: np.ndarray = runs[usable]
    return kept


def _statuses(
    table: np.ndarray, runs: np.ndarray, owner: np.ndarray, rules: Rules, total: int
) -> np.ndarray:
    """The status of each run of ``table`` (sorted) given all its places: ``runs`` with the
    interview ``owner`` of each, in an archive of ``total`` interviews."""
    at = np.searchsorted(table, runs)
    counts = np.bincount(at, minlength=len(table))
    pairs = unique(at.astype(np.int64) << np.int64(32) | (owner.astype(np.int64) + (1 << 31)))
    spread = np.bincount((pairs >> np.int64(32)).astype(np.int64), minlength=len(table))
    common, every, near = reuse._kinds(spread, counts, rules, total)
    return np.select([common, every, near], [_COMMON, _EVERY, _NEAR], _NEITHER)


def _ignore_common(
    arr: reuse._Arrays, where: np.ndarray, common: np.ndarray, ignored: np.ndarray
) -> None:
    """Mark in ``ignored`` the runs at the words ``where`` is true whose hash is in ``common``
    (sorted). A word's mask (``reuse._masked``) depends only on the runs of its own paragraph,
    so marking whole paragraphs gives their words the mask of marking every run."""
    at = np.flatnonzero(where)
    ignored[at[member(arr.runs[at], common)]] = True


def _slots(
    last: Sequence[tuple[str, str]], now: Sequence[tuple[str, str]], arr: reuse._Arrays
) -> list[int]:
    """Where each text of the last build that is gone now (``last`` minus ``now``, in order) had
    its words, among the kept texts' words: this build's word number of the first word of the
    next kept text (the kept texts are in the same order in both), or the end."""
    first = {key: int(arr.first_word[n]) for n, key in enumerate(now)}
    slots: list[int] = []
    following = len(arr.runs)
    for key in reversed(last):
        if key in first:
            following = first[key]
        else:
            slots.append(following)
    return slots[::-1]


def _nearest_moved(
    at: np.ndarray, runs: np.ndarray, stays: np.ndarray, near: np.ndarray,
    old: list[tuple[np.ndarray, int]], rules: Rules,
) -> np.ndarray:  # fmt: skip
    """Word numbers of the kept places of the runs ``near`` (sorted) whose pairs may differ:
    those with a changed place among the ``rules.nearest`` places after them, now or before.

    ``at``, ``runs``, ``stays``: word number, run and keptness of every place now of the runs
    looked at; ``old``: the runs of each gone text with the word number its places stood at
    among the kept ones (:func:`_slots`). A run of this kind pairs each place with the
    ``nearest`` places after it; a kept place whose next ``nearest`` places hold no changed
    place, now and before, has the same next places now as before (the kept places are in the
    same order), so the same pairs. Counting kept places only before each changed place can
    only reach further back than that, never less far."""
    pick = member(runs, near)
    word, run, kept = at[pick].astype(np.uint64), runs[pick].astype(np.uint64), stays[pick]
    # Places as (run, word number) in one 64-bit key: sorted, each run's places in corpus order.
    places = np.sort(run[kept] << np.uint64(32) | word[kept])
    changed = [run[~kept] << np.uint64(32) | word[~kept]]
    for runs_before, slot in old:
        gone = runs_before[member(runs_before, near)].astype(np.uint64)
        changed.append(gone << np.uint64(32) | np.uint64(slot))
    slot_keys = np.concatenate(changed)
    after = np.searchsorted(places, slot_keys)  # the kept places before each changed one
    back = (after[:, None] - np.arange(1, rules.nearest + 1)).ravel()
    owner = np.repeat(slot_keys >> np.uint64(32), rules.nearest)
    hit = back >= 0
    back, owner = back[hit], owner[hit]
    same = (places[back] >> np.uint64(32)) == owner
    found: np.ndarray = (places[back[same]] & np.uint64(0xFFFFFFFF)).astype(np.int64)
    return found


def _update(
    interviews: Sequence[Interview], rules: Rules, state: State, cache: Store
) -> tuple[list[Passage], np.ndarray] | None:
    """The passages and formula runs of ``interviews``, from ``state``; None when everything
    must be compared again."""
    if rules.common_limit(len(interviews)) != rules.common_limit(len(state.interviews)):
        return None
    now = _identities(interviews)
    before, after = set(state.interviews), set(now)
    changed = [n for n, key in enumerate(now) if key not in before]
    gone = [key for key in state.interviews if key not in after]
    if len(changed) + len(gone) > max(MAX_CHANGED[0], MAX_CHANGED[1] * len(interviews)):
        return None
    if [k for k in state.interviews if k in after] != [k for k in now if k in before]:
        return None  # texts kept but in another order: a kept passage could be the wrong way
    if sum(1 for i in interviews if features.of(i.main).echo_units) < 2:
        return None
    old: list[np.ndarray] = []
    for _, digest in gone:
        found = _old_features(cache, digest)
        if found is None:
            return None
        old.append(_source_runs(found, rules))

    arr = reuse._arrays(interviews, rules)
    usable = reuse._usable(arr, rules)
    unit_changed = np.isin(arr.interview_of_unit, np.array(changed, dtype=np.int32))
    word_changed = arr.per_word(unit_changed)
    # Runs whose status may differ: those of the changed texts, now and before.
    maybe = unique(np.concatenate([arr.runs[usable & word_changed], *old]))
    at = np.flatnonzero(usable & member(arr.runs, maybe))
    runs_at = arr.runs[at]
    owner = arr.interview_of_unit[arr.unit_of[at]]
    status_now = _statuses(maybe, runs_at, owner, rules, len(interviews))
    stays = ~word_changed[at]
    old_owner = [np.full(len(r), -1 - k, dtype=np.int32) for k, r in enumerate(old)]
    status_before = _statuses(
        maybe,
        np.concatenate([runs_at[stays], *old]),
        np.concatenate([owner[stays], *old_owner]),
        rules,
        len(state.interviews),
    )
    flipped = maybe[status_now != status_before]
    common_before = np.frombuffer(state.common, dtype="<u4").astype(np.uint32)
    kept_common = common_before[~member(common_before, maybe)]
    common = unique(np.concatenate([kept_common, maybe[status_now == _COMMON]]))

    # Paragraphs compared again: the changed texts', those holding a run whose status changed,
    # and those holding a place of a run that pairs nearest places whose pairs the edit moved.
    touched = unit_changed.copy()
    touched[arr.unit_of[at[member(runs_at, flipped)]]] = True
    near = maybe[(status_now == _NEAR) & (status_before == _NEAR)]
    slots = _slots(state.interviews, now, arr)
    moved = _nearest_moved(at, runs_at, stays, near, list(zip(old, slots, strict=True)), rules)
    touched[arr.unit_of[moved]] = True
    del at, runs_at, owner
    word_touched = arr.per_word(touched)
    # Ignored runs (formulas, and runs in too many interviews) are looked up only in the
    # paragraphs read below: those compared again, then those they are aligned with (looking
    # up every run of the archive cost a tenth of a second at 1,000 interviews).
    ignored = arr.valid & ~usable
    _ignore_common(arr, usable & word_touched, common, ignored)
    # Every place of every candidate run of those paragraphs, across the archive.
    theirs = unique(arr.runs[usable & word_touched & ~ignored])
    groups = reuse._groups(arr, usable & member(arr.runs, theirs))
    _, every, near = reuse._kinds(groups.spread, groups.counts, rules, len(interviews))
    p, q = reuse._pairs(arr, groups, every, near, rules.nearest)
    del groups
    keep = word_touched[p] | word_touched[q]
    diagonals = reuse._diagonals(arr, p[keep], q[keep], rules)
    del p, q, keep
    partners = np.zeros(len(arr.units), dtype=bool)
    partners[diagonals[0] // len(arr.units)] = True
    partners[diagonals[0] % len(arr.units)] = True
    partners &= ~touched
    _ignore_common(arr, usable & arr.per_word(partners), common, ignored)
    fresh = reuse._aligned(interviews, arr, reuse._masked(ignored, rules), diagonals, rules)

    # The rest from the last build, placed in this build's arrays.
    unchanged = {interviews[n].id: n for n, key in enumerate(now) if key in before}
    # The paragraphs of an interview by id, looked up for the interviews of kept passages only
    # (a table of all 64,000 at 1,000 interviews took 0.03 s).
    bounds = np.searchsorted(arr.interview_of_unit, np.arange(len(interviews) + 1)).tolist()
    kept_units = (~touched).tolist()
    units: dict[int, dict[str, int]] = {}

    def unit_of(interview_id: str, paragraph_id: str) -> int | None:
        n = unchanged[interview_id]
        if n not in units:
            span = range(bounds[n], bounds[n + 1])
            units[n] = {arr.units[k][0]: k for k in span if kept_units[k]}
        return units[n].get(paragraph_id)

    out = list(fresh.values())
    for a_id, a_par, b_id, b_par, a_range, b_range, words, score in state.passages:
        if a_id in unchanged and b_id in unchanged:
            x, y = unit_of(a_id, a_par), unit_of(b_id, b_par)
            if x is not None and y is not None:
                a, b = arr.unit(x), arr.unit(y)
                out.append(Passage(a, b, a_range, b_range, words, score))
    return sorted(out, key=reuse._rank), common
