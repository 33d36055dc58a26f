"""The only module that imports MkDocs: it puts the pipeline's pages into the build.

Pages exist only inside the build (``File.generated``), so they cannot go stale and are never
edited by hand; ``watch: [source_texts]`` in mkdocs.yml makes ``mkdocs serve`` rebuild when a
transcript changes. Works with ``python -m mkdocs`` and with the plain ``mkdocs`` command.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import YAML_RE, get_data

# The plain `mkdocs` command does not put the project on sys.path; the hook file knows where
# it lives.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools.background import BackgroundError, Pending  # noqa: E402
from build_tools.data_page import PATH as DATA_PAGE  # noqa: E402
from build_tools.data_page import data_page  # noqa: E402
from build_tools.downloads import DataFile, Settings, build_date, write_beside  # noqa: E402
from build_tools.feeds import head_links  # noqa: E402
from build_tools.memory import give_back  # noqa: E402
from build_tools.minify import collapse_whitespace  # noqa: E402
from build_tools.model import Corpus, Interview  # noqa: E402
from build_tools.navigation import NavGroup, by_date  # noqa: E402
from build_tools.page_bodies import PageBodies  # noqa: E402
from build_tools.pipeline import build_corpus  # noqa: E402
from build_tools.progress import for_stream  # noqa: E402
from build_tools.render import Markdown, esc, page_path, render_pages  # noqa: E402
from build_tools.render_interview import toc  # noqa: E402
from build_tools.rules import load_rules  # noqa: E402
from build_tools.search_index import (  # noqa: E402
    exclude_elements,
    exclude_sections,
    offline_share,
    opening_only,
    pagefind_opening,
    pagefind_opening_only,
    slim_index,
    within_share,
)
from build_tools.search_merge import MergeError  # noqa: E402
from build_tools.search_slices import SLICE_ENV, SLICE_PAGES, PagefindError, index_site  # noqa: E402
from build_tools.share import Shared, head_tags, shared_of, topic_names  # noqa: E402

log = logging.getLogger("mkdocs.hooks.transcripts")
# What the later events need from the corpus, kept small: the corpus itself is dropped once
# its pages are rendered, because MkDocs then holds every page's HTML at once (memory).
_built = False
_summary = ""
_interview_count = 0
_groups: list[NavGroup] = []
_urls: dict[str, str] = {}
_tocs: dict[str, list[dict[str, Any]]] = {}
_titles: dict[str, str] = {}
_bodies = PageBodies()  # generated page -> its HTML body, in a temporary file until written
_files: Files | None = None  # this build's files (the body's links are resolved against them)
_shared: dict[str, Shared] = {}  # interview page (source path) -> what its <head> shares
_topic_names: dict[str, str] = {}  # topic id -> name, for _shared
_unsearched: set[str] = set()  # pages whose own front matter keeps them out of search
_indexed: set[str] = set()  # online: the site paths of the pages Pagefind reads
_started = _pipeline_seconds = 0.0
# Site paths of the feeds written (for the links in the heads of feeds.FEED_PAGES).
_feeds: set[str] = set()
_command = ""  # the MkDocs command running (on_startup): "build", "serve", "gh-deploy"
_nav: Navigation | None = None  # this build's navigation (the second process renders with it)
# Generated pages the second page-writing process writes, each with its own template setting;
# in this process they get an empty template instead (on_page_content says why).
_delegated: dict[str, str | None] = {}
_second: Pending[int] | None = None  # the second page-writing process, while it runs
# Set TRANSCRIPTS_PARALLEL_PAGES=0 to write every page in the main process.
PARALLEL_PAGES = "TRANSCRIPTS_PARALLEL_PAGES"
ELSEWHERE_TEMPLATE = "ta-written-elsewhere.html"  # in overrides/: renders nothing

# The offline bundle (Material's offline plugin) loads the iframe-worker shim, which lets the
# search worker run under file://, from a CDN unless a local copy is listed in extra.polyfills.
# The copy comes from the npm package (package.json), installed at build time, never committed.
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"

# Online builds: Material's search box asks this worker (docs/assets) instead of its own lunr
# worker; it answers in Material's message protocol from Pagefind's index (build_tools/
# search_index.py). The theme override (overrides/main.html) swaps the URL in __config; the
# hook puts its folder in front of the theme's (as theme.custom_dir would, but found from this
# file, so a copy of mkdocs.yml elsewhere still builds).
OVERRIDES = ROOT / "overrides"
PAGEFIND_WORKER_URI = "assets/search-pagefind.js"
MATERIAL_WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

# Fixed pages of the site, in navigation order (generated or in docs/).
NAV_TAIL = [
    ("By date", "chronology.md"),
    ("By outlet or occasion", "outlets.md"),
    ("Repeated statements", "statements.md"),
    ("Data", "data.md"),
    ("Method", "method.md"),
    ("About", "about.md"),
    ("Tags", "tags.md"),
]


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


# on_startup: pages are written by two processes only in a one-off build (on_files says when);
# `mkdocs serve` rebuilds in a process that runs a web server and file watchers.
def on_startup(command: str, dirty: bool, **kwargs: Any) -> None:
    global _command
    _command = command


def _parallel_pages(config: MkDocsConfig) -> bool:
    """Whether a second process writes half the generated pages. MkDocs writes pages one after
    another on one core (2,100 pages at 1,000 interviews) while the other waits.
    Online builds only: offline, Material's search plugin collects its index from each page as
    it is written, in the process that writes it."""
    return (
        _command in ("build", "gh-deploy")
        and not _offline(config)
        and os.environ.get(PARALLEL_PAGES, "1") != "0"
        and (os.cpu_count() or 1) > 1
        and hasattr(os, "fork")
    )


# on_config: the offline bundle must make no request outside file://. It gets no site_url (so no
# canonical links or sitemap pointing at the online site) and the shim from node_modules, not
# from a CDN. Runs in either order with the offline plugin: whichever comes second sees a
# polyfill containing "iframe-worker" and keeps it.
def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    if _offline(config):
        config.site_url = None
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = [*polyfills, SHIM_URI]
    else:
        if str(OVERRIDES) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(OVERRIDES))
        config.extra["search_worker"] = {"material": _material_worker(config),
                                         "pagefind": PAGEFIND_WORKER_URI}  # fmt: skip
    return config


def _material_worker(config: MkDocsConfig) -> str:
    """The site-relative URL of Material's own search worker (its name holds a hash that
    changes with each Material release), which overrides/main.html replaces in __config."""
    for folder in config.theme.dirs:
        found = sorted(Path(folder).glob(MATERIAL_WORKER_GLOB))
        if found:
            return found[0].relative_to(folder).as_posix()
    raise PluginError(f"Material's search worker ({MATERIAL_WORKER_GLOB}) is not in the theme")


def _static_files(config: MkDocsConfig) -> list[File]:
    """The shim for the offline bundle; robots.txt for the published site."""
    if _offline(config):
        if not SHIM.is_file():
            raise PluginError(
                f"The offline build needs {SHIM.relative_to(ROOT)} (the shim that runs search "
                "under file://). Fix: run `make offline`, which installs it, or `npm ci "
                "--ignore-scripts`."
            )
        return [File.generated(config, SHIM_URI, abs_src_path=str(SHIM))]
    if not config.site_url:
        return []
    # Crawlers read robots.txt only at a host's root: it takes effect when the archive is the
    # whole site (a user site or a custom domain); under a project path it is harmless.
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.site_url}sitemap.xml\n"
    return [File.generated(config, "robots.txt", content=robots)]


# on_files: the pipeline runs once per build, before MkDocs reads any page, so generated pages
# take part in navigation, search and link validation like hand-written ones.
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    global _built, _summary, _interview_count, _groups, _urls, _tocs, _titles, _bodies
    global _started, _pipeline_seconds, _files
    # SOURCE_TEXTS builds the site from another folder (a scratch corpus, a test's hostile one).
    source = Path(
        os.environ.get("SOURCE_TEXTS") or Path(config.config_file_path).parent / "source_texts"
    )
    _started = time.perf_counter()
    # All cores read files; results are cached by content in build/cache, so a rebuild (mkdocs
    # serve after an edit) reads only the changed file. Progress goes to stderr.
    # TRANSCRIPTS_CACHE moves the cache (the benchmark gives each archive a fresh one).
    cache = Path(os.environ.get("TRANSCRIPTS_CACHE") or ROOT / "build" / "cache")
    # Nothing after linking reads the shingles: they go then (160 MB at 5,000 files).
    corpus = build_corpus(
        source, jobs=None, cache_dir=cache, progress=for_stream(), keep_link_inputs=False
    )
    _pipeline_seconds = time.perf_counter() - _started
    _bodies.close()  # the last build's (mkdocs serve), if any
    _titles, _bodies, _files = {}, PageBodies(cache), files
    _unsearched.clear()
    _indexed.clear()
    # Source errors are warnings to MkDocs: the build goes on without the bad file, and
    # `mkdocs build --strict` turns them into a failure. Source warnings are advice (info).
    for d in corpus.diagnostics:
        (log.warning if d.level == "error" else log.info)(d.format())
    _keep_facts(corpus)
    # The downloads are written by a process of their own while this one renders the pages
    # (downloads.write_beside): each takes 5 s on one core at 1,000 interviews. The rendering
    # unpacks and gives back each interview's turns while they are sent: that changes no
    # value, and a packed instance is pickled from the pickles it keeps (model.Packed).
    writing = _Downloads(corpus, Path(config.site_dir), _settings(config))
    try:
        # Each page's body goes to a file as soon as it is rendered (render_pages): the
        # pages are never all held as text at once.
        for path, markdown in render_pages(corpus, each=_keep_interview_facts):
            _keep_page(path, markdown, files, config)
    except BaseException:
        writing.cancel()  # no downloads beside a build that failed, or the next one
        raise
    downloads = writing.result()
    del corpus
    _feeds.clear()
    _feeds.update(f.path for f in downloads if f.path.startswith("feeds/"))
    _keep_page(DATA_PAGE, data_page(downloads), files, config)
    for file in _static_files(config):
        files.append(file)
    for data in downloads:
        files.append(_download_file(config, data))
    give_back()  # the corpus and the rendered pages: before the second page writer forks
    _delegated.clear()
    if _parallel_pages(config):
        # Every second generated page, so that both processes get as many interviews and as
        # many listing parts.
        _delegated.update(dict.fromkeys(list(_bodies)[1::2]))
    return files


def _keep_page(path: str, markdown: Markdown, files: Files, config: MkDocsConfig) -> None:
    """Register a generated page with MkDocs, its body kept aside in a file."""
    head, body, meta = _split_page(markdown)
    _titles[path] = html.unescape(str(meta.get("title", path)))
    # MkDocs holds every page's content from reading the pages until the last is written: the
    # bodies wait on disk (page_bodies.py) and go to their page just before it is
    # written (on_page_context), and MkDocs reads only the front matter.
    _bodies.put(path, body)
    existing = files.get_file_from_path(path)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, path, content=head))


_FRONT_MATTER = re.compile(YAML_RE.pattern.encode(), YAML_RE.flags & ~re.UNICODE)
"""MkDocs' front-matter block, for a page's UTF-8 bytes (no byte of a multi-byte character is
ASCII, so it matches where the text's expression matches)."""


def _split_page(markdown: Markdown) -> tuple[str, Markdown, dict[str, Any]]:
    """A page's front matter block (up to its body), its body and the front matter's values, as
    MkDocs' own reader splits them: a "---" inside a value (a speaker label like "Ivan
    Petrov---") must not end the block early. A page read back from the cache as bytes
    (render.Markdown) has only its front matter decoded; its body is passed on as bytes."""
    if isinstance(markdown, str):
        text, meta = get_data(markdown)
        return markdown[: len(markdown) - len(text)], text, meta
    found = _FRONT_MATTER.match(markdown)
    if found is None:
        return _split_page(markdown.decode("utf-8"))
    end = found.end()
    rest, meta = get_data(markdown[:end].decode("utf-8"))
    if rest:  # not front matter after all (MkDocs keeps the page whole then)
        return "", markdown, {}
    body = markdown[end:].lstrip(b"\n")
    return markdown[: len(markdown) - len(body)].decode("utf-8"), body, meta


# The downloads are written straight into site_dir (MkDocs has cleaned it before on_files),
# each registered as a file whose source is its destination: MkDocs skips copying a file
# onto itself, so hundreds of megabytes at scale are written once, with no staging folder.
def _settings(config: MkDocsConfig) -> Settings:
    """What the downloads need from the configuration. Feeds need the site's address: the
    offline bundle, which has none, gets none."""
    date = build_date(os.environ.get("SOURCE_DATE_EPOCH"))
    return Settings(config.site_url or None, date, config.site_name)


class _Downloads:
    """The downloads being written (downloads.write_beside); ``result()`` logs them."""

    def __init__(self, corpus: Corpus, site_dir: Path, settings: Settings) -> None:
        self._started = time.perf_counter()
        self._writing = write_beside(corpus, site_dir, settings)

    def cancel(self) -> None:
        self._writing.cancel()

    def result(self) -> list[DataFile]:
        files = self._writing.result()
        log.info(
            f"downloads: {len(files)} files, {sum(f.size for f in files) / 1e6:.1f} MB, "
            f"done {time.perf_counter() - self._started:.1f} s after they were begun"
        )
        return files


def _download_file(config: MkDocsConfig, data: DataFile) -> File:
    """A download as a static file of the site, already in place. A ``.md`` download is not a
    page: it gets a source name MkDocs does not read as Markdown, and its own as destination."""
    source = str(Path(config.site_dir, data.path))
    if not data.path.endswith(".md"):
        return File.generated(config, data.path, abs_src_path=source)
    file = File.generated(config, data.path + ".download", abs_src_path=source)
    file.dest_uri = data.path
    return file


def _keep_facts(corpus: Corpus) -> None:
    """What navigation, tables of contents and the summary need, taken from the corpus."""
    global _built, _summary, _interview_count, _groups, _urls, _tocs, _shared
    levels = Counter(d.level for d in corpus.diagnostics)
    _built = True
    _summary = (
        f"{len(corpus.interviews)} interviews, {len(corpus.rejected)} rejected, "
        f"{levels['error']} errors, {levels['warning']} warnings"
    )
    _interview_count = len(corpus.interviews)
    _groups = by_date(corpus.interviews)
    _urls = {i.id: i.url for i in corpus.interviews}
    _tocs, _shared = {}, {}
    _topic_names.clear()
    _topic_names.update(topic_names())


def _keep_interview_facts(interview: Interview) -> None:
    """An interview's table of contents and what its page shares, taken while the rendering
    has its turns unpacked (both read them: the questions' headings, who speaks). Taken in a
    pass of their own, the turns were unpacked once more (0.4 s at 1,000 interviews); left
    unpacked, they added 616 MB at 5,000."""
    _tocs[interview.id] = _toc_tokens(interview)
    _shared[page_path(interview.url)] = shared_of(interview, _topic_names)


def _toc_tokens(interview: Interview) -> list[dict[str, Any]]:
    tokens = [{"level": 2, "id": a, "name": esc(t), "children": []} for a, t in toc(interview)]
    if interview.related:
        tokens.append({"level": 2, "id": "related", "name": "Related interviews", "children": []})
    return tokens


def _page(files: Files, path: str) -> Page | None:
    file = files.get_file_from_path(path)
    page = file.page if file is not None else None
    return page if isinstance(page, Page) else None


# on_nav: interviews grouped by year (by month in a large year: navigation.py), topics and
# people under their overview pages; the later parts of a long listing (render_parts.py) are
# reached from its pager, not the sidebar. With navigation.prune, a page carries only its own branch
# of this tree, so page size does not grow with the archive.
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files, **kwargs: Any) -> Navigation:
    if not _built:
        return nav
    items: list[Any] = []
    home = _page(files, "index.md")
    if home:
        items.append(home)
    everything = _page(files, "interviews/index.md")  # "All interviews" (render_facets.py)
    items.append(Section("Interviews", [*([everything] if everything else []),
                                        *_sections(_groups, files)]))  # fmt: skip
    for title, folder in (("Topics", "topics"), ("People", "people")):
        index = _page(files, f"{folder}/index.md")
        children = sorted(
            (p for f in files.documentation_pages()
             if f.src_uri.startswith(f"{folder}/") and f.src_uri.count("/") == 1
             and f.src_uri != f"{folder}/index.md"
             and (p := _page(files, f.src_uri))),
            key=lambda p: _titles.get(p.file.src_uri, p.file.src_uri).casefold(),
        )  # fmt: skip
        items.append(Section(title, [*([index] if index else []), *children]))
    items += [p for _, path in NAV_TAIL if (p := _page(files, path))]
    pages: list[Page] = []
    _link(items, None, pages)
    _footer_links(pages, files)
    global _nav
    _nav = Navigation(items, pages)
    return _nav


def _footer_links(pages: list[Page], files: Files) -> None:
    """Previous and next (the theme's footer) in the order of this navigation. MkDocs set them
    from its own navigation, in file order, before on_nav; a page outside this one (a later
    part of a long listing, reached from its pager) gets none."""
    for file in files.documentation_pages():
        if isinstance(file.page, Page):
            file.page.previous_page = file.page.next_page = None
    for n, page in enumerate(pages):
        page.previous_page = pages[n - 1] if n else None
        page.next_page = pages[n + 1] if n + 1 < len(pages) else None


def _sections(groups: Sequence[NavGroup | str], files: Files) -> list[Any]:
    """Sections for groups, pages for interview ids (navigation.py decides the grouping)."""
    items: list[Any] = []
    for item in groups:
        if isinstance(item, NavGroup):
            items.append(Section(item.title, _sections(item.items, files)))
        elif page := _page(files, _urls[item].rstrip("/") + ".md"):
            items.append(page)
    return items


def _link(items: list[Any], parent: Section | None, pages: list[Page]) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item, pages)
        elif isinstance(item, Page):
            pages.append(item)


# on_page_markdown: a generated page's body is HTML already (render.py escapes every piece of
# text and emits only HTML blocks), so it skips Python-Markdown, which would only re-parse it:
# that parse was most of the build time, and for a 50 MB transcript it ran for many minutes.
# The body is put back in on_page_content. Hand-written pages in docs/ are Markdown as usual.
# Online, every page is left out of Material's own search index (Pagefind indexes the built
# site), so the browser no longer downloads and builds an index of the whole corpus; a page
# that asked to be left out of search (a listing's continuation part) is noted first, so that
# Pagefind leaves it out too.
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _offline(config):
        if (page.meta.get("search") or {}).get("exclude"):
            _unsearched.add(page.file.src_uri)
        else:
            _indexed.add(page.file.dest_uri)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return "" if page.file.src_uri in _bodies else markdown


# on_page_content: a generated page's body is put in later (on_page_context), so that MkDocs
# does not hold every page's HTML at once; its table of contents is set now, from the data (an
# interview's questions are HTML headings, which Markdown's toc cannot see). A hand-written
# page's content is finished here.
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri not in _bodies:
        return _finish_body(html, page, config, files)
    page.file.content_string = ""  # the front matter, read already
    if page.file.src_uri in _delegated:
        # Written by the second process (on_env): here its template renders nothing, and
        # MkDocs skips a page whose output is empty.
        _delegated[page.file.src_uri] = page.meta.get("template")
        page.meta["template"] = ELSEWHERE_TEMPLATE
    tokens = _tocs.get(page.file.src_uri.removeprefix("interviews/").removesuffix(".md"))
    if page.file.src_uri.startswith("interviews/") and tokens is not None:
        page.toc = get_toc(tokens)  # type: ignore[arg-type]
    return ""


# on_env: last of all plugins, once every page is read and the theme is ready, the second
# process starts writing its pages (a fork: it has the whole build's state as it is now).
@event_priority(-100)
def on_env(env: Any, config: MkDocsConfig, files: Files, **kwargs: Any) -> Any:
    global _second
    if _delegated and _nav is None:  # no navigation of ours to render them with: write here
        for file in files.documentation_pages():
            if file.src_uri in _delegated and isinstance(file.page, Page):
                _restore_template(file.page)
        _delegated.clear()
    if _delegated and _nav is not None:
        _second = Pending(_write_delegated, env, config, files, _nav)
        logging.getLogger("mkdocs.commands.build").addFilter(_SKIPPED)
        for path in _delegated:  # the second process has them
            _bodies.discard(path)
    return env


def _write_delegated(env: Any, config: MkDocsConfig, files: Files, nav: Navigation) -> int:
    """In the second process: write the delegated pages as MkDocs' own loop writes a page.
    Returns how many warnings were logged (the main process counts them for --strict)."""
    counter = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in pages:
        if file.src_uri in _delegated and isinstance(file.page, Page):
            _restore_template(file.page)
            _build_page(file.page, config, pages, nav, env)
    return counter.count


def _restore_template(page: Page) -> None:
    """A delegated page's own template setting, in place of the empty one."""
    template = _delegated[page.file.src_uri]
    if template is None:
        page.meta.pop("template", None)
    else:
        page.meta["template"] = template


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _NotSkipped(logging.Filter):
    """MkDocs says "Page skipped" for each page the second process writes: not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in _delegated)


_SKIPPED = _NotSkipped()


# on_page_context: first of all plugins (the search plugin reads the content here), a
# generated page gets its body, just before its template is rendered.
@event_priority(100)
def on_page_context(context: Any, page: Page, config: MkDocsConfig, **kwargs: Any) -> Any:
    body = _bodies.pop(page.file.src_uri)
    if body is not None and _files is not None:
        page.content = _finish_body(body, page, config, _files)
    return context


def _finish_body(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A page's body as the site shows it: links for the kind of build, and what each search
    index leaves out."""
    if not config.use_directory_urls:
        if page.file.src_uri in _titles:
            html = _relative_file_links(html, page)
        html = _file_links(html, page, files)
    if _offline(config) and opening_only(page.file.src_uri):
        # Offline, lists of interviews keep only their opening section in the index built in
        # the reader's browser (build_tools/search_index.py says why).
        html = exclude_sections(html)
    if not _offline(config) and pagefind_opening_only(page.file.src_uri):
        # Online, Pagefind indexes a listing's opening only (search_index.py,
        # PAGEFIND_OPENING_ONLY, says why), and never reads its continuation parts (_pagefind).
        html = pagefind_opening(html)
    interview = page.file.src_uri.removeprefix("interviews/").removesuffix(".md")
    if page.file.src_uri.startswith("interviews/") and interview in _tocs and _offline(config):
        # The offline index is built in the reader's browser at page load: it holds each
        # interview's opening questions and answers up to its share of a budget
        # (search_index.py).
        share = offline_share(_interview_count)
        html = within_share(exclude_elements(html), share)
    return html


def _directory_url(src_uri: str) -> str:
    """The URL a page has with directory URLs: ``topics/index.md`` -> ``topics/``."""
    path = src_uri.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index")
    return path + "/" if path else ""


# Generated pages link to each other with relative directory URLs (``../../topics/nato/``):
# their HTML is not Markdown, so MkDocs cannot rewrite those links. The offline bundle has
# file URLs (``topics/nato.html``), so they are rewritten here from the list of pages.
_DIRECTORY_LINK = re.compile(r'href="((?:[\w.-]+/)+)(#[^"]*)?"')


def _file_links(html: str, page: Page, files: Files) -> str:
    urls = {_directory_url(f.src_uri): f.url for f in files.documentation_pages()}
    here = _directory_url(page.file.src_uri)
    base = posixpath.dirname(page.file.url)

    def relink(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join("/" + here, match[1])).lstrip("/")
        url = urls.get(target + "/" if target else "")
        if url is None:
            return match[0]
        return f'href="{posixpath.relpath(url, base or ".")}{match[2] or ""}"'

    return _DIRECTORY_LINK.sub(relink, html)


# Generated pages link to files (the data downloads) relative to their directory URL
# (``../../data/interviews/x.txt`` from ``interviews/x/``); with file URLs the page sits one
# folder up (``interviews/x.html``), so each such link is resolved and made relative again.
_RELATIVE_FILE_LINK = re.compile(r'href="((?:\.\./)*(?:[\w.-]+/)*[\w-][\w.-]*\.[\w.]+)"')


def _relative_file_links(html: str, page: Page) -> str:
    here = "/" + _directory_url(page.file.src_uri)
    base = posixpath.dirname(page.file.url) or "."

    def relink(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, match[1])).lstrip("/")
        return f'href="{posixpath.relpath(target, base)}"'

    return _RELATIVE_FILE_LINK.sub(relink, html)


# on_post_page: pages in another language than the site's say so in <html lang> (the theme
# sets one language for the whole site). The theme's indentation goes (minify.py): it was a
# quarter of an interview page at 1,000 interviews. Interview pages get, in <head>, the address
# their citations name and, online, Open Graph and JSON-LD (share.py).
def on_post_page(output: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    if page.meta.get("template") == ELSEWHERE_TEMPLATE:
        return ""  # the second process writes it
    lang = page.meta.get("lang")
    site = config.theme["language"]
    if lang and lang != site:
        output = output.replace(f'<html lang="{site}"', f'<html lang="{esc(str(lang))}"', 1)
    if _feeds:
        links = head_links(page.file.url, page.file.src_uri, _feeds, str(page.title or ""))
        output = output.replace("</head>", links + "</head>", 1)
    head = _head_extra(page, config)
    if head:
        output = output.replace("</head>", head + "</head>", 1)
    if page.file.src_uri in _titles:
        page.content = ""  # written: MkDocs would keep it to the end of the build
    return collapse_whitespace(output)


def _head_extra(page: Page, config: MkDocsConfig) -> str:
    """On interview pages: the archive's address for the citations (cite.js), and online the
    Open Graph and JSON-LD metadata (share.py)."""
    shared = _shared.get(page.file.src_uri)
    if shared is None:
        return ""
    archive = config.site_url or str(config.extra.get("archive_url") or "")
    out = f'<meta name="ta-archive-url" content="{esc(archive)}">' if archive else ""
    if config.site_url:
        out += head_tags(shared, config.site_url, config.site_name)
    return out


def _pagefind(config: MkDocsConfig) -> None:
    """Index the written site with Pagefind (online builds), in slices of bounded memory
    (search_slices.py), logging its time and the largest run's peak memory."""
    started = time.perf_counter()
    setting = os.environ.get(SLICE_ENV) or str(SLICE_PAGES)
    if not setting.isdigit() or int(setting) < 1:
        raise PluginError(f"{SLICE_ENV}={setting!r}: Fix: a number of pages, 1 or more.")
    slice_pages = int(setting)
    try:
        report = index_site(
            Path(config.site_dir),
            sorted(_indexed),
            str(config.theme["language"]),
            slice_pages=slice_pages,
        )
    except PagefindError as error:
        raise PluginError(
            f"Pagefind indexing {config.site_dir} failed: {error}\n"
            "Fix: `make install` installs it (pagefind[bin] in requirements.lock)."
        ) from error
    except MergeError as error:  # its message names the file and the fix
        raise PluginError(f"Writing the search index in {config.site_dir}: {error}") from error
    runs = (
        f" ({report.slices} runs of up to {slice_pages} pages, {report.index_seconds:.1f} s; "
        f"merged in {report.merge_seconds:.1f} s)"
    )
    slim = report.fragments
    log.info(
        f"pagefind: {report.pages} pages indexed in {time.perf_counter() - started:.1f} s, "
        f"peak memory {report.peak_mb:.0f} MB{runs if report.slices > 1 else ''}; "
        f"{slim.files} fragments slimmed from {slim.bytes_before / 1e6:.1f} to "
        f"{slim.bytes_after / 1e6:.1f} MB in {report.slim_seconds:.1f} s"
    )


# on_post_build: online, Pagefind indexes the written site. The offline bundle lists no online
# URLs (sitemap) and its theme scripts hold no external address a browser could fetch
# (rules/offline.yaml says which and why).
def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _wait_for_second()
    _bodies.close()  # every page is written
    if _built:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        mkdocs_seconds = time.perf_counter() - _started - _pipeline_seconds
        log.info(
            f"transcripts: {_summary}; pipeline {_pipeline_seconds:.1f} s, "
            f"MkDocs {mkdocs_seconds:.1f} s, peak memory {peak:.0f} MB"
        )
    if not _offline(config):
        give_back()  # before Pagefind, the build's largest process, starts beside this one
        _pagefind(config)
        return
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        Path(config.site_dir, name).unlink(missing_ok=True)
    # Before the offline plugin (which runs last) inlines the index into search_index.js.
    index = Path(config.site_dir, "search", "search_index.json")
    if index.is_file():
        index.write_text(slim_index(index.read_text(encoding="utf-8")), encoding="utf-8")
    rules = load_rules("offline")
    for script in sorted(Path(config.site_dir, "assets", "javascripts").glob("*.js")):
        text = script.read_text(encoding="utf-8")
        new = text
        for rule in rules["replace_in_theme_scripts"]:
            new = new.replace(rule["prefix"], rules["local_prefix"])
        if new != text:
            script.write_text(new, encoding="utf-8")


def _wait_for_second() -> None:
    """Wait for the second page-writing process; its failure is the build's."""
    global _second
    if _second is None:
        return
    second, _second = _second, None
    logging.getLogger("mkdocs.commands.build").removeFilter(_SKIPPED)
    try:
        warnings = second.result()
    except BackgroundError as error:
        raise PluginError(f"Writing pages in the second process failed:\n{error}") from error
    log.info(f"pages: {len(_delegated)} of them written by a second process")
    if warnings:
        log.warning(f"{warnings} warning(s) while writing pages in the second process (above)")


# on_build_error: a failed build stops the second page-writing process, which must not go on
# writing into a site that is being cleaned or built again.
def on_build_error(error: Exception, **kwargs: Any) -> None:
    global _second
    logging.getLogger("mkdocs.commands.build").removeFilter(_SKIPPED)
    if _second is not None:
        _second.cancel()
        _second = None
