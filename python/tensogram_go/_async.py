"""AsyncTensogramFile: asyncio wrapper over TensogramFile.

Upstream bridges to a tokio runtime; here every awaitable runs the
synchronous (lock-free, Go-backed) method in a worker thread with
``asyncio.to_thread``, so one handle serves concurrent awaits, on local
files and URLs alike.

Argument errors (types, negative indices, storage_options conversion) are
raised when a method is called, before an awaitable exists, as upstream
does; every other error surfaces when the awaitable is awaited.
"""

from __future__ import annotations

import asyncio
import threading
import typing

from . import _tensogram
from ._file import TensogramFile, _check_bool, _check_indices, _check_str, _storage_options


class AsyncTensogramFile:
    """Awaitable access to a .tgm file."""

    __slots__ = ("_f", "_count")

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("No constructor defined for AsyncTensogramFile; use await AsyncTensogramFile.open()")

    @classmethod
    def _wrap(cls, f: TensogramFile) -> "AsyncTensogramFile":
        self = object.__new__(cls)
        self._f = f
        self._count = None
        return self

    @staticmethod
    def open(source: str, *, bidirectional: bool = True) -> "typing.Awaitable[AsyncTensogramFile]":
        """Open a file or (see ``is_remote_url``) a URL in a worker thread; returns an awaitable."""
        _check_str("source", source)
        _check_bool("bidirectional", bidirectional)
        return AsyncTensogramFile._opened(TensogramFile.open, source, bidirectional=bidirectional)

    @staticmethod
    def open_remote(
        source: str, storage_options: dict | None = None, *, bidirectional: bool = True
    ) -> "typing.Awaitable[AsyncTensogramFile]":
        """Open a URL as ``TensogramFile.open_remote`` does, in a worker thread; returns an awaitable."""
        _check_str("source", source)
        opts = _storage_options(storage_options)
        _check_bool("bidirectional", bidirectional)
        return AsyncTensogramFile._opened(TensogramFile.open_remote, source, opts, bidirectional=bidirectional)

    @staticmethod
    async def _opened(opener, *args, **kwargs) -> "AsyncTensogramFile":
        return AsyncTensogramFile._wrap(await asyncio.to_thread(opener, *args, **kwargs))

    async def message_count(self) -> int:
        """Number of messages (cached for len() and async iteration)."""
        self._count = await asyncio.to_thread(self._f.message_count)
        return self._count

    async def decode_message(self, index: int, native_byte_order: bool = True, threads: int = 0, verify_hash: bool = False):
        """Decode one message."""
        return await asyncio.to_thread(
            self._f.decode_message, index, native_byte_order, threads, True, verify_hash
        )

    async def file_decode_metadata(self, msg_index: int):
        """Metadata of one message."""
        return await asyncio.to_thread(self._f.file_decode_metadata, msg_index)

    async def file_decode_descriptors(self, msg_index: int) -> dict:
        """Metadata and descriptors of one message."""
        return await asyncio.to_thread(self._f.file_decode_descriptors, msg_index)

    async def file_decode_object(
        self, msg_index: int, obj_index: int, native_byte_order: bool = True, threads: int = 0, verify_hash: bool = False
    ) -> dict:
        """One object of one message."""
        return await asyncio.to_thread(
            self._f.file_decode_object, msg_index, obj_index, native_byte_order, threads, verify_hash
        )

    async def file_decode_range(
        self, msg_index: int, obj_index: int, ranges, join: bool = False, native_byte_order: bool = True, threads: int = 0
    ):
        """Element ranges of one object."""
        return await asyncio.to_thread(
            self._f.file_decode_range, msg_index, obj_index, ranges, join, native_byte_order, threads
        )

    def file_decode_object_batch(self, msg_indices, obj_index: int, native_byte_order: bool = True,
                                 threads: int = 0, verify_hash: bool = False) -> "typing.Awaitable[list]":
        """Object ``obj_index`` of every listed message (remote files; OSError for local ones when awaited)."""
        idx = _check_indices(msg_indices)
        return asyncio.to_thread(self._f.file_decode_object_batch, idx, obj_index, native_byte_order, threads, verify_hash)

    def file_decode_range_batch(self, msg_indices, obj_index: int, ranges, join: bool = False,
                                native_byte_order: bool = True, threads: int = 0) -> "typing.Awaitable[list]":
        """Ranges of object ``obj_index`` of every listed message (remote files; OSError for local ones when awaited)."""
        idx = _check_indices(msg_indices)
        return asyncio.to_thread(self._f.file_decode_range_batch, idx, obj_index, ranges, join, native_byte_order, threads)

    async def read_message(self, index: int) -> bytes:
        """Raw bytes of one message."""
        return await asyncio.to_thread(self._f.read_message, index)

    async def messages(self) -> list[bytes]:
        """Raw bytes of every message (count first, then one read per message)."""
        n = await self.message_count()
        return [await asyncio.to_thread(self._f.read_message, i) for i in range(n)]

    def prefetch_layouts(self, msg_indices) -> "typing.Awaitable[None]":
        """Discover the listed messages of a remote file and fetch their layouts
        (so later decodes of them need no layout request); a no-op for local files."""
        idx = _check_indices(msg_indices)
        return asyncio.to_thread(_tensogram._file_prefetch, self._f._h, idx)

    def is_remote(self) -> bool:
        """Whether this handle reads a URL."""
        return self._f.is_remote()

    def source(self) -> str:
        """The path as given."""
        return self._f.source()

    def __len__(self) -> int:
        if self._count is None:
            raise RuntimeError("call `await f.message_count()` before len(f)")
        return self._count

    def __aiter__(self) -> "AsyncTensogramFileIter":
        if self._count is None:
            raise RuntimeError("call `await f.message_count()` before async iteration")
        return AsyncTensogramFileIter._new(self, self._count)

    async def __aenter__(self) -> "AsyncTensogramFile":
        return self

    async def __aexit__(self, exc_type, exc, tb) -> bool:
        return False

    def __repr__(self) -> str:
        return f"AsyncTensogramFile(source={self._f.source()!r})"


class AsyncTensogramFileIter:
    """Async iterator over a file's messages.

    The message count is the one cached by ``await f.message_count()`` when
    the iterator was created.

    Sharing: one iterator may be advanced by many tasks, and from event loops
    in different threads, at once. ``__anext__`` reserves the next message
    index under a short ``threading.Lock`` (never held across an ``await``)
    and decodes in a worker thread, so every message is delivered exactly
    once across all consumers, in no particular order between them.
    ``len()`` and ``repr()`` are snapshots.
    """

    __slots__ = ("_af", "_count", "_pos", "_lock")

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("No constructor defined for AsyncTensogramFileIter")

    @classmethod
    def _new(cls, af: AsyncTensogramFile, count: int) -> "AsyncTensogramFileIter":
        self = object.__new__(cls)
        self._af, self._count, self._pos = af, count, 0
        self._lock = threading.Lock()
        return self

    def __aiter__(self) -> "AsyncTensogramFileIter":
        return self

    async def __anext__(self):
        with self._lock:
            i = self._pos
            if i >= self._count:
                raise StopAsyncIteration
            self._pos = i + 1
        return await self._af.decode_message(i)

    def __len__(self) -> int:
        return max(self._count - self._pos, 0)

    def __repr__(self) -> str:
        pos = self._pos
        return f"AsyncTensogramFileIter(position={pos}, remaining={max(self._count - pos, 0)})"
