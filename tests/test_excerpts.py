"""Excerpts and duplicates are merged into the full interview they come from, sentence by sentence.

Acceptance tests for the linking of excerpts (``build_tools/link.py``, ``build_tools/excerpts.py``).
Every expected alignment below was read off the texts by a person: for each phrase of an excerpt,
the table names a phrase of the ORIGINAL wording, and the test finds the full interview's paragraph
holding that wording itself, so no expected value is copied from the program's output.

Synthetic excerpts live in ``tests/data/excerpts/``; every quoted sentence in them is copied from
a seed in ``source_texts/`` (insertions in [brackets] and the editorial lines excepted).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.accounting import lost_words
from build_tools.export import corpus_record, load_schema
from build_tools.ids import words
from build_tools.model import Corpus, ExcerptLink, Interview, Paragraph, Span
from build_tools.pipeline import build_corpus
from tests.conftest import ROOT, SOURCE, by_source

DATA = Path(__file__).resolve().parent / "data" / "excerpts"

KZ = "2025-03-21-krasnaya-zvezda-interview.txt"  # 000: the full interview
TG = "2025-03-21-telegram-post-quoting-krasnaya-zvezda.txt"  # 001: a post quoting 000
R24 = "2021-11-01-rossiya-24-interview.txt"
IZ = "2024-03-28-izvestia-research-center-interview.txt"
KL = "2020-08-23-klyazma-youth-forum-remarks.txt"

REORDERED = "reordered-quotes.txt"  # quotes 000 out of order, plus one editorial sentence
INSERTIONS = "bracketed-insertions.txt"  # quotes 000 with editorial [insertions]
DROPPED = "dropped-sentences.txt"  # quotes 000 leaving sentences out of its paragraphs
TWO = "two-interviews.txt"  # quotes Rossiya 24 and Izvestia, interleaved
OWN_WORDS = "same-subject-own-words.txt"  # 000's subjects, in other words: not an excerpt

MIN_SCORE = 0.8
"""Lowest alignment score a correct span may have (insertions and added names included)."""

Alignment = dict[str, tuple[str, ...]]
"""A phrase of the full interview's ORIGINAL wording (locates its paragraph) -> phrases of the
excerpt that quote that paragraph. A table lists every sentence of the excerpt it is about."""


# --- helpers -------------------------------------------------------------------------------


def build(folder: Path, files: dict[str, bytes]) -> Corpus:
    """Write ``files`` into ``folder`` (kept: a later call adds to it) and build the corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return build_corpus(folder)


def seed(name: str) -> bytes:
    return (SOURCE / name).read_bytes()


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def norm(text: str) -> str:
    """Words only, space-separated and padded, so phrase search ignores quotes and dashes."""
    return " " + " ".join(words(text)) + " "


def contains(text: str, phrase: str) -> bool:
    return norm(phrase) in norm(text)


def name_of(path: str) -> str:
    return Path(path).name


def pages(corpus: Corpus) -> list[str]:
    """File names of the sources that have a page of their own."""
    return sorted(name_of(i.main.source.path) for i in corpus.interviews)


def links_of(corpus: Corpus, name: str) -> list[tuple[Interview, ExcerptLink]]:
    """Every (interview, link) where the linked source is the file called ``name``."""
    return [
        (i, link)
        for i in corpus.interviews
        for link in i.linked
        if name_of(link.source.source.path) == name
    ]


def only_link(corpus: Corpus, name: str) -> tuple[Interview, ExcerptLink]:
    found = links_of(corpus, name)
    assert len(found) == 1, f"{name} linked {len(found)} times: {pages(corpus)}"
    return found[0]


def by_path(corpus: Corpus, name: str) -> str:
    """The display path of the linked file called ``name``."""
    return only_link(corpus, name)[1].source.source.path


def paragraph_with(interview: Interview, phrase: str) -> Paragraph:
    """The one paragraph of the interview's main text that holds ``phrase``."""
    found = [p for p in interview.main.paragraphs if contains(p.text, phrase)]
    where = interview.main.source.path
    assert len(found) == 1, f"{phrase!r} is in {len(found)} paragraphs of {where}"
    return found[0]


def spans_with(link: ExcerptLink, phrase: str) -> list[Span]:
    return [s for s in link.spans if contains(s.text, phrase)]


def strip_insertions(text: str) -> str:
    return re.sub(r"\[[^\]]*\]", " ", text)


def assert_aligned(interview: Interview, link: ExcerptLink, table: Alignment) -> None:
    """Each excerpt phrase is in a span aligned to the paragraph holding the original wording,
    and no span is aligned to a paragraph that none of its phrases comes from."""
    expected: list[tuple[str, str]] = []
    for original, quoted in table.items():
        pid = paragraph_with(interview, original).id
        expected += [(phrase, pid) for phrase in quoted]
    path = link.source.source.path
    for phrase, pid in expected:
        spans = spans_with(link, phrase)
        assert spans, f"no span of {path} contains {phrase!r}"
        for span in spans:
            assert pid in span.paragraph_ids, (
                f"{phrase!r} (line {span.line}) aligned to {span.paragraph_ids}, expected {pid}"
            )
    for span in link.spans:
        justified = {pid for phrase, pid in expected if contains(span.text, phrase)}
        assert justified, f"span at line {span.line} quotes nothing expected: {span.text!r}"
        wrong = set(span.paragraph_ids) - justified
        assert not wrong, f"span at line {span.line} also aligned to {wrong}: {span.text!r}"


def starts_on_line(link: ExcerptLink, text: str, line: int) -> bool:
    """The first words of ``text`` begin on source line ``line`` of the linked file."""
    raw = {src.number: src.raw for src in link.source.lines}
    first = words(text)[:3]
    here = words(raw.get(line, ""))
    after = [w for n in range(line + 1, line + 4) for w in words(raw.get(n, ""))]
    seq = here + after
    return any(seq[i : i + len(first)] == first for i in range(len(here)))


def assert_spans_sound(interview: Interview, link: ExcerptLink) -> None:
    """Every span: targets paragraphs of this interview, scores well, really shares its words
    with them, and starts on the source line it names."""
    paragraphs = {p.id: p for p in interview.main.paragraphs}
    assert link.spans, f"{link.source.source.path}: no spans"
    lines = [s.line for s in link.spans]
    assert lines == sorted(lines), f"spans not in the excerpt's order: {lines}"
    for span in link.spans:
        where = f"{link.source.source.path}:{span.line}"
        assert span.paragraph_ids, where
        assert set(span.paragraph_ids) <= set(paragraphs), f"{where}: {span.paragraph_ids}"
        assert MIN_SCORE <= span.score <= 1, f"{where}: score {span.score}"
        quoted = Counter(words(strip_insertions(span.text)))
        target: Counter[str] = Counter()
        for pid in span.paragraph_ids:
            target.update(words(paragraphs[pid].text))
        share = sum((quoted & target).values()) / max(1, sum(quoted.values()))
        assert share >= MIN_SCORE, f"{where}: only {share:.0%} of the span's words are there"
        assert starts_on_line(link, span.text, span.line), f"{where}: {span.text[:60]!r}"
    for u in link.unmatched:
        assert starts_on_line(link, u.text, u.line), f"unmatched at {u.line}: {u.text!r}"
        # unmatched means found nowhere: a sentence that scores like a match must be a span
        assert 0 <= u.best_score < MIN_SCORE, f"unmatched at {u.line} scores {u.best_score}"
    assert 0 < link.containment <= 1


def assert_nothing_lost(corpus: Corpus, name: str) -> None:
    """The words of all the excerpt's paragraphs, as a multiset, equal the words of its spans and
    unmatched sentences over every interview it is linked to; the rest of its lines are in its
    removal log or metadata (the per-file accounting)."""
    found = links_of(corpus, name)
    assert found, f"{name} is linked nowhere"
    source = found[0][1].source
    have = Counter(w for p in source.paragraphs for w in words(p.text))
    shown: Counter[str] = Counter()
    for _, link in found:
        for span in link.spans:
            shown.update(words(span.text))
        for u in link.unmatched:
            shown.update(words(u.text))
    assert have - shown == Counter(), f"{name}: words on no span and not unmatched"
    assert shown - have == Counter(), f"{name}: words shown twice or invented"
    assert lost_words(source) == {}


def variants(span: Span, kind: str) -> list[str]:
    return [v.excerpt.strip() for v in span.variants if v.kind == kind]


def close_to(value: float, line: str) -> bool:
    """``line`` shows ``value`` rounded to two decimals (or as a percentage)."""
    shown = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", line)]
    return any(abs(x - value) <= 0.006 or abs(x / 100 - value) <= 0.006 for x in shown)


def decisions(corpus: Corpus) -> dict[str, list[tuple[object, ...]]]:
    """What the linker decided, keyed by content (sha256) only, never by name or path."""
    out: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for i in corpus.interviews:
        main = i.main.source.sha256
        out[main].append(("main", i.id, i.missing_full_text, len(i.main.paragraphs)))
        for link in i.linked:
            spans = tuple((s.paragraph_ids, round(s.score, 3)) for s in link.spans)
            unmatched = tuple(u.text for u in link.unmatched)
            out[link.source.source.sha256].append(
                (link.role, main, round(link.containment, 3), spans, unmatched)
            )
    return {k: sorted(v, key=repr) for k, v in out.items()}


def repost(full: bytes) -> bytes:
    """``full`` as a news site reposts it: its own header above, share and teaser links below."""
    header = (
        "[worldaffairs.example](https://worldaffairs.example/lavrov-interview)\n\n12 min read\n\n"
    )
    footer = (
        "\n\nShare this article\n\nRelated posts\n\n"
        "Zakharova comments on the new EU sanctions package\n\n"
        "What the Riyadh talks mean for Europe\n"
    )
    return (header + full.decode("utf-8").rstrip("\n") + footer).encode("utf-8")


# --- expected alignments, read off the texts -----------------------------------------------

SEED_POST: Alignment = {
    "Back in the day when you worked at the UN": (
        "Back in the day when you worked at the UN",
        "how Russia should be represented in the international arena",
    ),
    "In 1994, Boris Yeltsin was invited to Naples": (
        "The leadership focused [in 1994] on creating proper conditions",
        "As it turned out later",
        "We were assigned this role",
        "This, of course, was a huge mistake",
        "Our leadership was primarily focused on the West",
    ),
    "there was no point in expanding NATO": (
        "there was no point in expanding NATO",
        "our goal was to join the G7",
        "Even in the 2000s",
    ),
    "Starting with Primakov": (
        "Starting with Yevgeny Primakov",
        "It was not designated in these terms back then",
    ),
    "Thus, the UN Charter requires no revision": (
        "The UN Charter requires no revision",
        "It remains contemporaneous",
        "It must simply be respected and implemented",
        "When Kosovo declared independence",
        "Crimea conducted a transparent referendum",
        "Duplicity, cynicism, hypocrisy",
    ),
    "Multipolarity means you should be interested": (
        "Multipolarity means you should be interested",
        "Listening to what someone else has to say",
        "a simple contact, a conversation can help",
        "This is fully consistent with the UN Charter",
    ),
    "will never align. We acknowledged this in Riyadh": (
        "will never align [with the US]",
        "We acknowledged this in Riyadh",
        "The Americans acknowledged this, too",
        "they were the ones who said this",
        "it is foolish not to use the points",
        "Marco Rubio also said this",
        "This is absolutely our position",
    ),
    # not the paragraph before it, which also has "a 180-degree turn"
    "Vladimir Zelensky made a 180-degree turn from someone": (
        "Zelensky made a 180-degree turn from someone",
        "transformed into a full Nazi",
    ),
    "No other language has been subjected to such aggression": (
        "No other language has been subjected",
        "imagine if Switzerland were to ban French",
        "The Irish there now want",
        "If the Irish tried to ban English now",
    ),
    "Diplomacy mirrors life": ("Diplomacy mirrors life",),
}

REORDERED_QUOTES: Alignment = {
    "It is said that foreign policy embodies cynicism": (
        "It is said that foreign policy embodies cynicism and deceit",
        "one must be cunning",
        "Yes, that does occur",
        "However, I prefer honesty",
    ),
    "The Chinese diplomatic school has never even entertained": (
        "The Chinese diplomatic school has never even entertained",
        "Yet our neighbour in the form of the West",
        "This is not diplomacy",
    ),
    "The UN Charter is inherently suited to the era of multipolarity": (
        "The UN Charter is inherently suited",
        "It enshrines the key phrase",
        "sovereign equality of all its Members",
    ),
    "In 1996, I was Permanent Representative of Russia to the UN": (
        "In 1996, I was Permanent Representative",
        "Madeleine Albright let me smoke in her office",
        "Cubans shot down a US plane",
    ),
    "Secretaries of State come and go": (
        "Secretaries of State come and go",
        "They likely muse",
        "a sentiment perhaps directed at me",
    ),
}

BRACKETED: Alignment = {
    "In January 2022, I met then-US Secretary of State Antony Blinken": (
        "In January 2022, I met then-US Secretary",
        "He [Antony Blinken] asserted NATO was none of our business",
    ),
    "The presidents had a telephone conversation at the initiative of Donald Trump": (
        "The presidents had a telephone conversation",
    ),
    "Our diplomacy has always been guided by our interests": (
        "Our diplomacy has always been guided by our interests",
    ),
}

DROPPED_SENTENCES: Alignment = {
    "The guardian of the UN Charter": (
        "The guardian of the UN Charter",
        "The UN Secretariat has been",
        "They have no qualms about being part of the Alliance",
    ),
    "There was a unique Russia-EU format": (
        "There was a unique Russia-EU format",
        "Summits were held twice a year",
        "There were four common spaces",
        "Jose Manuel Barroso came there",
    ),
    "Georgia and Ukraine were indeed referenced": (
        "Georgia and Ukraine were indeed referenced",
        "This occurred in April 2008 in Bucharest",
        "Condoleezza Rice travelled to Georgia",
        "What followed is history",
    ),
}

TWO_FROM_R24: Alignment = {
    "Speaking about international life, the United Nations Charter": (
        "Speaking about international life",
        "These rules are universal and mandatory for all",
    ),
    "The Dutch and the British are pushing the idea": (
        "The Dutch and the British are pushing",
        "Why not do this at UNESCO",
    ),
    "The Summit for Democracy seeks to divide": ("The Summit for Democracy seeks to divide",),
}

TWO_FROM_IZ: Alignment = {
    "This irreparable confidence of the United States": (
        "This irreparable confidence of the United States",
    ),
    "the psychology of global dominance": ("the psychology of global dominance",),
    "luring the Armenian leadership to the side of the West": ("luring the Armenian leadership",),
}


# --- 1. the seeds: 001 quotes 000 ------------------------------------------------------------


def test_seed_post_has_no_page_and_is_an_excerpt_of_000(seed_corpus: Corpus) -> None:
    """001's full text (000) is in the corpus, so 001 gets no page: it is linked to 000 only,
    as an excerpt, with most of its word 5-grams found there."""
    assert pages(seed_corpus) == sorted([KL, R24, IZ, KZ])
    interview, link = only_link(seed_corpus, TG)
    assert name_of(interview.main.source.path) == KZ
    assert link.role == "excerpt"
    assert link.containment >= MIN_SCORE
    assert not interview.missing_full_text
    assert link.source.metadata.kind == "excerpt"


def test_seed_post_every_sentence_aligned_to_its_paragraph(seed_corpus: Corpus) -> None:
    """Every content sentence of 001 is aligned to the 000 paragraph it was taken from (found by
    the original wording), including the question, the added first name, the glued words and
    the sentence whose words also appear in the paragraph before it; nothing is unmatched."""
    interview, link = only_link(seed_corpus, TG)
    assert_aligned(interview, link, SEED_POST)
    assert link.unmatched == ()


def test_seed_post_spans_are_sound(seed_corpus: Corpus) -> None:
    """No span of 001 is aligned to a wrong paragraph: each scores at least 0.8, the paragraphs
    it names hold most of its words, and it starts on the line it names."""
    interview, link = only_link(seed_corpus, TG)
    assert_spans_sound(interview, link)


def test_seed_interview_paragraphs_are_not_duplicated(seed_corpus: Corpus, tmp_path: Path) -> None:
    """Merging 001 adds nothing to 000's text: its paragraphs (ids, count, order) are exactly
    those of 000 built alone."""
    merged = by_source(seed_corpus, KZ).main.paragraphs
    alone = build(tmp_path, {KZ: seed(KZ)})
    assert len(alone.interviews) == 1
    assert [p.id for p in merged] == [p.id for p in alone.interviews[0].main.paragraphs]
    assert len({p.id for p in merged}) == len(merged)


def test_seed_post_nothing_lost(seed_corpus: Corpus) -> None:
    """Every word of 001's paragraphs is in a span or unmatched, exactly once; the other lines
    (title, date, 'Read in full', 'Key points:', markers) are metadata or logged removals."""
    assert_nothing_lost(seed_corpus, TG)
    _, link = only_link(seed_corpus, TG)
    rules = {r.rule for r in link.source.removed}
    assert {"read-in-full", "key-points"} <= rules
    assert all(r.reason for r in link.source.removed)


def test_seed_post_variants_record_insertions_and_added_names(seed_corpus: Corpus) -> None:
    """001's editorial '[in 1994]', '[with the US]', '[as Russian]' are insertions and the first
    name it adds to 'Primakov' is an addition, each on the span that holds it."""
    _, link = only_link(seed_corpus, TG)
    expected = [
        ("leadership focused [in 1994] on creating", "insertion", "[in 1994]"),
        ("will never align [with the US]", "insertion", "[with the US]"),
        ("subjected to such aggression [as Russian]", "insertion", "[as Russian]"),
        ("Starting with Yevgeny Primakov", "addition", "Yevgeny"),
    ]
    for phrase, kind, text in expected:
        spans = spans_with(link, phrase)
        assert len(spans) == 1, phrase
        assert text in variants(spans[0], kind), f"{phrase!r}: {spans[0].variants}"
        assert all(v.original.strip() == "" for v in spans[0].variants if v.kind == kind)


# --- 2. synthetic excerpts ---------------------------------------------------------------------


def test_reordered_quotes_align_to_their_paragraphs(tmp_path: Path) -> None:
    """(a) A post quoting 000's paragraphs out of order: each quote is aligned to its own
    paragraph, spans keep the post's order, and the post's own editorial line is unmatched."""
    corpus = build(tmp_path, {KZ: seed(KZ), R24: seed(R24), REORDERED: sample(REORDERED)})
    assert pages(corpus) == sorted([KZ, R24])
    interview, link = only_link(corpus, REORDERED)
    assert name_of(interview.main.source.path) == KZ
    assert link.role == "excerpt"
    assert_aligned(interview, link, REORDERED_QUOTES)
    assert_spans_sound(interview, link)
    order = [p.id for p in interview.main.paragraphs]
    positions = [order.index(s.paragraph_ids[0]) for s in link.spans]
    assert positions != sorted(positions), "the sample must quote paragraphs out of order"
    assert [(u.line, contains(u.text, "A must-read for everyone")) for u in link.unmatched] == [
        (3, True)
    ]
    assert all(0 <= u.best_score < MIN_SCORE for u in link.unmatched)
    assert_nothing_lost(corpus, REORDERED)


def test_bracketed_insertions_are_variants(tmp_path: Path) -> None:
    """(b) Editorial [insertions] do not stop a sentence from aligning; each is recorded as an
    insertion variant on its span, with no original words."""
    corpus = build(tmp_path, {KZ: seed(KZ), INSERTIONS: sample(INSERTIONS)})
    assert pages(corpus) == [KZ]
    interview, link = only_link(corpus, INSERTIONS)
    assert_aligned(interview, link, BRACKETED)
    assert_spans_sound(interview, link)
    assert link.unmatched == ()
    for phrase, text in [
        ("asserted NATO was none of our business", "[Antony Blinken]"),
        ("news conference in Helsinki", "[in July 2018]"),
        ("delineated in the Foreign Policy Concept", "[of the Russian Federation]"),
    ]:
        spans = spans_with(link, phrase)
        assert len(spans) == 1, phrase
        assert text in variants(spans[0], "insertion"), f"{phrase!r}: {spans[0].variants}"
    assert_nothing_lost(corpus, INSERTIONS)


def test_dropped_sentences_still_align(tmp_path: Path) -> None:
    """(c) Quotes that leave sentences out of 000's paragraphs still align, every kept sentence
    to the paragraph it comes from; nothing is unmatched."""
    corpus = build(tmp_path, {KZ: seed(KZ), DROPPED: sample(DROPPED)})
    assert pages(corpus) == [KZ]
    interview, link = only_link(corpus, DROPPED)
    assert link.role == "excerpt"
    assert_aligned(interview, link, DROPPED_SENTENCES)
    assert_spans_sound(interview, link)
    assert link.unmatched == ()
    assert_nothing_lost(corpus, DROPPED)


def test_excerpt_of_two_interviews_is_linked_to_both(tmp_path: Path) -> None:
    """(d) A post interleaving quotes from Rossiya 24 and Izvestia is linked to both, each link
    holding only the spans aligned to that interview; not to 000, which it does not quote."""
    files = {R24: seed(R24), IZ: seed(IZ), KZ: seed(KZ), TWO: sample(TWO)}
    corpus = build(tmp_path, files)
    assert pages(corpus) == sorted([R24, IZ, KZ])
    found = {name_of(i.main.source.path): (i, link) for i, link in links_of(corpus, TWO)}
    assert sorted(found) == sorted([R24, IZ])
    for name, table in [(R24, TWO_FROM_R24), (IZ, TWO_FROM_IZ)]:
        interview, link = found[name]
        assert link.role == "excerpt"
        assert_aligned(interview, link, table)
        assert_spans_sound(interview, link)
        assert link.unmatched == ()
    assert_nothing_lost(corpus, TWO)


def test_two_excerpts_of_one_interview_are_both_linked(tmp_path: Path) -> None:
    """(e) Two posts quoting 000 are both merged into 000's one page, each with its own spans."""
    files = {
        KZ: seed(KZ),
        R24: seed(R24),
        REORDERED: sample(REORDERED),
        INSERTIONS: sample(INSERTIONS),
    }
    corpus = build(tmp_path, files)
    assert pages(corpus) == sorted([KZ, R24])
    interview = by_source(corpus, KZ)
    assert sorted(name_of(x.source.source.path) for x in interview.linked) == sorted(
        [REORDERED, INSERTIONS]
    )
    assert {x.role for x in interview.linked} == {"excerpt"}
    assert by_source(corpus, R24).linked == ()
    for name, table in [(REORDERED, REORDERED_QUOTES), (INSERTIONS, BRACKETED)]:
        _, link = only_link(corpus, name)
        assert_aligned(interview, link, table)
        assert_nothing_lost(corpus, name)


def test_byte_identical_copy_is_a_duplicate(tmp_path: Path) -> None:
    """(f) The same bytes under two names make one page with two sources: one is the page's
    main text, the other is linked to it as a duplicate."""
    corpus = build(tmp_path, {R24: seed(R24), "copy-of-rossiya.txt": seed(R24), KZ: seed(KZ)})
    assert len(corpus.interviews) == 2
    interview = next(i for i in corpus.interviews if i.main.source.sha256 == sha(seed(R24)))
    assert len(interview.linked) == 1
    link = interview.linked[0]
    assert link.role == "duplicate"
    assert link.source.source.sha256 == interview.main.source.sha256
    assert {name_of(interview.main.source.path), name_of(link.source.source.path)} == {
        R24,
        "copy-of-rossiya.txt",
    }
    assert link.containment == pytest.approx(1.0)
    assert_spans_sound(interview, link)
    assert link.unmatched == ()
    assert_nothing_lost(corpus, name_of(link.source.source.path))
    assert by_source(corpus, KZ).linked == ()


def test_repost_with_other_header_and_footer_is_a_duplicate(tmp_path: Path) -> None:
    """(g) 000 reposted by a news site with its own header and footer is a duplicate: one page,
    both files as its sources, the page holding every paragraph of 000."""
    copy = repost(seed(KZ))
    ids_000 = [
        p.id for p in build(tmp_path / "alone", {KZ: seed(KZ)}).interviews[0].main.paragraphs
    ]
    corpus = build(tmp_path / "both", {KZ: seed(KZ), "news-site-repost.txt": copy, R24: seed(R24)})
    assert len(corpus.interviews) == 2
    pair = {sha(copy), sha(seed(KZ))}
    interview = next(i for i in corpus.interviews if i.main.source.sha256 in pair)
    assert [x.role for x in interview.linked] == ["duplicate"]
    assert {interview.main.source.sha256, interview.linked[0].source.source.sha256} == pair
    assert interview.linked[0].containment >= 0.9
    assert set(ids_000) <= {p.id for p in interview.main.paragraphs}
    assert_spans_sound(interview, interview.linked[0])
    assert_nothing_lost(corpus, name_of(interview.linked[0].source.source.path))
    assert not interview.missing_full_text


def test_duplicate_main_is_chosen_by_content_not_by_name(tmp_path: Path) -> None:
    """Of a duplicate pair, the longer text is the page's main text, and between texts of the
    same length the content hash decides: swapping the file names changes nothing."""
    longer = repost(seed(KZ))
    same_length = seed(KZ).replace(b"Football it is.", b"football it is.")  # same words, length
    assert len(same_length) == len(seed(KZ)) and same_length != seed(KZ)
    pairs = {"longer": (seed(KZ), longer), "same-length": (seed(KZ), same_length)}
    chosen: dict[str, set[str]] = defaultdict(set)
    for label, (x, y) in pairs.items():
        for order, (first, second) in enumerate([(x, y), (y, x)]):
            corpus = build(tmp_path / f"{label}-{order}", {"a.txt": first, "b.txt": second})
            assert len(corpus.interviews) == 1
            assert [link.role for link in corpus.interviews[0].linked] == ["duplicate"]
            chosen[label].add(corpus.interviews[0].main.source.sha256)
    assert chosen["longer"] == {sha(longer)}
    assert len(chosen["same-length"]) == 1, "the main text changed when the names were swapped"


def test_passage_pasted_twice_is_kept_once_and_logged(tmp_path: Path) -> None:
    """(h) Three paragraphs of the Izvestia interview pasted twice in a row (a scraping fault)
    appear once; each repeated line is logged as a 'repeated-passage' removal naming the
    paragraph it repeats, so nothing is lost."""
    lines = seed(IZ).decode("utf-8").split("\n")
    block = lines[152:157]  # lines 153-157: three paragraphs with blank lines between them
    assert [bool(x.strip()) for x in block] == [True, False, True, False, True]
    assert all(len(words(x)) >= 12 for x in block if x.strip())
    pasted = [*lines[:157], "", *block, *lines[157:]]  # the copies land on lines 159, 161, 163
    alone = build(tmp_path / "alone", {IZ: seed(IZ)}).interviews[0].main
    corpus = build(tmp_path / "pasted", {"izvestia-pasted-twice.txt": "\n".join(pasted).encode()})
    assert len(corpus.interviews) == 1
    main = corpus.interviews[0].main
    assert [p.id for p in main.paragraphs] == [p.id for p in alone.paragraphs]
    originals = {p.line: p.id for p in alone.paragraphs}
    logged = [r for r in main.removed if r.rule == "repeated-passage"]
    assert sorted({r.line for r in logged}) == [159, 161, 163]
    for copy_line, original_line in [(159, 153), (161, 155), (163, 157)]:
        reasons = [r.reason for r in logged if r.line == copy_line]
        assert any(originals[original_line] in reason for reason in reasons), (copy_line, reasons)
    assert lost_words(main) == {}


def test_short_legitimate_repeats_are_kept(tmp_path: Path) -> None:
    """(h) Short repeats that are speech, not a scraping fault ('Yes.', 'Thank you.'), are kept
    every time they are said."""
    extra = (
        "Question: Is that your final word on the matter?\n"
        "Sergey Lavrov: Yes.\n"
        "Question: Even on football?\n"
        "Sergey Lavrov: Yes.\n"
        "Question: Thank you.\n"
        "Sergey Lavrov: Thank you.\n"
    )
    text = seed(KZ).decode("utf-8").rstrip("\n") + "\n" + extra
    alone = build(tmp_path / "alone", {KZ: seed(KZ)}).interviews[0].main
    corpus = build(tmp_path / "longer", {KZ: text.encode("utf-8")})
    main = corpus.interviews[0].main
    assert len(main.paragraphs) == len(alone.paragraphs) + 6
    said = Counter(p.text for p in main.paragraphs)
    assert said["Yes."] == 2
    assert said["Thank you."] == 2
    assert [r for r in main.removed if r.rule == "repeated-passage"] == []


@pytest.mark.parametrize(
    ("name", "data"),
    [(REORDERED, sample(REORDERED)), (TG, seed(TG))],
    ids=["synthetic-post", "seed-001"],
)
def test_excerpt_without_full_text_keeps_its_page_until_it_arrives(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """(i) An excerpt of 000 built without 000 has its own page, flagged as missing its full
    text; once 000 is added to the folder, the next build merges it into 000's page."""
    before = build(tmp_path, {name: data, R24: seed(R24)})
    assert pages(before) == sorted([name, R24])
    post = by_source(before, name)
    assert post.missing_full_text
    assert post.main.metadata.kind == "excerpt"
    assert not by_source(before, R24).missing_full_text
    assert links_of(before, name) == []

    after = build(tmp_path, {KZ: seed(KZ)})
    assert pages(after) == sorted([KZ, R24])
    interview, link = only_link(after, name)
    assert name_of(interview.main.source.path) == KZ
    assert link.role == "excerpt"
    assert not interview.missing_full_text
    assert_nothing_lost(after, name)


def test_same_subject_in_other_words_is_not_an_excerpt(tmp_path: Path) -> None:
    """(j) A commentary on 000's subjects (Primakov, multipolarity, the UN Charter, NATO
    expansion, Kosovo and Crimea) in its own words is a text of its own: own page, nothing
    linked to it and it linked to nothing."""
    files = {KZ: seed(KZ), TG: seed(TG), R24: seed(R24), OWN_WORDS: sample(OWN_WORDS)}
    corpus = build(tmp_path, files)
    assert pages(corpus) == sorted([KZ, R24, OWN_WORDS])
    own = by_source(corpus, OWN_WORDS)
    assert own.linked == ()
    assert not own.missing_full_text
    assert links_of(corpus, OWN_WORDS) == []
    assert [name_of(x.source.source.path) for x in by_source(corpus, KZ).linked] == [TG]


# --- 3. order and names do not matter ---------------------------------------------------------


def test_decisions_do_not_depend_on_file_names_or_order(tmp_path: Path) -> None:
    """The same files under their own names and under unrelated names read in the reverse
    order give the same pages, links, spans and scores (compared by content hash)."""
    files = {name: seed(name) for name in (KZ, TG, R24, IZ, KL)}
    files |= {name: sample(name) for name in (REORDERED, INSERTIONS, TWO, OWN_WORDS)}
    files["news-site-repost.txt"] = repost(seed(R24))
    ordered = sorted(files)
    renamed = {  # reverse reading order, names that say nothing about the content
        f"{len(ordered) - k:02d}_{sha(files[name])[:12]}.txt": files[name]
        for k, name in enumerate(ordered)
    }
    first = build(tmp_path / "named", files)
    second = build(tmp_path / "renamed", renamed)
    by_name = [sha(files[n]) for n in ordered]
    by_new_name = [sha(renamed[n]) for n in sorted(renamed)]
    assert by_name != by_new_name, "the renamed folder must be read in another order"
    assert set(decisions(first)) == {sha(x) for x in files.values()}
    assert decisions(first) == decisions(second)


# --- 4. the check report and the export -------------------------------------------------------


def test_check_reports_excerpts_duplicates_and_spans(tmp_path: Path) -> None:
    """`check` says, per excerpt and duplicate, what it is of which file and the containment,
    then one line per span with its line, target paragraph id(s) and score."""
    folder = tmp_path / "source_texts"
    corpus = build(folder, {KZ: seed(KZ), TG: seed(TG), R24: seed(R24), "r24-copy.txt": seed(R24)})
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "check", "--source", str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout.splitlines()

    merged = [(i, x) for i in corpus.interviews for x in i.linked]
    assert sorted(x.role for _, x in merged) == ["duplicate", "excerpt"]
    for interview, linked in merged:
        said = [
            n
            for n, line in enumerate(out)
            if f"{linked.role} of" in line
            and linked.source.source.path in line
            and "containment" in line
            and close_to(linked.containment, line)
        ]
        assert said, f"no '{linked.role} of' line for {linked.source.source.path}"
        # the file it is merged into is named on that line, or heads the report block it is in
        assert any(interview.main.source.path in line for line in out[: said[0] + 1])

    used: set[int] = set()
    spans = [s for _, x in merged for s in x.spans]
    for span in spans:
        hits = [
            n
            for n, line in enumerate(out)
            if re.search(rf"\b{span.line}\b", line)
            and all(pid in line for pid in span.paragraph_ids)
            and close_to(span.score, line)
        ]
        assert hits, f"no report line for the span at line {span.line} -> {span.paragraph_ids}"
        used.update(hits)
    assert len(used) >= len(spans)


def test_export_lists_excerpt_sources_and_alignment(tmp_path: Path) -> None:
    """The export lists each excerpt among the interview's sources (role 'excerpt') and, under
    'excerpts', its path, hash, role, containment, spans and unmatched sentences, as linked;
    the record is valid against the schema."""
    files = {KZ: seed(KZ), TG: seed(TG), REORDERED: sample(REORDERED)}
    corpus = build(tmp_path, {**files, R24: seed(R24), "r24-copy.txt": seed(R24)})
    data = json.loads(json.dumps(corpus_record(corpus)))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert len(data["interviews"]) == 2
    dup = next(r for r in data["interviews"] if r["sources"][0]["sha256"] == sha(seed(R24)))
    assert [(s["sha256"], s["role"]) for s in dup["sources"]] == [
        (sha(seed(R24)), "full"),
        (sha(seed(R24)), "duplicate"),
    ]
    assert [e["role"] for e in dup["excerpts"]] == ["duplicate"]
    interview = by_source(corpus, KZ)
    record = next(r for r in data["interviews"] if r["sources"][0]["sha256"] == sha(seed(KZ)))
    assert record["sources"][0]["path"] == interview.main.source.path
    assert record["sources"][0]["role"] == "full"
    roles = {(s["path"], s["sha256"], s["role"]) for s in record["sources"][1:]}
    assert roles == {
        (x.source.source.path, x.source.source.sha256, "excerpt") for x in interview.linked
    }
    ids = {p["id"] for t in record["turns"] for p in t["paragraphs"]}
    excerpts = {e["path"]: e for e in record["excerpts"]}
    assert sorted(excerpts) == sorted(x.source.source.path for x in interview.linked)
    for link in interview.linked:
        entry = excerpts[link.source.source.path]
        keys = {"path", "sha256", "role", "containment", "spans", "unmatched"}
        assert keys <= set(entry)
        assert entry["sha256"] == link.source.source.sha256
        assert entry["role"] == "excerpt"
        assert entry["containment"] == pytest.approx(link.containment)
        assert len(entry["spans"]) == len(link.spans)
        for got, span in zip(entry["spans"], link.spans, strict=True):
            assert {"text", "line", "paragraph_ids", "score", "variants"} <= set(got)
            assert got["text"] == span.text
            assert got["line"] == span.line
            assert got["paragraph_ids"] == list(span.paragraph_ids)
            assert set(got["paragraph_ids"]) <= ids
            assert got["score"] == pytest.approx(span.score)
            assert [(v["kind"], v["excerpt"], v["original"]) for v in got["variants"]] == [
                (v.kind, v.excerpt, v.original) for v in span.variants
            ]
        assert [(u["text"], u["line"]) for u in entry["unmatched"]] == [
            (u.text, u.line) for u in link.unmatched
        ]
    assert excerpts[by_path(corpus, REORDERED)]["unmatched"], "the editorial line is unmatched"


def _match_all_plainly(excerpt: Any, index: Any) -> list[Any]:
    """``excerpts._match_all`` as first written: every candidate scored, the first best kept."""
    from build_tools import excerpts

    found = []
    for para in excerpt.paragraphs:
        for sent in excerpts.sentences(para):
            clean = excerpts._BRACKETED.sub("", sent.text).strip()
            best = None
            for k in index.candidates(clean):
                score = excerpts._score(clean, index.paragraphs[k][1].text)
                if best is None or score > best[0]:
                    best = (score, k)
            if best is None:
                found.append(excerpts._Match(sent, None, None, 0.0))
            else:
                t, p = index.paragraphs[best[1]]
                found.append(excerpts._Match(sent, t, p, best[0]))
    return excerpts._settle_short(found, index)


def test_match_all_stopping_at_a_verbatim_match_changes_nothing(seed_corpus: Corpus) -> None:
    """``_match_all`` stops scoring a sentence's candidates at a perfect score; the matches
    must be those of scoring them all, ties included (the full text given twice: every
    verbatim sentence scores 1.0 in two paragraphs, the first must win)."""
    from build_tools import excerpts

    pairs = [(x.source, i.main) for i in seed_corpus.interviews for x in i.linked]
    assert pairs
    for excerpt, full in pairs:
        for targets in ([full], [full, full]):
            index = excerpts.ParagraphIndex(targets)
            found = excerpts._match_all(excerpt, index)
            assert found == _match_all_plainly(excerpt, excerpts.ParagraphIndex(targets))
            assert any(m.score == 1.0 for m in found)


@given(st.text(alphabet=st.sampled_from(list("ab [] \n\u00a0[x]")), max_size=60))
def test_unbracketed_is_the_pattern_substitution(text: str) -> None:
    """The ``[`` guard skips the pattern only where it could not match."""
    from build_tools import excerpts

    assert excerpts._unbracketed(text) == excerpts._BRACKETED.sub("", text)


def test_alignments_made_beside_are_the_ones_made_here(
    seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With many excerpts to align, every second one is aligned in a process of its own: what
    it sends back (and what goes into the cache) is what aligning here gives."""
    from build_tools import excerpts
    from build_tools.cache import ParseCache

    sources = [i.main for i in seed_corpus.interviews]
    sources += [x.source for i in seed_corpus.interviews for x in i.linked]
    # Every source against every other (most sentences match nothing) and the real excerpt.
    jobs = [(a, [b]) for a in sources for b in sources if a is not b]
    jobs += [(x.source, [i.main]) for i in seed_corpus.interviews for x in i.linked]
    monkeypatch.setattr(excerpts, "ALIGN_BESIDE_MIN", 10**9)
    here = excerpts._alignments(jobs, None)
    started: list[int] = []
    real = excerpts.Consumer

    def spy(*args: Any, **kwargs: Any) -> Any:
        started.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(excerpts, "ALIGN_BESIDE_MIN", 2)
    monkeypatch.setattr(excerpts, "Consumer", spy)
    monkeypatch.setattr(excerpts, "spare_core", lambda: True)
    cache = ParseCache(tmp_path / "cache")
    assert excerpts._alignments(jobs, cache) == here
    assert started == [1]
    assert excerpts._alignments(jobs, cache) == here  # from the cache
    assert started == [1]
    assert any(spans for found in here for spans in found[0])  # something did align
