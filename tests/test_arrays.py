"""``build_tools/arrays.py``: the set operations the comparison stages use instead of numpy's
give numpy's answers, for any values (empty arrays, repeats, the extremes of the type, and
tables large enough to take the wider flag table)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.arrays import member, unique

DTYPES = [np.uint32, np.uint64, np.int64]


def _values(dtype: type) -> st.SearchStrategy[np.ndarray]:
    info = np.iinfo(dtype)
    # A few distinct values or a wide spread: repeats and misses both happen.
    small = st.integers(0, 20)
    wide = st.integers(int(info.min), int(info.max))
    return st.lists(st.one_of(small, wide), max_size=300).map(lambda v: np.array(v, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_unique_is_numpys_unique(dtype: type, data: st.DataObject) -> None:
    values = data.draw(_values(dtype))
    found = unique(values)
    assert found.dtype == values.dtype
    assert found.tolist() == np.unique(values).tolist()


@given(values=_values(np.uint32), table=_values(np.uint32))
def test_member_is_numpys_isin(values: np.ndarray, table: np.ndarray) -> None:
    table = np.unique(table)
    assert member(values, table).tolist() == np.isin(values, table).tolist()


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_member_with_a_table_of_millions_finds_what_a_binary_search_finds(seed: int) -> None:
    # Over a million entries: the flag table is at its widest (24 bits) and passes many values.
    rng = np.random.default_rng(seed)
    table = np.cumsum(rng.integers(1, 2000, 1_500_000)).astype(np.uint32)  # sorted, distinct
    values = np.concatenate([table[rng.integers(0, len(table), 5000)],
                             rng.integers(0, 2**32, 5000, dtype=np.uint64).astype(np.uint32)])  # fmt: skip
    # A binary search per value is the plain answer (np.isin takes a second on such a table).
    at = np.minimum(np.searchsorted(table, values), len(table) - 1)
    assert (member(values, table) == (table[at] == values)).all()


def test_unique_of_nothing_and_of_one_value() -> None:
    assert unique(np.zeros(0, dtype=np.uint32)).tolist() == []
    assert unique(np.array([7, 7, 7], dtype=np.uint32)).tolist() == [7]
