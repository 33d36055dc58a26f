"""Normalise form, never wording.

Each fix is a small pure function ``str -> (str, count)`` registered under a name, in the order
it runs (as in ftfy). ``normalise_line`` applies them all to one line and returns what changed,
so every page can say which fixes touched its text and how often. A fix may change spacing,
invisible characters, quote and dash shapes, Unicode composition and glued words; it must never
add, drop or change a word. ``tests/data/fixes.yaml`` holds examples for every fix, including
inputs that must stay unchanged.

House style (documented on the method page): double quotes are “curly”, apostrophes ’,
guillemets « » are kept as the source has them; a dash used as punctuation between spaces is a
spaced en dash ( – ); hyphens inside words and number ranges (1994-1996) are left alone; three
dots are an ellipsis (…).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

Fix = Callable[[str], tuple[str, int]]


@dataclass(frozen=True)
class FixRule:
    """One registered fix."""

    name: str
    """Stable identifier, used in counts, the export and the method page."""
    doc: str
    """One line saying what it changes, for the method page."""
    apply: Fix
    """The pure function."""
    needs: Needs | None = None
    """Something every line this fix can change contains (None: any line may change): a
    pattern, or strings of which one is in the line.

    A fast path, not a rule: most lines need no fix, and finding a character pair costs a
    fraction of running the fix's patterns, so ``normalise_line`` skips the fix on lines where
    this finds nothing. It must hold for every text (``tests/test_normalise.py`` checks it
    against the fix itself on generated text)."""

    def may_change(self, text: str) -> bool:
        """False when :attr:`needs` is not in ``text``, so the fix cannot change it."""
        return _finder(self.needs)(text)


Needs = str | tuple[str, ...]


@cache
def _finder(needs: Needs | None) -> Callable[[str], bool]:
    """A test for ``needs`` in a text: ``in`` for strings (a C search for a substring, several
    times faster than a pattern of the same characters), the compiled pattern otherwise."""
    if needs is None:
        return lambda text: True
    if isinstance(needs, str):
        search = re.compile(needs).search
        return lambda text: search(text) is not None
    if len(needs) == 1:
        (only,) = needs
        return lambda text: only in text
    if len(needs) == 2:
        first, second = needs
        return lambda text: first in text or second in text
    return lambda text: any(part in text for part in needs)


REGISTRY: list[FixRule] = []


def fix(name: str, doc: str, needs: Needs | None = None) -> Callable[[Fix], Fix]:
    """Register a fix; registration order is application order. ``needs``: a pattern, or
    strings, found in every line the fix can change (see :attr:`FixRule.needs`)."""

    def register(fn: Fix) -> Fix:
        REGISTRY.append(FixRule(name, doc, fn, needs))
        return fn

    return register


def _sub(
    pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str
) -> tuple[str, int]:
    return pattern.subn(repl, text)


# --- invisible and odd characters -------------------------------------------------------------

INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"  # C0/C1 controls that are not spacing
    "\u00ad"  # soft hyphen
    "\u200b\u200c\u2060\ufeff"  # zero-width space and non-joiner, word joiner, stray BOM
    "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"  # bidi embeddings, overrides, isolates, marks
    "\ufff9-\ufffb]"
)
"""Characters that carry no wording and are dropped (tab, form feed and the like are spaces)."""
# A zero-width joiner matters between two emoji; next to a letter it only hides a word boundary.
# A run of them goes at once, and "next to a letter" is judged on NFC text (a letter written
# with a combining accent is a letter), so one pass settles; ``ids.words`` calls the same
# function, so the accounting agrees with what normalising leaves.
ZWJ_IN_WORDS = re.compile(r"(?<=\w)\u200d+|\u200d+(?=\w)")


def drop_joiners_in_words(text: str) -> tuple[str, int]:
    """Remove zero-width joiners next to a letter, judged on the NFC form of ``text``, until
    none is left (a removal can compose an accent into a letter next to another joiner)."""
    count = 0
    while "\u200d" in text:
        out, n = _sub(ZWJ_IN_WORDS, "", unicodedata.normalize("NFC", text))
        if not n:
            break
        text, count = out, count + n
    return text, count


@fix(
    "control_characters",
    "invisible control, zero-width and bidi-override characters removed",
    needs=f"{INVISIBLE.pattern}|\u200d",
)
def control_characters(text: str) -> tuple[str, int]:
    # Bidi overrides (U+202E) make a line display in another order than it reads; zero-width
    # characters split or join words invisibly. Neither carries wording.
    text, a = _sub(INVISIBLE, "", text)
    text, b = drop_joiners_in_words(text)
    return text, a + b


@fix("unicode_nfc", "Unicode composed to NFC (e.g. e + combining accent becomes é)")
def unicode_nfc(text: str) -> tuple[str, int]:
    out = unicodedata.normalize("NFC", text)
    return out, int(out != text)


_ODD_SPACE = re.compile(
    "[\t\x0b\x0c\x1c-\x1f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


@fix("odd_spaces", "no-break, thin and other odd spaces, tabs and form feeds become plain spaces")
def odd_spaces(text: str) -> tuple[str, int]:
    return _sub(_ODD_SPACE, " ", text)


# --- Markdown left by web clippers --------------------------------------------------------------

# Only between spaces or punctuation: removing the marks inside a word (x**a**y,
# snake__case__name, №**5**) would glue words into one. The marked text starts and ends with
# something other than a mark, so a line of underscores stays as it is.
_EMPHASIS = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[{\"'«“‘„—–/-]))(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1"
    r"(?=$|[\s.,;:!?)\]}\"'»”’…—–/-])"
)


@fix(
    "markdown_emphasis",
    "Markdown bold markers from web clippers removed (**Question:** → Question:)",
    needs=("**", "__"),
)
def markdown_emphasis(text: str) -> tuple[str, int]:
    count = 0
    while True:  # nested marks (**a __b__ c**) come off one level a round; each round shrinks
        text, n = _sub(_EMPHASIS, r"\2", text)
        if not n:
            return text, count
        count += n


# --- quotes, dashes, ellipsis -------------------------------------------------------------------

_DOUBLE_OPEN = re.compile(r'(?:(?<=^)|(?<=[\s(\[{—–\-/«]))"(?=\S)')
_DOUBLE_CLOSE = re.compile(r'"')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=\w)'(?=[\s.,;:!?)]|$)")
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[{—–\-]))'(?=\w)")
_SINGLE_CLOSE = re.compile(r"'")


@fix(
    "quotes",
    "straight quotes become typographic: “ ” for double, ’ for apostrophes, ‘ ’ for single",
    needs=('"', "'"),
)
def quotes(text: str) -> tuple[str, int]:
    # Each pair of patterns only ever matches its own quote character, and none of them
    # writes a straight quote: a kind of quote the line lacks needs no pass.
    a = b = c = d = e = 0
    if '"' in text:
        text, a = _sub(_DOUBLE_OPEN, "“", text)
        text, b = _sub(_DOUBLE_CLOSE, "”", text)
    if "'" in text:
        text, c = _sub(_APOSTROPHE, "’", text)
        text, d = _sub(_SINGLE_OPEN, "‘", text)
        text, e = _sub(_SINGLE_CLOSE, "’", text)
    return text, a + b + c + d + e


_SPACED_DASH = re.compile(r"(?<=\S) (?:--|[-—―−‒]) (?=\S)")


@fix(
    "dashes",
    "a dash between spaces (-, --, —, −) becomes a spaced en dash ( – )",
    needs=" (?:--|[-—―−‒]) ",
)
def dashes(text: str) -> tuple[str, int]:
    return _sub(_SPACED_DASH, " – ", text)


_DOTS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


@fix("ellipsis", "three dots become an ellipsis character (…)", needs=("...",))
def ellipsis(text: str) -> tuple[str, int]:
    return _sub(_DOTS, "…", text)


# --- spacing ----------------------------------------------------------------------------------

_RUNS = re.compile(r"(?<=\S)  +(?=\S)")


@fix("space_runs", "runs of spaces inside a line become one space", needs=("  ",))
def space_runs(text: str) -> tuple[str, int]:
    return _sub(_RUNS, " ", text)


@fix("trim", "spaces at the start and end of a line removed")
def trim(text: str) -> tuple[str, int]:
    out = text.strip(" ")
    return out, int(out != text)


# A space left where a link was stripped: "Ukraine ." — but not before an ellipsis in mid-line
# ("wait … and see") and not in "3 :00"-like numbers.
_SPACE_BEFORE = re.compile(r"(?<=[\w”’\"»)\]]) +(?=[.,;:!?)\]](?:$|[\s”’\"»)\]]|[.,;:!?]))")
_SPACE_BEFORE_FINAL_ELLIPSIS = re.compile(r"(?<=\w) +(?=(?:…|\.\.\.)$)")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[]) +(?=\S)")


@fix(
    "space_before_punctuation",
    "space left before punctuation where a link was stripped removed",
    # A space before punctuation (or …), or after a bracket; one character class first, so
    # the search skips along the line quickly.
    needs=r"[ (\[][.,;:!?)\]… ]",
)
def space_before_punctuation(text: str) -> tuple[str, int]:
    text, a = _sub(_SPACE_BEFORE, "", text)
    text, b = _sub(_SPACE_BEFORE_FINAL_ELLIPSIS, "", text)
    text, c = _sub(_SPACE_AFTER_OPEN, "", text)
    return text, a + b + c


# Words glued where a line break or marker was lost: "mistake.Starting", "2025)Read",
# "[in 1994]on". Requires a lower-case letter before the stop so "U.S.A." and "Ph.D." stay.
_GLUED_SENTENCE = re.compile(r"(?<=[^\W\d_A-ZА-ЯЁ]{2}[.?!])(?=[A-ZА-ЯЁ][^\W\d_A-ZА-ЯЁ])")
_GLUED_CLOSE = re.compile(r"(?<!\(\w\))(?<!\[\w\])(?<=[)\]])(?=[^\W\d_])")


@fix(
    "glued_words",
    "a space restored where a lost line break glued two words (mistake.Starting)",
    # Where one of the two patterns below matches, written to start with the character it
    # follows: a pattern that opens with a look-behind is tried at every position of the line,
    # this one only at stops and brackets.
    needs=r"[.?!)\]](?:(?<=[^\W\d_A-ZА-ЯЁ]{2}[.?!])[A-ZА-ЯЁ][^\W\d_A-ZА-ЯЁ]"
    r"|(?<=[)\]])(?<!\(\w\))(?<!\[\w\])[^\W\d_])",
)
def glued_words(text: str) -> tuple[str, int]:
    text, a = _sub(_GLUED_SENTENCE, " ", text)
    text, b = _sub(_GLUED_CLOSE, " ", text)
    return text, a + b


_Plan = tuple[tuple[str, Fix, Callable[[str], bool]], ...]
_plans: dict[int, _Plan] = {}


def _plan() -> _Plan:
    """The registry as (name, fix, test for what it needs), made once (again if it grows)."""
    plan = _plans.get(len(REGISTRY))
    if plan is None:
        plan = _plans[len(REGISTRY)] = tuple((r.name, r.apply, _finder(r.needs)) for r in REGISTRY)
    return plan


def normalise_line(text: str) -> tuple[str, Counter[str]]:
    """Apply every registered fix to one line; return the new line and per-fix change counts.

    Runs twice when the first pass changed something, so that a fix that enables another (a
    removed control character exposing a space run) settles: normalising is idempotent.
    """
    counts: Counter[str] = Counter()
    for _ in range(3):
        changed = False
        for name, apply, may_change in _plan():
            if not may_change(text):
                continue  # the fix cannot change this line (see FixRule.needs)
            new, n = apply(text)
            if n and new != text:
                counts[name] += n
                text = new
                changed = True
        if not changed:
            break
    return text, counts


def normalise_text(text: str) -> str:
    """Normalise every line of a text (convenience for tests and tools)."""
    return "\n".join(normalise_line(line)[0] for line in text.split("\n"))
