"""Run one function in a process of its own while the caller goes on.

Why: much of the build runs in one process on one core while the other core waits. Work that
needs nothing the caller is making can run beside it: the second page writer (mkdocs_hook.py)
and a range of the search index merge (search_merge.py). The child is forked: it sees the
caller's data as it is (which could take seconds to pickle) and shares its memory until either
side changes a page of it. Only the result comes back, pickled. A child that reads every object
of a large structure gets its own copy of it all (reference counts are writes), so a job that
walks the whole corpus is better left in the caller (the downloads, mkdocs_hook.py).

Where there is no fork (Windows), the function simply runs first, in the caller.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class BackgroundError(RuntimeError):
    """The function failed in the child process (its traceback is the message)."""


def _child(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result: tuple[str, Any] = ("ok", function(*args))
    except BaseException:  # reported to the caller, which raises it
        result = ("error", traceback.format_exc())
    connection.send(result)
    connection.close()


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
            status, value = self._receive.recv()
        except EOFError as error:
            self._process.join()  # reaped first: its exit code is known only then
            raise BackgroundError(
                f"the background process ended without an answer (exit code "
                f"{self._process.exitcode}); it may have run out of memory"
            ) from error
        finally:
            self._receive.close()
            self._process.join()
            self._process = None
        if status != "ok":
            raise BackgroundError(value)
        self._value = value
        return value  # type: ignore[no-any-return]
