"""Prove that nothing was lost and nothing invented: every word of every line is accounted for.

Each paragraph records which source lines it was joined from and where each line's piece starts
(``Paragraph.offsets``), so every piece of output text can be traced to one line. For each
source line, the words of the raw decoded line (NFKC, case-folded) must equal, as a multiset,
the words of everything that came from that line: paragraph pieces, removal log entries, and
text that became metadata or structure (title, dates, labels, markers). Reading the raw line, not
the normalised one, means a fix that dropped or changed a word is caught too.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from build_tools import features
from build_tools.cache import Store
from build_tools.ids import words
from build_tools.model import Diagnostic, ExcerptLink, Interview, ParsedSource


def pieces_by_line(parsed: ParsedSource) -> dict[int, list[str]]:
    """Every piece of output text, grouped by the source line it came from."""
    pieces: dict[int, list[str]] = {}

    def add(line: int, text: str) -> None:
        pieces.setdefault(line, []).append(text)

    for para in parsed.paragraphs:
        bounds = [*para.offsets[1:], len(para.text)]
        for line, start, end in zip(para.lines, para.offsets, bounds, strict=True):
            add(line, para.text[start:end])
    for removal in parsed.removed:
        add(removal.line, removal.text)
    for line, consumed in parsed.structure.items():
        for piece in consumed:
            add(line, piece)
    return pieces


def account(parsed: ParsedSource) -> dict[int, tuple[list[str], list[str]]]:
    """Per source line with a difference: (words lost, words not in the source)."""
    pieces = pieces_by_line(parsed)
    out: dict[int, tuple[list[str], list[str]]] = {}
    for src in parsed.lines:
        got = pieces.get(src.number, [])
        if len(got) == 1 and got[0] == src.raw:
            continue  # the line went whole into one place: the same text has the same words
        needed = words(src.raw)
        found = [w for piece in got for w in words(piece)]
        # The same words in the same order, or in another order, are the same multiset; only a
        # line that differs (a bug) pays for counting what differs.
        if needed == found or sorted(needed) == sorted(found):
            continue
        need, have = Counter(needed), Counter(found)
        lost, added = need - have, have - need
        out[src.number] = (sorted(lost.elements()), sorted(added.elements()))
    return out


def lost_words(parsed: ParsedSource) -> dict[int, list[str]]:
    """Per source line, the words of the raw line that appear nowhere in its destinations."""
    return {line: lost for line, (lost, _) in account(parsed).items() if lost}


def check_nothing_lost(parsed: ParsedSource) -> list[Diagnostic]:
    """An error diagnostic per line with lost or invented words (an empty list is the proof)."""
    out = []
    for line, (lost, added) in sorted(account(parsed).items()):
        problems = []
        if lost:
            problems.append(f"{len(lost)} word(s) are on no page and in no log: {_show(lost)}")
        if added:
            problems.append(
                f"{len(added)} word(s) appear that the line does not have: {_show(added)}"
            )
        out.append(
            Diagnostic(
                parsed.source.path,
                line,
                "error",
                "; ".join(problems) + ".",
                "This is a bug in build_tools (parse or normalise); report it with the line.",
            )
        )
    return out


def _show(items: list[str]) -> str:
    return ", ".join(items[:8]) + (" …" if len(items) > 8 else "")


LOSSLESS_KEY = "lossless"
"""The cache entry of :func:`check_links_lossless`: source key -> its diagnostics."""


def check_links_lossless(
    interviews: Iterable[Interview], cache: Store | None = None
) -> list[Diagnostic]:
    """An error per merged source whose sentences are not all in a span or ``unmatched``.

    An excerpt has no page of its own, so its text survives only as aligned spans (shown as
    quotes on the full interview's page) or as excerpt-only sentences: together they must hold
    every word of its paragraphs, across every interview it was merged into.

    With ``cache``, a source's result is kept by its identity and those of the interviews it
    was merged into: its spans are aligned from exactly these (and kept by them, see
    ``excerpts._aligned``), so only a source whose own text or targets changed is counted
    again (counting every word of every merged source took 0.15 s of a rebuild at 1,000).
    """
    links: dict[str, list[ExcerptLink]] = {}
    targets: dict[str, list[str]] = {}
    for interview in interviews:
        for link in interview.linked:
            links.setdefault(link.source.source.path, []).append(link)
            if cache is not None:
                targets.setdefault(link.source.source.path, []).append(
                    features.of(interview.main).digest
                )
    kept = cache.get(LOSSLESS_KEY) if cache is not None else None
    known: dict[str, tuple[Diagnostic, ...]] = kept if isinstance(kept, dict) else {}
    now: dict[str, tuple[Diagnostic, ...]] = {}
    out: list[Diagnostic] = []
    for path, merged in sorted(links.items()):
        key = None
        if cache is not None:
            shown = (features.of(merged[0].source).digest, sorted(targets[path]))
            key = hashlib.sha256(repr(shown).encode()).hexdigest()
        found = known[key] if key in known else _lost(path, merged)
        if key is not None:
            now[key] = found
        out += found
    if cache is not None and now.keys() != known.keys():
        cache.put(LOSSLESS_KEY, now)  # only this build's sources: the entry does not grow
    return out


def _lost(path: str, links: list[ExcerptLink]) -> tuple[Diagnostic, ...]:
    """The diagnostic (none or one) of one source merged by ``links``."""
    have: Counter[str] = Counter()
    for link in links:
        for piece in [s.text for s in link.spans] + [u.text for u in link.unmatched]:
            have.update(words(piece))
    needed: Counter[str] = Counter()
    for para in links[0].source.paragraphs:
        needed.update(words(para.text))
    lost, added = needed - have, have - needed
    if not lost and not added:
        return ()
    return (
        Diagnostic(
            path,
            None,
            "error",
            f"merging lost {len(lost)} and invented {len(added)} word(s) of this source: "
            f"{_show(sorted(lost.elements()) + sorted(added.elements()))}.",
            "This is a bug in build_tools (excerpts); report it with the file.",
        ),
    )
