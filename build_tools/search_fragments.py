"""Slim Pagefind's page fragments: an anchor that is not a heading keeps its id and word
position, and loses the copy of its text.

Why: Pagefind records every element with an id as an anchor, with the element's text. Every
paragraph of an interview page has an id (its stable link), so each fragment (the file a search
fetches for each page it shows) carried the page's text twice: once as the page's content, once
paragraph by paragraph in the anchors. Pagefind's search script reads an anchor's text only for
headings (the titles of its sub-results); the archive's search worker reads a paragraph anchor's
element, id and position only (docs/assets/search-pagefind.js). Measured on the synthetic
archive's 1,000 interviews: a fragment is 18.6 KB instead of 31.0 KB (gzip), a search showing
10 pages fetches 0.65 MB instead of 0.79 MB, and the slimming takes 1.2 s on two cores. Served
from this machine, the search worker waited for the 10 pages' data 123 ms instead of 172 ms
(medians of 8 runs: less to inflate and parse); on a real network the 140 KB fetched less count
too (0.1 s at 10 Mbit/s).

A fragment is gzip of ``pagefind_dcd`` followed by JSON (Pagefind 1.5.2, the version
search_merge.py reads). Search results are unchanged: the content, the word positions and the
headings are kept as Pagefind wrote them.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from build_tools.search_merge import SIGNATURE, body_of

GZIP_LEVEL = 3
"""Compression of a slimmed fragment. Measured on 1,000 interviews' fragments: level 3 makes them
18.6 KB on average in 0.8 ms each, level 5 17.5 KB in 1.3 ms, level 1 20.2 KB in 0.55 ms
(Pagefind's own, 9, would take 2.3 ms for 17.2 KB)."""

HEADING = re.compile(r"h\d", re.IGNORECASE)
"""Pagefind's own test for an anchor whose text it shows (``/h\\d/i`` in its search script)."""


@dataclass(frozen=True)
class SlimReport:
    """What slimming a bundle's fragments did."""

    files: int
    """Fragment files read."""
    bytes_before: int
    """Their total size as Pagefind wrote them."""
    bytes_after: int
    """Their total size now."""


_STRING = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
ANCHOR = re.compile(rf'\{{"element":{_STRING},"id":{_STRING},"text":{_STRING}'.encode())
"""One anchor of a fragment's ``anchors`` list as Pagefind writes it (its fields in this order).
Inside a JSON string every quote is escaped, so this matches the list's objects only; found
on the JSON text, it spares decoding and encoding the page's whole content (0.3 ms a fragment
instead of 1 ms)."""


def _emptied(match: re.Match[bytes]) -> bytes:
    """An anchor's fields with its text emptied, unless it is a heading."""
    element, identifier, text = match.groups()
    if not text or HEADING.search(element.decode("utf-8", "replace")):
        return match.group()
    return b'{"element":"' + element + b'","id":"' + identifier + b'","text":""'


def slim(data: bytes, name: str = "fragment") -> bytes:
    """``data`` (one fragment file's bytes) with the text of every anchor that is not a heading
    emptied; ``data`` itself when there is none to empty. ``name`` is used in the error."""
    body = body_of(data, name)
    slimmed = ANCHOR.sub(_emptied, body)
    if len(slimmed) == len(body):
        return data
    return gzip.compress(SIGNATURE + slimmed, compresslevel=GZIP_LEVEL, mtime=0)


def _slim_file(path: Path) -> tuple[int, int]:
    """Slim one fragment file in place (a new file renamed over it: never written through a
    hard link); its sizes before and after."""
    data = path.read_bytes()
    slimmed = slim(data, str(path))
    if slimmed is not data:
        temporary = path.with_name(path.name + ".slim")
        temporary.write_bytes(slimmed)
        temporary.replace(path)
    return len(data), len(slimmed)


def slim_fragments(paths: Iterable[Path], jobs: int = 1) -> SlimReport:
    """Slim every fragment file in ``paths``, in ``jobs`` threads (decompressing and compressing
    leave the interpreter lock, which is most of the time)."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        sizes = list(pool.map(_slim_file, paths))
    return SlimReport(
        files=len(sizes),
        bytes_before=sum(before for before, _ in sizes),
        bytes_after=sum(after for _, after in sizes),
    )
