"""Every normalisation fix, from tests/data/fixes.yaml: positive cases and inputs that must not
change; plus properties of the whole chain (idempotent, never changes words, never raises)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.ids import PLAIN_MARKS, words
from build_tools.normalise import (
    INVISIBLE,
    REGISTRY,
    FixRule,
    drop_joiners_in_words,
    normalise_line,
)

DATA = yaml.safe_load((Path(__file__).parent / "data" / "fixes.yaml").read_text(encoding="utf-8"))
RULES = {r.name: r for r in REGISTRY}

CASES = [(name, c) for name, spec in DATA.items() for c in spec.get("cases", [])]
SAME = [(name, s) for name, spec in DATA.items() for s in spec.get("same", [])]


def test_every_fix_has_examples_and_negative_cases() -> None:
    assert set(DATA) == set(RULES), "fixes.yaml must cover exactly the registered fixes"
    for name, spec in DATA.items():
        assert spec.get("cases"), f"{name} has no positive example"
        assert spec.get("same"), f"{name} has no negative example"


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}:{c['in']!r}" for n, c in CASES])
def test_fix_changes_input(name: str, case: dict[str, str]) -> None:
    out, count = RULES[name].apply(case["in"])
    assert out == case["out"]
    assert count >= 1
    chained, counts = normalise_line(case["in"])
    assert chained == case.get("chain_out", case["out"])
    assert counts[name] >= 1


@pytest.mark.parametrize(("name", "text"), SAME, ids=[f"{n}:{t!r}" for n, t in SAME])
def test_fix_leaves_input_alone(name: str, text: str) -> None:
    out, count = RULES[name].apply(text)
    assert out == text
    assert count == 0


def test_counts_are_per_occurrence() -> None:
    line = "Ukraine . Russia , and Belarus ."
    out, counts = normalise_line(line)
    assert out == "Ukraine. Russia, and Belarus."
    assert counts["space_before_punctuation"] == 3


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_normalising_twice_equals_once(text: str) -> None:
    once, _ = normalise_line(text)
    twice, counts = normalise_line(once)
    assert twice == once
    assert not counts


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_normalising_never_changes_words(text: str) -> None:
    text = text.replace("\n", " ").replace("\r", " ")
    out, _ = normalise_line(text)
    # Glued words are split, so compare the letters of all words, in order.
    assert "".join(words(out)) == "".join(words(text))


# --- fast paths: the same results as the plain definitions -------------------------------------

# Characters the fixes and `words` react to, mixed with plain letters, so generated lines hit the
# patterns' edges (a stop before a capital, a space before a bracket, marks around a word).
TRICKY = list(
    " \t\n\u00a0\u2009\u202f\u200b\u200d\u00ad\u202e\x00\x07\x1c\x7f\x85"  # spaces, invisibles
    "*_\"'«»“”‘’„‚()[]{}/.,;:!?…-–—―−‒‐‑"  # marks the fixes move or keep
    "aZяЯЁё7_\u0301\u0306éﬁ²½™ＡΩß"  # letters, digits, combining marks, compatibility forms
)
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=60,
) | st.lists(st.sampled_from([*TRICKY, "Mr", "U.S.", "word", "Lavrov", "..."]), max_size=30).map(
    "".join
)


def reference_normalise_line(text: str) -> tuple[str, dict[str, int]]:
    """``normalise_line`` as first written: every fix on every line, no ``needs`` checks."""
    counts: dict[str, int] = {}
    for _ in range(3):
        changed = False
        for rule in REGISTRY:
            new, n = rule.apply(text)
            if n and new != text:
                counts[rule.name] = counts.get(rule.name, 0) + n
                text = new
                changed = True
        if not changed:
            break
    return text, counts


@pytest.mark.parametrize("rule", [r for r in REGISTRY if r.needs is not None], ids=lambda r: r.name)
@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_a_fix_changes_only_lines_with_what_it_needs(rule: FixRule, text: str) -> None:
    if not rule.may_change(text):
        assert rule.apply(text) == (text, 0)


@pytest.mark.parametrize("name", sorted(r.name for r in REGISTRY if r.needs is not None))
def test_what_a_fix_needs_is_in_each_of_its_examples(name: str) -> None:
    """The negative side of the check above: a ``needs`` that is never found would pass it."""
    for case in DATA[name]["cases"]:
        assert RULES[name].may_change(case["in"]), case["in"]


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_normalise_line_equals_every_fix_on_every_line(text: str) -> None:
    out, counts = normalise_line(text)
    assert (out, dict(counts)) == reference_normalise_line(text)


@pytest.mark.parametrize(
    "text",
    [case["in"] for _, case in CASES] + [text for _, text in SAME] + ["", " ", "a  b", "x.Y"],
)
def test_normalise_line_equals_every_fix_on_the_examples(text: str) -> None:
    out, counts = normalise_line(text)
    assert (out, dict(counts)) == reference_normalise_line(text)


def reference_words(text: str) -> list[str]:
    """``ids.words`` as first written: the pattern on every text."""
    visible, _ = drop_joiners_in_words(INVISIBLE.sub("", text))
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", visible).casefold())


@settings(max_examples=1000, deadline=None)
@given(TEXT)
def test_words_fast_path_equals_the_pattern(text: str) -> None:
    assert words(text) == reference_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "It’s “fine” – really… no\u00a0break",  # the marks the fast path knows
        "snake_case and **bold** and x\x07y",  # underscores part words; controls vanish
        "ﬁne ½ ² ™ Ａ",  # compatibility forms: not plain, the pattern decides
        "Йошкар-Ола, И\u0306",  # Cyrillic and a combining accent
        "a\u200db 👨\u200d👩",  # joiners
        "soft\u00adhyphen and tab\there",
        "",
    ],
)
def test_words_fast_path_examples(text: str) -> None:
    assert words(text) == reference_words(text)


def test_plain_marks_are_never_part_of_a_word() -> None:
    for mark in PLAIN_MARKS:
        folded = unicodedata.normalize("NFKC", mark).casefold()
        assert not any(ch.isalnum() or ch == "_" for ch in folded), mark
        assert not unicodedata.combining(mark) and INVISIBLE.match(mark) is None, mark
