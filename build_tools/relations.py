"""Corpus-wide relations: what each interview is about, who it mentions, what to read next.

Runs after excerpt linking (``link.py``), on full interviews only. Topics and people come from
the taxonomies in ``rules/topics.yaml`` and ``rules/people.yaml``; two interviews are related
by the topics and people they share, weighted so that a shared person counts as much as a
shared topic, and the reason is kept in words for the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from build_tools.model import Interview, Locator, Related
from build_tools.people import interview_people, load_people, person_locators, speakers
from build_tools.topics import interview_topics, load_topics, topic_locators

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
    out: dict[str, tuple[Related, ...]] = {}
    for n, a in enumerate(interviews):
        candidates: set[int] = set()
        for tag in [*(f"t:{t}" for t in a.topics), *(f"p:{p}" for p in a.people)]:
            if len(postings[tag]) <= common:
                candidates.update(postings[tag])
        candidates.discard(n)
        scored: list[Related] = []
        for m in candidates:
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
        scored.sort(key=lambda r: (-r.score, r.interview_id))
        out[a.id] = tuple(scored[:RELATED_MAX])
    return out


def _names(head: str, ids: list[str], names: dict[str, str]) -> str:
    if not ids:
        return ""
    shown = ", ".join(names.get(i, i) for i in ids[:REASON_NAMES])
    more = f" and {len(ids) - REASON_NAMES} more" if len(ids) > REASON_NAMES else ""
    return f"{head}: {shown}{more}"


def annotate(
    interviews: Sequence[Interview],
) -> tuple[list[Interview], dict[str, tuple[Locator, ...]], dict[str, tuple[Locator, ...]],
           dict[str, tuple[str, ...]]]:  # fmt: skip
    """Interviews with topics, people and related filled, plus the corpus-wide locators."""
    with_tags = [
        replace(i, topics=tuple(interview_topics(i)), people=tuple(interview_people(i)))
        for i in interviews
    ]
    close = related(with_tags)
    done = [replace(i, related=close[i.id]) for i in with_tags]
    topics = {k: tuple(v) for k, v in topic_locators(done).items()}
    people: dict[str, tuple[Locator, ...]] = {k: tuple(v) for k, v in person_locators(done).items()}
    spoke = {k: tuple(v) for k, v in speakers(done).items()}
    return done, topics, people, spoke
