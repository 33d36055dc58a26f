"""The sidebar's grouping of interviews (build_tools/navigation.py): years, months in large years."""

from __future__ import annotations

from dataclasses import replace

import pytest

from build_tools.model import Corpus, Interview
from build_tools.navigation import MONTHS, NavGroup, by_date


def _dated(interview: Interview, date: str | None, n: int) -> Interview:
    meta = replace(interview.main.metadata, date=date)
    return replace(interview, id=f"{interview.id}-{n}", main=replace(interview.main, metadata=meta))


def _ids(groups: tuple[NavGroup | str, ...] | list[NavGroup]) -> list[str]:
    out: list[str] = []
    for item in groups:
        out += _ids(item.items) if isinstance(item, NavGroup) else [item]
    return out


def test_small_years_list_their_interviews_newest_first(seed_corpus: Corpus) -> None:
    groups = by_date(seed_corpus.interviews)
    assert [g.title for g in groups] == ["2025", "2024", "2021", "2020"]
    assert all(isinstance(i, str) for g in groups for i in g.items)
    assert _ids(groups) == [i.id for i in reversed(seed_corpus.interviews)]


def _year(seed: Interview, dates: list[str | None]) -> list[Interview]:
    return [_dated(seed, d, n) for n, d in enumerate(dates)]


@pytest.mark.parametrize("limit", [3, 5])
def test_a_large_year_is_split_into_months(seed_corpus: Corpus, limit: int) -> None:
    seed = seed_corpus.interviews[0]
    dates: list[str | None] = ["2021-01-05", "2021-01-20", "2021-03-02", "2021-11-30", "2021-12"]
    corpus = [*_year(seed, dates), _dated(seed, "2022-02-01", 9)]
    groups = by_date(corpus, year_limit=limit)
    year_2021 = next(g for g in groups if g.title == "2021")
    if len(dates) <= limit:
        assert all(isinstance(i, str) for i in year_2021.items)
    else:
        months = [m.title for m in year_2021.items if isinstance(m, NavGroup)]
        assert months == ["December", "November", "March", "January"]
        january = next(
            m for m in year_2021.items if isinstance(m, NavGroup) and m.title == "January"
        )
        assert january.items == (f"{seed.id}-1", f"{seed.id}-0")
    # Nothing lost or repeated, whatever the grouping.
    assert sorted(_ids(groups)) == sorted(i.id for i in corpus)


def test_bad_or_missing_months_and_undated_texts(seed_corpus: Corpus) -> None:
    seed = seed_corpus.interviews[0]
    corpus = _year(seed, ["2020", "2020-13-01", "2020-02-10", None, None])
    groups = by_date(corpus, year_limit=1)
    assert [g.title for g in groups] == ["undated", "2020"]
    undated, year = groups
    assert undated.items == (f"{seed.id}-4", f"{seed.id}-3")  # never split: no month to split by
    assert [m.title for m in year.items if isinstance(m, NavGroup)] == [
        "February",
        "Month unknown",
    ]
    assert MONTHS[1] == "February"
