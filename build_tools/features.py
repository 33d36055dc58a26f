"""Per-source features: everything the corpus-wide stages need from one source on its own.

Why: linking, tagging and rendering look at every source, but most of what they compute
depends on one source alone (its word 5-grams, the topics and people in each paragraph, the
language of each paragraph). Computing that once, when the file is read (in the reading
processes, in parallel), and caching it with the parse result by content means a rebuild after
an edit recomputes it for the edited file only; the corpus-wide stages then merely join.

The values are the same as the stages' own functions give (``excerpts.shingle_set``,
``topics.tally`` and ``locate``, ``language.detect``): the tests compare them.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections import Counter
from collections.abc import Mapping

import numpy as np

from build_tools.arrays import unique
from build_tools.excerpts import SHINGLE, content_tokens, sampled
from build_tools.language import from_counts, joined_counts, letter_counts
from build_tools.model import Features, ParsedSource
from build_tools.people import person_matcher, ranked_people
from build_tools.places import Places
from build_tools.reuse import source_runs, source_units
from build_tools.topics import (
    Matcher,
    Tally,
    Words,
    chosen_topics,
    snippet_in,
    topic_matcher,
    words_of,
)


def source_digest(path: str, sha256: str, facts: Mapping[str, str] | None = None) -> str:
    """Identity of a source as read: its shown path, its bytes and its manifest facts."""
    items = sorted((facts or {}).items())
    text = "\0".join([path, sha256, *(f"{k}={v}" for k, v in items)])
    return hashlib.sha256(text.encode()).hexdigest()


def shingle_array(tokens: list[str], size: int = SHINGLE) -> np.ndarray:
    """``excerpts.shingle_set`` as a sorted array of distinct unsigned 32-bit hashes.

    The tokens are joined once and each n-gram hashed as a slice of the joined bytes (words
    never contain spaces, so the slice is the n-gram joined by spaces)."""
    if not tokens:
        return np.zeros(0, dtype="<u4")
    text = " ".join(tokens)
    joined = text.encode("utf-8")
    if len(tokens) < size:
        return np.array([zlib.crc32(joined)], dtype="<u4")
    # Byte offsets of the words from their byte lengths (their lengths when all is ASCII),
    # summed by numpy; the hashing itself stays one C call per n-gram, with no Python loop.
    lengths = map(len, tokens if text.isascii() else (t.encode("utf-8") for t in tokens))
    ends = np.cumsum(np.fromiter(lengths, dtype=np.int64, count=len(tokens)) + 1) - 1
    starts = np.r_[0, ends[:-1] + 1]
    spans = map(slice, starts[: len(tokens) - size + 1].tolist(), ends[size - 1 :].tolist())
    hashes = np.fromiter(
        map(zlib.crc32, map(joined.__getitem__, spans)), dtype="<u4", count=len(tokens) - size + 1
    )
    return unique(hashes)


DIGEST_BYTES = 16
"""Bytes of SHA-256 kept per entry in ``Features.topic_digests`` and ``person_digests``."""


def _scan(
    parsed: ParsedSource, matcher: Matcher, found: dict[int, Words]
) -> tuple[Tally, Places, bytes]:
    """``topics.tally`` and ``topics.locate`` for one source in a single pass of the matcher,
    and the digest of each entry's places (:func:`_digests`). ``found`` keeps the words of
    paragraphs with snippets (by paragraph number), for the next table's scan."""
    counts: Counter[int] = Counter()
    first: dict[int, tuple[int, int]] = {}
    in_questions: set[int] = set()
    places: list[tuple[int, str, str]] = []
    number = 0
    for turn in parsed.turns:
        for paragraph in turn.paragraphs:
            seen: set[int] = set()
            for hit in matcher.hits(paragraph.text):
                first.setdefault(hit.index, (number, hit.start))
                if hit.index not in seen:
                    seen.add(hit.index)
                    if number not in found:
                        found[number] = words_of(paragraph.text)
                    text = snippet_in(found[number], hit.start, hit.end)
                    places.append((hit.index, paragraph.id, text))
            counts.update(seen)
            if turn.role == "question":
                in_questions |= seen
            number += 1
    # By entry, each entry's in text order: an entry's places are one slice (see ``_counts``).
    places.sort(key=lambda place: place[0])
    tally = Tally(dict(counts), first, frozenset(in_questions))
    return tally, Places(places), _digests(places)


def _digests(places: list[tuple[int, str, str]]) -> bytes:
    """A digest of each entry's places (paragraph ids and snippets, in order), 16 bytes each, for
    the entries with places by index (``places`` sorted by index). Bytes, not (index, hex
    string) pairs: the build holds every source's to its memory peak, and with pairs a build of
    5,000 files peaked at 1,960 MB in its main process, against 1,879 MB with bytes (the
    target is 2 GB). Made here, in the reading processes, where the places are at hand: made
    from the places when the listings were rendered, they
    took 9 s of the rendering of 5,000 files under a profiler, on one core (the listings of
    render_indexes key their blocks by them)."""
    by_entry: dict[int, list[tuple[str, str]]] = {}
    for index, paragraph_id, text in places:
        by_entry.setdefault(index, []).append((paragraph_id, text))
    return b"".join(
        hashlib.sha256(repr(found).encode()).digest()[:DIGEST_BYTES] for found in by_entry.values()
    )


def _counts(places: Places) -> tuple[tuple[int, int], ...]:
    """(entry index, number of places) for each entry with places, by index: where each
    entry's slice of ``places`` (sorted by index) starts and ends."""
    return tuple(sorted(Counter(places.indexes()).items()))


def compute(parsed: ParsedSource, digest: str | None = None) -> Features:
    """The features of one parsed source."""
    tokens = content_tokens(parsed)
    hashes = shingle_array(tokens)
    found: dict[int, Words] = {}
    topic_tally, topic_places, topic_digests = _scan(parsed, topic_matcher(), found)
    person_tally, person_places, person_digests = _scan(parsed, person_matcher(), found)
    # Letters counted once per paragraph; the whole text's counts are their sums (see
    # ``language.joined_counts``), so ``detect(" ".join(texts))`` needs no second pass.
    counts = [letter_counts(p.text) for p in parsed.paragraphs]
    echo_units, echo_words = source_units(parsed)
    echo_runs, echo_formulas = source_runs(echo_words)
    return Features(
        # Without the pipeline's identity, the parse itself (facts and all) is the identity.
        digest=digest or hashlib.sha256(pickle.dumps(parsed)).hexdigest(),
        tokens=len(tokens),
        shingles=hashes.tobytes(),
        shingle_samples=sampled([hashes])[0].tobytes(),
        topics=tuple(chosen_topics(topic_tally)),
        people=tuple(ranked_people(person_tally)),
        topic_places=topic_places,
        person_places=person_places,
        topic_counts=_counts(topic_places),
        person_counts=_counts(person_places),
        language=from_counts(joined_counts(counts, " ")),
        languages=tuple(map(from_counts, counts)),
        speakers=tuple(dict.fromkeys(turn.speaker for turn in parsed.turns)),
        echo_units=echo_units,
        echo_words=echo_words,
        echo_runs=echo_runs,
        echo_formulas=echo_formulas,
        topic_digests=topic_digests,
        person_digests=person_digests,
    )


def of(parsed: ParsedSource) -> Features:
    """The source's features: as the pipeline attached them, or computed now."""
    return parsed.features if parsed.features is not None else compute(parsed)


def shingles(features: Features) -> np.ndarray:
    """The shingle hashes as an array (a view of the bytes, no copy)."""
    return np.frombuffer(features.shingles, dtype="<u4")


def samples(features: Features) -> np.ndarray:
    """The sampled shingle hashes as an array (a view of the bytes, no copy)."""
    return np.frombuffer(features.shingle_samples, dtype="<u4")
