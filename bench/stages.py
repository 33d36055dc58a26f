"""Time the pipeline stage by stage, with memory, by calling the library as ``build_corpus`` does.

    python -m bench.stages SOURCE_DIR OUT.json            # every stage, one after the other
    python -m bench.stages --rebuild [--run=N] SOURCE_DIR OUT.json  # the rebuild after an edit

Runs in a process of its own (``run.py`` starts it), so the peak memory after each stage is the
pipeline's alone. The stages follow ``build_tools.pipeline._build_corpus`` and ``read_source``
step by step, in one process (the library may read files in parallel; here every stage's own
cost is wanted), with the cycle collector paused as there. ``parse`` normalises every line
itself, so normalising is timed inside it and, once more on its own, as a separate figure.

``--rebuild`` adds one sentence to one file and runs ``build_corpus`` + the rendering the way
the MkDocs hook calls them (all cores, the hook's cache folder, when the library has them): in
this fresh process, as ``make site`` after an edit, then for a second edit in the same process,
as ``mkdocs serve`` rebuilds; the file is put back afterwards.
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from build_tools import features, pipeline, render, reuse
from build_tools.accounting import check_links_lossless, check_nothing_lost
from build_tools.decode import decode
from build_tools.downloads import Settings, write_all
from build_tools.link import link
from build_tools.model import Corpus, DecodedText, Diagnostic, ParsedSource, Rejected, SourceRef
from build_tools.parse import normalise_lines, parse
from build_tools.relations import annotate
from build_tools.render import render_site

T = TypeVar("T")


def _rss_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Seconds spent per stage, in order, with the peak and current memory after each."""

    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            record = self.stages.setdefault(name, {"seconds": 0.0, "cpu_seconds": 0.0})
            record["seconds"] += time.perf_counter() - start
            record["cpu_seconds"] += time.process_time() - cpu
            record["peak_mb"] = _peak_mb()
            record["rss_mb"] = _rss_mb()

    def timed(self, name: str, fn: Callable[[], T]) -> T:
        with self.stage(name):
            return fn()


@contextmanager
def _collector_paused() -> Iterator[None]:
    paused = getattr(pipeline, "_collector_paused", None)
    if paused is not None:
        with paused():
            yield
        return
    yield


def _read_one(
    clock: Clock, path: Path, facts: dict[str, str]
) -> tuple[ParsedSource | None, Rejected | None, tuple[Diagnostic, ...]]:
    """``pipeline.read_source``, its steps timed apart (without its catch-all)."""
    shown = pipeline.display_path(path)
    with clock.stage("read + decode"):
        data = path.read_bytes()
        ref = SourceRef(shown, hashlib.sha256(data).hexdigest(), len(data))
        decoded: DecodedText = decode(shown, data)
    if not decoded.text.strip():
        diags = decoded.diagnostics or (Diagnostic(shown, None, "error", "no text in file."),)
        return None, Rejected(shown, diags[0].message), tuple(diags)
    parsed = clock.timed("normalise + parse", lambda: parse(ref, decoded, facts))
    with clock.stage("accounting (lines)"):
        lost = check_nothing_lost(parsed)
        condense = getattr(pipeline, "condense", lambda d: d)
        diags = tuple(condense(parsed.diagnostics + tuple(lost)))
    if not parsed.turns:
        errors = [d for d in diags if d.level == "error"]
        return None, Rejected(shown, errors[0].message if errors else "no text"), diags
    with clock.stage("per-file features (shingles, topics, people)"):
        digest = features.source_digest(shown, ref.sha256, facts)
        parsed = replace(parsed, features=features.compute(parsed, digest))
    return parsed, None, diags


def measure(source: Path) -> tuple[dict[str, Any], Corpus, dict[str, str]]:
    """Every stage of the pipeline on ``source``, timed; the corpus and the rendered pages."""
    clock = Clock()
    with _collector_paused():
        with clock.stage("discover + manifest"):
            paths, notes = pipeline.discover(source)
            manifest = pipeline.load_manifest(source)
            diagnostics: list[Diagnostic] = list(notes)
            diagnostics += pipeline._manifest_checks(paths, manifest, source)
        parsed: list[ParsedSource] = []
        rejected: list[Rejected] = []
        for path in paths:
            facts = manifest.get(path.relative_to(source).as_posix(), {}).get("facts") or {}
            ok, bad, diags = _read_one(clock, path, {str(k): str(x) for k, x in facts.items()})
            diagnostics.extend(diags)
            if ok is not None:
                parsed.append(ok)
            if bad is not None:
                rejected.append(bad)
        interviews, link_notes = clock.timed("link (excerpts, duplicates)", lambda: link(parsed))
        diagnostics += link_notes
        diagnostics += clock.timed("accounting (links)", lambda: check_links_lossless(interviews))
        diagnostics.sort(key=lambda d: (d.path, d.line or 0))
        annotated, topics, people, speakers = clock.timed(
            "annotate (topics, people, related)", lambda: annotate(interviews)
        )
        annotated = clock.timed("repeated statements (reuse)", lambda: reuse.find(annotated))
        corpus = Corpus(
            tuple(annotated), tuple(sorted(rejected, key=lambda r: r.path)), tuple(diagnostics),
            topic_locators=topics, person_locators=people, speakers=speakers,
        )  # fmt: skip
    pages = clock.timed("render", lambda: render_site(corpus))
    downloads = measure_downloads(corpus)
    # Normalising alone (it also runs inside parse, above): what share of parse it is.
    start = time.perf_counter()
    for path in paths:
        normalise_lines(path.read_bytes().decode("utf-8", errors="replace"))
    normalise_alone = time.perf_counter() - start
    result = {
        "stages": [{"stage": k, **v} for k, v in clock.stages.items()],
        "pipeline_seconds": sum(v["seconds"] for v in clock.stages.values()),
        "pipeline_cpu_seconds": sum(v["cpu_seconds"] for v in clock.stages.values()),
        "normalise_alone_seconds": normalise_alone,
        "peak_mb": _peak_mb(),
        "downloads": downloads,
    }
    return result, corpus, pages


def measure_downloads(corpus: Corpus) -> dict[str, float]:
    """The data downloads and feeds (``downloads.write_all``, which the hook runs in on_files),
    written into a scratch folder: seconds, files, bytes. Kept apart from the stages above, so
    their sums stay comparable with earlier reports."""
    folder = Path(tempfile.mkdtemp(prefix="bench-downloads-"))
    try:
        start = time.perf_counter()
        files = write_all(corpus, folder, Settings("https://bench.example.org/", "2025-01-01"))
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"seconds": seconds, "files": len(files), "bytes": sum(f.size for f in files)}


def corpus_facts(corpus: Corpus, pages: dict[str, str]) -> dict[str, Any]:
    """What the pipeline made of the archive: counts a maintainer would look at first."""
    levels = Counter(d.level for d in corpus.diagnostics)
    roles = Counter(link.role for i in corpus.interviews for link in i.linked)
    linked = {link.source.source.path for i in corpus.interviews for link in i.linked}
    meta = [i.main.metadata for i in corpus.interviews]
    return {
        "interviews": len(corpus.interviews),
        "rejected": len(corpus.rejected),
        "errors": levels["error"],
        "warnings": levels["warning"],
        "merged_sources": len(linked),
        "links": dict(roles),
        "interviews_with_excerpt_page_only": sum(i.missing_full_text for i in corpus.interviews),
        "with_date": sum(m.date is not None for m in meta),
        "with_outlet_or_occasion": sum(bool(m.outlet or m.occasion) for m in meta),
        "with_place": sum(m.place is not None for m in meta),
        "turns": sum(len(i.main.turns) for i in corpus.interviews),
        "paragraphs": sum(len(i.main.paragraphs) for i in corpus.interviews),
        "pages": len(pages),
        "markdown_bytes": sum(len(p.encode("utf-8")) for p in pages.values()),
        "top_diagnostics": Counter(
            d.message.split("'")[0][:80] for d in corpus.diagnostics
        ).most_common(8),
    }


HOOK_CACHE = Path(
    os.environ.get("TRANSCRIPTS_CACHE")
    or Path(__file__).resolve().parent.parent / "build" / "cache"
)
"""Where the MkDocs hook keeps parsed files (``build_tools/mkdocs_hook.py``)."""


def hook_arguments() -> dict[str, Any]:
    """The keyword arguments the hook gives ``build_corpus``, as far as this library has them."""
    params = inspect.signature(pipeline.build_corpus).parameters
    out: dict[str, Any] = {}
    if "jobs" in params:
        out["jobs"] = None  # one process per core
    if "cache_dir" in params:
        out["cache_dir"] = HOOK_CACHE
    if "keep_link_inputs" in params:
        out["keep_link_inputs"] = False
    return out


def render_as_the_hook_does(corpus: Corpus) -> None:
    """Every page made, taken as the hook takes them: one at a time from ``render_pages``, the
    pages read back from the cache as they were kept (bytes, which the hook stores as they
    are); ``render_site`` where the library has no ``render_pages``."""
    pages = getattr(render, "render_pages", None)
    if pages is None:
        render_site(corpus)
        return
    for _ in pages(corpus):
        pass


def rebuild_after_edit(source: Path, run: int = 1) -> dict[str, Any]:
    """Seconds (wall, CPU) for ``build_corpus`` + the pages after one sentence was added
    to one file, called as the hook calls it: first in this fresh process (as ``make site``
    after an edit: the cache on disk is warm, nothing is in memory), then, after that file is
    put back and built once more, for a second edit in the same process (as ``mkdocs serve``
    rebuilds: modules loaded and patterns compiled by the build before)."""
    files = sorted(source.glob("*.txt"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    kwargs = hook_arguments()

    def edited_build(sentence: bytes) -> tuple[float, float]:
        target.write_bytes(original.rstrip(b"\n") + b" " + sentence)
        start, cpu = time.perf_counter(), time.process_time()
        render_as_the_hook_does(pipeline.build_corpus(source, **kwargs))
        return time.perf_counter() - start, time.process_time() - cpu

    # A repeated run adds other words: its edit must be as new to the cache as the first one.
    again = f" (run {run})" if run > 1 else ""
    try:
        seconds, cpu_seconds = edited_build(
            f"This sentence was added by the benchmark{again}.".encode()
        )
        target.write_bytes(original)
        render_as_the_hook_does(pipeline.build_corpus(source, **kwargs))  # serve, after the undo
        serve_seconds, serve_cpu = edited_build(f"And this one was added after it{again}.".encode())
    finally:
        target.write_bytes(original)
    return {
        "rebuild_seconds": seconds,
        "rebuild_cpu_seconds": cpu_seconds,
        "serve_rebuild_seconds": serve_seconds,
        "serve_rebuild_cpu_seconds": serve_cpu,
        "edited": target.name,
        "arguments": {k: str(x) for k, x in kwargs.items()},
        "peak_mb": _peak_mb(),
    }


def main() -> None:
    args = sys.argv[1:]
    rebuild = args[0] == "--rebuild"
    run = int(next((a.split("=", 1)[1] for a in args if a.startswith("--run=")), "1"))
    source, out = Path(args[-2]), Path(args[-1])
    gc.collect()
    if rebuild:
        result = rebuild_after_edit(source, run)
    else:
        result, corpus, pages = measure(source)
        result["corpus"] = corpus_facts(corpus, pages)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
