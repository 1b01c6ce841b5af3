"""StreamingEncoder: build a message frame by frame in memory."""

from __future__ import annotations

from . import _tensogram


class StreamingEncoder:
    """In-memory, frame-at-a-time encoder (meant as one instance per thread; one
    shared by threads stays whole: its calls run one at a time, in no set order).

    ``close()`` (our addition) releases the Go encoder at once; otherwise it
    is released when the object is garbage collected.
    """

    __slots__ = ("_h", "__weakref__")

    def __init__(
        self,
        global_meta_dict: dict,
        hash: str | None = "xxh3",
        threads: int = 0,
        allow_nan: bool = False,
        allow_inf: bool = False,
        nan_mask_method: str | None = None,
        pos_inf_mask_method: str | None = None,
        neg_inf_mask_method: str | None = None,
        small_mask_threshold_bytes: int | None = None,
        aggregate_hash: str | None = None,
    ) -> None:
        self._h = _tensogram._stream_new(
            global_meta_dict, hash, threads, allow_nan, allow_inf, nan_mask_method, pos_inf_mask_method,
            neg_inf_mask_method, small_mask_threshold_bytes, aggregate_hash,
        )

    def write_object(self, descriptor: dict, data) -> None:
        """Encode and write one object (same data rules as :func:`encode`)."""
        _tensogram._stream_write(self._h, descriptor, data, False)

    def write_object_pre_encoded(self, descriptor: dict, data) -> None:
        """Write one object whose bytes-like payload is already in wire form."""
        _tensogram._stream_write(self._h, descriptor, data, True)

    def finish(self) -> bytes:
        """Finish the message (length slots hold 0: readers forward-scan)."""
        return _tensogram._stream_finish(self._h, False, False)

    def finish_backfilled(self) -> bytes:
        """Finish the message with the real length in both length slots."""
        return _tensogram._stream_finish(self._h, True, False)

    def finish_and_reset(self) -> bytes:
        """Finish the message and start a new one with the same metadata/options."""
        return _tensogram._stream_finish(self._h, False, True)

    def finish_and_reset_backfilled(self) -> bytes:
        """finish_backfilled() then start a new message."""
        return _tensogram._stream_finish(self._h, True, True)

    def close(self) -> None:
        """Release the Go encoder now; later calls raise ValueError."""
        self._h.close()

    def __reduce__(self):
        raise TypeError("cannot pickle 'StreamingEncoder' object")
