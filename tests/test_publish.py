"""What publishing needs, checked on real builds made with the project's own `make` targets.

- The published site: ``site_url`` from one setting (``SITE_URL``) reaches canonical links, the
  sitemap, robots.txt and the 404 page; every page has its own description and ``<html lang>``.
- Reproducible: two ``make site`` runs give identical trees, two ``make offline`` runs identical
  zips (sorted entries, one fixed time stamp from ``SOURCE_DATE_EPOCH``).
- The offline bundle: file URLs throughout, every internal link and anchor resolves inside it,
  and no HTML, CSS or JS in it holds an external URL a browser could fetch. What a reader sees
  in Chromium from ``file://`` is in ``tests/browser/test_offline.py``.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from build_tools.bundle import bundle_name
from build_tools.language import detect
from tests.conftest import EPOCH, make

pytestmark = pytest.mark.slow

SITE_URL = "https://archive.example.org/lavrov/"
NAME = "transcript-archive"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    run = make("site", {"SITE_URL": SITE_URL}, SITE_DIR=out)
    (out.parent / "build.log").write_text(run.stderr, encoding="utf-8")
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def page_address(site: Path, path: Path) -> str:
    """The published URL of a built page (directory URLs)."""
    rel = path.relative_to(site).as_posix().removesuffix("index.html")
    return SITE_URL + rel


# --- the published site -------------------------------------------------------------------


def test_every_page_has_its_canonical_url_from_the_one_setting(site: Path) -> None:
    for path in pages(site):
        link = soup(path).find("link", rel="canonical")
        assert isinstance(link, Tag), f"{path}: no canonical link"
        assert link["href"] == page_address(site, path), path


def test_sitemap_lists_every_page_at_the_published_address(site: Path) -> None:
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    assert listed == {page_address(site, p) for p in pages(site)}
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == xml


def test_robots_txt_allows_crawling_and_names_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines


def test_pagefind_indexes_every_page_but_the_404_page(site: Path) -> None:
    """Pagefind reads a folder of hard links to the pages it indexes (mkdocs_hook._pagefind):
    every page of the seed site (none is a listing's continuation part) and not the 404 page;
    the folder is gone after the build."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.add(json.loads(data[data.index(b"{") :])["url"])
    expected = {
        "/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in pages(site)
    }
    assert urls == expected
    assert not list(site.parent.glob(".pagefind-*"))  # search_slices.index_site's work folder


def test_404_page_works_at_any_depth(site: Path) -> None:
    """GitHub Pages serves 404.html for any missing path, so its links must be absolute."""
    page = soup(site / "404.html")
    assert "404" in page.get_text()
    path = urlsplit(SITE_URL).path
    stylesheets = [str(link["href"]) for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets and all(h.startswith(path) for h in stylesheets), stylesheets


def test_every_page_has_a_description_of_its_own(site: Path) -> None:
    seen: dict[str, Path] = {}
    for path in pages(site):
        meta = soup(path).find("meta", attrs={"name": "description"})
        assert isinstance(meta, Tag), f"{path}: no description"
        text = str(meta["content"])
        assert 30 <= len(text) <= 300, f"{path}: {text!r}"
        assert text not in seen, f"{path} and {seen.get(text)} share {text!r}"
        seen[text] = path


def test_html_lang_is_the_language_of_the_page(site: Path) -> None:
    for path in pages(site):
        html = soup(path).find("html")
        assert isinstance(html, Tag)
        article = soup(path).select_one("article")
        text = article.get_text(" ") if article else ""
        assert html["lang"] == detect(text), path


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Sergey Lavrov: We are ready to talk.", "en"),
        ("Сергей Лавров: Мы готовы к разговору.", "ru"),
        ("The word «мир» means both peace and world.", "en"),  # a Russian word in English
        ("1945 — 2025", "en"),  # no letters: the archive's default
    ],
)
def test_language_is_told_by_the_script_of_most_letters(text: str, language: str) -> None:
    assert detect(text) == language


# --- reproducible -------------------------------------------------------------------------


def test_two_site_builds_are_identical(site: Path, tmp_path: Path) -> None:
    """The second build runs with another hash seed, and writes every page in the main
    process: no output may depend on set order, or on which process wrote a page."""
    again = tmp_path / "site"
    env = {"SITE_URL": SITE_URL, "PYTHONHASHSEED": "1", "TRANSCRIPTS_PARALLEL_PAGES": "0"}
    run = make("site", env, SITE_DIR=again)
    assert "written by a second process" not in run.stderr
    differences = _compare_trees(site, again)
    assert not differences, differences


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one process writes the pages")
def test_a_second_process_writes_half_the_generated_pages(site: Path) -> None:
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    written = re.search(r"pages: (\d+) of them written by a second process", log)
    assert written, log
    interviews = len(list((site / "interviews").glob("*/index.html")))
    assert int(written[1]) >= interviews // 2  # every second generated page, at least
    assert "Page skipped" not in log  # the main process skips them without a word


def _compare_trees(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return [f"only in one: {sorted(set(files_a) ^ set(files_b))}"]
    return [f for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]


def test_two_offline_bundles_are_identical(offline_bundle: Path, tmp_path: Path) -> None:
    make("offline", OFFLINE_SITE=tmp_path / "site", DIST=tmp_path / "dist")
    again = tmp_path / "dist" / offline_bundle.name
    assert again.read_bytes() == offline_bundle.read_bytes()


def test_the_zip_has_sorted_entries_one_time_stamp_and_one_folder(offline_bundle: Path) -> None:
    assert offline_bundle.name == bundle_name(NAME, int(EPOCH)) == f"{NAME}-offline-2025-03-21.zip"
    with zipfile.ZipFile(offline_bundle) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(2025, 3, 21, 0, 0, 0)}
    assert {n.split("/", 1)[0] for n in names} == {offline_bundle.name.removesuffix(".zip")}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_make_offline_replaces_an_older_bundle(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / f"{NAME}-offline-2001-01-01.zip").write_bytes(b"old")
    (dist / "notes.txt").write_text("kept")
    make("offline", OFFLINE_SITE=tmp_path / "site", DIST=dist)
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        [bundle_name(NAME, int(EPOCH)), "notes.txt"]
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_failed_build_leaves_the_last_good_site_and_zip(tmp_path: Path) -> None:
    """A build that fails (here: --strict on a source with an error) replaces nothing: the
    last good site and zip stay as they were, and no half-written copy is left beside them."""
    site, offline, dist = tmp_path / "site", tmp_path / "offline", tmp_path / "dist"
    make("site", SITE_DIR=site)
    make("offline", OFFLINE_SITE=offline, DIST=dist)
    good_site, good_zip = _snapshot(site), _snapshot(dist)
    bad = tmp_path / "bad-sources"
    bad.mkdir()
    (bad / "broken.txt").write_bytes(b"")
    failed = make("site", {"SOURCE_TEXTS": str(bad)}, ok=False, SITE_DIR=site)
    assert "broken.txt: error: empty file" in failed.stdout + failed.stderr
    make("offline", {"SOURCE_TEXTS": str(bad)}, ok=False, OFFLINE_SITE=offline, DIST=dist)
    assert _snapshot(site) == good_site
    assert _snapshot(dist) == good_zip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad-sources", "dist", "offline", "site"]


# --- the offline bundle -------------------------------------------------------------------


def test_offline_pages_use_file_urls_and_every_link_resolves(offline_site: Path) -> None:
    interviews = sorted(p.name for p in (offline_site / "interviews").iterdir())
    assert interviews and all(n.endswith(".html") for n in interviews), interviews
    broken = []
    for path in pages(offline_site):
        for a in soup(path).find_all("a", href=True):
            href = str(a["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # a link out, which a reader may follow (checked below)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir() or not target.is_file():
                broken.append(f"{path.relative_to(offline_site)}: {href}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and soup(target).find(id=unquote(parts.fragment)) is None
            ):
                broken.append(f"{path.relative_to(offline_site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_offline_bundle_has_no_sitemap_and_a_local_search_shim(offline_site: Path) -> None:
    assert not (offline_site / "sitemap.xml").exists()
    assert not (offline_site / "robots.txt").exists()
    home = soup(offline_site / "index.html")
    scripts = [str(s["src"]) for s in home.find_all("script", src=True)]
    assert "assets/javascripts/iframe-worker-shim.js" in scripts
    assert (offline_site / "assets/javascripts/iframe-worker-shim.js").is_file()
    assert (offline_site / "search" / "search_index.js").is_file()


# External URLs that may stay in the bundle although they are not links: XML namespace names
# (identifiers, never fetched) and messages the theme's scripts print (text for a developer).
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
              "http://www.w3.org/1999/xhtml", "http://www.w3.org/XML/1998/namespace")  # fmt: skip
MESSAGES = {
    "https://bit.ly/2s3ChXG": "lunr's console warning about an invalid query",
    "https://github.com/isaacs/node-glob/issues/167": "an error message in lunr's wordcut",
}
# Absolute URLs, URLs built in template strings, and protocol-relative URLs in a string or url().
_URL = re.compile(r"""https?://[^\s"'`()<>\\]+|(?<=["'`(])//[\w.-]+\.[a-z]{2,}[^\s"'`()<>\\]*""")


def _in_comment(text: str, at: int) -> bool:
    """Whether position ``at`` of a script or stylesheet is inside a comment (license headers,
    notes), where a URL is text for a developer, never fetched."""
    for opener, closers in (("/*", ("*/",)), ("!--", ("-->", "--\\3e"))):  # \3e: CSS for >
        start = text.rfind(opener, 0, at)
        if start != -1 and not any(text.find(c, start, at) != -1 for c in closers):
            return True  # inside a script comment, or an SVG comment in a stylesheet's data URI
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return line.lstrip().startswith(("//", "*"))


def external_urls(root: Path) -> list[str]:
    """Every external URL in the bundle's HTML, CSS and JS that a browser might fetch: all but
    link targets a reader may follow, namespace names, comments and known messages."""
    found = []

    def scan_code(where: str, code: str) -> None:
        for m in _URL.finditer(code):
            url = m[0]
            if url.startswith(NAMESPACES) or url in MESSAGES or _in_comment(code, m.start()):
                continue
            found.append(f"{where}: {url}")

    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix in {".js", ".css"}:
            scan_code(rel, path.read_text(encoding="utf-8"))
        elif path.suffix == ".html":
            for tag in soup(path).find_all(True):
                for attr, value in tag.attrs.items():
                    values = value if isinstance(value, list) else [value]
                    for v in map(str, values):
                        if not _URL.search(v) or (tag.name == "a" and attr == "href"):
                            continue
                        if attr.startswith("xmlns") and v.startswith(NAMESPACES):
                            continue
                        found.append(f"{rel}: <{tag.name} {attr}={v!r}>")
                if tag.name in {"script", "style"} and tag.string:
                    scan_code(f"{rel} <{tag.name}>", str(tag.string))
    return found


def test_no_external_url_in_the_bundle_except_links(offline_site: Path) -> None:
    found = external_urls(offline_site)
    assert not found, "\n".join(found[:30])


def test_the_scan_finds_an_external_url(tmp_path: Path) -> None:
    """The scan above can fail: a script, a stylesheet and a tag that would fetch are caught;
    the same URLs in a link, a comment or a namespace are not."""
    (tmp_path / "a.js").write_text(
        '/* see https://example.org/licence */\nload("https://cdn.example.org/x.js")\n'
        'if (/^\\/\\//i.test(u)) get("//cdn.example.org/y.js")\n'
    )
    (tmp_path / "a.css").write_text(
        "body { background: url(https://cdn.example.org/b.png) }\n"
        '.i { mask: url("data:image/svg+xml;charset=utf-8,<svg>\\3c !-- https://e.org --\\3e ") }'
    )
    (tmp_path / "a.html").write_text(
        '<a href="https://example.org/">out</a><svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<img src="https://cdn.example.org/c.png"><link rel="canonical" href="https://e.org/">'
    )
    assert external_urls(tmp_path) == [
        "a.css: https://cdn.example.org/b.png",
        "a.html: <img src='https://cdn.example.org/c.png'>",
        "a.html: <link href='https://e.org/'>",
        "a.js: https://cdn.example.org/x.js",
        "a.js: //cdn.example.org/y.js",
    ]


def test_a_russian_transcript_gets_a_russian_page(tmp_path: Path) -> None:
    from tests.browser.support import mkdocs_build, scratch_project
    from tests.test_new_formats import ISO_DATE, RUSSIAN

    project = scratch_project(tmp_path / "p", {"ru.txt": RUSSIAN, "en.txt": ISO_DATE})
    out = mkdocs_build(project, tmp_path / "site")
    langs = {
        p.parent.name: soup(p).html["lang"]  # type: ignore[index]
        for p in (out / "interviews").glob("*/index.html")
    }
    assert sorted(langs.values()) == ["en", "ru"], langs
    assert soup(out / "index.html").html["lang"] == "en"  # type: ignore[index]


def test_offline_links_to_the_downloads_resolve_and_there_are_no_feeds(
    offline_site: Path,
) -> None:
    data = soup(offline_site / "data.html")
    hrefs = {str(a["href"]) for a in data.select("article a[href]")}
    assert {"data/corpus.json", "data/corpus.schema.json", "data/paragraphs.csv"} <= hrefs
    assert all((offline_site / h).is_file() for h in hrefs if h.startswith("data/"))
    page = next((offline_site / "interviews").glob("*.html"))
    links = [str(a["href"]) for a in soup(page).select("a.ta-download")]
    assert len(links) == 7 and all(h.startswith("../data/interviews/") for h in links)
    assert all((page.parent / h).resolve().is_file() for h in links)
    assert not (offline_site / "feeds").exists()
