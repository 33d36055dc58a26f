"""Repeated statements on the site: the links under an echoed paragraph, the page listing the
most repeated statements, and the Method page's account of how they are found.

What counts as a repetition is decided in ``reuse.py`` from ``rules/reuse.yaml``; this module
only shows it. Every piece of text goes through ``render.esc``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from build_tools import reuse
from build_tools.model import Corpus, Echo, Interview
from build_tools.render import by_id, esc, href, label
from build_tools.render_parts import Block, pages, split

URL = "statements/"
TITLE = "Repeated statements"


def echo_lines(interview: Interview, ids: Mapping[str, Interview]) -> dict[str, str]:
    """Paragraph id -> the line shown after it: where else the speaker said it (``ids``:
    every interview by its id, render.by_id)."""
    here = interview.url
    links: dict[str, list[str]] = {}
    for e in interview.echoes:
        other = ids[e.interview_id]
        target = esc(href(here, f"{other.url}#{e.other_paragraph_id}"))
        links.setdefault(e.paragraph_id, []).append(
            f'<a href="{target}" title="{e.words} words in common">{esc(label(other))}</a>'
        )
    return {
        pid: '<p class="ta-echo" data-search-exclude>Said in similar words on '
        + "; on ".join(found)
        + ".</p>"
        for pid, found in links.items()
    }


@dataclass(frozen=True)
class Occurrence:
    """One place a repeated statement was made."""

    interview: Interview
    """The interview."""
    paragraph_id: str
    """The paragraph (its anchor)."""
    passage: str
    """The words as said there (the longest passage of the paragraph's echoes)."""


def clusters(corpus: Corpus) -> list[list[Occurrence]]:
    """Statements said in more than one interview: the paragraphs linked by echoes, joined
    into groups; most interviews first, then earliest, each group in archive order."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    passage: dict[tuple[str, str], Echo] = {}
    for interview in corpus.interviews:
        for e in interview.echoes:
            here, there = (interview.id, e.paragraph_id), (e.interview_id, e.other_paragraph_id)
            parent[root(here)] = root(there)
            best = passage.get(here)
            if best is None or (e.words, len(e.passage)) > (best.words, len(best.passage)):
                passage[here] = e
    order = {i.id: n for n, i in enumerate(corpus.interviews)}
    wanted: dict[str, set[str]] = defaultdict(set)
    for interview_id, paragraph_id in passage:
        wanted[interview_id].add(paragraph_id)
    places = {
        (i.id, pid): (order[i.id], n) for i in corpus.interviews if i.id in wanted
        for pid, n in _numbers(i, wanted[i.id]).items()
    }  # fmt: skip
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for node in sorted(passage, key=places.__getitem__):
        groups.setdefault(root(node), []).append(node)
    ids = by_id(corpus)
    found = [
        [Occurrence(ids[i], pid, passage[(i, pid)].passage) for i, pid in members]
        for members in groups.values()
    ]
    found.sort(key=lambda g: (-len({o.interview.id for o in g}),
                              order[g[0].interview.id], places[(g[0].interview.id,
                                                                g[0].paragraph_id)]))  # fmt: skip
    return found


def _numbers(interview: Interview, wanted: set[str]) -> dict[str, int]:
    """Place (from 0) among the interview's paragraphs of each of the ``wanted`` ones: from the
    compared paragraphs in its features, which hold every paragraph an echo can be in, without
    making the tuple of all its paragraphs (twice per build, 0.15 s at 1,000 interviews)."""
    found = interview.main.features
    if found is not None:
        numbers = {pid: at - 1 for pid, at, _, _ in found.echo_units if pid in wanted}
        if len(numbers) == len(wanted):
            return numbers
    return {p.id: n for n, p in enumerate(interview.main.paragraphs) if p.id in wanted}


def _cluster_block(n: int, group: list[Occurrence]) -> Block:
    count = len({o.interview.id for o in group})

    def render(here: str) -> str:
        first = group[0]
        items = [
            f'<li><a href="{esc(href(here, f"{o.interview.url}#{o.paragraph_id}"))}">'
            f"{esc(label(o.interview))}</a>: {esc(o.passage)}</li>"
            for o in group
        ]
        return "\n".join([
            f'<h2 id="s-{n}">Said in {count} interviews, first on '
            f"{esc(first.interview.main.metadata.date or 'an unknown date')}</h2>",
            f'<blockquote class="ta-repeated"><p>{esc(first.passage)}</p></blockquote>',
            '<ul class="ta-occurrences">', *items, "</ul>", "",
        ])  # fmt: skip

    return Block(f"{count} interviews", render)


def thresholds(rules: reuse.Rules) -> str:
    """The rules in one sentence, for the pages that explain a result."""
    return (
        f"at least {rules.min_words} words in common (greetings, thanks and official titles "
        f"not counted), and a score of at least {rules.min_score:.2f} (twice the shared words "
        f"over the words of both passages: at most about one word in seven differs)"
    )


def statement_pages(corpus: Corpus) -> dict[str, str]:
    """The page (in parts when long) listing the statements said in more than one interview."""
    rules = reuse.load()
    groups = clusters(corpus)
    method = esc(href(URL, "method/#repeated-statements"))
    lead = [
        "<p>Passages that Sergey Lavrov said almost word for word in different interviews: "
        f"{esc(thresholds(rules))}. Each is linked from both interviews, after the paragraph "
        "that holds it. An excerpt or a repost of one interview is not a repetition. "
        f'<a href="{method}">How they are found</a>.</p>',
        "",
    ]
    if not groups:
        lead += [
            '<p class="ta-none">No passage of the archive is repeated in two interviews above '
            "these thresholds. The closest ones share fewer words (a stock phrase, an official "
            "title), which says nothing about a statement being repeated.</p>",
            "",
        ]
    blocks = [_cluster_block(n, g) for n, g in enumerate(groups, start=1)]
    count = f"{len(groups)} statement(s)" if groups else "No statement yet"
    description = esc(
        f"{count} that Sergey Lavrov repeated almost word for word in different interviews, "
        "with every occurrence."
    )
    return pages(split(URL, blocks), TITLE, description, lead, "statements")


def method_section(corpus: Corpus) -> list[str]:
    """The Method page's account of repeated statements: the rules and why."""
    rules = reuse.load()
    found = len(clusters(corpus))
    listed = esc(href("method/", URL))
    formulas = ", ".join(f"“{' '.join(f)}”" for f in rules.formulas[:6])
    return [
        '<h2 id="repeated-statements">Repeated statements</h2>',
        "<p>Passages Sergey Lavrov says almost word for word in different interviews are "
        "linked both ways, and listed on the page of repeated statements. The rules are data "
        "(<code>build_tools/rules/reuse.yaml</code>):</p>",
        "<ul>",
        "<li>Only the speaker’s answers and statements are compared "
        f"({esc(', '.join(sorted(rules.speakers)))} and the main speaker each text names): "
        "a question quoting him is the interviewer’s words. Excerpts and reposts of one "
        "interview are merged into it first, texts of one "
        "event (same date and outlet) are never compared, and an excerpt whose full text the "
        "archive lacks is a quotation, not compared either.</li>",
        f"<li>Words are compared case-folded, with punctuation and quote and dash variants "
        f"ignored. Candidates are paragraphs sharing runs of {rules.shingle_words} words; a "
        f"pair is aligned when {rules.candidate_words} or more of its shared words lie in "
        f"unchanged runs of {rules.shingle_words} or more. A passage with a change every few "
        "words is a paraphrase and is not looked for. A run found in at most "
        f"{rules.pair_all} interviews pairs each of its places with every other; a run found in "
        f"more pairs each place with the {rules.nearest} nearest before and after it by date "
        "only, so a statement said in many interviews links each of them to its nearest "
        "(the page of repeated statements lists them all), and a passage pieced together "
        "from phrases that are each common, but not said together, is not looked for.</li>",
        f"<li>An echo needs {esc(thresholds(rules))}. Shared pieces are joined across gaps of "
        f"up to {rules.max_gap} words. {rules.min_words} words is about one sentence of his "
        "(his sentences in the seed texts average 17 words) and more than the longest official "
        "title (“High Representative of the European Union for Foreign Affairs and Security "
        "Policy”, 12 words).</li>",
        f"<li>Formulas carry no statement, and their words do not count: a list ({esc(formulas)}, "
        f"…), and every run of {rules.shingle_words} words found in more than "
        f"max({rules.common_min}, {rules.common_share:.0%} of the interviews) interviews "
        f"(now {rules.common_limit(len(corpus.interviews))}).</li>",
        f"<li>A paragraph links at most {rules.max_echoes} others, the closest; the page of "
        "repeated statements lists every occurrence.</li>",
        "</ul>",
        f'<p>The archive holds <a href="{listed}">{found} repeated statement(s)</a> by these '
        "rules.</p>",
    ]
