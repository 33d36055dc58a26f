"""Open Graph and JSON-LD (build_tools/share.py) in the built site: on every interview page,
valid and naming the page's own facts; on no other page; not in the offline bundle (which has
no published address to give).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from build_tools.model import Corpus
from build_tools.share import shared_pages
from tests.browser.support import PageEvents, html_pages, is_interview_page, soup_of

pytestmark = pytest.mark.slow

PUBLISHED = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when SITE_URL is not set
OG_REQUIRED = ["og:type", "og:title", "og:description", "og:url", "og:site_name",
               "article:published_time"]  # fmt: skip


def og(soup: BeautifulSoup) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for meta in soup.select("head meta[property]"):
        out.setdefault(str(meta["property"]), []).append(str(meta.get("content", "")))
    return out


def json_ld(soup: BeautifulSoup) -> list[Any]:
    return [json.loads(s.get_text()) for s in soup.select('script[type="application/ld+json"]')]


def test_every_interview_page_shares_its_own_facts(built_site: Path, seed_corpus: Corpus) -> None:
    shared = shared_pages(seed_corpus)
    pages = [p for p in html_pages(built_site) if is_interview_page(p)]
    assert len(pages) == len(seed_corpus.interviews) == len(shared)
    for relative in pages:
        soup = soup_of(built_site / relative)
        facts = shared[relative.removesuffix("/index.html") + ".md"]
        url = PUBLISHED + facts.url
        tags = og(soup)
        assert all(len(tags.get(k, [])) == 1 for k in OG_REQUIRED), (relative, tags)
        assert tags["og:type"] == ["article"]
        assert tags["og:title"] == [facts.title]
        assert tags["og:url"] == [url]
        assert tags["og:site_name"] == ["Transcript archive"]
        assert tags["article:published_time"] == [facts.date]
        canonical = soup.select_one('link[rel="canonical"]')
        assert canonical is not None and canonical["href"] == url
        (record,) = json_ld(soup)
        assert record["@context"] == "https://schema.org" and record["@type"] == "Article"
        assert record["url"] == url and record["headline"] == facts.title
        h1 = soup.select_one("article h1")
        assert h1 is not None and " ".join(h1.get_text().split()) == facts.title
        assert record["datePublished"] == facts.date
        assert record["author"] == {"@type": "Person", "name": "Sergey Lavrov"}
        assert record["isPartOf"]["url"] == PUBLISHED
        assert [t["name"] for t in record["about"]] == list(facts.topics[:10])
        assert ("publisher" in record) == bool(facts.outlet), relative
        meta = soup.select_one('meta[name="ta-archive-url"]')
        assert meta is not None and meta["content"] == PUBLISHED


def test_no_other_page_claims_to_be_an_article(built_site: Path) -> None:
    for relative in html_pages(built_site):
        if is_interview_page(relative):
            continue
        soup = soup_of(built_site / relative)
        assert not og(soup), relative
        assert not json_ld(soup), relative


def test_the_offline_bundle_shares_nothing_it_cannot_address(offline_site: Path) -> None:
    pages = [p for p in html_pages(offline_site) if is_interview_page(p)]
    assert pages
    for relative in pages:
        soup = soup_of(offline_site / relative)
        assert not og(soup) and not json_ld(soup), relative
        # Built without ARCHIVE_URL: citations say they come from an offline copy (cite.js).
        assert soup.select_one('meta[name="ta-archive-url"]') is None, relative


def test_chromium_reads_the_json_ld_as_the_page_shows_it(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents
) -> None:
    relative = next(p for p in html_pages(built_site) if is_interview_page(p))
    page.goto(base_url + relative.removesuffix("index.html"), wait_until="networkidle")
    record = page.evaluate(
        "() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]')"
        ".textContent)"
    )
    assert record["headline"] == page.locator("article h1").inner_text()
    assert record == json_ld(soup_of(built_site / relative))[0]
    page_events.assert_clean("json-ld")
