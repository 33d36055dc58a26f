"""Run a Python module as this process and record its time and peak memory.

    python -m bench.measure OUT.json MODULE [ARGS...]

The benchmark runs every build (``mkdocs build`` with and without our hook) through this, in a
fresh process, so the peak resident memory it records (``ru_maxrss``) is that build's alone;
worker processes it started are recorded apart (their CPU time, the largest one's peak).
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
import time
from pathlib import Path


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    start = time.perf_counter()
    code = 0
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
        "exit_code": code,
    }
    Path(out).write_text(json.dumps(record), encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
