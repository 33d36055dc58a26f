"""How the sidebar groups interviews: by year, and by month within a year that has many.

With Material's ``navigation.prune`` a page carries only its own branch of the navigation, so
the size of every interview page depends on how many siblings that branch lists. Listing a
whole year was fine for a few dozen texts a year, but an archive of thousands gives a year
hundreds of entries, repeated on every page of that year (DESIGN.md: ~420 KB of navigation a
page at 1,000 without pruning). Splitting a large year into months keeps a branch short however
large the archive grows: one speaker gives at most a few interviews a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.model import Interview

# A year with more interviews than this is split into months; a smaller year lists its
# interviews directly (the seed archive's years, so its navigation stays as it was).
YEAR_LIMIT = 40

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
UNDATED = "undated"


@dataclass(frozen=True)
class NavGroup:
    """One section of the interviews' navigation: a year or a month of a year."""

    title: str
    """What the sidebar shows: ``2021``, ``March``, ``undated`` or ``Month unknown``."""
    items: tuple[NavGroup | str, ...]
    """Sub-sections, or interview ids, newest first."""


def by_date(interviews: Sequence[Interview], year_limit: int = YEAR_LIMIT) -> list[NavGroup]:
    """Years newest first; a year of more than ``year_limit`` interviews split into months.

    ``interviews`` are in the corpus's order (by date, oldest first), reversed here.
    """
    years: dict[str, list[Interview]] = {}
    for interview in reversed(interviews):
        years.setdefault(_date(interview)[:4] or UNDATED, []).append(interview)
    groups = []
    for year, members in years.items():
        if len(members) <= year_limit or year == UNDATED:
            groups.append(NavGroup(year, tuple(i.id for i in members)))
            continue
        months: dict[str, list[str]] = {}
        for interview in members:
            months.setdefault(_month(interview), []).append(interview.id)
        groups.append(NavGroup(year, tuple(NavGroup(m, tuple(ids)) for m, ids in months.items())))
    return groups


def _date(interview: Interview) -> str:
    return interview.main.metadata.date or ""


def _month(interview: Interview) -> str:
    month = _date(interview)[5:7]
    return MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else "Month unknown"
