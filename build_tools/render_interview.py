"""One interview page: a header a citer can use, turns a reader can follow, and the links.

Layout, top to bottom: title; facts (date, place, outlet or occasion, kind, reading time);
topic and people chips; where the text came from (files with SHA-256, excerpts and where they
were posted); excerpt notes with their key points; the turns, each question a heading (so the
table of contents is the list of questions); previous/next by date; related interviews.
Every paragraph carries its stable id as anchor and a permalink shown on hover or focus.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from build_tools import features
from build_tools.citation import citation_of, template
from build_tools.downloads import KINDS, interview_path
from build_tools.model import ExcerptLink, Interview, Turn
from build_tools.people import load_people
from build_tools.render import esc, front_matter, href, label
from build_tools.render_statements import echo_lines
from build_tools.sentences import split
from build_tools.topics import load_topics

WORDS_PER_MINUTE = 200
HEADING_CHARS = 90
CHIPS = 10
"""Topic and people chips shown per interview (the most prominent; topic pages list all)."""


def reading_minutes(interview: Interview) -> int:
    """Minutes to read the page's text at an ordinary pace."""
    n = sum(len(p.text.split()) for p in interview.main.paragraphs)
    return max(1, round(n / WORDS_PER_MINUTE))


def question_heading(turn: Turn) -> str:
    """Short form of a question for its heading: the first sentence, cut at a word."""
    first = split(turn.paragraphs[0].text)[0][1] if turn.paragraphs else turn.speaker
    if len(first) <= HEADING_CHARS:
        return first
    cut = first[:HEADING_CHARS].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"


def heading_ids(interview: Interview) -> dict[int, str]:
    """Turn index -> anchor id for each question (``q-1``, ``q-2``...)."""
    ids: dict[int, str] = {}
    for n, turn in enumerate(interview.main.turns):
        if turn.role == "question":
            ids[n] = f"q-{len(ids) + 1}"
    return ids


def toc(interview: Interview) -> list[tuple[str, str]]:
    """(anchor id, plain-text title) for the table of contents: the questions in order."""
    ids = heading_ids(interview)
    return [(ids[n], question_heading(interview.main.turns[n])) for n in sorted(ids)]


def _quotes(interview: Interview) -> dict[str, list[tuple[int, ExcerptLink]]]:
    """For each paragraph id, the excerpts (numbered from 1) that quote it."""
    marks: dict[str, list[tuple[int, ExcerptLink]]] = {}
    for n, link in enumerate(interview.linked, start=1):
        if link.role != "excerpt":
            continue
        for span in link.spans:
            for pid in span.paragraph_ids:
                if (n, link) not in marks.setdefault(pid, []):
                    marks[pid].append((n, link))
    return marks


def _turn(
    turn: Turn,
    heading: str | None,
    marks: dict[str, list[tuple[int, ExcerptLink]]],
    lang: str,
    languages: Iterator[str],
    echoes: Mapping[str, str] | None = None,
) -> str:
    role = esc(turn.role)
    note = f' <span class="ta-note">({esc(turn.note)})</span>' if turn.note else ""
    parts = []
    if heading:
        parts.append(f'<h2 id="{heading}" class="ta-qhead">{esc(question_heading(turn))}</h2>')
    parts += [
        f'<section class="ta-turn ta-{role}">',
        f'<p class="ta-speaker">{esc(turn.speaker)}{note}</p>',
    ]
    for p in turn.paragraphs:
        quoted = "".join(
            f' <a class="ta-quoted" href="#excerpt-{n}">quoted in: excerpt, '
            f"{esc(link.source.metadata.date or 'undated')}</a>"
            for n, link in marks.get(p.id, [])
        )
        pid = esc(p.id)
        # A paragraph in another language than its page says so, for screen readers.
        own = next(languages)  # language.detect(p.text), worked out when the file was read
        attr = f' lang="{esc(own)}"' if own != lang else ""
        parts.append(
            f'<p id="{pid}" class="ta-p ta-{esc(p.kind)}"{attr}>{esc(p.text)}{quoted}'
            f' <a class="ta-permalink" href="#{pid}" title="Link to this paragraph"'
            f' aria-label="Link to this paragraph" data-search-exclude>¶</a></p>'
        )
        if echoes and p.id in echoes:
            parts.append(echoes[p.id])  # render_statements.echo_lines: escaped there
    parts.append("</section>")
    return "\n".join(parts)


def _cite_bar(interview: Interview) -> str:
    """The "Copy citation" button and the citation template every "Cite" button of the page
    uses (build_tools/citation.py); docs/assets/cite.js fills in the address and the date.

    Hidden until cite.js shows it: copying needs the script. cite.js also adds each
    paragraph's "Cite" button next to its ¶ permalink; as HTML they were ~9% of an interview
    page (11 KB of 118 KB at 1,000 generated files) that did nothing without the script."""
    cite = esc(template(citation_of(interview)))
    return (
        f'<div class="ta-cite" hidden data-search-exclude data-cite="{cite}"'
        f' data-path="{esc(interview.url)}">'
        '<button type="button" class="ta-cite-copy">Copy citation</button>'
        '<span class="ta-cite-status" role="status" aria-live="polite"></span></div>'
    )


def _excerpt_note(n: int, link: ExcerptLink) -> str:
    src = link.source
    meta = src.metadata
    head = "Duplicate of this interview" if link.role == "duplicate" else "Quoted in an excerpt"
    parts = [
        f'<aside id="excerpt-{n}" class="ta-excerpt" data-search-exclude>',
        f"<p><strong>{esc(head)}</strong>: {esc(meta.title)}"
        f" ({esc(meta.date or 'undated')}; file <code>{esc(src.source.path)}</code>, "
        f"sha256 <code>{esc(src.source.sha256[:12])}…</code>; "
        f"{link.containment:.0%} of its text is in this interview)</p>",
    ]
    if link.role == "excerpt" and link.spans:
        parts.append("<p>Key points quoted:</p>\n<ul>")
        for span in link.spans:
            target = esc(span.paragraph_ids[0])
            extra = "".join(
                f' <span class="ta-variant">({esc(v.kind)}: {esc(v.excerpt or v.original)})</span>'
                for v in span.variants
            )
            parts.append(f'<li><a href="#{target}">{esc(span.text)}</a>{extra}</li>')
        parts.append("</ul>")
    if link.unmatched:
        parts.append("<p>Appears only in the excerpt:</p>\n<ul>")
        parts += [f'<li class="ta-only">{esc(u.text)}</li>' for u in link.unmatched]
        parts.append("</ul>")
    parts.append("</aside>")
    return "\n".join(parts)


def _chips(interview: Interview) -> str:
    topics = {t.id: t for t in load_topics()}
    people = {p.id: p for p in load_people()}
    here = interview.url
    items = [
        f'<a class="ta-chip ta-topic" href="{esc(href(here, f"topics/{t}/"))}">'
        f"{esc(topics[t].name)}</a>"
        for t in interview.topics[:CHIPS]
        if t in topics
    ] + [
        f'<a class="ta-chip ta-person" href="{esc(href(here, f"people/{p}/"))}">'
        f"{esc(people[p].name)}</a>"
        for p in interview.people[:CHIPS]
        if p in people
    ]
    return f'<p class="ta-chips" data-search-exclude>{" ".join(items)}</p>' if items else ""


def _facts(interview: Interview) -> str:
    meta = interview.main.metadata
    main = interview.main
    minutes = reading_minutes(interview)
    reading = f"{minutes} min" + (
        f" (the source says {meta.reading_time})" if meta.reading_time else ""
    )
    rows = [
        ("Date", meta.date or "not stated"),
        ("Place", meta.place),
        ("Outlet", meta.outlet),
        ("Occasion", meta.occasion),
        ("Kind", meta.kind),
        ("Reading time", reading),
        ("Published", meta.published.replace("T", " ") if meta.published else None),
    ]
    dl = [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows if v]
    sources = [
        f"<li><code>{esc(main.source.path)}</code> (full text; sha256 "
        f"<code>{esc(main.source.sha256)}</code>)</li>"
    ] + [
        f"<li><code>{esc(x.source.source.path)}</code> ({esc(x.role)}"
        f"{', ' + esc(x.source.metadata.date) if x.source.metadata.date else ''}; sha256 "
        f'<code>{esc(x.source.source.sha256)}</code>; <a href="#excerpt-{n}">details</a>)</li>'
        for n, x in enumerate(interview.linked, start=1)
    ]
    dl.append(f'<dt>Sources</dt><dd><ul class="ta-sources">{"".join(sources)}</ul></dd>')
    dl.append(_downloads(interview))
    return '<dl class="ta-meta" data-search-exclude>\n' + "\n".join(dl) + "\n</dl>"


def _downloads(interview: Interview) -> str:
    """The facts' Downloads row: this interview's files (downloads.py), relative links."""
    here = interview.url
    links = " · ".join(
        f'<a class="ta-download" href="{esc(href(here, interview_path(interview.id, k.ext)))}"'
        f' type="{esc(k.media_type)}">{esc(k.title)}</a>'
        for k in KINDS
        if k.per_interview
    )
    return f"<dt>Downloads</dt><dd>{links}</dd>"


def _around(interview: Interview, ids: Mapping[str, Interview], before: Interview | None,
            after: Interview | None) -> str:  # fmt: skip
    here = interview.url
    parts = ['<nav class="ta-around" aria-label="Interviews by date" data-search-exclude>']
    if before:
        parts.append(
            f'<a class="ta-prev" href="{esc(href(here, before.url))}">← Previous: '
            f"{esc(label(before))}</a>"
        )
    if after:
        parts.append(
            f'<a class="ta-next" href="{esc(href(here, after.url))}">Next: '
            f"{esc(label(after))} →</a>"
        )
    parts.append("</nav>")
    if interview.related:
        parts.append(
            '<h2 id="related">Related interviews</h2>\n<ul class="ta-related" data-search-exclude>'
        )
        for r in interview.related:
            other = ids[r.interview_id]
            parts.append(
                f'<li><a href="{esc(href(here, other.url))}">{esc(other.main.metadata.title)}</a>'
                f' <span class="ta-reason">({esc(r.reason)})</span></li>'
            )
        parts.append("</ul>")
    return "\n".join(parts)


def nav_title(interview: Interview) -> str:
    """Short page title for navigation, browser tabs and search results; the page's heading
    keeps the full title as published."""
    meta = interview.main.metadata
    who = meta.outlet or meta.occasion
    kind = meta.kind[:1].upper() + meta.kind[1:]
    return f"{meta.date or 'Undated'}: {kind}" + (f", {who}" if who else "")


def description(interview: Interview) -> str:
    """One plain sentence for search engines and link previews."""
    meta = interview.main.metadata
    where = ", ".join(x for x in (meta.outlet or meta.occasion, meta.place) if x)
    return (
        f"Sergey Lavrov, {meta.kind}"
        + (f", {where}" if where else "")
        + (f", {meta.date}." if meta.date else ".")
    )


def _esc_or_none(text: str | None) -> str | None:
    return None if text is None else esc(text)


def interview_page(
    interview: Interview,
    ids: Mapping[str, Interview],
    before: Interview | None,
    after: Interview | None,
) -> str:
    """The Markdown source of one interview page (``ids``: every interview by its id, made
    once for all the pages: render.by_id)."""
    main = interview.main
    meta = main.metadata
    topic_names = {t.id: t.name for t in load_topics()}
    found = features.of(main)
    lang = found.language
    fm = {
        "title": esc(nav_title(interview)),
        "lang": lang,  # the hook sets <html lang> from it
        "hide": ["tags"],  # the page shows its own topic chips
        "description": esc(description(interview)),
        "id": interview.id,
        "date": meta.date,
        # Text from the source (title, labels, file names) is escaped here too: a template
        # that one day prints it must not turn it into markup.
        "place": _esc_or_none(meta.place),
        "outlet": _esc_or_none(meta.outlet),
        "occasion": _esc_or_none(meta.occasion),
        "kind": meta.kind,
        "speakers": sorted({esc(t.speaker) for t in main.turns}),
        "topics": list(interview.topics),
        "people": list(interview.people),
        "tags": [topic_names[t] for t in interview.topics[:CHIPS] if t in topic_names],
        "sources": [{"path": esc(main.source.path), "sha256": main.source.sha256, "role": "full"}]
        + [
            {"path": esc(x.source.source.path), "sha256": x.source.source.sha256, "role": x.role}
            for x in interview.linked
        ],
    }
    body = [f'<h1 class="ta-title">{esc(meta.title)}</h1>', "", _facts(interview), ""]
    body += [_cite_bar(interview), ""]
    chips = _chips(interview)
    if chips:
        body += [chips, ""]
    if interview.missing_full_text:
        body += [
            '<p class="ta-missing">This is an excerpt of an interview the archive does not hold '
            "yet. When the full text is added, this page is merged into it.</p>",
            "",
        ]
    for n, link in enumerate(interview.linked, start=1):
        body += [_excerpt_note(n, link), ""]
    marks = _quotes(interview)
    headings = heading_ids(interview)
    languages = iter(found.languages)
    echoes = echo_lines(interview, ids)
    for n, turn in enumerate(main.turns):
        body += [_turn(turn, headings.get(n), marks, lang, languages, echoes), ""]
    body += [_around(interview, ids, before, after), ""]
    return front_matter(fm) + "\n".join(body)
