"""The same statement, elsewhere: passages the speaker repeats almost word for word in
different interviews (text reuse, as TextPAIR finds it), linked both ways.

Runs on the whole corpus after linking: excerpts and duplicates are merged into their
interview by then, so a repost of one interview is never taken for a repetition. The rules,
with the reason for every number, are data: ``rules/reuse.yaml``.

1. **Words** (per source, when it is read: :func:`source_units`, kept in its features). The
   speaker's answer and statement paragraphs as words (letters and digits, NFKC case-folded:
   punctuation, quote and dash variants never differ), editorial ``[insertions]`` left out,
   each word as a 32-bit hash.
2. **Candidates** (the whole archive, on arrays: one sort, no pair of texts compared unless
   they share something). Every run of five words is hashed. A run found in many interviews is
   a formula of the genre, and the runs of the formula list are formulas too: both are
   ignored. A run found in a few interviews pairs each of its places with every other; a run
   found in more pairs each place with its nearest few in corpus order (by date) only, so
   the pairs grow with the archive, not with its square. The shared runs of two paragraphs
   of different events are chained along their diagonals into passages; a pair is a
   candidate when one chain holds enough words.
3. **Alignment** (candidates only). The words around the chain are aligned (rapidfuzz's
   ``Indel``, a longest common subsequence, on a window around the chain, so that a long
   shared passage is never traded for common words scattered over two long paragraphs); runs
   of shared words are joined across small gaps, and a passage is kept when it has enough
   shared words outside formulas and a high enough score. Each paragraph keeps its best few
   echoes, and every echo is kept on both sides or on neither.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import numpy as np
from rapidfuzz.distance import Indel

from build_tools.arrays import member, sort, unique
from build_tools.cache import Store
from build_tools.link import base_slug
from build_tools.model import Echo, Interview, ParsedSource
from build_tools.rules import RULES_DIR, load_rules

RULES_FILE = RULES_DIR / "reuse.yaml"
_TOKEN = re.compile(r"[^\W_]+")  # as ids.words: underscores are not letters
_BRACKETED = re.compile(r"\[[^\[\]]{1,80}\]")  # editorial insertions, as excerpts.py
_SPACES = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})
_PRIME = np.uint64(0x100000001B3)  # FNV's 64-bit prime: mixes five word hashes into one
_BLOCK = 1 << 22
"""Words handled at a time where a whole-archive temporary array would be large."""
_LOW, _HIGH = (0, 1) if sys.byteorder == "little" else (1, 0)
"""The 32-bit halves of a 64-bit number, as two columns of a 32-bit view of it."""
Unit = tuple[str, int, str, int]
"""A paragraph compared: (paragraph id, place among its source's paragraphs from 1, speaker,
number of words)."""


@dataclass(frozen=True)
class Rules:
    """``rules/reuse.yaml``, checked (its comments say why each value is what it is)."""

    speakers: frozenset[str]
    """Canonical speaker names whose words are compared (plus each text's metadata speaker)."""
    roles: frozenset[str]
    """Turn roles compared: ``answer`` and ``statement``."""
    kinds: frozenset[str]
    """Paragraph kinds compared."""
    skip_kinds: frozenset[str]
    """Text kinds never compared (``excerpt``: a post quoting an interview)."""
    shingle_words: int
    """Words per hashed run (5)."""
    candidate_words: int
    """Words in unchanged runs of ``shingle_words`` or more a pair needs to be aligned."""
    join_gap: int
    """Words between two such runs that still chain them into one candidate passage."""
    pair_all: int
    """A shared run found in at most this many interviews (at no more than twice as many
    places) pairs each of its places with every other."""
    nearest: int
    """A shared run found in more interviews (not a formula) pairs each of its places with the
    ``nearest`` places after it in corpus order (and so with as many before it) only."""
    common_min: int
    """A run in more interviews than max(common_min, common_share x interviews) is ignored."""
    common_share: float
    """See ``common_min``."""
    max_gap: int
    """Words between two matching runs that still join them into one passage."""
    min_block: int
    """Shortest matching run taken into a passage."""
    min_words: int
    """Shared words outside formulas an echo needs."""
    min_score: float
    """Lowest 2 x shared words / words of both passages."""
    max_echoes: int
    """Echoes kept per paragraph."""
    formulas: tuple[tuple[str, ...], ...]
    """Formula phrases as word lists: their words never count."""

    def common_limit(self, interviews: int) -> int:
        """A run found in more interviews than this is a formula."""
        return max(self.common_min, int(self.common_share * interviews))


class RulesError(ValueError):
    """``rules/reuse.yaml`` is malformed; the message names the entry and the fix."""


def _plain(text: str) -> str:
    """``text`` with editorial insertions blanked out (offsets kept)."""
    if "[" in text:
        return _BRACKETED.sub(lambda m: " " * len(m.group()), text)
    return text


def words(text: str) -> list[str]:
    """The words compared: runs of letters and digits, NFKC case-folded, outside
    ``[insertions]``. Same count and order as :func:`spans`."""
    text = _plain(text)
    if text.isascii():  # most paragraphs: string methods, many times faster than the pattern
        return text.translate(_SPACES).lower().split()
    return [unicodedata.normalize("NFKC", t).casefold() for t in _TOKEN.findall(text)]


def spans(text: str) -> list[tuple[int, int]]:
    """Where each word of :func:`words` is in ``text`` (start and end offsets)."""
    return [m.span() for m in _TOKEN.finditer(_plain(text))]


def _hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@cache
def load() -> Rules:
    """The rules, checked once per process."""
    data = load_rules("reuse")

    def number(key: str, kind: type[int] | type[float], low: float,
               high: float | None = None) -> Any:  # fmt: skip
        value: Any = data
        for part in key.split("."):  # "common.share": a key inside a table
            value = value.get(part) if isinstance(value, dict) else None
        if (
            not isinstance(value, kind) or isinstance(value, bool) or value < low
            or (high is not None and value > high)
        ):  # fmt: skip
            bounds = f"at least {low}" + (f" and at most {high}" if high is not None else "")
            raise RulesError(
                f"{RULES_FILE.name}: {key} must be a {kind.__name__} {bounds}; got {value!r}. "
                "Fix: set it as the comment above it in the file explains."
            )
        return value

    size = number("shingle_words", int, 2)
    formulas = []
    for phrase in data.get("formulas") or ():
        found = tuple(words(str(phrase)))
        if len(found) < size:
            raise RulesError(
                f"{RULES_FILE.name}: formula {phrase!r} has {len(found)} word(s), fewer than "
                f"shingle_words ({size}). Fix: lengthen it, or remove it (a phrase that short "
                "cannot make an echo)."
            )
        formulas.append(found)
    return Rules(
        speakers=frozenset(map(str, data["speakers"])),
        roles=frozenset(map(str, data["roles"])),
        kinds=frozenset(map(str, data["kinds"])),
        skip_kinds=frozenset(map(str, data.get("skip_kinds") or ())),
        shingle_words=size,
        candidate_words=number("candidate.min_words", int, size),
        join_gap=number("candidate.join_gap", int, 0),
        pair_all=number("candidate.pair_all", int, 2),
        nearest=number("candidate.nearest", int, 0),
        common_min=number("common.min_interviews", int, 1),
        common_share=number("common.share", float, 0.0, 1.0),
        max_gap=number("max_gap", int, 0),
        min_block=number("min_block", int, 1),
        min_words=number("min_words", int, size),
        min_score=number("min_score", float, 0.0, 1.0),
        max_echoes=number("max_echoes_per_paragraph", int, 1),
        formulas=tuple(formulas),
    )


def source_units(
    parsed: ParsedSource, rules: Rules | None = None
) -> tuple[tuple[Unit, ...], bytes]:
    """The paragraphs of one source that are compared, and the hash of each of their words
    (little-endian 32-bit, in order): what the corpus-wide stage needs from this source."""
    rules = rules or load()
    meta = parsed.metadata
    if meta.kind in rules.skip_kinds:
        return (), b""
    speakers = rules.speakers | ({meta.speaker} if meta.speaker else set())
    units: list[Unit] = []
    memo: dict[str, int] = {}
    hashes: list[int] = []
    position = 0
    for turn in parsed.turns:
        ok = turn.speaker in speakers and turn.role in rules.roles
        for paragraph in turn.paragraphs:
            position += 1
            if not ok or paragraph.kind not in rules.kinds:
                continue
            found = words(paragraph.text)
            if len(found) < rules.min_words:
                continue  # too short to hold an echo
            for word in dict.fromkeys(found):
                if word not in memo:
                    memo[word] = _hash(word)
            hashes += map(memo.__getitem__, found)
            units.append((paragraph.id, position, turn.speaker, len(found)))
    return tuple(units), np.array(hashes, dtype="<u4").tobytes()


def source_runs(echo_words: bytes, rules: Rules | None = None) -> tuple[bytes, bytes]:
    """What :func:`_arrays` makes of one source's compared words (``source_units``), kept in its
    features so that a rebuild does not hash and look up six million runs again: the hash of
    the run starting at each word, and the places of the runs inside a formula phrase (both
    little-endian 32-bit)."""
    rules = rules or load()
    runs = _runs(np.frombuffer(echo_words, dtype="<u4"), rules.shingle_words)
    formula = np.flatnonzero(member(runs, _formula_runs(rules)))
    return runs.astype("<u4").tobytes(), formula.astype("<u4").tobytes()


@dataclass(frozen=True)
class _Unit:
    """One paragraph compared, placed in the stage's arrays."""

    interview: int
    """Index of its interview in the corpus."""
    position: int
    """Its place among the interview's paragraphs (for ordering)."""
    paragraph_id: str
    """The paragraph's id."""
    speaker: str
    """Who says it."""
    start: int
    """Index of its first word in the stage's arrays of words."""
    size: int
    """Number of its words."""


@dataclass(frozen=True)
class Passage:
    """A shared passage of two paragraphs of different interviews, as aligned."""

    a: _Unit
    """The first paragraph (earlier in the corpus)."""
    b: _Unit
    """The second."""
    a_range: tuple[int, int]
    """First and after-last word of the passage in ``a`` (the paragraph's own word numbers)."""
    b_range: tuple[int, int]
    """The same in ``b``."""
    words: int
    """Shared words outside formulas."""
    score: float
    """2 x shared words / (words of both passages)."""


def _runs(hashes: np.ndarray, size: int) -> np.ndarray:
    """A 32-bit hash of the ``size`` words starting at each index (0 for the last ``size - 1``):
    the top half of a 64-bit mix, which the multiplications spread over every bit. Mixed a
    block of words at a time: two 64-bit copies of the whole archive would be its largest
    memory."""
    out = np.zeros(len(hashes), dtype=np.uint32)
    n = len(hashes) - size + 1
    for lo in range(0, max(n, 0), _BLOCK):
        hi = min(n, lo + _BLOCK)
        wide = hashes[lo : hi + size - 1].astype(np.uint64)
        with np.errstate(over="ignore"):  # wrapping multiplication is the point
            mixed = wide[: hi - lo].copy()
            for k in range(1, size):
                mixed *= _PRIME
                mixed += wide[k : k + hi - lo]
        out[lo:hi] = mixed >> np.uint64(32)
    return out


@cache
def _formula_runs(rules: Rules) -> np.ndarray:
    """Hashes of every run of words inside a formula phrase (sorted, read-only): made once per
    rules and process, as every file's features need them (0.8 ms a file, made anew)."""
    size = rules.shingle_words
    found = [
        _runs(np.array([_hash(w) for w in phrase], dtype=np.uint32), size)[: len(phrase) - size + 1]
        for phrase in rules.formulas
    ]
    runs = unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.uint32)
    runs.flags.writeable = False  # shared by every caller
    return runs


@dataclass(frozen=True)
class _Arrays:
    """The whole archive's compared words, as arrays indexed by word number (32-bit where that
    is enough: at 1,000 interviews there are some six million words)."""

    units: list[tuple[str, int, str, int]]
    """The paragraphs, in corpus order, as the features list them (``Features.echo_units``):
    a :class:`_Unit` is made only for the few paragraphs aligned (:meth:`unit`), not for the
    64,000 of 1,000 interviews (0.07 s)."""
    unit_start: np.ndarray
    """The word number of each paragraph's first word."""
    unit_size: np.ndarray
    """Each paragraph's number of words."""
    hashes: list[np.ndarray]
    """Each interview's word hashes (views of its features, not copied: the alignment reads a
    few windows of them)."""
    first_word: np.ndarray
    """The word number of each interview's first word."""
    unit_of: np.ndarray
    """Each word's paragraph (index into ``units``)."""
    interview_of_unit: np.ndarray
    """Each paragraph's interview (index into the corpus)."""
    runs: np.ndarray
    """Hash of the run of words starting at each word."""
    valid: np.ndarray
    """Whether that run lies inside one paragraph."""
    formula: np.ndarray
    """Whether that run lies inside a formula phrase."""

    def per_word(self, per_unit: np.ndarray) -> np.ndarray:
        """A value per paragraph as a value per word (``per_unit[unit_of]``): the paragraphs'
        words are consecutive, so it is a repeat, 7 times faster than looking up each of 27
        million words (0.07 s) at 5,000 interviews."""
        words: np.ndarray = np.repeat(per_unit, self.unit_size)
        return words

    def unit(self, n: int) -> _Unit:
        """Paragraph ``n`` placed in the arrays."""
        paragraph_id, position, speaker, size = self.units[n]
        interview, start = int(self.interview_of_unit[n]), int(self.unit_start[n])
        return _Unit(interview, position, paragraph_id, speaker, start, size)


def _arrays(interviews: Sequence[Interview], rules: Rules) -> _Arrays:
    from build_tools import features  # features uses this module

    units: list[tuple[str, int, str, int]] = []
    per_interview: list[int] = []
    parts: list[np.ndarray] = []
    for interview in interviews:
        found = features.of(interview.main)
        units += found.echo_units
        per_interview.append(len(found.echo_units))
        if found.echo_units:
            parts.append(np.frombuffer(found.echo_words, dtype="<u4"))
        else:
            parts.append(np.zeros(0, dtype=np.uint32))
    sizes = np.array([u[3] for u in units], dtype=np.int64)
    ends = np.cumsum(sizes)
    start = int(ends[-1]) if len(ends) else 0
    unit_of = np.repeat(np.arange(len(units), dtype=np.int32), sizes)
    # A run is valid unless it starts in a paragraph's last (size - 1) words (every paragraph
    # compared has at least min_words words, more than that).
    valid = np.ones(start, dtype=bool)
    valid[(ends[:, None] - np.arange(1, rules.shingle_words)).ravel()] = False
    interview_of_unit = np.repeat(np.arange(len(interviews), dtype=np.int32), per_interview)
    # The runs of each interview's words (one that would cross into the next is not valid),
    # as its features keep them when they were made under these rules.
    first_word = np.zeros(len(parts), dtype=np.int64)
    np.cumsum([len(w) for w in parts[:-1]], out=first_word[1:])
    runs = np.zeros(start, dtype=np.uint32)
    formula = np.zeros(start, dtype=bool)
    default = load()
    kept = (rules.shingle_words, rules.formulas) == (default.shingle_words, default.formulas)
    for interview, words_of, at in zip(interviews, parts, first_word.tolist(), strict=True):
        found = features.of(interview.main)
        if kept and len(found.echo_runs) == len(found.echo_words):
            made = found.echo_runs, found.echo_formulas
        else:
            made = source_runs(found.echo_words, rules)
        runs[at : at + len(words_of)] = np.frombuffer(made[0], dtype="<u4")
        formula[np.frombuffer(made[1], dtype="<u4").astype(np.int64) + at] = True
    return _Arrays(units, ends - sizes, sizes, parts, first_word, unit_of, interview_of_unit,
                   runs, valid, formula)  # fmt: skip


def _usable(arr: _Arrays, rules: Rules) -> np.ndarray:
    """Whether the run starting at each word is compared: inside one paragraph, and not in a
    formula phrase."""
    usable: np.ndarray = arr.valid & ~arr.formula  # made under ``rules`` (see _arrays)
    return usable


@dataclass(frozen=True)
class _Groups:
    """Runs found more than once, grouped by hash: every place of one run together, in corpus
    order."""

    place: np.ndarray
    """Word numbers, run after run."""
    starts: np.ndarray
    """Where each run's places start in ``place``."""
    counts: np.ndarray
    """How many places each run has."""
    spread: np.ndarray
    """In how many interviews each run is found."""
    runs: np.ndarray
    """Each run's hash."""


def _run_places(arr: _Arrays, where: np.ndarray) -> np.ndarray:
    """(run hash << 32 | word number) of each word number ``where`` is true, in word order.

    Most words (the whole archive's comparison): made a block at a time, as whole 64-bit
    numbers; writing the halves through a 32-bit view at the indexes of the words took 1.7 s
    at 5,000 interviews, this 1.25 s (line profiler; on random values alone, outside the
    build, it takes 0.2-0.3 s). A few words (the update after an edit): by their indexes,
    which takes 0.01 s where the blocks took 0.12-0.45 s."""
    count = int(np.count_nonzero(where))
    if count * 8 < len(where):
        at = np.flatnonzero(where)
        few: np.ndarray = arr.runs[at].astype(np.uint64) << np.uint64(32)
        few |= at.astype(np.uint64)
        return few
    packed = np.empty(count, dtype=np.uint64)
    filled = 0
    for lo in range(0, len(where), _BLOCK):
        block = arr.runs[lo : lo + _BLOCK].astype(np.uint64) << np.uint64(32)
        block |= np.arange(lo, lo + len(block), dtype=np.uint64)
        block = block[where[lo : lo + _BLOCK]]
        packed[filled : filled + len(block)] = block
        filled += len(block)
    return packed


def _groups(arr: _Arrays, where: np.ndarray) -> _Groups:
    """The runs starting at the word numbers ``where`` is true and found there more than once,
    grouped (every place of a run must be there for its counts to be the archive's)."""
    # One sort of (run, word number) packed in 64 bits: a run's places come out in corpus
    # order.
    packed = _run_places(arr, where)
    sort(packed)
    # A run found once pairs nothing and is no formula: most runs are, and they go now.
    halves = packed.view(np.uint32).reshape(-1, 2)
    again = np.empty(len(packed), dtype=bool)
    np.equal(halves[1:, _HIGH], halves[:-1, _HIGH], out=again[1:])
    again[:1] = False
    again[:-1] |= again[1:]  # the same run as the place before it, or as the one after
    del halves
    # Whole numbers picked, then split: picking each half through the view took 1.3 s at
    # 5,000 interviews, this 0.5 s.
    kept = packed[again]
    del packed, again
    halves = kept.view(np.uint32).reshape(-1, 2)
    place = halves[:, _LOW].astype(np.int32)
    high = halves[:, _HIGH].copy()
    del kept, halves
    first = np.empty(len(place), dtype=bool)
    first[:1] = True
    np.not_equal(high[1:], high[:-1], out=first[1:])
    starts = np.flatnonzero(first).astype(np.int32)
    runs = high[starts]
    del high
    counts = np.diff(starts, append=np.int32(len(place)))
    # A place starts a new interview of its run when its interview differs from the last's.
    for lo in range(0, len(place), _BLOCK):
        edge = max(lo - 1, 0)
        owner = arr.interview_of_unit[arr.unit_of[place[edge : lo + _BLOCK]]]
        first[edge + 1 : lo + _BLOCK] |= owner[1:] != owner[:-1]
    spread = np.add.reduceat(first, starts, dtype=np.int32) if len(starts) else starts
    return _Groups(place, starts, counts, spread, runs)


def _status(spread: np.ndarray, counts: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Which runs are formulas of the genre (in more than ``limit`` interviews), and which make
    candidate pairs: found in two interviews or more, and not repeated over and over inside a
    few (their formula)."""
    common = spread > limit
    return common, (spread >= 2) & ~common & (counts <= 2 * limit)


def _kinds(
    spread: np.ndarray, counts: np.ndarray, rules: Rules, total: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which runs are formulas, which pair every place with every other, and which pair each
    place with its nearest only, in an archive of ``total`` interviews."""
    common, shared = _status(spread, counts, rules.common_limit(total))
    _, few = _status(spread, counts, rules.pair_all)
    every = shared & few
    return common, every, shared & ~every


def _pairs(
    arr: _Arrays, groups: _Groups, every: np.ndarray, near: np.ndarray, nearest: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of word numbers (p < q, of different interviews) where a shared run starts: every
    pair of places of the ``every`` runs, and each place of the ``near`` runs with the
    ``nearest`` places after it in corpus order. The ``every`` runs have at most twice
    ``pair_all`` places, so each place makes a bounded number of pairs, whatever the size of
    the archive. The pairs come a block of runs at a time (their order is not kept: the
    caller sorts them): the places of every run picked, with their run, interview and kind,
    were this stage's largest arrays (some 17 bytes a place, 15 million places at 5,000
    files)."""
    picked = np.flatnonzero(every | near)
    counts = groups.counts[picked]
    ends = np.cumsum(counts, dtype=np.int64)
    ps: list[np.ndarray] = []
    qs: list[np.ndarray] = []
    lo = 0
    while lo < len(picked):
        before = int(ends[lo - 1]) if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, before + _BLOCK // 2, side="right")))
        n = counts[lo:hi]
        # The places of runs lo to hi, run after run (each run's places are one slice).
        offset = groups.starts[picked[lo:hi]] - (ends[lo:hi] - n - before)
        place = groups.place[np.repeat(offset, n) + np.arange(int(n.sum()), dtype=np.int64)]
        _pairs_of(arr, place, n, np.repeat(every[picked[lo:hi]], n), nearest, ps, qs)
        lo = hi
    p = np.concatenate(ps) if ps else np.zeros(0, dtype=np.int32)
    del ps
    q = np.concatenate(qs) if qs else np.zeros(0, dtype=np.int32)
    return p, q


def _pairs_of(
    arr: _Arrays, place: np.ndarray, counts: np.ndarray, wide: np.ndarray, nearest: int,
    ps: list[np.ndarray], qs: list[np.ndarray],
) -> None:  # fmt: skip
    """:func:`_pairs` for the places of some runs (``counts`` places each, run after run;
    ``wide``: whether each place's run pairs every place), appended to ``ps`` and ``qs``."""
    run = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    interview = arr.interview_of_unit[arr.unit_of[place]]
    # A place k after another in the same run: the places one to k - 1 after it are too, so
    # each step looks only at the places the last step kept.
    at = np.arange(len(place), dtype=np.int32)
    k = 1
    while len(at):
        at = at[at < len(place) - k]
        at = at[run[at] == run[at + k]]
        if k > nearest:
            at = at[wide[at]]
        other = at[interview[at] != interview[at + k]]
        ps.append(place[other])
        qs.append(place[other + k])
        k += 1


def _shared_runs(
    arr: _Arrays, rules: Rules, total: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which runs are ignored (formulas, and runs in too many interviews), every pair of
    word numbers (p < q, of different interviews) where the same other run starts and that
    is compared (:func:`_pairs`), and the hashes of the runs found in too many interviews
    (sorted)."""
    usable = _usable(arr, rules)
    groups = _groups(arr, usable)
    common, every, near = _kinds(groups.spread, groups.counts, rules, total)
    ignored = arr.valid & ~usable
    ignored[groups.place[np.repeat(common, groups.counts)]] = True
    p, q = _pairs(arr, groups, every, near, rules.nearest)
    return ignored, p, q, groups.runs[common]


def _masked(ignored: np.ndarray, rules: Rules) -> np.ndarray:
    """Whether each word is covered by an ignored run (such a word does not count)."""
    masked = np.zeros(len(ignored), dtype=bool)
    at = np.flatnonzero(ignored)
    for k in range(rules.shingle_words):
        masked[at + k] = True
    return masked


Diagonals = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Pairs of places sharing a run, sorted: the pair of paragraphs (unit a x units + unit b),
the diagonal (place in b - place in a) and the place in a."""


def _diagonals(arr: _Arrays, p: np.ndarray, q: np.ndarray, rules: Rules) -> Diagonals:
    """The pairs of word numbers ``p``, ``q`` as :data:`Diagonals`, sorted by pair of
    paragraphs, diagonal and place, without the pairs of paragraphs that share one run only
    (five words: never a candidate when ``candidate.min_words`` is more)."""
    size = rules.shingle_words
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
    if not len(p):
        return none
    # One sort key: the pair of paragraphs, then (diagonal, place) in one number, packed in 64
    # bits when they fit (a sort of the numbers themselves, several times faster than an
    # indirect sort by two keys); otherwise two keys. Built a block of pairs at a time: the
    # pairs are many.
    starts = arr.unit_start.astype(np.int32)
    width = int(arr.unit_size.max()) + 1
    low = int(2 * width * width).bit_length()
    packed = low + int(len(arr.units) ** 2).bit_length() <= 63
    spot = np.empty(len(p), dtype=np.int64)
    pair = np.empty(0 if packed else len(p), dtype=np.int64)
    step = _BLOCK // 4  # each pair makes some 60 bytes of temporary arrays here
    for lo in range(0, len(p), step):
        ua, ub = arr.unit_of[p[lo : lo + step]], arr.unit_of[q[lo : lo + step]]
        i = p[lo : lo + step] - starts[ua]  # the place in a
        j = q[lo : lo + step] - starts[ub]  # the place in b
        # (diagonal + width) x width + i, the diagonal j - i from -i to b's size
        key = (j - i + width).astype(np.int64) * width + i
        both = ua.astype(np.int64) * len(arr.units) + ub
        if packed:
            key |= both << np.int64(low)
        else:
            pair[lo : lo + step] = both
        spot[lo : lo + step] = key
    del ua, ub, i, j, key, both
    if packed:
        sort(spot)
    else:
        order = np.lexsort((spot, pair))
        pair, spot = pair[order], spot[order]
        del order
    if rules.candidate_words > size:
        # Most pairs of paragraphs share one run only (five words, not a candidate): dropped
        # before the work below.
        keep = np.zeros(len(spot), dtype=bool)
        for lo in range(0, len(spot) - 1, _BLOCK):
            hi = min(lo + _BLOCK, len(spot) - 1)
            a, b = slice(lo, hi), slice(lo + 1, hi + 1)
            same = (spot[b] ^ spot[a]) < (1 << low) if packed else pair[b] == pair[a]
            keep[a] |= same
            keep[b] |= same
        spot = spot[keep]
        pair = pair if packed else pair[keep]
        del keep
        if not len(spot):
            return none
    if packed:
        pair = spot >> np.int64(low)
        spot &= np.int64((1 << low) - 1)
    i = (spot % width).astype(np.int32)
    spot //= width
    spot -= width
    d = spot.astype(np.int32)
    return pair, d, i


def _chains(
    arr: _Arrays, diagonals: Diagonals, rules: Rules
) -> list[tuple[int, int, tuple[int, int], tuple[int, int]]]:
    """Candidate passages: (unit a, unit b, word range in a, word range in b), from the places
    where the two share runs (:func:`_diagonals`), chained along their diagonals."""
    size = rules.shingle_words
    pair, d, i = diagonals
    if not len(pair):
        return []
    # Blocks: consecutive runs on one diagonal are one unchanged stretch of words.
    new = np.empty(len(pair), dtype=bool)
    new[:1] = True
    np.not_equal(pair[1:], pair[:-1], out=new[1:])
    new[1:] |= d[1:] != d[:-1]
    new[1:] |= i[1:] != i[:-1] + 1
    first = np.flatnonzero(new)
    del new
    length = np.diff(first, append=len(pair)).astype(np.int32) + np.int32(size - 1)
    bp, bi, bd = pair[first], i[first], d[first]
    del first
    order = np.lexsort((bi, bp))
    # One at a time: the blocks are many.
    bp = bp[order]
    bi = bi[order]
    bd = bd[order]
    length = length[order]
    del order
    # Chains: blocks of one pair, each starting a little after the last ended, on both sides.
    same = np.r_[False, bp[1:] == bp[:-1]]
    gap_a = bi - np.r_[0, (bi + length)[:-1]]
    gap_b = bi + bd - np.r_[0, (bi + bd + length)[:-1]]
    joined = same & (gap_a >= 0) & (gap_a <= rules.join_gap) & (gap_b >= 0)
    joined &= gap_b <= rules.join_gap
    chain = np.cumsum(~joined) - 1
    total = np.bincount(chain, weights=length)
    heads = np.flatnonzero(~joined)
    end_a = np.maximum.reduceat(bi + length, heads)
    end_b = np.maximum.reduceat(bi + bd + length, heads)
    found = []
    n = len(arr.units)
    for c in np.flatnonzero(total >= rules.candidate_words).tolist():
        h = heads[c]
        found.append((
            int(bp[h] // n), int(bp[h] % n), (int(bi[h]), int(end_a[c])),
            (int(bi[h] + bd[h]), int(end_b[c])),
        ))  # fmt: skip
    return found


def _align(
    a: list[int], b: list[int], masked_a: np.ndarray, masked_b: np.ndarray, rules: Rules
) -> tuple[tuple[int, int], tuple[int, int], int, float] | None:
    """The best shared passage of two word lists that passes the thresholds: its ranges in
    ``a`` and ``b``, its shared words outside formulas, and its score."""
    blocks = [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(a, b)
        if op.tag == "equal" and op.src_end - op.src_start >= rules.min_block
    ]
    groups: list[list[tuple[int, int, int]]] = []
    for i, j, size in blocks:
        last = groups[-1][-1] if groups else None
        if (
            last
            and i - (last[0] + last[2]) <= rules.max_gap
            and (j - (last[1] + last[2]) <= rules.max_gap)
        ):
            groups[-1].append((i, j, size))
        else:
            groups.append([(i, j, size)])
    best: tuple[tuple[int, float, int], tuple[tuple[int, int], tuple[int, int], int, float]] | None
    best = None
    for group in groups:
        # Words that count: shared, and outside formulas in both passages.
        content = [
            size - int(np.count_nonzero(masked_a[i : i + size] | masked_b[j : j + size]))
            for i, j, size in group
        ]
        if sum(content) < rules.min_words:
            continue
        # The longest stretch of the group that passes: edges that lower the score go.
        for lo in range(len(group)):
            for hi in range(len(group) - 1, lo - 1, -1):
                count = sum(content[lo : hi + 1])
                if count < rules.min_words:
                    break
                shared = sum(s for _, _, s in group[lo : hi + 1])
                i0, j0, _ = group[lo]
                i1, j1, s1 = group[hi]
                score = 2 * shared / (i1 + s1 - i0 + j1 + s1 - j0)
                if score < rules.min_score:
                    continue
                rank = (count, score, -i0)
                if best is None or rank > best[0]:
                    best = (rank, ((i0, i1 + s1), (j0, j1 + s1), count, score))
    return best[1] if best else None


def passages(interviews: Sequence[Interview], rules: Rules | None = None) -> list[Passage]:
    """Every shared passage above the thresholds, the best one per pair of paragraphs, best
    first (most shared words, then highest score, then corpus order)."""
    return _all_passages(interviews, rules or load())[0]


def _all_passages(
    interviews: Sequence[Interview], rules: Rules
) -> tuple[list[Passage], np.ndarray]:
    """:func:`passages`, and the hashes of the runs found in too many interviews."""
    from build_tools import features  # features uses this module

    if sum(1 for i in interviews if features.of(i.main).echo_units) < 2:
        # Nothing to compare (one huge transcript costs nothing here).
        return [], np.zeros(0, dtype=np.uint32)
    arr = _arrays(interviews, rules)
    ignored, p, q, common = _shared_runs(arr, rules, len(interviews))
    masked = _masked(ignored, rules)
    del ignored
    diagonals = _diagonals(arr, p, q, rules)
    del p, q  # the largest arrays of the stage: gone before the chains are made
    best = _aligned(interviews, arr, masked, diagonals, rules)
    return sorted(best.values(), key=_rank), common


def _aligned(
    interviews: Sequence[Interview], arr: _Arrays, masked: np.ndarray, diagonals: Diagonals,
    rules: Rules,
) -> dict[tuple[int, int], Passage]:  # fmt: skip
    """The best passage of each pair of paragraphs sharing runs at the places of
    ``diagonals``, by the pair's unit numbers."""
    event = [base_slug(i.main) for i in interviews]  # same date and outlet: one event
    pad = 2 * (rules.max_gap + rules.shingle_words - 1)  # short shared pieces round the chain
    best: dict[tuple[int, int], Passage] = {}
    for x, y, (a0, a1), (b0, b1) in _chains(arr, diagonals, rules):
        a, b = arr.unit(x), arr.unit(y)
        if a.speaker != b.speaker or event[a.interview] == event[b.interview]:
            continue
        a0, a1 = max(0, a0 - pad), min(a.size, a1 + pad)
        b0, b1 = max(0, b0 - pad), min(b.size, b1 + pad)
        wa, wb = slice(a.start + a0, a.start + a1), slice(b.start + b0, b.start + b1)
        aligned = _align(_words(arr, a, a0, a1), _words(arr, b, b0, b1), masked[wa], masked[wb],
                         rules)  # fmt: skip
        if aligned is None:
            continue
        (i0, i1), (j0, j1), count, score = aligned
        found = Passage(a, b, (a0 + i0, a0 + i1), (b0 + j0, b0 + j1), count, round(score, 4))
        if (x, y) not in best or _rank(found) < _rank(best[(x, y)]):
            best[(x, y)] = found
    return best


def _words(arr: _Arrays, unit: _Unit, start: int, end: int) -> list[int]:
    """The hashes of words ``start`` to ``end`` of a paragraph."""
    at = unit.start - int(arr.first_word[unit.interview])
    found: list[int] = arr.hashes[unit.interview][at + start : at + end].tolist()
    return found


def _rank(p: Passage) -> tuple[int, float, int, int, int]:
    return (-p.words, -p.score, p.a.start, p.b.start, p.a_range[0])


def _passage_text(text: str, span: tuple[int, int]) -> str:
    """The paragraph's own text from the passage's first word to its last."""
    places = spans(text)
    return text[places[span[0]][0] : places[span[1] - 1][1]]


def echoes(
    interviews: Sequence[Interview],
    rules: Rules | None = None,
    found: Sequence[Passage] | None = None,
) -> dict[str, tuple[Echo, ...]]:
    """Interview id -> its echoes, in the order of its paragraphs, then of the corpus.

    Each paragraph keeps at most ``max_echoes``, and every link is kept on both pages or on
    neither. Passages are taken best first in rounds: in round r a passage is taken when both
    its paragraphs have fewer than r, so a statement said in many interviews links every one
    of them (best first would fill the first paragraphs and leave the last with none).
    ``found``: :func:`passages`, when they are known already."""
    rules = rules or load()
    taken: dict[tuple[int, str], int] = {}
    out: dict[int, list[tuple[tuple[int, int, int], Echo]]] = {}
    texts: dict[int, dict[str, str]] = {}
    left = list(found) if found is not None else passages(interviews, rules)
    for limit in range(1, rules.max_echoes + 1):
        later = []
        for p in left:
            ends = ((p.a, p.b, p.a_range), (p.b, p.a, p.b_range))
            if any(taken.get((u.interview, u.paragraph_id), 0) >= limit for u, _, _ in ends):
                later.append(p)
                continue
            for here, other, span in ends:
                spot = (here.interview, here.paragraph_id)
                taken[spot] = taken.get(spot, 0) + 1
                if here.interview not in texts:
                    texts[here.interview] = {
                        q.id: q.text for q in interviews[here.interview].main.paragraphs
                    }
                echo = Echo(
                    paragraph_id=here.paragraph_id,
                    interview_id=interviews[other.interview].id,
                    other_paragraph_id=other.paragraph_id,
                    score=p.score,
                    words=p.words,
                    passage=_passage_text(texts[here.interview][here.paragraph_id], span),
                )
                key = (here.position, other.interview, other.position)
                out.setdefault(here.interview, []).append((key, echo))
        left = later
    return {
        interviews[n].id: tuple(e for _, e in sorted(found, key=lambda x: x[0]))
        for n, found in out.items()
    }


def find(
    interviews: Sequence[Interview], rules: Rules | None = None, cache: Store | None = None
) -> list[Interview]:
    """The interviews with their echoes filled in (the pipeline's reuse stage).

    ``cache`` keeps the result by the identities of every source and interview: a build whose
    sources are all unchanged (a second ``make site``, ``mkdocs serve`` after a page edit) does
    not compare them again. After a few transcripts change, only the paragraphs whose
    comparisons can differ are compared again (``reuse_update.py``)."""
    from build_tools import features, reuse_update  # both use this module

    key = None
    if cache is not None and rules is None:
        names = [f"{i.id}\0{features.of(i.main).digest}" for i in interviews]
        key = "echoes-" + hashlib.sha256("\0\0".join(names).encode()).hexdigest()
    hit = cache.get(key) if cache is not None and key is not None else None
    if isinstance(hit, dict):
        found: dict[str, tuple[Echo, ...]] = hit
    elif cache is not None and key is not None:
        found = echoes(interviews, None, reuse_update.passages(interviews, load(), cache))
        cache.put(key, found)
    else:
        found = echoes(interviews, rules)
    return [replace(i, echoes=found[i.id]) if i.id in found else i for i in interviews]
