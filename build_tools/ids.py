"""Stable ids for paragraphs and slugs for interviews.

A paragraph id is a hash of the paragraph's words only (letters and digits, case-folded), so
re-normalising a source (spacing, quotes, punctuation) keeps every id, and editing one paragraph's
wording changes only that paragraph's id. Repeated paragraphs in one interview get ``-2``, ``-3``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from build_tools.normalise import INVISIBLE, drop_joiners_in_words

_WORD = re.compile(r"[^\W_]+")  # underscores are Markdown syntax, not word letters
ID_LENGTH = 8

# Typographic marks that are never part of a word and that NFKC and case-folding leave without
# letters or digits (… becomes ..., a no-break space a space).
PLAIN_MARKS = "“”‘’„‚«»–—‐‑−…\u00a0\u2009\u202f"
# For text of ASCII and those marks (most lines of the archive), the words are the runs of ASCII
# letters and digits: every other ASCII character becomes a space, invisible controls go.
_ASCII_WORDS = str.maketrans(
    {chr(c): None if INVISIBLE.match(chr(c)) else " " for c in range(128) if not chr(c).isalnum()}
)


def words(text: str) -> list[str]:
    """The words of ``text``: NFKC, case-folded; punctuation, spacing and invisible characters
    (zero-width, bidi controls, which normalisation drops) ignored."""
    plain = text
    if not plain.isascii():
        for mark in PLAIN_MARKS:
            if mark in plain:
                plain = plain.replace(mark, " ")
    if plain.isascii():
        # Same words as below (tests/test_normalise.py compares them), by string methods that
        # run many times faster than the pattern; words are counted for every line of a build.
        return plain.translate(_ASCII_WORDS).lower().split()
    visible, _ = drop_joiners_in_words(INVISIBLE.sub("", text))
    return _WORD.findall(unicodedata.normalize("NFKC", visible).casefold())


def paragraph_key(text: str) -> str:
    """What a paragraph's id is made from: its words, joined by spaces."""
    return " ".join(words(text))


def paragraph_id(text: str) -> str:
    """The id of one paragraph, before de-duplication."""
    return _id_of_key(paragraph_key(text))


def _id_of_key(key: str) -> str:
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:ID_LENGTH]


def paragraph_ids(texts: list[str]) -> list[str]:
    """Ids for the paragraphs of one interview, in order, unique within it."""
    return paragraph_ids_of_keys([paragraph_key(text) for text in texts])


def paragraph_ids_of_keys(keys: list[str]) -> list[str]:
    """:func:`paragraph_ids` for paragraphs whose :func:`paragraph_key` is known already."""
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        base = _id_of_key(key)
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


_SLUG_DROP = re.compile(r"[^a-z0-9]+")
SLUG_WORDS = 6


def slugify(text: str, max_words: int = SLUG_WORDS) -> str:
    """A URL-safe slug of ASCII letters and digits; non-Latin letters are transliterated."""
    ascii_text = transliterate(unicodedata.normalize("NFKC", text).casefold())
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    parts = [p for p in _SLUG_DROP.split(ascii_text) if p]
    return "-".join(parts[:max_words])


_LATIN = [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
]  # fmt: skip
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN, strict=True))


def transliterate(text: str) -> str:
    """Russian letters to Latin (simple BGN-like scheme), other characters unchanged."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)
