"""Run the whole pipeline: read every source, parse each on its own, then link the corpus.

As in ``mkdocs/commands/build.py`` and Pelican: everything is read first, one file at a time
and in isolation (a broken file is reported and skipped, the rest still build), then the corpus
is linked as a whole, and only then does anything get written (by the callers).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from build_tools import features, reuse
from build_tools.accounting import check_links_lossless, check_nothing_lost
from build_tools.cache import ParseCache
from build_tools.decode import decode
from build_tools.digests import Digests
from build_tools.link import link
from build_tools.model import (
    Corpus,
    Diagnostic,
    Interview,
    ParsedSource,
    Rejected,
    SourceRef,
    replaced,
)
from build_tools.parse import parse
from build_tools.progress import SILENT, Progress
from build_tools.relations import annotate

MANIFEST = "manifest.yaml"
TEXT_SUFFIXES = {".txt"}
IGNORED_NAMES = {MANIFEST, "README.md", ".gitattributes", ".gitkeep"}
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReadResult:
    """What reading one file gave: a parsed source, or a rejection, plus diagnostics."""

    parsed: ParsedSource | None
    """The parsed source when the file is usable."""
    rejected: Rejected | None
    """Why the file was not used."""
    diagnostics: tuple[Diagnostic, ...]
    """Everything said about the file."""


_RESOLVED: dict[tuple[str, str], str] = {}
"""Folders resolved during this build (emptied when a build starts): resolving costs a system
call per part of the path, and every file is named several times (0.3 s at 1,000 files)."""


def _resolved(folder: str) -> str:
    key = (os.getcwd(), folder)  # noqa: PTH109 (a string: no Path made per call)
    if key not in _RESOLVED:
        _RESOLVED[key] = Path(folder).resolve().as_posix()
    return _RESOLVED[key]


def display_path(path: Path) -> str:
    """The path as shown to people: relative to the working directory when inside it."""
    # The folder is resolved, the file itself is not: a symbolic link is named as it sits in
    # the source folder, not by where it points. Both are absolute and normalised once
    # resolved, so "inside" is a prefix test on whole parts; pathlib's relative_to took
    # 70 microseconds a call, 0.14 s for the two calls per file of a rebuild at 1,000 files.
    folder = _resolved(os.path.dirname(path) or ".")  # noqa: PTH120 (as above)
    here = _resolved(".")
    prefix = here.rstrip("/") + "/"
    if folder == here:
        return path.name
    if folder.startswith(prefix):
        return f"{folder[len(prefix) :]}/{path.name}"
    return path.as_posix()


def load_manifest(source_dir: Path, cache: ParseCache | None = None) -> dict[str, dict[str, Any]]:
    """``manifest.yaml``'s ``files`` table (empty when there is no manifest). ``cache`` keeps
    the table by the manifest's bytes: building it from the YAML took 0.28 s of a rebuild at
    5,000 files, reading it back 0.01 s."""
    path = source_dir / MANIFEST
    if not path.is_file():
        return {}
    data = path.read_bytes()
    key = "manifest-" + hashlib.sha256(data).hexdigest()
    kept = cache.get(key) if cache is not None else None
    if isinstance(kept, dict):
        return kept
    # libyaml's loader when PyYAML has it: the same data, and a 1,000-file manifest loads in
    # milliseconds instead of a second (which a rebuild after an edit cannot afford).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = yaml.load(data.decode("utf-8"), Loader=loader) or {}  # noqa: S506
    files = found.get("files") or {}
    table = {str(k): dict(v or {}) for k, v in files.items()}
    if cache is not None:
        cache.put(key, table)
    return table


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every link resolved, is inside ``root``."""
    return path.resolve().is_relative_to(root)


def discover(source_dir: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Transcript files under ``source_dir``, sorted; other files are reported, not read."""
    found: list[Path] = []
    notes: list[Diagnostic] = []
    root = source_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(source_dir, followlinks=False):
        # A linked folder is never entered: it may lead out of the folder or back into it.
        for name in sorted(d for d in dirnames if (Path(dirpath) / d).is_symlink()):
            notes.append(
                Diagnostic(
                    display_path(Path(dirpath) / name),
                    None,
                    "error" if not _inside(Path(dirpath) / name, root) else "warning",
                    "symbolic link to a folder; it was not followed.",
                    "Copy the transcripts into source_texts/ instead of linking to them.",
                )
            )
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d).is_symlink()
        )
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name in IGNORED_NAMES or name.startswith("."):
                continue
            if path.is_symlink() and (not path.exists() or not _inside(path, root)):
                where = "outside the source folder" if path.exists() else "to nothing (broken)"
                notes.append(
                    Diagnostic(
                        display_path(path),
                        None,
                        "error",
                        f"symbolic link pointing {where}; it was not followed.",
                        "Copy the file into source_texts/ instead of linking to it.",
                    )
                )
                continue
            if path.suffix.lower() not in TEXT_SUFFIXES:
                kind = path.suffix or "no extension"
                notes.append(
                    Diagnostic(
                        display_path(path),
                        None,
                        "warning",
                        f"not a .txt file ({kind}); it was not read.",
                        "Save transcripts as UTF-8 .txt files, or move this file "
                        "out of source_texts/.",
                    )
                )
                continue
            found.append(path)
    return found, notes


REPEATS_SHOWN = 3


def condense(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The same problem on many lines (10,000 empty ``Question:`` labels) is said a few times
    and then once more with the count and the lines, so the report stays readable."""
    seen: dict[tuple[str, str, str, str], list[Diagnostic]] = {}
    for d in diagnostics:
        seen.setdefault((d.path, d.level, d.message, d.hint), []).append(d)
    out: list[Diagnostic] = []
    for same in seen.values():
        out += same[:REPEATS_SHOWN]
        rest = same[REPEATS_SHOWN:]
        if rest:
            first = rest[0]
            lines = [d.line for d in rest if d.line is not None]
            where = f", lines {lines[0]} to {lines[-1]}" if lines else ""
            message = first.message.rstrip(".")
            out.append(replace(first, message=f"{message} (and {len(rest)} more times{where})."))
    return tuple(out)


def read_source(path: Path, facts: Mapping[str, str] | None = None) -> ReadResult:
    """Read, decode and parse one file; never raises (a crash becomes a diagnostic)."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            d = Diagnostic(
                shown,
                None,
                "error",
                f"file is {size} bytes, over the limit of {MAX_BYTES}.",
                "Split the file into one transcript per file.",
            )
            return ReadResult(None, Rejected(shown, d.message), (d,))
        data = path.read_bytes()
        ref = SourceRef(shown, hashlib.sha256(data).hexdigest(), len(data))
        decoded = decode(shown, data)
        if not decoded.text.strip():
            diags = decoded.diagnostics or (
                Diagnostic(shown, None, "error", "no text in file.", "Remove the file."),
            )
            reason = "; ".join(f"{d.message} {d.hint}".strip() for d in diags if d.level == "error")
            return ReadResult(None, Rejected(shown, reason or diags[0].message), tuple(diags))
        parsed = parse(ref, decoded, facts)
    except Exception as exc:  # one bad file must not stop the build
        d = Diagnostic(
            shown,
            None,
            "error",
            f"internal error while reading: {exc!r}.",
            "This is a bug in build_tools; please report it with the file.",
        )
        return ReadResult(None, Rejected(shown, d.message), (d,))
    lost = check_nothing_lost(parsed)
    diags = condense(parsed.diagnostics + tuple(lost))
    if not parsed.turns:
        errors = [d for d in diags if d.level == "error"]
        reason = errors[0].message if errors else "no transcript text"
        return ReadResult(None, Rejected(shown, reason), diags)
    # What linking, tagging and rendering need from this file alone is computed here, in the
    # reading process, and cached with the parse: a rebuild then only joins.
    parsed = replace(parsed, features=features.compute(parsed, features.source_digest(
        shown, ref.sha256, facts)))  # fmt: skip
    return ReadResult(parsed, None, diags)


def _manifest_checks(
    paths: list[Path],
    manifest: Mapping[str, Mapping[str, Any]],
    source_dir: Path,
    digests: Digests | None = None,
) -> list[Diagnostic]:
    """Files missing from the manifest, and files whose bytes no longer match it."""
    if not manifest:
        return []  # a folder without a manifest (a scratch corpus) is not checked
    digests = digests or Digests()
    notes = []
    for path in paths:
        key = path.relative_to(source_dir).as_posix()
        entry = manifest.get(key)
        digest = digests.sha256(path)
        if entry is None:
            notes.append(
                Diagnostic(
                    display_path(path),
                    None,
                    "warning",
                    "file is not in the manifest.",
                    f"Add to {MANIFEST} under files: '{key}: {{original_name: {path.name}, "
                    f"sha256: {digest}}}'.",
                )
            )
        elif entry.get("sha256") != digest:
            notes.append(
                Diagnostic(
                    display_path(path),
                    None,
                    "warning",
                    "the file's bytes differ from the SHA-256 recorded in the manifest.",
                    f"Restore the original file; if the new bytes are the evidence, record "
                    f"sha256: {digest} in {MANIFEST}.",
                )
            )
    return notes


@contextmanager
def collector_paused(*, starts_build: bool = True) -> Iterator[None]:
    """Python's cycle collector, paused while the corpus is built.

    The pipeline makes millions of small, acyclic objects (words, lines, paragraphs) that all
    live until the end; each full collection rescans every one of them, so the time grows
    faster than the input (measured: a 50 MB transcript took 193 s, 51 s with the collector
    paused, and less memory). Reference counting still frees everything that is dropped.

    ``starts_build``: False for a later step of the same build (rendering the corpus just
    built), which must not collect what the build froze: that corpus is alive, and a full
    pass over it found nothing to free and cost 0.8-1.1 s of a rebuild at 1,000 files.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    if starts_build and gc.get_freeze_count():
        # What the last build in this process froze (below) may be garbage by now, cycles
        # included (mkdocs serve builds again and again): back in the collector's view, and
        # collected once, while there is little else alive.
        gc.unfreeze()
        gc.collect()
    try:
        yield
    finally:
        # The objects made meanwhile mostly live on (the corpus): frozen, the collector's
        # first pass after this leaves them alone instead of rescanning every one of them
        # (about 0.5 s of a rebuild at 1,000 files).
        gc.freeze()
        if was_enabled:
            gc.enable()


def build_corpus(
    source_dir: Path | str = "source_texts",
    *,
    jobs: int | None = 1,
    cache_dir: Path | None = None,
    progress: Progress = SILENT,
    keep_link_inputs: bool = True,
) -> Corpus:
    """Read every source under ``source_dir`` and link them into a corpus.

    ``jobs``: processes reading files (None: one per core). ``cache_dir``: keep each file's
    read result there by content, so a rebuild reads only changed files. ``progress``: where to
    report each stage. None of them changes the result. Without ``keep_link_inputs`` the
    sources' shingles are dropped once the texts are linked (:func:`without_link_inputs`).
    """
    with collector_paused():
        return _build_corpus(Path(source_dir), jobs, cache_dir, progress, keep_link_inputs)


_collector_paused = collector_paused  # the name ``bench/stages.py`` looks for

PARALLEL_MIN = 16
"""Fewer files than this are read in this process: starting workers would cost more."""


def without_link_inputs(interview: Interview) -> Interview:
    """``interview`` with its sources' shingles left out of their features (``b""``): only
    linking reads them, and they were 160 MB at 5,000 files, held to the end of the build.
    The parsed sources are copied without unpacking what they keep packed."""

    def lean(parsed: ParsedSource) -> ParsedSource:
        if parsed.features is None:
            return parsed
        found = replaced(parsed.features, shingles=b"", shingle_samples=b"")
        return replaced(parsed, features=found)

    linked = tuple(replaced(x, source=lean(x.source)) for x in interview.linked)
    return replaced(interview, main=lean(interview.main), linked=linked)


READ_CHUNK = 4
"""Files a reading process is handed at a time: few enough that the work stays balanced to the
end, enough that handing them over costs little (a file takes 20-40 ms to read)."""


def _size(path: Path) -> int:
    """The file's size in bytes, 0 when it cannot be read (reading it then reports why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_job(job: tuple[Path, dict[str, str], ParseCache | None, str | None]) -> bytes:
    """Read one file in a reading process and return its result pickled, cached there with the
    same bytes: pickling it in the main process would leave a UTF-8 copy of its text in every
    string (see ``cache.put``), and handing the result over as an object pickled it a second
    time (1.8 ms a file, a twentieth of reading it, mostly compressing its packed fields)."""
    path, facts, cache, key = job
    data = pickle.dumps(read_source(path, facts), protocol=pickle.HIGHEST_PROTOCOL)
    if cache is not None and key is not None:
        cache.put_pickled(key, data)
    return data


def _read_all(
    jobs: list[tuple[Path, dict[str, str]]],
    workers: int | None,
    cache: ParseCache | None,
    progress: Progress,
    digests: Digests | None = None,
) -> list[ReadResult]:
    """Every file's read result, in the order of ``jobs``, from the cache or read anew (in
    parallel when there are enough): the order and content never depend on either."""
    results: dict[int, ReadResult] = {}
    keys: dict[int, str] = {}
    digests = digests or Digests()
    if cache is not None:
        with progress.stage("cached", len(jobs)) as advance:
            advance(0)  # counts hits only
            for n, (path, facts) in enumerate(jobs):
                if not path.is_file() or path.stat().st_size > MAX_BYTES:
                    continue
                digest = digests.sha256(path)
                keys[n] = cache.key(display_path(path), digest, facts)
                hit = cache.get(keys[n])
                if isinstance(hit, ReadResult):
                    results[n] = hit
                    advance(1)
    todo = [n for n in range(len(jobs)) if n not in results]
    workers = workers or len(os.sched_getaffinity(0))
    with progress.stage("read", len(todo)) as advance:
        advance(0)
        if workers > 1 and len(todo) >= PARALLEL_MIN:
            # spawn, not fork: the caller may have threads (a server, a browser driver).
            context = multiprocessing.get_context("spawn")
            # Largest files first, a few at a time: the last piece of work is then a small
            # file, so no worker idles long while another ends (with chunks of a sixteenth
            # of the files, one core idled for the last 2.5 s of 25 at 1,000 files).
            order = sorted(todo, key=lambda n: (-_size(jobs[n][0]), n))
            work = [(*jobs[n], cache, keys.get(n)) for n in order]
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                done = pool.map(_read_job, work, chunksize=READ_CHUNK)
                # Each result arrives pickled, its turns and lines still packed (model.Packed):
                # the pages and downloads unpack one source's turns at a time.
                for n, data in zip(order, done, strict=True):
                    results[n] = pickle.loads(data)  # noqa: S301 (made by _read_job)
                    advance(1)
        else:
            for n in todo:
                results[n] = read_source(*jobs[n])
                if cache is not None and n in keys:
                    results[n] = cache.put_fresh(keys[n], results[n])
                advance(1)
    return [results[n] for n in range(len(jobs))]


def _build_corpus(
    source_dir: Path, jobs: int | None, cache_dir: Path | None, progress: Progress,
    keep_link_inputs: bool = True,
) -> Corpus:  # fmt: skip
    _RESOLVED.clear()  # a folder or link may have moved since the last build
    paths, notes = discover(source_dir)
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    manifest = load_manifest(source_dir, cache)
    diagnostics: list[Diagnostic] = list(notes)
    # Each file is hashed once, for the manifest and the cache; with a cache, only when its
    # status changed since the last build.
    digests = Digests(cache, source_dir)
    diagnostics += _manifest_checks(paths, manifest, source_dir, digests)
    parsed: list[ParsedSource] = []
    rejected: list[Rejected] = []
    read_jobs = []
    for path in paths:
        facts = manifest.get(path.relative_to(source_dir).as_posix(), {}).get("facts") or {}
        read_jobs.append((path, {str(k): str(v) for k, v in facts.items()}))
    results = _read_all(read_jobs, jobs, cache, progress, digests)
    digests.save()
    for result in results:
        diagnostics.extend(result.diagnostics)
        if result.parsed is not None:
            parsed.append(result.parsed)
        if result.rejected is not None:
            rejected.append(result.rejected)
    for d in notes:
        if d.level == "error":
            rejected.append(Rejected(d.path, d.message))
    with progress.stage("link", len(parsed), unit="text"):
        interviews, notes = link(parsed, cache)
        diagnostics += notes
        diagnostics += check_links_lossless(interviews, cache)
    del parsed  # the interviews hold them (or, without their link inputs, copies)
    if not keep_link_inputs:
        interviews = [without_link_inputs(i) for i in interviews]
    diagnostics.sort(key=lambda d: (d.path, d.line or 0))
    with progress.stage("topics and people", len(interviews), unit="interview"):
        annotated, topics, people, speakers = annotate(interviews, cache)
    # After linking: excerpts and duplicates are merged by now, so a repost is not a repetition.
    with progress.stage("repeated statements", len(annotated), unit="interview"):
        annotated = reuse.find(annotated, cache=cache)
    return Corpus(
        tuple(annotated),
        tuple(sorted(rejected, key=lambda r: r.path)),
        tuple(diagnostics),
        topic_locators=topics,
        person_locators=people,
        speakers=speakers,
        cache_dir=cache_dir,
    )
