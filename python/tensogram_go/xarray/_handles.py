"""Per-process cache of open files for lazy arrays that have no shared handle.

Arrays restored from a pickle (Dask workers) and arrays of ``open_datasets`` read through one
handle per (path or URL, storage options) in each process, instead of reopening the file (and
rescanning it) on every read. A local entry is reused only while the file's size and mtime are
unchanged.
"""

from __future__ import annotations

import os
import threading

from .. import TensogramFile, is_remote_url

_lock = threading.Lock()
_cache: dict = {}
_MAX = 64  # files kept open per process; the oldest entry goes first


def _key(path: str, storage_options):
    if is_remote_url(path):
        opts = tuple(sorted((str(k), str(v)) for k, v in (storage_options or {}).items()))
        return (path, opts), None
    st = os.stat(path)
    return (path, ()), (st.st_size, st.st_mtime_ns)


def open_file(path: str, storage_options=None) -> TensogramFile:
    """A new handle on ``path`` (``open_remote`` with ``storage_options`` for URLs)."""
    if is_remote_url(path):
        return TensogramFile.open_remote(path, storage_options or {})
    return TensogramFile.open(path)


def open_handle(path: str, storage_options=None) -> TensogramFile:
    """The cached handle on ``path`` for this process, opening it on first use."""
    try:
        key, stamp = _key(path, storage_options)
    except FileNotFoundError:
        return TensogramFile.open(path)
    pid = os.getpid()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == pid and hit[1] == stamp:
            return hit[2]
    f = open_file(path, storage_options)
    with _lock:
        if len(_cache) >= _MAX and key not in _cache:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (pid, stamp, f)
    return f
