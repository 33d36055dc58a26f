"""Places: the (entry index, paragraph id, snippet) rows of one source, kept in a few arrays.

Why: every paragraph naming a topic or a person is a row with a snippet of about 30 words, and
the topic and people pages read every row of every interview. As Python tuples the rows took
159 MB at 1,000 interviews (700,000 objects: a snippet with a curly quote or an ellipsis is
stored two bytes to a character), held from the first listing page to the end of the build
(with the listings also held whole, a cold build at 5,000 grew by 1.9 GB while rendering).
Here a source's rows are three arrays and one UTF-8 string, compressed until a row is first
read: about the size of their text, pickled and unpickled as a few byte strings, and a row is
made only when it is read.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

Row = tuple[int, str, str]


class Places(Sequence[Row]):
    """An immutable sequence of (entry index, paragraph id, snippet) rows, equal to any
    sequence of the same rows (a tuple of them included)."""

    __slots__ = ("_ends", "_ids", "_index", "_packed", "_text", "_which")

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        index, which, ends = array("I"), array("I"), array("I")
        ids: dict[str, int] = {}
        chunks: list[bytes] = []
        at = 0
        for entry, paragraph_id, snippet in rows:
            index.append(entry)
            which.append(ids.setdefault(paragraph_id, len(ids)))
            chunk = snippet.encode("utf-8")
            chunks.append(chunk)
            at += len(chunk)
            ends.append(at)
        self._index = index
        self._which = which  # position of the row's paragraph id in ``_ids``
        self._ids = tuple(ids)
        # Every snippet, encoded, one after another, compressed until a row is first read:
        # the rows are read by the listings, late in the build, and the stages before them
        # reach the build's peak (the repeated statements' arrays, at 5,000 files).
        self._packed = zlib.compress(b"".join(chunks), 1)
        self._text: bytes | None = None  # ``_packed`` unpacked, once a row has been read
        self._ends = ends  # where each row's snippet ends in the text

    @classmethod
    def _from_parts(
        cls, index: bytes, which: bytes, ids: tuple[str, ...], packed: bytes, ends: bytes
    ) -> Places:
        made = cls.__new__(cls)
        made._index, made._which, made._ends = array("I"), array("I"), array("I")
        made._index.frombytes(index)
        made._which.frombytes(which)
        made._ends.frombytes(ends)
        made._ids, made._packed, made._text = ids, packed, None
        return made

    def __reduce__(self) -> tuple[object, ...]:
        parts = (self._index.tobytes(), self._which.tobytes(), self._ids, self._packed)
        return (Places._from_parts, (*parts, self._ends.tobytes()))

    def __len__(self) -> int:
        return len(self._index)

    @overload
    def __getitem__(self, at: int) -> Row: ...
    @overload
    def __getitem__(self, at: slice) -> tuple[Row, ...]: ...
    def __getitem__(self, at: int | slice) -> Row | tuple[Row, ...]:
        if isinstance(at, slice):
            return tuple(map(self._row, range(len(self))[at]))
        return self._row(range(len(self))[at])  # IndexError when out of range

    def _row(self, k: int) -> Row:
        text = self._text
        if text is None:
            text = self._text = zlib.decompress(self._packed)
        start = self._ends[k - 1] if k else 0
        snippet = text[start : self._ends[k]].decode("utf-8")
        return self._index[k], self._ids[self._which[k]], snippet

    def indexes(self) -> Sequence[int]:
        """Each row's entry index, in order (without making the rows)."""
        return self._index

    def __iter__(self) -> Iterator[Row]:
        return map(self._row, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Places):
            return self.__reduce__() == other.__reduce__()
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the tuple it equals

    def __repr__(self) -> str:
        return f"Places({list(self)!r})"
