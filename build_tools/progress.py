"""Feedback on long builds: a progress bar per stage in a terminal, one line per stage in logs.

The pipeline reports through :class:`Progress`: ``stage(name, total)`` opens a stage, ``advance``
counts work done, and closing it records the time. In a terminal (stderr is a TTY) each stage
shows a tqdm bar with files done, rate and time left; elsewhere (CI logs, pipes) a stage prints
one plain line when it ends, so logs stay short and greppable. :data:`SILENT` reports nothing
(the default for the library and the tests).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from tqdm import tqdm


@dataclass
class Progress:
    """Where progress goes; ``stages`` keeps (name, items, seconds) of every finished stage."""

    stream: TextIO | None = None
    """Where to write; None reports nothing."""
    bars: bool = False
    """Draw tqdm bars (a terminal) rather than one line per stage (a log)."""
    stages: list[tuple[str, int, float]] = field(default_factory=list)
    """Finished stages: name, items done, seconds."""

    @contextmanager
    def stage(self, name: str, total: int, unit: str = "file") -> Iterator[Callable[[int], None]]:
        """Open a stage of ``total`` items; yields ``advance(n)`` (a stage that never calls it
        is reported as having done all ``total``)."""
        started = time.perf_counter()
        done, counted = 0, False
        bar = (
            tqdm(total=total, desc=name, unit=unit, file=self.stream, leave=False)
            if self.bars and self.stream is not None
            else None
        )

        def advance(n: int = 1) -> None:
            nonlocal done, counted
            done, counted = done + n, True
            if bar is not None:
                bar.update(n)

        try:
            yield advance
        finally:
            if bar is not None:
                bar.close()
            seconds = time.perf_counter() - started
            done = done if counted else total  # a stage that counts nothing did it all at once
            self.stages.append((name, done, seconds))
            if self.stream is not None:
                rate = f", {done / seconds:.0f} {unit}s/s" if done > 1 and seconds > 0 else ""
                print(f"{name}: {done} {unit}(s) in {seconds:.1f} s{rate}", file=self.stream)


SILENT = Progress()


def for_stream(stream: TextIO = sys.stderr) -> Progress:
    """Bars when ``stream`` is a terminal, plain lines otherwise."""
    return Progress(stream, bars=stream.isatty())
