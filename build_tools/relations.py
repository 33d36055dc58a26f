"""Corpus-wide relations: what each interview is about, who it mentions, what to read next.

Runs after excerpt linking (``link.py``), on full interviews only. Topics and people come from
the taxonomies in ``rules/topics.yaml`` and ``rules/people.yaml``; two interviews are related
by the topics and people they share, weighted so that a shared person counts as much as a
shared topic, and the reason is kept in words for the page.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar, overload

from build_tools import features
from build_tools.model import Features, Interview, Locator, Related
from build_tools.people import PersonLocator, load_people, speakers
from build_tools.topics import load_topics

L = TypeVar("L", bound=Locator)
Places = tuple[tuple[int, str, str], ...]

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

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Locators):
            return self._make is other._make and list(self._rows) == list(other._rows)
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # equal to tuples, which hash by value

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[object, ...]:
        return (Locators, (self._make, list(self._rows)))


def _join(
    interviews: Sequence[Interview], places: Callable[[Features], Places], ids: Sequence[str],
    make: Callable[[str, str, str], L],
) -> dict[str, Locators[L]]:  # fmt: skip
    """Entry id -> its locators in corpus order, from each source's places (what
    ``topics.locate`` gives, without matching again); entries in table order."""
    found: dict[int, list[tuple[str, str, str]]] = {}
    for interview in interviews:
        for index, paragraph_id, text in places(features.of(interview.main)):
            found.setdefault(index, []).append((interview.id, paragraph_id, text))
    return {ids[i]: Locators(make, found[i]) for i in sorted(found)}


def annotate(
    interviews: Sequence[Interview],
) -> tuple[list[Interview], dict[str, Locators[Locator]], dict[str, Locators[Locator]],
           dict[str, tuple[str, ...]]]:  # fmt: skip
    """Interviews with topics, people and related filled, plus the corpus-wide locators.

    Topics, people and the paragraphs naming them come from each source's features (matched
    once, when the file was read); here they are only joined."""
    found = [features.of(i.main) for i in interviews]
    with_tags = [
        replace(i, topics=f.topics, people=f.people) for i, f in zip(interviews, found, strict=True)
    ]
    close = related(with_tags)
    done = [replace(i, related=close[i.id]) for i in with_tags]
    topic_ids = [t.id for t in load_topics()]
    person_ids = [p.id for p in load_people()]
    topics = _join(done, lambda f: f.topic_places, topic_ids, Locator)
    people: dict[str, Locators[Locator]] = dict(
        _join(done, lambda f: f.person_places, person_ids, PersonLocator)
    )
    spoke = {k: tuple(v) for k, v in speakers(done).items()}
    return done, topics, people, spoke
