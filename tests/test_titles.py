"""Titles: kind, speaker, outlet, occasion, place and date; speaker labels."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from build_tools.rules import RULES_DIR
from build_tools.titles import (
    DEFAULT_KIND,
    TitleFacts,
    _key,
    canonical_speaker,
    parse_title,
)

FILM = "film Diplomacy as a Way of Life: I Prefer Fair Play"

# (title, kind, speaker, outlet, occasion, place, date)
Row = tuple[str, str, str | None, str | None, str | None, str | None, str | None]

# The tables are data: one row per title, kept compact on purpose.
# fmt: off

# The titles of the corpus: these must come out exactly like this.
CORPUS: list[Row] = [
    (
        "Foreign Minister Sergey Lavrov’s interview with Krasnaya Zvezda Media Holding Company "
        "for the film Diplomacy as a Way of Life: I Prefer Fair Play, March 21, 2025",
        "interview", "Sergey Lavrov", "Krasnaya Zvezda", FILM, None, "2025-03-21",
    ),
    (
        "Interview with the Minister of Foreign Affairs of Russia S.V. Lavrov, "
        "Izvestia International Research Center, Moscow, March 28, 2024",
        "interview", "Sergey Lavrov", "Izvestia International Research Center", None, "Moscow",
        "2024-03-28",
    ),
    (
        "Foreign Minister Sergey Lavrov’s remarks and answers to questions at the Territory of "
        "Meanings on the Klyazma National Education Youth Forum, Moscow Region, Solnechnogorsk, "
        "August 23, 2020",
        "remarks and answers to questions", "Sergey Lavrov", None,
        "Territory of Meanings on the Klyazma National Education Youth Forum",
        "Solnechnogorsk, Moscow Region", "2020-08-23",
    ),
    (
        "Foreign Minister Sergey Lavrov's interview with Rossiya 24, Moscow, November 1, 2021",
        "interview", "Sergey Lavrov", "Rossiya 24", None, "Moscow", "2021-11-01",
    ),
    (
        "Russia's Foreign Minister Sergey Lavrov’s interview with \"Krasnaya Zvezda\" (Red Star) "
        "Media Holding Company for the film \"Diplomacy as a Way of Life: I Prefer Fair Play\"",
        "interview", "Sergey Lavrov", "Krasnaya Zvezda", FILM, None, None,
    ),
    (
        "Russia's Foreign Minister Sergey Lavrov’s interview with “Krasnaya Zvezda” (Red Star) "
        "Media Holding Company for the film “Diplomacy as a Way of Life: I Prefer Fair Play”",
        "interview", "Sergey Lavrov", "Krasnaya Zvezda", FILM, None, None,
    ),
    (
        "🎙 Russia's Foreign Minister\nSergey Lavrov’s interview with \"Krasnaya Zvezda\" "
        "(Red Star) Media Holding Company for the film \"Diplomacy as a Way of Life: I Prefer "
        "Fair Play\" (March 21, 2025)",
        "interview", "Sergey Lavrov", "Krasnaya Zvezda", FILM, None, "2025-03-21",
    ),
]

# General shapes, with invented titles.
SHAPES: list[Row] = [
    (
        "Foreign Minister Sergey Lavrov’s remarks at a news conference following talks with "
        "Turkish Foreign Minister Hakan Fidan, Ankara, April 5, 2024",
        "news conference", "Sergey Lavrov", None,
        "talks with Turkish Foreign Minister Hakan Fidan", "Ankara", "2024-04-05",
    ),
    (
        "Foreign Minister Sergey Lavrov’s statement and answers to media questions at a joint "
        "news conference following talks with Foreign Minister of Egypt Sameh Shoukry, Moscow, "
        "21.03.2025",
        "remarks and answers to questions", "Sergey Lavrov", None,
        "joint news conference following talks with Foreign Minister of Egypt Sameh Shoukry",
        "Moscow", "2025-03-21",
    ),
    (
        "Sergey Lavrov's press conference on the results of Russian diplomacy in 2024, "
        "Moscow, January 14, 2025",
        "news conference", "Sergey Lavrov", None, None, "Moscow", "2025-01-14",
    ),
    (
        "Article by Foreign Minister Sergey Lavrov for Izvestia newspaper, 2025-03-21",
        "article", "Sergey Lavrov", "Izvestia", None, None, "2025-03-21",
    ),
    (
        "Sergey Lavrov’s interview with the BBC, London, 5 March 2024",
        "interview", "Sergey Lavrov", "BBC", None, "London", "2024-03-05",
    ),
    (
        "Интервью Министра иностранных дел России С.В.Лаврова газете «Известия», Москва, "
        "21 марта 2025 года",
        "interview", "Sergey Lavrov", "Izvestia", None, "Moscow", "2025-03-21",
    ),
    (
        "Интервью С.В.Лаврова телеканалу «Россия 24», Москва, 1 ноября 2021 г.",
        "interview", "Sergey Lavrov", "Rossiya 24", None, "Moscow", "2021-11-01",
    ),
    (
        "Интервью С.В.Лаврова информационному агентству ТАСС, Санкт-Петербург, 1 ноября 2021",
        "interview", "Sergey Lavrov", "TASS", None, "St Petersburg", "2021-11-01",
    ),
    (
        "Интервью С.В.Лаврова «Российской газете», 3 мая 2023 года",
        "interview", "Sergey Lavrov", "Rossiyskaya Gazeta", None, None, "2023-05-03",
    ),
    (
        "Выступление и ответы на вопросы С.В. Лаврова в ходе встречи со студентами МГИМО, "
        "Москва, 1 сентября 2023 года",
        "remarks and answers to questions", "Sergey Lavrov", None,
        "встречи со студентами МГИМО", "Moscow", "2023-09-01",
    ),
    (
        "Выступление С.В.Лаврова на пленарном заседании Генеральной Ассамблеи ООН, Нью-Йорк, "
        "23 сентября 2023 года",
        "remarks", "Sergey Lavrov", None, "пленарном заседании Генеральной Ассамблеи ООН",
        "New York", "2023-09-23",
    ),
    (
        "Пресс-конференция С.В.Лаврова по итогам переговоров с Министром иностранных дел "
        "Турции, Анкара, 5 апреля 2024 года",
        "news conference", "Sergey Lavrov", None,
        "переговоров с Министром иностранных дел Турции", "Ankara", "2024-04-05",
    ),
    # An outlet that is not in the table, from the shapes "with X" / "X, Place" / "for X paper".
    (
        "Interview with the Minister of Foreign Affairs of Russia S.V. Lavrov, Dagens Nyheter, "
        "Moscow, March 28, 2024",
        "interview", "Sergey Lavrov", "Dagens Nyheter", None, "Moscow", "2024-03-28",
    ),
    (
        "Foreign Minister Sergey Lavrov’s interview with Corriere della Sera, Rome, June 3, 2019",
        "interview", "Sergey Lavrov", "Corriere della Sera", None, "Rome", "2019-06-03",
    ),
    (
        "Foreign Minister Sergey Lavrov’s interview to the Hindustan Times, New Delhi, 2 May 2022",
        "interview", "Sergey Lavrov", "Hindustan Times", None, "New Delhi", "2022-05-02",
    ),
    (
        "Article by Foreign Minister Sergey Lavrov for Le Monde newspaper, Paris, 3 June 2019",
        "article", "Sergey Lavrov", "Le Monde", None, "Paris", "2019-06-03",
    ),
    (
        "Foreign Minister Sergey Lavrov’s interview given to RT, Sochi (Krasnodar Territory), "
        "12 May 2023",
        "interview", "Sergey Lavrov", "RT", None, "Sochi, Krasnodar Territory", "2023-05-12",
    ),
    # An unknown place is left out, never guessed.
    (
        "Foreign Minister Sergey Lavrov’s interview with Rossiya 24, Tskhinvali, November 1, 2021",
        "interview", "Sergey Lavrov", "Rossiya 24", None, None, "2021-11-01",
    ),
    (
        "Interview with the Minister of Foreign Affairs of Russia S.V. Lavrov, Someplace, "
        "March 28, 2024",
        "interview", "Sergey Lavrov", None, None, None, "2024-03-28",
    ),
    (
        "Foreign Minister Sergey Lavrov’s remarks at the Primakov Readings, Moscow Oblast, "
        "Unknownville, June 24, 2024",
        "remarks", "Sergey Lavrov", None, "Primakov Readings", "Moscow Region", "2024-06-24",
    ),
    # "to" + a lower-case phrase is a purpose, not an outlet.
    (
        "Foreign Minister Sergey Lavrov’s interview to mark the 80th anniversary of Victory, "
        "Moscow, May 5, 2025",
        "interview", "Sergey Lavrov", None, None, "Moscow", "2025-05-05",
    ),
    (
        "Foreign Minister Sergey Lavrov’s opening remarks at talks with Foreign Minister of Laos, "
        "Vientiane, July 26, 2024",
        "remarks", "Sergey Lavrov", None, "talks with Foreign Minister of Laos", "Vientiane",
        "2024-07-26",
    ),
    (
        "Sergey Lavrov’s interview with Rossiya 24 about the speech at the news conference",
        "interview", "Sergey Lavrov", "Rossiya 24", None, None, None,
    ),
    (
        "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, March 20, 2025",
        "briefing", "Maria Zakharova", None, None, "Moscow", "2025-03-20",
    ),
    (
        "President Vladimir Putin’s address to the Federal Assembly, Moscow, 29 February 2024",
        "speech", "Vladimir Putin", None, None, "Moscow", "2024-02-29",
    ),
    (
        "Deputy Foreign Minister Sergey Ryabkov’s interview with Kommersant daily",
        "interview", None, "Kommersant", None, None, None,
    ),
    ("A walk in the park", DEFAULT_KIND, None, None, None, None, None),
    ("", DEFAULT_KIND, None, None, None, None, None),
]

# fmt: on


@pytest.mark.parametrize("row", CORPUS + SHAPES, ids=lambda r: r[0][:60])
def test_parse_title(row: Row) -> None:
    title, kind, speaker, outlet, occasion, place, date = row
    facts = parse_title(title)
    assert facts == TitleFacts(
        title=" ".join(title.split()),
        kind=kind,
        speaker=speaker,
        outlet=outlet,
        occasion=occasion,
        place=place,
        date=date,
    )


def test_title_is_kept_as_published() -> None:
    title = "  Foreign Minister Sergey Lavrov’s   interview with Rossiya 24,\nMoscow, 1.11.2021 "
    assert parse_title(title).title == (
        "Foreign Minister Sergey Lavrov’s interview with Rossiya 24, Moscow, 1.11.2021"
    )


# (label, expected (name, role) or None)
LABELS: list[tuple[str, tuple[str, str] | None]] = [
    ("Sergey Lavrov", ("Sergey Lavrov", "answer")),
    ("Sergei Lavrov", ("Sergey Lavrov", "answer")),
    ("SERGEY LAVROV", ("Sergey Lavrov", "answer")),
    ("S.V. Lavrov", ("Sergey Lavrov", "answer")),
    ("S.V.Lavrov", ("Sergey Lavrov", "answer")),
    ("S. V. Lavrov", ("Sergey Lavrov", "answer")),
    ("S. Lavrov", ("Sergey Lavrov", "answer")),
    ("Lavrov", ("Sergey Lavrov", "answer")),
    ("Foreign Minister Sergey Lavrov", ("Sergey Lavrov", "answer")),
    ("Minister Lavrov", ("Sergey Lavrov", "answer")),
    ("С.В. Лавров", ("Sergey Lavrov", "answer")),
    ("С.В.Лавров", ("Sergey Lavrov", "answer")),
    ("Сергей Лавров", ("Sergey Lavrov", "answer")),
    ("Лавров", ("Sergey Lavrov", "answer")),
    ("  Sergey  Lavrov:", ("Sergey Lavrov", "answer")),
    ("Maria Zakharova", ("Maria Zakharova", "statement")),
    ("М.В. Захарова", ("Maria Zakharova", "statement")),
    ("V.V. Putin", ("Vladimir Putin", "statement")),
    ("В.В.Путин", ("Vladimir Putin", "statement")),
    ("Question", ("Question", "question")),
    ("Questions", ("Question", "question")),
    ("Q", ("Question", "question")),
    ("QUESTION", ("Question", "question")),
    ("Вопрос", ("Question", "question")),
    ("Journalist", ("Question", "question")),
    ("Correspondent", ("Question", "question")),
    ("Moderator", ("Moderator", "statement")),
    ("Ведущий", ("Moderator", "statement")),
    ("Ivan Ivanov", None),
    ("Note", None),
    ("", None),
    (":", None),
]


@pytest.mark.parametrize(("label", "expected"), LABELS)
def test_canonical_speaker(label: str, expected: tuple[str, str] | None) -> None:
    assert canonical_speaker(label) == expected


@given(st.text())
def test_parse_title_never_raises(text: str) -> None:
    facts = parse_title(text)
    assert facts.title == " ".join(text.split())
    assert facts.kind


# fmt: off
TITLE_WORDS = [
    "Sergey Lavrov’s", "interview", "with", "to", "for the", "at", "on", ",", "«", "»", '"', "(",
    ")", "Moscow", "Москва", "газете", "RT", "Izvestia", "newspaper", "March 21, 2025",
    "21 марта 2025 года", "remarks", "and answers to questions", "S.V. Lavrov", "Region",
    "Moscow Region", "given to", "following", "в ходе", "about", "Solnechnogorsk",
]
# fmt: on


@given(st.lists(st.sampled_from(TITLE_WORDS), max_size=25))
def test_parse_title_never_raises_on_title_like_text(words: list[str]) -> None:
    parse_title(" ".join(words))


@given(st.text())
def test_canonical_speaker_never_raises(text: str) -> None:
    canonical_speaker(text)


@pytest.mark.parametrize("table", ["speakers", "places", "outlets"])
def test_rule_tables_give_each_alias_one_owner(table: str) -> None:
    """An alias claimed by two entries would silently go to the first: the tables forbid it."""
    data = yaml.safe_load((RULES_DIR / f"{table}.yaml").read_text(encoding="utf-8"))
    entries = data["outlets"] if table == "outlets" else data
    owners: dict[str, set[str]] = {}
    for entry in entries:
        for alias in (entry["name"], *entry.get("aliases", []), *entry.get("mentions", [])):
            owners.setdefault(_key(alias), set()).add(entry["name"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
