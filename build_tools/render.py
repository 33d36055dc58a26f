"""Render the corpus as Markdown pages (front matter + body), as strings.

Transcript text is untrusted. It never reaches Markdown as Markdown: every piece of source text
is HTML-escaped and placed inside an HTML block element, which Python-Markdown passes through
without parsing its content. So ``<script>``, ``[x](javascript:...)``, ``{: onclick=...}``,
``--8<--`` and a leading ``#`` all stay visible text. Front matter is written with
``yaml.safe_dump`` and every string value in it is escaped too, because MkDocs templates print
the page title unescaped.

Page modules: ``render_interview.py`` (one page per interview) and ``render_indexes.py`` (home,
chronology, outlets, topics, people, method). This module holds what they share.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping

import yaml

from build_tools.model import Corpus, Interview


def esc(text: str) -> str:
    """Escape text for HTML content and attributes."""
    return html.escape(text, quote=True)


def front_matter(data: Mapping[str, object]) -> str:
    """YAML front matter block; safe_dump quotes anything YAML could misread."""
    body = yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"


def href(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs (``interviews/x/``), so the site
    works under any base path and from ``file://``."""
    to_path, _, fragment = to_url.partition("#")
    rel = posixpath.relpath("/" + to_path, "/" + from_url) if to_path != from_url else "."
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    rel = "./" if rel in {"./", "."} else rel
    return rel + (f"#{fragment}" if fragment else "")


def page_path(url: str) -> str:
    """Docs-relative Markdown path for a directory URL: ``topics/nato/`` -> ``topics/nato.md``."""
    return "index.md" if url == "" else url.rstrip("/") + ".md"


def label(interview: Interview) -> str:
    """Short human name of an interview: date and outlet, occasion or kind."""
    meta = interview.main.metadata
    who = meta.outlet or meta.occasion or meta.kind
    return f"{meta.date or 'undated'}, {who}"


def by_id(corpus: Corpus) -> dict[str, Interview]:
    """Interviews by slug."""
    return {i.id: i for i in corpus.interviews}


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated page: docs-relative path -> Markdown source."""
    from build_tools.render_indexes import index_pages
    from build_tools.render_interview import interview_page

    pages = index_pages(corpus)
    for n, interview in enumerate(corpus.interviews):
        before = corpus.interviews[n - 1] if n else None
        after = corpus.interviews[n + 1] if n + 1 < len(corpus.interviews) else None
        pages[page_path(interview.url)] = interview_page(interview, corpus, before, after)
    return pages
