"""Set operations on arrays of integers (run hashes, word numbers), faster here than numpy's.

Why: given a one-dimensional array alone, numpy 2.4's ``np.unique`` (and so ``np.union1d`` and
``np.setdiff1d``) finds the distinct values by hashing, which on these machines is 4 to 6 times
slower than sorting for a thousand to a hundred thousand values and 20 times slower for
millions (3.2 s against 0.12 s for three million 32-bit values); ``np.isin`` sorts both arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np

from build_tools.background import spare_core

SORT_IN_TWO_MIN = 1 << 20
"""Values from which :func:`sort` works on two cores (below, starting a thread costs more)."""


def _at_once(here: Callable[[], object], there: Callable[[], object]) -> None:
    """Run ``there`` in a thread while this one runs ``here``: both halves of a numpy job,
    which numpy does without holding the interpreter's lock."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(there)
        here()
        later.result()


def unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique(values)``, by sorting)."""
    ordered = np.sort(values, axis=None)
    if not len(ordered):
        return ordered
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    found: np.ndarray = ordered[first]
    return found


def sort(values: np.ndarray) -> None:
    """Sort a one-dimensional array in place, in two halves at once when a core is spare.

    Why: the repeated statements, the build's longest stretch on one core, sort the archive's
    5-word runs with their places (28 million 64-bit numbers at 5,000 interviews) and then the
    pairs of places found. numpy sorts without holding the interpreter lock, so after a
    partition at the middle (linear, in place: no memory is added) a thread sorts one half
    while this one sorts the other. At 5,000 interviews (line profiler) the two sorts took 2.5
    and 1.35 s, now 1.2 and 0.8 s."""
    if len(values) < SORT_IN_TWO_MIN or not spare_core():
        values.sort()
        return
    middle = len(values) // 2
    values.partition(middle)  # values[middle] in place; none before it larger, none after smaller
    _at_once(values[:middle].sort, values[middle + 1 :].sort)


MEMBER_IN_TWO_MIN = 1 << 20
"""Values from which :func:`member` looks them up on two cores."""


def member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Whether each 32-bit value is in ``table`` (sorted, unique 32-bit values).

    ``np.isin`` sorts both arrays, and a binary search per value misses the processor's cache
    at every step (0.35 s for six million words): the low bits of each value are looked up in
    a table of flags first, and only the few values that pass are searched. The table is
    small enough to stay in the cache (2**20) unless ``table`` is large enough to make it pass
    most values.

    Millions of values are looked up in two halves at once when a core is spare: numpy does
    each step without the interpreter's lock. A rebuild after an edit looks up the archive's
    28 million runs several times at 5,000 interviews (0.18-0.3 s a time on one core, 0.11-0.14
    s on two; 0.5-0.6 against 0.24 s with a table of 300,000 runs)."""
    found = np.zeros(len(values), dtype=bool)
    if not len(table) or not len(values):
        return found
    bits = min(24, max(20, len(table).bit_length() + 4))
    mask = np.uint32((1 << bits) - 1)
    flags = np.zeros(1 << bits, dtype=bool)
    flags[table & mask] = True

    def look_up(part: slice) -> None:
        some = values[part]
        maybe = np.flatnonzero(flags[some & mask])
        picked = some[maybe]
        at = np.searchsorted(table, picked)
        at[at == len(table)] = 0
        found[part][maybe] = table[at] == picked

    if len(values) < MEMBER_IN_TWO_MIN or not spare_core():
        look_up(slice(None))
        return found
    middle = len(values) // 2
    _at_once(partial(look_up, slice(0, middle)), partial(look_up, slice(middle, None)))
    return found
