"""Metadata and DataObjectDescriptor: read-only views over raw CBOR.

The shim hands each over as the CBOR bytes Go produced; the dict is built
lazily (once per object) with the C decoder, and every property returns a
fresh copy so callers can never mutate the snapshot.
"""

from __future__ import annotations

import copy
import sys
from typing import Any, Iterator

from . import _tensogram

_RESERVED = "_reserved_"
_MISSING = object()


def _fresh(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value)
    return value


_SECTIONS = ("base", "_extra_", _RESERVED)


def _normalise(m: dict, pad: int) -> dict:
    """Core's view of a metadata frame: free top-level keys move into
    ``_extra_`` and ``base`` is padded with empty dicts to ``pad`` entries."""
    free = [k for k in m if k not in _SECTIONS]
    if free:
        extra = dict(m.get("_extra_") or {})
        for k in free:
            extra[k] = m.pop(k)
        m["_extra_"] = dict(sorted(extra.items()))
    if pad > 0:
        base = m.get("base")
        base = list(base) if isinstance(base, list) else []
        base.extend({} for _ in range(pad - len(base)))
        m["base"] = base
    return m


_TENSOR_ORDER = ("ndim", "dtype", "shape", "strides")


def _order_tensor_summaries(m: dict) -> None:
    """Upstream builds ``base[i]["_reserved_"]["tensor"]`` in the order ndim,
    dtype, shape, strides (every other map comes back sorted)."""
    base = m.get("base")
    if not isinstance(base, list):
        return
    for entry in base:
        r = entry.get(_RESERVED) if isinstance(entry, dict) else None
        t = r.get("tensor") if isinstance(r, dict) else None
        if isinstance(t, dict):
            ordered = {k: t[k] for k in _TENSOR_ORDER if k in t}
            ordered.update((k, v) for k, v in t.items() if k not in ordered)
            r["tensor"] = ordered


class Metadata:
    """Immutable snapshot of a message's metadata frame (a ``Mapping``)."""

    __slots__ = ("_raw", "_pad", "_map")

    def __init__(self, raw: bytes, pad: int = -1) -> None:
        self._raw = raw
        self._pad = pad
        self._map: dict | None = None

    def _m(self) -> dict:
        m = self._map
        if m is None:
            m = _tensogram._cbor_loads(self._raw, sort_keys=True)
            if not isinstance(m, dict):
                m = {}
            if self._pad >= 0:
                m = _normalise(m, self._pad)
            _order_tensor_summaries(m)
            self._map = m
        return m

    def _base(self) -> list:
        b = self._m().get("base")
        return b if isinstance(b, list) else []

    def _extra(self) -> dict:
        e = self._m().get("_extra_")
        return e if isinstance(e, dict) else {}

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
        r = self._m().get(_RESERVED)
        return _fresh(r) if isinstance(r, dict) else {}

    @property
    def extra(self) -> dict:
        """Message-level annotations (``_extra_``)."""
        return _fresh(self._extra())

    @property
    def num_objects(self) -> int:
        """Number of base entries (one per data object)."""
        return len(self._base())

    # -- flat Mapping surface ---------------------------------------------
    def _lookup(self, key: str) -> Any:
        if not isinstance(key, str):
            raise TypeError(f"metadata keys must be str, not {type(key).__name__}")
        if key == _RESERVED:
            return _MISSING
        for entry in self._base():
            if isinstance(entry, dict) and key in entry:
                return entry[key]
        return self._extra().get(key, _MISSING)

    def __getitem__(self, key: str) -> Any:
        v = self._lookup(key)
        if v is _MISSING:
            raise KeyError(key)
        return _fresh(v)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not _MISSING

    def get(self, key: str, default: Any = None) -> Any:
        """``meta[key]`` or ``default`` when absent."""
        v = self._lookup(key)
        return default if v is _MISSING else _fresh(v)

    def keys(self) -> list[str]:
        """Union of base entries' keys (first seen) then extra's keys."""
        seen: dict[str, None] = {}
        for entry in self._base():
            if isinstance(entry, dict):
                for k in entry:
                    if k != _RESERVED:
                        seen.setdefault(k, None)
        for k in self._extra():
            seen.setdefault(k, None)
        return list(seen)

    def values(self) -> list[Any]:
        """Values in ``keys()`` order."""
        return [self[k] for k in self.keys()]

    def items(self) -> list[tuple[str, Any]]:
        """(key, value) pairs in ``keys()`` order."""
        return [(k, self[k]) for k in self.keys()]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Metadata):
            return self._m() == other._m()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # -- dot paths --------------------------------------------------------
    @staticmethod
    def _walk(node: Any, segs: list[str]) -> Any:
        for s in segs:
            if not isinstance(node, dict) or s not in node:
                return _MISSING
            node = node[s]
        return node

    def _path(self, path: str) -> Any:
        if not isinstance(path, str):
            raise TypeError(f"path must be str, not {type(path).__name__}")
        if not path:
            return _MISSING
        segs = path.split(".")
        if segs[0] in ("extra", "_extra_") and len(segs) > 1:
            v = self._walk(self._extra(), segs[1:])
            if v is not _MISSING:
                return v
        if segs[0] != _RESERVED:
            for entry in self._base():
                v = self._walk(entry, segs)
                if v is not _MISSING:
                    return v
        return self._walk(self._extra(), segs)

    def has_path(self, path: str) -> bool:
        """Whether the dot-path resolves (base entries first, then extra)."""
        return self._path(path) is not _MISSING

    def get_path(self, path: str, default: Any = None) -> Any:
        """Value at the dot-path (base entries first, then extra), or default."""
        v = self._path(path)
        return default if v is _MISSING else _fresh(v)

    def _path_at(self, obj: int, path: str) -> Any:
        if not isinstance(path, str):
            raise TypeError(f"path must be str, not {type(path).__name__}")
        base = self._base()
        if not path or not isinstance(obj, int) or obj < 0 or obj >= len(base):
            return _MISSING
        segs = path.split(".")
        if segs[0] == _RESERVED:
            return _MISSING
        return self._walk(base[obj], segs)

    def has_path_at(self, obj: int, path: str) -> bool:
        """Whether the dot-path resolves inside ``base[obj]`` only."""
        return self._path_at(obj, path) is not _MISSING

    def get_path_at(self, obj: int, path: str, default: Any = None) -> Any:
        """Value at the dot-path inside ``base[obj]`` only, or default."""
        v = self._path_at(obj, path)
        return default if v is _MISSING else _fresh(v)

    def __repr__(self) -> str:
        keys = ", ".join(f'"{k}"' for k in self._extra())
        return f"Metadata(version=3, base_len={len(self._base())}, extra_keys=[{keys}])"

    def __reduce__(self):
        raise TypeError("cannot pickle 'Metadata' object")


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
            m = _tensogram._cbor_loads(self._raw, sort_keys=True)
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
