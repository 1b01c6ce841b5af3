"""Metadata index of a whole file: every object of every message, with its metadata.

Nothing is decoded: only each message's metadata and descriptors are read.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import decode_descriptors
from ._handles import open_file

logger = logging.getLogger(__name__)


def per_object_meta(meta, obj_index: int, desc) -> dict:
    """Object metadata: its ``base`` entry minus ``_reserved_``, then params keys not already there.

    Logs a WARNING when ``base`` has no entry for the object (the entry is then empty).
    """
    base = meta.base or []
    out: dict = {}
    if obj_index < len(base):
        entry = base[obj_index]
        out = {k: v for k, v in entry.items() if k != "_reserved_"} if isinstance(entry, Mapping) else {}
    else:
        logger.warning(
            "meta.base has %d entries but object index %d requested; per-object metadata will be empty for this object",
            len(base), obj_index,
        )
    for k, v in (desc.params or {}).items():
        if k not in out:
            out[k] = v
    return out


@dataclass
class ObjectInfo:
    """One object of one message: where it is, its shape and dtype, and its metadata."""

    msg_index: int
    obj_index: int
    ndim: int
    shape: tuple
    dtype: str
    descriptor: object
    per_object_meta: dict
    common_meta: dict

    @property
    def merged_meta(self) -> dict:
        """Message-level metadata (``_extra_``) overlaid by the object's own (the object's wins)."""
        return {**self.common_meta, **self.per_object_meta}


@dataclass
class FileIndex:
    """Every object of a file, in message then object order."""

    file_path: str
    objects: list = field(default_factory=list)

    @property
    def message_count(self) -> int:
        """Highest message index holding an object, plus one (0 when there are none)."""
        return max((o.msg_index for o in self.objects), default=-1) + 1


def _objects_of(msg_index: int, meta, descs) -> list[ObjectInfo]:
    common = dict(meta.extra) if isinstance(meta.extra, Mapping) else {}
    out = []
    for i, d in enumerate(descs):
        shape = tuple(d.shape)
        out.append(ObjectInfo(msg_index, i, len(shape), shape, d.dtype, d, per_object_meta(meta, i, d), common))
    return out


def scan_message(raw: bytes, msg_index: int = 0) -> list[ObjectInfo]:
    """The objects of one encoded message."""
    meta, descs = decode_descriptors(raw)
    return _objects_of(msg_index, meta, descs)


def scan_file(path: str, storage_options=None) -> FileIndex:
    """Index every object of the file or URL at ``path``."""
    f = open_file(path, storage_options)
    try:
        index = FileIndex(path)
        for m in range(len(f)):
            r = f.file_decode_descriptors(m)
            index.objects.extend(_objects_of(m, r["metadata"], r["descriptors"]))
        return index
    finally:
        f.close()
