"""Slimmed Pagefind fragments (search_fragments.py): what goes is exactly the text of anchors
that are not headings; the page's content, ids, positions and headings stay as written."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from build_tools.search_fragments import slim, slim_fragments
from build_tools.search_merge import SIGNATURE, MergeError
from build_tools.search_slices import index_site

# (element, text as written, text kept): Pagefind shows an anchor's text only for headings
# (its /h\d/i test), so those keep it; every other element loses it.
CASES = [
    ("p", "A paragraph, said twice.", ""),
    ("li", "An item", ""),
    ("blockquote", "Quoted", ""),
    ("h2", "Question one", "Question one"),
    ("H3", "A heading in capitals", "A heading in capitals"),
    ("h1", "", ""),
    ("p", 'Quotes " and \\ backslashes, \u2028 and «Cyrillic»: текст', ""),
    ("p", '{"element":"h2","id":"x","text":"inside a paragraph"}', ""),
]

# A page's content that holds what an anchor looks like: inside a JSON string its quotes are
# escaped, so it is text, never an anchor, and stays as it is.
CONTENT = 'He said {"element":"p","id":"p-1","text":"not an anchor"}; and \\"so\\" on.'


def _fragment(anchors: list[dict[str, Any]], content: str = CONTENT) -> dict[str, Any]:
    # Pagefind's field order, as it writes a fragment
    return {
        "url": "/interviews/x/",
        "content": content,
        "word_count": 12,
        "filters": {},
        "meta": {"title": "X"},
        "anchors": anchors,
    }


def _pack(fragment: dict[str, Any]) -> bytes:
    text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(SIGNATURE + text.encode("utf-8"), mtime=0)


def _unpack(data: bytes) -> Any:
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE)
    return json.loads(raw[len(SIGNATURE) :])


def _anchors() -> list[dict[str, Any]]:
    return [
        {"element": element, "id": f"a-{n}", "text": text, "location": n * 10}
        for n, (element, text, _) in enumerate(CASES)
    ]


def test_only_the_text_of_anchors_that_are_not_headings_goes() -> None:
    fragment = _fragment(_anchors())
    slimmed = _unpack(slim(_pack(fragment)))
    assert [a["text"] for a in slimmed["anchors"]] == [kept for _, _, kept in CASES]
    # everything else as written: content, ids, elements, positions, meta
    for anchor in fragment["anchors"]:
        anchor["text"] = slimmed["anchors"][anchor["location"] // 10]["text"]
    assert slimmed == fragment


def test_ensure_ascii_escapes_are_read_too() -> None:
    """A fragment written with \\u escapes (not how Pagefind writes it, but valid JSON)."""
    text = json.dumps(_fragment(_anchors()), separators=(",", ":"))  # ensure_ascii
    slimmed = _unpack(slim(gzip.compress(SIGNATURE + text.encode())))
    assert [a["text"] for a in slimmed["anchors"]] == [kept for _, _, kept in CASES]
    assert slimmed["content"] == CONTENT


@pytest.mark.parametrize(
    "anchors",
    [
        [],
        [{"element": "h2", "id": "q-1", "text": "Question", "location": 3}],
        [{"element": "p", "id": "p-1", "text": "", "location": 3}],
    ],
)
def test_a_fragment_with_nothing_to_slim_is_left_as_it_is(anchors: list[dict[str, Any]]) -> None:
    data = _pack(_fragment(anchors))
    assert slim(data) is data


def test_slimming_twice_changes_nothing_more() -> None:
    once = slim(_pack(_fragment(_anchors())))
    assert slim(once) is once


@pytest.mark.parametrize(
    "data",
    [b"not gzip", gzip.compress(b"{}"), gzip.compress(SIGNATURE + b"{")[:-9]],
    ids=["not gzip", "no signature", "cut short"],
)
def test_an_unreadable_fragment_is_an_error_naming_it(data: bytes) -> None:
    with pytest.raises(MergeError, match=r"en_abc\.pf_fragment: not a readable .*Fix:"):
        slim(data, "en_abc.pf_fragment")


def test_files_are_replaced_not_written_through(tmp_path: Path) -> None:
    """A fragment is replaced by a new file: a hard link to it (a copy of the site made with
    ``cp -al``) keeps what it had. The report adds up the sizes."""
    fat = tmp_path / "en_1.pf_fragment"
    fat.write_bytes(_pack(_fragment(_anchors())))
    lean = tmp_path / "en_2.pf_fragment"
    lean.write_bytes(_pack(_fragment([])))
    link = tmp_path / "link"
    link.hardlink_to(fat)
    before = fat.read_bytes()
    report = slim_fragments([fat, lean], jobs=2)
    assert report.files == 2
    assert report.bytes_before == len(before) + lean.stat().st_size
    assert report.bytes_after == fat.stat().st_size + lean.stat().st_size < report.bytes_before
    assert link.read_bytes() == before
    assert _unpack(fat.read_bytes())["anchors"][0]["text"] == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en_1.pf_fragment", "en_2.pf_fragment",
                                                          "link"]  # fmt: skip


def test_the_real_pagefind_writes_anchors_as_this_reads_them(tmp_path: Path) -> None:
    """Pagefind's own fragments (the pinned version) are slimmed by the indexing: its field
    order is the one the pattern expects. Its positions and headings are unchanged."""
    paragraphs = "".join(
        f'<h2 id="q-{n}">Question {n}</h2><p id="p-{n}">Paragraph {n} says something long.</p>'
        for n in range(3)
    )
    page = tmp_path / "x" / "index.html"
    page.parent.mkdir()
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><title>X</title></head><body>'
        f'<article class="md-content__inner">'
        f"<h1>X</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    report = index_site(tmp_path, ["x/index.html"], "en", slice_pages=1)
    assert report.fragments.files == 1
    assert report.fragments.bytes_after < report.fragments.bytes_before
    (path,) = (tmp_path / "pagefind" / "fragment").iterdir()
    anchors = _unpack(path.read_bytes())["anchors"]
    assert sorted((a["element"], a["id"], a["text"]) for a in anchors) == sorted(
        [("h2", f"q-{n}", f"Question {n}") for n in range(3)]
        + [("p", f"p-{n}", "") for n in range(3)]
    )
    assert [a["location"] for a in anchors] == sorted(a["location"] for a in anchors)
    assert "Paragraph 2 says something long." in _unpack(path.read_bytes())["content"]
