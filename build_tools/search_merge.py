"""Merge Pagefind bundles made from disjoint sets of pages into one bundle, as if Pagefind had
indexed all the pages in one run.

Why: Pagefind keeps every word position of every page in memory until it writes, about 2 MB a
page of ours (measured: 220 MB for 100 interview pages, 1,050 MB for 500), so one run over a big
archive needs gigabytes. Indexed in slices, each run's memory is bounded; merged, the browser
still loads one index (one meta file, one WebAssembly module, the chunks a query needs), which
Pagefind's own search-time merge (``mergeIndex``) would not give: it loads each index's module
and metadata for every search.

The bundle format is Pagefind's (checked against 1.5.2, the pinned version; PAGEFIND_VERSION):
every ``.pf_*`` file is gzip of ``pagefind_dcd`` followed by CBOR. Only what changes between
slices is decoded and rewritten: page numbers (delta-encoded in each word's page list), the
word chunks and their names, the metadata and the entry file. Word positions, fragments and
scripts are copied unchanged. Filters and sorts are not used by the archive and are refused.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import heapq
import itertools
import json
import operator
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from build_tools.background import Pending

SIGNATURE = b"pagefind_dcd"
"""What every decompressed ``.pf_*`` file starts with, before its CBOR."""

PAGEFIND_VERSION = "1.5.2"
"""The Pagefind version whose bundle layout this module reads and writes."""

CHUNK_SIZE = 20_000
"""Pagefind's default ``index_chunk_size``: a word chunk is closed once the positions (plus one
per page) of its words reach this many, so a query fetches chunks of the same size as
Pagefind's own."""

GZIP_LEVEL = 5
"""Pagefind writes its files at level 9; level 5 made the chunks 2% bigger in a quarter of the
time (measured on 250 interview pages: 4.20 MB against 4.12 MB, 0.27 s against 1.2 s)."""

# The index layout, as positions in Pagefind's CBOR arrays (its structs are encoded by field
# number): meta = [version, pages, index_chunks, filters, sorts, meta_fields], a page in the meta
# = [hash, word_count], a chunk in the meta = [from, to, hash], a chunk file = [words], a word =
# [word, pages, additional_variants], a variant = [form, pages], a page of a word =
# [page_number (delta), locs, meta_locs].
_PAGES, _CHUNKS, _FILTERS, _SORTS, _FIELDS = 1, 2, 3, 4, 5


class MergeError(ValueError):
    """The bundles cannot be merged; the message says which one and why."""


@dataclass(frozen=True)
class MergeReport:
    """What a merge wrote."""

    pages: int
    """Pages in the merged index."""
    words: int
    """Distinct words in it."""
    chunks: int
    """Word chunk files written."""
    renamed_fragments: int
    """Fragments of different pages that two bundles had given one name, renamed in the merge."""


def unreadable(name: str | Path, error: Exception) -> MergeError:
    """The error for a ``.pf_*`` file that cannot be read, naming it and the fix."""
    return MergeError(
        f"{name}: not a readable Pagefind file ({error}). Fix: build the site again; "
        "if it persists, the Pagefind run that wrote it failed."
    )


def body_of(data: bytes, name: str | Path) -> bytes:
    """What follows the signature in one ``.pf_*`` file's bytes (gzip of the signature and
    a CBOR or JSON body); :func:`unreadable` when they are not that."""
    try:
        raw = gzip.decompress(data)
        if not raw.startswith(SIGNATURE):
            raise ValueError(f"no {SIGNATURE.decode()} signature")
    except (EOFError, OSError, ValueError) as error:
        raise unreadable(name, error) from error
    return raw[len(SIGNATURE) :]


def read_pf(path: Path) -> Any:
    """The decoded content of one ``.pf_*`` file."""
    try:
        return cbor2.loads(body_of(path.read_bytes(), path))
    except (OSError, ValueError, cbor2.CBORDecodeError) as error:
        raise unreadable(path, error) from error


def _write_pf(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + body, compresslevel=GZIP_LEVEL, mtime=0))


def _sha1(data: bytes) -> str:
    """SHA-1 in hex as Pagefind writes it in file names: each byte without a leading zero."""
    digest = hashlib.sha1(data).digest()  # noqa: S324 - a file name, as Pagefind's, not security
    return "".join(f"{byte:x}" for byte in digest)


def _short_name(language: str, digest: str, taken: set[str] | dict[str, Any]) -> str:
    """Pagefind's naming: the language, ``_``, seven hex digits, one more while the name is
    taken by other content."""
    length = 7
    while f"{language}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{language}_{digest[:length]}"


def common_prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes of ``a`` and ``b`` that still tell them apart (Pagefind's rule for
    the bounds of neighbouring chunks)."""
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return a[: same + 1], b[: same + 1]


def chunk_bounds(chunks: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """The ``from`` and ``to`` bounds the metadata gives chunks holding words from ``first`` to
    ``last`` (each chunk a (first, last, ...) sequence, in order), as Pagefind trims them:
    between neighbours, to the shortest prefixes that tell them apart, unless that would put a
    chunk's ``to`` before its ``from``."""
    bounds = [[chunk[0], chunk[1]] for chunk in chunks]
    for before, after in itertools.pairwise(bounds):
        to, after[0] = common_prefixes(before[1], after[0])
        if to >= before[0]:
            before[1] = to
    return [(low, high) for low, high in bounds]


@dataclass
class _Bundle:
    """One input bundle's language index, and where its pages land in the merged numbering."""

    folder: Path
    meta: list[Any]
    offset: int
    fields: dict[int, int]  # its meta field number -> the merged one (empty when the same)


def _entry(folder: Path) -> dict[str, Any]:
    try:
        entry: dict[str, Any] = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise MergeError(f"{folder}: no readable pagefind-entry.json ({error})") from error
    if entry.get("version") != PAGEFIND_VERSION:
        raise MergeError(
            f"{folder}: Pagefind {entry.get('version')} wrote it; this merge reads the layout of "
            f"{PAGEFIND_VERSION}. Fix: pin pagefind {PAGEFIND_VERSION}, or check the layout "
            "(build_tools/search_merge.py) against the new version and update PAGEFIND_VERSION."
        )
    return entry


def _words(
    bundle: _Bundle, order: int, low: str | None, high: str | None
) -> Iterator[tuple[str, int, list[Any]]]:
    """The bundle's words from ``low`` (included) to ``high`` (excluded), in order, each as
    (word, bundle's order, [word, pages, variants]). A chunk's words come before the next
    chunk's ``from`` bound, so only the chunks that can hold the range are read."""
    chunks = bundle.meta[_CHUNKS]
    for number, chunk in enumerate(chunks):
        if high is not None and chunk[0] >= high:
            break
        if low is not None and number + 1 < len(chunks) and chunks[number + 1][0] <= low:
            continue
        for word in read_pf(bundle.folder / "index" / f"{chunk[2]}.pf_index")[0]:
            if low is not None and word[0] < low:
                continue
            if high is not None and word[0] >= high:
                break
            yield word[0], order, word


# A page entry of a word is [page number (delta-encoded), word locations, meta locations].
_FIRST, _LOCS, _META_LOCS = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)


def _meta_loc(x: int, fields: dict[int, int]) -> int:
    """One of a page's meta locations in the merged numbering of meta fields: a word position
    (0 or more) stays; a negative one names meta field ``f`` as ``-1 - f``, and ``f`` moves."""
    return x if x >= 0 else -1 - fields[-1 - x]


def _renumber(pages: list[Any], bundle: _Bundle, last: int) -> int:
    """Move a word's page list (delta-encoded) from the bundle's numbering to the merged one,
    following a list that ended at page ``last``; returns the last page of this one."""
    if not pages:
        return last
    absolute: int = pages[0][0] + bundle.offset
    end: int = absolute + sum(map(_FIRST, itertools.islice(pages, 1, None)))
    pages[0][0] = absolute - last
    if bundle.fields:
        for page in pages:
            page[2] = [_meta_loc(x, bundle.fields) for x in page[2]]
    return end


def _merge_word(parts: list[tuple[_Bundle, list[Any]]]) -> list[Any]:
    """One word's entries from several bundles (in bundle order) as one entry."""
    word = parts[0][1][0]
    pages: list[Any] = []
    variants: dict[str, list[Any]] = {}
    lasts: dict[str, int] = {}
    last = 0
    for bundle, entry in parts:
        last = _renumber(entry[1], bundle, last)
        pages += entry[1]
        for form, form_pages in entry[2]:
            lasts[form] = _renumber(form_pages, bundle, lasts.get(form, 0))
            variants.setdefault(form, []).extend(form_pages)
    return [word, pages, [[form, form_pages] for form, form_pages in variants.items()]]


def _size(word: list[Any]) -> int:
    """A word's share of a chunk, counted as Pagefind 1.5.2 counts it (its variants' pages are
    not counted)."""
    # Summed by map in C: a generator over every page of every word made most of the merge's
    # 7 million Python calls at 1,000 interviews (0.7 million now).
    pages = word[1]
    return sum(map(len, map(_LOCS, pages))) + sum(map(len, map(_META_LOCS, pages))) + len(pages)


class _ChunkWriter:
    """Writes word chunks of CHUNK_SIZE, each named by its full digest for now, and keeps
    [first word, last word, digest] of each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: list[list[str]] = []
        self.words: list[Any] = []
        self.size = 0
        self.count = 0

    def add(self, word: list[Any]) -> None:
        self.words.append(word)
        self.count += 1
        self.size += _size(word)
        if self.size >= CHUNK_SIZE:
            self.close()

    def close(self) -> None:
        if not self.words:
            return
        body = cbor2.dumps([self.words])
        digest = _sha1(body)
        _write_pf(self.folder / f"{digest}.pf_index", body)
        self.written.append([self.words[0][0], self.words[-1][0], digest])
        self.words, self.size = [], 0


def _merge_range(
    bundles: list[_Bundle], folder: Path, low: str | None, high: str | None
) -> tuple[list[list[str]], int]:
    """Merge the bundles' words from ``low`` to ``high`` into chunks written to ``folder``;
    the chunks written ([first word, last word, digest]) and the number of words."""
    writer = _ChunkWriter(folder)
    streams = [_words(bundle, order, low, high) for order, bundle in enumerate(bundles)]
    group: list[tuple[_Bundle, list[Any]]] = []
    for text, order, word in heapq.merge(*streams):
        if group and group[0][1][0] != text:
            writer.add(_merge_word(group))
            group = []
        group.append((bundles[order], word))
    if group:
        writer.add(_merge_word(group))
    writer.close()
    return writer.written, writer.count


def _ranges(bundles: list[_Bundle], parts: int) -> list[tuple[str | None, str | None]]:
    """Word ranges holding about as many of the bundles' chunks each, one per process."""
    bounds = sorted({chunk[0] for bundle in bundles for chunk in bundle.meta[_CHUNKS][1:]})
    pivots = sorted({bounds[len(bounds) * k // parts] for k in range(1, parts)} if bounds else ())
    edges: list[str | None] = [None, *pivots, None]
    return list(itertools.pairwise(edges))


def _merge_words(
    bundles: list[_Bundle], folder: Path, language: str, jobs: int
) -> tuple[list[Any], int]:
    """All the bundles' words merged into chunks in ``folder``, in ``jobs`` processes (one word
    range each); the chunks' metadata ([from, to, name], in Pagefind's naming and with its
    trimmed bounds) and the number of words."""
    folder.mkdir(parents=True, exist_ok=True)
    ranges = _ranges(bundles, max(jobs, 1))
    others = [Pending(_merge_range, bundles, folder, low, high) for low, high in ranges[1:]]
    try:
        results = [_merge_range(bundles, folder, *ranges[0])]
        results += [other.result() for other in others]
    except BaseException:
        for other in others:  # a failed merge leaves no process writing into the bundle
            other.cancel()
        raise
    written = [chunk for chunks, _ in results for chunk in chunks]
    meta: list[list[str]] = []
    taken: set[str] = set()
    for (low, high), (_, _, digest) in zip(chunk_bounds(written), written, strict=True):
        name = _short_name(language, digest, taken)
        taken.add(name)
        (folder / f"{digest}.pf_index").replace(folder / f"{name}.pf_index")
        meta.append([low, high, name])
    return meta, sum(count for _, count in results)


def _move_fragments(bundles: list[_Bundle], output: Path, language: str) -> tuple[list[Any], int]:
    """Every bundle's page fragments, moved into ``output``; the merged list of meta pages.
    Two different pages with one short name (each bundle only avoided its own) get a longer one."""
    folder = output / "fragment"
    folder.mkdir(parents=True, exist_ok=True)
    taken: dict[str, bytes] = {}
    pages: list[Any] = []
    renamed = 0
    for bundle in bundles:
        moved: dict[str, str] = {}
        for name, word_count in bundle.meta[_PAGES]:
            if name not in moved:
                source = bundle.folder / "fragment" / f"{name}.pf_fragment"
                content = source.read_bytes()
                new = name
                if taken.get(new, content) != content:
                    digest = hashlib.sha256(gzip.decompress(content)).hexdigest()  # a longer name
                    new = _short_name(language, digest, taken)
                    renamed += 1
                if new not in taken:
                    (folder / f"{new}.pf_fragment").write_bytes(content)
                    taken[new] = content
                moved[name] = new
            pages.append([moved[name], word_count])
    return pages, renamed


def _language_bundles(
    folders: Sequence[Path], entries: list[dict[str, Any]], language: str
) -> tuple[list[_Bundle], list[str]]:
    """The bundles holding ``language``, numbered one after the other, their meta fields mapped
    to the merged (sorted) list."""
    held = [(f, e) for f, e in zip(folders, entries, strict=True) if language in e["languages"]]
    metas = [read_pf(f / f"pagefind.{e['languages'][language]['hash']}.pf_meta") for f, e in held]
    for (folder, _), meta in zip(held, metas, strict=True):
        if meta[_FILTERS] or meta[_SORTS]:
            raise MergeError(
                f"{folder}: its index has filters or sorts, which this merge does not carry "
                "over. Fix: index the pages in one run (a slice as large as the site)."
            )
    fields = sorted({field for meta in metas for field in meta[_FIELDS]})
    bundles, offset = [], 0
    for (folder, _), meta in zip(held, metas, strict=True):
        own = meta[_FIELDS]
        mapping = {} if own == fields else {i: fields.index(f) for i, f in enumerate(own)}
        bundles.append(_Bundle(folder, meta, offset, mapping))
        offset += len(meta[_PAGES])
    return bundles, fields


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """The cycle collector paused: the merge decodes millions of small lists, none in a
    cycle, and in a big process (the MkDocs build) each full collection would rescan all of
    that process's objects as well (measured at 1,000 interviews: 11.7 s instead of 5 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def merge_bundles(folders: Sequence[Path], output: Path, jobs: int = 1) -> MergeReport:
    """Merge the Pagefind bundles in ``folders`` (each indexing other pages) into ``output``,
    which must not exist yet, in ``jobs`` processes. Pages are numbered in the order of
    ``folders``."""
    with _collector_off():
        return _merge_bundles(folders, output, jobs)


def _merge_bundles(folders: Sequence[Path], output: Path, jobs: int) -> MergeReport:
    if not folders:
        raise MergeError("no Pagefind bundle to merge")
    entries = [_entry(folder) for folder in folders]
    output.mkdir(parents=True)
    for folder in folders:  # scripts, styles and WebAssembly: the same in every bundle
        for path in sorted(folder.iterdir()):
            shared = path.suffix != ".pf_meta" and path.name != "pagefind-entry.json"
            if shared and path.is_file() and not (output / path.name).exists():
                shutil.copyfile(path, output / path.name)
    languages: dict[str, Any] = {}
    pages = words = chunks = renamed = 0
    for language in sorted({lang for entry in entries for lang in entry["languages"]}):
        bundles, fields = _language_bundles(folders, entries, language)
        meta_pages, moved = _move_fragments(bundles, output, language)
        chunk_meta, count = _merge_words(bundles, output / "index", language, jobs)
        version = bundles[0].meta[0]
        body = cbor2.dumps([version, meta_pages, chunk_meta, [], [], fields])
        meta_hash = f"{language}_{_sha1(body)[: len(language) + 8]}"
        _write_pf(output / f"pagefind.{meta_hash}.pf_meta", body)
        first = next(e for e in entries if language in e["languages"])["languages"][language]
        languages[language] = {**first, "hash": meta_hash, "page_count": len(meta_pages)}
        pages += len(meta_pages)
        words += count
        chunks += len(chunk_meta)
        renamed += moved
    entry = {**entries[0], "languages": languages}
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (output / "pagefind-entry.json").write_text(text, encoding="utf-8")
    return MergeReport(pages=pages, words=words, chunks=chunks, renamed_fragments=renamed)
