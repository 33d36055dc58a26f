"""Find and parse calendar dates in English and Russian text.

Recognised shapes (month names are case-insensitive, from :data:`MONTHS`):

* month first: ``March 21, 2025``, ``Mar. 21 2025``, ``March 21st, 2025``;
* day first: ``21 March 2025``, ``21st of March, 2025``, ``21 марта 2025 г.``,
  ``1 ноября 2021 года`` (a Russian ``г.``/``год``/``года`` after the year is part of the date);
* numeric, day first: ``21.03.2025``, ``21/03/2025``;
* ISO: ``2025-03-21``.

A time of day may follow the year, separated by a space, a comma, ``T``, ``at``/``в``, or glued
to it as a scraped web page prints a publication stamp (``23 August 202019:37`` is 23 August
2020 at 19:37). The time is then reported and included in the match's span, so a caller can cut
the whole stamp out of a line.

Every date needs a day, a month and a four-digit year between 1900 and 2100, and must exist in
the calendar (no 31 February). Digits that continue a longer number (``1994-1996``, ``12.5``,
``2025-03-2025``, phone numbers) are never taken for a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

# Month number -> every spelling that names it. English full names and abbreviations, Russian
# genitive (``21 марта``), nominative (``март``) and common abbreviations. Extend here.
_MONTH_SPELLINGS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, ("january", "jan", "января", "январь", "янв")),
    (2, ("february", "feb", "февраля", "февраль", "фев", "февр")),
    (3, ("march", "mar", "марта", "март", "мар")),
    (4, ("april", "apr", "апреля", "апрель", "апр")),
    (5, ("may", "мая", "май")),
    (6, ("june", "jun", "июня", "июнь", "июн")),
    (7, ("july", "jul", "июля", "июль", "июл")),
    (8, ("august", "aug", "августа", "август", "авг")),
    (9, ("september", "sep", "sept", "сентября", "сентябрь", "сен", "сент")),
    (10, ("october", "oct", "октября", "октябрь", "окт")),
    (11, ("november", "nov", "ноября", "ноябрь", "ноя", "нояб")),
    (12, ("december", "dec", "декабря", "декабрь", "дек")),
)

MONTHS: Mapping[str, int] = {name: number for number, names in _MONTH_SPELLINGS for name in names}
"""Lower-case month name or abbreviation -> month number (1-12)."""

MIN_YEAR = 1900
MAX_YEAR = 2100


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text."""

    iso: str
    """The date, ``YYYY-MM-DD``."""
    start: int
    """Start of the date text in the searched string."""
    end: int
    """End of the date text (exclusive); covers a following time and a Russian ``г.``/``года``."""
    time: str | None
    """``HH:MM`` when a time of day follows or is glued to the date, else None."""


# --- patterns -----------------------------------------------------------------------------------

_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?!\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# Russian "г." / "год" / "года" after the year.
_RU_YEAR_WORD = r"(?:[ \t\u00a0]*(?:года|год|г\.?)(?![^\W\d_]))?"
# A time after the year: separated (one-digit hour allowed) or glued (two-digit hour only).
_TIME = (
    r"(?:(?:T|[ \t\u00a0]*,?[ \t\u00a0]+(?:(?:at|в)[ \t\u00a0]+)?)(?P<h1>[01]?\d|2[0-3])"
    r"|(?P<h2>[01]\d|2[0-3]))"
    r":(?P<minute>[0-5]\d)(?::[0-5]\d)?"
)
# Whatever matched must not run on into a longer number.
_END = r"(?!\d)(?![./-]\d)"


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    names = "|".join(re.escape(n) for n in sorted(MONTHS, key=len, reverse=True))
    month = rf"(?P<month>{names})(?![^\W\d_])\.?"
    month_first = (
        rf"(?<!\w){month}[ \t\u00a0]*{_DAY}{_ORDINAL},?[ \t\u00a0]+{_YEAR}"
        rf"{_RU_YEAR_WORD}(?:{_TIME})?{_END}"
    )
    day_first = (
        rf"(?<!\w)(?<!\d[.,]){_DAY}{_ORDINAL}(?:[ \t\u00a0]+of)?[ \t\u00a0]+{month},?"
        rf"[ \t\u00a0]+{_YEAR}{_RU_YEAR_WORD}(?:{_TIME})?{_END}"
    )
    numeric = (
        r"(?<![\w./-])(?<!\d,)(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[./])"
        rf"(?P<month>0?[1-9]|1[0-2])(?P=sep){_YEAR}{_RU_YEAR_WORD}(?:{_TIME})?{_END}"
    )
    iso = rf"(?<![\w./-]){_YEAR}-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)(?:{_TIME})?{_END}"
    flags = re.IGNORECASE
    return tuple(re.compile(p, flags) for p in (month_first, day_first, numeric, iso))


# --- matching -----------------------------------------------------------------------------------


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else MONTHS[text.lower()]


def _to_match(m: re.Match[str]) -> DateMatch | None:
    year = int(m.group("year"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        day = date(year, _month_number(m.group("month")), int(m.group("day")))
    except ValueError:
        return None
    hour = m.group("h1") or m.group("h2")
    time = f"{int(hour):02d}:{m.group('minute')}" if hour is not None else None
    return DateMatch(day.isoformat(), m.start(), m.end(), time)


def _candidates(text: str) -> Iterator[DateMatch]:
    for pattern in _patterns():
        for m in pattern.finditer(text):
            found = _to_match(m)
            if found is not None:
                yield found


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in ``text``, in order, without overlaps (earliest, then longest wins)."""
    chosen: list[DateMatch] = []
    for cand in sorted(_candidates(text), key=lambda d: (d.start, -d.end)):
        if not chosen or cand.start >= chosen[-1].end:
            chosen.append(cand)
    return chosen


_WRAPPING = " \t\u00a0\n()[],;."


def parse_date(text: str) -> str | None:
    """The ISO date if the whole of ``text`` is one date (and maybe a time), else None.

    Surrounding spaces, parentheses, brackets, commas and a final full stop are allowed, and
    so is a Russian ``г.``/``года`` after the year: ``(March 21, 2025)``, ``21 марта 2025 г.``.
    """
    core = text.strip(_WRAPPING)
    if not core:
        return None
    found = find_dates(core)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(core):
        return found[0].iso
    return None
