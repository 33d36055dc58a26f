"""People: surface forms of one person, ambiguous surnames that name nobody, mentions kept apart
from speaking, on tables and on the seed corpus."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import people as people_module
from build_tools.model import Corpus, Interview, Locator, Paragraph, Role, Turn
from build_tools.people import (
    PersonLocator,
    interview_people,
    load_people,
    people_in,
    person_locators,
    person_of_speaker,
    speakers,
)
from build_tools.rules import load_rules

# (text, exactly the persons expected, in order of first mention)
# fmt: off
MATCHES: list[tuple[str, list[str]]] = [
    ("V.V. Putin said", ["vladimir-putin"]),
    ("V.V.Putin said", ["vladimir-putin"]),
    ("V. V. Putin said", ["vladimir-putin"]),
    ("President Putin said", ["vladimir-putin"]),
    ("Vladimir Putin said", ["vladimir-putin"]),
    ("Putin’s position", ["vladimir-putin"]),
    ("President of Russia Vladimir Putin said", ["vladimir-putin"]),
    ("President of the Russian Federation Vladimir Putin said", ["vladimir-putin"]),
    ("Владимира Путина", ["vladimir-putin"]),
    ("E. Macron said", ["emmanuel-macron"]),
    ("Emmanuel Macron said", ["emmanuel-macron"]),
    ("As for Makron’s ideas", ["emmanuel-macron"]),
    ("The Macrons and Scholzes of this world", ["emmanuel-macron", "olaf-scholz"]),
    ("Antony Blinken and I met", ["antony-blinken"]),
    ("US President J. Biden", ["joe-biden"]),
    ("Joe Biden’s term", ["joe-biden"]),
    ("US President Donald Trump", ["donald-trump"]),
    ("Mr Trump understood this", ["donald-trump"]),
    ("Barack Obama and Madeleine Albright", ["barack-obama", "madeleine-albright"]),
    ("John Kerry and Condoleezza Rice", ["john-kerry", "condoleezza-rice"]),
    ("Hillary Clinton", ["hillary-clinton"]),
    ("Hilary Clinton", ["hillary-clinton"]),
    ("President Clinton", ["bill-clinton"]),
    ("Colin Powell shook a test tube", ["colin-powell"]),
    ("Marco Rubio and Michael Waltz", ["marco-rubio", "michael-waltz"]),
    ("Yevgeny Primakov, Igor Ivanov and Andrey Kozyrev", ["yevgeny-primakov", "igor-ivanov", "andrey-kozyrev"]),
    ("Starting with Primakov, our policy changed", ["yevgeny-primakov"]),
    ("Boris Yeltsin was invited to Naples", ["boris-yeltsin"]),
    ("President of Ukraine Vladimir Zelensky", ["vladimir-zelensky"]),
    ("the “formula” of V.A. Zelensky", ["vladimir-zelensky"]),
    ("Alexander Lukashenko", ["alexander-lukashenko"]),
    ("A.G. Lukashenko emphasized", ["alexander-lukashenko"]),
    ("Secretary General Antonio Guterres", ["antonio-guterres"]),
    ("UN Secretary General A. Guterres", ["antonio-guterres"]),
    ("Keir Starmer and Mette Frederiksen", ["keir-starmer", "mette-frederiksen"]),
    ("K.A. Budanov said", ["kirill-budanov"]),
    ("A.V. Bortnikov said", ["alexander-bortnikov"]),
    ("N.P. Patrushev", ["nikolai-patrushev"]),
    ("Ignazio Cassis", ["ignazio-cassis"]),
    ("I. Cassis in New York", ["ignazio-cassis"]),
    ("Charles Michel", ["charles-michel"]),
    ("President George W. Bush announced", ["george-w-bush"]),
    ("George H. W. Bush", ["george-h-w-bush"]),
    ("Bush Jr. and Bush Sr.", ["george-w-bush", "george-h-w-bush"]),
    ("blogger Alexey Navalny", ["alexey-navalny"]),
    ("Mr Lavrov, thank you", ["sergey-lavrov"]),
    ("Sergey Lavrov", ["sergey-lavrov"]),
    ("Maria Zakharova", ["maria-zakharova"]),
    ("the F.-W. Steinmeier formula", ["frank-walter-steinmeier"]),
    ("US First Deputy Secretary of State C. Campbell", ["kurt-campbell"]),
    ("Recently K.V. Yaroshenko and V.A. But were returned", ["konstantin-yaroshenko", "viktor-bout"]),
    ("Putin told Biden; Putin repeated", ["vladimir-putin", "joe-biden"]),
]

# Text that names nobody in the table (ambiguous surnames, ordinary words, role labels).
NOBODY: list[str] = [
    "Bush",
    "President Bush",
    "George Bush",
    "Ivanov",
    "Mr Ivanov",
    "Clinton",
    "a bowl of rice",
    "Rice",
    "a Viennese waltz",
    "his trump card",
    "Michel",
    "Question",
    "Moderator",
    "the modi operandi",
    "Johnson",
    "Patrushev",
    "Danilov",
    "a bout of flu",
    "Austin, Texas",
    "Sullivan",
    "Campbell",
    "Napoleonic wars",
    "President",
    "the Foreign Minister",
    "Sergey, remember my advice",
]
# fmt: on

# Named in the seed transcripts, each of whom must be found there.
NAMED_ON_SEEDS = [
    "vladimir-putin", "vladimir-zelensky", "alexander-lukashenko", "emmanuel-macron",
    "antony-blinken", "joe-biden", "donald-trump", "barack-obama", "madeleine-albright",
    "john-kerry", "condoleezza-rice", "hillary-clinton", "colin-powell", "marco-rubio",
    "michael-waltz", "yevgeny-primakov", "igor-ivanov", "andrey-kozyrev", "boris-yeltsin",
    "antonio-guterres", "keir-starmer", "mette-frederiksen", "kirill-budanov",
    "alexander-bortnikov", "nikolai-patrushev", "ignazio-cassis", "charles-michel",
    "george-w-bush", "alexey-navalny", "josep-borrell", "nikol-pashinyan", "jens-stoltenberg",
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MATCHES)
def test_people_found(text: str, expected: list[str]) -> None:
    assert people_in(text) == expected


@pytest.mark.parametrize("text", NOBODY)
def test_nobody_found(text: str) -> None:
    assert people_in(text) == []


@pytest.mark.parametrize(
    ("forms", "person"),
    [
        (["V.V. Putin", "V.V.Putin", "President Putin", "Vladimir Putin", "Putin",
          "President of Russia Vladimir Putin",
          "President of the Russian Federation Vladimir Putin"], "vladimir-putin"),
        (["E. Macron", "Emmanuel Macron", "Macron", "Makron"], "emmanuel-macron"),
        (["Vladimir Zelensky", "V.A. Zelensky", "Zelensky"], "vladimir-zelensky"),
        (["Alexander Lukashenko", "A.G. Lukashenko", "Lukashenko"], "alexander-lukashenko"),
        (["Joe Biden", "J. Biden", "Biden"], "joe-biden"),
        (["Ignazio Cassis", "I. Cassis"], "ignazio-cassis"),
    ],
)  # fmt: skip
def test_surface_forms_are_one_person(forms: list[str], person: str) -> None:
    for form in forms:
        assert people_in(f"Yesterday {form} said so.") == [person], form


def test_table_is_well_formed() -> None:
    table = load_people()
    ids = [p.id for p in table]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    for person in table:
        assert person.name in person.aliases  # a person's name is always an alias
        assert person.description


def test_every_alias_finds_its_own_person() -> None:
    for person in load_people():
        for form in (*person.aliases, *person.exact):
            assert people_in(form) == [person.id], (person.id, form)


def test_generic_labels_cannot_be_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    real = load_rules

    def fake(name: str) -> Any:
        if name == "people":
            return {"people": [{"id": "q", "name": "Question", "description": "d"}]}
        return real(name)

    monkeypatch.setattr("build_tools.topics.load_rules", fake)
    people_module.load_people.cache_clear()
    try:
        with pytest.raises(ValueError, match="not a person"):
            people_module.load_people()
    finally:
        people_module.load_people.cache_clear()


# --- mentions and speakers ------------------------------------------------------------------------


def _interview(
    base: Interview, turns: list[tuple[str, Role, list[str]]], id: str = "synthetic"
) -> Interview:
    built = []
    line = 1
    for speaker, role, texts in turns:
        paragraphs = []
        for text in texts:
            paragraphs.append(Paragraph(f"p-{line}", text, line, (line,)))
            line += 1
        built.append(Turn(speaker, role, None, line, tuple(paragraphs)))
    return replace(base, id=id, main=replace(base.main, turns=tuple(built)))


def test_speaking_is_not_mentioning(seed_corpus: Corpus) -> None:
    base = seed_corpus.interviews[0]
    quiet = _interview(base, [
        ("Question", "question", ["What do you think?"]),
        ("Sergey Lavrov", "answer", ["I think that NATO is wrong.", "Putin agrees."]),
    ], id="quiet")  # fmt: skip
    named = _interview(base, [
        ("Question", "question", ["Mr Lavrov, what do you think?"]),
        ("Sergey Lavrov", "answer", ["I think so."]),
        ("Moderator", "statement", ["Thank you."]),
    ], id="named")  # fmt: skip
    assert speakers([quiet, named]) == {"sergey-lavrov": ["quiet", "named"]}
    mentions = person_locators([quiet, named])
    assert [(x.interview_id, x.paragraph_id) for x in mentions["sergey-lavrov"]] == [
        ("named", "p-1")
    ]
    assert [x.interview_id for x in mentions["vladimir-putin"]] == ["quiet"]
    assert interview_people(quiet) == ["vladimir-putin"]
    assert interview_people(named) == ["sergey-lavrov"]


def test_speakers_are_matched_by_name_or_alias_never_by_role() -> None:
    assert person_of_speaker("Sergey Lavrov") == "sergey-lavrov"
    assert person_of_speaker("S.V. Lavrov") == "sergey-lavrov"
    assert person_of_speaker("Maria Zakharova") == "maria-zakharova"
    assert person_of_speaker("Antony Blinken") == "antony-blinken"
    for generic in ("Question", "Moderator", "Journalist", "", "Unknown Person"):
        assert person_of_speaker(generic) is None


def test_lavrov_speaks_in_every_seed_and_is_mentioned_only_where_named(
    seed_corpus: Corpus,
) -> None:
    ids = [i.id for i in seed_corpus.interviews]
    spoken = speakers(seed_corpus.interviews)
    assert spoken["sergey-lavrov"] == ids
    assert "question" not in spoken and "moderator" not in spoken
    known = {p.id for p in load_people()}
    assert set(spoken) <= known
    paragraphs = {(i.id, p.id): p.text for i in seed_corpus.interviews for p in i.main.paragraphs}
    for loc in person_locators(seed_corpus.interviews).get("sergey-lavrov", []):
        text = paragraphs[(loc.interview_id, loc.paragraph_id)]
        assert "lavrov" in text.lower() or "лавров" in text.lower()


@pytest.fixture(scope="module")
def seed_mentions(seed_corpus: Corpus) -> dict[str, list[PersonLocator]]:
    return person_locators(seed_corpus.interviews)


@pytest.mark.parametrize("person", NAMED_ON_SEEDS)
def test_people_named_in_seeds_are_found(
    seed_mentions: dict[str, list[PersonLocator]], person: str
) -> None:
    assert seed_mentions.get(person), person


def test_every_person_locator_points_at_a_naming_paragraph(
    seed_corpus: Corpus, seed_mentions: dict[str, list[PersonLocator]]
) -> None:
    paragraphs = {(i.id, p.id): p.text for i in seed_corpus.interviews for p in i.main.paragraphs}
    for person, locators in seed_mentions.items():
        keys = [(x.interview_id, x.paragraph_id) for x in locators]
        assert len(keys) == len(set(keys))
        for loc in locators:
            assert isinstance(loc, PersonLocator) and isinstance(loc, Locator)
            text = paragraphs[(loc.interview_id, loc.paragraph_id)]
            assert person in people_in(text)
            assert loc.snippet.strip("…") in " ".join(text.split())


def test_interview_people_ranks_by_paragraphs(seed_corpus: Corpus) -> None:
    for interview in seed_corpus.interviews:
        ranked = interview_people(interview)
        counts = {p: 0 for p in ranked}
        for paragraph in interview.main.paragraphs:
            for p in set(people_in(paragraph.text)):
                counts[p] += 1
        assert [counts[p] for p in ranked] == sorted(counts.values(), reverse=True)
        assert "sergey-lavrov" not in ranked
    izvestia = next(i for i in seed_corpus.interviews if "izvestia" in i.id)
    assert interview_people(izvestia)[0] == "vladimir-putin"


@given(st.text())
def test_people_in_never_raises(text: str) -> None:
    people_in(text)


FRAGMENTS = [
    "V.",
    "V.V.",
    "Putin",
    "Bush",
    "George",
    "W.",
    "H.",
    "Jr.",
    "Mr",
    "President",
    "Macron",
    "’s",
    "-",
    " ",
    ".",
    "İ",
    "Trump",
    "trump",
    "Лавров",
    "Clinton",
    "\n",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25))
def test_people_in_never_raises_on_name_like_text(parts: list[str]) -> None:
    found = people_in(" ".join(parts))
    assert len(found) == len(set(found))
