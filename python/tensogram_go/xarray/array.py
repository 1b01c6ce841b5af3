"""Lazy backend arrays: one per object (:class:`TensogramBackendArray`) and stacked cubes.

Nothing is decoded until xarray indexes an array. A read of plain slices on an object whose codec
supports range decoding (no filter; compression none, szip, blosc2, or zfp in fixed-rate mode)
decodes only the selected elements when they are at most ``range_threshold`` of the object;
everything else decodes the whole object and slices it (see the README section "xarray engine").
"""

from __future__ import annotations

import logging
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from xarray.backends import BackendArray
from xarray.core import indexing

from ._handles import open_handle

logger = logging.getLogger(__name__)

DEFAULT_RANGE_THRESHOLD = 0.5

_RANGE_COMPRESSIONS = frozenset({"none", "szip", "blosc2", "zfp"})
_DTYPES = {
    n: n
    for n in (
        "float16", "float32", "float64", "complex64", "complex128",
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    )
}


def _to_numpy_dtype(name: str) -> np.dtype:
    """numpy dtype of a descriptor dtype name (bfloat16: ml_dtypes if importable, else uint16)."""
    s = str(name).lower()
    if s in _DTYPES:
        return np.dtype(_DTYPES[s])
    if s == "bfloat16":
        try:
            import ml_dtypes

            return np.dtype(ml_dtypes.bfloat16)
        except ImportError:
            return np.dtype("uint16")
    if s == "bitmask":
        return np.dtype("uint8")
    try:
        return np.dtype(s)
    except TypeError as exc:
        raise TypeError(f"unsupported tensogram dtype {name!r}: {exc}") from None


def supports_range(desc) -> bool:
    """Whether the object's codec chain allows partial (range) decoding."""
    if desc.filter == "shuffle" or desc.compression not in _RANGE_COMPRESSIONS:
        return False
    if desc.compression == "zfp":
        return (desc.params or {}).get("zfp_mode") == "fixed_rate"
    return True


def _is_contiguous_slice(entry) -> bool:
    return isinstance(entry, slice) and entry.step in (None, 1)


def _nd_slice_to_flat_ranges(shape, key) -> tuple[list[tuple[int, int]], tuple[int, ...]]:
    """Row-major element ranges ``[(offset, count), ...]`` covering ``key`` (unit-step slices).

    Returns the merged ranges and the output shape; an empty selection gives no ranges.
    """
    bounds = []
    for n, s in zip(shape, key):
        start, stop, _ = s.indices(n)
        bounds.append((start, max(0, stop - start)))
    out_shape = tuple(c for _, c in bounds)
    if any(c == 0 for c in out_shape):
        return [], out_shape
    split = None
    for axis in range(len(shape) - 1, -1, -1):
        if bounds[axis] != (0, shape[axis]):
            split = axis
            break
    if split is None:
        return [(0, math.prod(shape))], out_shape
    trailing = math.prod(shape[split + 1:])
    block = bounds[split][1] * trailing
    ranges: list[tuple[int, int]] = []
    for idx in np.ndindex(*out_shape[:split]):
        off = 0
        for axis in range(split + 1):
            pos = bounds[axis][0] + (idx[axis] if axis < split else 0)
            off = off * shape[axis] + pos
        off *= trailing
        if ranges and ranges[-1][0] + ranges[-1][1] == off:
            ranges[-1] = (ranges[-1][0], ranges[-1][1] + block)
        else:
            ranges.append((off, block))
    return ranges, out_shape


class _BasicArray(BackendArray):
    """A backend array taking xarray's basic indexing (ints and non-negative-step slices)."""

    def __getitem__(self, key):
        return indexing.explicit_indexing_adapter(
            key, self.shape, indexing.IndexingSupport.BASIC, self._raw_indexing_method
        )


class TensogramBackendArray(_BasicArray):
    """One object of one message, read lazily.

    Holds only the path or URL, indices, shape, dtype and options, plus an optional shared open
    handle that pickling drops (a restored array reopens the file in its own process). ``lock``,
    when given (any context manager, e.g. ``threading.Lock`` or, to pickle for Dask workers,
    ``dask.utils.SerializableLock``), is held around every read; by default no lock is taken:
    reads run in Go and are safe to run concurrently on one handle.
    """

    def __init__(self, file_path, msg_index, obj_index, shape, dtype, supports_range, *,
                 range_threshold=DEFAULT_RANGE_THRESHOLD, lock=None, storage_options=None,
                 shared_file=None, verify_hash=False, bitmask=False):
        self.file_path = file_path
        self.msg_index = msg_index
        self.obj_index = obj_index
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.supports_range = supports_range
        self.range_threshold = range_threshold
        self.lock = lock
        self.storage_options = storage_options
        self.shared_file = shared_file
        self.verify_hash = verify_hash
        self.bitmask = bitmask

    def __getstate__(self):
        state = self.__dict__.copy()
        state["shared_file"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.shared_file = None

    def _handle(self):
        f = self.shared_file
        return f if f is not None else open_handle(self.file_path, self.storage_options)

    def _raw_indexing_method(self, key: tuple):
        if self.lock is None:
            return self._read(key)
        with self.lock:
            return self._read(key)

    def _read(self, key: tuple):
        if self.supports_range and not self.bitmask and all(_is_contiguous_slice(k) for k in key):
            out = self._try_partial(key)
            if out is not None:
                return out
        return self._full(key)

    def _try_partial(self, key):
        ranges, out_shape = _nd_slice_to_flat_ranges(self.shape, key)
        total = math.prod(self.shape)
        requested = math.prod(out_shape)
        if total <= 0 or not requested / total <= self.range_threshold:
            return None
        if not ranges:
            return np.empty(out_shape, dtype=self.dtype)
        try:
            data = self._handle().file_decode_range(
                self.msg_index, self.obj_index, ranges, join=True, native_byte_order=True
            )
        except (ValueError, RuntimeError, OSError) as exc:
            logger.debug(
                "decode_range failed for %s msg=%d obj=%d, falling back to full decode: %s",
                self.file_path, self.msg_index, self.obj_index, exc,
            )
            return None
        return np.asarray(data).reshape(out_shape)

    def _full(self, key):
        res = self._handle().file_decode_object(self.msg_index, self.obj_index, verify_hash=self.verify_hash)
        data = res["data"]
        if self.bitmask:
            n = math.prod(self.shape)
            data = np.unpackbits(np.asarray(data, dtype=np.uint8), count=n, bitorder="big").reshape(self.shape)
        data = np.asarray(data)
        out = np.asarray(data[key])
        # A part of the object (a Dask chunk) must not keep the whole decoded object alive.
        return out.copy() if out.size < data.size else out


def _axis_indices(entry, n: int):
    """Outer-axis entry as (indices, keeps_axis): an int drops its axis, a slice keeps it."""
    if isinstance(entry, (int, np.integer)):
        return [int(entry) % n if entry < 0 else int(entry)], False
    if isinstance(entry, slice):
        return list(range(*entry.indices(n))), True
    return list(range(n)), True


def _inner_out_shape(inner_shape, inner_key) -> tuple[int, ...]:
    out = []
    for n, k in zip(inner_shape, inner_key):
        if isinstance(k, slice):
            out.append(len(range(*k.indices(n))))
        elif not isinstance(k, (int, np.integer)):
            out.append(n)
    return tuple(out)


_pool_lock = threading.Lock()
_pool: list = []  # [ThreadPoolExecutor], created on first use
_CELL_WORKERS = min(8, os.cpu_count() or 1)


def _cell_pool() -> ThreadPoolExecutor:
    with _pool_lock:
        if not _pool:
            _pool.append(ThreadPoolExecutor(_CELL_WORKERS, thread_name_prefix="tensogram-go-xarray"))
        return _pool[0]


class StackedBackendArray(_BasicArray):
    """A hypercube: a grid (``outer_shape``) of same-shaped object arrays read as one array.

    A read decodes only the grid cells it selects, each through its own backing array (so range
    decoding applies per cell); several cells decode concurrently in a small shared thread pool
    (the decode runs in Go without holding the GIL). An integer on an outer axis drops that axis,
    like numpy.
    """

    def __init__(self, arrays, outer_shape, inner_shape, dtype):
        outer_shape = tuple(outer_shape)
        need = math.prod(outer_shape)
        if len(arrays) != need:
            raise ValueError(
                f"StackedBackendArray: expected {need} backing arrays for outer_shape={outer_shape}, got {len(arrays)}"
            )
        self.arrays = list(arrays)
        self.outer_shape = outer_shape
        self.inner_shape = tuple(inner_shape)
        self.shape = outer_shape + self.inner_shape
        self.dtype = np.dtype(dtype)


    def _raw_indexing_method(self, key: tuple):
        nouter = len(self.outer_shape)
        outer_key, inner_key = key[:nouter], tuple(key[nouter:])
        axes = [_axis_indices(k, n) for k, n in zip(outer_key, self.outer_shape)]
        grid_shape = tuple(len(ix) for ix, _ in axes)
        inner_out = _inner_out_shape(self.inner_shape, inner_key)
        result = np.empty(grid_shape + inner_out, dtype=self.dtype)

        def fill(pos):
            cell = tuple(axes[a][0][p] for a, p in enumerate(pos))
            flat = int(np.ravel_multi_index(cell, self.outer_shape)) if nouter else 0
            result[pos] = self.arrays[flat]._raw_indexing_method(inner_key)

        cells = list(np.ndindex(*grid_shape))
        if len(cells) > 1 and _CELL_WORKERS > 1:
            for _ in _cell_pool().map(fill, cells):
                pass
        else:
            for pos in cells:
                fill(pos)
        keep = tuple(slice(None) if keeps else 0 for _, keeps in axes)
        return result[keep]
