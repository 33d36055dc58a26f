"""The only module that imports MkDocs: it puts the pipeline's pages into the build.

Pages exist only inside the build (``File.generated``), so they cannot go stale and are never
edited by hand; ``watch: [source_texts]`` in mkdocs.yml makes ``mkdocs serve`` rebuild when a
transcript changes. Works with ``python -m mkdocs`` and with the plain ``mkdocs`` command.
"""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# The plain `mkdocs` command does not put the project on sys.path; the hook file knows where
# it lives.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools.model import Corpus, Interview  # noqa: E402
from build_tools.pipeline import build_corpus  # noqa: E402
from build_tools.render import esc, render_site  # noqa: E402
from build_tools.render_interview import toc  # noqa: E402

log = logging.getLogger("mkdocs.hooks.transcripts")
_corpus: Corpus | None = None
_by_slug: dict[str, Interview] = {}
_titles: dict[str, str] = {}

# Fixed pages of the site, in navigation order (generated or in docs/).
NAV_TAIL = [
    ("By date", "chronology.md"),
    ("By outlet or occasion", "outlets.md"),
    ("Method", "method.md"),
    ("About", "about.md"),
    ("Tags", "tags.md"),
]


# on_files: the pipeline runs once per build, before MkDocs reads any page, so generated pages
# take part in navigation, search and link validation like hand-written ones.
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    global _corpus, _by_slug, _titles
    source = Path(config.config_file_path).parent / "source_texts"
    _corpus = build_corpus(source)
    _by_slug = {i.id: i for i in _corpus.interviews}
    _titles = {}
    # Source errors are warnings to MkDocs: the build goes on without the bad file, and
    # `mkdocs build --strict` turns them into a failure. Source warnings are advice (info).
    for d in _corpus.diagnostics:
        (log.warning if d.level == "error" else log.info)(d.format())
    for path, markdown in render_site(_corpus).items():
        head = yaml.safe_load(markdown.split("---\n", 2)[1]) if markdown.startswith("---\n") else {}
        _titles[path] = html.unescape(str(head.get("title", path)))
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=markdown))
    return files


def _page(files: Files, path: str) -> Page | None:
    file = files.get_file_from_path(path)
    page = file.page if file is not None else None
    return page if isinstance(page, Page) else None


# on_nav: interviews grouped by year, topics and people under their overview pages. With
# navigation.prune, a page carries only its own branch of this tree, so page size does not grow
# with the archive.
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files, **kwargs: Any) -> Navigation:
    if _corpus is None:
        return nav
    items: list[Any] = []
    home = _page(files, "index.md")
    if home:
        items.append(home)
    years: dict[str, list[Any]] = {}
    for interview in reversed(_corpus.interviews):
        page = _page(files, interview.url.rstrip("/") + ".md")
        if page:
            years.setdefault((interview.main.metadata.date or "undated")[:4], []).append(page)
    items.append(Section("Interviews", [Section(y, ps) for y, ps in years.items()]))
    for title, folder in (("Topics", "topics"), ("People", "people")):
        index = _page(files, f"{folder}/index.md")
        children = sorted(
            (p for f in files.documentation_pages()
             if f.src_uri.startswith(f"{folder}/") and f.src_uri != f"{folder}/index.md"
             and (p := _page(files, f.src_uri))),
            key=lambda p: _titles.get(p.file.src_uri, p.file.src_uri).casefold(),
        )  # fmt: skip
        items.append(Section(title, [*([index] if index else []), *children]))
    items += [p for _, path in NAV_TAIL if (p := _page(files, path))]
    pages: list[Page] = []
    _link(items, None, pages)
    return Navigation(items, pages)


def _link(items: list[Any], parent: Section | None, pages: list[Page]) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item, pages)
        elif isinstance(item, Page):
            pages.append(item)


# on_page_content: an interview's questions are HTML headings (its text is escaped HTML, never
# Markdown), so Markdown's toc cannot see them; the table of contents is built from the data.
def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs: Any) -> str:
    if _corpus is None or not page.file.src_uri.startswith("interviews/"):
        return html
    slug = page.file.src_uri.removeprefix("interviews/").removesuffix(".md")
    interview = _by_slug.get(slug)
    if interview is None:
        return html
    tokens = [{"level": 2, "id": a, "name": esc(t), "children": []} for a, t in toc(interview)]
    if interview.related:
        tokens.append({"level": 2, "id": "related", "name": "Related interviews", "children": []})
    page.toc = get_toc(tokens)  # type: ignore[arg-type]
    return html
