"""A function run in a process beside the caller (build_tools/background.py): forked
(``Pending``), or spawned and sent its items (``Consumer``)."""

from __future__ import annotations

import gc
import os
import pickle
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.background import BATCH_BYTES, BackgroundError, Consumer, Pending
from build_tools.memory import proc_mb


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


# --- Consumer: a spawned child sent its items ------------------------------------------------


def _collect(items: Iterator[bytes], tag: str) -> list[object]:
    return [tag, *items]


def _items() -> Iterator[bytes]:
    """Items of many sizes, some larger than a batch."""
    for n in range(300):
        yield bytes([n % 256]) * (n * 997 % 50_000)
        if n % 100 == 0:
            yield b"x" * (BATCH_BYTES + 5)


def test_every_item_arrives_in_order_and_the_result_comes_back() -> None:
    consumer = Consumer(_collect, _items(), "tag")
    assert consumer.result() == ["tag", *_items()]
    assert consumer.result() == ["tag", *_items()]  # asked again: the same, no second wait


def test_without_a_process_the_function_runs_in_the_caller_once() -> None:
    calls = []

    def count(items: Iterator[bytes], tag: str) -> list[object]:
        calls.append(tag)
        return _collect(items, tag)

    consumer = Consumer(count, _items(), "here", beside=False)
    assert calls == []  # not before the result is asked for
    assert consumer.result() == ["here", *_items()]
    assert consumer.result() == ["here", *_items()]
    assert calls == ["here"]


class _Held:
    """Items the test can tell are let go (a list cannot be weakly referenced)."""

    def __iter__(self) -> Iterator[bytes]:
        return iter([b"one", b"two"])


@pytest.mark.parametrize("beside", [True, False])
def test_the_items_are_let_go_once_the_result_is_in(beside: bool) -> None:
    """The build hands over its whole corpus and drops it after the downloads, before the
    second page writer forks: a consumer that kept it kept 200 MB more at 1,000 interviews."""
    items = _Held()
    held = weakref.ref(items)
    consumer = Consumer(_collect, items, "tag", beside=beside)
    del items
    assert consumer.result() == ["tag", b"one", b"two"]
    gc.collect()
    assert held() is None


def _own_memory(items: Iterator[bytes]) -> float:
    for _ in items:
        pass
    return proc_mb(os.getpid(), "status", "VmRSS")


def test_the_child_does_not_hold_the_callers_memory() -> None:
    """Spawned, not forked: a forked child counts every page its parent had as its own until
    it exits (the build's processes then add up to twice the corpus)."""
    held = bytearray(os.urandom(1024)) * (400 * 1024)  # 400 MB, every page written
    child_mb = Consumer(_own_memory, iter([b"a", b"b"])).result()
    assert 0 < child_mb < 200, child_mb
    assert len(held) == 400 * 2**20


def _fail_at_first(items: Iterator[bytes]) -> None:
    next(items)
    raise ValueError("the first item was bad")


def test_a_child_that_fails_early_is_an_error_not_a_hang() -> None:
    """It stops reading with 60 MB still to send: the caller's thread must stop sending."""
    many = (b"y" * 2**20 for _ in range(60))
    with pytest.raises(BackgroundError, match=r"(?s)in _fail_at_first.*the first item was bad"):
        Consumer(_fail_at_first, many).result()


def _die_at_first(items: Iterator[bytes]) -> None:
    next(items)
    os._exit(9)


def test_a_consumer_that_dies_is_an_error_not_a_hang() -> None:
    many = (b"z" * 2**20 for _ in range(60))
    with pytest.raises(BackgroundError, match="exit code 9"):
        Consumer(_die_at_first, many).result()


def test_an_item_that_does_not_pickle_is_raised_as_itself() -> None:
    """Not as the child's complaint that the items stopped."""
    items = iter([b"fine", lambda: None])
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError), match="lambda"):
        Consumer(_collect, items, "tag").result()


def _write_each_late(items: Iterator[Path]) -> None:
    for path in items:
        time.sleep(2)
        path.write_text("late", encoding="utf-8")


def test_a_cancelled_consumer_stops_and_writes_nothing_more(tmp_path: Path) -> None:
    late = tmp_path / "late.txt"
    consumer = Consumer(_write_each_late, iter([late]))
    consumer.cancel()
    time.sleep(2.5)
    assert not late.exists()
