"""Single-message path: one message of a file as a Dataset (the default of ``open_dataset``)."""

from __future__ import annotations

import logging
import warnings
from collections import namedtuple

import xarray as xr
from xarray.core import indexing

from .. import TensogramFile, is_remote_url
from .array import DEFAULT_RANGE_THRESHOLD, TensogramBackendArray, _to_numpy_dtype, supports_range
from .coords import detect_coords
from .mapping import resolve_dims_for_axes, resolve_variable_name
from .scanner import per_object_meta
from ._warn import DataDroppedWarning

logger = logging.getLogger(__name__)

_DataVarPlan = namedtuple(
    "_DataVarPlan", ["obj_index", "var_name", "shape", "dims_with_provenance", "backend_array", "var_attrs"]
)


def _disambiguate_fallback_dims(plans, coord_dim_sizes) -> list[tuple]:
    """Final dims of every plan: names claimed at two or more sizes become object-local.

    An axis carrying such a name keeps it only when the name is a coordinate of the axis's length;
    otherwise it is renamed ``obj_<i>_dim_<axis>``. A WARNING is logged once per renamed name that
    did not come from the generic fallback.
    """
    sizes: dict[str, set] = {}
    for name, size in coord_dim_sizes.items():
        sizes.setdefault(name, set()).add(size)
    for p in plans:
        for (name, _), size in zip(p.dims_with_provenance, p.shape):
            sizes.setdefault(name, set()).add(size)
    conflicting = {n for n, s in sizes.items() if len(s) > 1}
    warned: set[str] = set()
    out = []
    for p in plans:
        dims = []
        for axis, ((name, generic), size) in enumerate(zip(p.dims_with_provenance, p.shape)):
            if name not in conflicting or coord_dim_sizes.get(name) == size:
                dims.append(name)
                continue
            if not generic and name not in warned:
                warned.add(name)
                logger.warning(
                    "dimension name %r claimed at conflicting sizes %s across objects; falling back to "
                    "object-local names for the conflicting axes (check user dim_names kwarg, _extra_, "
                    "or per-object hints for an inconsistent producer)",
                    name, sorted(sizes[name]),
                )
            dims.append(f"obj_{p.obj_index}_dim_{axis}")
        out.append(tuple(dims))
    return out


def _attrs(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if k != "dim_names"}


class TensogramDataStore:
    """One message of a ``.tgm`` file (local path or URL), turned into a Dataset by :meth:`build_dataset`.

    The file is opened at construction and its metadata read; the open handle is shared by the
    Dataset's lazy arrays until :meth:`close`. ``lock``, when given, is held around every read.
    """

    def __init__(self, file_path, msg_index=0, dim_names=None, variable_key=None,
                 range_threshold=DEFAULT_RANGE_THRESHOLD, storage_options=None, verify_hash=False, lock=None):
        self.file_path = file_path
        self.lock = lock
        self.msg_index = msg_index
        self.dim_names = dim_names
        self.variable_key = variable_key
        self.range_threshold = range_threshold
        self.storage_options = storage_options
        self.verify_hash = verify_hash
        self._remote = is_remote_url(file_path)
        if self._remote:
            self._file = TensogramFile.open_remote(file_path, storage_options or {})
        else:
            if not hasattr(msg_index, "__index__"):  # upstream's text (its read_message(index) rejects it)
                kind = type(msg_index).__name__
                raise TypeError(f"argument 'index': '{kind}' object cannot be interpreted as an integer")
            self._file = TensogramFile.open(file_path)
        r = self._file.file_decode_descriptors(msg_index)
        self._meta = r["metadata"]
        self._descriptors = r["descriptors"]
        self._arrays: list[TensogramBackendArray] = []

    def _get_per_object_meta(self, i, desc) -> dict:
        return per_object_meta(self._meta, i, desc)

    def _array(self, i, desc) -> TensogramBackendArray:
        a = TensogramBackendArray(
            self.file_path, self.msg_index, i, tuple(desc.shape), _to_numpy_dtype(desc.dtype),
            supports_range(desc), range_threshold=self.range_threshold, lock=self.lock,
            storage_options=self.storage_options, shared_file=self._file, verify_hash=self.verify_hash,
            bitmask=str(desc.dtype).lower() == "bitmask",
        )
        self._arrays.append(a)
        return a

    def build_dataset(self, drop_variables=None) -> xr.Dataset:
        """The message as a Dataset: coordinates, data variables in object order, attributes."""
        drop = set(drop_variables) if drop_variables is not None else set()
        metas = [self._get_per_object_meta(i, d) for i, d in enumerate(self._descriptors)]
        coord_idx, var_idx, canon = detect_coords(metas)
        coord_vars: dict = {}
        coord_dim_sizes: dict = {}
        for i in coord_idx:
            desc, name = self._descriptors[i], canon[i]
            if name in coord_vars:
                warnings.warn(f"coordinate {name!r} of object {i} replaces an earlier one of the same name",
                              DataDroppedWarning, stacklevel=2)
            lazy = indexing.LazilyIndexedArray(self._array(i, desc))
            coord_vars[name] = xr.Variable((name,), lazy, _attrs(metas[i]))
            coord_dim_sizes[name] = tuple(desc.shape)[0] if desc.shape else 0
        plans = self._plans(var_idx, metas, drop, coord_dim_sizes)
        data_vars: dict = {}
        for p, dims in zip(plans, _disambiguate_fallback_dims(plans, coord_dim_sizes)):
            if p.var_name in data_vars:
                warnings.warn(f"data variable {p.var_name!r} of object {p.obj_index} replaces an earlier one of "
                              "the same name", DataDroppedWarning, stacklevel=2)
            data_vars[p.var_name] = xr.Variable(dims, indexing.LazilyIndexedArray(p.backend_array), p.var_attrs)
        attrs = _attrs(self._meta.extra)
        attrs["tensogram_wire_version"] = self._meta.version
        return xr.Dataset(data_vars, coords=coord_vars, attrs=attrs)

    def _plans(self, var_idx, metas, drop, coord_dim_sizes) -> list:
        extra_hint = self._meta.extra.get("dim_names")
        plans = []
        for i in var_idx:
            desc, meta = self._descriptors[i], metas[i]
            name = resolve_variable_name(i, meta, self.variable_key)
            if name in drop:
                continue
            shape = tuple(desc.shape)
            dims = resolve_dims_for_axes(
                shape, user_dim_names=self.dim_names, coord_dim_sizes=coord_dim_sizes,
                per_object_meta=meta, extra_dim_names_hint=extra_hint,
            )
            plans.append(_DataVarPlan(i, name, shape, dims, self._array(i, desc), _attrs(meta)))
        return plans

    def close(self) -> None:
        """Drop the shared handle: the arrays stay readable, reopening the file per process.

        The handle is released once no read in progress still uses it.
        """
        for a in self._arrays:
            a.shared_file = None
        self._file = None

    def __getstate__(self):
        state = self.__dict__.copy()  # a restored store only closes: no handle, no metadata views
        state.update(_file=None, _meta=None, _descriptors=None)
        return state
