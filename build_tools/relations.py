"""Corpus-wide relations: what each interview is about, who it mentions, what to read next.

Runs after excerpt linking (``link.py``), on full interviews only. Topics and people come from
the taxonomies in ``rules/topics.yaml`` and ``rules/people.yaml``; two interviews are related
by the topics and people they share, weighted so that a shared person counts as much as a
shared topic, and the reason is kept in words for the page.
"""

from __future__ import annotations

import hashlib
import itertools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar, overload

from build_tools import features
from build_tools.cache import Store
from build_tools.model import Features, Interview, Locator, Related
from build_tools.people import PersonLocator, load_people, speakers
from build_tools.topics import load_topics

L = TypeVar("L", bound=Locator)
PlaceRows = Sequence[tuple[int, str, str]]

RELATED_MAX = 5
RARE_MIN = 50
REASON_NAMES = 3


def related(interviews: Sequence[Interview]) -> dict[str, tuple[Related, ...]]:
    """For each interview, the closest others by shared topics and people.

    Candidates come from an inverted index of the rarer topics and people (a topic found in
    most interviews says little about which two belong together), so the cost grows with the
    archive, not with its square; the score then counts everything the two share.
    """
    topic_name = {t.id: t.name for t in load_topics()}
    person_name = {p.id: p.name for p in load_people()}
    postings: dict[str, list[int]] = defaultdict(list)
    for n, i in enumerate(interviews):
        for tag in [*(f"t:{t}" for t in i.topics), *(f"p:{p}" for p in i.people)]:
            postings[tag].append(n)
    common = max(RARE_MIN, len(interviews) // 20)
    tags = [frozenset(i.topics) | frozenset(f"p:{p}" for p in i.people) for i in interviews]
    out: dict[str, tuple[Related, ...]] = {}
    for n, a in enumerate(interviews):
        candidates: set[int] = set()
        for tag in [*(f"t:{t}" for t in a.topics), *(f"p:{p}" for p in a.people)]:
            if len(postings[tag]) <= common:
                candidates.update(postings[tag])
        candidates.discard(n)
        # Scores first (topic ids and person ids never clash: people are prefixed), so that
        # the reasons are written for the few kept, not for every candidate.
        ranked = sorted(
            ((len(tags[n] & tags[m]), interviews[m].id, m) for m in candidates),
            key=lambda c: (-c[0], c[1]),
        )
        scored: list[Related] = []
        for _, _, m in ranked[:RELATED_MAX]:
            b = interviews[m]
            topics = [t for t in a.topics if t in b.topics]
            people = [p for p in a.people if p in b.people]
            reason = "; ".join(
                part
                for part in (
                    _names("shared topics", topics, topic_name),
                    _names("shared people", people, person_name),
                )
                if part
            )
            scored.append(Related(b.id, len(topics) + len(people), reason))
        out[a.id] = tuple(scored)
    return out


def _names(head: str, ids: list[str], names: dict[str, str]) -> str:
    if not ids:
        return ""
    shown = ", ".join(names.get(i, i) for i in ids[:REASON_NAMES])
    more = f" and {len(ids) - REASON_NAMES} more" if len(ids) > REASON_NAMES else ""
    return f"{head}: {shown}{more}"


class Locators(Sequence[L]):
    """One entry's locators in corpus order, each made when it is looked at.

    Joining made every locator of the archive at once (335,000 at 1,000 interviews, 0.3 s
    of every build), though a rebuild after an edit looks at few of them: the pages kept in the
    cache need only how many there are, and a page made again only the blocks it renders. Equal
    to any sequence of the same locators, a tuple included, as the tuple it replaces was."""

    __slots__ = ("_make", "_rows")

    def __init__(self, make: Callable[[str, str, str], L], rows: Sequence[tuple[str, str, str]]):
        self._make = make
        self._rows = rows  # (interview id, paragraph id, snippet) of each locator, in order

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, at: int) -> L: ...
    @overload
    def __getitem__(self, at: slice) -> Locators[L]: ...
    def __getitem__(self, at: int | slice) -> L | Locators[L]:
        if isinstance(at, slice):  # a slice is lazy too: a page block is such a slice
            return Locators(self._make, self._rows[at])
        return self._make(*self._rows[at])

    def __iter__(self) -> Iterator[L]:
        return itertools.starmap(self._make, self._rows)

    def runs(self) -> list[tuple[str, int]] | None:
        """(interview id, number of locators) of each interview in turn, when that is known
        without reading the locators (None otherwise)."""
        return self._rows.runs() if isinstance(self._rows, _Rows) else None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Locators):
            return self._make is other._make and list(self._rows) == list(other._rows)
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # equal to tuples, which hash by value

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[object, ...]:
        return (Locators, (self._make, list(self._rows)))


Member = tuple[str, Features, int, int]
"""An interview naming an entry: its id, its features, and where its places of the entry start
in its ``places`` and how many there are."""


class _Rows(Sequence[tuple[str, str, str]]):
    """Rows ``lo`` to ``hi`` of one entry's (interview id, paragraph id, snippet), in corpus
    order, read from the places of the interviews naming it: an interview's places are read
    (and unpickled, see ``model.Packed``) only when one of its rows is, while how many rows
    there are, and each interview's, is known without them."""

    __slots__ = ("_ends", "_hi", "_lo", "_members", "_places")

    def __init__(
        self, members: Sequence[Member], places: Callable[[Features], PlaceRows],
        ends: Sequence[int] | None = None, lo: int = 0, hi: int | None = None,
    ) -> None:  # fmt: skip
        self._members = members
        self._places = places
        self._ends = list(itertools.accumulate(m[3] for m in members)) if ends is None else ends
        self._lo = lo
        self._hi = (self._ends[-1] if self._ends else 0) if hi is None else hi

    def __len__(self) -> int:
        return self._hi - self._lo

    @overload
    def __getitem__(self, at: int) -> tuple[str, str, str]: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[tuple[str, str, str]]: ...
    def __getitem__(self, at: int | slice) -> tuple[str, str, str] | Sequence[tuple[str, str, str]]:
        if isinstance(at, slice):
            span = range(self._lo, self._hi)[at]
            if span.step != 1:
                return list(self)[at]
            return _Rows(self._members, self._places, self._ends, span.start, span.stop)
        return self._row(range(self._lo, self._hi)[at])  # IndexError when out of range

    def _row(self, position: int) -> tuple[str, str, str]:
        m = bisect_right(self._ends, position)
        interview_id, found, at, count = self._members[m]
        _, paragraph_id, text = self._places(found)[at + position - (self._ends[m] - count)]
        return interview_id, paragraph_id, text

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        for interview_id, found, at, _, lo, hi in self._spans():
            for _, paragraph_id, text in self._places(found)[at + lo : at + hi]:
                yield interview_id, paragraph_id, text

    def _spans(self) -> Iterator[tuple[str, Features, int, int, int, int]]:
        """Each member overlapping ``lo`` to ``hi``, with the part of its rows inside."""
        for m in range(bisect_right(self._ends, self._lo), len(self._members)):
            first = self._ends[m] - self._members[m][3]
            if first >= self._hi:
                break
            lo, hi = max(self._lo, first) - first, min(self._hi, self._ends[m]) - first
            yield (*self._members[m], lo, hi)

    def runs(self) -> list[tuple[str, int]]:
        """(interview id, number of rows) of each interview in turn."""
        return [(interview_id, hi - lo) for interview_id, _, _, _, lo, hi in self._spans()]


Counts = tuple[tuple[int, int], ...]


def _join(
    interviews: Sequence[Interview], counts: Callable[[Features], Counts],
    places: Callable[[Features], PlaceRows], ids: Sequence[str], make: Callable[[str, str, str], L],
) -> dict[str, Locators[L]]:  # fmt: skip
    """Entry id -> its locators in corpus order, from each source's places (what
    ``topics.locate`` gives, without matching again); entries in table order.

    Only the counts of places are read here: an entry's places are read from the interviews
    naming it when its locators are (a page made again), so a rebuild after an edit unpickles
    and joins the places of few interviews (they were 335,000 rows at 1,000 interviews)."""
    members: dict[int, list[Member]] = {}
    for interview in interviews:
        f = features.of(interview.main)
        at = 0
        for index, count in counts(f):  # by index: each entry's places are the next slice
            members.setdefault(index, []).append((interview.id, f, at, count))
            at += count
    return {ids[i]: Locators(make, _Rows(members[i], places)) for i in sorted(members)}


def _related_kept(interviews: Sequence[Interview], cache: Store) -> dict[str, tuple[Related, ...]]:
    """:func:`related`, kept in ``cache`` by every interview's id, topics and people (all it
    reads): an edit seldom changes what a text is about, and then nothing is ranked again
    (0.06 s at 1,000 interviews)."""
    shown = "\0".join(f"{i.id}\1{' '.join(i.topics)}\1{' '.join(i.people)}" for i in interviews)
    key = "related-" + hashlib.sha256(shown.encode()).hexdigest()
    hit = cache.get(key)
    if isinstance(hit, dict):
        return hit
    close = related(interviews)
    cache.put(key, close)
    return close


def annotate(
    interviews: Sequence[Interview], cache: Store | None = None
) -> tuple[list[Interview], dict[str, Locators[Locator]], dict[str, Locators[Locator]],
           dict[str, tuple[str, ...]]]:  # fmt: skip
    """Interviews with topics, people and related filled, plus the corpus-wide locators.

    Topics, people and the paragraphs naming them come from each source's features (matched
    once, when the file was read); here they are only joined. ``cache`` keeps the related
    interviews between builds."""
    found = [features.of(i.main) for i in interviews]
    with_tags = [
        replace(i, topics=f.topics, people=f.people) for i, f in zip(interviews, found, strict=True)
    ]
    close = related(with_tags) if cache is None else _related_kept(with_tags, cache)
    done = [replace(i, related=close[i.id]) for i in with_tags]
    topic_ids = [t.id for t in load_topics()]
    person_ids = [p.id for p in load_people()]
    topics = _join(done, lambda f: f.topic_counts, lambda f: f.topic_places, topic_ids, Locator)
    people: dict[str, Locators[Locator]] = dict(
        _join(done, lambda f: f.person_counts, lambda f: f.person_places, person_ids, PersonLocator)
    )
    # From the features: the turns of a source kept in the cache stay packed (model.Packed).
    spoke = {k: tuple(v) for k, v in speakers(done, lambda i: features.of(i.main).speakers).items()}
    return done, topics, people, spoke
