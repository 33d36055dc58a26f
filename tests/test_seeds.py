"""The seed transcripts parse into the metadata and turns a reader of the texts expects.

Expected values were read off the texts by a person (see issue 2), not copied from the output.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from build_tools.model import Corpus
from tests.conftest import by_source, parsed_source

EXPECTED = {
    "krasnaya-zvezda-interview": dict(
        kind="interview",
        date="2025-03-21",
        place=None,
        outlet="Krasnaya Zvezda",
        occasion="film Diplomacy as a Way of Life: I Prefer Fair Play",
        turns={"question": 16, "answer": 16},
    ),
    "izvestia-research-center": dict(
        kind="interview",
        date="2024-03-28",
        place="Moscow",
        outlet="Izvestia International Research Center",
        occasion=None,
        turns={"question": 22, "answer": 22},
    ),
    "klyazma-youth-forum": dict(
        kind="remarks and answers to questions",
        date="2020-08-23",
        place="Solnechnogorsk, Moscow Region",
        outlet=None,
        occasion="Territory of Meanings on the Klyazma National Education Youth Forum",
        turns={"statement": 1, "question": 15, "answer": 15},
    ),
    "rossiya-24": dict(
        kind="interview",
        date="2021-11-01",
        place="Moscow",
        outlet="Rossiya 24",
        occasion=None,
        turns={"question": 9, "answer": 9},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata_and_turns(seed_corpus: Corpus, name: str) -> None:
    interview = by_source(seed_corpus, name)
    meta = interview.main.metadata
    want = EXPECTED[name]
    assert meta.kind == want["kind"]
    assert meta.date == want["date"]
    assert meta.place == want["place"]
    assert meta.outlet == want["outlet"]
    assert meta.occasion == want["occasion"]
    assert meta.speaker == "Sergey Lavrov"
    assert dict(Counter(t.role for t in interview.main.turns)) == want["turns"]


def test_opening_speech_of_003_is_one_statement_of_15_paragraphs(seed_corpus: Corpus) -> None:
    turns = by_source(seed_corpus, "klyazma").main.turns
    assert turns[0].role == "statement"
    assert turns[0].speaker == "Sergey Lavrov"
    assert turns[0].label is None
    assert len(turns[0].paragraphs) == 15
    assert turns[0].paragraphs[-1].text == "Thank you. I am ready for your questions now."
    assert turns[1].role == "question"


def test_multi_paragraph_questions_stay_one_turn(seed_corpus: Corpus) -> None:
    turns = by_source(seed_corpus, "izvestia").main.turns
    roles = [t.role for t in turns]
    assert roles == ["question", "answer"] * 22
    assert max(len(t.paragraphs) for t in turns if t.role == "question") >= 3


def test_003_publication_stamp_and_tags_are_metadata(seed_corpus: Corpus) -> None:
    meta = by_source(seed_corpus, "klyazma").main.metadata
    assert meta.published == "2020-08-23T19:37"
    assert meta.source_tags == (
        "Organization for Security and Co-operation in Europe (OSCE)",
        "Council of Europe (CoE)",
        "European Union (EU)",
    )


def test_004_reading_time_and_site_are_metadata(seed_corpus: Corpus) -> None:
    meta = by_source(seed_corpus, "rossiya-24").main.metadata
    assert meta.reading_time == "28-35 minutes"
    assert meta.site == "mid.ru"
    assert meta.title == (
        "Foreign Minister Sergey Lavrov’s interview with Rossiya 24, Moscow, November 1, 2021"
    )


def test_004_thirteen_broken_paragraphs_are_joined(seed_corpus: Corpus) -> None:
    paras = by_source(seed_corpus, "rossiya-24").main.paragraphs
    joined = [p for p in paras if len(p.lines) > 1]
    assert [p.lines for p in joined] == [
        (23, 25), (31, 33), (45, 47), (61, 63), (67, 69), (73, 77), (79, 81),
        (85, 87), (91, 93), (99, 101), (105, 107), (117, 119), (123, 127),
    ]  # fmt: skip
    for p in paras:
        assert re.search(r"[.?!…:”)]$", p.text), f"paragraph ends mid-sentence: {p.text[-60:]!r}"
    assert any("will be quite amusing." in p.text for p in joined)
    assert any("February 2015 Minsk agreements, they" in p.text for p in joined)


def test_excerpt_post_001_structure(seed_corpus: Corpus) -> None:
    post = parsed_source(seed_corpus, "telegram-post")
    assert post.metadata.kind == "excerpt"
    assert post.metadata.excerpt_framing == ("Read in full", "Key points:")
    assert post.metadata.date == "2025-03-21"
    assert post.metadata.title.startswith("Russia’s Foreign Minister Sergey Lavrov’s interview")
    paras = post.paragraphs
    texts = [p.text for p in paras]
    # Glued words separated, editorial insertions kept and visible.
    assert texts[0].startswith("The leadership focused [in 1994] on creating")
    assert any("a huge mistake. Starting with Yevgeny Primakov" in t for t in texts)
    bullets = [p for p in paras if p.kind == "bullet"]
    assert len(bullets) == 5
    assert bullets[1].text.endswith("This is absolutely our position.") is False
    assert bullets[2].text.endswith("This is absolutely our position.")
    assert [p.kind for p in paras][-1] == "highlight"
    # No marker character survives in the text.
    for t in texts:
        assert not re.search("[🎙💬❓❗•]", t)


def test_no_boilerplate_or_space_before_punctuation_in_any_paragraph(seed_corpus: Corpus) -> None:
    chrome = re.compile(
        r"de-DE1|Web Content Display|Advanced settings|Additional materials|Check Also|"
        r"Read in full|Key points|^\d+-\d+ minutes$|mid\.ru|^---$|\*\*|^#",
    )
    for interview in seed_corpus.interviews:
        for p in interview.main.paragraphs:
            assert not chrome.search(p.text), (interview.id, p.text[:80])
            assert not re.search(r"\s[.,;:!?)]", p.text), (interview.id, p.text)
            assert "  " not in p.text and "\u00a0" not in p.text


def test_every_paragraph_cites_a_real_source_line(seed_corpus: Corpus) -> None:
    for main in [i.main for i in seed_corpus.interviews] + [
        x.source for i in seed_corpus.interviews for x in i.linked
    ]:
        by_number = {line.number: line for line in main.lines}
        for p in main.paragraphs:
            first_words = p.text.split()[:3]
            assert (
                " ".join(first_words)[:10].strip("“‘") in by_number[p.line].text.replace("**", "")
                or p.kind == "bullet"
            ), (main.source.path, p.line, p.text[:40])


def test_seeds_build_with_no_diagnostics(seed_corpus: Corpus) -> None:
    assert seed_corpus.diagnostics == ()
    assert seed_corpus.rejected == ()
