"""``build_tools/arrays.py``: the set operations the comparison stages use instead of numpy's
give numpy's answers, for any values (empty arrays, repeats, the extremes of the type, and
tables large enough to take the wider flag table), and its sort in two halves sorts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import arrays
from build_tools.arrays import member, sort, unique

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


def _threads_started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A machine with a spare core, and a list that notes each job given to another thread."""
    threads: list[str] = []
    real = arrays.ThreadPoolExecutor

    class Spy(real):  # type: ignore[misc,valid-type]
        def submit(self, *args: object, **kwargs: object) -> object:
            threads.append("submitted")
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(arrays, "ThreadPoolExecutor", Spy)
    monkeypatch.setattr(arrays, "spare_core", lambda: True)
    return threads


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=_values(np.uint32), table=_values(np.uint32))
def test_member_in_two_halves_is_numpys_isin(
    values: np.ndarray, table: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any size in two halves (the threshold lowered): each half lands in its own place.
    monkeypatch.setattr(arrays, "MEMBER_IN_TWO_MIN", 1)
    monkeypatch.setattr(arrays, "spare_core", lambda: True)
    table = np.unique(table)
    assert member(values, table).tolist() == np.isin(values, table).tolist()


def test_member_of_millions_uses_a_second_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads = _threads_started(monkeypatch)
    values = np.arange(arrays.MEMBER_IN_TWO_MIN + 3, dtype=np.uint32)
    table = np.array([0, 5, arrays.MEMBER_IN_TWO_MIN + 2], dtype=np.uint32)
    assert np.flatnonzero(member(values, table)).tolist() == table.tolist()
    assert threads == ["submitted"]


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


@pytest.mark.parametrize("dtype", DTYPES)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sort_in_two_halves_is_numpys_sort(
    dtype: type, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any size in two halves (the threshold lowered), on a machine with a spare core or not.
    monkeypatch.setattr(arrays, "SORT_IN_TWO_MIN", 2)
    monkeypatch.setattr(arrays, "spare_core", lambda: True)
    values = data.draw(_values(dtype))
    expected = np.sort(values)
    sort(values)
    assert values.dtype == expected.dtype
    assert values.tolist() == expected.tolist()


def test_sort_of_millions_uses_a_second_thread_and_sorts(monkeypatch: pytest.MonkeyPatch) -> None:
    # At the real threshold, with a spare core: the upper half is sorted by another thread.
    threads = _threads_started(monkeypatch)
    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**64, arrays.SORT_IN_TWO_MIN + 3, dtype=np.uint64)
    expected = np.sort(values)
    sort(values)
    assert threads == ["submitted"]
    assert (values == expected).all()


def test_sort_without_a_spare_core_stays_in_this_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrays, "spare_core", lambda: False)
    monkeypatch.setattr(arrays, "ThreadPoolExecutor", None)  # would fail if used
    values = np.arange(arrays.SORT_IN_TWO_MIN + 5, dtype=np.int64)[::-1].copy()
    sort(values)
    assert (values == np.arange(arrays.SORT_IN_TWO_MIN + 5)).all()
