"""Multi-message path: every message of a file, merged into Datasets (``open_datasets``).

Data objects are grouped by (shape, dtype); each group becomes one Dataset. Within a group the
metadata keys whose values vary across objects become outer dimensions when they form a complete
hypercube; otherwise each object is its own variable (see the README section "xarray engine").
"""

from __future__ import annotations

import logging
import math
import os
import warnings

import numpy as np
import xarray as xr
from xarray.core import indexing

from .. import TensogramFile, is_remote_url
from ._warn import DataDroppedWarning
from .array import DEFAULT_RANGE_THRESHOLD, StackedBackendArray, TensogramBackendArray, _to_numpy_dtype, supports_range
from .coords import canonical_coord_name
from .groupdims import resolve_group_dims
from .mapping import _make_hashable, resolve_dim_names, resolve_variable_name
from .scanner import scan_file

logger = logging.getLogger(__name__)


def _unique_values(values) -> list:
    """Distinct values in order of first appearance."""
    seen: set = set()
    out = []
    for v in values:
        h = _make_hashable(v)
        if h not in seen:
            seen.add(h)
            out.append(v)
    return out


def _extract_meta_keys(objs) -> dict[str, list]:
    """Every top-level merged-metadata key except ``dim_names`` (sorted) -> its values over ``objs``."""
    keys = sorted({k for o in objs for k in o.merged_meta if k != "dim_names"})
    return {k: [o.merged_meta.get(k) for o in objs] for k in keys}


def _partition_keys(kv: dict) -> tuple[dict, list]:
    """``(constant key -> value, varying keys)``; a key whose values stay unhashable counts as constant."""
    constant: dict = {}
    varying: list = []
    for k, values in kv.items():
        try:
            distinct = len({_make_hashable(v) for v in values})
        except TypeError:
            distinct = 1
        if distinct <= 1:
            constant[k] = values[0]
        else:
            varying.append(k)
    return constant, varying


def _try_hypercube(objs, varying) -> bool:
    """Whether the varying keys form a complete grid (a count test: objects == product of distinct values)."""
    kv = _extract_meta_keys(objs)
    return len(objs) == math.prod(len(_unique_values(kv[k])) for k in varying)


def _split_by_key(objs, key) -> dict:
    """Objects grouped by the variable name ``key`` resolves to (per-object metadata), first-appearance order."""
    out: dict = {}
    for o in objs:
        out.setdefault(resolve_variable_name(o.obj_index, o.per_object_meta, key), []).append(o)
    return out


def _expand_key_to_indices(key, shape) -> list[list[int]]:
    """Each entry of an indexing key as the list of positions it selects on its axis."""
    out = []
    for k, n in zip(key, shape):
        if isinstance(k, (int, np.integer)):
            out.append([int(k)])
        elif isinstance(k, slice):
            out.append(list(range(*k.indices(n))))
        else:
            out.append(list(range(n)))
    return out


class _Ctx:
    """What every variable of one ``open_datasets`` call shares."""

    def __init__(self, path, file_path, dim_names, variable_key, range_threshold, storage_options, verify_hash,
                 shared_file, lock):
        self.lock = lock
        self.path = path
        self.file_path = file_path
        self.dim_names = dim_names
        self.variable_key = variable_key
        self.range_threshold = range_threshold
        self.storage_options = storage_options
        self.verify_hash = verify_hash
        self.shared_file = shared_file
        self.coord_dim_sizes: dict = {}
        self.arrays: list = []

    def close(self) -> None:
        """Drop the shared remote handle from every array (they reopen the URL per process)."""
        for a in self.arrays:
            a.shared_file = None

    def array(self, o) -> TensogramBackendArray:
        d = o.descriptor
        a = TensogramBackendArray(
            self.file_path, o.msg_index, o.obj_index, o.shape, _to_numpy_dtype(o.dtype), supports_range(d),
            range_threshold=self.range_threshold, lock=self.lock, storage_options=self.storage_options,
            shared_file=self.shared_file, verify_hash=self.verify_hash, bitmask=str(o.dtype).lower() == "bitmask",
        )
        if self.shared_file is not None:
            self.arrays.append(a)
        return a


def _attrs(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if k != "dim_names"}


def _single_var(ctx, o, dims):
    return xr.Variable(dims, indexing.LazilyIndexedArray(ctx.array(o)), _attrs(o.merged_meta))


def _stacked_var(ctx, objs, varying, attrs, outer_coords):
    """A hypercube variable over ``varying`` (sorted); its outer coordinates go into ``outer_coords``."""
    outer = sorted(varying)
    kv = _extract_meta_keys(objs)
    labels = {k: _unique_values(kv[k]) for k in outer}
    pos = {k: {_make_hashable(v): i for i, v in enumerate(labels[k])} for k in outer}
    outer_shape = tuple(len(labels[k]) for k in outer)
    cells: dict = {}
    for o in objs:
        cells[tuple(pos[k][_make_hashable(o.merged_meta.get(k))] for k in outer)] = o
    arrays = []
    for idx in np.ndindex(*outer_shape):
        if idx not in cells:
            raise ValueError(f"hypercube has a missing entry at {dict(zip(outer, idx))} in {ctx.path}")
        arrays.append(ctx.array(cells[idx]))
    for k in outer:
        new = xr.Variable((k,), labels[k])
        old = outer_coords.get(k)
        if old is not None and not old.identical(new):
            warnings.warn(f"outer coordinate {k!r} is replaced by the labels of a later variable; the earlier "
                          "variable's labels are lost", DataDroppedWarning, stacklevel=4)
        outer_coords[k] = new
    first = objs[0]
    inner = resolve_group_dims(objs, ctx.dim_names, ctx.coord_dim_sizes)
    stacked = StackedBackendArray(arrays, outer_shape, first.shape, _to_numpy_dtype(first.dtype))
    return xr.Variable(tuple(outer) + tuple(inner), indexing.LazilyIndexedArray(stacked), attrs)


def _flat_vars(ctx, objs, data_vars):
    dims = resolve_group_dims(objs, ctx.dim_names, ctx.coord_dim_sizes)
    for o in objs:
        name = resolve_variable_name(o.obj_index, o.per_object_meta, ctx.variable_key)
        if name in data_vars:
            warnings.warn(f"variable {name!r}: message {o.msg_index} object {o.obj_index} replaces an earlier "
                          "object of the same name (no complete hypercube to stack them in)",
                          DataDroppedWarning, stacklevel=4)
        data_vars[name] = _single_var(ctx, o, dims)


def _warn_drop(text):
    logger.warning(text)
    warnings.warn(text, DataDroppedWarning, stacklevel=5)


def _multi_vars(ctx, objs, varying, data_vars, outer_coords):
    remaining = [k for k in varying if k != ctx.variable_key]
    for name, sub in _split_by_key(objs, ctx.variable_key).items():
        if len(sub) == 1:
            data_vars[name] = _single_var(ctx, sub[0], resolve_group_dims(sub, ctx.dim_names, ctx.coord_dim_sizes))
            continue
        if remaining:
            constant, sub_varying = _partition_keys(_extract_meta_keys(sub))
            if sub_varying and _try_hypercube(sub, sub_varying):
                data_vars[name] = _stacked_var(ctx, sub, sub_varying, constant, outer_coords)
                continue
            _warn_drop(f"variable {name!r}: {len(sub)} objects cannot form a hypercube, using only the first "
                       f"object (dropping {len(sub) - 1})")
        else:
            _warn_drop(f"variable {name!r}: {len(sub)} duplicate objects with no distinguishing metadata, "
                       f"using only the first (dropping {len(sub) - 1})")
        data_vars[name] = _single_var(ctx, sub[0], resolve_group_dims(sub, ctx.dim_names, ctx.coord_dim_sizes))


def _build_dataset_from_group(ctx, group, coord_vars) -> xr.Dataset | None:
    """The Dataset of one (shape, dtype) group, or None for an empty group."""
    if not group:
        return None
    if ctx.dim_names is not None:
        resolve_dim_names(group[0].ndim, ctx.dim_names)  # a wrong length fails before anything else
    constant, varying = _partition_keys(_extract_meta_keys(group))
    data_vars: dict = {}
    outer_coords: dict = {}
    if len(group) == 1:
        o = group[0]
        name = resolve_variable_name(o.obj_index, o.merged_meta, ctx.variable_key)
        data_vars[name] = _single_var(ctx, o, resolve_group_dims(group, ctx.dim_names, ctx.coord_dim_sizes))
        attrs = _attrs(o.common_meta)
    elif ctx.variable_key and len(_split_by_key(group, ctx.variable_key)) > 1:
        _multi_vars(ctx, group, varying, data_vars, outer_coords)
        attrs = constant
    elif varying and _try_hypercube(group, varying):
        first = group[0]
        name = resolve_variable_name(first.obj_index, first.merged_meta, ctx.variable_key)
        data_vars[name] = _stacked_var(ctx, group, varying, constant, outer_coords)
        attrs = constant
    else:
        _flat_vars(ctx, group, data_vars)
        attrs = constant
    return xr.Dataset(data_vars, coords={**coord_vars, **outer_coords}, attrs=attrs)


def _collect_coords(ctx, objects):
    """File-wide coordinates (first occurrence kept) and the remaining data objects."""
    coord_vars: dict = {}
    shapes: dict = {}
    data = []
    for o in objects:
        canon = canonical_coord_name(o.merged_meta)
        if canon is None:
            data.append(o)
            continue
        if canon in shapes:
            if shapes[canon] != o.shape:
                raise ValueError(
                    f"coordinate {canon!r} has conflicting shapes: existing {shapes[canon]} vs new {o.shape} "
                    f"(msg_index={o.msg_index}, obj_index={o.obj_index})"
                )
            continue
        shapes[canon] = o.shape
        arr = indexing.LazilyIndexedArray(ctx.array(o))
        coord_vars[canon] = xr.Variable((canon,), arr, _attrs(o.per_object_meta))
        ctx.coord_dim_sizes[canon] = o.shape[0] if o.shape else 0
    return coord_vars, data


def open_datasets(path, *, dim_names=None, variable_key=None, range_threshold=DEFAULT_RANGE_THRESHOLD,
                  verify_hash=False, storage_options=None, lock=None) -> list[xr.Dataset]:
    """Every message of the file or URL ``path`` as Datasets, one per (shape, dtype) group of data objects.

    Messages whose varying metadata keys form a complete grid are stacked along those keys (sorted)
    as outer dimensions. Returns ``[]`` for a file with no objects. Nothing is decoded except
    coordinate objects (xarray indexes them). ``lock``, when given, is held around every read (our
    addition; reads need no lock).
    """
    remote = is_remote_url(path)
    file_path = path if remote else os.path.abspath(path)
    if not remote and os.path.isdir(file_path):
        raise IsADirectoryError(f"is a directory: {file_path}")
    index = scan_file(file_path, storage_options)
    shared = TensogramFile.open_remote(file_path, storage_options or {}) if remote else None
    ctx = _Ctx(path, file_path, dim_names, variable_key or None, range_threshold, storage_options, verify_hash,
               shared, lock)
    coord_vars, data = _collect_coords(ctx, index.objects)
    if not data:
        out = [xr.Dataset(coords=coord_vars, attrs={"source": path})] if coord_vars else []
    else:
        groups: dict = {}
        for o in data:
            groups.setdefault((tuple(o.shape), o.dtype), []).append(o)
        out = [ds for ds in (_build_dataset_from_group(ctx, g, coord_vars) for g in groups.values()) if ds is not None]
    if shared is not None:
        for ds in out:
            ds.set_close(ctx.close)
    return out
