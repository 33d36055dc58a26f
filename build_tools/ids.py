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


def words(text: str) -> list[str]:
    """The words of ``text``: NFKC, case-folded; punctuation, spacing and invisible characters
    (zero-width, bidi controls, which normalisation drops) ignored."""
    visible, _ = drop_joiners_in_words(INVISIBLE.sub("", text))
    return _WORD.findall(unicodedata.normalize("NFKC", visible).casefold())


def paragraph_id(text: str) -> str:
    """The id of one paragraph, before de-duplication."""
    digest = hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()
    return "p-" + digest[:ID_LENGTH]


def paragraph_ids(texts: list[str]) -> list[str]:
    """Ids for the paragraphs of one interview, in order, unique within it."""
    seen: Counter[str] = Counter()
    out = []
    for text in texts:
        base = paragraph_id(text)
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
