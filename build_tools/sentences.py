"""Split paragraphs into sentences, each tied to the source line it starts on.

Used to align excerpts sentence by sentence. A sentence ends at ``.``, ``?``, ``!`` or ``…``
(with any closing quotes or brackets) followed by a space and a capital letter, a digit, an
opening quote or bracket. Initials (``S.V. Lavrov``, ``V. Putin``) and common abbreviations
(``Mr.``, ``U.S.``) do not end a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from build_tools.model import Paragraph

_END = re.compile(r"(?<=[.?!…])[”’\"»)\]]*\s+(?=[“‘\"«(\[]?[A-ZА-ЯЁ0-9])")
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b[A-ZА-ЯЁ]\.|\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Lt|Sgt|Jr|Sr|vs|etc|e\.g|i\.e|No|"
    r"U\.S|U\.K|U\.N|Ph\.D|г|гг|т\.е|т\.д|им|ул)\.)[”’\"»)\]]*$"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph."""

    text: str
    """The sentence as written (stripped)."""
    start: int
    """Character offset in the paragraph's text."""
    line: int
    """Source line the sentence starts on."""
    paragraph_id: str
    """Id of the paragraph it belongs to."""


def split(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs covering ``text``; joining them with spaces gives it back."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _END.finditer(text):
        candidate = text[start : m.start()]
        if _NO_BREAK_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if candidate.strip():
            out.append((start, text[start : m.end()].strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The paragraph's sentences with the source line each starts on."""
    result = []
    for offset, text in split(paragraph.text):
        index = max(0, bisect_right(paragraph.offsets, offset) - 1)
        result.append(Sentence(text, offset, paragraph.lines[index], paragraph.id))
    return result
