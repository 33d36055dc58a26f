"""Every page of the built site, opened in Chromium and crawled for broken links and anchors.

The crawl is generic: it walks the built site for ``*.html``, so pages added later (topics,
people, chronology, ...) are covered without touching these tests.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from tests.browser.support import PageEvents, Visit, html_pages, is_interview_page, soup_of

pytestmark = pytest.mark.slow

_FAKE_ORIGIN = "http://site.invalid/"
# Attributes whose URLs must resolve inside the site.
_LINKING = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
            ("source", "src"), ("iframe", "src"), ("form", "action")]  # fmt: skip


def _ids(soup: BeautifulSoup) -> set[str]:
    """Every fragment a browser can scroll to: element ids and ``<a name>``."""
    ids = {str(t["id"]) for t in soup.find_all(id=True)}
    return ids | {str(t["name"]) for t in soup.find_all("a", attrs={"name": True})}


def _target_file(site: Path, path: str) -> Path | None:
    """The file a server sends for a site path (``dir/`` -> ``dir/index.html``), if any."""
    candidate = site / unquote(path).lstrip("/")
    if not candidate.resolve().is_relative_to(site.resolve()):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def crawl_links(site: Path) -> tuple[list[str], list[str]]:
    """Check every internal URL and fragment of every page; returns (problems, external URLs)."""
    problems: list[str] = []
    external: set[str] = set()
    ids: dict[Path, set[str]] = {}
    refs: dict[str, list[tuple[str, str, str]]] = {}
    for relative in html_pages(site):  # one parse per page
        soup = soup_of(site / relative)
        ids[site / relative] = _ids(soup)
        refs[relative] = [
            (tag, attribute, str(element[attribute]).strip())
            for tag, attribute in _LINKING
            for element in soup.find_all(tag, attrs={attribute: True})
        ]
    for relative, found in refs.items():
        for tag, attribute, ref in found:
            where = f"{relative}: <{tag} {attribute}={ref!r}>"
            url = urlsplit(urljoin(_FAKE_ORIGIN + relative, ref))
            if url.scheme in {"mailto", "tel", "data"}:
                continue
            if url.scheme not in {"http", "https"}:
                problems.append(f"{where}: scheme {url.scheme!r} is never allowed")
                continue
            if f"{url.scheme}://{url.netloc}/" != _FAKE_ORIGIN:
                external.add(ref)
                continue
            target = _target_file(site, url.path)
            if target is None:
                problems.append(f"{where}: no file for {url.path}")
            elif url.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _ids(soup_of(target))
                if unquote(url.fragment) not in ids[target]:
                    name = target.relative_to(site).as_posix()
                    problems.append(f"{where}: no id {url.fragment!r} in {name}")
    return problems, sorted(external)


def test_crawl_finds_the_interview_pages(built_site: Path) -> None:
    """The crawl sees the home page, the about page and one page per seed interview, so the
    checks below really run over the archive (an empty walk would pass them all)."""
    pages = html_pages(built_site)
    assert "index.html" in pages and "about/index.html" in pages
    assert len([p for p in pages if is_interview_page(p)]) >= 4


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """Every internal href/src of every page names a file of the site (or a directory with an
    index.html), and every ``#fragment`` names an element id on the target page: the stable
    paragraph links a researcher cites (``#p-...``) and the excerpt links (``#excerpt-N``)
    cannot dangle. ``javascript:`` and other schemes fail. External links are listed (-rA)."""
    problems, external = crawl_links(built_site)
    print("external links:\n  " + "\n  ".join(external))
    assert not problems, "\n".join(problems)


def test_every_paragraph_and_excerpt_link_is_anchored(built_site: Path) -> None:
    """On each interview page every transcript paragraph has an id, ids are unique, and every
    ``a.ta-quoted`` points at an excerpt aside on the same page."""
    problems = []
    for relative in html_pages(built_site):
        if not is_interview_page(relative):
            continue
        soup = soup_of(built_site / relative)
        paragraphs = soup.select("p.ta-p")
        assert paragraphs, f"{relative}: no p.ta-p"
        problems += [f"{relative}: p.ta-p without id" for p in paragraphs if not p.get("id")]
        every_id = [str(t["id"]) for t in soup.find_all(id=True)]
        problems += [
            f"{relative}: duplicate id {i}" for i in set(every_id) if every_id.count(i) > 1
        ]
        for link in soup.select("a.ta-quoted"):
            target = soup.find(id=str(link["href"]).removeprefix("#"))
            if target is None or target.name != "aside":
                problems.append(f"{relative}: {link['href']} is not an excerpt aside")
    assert not problems, "\n".join(problems)


def test_tag_chips_name_topics_as_the_topic_pages_do(built_site: Path) -> None:
    """Every tag chip (Material's ``a.md-tag``, on pages, the tags page and search results)
    reads exactly like the title of a topic page: a name shortened or with characters dropped
    (``Palestinian–Israeli`` shown as ``PalestinianIsraeli``) is a different word to a reader
    and to search."""
    pages = html_pages(built_site)
    topics = {
        " ".join(h1.get_text().split())
        for p in pages
        if p.startswith("topics/") and p.count("/") == 2
        for h1 in soup_of(built_site / p).select("article h1")[:1]
    }
    if not topics:
        pytest.skip("no topic pages (topics/<id>/) in this build")
    chips: dict[str, set[str]] = {}
    for relative in pages:
        for chip in soup_of(built_site / relative).select("a.md-tag"):
            chips.setdefault(" ".join(chip.get_text().split()), set()).add(relative)
    wrong = {name: sorted(where)[:3] for name, where in chips.items() if name not in topics}
    assert not wrong, f"tag chips that are no topic's name (a few pages each): {wrong}"


# With `pytest -n N --dist loadgroup`, the two tests that share the `visits` fixture run in one
# worker, so each page is loaded once.
@pytest.mark.xdist_group("site-visits")
def test_every_page_loads_cleanly_in_chromium(visits: list[Visit]) -> None:
    """Each HTML page, opened over HTTP in Chromium (see the ``visits`` fixture: loaded, search
    ready, axe run), logs no console error, throws no uncaught exception, opens no dialog, has
    no failed request or HTTP error, and requests nothing from any host but the local server
    (``theme.font: false``: no Google Fonts, nothing else remote)."""
    assert visits, "no page was visited"
    report = [f"{v.relative}: {problem}" for v in visits for problem in v.problems]
    assert not report, "\n".join(report)


def test_the_page_watcher_sees_what_it_must(
    base_url: str, page: Page, page_events: PageEvents
) -> None:
    """The harness itself: a dialog, a console error, an uncaught exception, a missing file and
    a request to another host are all recorded (otherwise a clean crawl would prove nothing)."""
    page.goto(base_url, wait_until="load")
    page.evaluate("""() => {
        alert('hello'); console.error('boom');
        setTimeout(() => { throw new Error('thrown'); }, 0);
        fetch('https://example.invalid/x').catch(() => {});
        fetch('no-such-file.txt');
    }""")
    page.wait_for_timeout(300)
    problems = "\n".join(page_events.problems())
    assert "dialog opened: alert: 'hello'" in problems
    assert "console error: boom" in problems
    assert "uncaught exception: thrown" in problems
    assert "HTTP error: 404" in problems
    assert "https://example.invalid/x" in "\n".join(page_events.outside_requests)
    with pytest.raises(AssertionError):
        page_events.assert_clean("self-test")
