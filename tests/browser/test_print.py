"""An interview page printed by Chromium (``page.pdf()``, the print stylesheet in archive.css):
every paragraph numbered with its anchor, the page's citation in the bottom margin of every
sheet (cite.js), and no header, navigation, search, buttons or footer links.

The PDF's text is read back with pypdf; the expectations come from the pipeline.
"""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from build_tools.citation import citation_of, fill, human_date, template
from build_tools.model import Corpus
from tests.browser.support import PageEvents
from tests.conftest import by_source

pytestmark = pytest.mark.slow

PUBLISHED = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when SITE_URL is not set
# On screen, an interview page shows all of these; printed, none.
SCREEN_ONLY = ["Copy citation", "Transcript archive", "By outlet or occasion", "Table of contents",
               "Previous:", "Next:", "Made with", "Type to start searching"]  # fmt: skip


def flat(text: str) -> str:
    """Whitespace collapsed; NFKC, because the PDF has the font's ligatures (ﬀ for ff)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_printed_interview_has_numbered_paragraphs_and_the_citation_on_every_sheet(
    seed_corpus: Corpus, base_url: str, page: Page, page_events: PageEvents
) -> None:
    interview = by_source(seed_corpus, "rossiya-24")
    page.goto(base_url + interview.url, wait_until="networkidle")
    screen = flat(page.locator("body").inner_text())
    missing = [word for word in SCREEN_ONLY if word not in screen]
    assert not missing, f"not on screen, so the check below proves nothing: {missing}"
    page.emulate_media(media="print")
    sheets = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    assert len(sheets) > 3
    text = " ".join(sheets)

    # Every paragraph, numbered in order with its anchor, and its text after the number.
    at = 0
    for n, paragraph in enumerate(interview.main.paragraphs, start=1):
        mark = f"¶ {n} (#{paragraph.id})"
        found = text.find(mark, at)
        assert found >= 0, f"{mark} not printed (after position {at})"
        at = found + len(mark)
    assert f"¶ {len(interview.main.paragraphs) + 1} " not in text

    # The citation in the bottom margin of every sheet.
    today = human_date(datetime.date.today().isoformat())
    want = "Cite as: " + fill(template(citation_of(interview)), PUBLISHED + interview.url, today)
    for number, sheet in enumerate(sheets, start=1):
        assert flat(want) in sheet, f"sheet {number}: no citation in {sheet[-300:]!r}"

    for word in SCREEN_ONLY:
        assert word not in text, f"{word!r} is printed"
    assert "Cite this paragraph" not in text and " Cite " not in text.replace(want, "")
    page_events.assert_clean("print")
