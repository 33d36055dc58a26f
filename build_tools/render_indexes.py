"""The archive's index pages: home, chronology, outlets, topics, people and method.

Every locator links straight to a paragraph anchor (``interviews/<id>/#p-…``), so a researcher
goes from "where does NATO come up" to the sentence in one click.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain

import numpy as np

from build_tools import features, render_parts
from build_tools.citation import citation_of, fill, template
from build_tools.model import Corpus, Interview, Locator
from build_tools.normalise import REGISTRY
from build_tools.people import load_people
from build_tools.relations import Locators
from build_tools.render import (
    Markdown,
    PageStore,
    by_id,
    esc,
    front_matter,
    href,
    label,
    listed,
    text_of,
)
from build_tools.render_facets import facets_page
from build_tools.render_parts import Block, Part, Section, first_part, pages, split
from build_tools.render_statements import method_section, statement_pages
from build_tools.topics import load_topics

LATEST = 5


def _item(here: str, interview: Interview) -> str:
    meta = interview.main.metadata
    return (
        f'<li><a href="{esc(href(here, interview.url))}">{esc(meta.title)}</a>'
        f' <span class="ta-date">{esc(label(interview))}</span></li>'
    )


def _list(here: str, interviews: Iterable[Interview]) -> str:
    return '<ul class="ta-list">\n' + "\n".join(_item(here, i) for i in interviews) + "\n</ul>"


def home(corpus: Corpus) -> str:
    here = ""
    n = len(corpus.interviews)
    kinds = Counter(i.main.metadata.kind for i in corpus.interviews)
    dates = sorted(i.main.metadata.date for i in corpus.interviews if i.main.metadata.date)
    span = f" from {dates[0][:4]} to {dates[-1][:4]}" if dates else ""
    latest = sorted(corpus.interviews, key=lambda i: i.main.metadata.date or "", reverse=True)
    summary = ", ".join(f"{c} {k}" for k, c in sorted(kinds.items()))
    links = " · ".join(
        f'<a href="{href(here, u)}">{t}</a>'
        for u, t in [("chronology/", "By date"), ("outlets/", "By outlet or occasion"),
                     ("topics/", "Topics"), ("people/", "People"),
                     ("statements/", "Repeated statements"), ("method/", "Method"),
                     ("data/", "Data")]
    )  # fmt: skip
    return front_matter({"title": "Home", "description": "Interviews and remarks "
                         "of Sergey Lavrov, normalised, linked and citable."}) + "\n".join([
        '<h1 class="ta-title">Sergey Lavrov: interviews and remarks</h1>',
        "",
        "<p>An archive of transcripts of interviews, remarks and answers to questions of Russia's "
        "Foreign Minister Sergey Lavrov. Each text is shown as published, with its form "
        "normalised and never its wording; every paragraph can be cited by a stable link, and "
        "every page names the exact source file it was built from.</p>",
        "",
        f"<p>The archive holds <strong>{n}</strong> texts{esc(span)} ({esc(summary)}).</p>",
        "",
        f'<p class="ta-browse">{links}</p>',
        "",
        '<h2 id="latest">Latest</h2>',
        "",
        _list(here, latest[:LATEST]),
        "",
        '<h2 id="how-to-cite">How to cite</h2>',
        "",
        "<p>Cite the speaker, the title, the outlet or occasion, the place and date, the "
        "link to the paragraph and the date you read it. On every interview page, "
        "<em>Copy citation</em> copies the page's citation, and each paragraph's "
        "<em>Cite</em> button (shown with its ¶ link on hover or focus) copies it with the "
        "link to that paragraph and today's date. For example:</p>",
        "",
        f"<blockquote><p>{esc(_example_citation(corpus))}</p></blockquote>",
        "",
        '<h2 id="how-prepared">How the texts were prepared</h2>',
        "",
        f'<p>The raw transcripts are kept byte for byte. See the <a href="{href(here, "method/")}">'
        "method page</a> for how they were normalised and deduplicated, and for every change "
        "made to each text.</p>",
        "",
    ])  # fmt: skip


def _example_citation(corpus: Corpus) -> str:
    """The citation of the latest interview's first paragraph (build_tools/citation.py), with
    the archive's address and the date of access as words to replace."""
    if not corpus.interviews:
        return "Speaker, “Title”, outlet or occasion, place, date, <archive URL>#p-…, accessed …"
    i = corpus.interviews[-1]
    first = i.main.paragraphs[0].id if i.main.paragraphs else ""
    url = f"<archive address>/{i.url}" + (f"#{first}" if first else "")
    return fill(template(citation_of(i)), url, "<date you read it>")


def chronology(corpus: Corpus, store: PageStore | None = None) -> dict[str, Markdown]:
    years: dict[str, list[Interview]] = defaultdict(list)
    for i in corpus.interviews:
        years[(i.main.metadata.date or "undated")[:4]].append(i)
    blocks = []
    for year in sorted(years, reverse=True):
        section = Section((f'<h2 id="y{esc(year)}">{esc(year)}</h2>', "", '<ul class="ta-list">'),
                          ("</ul>", ""))  # fmt: skip
        blocks += [_item_block(i, section, token=_item_token(i)) for i in years[year]]
    dated = sorted(y for y in years if y.isdigit())
    span = f", {dated[0]} to {dated[-1]}" if dated else ""
    description = esc(f"All {len(corpus.interviews)} texts of the archive by date{span}.")
    head: tuple[str, str, Sequence[str], str] = ("By date", description, [], "texts")
    return _listing(store or PageStore(None), "chronology/", _shows(blocks), lambda: blocks, head)


def _shows(blocks: Sequence[Block]) -> object | None:
    """What a listing made of ``blocks`` shows, when every block has a token: each block's
    key, section and token, and every section's lines."""
    if any(b.token is None for b in blocks):
        return None
    sections: dict[int, int] = {}
    for b in blocks:
        sections.setdefault(id(b.section), len(sections))
    return (
        [(b.key, sections[id(b.section)], b.token) for b in blocks],
        list({id(b.section): b.section for b in blocks}.values()),
    )


def _item_block(
    interview: Interview, section: Section, key: str | None = None, token: str | None = None
) -> Block:
    """An interview in a list; named in a part's range by its date unless ``key`` is given.
    ``token``: :func:`_item_token`, when the listing is kept between builds."""
    key = key or interview.main.metadata.date or "undated"
    return Block(key, lambda here: _item(here, interview), section, token)


def _item_token(interview: Interview) -> str:
    """Digest of what :func:`_item` shows of an interview (its date is in its label)."""
    return hashlib.sha256(repr(listed(interview)).encode()).hexdigest()


def outlets(corpus: Corpus) -> dict[str, str]:
    groups: dict[str, list[Interview]] = defaultdict(list)
    for i in corpus.interviews:
        meta = i.main.metadata
        groups[meta.outlet or meta.occasion or f"({meta.kind})"].append(i)
    names = sorted(groups, key=str.casefold)
    blocks = []
    for n, name in enumerate(names, start=1):
        section = Section((f'<h2 id="o-{n}">{esc(name)}</h2>', "", '<ul class="ta-list">'),
                          ("</ul>", ""))  # fmt: skip
        blocks += [_item_block(i, section, key=name) for i in groups[name]]
    parts = split("outlets/", blocks)
    first = first_part(parts)
    contents = ['<ul class="ta-groups">', *(
        f'<li><a href="{_to(parts[0].url, first[name])}#o-{n}">{esc(name)}</a> '
        f"({len(groups[name])})</li>"
        for n, name in enumerate(names, start=1)
    ), "</ul>"]  # fmt: skip
    description = (
        f"The archive's texts grouped by the {len(groups)} media outlets and occasions they "
        "were given to."
    )
    return pages(parts, "By outlet or occasion", description, contents, "outlets")


def _to(here: str, url: str) -> str:
    """A link to ``url`` from ``here``: empty on the same page, so ``#anchor`` stays local."""
    return "" if url == here else esc(href(here, url))


def _locator_blocks(
    corpus: Corpus, found: Sequence[Locator], section: Section, named: Named | None = None
) -> list[Block]:
    """One block per interview: its title and every listed paragraph, with a snippet. With
    ``named`` (pages kept between builds), each block carries its interview's token, so a block
    kept from the last build is reused: one edited interview re-renders one block of a topic
    page, not its ten thousand lines."""
    ids = by_id(corpus)

    def block(interview: Interview, locs: Sequence[Locator]) -> Callable[[str], str]:
        def render(here: str) -> str:
            page = esc(href(here, interview.url))  # once: a topic lists thousands of paragraphs
            return "\n".join([
                f'<h2 id="{esc(interview.id)}">'
                f'<a href="{page}">'
                f"{esc(interview.main.metadata.title)}</a></h2>",
                f'<p class="ta-date">{esc(label(interview))} · {len(locs)} paragraph(s)</p>',
                '<ul class="ta-locators" data-search-exclude>',
                *(f'<li><a href="{page}{"#" + esc(loc.paragraph_id) if loc.paragraph_id else ""}">'
                  f"{esc(loc.snippet)}</a></li>" for loc in locs),
                "</ul>",
                "",
            ])  # fmt: skip

        return render

    tokens = named.tokens if named else {}
    return [
        Block(ids[i].main.metadata.date or "undated", block(ids[i], locs), section, tokens.get(i))
        for i, locs in _grouped(found, named.counts if named else None)
    ]


def _grouped(
    found: Sequence[Locator], counts: Sequence[tuple[str, int]] | None
) -> Iterator[tuple[str, Sequence[Locator]]]:
    """Locators by interview, in order of first appearance. ``counts`` (interview id, number
    of locators), when they match the locators, give the groups as slices: a kept block's
    locators are then never looked at one by one."""
    if counts is not None and isinstance(found, Locators) and found.runs() == list(counts):
        # The locators' own interviews agree, known without reading them (relations._Rows):
        # a kept block's locators are not even unpickled.
        at = 0
        for interview_id, n in counts:
            yield interview_id, found[at : at + n]
            at += n
        return
    if counts is not None:
        at, ok = 0, sum(n for _, n in counts) == len(found)
        for interview_id, n in counts if ok else ():
            ok = found[at].interview_id == interview_id == found[at + n - 1].interview_id
            if not ok:
                break
            at += n
        if ok:
            at = 0
            for interview_id, n in counts:
                yield interview_id, found[at : at + n]  # a copy of pointers, no Python loop
                at += n
            return
    per: dict[str, list[Locator]] = defaultdict(list)
    for loc in found:
        per[loc.interview_id].append(loc)
    yield from per.items()


@dataclass(frozen=True)
class Named:
    """What the features say about one topic's or person's locator page."""

    ids: Sequence[str]
    """Every interview's id, in corpus order (shared by all entries)."""
    interviews: np.ndarray
    """The interviews naming the entry (numbers into ``ids``), in corpus order."""
    paragraphs: np.ndarray
    """How many paragraphs of each of them name the entry."""
    rows: np.ndarray
    """Per interview, 2 * DIGEST_BYTES bytes: a digest of the interview as listed, then of
    its places for this entry (``Features.topic_digests``): what its block shows."""
    shown: str
    """A digest of all the rows, in order: what the listing shows (its key, :func:`_listing`)."""

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(interview id, number of paragraphs naming the entry), in corpus order."""
        numbers, paragraphs = self.interviews.tolist(), self.paragraphs.tolist()
        return [(self.ids[n], k) for n, k in zip(numbers, paragraphs, strict=True)]

    @property
    def tokens(self) -> dict[str, str]:
        """Interview id -> its row in hexadecimal (the token of its block)."""
        numbers = self.interviews.tolist()
        return {self.ids[n]: row.tobytes().hex() for n, row in zip(numbers, self.rows, strict=True)}


def _named_in(corpus: Corpus, person: bool) -> dict[int, Named]:
    """Table index (of topics.yaml or people.yaml) -> the interviews naming that entry.

    A page of locators is made from the interviews' places (their features: see
    ``relations.annotate``): an interview's block on an entry's page shows the interview as
    listed and exactly its places for that entry, so its row joins a digest of each; the
    places' digest comes with the features, so nothing here reads a place. The rows are made
    as arrays and only a listing made again turns its rows into tokens: made pair by pair in
    Python (378,000 pairs of an interview and a topic or person at 5,000 interviews), they
    took 1 s of a rebuild after an edit."""
    size = features.DIGEST_BYTES
    ids = [i.id for i in corpus.interviews]
    shown, counts, digests = [], [], []
    for interview in corpus.interviews:
        f = features.of(interview.main)
        shown.append(hashlib.sha256(repr(listed(interview)).encode()).digest()[:size])
        counts.append(f.person_counts if person else f.topic_counts)
        digests.append(f.person_digests if person else f.topic_digests)
    per = np.fromiter(map(len, counts), dtype=np.int64, count=len(counts))
    flat = chain.from_iterable(chain.from_iterable(counts))  # (entry, paragraphs) pairs
    pairs = np.fromiter(flat, dtype=np.int64, count=2 * int(per.sum())).reshape(-1, 2)
    owner = np.repeat(np.arange(len(ids), dtype=np.int64), per)
    listed_as = np.frombuffer(b"".join(shown), dtype=np.uint8).reshape(-1, size)
    places = np.frombuffer(b"".join(digests), dtype=np.uint8).reshape(-1, size)
    if len(places) != len(pairs):
        raise ValueError("features hold a different number of digests and counts")
    # By entry, each entry's interviews in corpus order (a stable sort keeps that order).
    order = np.argsort(pairs[:, 0], kind="stable")
    entry, owner, paragraphs = pairs[order, 0], owner[order], pairs[order, 1]
    if not len(entry):
        return {}
    rows = np.concatenate([listed_as[owner], places[order]], axis=1)
    starts = np.flatnonzero(np.r_[True, entry[1:] != entry[:-1]])
    ends = np.r_[starts[1:], len(entry)]
    return {
        int(entry[a]): Named(
            ids, owner[a:b], paragraphs[a:b], rows[a:b],
            hashlib.sha256(rows[a:b].tobytes()).hexdigest(),
        )
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    }  # fmt: skip


def _blocks_shown(entry: Named) -> str:
    """What the blocks of an entry's locators show, as a digest (:attr:`Named.shown`)."""
    return entry.shown


def _listing(
    store: PageStore, url: str, shows: object | None, blocks: Callable[[], Sequence[Block]],
    head: tuple[str, str, Sequence[str], str], ending: str = "",
) -> dict[str, Markdown]:  # fmt: skip
    """The pages of one listing (``render_parts.pages`` with ``head``: title, description,
    lead and what it lists) made from ``blocks()``, each followed by ``ending``. With a cache
    and ``shows`` (a digest of every block: their tokens in order), the whole listing is kept
    by what it shows, so a rebuild after an edit re-renders only the listings the edit
    changes; the rest are read back as they were (bytes), without being split or joined."""
    if store.cache is None or shows is None:
        made = pages(_split_kept(store, url, blocks()), *head)
        return {path: text + ending for path, text in made.items()}
    what = repr((url, head, shows, render_parts.PART_BUDGET, ending))  # the budget: tests change it
    key = "listing-" + hashlib.sha256(what.encode()).hexdigest()
    kept = store.cache.get(key)
    if isinstance(kept, dict):
        return dict(kept)
    made = pages(_split_kept(store, url, blocks()), *head)
    out: dict[str, Markdown] = {path: text + ending for path, text in made.items()}
    # Encoded: pickling a str makes CPython keep a UTF-8 copy inside it.
    store.cache.put(key, {path: text_of(text).encode("utf-8") for path, text in out.items()})
    return out


def _split_kept(store: PageStore, url: str, blocks: Sequence[Block]) -> list[Part]:
    """``split`` with the blocks kept for this listing by the last build; keeps them for the
    next one."""
    if store.cache is None:
        return split(url, blocks)
    key = "blocks-" + hashlib.sha256(url.encode()).hexdigest()
    kept = store.cache.get(key)
    made: dict[tuple[str, str], str] = {}
    parts = split(url, blocks, kept=kept if isinstance(kept, dict) else {}, made=made)
    store.cache.put(key, made)
    return parts


def topic_pages(corpus: Corpus, store: PageStore | None = None) -> Iterator[tuple[str, Markdown]]:
    """Each topic's listing pages as they are made, then the topics' index page: the listings
    are never all held at once (86 MB of text at 1,000 interviews)."""
    store = store or PageStore(None)
    topics = [t for t in load_topics() if t.id in corpus.topic_locators]
    named = _named_in(corpus, False) if store.cache is not None else {}
    index = {t.id: n for n, t in enumerate(load_topics())}
    rows = []
    for t in sorted(topics, key=lambda t: -len(corpus.topic_locators[t.id])):
        locs = corpus.topic_locators[t.id]
        entry = named.get(index[t.id])
        # The interviews naming it: known from the features when pages are kept.
        n_int = len(entry.interviews) if entry else len({loc.interview_id for loc in locs})
        rows.append(
            f'<tr><td><a href="{esc(href("topics/", f"topics/{t.id}/"))}">{esc(t.name)}</a></td>'
            f"<td>{esc(t.description)}</td><td>{n_int}</td><td>{len(locs)}</td></tr>"
        )
        description = esc(
            f"{t.name}: {t.description} Every paragraph of the archive where it "
            f"comes up: {len(locs)} in {n_int} interview(s)."
        )
        lead = [
            f"<p>{esc(t.description)} Matched as: {esc(', '.join(t.aliases))}.</p>",
            f"<p>Comes up in {len(locs)} paragraph(s) of {n_int} interview(s).</p>",
            "",
        ]
        shows = _blocks_shown(entry) if entry else None
        yield from _listing(
            store, f"topics/{t.id}/", shows,
            partial(_locator_blocks, corpus, locs, Section(()), entry),
            (t.name, description, lead, "paragraphs"),
        ).items()  # fmt: skip
    yield "topics/index.md", front_matter({
        "title": "Topics",
        "description": f"The {len(topics)} topics of the archive, with the paragraphs where each "
        "comes up.",
    }) + "\n".join([
        '<h1 class="ta-title">Topics</h1>',
        "",
        "<p>Subjects from a curated taxonomy (build_tools/rules/topics.yaml), matched in every "
        "paragraph. Each topic page lists every paragraph where it comes up.</p>",
        "",
        '<table class="ta-table"><thead><tr><th>Topic</th><th>What it covers</th>'
        "<th>Interviews</th><th>Paragraphs</th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
        "",
    ])  # fmt: skip


def people_pages(corpus: Corpus, store: PageStore | None = None) -> Iterator[tuple[str, Markdown]]:
    """Each person's listing pages as they are made, then the people's index page (as
    :func:`topic_pages`)."""
    store = store or PageStore(None)
    people = [p for p in load_people() if p.id in corpus.person_locators or p.id in corpus.speakers]
    ids = by_id(corpus)
    named = _named_in(corpus, True) if store.cache is not None else {}
    index = {p.id: n for n, p in enumerate(load_people())}
    speaking_rows: list[str] = []
    mentioned_rows: list[str] = []
    for p in sorted(people, key=lambda p: p.name.split()[-1].casefold()):
        here = f"people/{p.id}/"
        locs = corpus.person_locators.get(p.id, ())
        spoke = corpus.speakers.get(p.id, ())
        row = (
            f'<tr><td><a href="{esc(href("people/", here))}">{esc(p.name)}</a></td>'
            f"<td>{esc(p.description)}</td><td>{len(spoke)}</td><td>{len(locs)}</td></tr>"
        )
        (speaking_rows if spoke else mentioned_rows).append(row)
        speaks = Section(('<h2 id="speaks">Speaks in</h2>', "", '<ul class="ta-list">'), ("</ul>",))
        mentioned = Section(('<h2 id="mentioned">Mentioned in</h2>', ""))
        entry = named.get(index[p.id])
        kept = store.cache is not None
        spoken = [(i, _item_token(ids[i]) if kept else None) for i in spoke]

        def blocks(
            spoken: list[tuple[str, str | None]] = spoken, speaks: Section = speaks,
            locs: Sequence[Locator] = locs, mentioned: Section = mentioned,
            entry: Named | None = entry,
        ) -> list[Block]:  # fmt: skip
            return [
                *(_item_block(ids[i], speaks, token=token) for i, token in spoken),
                *_locator_blocks(corpus, locs, mentioned, entry),
            ]

        shows = None
        if kept and (entry is not None or not locs):
            shows = (spoken, _blocks_shown(entry) if entry else "")
        description = esc(f"{p.name}, {p.description}: " + "; ".join(filter(None, [
            f"speaks in {len(spoke)} interview(s)" if spoke else "",
            f"mentioned in {len(locs)} paragraph(s)" if locs else "",
        ])) + ".")  # fmt: skip
        lead = [f"<p>{esc(p.description)}</p>"]
        head = (p.name, description, lead, "interviews and paragraphs")
        yield from _listing(store, here, shows, blocks, head).items()
    thead = (
        '<table class="ta-table"><thead><tr><th>Name</th><th>Who</th><th>Speaks in</th>'
        "<th>Mentioned in (paragraphs)</th></tr></thead><tbody>"
    )
    yield "people/index.md", front_matter({
        "title": "People",
        "description": "Who speaks in the archive's interviews and who is mentioned, with every "
        "mention.",
    }) + "\n".join([
        '<h1 class="ta-title">People</h1>',
        "",
        "<p>Speakers are kept apart from people who are only mentioned. Names are matched with "
        "their aliases (build_tools/rules/people.yaml): “V.V. Putin”, “President Putin” and "
        "“Vladimir Putin” are one person.</p>",
        '<h2 id="speakers">Speakers</h2>', thead, *speaking_rows, "</tbody></table>",
        '<h2 id="mentioned">Mentioned</h2>', thead, *mentioned_rows, "</tbody></table>", "",
    ])  # fmt: skip


def method(corpus: Corpus, store: PageStore | None = None) -> dict[str, Markdown]:
    fixes = "\n".join(f"<li><code>{esc(r.name)}</code>: {esc(r.doc)}</li>" for r in REGISTRY)
    intro = [
        "<p>Raw transcripts are kept byte for byte in the repository’s <code>source_texts/"
        "</code> folder with their SHA-256. The build reads them, fixes their form and never "
        "their wording, and proves for every line that each of its words is on a page, in the "
        "metadata or in the removal log below.</p>",
        '<h2 id="normalisation">Normalisation</h2>',
        "<p>Each fix is a small named function; the counts per text are listed below.</p>",
        f"<ul>{fixes}</ul>",
        "<p>House style: double quotes “ ”, apostrophes ’, guillemets « » kept; a dash between "
        "spaces is a spaced en dash ( – ); hyphens in words and number ranges are left alone; "
        "three dots are an ellipsis (…). Editorial insertions in square brackets stay as they "
        "are.</p>",
        '<h2 id="structure">Structure</h2>',
        "<p>Speaker labels (<code>Question:</code>, <code>S.V. Lavrov:</code>, "
        "<code>Вопрос:</code>…) start turns; text before the first label is the main speaker’s "
        "statement. Lines broken mid-sentence by web clippers are joined; real paragraph breaks "
        "are kept. Emoji and bullets used as markers become structure. Web-page chrome is "
        "removed by rules kept as data, each with a reason.</p>",
        '<h2 id="deduplication">Excerpts and duplicates</h2>',
        "<p>Texts are compared by how much of the smaller one is contained in the larger (word "
        "5-grams). A text mostly contained in another is an excerpt: it gets no page of its own; "
        "each of its sentences is aligned to the paragraph it quotes, and sentences found "
        "nowhere are shown as appearing only in the excerpt. Two texts contained in each other "
        "are duplicates: one page, both files listed as sources.</p>",
        *method_section(corpus),
        '<h2 id="per-text">What was changed in each text</h2>',
    ]
    blocks = [Block(i.main.metadata.date or "undated", _method_block(i), None, _method_token(i))
              for i in corpus.interviews]  # fmt: skip
    description = (
        "How the raw transcripts are decoded, normalised, parsed and deduplicated, and for each "
        "text every fix, removed line and excerpt."
    )
    head = ("Method", description, intro, "texts")
    # The page ends with a newline, as it did when it was one page.
    return _listing(
        store or PageStore(None), "method/", _shows(blocks), lambda: blocks, head, ending="\n"
    )


def _method_token(i: Interview) -> str:
    """Digest of what :func:`_method_block` shows: the interview as listed, its sources (a
    features digest stands for the parsed source) and how each linked source was aligned."""
    linked = [(x.role, features.of(x.source).digest, x.containment, len(x.spans),
               len(x.unmatched)) for x in i.linked]  # fmt: skip
    shown = (listed(i), features.of(i.main).digest, linked)
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _method_block(i: Interview) -> Callable[[str], str]:
    """What was changed in one text: fixes, removed lines, linked excerpts and duplicates."""

    def render(here: str) -> str:
        main = i.main
        body = [
            f'<h3 id="{esc(i.id)}"><a href="{esc(href(here, i.url))}">{esc(label(i))}</a></h3>',
            f"<p>Source <code>{esc(main.source.path)}</code> ({esc(main.encoding)}, "
            f"{main.source.size} bytes, sha256 <code>{esc(main.source.sha256)}</code>).</p>",
        ]
        if main.fixes:
            body.append(
                "<p>Fixes: " + esc(", ".join(f"{k} × {v}" for k, v in main.fixes.items())) + ".</p>"
            )
        removed = [*main.removed, *(r for x in i.linked for r in x.source.removed)]
        if removed:
            body.append(
                '<table class="ta-table" data-search-exclude><thead><tr><th>File</th>'
                "<th>Line</th><th>Removed text</th><th>Reason</th></tr></thead><tbody>"
            )
            body += [
                f"<tr><td><code>{esc(r.path.rsplit('/', 1)[-1])}</code></td><td>{r.line}</td>"
                f"<td>{esc(r.text)}</td><td>{esc(r.reason)}</td></tr>"
                for r in removed
            ]
            body.append("</tbody></table>")
        for x in i.linked:
            body.append(
                f"<p>{esc(x.role.capitalize())} <code>{esc(x.source.source.path)}</code>: "
                f"{x.containment:.0%} contained, {len(x.spans)} span(s) aligned, "
                f"{len(x.unmatched)} sentence(s) only in the {esc(x.role)}.</p>"
            )
        return "\n".join(body)

    return render


def index_pages(corpus: Corpus, store: PageStore | None = None) -> dict[str, str]:
    """Every page except the interview pages (topic and people blocks kept in ``store``)."""
    return {path: text_of(page) for path, page in iter_index_pages(corpus, store)}


def iter_index_pages(
    corpus: Corpus, store: PageStore | None = None
) -> Iterator[tuple[str, Markdown]]:
    """:func:`index_pages` one kind at a time, as (path, Markdown): a caller that keeps each
    page compressed never holds all of them (at 1,000 interviews, 150 MB of listings)."""
    yield "index.md", home(corpus)
    yield from chronology(corpus, store).items()
    yield from outlets(corpus).items()
    yield from method(corpus, store).items()
    yield from topic_pages(corpus, store)
    yield from people_pages(corpus, store)
    yield from facets_page(corpus, store).items()
    yield from statement_pages(corpus).items()
