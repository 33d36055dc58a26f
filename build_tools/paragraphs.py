"""Paragraph repair: join lines broken mid-sentence, keep real paragraph breaks.

Web clippers break a paragraph wherever the page wrapped (``...will be quite`` / blank lines /
``amusing.``). Blank lines therefore prove nothing; the decision looks at the two texts:
a break is false when the first piece is running prose that stops without closing punctuation
and the next piece is plain text (no label, marker or heading). A short line without
punctuation (a heading, a name), a line ending in ``:`` or in an abbreviation with a full stop,
and a list item all keep their break.
"""

from __future__ import annotations

import re

# Sentence-closing punctuation, optionally followed by closing quotes or brackets.
STOPS = ".!?…:;"
CLOSERS = '”’"»)]'
# Prose has a sentence inside it, or is long enough that it cannot be a heading.
_SENTENCE_INSIDE = re.compile(r"[.!?,;] \S")
PROSE_MIN_LENGTH = 60


def is_terminated(text: str) -> bool:
    """True when ``text`` ends like a finished sentence (or introduces something with ``:``)."""
    # Only the end is read: a paragraph joined from n broken lines asks this n times, and a
    # search through the whole text each time made that n² (seconds for 8,000 lines).
    body = text.rstrip().rstrip(CLOSERS)
    return bool(body) and body[-1] in STOPS


def is_prose(text: str) -> bool:
    """True when ``text`` reads as running prose rather than a heading or a name."""
    return len(text) >= PROSE_MIN_LENGTH or bool(_SENTENCE_INSIDE.search(text))


def continues(previous: str, following: str) -> bool:
    """Decide whether ``following`` continues the sentence ``previous`` broke off.

    Both are plain text pieces (the caller has already ruled out labels, markers, headings).
    """
    previous = previous.rstrip()
    following = following.lstrip()
    if not previous or not following:
        return False
    # Running prose that stops mid-sentence: whatever plain text comes next finishes it, whether
    # it starts in lower case ("amusing.") or with a name ("Minsk agreements, they...").
    return is_prose(previous) and not is_terminated(previous)


def join(previous: str, following: str) -> str:
    """Join two pieces of one sentence with a single space."""
    return previous.rstrip() + " " + following.lstrip()
