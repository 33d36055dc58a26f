"""Pagefind fed page by page (build_tools/pagefind_indexer.py): the real binary from
requirements.lock, its service protocol, and what happens when it cannot do its work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_tools import pagefind_indexer
from build_tools.pagefind_indexer import BackgroundIndex, PagefindError, decode, encode
from build_tools.search_index import pagefind_settings


def page(title: str, body: str, article: str = "") -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
        f'<article class="md-content__inner"{article}><h1>{title}</h1>{body}</article>'
        "</body></html>"
    )


def test_the_protocol_round_trips() -> None:
    """A request is base64 of JSON ending in a comma (the service reads up to it)."""
    raw = encode(7, {"type": "AddFile", "file_contents": '<p>é, "x"</p>'})
    assert raw.endswith(b",") and b"," not in raw[:-1]
    assert decode(raw[:-1]) == {
        "message_id": 7,
        "payload": {"type": "AddFile", "file_contents": '<p>é, "x"</p>'},
    }


def test_pages_handed_over_are_in_the_index(tmp_path: Path) -> None:
    """Every page with content is indexed under its URL; a page whose article is all
    ``data-pagefind-ignore`` is left out; the index is written where it was asked."""
    index = BackgroundIndex(pagefind_settings("en"))
    pages = {
        f"interviews/i{n}/index.html": page(f"Interview {n}", f"<p>walrus {n} words</p>")
        for n in range(40)  # more than MAX_PENDING: add() must wait for answers, not fail
    }
    pages["topics/nato/2/index.html"] = page("NATO (part 2)", "<p>walrus</p>",
                                             ' data-pagefind-ignore="all"')  # fmt: skip
    for path, html in pages.items():
        index.add(html, path)
    done = index.finish(tmp_path / "pagefind")
    assert done.pages == 40
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 40
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert done.peak_mb is None or done.peak_mb > 0
    assert done.finish_seconds >= 0 and done.overlapped_seconds >= 0


def test_a_binary_that_is_not_pagefind_is_an_error_not_a_hang(tmp_path: Path) -> None:
    """If the service stops (here: a program that reads nothing and exits), the build is told
    so at once instead of waiting for an answer that never comes."""
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    with pytest.raises(PagefindError, match="Pagefind"):
        BackgroundIndex(pagefind_settings("en"), binary=fake)


def test_a_page_pagefind_rejects_names_the_page(tmp_path: Path) -> None:
    """An error answer for one page fails the index with that page's path (the fix starts
    there), and no index is written."""
    index = BackgroundIndex(pagefind_settings("en"))
    index.add(page("Fine", "<p>one</p>"), "interviews/fine/index.html")
    # An index id the service never made: it answers this page with an error.
    index._index_id += 1000  # forcing the service's error path
    index.add(page("Bad", "<p>two</p>"), "interviews/bad/index.html")
    with pytest.raises(PagefindError, match=re.escape("interviews/bad/index.html")):
        index.finish(tmp_path / "pagefind")
    assert not (tmp_path / "pagefind").exists()


def test_the_binary_is_the_pinned_one() -> None:
    """The binary comes from the pagefind[bin] package in requirements.lock."""
    lock = (Path(__file__).resolve().parents[1] / "requirements.lock").read_text()
    assert "pagefind_bin==" in lock
    assert pagefind_indexer.executable().is_file()


def test_a_file_left_short_is_found(tmp_path: Path) -> None:
    """The check behind ``finish``: a compressed index file cut short, a constant file that
    differs from the service's own copy or an entry file that does not parse are each named."""
    out = tmp_path / "pagefind"
    index = BackgroundIndex(pagefind_settings("en"))
    index.add(page("One", "<p>walrus</p>"), "one/index.html")
    index.finish(out)
    probe = BackgroundIndex(pagefind_settings("en"))
    try:
        constant = probe._constant_files()
    finally:
        probe.close()
    assert "wasm.unknown.pagefind" in constant and "pagefind.js" in constant
    assert pagefind_indexer._incomplete(out, constant) == []
    fragment = next((out / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes()[:-9])
    wasm = out / "wasm.unknown.pagefind"
    wasm.write_bytes(wasm.read_bytes()[:100])
    (out / "pagefind-entry.json").write_text('{"version": ', encoding="utf-8")
    assert sorted(pagefind_indexer._incomplete(out, constant)) == sorted(
        ["wasm.unknown.pagefind", f"fragment/{fragment.name}", "pagefind-entry.json"]
    )
