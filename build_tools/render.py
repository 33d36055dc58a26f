"""Render the corpus as Markdown pages (front matter + body), as strings.

Transcript text is untrusted. It never reaches Markdown as Markdown: every piece of source text
is HTML-escaped and placed inside an HTML block element, which Python-Markdown passes through
without parsing its content. So ``<script>``, ``[x](javascript:...)``, ``{: onclick=...}``,
``--8<--`` and a leading ``#`` all stay visible text. Front matter is written with
``yaml.safe_dump`` and every string value in it is escaped too, because MkDocs templates print
the page title unescaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping

import yaml

from build_tools.model import Corpus, ExcerptLink, Interview, Turn


def esc(text: str) -> str:
    """Escape text for HTML content and attributes."""
    return html.escape(text, quote=True)


def front_matter(data: Mapping[str, object]) -> str:
    """YAML front matter block; safe_dump quotes anything YAML could misread."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"


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


def _turn(turn: Turn, marks: dict[str, list[tuple[int, ExcerptLink]]]) -> str:
    role = esc(turn.role)
    who = esc(turn.speaker)
    note = f' <span class="ta-note">({esc(turn.note)})</span>' if turn.note else ""
    parts = [f'<section class="ta-turn ta-{role}">', f'<p class="ta-speaker">{who}{note}</p>']
    for p in turn.paragraphs:
        quoted = "".join(
            f' <a class="ta-quoted" href="#excerpt-{n}">quoted in: excerpt, '
            f"{esc(link.source.metadata.date or 'undated')}</a>"
            for n, link in marks.get(p.id, [])
        )
        parts.append(f'<p id="{esc(p.id)}" class="ta-p ta-{esc(p.kind)}">{esc(p.text)}{quoted}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _excerpt_note(n: int, link: ExcerptLink) -> str:
    src = link.source
    meta = src.metadata
    head = "Duplicate of this interview" if link.role == "duplicate" else "Quoted in an excerpt"
    parts = [
        f'<aside id="excerpt-{n}" class="ta-excerpt">',
        f"<p><strong>{esc(head)}</strong>: {esc(meta.title)}"
        f" ({esc(meta.date or 'undated')}; file <code>{esc(src.source.path)}</code>, "
        f"sha256 <code>{esc(src.source.sha256[:12])}…</code>; containment "
        f"{link.containment:.0%})</p>",
    ]
    if link.role == "excerpt" and link.spans:
        parts.append("<p>Key points quoted:</p>\n<ul>")
        for span in link.spans:
            target = esc(span.paragraph_ids[0])
            extra = "".join(
                f' <span class="ta-variant">[{esc(v.kind)}: {esc(v.excerpt or v.original)}]</span>'
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


def interview_page(interview: Interview) -> str:
    """The Markdown source of one interview page."""
    main = interview.main
    meta = main.metadata
    sources = [{"path": main.source.path, "sha256": main.source.sha256, "role": "full"}]
    sources += [
        {"path": x.source.source.path, "sha256": x.source.source.sha256, "role": x.role}
        for x in interview.linked
    ]
    fm = {
        "title": esc(meta.title),
        "id": interview.id,
        "date": meta.date,
        "place": meta.place,
        "outlet": meta.outlet,
        "occasion": meta.occasion,
        "kind": meta.kind,
        "speakers": sorted({t.speaker for t in main.turns}),
        "sources": sources,
    }
    facts = [
        ("Date", meta.date),
        ("Place", meta.place),
        ("Outlet", meta.outlet),
        ("Occasion", meta.occasion),
        ("Kind", meta.kind),
        ("Source", f"{main.source.path} (sha256 {main.source.sha256[:12]}…)"),
    ]
    dl = "\n".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts if v)
    body = [
        f'<h1 class="ta-title">{esc(meta.title)}</h1>',
        "",
        f'<dl class="ta-meta">\n{dl}\n</dl>',
        "",
    ]
    if interview.missing_full_text:
        body += [
            '<p class="ta-missing">This is an excerpt of an interview the archive does not hold '
            "yet. When the full text is added, this page is merged into it.</p>",
            "",
        ]
    for n, link in enumerate(interview.linked, start=1):
        body += [_excerpt_note(n, link), ""]
    marks = _quotes(interview)
    for turn in main.turns:
        body += [_turn(turn, marks), ""]
    return front_matter(fm) + "\n".join(body)


def index_page(corpus: Corpus) -> str:
    """The home page: what the archive holds."""
    kinds = Counter(i.main.metadata.kind for i in corpus.interviews)
    rows = "\n".join(
        f'<li><a href="{esc(i.url)}">{esc(i.main.metadata.title)}</a> '
        f'<span class="ta-date">{esc(i.main.metadata.date or "undated")}</span></li>'
        for i in sorted(corpus.interviews, key=lambda i: i.main.metadata.date or "", reverse=True)
    )
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    return (
        front_matter({"title": "Transcript archive"})
        + "<p>Transcripts of interviews and remarks of Russia's Foreign Minister Sergey Lavrov, "
        + "normalised and linked, with every paragraph citable to its source file and line.</p>\n\n"
        + f"<p>The archive holds {len(corpus.interviews)} texts ({esc(summary)}).</p>\n\n"
        + f'<ul class="ta-list">\n{rows}\n</ul>\n'
    )


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated page: docs-relative path -> Markdown source."""
    pages = {"index.md": index_page(corpus)}
    for interview in corpus.interviews:
        pages[f"{interview.url.rstrip('/')}.md"] = interview_page(interview)
    return pages
