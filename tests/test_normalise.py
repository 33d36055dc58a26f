"""Every normalisation fix, from tests/data/fixes.yaml: positive cases and inputs that must not
change; plus properties of the whole chain (idempotent, never changes words, never raises)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.ids import words
from build_tools.normalise import REGISTRY, normalise_line

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
