"""Screenshots of the site as a reader sees it (1280x900), for a human to look at.

Saved to ``build/screenshots/`` (git-ignored): ``interview.png``, ``topic.png`` and
``search.png``. Each test also asserts the page is the right one, so an empty or error page
is never saved as a "good" screenshot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import ROOT, PageEvents, html_pages, is_interview_page, page_url

pytestmark = pytest.mark.slow

SHOTS = ROOT / "build" / "screenshots"


def _shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=path, animations="disabled")  # no half-finished transitions
    assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    return path


def test_screenshot_of_an_interview(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents
) -> None:
    """The first interview page renders its title, metadata and first turn in the viewport."""
    relative = next(p for p in html_pages(built_site) if is_interview_page(p))
    page.goto(base_url + page_url(relative), wait_until="networkidle")
    expect(page.locator("h1.ta-title")).to_be_in_viewport()
    _shot(page, "interview.png")
    page_events.assert_clean(relative)


def test_screenshot_of_a_topic(
    built_site: Path, base_url: str, page: Page, page_events: PageEvents
) -> None:
    """The first topic page (``topics/<topic-id>/``) renders with a heading in view."""
    topics = [p for p in html_pages(built_site) if p.startswith("topics/") and p.count("/") == 2]
    if not topics:
        pytest.skip("no topic page (topics/<topic-id>/index.html) in this build yet")
    page.goto(base_url + page_url(topics[0]), wait_until="networkidle")
    expect(page.locator("article h1").first).to_be_in_viewport()
    _shot(page, "topic.png")
    page_events.assert_clean(topics[0])


def test_screenshot_of_search_results(base_url: str, page: Page, page_events: PageEvents) -> None:
    """A search for a name shows a list of results, captured as the reader sees it."""
    page.goto(base_url, wait_until="networkidle")
    box = page.locator('input[data-md-component="search-query"]')
    box.click()
    box.fill("Lukashenk")
    box.press_sequentially("o")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    _shot(page, "search.png")
    page_events.assert_clean("search")
