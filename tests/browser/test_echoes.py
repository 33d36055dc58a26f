"""Repeated statements in Chromium: the link under an echoed paragraph takes the reader to the
same statement in the other interview, which links back; the pages have no serious
accessibility violation of their own.

The site is built with the real MkDocs from three synthetic interviews (``tests/test_reuse.py``
writes them), two of which share a 20-word statement.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.support import (
    AXE_JS,
    axe_violations,
    missing_tool,
    mkdocs_build,
    scratch_project,
    serve,
)
from tests.browser.test_accessibility import unexpected
from tests.test_reuse import STATEMENT, transcript

pytestmark = pytest.mark.slow

A = "interviews/2021-11-01-rossiya-24/"
B = "interviews/2024-03-28-izvestia/"


@pytest.fixture(scope="module")
def echo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("echoes")
    project = scratch_project(base / "project", {
        "a.txt": transcript("Rossiya 24", "November 1, 2021", seed=1, answer=STATEMENT),
        "b.txt": transcript("Izvestia", "March 28, 2024", seed=2, answer=STATEMENT),
        "c.txt": transcript("TASS", "May 5, 2022", seed=3),
    })  # fmt: skip
    site = mkdocs_build(project, base / "site")
    with serve(site) as url:
        yield url


def test_the_echo_link_leads_to_the_same_statement_and_back(
    echo_site: str, context: BrowserContext
) -> None:
    page = context.new_page()
    page.goto(echo_site + A)
    echo = page.locator("p.ta-echo a")
    assert echo.count() == 1
    assert echo.inner_text() == "2024-03-28, Izvestia"
    here = page.locator("p.ta-echo").evaluate("e => e.previousElementSibling.id")
    echo.click()
    page.wait_for_url(echo_site + B + "#p-*")
    target = page.evaluate("document.querySelector(':target').id")
    assert page.url.endswith("#" + target)
    assert STATEMENT.rstrip(".") in page.locator(f"#{target}").inner_text()
    back = page.locator(f"#{target} + p.ta-echo a")
    assert back.inner_text() == "2021-11-01, Rossiya 24"
    back.click()
    page.wait_for_url(echo_site + A + "#" + here)
    assert page.evaluate("document.querySelector(':target').id") == here


def test_echoed_pages_have_no_serious_accessibility_violation(
    echo_site: str, context: BrowserContext
) -> None:
    if not AXE_JS.is_file():
        missing_tool(f"axe-core ({AXE_JS})")
    page = context.new_page()
    report = []
    for url in (A, B, "statements/"):
        page.goto(echo_site + url)
        failures, _ = unexpected(axe_violations(page, echo_site))
        report += [f"{url}: {f}" for f in failures]
    assert not report, "\n".join(report)
