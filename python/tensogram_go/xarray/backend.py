"""The xarray backend entry point ``tensogram_go``: ``xr.open_dataset(path, engine="tensogram_go")``."""

from __future__ import annotations

import os
import warnings

import xarray as xr
from xarray.backends import BackendEntrypoint

from .. import is_remote_url
from ._warn import DataDroppedWarning
from .array import DEFAULT_RANGE_THRESHOLD
from .merge import open_datasets
from .store import TensogramDataStore


def _local_path(filename_or_obj) -> str:
    path = os.path.abspath(str(filename_or_obj))
    if os.path.isdir(path):
        raise IsADirectoryError(f"is a directory: {path}")
    return path


class TensogramBackendEntrypoint(BackendEntrypoint):
    """Open Tensogram ``.tgm`` files (local paths or remote URLs) as xarray Datasets, lazily.

    By default one message (``message_index``) becomes one Dataset: coordinate objects become
    coordinates, the other objects data variables. ``merge_objects=True`` merges every message
    (:func:`open_datasets`) and returns the first resulting Dataset.
    """

    description = "Open tensogram .tgm files in xarray (tensogram-go engine)"
    url = "https://github.com/ecmwf/tensogram"
    open_dataset_parameters = (
        "filename_or_obj", "drop_variables", "dim_names", "variable_key", "message_index",
        "merge_objects", "range_threshold", "storage_options", "verify_hash", "lock",
    )

    def open_dataset(
        self,
        filename_or_obj,
        *,
        drop_variables=None,
        dim_names=None,
        variable_key=None,
        message_index=0,
        merge_objects=False,
        range_threshold=DEFAULT_RANGE_THRESHOLD,
        storage_options=None,
        verify_hash=False,
        lock=None,
    ) -> xr.Dataset:
        """The Dataset of one message (or, with ``merge_objects``, the first merged Dataset).

        Keywords as upstream's engine, plus ``lock``: a context manager held around every read
        (default None: reads run concurrently, they need no lock).
        """
        if message_index < 0:
            raise ValueError(f"message_index must be >= 0, got {message_index}")
        source = str(filename_or_obj)
        path = source if is_remote_url(source) else _local_path(source)
        if merge_objects:
            return _first_merged(path, dim_names, variable_key, range_threshold, storage_options, verify_hash, lock)
        store = TensogramDataStore(
            path, msg_index=message_index, dim_names=dim_names, variable_key=variable_key or None,
            range_threshold=range_threshold, storage_options=storage_options, verify_hash=verify_hash,
            lock=lock,
        )
        try:
            ds = store.build_dataset(drop_variables=drop_variables)
        except BaseException:
            store.close()
            raise
        ds.set_close(store.close)
        return ds

    def guess_can_open(self, filename_or_obj) -> bool:
        """True iff the name ends in ``.tgm`` (any case); the file is not opened."""
        try:
            return os.path.splitext(filename_or_obj)[1].lower() == ".tgm"
        except Exception:
            return False


def _first_merged(path, dim_names, variable_key, range_threshold, storage_options, verify_hash, lock) -> xr.Dataset:
    datasets = open_datasets(
        path, dim_names=dim_names, variable_key=variable_key, range_threshold=range_threshold,
        storage_options=storage_options, verify_hash=verify_hash, lock=lock,
    )
    if len(datasets) > 1:
        warnings.warn(
            f"merge_objects=True: the file merges into {len(datasets)} Datasets; returning the first and dropping "
            f"{len(datasets) - 1} (use tensogram_go.xarray.open_datasets to get them all)",
            DataDroppedWarning, stacklevel=3,
        )
    return datasets[0] if datasets else xr.Dataset()


#: Alias naming the project.
TensogramGoBackendEntrypoint = TensogramBackendEntrypoint
