"""Read a Pagefind bundle into a form two bundles can be compared in: what each word finds
(page URL -> positions), each page's word count and fragment, whatever the page numbers,
chunk boundaries and file names. Checks on the way that the chunks are in word order and that
each word lies within its chunk's bounds, as the search looks them up."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from build_tools.search_merge import SIGNATURE, read_pf


def _postings(pages: list[Any], urls: list[str]) -> dict[str, Any]:
    found, number = {}, 0
    for delta, locs, meta_locs in pages:
        number += delta
        found[urls[number]] = (tuple(locs), tuple(meta_locs))
    return found


def canonical(bundle: Path) -> dict[str, Any]:
    """Per language: sorted (URL, word count, fragment), {word: (postings, {form: postings})},
    meta fields and page count."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    out = {}
    for language, info in entry["languages"].items():
        meta = read_pf(bundle / f"pagefind.{info['hash']}.pf_meta")
        pages = []
        for name, word_count in meta[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())
            fragment = raw.removeprefix(SIGNATURE)
            pages.append((json.loads(fragment)["url"], word_count, fragment))
        urls = [url for url, _, _ in pages]
        words: dict[str, Any] = {}
        previous = None
        for low, high, name in meta[2]:
            for word, postings, variants in read_pf(bundle / "index" / f"{name}.pf_index")[0]:
                assert previous is None or previous < word, (previous, word)
                assert word[: len(low)] >= low and word[: len(high)] <= high, (word, low, high)
                previous = word
                words[word] = (
                    _postings(postings, urls),
                    {form: _postings(found, urls) for form, found in variants},
                )
        out[language] = (sorted(pages), words, meta[5], info["page_count"])
    return out
