"""The citation of an interview or one of its paragraphs, as a researcher pastes it.

One source of truth for its wording: the interview pages carry it as a template in a data
attribute (the "Copy citation" and "Cite" buttons, ``docs/assets/cite.js``), and the home page's
"How to cite" shows it with an example. The browser fills in what only it knows at copy time:
the archive's address of the paragraph and the date of access.

    Sergey Lavrov, “Foreign Minister Sergey Lavrov’s interview with Rossiya 24”, Rossiya 24,
    Moscow, 1 November 2021, https://…/interviews/2021-11-01-rossiya-24/#p-1a2b3c4d,
    accessed 6 December 2026.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.model import Interview

URL = "{url}"
"""Placeholder for the archive address (page URL, with ``#paragraph`` for a paragraph)."""
ACCESSED = "{accessed}"
"""Placeholder for the date of access, written like the interview's date."""
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Citation:
    """What a citation names, in the order it names it (each part plain text, or None)."""

    speaker: str | None
    """Who speaks: the speaker named in the title, else the one who says the most (main_speaker)."""
    title: str
    """The title as published."""
    where: str | None
    """The outlet the interview was given to, or else the occasion (forum, film)."""
    place: str | None
    """Where it took place."""
    date: str
    """The date as a reader writes it (``1 November 2021``), or ``undated``."""


def human_date(iso: str | None) -> str:
    """``2021-11-01`` -> ``1 November 2021``; ``2021-11`` -> ``November 2021``; None ->
    ``undated``. Anything else is returned as it is (it is still what the source says)."""
    if not iso:
        return "undated"
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return iso
    if len(parts) >= 2 and not 1 <= int(parts[1]) <= 12:
        return iso
    month = MONTHS[int(parts[1]) - 1] if len(parts) >= 2 else ""
    if len(parts) == 3:
        return f"{int(parts[2])} {month} {parts[0]}"
    return f"{month} {parts[0]}".strip()


def main_speaker(named: str | None, spoken: Iterable[tuple[str, str, int]]) -> str | None:
    """Who a citation names: the speaker the title names, else the one who says the most
    paragraphs outside questions (the first to speak on a tie). ``spoken``: (speaker, role,
    paragraphs) per turn. The pages' citations and the BibTeX, RIS and CSL downloads
    (bibliography.py) both ask here, so they never name different people."""
    if named:
        return named
    counts: Counter[str] = Counter()
    for speaker, role, paragraphs in spoken:
        if role != "question":
            counts[speaker] += paragraphs
    return counts.most_common(1)[0][0] if counts else None


def _speaker(interview: Interview) -> str | None:
    turns = interview.main.turns
    return main_speaker(
        interview.main.metadata.speaker, ((t.speaker, t.role, len(t.paragraphs)) for t in turns)
    )


def citation_of(interview: Interview) -> Citation:
    """The parts of an interview's citation."""
    meta = interview.main.metadata
    return Citation(
        speaker=_speaker(interview),
        title=meta.title,
        where=meta.outlet or meta.occasion,
        place=meta.place,
        date=human_date(meta.date),
    )


def template(citation: Citation) -> str:
    """The citation with :data:`URL` and :data:`ACCESSED` left to fill in. Both come after
    every part taken from the source, so a title that itself says ``{url}`` is never filled
    in: the browser replaces the last occurrence of each (cite.js)."""
    parts = [
        citation.speaker,
        f"“{citation.title}”",
        citation.where,
        citation.place,
        citation.date,
        URL,
    ]
    return ", ".join(p for p in parts if p) + f", accessed {ACCESSED}."


def fill(template_text: str, url: str, accessed: str) -> str:
    """The template filled in as cite.js does it (the last placeholder of each kind)."""
    head, _, tail = template_text.rpartition(ACCESSED)
    text = head + accessed + tail
    head, _, tail = text.rpartition(URL)
    return head + url + tail
