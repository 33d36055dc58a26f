"""Plain helpers for the browser tests: building a site, serving it, watching a page.

Fixtures live in ``conftest.py``; everything here is importable and has no pytest state, so a
test can build and serve a second, custom site (the hostile transcript) the same way.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Request,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# DESIGN.md, "Browser": Debian's Chromium, never Playwright's own download.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
VIEWPORT = {"width": 1280, "height": 900}
# True once Material's search worker has built its index (the placeholder replaces
# "Initializing search").
SEARCH_READY = (
    "document.querySelector('.md-search-result__meta')?.textContent === 'Type to start searching'"
)
# Top-level entries of the repository that a scratch project must not share with it.
_NOT_SHARED = {
    ".git", ".venv", "node_modules", "site", "build", "dist", "source_texts", "docs",
    "mkdocs.yml", "tests", ".pytest_cache", ".mypy_cache", ".ruff_cache",
}  # fmt: skip


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def missing_tool(what: str) -> None:
    """Skip (on a workstation) or fail (in CI, where `make system-deps` must have run)."""
    message = f"{what} is missing; run `make system-deps` (scripts/install-system-deps.sh)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def _mkdocs(
    project: Path, site_dir: Path, strictness: str, env: dict[str, str] | None = None
) -> str:
    """Run the real ``mkdocs build`` in ``project``; fail the test with its stderr, or return it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **(env or {})}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", strictness, "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if run.returncode != 0:
        pytest.fail(f"mkdocs build {strictness} failed in {project}:\n{run.stderr}", pytrace=False)
    return run.stderr


def mkdocs_build(project: Path, site_dir: Path, env: dict[str, str] | None = None) -> Path:
    """Build ``project`` with the real MkDocs in strict mode; fail the test with its stderr."""
    _mkdocs(project, site_dir, "--strict", env)
    return site_dir


def scratch_project(folder: Path, sources: dict[str, str]) -> Path:
    """A copy of the project whose ``source_texts/`` holds only ``sources``.

    ``mkdocs.yml`` and ``docs/`` are copied (pages may be generated into docs); every other
    top-level entry (``build_tools/``, theme overrides, ...) is a symlink to the repository, so
    the hook's relative path and the ``watch:`` entries resolve as they do in the real build.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", symlinks=True)
    for entry in ROOT.iterdir():
        if entry.name not in _NOT_SHARED and not entry.name.endswith(".egg-info"):
            (folder / entry.name).symlink_to(entry)
    texts = folder / "source_texts"
    texts.mkdir()
    for name, text in sources.items():
        (texts / name).write_text(text, encoding="utf-8")
    return folder


# Where the site server also serves axe-core, so that Chromium caches its compiled code
# across pages (injecting the 550 KB file inline costs ~0.25 s a page; by URL, ~0.08 s).
AXE_URL_PATH = "__checks__/axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site directory, plus axe-core at AXE_URL_PATH; logs nothing."""

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path == "/" + AXE_URL_PATH:
            return str(AXE_JS)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_pages(site: Path) -> list[str]:
    """Every HTML file of a built site, as a path relative to the site root (sorted)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# The "All interviews" page (render_facets.py) sits among the interview pages, in both builds.
ALL_INTERVIEWS = "interviews/index.html"


def is_interview_page(relative: str) -> bool:
    """True for one interview's page (``interviews/<id>/index.html``, offline
    ``interviews/<id>.html``), not the list of all of them."""
    return relative.startswith("interviews/") and relative != ALL_INTERVIEWS


def page_url(relative: str) -> str:
    """The site-relative URL a reader uses for a file: ``a/b/index.html`` -> ``a/b/``."""
    if relative == "index.html":
        return ""
    return relative.removesuffix("index.html")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def article_text(path: Path) -> str:
    """The visible text of a page's main content (Material's ``article``), whitespace-collapsed."""
    article = soup_of(path).select_one("article")
    return " ".join(article.get_text(" ").split()) if article else ""


@dataclass
class PageEvents:
    """What a page did that a reader should never see: every problem, as a readable line."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"console error: {x}" for x in self.console_errors),
            *(f"uncaught exception: {x}" for x in self.page_errors),
            *(f"dialog opened: {x}" for x in self.dialogs),
            *(f"request failed: {x}" for x in self.failed_requests),
            *(f"HTTP error: {x}" for x in self.bad_responses),
            *(f"request outside {self.origin}: {x}" for x in self.outside_requests),
        ]

    def clear(self) -> None:
        for name in ("console_errors", "page_errors", "dialogs", "failed_requests",
                     "bad_responses", "outside_requests"):  # fmt: skip
            getattr(self, name).clear()

    def assert_clean(self, where: str = "") -> None:
        """Fail with every recorded problem (and where it happened)."""
        problems = self.problems()
        assert not problems, f"{where}:\n  " + "\n  ".join(problems)


_RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                  impact: n.impact}))
    }));
}"""


def axe_violations(page: Page, base_url: str) -> list[dict[str, Any]]:
    """axe-core's violations for the page now loaded (axe injected from the site server).

    Transitions are switched off first: colours measured halfway through a fade (Material's
    navigation animates) gave intermittent contrast failures.
    """
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; "
        "animation: none !important; }"
    )
    page.add_script_tag(url=base_url + AXE_URL_PATH)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return violations


@dataclass
class Visit:
    """One page of the built site as Chromium loaded it."""

    relative: str  # the HTML file, relative to the site root
    problems: list[str]  # PageEvents.problems() while loading it
    axe: list[dict[str, Any]] | None  # axe's violations; None when axe-core is not installed


def visit_site(
    browser: Browser, site: Path, base_url: str, stop: threading.Event | None = None
) -> list[Visit]:
    """Every HTML page of the site, loaded once in Chromium, with what went wrong while it
    loaded and axe-core's verdict (a visit costs ~0.5 s, most of it axe).

    On the first page of each section and depth (``people/x/``, ``people/``, ``index.html``,
    ...), the visit also waits until Material's search worker has loaded the index ("Type to
    start searching"): the worker and its index are the same for every page, only the relative
    path to them changes with the page's place, so one page per place proves it loads cleanly.
    """
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    events = watch_context(context, base_url)
    page = context.new_page()
    result, places = [], set()
    for relative in html_pages(site):
        if stop is not None and stop.is_set():
            break
        # Leave the previous page first: its requests still in flight (the search worker, on
        # pages where the visit did not wait for it) are aborted now, not blamed on this page.
        page.goto("about:blank")
        events.clear()
        response = page.goto(base_url + page_url(relative), wait_until="load")
        problems = [] if response and response.ok else [f"HTTP {response and response.status}"]
        parts = relative.split("/")
        place = (parts[0] if len(parts) > 1 else relative, len(parts))
        if place not in places:
            places.add(place)
            try:
                page.wait_for_function(SEARCH_READY, timeout=30_000)
            except PlaywrightTimeoutError:
                problems.append("the search never became ready (index or worker failed)")
        axe = axe_violations(page, base_url) if AXE_JS.is_file() else None
        result.append(Visit(relative, problems + events.problems(), axe))
    context.close()
    return result


class BackgroundVisits(threading.Thread):
    """:func:`visit_site` in a thread with its own Playwright and Chromium, so that the crawl
    (the slowest part of the suite) overlaps the other browser tests in a serial run."""

    def __init__(self, site: Path, base_url: str) -> None:
        super().__init__(name="site-visits", daemon=True)
        self.site, self.base_url = site, base_url
        self.stop = threading.Event()
        self.visits: list[Visit] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                self.visits = visit_site(browser, self.site, self.base_url, self.stop)
                browser.close()
        except BaseException as error:  # handed to the test that waits for the result
            self.error = error

    def result(self) -> list[Visit]:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.visits is not None
        return self.visits


def is_local(url: str, origin: str) -> bool:
    """True for the local server's own URLs and for in-page schemes (data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return f"{parts.scheme}://{parts.netloc}/" == origin


def watch_context(context: BrowserContext, origin: str) -> PageEvents:
    """Record, for every page of ``context``, what :class:`PageEvents` lists.

    Requests outside ``origin`` are recorded (any one fails the tests: a published page that
    calls another host leaks its readers' visits and breaks the offline bundle). They are not
    intercepted: request interception would turn off Chromium's HTTP cache for the context.
    """
    events = PageEvents(origin)

    def on_request(request: Request) -> None:
        if not is_local(request.url, origin):
            events.outside_requests.append(request.url)

    def on_failed(request: Request) -> None:
        if is_local(request.url, origin):  # outside ones are reported once, above
            events.failed_requests.append(f"{request.url} ({request.failure})")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            events.console_errors.append(
                f"{message.text} [{where.get('url')}:{where.get('lineNumber')}]"
            )

    def on_page_error(error: Error) -> None:
        events.page_errors.append(f"{error.message} {error.stack or ''}".strip())

    def on_dialog(dialog: Dialog) -> None:
        events.dialogs.append(f"{dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    def on_page(page: Page) -> None:
        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("dialog", on_dialog)

    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on(
        "response",
        lambda r: events.bad_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    context.on("page", on_page)
    return events


def mkdocs_build_lenient(project: Path, site_dir: Path) -> tuple[Path, str]:
    """Build ``project`` with the real MkDocs with strict mode off (``--no-strict``, which
    overrides mkdocs.yml's ``strict: true``), for a corpus that holds files that are errors by
    design: their diagnostics are warnings, and the build goes on without them. Fails the test
    only when MkDocs itself fails; returns the site dir and the build log (MkDocs' stderr)."""
    return site_dir, _mkdocs(project, site_dir, "--no-strict")
