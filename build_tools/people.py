"""People: who is named in which paragraph, and who speaks in which interview.

Why: a reader wants every place where the minister talks about Blinken, Macron or Guterres, and
the same person appears as "Vladimir Putin", "V.V. Putin", "V.V.Putin", "President Putin" or
"President of the Russian Federation Vladimir Putin" depending on year and translator. The
canonical persons and their surface forms are data (``rules/people.yaml``); matching, snippets
and locators come from :mod:`build_tools.topics`, so topic and person pages behave alike.

Two relations are kept apart on purpose:

* **mentions** (:func:`person_locators`, :func:`people_in`, :func:`interview_people`): the
  person is named in a paragraph's text. Sergey Lavrov answering a question does not mention
  Sergey Lavrov; a question beginning "Mr Lavrov, ..." does.
* **speaking** (:func:`speakers`): the person's name is a turn's speaker (read from the turn
  labels through ``rules/speakers.yaml``). "Question" and other generic labels are nobody.

A surname alone is an alias only when unambiguous ("Putin", not "Bush" or "Ivanov"), so a
person page never collects someone else's paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from build_tools.model import Interview, Locator
from build_tools.rules import load_rules
from build_tools.topics import (
    Entry,
    Matcher,
    Tally,
    compile_matcher,
    load_entries,
    locate,
    phrase_key,
    tally,
)


@dataclass(frozen=True)
class Person(Entry):
    """A person of ``rules/people.yaml``; fields as in :class:`~build_tools.topics.Entry`, the
    name being one of the aliases."""


@dataclass(frozen=True)
class PersonLocator(Locator):
    """A paragraph naming a person; fields as in :class:`~build_tools.model.Locator`."""


@cache
def _generic_speakers() -> frozenset[str]:
    """Keys of speaker labels that stand for a role, not a person (``Question``, ``Moderator``)."""
    keys: set[str] = set()
    for entry in load_rules("speakers") or []:
        if isinstance(entry, dict) and entry.get("generic"):
            for label in (entry.get("name"), *(entry.get("aliases") or [])):
                if isinstance(label, str):
                    keys.add(phrase_key(label))
    return frozenset(keys)


@cache
def load_people() -> tuple[Person, ...]:
    """The persons of ``rules/people.yaml``, in its order (checked, loaded once).

    Raises ValueError when a person's alias is a generic speaker label such as ``Question``."""
    people = load_entries("people", Person, name_is_alias=True)
    for person in people:
        clash = {phrase_key(a) for a in person.aliases + person.exact} & _generic_speakers()
        if clash:
            raise ValueError(f"rules/people.yaml: {person.id}: {sorted(clash)} is not a person")
    return people


@cache
def person_matcher() -> Matcher:
    """The people table compiled once per process."""
    return compile_matcher(load_people())


@cache
def _by_name() -> Mapping[str, str]:
    """Key of every name and alias -> person id, to recognise speakers."""
    table: dict[str, str] = {}
    for person in load_people():
        for form in (person.name, *person.aliases, *person.exact):
            table.setdefault(phrase_key(form), person.id)
    return table


def people_in(text: str) -> list[str]:
    """Ids of the persons named in one paragraph's text, in order of first mention."""
    matcher = person_matcher()
    seen: dict[str, None] = {}
    for hit in matcher.hits(text):
        seen.setdefault(matcher.entries[hit.index].id, None)
    return list(seen)


def person_locators(interviews: Sequence[Interview]) -> dict[str, list[PersonLocator]]:
    """Person id -> the paragraphs naming that person (mentions only, never speaking turns as
    such), in corpus order; persons in table order, those never named absent."""
    return locate(interviews, person_matcher(), PersonLocator)


@cache  # a few distinct labels, said on every turn
def person_of_speaker(speaker: str) -> str | None:
    """Id of the person a turn's speaker name stands for, None for unknown or generic labels."""
    key = phrase_key(speaker)
    if not key or key in _generic_speakers():
        return None
    return _by_name().get(key)


def speakers(
    interviews: Sequence[Interview], of: Callable[[Interview], Iterable[str]] | None = None
) -> dict[str, list[str]]:
    """Person id -> ids of the interviews where that person speaks (is a turn's speaker), in
    corpus order; persons in table order. Unnamed questioners are nobody. ``of``: an
    interview's speakers, each once in order of first turn, when known without its turns
    (``Features.speakers``)."""
    found: dict[str, list[str]] = {}
    for interview in interviews:
        # Each interview's distinct speakers once (not a search of a growing list per turn:
        # 0.13 s at 1,000 interviews); an interview is added to each person's list only here.
        if of is not None:
            names = of(interview)
        else:
            names = dict.fromkeys(turn.speaker for turn in interview.main.turns)
        for speaker in names:
            person = person_of_speaker(speaker)
            if person is not None:
                ids = found.setdefault(person, [])
                if not ids or ids[-1] != interview.id:
                    ids.append(interview.id)
    order = {p.id: n for n, p in enumerate(load_people())}
    return {p: found[p] for p in sorted(found, key=order.__getitem__)}


def interview_people(interview: Interview) -> list[str]:
    """Persons named in the interview, most paragraphs first, then by first mention."""
    return ranked_people(tally(interview, person_matcher()))


def ranked_people(t: Tally) -> list[str]:
    """:func:`interview_people` from an interview's tally of the people table."""
    entries = person_matcher().entries
    ranked = sorted(t.paragraphs, key=lambda i: (-t.paragraphs[i], t.first[i]))
    return [entries[i].id for i in ranked]


def speaker_words(interviews: Sequence[Interview]) -> frozenset[str]:
    """Lower-case words of every speaker name, in ``interviews`` and in ``rules/speakers.yaml``
    (``sergey``, ``lavrov``, ``question``...): never worth suggesting as a new name."""
    names: set[str] = {t.speaker for i in interviews for t in i.main.turns}
    for entry in load_rules("speakers") or []:
        if isinstance(entry, dict):
            for label in (entry.get("name"), *(entry.get("aliases") or [])):
                if isinstance(label, str):
                    names.add(label)
    return frozenset(w for name in names for w in phrase_key(name).replace(".", " ").split())
