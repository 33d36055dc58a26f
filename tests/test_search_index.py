"""The pure search helpers (build_tools/search_index.py): the offline budget and Pagefind's
command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from build_tools.search_index import (
    OFFLINE_MIN_PER_INTERVIEW,
    OFFLINE_TEXT_BUDGET,
    exclude_elements,
    exclude_sections,
    offline_share,
    opening_only,
    pagefind_command,
    pagefind_ignore,
    pagefind_opening,
    pagefind_opening_only,
    slim_index,
    within_share,
)


def test_a_small_archive_keeps_full_text_offline() -> None:
    """The seed archive (a few interviews of ~100 KB each) is indexed whole."""
    assert offline_share(4) == OFFLINE_TEXT_BUDGET // 4 >= 200_000


def test_a_big_archive_shares_the_budget_but_keeps_a_minimum() -> None:
    assert offline_share(1000) == OFFLINE_TEXT_BUDGET // 1000
    assert offline_share(10**7) == OFFLINE_MIN_PER_INTERVIEW
    assert offline_share(0) == OFFLINE_TEXT_BUDGET


def test_headings_and_paragraphs_past_the_share_are_left_out_whole() -> None:
    html = (
        '<h2 id="q-1" class="ta-qhead">' + "q" * 30 + "</h2>"
        '<p id="p-1" class="ta-p">' + "a" * 40 + ' <a class="ta-permalink" href="#p-1">¶</a></p>'
        '<h2 id="q-2" class="ta-qhead">' + "r" * 30 + "</h2>"
        '<p id="p-2" class="ta-p">' + "b" * 40 + "</p>"
    )
    out = within_share(html, 75)
    assert '<h2 id="q-1" class="ta-qhead">' in out and '<p id="p-1" class="ta-p">' in out
    assert '<h2 id="q-2" data-search-exclude class="ta-qhead">' in out
    assert '<p id="p-2" data-search-exclude class="ta-p">' in out
    assert within_share(html, 10_000) == html
    # The first one is indexed even when it alone is over the share.
    assert within_share(html, 1).count("data-search-exclude") == 3


def test_escaped_markup_in_text_is_not_taken_for_an_element() -> None:
    html = (
        '<p id="p-1" class="ta-p">&lt;p id=&quot;p-9&quot;&gt; x</p><p id="p-2" class="ta-p">y</p>'
    )
    out = within_share(html, 1)
    assert out.count("data-search-exclude") == 1 and "&lt;p id=&quot;p-9&quot;&gt;" in out


def test_the_pagefind_command_runs_here() -> None:
    """Pagefind comes from requirements.lock (pagefind[bin]); its command line parses."""
    command = pagefind_command("pages", "en", "site/pagefind")
    assert command[:3] == [sys.executable, "-m", "pagefind"]
    assert command[3:7] == ["--site", "pages", "--output-path", "site/pagefind"]
    assert "--force-language" in command
    run = subprocess.run([*command[:3], "--version"], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stdout.startswith("pagefind"), run.stderr


def test_speaker_labels_are_left_out_of_the_offline_index() -> None:
    html = '<p class="ta-speaker">Question</p><p id="p-1" class="ta-p">ta-speaker</p>'
    assert exclude_elements(html) == (
        '<p data-search-exclude class="ta-speaker">Question</p>'
        '<p id="p-1" class="ta-p">ta-speaker</p>'
    )


def test_lists_of_interviews_keep_only_their_opening_section() -> None:
    assert opening_only("topics/nato.md") and opening_only("tags.md")
    assert not opening_only("interviews/2021-11-01-rossiya-24.md")
    html = '<h1>T</h1><p>intro</p><h2 id="a">A</h2><h3 id="b">B</h3><h2>no id</h2>'
    assert exclude_sections(html) == (
        '<h1>T</h1><p>intro</p><h2 data-search-exclude id="a">A</h2>'
        '<h3 data-search-exclude id="b">B</h3><h2>no id</h2>'
    )


def test_section_entries_lose_the_copies_of_their_page_tags() -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "a.html", "title": "A", "text": "", "tags": ["NATO"]},
            {"location": "a.html#q-1", "title": "Q", "text": "t", "tags": ["NATO"]},
        ],
    }
    slim = json.loads(slim_index(json.dumps(index)))
    assert slim["docs"][0]["tags"] == ["NATO"]
    assert "tags" not in slim["docs"][1]
    assert slim["config"] == index["config"]


def test_pagefind_indexes_a_listings_opening_only() -> None:
    """Online, a list of interviews keeps its title and introduction in Pagefind's index; its
    sections (headings, lists, entries) are marked out; the method page and interviews are
    not listings."""
    listing = (
        '<h1 class="ta-title">NATO</h1><p>Introduction.</p>'
        '<h2 id="y2021">2021</h2><ul><li><a href="x">An interview</a> <p>a snippet</p></li></ul>'
        '<div class="ta-pager"><p>Part 1 of 2</p></div>'
    )
    marked = pagefind_opening(listing)
    assert marked.startswith('<h1 class="ta-title">NATO</h1><p>Introduction.</p>')
    rest = marked[marked.index("<h2") :]
    opening_tags = re.findall(r"<(?!/)[^>]+>", rest)
    text_holders = [t for t in opening_tags if not t.startswith("<a ")]
    assert text_holders and all("data-pagefind-ignore" in t for t in text_holders)
    assert (
        pagefind_opening("<h1>About</h1><p>No sections.</p>") == "<h1>About</h1><p>No sections.</p>"
    )
    assert pagefind_opening_only("topics/nato.md") and pagefind_opening_only("people/index.md")
    assert not pagefind_opening_only("method.md")
    assert not pagefind_opening_only("interviews/2021-01-01-x.md")


def test_pagefind_marking_ignores_markup_written_as_text() -> None:
    """Transcript text is escaped: "&lt;p&gt;" in it is not an element and stays as it was;
    a tag whose name only starts like one (<pre>, <picture>) is not taken for <p>."""
    html = "<p>He said &lt;p onclick=x&gt; and &lt;h2&gt;.</p><pre>code</pre><picture></picture>"
    marked = pagefind_ignore(html)
    assert marked == (
        "<p data-pagefind-ignore>He said &lt;p onclick=x&gt; and &lt;h2&gt;.</p>"
        "<pre>code</pre><picture></picture>"
    )
