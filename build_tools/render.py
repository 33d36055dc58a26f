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

from build_tools.model import Corpus, Interview, Turn


def esc(text: str) -> str:
    """Escape text for HTML content and attributes."""
    return html.escape(text, quote=True)


def front_matter(data: Mapping[str, object]) -> str:
    """YAML front matter block; safe_dump quotes anything YAML could misread."""
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"


def _turn(turn: Turn) -> str:
    role = esc(turn.role)
    who = esc(turn.speaker)
    note = f' <span class="ta-note">({esc(turn.note)})</span>' if turn.note else ""
    parts = [f'<section class="ta-turn ta-{role}">', f'<p class="ta-speaker">{who}{note}</p>']
    for p in turn.paragraphs:
        parts.append(f'<p id="{esc(p.id)}" class="ta-p ta-{esc(p.kind)}">{esc(p.text)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def interview_page(interview: Interview) -> str:
    """The Markdown source of one interview page."""
    main = interview.main
    meta = main.metadata
    fm = {
        "title": esc(meta.title),
        "id": interview.id,
        "date": meta.date,
        "place": meta.place,
        "outlet": meta.outlet,
        "occasion": meta.occasion,
        "kind": meta.kind,
        "speakers": sorted({t.speaker for t in main.turns}),
        "sources": [{"path": main.source.path, "sha256": main.source.sha256, "role": "full"}],
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
    for turn in main.turns:
        body.append(_turn(turn))
        body.append("")
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
