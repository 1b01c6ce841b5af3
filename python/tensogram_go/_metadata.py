"""Metadata and DataObjectDescriptor: read-only views over raw CBOR.

The shim hands each over as the CBOR bytes Go produced; the dicts are built
lazily (once per object): a descriptor's with the C decoder, the metadata
view by Go, which owns every rule of it. Every property returns a fresh copy
so callers can never mutate the snapshot.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
from typing import Any, Iterator

from . import _tensogram

_RESERVED = "_reserved_"
_MISSING = object()


def _fresh(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value)
    return value


class Metadata:
    """Immutable snapshot of a message's metadata frame (a ``Mapping``).

    Holds the frame's CBOR and the object count Go handed over. The first
    access asks Go for the view (``MetadataView`` in core/pyapi), decoded as
    ``[metadata dict, key index]``: the dict is final (free keys under
    ``_extra_``, ``base`` padded, upstream's key order); the key index
    ``{key: base index, or -1 for _extra_}`` is what ``meta[key]``,
    ``keys()`` and ``in`` read. Dot paths are resolved by Go on each call.
    """

    __slots__ = ("_raw", "_pad", "_view")

    def __init__(self, raw: bytes, pad: int = -1) -> None:
        self._raw = raw
        self._pad = pad
        self._view: list | None = None

    def _v(self) -> list:
        v = self._view
        if v is None:
            v = self._view = _tensogram._metadata_view(self._raw, self._pad)
        return v

    def _m(self) -> dict:
        return self._v()[0]

    def _base(self) -> list:
        return self._m().get("base", [])

    def _extra(self) -> dict:
        return self._m().get("_extra_", {})

    @property
    def version(self) -> int:
        """Wire version: always 3."""
        return 3

    @property
    def base(self) -> list[dict]:
        """Per-object metadata (including ``_reserved_``), one dict per object."""
        return _fresh(self._base())

    @property
    def reserved(self) -> dict:
        """The library-managed ``_reserved_`` section (encoder, time, uuid)."""
        return _fresh(self._m().get(_RESERVED, {}))

    @property
    def extra(self) -> dict:
        """Message-level annotations (``_extra_``)."""
        return _fresh(self._extra())

    @property
    def num_objects(self) -> int:
        """Number of base entries (one per data object)."""
        return len(self._base())

    # -- flat Mapping surface: Go's key index -----------------------------
    def _lookup(self, key: str) -> Any:
        if not isinstance(key, str):
            raise TypeError(f"metadata keys must be str, not {type(key).__name__}")
        loc = self._v()[1].get(key)
        if loc is None:
            return _MISSING
        return self._base()[loc][key] if loc >= 0 else self._extra()[key]

    def __getitem__(self, key: str) -> Any:
        v = self._lookup(key)
        if v is _MISSING:
            raise KeyError(key)
        return _fresh(v)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._v()[1]

    def get(self, key: str, default: Any = None) -> Any:
        """``meta[key]`` or ``default`` when absent."""
        v = self._lookup(key)
        return default if v is _MISSING else _fresh(v)

    def keys(self) -> list[str]:
        """Union of base entries' keys (first seen) then extra's keys."""
        return list(self._v()[1])

    def values(self) -> list[Any]:
        """Values in ``keys()`` order."""
        return [self[k] for k in self.keys()]

    def items(self) -> list[tuple[str, Any]]:
        """(key, value) pairs in ``keys()`` order."""
        return [(k, self[k]) for k in self.keys()]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._v()[1])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Metadata):
            return self._m() == other._m()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # -- dot paths: resolved by Go ---------------------------------------
    def _path(self, path: str, scoped: bool = False, obj: int = 0) -> Any:
        if not isinstance(path, str):
            raise TypeError(f"path must be str, not {type(path).__name__}")
        if scoped and not isinstance(obj, int):
            return _MISSING
        obj = max(-1, min(obj, 2**62))  # beyond any object count
        r = _tensogram._metadata_path(self._raw, path, scoped, obj)
        return r[0] if r else _MISSING

    def has_path(self, path: str) -> bool:
        """Whether the dot-path resolves (base entries first, then extra)."""
        return self._path(path) is not _MISSING

    def get_path(self, path: str, default: Any = None) -> Any:
        """Value at the dot-path (base entries first, then extra), or default."""
        v = self._path(path)
        return default if v is _MISSING else v

    def has_path_at(self, obj: int, path: str) -> bool:
        """Whether the dot-path resolves inside ``base[obj]`` only."""
        return self._path(path, True, obj) is not _MISSING

    def get_path_at(self, obj: int, path: str, default: Any = None) -> Any:
        """Value at the dot-path inside ``base[obj]`` only, or default."""
        v = self._path(path, True, obj)
        return default if v is _MISSING else v

    def __repr__(self) -> str:
        keys = ", ".join(f'"{k}"' for k in self._extra())
        return f"Metadata(version=3, base_len={len(self._base())}, extra_keys=[{keys}])"

    def __reduce__(self):
        raise TypeError("cannot pickle 'Metadata' object")


def _build_views_before_fork() -> None:
    """Go cannot run in a child forked after it started: build the view of
    every Metadata that has none yet, so inherited snapshots stay readable
    in the child."""
    if not _tensogram._go_started():
        return
    for obj in gc.get_objects():
        if type(obj) is Metadata and obj._view is None:
            try:
                obj._v()
            except RuntimeError:  # this process is itself such a child
                return


os.register_at_fork(before=_build_views_before_fork)


_FIXED = ("type", "ndim", "shape", "strides", "dtype", "byte_order", "encoding", "filter", "compression", "masks")


class DataObjectDescriptor:
    """Read-only view of one data object's descriptor."""

    __slots__ = ("_raw", "_map")

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._map: dict | None = None

    def _m(self) -> dict:
        m = self._map
        if m is None:
            m = _tensogram._cbor_loads(self._raw)  # upstream: sorted fields, nested maps in wire order
            if not isinstance(m, dict):
                m = {}
            self._map = m
        return m

    @property
    def obj_type(self) -> str:
        """Object kind, e.g. ``"ntensor"``."""
        return self._m().get("type", "")

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._m().get("ndim", len(self._m().get("shape", [])))

    @property
    def shape(self) -> list[int]:
        """Shape as a fresh list."""
        return list(self._m().get("shape", []))

    @property
    def strides(self) -> list[int]:
        """Element strides as a fresh list."""
        return list(self._m().get("strides", []))

    @property
    def dtype(self) -> str:
        """Element type name (``"float32"``, ...)."""
        return self._m().get("dtype", "")

    @property
    def byte_order(self) -> str:
        """Payload byte order on the wire: ``"big"`` or ``"little"``."""
        return self._m().get("byte_order", sys.byteorder)

    @property
    def encoding(self) -> str:
        """Encoding stage name."""
        return self._m().get("encoding", "none")

    @property
    def filter(self) -> str:
        """Filter stage name."""
        return self._m().get("filter", "none")

    @property
    def compression(self) -> str:
        """Compression stage name."""
        return self._m().get("compression", "none")

    @property
    def params(self) -> dict:
        """Every other descriptor key (codec parameters, user keys), fresh."""
        return {k: _fresh(v) for k, v in self._m().items() if k not in _FIXED}

    @property
    def hash(self) -> None:
        """Always None in wire version 3 (kept for source compatibility)."""
        return None

    def __repr__(self) -> str:
        return (
            f"DataObjectDescriptor(type={self.obj_type!r}, shape={self.shape!r}, dtype={self.dtype!r}, "
            f"encoding={self.encoding!r}, compression={self.compression!r})"
        )

    def __reduce__(self):
        raise TypeError("cannot pickle 'DataObjectDescriptor' object")
