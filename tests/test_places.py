"""``places.Places``: a source's (entry index, paragraph id, snippet) rows kept in a few arrays,
and equal to the tuple of rows the features held before, however they are read."""

from __future__ import annotations

import pickle
import tracemalloc
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import features
from build_tools.model import Corpus
from build_tools.places import Places

ROWS = [
    (0, "p-1", "…the UN Charter, as written…"),
    (0, "p-4", "plain ASCII words"),
    (3, "p-1", ""),  # an empty snippet is still a row
    (7, "p-12", "Лавров: «многополярность» — 𝄞 and ’quotes’"),
]

rows = st.lists(
    st.tuples(st.integers(0, 2**32 - 1), st.text(min_size=1, max_size=8), st.text(max_size=40))
)


def test_places_behave_as_the_tuple_of_their_rows() -> None:
    compact, whole = Places(ROWS), tuple(ROWS)
    assert compact == whole and whole == compact and list(compact) == list(whole)
    assert len(compact) == 4 and compact[0] == whole[0] and compact[-1] == whole[-1]
    for at in [slice(1, 3), slice(None, 2), slice(2, None), slice(None, None, -1), slice(5, 9)]:
        assert compact[at] == whole[at]
    with pytest.raises(IndexError):
        compact[4]
    assert compact.index(whole[2]) == 2 and whole[3] in compact
    assert list(compact.indexes()) == [0, 0, 3, 7]
    assert compact != whole[:3] and compact != Places(ROWS[:3]) and Places(ROWS) == compact
    assert hash(compact) == hash(whole)
    assert Places() == () and len(Places()) == 0 and list(Places()) == []


@given(rows)
def test_any_rows_come_back_as_they_went_in_and_through_pickle(found: list) -> None:
    compact = Places(found)
    assert list(compact) == found
    again = pickle.loads(pickle.dumps(compact))  # noqa: S301 (made just above)
    assert again == compact and list(again) == found and type(again) is Places


def test_rows_take_about_the_room_of_their_text() -> None:
    """What the arrays save: 10,000 rows of 230-character snippets with an ellipsis (stored
    two bytes to a character as Python strings) held 3.8 times their UTF-8 size as tuples.
    Here they hold less than their text: it stays compressed until a row is read."""
    found = [(n % 40, f"p-{n % 90}", "…" + f"word{n} " * 25 + "…") for n in range(10_000)]
    text = sum(len(snippet.encode()) for _, _, snippet in found)
    tracemalloc.start()
    try:
        compact = pickle.loads(pickle.dumps(Places(found)))  # noqa: S301 (made just above)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(compact) == 10_000
    assert held < text * 0.5, (held, text)  # compressed until a row is read
    assert list(compact) == found


def test_the_corpus_keeps_its_places_compact(seed_corpus: Corpus) -> None:
    for interview in seed_corpus.interviews:
        f = features.of(interview.main)
        for found, counts in [(f.topic_places, f.topic_counts), (f.person_places, f.person_counts)]:
            assert isinstance(found, Places)
            assert counts == tuple(sorted(Counter(index for index, _, _ in found).items()))
