"""The online site's search is Pagefind's: what one search costs the reader, where its results
lead, and that hostile transcript text in results stays text.

The site is the real one (``mkdocs build --strict``, which runs Pagefind in the hook) served
over HTTP; the hostile site is the markup part of ``tests/hostile_corpus.py`` built the same way.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

from build_tools.search_slices import index_site
from tests.browser.support import (
    PageEvents,
    mkdocs_build_lenient,
    page_url,
    scratch_project,
    serve,
    watch_context,
)
from tests.browser.test_search import (
    ITEM,
    META,
    best_link,
    interview_pages,
    item_for,
    open_search,
    phrase_of,
    search,
)
from tests.hostile_corpus import corpus, write
from tests.pagefind_bundle import canonical

pytestmark = pytest.mark.slow

# What "small" means: Material's own index online holds its settings and no page (it was
# 71 MB at 1,000 synthetic interviews); one search fetches Pagefind's script, WebAssembly,
# metadata, the index chunks of the query's words and a fragment per page shown.
MATERIAL_INDEX_MAX_BYTES = 2_000
ONE_SEARCH_MAX_BYTES = 1_000_000
# The elements and attributes Material's result list is made of (its JSX templates and ours).
RESULT_TAGS = {"li", "a", "article", "div", "h1", "h2", "mark", "details", "summary", "p", "del",
               "nav", "span"}  # fmt: skip
RESULT_ATTRIBUTES = {"href", "class", "tabindex", "data-md-score"}


@dataclass
class Fetched:
    """Every response of a page: URL and body size."""

    sizes: dict[str, int]

    def matching(self, pattern: str) -> dict[str, int]:
        return {u: n for u, n in self.sizes.items() if re.search(pattern, u)}


@pytest.fixture
def fetched(context: BrowserContext) -> Fetched:
    record = Fetched({})

    def on_response(response: Response) -> None:
        # The test server (SimpleHTTPRequestHandler) sends every file with its Content-Length.
        size = int(response.headers.get("content-length") or 0)
        record.sizes[response.url] = record.sizes.get(response.url, 0) + size

    context.on("response", on_response)
    return record


def test_the_online_site_ships_no_search_corpus(built_site: Path) -> None:
    """Material's index holds no page (the hook leaves every page out of it online); the
    Pagefind bundle is there and indexed every interview."""
    index = built_site / "search" / "search_index.json"
    assert index.stat().st_size < MATERIAL_INDEX_MAX_BYTES
    assert json.loads(index.read_text(encoding="utf-8"))["docs"] == []
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    fragments = list((built_site / "pagefind" / "fragment").iterdir())
    assert len(fragments) >= len(interview_pages(built_site))
    # Each paragraph's text is in a fragment once, as content (search_fragments.py): its anchor
    # keeps the id and position the worker links with; headings keep the titles Pagefind shows.
    anchors = [
        a for f in fragments for a in json.loads(gzip.decompress(f.read_bytes())[12:])["anchors"]
    ]
    paragraphs = [a for a in anchors if a["element"] == "p"]
    assert len(paragraphs) > 100 and all(a["id"] and a["text"] == "" for a in paragraphs)
    assert any(a["text"] for a in anchors if a["element"] == "h2")
    config = (built_site / "index.html").read_text(encoding="utf-8")
    assert '"search": "assets/search-pagefind.js"' in config


def test_one_search_fetches_little_and_links_to_the_paragraph(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents, fetched: Fetched
) -> None:
    """For a phrase from each interview, the search box lists that interview with a link to
    the paragraph that holds the phrase; what the page and the searches fetched is small, it
    came from Pagefind, and Material's index was no corpus."""
    open_search(page, base_url)
    misses = []
    for relative in interview_pages(built_site):
        phrase = phrase_of(built_site, relative)
        item = item_for(search(page, phrase.text, page_url(relative)), base_url, page_url(relative))
        link = best_link(item, phrase) if item is not None else None
        href = link.get_attribute("href") if link is not None else None
        if not href or not href.endswith("#" + phrase.paragraph):
            misses.append(f"{phrase.text!r}: {href} is not {page_url(relative)}#{phrase.paragraph}")
    assert not misses, "\n".join(misses)
    assert fetched.matching(r"/pagefind/fragment/"), "no result came from Pagefind"
    index = fetched.matching(r"search_index\.json")
    assert all(n < MATERIAL_INDEX_MAX_BYTES for n in index.values()), index
    page_events.assert_clean("Pagefind search")


def test_a_first_search_costs_under_a_megabyte(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents, fetched: Fetched
) -> None:
    """A fresh reader's first search (home page, one phrase): everything the search made the
    browser fetch, worker and Pagefind included, is under a megabyte."""
    relative = interview_pages(built_site)[-1]
    phrase = phrase_of(built_site, relative)
    open_search(page, base_url)
    search(page, phrase.text, page_url(relative))
    search_bytes = sum(fetched.matching(r"/pagefind/|search-pagefind\.js|search_index").values())
    assert 0 < search_bytes < ONE_SEARCH_MAX_BYTES, fetched.matching(r"/pagefind/")
    page_events.assert_clean("first search")


# --- hostile transcript text in the results ------------------------------------------------

# The payloads searched for: words of the markup files that a reader could type.
HOSTILE_QUERIES = ["alert", "script", "onerror", "javascript", "iframe", "config"]


@dataclass
class HostileSite:
    site: Path
    url: str


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSite]:
    """The hostile files that are shown as pages, in a scratch project built online (with
    Pagefind) and served."""
    base = tmp_path_factory.mktemp("hostile-search")
    project = scratch_project(base / "project", {})
    entries = [e for e in corpus(big=False) if e.expect == "page" and not e.symlink]
    write(project / "source_texts", entries, base / "outside")
    site, _ = mkdocs_build_lenient(project, base / "site")
    with serve(site) as url:
        yield HostileSite(site, url)


_RESULT_DOM = """() => [...document.querySelectorAll('.md-search-result__list *')].map(e => ({
    tag: e.tagName.toLowerCase(), attributes: e.getAttributeNames()}))"""


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_text_in_results_stays_text(
    hostile_site: HostileSite, context: BrowserContext, query: str
) -> None:
    """Searching the hostile site for a payload's words lists its pages; the result list holds
    only the elements and attributes Material's templates make, the payload shows as text,
    and nothing runs (no dialog, error or request elsewhere)."""
    events = watch_context(context, hostile_site.url)
    page = context.new_page()
    open_search(page, hostile_site.url)
    items = search(page, query)
    assert items, f"{query!r}: no result"
    expect(page.locator(META)).to_have_text(re.compile(r"matching document"))
    page.wait_for_timeout(200)  # anything a payload might have scheduled
    dom = page.evaluate(_RESULT_DOM)
    foreign = [d for d in dom if d["tag"] not in RESULT_TAGS
               or set(d["attributes"]) - RESULT_ATTRIBUTES]  # fmt: skip
    assert not foreign, f"{query!r}: elements Material never makes: {foreign[:5]}"
    text = " ".join(page.locator(ITEM).all_text_contents())
    assert query.lower() in text.lower(), f"{query!r} is not shown as text: {text[:300]}"
    if query == "script":
        assert "<script>" in text, "the <script> payload is not shown as text"
    if query == "alert":  # entities.txt: "&lt;script&gt;" in a source is text, not a tag
        assert "&lt;script&gt;alert(7)" in text, "an entity in a transcript was decoded"
    events.assert_clean(f"hostile search {query!r}")


def test_the_merged_index_finds_what_one_pagefind_run_finds(
    built_site: Path, tmp_path: Path
) -> None:
    """The session's site is indexed in slices of 40 pages and merged (conftest.py); one
    Pagefind run over the same pages must find the same words on the same pages."""
    merged = canonical(built_site / "pagefind")
    (language,) = merged
    assert merged[language][3] > 80, "too few pages to have needed several slices"
    pages = []
    for url, _, _ in merged[language][0]:
        path = url.strip("/") + "/index.html" if url != "/" else "index.html"
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        os.link(built_site / path, tmp_path / path)
        pages.append(path)
    report = index_site(tmp_path, pages, language, slice_pages=len(pages))
    assert report.slices == 1
    assert canonical(tmp_path / "pagefind") == merged
