"""MessageIter: iterate over the messages of a bytes buffer."""

from __future__ import annotations

import threading

from . import _tensogram


class MessageIter:
    """Iterator over the messages of a buffer (from :func:`iter_messages`).

    The buffer is scanned once at construction; each ``next`` decodes one
    message in Go with no Python lock held. The iterator keeps a reference to
    the (immutable) ``bytes`` object instead of copying it.

    Sharing: one iterator may be advanced from any number of threads at once.
    ``next`` reserves the next message index under a short ``threading.Lock``
    and decodes outside it, so every message is delivered exactly once across
    all threads (in no particular order between threads) and decodes run in
    parallel. An ``IntegrityError`` ends the iteration for every thread; messages
    already reserved by other threads are still delivered. ``len()`` and
    ``repr()`` are snapshots.
    """

    __slots__ = ("_buf", "_spans", "_pos", "_verify", "_lock", "__weakref__")

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("No constructor defined for MessageIter; use iter_messages()")

    @classmethod
    def _new(cls, buf: bytes, spans: list, verify: bool) -> "MessageIter":
        self = object.__new__(cls)
        self._buf = buf
        self._spans = spans
        self._pos = 0
        self._verify = verify
        self._lock = threading.Lock()
        return self

    def __iter__(self) -> "MessageIter":
        return self

    def __next__(self):
        with self._lock:
            i = self._pos
            if i >= len(self._spans):
                raise StopIteration
            self._pos = i + 1
        off, length = self._spans[i]
        try:
            return _tensogram._decode_span(self._buf, off, length, self._verify)
        except _tensogram.IntegrityError:
            with self._lock:
                self._pos = len(self._spans)
            raise

    def __len__(self) -> int:
        return max(len(self._spans) - self._pos, 0)

    def __repr__(self) -> str:
        pos = self._pos
        return f"MessageIter(position={pos}, remaining={max(len(self._spans) - pos, 0)})"


def iter_messages(buf: bytes, *, verify_hash: bool = False) -> MessageIter:
    """Iterate over every message of ``buf`` (bytes), skipping garbage between them."""
    if not isinstance(verify_hash, bool) and type(verify_hash).__name__ not in ("bool_", "bool"):
        raise TypeError(f"argument 'verify_hash': '{type(verify_hash).__name__}' object is not an instance of 'bool'")
    spans = _tensogram._scan_bytes(buf)
    return MessageIter._new(buf, spans, bool(verify_hash))
