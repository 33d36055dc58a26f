"""The citation string (build_tools/citation.py) and what interview pages share with link
previews and search engines (build_tools/share.py)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest

from build_tools.bibliography import citation
from build_tools.citation import citation_of, fill, human_date, main_speaker, template
from build_tools.export import interview_record
from build_tools.model import Corpus
from build_tools.render import by_id
from build_tools.render_interview import interview_page
from build_tools.share import head_tags, json_ld, script_json, shared_pages
from tests.conftest import by_source
from tests.test_fuzz import build


@pytest.mark.parametrize(
    ("iso", "human"),
    [("2021-11-01", "1 November 2021"), ("2024-03-28", "28 March 2024"),
     ("2021-11", "November 2021"), ("2021", "2021"), (None, "undated"),
     ("2021-13-01", "2021-13-01"), ("circa 2020", "circa 2020")],
)  # fmt: skip
def test_human_date(iso: str | None, human: str) -> None:
    assert human_date(iso) == human


def test_citation_of_a_seed_names_speaker_title_outlet_place_date_address_access(
    seed_corpus: Corpus,
) -> None:
    interview = by_source(seed_corpus, "rossiya-24")
    text = fill(template(citation_of(interview)), "https://a.example/x/#p-1", "6 December 2026")
    assert text == (
        "Sergey Lavrov, “Foreign Minister Sergey Lavrov’s interview with Rossiya 24, Moscow, "
        "November 1, 2021”, Rossiya 24, Moscow, 1 November 2021, https://a.example/x/#p-1, "
        "accessed 6 December 2026."
    )


def test_occasion_stands_in_for_a_missing_outlet(seed_corpus: Corpus) -> None:
    interview = by_source(seed_corpus, "klyazma")
    cite = citation_of(interview)
    assert cite.where == interview.main.metadata.occasion and cite.where
    assert cite.place == "Solnechnogorsk, Moscow Region"
    assert cite.date == "23 August 2020"


def test_a_title_holding_the_placeholders_is_never_filled_in(seed_corpus: Corpus) -> None:
    interview = by_source(seed_corpus, "rossiya-24")
    meta = replace(interview.main.metadata, title="{url} and {accessed}", place=None)
    odd = replace(interview, main=replace(interview.main, metadata=meta))
    text = fill(template(citation_of(odd)), "URL", "TODAY")
    assert text.startswith("Sergey Lavrov, “{url} and {accessed}”, Rossiya 24, 1 November 2021,")
    assert text.endswith(", URL, accessed TODAY.")


def test_every_interview_page_carries_its_citation_and_a_cite_button_per_paragraph(
    seed_corpus: Corpus,
) -> None:
    for n, interview in enumerate(seed_corpus.interviews):
        page = interview_page(interview, by_id(seed_corpus), None, None)
        (cite,) = re.findall(r'<div class="ta-cite"[^>]* data-cite="([^"]*)"', page)
        assert html.unescape(cite) == template(citation_of(interview))
        paragraphs = page.count('class="ta-p ')
        assert paragraphs == len(interview.main.paragraphs) > 0
        # cite.js adds a Cite button after each permalink (tests/browser/test_cite.py).
        assert page.count('class="ta-permalink"') == paragraphs, n


HOSTILE_TITLE = '</script><script>alert(1)</script><!-- "&amp; \u2028'


def test_json_ld_cannot_end_its_script_element_and_parses_to_the_same_text(
    seed_corpus: Corpus,
) -> None:
    shared = shared_pages(seed_corpus)["interviews/2021-11-01-rossiya-24.md"]
    hostile = replace(shared, title=HOSTILE_TITLE, topics=("<b>x</b>",))
    tags = head_tags(hostile, "https://a.example/", 'Site "<i>"')
    body = tags.split('<script type="application/ld+json">', 1)[1]
    assert body.endswith("</script>") and body.count("<") == 1  # only its own end tag
    record = json.loads(body.removesuffix("</script>"))
    assert record["headline"] == HOSTILE_TITLE
    assert record["about"] == [{"@type": "Thing", "name": "<b>x</b>"}]
    assert record == json.loads(script_json(json_ld(hostile, "https://a.example/", 'Site "<i>"')))
    metas = tags.split("<script", 1)[0]
    assert "<script" not in metas.replace("&lt;script", "") and "<b>" not in metas
    assert f'<meta property="og:title" content="{html.escape(HOSTILE_TITLE)}">' in metas


def test_json_ld_of_a_seed(seed_corpus: Corpus) -> None:
    shared = shared_pages(seed_corpus)[
        "interviews/2020-08-23-territory-of-meanings-on-the-klyazma.md"
    ]
    record = json_ld(shared, "https://a.example/", "Archive")
    assert record["@type"] == "Article"
    assert (
        record["url"]
        == "https://a.example/interviews/2020-08-23-territory-of-meanings-on-the-klyazma/"
    )
    assert record["author"] == {"@type": "Person", "name": "Sergey Lavrov"}
    assert record["datePublished"] == "2020-08-23"
    assert record["recordedAt"]["@type"] == "Event"  # type: ignore[index]
    assert record["locationCreated"] == {"@type": "Place", "name": "Solnechnogorsk, Moscow Region"}
    assert "publisher" not in record  # no outlet
    assert record["isPartOf"] == {
        "@type": "WebSite",
        "name": "Archive",
        "url": "https://a.example/",
    }
    assert len(record["about"]) == min(10, len(seed_corpus.interviews[0].topics))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("named", "spoken", "cited"),
    [
        ("Sergey Lavrov", [("Anna Petrova", "answer", 9)], "Sergey Lavrov"),
        # Two turns of one paragraph against one turn of five: who says more is cited.
        (None, [("A", "statement", 1), ("B", "answer", 5), ("A", "answer", 1)], "B"),
        (None, [("A", "answer", 2), ("B", "answer", 2)], "A"),  # a tie: the first to speak
        (None, [("Interviewer", "question", 9), ("B", "answer", 1)], "B"),
        (None, [("Interviewer", "question", 3)], None),
    ],
)  # fmt: skip
def test_main_speaker(named: str | None, spoken: list[tuple[str, str, int]], cited: str) -> None:
    assert main_speaker(named, spoken) == cited


def test_the_page_and_the_downloads_cite_the_same_speaker() -> None:
    """A text whose title names no one, where one speaker has more turns and the other more
    paragraphs: the copied citation and the BibTeX/RIS/CSL record name the same person."""
    corpus = build(
        [
            "Remarks at a joint news conference, Moscow, 1 May 2024\n"
            "Anna Petrova: Thank you.\n"
            "Question: A question?\n"
            "Anna Petrova: Yes.\n"
            "Question: Another?\n"
            "Ivan Sidorov: First paragraph of a long answer about trade.\n\n"
            "Second paragraph of it, about energy.\n\n"
            "Third paragraph of it, about transport.\n"
        ]
    )
    (interview,) = corpus.interviews
    record = interview_record(interview)
    page = citation_of(interview).speaker
    download = citation(record, "https://a.example/", "2026-12-06", "Archive").author
    assert page == download
