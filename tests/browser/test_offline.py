"""The offline bundle as a reader uses it: unzipped, opened as ``file://.../index.html`` in
Chromium with the network switched off (and every non-file request aborted, to be sure).

Every request the pages make is recorded; any one outside ``file://`` (or a failed file
request, a console error, an uncaught exception) fails the test that caused it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, expect

from tests.browser.support import ROOT, VIEWPORT, PageEvents, is_interview_page, watch_context
from tests.browser.test_search import META, READY, SEARCH_BOX, phrase_of, result_pages

pytestmark = pytest.mark.slow

SHOTS = ROOT / "build" / "screenshots"
FILE_ORIGIN = "file:///"
_NOT_FILE = re.compile(r"^(?!file:|data:|blob:|about:)")


@pytest.fixture
def offline_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORT, offline=True)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)

    def refuse(route: Route) -> None:
        route.abort("internetdisconnected")

    context.route(_NOT_FILE, refuse)
    yield context
    context.close()


@pytest.fixture
def requests(offline_context: BrowserContext) -> list[str]:
    """Every URL any page of the context requested, in order."""
    seen: list[str] = []

    def record(request: Request) -> None:
        seen.append(request.url)

    offline_context.on("request", record)
    return seen


@pytest.fixture
def events(offline_context: BrowserContext) -> PageEvents:
    return watch_context(offline_context, FILE_ORIGIN)


@pytest.fixture
def page(offline_context: BrowserContext, events: PageEvents, requests: list[str]) -> Page:
    return offline_context.new_page()


def home(site: Path) -> str:
    return (site / "index.html").as_uri()


def settle(page: Page) -> None:
    """Wait until the page has no request in flight: leaving a page earlier aborts its
    requests, which would be recorded as failures of that page."""
    page.wait_for_load_state("networkidle")


def test_home_page_renders_with_its_styles(
    offline_site: Path, page: Page, events: PageEvents, requests: list[str]
) -> None:
    page.goto(home(offline_site), wait_until="load")
    expect(page.locator("h1.ta-title")).to_be_visible()
    header = page.locator("header.md-header")
    background = header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "transparent"}, "the theme's CSS did not load"
    # (cssRules cannot be read under file://: every file is its own origin; styles can.)
    sidebar = page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).position")
    assert sidebar == "sticky", "Material's layout CSS did not apply"
    assert any(u.endswith(".css") for u in requests) and all(
        u.startswith("file:") for u in requests
    )
    events.assert_clean("home page, offline")


def test_navigation_and_paragraph_anchors_work(
    offline_site: Path, page: Page, events: PageEvents
) -> None:
    page.goto(home(offline_site), wait_until="load")
    settle(page)
    # The sidebar navigation: Topics opens the topics overview.
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Topics").first.click()
    expect(page).to_have_url(re.compile(r"/topics/index\.html$"))
    expect(page.locator("h1")).to_have_text("Topics")
    settle(page)
    # A topic page lists paragraphs; each opens the interview at that paragraph.
    page.locator("table.ta-table a").first.click()
    expect(page).to_have_url(re.compile(r"/topics/[\w-]+\.html$"))
    settle(page)
    link = page.locator('a[href*="#p-"]').first
    pid = (link.get_attribute("href") or "").rsplit("#", 1)[1]
    link.click()
    expect(page).to_have_url(re.compile(rf"/interviews/[\w-]+\.html#{pid}$"))
    settle(page)
    target = page.locator(f"#{pid}")
    expect(target).to_be_in_viewport()
    assert target.evaluate("e => e.matches(':target')")
    # The paragraph's own permalink points at itself.
    target.hover()
    target.locator("a.ta-permalink").click()
    expect(page).to_have_url(re.compile(rf"#{pid}$"))
    # Previous / next by date lead to other interview pages.
    page.locator("a.ta-prev, a.ta-next").first.click()
    expect(page).to_have_url(re.compile(r"/interviews/[\w-]+\.html$"))
    events.assert_clean("navigation, offline")


def test_search_finds_a_phrase_from_each_interview(
    offline_site: Path, page: Page, events: PageEvents, requests: list[str]
) -> None:
    page.goto(home(offline_site), wait_until="load")
    page.locator(SEARCH_BOX).click()
    expect(page.locator(META)).to_have_text(READY, timeout=30_000)
    interviews = sorted(p.relative_to(offline_site).as_posix()
                        for p in (offline_site / "interviews").glob("*.html")
                        if is_interview_page(p.relative_to(offline_site).as_posix()))  # fmt: skip
    assert len(interviews) >= 4
    for relative in interviews:
        phrase = phrase_of(offline_site, relative)
        pages = result_pages(page, phrase.text)
        assert (offline_site / relative).as_uri() in pages, (phrase.text, pages[:5])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "offline-search.png", animations="disabled")
    assert any(u.startswith("file:") and u.endswith("search_index.js") for u in requests)
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), [
        u for u in requests if not u.startswith("file:")
    ]
    events.assert_clean("search, offline")
