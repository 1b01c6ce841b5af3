"""TensogramFile and its iterator: .tgm files handled by Go.

Each TensogramFile owns a Go handle: an open core.File with a lazily built,
cached message index, or for URLs (``open_remote``, ``open`` of a remote
URL) a remote file read with range requests (package core/remote). Every
method runs in Go with no Python lock held. All methods may run
concurrently on one handle, including ``append``: core.File serialises
appends internally and readers see the file either before or after an
append, never a partial message; a remote handle serialises message
discovery and reads frames in parallel.

``close()`` (an addition over upstream) releases the Go handle at once;
otherwise it is released when the object is garbage collected. ``with``
blocks do not close the handle (as upstream): it stays usable afterwards.
"""

from __future__ import annotations

import operator
import threading

from . import _tensogram
from ._peripheral import is_remote_url

# The operation codes of tg_file_decode, as capi/tg_capi.h declares them.
_OP_DECODE = _tensogram.TG_FILE_OP_DECODE
_OP_OBJECT = _tensogram.TG_FILE_OP_OBJECT
_OP_RANGE = _tensogram.TG_FILE_OP_RANGE
_OP_METADATA = _tensogram.TG_FILE_OP_METADATA
_OP_DESCRIPTORS = _tensogram.TG_FILE_OP_DESCRIPTORS


def _check_str(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"argument '{name}': '{type(value).__name__}' object is not an instance of 'str'")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool) and type(value).__name__ not in ("bool_", "bool"):
        raise TypeError(f"argument '{name}': '{type(value).__name__}' object is not an instance of 'bool'")


def _storage_options(storage_options: object) -> dict[str, str] | None:
    """Upstream's conversion: a dict with str keys; values str() (ValueError if that fails)."""
    if storage_options is None:
        return None
    if not isinstance(storage_options, dict):
        raise TypeError(
            f"argument 'storage_options': '{type(storage_options).__name__}' object is not an instance of 'dict'"
        )
    out = {}
    for k, v in storage_options.items():
        if not isinstance(k, str):
            raise TypeError(f"storage_options keys must be str, not '{type(k).__name__}'")
        if isinstance(v, str):
            out[k] = v
            continue
        try:
            out[k] = str(v)
        except Exception:
            raise ValueError(f"storage_options value for key '{k}' must be convertible to string") from None
    return out


def _check_indices(msg_indices: object) -> list[int]:
    """A sequence of non-negative ints (a str is a TypeError, negatives OverflowError)."""
    if isinstance(msg_indices, (str, bytes)):
        raise TypeError(f"argument 'msg_indices': '{type(msg_indices).__name__}' object cannot be converted to 'Sequence'")
    out = []
    for v in msg_indices:  # type: ignore[attr-defined]
        if isinstance(v, float) or not hasattr(v, "__index__"):
            raise TypeError(f"argument 'msg_indices': '{type(v).__name__}' object cannot be interpreted as an integer")
        i = operator.index(v)
        if i < 0:
            raise OverflowError("can't convert negative int to unsigned")
        out.append(i)
    return out


class TensogramFile:
    """A .tgm file: messages stored back to back."""

    __slots__ = ("_h", "_source", "_remote", "__weakref__")

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("No constructor defined for TensogramFile; use TensogramFile.open() or TensogramFile.create()")

    @classmethod
    def _wrap(cls, handle, source: str, remote: bool = False) -> "TensogramFile":
        self = object.__new__(cls)
        self._h = handle
        self._source = source
        self._remote = remote
        return self

    @staticmethod
    def open(source: str, *, bidirectional: bool = True) -> "TensogramFile":
        """Open an existing file (no scan yet); a remote URL (see ``is_remote_url``) opens like ``open_remote``."""
        _check_str("source", source)
        _check_bool("bidirectional", bidirectional)
        if is_remote_url(source):
            return TensogramFile.open_remote(source, None, bidirectional=bidirectional)
        return TensogramFile._wrap(_tensogram._file_open(source, False), source)

    @staticmethod
    def create(path: str) -> "TensogramFile":
        """Create (or truncate) a file, creating parent directories."""
        _check_str("path", path)
        return TensogramFile._wrap(_tensogram._file_open(path, True), path)

    @staticmethod
    def open_remote(source: str, storage_options: dict | None = None, *, bidirectional: bool = True) -> "TensogramFile":
        """Open the file at a URL (http(s), s3, gs, az, file, ...) for lazy range reads.

        ``storage_options`` values are converted with ``str()``; unknown keys are
        rejected (OSError listing the known ones). Remote failures are OSError
        with a ``RemoteError:`` prefix.
        """
        _check_str("source", source)
        opts = _storage_options(storage_options)
        _check_bool("bidirectional", bidirectional)
        return TensogramFile._wrap(_tensogram._remote_open(source, opts, bool(bidirectional)), source, True)

    def message_count(self) -> int:
        """Number of messages (the file is scanned once and the index cached)."""
        return _tensogram._file_count(self._h)

    def __len__(self) -> int:
        return _tensogram._file_count(self._h)

    def append(
        self,
        global_meta_dict: dict,
        descriptors_and_data: list,
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
        """Encode one message exactly like :func:`encode` and append it to the file."""
        _tensogram._file_append(
            self._h, global_meta_dict, descriptors_and_data, hash, threads, allow_nan, allow_inf,
            nan_mask_method, pos_inf_mask_method, neg_inf_mask_method, small_mask_threshold_bytes, aggregate_hash,
        )

    def decode_message(
        self, index: int, native_byte_order: bool = True, threads: int = 0, restore_non_finite: bool = True,
        verify_hash: bool = False,
    ):
        """Decode message ``index`` completely (a Message)."""
        return _tensogram._file_decode(
            self._h, index, _OP_DECODE, 0, None, False, native_byte_order, threads, restore_non_finite, verify_hash
        )

    def read_message(self, index: int) -> bytes:
        """Raw wire bytes of message ``index``."""
        return _tensogram._file_read(self._h, index)

    def messages(self) -> list[bytes]:
        """Raw wire bytes of every message (local files only, as upstream)."""
        if self._remote:
            raise OSError("RemoteError: operation not supported on remote files")
        return [_tensogram._file_read(self._h, i) for i in range(_tensogram._file_count(self._h))]

    def file_decode_metadata(self, msg_index: int):
        """Metadata of message ``msg_index``."""
        return _tensogram._file_decode(self._h, msg_index, _OP_METADATA, 0, None, False, True, 0, True, False)

    def file_decode_descriptors(self, msg_index: int) -> dict:
        """``{"metadata": Metadata, "descriptors": [DataObjectDescriptor, ...]}`` of one message."""
        meta, descs = _tensogram._file_decode(self._h, msg_index, _OP_DESCRIPTORS, 0, None, False, True, 0, True, False)
        return {"metadata": meta, "descriptors": descs}

    def file_decode_object(
        self, msg_index: int, obj_index: int, native_byte_order: bool = True, threads: int = 0, verify_hash: bool = False
    ) -> dict:
        """``{"metadata", "descriptor", "data"}`` for one object of one message."""
        meta, desc, data = _tensogram._file_decode(
            self._h, msg_index, _OP_OBJECT, obj_index, None, False, native_byte_order, threads, True, verify_hash
        )
        return {"metadata": meta, "descriptor": desc, "data": data}

    def file_decode_range(
        self, msg_index: int, obj_index: int, ranges, join: bool = False, native_byte_order: bool = True,
        threads: int = 0,
    ):
        """Element ranges of one object of one message (as :func:`decode_range`)."""
        return _tensogram._file_decode(
            self._h, msg_index, _OP_RANGE, obj_index, ranges, join, native_byte_order, threads, True, False
        )

    def file_decode_object_batch(
        self, msg_indices, obj_index: int, native_byte_order: bool = True, threads: int = 0, verify_hash: bool = False
    ) -> list:
        """Object ``obj_index`` of every listed message (remote files; OSError for local ones).

        A list of ``{"metadata", "descriptor", "data"}`` dicts in input order; the
        frames are fetched in coalesced concurrent requests.
        """
        out = _tensogram._file_batch(
            self._h, msg_indices, _OP_OBJECT, obj_index, None, False, native_byte_order, threads, verify_hash
        )
        return [{"metadata": m, "descriptor": d, "data": a} for m, d, a in out]

    def file_decode_range_batch(
        self, msg_indices, obj_index: int, ranges, join: bool = False, native_byte_order: bool = True, threads: int = 0
    ) -> list:
        """``file_decode_range`` of the same ranges in every listed message (remote files; OSError for local ones)."""
        return _tensogram._file_batch(
            self._h, msg_indices, _OP_RANGE, obj_index, ranges, join, native_byte_order, threads, False
        )

    def is_remote(self) -> bool:
        """Whether this handle reads a URL (opened with ``open_remote`` or a remote ``open``)."""
        return self._remote

    def source(self) -> str:
        """The path or URL as given."""
        return self._source

    def close(self) -> None:
        """Release the Go handle now (our addition); later calls raise ValueError."""
        self._h.close()

    def __getitem__(self, key):
        if isinstance(key, slice):
            n = _tensogram._file_count(self._h)
            return [self.decode_message(i) for i in range(*key.indices(n))]
        if isinstance(key, bool) or not hasattr(key, "__index__"):
            raise TypeError("indices must be integers or slices")
        i = operator.index(key)
        n = _tensogram._file_count(self._h)
        j = i + n if i < 0 else i
        if j < 0 or j >= n:
            raise IndexError(f"message index {i} out of range for file with {n} messages")
        return self.decode_message(j)

    def __iter__(self) -> "TensogramFileIter":
        if self._h.closed:
            raise ValueError("operation on a closed tensogram_go object")
        if self._remote:
            raise RuntimeError("iteration not supported on remote files")
        return TensogramFileIter._new(self._source)

    def __enter__(self) -> "TensogramFile":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        return False

    def __repr__(self) -> str:
        return f"TensogramFile(source={self._source!r})"

    def __reduce__(self):
        raise TypeError("cannot pickle 'TensogramFile' object")


class TensogramFileIter:
    """Iterator over a file's messages on its own independent handle.

    The message count is taken when the iterator is created (``iter(f)``);
    messages appended later are not visited.

    Sharing: one iterator may be advanced from any number of threads at once.
    ``next`` reserves the next message index under a short ``threading.Lock``
    and decodes outside it, so every message is delivered exactly once across
    all threads (in no particular order between threads) and decodes run in
    parallel. A message that fails to decode raises in the thread that
    reserved it and is not retried. ``len()`` and ``repr()`` are snapshots.
    """

    __slots__ = ("_file", "_count", "_pos", "_lock", "__weakref__")

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("No constructor defined for TensogramFileIter; use iter(TensogramFile)")

    @classmethod
    def _new(cls, source: str) -> "TensogramFileIter":
        self = object.__new__(cls)
        self._file = TensogramFile.open(source)
        self._count = self._file.message_count()
        self._pos = 0
        self._lock = threading.Lock()
        return self

    def __iter__(self) -> "TensogramFileIter":
        return self

    def __next__(self):
        with self._lock:
            i = self._pos
            if i >= self._count:
                raise StopIteration
            self._pos = i + 1
        return self._file.decode_message(i)

    def __len__(self) -> int:
        return max(self._count - self._pos, 0)

    def __repr__(self) -> str:
        pos = self._pos
        return f"TensogramFileIter(position={pos}, remaining={max(self._count - pos, 0)})"
