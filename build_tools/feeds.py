"""Feeds of the archive's interviews by date: Atom 1.0 and JSON Feed 1.1, one pair for the
whole archive (``feeds/interviews.xml``, ``.json``) and one per topic
(``feeds/topics/<topic-id>.xml``, ``.json``).

Newest first, at most :data:`LIMIT` entries (a feed says what is new; the chronology page and
the corpus JSON hold everything). Feeds need absolute URLs, so they are written only when the
site's address is known (never for the offline bundle). An interview without a date is left
out of the feeds: an entry must say when it was updated. Pages do not name the feeds in a
``<link rel="alternate">``: Material's script takes every such link for another language of
the site and fetches a ``sitemap.xml`` beside it. Dates come from the interviews, never
from the clock, so two builds write the same feeds.
"""

from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from build_tools.render import esc
from build_tools.tei import sub_element as el

LIMIT = 50
CATEGORIES = 10
"""Topics named per entry: its most prominent, as its page's chips (a feed entry with every
topic of a long interview was most of the feeds' size)."""
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEEDS = "feeds"


@dataclass(frozen=True)
class Entry:
    """What a feed says about one interview."""

    id: str
    """The interview's id."""
    title: str
    """Its title as published."""
    date: str | None
    """ISO date, or None (then it is in no feed)."""
    url: str
    """Its page's absolute URL (the entry's id and link)."""
    summary: str
    """One plain sentence: speaker, kind, outlet or occasion, place, date."""
    author: str | None
    """The speaker."""
    topics: tuple[str, ...]
    """Topic ids, most prominent first (the entry is in each of their feeds)."""


def entry(record: dict[str, Any], url: str) -> Entry:
    """The feed entry of one interview's export record."""
    who = record.get("outlet") or record.get("occasion")
    where = ", ".join(x for x in (who, record.get("place")) if x)
    summary = (
        f"{record.get('speaker') or 'Sergey Lavrov'}, {record.get('kind') or 'interview'}"
        + (f", {where}" if where else "")
        + (f", {record['date']}." if record.get("date") else ".")
    )
    return Entry(record["id"], record["title"], record.get("date"), url, summary,
                 record.get("speaker"), tuple(record.get("topics", ())))  # fmt: skip


def newest(entries: list[Entry], limit: int = LIMIT) -> list[Entry]:
    """Dated entries, newest first (then by id, for a stable order), at most ``limit``."""
    dated = [e for e in entries if e.date]
    dated.sort(key=lambda e: e.id)
    dated.sort(key=lambda e: e.date or "", reverse=True)
    return dated[:limit]


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom(entries: list[Entry], *, title: str, feed_url: str, home_url: str, archive: str,
         topic_names: dict[str, str]) -> str:  # fmt: skip
    """An Atom 1.0 feed of ``entries`` (already chosen and ordered)."""

    root = ET.Element("feed", {"xmlns": ATOM_NS})  # as in tei.py: a plain xmlns attribute
    el(root, "id", feed_url)
    el(root, "title", title)
    el(root, "updated", _timestamp(entries[0].date) if entries and entries[0].date
       else "1970-01-01T00:00:00Z")  # fmt: skip
    el(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    el(root, "link", rel="alternate", type="text/html", href=home_url)
    el(el(root, "author"), "name", archive)
    el(root, "generator", archive)
    for e in entries:
        item = el(root, "entry")
        el(item, "id", e.url)
        el(item, "title", e.title)
        assert e.date is not None  # newest() keeps dated entries only
        el(item, "updated", _timestamp(e.date))
        el(item, "published", _timestamp(e.date))
        el(item, "link", rel="alternate", type="text/html", href=e.url)
        if e.author:
            el(el(item, "author"), "name", e.author)
        el(item, "summary", e.summary, type="text")
        for topic in e.topics[:CATEGORIES]:
            el(item, "category", term=topic, label=topic_names.get(topic, topic))
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed(entries: list[Entry], *, title: str, feed_url: str, home_url: str,
              archive: str, topic_names: dict[str, str]) -> str:  # fmt: skip
    """A JSON Feed 1.1 of ``entries`` (already chosen and ordered)."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_url,
        "feed_url": feed_url,
        "language": "en",
        "authors": [{"name": archive}],
        "items": [
            {
                "id": e.url,
                "url": e.url,
                "title": e.title,
                "content_text": e.summary,
                "date_published": _timestamp(e.date or ""),
                **({"authors": [{"name": e.author}]} if e.author else {}),
                "tags": [topic_names.get(t, t) for t in e.topics[:CATEGORIES]],
            }
            for e in entries
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def all_feeds(
    entries: list[Entry], site_url: str, archive: str, topic_names: dict[str, str]
) -> Iterator[tuple[str, str, str, str]]:
    """(site path, text, kind, title) of every feed: the archive's, then one per topic that
    has a dated interview, in the taxonomy's order."""
    base = site_url.rstrip("/") + "/"
    by_topic: dict[str, list[Entry]] = {t: [] for t in topic_names}
    for e in entries:
        for t in e.topics:
            by_topic.setdefault(t, []).append(e)
    feeds = [("interviews", f"{archive}: interviews", base, entries)]
    feeds += [
        (f"topics/{t}", f"{archive}: {topic_names.get(t, t)}", f"{base}topics/{t}/", chosen)
        for t, chosen in by_topic.items()
        if any(e.date for e in chosen)
    ]
    for name, title, home, chosen in feeds:
        picked = newest(chosen)
        for kind, ext, make in (("atom", "xml", atom), ("jsonfeed", "json", json_feed)):
            path = f"{FEEDS}/{name}.{ext}"
            text = make(picked, title=title, feed_url=base + path, home_url=home,
                        archive=archive, topic_names=topic_names)  # fmt: skip
            label = "Atom feed" if kind == "atom" else "JSON Feed"
            yield path, text, kind, f"{label}: {title.removeprefix(archive + ': ')}"


# Material's theme (setupAlternate, zensical/zensical#908) takes every <link rel="alternate">
# for a language version and fetches sitemap.xml from the link's folder: for feeds/x.xml that
# is feeds/sitemap.xml, a 404 on every page that names a feed. An empty sitemap in each feed
# folder answers it (the theme then finds no page to switch to); the links stay on the pages
# where subscribing makes sense, not on every interview page.
LOOKUP_STUB = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
FEED_PAGES = ("index.md", "data.md", "chronology.md")
"""Pages that name the archive's feeds in their head (besides each topic page its own)."""


def lookup_stubs(paths: Iterable[str]) -> dict[str, str]:
    """site path -> text of the empty sitemap for each folder holding a feed."""
    return {f"{posixpath.dirname(p)}/sitemap.xml": LOOKUP_STUB for p in paths}


def head_links(page_url: str, page: str, available: set[str], page_title: str = "") -> str:
    """``<link rel="alternate">`` elements for a page's head: the archive's feeds on the pages
    of FEED_PAGES, a topic's own (and the archive's) on its page (``page``: its docs path,
    ``topics/<id>.md``; ``page_url``: its site URL). Links are relative to the page, so they
    point into the site that serves it. ``available``: the site paths of the feeds written;
    ``page_title``: a topic page's title, which names its feed for the reader's feed list."""
    topic = page.startswith("topics/") and page.count("/") == 1 and page != "topics/index.md"
    if not topic and page not in FEED_PAGES:
        return ""
    names = ["interviews"]
    if topic:
        names.append("topics/" + page.removeprefix("topics/").removesuffix(".md"))
    here = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    out = []
    for name in names:
        for ext, media, label in (("xml", "application/atom+xml", "Atom"),
                                  ("json", "application/feed+json", "JSON Feed")):  # fmt: skip
            path = f"{FEEDS}/{name}.{ext}"
            if path in available:
                title = "Interviews" if name == "interviews" else page_title or name[7:]
                href = posixpath.relpath(path, here or ".")
                out.append(f'<link rel="alternate" type="{media}" title="{esc(title)} ({label})"'
                           f' href="{esc(href)}">')  # fmt: skip
    return "".join(out)
