"""Cut normalised lines into segments at structural markers, and match boilerplate rules.

A Telegram post writes ``arena?💬 Sergey Lavrov: Our leadership…`` and ``results. • Where…``:
one physical line, two pieces of structure. Splitting at the markers listed in
``rules/markers.yaml`` gives segments that the parser can treat like lines, each remembering its
source line and the marker (now structure, not text) that introduced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    at_start: re.Pattern[str] | None = None
    after_space: re.Pattern[str] | None = None
    r"""For a suffix rule, ``pattern``'s two ways in, each on its own: the body from the start
    of the segment (tried once), or after a space (searched from one space to the next; the
    pattern's ``(?:^|\s)`` is tried at every character). Together they find what ``pattern``
    finds: its leftmost match starts at 0 through ``^`` if it can, else at the first space
    where one fits."""

    def search(self, text: str) -> re.Match[str] | None:
        """``self.pattern.search(text)``, the same match found faster."""
        if self.at_start is None or self.after_space is None:
            return self.pattern.search(text)
        return self.at_start.match(text) or self.after_space.search(text)


@cache
def _searches() -> tuple[tuple[BoilerplateRule, Callable[[str], re.Match[str] | None]], ...]:
    """Each rule with its search: the pattern's own (C, no Python call) for a line rule."""
    return tuple(
        (rule, rule.search if rule.at_start else rule.pattern.search)
        for rule in boilerplate_rules()
    )


@cache
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The boilerplate table, compiled once."""
    rules = []
    for raw in load_rules("boilerplate")["rules"]:
        match = raw.get("match", "line")
        body = raw["pattern"]
        regex = rf"^(?:{body})$" if match == "line" else rf"(?:^|\s)(?:{body})$"
        suffix = match == "suffix"
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
                at_start=re.compile(rf"(?:{body})$", re.IGNORECASE) if suffix else None,
                after_space=re.compile(rf"\s(?:{body})$", re.IGNORECASE) if suffix else None,
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
    for rule, search in _searches():
        m = search(text)
        if not m:
            continue
        value = m.groupdict().get("value")
        if rule.match == "suffix":
            kept = text[: m.start()].rstrip()
            removed = text[m.start() :].strip()
            return BoilerplateHit(rule, removed, kept, value)
        return BoilerplateHit(rule, text, "", value)
    return None


@dataclass(frozen=True)
class _Markers:
    """``rules/markers.yaml``, compiled."""

    anywhere: re.Pattern[str]
    """Any marker that counts anywhere in a line."""
    roles: dict[str, MarkerRole]
    """Marker (without a variation selector) -> role."""
    start: re.Pattern[str]
    """A marker that counts only at the start of a line."""
    gate: re.Pattern[str]
    """A character from the lowest to the highest that starts an ``anywhere`` marker: the
    markers are emoji and symbols, so most lines have none, and this one range is searched
    many times faster than the set of markers."""


@cache
def _marker_tables() -> _Markers:
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
    firsts = [c[0] for c in anywhere]
    gate = re.compile(f"[{re.escape(min(firsts))}-{re.escape(max(firsts))}]" if firsts else "(?!)")
    return _Markers(marker_re, {**anywhere, **start_only}, start_re, gate)


def marker_role(marker: str) -> MarkerRole:
    """Role of a marker string as found in a line."""
    return _marker_tables().roles[marker.replace("\ufe0f", "")]


def split_segments(line: int, text: str) -> list[Segment]:
    """Split one normalised line at its markers; blank pieces of text are dropped."""
    markers = _marker_tables()
    roles = markers.roles
    segments: list[Segment] = []
    start = markers.start.match(text)
    pending: tuple[MarkerRole | None, str] = (None, "")
    pos = 0
    if start:
        pending = (roles[start.group()], start.group())
        pos = start.end()
    found = markers.anywhere.finditer(text, pos) if markers.gate.search(text, pos) else ()
    for m in found:
        piece = text[pos : m.start()].strip()
        if piece or pending[0] is not None:
            segments.append(Segment(line, piece, pending[0], pending[1]))
        pending = (roles[m.group().replace("\ufe0f", "")], m.group())
        pos = m.end()
    piece = text[pos:].strip()
    if piece or pending[0] is not None:
        segments.append(Segment(line, piece, pending[0], pending[1]))
    return segments
