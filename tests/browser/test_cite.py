"""Citing from an interview page in Chromium: the page's "Copy citation" button and each
paragraph's "Cite" button put the citation on the clipboard (build_tools/citation.py's text,
filled in by docs/assets/cite.js with the published address and today's date); where the
clipboard is refused, the citation is shown selected in a field; the offline bundle cites the
file it was opened from and says so.

The expected text is computed from the pipeline (citation.py), not read from the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from build_tools.citation import citation_of, fill, human_date, template
from build_tools.model import Corpus, Interview
from tests.browser.support import ROOT, VIEWPORT, PageEvents, mkdocs_build, watch_context
from tests.conftest import by_source

pytestmark = pytest.mark.slow

# mkdocs.yml's site_url when SITE_URL is not set: the address the test build publishes under.
PUBLISHED = "http://127.0.0.1:8000/"


def today() -> str:
    return human_date(datetime.date.today().isoformat())


def expected(interview: Interview, url: str) -> str:
    return fill(template(citation_of(interview)), url, today())


@pytest.fixture
def clipboard_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport=VIEWPORT,  # type: ignore[arg-type]
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def events(clipboard_context: BrowserContext, base_url: str) -> PageEvents:
    return watch_context(clipboard_context, base_url)


@pytest.fixture
def cpage(clipboard_context: BrowserContext, events: PageEvents) -> Page:
    return clipboard_context.new_page()


def clipboard(page: Page) -> str:
    text: str = page.evaluate("() => navigator.clipboard.readText()")
    return text


def cite_without_clipboard(browser: Browser, file: Path, pid: str, want: str, where: str) -> None:
    """Open an offline page from ``file`` with no clipboard API (as under file:// in some
    browsers), click the paragraph's Cite button: the citation is shown in a field."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)  # type: ignore[arg-type]
    events = watch_context(context, "file:///")
    page = context.new_page()
    try:
        page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page.goto(file.as_uri(), wait_until="load")
        page.locator(f"#{pid}").hover()
        page.locator(f"#{pid}").get_by_role("button", name="Cite this paragraph").click()
        expect(page.get_by_role("textbox", name="Citation")).to_have_value(want)
        events.assert_clean(where)
    finally:
        context.close()


def test_a_paragraphs_cite_button_copies_its_citation(
    seed_corpus: Corpus, base_url: str, cpage: Page, events: PageEvents
) -> None:
    interview = by_source(seed_corpus, "rossiya-24")
    pid = interview.main.paragraphs[7].id
    cpage.goto(base_url + interview.url, wait_until="load")
    cpage.evaluate("() => navigator.clipboard.writeText('nothing yet')")
    paragraph = cpage.locator(f"#{pid}")
    paragraph.hover()
    button = paragraph.get_by_role("button", name="Cite this paragraph")
    expect(button).to_be_visible()
    button.click()
    want = expected(interview, f"{PUBLISHED}{interview.url}#{pid}")
    expect(cpage.locator(".ta-cite-status")).to_have_text("Copied: " + want)
    assert clipboard(cpage) == want
    events.assert_clean("cite a paragraph")


def test_the_pages_button_copies_the_pages_citation(
    seed_corpus: Corpus, base_url: str, cpage: Page, events: PageEvents
) -> None:
    interview = by_source(seed_corpus, "klyazma")
    cpage.goto(base_url + interview.url, wait_until="load")
    # cite.js shows the bar and gives every paragraph (each p.ta-p) one Cite button.
    paragraphs = len(interview.main.paragraphs)
    expect(cpage.locator("article .ta-p > button.ta-cite-p")).to_have_count(paragraphs)
    expect(cpage.get_by_role("button", name="Cite this paragraph")).to_have_count(paragraphs)
    cpage.get_by_role("button", name="Copy citation").click()
    want = expected(interview, f"{PUBLISHED}{interview.url}")
    expect(cpage.locator(".ta-cite-status")).to_contain_text("Copied")
    assert clipboard(cpage) == want
    assert "#" not in want and ", Solnechnogorsk, Moscow Region, 23 August 2020, " in want
    events.assert_clean("cite a page")


def test_without_a_clipboard_the_citation_is_shown_selected(
    seed_corpus: Corpus, base_url: str, page: Page, page_events: PageEvents
) -> None:
    """No Clipboard API (an old browser, a refused permission): a read-only field holds the
    citation, focused and selected, with a message saying how to copy it."""
    interview = by_source(seed_corpus, "izvestia")
    pid = interview.main.paragraphs[3].id
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(base_url + interview.url, wait_until="load")
    page.locator(f"#{pid}").hover()
    page.locator(f"#{pid}").get_by_role("button", name="Cite this paragraph").click()
    field = page.get_by_role("textbox", name="Citation")
    expect(field).to_be_focused()
    want = expected(interview, f"{PUBLISHED}{interview.url}#{pid}")
    expect(field).to_have_value(want)
    selected = page.evaluate("() => { const f = document.activeElement; "
                             "return f.value.slice(f.selectionStart, f.selectionEnd); }")  # fmt: skip
    assert selected == want
    # The field follows the paragraph it cites.
    assert page.evaluate(f"() => document.getElementById('{pid}').nextElementSibling.tagName") == (
        "TEXTAREA"
    )
    expect(page.locator(".ta-cite-status")).to_contain_text("Ctrl+C")
    page_events.assert_clean("cite without a clipboard")


def test_the_offline_bundle_cites_the_file_and_says_it_is_a_copy(
    seed_corpus: Corpus, offline_site: Path, browser: Browser
) -> None:
    """Built without ARCHIVE_URL, the bundle has no published address: the citation names
    the file the reader opened and says it is an offline copy."""
    interview = by_source(seed_corpus, "krasnaya-zvezda-interview")
    pid = interview.main.paragraphs[2].id
    file = offline_site / (interview.url.rstrip("/") + ".html")
    want = expected(interview, f"{file.as_uri()}#{pid} (offline copy)")
    cite_without_clipboard(browser, file, pid, want, "cite offline")


def test_an_offline_bundle_built_with_archive_url_cites_the_published_address(
    seed_corpus: Corpus, browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI builds the bundle with ARCHIVE_URL (mkdocs.yml, extra.archive_url): its citations
    name the published page, not the reader's file, and it still shares no Open Graph."""
    published = "https://archive.example/lavrov/"
    monkeypatch.setenv("OFFLINE", "true")
    monkeypatch.setenv("ARCHIVE_URL", published)
    site = mkdocs_build(ROOT, tmp_path / "offline")
    interview = by_source(seed_corpus, "rossiya-24")
    pid = interview.main.paragraphs[5].id
    file = site / (interview.url.rstrip("/") + ".html")
    assert 'property="og:' not in file.read_text(encoding="utf-8")
    want = expected(interview, f"{published}{interview.url}#{pid}")
    cite_without_clipboard(browser, file, pid, want, "cite offline, archive_url")
