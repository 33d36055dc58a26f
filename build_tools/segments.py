"""Cut normalised lines into segments at structural markers, and match boilerplate rules.

A Telegram post writes ``arena?💬 Sergey Lavrov: Our leadership…`` and ``results. • Where…``:
one physical line, two pieces of structure. Splitting at the markers listed in
``rules/markers.yaml`` gives segments that the parser can treat like lines, each remembering its
source line and the marker (now structure, not text) that introduced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from build_tools.rules import load_rules

MarkerRole = Literal["header", "speech", "question", "highlight", "bullet"]


@dataclass(frozen=True)
class Segment:
    """A piece of one source line between markers."""

    line: int
    """1-based source line."""
    text: str
    """The segment's normalised text, marker removed, stripped."""
    marker: MarkerRole | None
    """Role of the marker that opened this segment, None for plain text."""
    marker_text: str
    """The marker characters as they were in the source ('' when none)."""


@dataclass(frozen=True)
class BoilerplateRule:
    """One entry of ``rules/boilerplate.yaml`` (see that file for the meaning of each key)."""

    id: str
    """Stable rule name."""
    reason: str
    """Why the text is not on the page."""
    pattern: re.Pattern[str]
    """Compiled, case-insensitive."""
    match: Literal["line", "suffix"]
    """Whole segment, or the end of it."""
    into: str | None
    """Metadata field that receives group ``value``."""
    excerpt: bool
    """Marks the framing of an excerpt."""
    then: Literal["tags", "rest"] | None
    """What the following lines are."""
    then_reason: str
    """Reason for lines removed by ``then: rest``."""
    max_following: int
    """Largest footer ``then: rest`` removes."""


@cache
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The boilerplate table, compiled once."""
    rules = []
    for raw in load_rules("boilerplate")["rules"]:
        match = raw.get("match", "line")
        body = raw["pattern"]
        regex = rf"^(?:{body})$" if match == "line" else rf"(?:^|\s)(?:{body})$"
        rules.append(
            BoilerplateRule(
                id=raw["id"],
                reason=raw["reason"],
                pattern=re.compile(regex, re.IGNORECASE),
                match=match,
                into=raw.get("into"),
                excerpt=bool(raw.get("excerpt", False)),
                then=raw.get("then"),
                then_reason=raw.get("then_reason", raw["reason"]),
                max_following=int(raw.get("max_following", 1_000_000)),
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class BoilerplateHit:
    """A rule that matched a segment, and the part it covers."""

    rule: BoilerplateRule
    """The matching rule."""
    removed: str
    """The text the rule takes out."""
    kept: str
    """What is left of the segment (non-empty only for suffix rules)."""
    value: str | None
    """The captured metadata value, for ``into`` rules."""


def match_boilerplate(text: str) -> BoilerplateHit | None:
    """The first rule that matches ``text``, or None."""
    for rule in boilerplate_rules():
        m = rule.pattern.search(text)
        if not m:
            continue
        value = m.groupdict().get("value")
        if rule.match == "suffix":
            kept = text[: m.start()].rstrip()
            removed = text[m.start() :].strip()
            return BoilerplateHit(rule, removed, kept, value)
        return BoilerplateHit(rule, text, "", value)
    return None


@cache
def _marker_tables() -> tuple[re.Pattern[str], dict[str, MarkerRole], re.Pattern[str]]:
    anywhere: dict[str, MarkerRole] = {}
    start_only: dict[str, MarkerRole] = {}
    for entry in load_rules("markers")["markers"]:
        table = start_only if entry.get("line_start_only") else anywhere
        for ch in entry["chars"]:
            table[ch] = entry["role"]
    # A marker may carry an emoji variation selector (U+FE0F) or a space after it.
    alt = "|".join(re.escape(c) for c in sorted(anywhere, key=len, reverse=True))
    marker_re = re.compile(rf"(?:{alt})\ufe0f?")
    starts = "|".join(re.escape(c) for c in start_only)
    start_re = re.compile(rf"^(?:{starts})(?= )")
    roles = {**anywhere, **start_only}
    return marker_re, roles, start_re


def marker_role(marker: str) -> MarkerRole:
    """Role of a marker string as found in a line."""
    _, roles, _ = _marker_tables()
    return roles[marker.replace("\ufe0f", "")]


def split_segments(line: int, text: str) -> list[Segment]:
    """Split one normalised line at its markers; blank pieces of text are dropped."""
    marker_re, roles, start_re = _marker_tables()
    segments: list[Segment] = []
    start = start_re.match(text)
    pending: tuple[MarkerRole | None, str] = (None, "")
    pos = 0
    if start:
        pending = (roles[start.group()], start.group())
        pos = start.end()
    for m in marker_re.finditer(text, pos):
        piece = text[pos : m.start()].strip()
        if piece or pending[0] is not None:
            segments.append(Segment(line, piece, pending[0], pending[1]))
        pending = (roles[m.group().replace("\ufe0f", "")], m.group())
        pos = m.end()
    piece = text[pos:].strip()
    if piece or pending[0] is not None:
        segments.append(Segment(line, piece, pending[0], pending[1]))
    return segments
