"""The "All interviews" page's filters in Chromium (render_facets.py, docs/assets/facets.js):
choosing a year, kind, outlet, topic or person narrows the list to exactly the interviews that
have it; the choice is in the address, and a reload or a shared link shows the same list; it
works the same from the offline bundle under file://.

What each filter must leave is computed from the pipeline (the corpus), not read from the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from build_tools.model import Corpus, Interview
from tests.browser.support import VIEWPORT, PageEvents, watch_context

pytestmark = pytest.mark.slow


def shown(page: Page) -> list[str]:
    """Ids of the interviews the list shows (rendered, not only unhidden), in order."""
    hrefs = page.locator(".ta-facet-list > li a").evaluate_all(
        "links => links.filter(a => a.checkVisibility()).map(a => a.getAttribute('href'))"
    )
    return [re.sub(r"(\.html|/)$", "", h).rsplit("/", 1)[-1] for h in hrefs]


def newest_first(interviews: list[Interview]) -> list[str]:
    ordered = sorted(interviews, key=lambda i: i.main.metadata.date or "", reverse=True)
    return [i.id for i in ordered]


def some_topic(corpus: Corpus) -> str:
    """A topic some interviews have and others do not (so the filter must narrow)."""
    counts: dict[str, int] = {}
    for i in corpus.interviews:
        for t in i.topics:
            counts[t] = counts.get(t, 0) + 1
    return min((t for t, n in counts.items() if 1 < n < len(corpus.interviews)), key=str)


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def forgive_favicon(events: PageEvents) -> None:
    """Chromium fetches the favicon on its own, late, and the reload can abort that fetch. It
    is the browser's request, not the page's: only that one failure is forgiven."""
    events.failed_requests[:] = [
        x for x in events.failed_requests
        if not ("/assets/images/favicon.png" in x and "ERR_ABORTED" in x)
    ]  # fmt: skip


def check_filters(page: Page, corpus: Corpus, start: str) -> None:
    everyone = list(corpus.interviews)
    total = len(everyone)
    page.goto(start, wait_until="networkidle")
    expect(page.locator("form.ta-facets")).to_be_visible()
    assert shown(page) == newest_first(everyone)
    status = page.get_by_role("status").filter(has_text="interviews")
    expect(status).to_have_text(f"{total} of {total} interviews")

    # A year.
    page.get_by_label("Year").select_option("2021")
    want = newest_first([i for i in everyone if (i.main.metadata.date or "").startswith("2021")])
    assert want and len(want) < total
    assert shown(page) == want
    expect(status).to_have_text(f"{len(want)} of {total} interviews")
    assert query(page) == {"year": ["2021"]}

    # Kind and topic together (the year back to any).
    page.get_by_label("Year").select_option("")
    topic = some_topic(corpus)
    page.get_by_label("Kind").select_option("interview")
    page.get_by_label("Topic").select_option(topic)
    want = newest_first(
        [i for i in everyone if i.main.metadata.kind == "interview" and topic in i.topics]
    )
    assert want and len(want) < total
    assert shown(page) == want
    assert query(page) == {"kind": ["interview"], "topic": [topic]}

    # A reload keeps the filter and the list.
    page.reload(wait_until="networkidle")
    expect(page.get_by_label("Topic")).to_have_value(topic)
    expect(page.get_by_label("Kind")).to_have_value("interview")
    assert shown(page) == want
    expect(status).to_have_text(f"{len(want)} of {total} interviews")

    # A person, and an outlet; then "Show all".
    page.get_by_role("button", name="Show all").click()
    expect(status).to_have_text(f"{total} of {total} interviews")
    assert query(page) == {}
    person = next(p for i in everyone for p in i.people if p not in everyone[0].people)
    page.get_by_label("Person").select_option(person)
    assert shown(page) == newest_first([i for i in everyone if person in i.people])
    outlet = next(i for i in everyone if i.main.metadata.outlet)
    page.get_by_label("Person").select_option("")
    option = page.get_by_label("Outlet or occasion").locator(
        "option", has_text=outlet.main.metadata.outlet or ""
    )
    page.get_by_label("Outlet or occasion").select_option(option.first.get_attribute("value"))
    assert shown(page) == [outlet.id]


def test_filters_narrow_the_list_and_survive_a_reload(
    seed_corpus: Corpus, base_url: str, page: Page, page_events: PageEvents
) -> None:
    check_filters(page, seed_corpus, base_url + "interviews/")
    forgive_favicon(page_events)
    page_events.assert_clean("filters")


def test_a_shared_filtered_address_opens_the_filtered_list(
    seed_corpus: Corpus, base_url: str, page: Page, page_events: PageEvents
) -> None:
    topic = some_topic(seed_corpus)
    page.goto(f"{base_url}interviews/?topic={topic}&year=nonsense", wait_until="networkidle")
    # An unknown value (an old link) means "any", not an empty list.
    expect(page.get_by_label("Year")).to_have_value("")
    assert shown(page) == newest_first([i for i in seed_corpus.interviews if topic in i.topics])
    page_events.assert_clean("shared address")


def test_all_interviews_opens_the_interviews_section_of_the_navigation(
    base_url: str, page: Page
) -> None:
    page.goto(base_url, wait_until="load")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Interviews").first.click()
    expect(page).to_have_url(re.compile(r"/interviews/$"))
    expect(page.locator("h1")).to_have_text("All interviews")


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[tuple[Page, PageEvents]]:
    context = browser.new_context(viewport=VIEWPORT, offline=True)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    events = watch_context(context, "file:///")
    yield context.new_page(), events
    context.close()


def test_filters_work_offline_under_file_urls(
    seed_corpus: Corpus, offline_site: Path, offline_page: tuple[Page, PageEvents]
) -> None:
    page, events = offline_page
    check_filters(page, seed_corpus, (offline_site / "interviews" / "index.html").as_uri())
    forgive_favicon(events)
    events.assert_clean("filters, offline")


def test_without_javascript_the_whole_list_shows_and_no_dead_controls(
    browser: Browser, base_url: str, seed_corpus: Corpus
) -> None:
    """With scripts off, the filters (and an interview's Copy citation) would do nothing:
    they stay hidden, and the list is the whole archive."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(f"{base_url}interviews/?year=2021", wait_until="load")
        expect(page.locator("form.ta-facets")).to_be_hidden()
        assert len(shown(page)) == len(seed_corpus.interviews)
        page.goto(base_url + seed_corpus.interviews[0].url, wait_until="load")
        expect(page.locator(".ta-cite")).to_be_hidden()
    finally:
        context.close()
