"""Recognise excerpts and duplicates by content, and align them to the full interview.

Three steps, each scaling with the corpus, not with its square:

1. **Shingles.** Each source becomes the set of its word 5-grams (hashed with CRC-32, stable
   across runs). A 1-in-4 sample of them goes into an inverted index; two sources are candidates
   when they share sampled shingles, so no source is compared with every other one.
2. **Containment.** For candidate pairs, ``|A ∩ B| / |A|``: how much of the smaller text is
   inside the larger. Symmetric similarity would call a three-paragraph quote of a long interview
   "different"; containment calls it "inside". Both ways high: a duplicate. Sources are decided
   largest first, so whether a text is full, excerpt or duplicate depends only on contents,
   never on file names or reading order.
3. **Alignment.** Each sentence of an excerpt is matched to the paragraph it comes from with
   rapidfuzz's ``partial_ratio`` (best matching substring), after taking out editorial
   ``[insertions]``; candidates come from a 3-gram index of the full text's paragraphs. The word
   differences (insertions, added names, omissions) are recorded as variants.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from build_tools.background import Consumer, spare_core
from build_tools.cache import Store
from build_tools.ids import words
from build_tools.model import (
    ExcerptLink,
    Paragraph,
    ParsedSource,
    Span,
    Unmatched,
    Variant,
    replaced,
)
from build_tools.sentences import Sentence, sentences

SHINGLE = 5
SAMPLE_MOD = 4
COMMON_SHINGLE_DOCS = 50
"""A sampled shingle found in more sources than this is a formula, not evidence."""
DUPLICATE_MIN = 0.8
"""Containment both ways for two sources to be one interview."""
EXCERPT_COVERAGE = 0.5
"""Share of a source's shingles that larger sources must cover for it to be an excerpt."""
CONTAINER_MIN = 0.1
"""Share a single larger source must cover to count as one of an excerpt's originals."""
ESTIMATE_MIN = CONTAINER_MIN / 2
"""Sampled estimate of containment below which a candidate pair is not measured exactly."""
MATCH_MIN = 0.8
"""Alignment score for a sentence to count as quoted from a paragraph."""
SHORT_SENTENCE = 5
SHORT_MATCH_MIN = 0.9
_BRACKETED = re.compile(r"\s*\[[^\[\]]{1,80}\]")


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def shingle_set(tokens: Sequence[str], size: int = SHINGLE) -> set[int]:
    """Hashed word n-grams of a token list (a short text gives its whole token run)."""
    if len(tokens) < size:
        return {_hash(" ".join(tokens))} if tokens else set()
    return {_hash(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def content_tokens(source: ParsedSource) -> list[str]:
    """The words compared for excerpts: editorial insertions are the excerpt's own words, so
    they are left out of the comparison."""
    return [w for p in source.paragraphs for w in words(_unbracketed(p.text))]


def _unbracketed(text: str) -> str:
    """``text`` without editorial ``[insertions]``; the pattern runs only on text with a ``[``
    (few paragraphs have one, and a pattern opening with ``\\s*`` is tried at every position)."""
    return _BRACKETED.sub("", text) if "[" in text else text


@dataclass(frozen=True)
class Decision:
    """What one source is, decided from content alone."""

    source: ParsedSource
    """The source decided about."""
    role: str
    """``full``, ``excerpt`` or ``duplicate``."""
    of: tuple[tuple[ParsedSource, float], ...] = ()
    """For an excerpt or duplicate: the full sources it belongs to, with containment."""


SLICE = 1 << 19
"""Sampled shingles sorted at a time when pairing sources: bounds the memory of linking."""


def sampled(sets: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each source's sampled shingles (a hash divisible by ``SAMPLE_MOD``), sorted."""
    return [s[s % SAMPLE_MOD == 0] for s in sets]


def pair_codes(packed: np.ndarray, n: int) -> list[np.ndarray]:
    """``a * n + b`` (sources a < b) once for every sampled shingle the two share, from
    ``packed``: (hash << 32 | source), sorted; a shingle in more than ``COMMON_SHINGLE_DOCS``
    sources makes none."""
    hashes = packed >> np.uint64(32)
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    del hashes
    counts = np.diff(np.r_[starts, len(packed)])
    codes: list[np.ndarray] = []
    for k in range(2, COMMON_SHINGLE_DOCS + 1):
        first = starts[counts == k]
        if not len(first):
            continue
        rows = packed[first[:, None] + np.arange(k)] & np.uint64(0xFFFFFFFF)
        members = rows.astype(np.int64)  # one row of k sources per shingle
        low, high = np.triu_indices(k, 1)  # each unordered pair once (sources in order)
        codes.append(members[:, low].ravel() * n + members[:, high].ravel())
    return codes


def shared_pairs(samples: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of sources sharing sampled shingles, as sorted codes ``a * n + b`` (a < b),
    with the number of those shingles they share, counting only shingles found in at most
    ``COMMON_SHINGLE_DOCS`` sources.

    Done on arrays (a dict of Python ints per shingle took over a gigabyte), and a slice of the
    hash range at a time: every source's hashes are sorted, so a range is a slice of each, and
    a shingle's sources are all in the same slice."""
    empty = np.zeros(0, dtype=np.int64)
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    total = int(sizes.sum())
    if not total:
        return empty, empty
    n = len(samples)
    bounds = np.linspace(0, 2**32, total // SLICE + 2).astype(np.int64)
    # Where each slice starts in each source: one search per source for all the bounds (two
    # per source and slice were 8,000 calls at 1,000 sources, each widening the source's
    # 32-bit hashes to compare them with the 64-bit bounds).
    cuts = np.array([np.searchsorted(s, bounds) for s in samples], dtype=np.int64).reshape(
        n, len(bounds)
    )
    codes: list[np.ndarray] = []
    for k in range(len(bounds) - 1):
        lengths = cuts[:, k + 1] - cuts[:, k]
        if not lengths.sum():
            continue
        starts_at, ends_at = cuts[:, k].tolist(), cuts[:, k + 1].tolist()
        parts = [s[a:b] for s, a, b in zip(samples, starts_at, ends_at, strict=True)]
        # One sort of (hash, source) packed in 64 bits: sources in order within each hash.
        packed = np.concatenate(parts).astype(np.uint64) << np.uint64(32)
        packed |= np.repeat(np.arange(n, dtype=np.uint64), lengths)
        # Each source's part is already sorted: a merging sort uses those runs (40% faster
        # here); the values are distinct (a source's hashes are), so any sort gives the same.
        packed.sort(kind="stable")
        codes += pair_codes(packed, n)
    if not codes:
        return empty, empty
    code = np.concatenate(codes)
    del codes
    # Made in sorted runs too (by slice and group size): the merging sort again (0.087 ->
    # 0.052 s); equal values are equal integers, so the result is the same.
    code.sort(kind="stable")
    begin = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    return code[begin], np.diff(np.r_[begin, len(code)])


PairsOf = Callable[[list[np.ndarray]], tuple[np.ndarray, np.ndarray]]
"""How the pairs sharing sampled shingles are found from the samples (:func:`shared_pairs`)."""


def _shared_samples(
    sets: Sequence[np.ndarray], pairs_of: PairsOf = shared_pairs,
    samples: list[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Candidate pairs (a, b), a != b, with the number of sampled shingles they share; and
    each source's number of sampled shingles (``samples``: :func:`sampled` of ``sets``,
    when the caller has them)."""
    samples = sampled(sets) if samples is None else samples
    sizes = np.array([len(s) for s in samples], dtype=np.int64)
    code, shared = pairs_of(samples)
    n = len(sets)
    a, b = code // n, code % n
    # Sharing is symmetric: both directions, as containment is not.
    return np.r_[a, b], np.r_[b, a], np.r_[shared, shared], sizes


def _inside(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each value of sorted ``a``, whether sorted ``b`` holds it."""
    if not len(b):
        return np.zeros(len(a), dtype=bool)
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return np.asarray(b[at] == a)


def containments(
    sets: Sequence[np.ndarray], pairs_of: PairsOf = shared_pairs,
    samples: list[np.ndarray] | None = None,
) -> dict[tuple[int, int], float]:  # fmt: skip
    """Containment of source i in source j for every candidate pair (i, j), i != j; each set
    is a sorted array of distinct shingle hashes (``features.shingle_array``); ``samples``:
    :func:`sampled` of them, when the caller has them."""
    a_all, b_all, shared, sampled = _shared_samples(sets, pairs_of, samples)
    lengths = np.array([len(s) for s in sets], dtype=np.int64)
    # The sample estimates containment: a pair whose estimate is far below the lowest threshold
    # any decision uses shares only incidental phrases (two long interviews share a few
    # formulas; at 1,000 texts two thirds of all pairs did), so its exact set intersection,
    # the costly part, is not computed. (Same arithmetic as int / int in Python: both exact
    # in float64, one correctly rounded division.)
    estimate = shared / np.maximum(sampled[a_all], 1)
    keep = (shared >= 2) & (lengths[a_all] > 0) & (estimate >= ESTIMATE_MIN)
    out: dict[tuple[int, int], float] = {}
    common: dict[tuple[int, int], int] = {}
    for a, b in zip(a_all[keep].tolist(), b_all[keep].tolist(), strict=True):
        key = (a, b) if a < b else (b, a)
        if key not in common:
            small, large = sorted((sets[a], sets[b]), key=len)
            common[key] = int(_inside(small, large).sum())
        out[(a, b)] = common[key] / len(sets[a])
    return out


def decide(sources: Sequence[ParsedSource], cache: Store | None = None) -> list[Decision]:
    """Full, excerpt or duplicate, for every source; independent of order and names.
    ``cache`` keeps the pairs sharing sampled shingles between builds (``excerpts_update``)."""
    from build_tools import excerpts_update, features  # both use this module

    found = [features.of(s) for s in sources]
    sets = [features.shingles(f) for f in found]
    pairs_of: PairsOf = shared_pairs
    if cache is not None:
        pairs_of = partial(excerpts_update.shared_pairs, [f.digest for f in found], cache)
    cont = containments(sets, pairs_of, [features.samples(f) for f in found])
    order = sorted(range(len(sources)), key=lambda i: (-found[i].tokens, sources[i].source.sha256))
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in cont:
        partners[a].append(b)
    full: list[int] = []
    position: dict[int, int] = {}  # place in ``full``: candidates are taken in that order
    decisions: dict[int, Decision] = {}
    for i in order:
        src = sources[i]
        known = sorted((j for j in partners[i] if j in position), key=position.__getitem__)
        twins = [
            j for j in known
            if cont.get((i, j), 0) >= DUPLICATE_MIN and cont.get((j, i), 0) >= DUPLICATE_MIN
        ]  # fmt: skip
        if twins:
            j = max(twins, key=lambda j: (cont[(i, j)], sources[j].source.sha256))
            decisions[i] = Decision(src, "duplicate", ((sources[j], cont[(i, j)]),))
            continue
        containers = [j for j in known if cont.get((i, j), 0) >= CONTAINER_MIN]
        covered = np.zeros(len(sets[i]), dtype=bool)
        for j in containers:
            covered |= _inside(sets[i], sets[j])
        if len(sets[i]) and int(covered.sum()) / len(sets[i]) >= EXCERPT_COVERAGE:
            ranked = sorted(containers, key=lambda j: (-cont[(i, j)], sources[j].source.sha256))
            decisions[i] = Decision(
                src, "excerpt", tuple((sources[j], cont[(i, j)]) for j in ranked)
            )
            continue
        position[i] = len(full)
        full.append(i)
        decisions[i] = Decision(src, "full")
    return [decisions[i] for i in range(len(sources))]


# --- alignment ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    sentence: Sentence
    target: int | None  # index into the targets list
    paragraph: Paragraph | None
    score: float


class ParagraphIndex:
    """3-gram index of the paragraphs of one or more full texts, for candidate look-up."""

    def __init__(self, targets: Sequence[ParsedSource]) -> None:
        self.paragraphs: list[tuple[int, Paragraph]] = [
            (t, p) for t, src in enumerate(targets) for p in src.paragraphs
        ]
        self.position = {id(p): k for k, (_, p) in enumerate(self.paragraphs)}
        self.index: dict[int, list[int]] = defaultdict(list)
        for k, (_, p) in enumerate(self.paragraphs):
            for h in shingle_set(words(p.text), 3):
                self.index[h].append(k)
        self._folded: dict[int, str] = {}

    def folded(self, k: int) -> str:
        """Paragraph ``k``'s text case-folded, as :func:`_score` compares it (folded once,
        though a paragraph is a candidate for many sentences)."""
        text = self._folded.get(k)
        if text is None:
            text = self._folded[k] = self.paragraphs[k][1].text.casefold()
        return text

    def around(self, match: _Match) -> list[tuple[int, Paragraph]]:
        """The matched paragraph, then the ones before and after it in the same full text."""
        k = self.position[id(match.paragraph)]
        near = [k] + [i for i in (k - 1, k + 1) if 0 <= i < len(self.paragraphs)]
        return [self.paragraphs[i] for i in near if self.paragraphs[i][0] == match.target]

    def candidates(self, text: str, limit: int = 6) -> list[int]:
        """Paragraph numbers sharing the most word 3-grams with ``text``."""
        counts: Counter[int] = Counter()
        for h in shingle_set(words(text), 3):
            for k in self.index.get(h, ()):
                counts[k] += 1
        return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _score(sentence: str, paragraph: str) -> float:
    return float(fuzz.partial_ratio(sentence.casefold(), paragraph.casefold())) / 100.0


def _match_all(excerpt: ParsedSource, index: ParagraphIndex) -> list[_Match]:
    found: list[_Match] = []
    for para in excerpt.paragraphs:
        for sent in sentences(para):
            clean = _unbracketed(sent.text).strip()
            folded = clean.casefold()
            best: tuple[float, int] | None = None
            for k in index.candidates(clean):
                score = float(fuzz.partial_ratio(folded, index.folded(k))) / 100.0  # _score
                if best is None or score > best[0]:
                    best = (score, k)
                if score >= 1.0:
                    break  # found verbatim: no later candidate can score higher and replace it
            if best is None:
                found.append(_Match(sent, None, None, 0.0))
            else:
                t, p = index.paragraphs[best[1]]
                found.append(_Match(sent, t, p, best[0]))
    return _settle_short(found, index)


def _settle_short(found: list[_Match], index: ParagraphIndex) -> list[_Match]:
    """Short sentences ("Yes, that does occur.") are found in many places: place one where the
    nearest long sentences around it were matched (or next to it), preferring its own excerpt
    paragraph; failing that, keep its own best match when that is verbatim."""

    def is_long(m: _Match) -> bool:
        return len(words(m.sentence.text)) >= SHORT_SENTENCE

    out = list(found)
    for n, m in enumerate(found):
        if is_long(m):
            continue
        context: list[_Match] = []
        for step in (-1, 1):
            k = n + step
            while 0 <= k < len(found) and not is_long(found[k]):
                k += step
            if 0 <= k < len(found) and found[k].paragraph and found[k].score >= MATCH_MIN:
                context.append(found[k])
        same = [x for x in context if x.sentence.paragraph_id == m.sentence.paragraph_id]
        clean = _unbracketed(m.sentence.text).strip()
        best: _Match | None = None
        for x in same or context:
            # The context's own paragraph first; then its neighbours in the full text, for a
            # short reply ("May be.") that is a paragraph of its own next to the quoted one.
            for t, para in index.around(x):
                score = _score(clean, para.text)
                if score >= SHORT_MATCH_MIN and (best is None or score > best.score):
                    best = _Match(m.sentence, t, para, score)
        if best is None and m.score >= SHORT_MATCH_MIN:
            best = m  # found verbatim, with no quoted neighbour to place it by
        out[n] = best or _Match(m.sentence, None, None, m.score)
    return out


def variants(sentence: str, paragraph: str) -> tuple[Variant, ...]:
    """Wording differences between a quoted sentence and the paragraph it was matched to."""
    found = [Variant("insertion", m.group().strip(), "") for m in _BRACKETED.finditer(sentence)]
    clean = _BRACKETED.sub("", sentence)
    align = fuzz.partial_ratio_alignment(clean.casefold(), paragraph.casefold())
    if align is None:
        return tuple(found)
    start, end = _widen(paragraph, align.dest_start, align.dest_end)
    mine, theirs = clean.split(), paragraph[start:end].split()
    key_mine = list(map(_word_key, mine))
    key_theirs = list(map(_word_key, theirs))
    for op in Levenshtein.opcodes(key_mine, key_theirs):
        if op.tag == "equal":
            continue
        a = " ".join(mine[op.src_start : op.src_end])
        b = " ".join(theirs[op.dest_start : op.dest_end])
        if not words(a) and not words(b):
            continue
        kind = {"insert": "omission", "delete": "addition", "replace": "change"}[op.tag]
        found.append(Variant(kind, a, b))  # type: ignore[arg-type]
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def _word_key(token: str) -> str:
    """What a space-separated token is compared by in :func:`variants` (its words); kept, as
    the same tokens recur in every sentence."""
    return " ".join(words(token))


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def align(
    excerpt: ParsedSource, targets: Sequence[ParsedSource]
) -> tuple[list[list[Span]], list[Unmatched]]:
    """Spans per target (in the excerpt's order) and the sentences that match no target."""
    index = ParagraphIndex(targets)
    per_target: list[list[Span]] = [[] for _ in targets]
    unmatched: list[Unmatched] = []
    run: list[_Match] = []

    def flush() -> None:
        if not run:
            return
        first = run[0]
        assert first.paragraph is not None and first.target is not None
        text = " ".join(m.sentence.text for m in run)
        found: list[Variant] = []
        for m in run:
            assert m.paragraph is not None
            found.extend(variants(m.sentence.text, m.paragraph.text))
        per_target[first.target].append(
            Span(text, first.sentence.line, (first.paragraph.id,),
                 round(min(m.score for m in run), 4), tuple(found))
        )  # fmt: skip
        run.clear()

    for m in _match_all(excerpt, index):
        if m.paragraph is None or m.score < MATCH_MIN:
            flush()
            unmatched.append(Unmatched(m.sentence.text, m.sentence.line, round(m.score, 4)))
            continue
        if run and (
            run[-1].paragraph is not m.paragraph
            or run[-1].sentence.paragraph_id != m.sentence.paragraph_id
        ):
            flush()
        run.append(m)
    flush()
    return per_target, unmatched


Alignment = tuple[list[list[Span]], list[Unmatched]]
"""What :func:`align` finds: spans per target and the sentences matching none."""

ALIGN_BESIDE_MIN = 16
"""Fewer alignments to make than this are all made in the caller: a process of its own takes
about 0.3 s to start."""


def _align_each(jobs: Iterable[tuple[ParsedSource, list[ParsedSource]]]) -> list[Alignment]:
    """:func:`align` for each (excerpt, targets), in order."""
    return [align(excerpt, targets) for excerpt, targets in jobs]


def _without_features(source: ParsedSource) -> ParsedSource:
    """The source as :func:`align` reads it, without its features (shingles, places: most of
    its pickle), its turns still packed."""
    return replaced(source, features=None)


def _alignments(
    jobs: Sequence[tuple[ParsedSource, list[ParsedSource]]], cache: Store | None
) -> list[Alignment]:
    """:func:`align` for each (excerpt, targets), kept in ``cache`` by the identities of the
    sources aligned: a rebuild after an edit aligns again only the excerpts whose own text or
    targets changed.

    Aligning is most of the linking stage, which otherwise runs on one core: with many to make
    and more than one core, every second one is made in a process of its own
    (background.Consumer) while this one makes the rest (at 5,000 files the stage's time in
    this process fell from 12.9 to 8.3 s of CPU, 13.1 to 9.3 s in all). Each result depends on
    its sources only, so where it is made changes nothing."""
    from build_tools import features  # features uses this module's tokens

    keys: list[str | None] = [None] * len(jobs)
    found: dict[int, Alignment] = {}
    if cache is not None:
        for n, (excerpt, targets) in enumerate(jobs):
            names = [features.of(s).digest for s in (excerpt, *targets)]
            key = keys[n] = "align-" + hashlib.sha256("\0".join(names).encode()).hexdigest()
            hit = cache.get(key)
            if isinstance(hit, tuple) and len(hit) == 2:
                found[n] = (hit[0], hit[1])
    todo = [n for n in range(len(jobs)) if n not in found]
    beside = len(todo) >= ALIGN_BESIDE_MIN and spare_core()
    theirs = todo[1::2] if beside else []
    sent = None
    if theirs:
        lean = ((_without_features(jobs[n][0]), [_without_features(t) for t in jobs[n][1]])
                for n in theirs)  # fmt: skip
        sent = Consumer(_align_each, lean)
    try:
        for n in todo[::2] if beside else todo:
            found[n] = align(*jobs[n])
        if sent is not None:
            found.update(zip(theirs, sent.result(), strict=True))
    except BaseException:
        if sent is not None:
            sent.cancel()
        raise
    for n in todo:
        kept_as = keys[n]
        if cache is not None and kept_as is not None:
            cache.put(kept_as, found[n])
    return [found[n] for n in range(len(jobs))]


def link_sources(
    decisions: Iterable[Decision], cache: Store | None = None
) -> dict[str, list[ExcerptLink]]:
    """For every full source path, the excerpts and duplicates merged into it."""
    merged: dict[str, list[ExcerptLink]] = defaultdict(list)
    linked = [d for d in decisions if d.role != "full"]
    made = _alignments([(d.source, [t for t, _ in d.of]) for d in linked], cache)
    for d, (spans, unmatched) in zip(linked, made, strict=True):
        targets = [t for t, _ in d.of]
        best = max(range(len(targets)), key=lambda k: (len(spans[k]), -k))
        for k, (target, containment) in enumerate(d.of):
            role: Literal["excerpt", "duplicate"] = (
                "duplicate" if d.role == "duplicate" else "excerpt"
            )
            merged[target.source.path].append(
                ExcerptLink(
                    d.source, role, round(containment, 4), tuple(spans[k]),
                    tuple(unmatched) if k == best else (),
                )
            )  # fmt: skip
    for links in merged.values():
        links.sort(key=lambda x: (x.role, x.source.metadata.date or "", x.source.source.sha256))
    return merged
