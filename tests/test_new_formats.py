"""Transcripts in shapes the seeds do not have parse with no code change.

Every text here was written for the tests; none is a seed. They use the label and date shapes
that real ministry transcripts use (issue 2, items 7 and 8).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.accounting import lost_words
from build_tools.pipeline import build_corpus

WriteSources = Callable[[dict[str, str | bytes]], Path]

NEWS_CONFERENCE = """\
Foreign Minister Sergey Lavrov’s remarks at a news conference following talks with Foreign Minister of Turkey, Ankara, 21.03.2025

Sergey Lavrov (speaks after the talks): Ladies and gentlemen, we have held productive talks.

We discussed the situation in the region.

QUESTION (retranslated from English): What did you agree on?

SERGEY LAVROV: We agreed to meet again.

Question:
A second question, on a separate line after the label.

S. Lavrov:
An answer, also on its own line.
"""

RUSSIAN = """\
Интервью Министра иностранных дел России С.В.Лаврова газете «Известия», Москва, 21 марта 2025 года

Вопрос: Как вы оцениваете ситуацию?

С.В. Лавров: Ситуация сложная, но мы работаем.

Вопрос: Что дальше?

С.В.Лавров: Переговоры продолжатся.
"""

ISO_DATE = """\
Sergey Lavrov’s interview with the BBC, London, 2025-03-21

Question: One?

Sergey Lavrov: Yes.
"""

DAY_FIRST = """\
Article by Foreign Minister Sergey Lavrov for Kommersant newspaper, 5 March 2024

The world is changing. This is the text of an article, with no labels at all.

It has two paragraphs.
"""


def _one(folder: Path):  # type: ignore[no-untyped-def]
    corpus = build_corpus(folder)
    assert len(corpus.interviews) == 1, corpus.diagnostics
    interview = corpus.interviews[0]
    assert lost_words(interview.main) == {}
    return interview.main, corpus


def test_news_conference_with_label_variants(write_sources: WriteSources) -> None:
    main, corpus = _one(write_sources({"a.txt": NEWS_CONFERENCE}))
    meta = main.metadata
    assert meta.kind == "news conference"
    assert meta.date == "2025-03-21"
    assert meta.place == "Ankara"
    turns = main.turns
    assert [(t.speaker, t.role) for t in turns] == [
        ("Sergey Lavrov", "statement"),
        ("Question", "question"),
        ("Sergey Lavrov", "answer"),
        ("Question", "question"),
        ("Sergey Lavrov", "answer"),
    ]
    assert turns[0].note == "speaks after the talks"
    assert len(turns[0].paragraphs) == 2
    assert turns[1].note == "retranslated from English"
    assert turns[1].label == "QUESTION"
    assert turns[3].paragraphs[0].text == "A second question, on a separate line after the label."
    assert turns[4].label == "S. Lavrov"
    assert not [d for d in corpus.diagnostics if d.level == "error"]


def test_russian_labels_and_dates(write_sources: WriteSources) -> None:
    main, _ = _one(write_sources({"ru.txt": RUSSIAN}))
    meta = main.metadata
    assert meta.kind == "interview"
    assert meta.date == "2025-03-21"
    assert meta.place == "Moscow"
    assert meta.speaker == "Sergey Lavrov"
    assert Counter(t.role for t in main.turns) == {"question": 2, "answer": 2}
    assert {t.speaker for t in main.turns} == {"Question", "Sergey Lavrov"}


@pytest.mark.parametrize(
    ("text", "date", "kind", "outlet"),
    [
        (ISO_DATE, "2025-03-21", "interview", "BBC"),
        (DAY_FIRST, "2024-03-05", "article", "Kommersant"),
    ],
)
def test_date_shapes_and_kinds(
    write_sources: WriteSources, text: str, date: str, kind: str, outlet: str
) -> None:
    main, _ = _one(write_sources({"x.txt": text}))
    assert main.metadata.date == date
    assert main.metadata.kind == kind
    assert main.metadata.outlet == outlet


def test_article_without_labels_is_one_statement(write_sources: WriteSources) -> None:
    main, _ = _one(write_sources({"x.txt": DAY_FIRST}))
    assert [(t.speaker, t.role, len(t.paragraphs)) for t in main.turns] == [
        ("Sergey Lavrov", "statement", 2)
    ]


def test_unknown_named_speaker_is_kept_and_reported(write_sources: WriteSources) -> None:
    text = (
        "Foreign Minister Sergey Lavrov’s joint news conference, Minsk, 3 May 2024\n\n"
        "Maria Zakharova: Good afternoon, colleagues.\n\n"
        "Ivan Petrov: Thank you. What about the talks?\n\n"
        "Sergey Lavrov: They went well.\n"
    )
    main, corpus = _one(write_sources({"x.txt": text}))
    speakers = [t.speaker for t in main.turns]
    assert speakers == ["Maria Zakharova", "Ivan Petrov", "Sergey Lavrov"]
    warnings = [d for d in corpus.diagnostics if "Ivan Petrov" in d.message]
    assert warnings and warnings[0].line == 5 and "speakers.yaml" in warnings[0].hint


def test_title_split_over_lines_with_date_below(write_sources: WriteSources) -> None:
    text = (
        "🎙 Russia's Foreign Minister\n"
        "Sergey Lavrov's interview with TASS news agency\n"
        "(21.03.2025)\n"
        "💬 Sergey Lavrov: We are ready.\n"
    )
    main, _ = _one(write_sources({"x.txt": text}))
    assert main.metadata.title == (
        "Russia’s Foreign Minister Sergey Lavrov’s interview with TASS news agency"
    )
    assert main.metadata.date == "2025-03-21"
    assert main.metadata.outlet == "TASS"
