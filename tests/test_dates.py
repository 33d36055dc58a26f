"""Dates in English and Russian: what is a date, what merely looks like one."""

from __future__ import annotations

import datetime
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.dates import DateMatch, find_dates, parse_date

# (whole text, ISO date): every shape parse_date must accept.
WHOLE_DATES = [
    ("March 21, 2025", "2025-03-21"),
    ("Mar. 21, 2025", "2025-03-21"),
    ("Mar 21 2025", "2025-03-21"),
    ("Sept. 1, 2020", "2020-09-01"),
    ("MARCH 21, 2025", "2025-03-21"),
    ("march 21, 2025", "2025-03-21"),
    ("March 21st, 2025", "2025-03-21"),
    ("November 1, 2021", "2021-11-01"),
    ("21 March 2025", "2025-03-21"),
    ("23 August 2020", "2020-08-23"),
    ("5 March 2024", "2024-03-05"),
    ("21 March, 2025", "2025-03-21"),
    ("21st of March 2025", "2025-03-21"),
    ("2nd of May, 2019", "2019-05-02"),
    ("21.03.2025", "2025-03-21"),
    ("1.3.2025", "2025-03-01"),
    ("21/03/2025", "2025-03-21"),
    ("2025-03-21", "2025-03-21"),
    ("21 марта 2025", "2025-03-21"),
    ("21 марта 2025 г.", "2025-03-21"),
    ("21 марта 2025г.", "2025-03-21"),
    ("21 марта 2025 года", "2025-03-21"),
    ("1 ноября 2021 года", "2021-11-01"),
    ("1 НОЯБРЯ 2021 ГОДА", "2021-11-01"),
    ("3 сентября 2019", "2019-09-03"),
    ("(March 21, 2025)", "2025-03-21"),
    ("  March 21, 2025, ", "2025-03-21"),
    ("[21.03.2025]", "2025-03-21"),
    ("March 21, 2025.", "2025-03-21"),
    ("29 February 2024", "2024-02-29"),
    ("1 January 1900", "1900-01-01"),
    ("31 December 2100", "2100-12-31"),
    ("23 August 202019:37", "2020-08-23"),
    ("21.03.2025 14:05", "2025-03-21"),
]

# Text that is not one date: no match from parse_date.
NOT_DATES = [
    "",
    "   ",
    "1994-1996",
    "12.5 billion",
    "12.5",
    "31 February 2024",
    "29 February 2023",
    "29.02.2023",
    "31.04.2025",
    "March 2025",
    "март 2025",
    "в марте 2025 года",
    "the 2000s",
    "2025",
    "21 March",
    "March 21",
    "1 January 1899",
    "1 January 2101",
    "32 March 2025",
    "21.13.2025",
    "2025-13-01",
    "2025-03-2025",
    "21.03.20251",
    "121.03.2025",
    "+7 (495) 244-16-06",
    "8-800-2025-12-31",
    "495 2024 03 21",
    "Remarch 21, 2025",
    "March 21, 2025 and April 1, 2025",
    "Moscow, March 21, 2025",
]


@pytest.mark.parametrize(("text", "iso"), WHOLE_DATES)
def test_parse_date_accepts(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


# (text, [(iso, matched text, time)]): dates found inside longer text.
FOUND = [
    (
        "Foreign Minister Sergey Lavrov's interview with Rossiya 24, Moscow, November 1, 2021",
        [("2021-11-01", "November 1, 2021", None)],
    ),
    ("23 August 202019:37", [("2020-08-23", "23 August 202019:37", "19:37")]),
    ("23 August 2020 19:37", [("2020-08-23", "23 August 2020 19:37", "19:37")]),
    ("21.03.2025 14:05", [("2025-03-21", "21.03.2025 14:05", "14:05")]),
    ("2025-03-21T09:30 UTC", [("2025-03-21", "2025-03-21T09:30", "09:30")]),
    ("May 5, 2025 at 9:30 local time", [("2025-05-05", "May 5, 2025 at 9:30", "09:30")]),
    ("21 марта 2025 г. в 14:05", [("2025-03-21", "21 марта 2025 г. в 14:05", "14:05")]),
    ("(March 21, 2025)Read in full", [("2025-03-21", "March 21, 2025", None)]),
    (
        "Интервью газете «Известия», Москва, 21 марта 2025 года",
        [("2025-03-21", "21 марта 2025 года", None)],
    ),
    (
        "Talks on 1 May 2019 and on 2019-06-02, then 03/07/2019.",
        [
            ("2019-05-01", "1 May 2019", None),
            ("2019-06-02", "2019-06-02", None),
            ("2019-07-03", "03/07/2019", None),
        ],
    ),
    ("In 1996, I was Permanent Representative; I'm talking about 1994-1996.", []),
    ("Even in the 2000s, 12.5 billion, call +7 495 244-16-06.", []),
    ("It was 3 am in Moscow on 21 March.", []),
    ("On 31 February 2024 nothing happened.", []),
    ("Dates in March 2025 and март 2025 have no day.", []),
    ("The score was 21 March 2025 2 to 1", [("2025-03-21", "21 March 2025", None)]),
    ("21 March 2025 19:37:05", [("2025-03-21", "21 March 2025 19:37:05", "19:37")]),
    ("21 March 2025 25:61", [("2025-03-21", "21 March 2025", None)]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_dates(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = find_dates(text)
    assert [(d.iso, text[d.start : d.end], d.time) for d in found] == expected


def test_date_match_is_frozen_value() -> None:
    assert find_dates("21.03.2025") == [DateMatch("2025-03-21", 0, 10, None)]


@given(st.text())
def test_never_raises_and_matches_are_ordered(text: str) -> None:
    found = find_dates(text)
    for d in found:
        assert 0 <= d.start < d.end <= len(text)
        assert len(d.iso) == 10
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    parse_date(text)


@given(st.dates(), st.sampled_from(["{d} {B} {Y}", "{B} {d}, {Y}", "{dd}.{mm}.{Y}", "{iso}"]))
def test_round_trip(day: datetime.date, shape: str) -> None:
    text = shape.format(
        d=day.day,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
        B=day.strftime("%B"),
        Y=f"{day.year:04d}",
        iso=day.isoformat(),
    )
    expected = day.isoformat() if 1900 <= day.year <= 2100 else None
    assert parse_date(text) == expected
