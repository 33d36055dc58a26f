"""Run a Python module as this process and record its time and peak memory.

    python -m bench.measure OUT.json MODULE [ARGS...]

The benchmark runs every build (``mkdocs build`` with and without our hook) through this, in a
fresh process, so the peak resident memory it records (``ru_maxrss``) is that build's alone;
worker processes it started are recorded apart (their CPU time, the largest one's peak).

The build's peak as a whole (what a machine must have free) is sampled: every
``SAMPLE_SECONDS`` a thread adds up the resident memory of this process and every process it
started (reading workers, Pagefind), and keeps the largest sum. ``ru_maxrss`` alone cannot
tell it: it gives each process's own peak, not when those peaks happened. The sampler's own
CPU time is recorded, so a report can show what measuring cost the build it measured.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys
import threading
import time
from pathlib import Path

from build_tools.memory import proc_mb

SAMPLE_SECONDS = 0.05
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _children(pid: int) -> list[int]:
    """Direct children of a process (Linux: /proc/PID/task/*/children)."""
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            out += [int(x) for x in text.split()]
    except OSError:
        pass  # the process ended meanwhile
    return out


def _tree(root: int) -> list[int]:
    """A process and all its descendants now."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.append(pid)
            todo += _children(pid)
    return found


PSS_SHARE = 0.01
"""Most of one core the proportional sizes may take. Reading a process's ``smaps_rollup``
walks its page tables: 14 ms for a process of 1.5 GB here, against 0.05 ms for the resident
sizes of a whole tree from ``statm``. Read every 0.05 s, they took 13-20 s of CPU from the
reading of 5,000 files (107-135 s on 2 cores), which the reading processes then lacked; on
2% of a core, 2.7-4.2 s."""


def _rss_mb(pids: list[int]) -> float:
    """The sum of the processes' resident sizes now, in MB (a page shared by a forked child
    counted in each); processes that have ended count 0."""
    total = 0.0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_MB
        except (OSError, IndexError, ValueError):
            continue
    return total


def _pss_mb(pids: list[int]) -> float:
    """The sum of the processes' proportional sizes now, in MB: a page shared with n processes
    counts 1/n, so memory a forked child only reads is counted once."""
    return sum(proc_mb(pid, "smaps_rollup", "Pss") for pid in pids)


class TreeSampler:
    """The largest total resident memory of this process tree seen while it runs.

    The resident sum is read every :data:`SAMPLE_SECONDS`. The proportional sum is read on
    :data:`PSS_SHARE` of a core (after a reading that took d seconds, none for d / PSS_SHARE),
    and only while the resident sum is above its peak so far: a proportional size is never
    above the resident one, so no reading skipped that way could have raised it. The
    processes are listed first and measured after: a fork in between leaves the child out of
    this sample (the next one has it) instead of counting the parent's pages in full before
    the fork and the child's share after it, which overstated the peak."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self.peak_pss_mb = 0.0
        self.samples = 0
        self.pss_samples = 0
        self.cpu_seconds = 0.0
        """CPU time of the sampling thread (user and system), taken from whatever it measured."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        pss_after = 0.0
        while not self._stop.is_set():
            pids = _tree(me)
            rss = _rss_mb(pids)
            self.peak_mb = max(self.peak_mb, rss)
            now = time.perf_counter()
            if rss > self.peak_pss_mb and now >= pss_after:
                spent = time.thread_time()
                self.peak_pss_mb = max(self.peak_pss_mb, _pss_mb(pids))
                pss_after = now + (time.thread_time() - spent) / PSS_SHARE
                self.pss_samples += 1
            self.samples += 1
            self.cpu_seconds = time.thread_time()
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> TreeSampler:
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    start = time.perf_counter()
    code = 0
    with TreeSampler() as sampler:
        try:
            runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    record = {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        # Worker processes (the pipeline reads files in parallel): their CPU time, and the
        # peak of the largest one (ru_maxrss of children is a maximum, not a sum).
        "children_cpu_seconds": children.ru_utime + children.ru_stime,
        "largest_child_peak_mb": children.ru_maxrss / 1024,
        # The whole tree at its fullest (None where /proc cannot be read).
        "tree_peak_mb": sampler.peak_mb if sampler.samples else None,
        "tree_peak_pss_mb": sampler.peak_pss_mb if sampler.samples else None,
        "sampler_cpu_seconds": sampler.cpu_seconds,
        "samples": sampler.samples,
        "pss_samples": sampler.pss_samples,
        "exit_code": code,
    }
    Path(out).write_text(json.dumps(record), encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
