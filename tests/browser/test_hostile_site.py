"""The whole hostile corpus (``tests/hostile_corpus.py``) built into one site with the real
MkDocs, and every page of it opened, hovered, clicked and focused in Chromium.

DESIGN.md, rule 4: transcript text is untrusted; no HTML, Markdown, template or script in a
source may take effect in the site. A page fails when it opens a dialog, throws, logs an error,
asks for an address the site did not produce, or holds an element or attribute that the
templates and the renderer never produce (the vocabulary read from the real seed site in the
same browser), an ``on*`` attribute, a ``javascript:`` URL or a script calling ``alert``. Each
payload must instead be visible as text on its interview page, or be in the removal log.
What the pipeline does with each file (without a browser) is in ``tests/test_hostile_inputs.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.browser.support import (
    ROOT,
    VIEWPORT,
    PageEvents,
    html_pages,
    mkdocs_build_lenient,
    page_url,
    scratch_project,
    serve,
    watch_context,
)
from tests.hostile_corpus import Hostile, corpus, write

pytestmark = pytest.mark.slow

ENTRIES = corpus(big=False)
# Characters that make a line a payload: tags, scripts, javascript: URLs, template syntax,
# entities. Every whitespace-separated token of a source line holding one must be shown.
_MARKER = re.compile(r"[<>]|alert\(|javascript:|\{[{%#]|[}%]\}|&#?\w+;")
# Attributes whose value is an address the browser may load or navigate to.
_URL_ATTRIBUTES = ["href", "src", "action", "data", "formaction", "poster", "xlink:href"]
# The house style (normalise.py, rule "quotes") makes straight quotes typographic, as in
# test_hostile.py: a change of form the site may make.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
# On a seed page the pointer visits the first paragraphs only (the four seed interviews have
# ~490): what Material adds to a page on hover and click does not depend on the paragraph.
_SEED_POINTER = 4
_SETTLE_MS = 100  # after the clicks and focus, for anything a handler might have scheduled


@dataclass
class HostileSite:
    """The hostile corpus's scratch project, its built site, the site's URL and the build log."""

    project: Path
    site: Path
    url: str
    log: str


@dataclass
class Report:
    """One page of a site as Chromium showed it after the reader's hovers, clicks and focus."""

    relative: str
    problems: list[str]  # PageEvents.problems(), a bad status, an attempt to navigate away
    pairs: set[str]  # "tag attribute" and "tag " for every element of the live DOM
    origins: set[str]  # origins of absolute URLs in URL attributes
    foreign: list[str]  # elements with a pair not in the vocabulary
    unsafe: list[str]  # on* attributes, javascript: URLs, scripts calling alert, a hidden body
    outside: list[str]  # URL attributes pointing to origins the seed site never points to
    text: str  # the article's rendered text (interview pages)
    sources: list[str]  # the source files the page names


# Before the pointer: a click on a link goes nowhere (a paragraph may be, or hold, a link, and a
# jump to an anchor scrolls the page under the pointer); handlers still run, and a javascript:
# URL is left to run (its dialog is what the test catches). Returns the number of paragraphs.
_PREPARE = """() => {
    document.addEventListener('click', e => {
        const a = e.target instanceof Element ? e.target.closest('a[href], area[href]') : null;
        if (a && a.protocol !== 'javascript:') e.preventDefault();
    }, true);
    document.addEventListener('submit', e => e.preventDefault(), true);
    return document.querySelectorAll('article p').length;
}"""
_PARAGRAPH_CENTRE = """i => {
    const p = document.querySelectorAll('article p')[i];
    if (!p) return null;
    p.scrollIntoView({block: 'center', behavior: 'instant'});
    const r = p.getBoundingClientRect();
    return r.width && r.height ? [r.x + r.width / 2, r.y + r.height / 2] : null;
}"""
# After the pointer: what it missed (an element of a paragraph away from its centre) gets the
# same events dispatched; every link and focusable element is focused and left; a pause for
# anything a handler scheduled; then the live DOM is read: its (tag, attribute) pairs, those not
# in the vocabulary ``known``, handlers, script URLs and alert scripts, the origins of its URLs
# and those not in ``produced``, a hidden body; and on an interview page, the article's text and
# the source files it names.
_FINISH = """async ([known, urlAttributes, produced, settle]) => {
    for (const el of document.querySelectorAll('article p, article p *')) {
        for (const type of ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup',
                            'click']) {
            el.dispatchEvent(new MouseEvent(type, {bubbles: type !== 'mouseenter',
                                                   cancelable: true}));
        }
    }
    // Focusing the next element blurs the one before.
    for (const el of document.querySelectorAll('a[href], [tabindex]')) {
        el.focus({preventScroll: true});
    }
    document.activeElement?.blur();
    await new Promise(resolve => setTimeout(resolve, settle));

    const vocabulary = known && new Set(known);
    const out = {pairs: new Set(), origins: new Set(), foreign: [], unsafe: [], outside: []};
    for (const el of document.querySelectorAll('*')) {
        const tag = el.localName;
        const html = () => el.outerHTML.replace(/\\s+/g, ' ').slice(0, 240);
        for (const name of [''].concat([...el.attributes].map(a => a.name))) {
            out.pairs.add(tag + ' ' + name);
            if (vocabulary && !vocabulary.has(tag + ' ' + name)) {
                out.foreign.push(`<${tag}${name ? ' ' + name : ''}> in ${html()}`);
            }
        }
        for (const a of el.attributes) {
            const name = a.name.toLowerCase();
            if (name.startsWith('on')) out.unsafe.push(`handler ${a.name}: ${html()}`);
            if (!urlAttributes.includes(name)) continue;
            // Browsers ignore ASCII whitespace and control characters around and inside a
            // scheme: "java\\tscript:" runs.
            if (/^(javascript|vbscript):/i.test(a.value.replace(/[\\x00-\\x20]/g, ''))) {
                out.unsafe.push(`script URL in ${a.name}: ${html()}`);
            }
            let url;
            try { url = new URL(a.value, document.baseURI); } catch { continue; }
            if (!/^(https?|wss?|ftp):$/.test(url.protocol)) continue;
            out.origins.add(url.origin);
            if (produced && url.origin !== location.origin && !produced.includes(url.origin)) {
                out.outside.push(`${a.name}=${a.value}: ${html()}`);
            }
        }
        // JSON-LD (share.py) is data a browser never runs, and holds the page's title, which
        // may say alert(...): it passes only while it parses as JSON.
        let data = false;
        if (tag === 'script' && el.type === 'application/ld+json') {
            try { JSON.parse(el.textContent); data = true; } catch { data = false; }
        }
        if (tag === 'script' && !data && el.textContent.includes('alert(')) {
            out.unsafe.push(`script calling alert: ${html()}`);
        }
    }
    const body = document.body && getComputedStyle(document.body);
    if (!body || body.display === 'none' || body.visibility === 'hidden') {
        out.unsafe.push('the body is hidden');
    }
    return {
        ...out, pairs: [...out.pairs], origins: [...out.origins],
        text: document.querySelector('article')?.innerText ?? '',
        sources: [...document.querySelectorAll('.ta-sources code')].map(c => c.textContent)
            .filter(t => t.startsWith('source_texts/')),
    };
}"""


def read_page(
    page: Page,
    events: PageEvents,
    base_url: str,
    relative: str,
    known: list[str] | None = None,
    produced: list[str] | None = None,
    pointer: int | None = None,
) -> Report:
    """Open one page, hover and click each paragraph of its article, focus its links, and
    report what happened and what its live DOM holds (against ``known`` pairs and ``produced``
    origins when given). ``pointer`` caps the paragraphs the real pointer visits (all of them
    get the dispatched events)."""
    # Leave the previous page first: its requests still in flight are aborted now, not blamed
    # on this page (as in support.visit_site).
    page.goto("about:blank")
    events.clear()
    url = base_url + page_url(relative)
    response = page.goto(url, wait_until="load")
    problems = [] if response and response.ok else [f"HTTP {response and response.status}"]

    # While the reader acts, the tab stays on this page: a navigation of it (a handler setting
    # location) is stopped before it leaves and reported; every other request goes on.
    def hold(route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.frame == page.main_frame:
            problems.append(f"the page tried to navigate to {request.url}")
            route.abort("aborted")
        else:
            route.continue_()

    page.route("**/*", hold)
    paragraphs = page.evaluate(_PREPARE)
    for i in range(paragraphs if pointer is None else min(pointer, paragraphs)):
        centre = page.evaluate(_PARAGRAPH_CENTRE, i)
        if centre:
            page.mouse.click(*centre)  # moves there first: the pointer hovers, then clicks
    found = page.evaluate(_FINISH, [known, _URL_ATTRIBUTES, produced, _SETTLE_MS])
    page.unroute("**/*", hold)
    return Report(
        relative,
        problems + events.problems(),
        set(found["pairs"]),
        set(found["origins"]),
        found["foreign"],
        found["unsafe"],
        found["outside"],
        found["text"] if relative.startswith("interviews/") else "",
        found["sources"],
    )


def _seed_sample(site: Path) -> list[str]:
    """The seed pages the vocabulary is read from: every page outside topics/ and people/ (home,
    404, lists, method, about, every interview), and the largest topic and person page."""
    pages = html_pages(site)
    sample = [p for p in pages if p.split("/")[0] not in {"topics", "people"}]
    for section in ("topics", "people"):
        members = [p for p in pages if p.startswith(f"{section}/") and p.count("/") == 2]
        sample += [f"{section}/index.html", max(members, key=lambda p: (site / p).stat().st_size)]
    return sample


@pytest.fixture(scope="module")
def vocabulary(browser: Browser, built_site: Path, base_url: str) -> tuple[list[str], list[str]]:
    """What the templates and the renderer produce, read from the live DOM of the real seed
    site's pages after the same hovers, clicks and focus: the (tag, attribute) pairs, as
    ``"tag attribute"`` (``"tag "`` for the tag itself), and the origins its URLs point to."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    events = watch_context(context, base_url)
    page = context.new_page()
    pairs: set[str] = set()
    origins: set[str] = set()
    for relative in _seed_sample(built_site):
        report = read_page(page, events, base_url, relative, pointer=_SEED_POINTER)
        pairs |= report.pairs
        origins |= report.origins - {base_url.rstrip("/")}
    context.close()
    assert "p class" in pairs and "article class" in pairs, "no vocabulary read from the seeds"
    return sorted(pairs), sorted(origins)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSite]:
    """The hostile corpus (without its big files) in a scratch project, built and served."""
    base = tmp_path_factory.mktemp("hostile-site")
    project = scratch_project(base / "project", {})
    write(project / "source_texts", ENTRIES, base / "outside")
    site, log = mkdocs_build_lenient(project, project / "site")
    with serve(site) as url:
        yield HostileSite(project, site, url, log)


@pytest.fixture(scope="module")
def reports(
    browser: Browser, hostile: HostileSite, vocabulary: tuple[list[str], list[str]]
) -> list[Report]:
    """Every HTML page of the hostile site, read in one context (cleared between pages)."""
    known, produced = vocabulary
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    events = watch_context(context, hostile.url)
    page = context.new_page()
    result = [
        read_page(page, events, hostile.url, relative, known, produced)
        for relative in html_pages(hostile.site)
    ]
    context.close()
    return result


def _interviews(reports: list[Report]) -> dict[str, list[Report]]:
    """Source file name -> the interview pages that name it as a source."""
    by_name: dict[str, list[Report]] = {}
    for report in reports:
        for source in report.sources:
            by_name.setdefault(source.rsplit("/", 1)[-1], []).append(report)
    return by_name


# A source diagnostic in MkDocs' log: "WARNING -  source_texts/x.txt:7 (byte 9): error: ...".
_DIAGNOSTIC = re.compile(
    r"^(?P<level>[A-Z]+)\s+-\s+(?P<path>.+?\.\w+)(?::\d+)?(?: \(byte \d+\))?: "
    r"(?P<kind>error|warning): "
)


def test_the_build_names_every_file_it_did_not_use(hostile: HostileSite) -> None:
    """The lenient build goes through; its log names every rejected file in an error (a
    warning to MkDocs, which fails the real, strict build) and every skipped file in a
    diagnostic; no usable file gets an error."""
    said: dict[str, set[str]] = {}
    for line in hostile.log.splitlines():
        if found := _DIAGNOSTIC.match(line):
            kind = "error" if found["level"] == "WARNING" and found["kind"] == "error" else "note"
            said.setdefault(Path(found["path"]).name, set()).add(kind)
    problems = []
    for entry in ENTRIES:
        kinds = said.get(entry.name, set())
        if entry.expect == "rejected" and "error" not in kinds:
            problems.append(f"{entry.name} ({entry.why}): rejected, but no error names it")
        if entry.expect == "skipped" and not kinds:
            problems.append(f"{entry.name} ({entry.why}): skipped, but the log does not say so")
        if entry.expect == "page" and "error" in kinds:
            problems.append(f"{entry.name} ({entry.why}): usable, but the log has an error")
    assert not problems, "\n".join(problems) + "\n\nthe build log:\n" + hostile.log


def test_every_usable_file_has_one_interview_page(reports: list[Report]) -> None:
    """Each usable file is named as the source of exactly one interview page; no other."""
    by_name = _interviews(reports)
    wanted = {e.name for e in ENTRIES if e.expect == "page"}
    problems = [
        f"{name}: {[r.relative for r in by_name.get(name, [])]}"
        for name in sorted(wanted | set(by_name))
        if name not in wanted or len(by_name.get(name, [])) != 1
    ]
    assert not problems, "files with no page, several pages or a page they should not have:\n" + (
        "\n".join(problems)
    )


def test_no_page_opens_a_dialog_throws_or_asks_for_an_unknown_address(
    reports: list[Report],
) -> None:
    """No dialog, console error, uncaught exception, failed or 4xx request (a leaked
    ``<img src=x>`` asks the site for a file it never produced), request to another origin,
    or navigation away, on any page, hovered, clicked and focused."""
    problems = [f"{r.relative}: {p}" for r in reports for p in r.problems]
    assert not problems, "\n".join(problems)
    assert len(reports) >= 30, [r.relative for r in reports]


def test_no_element_or_attribute_comes_from_a_source(reports: list[Report]) -> None:
    """Every (tag, attribute) pair of every page's live DOM is one the seed site's templates
    and renderer produce, and every URL points to an origin the seed site points to."""
    problems = [f"{r.relative}: {x}" for r in reports for x in r.foreign + r.outside]
    assert not problems, "\n".join(problems[:60]) + f"\n({len(problems)} in all)"


def test_no_handler_script_url_or_alert_anywhere(reports: list[Report]) -> None:
    """No attribute named ``on*``, no ``javascript:`` address in a URL attribute, no script
    calling ``alert``, and no page with its body hidden (``<style>body{display:none}``)."""
    problems = [f"{r.relative}: {x}" for r in reports for x in r.unsafe]
    assert not problems, "\n".join(problems)


_PAYLOADED = [
    e for e in ENTRIES if e.expect == "page" and _MARKER.search(e.data.decode("utf-8", "replace"))
]


def _removal_log(project: Path) -> dict[str, list[dict[str, Any]]]:
    """Source file name -> the lines the build removed from it, with reasons (the export)."""
    out = project / "corpus.json"
    if not out.exists():
        run = subprocess.run(
            [sys.executable, "-m", "build_tools", "export", "--source",
             str(project / "source_texts"), "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        # It exits 1 when a file has an error (the corpus has them by design), after writing.
        assert run.returncode in {0, 1} and out.is_file(), run.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    return {
        Path(s["path"]).name: i["removed"] for i in exported["interviews"] for s in i["sources"]
    }


@pytest.mark.parametrize("entry", _PAYLOADED, ids=[e.name for e in _PAYLOADED])
def test_payload_is_shown_as_text(
    entry: Hostile, reports: list[Report], hostile: HostileSite
) -> None:
    """Every token of the source that carries markup, script, a ``javascript:`` URL, template
    syntax or an entity is visible, as those characters, in the rendered text of the file's
    interview page (straight quotes may be curly: the house style); a token may be missing only
    if the build's removal log holds its line with a reason."""
    pages = _interviews(reports).get(entry.name, [])
    assert len(pages) == 1, f"{entry.name}: interview pages {[r.relative for r in pages]}"
    shown = " ".join(pages[0].text.translate(_QUOTES).split())
    missing = [
        (line, token)
        for line in entry.data.decode("utf-8", "replace").splitlines()
        for token in line.split()
        if _MARKER.search(token) and token.translate(_QUOTES) not in shown
    ]
    if not missing:
        return
    removed = _removal_log(hostile.project).get(entry.name, [])
    unexplained = [
        (line, token)
        for line, token in missing
        if not [r for r in removed if token in r["text"] and r.get("reason")]
    ]
    assert not unexplained, (
        f"{entry.name} ({pages[0].relative}): neither shown nor in the removal log:\n"
        + "\n".join(f"  {token!r} of the line {line!r}" for line, token in unexplained)
        + f"\nthe page's text:\n{pages[0].text}"
    )
