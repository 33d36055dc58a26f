"""Recognise speaker labels: ``Question:``, ``S.V. Lavrov:``, ``Вопрос:``, ``Name (adds):``.

Known speakers and question labels come from ``rules/speakers.yaml`` (through
:func:`build_tools.titles.canonical_speaker`). A label not in that table is still accepted when
it has the shape of a personal name (two to four capitalised words, initials allowed), so a new
interviewer or a second minister needs no code; the parser reports such labels as warnings so
the maintainer can add them to the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.model import Role
from build_tools.titles import canonical_speaker

# "Label (note):" at the start of a segment. The label is short and has no sentence punctuation
# besides the dots of initials; the note in parentheses may say anything ("speaks after ...").
_LABEL = re.compile(
    r"^(?P<label>[^\W\d_][\w .’'‘-]{0,60}?)"
    r"\s*(?:\((?P<note>[^()]{1,200})\))?"
    r"\s*:(?!\S)\s*(?P<rest>.*)$",
    re.DOTALL,
)
_INITIAL = r"[A-ZА-ЯЁ]\.\s?"
_NAME_WORD = r"(?:[A-ZА-ЯЁ][a-zа-яё’'-]+|[A-ZА-ЯЁ][A-ZА-ЯЁ’'-]+)"
_PERSON = re.compile(rf"^(?:{_INITIAL}){{0,2}}{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}$")


@dataclass(frozen=True)
class LabelMatch:
    """A speaker label found at the start of a segment."""

    speaker: str
    """Canonical speaker (``Sergey Lavrov``, ``Question``), or the name as written, title-cased."""
    role: Role
    """Default role of that speaker: ``question`` for question labels, else answer/statement."""
    label: str
    """The label exactly as written, without the colon (``S.V. Lavrov``)."""
    note: str | None
    """A parenthetical remark in the label (``retranslated from English``)."""
    rest: str
    """Text after the colon on the same line ('' when the label stands alone)."""
    known: bool
    """True when the label is in the speakers table."""


def match_label(text: str) -> LabelMatch | None:
    """Return the label at the start of ``text``, or None if the segment has no label."""
    m = _LABEL.match(text)
    if not m:
        return None
    label = m.group("label").strip()
    note = m.group("note")
    known = canonical_speaker(label)
    if known is not None:
        speaker, role = known
        return LabelMatch(speaker, _role(role), label, note, m.group("rest").strip(), True)
    words = label.split()
    # An unknown single word ("Note:", "Update:") is not a speaker; a personal name is.
    if len(words) < 2 or not _PERSON.match(label):
        return None
    speaker = label.title() if label.isupper() else label
    return LabelMatch(speaker, "statement", label, note, m.group("rest").strip(), False)


def _role(value: str) -> Role:
    if value == "question":
        return "question"
    if value == "answer":
        return "answer"
    return "statement"
