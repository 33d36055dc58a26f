"""A function run in a forked process beside the caller (build_tools/background.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from build_tools.background import BackgroundError, Pending


def _write(folder: Path, data: dict[str, str]) -> list[str]:
    for name, text in data.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(data)


def _fail(message: str) -> None:
    raise ValueError(message)


def _die() -> None:
    os._exit(7)


def test_the_result_comes_back_and_the_files_are_written(tmp_path: Path) -> None:
    """The child sees the caller's data without it being passed through a pipe (fork) and
    what it writes is there once its result is."""
    data = {f"f{n}.txt": "x" * n for n in range(50)}
    pending = Pending(_write, tmp_path, data)
    assert pending.result() == sorted(data)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == data
    assert pending.result() == sorted(data)  # asked again: the same, no second wait


def test_an_exception_in_the_child_is_raised_with_its_traceback() -> None:
    with pytest.raises(BackgroundError, match=r"(?s)in _fail.*ValueError: the data was bad"):
        Pending(_fail, "the data was bad").result()


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(BackgroundError, match="exit code 7"):
        Pending(_die).result()


def _sleep_then_write(path: Path) -> None:
    time.sleep(2)
    path.write_text("late", encoding="utf-8")


def test_a_cancelled_function_stops_and_writes_nothing_more(tmp_path: Path) -> None:
    """When the caller fails, cancel() stops the child: nothing it would have written later
    appears (in mkdocs serve it would write into the next build's site)."""
    late = tmp_path / "late.txt"
    pending = Pending(_sleep_then_write, late)
    pending.cancel()
    time.sleep(2.5)
    assert not late.exists()
