"""A hostile transcript, built into a site of its own with the real MkDocs and opened in Chromium.

DESIGN.md, rule 4: transcript text is untrusted and always shown as text; no HTML, Markdown,
template or script in a source may take effect. Each payload below is one that did take effect
in an earlier build (DESIGN.md, "Facts already measured here").
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import (
    ROOT,
    SEARCH_READY,
    VIEWPORT,
    PageEvents,
    html_pages,
    is_interview_page,
    mkdocs_build,
    page_url,
    scratch_project,
    serve,
    soup_of,
    watch_context,
)

pytestmark = pytest.mark.slow

TITLE = "Interview with Sergey Lavrov <b onmouseover=alert(1)>x</b>, Moscow, 1 May 2024"
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)> and [x](javascript:alert(1))",
    '{: onclick="alert(1)" }',
    "# not a heading",
    "---",
    "| a | b |",
    '--8<-- "mkdocs.yml"',
    "<style>body{display:none}</style>",
    '<iframe src="https://example.org">',
    "{{ config.site_name }}",
    "{% raw %}",
]
SOURCE = (
    "\n".join([TITLE, f"Question: {PAYLOADS[0]}", f"Sergey Lavrov: {PAYLOADS[1]}", *PAYLOADS[2:]])
    + "\n"
)
# The house style (normalise.py, rule "quotes", documented on the method page) makes straight
# quotes typographic; that is a change of form the site is allowed to make.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """(site dir, base URL, scratch project) for a corpus of the one hostile transcript."""
    project = scratch_project(
        tmp_path_factory.mktemp("hostile") / "project", {"2024-05-01-hostile.txt": SOURCE}
    )
    site = mkdocs_build(project, project / "site")
    with serve(site) as url:
        yield site, url, project


def _json_data(kind: object, text: str) -> bool:
    """True for a script element of JSON-LD whose text parses as JSON."""
    if kind != "application/ld+json":
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def hostile_page_url(hostile: tuple[Path, str, Path]) -> str:
    site, url, _ = hostile
    (relative,) = [p for p in html_pages(site) if is_interview_page(p)]
    return url + page_url(relative)


@pytest.fixture
def watched(browser: Browser, hostile: tuple[Path, str, Path]) -> Iterator[tuple[Page, PageEvents]]:
    """A page in a fresh context, watched like the main ``page`` fixture but for this site."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    events = watch_context(context, hostile[1])
    yield context.new_page(), events
    context.close()


@pytest.fixture(scope="module")
def removed_lines(hostile: tuple[Path, str, Path]) -> list[dict[str, Any]]:
    """The build's removal log for the hostile transcript (``python -m build_tools export``)."""
    out = hostile[2] / "corpus.json"
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "export", "--source",
         str(hostile[2] / "source_texts"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    corpus = json.loads(out.read_text(encoding="utf-8"))
    return [r for i in corpus["interviews"] for r in i["removed"]]


def test_hostile_page_runs_nothing(watched: tuple[Page, PageEvents], hostile_page_url: str) -> None:
    """Opened, hovered and clicked in Chromium, the page opens no dialog, throws nothing,
    requests nothing outside the site (no iframe to example.org), hides nothing
    (``body{display:none}``), and no element anywhere carries an ``on*`` handler attribute or
    a ``javascript:`` URL."""
    page, events = watched
    page.goto(hostile_page_url, wait_until="networkidle")
    expect(page.locator("h1.ta-title")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    page.hover("h1.ta-title")
    for paragraph in page.locator("article p.ta-p").all():
        paragraph.hover()
        paragraph.click()
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
        [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    assert handlers == []
    assert page.locator('[href^="javascript:" i], [src^="javascript:" i]').count() == 0
    events.assert_clean("hostile page")


def test_hostile_markup_is_not_rendered(
    watched: tuple[Page, PageEvents], hostile_page_url: str
) -> None:
    """Inside the article no element comes from the source: no script, img, iframe, style,
    b, table or hr; no heading holds the ``# not a heading`` line; no snippet is pasted in
    (mkdocs.yml's ``site_name:``). Template syntax staying literal is proven line by line in
    ``test_hostile_line_is_shown_as_text``."""
    page, events = watched
    page.goto(hostile_page_url, wait_until="networkidle")
    article = page.locator("article")
    for tag in ["script", "img", "iframe", "style", "b", "table", "hr", "form", "object"]:
        assert article.locator(tag).count() == 0, f"<{tag}> in the article"
    headings = article.locator("h1, h2, h3, h4, h5, h6").all_inner_texts()
    assert not [h for h in headings if "heading" in h], headings
    text = article.inner_text()
    assert "site_name:" not in text and "markdown_extensions" not in text
    events.assert_clean("hostile page")


@pytest.fixture(scope="module")
def hostile_article_text(
    browser: Browser, hostile: tuple[Path, str, Path], hostile_page_url: str
) -> str:
    """The rendered text of the hostile page's article, as Chromium lays it out."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    watch_context(context, hostile[1])
    page = context.new_page()
    page.goto(hostile_page_url, wait_until="load")
    text = page.locator("article").inner_text()
    context.close()
    return text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_line_is_shown_as_text(
    hostile_article_text: str, removed_lines: list[dict[str, Any]], payload: str
) -> None:
    """Each hostile line is visible, as the characters of the source, in the article's
    rendered text (straight quotes may be curly: the documented house style). A line may be
    missing from the page only if the build's removal log names it with a reason (rule 3)."""
    text = hostile_article_text.translate(_QUOTES)
    if payload in text:
        return
    logged = [r for r in removed_lines if r["text"].strip() == payload]
    assert logged and logged[0].get("reason"), (
        f"{payload!r} is neither shown on the page nor in the removal log; "
        f"the article's lines that share a word with it: "
        f"{[line for line in text.splitlines() if set(line.split()) & set(payload.split())]}"
    )


def test_no_page_of_the_hostile_site_carries_its_markup(hostile: tuple[Path, str, Path]) -> None:
    """Across every page of the site (home, lists by date and outlet, people, topics, the
    interview, 404), no element has an ``on*`` handler attribute, no ``script`` runs
    ``alert``, there is no ``iframe`` and no ``b``; the title is listed as its literal text
    wherever a page links to the interview by its title; and the search index holds the
    transcript's markup only escaped (Material inserts index text into results as HTML)."""
    site, _, _ = hostile
    problems, listed = [], 0
    for relative in html_pages(site):
        soup = soup_of(site / relative)
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            if handlers:
                problems.append(f"{relative}: <{tag.name} {handlers}>")
        for tag in soup.find_all(["script", "iframe", "b", "img"]):
            if tag.name == "script" and _json_data(tag.get("type"), tag.get_text()):
                continue  # JSON-LD (share.py): data, never run, holding the title as text
            if tag.name != "script" or "alert(" in tag.get_text():
                problems.append(f"{relative}: {str(tag)[:120]}")
        for link in soup.select('a[href*="interviews/"]'):
            text = link.get_text()
            if "onmouseover" in text:
                listed += 1
                if text.strip() != TITLE:
                    problems.append(f"{relative}: link text {text!r} is not the literal title")
    assert not problems, "\n".join(problems)
    assert listed, "no page lists the interview by its title"

    # Online, Material's index holds no page (Pagefind indexes the site; its fragments hold the
    # pages' raw text, which the search worker escapes: test_search_pagefind.py).
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [], "Material's own index is not empty online"
    texts = []
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        entry = json.loads(data)
        texts.append(entry["meta"].get("title", "") + " " + entry["content"])
    every = " ".join(texts)
    assert TITLE in every and PAYLOADS[0] in every, "the title or a payload is not searchable"


def test_hostile_title_is_text_in_the_browser(
    watched: tuple[Page, PageEvents], hostile: tuple[Path, str, Path], hostile_page_url: str
) -> None:
    """In Chromium, the page heading is the literal title; navigation links (page label, table
    of contents) hold text only, the question heading ``<script>...`` included; the home
    page lists the literal title; a search for ``onmouseover`` shows it as text in results."""
    _, base_url, _ = hostile
    page, events = watched
    page.goto(hostile_page_url, wait_until="load")
    assert page.locator("h1.ta-title").inner_text() == TITLE
    nav = page.locator("nav")
    assert nav.locator("a script, a img, a b, a iframe").count() == 0
    toc = [t.strip() for t in nav.locator("a").all_text_contents()]
    assert PAYLOADS[0] in toc, f"the question heading is not listed as text: {toc}"
    # Let the search worker finish loading before leaving: leaving aborts its requests, which
    # would be recorded as failures of this page.
    page.wait_for_function(SEARCH_READY, timeout=30_000)
    # Online, the worker fetches Pagefind's entry file after it reports ready.
    page.wait_for_load_state("networkidle")

    page.goto(base_url, wait_until="load")
    expect(page.locator("article a", has_text="onmouseover").first).to_have_text(TITLE)
    box = page.locator('input[data-md-component="search-query"]')
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.fill("onmouseove")
    box.press_sequentially("r")
    results = page.locator(".md-search-result")
    expect(results.locator(".md-search-result__item").first).to_be_visible()
    assert TITLE in (results.text_content() or "")
    assert results.locator("img, script, iframe, b").count() == 0
    events.assert_clean("hostile title")


def test_the_hostile_source_holds_what_the_tests_claim() -> None:
    """The fixture itself: every payload is a whole line of the source (after its label), so
    the tests above really feed these strings to the build."""
    lines = SOURCE.splitlines()
    assert lines[0] == TITLE
    for payload in PAYLOADS:
        assert any(re.fullmatch(rf"(?:\w[\w ]*: )?{re.escape(payload)}", x) for x in lines)
