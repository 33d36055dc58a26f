"""What each kind of build puts in its search index; pure helpers the MkDocs hook applies.

Online (``make site``), Pagefind indexes the built pages after MkDocs has written them and the
browser fetches only the few index chunks and page fragments one query needs. Material's own
(lunr) index, which the browser downloads whole and builds at page load, is left empty there.

Offline (``make offline``), Pagefind cannot run (it fetches its index, and a page opened from
``file://`` may not), so Material's lunr search stays. Its index is built in the browser at
every page load, at roughly half a second per megabyte, so its size is what the first result
waits for: the interviews' text in it is held to a budget for the whole archive
(full text while the archive is small; the opening questions and answers of each interview
when it is big). Titles are always indexed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Pagefind's settings, as data. The root is Material's article (the page's own content: title,
# question headings, paragraphs); everything the theme already keeps out of Material's search
# (``data-search-exclude``: metadata, chips, paragraph permalinks, related links), the hidden
# tag list and heading permalinks stay out of Pagefind's too.
PAGEFIND: dict[str, str | list[str]] = {
    "root_selector": "article.md-content__inner",
    "exclude_selectors": ["[data-search-exclude]", "nav.md-tags", "a.headerlink"],
}

OFFLINE_TEXT_BUDGET = 1_000_000
"""Characters of interview text (question headings and paragraphs) the offline index holds
over the whole archive. Measured with the synthetic archive (``python -m bench``): at 1,000
interviews the full text made a 71 MB index and the first result came 38 s after page load;
with every question heading kept but the paragraphs cut to ~550 characters an interview, the
headings alone (20,000 sections) were 3 of the index's 4 MB and the first result came after
1.9-3.7 s on a loaded machine. See README.md, "Search"."""


OFFLINE_EXCLUDED_ELEMENTS: dict[str, str] = {
    '<p class="ta-speaker"': "speaker labels: 'Question' and the speaker's name in every "
    "section added ~0.6 MB at 1,000 interviews and find nothing a title does not",
}
"""Opening tags (as the renderer writes them) of elements left out of the offline index."""

OFFLINE_MIN_PER_INTERVIEW = 400
"""Every interview keeps at least this much of its opening text in the offline index, however
big the archive: its first answer is what its title and headings do not say."""


LISTINGS: tuple[str, ...] = ("topics/", "people/", "chronology.md", "outlets.md", "tags.md")
"""Pages (source paths, by prefix) that list interviews, with snippets of their text, under a
heading each."""

OFFLINE_OPENING_ONLY: tuple[str, ...] = (*LISTINGS, "method.md")
"""Pages of which only the opening section (title and introduction) is in the offline index:
the listings and the method page, whose log lists every text. At 1,000 interviews their sections
were 76,000 of the index's 98,000 entries and most of its 31 MB, and their headings repeat
interview titles that the index holds anyway."""


def pagefind_command(site_dir: Path | str, language: str, output: Path | str) -> list[str]:
    """The command that indexes the pages under ``site_dir`` with the Pagefind of this
    interpreter, writing the index to ``output``.

    ``--force-language``: pages in another language than the site's (``<html lang>``) would
    otherwise go to separate indexes, and the search worker, which has no document to read a
    language from, would query only one of them.
    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    command += ["--output-path", str(output)]
    command += ["--root-selector", str(PAGEFIND["root_selector"])]
    for selector in PAGEFIND["exclude_selectors"]:
        command += ["--exclude-selectors", selector]
    return [*command, "--force-language", language, "--quiet"]


def offline_share(interviews: int) -> int:
    """Characters of paragraph text each interview may put in the offline index."""
    return max(OFFLINE_MIN_PER_INTERVIEW, OFFLINE_TEXT_BUDGET // max(interviews, 1))


# A question heading or a paragraph of an interview page, as the renderer writes them: the
# element opens with its id, and its text is escaped (no tag inside it but the permalink).
_BLOCK = re.compile(r'<(h[2-6]|p) id="([^"]+)"([^>]*)>(.*?)</\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def within_share(html: str, share: int) -> str:
    """An interview page with its headings and paragraphs past its share of the offline budget
    marked ``data-search-exclude``, in page order: the opening ones are indexed while their text
    fits, then none. A heading left out takes its whole section out of Material's index. Nothing
    is cut: a phrase found is on the page. The first one is always indexed."""
    used, first = 0, True

    def mark(m: re.Match[str]) -> str:
        nonlocal used, first
        used += len(_TAG.sub("", m[4]))
        keep, first = first or used <= share, False
        if keep:
            return m[0]
        return f'<{m[1]} id="{m[2]}" data-search-exclude{m[3]}>{m[4]}</{m[1]}>'

    return _BLOCK.sub(mark, html)


def opening_only(src_uri: str) -> bool:
    """True for a page whose sections stay out of the offline index (OFFLINE_OPENING_ONLY)."""
    return src_uri.startswith(OFFLINE_OPENING_ONLY)


PAGEFIND_OPENING_ONLY: tuple[str, ...] = LISTINGS
"""Pages (source paths, by prefix) of which Pagefind indexes only the opening (title and
introduction, up to the first section heading). Their sections list interviews with snippets of
their text, which Pagefind indexes anyway on the interviews' own pages: at 1,000 interviews the
listings were 2,000 of Pagefind's 2,950 pages, a quarter of its time and of its memory, and
their results only stood between a reader and the interview. The method page is indexed whole:
its sections explain the rules. Continuation parts of any listing (``search: exclude`` in their
front matter, render_parts.py) are not indexed at all."""

# The opening tag of an element that holds text, as the renderer and Markdown write them.
_BLOCK_TAG = re.compile(
    r"<(h[1-6]|p|ul|ol|li|dl|table|div|section|blockquote|details|nav)(?=[\s>])"
)


def pagefind_opening_only(src_uri: str) -> bool:
    """True for a page of which Pagefind indexes only the opening (PAGEFIND_OPENING_ONLY)."""
    return src_uri.startswith(PAGEFIND_OPENING_ONLY)


def pagefind_ignore(html: str, start: int = 0) -> str:
    """``html`` (a page's content) with every text-holding element from ``start`` on marked
    ``data-pagefind-ignore``, so Pagefind leaves its text out. Marking each element, rather than
    wrapping the rest of the page in one, keeps the markup well formed however it nests; text is
    escaped HTML, so the pattern cannot match inside it. A page marked from its start has no
    content left and Pagefind leaves it out."""
    return html[:start] + _BLOCK_TAG.sub(r"<\1 data-pagefind-ignore", html[start:])


def pagefind_opening(html: str) -> str:
    """``html`` with everything from its first section heading (``<h2``) on left out of
    Pagefind's index (the whole page stays indexed when it has no section)."""
    first = html.find("<h2")
    return html if first < 0 else pagefind_ignore(html, first)


def exclude_sections(html: str) -> str:
    """Mark every heading with an id below the page title ``data-search-exclude``: Material's
    search leaves out the section the heading opens. Text is escaped HTML, so the pattern
    cannot match inside it."""
    return re.sub(r"<(h[2-6]) id=", r"<\1 data-search-exclude id=", html)


def exclude_elements(html: str) -> str:
    """Mark the elements of OFFLINE_EXCLUDED_ELEMENTS ``data-search-exclude``."""
    for opening in OFFLINE_EXCLUDED_ELEMENTS:
        html = html.replace(opening, opening[:2] + " data-search-exclude" + opening[2:])
    return html


def slim_index(text: str) -> str:
    """Material's search index (``search_index.json``) without the page's tags repeated on each
    of its sections: the page's own entry keeps them, and at 1,000 interviews the copies were
    nearly half the offline index."""
    index = json.loads(text)
    for doc in index.get("docs", []):
        if "#" in doc.get("location", ""):
            doc.pop("tags", None)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
