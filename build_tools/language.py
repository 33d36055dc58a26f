"""The language of a piece of text, told by the script its letters are written in.

The scripts and their languages are data (``rules/languages.yaml``). A text is in a script's
language when that script holds most of its letters (at least ``min_share``); a text with no
letters, or no clear majority, is in the archive's default language. Pages and paragraphs use
this for their ``lang`` attribute.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from build_tools.rules import load_rules


@cache
def _scripts() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each script's letters as runs (``[...]+``): summing the lengths of the runs counts the
    letters, with one match per word instead of one per letter (about three times faster)."""
    table = load_rules("languages")
    return tuple((re.compile(f"[{s['letters']}]+"), str(s["language"])) for s in table["scripts"])


def default_language() -> str:
    """The archive's own language, used when a text's script does not tell."""
    return str(load_rules("languages")["default"])


@cache
def _ascii_others() -> tuple[bytes, ...]:
    """For each script, the bytes that are not ASCII letters of it (found by its pattern):
    deleting them from a UTF-8 text leaves just the script's ASCII letters."""
    return tuple(
        bytes(c for c in range(256) if c >= 128 or not pattern.fullmatch(chr(c)))
        for pattern, _ in _scripts()
    )


_ASCII = bytes(range(128))


def letter_counts(text: str) -> tuple[int, ...]:
    """How many letters of each script (in the table's order) ``text`` has. Counts add up:
    the counts of a concatenation are the sums of its parts' counts."""
    # ASCII letters by deleting the other bytes (a C pass, no matches; in UTF-8 the ASCII
    # characters are exactly the bytes below 128), the others by the patterns run on the
    # non-ASCII characters alone (none in most English paragraphs, a few quotes in others).
    # ("surrogatepass": a lone surrogate in the text goes to the patterns like any other.)
    data = text.encode("utf-8", "surrogatepass")
    rest = "" if text.isascii() else data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    return tuple(
        len(data.translate(None, others)) + (sum(map(len, pattern.findall(rest))) if rest else 0)
        for (pattern, _), others in zip(_scripts(), _ascii_others(), strict=True)
    )


def joined_counts(parts: Sequence[tuple[int, ...]], separator: str) -> tuple[int, ...]:
    """:func:`letter_counts` of the parts' texts joined by ``separator``, from their counts."""
    extra = letter_counts(separator * max(0, len(parts) - 1))
    return tuple(map(sum, zip(extra, *parts, strict=True)))


def from_counts(counts: Sequence[int]) -> str:
    """The language that :func:`letter_counts` ``counts`` tell (see :func:`detect`)."""
    letters = sum(counts)
    if not letters:
        return default_language()
    n, language = max(
        zip(counts, (language for _, language in _scripts()), strict=True), key=lambda c: c[0]
    )
    share = float(load_rules("languages")["min_share"])
    return language if n / letters >= share else default_language()


def detect(text: str) -> str:
    """BCP 47 code of the language ``text`` is in (``ru``, ``en``)."""
    return from_counts(letter_counts(text))
