"""Topic matching: alias tables with positives and negatives, the seed corpus, the maintainer's
suggestions and the matching engine shared with people.py."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import topics
from build_tools.model import Corpus, Interview, Paragraph, Role, Turn
from build_tools.people import people_in
from build_tools.topics import (
    Locator,
    interview_topics,
    load_topics,
    phrase_key,
    snippet,
    topic_locators,
    topics_in,
    uncovered_terms,
)

# (text, exactly the topics expected, in taxonomy order)
# fmt: off
MATCHES: list[tuple[str, list[str]]] = [
    ("NATO continues to expand eastward.", ["nato"]),
    ("The North Atlantic Alliance held a summit.", ["nato"]),
    ("the North Atlantic Treaty Organization", ["nato"]),
    ("NATO's eastward expansion", ["nato"]),
    ("the Russia-NATO Council", ["nato"]),
    ("НАТО расширяется", ["nato"]),
    ("the principles of the UN Charter", ["un-charter"]),
    ("the Charter of the United Nations", ["un-charter"]),
    ("the United Nations Charter", ["un-charter"]),
    ("Устав ООН", ["un-charter"]),
    ("the multipolar world", ["multipolarity"]),
    ("Multipolarity is an objective process.", ["multipolarity"]),
    ("a polycentric world order", ["multipolarity"]),
    ("the rise of new centres of economic growth", ["multipolarity"]),
    ("формирование многополярного мира", ["multipolarity"]),
    ("the Minsk agreements", ["minsk-agreements"]),
    ("the Package of Measures signed in February 2015", ["minsk-agreements"]),
    ("“Minsk-2″ was never implemented", ["minsk-agreements"]),
    ("the Steinmeier formula", ["minsk-agreements"]),
    ("the Normandy format summit", ["normandy-format"]),
    ("the situation in Belarus", ["belarus"]),
    ("Belarusian law enforcement", ["belarus"]),
    ("the Union State", ["belarus"]),
    ("the Taliban came to power", ["afghanistan"]),
    ("refugees from Afghanistan", ["afghanistan", "refugees-migration"]),
    ("the New START expires", ["arms-control"]),
    ("the INF Treaty and the ABM Treaty", ["arms-control"]),
    ("the Intermediate-Range Nuclear Forces Treaty", ["arms-control"]),
    ("Intermediate Range Nuclear Forces Treaty", ["arms-control"]),
    ("strategic stability talks", ["arms-control"]),
    ("the terrorist attack at Crocus City Hall", ["terrorism"]),
    ("the UN Security Council adopted a resolution", ["un-security-council"]),
    ("They approached the Security Council.", ["un-security-council"]),
    ("Nagorno-Karabakh", ["south-caucasus"]),
    ("Nagorno Karabakh", ["south-caucasus"]),
    ("the coup d’état in Kiev", ["ukraine", "colour-revolutions"]),
    ("the coup d'etat", ["colour-revolutions"]),
    ("non-interference in the internal affairs", ["international-law"]),
    ("interference in the internal affairs of Belarus", ["belarus", "colour-revolutions"]),
    ("the Alliance of Multilateralists", ["international-law"]),
    ("Office for Democratic Institutions and Human Rights", ["osce"]),
    ("The Crimean War began in 1853.", ["history-memory"]),
    ("Crimea held a referendum.", ["crimea"]),
    ("Georgian wine", ["georgia"]),
    ("the “quartet” of mediators", ["palestine-israel"]),
    ("the Quartet met", ["palestine-israel"]),
    ("the West Bank", ["palestine-israel"]),
    ("the collective West", ["the-west"]),
    ("Western partners", ["the-west"]),
    ("Latin America", ["latin-america"]),
    ("the US and the EU", ["united-states", "european-union"]),
    ("the U.S. administration", ["united-states"]),
    ("Americans", ["united-states"]),
    ("the Summit for Democracy", ["democracy-summit"]),
    ("the special military operation", ["special-military-operation"]),
    ("5G networks", ["technology"]),
    ("COVID-19", ["covid-19"]),
    ("Sputnik V vaccine", ["covid-19"]),
    ("the Chemical Weapons Convention", ["chemical-weapons"]),
    ("Iran’s nuclear programme", ["iran-nuclear"]),
    ("the JCPOA", ["iran-nuclear"]),
    ("Interpol offered", ["interpol"]),
    ("UNESCO", ["unesco"]),
    ("self-determination of peoples", ["self-determination"]),
    ("territorial integrity", ["territorial-integrity"]),
    ("human rights", ["human-rights"]),
    ("the Russian language", ["russian-language"]),
    ("events in Russian and any communication", ["russian-language"]),
    ("banning an official UN language", ["russian-language"]),
    ("decolonisation and neo-colonial practices", ["colonialism"]),
    ("the OSCE mission", ["osce"]),
    ("BRICS+ partners", ["brics"]),
    ("the SCO and the CSTO", ["sco", "csto"]),
    ("the Eurasian Economic Union", ["eaeu"]),
    ("the post-Soviet space", ["post-soviet"]),
    ("Central Asian countries", ["central-asia"]),
    ("the G7 and the G8", ["g7-g8"]),
    ("Kosovo is Serbia", ["kosovo-serbia"]),
    ("the Gaza Strip", ["palestine-israel"]),
    ("Transnistria", ["moldova"]),
    ("the Global South", ["world-majority"]),
    ("the Foreign Policy Concept", ["foreign-policy-concept"]),
    ("Nord Stream", ["energy"]),
    ("food security", ["food-security"]),
    ("neo-Nazis", ["nazism"]),
    ("Russophobia", ["russophobia"]),
    ("sanctions against Russia", ["sanctions"]),
]

# (text, a topic that must NOT be found in it): ordinary words and near misses
NOT_MATCHES: list[tuple[str, str]] = [
    ("the Alliance of Multilateralists", "nato"),
    ("a member of the alliance", "nato"),
    ("The senator spoke.", "nato"),
    ("the Charter be ratified without any reservations", "un-charter"),
    ("the Charter of Paris for a New Europe", "un-charter"),
    ("a polar bear", "multipolarity"),
    ("bipolar disorder", "multipolarity"),
    ("Secretary of the Security Council of the Russian Federation", "un-security-council"),
    ("the Security Council of Armenia", "un-security-council"),
    ("the US National Security Council", "un-security-council"),
    ("We need a new start in our relations.", "arms-control"),
    ("The Crimean War began in 1853.", "crimea"),
    ("She lives in the state of Georgia.", "georgia"),
    ("a conference in Atlanta, Georgia", "georgia"),
    ("the Indian Ocean", "india"),
    ("Let us talk.", "united-states"),
    ("The bus was late.", "united-states"),
    ("the Americas", "united-states"),
    ("Latin America", "united-states"),
    ("a new production of West Side Story", "the-west"),
    ("Westminster", "the-west"),
    ("the Sea of Azov", "nazism"),
    ("Nazareth", "nazism"),
    ("a string quartet played Haydn", "palestine-israel"),
    ("The parliament must sanction the budget.", "sanctions"),
    ("The city of Minsk is beautiful.", "minsk-agreements"),
    ("the Normandy landings", "normandy-format"),
    ("special operations forces", "special-military-operation"),
    ("a coupon for a discount", "colour-revolutions"),
    ("non-interference in the internal affairs", "colour-revolutions"),
    ("Colonel Smith", "colonialism"),
    ("grainy footage", "food-security"),
    ("a roast turkey", "middle-east"),
    ("to interpolate the data", "interpol"),
    ("Kievan Rus", "ukraine"),
    ("the Office for Democratic Institutions and Human Rights", "human-rights"),
    ("the Charter of the United Nations", "united-nations"),
    ("crocus flowers in spring", "terrorism"),
]
# fmt: on

# The topics the issue asks for, each of which the seed corpus must show.
REQUIRED_ON_SEEDS = [
    "nato",
    "un-charter",
    "multipolarity",
    "belarus",
    "afghanistan",
    "arms-control",
    "minsk-agreements",
]


@pytest.mark.parametrize(("text", "expected"), MATCHES)
def test_topics_found(text: str, expected: list[str]) -> None:
    assert topics_in(text) == expected


@pytest.mark.parametrize(("text", "topic"), NOT_MATCHES)
def test_topics_not_found(text: str, topic: str) -> None:
    assert topic not in topics_in(text)


def test_crocus_city_hall_is_terrorism() -> None:
    assert topics_in("after Crocus City Hall") == ["terrorism"]


@pytest.mark.parametrize(
    "forms",
    [
        ["NATO", "North Atlantic Alliance", "North Atlantic Treaty Organization", "nato's"],
        ["UN Charter", "Charter of the United Nations", "United Nations Charter", "UN Charter’s"],
        ["Minsk agreements", "Minsk Agreements", "Minsk Package", "Minsk-2"],
        ["multipolarity", "multipolar world", "multipolar", "polycentric world"],
        ["Belarus", "Belarusian", "Belarusians"],
        ["Afghanistan", "Taliban", "Afghans"],
        ["New START", "INF Treaty", "ABM Treaty", "strategic stability", "arms control"],
    ],
)
def test_alias_equivalences(forms: list[str]) -> None:
    found = {tuple(topics_in(f"We discussed {form} yesterday.")) for form in forms}
    assert len(found) == 1 and len(next(iter(found))) == 1, found


def test_taxonomy_is_well_formed() -> None:
    taxonomy = load_topics()
    assert 30 <= len(taxonomy) <= 80
    ids = [t.id for t in taxonomy]
    assert len(ids) == len(set(ids))
    for t in taxonomy:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", t.id)
        assert t.name and t.description and "\n" not in t.description
        assert t.aliases or t.exact or t.patterns


def test_every_alias_finds_its_own_topic() -> None:
    """Each alias and exact form, alone, is matched, and by its own topic only."""
    for t in load_topics():
        for form in (*t.aliases, *t.exact):
            assert topics_in(form) == [t.id], (t.id, form)


def test_longest_alias_wins_across_topics() -> None:
    # "United Nations" (the UN) is inside "United Nations Charter" (the Charter).
    assert topics_in("United Nations") == ["united-nations"]
    assert topics_in("the United Nations Charter") == ["un-charter"]
    # Case-sensitive "US" inside a longer, case-insensitive alias.
    assert topics_in("US Congress") == ["united-states"]


def test_phrase_key_normalises_spacing_case_and_apostrophes() -> None:
    assert phrase_key("V.V.Putin") == phrase_key("V. V. Putin") == "v. v. putin"
    assert phrase_key("Nagorno-Karabakh") == "nagorno karabakh"
    assert phrase_key("coup d’état") == phrase_key("COUP D'ÉTAT")
    assert phrase_key("US", fold=False) == "US"


# --- seed corpus --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_locators(seed_corpus: Corpus) -> dict[str, list[Locator]]:
    return topic_locators(seed_corpus.interviews)


@pytest.mark.parametrize("topic", REQUIRED_ON_SEEDS)
def test_required_topics_have_locators_on_seeds(
    seed_locators: dict[str, list[Locator]], topic: str
) -> None:
    assert seed_locators.get(topic), topic


def _paragraphs(corpus: Corpus) -> dict[tuple[str, str], tuple[int, Paragraph]]:
    found = {}
    for n, interview in enumerate(corpus.interviews):
        for p in interview.main.paragraphs:
            found[(interview.id, p.id)] = (n, p)
    return found


def test_every_locator_points_at_a_matching_paragraph(
    seed_corpus: Corpus, seed_locators: dict[str, list[Locator]]
) -> None:
    paragraphs = _paragraphs(seed_corpus)
    order = list(paragraphs)
    known = {t.id for t in load_topics()}
    for topic, locators in seed_locators.items():
        assert topic in known and locators
        keys = [(loc.interview_id, loc.paragraph_id) for loc in locators]
        assert len(keys) == len(set(keys)), f"{topic}: one locator per paragraph"
        assert [order.index(k) for k in keys] == sorted(order.index(k) for k in keys)
        for loc in locators:
            _, paragraph = paragraphs[(loc.interview_id, loc.paragraph_id)]
            assert topic in topics_in(paragraph.text)
            body = loc.snippet.strip("…")
            assert body in " ".join(paragraph.text.split())
            assert len(body.split()) <= 40
            assert loc.snippet.startswith("…") == (
                not " ".join(paragraph.text.split()).startswith(body)
            )


def test_topic_locators_follow_the_order_of_the_interviews_given(seed_corpus: Corpus) -> None:
    reversed_ids = [i.id for i in reversed(seed_corpus.interviews)]
    for locators in topic_locators(list(reversed(seed_corpus.interviews))).values():
        positions = [reversed_ids.index(loc.interview_id) for loc in locators]
        assert positions == sorted(positions)


def test_seed_locators_counts_are_plausible(seed_locators: dict[str, list[Locator]]) -> None:
    assert len(seed_locators["ukraine"]) > len(seed_locators["crimea"]) > 0
    assert {"kosovo-serbia", "syria", "chemical-weapons", "interpol"} <= set(seed_locators)


def _interview(base: Interview, turns: list[tuple[str, Role, list[str]]]) -> Interview:
    """``base`` with its text replaced by ``turns`` of (speaker, role, paragraphs)."""
    built = []
    line = 1
    for speaker, role, texts in turns:
        paragraphs = []
        for text in texts:
            paragraphs.append(Paragraph(f"p-{line}", text, line, (line,)))
            line += 1
        built.append(Turn(speaker, role, None, line, tuple(paragraphs)))
    return replace(base, id="synthetic", main=replace(base.main, turns=tuple(built)))


def test_interview_topics_counts_paragraphs_and_questions(seed_corpus: Corpus) -> None:
    interview = _interview(
        seed_corpus.interviews[0],
        [
            ("Question", "question", ["What about UNESCO?"]),
            ("Sergey Lavrov", "answer", ["NATO expands.", "NATO again, and Syria.", "NATO."]),
            ("Sergey Lavrov", "answer", ["Belarus once.", "Syria twice."]),
        ],
    )
    assert interview_topics(interview) == ["nato", "syria", "unesco"]
    assert interview_topics(interview, min_paragraphs=1) == ["nato", "syria", "belarus", "unesco"]
    assert interview_topics(interview, min_paragraphs=3) == ["nato", "unesco"]


def test_interview_topics_on_seeds(seed_corpus: Corpus) -> None:
    by_id = {i.id: i for i in seed_corpus.interviews}
    rossiya = next(i for i in by_id if "rossiya-24" in i)
    found = interview_topics(by_id[rossiya])
    assert {"minsk-agreements", "afghanistan", "democracy-summit", "unesco"} <= set(found)
    klyazma = next(i for i in by_id if "klyazma" in i)
    assert {"belarus", "arms-control", "un-charter"} <= set(interview_topics(by_id[klyazma]))


# --- suggestions for the maintainer ---------------------------------------------------------------


def test_uncovered_terms_are_deterministic_and_uncovered(seed_corpus: Corpus) -> None:
    interviews = seed_corpus.interviews
    terms = uncovered_terms(interviews)
    assert terms == uncovered_terms(interviews)
    assert terms == uncovered_terms(list(reversed(interviews)))
    assert 0 < len(terms) <= 30
    assert terms == sorted(terms, key=lambda kv: (-kv[1], kv[0]))
    text = "\n".join(p.text for i in interviews for p in i.main.paragraphs)
    months = {"January", "March", "May", "June", "December"}
    for term, count in terms:
        assert count >= 2
        assert term in text, term
        assert topics_in(term) == [] and people_in(term) == [], f"{term} is already covered"
        assert term not in months and term.split()[0] not in {"The", "But", "We", "This"}
        assert "Lavrov" not in term and term != "Question"
    assert len(uncovered_terms(interviews, limit=5)) == 5


def test_uncovered_terms_finds_a_frequent_unknown_name(seed_corpus: Corpus) -> None:
    interview = _interview(
        seed_corpus.interviews[0],
        [
            (
                "Sergey Lavrov",
                "answer",
                [
                    "We discussed this with the Zorgian Federation and the Blue Lagoon Pact.",
                    "The Zorgian Federation agrees. But NATO does not. We said so in March.",
                    "Regrettably, the Zorgian Federation and NATO disagree on cheese exports.",
                    "Regrettably, cheese exports fell. The Blue Lagoon Pact is silent.",
                ],
            ),
        ],
    )
    terms = dict(uncovered_terms([interview]))
    assert terms["Zorgian Federation"] == 3
    assert terms["Blue Lagoon Pact"] == 2
    assert terms["cheese exports"] == 2
    for absent in ("NATO", "March", "Regrettably", "The", "But", "We", "Sergey Lavrov"):
        assert absent not in terms


# --- engine ---------------------------------------------------------------------------------------


def test_snippet_marks_cuts_and_keeps_the_match() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    middle = snippet(text, text.index("w50"), text.index("w50") + 3)
    assert middle.startswith("…w") and middle.endswith("…") and "w50" in middle
    assert len(middle.strip("…").split()) == 30
    start = snippet(text, 0, 2)
    assert start.startswith("w0 ") and start.endswith("…")
    end = snippet(text, len(text) - 3, len(text))
    assert end.startswith("…") and end.endswith("w99")
    assert snippet("Only NATO here.", 5, 9) == "Only NATO here."
    assert snippet("", 0, 0) == ""


# Words, spaces of several kinds (one that only Unicode calls a space), Cyrillic, a letter
# whose lower-case form is longer ("İ"): the cases where word splitting could disagree.
_SNIPPET_TEXT = st.text(
    alphabet=st.sampled_from(list("ab NATO.\n\t\u00a0\u2003\x1cйцИİ-…")), max_size=120
)


@given(_SNIPPET_TEXT, st.data(), st.integers(min_value=1, max_value=8))
def test_snippet_in_is_snippet(text: str, data: st.DataObject, words: int) -> None:
    """The per-paragraph fast path gives the straightforward snippet, for any match position
    (paragraph start and end included) and window size (small windows reach the cut rules)."""
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    found = topics.words_of(text)
    assert topics.snippet_in(found, start, end, words) == snippet(text, start, end, words)
    assert topics.snippet_in(found, start, end) == snippet(text, start, end)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "NATO", " NATO ", "NATO and the UN", "Про НАТО и ООН", "İstanbul NATO İİ"],
)
def test_snippet_in_at_paragraph_edges(text: str) -> None:
    found = topics.words_of(text)
    assert found.spaced == " ".join(text.split())
    for start in range(len(text) + 1):
        for end in (start, min(len(text), start + 4), len(text)):
            for words in (1, 2, 30):
                expected = snippet(text, start, end, words)
                assert topics.snippet_in(found, start, end, words) == expected


def _table(rows: list[dict[str, Any]]) -> Any:
    return lambda name: {name: rows}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": "a", "name": "A", "description": "d", "alias": ["x"]}], "unknown field"),
        ([{"id": "Bad Id", "name": "A", "description": "d", "aliases": ["x"]}], "slug"),
        ([{"id": "a", "name": "A", "description": "d", "patterns": ["("]}], "regular expression"),
        ([{"id": "a", "name": "A", "description": "d", "patterns": ["(?P<g>x)"]}], "named"),
        ([{"id": "a", "name": "A", "description": "d", "patterns": ["x*"]}], "empty"),
        ([{"id": "a", "name": "A", "description": "d"}], "at least one"),
        ([{"id": "a", "name": "A", "description": "", "aliases": ["x"]}], "description"),
        (
            [
                {"id": "a", "name": "A", "description": "d", "aliases": ["Same Thing"]},
                {"id": "b", "name": "B", "description": "d", "exact": ["same thing"]},
            ],
            "already an alias",
        ),
        (
            [
                {"id": "a", "name": "A", "description": "d", "aliases": ["x"]},
                {"id": "a", "name": "B", "description": "d", "aliases": ["y"]},
            ],
            "slug",
        ),
    ],
)
def test_load_entries_rejects_bad_tables(
    monkeypatch: pytest.MonkeyPatch, rows: list[dict[str, Any]], message: str
) -> None:
    monkeypatch.setattr(topics, "load_rules", _table(rows))
    with pytest.raises(ValueError, match=message):
        topics.load_entries("things", topics.Topic, name_is_alias=False)


def test_exclude_vetoes_only_matches_inside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {
            "id": "council",
            "name": "Council",
            "description": "d",
            "aliases": ["Security Council"],
            "exclude": ["Security Council of Armenia"],
        }
    ]
    monkeypatch.setattr(topics, "load_rules", _table(rows))
    matcher = topics.compile_matcher(topics.load_entries("t", topics.Topic, name_is_alias=False))
    text = "The Security Council of Armenia met; the Security Council did not."
    assert [text[h.start : h.end] for h in matcher.hits(text)] == ["Security Council"]
    assert matcher.hits(text)[0].start == text.rindex("Security Council")


def test_text_whose_lower_case_changes_length_still_matches() -> None:
    # "İ".lower() is two characters: the case-insensitive fallback is used.
    assert topics_in("İstanbul and NATO and the UN Charter") == ["nato", "un-charter"]
    # The fallback is compiled only when such a text comes, from the folded trie's pattern.
    matcher = topics.compile_matcher(topics.load_topics())
    assert "folded_any_case" not in vars(matcher)
    assert [h.index for h in matcher.hits("NATO and the UN Charter")] == [
        h.index for h in matcher.hits("İ NATO and the UN Charter")
    ]
    assert matcher.folded is not None and matcher.folded_any_case.flags & re.IGNORECASE
    assert matcher.folded_any_case.pattern == matcher.folded.pattern


@given(st.text())
def test_topics_in_never_raises(text: str) -> None:
    topics_in(text)


FRAGMENTS = [
    "NATO",
    "UN",
    "Charter",
    "Security Council",
    "of",
    "the",
    "V.V.",
    "-",
    "’s",
    " ",
    ".",
    "İ",
    "Georgia",
    "state of",
    "New START",
    "Минск",
    "\n",
    "…",
    "“",
    "multipolar",
]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_topics_in_never_raises_on_alias_like_text(parts: list[str]) -> None:
    text = " ".join(parts)
    found = topics_in(text)
    assert found == sorted(set(found), key=[t.id for t in load_topics()].index)
