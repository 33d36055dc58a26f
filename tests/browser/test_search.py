"""The online site's search box, driven from the home page in Chromium: Material's own search
box and result list, answered by Pagefind through docs/assets/search-pagefind.js (a worker that
speaks Material's protocol). The offline bundle keeps Material's lunr search (test_offline.py
drives it with the helpers here).

Expectations are computed from the built HTML itself (the text a reader sees), so they follow
the corpus and the page layout as they change.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import (
    PageEvents,
    article_text,
    html_pages,
    is_interview_page,
    page_url,
    soup_of,
)

pytestmark = pytest.mark.slow

SEARCH_BOX = 'input[data-md-component="search-query"]'
ITEM = "li.md-search-result__item"  # one per page; its links: the page, then its sections
META = ".md-search-result__meta"
READY = "Type to start searching"  # Material's placeholder once the index is loaded
PEOPLE = ["Antony Blinken", "Emmanuel Macron", "Alexander Lukashenko"]
_WORD = re.compile(r"[\w’'.]+")


def words(text: str) -> list[str]:
    """Text split as a reader types it: words without surrounding punctuation."""
    return [w.strip(".’'") for w in _WORD.findall(text) if w.strip(".’'")]


def interview_pages(site: Path) -> list[str]:
    return [p for p in html_pages(site) if is_interview_page(p)]


@dataclass(frozen=True)
class Phrase:
    """Five words copied from an interview paragraph, as a reader would search for them."""

    text: str
    rare: frozenset[str]  # its words (lowercase) found on no other interview page
    paragraph: str  # the id of the paragraph that holds it
    section: str | None  # the id of the heading the paragraph falls under, if any


def phrase_of(site: Path, relative: str, start: int = 2) -> Phrase:
    """From paragraph ``start`` (0-based) of an interview on, the first five consecutive words
    from the 6th word on of which two or more (of 4+ letters) occur on no other interview page."""
    others: set[str] = set()
    for other in interview_pages(site):
        if other != relative:
            others |= {w.lower() for w in words(article_text(site / other))}
    for paragraph in soup_of(site / relative).select("p.ta-p")[start:]:
        text = words(paragraph.get_text(" "))
        for i in range(5, len(text) - 4):
            window = text[i : i + 5]
            rare = {w.lower() for w in window if len(w) >= 4 and w.lower() not in others}
            if len(rare) >= 2:
                heading = paragraph.find_previous(["h2", "h3", "h4", "h5", "h6"], id=True)
                section = str(heading["id"]) if heading else None
                return Phrase(" ".join(window), frozenset(rare), str(paragraph["id"]), section)
    raise AssertionError(f"{relative}: no distinctive five words from paragraph {start + 1} on")


def open_search(page: Page, base_url: str) -> None:
    """The home page, with the search index loaded and the search box focused."""
    page.goto(base_url, wait_until="load")
    page.locator(SEARCH_BOX).click()
    expect(page.locator(META)).to_have_text(READY, timeout=30_000)


def search(page: Page, query: str, until: str | None = None) -> list[Locator]:
    """Type ``query`` into the search box; the result items (one per page), best first: all of
    them, or, with ``until`` (a site-relative page URL), those down to that page's.

    Material searches on keyup; ``fill`` fires none, so the box is cleared and all but the
    last character filled silently, then the last one is typed: one search, no stale results.
    Material shows 10 results, then 4 more each time the list is scrolled to its end.
    """
    box, meta = page.locator(SEARCH_BOX), page.locator(META)
    box.fill("")
    box.press("Backspace")
    expect(meta).to_have_text(READY)
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    expect(meta).to_have_text(re.compile(r"matching document"))
    total = re.match(r"(\d+)", meta.inner_text())
    expected = int(total.group(1)) if total else 0
    items, wrap = page.locator(ITEM), page.locator(".md-search__scrollwrap")
    base_url = page.url.split("?")[0].split("#")[0]
    for _ in range(expected):
        shown = items.all()
        if len(shown) >= expected or (until and item_for(shown, base_url, until) is not None):
            return shown
        wrap.evaluate("e => { e.scrollTop = 0; }")
        page.wait_for_timeout(50)
        wrap.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        page.wait_for_timeout(100)
    assert items.count() == expected, f"{query!r}: {items.count()} of {expected} results shown"
    return items.all()


def result_pages(page: Page, query: str) -> list[str]:
    """Type ``query``; the pages of the results shown first, best first, as absolute URLs with
    no query or fragment (one per result item: its first link is the page). The box is
    emptied first and the placeholder awaited, so the previous query's results, still on
    screen, are never read as this one's."""
    box = page.locator(SEARCH_BOX)
    box.fill("")
    box.press("Backspace")
    expect(page.locator(META)).to_have_text(READY)
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    expect(page.locator(META)).to_have_text(re.compile(r"matching document"))
    hrefs: list[str] = page.locator(f"{ITEM} a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href.split('?')[0].split('#')[0])"
    )
    return list(dict.fromkeys(hrefs))


def site_path(base_url: str, href: str | None) -> str:
    """A result link as a site-relative page URL (query and fragment dropped)."""
    return urlsplit(href or "").path.removeprefix(urlsplit(base_url).path)


def item_for(items: list[Locator], base_url: str, target: str) -> Locator | None:
    """The result item that links to page ``target`` (site-relative URL)."""
    for item in items:
        href = item.locator("a.md-search-result__link").first.get_attribute("href")
        if site_path(base_url, href) == target:
            return item
    return None


def marked_words(element: Locator) -> set[str]:
    """The words highlighted (``mark``) inside an element, lowercase, without punctuation."""
    marks = element.locator("mark").all_text_contents()
    return {w.lower() for mark in marks for w in words(mark)}


def highlighted_terms(link: Locator) -> set[str]:
    """The words a result link carries in ``?h=``: what matched in that page or section, and
    what Material highlights on the page it opens."""
    query = parse_qs(urlsplit(link.get_attribute("href") or "").query)
    return {w.lower() for value in query.get("h", []) for w in words(value)}


def best_link(item: Locator, phrase: Phrase) -> Locator | None:
    """The link of a result item that matched all the phrase's rare words, preferring the one
    for the paragraph itself, then the one for its section; None when no link matched them."""
    links = [a for a in item.locator("a.md-search-result__link").all()
             if phrase.rare <= highlighted_terms(a)]  # fmt: skip
    for anchor in (phrase.paragraph, phrase.section):
        for link in links:
            if anchor and (link.get_attribute("href") or "").endswith("#" + anchor):
                return link
    return links[0] if links else None


@functools.cache
def indexed_text(path: Path) -> str:
    """A page's article text without what the theme keeps out of the search index
    (``data-search-exclude``: metadata, chips, locator snippets, related links) and what
    Pagefind is told to leave out (``data-pagefind-ignore``: a listing's entries after its
    opening, a listing's continuation parts)."""
    article = soup_of(path).select_one("article")
    if article is None:
        return ""
    for excluded in article.select("[data-search-exclude], [data-pagefind-ignore]"):
        excluded.decompose()
    return " ".join(article.get_text(" ").split())


def test_a_phrase_finds_its_interview(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents
) -> None:
    """For every interview page, five words of its third paragraph (or a later one; two of
    them found on no other interview page), typed into the search box on the home page, list
    that interview, with a link (page or section) that matched the phrase's distinctive words."""
    open_search(page, base_url)
    misses = []
    for relative in interview_pages(built_site):
        phrase = phrase_of(built_site, relative)
        item = item_for(search(page, phrase.text, page_url(relative)), base_url, page_url(relative))
        if item is None:
            misses.append(f"{phrase.text!r}: no result links to {page_url(relative)}")
        elif best_link(item, phrase) is None:
            misses.append(f"{phrase.text!r}: no link to {page_url(relative)} matched {phrase.rare}")
    assert not misses, "\n".join(misses)
    page_events.assert_clean("search")


def test_a_phrase_ranks_its_interview_first(built_site: Path, base_url: str, page: Page) -> None:
    """What a reader expects: the interview a phrase was copied from is the first result, or
    at least the first interview among the results. (Material's lunr search failed this: it
    turns every query word into a prefix, the -> the*, and weighs title matches 1000x; Pagefind
    ranks by the words themselves.)"""
    open_search(page, base_url)
    misses = []
    for relative in interview_pages(built_site):
        phrase = phrase_of(built_site, relative)
        found = [
            site_path(base_url, i.locator("a").first.get_attribute("href"))
            for i in search(page, phrase.text, page_url(relative))
        ]
        ranked = [p for p in found if p.startswith("interviews/")]
        if not ranked or ranked[0] != page_url(relative):
            misses.append(f"{phrase.text!r}: expected {page_url(relative)}, got {ranked}")
    assert not misses, "\n".join(misses)


@pytest.mark.parametrize("name", PEOPLE)
def test_a_name_finds_every_page_that_mentions_the_person(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents, name: str
) -> None:
    """A person's full name typed into the search finds every page whose indexed text (the
    article without ``data-search-exclude`` parts) mentions their surname (``E. Macron`` and
    ``President Macron`` included), and only pages whose text has the first name or surname."""
    first, surname = name.split()[0], name.split()[-1]
    texts = {page_url(p): indexed_text(built_site / p) for p in html_pages(built_site)}
    expected = {url for url, text in texts.items() if re.search(rf"\b{surname}\b", text)}
    assert expected, f"no page mentions {surname}: the check would prove nothing"
    either = re.compile(rf"\b({first}|{surname})", re.IGNORECASE)
    open_search(page, base_url)
    items = search(page, name)
    found = {site_path(base_url, i.locator("a").first.get_attribute("href")) for i in items}
    assert expected <= found, f"{name}: missing {sorted(expected - found)}"
    full = {page_url(p): article_text(built_site / p) for p in html_pages(built_site)}
    stray = {url for url in found if not either.search(full.get(url, ""))}
    assert not stray, f"{name}: results without the name: {sorted(stray)}"
    page_events.assert_clean(f"search {name}")


def test_clicking_a_result_opens_the_interview_where_the_phrase_is(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents
) -> None:
    """Clicking the result that highlights a phrase from the second half of an interview opens
    that interview (with ``?h=`` highlighting, ``search.highlight``) at the paragraph that
    holds the phrase (the worker maps Pagefind's match to the paragraph's id), and
    docs/assets/archive.js marks it: it is in view, marked as found, with the phrase's
    distinctive words highlighted."""
    relative = interview_pages(built_site)[0]
    half = len(soup_of(built_site / relative).select("p.ta-p")) // 2
    phrase = phrase_of(built_site, relative, start=half)
    open_search(page, base_url)
    item = item_for(search(page, phrase.text, page_url(relative)), base_url, page_url(relative))
    assert item is not None, f"no result for {phrase.text!r}"
    link = best_link(item, phrase)
    assert link is not None, f"no result link matched {phrase.rare}"
    if not link.is_visible():  # a section listed under "N more on this page"
        item.locator("summary").click()
    link.click()
    page.wait_for_url(re.compile(re.escape(base_url + page_url(relative))))
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    assert url.path.endswith("/" + page_url(relative))
    assert url.fragment == phrase.paragraph, f"landed at #{url.fragment}"
    paragraph = page.locator(f"[id='{phrase.paragraph}']")
    expect(paragraph).to_contain_text(phrase.text.split()[0])
    assert phrase.rare <= marked_words(paragraph), "the phrase is not highlighted"
    expect(paragraph).to_have_class(re.compile(r"\bta-found\b"))
    expect(paragraph).to_be_in_viewport()
    page_events.assert_clean("clicked result")
