"""``relations.Locators``: an entry's locators made when looked at, and equal to the tuple of
them that the corpus held before, however they are looked at."""

from __future__ import annotations

import pickle

from build_tools.model import Corpus, Locator
from build_tools.people import PersonLocator
from build_tools.relations import Locators

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
