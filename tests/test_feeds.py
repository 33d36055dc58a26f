"""Atom and JSON feeds (build_tools/feeds.py), parsed: required elements, newest first, the
limit, topic feeds, and none without the site's address."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from build_tools.downloads import Settings, write_all
from build_tools.feeds import LIMIT, Entry, all_feeds, atom, json_feed, newest
from build_tools.model import Corpus

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://archive.example.org/lavrov/"


def _entry(n: int, date: str | None, topics: tuple[str, ...] = ("nato",)) -> Entry:
    return Entry(f"i-{n}", f"Interview <b>{n}</b> & co", date, f"{SITE}interviews/i-{n}/",
                 f"Sergey Lavrov, interview, {date}.", "Sergey Lavrov", topics)  # fmt: skip


def _dates(n: int) -> list[str]:
    """n distinct dates, in no particular order."""
    return [f"{2000 + (k * 7) % 25}-{1 + (k * 5) % 12:02d}-{1 + k % 28:02d}" for k in range(n)]


@pytest.fixture(scope="module")
def seeds(seed_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("feeds")
    write_all(seed_corpus, folder, Settings(SITE, "2025-03-21"))
    return folder / "feeds"


def _atom(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))


def test_atom_feed_has_what_atom_requires(seeds: Path, seed_export: dict[str, Any]) -> None:
    root = _atom(seeds / "interviews.xml")
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{tag}"), tag
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}feeds/interviews.xml"
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(seed_export["interviews"])
    for e in entries:
        for tag in ("id", "title", "updated"):
            assert e.findtext(f"{ATOM}{tag}"), tag
        link = e.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith(SITE + "interviews/") and e.findtext(f"{ATOM}id") == link
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert root.findtext(f"{ATOM}updated") == dates[0]
    newest_record = max(seed_export["interviews"], key=lambda r: r["date"])
    assert entries[0].findtext(f"{ATOM}title") == newest_record["title"]


def test_json_feed_is_version_1_1_with_items_newest_first(seeds: Path) -> None:
    feed = json.loads((seeds / "interviews.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}feeds/interviews.json" and feed["title"]
    items = feed["items"]
    assert items and all(i["id"] and i["url"].startswith(SITE) and i["title"] for i in items)
    assert all("content_text" in i or "content_html" in i for i in items)  # required by 1.1
    dates = [i["date_published"] for i in items]
    assert dates == sorted(dates, reverse=True)


def test_one_pair_of_feeds_per_topic_with_its_interviews(
    seeds: Path, seed_export: dict[str, Any]
) -> None:
    nato = [r for r in seed_export["interviews"] if "nato" in r["topics"]]
    assert nato
    root = _atom(seeds / "topics" / "nato.xml")
    assert [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")] == [
        SITE + r["url"] for r in sorted(nato, key=lambda r: r["date"], reverse=True)
    ]
    feed = json.loads((seeds / "topics" / "nato.json").read_text("utf-8"))
    assert len(feed["items"]) == len(nato) and "NATO" in feed["title"]
    topics = {t for r in seed_export["interviews"] for t in r["topics"]}
    # sitemap.xml there is the theme's lookup stub (feeds.LOOKUP_STUB), not a feed.
    assert {p.stem for p in (seeds / "topics").glob("*.xml")} - {"sitemap"} == topics
    assert {p.stem for p in (seeds / "topics").glob("*.json")} == topics


def test_at_most_the_limit_newest_and_undated_left_out() -> None:
    dates = _dates(LIMIT + 30)
    entries = [_entry(n, d) for n, d in enumerate(dates)] + [_entry(999, None)]
    picked = newest(entries)
    assert len(picked) == LIMIT
    assert [e.date for e in picked] == sorted(dates, reverse=True)[:LIMIT]
    feeds = {
        path: text for path, text, _, _ in all_feeds(entries, SITE, "Archive", {"nato": "NATO"})
    }
    root = etree.fromstring(feeds["feeds/interviews.xml"].encode())
    assert len(root.findall(f"{ATOM}entry")) == LIMIT
    assert "i-999" not in feeds["feeds/interviews.xml"]
    assert len(json.loads(feeds["feeds/topics/nato.json"])["items"]) == LIMIT


def test_titles_with_markup_stay_text() -> None:
    entries = [_entry(1, "2024-01-01")]
    root = etree.fromstring(
        atom(
            entries,
            title="A & B",
            feed_url=SITE + "f.xml",
            home_url=SITE,
            archive="A",
            topic_names={},
        ).encode()
    )
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "Interview <b>1</b> & co"
    assert not root.findall(f".//{ATOM}b") and not root.findall(".//b")
    feed = json.loads(json_feed(entries, title="A", feed_url="u", home_url="h", archive="A",
                                topic_names={}))  # fmt: skip
    assert feed["items"][0]["title"] == "Interview <b>1</b> & co"


def test_no_feeds_without_the_site_address(seed_corpus: Corpus, tmp_path: Path) -> None:
    files = write_all(seed_corpus, tmp_path, Settings(None, "2025-03-21"))
    assert not (tmp_path / "feeds").exists()
    assert {f.kind for f in files}.isdisjoint({"atom", "jsonfeed"})
