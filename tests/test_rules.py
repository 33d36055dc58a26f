"""Data-driven tests of the parsing rules: boilerplate, markers, labels, paragraph repair.

Each table has cases that must match and cases that must not (ordinary transcript sentences
that merely look similar)."""

from __future__ import annotations

import pytest

from build_tools.labels import match_label
from build_tools.paragraphs import continues
from build_tools.segments import match_boilerplate, split_segments

BOILERPLATE = [
    ("• de-DE1 en-GB1 es-ES1 ru-RU1 fr-FR1".lstrip("• "), "language-switcher", ""),
    ("Web Content Display", "portal-chrome", ""),
    ("Advanced settings", "portal-chrome", ""),
    ("Additional materials", "additional-materials", ""),
    ("Check Also", "check-also", ""),
    ("(March 21, 2025) Read in full", "read-in-full", "(March 21, 2025)"),
    ("Key points:", "key-points", ""),
    ("28-35 minutes", "reading-time", ""),
    ("5 min read", "reading-time", ""),
    ("[mid.ru](https://www.mid.ru)", "site-link", ""),
    ("---", "markdown-rule", ""),
    ("Читайте также", "check-also", ""),
    ("Share this article", "portal-chrome", ""),
]
NOT_BOILERPLATE = [
    "We do so every day.",
    "Check also the Russian position on this.",
    "Let me read in full what he said.",
    "It took 5-10 minutes, one hour?",
    "The key points of our position are clear.",
    "Advanced settings of the missile were changed.",
    "en-GB is a language tag.",
    "Share this view with us.",
    "See [the text](https://example.org) here.",
]


@pytest.mark.parametrize(("text", "rule", "kept"), BOILERPLATE)
def test_boilerplate_rule_matches(text: str, rule: str, kept: str) -> None:
    hit = match_boilerplate(text)
    assert hit is not None and hit.rule.id == rule
    assert hit.kept == kept
    assert hit.rule.reason


@pytest.mark.parametrize("text", NOT_BOILERPLATE)
def test_ordinary_sentences_are_not_boilerplate(text: str) -> None:
    assert match_boilerplate(text) is None


MARKERS = [
    ("arena?💬 Sergey Lavrov: Our", [("", "arena?"), ("speech", "Sergey Lavrov: Our")]),
    ("Key points:•", [("", "Key points:"), ("bullet", "")]),
    ("results. • Where our", [("", "results."), ("bullet", "Where our")]),
    ("❗️ Diplomacy mirrors life", [("highlight", "Diplomacy mirrors life")]),
    ("- a list item", [("bullet", "a list item")]),
    ("a - b stays", [("", "a - b stays")]),
    ("1994-1996 stays", [("", "1994-1996 stays")]),
]


@pytest.mark.parametrize(("line", "expected"), MARKERS)
def test_markers_split_lines(line: str, expected: list[tuple[str, str]]) -> None:
    got = [(s.marker or "", s.text) for s in split_segments(1, line)]
    assert got == expected


LABELS = [
    ("Question: Do you?", "Question", "question", None, "Do you?"),
    ("Sergey Lavrov: Yes.", "Sergey Lavrov", "answer", None, "Yes."),
    ("S.V. Lavrov: Yes.", "Sergey Lavrov", "answer", None, "Yes."),
    ("QUESTION: Loud?", "Question", "question", None, "Loud?"),
    ("SERGEY LAVROV: Loud.", "Sergey Lavrov", "answer", None, "Loud."),
    ("Question (retranslated from English): Why?", "Question", "question",
     "retranslated from English", "Why?"),
    ("Sergey Lavrov (speaks after Wang Yi): Thanks.", "Sergey Lavrov", "answer",
     "speaks after Wang Yi", "Thanks."),
    ("Вопрос: Как?", "Question", "question", None, "Как?"),
    ("С.В. Лавров: Так.", "Sergey Lavrov", "answer", None, "Так."),
    ("Question:", "Question", "question", None, ""),
    ("Maria Zakharova: Hello.", "Maria Zakharova", "statement", None, "Hello."),
    ("John Smith: Hi.", "John Smith", "statement", None, "Hi."),
]  # fmt: skip
NOT_LABELS = [
    "Key points: one, two.",
    "Note: this is important.",
    "The answer is simple: we stay.",
    "Diplomacy as a Way of Life: I Prefer Fair Play",
    "He said: “No.”",
    "In 2015: a new start.",
    "Thus, the UN Charter: it requires no revision.",
]


@pytest.mark.parametrize(("text", "speaker", "role", "note", "rest"), LABELS)
def test_labels(text: str, speaker: str, role: str, note: str | None, rest: str) -> None:
    m = match_label(text)
    assert m is not None
    assert (m.speaker, m.role, m.note, m.rest) == (speaker, role, note, rest)


@pytest.mark.parametrize("text", NOT_LABELS)
def test_not_labels(text: str) -> None:
    assert match_label(text) is None


JOIN = [
    # Mid-sentence breaks from a web clipper (shapes of file 004).
    ("invited to attend were also divided into “fully” and “partly”, and what will be quite",
     "amusing."),
    ("Russia on the one hand and the co-founders of the Normandy format and the February 2015",
     "Minsk agreements, they unfailingly maintain a “constructive ambiguity”."),
    ("and to fight terrorism, we have no borders with our", "Central Asian allies."),
]  # fmt: skip
KEEP = [
    # A heading or short title line.
    ("Relations with the United States", "We have always said that dialogue is needed."),
    # A line ending in an abbreviation with its full stop.
    ("The talks were held with representatives of the U.S.", "The next round is in May."),
    # A line ending with a colon introduces what follows.
    ("President Putin said the following at the meeting in Geneva last June:",
     "“We are ready to talk.”"),
    # A finished sentence.
    ("We are ready for negotiations if they are serious and equal.", "they are not."),
    # A question that ends without a question mark, followed by the next speaker's words
    # (labels never reach this function) or by a short heading-like line.
    ("What is your view", "The situation is difficult."),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), JOIN)
def test_broken_sentences_are_joined(a: str, b: str) -> None:
    assert continues(a, b)


@pytest.mark.parametrize(("a", "b"), KEEP)
def test_real_breaks_are_kept(a: str, b: str) -> None:
    assert not continues(a, b)


def test_taxonomy_names_need_no_html_escaping() -> None:
    """Names become page titles; Material escapes a title in some places and not in others, so
    a name with characters that need escaping would read differently in each (axe flags it)."""
    from build_tools.people import load_people
    from build_tools.topics import load_topics

    for entry in [*load_topics(), *load_people()]:
        assert not set(entry.name) & set("\"'<>&"), entry.name
