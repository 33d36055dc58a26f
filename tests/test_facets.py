"""The "All interviews" page (build_tools/render_facets.py), read back as facets.js reads it:
every item's indexes name exactly its own year, kind, outlet or occasion, topics and people."""

from __future__ import annotations

from dataclasses import replace

import frontmatter
from bs4 import BeautifulSoup

from build_tools.model import Corpus
from build_tools.people import load_people
from build_tools.render_facets import FACETS, PATH, facets_page
from build_tools.topics import load_topics


def decoded(corpus: Corpus) -> tuple[dict[str, list[list[str]]], dict[str, list[str]]]:
    """Per listed interview (by link), per facet, the option texts its indexes point at; and
    per facet, the option keys."""
    page = frontmatter.loads(facets_page(corpus)[PATH])
    soup = BeautifulSoup(page.content, "html.parser")
    selects = soup.select("form.ta-facets select")
    assert [s["name"] for s in selects] == [f.name for f in FACETS]
    names = [[o.get_text().rsplit(" (", 1)[0] for o in s.select("option")[1:]] for s in selects]
    keys = {str(s["name"]): [str(o["value"]) for o in s.select("option")[1:]] for s in selects}
    items = {}
    for li in soup.select("ul.ta-facet-list > li"):
        fields = str(li["data-f"]).split("|")
        assert len(fields) == len(FACETS)
        items[str(li.a["href"])] = [  # type: ignore[index]
            [names[n][int(x)] for x in field.split()] for n, field in enumerate(fields)
        ]
    return items, keys


def test_every_item_names_its_own_values(seed_corpus: Corpus) -> None:
    items, keys = decoded(seed_corpus)
    topics = {t.id: t.name for t in load_topics()}
    people = {p.id: p.name for p in load_people()}
    assert len(items) == len(seed_corpus.interviews)
    for i in seed_corpus.interviews:
        meta = i.main.metadata
        year, kind, where, its_topics, its_people = items[i.url.removeprefix("interviews/")]
        assert year == [meta.date[:4]] if meta.date else ["undated"]
        assert kind == [meta.kind]
        assert where == [meta.outlet or meta.occasion]
        assert its_topics == [topics[t] for t in i.topics]
        assert set(its_people) == {people[p] for p in i.people} | {"Sergey Lavrov"}
    assert keys["year"] == ["2025", "2024", "2021", "2020"]
    assert "rossiya-24" in keys["where"] and "nato" in keys["topic"]
    assert "sergey-lavrov" in keys["person"]


def test_two_outlets_with_one_slug_get_two_keys(seed_corpus: Corpus) -> None:
    """ "RT" and "Rt" both slugify to ``rt``: the second gets ``rt-2``, and each item still
    names its own."""
    first, second, *rest = seed_corpus.interviews
    renamed = [
        replace(x, main=replace(x.main, metadata=replace(x.main.metadata, outlet=name)))
        for x, name in ((first, "RT"), (second, "Rt"))
    ]
    corpus = replace(seed_corpus, interviews=(*renamed, *rest))
    items, keys = decoded(corpus)
    assert {"rt", "rt-2"} <= set(keys["where"])
    assert items[first.url.removeprefix("interviews/")][2] == ["RT"]
    assert items[second.url.removeprefix("interviews/")][2] == ["Rt"]
