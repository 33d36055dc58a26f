"""Read the facts a transcript's title states: kind, speaker, outlet, occasion, place, date.

Titles of the ministry's transcripts follow a few shapes, in English and Russian::

    Foreign Minister Sergey Lavrov’s interview with Rossiya 24, Moscow, November 1, 2021
    Interview with the Minister ... S.V. Lavrov, Izvestia International Research Center, Moscow,
        March 28, 2024
    Интервью Министра иностранных дел России С.В.Лаврова газете «Известия», Москва,
        21 марта 2025 года

How a title is read (every name list is data in ``rules/``):

1. **date**: the last date in the title (:func:`build_tools.dates.find_dates`); it is cut out
   before the rest is read.
2. The rest is split at commas outside quotation marks and brackets into *chunks*.
3. **kind**: the ``rules/kinds.yaml`` pattern that matches earliest in the title; at a tie, the
   entry listed first. The chunk holding it is the *head*; later chunks are the *tail*.
   No match: kind ``transcript``, and the head is the chunk naming the speaker (or the first).
4. **speaker**: the first person of ``rules/speakers.yaml`` named in the title (aliases and
   inflected ``mentions``; generic labels such as ``Question`` are skipped).
5. The head after the kind is cut at connecting words (:data:`CONNECTORS`) into segments:

   * ``with``/``by``/``from``/``to``/``given to`` + a known outlet, or a name with a media word
     (``newspaper``...) -> **outlet**; + the speaker -> nothing (the speaker is named there);
     ``with``/``to`` + any other capitalised name, for a kind given to media (``outlet: true``
     in kinds.yaml) -> the outlet as written.
   * ``for`` + an outlet (as above) -> **outlet**; ``for`` + anything else -> **occasion**.
   * ``at``, ``following``, ``during``, ``в ходе``, ``на`` ... -> **occasion**.

   An occasion (or a topic) runs to the end of the head. Russian outlets follow a dative noun from
   ``introducers`` in ``rules/outlets.yaml`` (``газете «Известия»``).
6. **tail** chunks: a chunk in ``rules/places.yaml`` is a **place**; a known outlet is the
   **outlet**. The chunk right after a head that ends with the speaker (``Interview with ...
   S.V. Lavrov, X, Moscow``) is the outlet as written when a place follows it or it has a media
   word. Any other chunk is left alone: an unknown place is never guessed.
7. **place**: towns first, then regions (``region: true``): ``Solnechnogorsk, Moscow Region``.

Values are cleaned: outlets and occasions lose quotation marks (``"Krasnaya Zvezda"`` and
``Krasnaya Zvezda`` are the same outlet, a film title quoted or not is the same occasion) and a
leading article; an outlet not in the table also loses a bracketed gloss and a media word
(``for Le Monde newspaper`` -> ``Le Monde``). Known names come out in their canonical form
(``Известия`` -> ``Izvestia``, ``Москва`` -> ``Moscow``). The title itself is kept as
published, with its whitespace normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from build_tools.dates import find_dates
from build_tools.rules import load_rules

DEFAULT_KIND = "transcript"
"""Kind of a title that names none of the kinds in ``rules/kinds.yaml``."""

CONNECTORS: Mapping[str, str] = {
    # English
    "with": "party",
    "by": "party",
    "from": "party",
    "to": "recipient",
    "given to": "recipient",
    "for": "for",
    "at": "occasion",
    "following": "occasion",
    "during": "occasion",
    "ahead of": "occasion",
    "on the eve of": "occasion",
    "on the sidelines of": "occasion",
    "on the margins of": "occasion",
    "in the course of": "occasion",
    "about": "topic",
    "concerning": "topic",
    # Russian
    "для": "for",
    "в ходе": "occasion",
    "на полях": "occasion",
    "на": "occasion",
    "по итогам": "occasion",
    "в рамках": "occasion",
    "по случаю": "occasion",
    "накануне": "occasion",
    "о": "topic",
    "об": "topic",
}
"""Words that open a part of a title's head, and what that part names (see module docs)."""


@dataclass(frozen=True)
class TitleFacts:
    """What a title says about its transcript."""

    title: str
    """The title as published, whitespace normalised."""
    kind: str
    """``interview``, ``remarks and answers to questions``, ... or ``transcript``."""
    speaker: str | None
    """Canonical name of the main speaker named in the title."""
    outlet: str | None
    """Outlet the interview was given to, canonical when known, else as written."""
    occasion: str | None
    """Event or production: ``film Diplomacy as a Way of Life: I Prefer Fair Play``."""
    place: str | None
    """``Town, Region`` from the gazetteer, or None when the title names no known place."""
    date: str | None
    """ISO date of the last date in the title."""


# --- rule tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Speaker:
    name: str
    role: str
    generic: bool
    aliases: tuple[str, ...]
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class _Kind:
    kind: str
    outlet: bool
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Place:
    name: str
    region: bool


@dataclass(frozen=True)
class _Outlets:
    by_key: Mapping[str, str]
    finder: re.Pattern[str] | None
    descriptor_anywhere: re.Pattern[str] | None
    descriptor_edges: re.Pattern[str] | None
    introduced: re.Pattern[str] | None


def _load(name: str) -> Any:
    return load_rules(name)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _entries(value: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{where}: expected a list of mappings")
    return value


@cache
def _speakers() -> tuple[_Speaker, ...]:
    found = []
    for entry in _entries(_load("speakers"), "rules/speakers.yaml"):
        name = str(entry["name"])
        role = str(entry.get("role", "statement"))
        if role not in ("question", "answer", "statement"):
            raise ValueError(f"rules/speakers.yaml: {name}: unknown role {role!r}")
        where = f"rules/speakers.yaml: {name}"
        aliases = (name, *_strings(entry.get("aliases"), where))
        mentions = _strings(entry.get("mentions"), where)
        found.append(_Speaker(name, role, bool(entry.get("generic", False)), aliases, mentions))
    return tuple(found)


@cache
def _speaker_by_key() -> Mapping[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for sp in _speakers():
        for alias in sp.aliases:
            table.setdefault(_key(alias), (sp.name, sp.role))
    return table


@cache
def _speaker_finder() -> tuple[re.Pattern[str] | None, Mapping[str, str]]:
    names: dict[str, str] = {}
    for sp in _speakers():
        if not sp.generic:
            for alias in (*sp.aliases, *sp.mentions):
                names.setdefault(alias, sp.name)
    return _finder(names), {_key(a): n for a, n in names.items()}


@cache
def _kinds() -> tuple[_Kind, ...]:
    kinds = []
    for entry in _entries(_load("kinds"), "rules/kinds.yaml"):
        kind = str(entry["kind"])
        patterns = _strings(entry.get("patterns"), f"rules/kinds.yaml: {kind}")
        compiled = tuple(re.compile(p, re.IGNORECASE) for p in patterns)
        kinds.append(_Kind(kind, bool(entry.get("outlet", False)), compiled))
    return tuple(kinds)


@cache
def _places() -> Mapping[str, _Place]:
    table: dict[str, _Place] = {}
    for entry in _entries(_load("places"), "rules/places.yaml"):
        place = _Place(str(entry["name"]), bool(entry.get("region", False)))
        for alias in (place.name, *_strings(entry.get("aliases"), f"places: {place.name}")):
            table.setdefault(_key(alias), place)
    return table


@cache
def _outlets() -> _Outlets:
    data = _load("outlets")
    if not isinstance(data, dict):
        raise ValueError("rules/outlets.yaml: expected a mapping with `outlets:`")
    names: dict[str, str] = {}
    for entry in _entries(data.get("outlets"), "rules/outlets.yaml: outlets"):
        name = str(entry["name"])
        for alias in (name, *_strings(entry.get("aliases"), f"outlets: {name}")):
            names.setdefault(alias, name)
    descriptors = _strings(data.get("descriptors"), "rules/outlets.yaml: descriptors")
    introducers = _strings(data.get("introducers"), "rules/outlets.yaml: introducers")
    introduced = None
    if introducers:
        words = "|".join(re.escape(w) for w in sorted(introducers, key=len, reverse=True))
        introduced = re.compile(
            rf"(?<!\w)(?i:{words})\s+(?P<name>«[^«»]+»|\"[^\"]+\"|“[^“”]+”|„[^„“”]+[“”]"
            r"|[A-ZА-ЯЁ0-9][\w.&'’-]*(?:\s+[A-ZА-ЯЁ0-9][\w.&'’-]*)*)"
        )
    anywhere = edges = None
    if descriptors:
        media = "|".join(re.escape(d) for d in sorted(descriptors, key=len, reverse=True))
        anywhere = re.compile(rf"(?<!\w)(?i:{media})(?!\w)")
        edges = re.compile(rf"^(?i:{media})\s+|\s+(?i:{media})$")
    return _Outlets(
        by_key={_key(a): n for a, n in names.items()},
        finder=_finder(names),
        descriptor_anywhere=anywhere,
        descriptor_edges=edges,
        introduced=introduced,
    )


# --- text keys and alias search ------------------------------------------------------------------

_QUOTE_CHARS = '"“”„«»‟'
_APOSTROPHES = "’‘`´ʼ"
_DASHES = "‐‑–"


def _key(text: str) -> str:
    """Comparison form: case-folded, ё as е, one apostrophe, no quotes, full stops as spaces."""
    t = text.casefold().replace("ё", "е")
    t = t.translate({ord(c): "'" for c in _APOSTROPHES})
    t = t.translate({ord(c): "-" for c in _DASHES})
    t = t.translate({ord(c): None for c in _QUOTE_CHARS})
    t = t.replace(".", " ")
    return " ".join(t.split())


def _alias_pattern(alias: str) -> str:
    """Regex matching ``alias`` in running text, as loosely as :func:`_key` compares."""
    parts: list[str] = []
    text = " ".join(alias.split())
    for i, ch in enumerate(text):
        last = i == len(text) - 1
        if ch == ".":
            parts.append(r"\." if last else r"\.\s*")
        elif ch == " ":
            if text[i - 1] != ".":
                parts.append(r"\s+")
        elif ch in _APOSTROPHES or ch == "'":
            parts.append(f"[{_APOSTROPHES}']")
        elif ch in "-" + _DASHES:
            parts.append(f"[-{_DASHES}]")
        elif ch in "еёЕЁ":
            parts.append("[еёЕЁ]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    letters = [c for c in alias if c.isalpha()]
    acronym = alias.isupper() and len(letters) <= 4
    return body if acronym else f"(?i:{body})"


def _finder(aliases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any alias, longest first, at word boundaries."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(_alias_pattern(a) for a in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    name: str


def _hits(finder: re.Pattern[str] | None, by_key: Mapping[str, str], text: str) -> list[_Hit]:
    if finder is None:
        return []
    found = []
    for m in finder.finditer(text):
        name = by_key.get(_key(m.group()))
        if name is not None:
            found.append(_Hit(m.start(), m.end(), name))
    return found


# --- masking: what the structure of a title may not cut through ---------------------------------

_PAIRED = re.compile(r"“[^“”]*”|«[^«»]*»|„[^„“”]*[“”]|\"[^\"]*\"|\([^()]*\)|\[[^\[\]]*\]")
_MASK = "\x00"


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PAIRED.finditer(text)]


# --- value cleaning ------------------------------------------------------------------------------

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_GLOSS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_EDGE_PUNCT = " \t,;:.-–—\x00"


def _tidy(text: str) -> str:
    """Drop quotation marks and a leading article, normalise spaces, trim punctuation."""
    t = text.translate({ord(c): None for c in _QUOTE_CHARS})
    t = " ".join(t.split()).strip(_EDGE_PUNCT)
    return _LEADING_ARTICLE.sub("", t).strip(_EDGE_PUNCT)


def _strip_descriptors(text: str) -> str:
    """Remove media words at either end of a name (never the whole name)."""
    edges = _outlets().descriptor_edges
    while edges is not None:
        stripped = edges.sub("", text, count=1).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return text


def _has_descriptor(text: str) -> bool:
    anywhere = _outlets().descriptor_anywhere
    return anywhere is not None and anywhere.search(text) is not None


def _known_outlet(text: str, loose: bool) -> str | None:
    """Canonical outlet that ``text`` names: exactly, or (``loose``) anywhere inside it."""
    table = _outlets()
    plain = _tidy(_GLOSS.sub("", text))
    for candidate in (plain, _strip_descriptors(plain), _tidy(text)):
        name = table.by_key.get(_key(candidate))
        if name is not None:
            return name
    if not loose:
        return None
    hits = _hits(table.finder, table.by_key, text)
    if not hits:
        return None
    return max(hits, key=lambda h: (h.end - h.start, -h.start)).name


def _looks_like_name(text: str) -> bool:
    first = text[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _outlet_as_written(text: str) -> str | None:
    """An unknown outlet: the text without quotes, gloss, leading article or media word."""
    plain = _tidy(_GLOSS.sub("", text))
    plain = _strip_descriptors(plain)
    return plain if _looks_like_name(plain) else None


def _introduced_outlet(text: str) -> str | None:
    """Russian ``газете «Известия»`` shape: the outlet after a dative media noun."""
    pattern = _outlets().introduced
    m = pattern.search(text) if pattern else None
    if m is None:
        return None
    name = m.group("name")
    return _known_outlet(name, loose=False) or _outlet_as_written(name)


# --- the title's parts ---------------------------------------------------------------------------


@cache
def _connector_finder() -> re.Pattern[str]:
    words = sorted(CONNECTORS, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(rf"(?<!\S)(?:{body})(?!\S)", re.IGNORECASE)


def _chunks(masked: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans between commas of ``masked[start:end]`` (commas in quotes are masked)."""
    pos = start
    for i in range(start, end):
        if masked[i] == ",":
            yield pos, i
            pos = i + 1
    yield pos, end


def _cut_date(text: str, start: int, end: int) -> str:
    """Remove the date at ``start:end`` with brackets around it and the punctuation before it."""
    before, after = text[:start], text[end:]
    if before.rstrip().endswith(("(", "[")) and after.lstrip().startswith((")", "]")):
        before, after = before.rstrip()[:-1], after.lstrip()[1:]
    before = before.rstrip(" \t,;–—-")
    if after.strip(" \t.,;)]"):
        return f"{before} {after.strip()}".strip() if before else after.strip()
    return before


@dataclass(frozen=True)
class _Head:
    outlet: str | None
    occasion: str | None
    ends_with_speaker: bool


def _outlet_like(text: str) -> bool:
    """A known outlet, or a name with a media word (``... newspaper``)."""
    return _known_outlet(text, loose=False) is not None or _has_descriptor(text)


def _segment_outlet(word: str | None, text: str, has_speaker: bool, media_kind: bool) -> str | None:
    """The outlet a head segment names, if any (``word`` is its connector, None for the lead)."""
    found = _introduced_outlet(text)
    if found is not None:
        return found
    if word is None and not media_kind:
        return None
    known = _known_outlet(text, loose=True)
    if known is not None or has_speaker:
        return known
    if _has_descriptor(text) or (media_kind and word in ("with", "to", "given to")):
        return _outlet_as_written(text)
    return None


def _read_head(
    work: str, masked: str, start: int, end: int, speakers: list[_Hit], media_kind: bool
) -> _Head:
    """Outlet and occasion from the head of a title, ``work[start:end]`` after the kind."""
    outlet: str | None = None
    ends_with_speaker = False
    cuts = list(_connector_finder().finditer(masked, start, end))
    # The text before the first connector is a segment of its own (Russian: speaker, outlet).
    pieces: list[tuple[str | None, int, int]] = [(None, start, cuts[0].start() if cuts else end)]
    for i, cut in enumerate(cuts):
        said = " ".join(cut.group().lower().split())
        pieces.append((said, cut.end(), cuts[i + 1].start() if i + 1 < len(cuts) else end))

    for word, seg_start, seg_end in pieces:
        text = work[seg_start:seg_end]
        if not text.strip(_EDGE_PUNCT):
            continue
        role = CONNECTORS.get(word) if word else None
        has_speaker = any(seg_start <= h.start < seg_end for h in speakers)
        if role == "occasion" or (role == "for" and not _outlet_like(text)):
            return _Head(outlet, _tidy(work[seg_start:end]) or None, ends_with_speaker=False)
        if role == "topic":
            return _Head(outlet, None, ends_with_speaker=False)
        found = _segment_outlet(word, text, has_speaker, media_kind)
        if outlet is None:
            outlet = found
        ends_with_speaker = has_speaker and found is None
    return _Head(outlet, None, ends_with_speaker)


_CITY_PREFIX = re.compile(r"^(?:г\.\s*|city\s+of\s+)", re.IGNORECASE)


def _place(text: str) -> _Place | None:
    plain = _CITY_PREFIX.sub("", _tidy(text))
    return _places().get(_key(plain))


def _places_in(text: str) -> list[_Place] | None:
    """The places one tail chunk names (``Town (Region)`` counts as two), or None."""
    whole = _place(text)
    if whole is not None:
        return [whole]
    m = re.fullmatch(r"\s*([^()]+?)\s*\(([^()]+)\)\s*", text)
    if m:
        parts = [_place(m.group(1)), _place(m.group(2))]
        if all(parts):
            return [p for p in parts if p is not None]
    return None


def _join_places(places: list[_Place]) -> str | None:
    ordered = [p for p in places if not p.region] + [p for p in places if p.region]
    names = list(dict.fromkeys(p.name for p in ordered))
    return ", ".join(names) if names else None


def _find_kind(masked: str) -> tuple[_Kind | None, int, int]:
    best: tuple[int, int, _Kind, int] | None = None
    for order, kind in enumerate(_kinds()):
        for pattern in kind.patterns:
            m = pattern.search(masked)
            if m and (best is None or (m.start(), order) < best[:2]):
                best = (m.start(), order, kind, m.end())
    if best is None:
        return None, -1, -1
    return best[2], best[0], best[3]


def _read_tail(
    work: str, chunks: list[tuple[int, int]], head: _Head
) -> tuple[str | None, str | None]:
    """Outlet and place from the comma chunks after the head (see module docs, step 6)."""
    outlet = head.outlet
    places: list[_Place] = []
    tail = [(s, e) for s, e in chunks if work[s:e].strip(_EDGE_PUNCT)]
    for i, (s, e) in enumerate(tail):
        text = work[s:e]
        found_places = _places_in(text)
        if found_places:
            places.extend(found_places)
            continue
        known = _known_outlet(text, loose=False)
        if known is not None:
            outlet = outlet or known
            continue
        next_is_place = i + 1 < len(tail) and _places_in(work[slice(*tail[i + 1])]) is not None
        if (
            i == 0
            and outlet is None
            and head.ends_with_speaker
            and (next_is_place or _has_descriptor(text))
        ):
            outlet = _outlet_as_written(text)
    return outlet, _join_places(places)


@lru_cache(maxsize=1024)  # a file's title is read while its header is looked for, then again
def parse_title(title: str) -> TitleFacts:
    """Read kind, speaker, outlet, occasion, place and date from a title (see module docs)."""
    shown = " ".join(title.split())
    dates = find_dates(shown)
    work = _cut_date(shown, dates[-1].start, dates[-1].end) if dates else shown
    masked = _mask(work, _protected(work))
    finder, by_key = _speaker_finder()
    speakers = _hits(finder, by_key, masked)
    outlets = _outlets()
    masked = _mask(
        masked,
        [(h.start, h.end) for h in (*speakers, *_hits(outlets.finder, outlets.by_key, masked))],
    )

    kind, kind_start, kind_end = _find_kind(masked)
    chunks = list(_chunks(masked, 0, len(masked)))
    anchor = kind_start if kind else (speakers[0].start if speakers else 0)
    head_index = next(i for i, (s, e) in enumerate(chunks) if s <= anchor <= e)
    head_start, head_end = chunks[head_index]
    start = head_start
    if kind is not None:
        start = kind_end
    elif speakers and head_start <= speakers[0].start < head_end:
        start = speakers[0].end
    head = _read_head(
        work, masked, start, head_end, speakers, media_kind=bool(kind and kind.outlet)
    )

    outlet, places = _read_tail(work, chunks[head_index + 1 :], head)
    return TitleFacts(
        title=shown,
        kind=kind.kind if kind else DEFAULT_KIND,
        speaker=speakers[0].name if speakers else None,
        outlet=outlet,
        occasion=head.occasion,
        place=places,
        date=dates[-1].iso if dates else None,
    )


# --- speaker labels ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # labels repeat on every turn: "Question", "S.V. Lavrov"
def canonical_speaker(label: str) -> tuple[str, str] | None:
    """``(canonical name, default role)`` for a speaker label, or None if it is not known.

    ``label`` is the text before the colon without any parenthetical remark. Case, the spaces
    after initials and the letter ё do not matter: ``S.V.Lavrov``, ``SERGEY LAVROV`` and
    ``Sergey Lavrov`` are all ``("Sergey Lavrov", "answer")``; ``Вопрос`` is
    ``("Question", "question")``. The role is ``question``, ``answer`` or ``statement``.
    """
    key = _key(label.strip().rstrip(":"))
    return _speaker_by_key().get(key) if key else None
