"""Fixtures for the browser layer: the real site built once, served over HTTP, and Chromium.

The site is built with the real MkDocs (``mkdocs build --strict``) from the repository's own
``source_texts/``, once per session (per xdist worker), and served on 127.0.0.1 at a free port.
One Chromium runs for the session; each test gets a fresh context (cookies, storage, cache) and
one page whose console errors, uncaught exceptions, dialogs, failed requests and requests to
other hosts are recorded in :class:`~tests.browser.support.PageEvents`. The crawl of every page
(``visits``, ~0.5 s a page, most of it axe-core) runs in a second Chromium in a background
thread while the other tests run, and the two tests that read it are moved to the end.

Without /usr/bin/chromium the browser tests skip on a workstation and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from build_tools.search_slices import SLICE_ENV
from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VIEWPORT,
    BackgroundVisits,
    PageEvents,
    Visit,
    missing_tool,
    mkdocs_build,
    serve,
    visit_site,
    watch_context,
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once with ``mkdocs build --strict`` into a temporary dir.

    Its search index is made in slices of 40 pages and merged (search_slices.py): more slices
    than the default size gives the seed site (157 pages, two slices), so that the merge of
    many is what every search test reads."""
    return mkdocs_build(ROOT, tmp_path_factory.mktemp("site"), {SLICE_ENV: "40"})


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """``http://127.0.0.1:<port>/`` serving :func:`built_site`."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        missing_tool(f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless. ``launch`` gives it a fresh temporary profile each run."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page_events(context: BrowserContext, base_url: str) -> PageEvents:
    """The record of problems for every page of this test's context (see ``assert_clean``)."""
    return watch_context(context, base_url)


@pytest.fixture
def page(context: BrowserContext, page_events: PageEvents) -> Page:
    """A page of the test's context, already watched by ``page_events``."""
    return context.new_page()


_WANTS_VISITS = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that read the site crawl (``visits``) after the other browser tests, so
    that the crawl, started in the background by the first browser test, overlaps them."""
    consumers = [i for i in items if "visits" in getattr(i, "fixturenames", ())]
    config.stash[_WANTS_VISITS] = bool(consumers)
    if consumers:
        items[:] = [i for i in items if i not in consumers] + consumers


@pytest.fixture(scope="session", autouse=True)
def _background_visits(request: pytest.FixtureRequest) -> Iterator[BackgroundVisits | None]:
    """Starts the crawl of every page in a thread of its own (own Chromium) when a selected
    test needs it, in serial runs; with xdist the crawl runs in the worker that needs it."""
    wanted = request.config.stash.get(_WANTS_VISITS, False)
    if not wanted or not CHROMIUM.exists() or os.environ.get("PYTEST_XDIST_WORKER"):
        yield None
        return
    job = BackgroundVisits(
        request.getfixturevalue("built_site"), request.getfixturevalue("base_url")
    )
    job.start()
    yield job
    job.stop.set()
    job.join()


@pytest.fixture(scope="session")
def visits(
    _background_visits: BackgroundVisits | None, built_site: Path, base_url: str, browser: Browser
) -> list[Visit]:
    """Every HTML page of the site as Chromium loaded it (see ``support.visit_site``), read
    by both the clean-load test and the accessibility test."""
    if _background_visits is not None:
        return _background_visits.result()
    return visit_site(browser, built_site, base_url)
