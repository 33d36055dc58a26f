"""Index a written site with Pagefind in slices of a bounded number of pages, and merge the
slices into the one bundle the browser loads (search_merge.py).

Why slices: Pagefind holds every word position of the pages it indexes until it writes them,
about 2 MB a page of ours, so the build's memory would grow with the archive (1.85 GB at 1,000
interviews). A slice of SLICE_PAGES pages needs a fixed amount, whatever the archive's size.
Why two at a time: one Pagefind process keeps about one core busy (its parsing is parallel,
its indexing is not), so a second one uses the other core of a two-core machine.

A site that fits in one slice is indexed in one run, straight into its bundle folder, exactly as
before slicing existed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from build_tools.memory import proc_mb
from build_tools.search_fragments import SlimReport, slim_fragments
from build_tools.search_index import pagefind_command
from build_tools.search_merge import MergeReport, merge_bundles

SLICE_PAGES = 100
"""Pages in one Pagefind run. Measured on the synthetic archive's interview pages (105 KB of
HTML each): 220 MB of memory for 100 pages, 530 MB for 250, 1,050 MB for 500. Two runs at a time
at 100 pages stay under half a gigabyte together."""

SLICE_ENV = "TRANSCRIPTS_PAGEFIND_SLICE"
"""The environment variable that overrides SLICE_PAGES in a build (the hook reads it; the
browser tests set it small so that the seed site's index is a merged one)."""

JOBS = 2
"""Pagefind runs at a time (each keeps about one core busy)."""


SAMPLE_SECONDS = 0.05
"""How often a run's memory is read."""


class PagefindError(RuntimeError):
    """Pagefind could not run or failed; the message holds its output."""


@dataclass(frozen=True)
class IndexReport:
    """What indexing the site took."""

    pages: int
    """Pages given to Pagefind."""
    slices: int
    """Pagefind runs (1: no merge)."""
    peak_mb: float
    """The largest peak memory of one Pagefind run."""
    merge: MergeReport | None
    """What the merge wrote (None for a single run)."""
    index_seconds: float
    """Time the Pagefind runs took."""
    merge_seconds: float
    """Time the merge took."""
    fragments: SlimReport
    """What slimming the page fragments did (search_fragments.py)."""
    slim_seconds: float
    """Time slimming them took."""


def _link_or_copy(source: Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, link)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, link)


def _peak_mb(pid: int) -> float:
    """A running process's peak resident memory so far (Linux's VmHWM), 0 where unknown.

    Not ``wait4``'s ``ru_maxrss``: Linux carries a forked child's peak from before its exec
    over, so every child of a big build would report the build's own peak."""
    return proc_mb(pid, "status", "VmHWM")


def _run(command: list[str], log: Path) -> float:
    """Run one Pagefind command; its peak memory in MB, sampled while it runs."""
    with log.open("wb") as out:
        try:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        except OSError as error:
            raise PagefindError(f"Pagefind could not start ({error})") from error
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _peak_mb(process.pid))
        time.sleep(SAMPLE_SECONDS)
    if process.returncode != 0:
        output = log.read_text("utf-8", "replace")
        raise PagefindError(f"Pagefind failed (exit {process.returncode}):\n{output}")
    return peak


def page_slices(pages: Sequence[str], slice_pages: int, jobs: int) -> list[Sequence[str]]:
    """``pages`` cut into runs of at most ``slice_pages``, in order, as few as that allows
    rounded up to a multiple of ``jobs``, their sizes differing by one at most: the runs going
    at once then end together (cut at every ``slice_pages``, the last short run of 1,000
    interviews' 11 ran alone, one core idle)."""
    count = -(-len(pages) // max(slice_pages, 1))
    if count <= 1:
        return [pages]
    count = min(-(-count // max(jobs, 1)) * max(jobs, 1), len(pages))
    return [pages[k * len(pages) // count : (k + 1) * len(pages) // count] for k in range(count)]


def index_site(
    site: Path,
    pages: Sequence[str],
    language: str,
    *,
    slice_pages: int = SLICE_PAGES,
    jobs: int = JOBS,
) -> IndexReport:
    """Index ``pages`` (paths under ``site``, in this order) into ``site/pagefind``.

    Pagefind reads every HTML file under the folder it is given, so each run is given a folder
    of its own holding only its pages, as hard links to the written ones: it never parses what
    is not indexed (a listing's continuation parts, at 1,000 interviews a thousand pages, and
    the 404 page, which is not a search result)."""
    output = site / "pagefind"
    shutil.rmtree(output, ignore_errors=True)
    slices = page_slices(pages, slice_pages, jobs)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as temporary:
        work = Path(temporary)
        commands = []
        for number, paths in enumerate(slices):
            folder = work / "pages" / str(number)
            folder.mkdir(parents=True)
            for path in paths:
                _link_or_copy(site / path, folder / path)
            bundle = output if len(slices) == 1 else work / f"bundle-{number}"
            commands.append(pagefind_command(folder, language, bundle))
        logs = [work / f"pagefind-{number}.log" for number in range(len(slices))]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            peaks = list(pool.map(_run, commands, logs))
        indexed = time.perf_counter()
        # The page folders (one per page) go in a thread while the merge runs: on a busy disk
        # (ext4 mounted with discard) a folder took up to 3 ms to remove, 3 s at 1,000
        # interviews, against 0.1 s when it is idle; rmdir waits outside the interpreter lock.
        remover = threading.Thread(target=shutil.rmtree, args=(work / "pages", True))
        remover.start()
        merge = None
        try:
            if len(slices) > 1:
                bundles = [work / f"bundle-{n}" for n in range(len(slices))]
                merge = merge_bundles(bundles, output, jobs=jobs)
        finally:
            remover.join()
    merged = time.perf_counter()
    fragments = slim_fragments(sorted((output / "fragment").glob("*.pf_fragment")), jobs)
    return IndexReport(
        pages=len(pages),
        slices=len(slices),
        peak_mb=max(peaks),
        merge=merge,
        index_seconds=indexed - started,
        merge_seconds=merged - indexed,
        fragments=fragments,
        slim_seconds=time.perf_counter() - merged,
    )
