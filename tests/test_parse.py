"""Parser behaviour on small texts, golden snapshots of the seeds, and robustness properties."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.accounting import account, check_nothing_lost, pieces_by_line
from build_tools.decode import decode
from build_tools.ids import words
from build_tools.model import Corpus, ParsedSource, SourceRef
from build_tools.paragraphs import is_terminated
from build_tools.parse import parse
from build_tools.segments import Segment, _marker_tables, boilerplate_rules, split_segments
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


# --- accounting: the fast comparison agrees with counting every word ---------------------------


def reference_account(parsed: ParsedSource) -> dict[int, tuple[list[str], list[str]]]:
    """``accounting.account`` as first written: both sides counted for every line."""
    pieces = pieces_by_line(parsed)
    out = {}
    for src in parsed.lines:
        needed = Counter(words(src.raw))
        found: Counter[str] = Counter()
        for piece in pieces.get(src.number, []):
            found.update(words(piece))
        lost, added = needed - found, found - needed
        if lost or added:
            out[src.number] = (sorted(lost.elements()), sorted(added.elements()))
    return out


def tampered(parsed: ParsedSource, how: int) -> ParsedSource:
    """``parsed`` with one piece of output changed the way a bug would change it."""
    turns = list(parsed.turns)
    if not turns or not turns[0].paragraphs:
        return replace(parsed, removed=parsed.removed[1:])
    turn = turns[0]
    para = turn.paragraphs[0]
    text = [
        para.text + " invented",  # a word no line has
        " ".join(para.text.split(" ")[1:]),  # the first word lost
        " ".join(reversed(para.text.split(" "))),  # same words, other order: nothing differs
        para.text.upper(),  # same words once case-folded
        "",  # the whole paragraph lost
    ][how]
    new = replace(para, text=text, offsets=tuple(min(o, len(text)) for o in para.offsets))
    turns[0] = replace(turn, paragraphs=(new, *turn.paragraphs[1:]))
    return replace(parsed, turns=tuple(turns))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=30), st.integers(-1, 4))
def test_account_equals_counting_every_word(lines: list[str], how: int) -> None:
    parsed = parse_text("\n".join(lines))
    if how >= 0:
        parsed = tampered(parsed, how)
    assert account(parsed) == reference_account(parsed)


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("how", [-1, 0, 1, 2, 3, 4])
def test_account_equals_counting_every_word_on_the_seeds(
    seed_corpus: Corpus, name: str, how: int
) -> None:
    parsed = parsed_source(seed_corpus, name)
    if how >= 0:
        parsed = tampered(parsed, how)
    found = account(parsed)
    assert found == reference_account(parsed)
    assert bool(found) == (how in (0, 1, 4))  # a lost or invented word is always found


# --- segments: the fast searches find what the rule patterns find ------------------------------

SEGMENT_TEXT = st.lists(
    st.sampled_from(
        ["Read in full", "read the full text", "full text", "читать полностью", "here", ":",
         ".", " ", "\t", "\u00a0", "(March 21, 2025)", "word", "💬", "•", "❗️", "\ufe0f", "…",
         "– ", "- ", "Key points", "5 min", "[mid.ru](https://mid.ru)", "---", "“", "Я"]
    )
    | st.text(max_size=5),
    max_size=12,
).map("".join)  # fmt: skip


def same_match(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groupdict() == b.groupdict()


@settings(max_examples=500, deadline=None)
@given(SEGMENT_TEXT)
def test_boilerplate_search_equals_the_rule_pattern(text: str) -> None:
    for rule in boilerplate_rules():
        assert same_match(rule.search(text), rule.pattern.search(text)), rule.id


def test_suffix_rules_have_the_fast_search() -> None:
    suffix = [r for r in boilerplate_rules() if r.match == "suffix"]
    assert suffix and all(r.at_start and r.after_space for r in suffix)
    rule = suffix[0]
    for text in [
        "Read in full",
        " Read in full",
        "x Read in full:",
        "Read in full x",
        "xRead in full",
    ]:
        assert same_match(rule.search(text), rule.pattern.search(text)), text


def reference_split_segments(line: int, text: str) -> list[Segment]:
    """``split_segments`` without the gate: the marker pattern searched on every line."""
    markers = _marker_tables()
    gateless = replace(markers, gate=re.compile(""))  # the empty pattern is found everywhere
    with patch("build_tools.segments._marker_tables", lambda: gateless):
        return split_segments(line, text)


@settings(max_examples=500, deadline=None)
@given(SEGMENT_TEXT)
def test_split_segments_equals_searching_every_line(text: str) -> None:
    assert split_segments(1, text) == reference_split_segments(1, text)


def test_the_marker_gate_lets_every_marker_through() -> None:
    markers = _marker_tables()
    for marker in markers.roles:
        if markers.anywhere.fullmatch(marker):
            assert markers.gate.match(marker), marker
    assert not markers.gate.search("Plain “quoted” text – with Cyrillic: Вопрос.")


# --- paragraph repair reads only the end of a paragraph ----------------------------------------

TERMINAL = re.compile(r"[.!?…:;][”’\"»)\]]*$")  # is_terminated's rule as a pattern


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list('.!?…:;”’"»)]x \n\t\u00a0,')), max_size=12))
def test_is_terminated_equals_the_pattern(text: str) -> None:
    assert is_terminated(text) == bool(TERMINAL.search(text.rstrip()))


@pytest.mark.parametrize(
    ("text", "ended"),
    [("Yes.", True), ("Yes.”) ", True), ("“Yes”", False), ("", False), (")", False),
     ("as follows:", True), ("and so", False), ("wait…\n", True), ("no ;x", False)],
)  # fmt: skip
def test_is_terminated_examples(text: str, ended: bool) -> None:
    assert is_terminated(text) is ended


def test_many_footers_that_are_not_footers_are_counted_once() -> None:
    """Each "Check Also" with too many lines after it is kept, with a warning that counts them."""
    lines = ["Interview with Sergey Lavrov, Moscow, 1 May 2024", "Sergey Lavrov: Start."]
    for i in range(10):
        lines += ["Check Also", f"Line {i} of the text."]
    parsed = parse_text("\n".join(lines))
    counts = [d.message.split(" lines follow")[0].rsplit(" ", 1)[-1] for d in parsed.diagnostics]
    assert counts == [str(n) for n in range(19, 6, -2)]  # 6 or fewer following: a real footer
    assert check_nothing_lost(parsed) == []
