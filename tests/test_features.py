"""Per-file features equal what the corpus-wide stages' own functions compute from the text.

The stages join features instead of matching again (``build_tools/features.py``); these tests
hold the two ways to the same answers, so either can change only with the other.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from build_tools import features, language
from build_tools.excerpts import SAMPLE_MOD, containments, content_tokens, shingle_set
from build_tools.language import detect
from build_tools.model import Corpus
from build_tools.people import interview_people, person_locators
from build_tools.pipeline import build_corpus
from build_tools.render import href
from build_tools.rules import load_rules
from build_tools.topics import interview_topics, topic_locators


def test_every_source_carries_its_features(seed_corpus: Corpus) -> None:
    sources = [i.main for i in seed_corpus.interviews]
    sources += [x.source for i in seed_corpus.interviews for x in i.linked]
    for source in sources:
        assert source.features is not None
        assert source.features == features.compute(source, source.features.digest)


def test_shingles_are_the_hashed_five_grams(seed_corpus: Corpus) -> None:
    for interview in seed_corpus.interviews:
        main = interview.main
        found = features.of(main)
        tokens = content_tokens(main)
        assert found.tokens == len(tokens)
        assert set(features.shingles(found).tolist()) == shingle_set(tokens)
        every = features.shingles(found)
        assert features.samples(found).tolist() == every[every % SAMPLE_MOD == 0].tolist()
    assert features.shingle_array(["a", "b"]).tolist() == sorted(shingle_set(["a", "b"]))
    assert features.shingle_array([]).tolist() == []


def test_containment_of_arrays_is_that_of_sets() -> None:
    rng = np.random.default_rng(7)
    base = rng.choice(2**32, size=4000, replace=False).astype("<u4")
    sets = [np.unique(base), np.unique(base[:1500]), np.unique(base[1000:3000]), base[:0]]
    found = containments(sets)
    python = [set(s.tolist()) for s in sets]
    for (a, b), value in found.items():
        assert value == len(python[a] & python[b]) / len(python[a])
    assert (1, 0) in found and (0, 1) in found and not any(3 in pair for pair in found)


def test_topics_people_and_locators_match_the_scan(seed_corpus: Corpus) -> None:
    interviews = seed_corpus.interviews
    for interview in interviews:
        assert interview.topics == tuple(interview_topics(interview))
        assert interview.people == tuple(interview_people(interview))
    topics = {k: tuple(v) for k, v in topic_locators(interviews).items()}
    people = {k: tuple(v) for k, v in person_locators(interviews).items()}
    assert dict(seed_corpus.topic_locators) == topics
    assert list(seed_corpus.topic_locators) == list(topics)
    assert dict(seed_corpus.person_locators) == people


def test_languages_are_detected_per_paragraph(seed_corpus: Corpus) -> None:
    for interview in seed_corpus.interviews:
        found = features.of(interview.main)
        texts = [p.text for p in interview.main.paragraphs]
        assert found.languages == tuple(detect(t) for t in texts)
        assert found.language == detect(" ".join(texts))


def test_href_is_posix_relpath() -> None:
    import posixpath

    pairs = [("topics/nato/", "interviews/x/"), ("", "topics/"), ("interviews/a/", "interviews/b/"),
             ("interviews/a/", "interviews/a/#p-1"), ("people/", "people/x/"), ("a/b/c/", "a/"),
             ("a/./b/", "a/../c/")]  # fmt: skip
    for here, there in pairs:
        path, _, fragment = there.partition("#")
        rel = posixpath.relpath("/" + path, "/" + here) if path != here else "."
        rel += "/" if path.endswith("/") and not rel.endswith("/") else ""
        rel = "./" if rel in {"./", "."} else rel
        assert href(here, there) == rel + (f"#{fragment}" if fragment else "")


_MIXED = st.text(
    alphabet=st.sampled_from(list("ab Zé ɏ\u0250йЖԯ\u0530 1.İ’\x00\x7f\x80\ud800\U0001f600")),
    max_size=40,
)


@given(_MIXED)
def test_letter_counts_count_the_letters_of_each_script(text: str) -> None:
    """The fast count (bytes for ASCII letters, patterns on the rest) against the plain one:
    one match per letter of each script's class, as ``rules/languages.yaml`` writes it."""
    scripts = load_rules("languages")["scripts"]
    plain = tuple(len(re.findall(f"[{s['letters']}]", text)) for s in scripts)
    assert language.letter_counts(text) == plain


@given(st.lists(_MIXED, max_size=6))
def test_language_from_paragraph_counts_is_detect(texts: list[str]) -> None:
    """``compute`` derives the whole text's language from the paragraphs' letter counts;
    it must be what ``detect`` says of the joined text (ties and empty texts included)."""
    counts = [language.letter_counts(t) for t in texts]
    assert [language.from_counts(c) for c in counts] == [detect(t) for t in texts]
    joined = language.joined_counts(counts, " ")
    assert joined == language.letter_counts(" ".join(texts))
    assert language.from_counts(joined) == detect(" ".join(texts))
    assert language.joined_counts(counts, "ab") == language.letter_counts("ab".join(texts))


@given(st.lists(st.text(alphabet="abйİ€\U0001f600", min_size=1, max_size=4), max_size=12))
def test_shingle_array_is_shingle_set(tokens: list[str]) -> None:
    """Byte offsets summed by numpy: right for ASCII and multi-byte words, short runs too."""
    assert features.shingle_array(tokens).tolist() == sorted(shingle_set(tokens))


def _digests(answer_one: str, answer_two: str, tmp_path: Path) -> dict[str, bytes]:
    """Topic id -> the digest of its places, for one transcript answering these two."""
    from build_tools.topics import load_topics
    from tests.test_reuse import transcript

    folder = tmp_path / f"s{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    text = transcript("TASS", "May 5, 2022", seed=3, answer=answer_one)
    text = text.replace("Sergey Lavrov: ", f"Sergey Lavrov: {answer_two} ", 1)
    (folder / "a.txt").write_text(text, "utf-8")
    (found,) = [i.main.features for i in build_corpus(folder).interviews]
    assert found is not None
    ids = [t.id for t in load_topics()]
    size = features.DIGEST_BYTES
    assert len(found.topic_digests) == size * len(found.topic_counts)
    return {
        ids[index]: found.topic_digests[k * size : (k + 1) * size]
        for k, (index, _) in enumerate(found.topic_counts)
    }


def test_a_topic_digest_changes_with_its_places_only(tmp_path: Path) -> None:
    """An interview's block on a topic's listing is kept by this digest: it must change when
    a paragraph naming the topic changes, and not when anything else does."""
    nato = "NATO keeps moving east."
    sanctions = "The sanctions hurt Europe first."
    before = _digests(nato, sanctions, tmp_path)
    assert {"nato", "sanctions"} <= before.keys()
    # The paragraph naming sanctions reworded: its digest changes, NATO's does not.
    after = _digests(nato, sanctions.replace("first", "most"), tmp_path)
    assert after["sanctions"] != before["sanctions"] and after["nato"] == before["nato"]
    # Only its punctuation changed: the paragraph keeps its id (ids.py: words only), but the
    # snippet the listing shows changes, and so does the digest.
    punctuated = _digests(nato, sanctions.replace(" first.", ", first!"), tmp_path)
    assert punctuated["sanctions"] != before["sanctions"] and punctuated["nato"] == before["nato"]
    # The same places: the same digests.
    assert _digests(nato, sanctions, tmp_path) == before
