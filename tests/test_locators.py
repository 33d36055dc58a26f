"""``relations.Locators``: an entry's locators made when looked at, and equal to the tuple of
them that the corpus held before, however they are looked at."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from build_tools.model import Corpus, Locator
from build_tools.people import PersonLocator
from build_tools.relations import Locators, _Rows

ROWS = [("a", "p-1", "one"), ("a", "p-2", "two"), ("b", "p-1", "three"), ("c", "p-9", "four")]


def test_locators_behave_as_the_tuple_of_them() -> None:
    lazy = Locators(Locator, ROWS)
    whole = tuple(Locator(*row) for row in ROWS)
    assert lazy == whole and whole == lazy and list(lazy) == list(whole)
    assert len(lazy) == 4 and lazy[0] == whole[0] and lazy[-1] == whole[-1]
    for at in [slice(1, 3), slice(None, 2), slice(2, None), slice(None, None, -1), slice(5, 9)]:
        assert lazy[at] == whole[at] and len(lazy[at]) == len(whole[at])
    assert lazy[1:3][1] == whole[2]
    assert repr(lazy) == repr(whole)
    assert lazy.index(whole[2]) == 2 and whole[3] in lazy
    assert lazy != whole[:3] and lazy != Locators(PersonLocator, ROWS)
    assert Locators(Locator, list(ROWS)) == lazy
    again = pickle.loads(pickle.dumps(lazy))  # noqa: S301 (made just above)
    assert again == lazy and type(again[0]) is Locator


def test_the_corpus_locators_are_those_of_the_interviews(seed_corpus: Corpus) -> None:
    """Every locator names an interview of the corpus and a paragraph of it, in corpus order."""
    order = {i.id: n for n, i in enumerate(seed_corpus.interviews)}
    paragraphs = {i.id: {p.id for p in i.main.paragraphs} for i in seed_corpus.interviews}
    for found in [*seed_corpus.topic_locators.values(), *seed_corpus.person_locators.values()]:
        assert isinstance(found, Locators) and len(found) == len(tuple(found))
        places = [order[loc.interview_id] for loc in found]
        assert places == sorted(places)
        assert all(loc.paragraph_id in paragraphs[loc.interview_id] for loc in found)


def test_rows_read_from_places_are_the_rows_and_read_only_what_is_asked() -> None:
    """``relations._Rows`` (an entry's rows, joined from each interview's places, sorted by
    entry): equal to the list of rows however sliced or indexed, and an interview's places
    are read only when one of its rows is."""
    places = {  # interview -> its places: (entry, paragraph id, snippet), by entry
        "a": ((0, "p-1", "a0"), (1, "p-1", "one"), (1, "p-2", "two")),
        "b": ((1, "p-1", "three"),),
        "c": ((0, "p-3", "c0"), (1, "p-9", "four"), (1, "p-10", "five"), (2, "p-1", "c2")),
    }
    members: list[Any] = [("a", "a", 1, 2), ("b", "b", 0, 1), ("c", "c", 1, 2)]  # entry 1
    read: list[str] = []

    def of(name: Any) -> tuple[tuple[int, str, str], ...]:
        read.append(name)
        return places[name]

    expected = [*ROWS, ("c", "p-10", "five")]
    rows = _Rows(members, of)
    assert len(rows) == 5 and not read
    assert rows.runs() == [("a", 2), ("b", 1), ("c", 2)] and not read
    assert rows[2] == expected[2] and read == ["b"]
    assert list(rows) == expected
    for at in [slice(1, 3), slice(None, 2), slice(2, None), slice(None, None, -1), slice(5, 9),
               slice(1, -1), slice(0, 5, 2), slice(-2, None)]:  # fmt: skip
        assert list(rows[at]) == expected[at] and len(rows[at]) == len(expected[at])
    part = rows[1:4]
    assert part.runs() == [("a", 1), ("b", 1), ("c", 1)]  # type: ignore[attr-defined]
    assert list(part[1:]) == expected[2:4] and part[-1] == expected[3] and part[0] == expected[1]
    with pytest.raises(IndexError):
        rows[5]
    read.clear()
    lazy = Locators(Locator, rows)
    assert lazy.runs() == [("a", 2), ("b", 1), ("c", 2)] and lazy[3:5].runs() == [("c", 2)]
    assert list(lazy[3:5]) == [Locator(*r) for r in expected[3:5]] and read == ["c"]
    assert lazy == tuple(Locator(*r) for r in expected)
    assert Locators(Locator, ROWS).runs() is None
