"""Whitespace in finished HTML pages, collapsed where a browser ignores it anyway.

Material's templates indent every navigation entry: at 1,000 interviews a 117 KB interview page
held 27 KB of indentation. A run of spaces and tabs that contains a line break renders exactly
like one line break (CSS ``white-space: normal``), so such a run becomes ``\\n``, except inside
elements where whitespace is content or code: ``pre``, ``textarea``, ``script``, ``style``.
Only ASCII whitespace is touched: a no-break space is text.
"""

from __future__ import annotations

import re

# Elements whose whitespace is kept byte for byte, with their content.
KEEP = ("pre", "textarea", "script", "style")

_KEPT = re.compile(
    r"(<(" + "|".join(KEEP) + r")\b[^>]*>.*?</\2\s*>)", flags=re.IGNORECASE | re.DOTALL
)
_RUN = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
"""A run that becomes one line break: the rule, as a pattern (the tests check
:func:`_collapse_lines` against it)."""
_BLANK = " \t\r"


def collapse_whitespace(html: str) -> str:
    """``html`` with every whitespace run containing a line break cut to one ``\\n``."""
    pieces = _KEPT.split(html)
    # split() with two groups yields: text, kept element, its tag name, text, ...
    out = []
    for n, piece in enumerate(pieces):
        kind = n % 3
        if kind == 0:
            out.append(_collapse_lines(piece))
        elif kind == 1:
            out.append(piece)
    return "".join(out)


def _collapse_lines(text: str) -> str:
    """``_RUN.sub("\\n", text)``, by lines: three times as fast on a page, because the pattern
    starts a match at every space between two words (every page goes through it)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(_BLANK)]
    kept += [line for line in (x.strip(_BLANK) for x in lines[1:-1]) if line]
    kept.append(lines[-1].lstrip(_BLANK))
    return "\n".join(kept)
