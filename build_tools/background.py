"""Run one function in a process of its own while the caller goes on.

Why: much of the build runs in one process on one core while the other core waits. Work that
needs nothing the caller is making can run beside it.

- :class:`Pending`: a forked child, for the second page writer (mkdocs_hook.py) and a range
  of the search index merge (search_merge.py). It sees the caller's data as it is (which
  could take seconds to pickle) and shares its memory until either side changes a page of it.
  Only the result comes back, pickled. Where there is no fork (Windows), the function simply
  runs first, in the caller.
- :class:`Consumer`: a spawned child that is sent its items one batch at a time, for the
  data downloads, written while the build hook renders the pages. A forked child would not
  do for a job that walks the whole corpus: reading an object writes its reference count, so
  the child copies every page of memory the corpus is on, and Linux counts every page the
  caller had as the child's too (the build's processes held 1.24 GB at 1,000 interviews
  where one held 0.76 GB). The spawned child holds only its imports and a batch.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")

BATCH_BYTES = 1 << 20
"""A :class:`Consumer`'s items go in batches of about this many bytes pickled: the thread
that sends them waits for the interpreter's lock after each write (up to 5 ms while the
caller's thread is busy), so sending an item at a time (at 1,000 interviews, 140 KB each)
could leave the child waiting. Not measured: batches were the first design."""


def spare_core() -> bool:
    """Whether this process may use more than one core: a process beside it only pays then."""
    return len(os.sched_getaffinity(0)) > 1


class BackgroundError(RuntimeError):
    """The function failed in the child process (its traceback is the message)."""


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except BaseException:  # reported to the caller, which raises it
        result = ("error", traceback.format_exc())
    connection.send(result)
    connection.close()


def _answer(receive: Connection, process: Any) -> Any:
    """What the child sent back (or raise what it raised), once it has ended."""
    try:
        status, value = receive.recv()
    except EOFError as error:
        process.join()  # reaped first: its exit code is known only then
        raise BackgroundError(
            f"the background process ended without an answer (exit code "
            f"{process.exitcode}); it may have run out of memory"
        ) from error
    finally:
        receive.close()
        process.join()
    if status != "ok":
        raise BackgroundError(value)
    return value


class Pending(Generic[T]):
    """A function's result, running elsewhere until :meth:`result` is asked for."""

    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._value: T | None = None
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._value = function(*args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()  # the child's end: the parent keeps only its own

    def cancel(self) -> None:
        """Stop the function if it still runs (the caller failed: its result is not wanted,
        and it must not go on writing beside the next build of ``mkdocs serve``)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._process = None

    def result(self) -> T:
        """Wait for the function and return what it returned (or raise what it raised)."""
        if self._process is None:
            return self._value  # type: ignore[return-value]
        try:
            self._value = _answer(self._receive, self._process)
        finally:
            self._process = None
        return self._value


class _End:
    """Sent after the last batch: the items ended there (an end of file before it means the
    caller stopped sending)."""


def _received(connection: Connection) -> Iterator[Any]:
    """The items sent by :meth:`Consumer._send`, one at a time."""
    while True:
        try:
            batch = connection.recv()
        except EOFError:
            raise BackgroundError("the caller stopped sending items before the last") from None
        if batch is _End:
            return
        for data in batch:
            yield pickle.loads(data)  # noqa: S301 (from the parent process, through a pipe)


def _consume(
    items: Connection, answer: Connection, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    try:
        result: tuple[str, Any] = ("ok", function(_received(items), *args))
    except BaseException:  # reported to the caller, which raises it
        result = ("error", traceback.format_exc())
    items.close()  # a sender still sending (the function failed) gets a broken pipe: it stops
    answer.send(result)
    answer.close()


class Consumer(Generic[T]):
    """``function(items, *args)`` in a process of its own, ``items`` sent to it by a thread of
    the caller while the caller goes on. ``beside=False``: no process; the function runs in
    the caller when its :meth:`result` is asked for (on one core). A process takes about
    0.3 s to start and import.

    The items are pickled in the caller's thread as the child needs them, so the caller must
    not change them meanwhile; the child's memory holds its imports and one batch."""

    def __init__(
        self, function: Callable[..., T], items: Iterable[Any], *args: Any, beside: bool = True
    ) -> None:
        self._value: T | None = None
        self._process: Any = None
        self._failed: BaseException | None = None
        # Held only until the function has run: the items may be a whole corpus, which the
        # caller lets go of once they are written.
        self._here: tuple[Callable[..., T], Iterable[Any], tuple[Any, ...]] | None = None
        if not beside:
            self._here = (function, items, args)
            return
        # spawn, not fork: see the module's docstring.
        context = multiprocessing.get_context("spawn")
        child_items, self._send_items = context.Pipe(duplex=False)
        self._receive, child_answer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_consume, args=(child_items, child_answer, function, args), daemon=True
        )
        self._process.start()
        child_items.close()  # the child's ends: the parent keeps only its own
        child_answer.close()
        self._sender = threading.Thread(target=self._send, args=(iter(items),), daemon=True)
        self._sender.start()

    def _send(self, items: Iterator[Any]) -> None:
        """In the caller's thread: the items in batches, then :class:`_End`."""
        try:
            batch: list[bytes] = []
            size = 0
            for item in items:
                batch.append(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
                size += len(batch[-1])
                if size >= BATCH_BYTES:
                    self._send_items.send(batch)
                    batch, size = [], 0
            if batch:
                self._send_items.send(batch)
            self._send_items.send(_End)
        except OSError:
            pass  # the child stopped reading (it failed or was stopped): its answer says why
        except BaseException as error:  # an item that does not pickle: raised by result()
            self._failed = error
        finally:
            self._send_items.close()

    def cancel(self) -> None:
        """Stop the function if it still runs (the caller failed: its result is not wanted)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._sender.join()  # the pipe is broken now: it stops
            self._receive.close()
            self._process = None

    def result(self) -> T:
        """Wait for the function and return what it returned (or raise what it raised)."""
        if self._process is None:
            if self._here is not None:
                function, items, args = self._here
                self._value = function(iter(items), *args)
                self._here = None
            return self._value  # type: ignore[return-value]
        try:
            value = _answer(self._receive, self._process)
        except BackgroundError:
            if self._failed is None:
                raise
        finally:
            self._sender.join()  # the child has ended: the thread has sent all, or stopped
            self._process = None
        if self._failed is not None:  # the child's error was only that the items stopped
            raise self._failed
        self._value = value
        return value  # type: ignore[no-any-return]
