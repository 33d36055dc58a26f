"""The language of a piece of text, told by the script its letters are written in.

The scripts and their languages are data (``rules/languages.yaml``). A text is in a script's
language when that script holds most of its letters (at least ``min_share``); a text with no
letters, or no clear majority, is in the archive's default language. Pages and paragraphs use
this for their ``lang`` attribute.
"""

from __future__ import annotations

import re
from functools import cache

from build_tools.rules import load_rules


@cache
def _scripts() -> tuple[tuple[re.Pattern[str], str], ...]:
    table = load_rules("languages")
    return tuple((re.compile(f"[{s['letters']}]"), str(s["language"])) for s in table["scripts"])


def default_language() -> str:
    """The archive's own language, used when a text's script does not tell."""
    return str(load_rules("languages")["default"])


def detect(text: str) -> str:
    """BCP 47 code of the language ``text`` is in (``ru``, ``en``)."""
    counts = [(len(pattern.findall(text)), language) for pattern, language in _scripts()]
    letters = sum(n for n, _ in counts)
    if not letters:
        return default_language()
    n, language = max(counts, key=lambda c: c[0])
    share = float(load_rules("languages")["min_share"])
    return language if n / letters >= share else default_language()
