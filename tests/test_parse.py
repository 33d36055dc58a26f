"""Parser behaviour on small texts, golden snapshots of the seeds, and robustness properties."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.accounting import check_nothing_lost
from build_tools.decode import decode
from build_tools.model import Corpus, ParsedSource, SourceRef
from build_tools.parse import parse
from tests.conftest import parsed_source

GOLDEN = Path(__file__).parent / "golden"
SEEDS = [
    "klyazma-youth-forum",
    "rossiya-24",
    "izvestia-research-center",
    "krasnaya-zvezda-interview",
    "telegram-post",
]


def parse_text(text: str) -> ParsedSource:
    data = text.encode("utf-8")
    ref = SourceRef("t.txt", "0" * 64, len(data))
    return parse(ref, decode("t.txt", data))


def snapshot(parsed: ParsedSource) -> dict:  # type: ignore[type-arg]
    return {
        "metadata": asdict(parsed.metadata),
        "metadata_lines": {k: list(v) for k, v in sorted(parsed.metadata_lines.items())},
        "turns": [
            {
                "speaker": t.speaker,
                "role": t.role,
                "label": t.label,
                "note": t.note,
                "paragraphs": [[p.id, p.kind, list(p.lines), p.text] for p in t.paragraphs],
            }
            for t in parsed.turns
        ],
        "removed": [[r.line, r.rule, r.text] for r in parsed.removed],
        "fixes": dict(parsed.fixes),
    }


@pytest.mark.parametrize("name", SEEDS)
def test_golden_snapshot(seed_corpus: Corpus, name: str) -> None:
    """Any change to a seed's parsed output shows up here as a reviewable diff.

    After an intended change: UPDATE_GOLDEN=1 make test, then read the diff of tests/golden/.
    """
    path = GOLDEN / f"{name}.json"
    text = json.dumps(snapshot(parsed_source(seed_corpus, name)), ensure_ascii=False, indent=1)
    got = json.loads(text)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), "no snapshot yet: run UPDATE_GOLDEN=1 make test"
    assert json.loads(path.read_text(encoding="utf-8")) == got


def test_list_items_after_prose_stay_separate() -> None:
    parsed = parse_text(
        "Remarks by Sergey Lavrov, Moscow, 1 May 2024\n"
        "Sergey Lavrov: Our priorities this year include several areas of work, such as\n"
        "• security in Europe;\n"
        "• trade with Asia.\n"
    )
    kinds = [(p.kind, p.text) for p in parsed.paragraphs]
    assert kinds == [
        ("text", "Our priorities this year include several areas of work, such as"),
        ("bullet", "security in Europe;"),
        ("bullet", "trade with Asia."),
    ]


def test_question_without_question_mark_is_not_joined_to_the_answer() -> None:
    parsed = parse_text(
        "Interview with Sergey Lavrov, Moscow, 1 May 2024\n\n"
        "Question: Many people are asking what comes next for the talks in Istanbul\n\n"
        "Sergey Lavrov: We will see.\n"
    )
    assert [(t.role, len(t.paragraphs)) for t in parsed.turns] == [("question", 1), ("answer", 1)]


def test_markdown_heading_is_structure_only_as_the_title() -> None:
    parsed = parse_text(
        "## Interview with Sergey Lavrov, Moscow, 1 May 2024\n\n"
        "Question: First?\n\nSergey Lavrov: Yes.\n\n## Part two\n\nQuestion: Second?\n"
    )
    assert parsed.metadata.title == "Interview with Sergey Lavrov, Moscow, 1 May 2024"
    texts = [p.text for p in parsed.paragraphs]
    assert texts == ["First?", "Yes.", "## Part two", "Second?"]


def test_paragraph_ids_ignore_form_but_not_words() -> None:
    a = parse_text("Interview, 1 May 2024\nQuestion: Is it so ?\nSergey Lavrov: “Yes” - it is.\n")
    b = parse_text('Interview, 1 May 2024\nQuestion: Is it  so?\nSergey Lavrov: "Yes" — it is.\n')
    c = parse_text("Interview, 1 May 2024\nQuestion: Is it so?\nSergey Lavrov: No, it is not.\n")
    ids = lambda p: [x.id for x in p.paragraphs]  # noqa: E731
    assert ids(a) == ids(b)
    assert ids(a)[0] == ids(c)[0] and ids(a)[1] != ids(c)[1]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_parse_never_raises_and_never_loses_text(text: str) -> None:
    parsed = parse_text(text)
    assert check_nothing_lost(parsed) == []


LINE = st.one_of(
    st.sampled_from(
        ["Question: Why?", "Sergey Lavrov: Because.", "S.V. Lavrov:", "💬 Sergey Lavrov: x", "•",
         "Key points:•", "Check Also", "---", "## Title", "28-35 minutes", "23 August 202019:37",
         "(March 21, 2025)Read in full", "", "Additional materials", "❓ Question: and?",
         "[mid.ru](https://www.mid.ru)", "word . word", "a huge mistake.Starting with"]
    ),
    st.text(max_size=120),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_transcript_like_input_never_loses_text(lines: list[str], end: str) -> None:
    parsed = parse_text(end.join(lines))
    assert check_nothing_lost(parsed) == []
    for p in parsed.paragraphs:
        assert p.text and p.text == p.text.strip()
