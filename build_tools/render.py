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

import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path

import yaml

from build_tools import features
from build_tools.cache import ParseCache
from build_tools.model import Corpus, Interview, repack_interview
from build_tools.pipeline import collector_paused


def esc(text: str) -> str:
    """Escape text for HTML content and attributes (``html.escape``, quotes included)."""
    # Most text has none of the five characters (ids, addresses, dates): five substring tests
    # cost less than html.escape's five replacements, and the index pages escape millions of
    # strings (7.5 million at 5,000 interviews).
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text, quote=True)
    return text


# libyaml's emitter (when PyYAML was built with it) writes the same bytes as the pure-Python
# one, ten times faster: 2,000 pages' front matter took 1.7 s. They differ on characters
# beyond U+FFFF (an emoji: libyaml escapes it), on the Unicode line breaks and on control
# characters, so a page with any of those (or a line break, a tab) keeps the Python emitter;
# tests/test_front_matter.py compares the two.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_SLOW = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _fast_ok(value: object) -> bool:
    """Whether libyaml writes ``value`` exactly as the Python emitter does."""
    if isinstance(value, str):
        return not _SLOW.search(value)
    if isinstance(value, Mapping):
        return all(_fast_ok(k) and _fast_ok(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_fast_ok(v) for v in value)
    return isinstance(value, bool | int | float) or value is None


def front_matter(data: Mapping[str, object]) -> str:
    """YAML front matter block; safe_dump quotes anything YAML could misread."""
    dumper = _FAST_DUMPER if _FAST_DUMPER is not None and _fast_ok(data) else yaml.SafeDumper
    body = yaml.dump(
        dict(data), Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    return f"---\n{body}---\n\n"


def href(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs (``interviews/x/``), so the site
    works under any base path and from ``file://``."""
    to_path, _, fragment = to_url.partition("#")
    rel = _relpath(to_path, from_url) if to_path != from_url else "."
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    rel = "./" if rel in {"./", "."} else rel
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(to_path: str, from_url: str) -> str:
    """``posixpath.relpath("/" + to_path, "/" + from_url)``, computed directly for the site's
    own addresses (no ``.`` or ``..`` parts), which is a tenth of the cost: index pages make
    hundreds of thousands of links."""
    start = [x for x in from_url.split("/") if x]
    path = [x for x in to_path.split("/") if x]
    if any(x in {".", ".."} for x in (*start, *path)):
        return posixpath.relpath("/" + to_path, "/" + from_url)
    common = 0
    for a, b in zip(start, path, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + path[common:]) or "."


def page_path(url: str) -> str:
    """Docs-relative Markdown path for a directory URL: ``topics/nato/`` -> ``topics/nato.md``."""
    return "index.md" if url == "" else url.rstrip("/") + ".md"


def label(interview: Interview) -> str:
    """Short human name of an interview: date and outlet, occasion or kind."""
    meta = interview.main.metadata
    who = meta.outlet or meta.occasion or meta.kind
    return f"{meta.date or 'undated'}, {who}"


Markdown = str | bytes
"""A page's Markdown source: text, or the UTF-8 bytes of a page read back unchanged from the
cache (:class:`PageStore`, whole listings). Those pass on as bytes: a rebuild after an edit reads
back every page the edit left alone (about 100 KB an interview), and the build hook stores
bodies as bytes, so decoding them only for it to encode them again was 1 s of a rebuild at
5,000 interviews (under a profiler)."""


def text_of(page: Markdown) -> str:
    """The page's Markdown as text."""
    return page if isinstance(page, str) else page.decode("utf-8")


def by_id(corpus: Corpus) -> dict[str, Interview]:
    """Interviews by slug."""
    return {i.id: i for i in corpus.interviews}


class PageStore:
    """Rendered pages kept in the build's cache by a digest of exactly what each page shows,
    so a rebuild after an edit renders only the pages the edit touches.

    ``parts`` must name everything the page is made from; a source's :class:`Features` digest
    stands for the whole parsed source (and for what the features derive from it), and the
    cache folder is per code version, so templates and rules are covered."""

    def __init__(self, folder: Path | None) -> None:
        self.cache = ParseCache(folder) if folder is not None else None

    def page(self, kind: str, parts: object, make: Callable[[], str]) -> Markdown:
        """The page from the cache (as bytes), or made now (and kept)."""
        if self.cache is None:
            return make()
        key = "page-" + hashlib.sha256(repr((kind, parts)).encode()).hexdigest()
        hit = self.cache.get_bytes(key)
        if hit is not None:
            return hit
        text = make()
        # Encoded, not pickled: pickling a str makes CPython keep a UTF-8 copy inside it.
        self.cache.put_bytes(key, text.encode("utf-8"))
        return text


def around_parts(interview: Interview | None) -> tuple[str, str] | None:
    """What a link to a neighbouring or listed interview shows: its address and label."""
    return None if interview is None else (interview.url, label(interview))


def listed(interview: Interview) -> tuple[str, str, str, str]:
    """What an index page shows of an interview: id, address, title and label."""
    return (interview.id, interview.url, interview.main.metadata.title, label(interview))


def _interview_parts(
    interview: Interview, ids: Mapping[str, Interview], before: Interview | None,
    after: Interview | None,
) -> object:  # fmt: skip
    return (
        interview.id, interview.url, features.of(interview.main).digest,
        interview.missing_full_text, interview.topics, interview.people, interview.related,
        [(features.of(x.source).digest, x.role, x.containment, x.spans, x.unmatched)
         for x in interview.linked],
        [listed(ids[r.interview_id]) for r in interview.related],
        around_parts(before), around_parts(after),
        [(e, listed(ids[e.interview_id])) for e in interview.echoes],
    )  # fmt: skip


def render_site(corpus: Corpus) -> dict[str, str]:
    """Every generated page: docs-relative path -> Markdown source."""
    return {path: text_of(page) for path, page in render_pages(corpus)}


def render_pages(
    corpus: Corpus, each: Callable[[Interview], object] | None = None
) -> Iterator[tuple[str, Markdown]]:
    """Every generated page as (docs-relative path, Markdown source: text, or bytes when read
    back from the cache), one at a time, in :func:`render_site`'s order: a caller that stores
    or writes each page as it comes never holds them all (at 1,000 interviews, 250 MB of
    Markdown). ``each`` is called with every
    interview once its page is made, before its turns are given back: a caller that reads them
    too (the build hook: the headings of its table of contents) does not unpack them again."""
    # The corpus is millions of objects (see pipeline.py); it was frozen when it was built and
    # is still alive, so rendering it is not the start of a build that would collect first.
    with collector_paused(starts_build=False):
        yield from _render_pages(corpus, each)


def _render_pages(
    corpus: Corpus, each: Callable[[Interview], object] | None
) -> Iterator[tuple[str, Markdown]]:
    from build_tools.render_indexes import iter_index_pages
    from build_tools.render_interview import interview_page

    store = PageStore(corpus.cache_dir)
    yield from iter_index_pages(corpus, store)
    ids = by_id(corpus)
    for n, interview in enumerate(corpus.interviews):
        before = corpus.interviews[n - 1] if n else None
        after = corpus.interviews[n + 1] if n + 1 < len(corpus.interviews) else None
        page = store.page(
            "interview",
            _interview_parts(interview, ids, before, after),
            partial(interview_page, interview, ids, before, after),
        )
        if each is not None:
            each(interview)
        repack_interview(interview)  # its turns, unpickled for the page, go again
        yield page_path(interview.url), page
