"""The "All interviews" page (``interviews/``): every interview, filterable in the browser.

The filters (year, kind, outlet or occasion, topic, person) are ``<select>`` elements whose
options carry stable keys (a year, a slug, a topic's or person's id), so a filtered address
(``interviews/?year=2021&topic=nato``, kept by ``docs/assets/facets.js``) still means the same
when the archive grows. Each list item names its values as indexes into those option lists, in
one ``data-f`` attribute (``"2|0|5|1 4 7|2 9"``: one field per facet, several values separated
by spaces), so the page stays small at thousands of interviews (~0.3 KB an item besides its
title) and needs no request: it works from ``file://``, where a fetch of JSON would fail.
Without JavaScript the form stays hidden and the list is the whole archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from build_tools.ids import slugify
from build_tools.model import Corpus, Interview
from build_tools.people import load_people
from build_tools.render import Markdown, PageStore, esc, front_matter, href, label
from build_tools.topics import load_topics

URL = "interviews/"
PATH = "interviews/index.md"
TITLE = "All interviews"


@dataclass(frozen=True)
class Facet:
    """One filter of the list."""

    name: str
    """Its name in the page's address (``?year=``) and the form."""
    label: str
    """What the reader sees next to it."""
    values: Callable[[Interview, Names], Sequence[tuple[str, str]]]
    """An interview's values as (stable key, display name)."""
    sort: Callable[[tuple[str, str]], tuple[int, str]]
    """Order of the options, given (key, name)."""


@dataclass(frozen=True)
class Names:
    """What the facets look up, made once per page (not once per interview)."""

    topics: dict[str, str]
    """Topic id -> name."""
    people: dict[str, str]
    """Person id -> name."""
    speaking: dict[str, list[str]]
    """Interview id -> the people (ids) who speak in it."""

    @classmethod
    def of(cls, corpus: Corpus) -> Names:
        speaking: dict[str, list[str]] = {}
        for person, ids in corpus.speakers.items():
            for interview_id in ids:
                speaking.setdefault(interview_id, []).append(person)
        return cls({t.id: t.name for t in load_topics()}, {p.id: p.name for p in load_people()},
                   speaking)  # fmt: skip


def _year(i: Interview, names: Names) -> list[tuple[str, str]]:
    year = (i.main.metadata.date or "")[:4]
    return [(year, year) if year.isdigit() else ("undated", "undated")]


def _kind(i: Interview, names: Names) -> list[tuple[str, str]]:
    kind = i.main.metadata.kind
    return [(slugify(kind, max_words=12) or "other", kind)]


def _where(i: Interview, names: Names) -> list[tuple[str, str]]:
    meta = i.main.metadata
    name = meta.outlet or meta.occasion
    return [(slugify(name, max_words=12) or "other", name)] if name else []


def _topics(i: Interview, names: Names) -> list[tuple[str, str]]:
    return [(t, names.topics[t]) for t in i.topics if t in names.topics]


def _people(i: Interview, names: Names) -> list[tuple[str, str]]:
    """Who speaks in it, then who it mentions."""
    ids = dict.fromkeys([*names.speaking.get(i.id, ()), *i.people])
    return [(p, names.people[p]) for p in ids if p in names.people]


def _by_name(item: tuple[str, str]) -> tuple[int, str]:
    return (0, item[1].casefold())


def _newest_first(item: tuple[str, str]) -> tuple[int, str]:
    """Years newest first, then ``undated``."""
    return (0, f"{9999 - int(item[0]):04d}") if item[0].isdigit() else (1, item[0])


FACETS: tuple[Facet, ...] = (
    Facet("year", "Year", _year, _newest_first),
    Facet("kind", "Kind", _kind, _by_name),
    Facet("where", "Outlet or occasion", _where, _by_name),
    Facet("topic", "Topic", _topics, _by_name),
    Facet("person", "Person", _people, _by_name),
)


def _options(facet: Facet, found: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(key, name, number of interviews) per option, keys unique (a second name with the same
    slug gets ``-2``)."""
    out, seen = [], Counter[str]()
    for key, name in sorted(found, key=facet.sort):
        seen[key] += 1
        out.append((key if seen[key] == 1 else f"{key}-{seen[key]}", name, found[(key, name)]))
    return out


def facets_page(corpus: Corpus, store: PageStore | None = None) -> dict[str, Markdown]:
    """The page's Markdown (HTML blocks, every text escaped), at ``interviews/index.md``;
    kept in ``store`` by what it shows of each interview (an edit seldom changes any of it,
    and making it took 0.07 s at 1,000 interviews)."""
    shows = (
        [(i.id, i.url, m.title, m.date, m.kind, m.outlet, m.occasion, i.topics, i.people)
         for i in corpus.interviews for m in [i.main.metadata]],
        list(corpus.speakers.items()),
    )  # fmt: skip
    return {PATH: (store or PageStore(None)).page("facets", shows, partial(_page, corpus))}


def _page(corpus: Corpus) -> str:
    newest = sorted(corpus.interviews, key=lambda i: i.main.metadata.date or "", reverse=True)
    names = Names.of(corpus)
    values = {f.name: {i.id: list(dict.fromkeys(f.values(i, names))) for i in newest}
              for f in FACETS}  # fmt: skip
    selects, index = [], {}
    for facet in FACETS:
        found = Counter(v for vs in values[facet.name].values() for v in vs)
        options = _options(facet, found)
        ordered = sorted(found, key=facet.sort)
        index[facet.name] = {pair: n for n, pair in enumerate(ordered)}
        selects.append(
            f'<div class="ta-facet"><label for="f-{facet.name}">{esc(facet.label)}</label>'
            f'<select id="f-{facet.name}" name="{facet.name}"><option value="">Any</option>'
            + "".join(f'<option value="{esc(k)}">{esc(n)} ({c})</option>' for k, n, c in options)
            + "</select></div>"
        )
    items = []
    for i in newest:
        fields = "|".join(
            " ".join(str(index[f.name][v]) for v in values[f.name][i.id]) for f in FACETS
        )
        meta = i.main.metadata
        items.append(
            f'<li data-f="{fields}"><a href="{esc(href(URL, i.url))}">{esc(meta.title)}</a>'
            f' <span class="ta-date">{esc(label(i))} · {esc(meta.kind)}</span></li>'
        )
    n = len(corpus.interviews)
    body = [
        f'<h1 class="ta-title">{TITLE}</h1>',
        "",
        "<p>Every text of the archive, newest first. Choose a year, a kind, an outlet or "
        "occasion, a topic or a person to narrow the list: the choice is kept in the page's "
        "address, so a link to it, or a bookmark, opens the same list.</p>",
        "",
        '<form class="ta-facets" aria-label="Filter the interviews" hidden data-search-exclude>'
        + "".join(selects)
        + '<button type="reset" class="ta-facets-reset">Show all</button></form>',
        "",
        f'<p class="ta-facet-count" role="status" aria-live="polite">{n} interviews</p>',
        "",
        '<ul class="ta-list ta-facet-list" data-search-exclude>',
        *items,
        "</ul>",
        "",
    ]
    fm = front_matter({"title": TITLE, "description": esc(
        f"All {n} texts of the archive, filterable by year, kind, outlet or occasion, "
        "topic and person."
    )})  # fmt: skip
    return fm + "\n".join(body)
