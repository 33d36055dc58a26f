"""A real MkDocs build of the seeds' site (the pages come from the pipeline through the hook)."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "downloads: " in run.stderr
    return out


def test_site_has_a_page_per_interview(site: Path) -> None:
    pages = sorted(p.parent.name for p in (site / "interviews").glob("*/index.html"))
    assert pages == [
        "2020-08-23-territory-of-meanings-on-the-klyazma",
        "2021-11-01-rossiya-24",
        "2024-03-28-izvestia-international-research-center",
        "2025-03-21-krasnaya-zvezda",
    ]


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def test_interview_page_shows_turns_and_anchored_paragraphs(site: Path) -> None:
    soup = _soup(site, "interviews/2021-11-01-rossiya-24")
    turns = soup.select("section.ta-turn")
    assert len(turns) == 18
    assert turns[0].select_one(".ta-speaker").get_text() == "Question"
    assert "ta-question" in turns[0]["class"] and "ta-answer" in turns[1]["class"]
    para = turns[1].select_one("p.ta-p")
    assert para["id"].startswith("p-")
    assert para.get_text().startswith("It’s simple. Ideally, any society")
    assert para.select_one("a.ta-permalink")["href"] == "#" + para["id"]


def test_questions_are_headings_and_make_the_table_of_contents(site: Path) -> None:
    soup = _soup(site, "interviews/2024-03-28-izvestia-international-research-center")
    headings = soup.select("article h2.ta-qhead")
    assert len(headings) == 22
    assert [h["id"] for h in headings] == [f"q-{n}" for n in range(1, 23)]
    secondary = soup.select("nav.md-nav--secondary")[-1]  # the first is the mobile copy
    toc = [a["href"] for a in secondary.select('a.md-nav__link[href^="#q-"]')]
    assert toc == [f"#q-{n}" for n in range(1, 23)]
    first = soup.select_one('nav.md-nav--secondary a[href="#q-1"]').get_text(" ", strip=True)
    assert first.startswith("We would like to start with a general problem")


def test_interview_header_names_its_sources_and_excerpts(site: Path) -> None:
    soup = _soup(site, "interviews/2025-03-21-krasnaya-zvezda")
    meta = soup.select_one("dl.ta-meta").get_text(" ", strip=True)
    assert "2025-03-21" in meta and "Krasnaya Zvezda" in meta and "Reading time" in meta
    assert "source_texts/2025-03-21-krasnaya-zvezda-interview.txt" in meta
    assert "source_texts/2025-03-21-telegram-post-quoting-krasnaya-zvezda.txt" in meta
    note = soup.select_one("aside#excerpt-1")
    assert note is not None and "Key points quoted" in note.get_text()
    targets = {a["href"] for a in note.select("li a")}
    assert targets and all(soup.select_one(t) is not None for t in targets)
    quoted = soup.select("p.ta-p a.ta-quoted")
    assert len({a.find_parent("p")["id"] for a in quoted}) == len(targets)


def test_interview_links_topics_people_neighbours_and_related(site: Path) -> None:
    soup = _soup(site, "interviews/2021-11-01-rossiya-24")
    chips = {a["href"] for a in soup.select(".ta-chips a")}
    assert any(h.startswith("../../topics/") for h in chips)
    assert "../../people/vladimir-putin/" in chips
    for href in chips:
        assert (site / "interviews" / "x" / href / "index.html").resolve().exists(), href
    around = soup.select_one("nav.ta-around")
    assert around.select_one("a.ta-prev")["href"] == (
        "../2020-08-23-territory-of-meanings-on-the-klyazma/"
    )
    assert around.select_one("a.ta-next")["href"] == (
        "../2024-03-28-izvestia-international-research-center/"
    )
    related = soup.select("ul.ta-related li")
    assert related and "shared" in related[0].get_text()


def test_index_pages_exist_and_link_to_paragraphs(site: Path) -> None:
    for url in ["topics", "people", "chronology", "outlets", "method", "tags", "about"]:
        assert (site / url / "index.html").exists(), url
    nato = _soup(site, "topics/nato")
    locators = nato.select("ul.ta-locators a")
    assert locators
    for a in locators:
        page, _, anchor = a["href"].partition("#")
        target = (site / "topics" / "nato" / page / "index.html").resolve()
        assert target.exists() and anchor.startswith("p-")
        assert f'id="{anchor}"' in target.read_text("utf-8")
    putin = _soup(site, "people/vladimir-putin")
    assert putin.select("ul.ta-locators a")
    chronology = _soup(site, "chronology")
    assert [h.get_text() for h in chronology.select("article h2")] == [
        "2025", "2024", "2021", "2020",
    ]  # fmt: skip


def test_method_page_lists_fixes_and_removals(site: Path) -> None:
    text = _soup(site, "method").get_text(" ", strip=True)
    assert "space_before_punctuation" in text
    assert "language switcher of the publishing site" in text
    assert "de-DE1 en-GB1" in text
    assert "Excerpt source_texts/2025-03-21-telegram-post-quoting-krasnaya-zvezda.txt" in text


def test_navigation_groups_interviews_by_year_and_is_pruned(site: Path) -> None:
    soup = _soup(site, "interviews/2021-11-01-rossiya-24")
    nav = soup.select_one("nav.md-nav--primary")
    labels = [
        x.get_text(" ", strip=True) for x in nav.select("label.md-nav__link, span.md-nav__link")
    ]
    assert any("2021" in x for x in labels)
    # Pruned: the page does not link to every topic page.
    assert not nav.select('a[href*="topics/nato"]')


def footer(site: Path, page: str) -> tuple[str | None, str | None]:
    """The footer's previous and next links of a page, as site paths."""
    soup = (
        _soup(site, page)
        if page
        else BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    )
    here = Path("/", page)
    found: list[str | None] = []
    for side in ("prev", "next"):
        link = soup.select_one(f"a.md-footer__link--{side}")
        found.append(None if link is None else
                     os.path.normpath(here / link["href"]).strip("/") if page else
                     link["href"].strip("/"))  # fmt: skip
    return found[0], found[1]


def test_footer_follows_the_navigation(site: Path) -> None:
    """Previous and next are the sidebar's order (MkDocs' own order is by file name)."""
    assert footer(site, "") == (None, "interviews")
    assert footer(site, "interviews")[0] == ""
    assert footer(site, "statements") == ("outlets", "data")
    assert footer(site, "data") == ("statements", "method")


def test_home_page_lists_the_interviews(site: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    links = {a["href"] for a in soup.select("ul.ta-list a")}
    assert "interviews/2021-11-01-rossiya-24/" in links
    assert len(links) == 4


def _small_project(project: Path, source: str, docs: dict[str, str] | None = None) -> Path:
    """A project of one source and ``docs`` (name -> Markdown) built with the archive's
    configuration and hook and ``--strict``; its site folder."""
    (project / "source_texts").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "source_texts" / "x.txt").write_text(source, encoding="utf-8")
    for name, text in (docs or {}).items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("build_tools/mkdocs_hook.py", str(ROOT / "build_tools/mkdocs_hook.py"))
    config = config.replace("extra_css:\n  - assets/archive.css\n", "")
    config = config.replace("  - build_tools\n", "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return project / "site"


def test_markup_in_a_transcript_stays_text(tmp_path: Path) -> None:
    """A minimal proof for the hook's escaping (the hostile-input issue goes much further)."""
    site = _small_project(
        tmp_path / "p",
        "Interview with Sergey Lavrov <b>bold</b>, Moscow, 1 May 2024\n"
        "Question: <script>alert(1)</script> [x](javascript:alert(1))\n"
        "Sergey Lavrov: <img src=x onerror=alert(1)>\n",
    )
    (page,) = (site / "interviews").glob("*/index.html")
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article.find("script") is None and article.find("img") is None
    assert article.find("b") is None
    assert not soup.select('a[href^="javascript"]')
    text = article.get_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text


def test_data_page_lists_the_downloads_with_sizes_and_they_are_there(site: Path) -> None:
    soup = _soup(site, "data")
    rows = soup.select("table.ta-data tr")
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "Licence" in text and "MIT" in text and "compact" in text
    links = {a["href"] for a in soup.select("article a[href]")}
    for name in ("corpus.json", "corpus.schema.json", "paragraphs.csv"):
        assert name in links and (site / "data" / name).is_file(), name
    sizes = [r.select("td")[2].get_text() for r in rows if r.select("td")]
    assert len(sizes) == 10, sizes
    assert all(re.fullmatch(r"[\d.]+ (B|KB|MB)( in 4 files)?", s) for s in sizes), sizes
    assert "../feeds/interviews.xml" in links and (site / "feeds" / "interviews.xml").is_file()
    nav = soup.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert nav.index("Data") < nav.index("Method")


def test_every_interview_page_links_its_downloads_and_they_exist(site: Path) -> None:
    for page in sorted((site / "interviews").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("dl.ta-meta a.ta-download")]
        assert [h.rsplit(".", 2)[-1] if h.endswith(".tei.xml") else h.rsplit(".", 1)[-1]
                for h in links] == ["txt", "md", "json", "xml", "bib", "ris", "json"]  # fmt: skip
        for href in links:
            assert (page.parent / href).resolve().is_file(), href
    # A Markdown download is a file as written, not a page built from it.
    (md,) = (site / "data" / "interviews").glob("2021-11-01-rossiya-24.md")
    assert md.read_text("utf-8").startswith("# ")
    assert not (site / "data" / "interviews" / "2021-11-01-rossiya-24").exists()


def test_pages_name_the_feeds_in_their_head(site: Path) -> None:
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    feeds = {a["type"]: a["href"] for a in home.select('head link[rel="alternate"]')}
    assert feeds == {"application/atom+xml": "feeds/interviews.xml",
                     "application/feed+json": "feeds/interviews.json"}  # fmt: skip
    nato = _soup(site, "topics/nato")
    hrefs = [a["href"] for a in nato.select('head link[rel="alternate"]')]
    assert "../../feeds/topics/nato.xml" in hrefs
    # Named as the topic is (a feed reader lists it by this title), not by its id.
    titles = {a["href"]: a["title"] for a in nato.select('head link[rel="alternate"]')}
    assert titles["../../feeds/topics/nato.xml"] == "NATO (Atom)"
    for href in hrefs:
        assert (site / "topics" / "nato" / href).resolve().is_file(), href
    # Interview pages name no feed: each named feed costs a request (below) on every load.
    interview = _soup(site, "interviews/2021-11-01-rossiya-24")
    assert not interview.select('head link[rel="alternate"]')


def test_feed_folders_answer_the_themes_sitemap_lookup(site: Path) -> None:
    """Material fetches sitemap.xml beside every rel=alternate link (feeds.py says why): an
    empty, valid sitemap there, so the lookup is no 404 and switches to no page."""
    for folder in ("feeds", "feeds/topics"):
        root = etree.fromstring((site / folder / "sitemap.xml").read_bytes())
        assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        assert len(root) == 0


def test_the_sites_downloads_round_trip_against_the_export(site: Path, seed_export: dict) -> None:  # type: ignore[type-arg]
    """The acceptance check on the built site itself: every paragraph's id and text in the
    CSV and in each interview's TEI equal the export's."""
    from tests.data_formats import read_tei, tei_paragraphs

    with (site / "data" / "paragraphs.csv").open(encoding="utf-8", newline="") as f:
        rows = [(r["interview_id"], r["paragraph_id"], r["text"]) for r in csv.DictReader(f)]
    expected = [(i["id"], p["id"], p["text"]) for i in seed_export["interviews"]
                for t in i["turns"] for p in t["paragraphs"]]  # fmt: skip
    assert rows == expected
    for record in seed_export["interviews"]:
        tei = read_tei((site / "data" / "interviews" / f"{record['id']}.tei.xml").read_bytes())
        assert [(s[0], s[1]) for s in tei_paragraphs(tei)] == [
            (p["id"], p["text"]) for t in record["turns"] for p in t["paragraphs"]
        ]


def test_a_hand_written_page_may_link_to_the_archive_downloads(tmp_path: Path) -> None:
    """The downloads are written by the hook, not found in docs/: MkDocs must know them before
    it reads the pages, or a link to one from a page of docs/ is a missing file, which --strict
    fails on (a way of writing them later, tried once, had to register these in advance)."""
    guide = "# Guide\n\n[All](data/corpus.json), [rows](data/paragraphs.csv), " + (
        "[schema](data/corpus.schema.json).\n"
    )
    site = _small_project(
        tmp_path / "p",
        "Interview with Sergey Lavrov, Moscow, 1 May 2024\nQuestion: Why?\n"
        "Sergey Lavrov: Because.\n",
        {"guide.md": guide},
    )
    soup = BeautifulSoup((site / "guide" / "index.html").read_text("utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article a[href]") if "data/" in a["href"]]
    assert links == ["../data/corpus.json", "../data/paragraphs.csv", "../data/corpus.schema.json"]
    for name in ("corpus.json", "paragraphs.csv", "corpus.schema.json"):
        assert (site / "data" / name).stat().st_size > 0, name
