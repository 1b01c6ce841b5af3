"""The engine's registration and the deliberate differences from upstream's engine.

Upstream value-level bugs fixed here (each tested): an integer on an outer (stacked) axis drops
the axis; bitmask variables read as one 0/1 value per element; opening a directory raises instead
of hanging; a ``lock`` is honoured. Where upstream drops or overwrites objects silently, ours gives
the same Dataset and also warns (``DataDroppedWarning``).
"""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest

xr = pytest.importorskip("xarray", reason="xarray is not installed in this interpreter")

import _xarray_corpus as corpus  # noqa: E402
from _xarray_corpus import files  # noqa: E402,F401  (fixture)
import tensogram_go as tg  # noqa: E402
from tensogram_go.xarray import DataDroppedWarning, TensogramBackendEntrypoint, open_datasets  # noqa: E402

ENGINE = "tensogram_go"




def test_import_tensogram_go_does_not_import_xarray():
    code = "import sys, tensogram_go; assert 'xarray' not in sys.modules and 'dask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_entry_point_registered():
    engines = xr.backends.list_engines()
    assert isinstance(engines[ENGINE], TensogramBackendEntrypoint)


@pytest.mark.parametrize(
    "name, expected",
    [("a.tgm", True), ("a.TGM", True), ("https://h/a.tgm", True), ("a.tgm?x=1", False), ("a.grib", False),
     ("a.nc", False), (3, False)],
)
def test_guess_can_open(name, expected):
    assert TensogramBackendEntrypoint().guess_can_open(name) is expected


def test_guess_can_open_path():
    import pathlib

    assert TensogramBackendEntrypoint().guess_can_open(pathlib.Path("x/a.tgm"))


def _cube(files, **kw):
    return xr.open_dataset(files / "mars_cube.tgm", engine=ENGINE, merge_objects=True, **kw)["2t"]


@pytest.mark.parametrize("chunks", [None, {}], ids=["eager", "dask"])
def test_integer_on_outer_axis_drops_it(files, chunks):
    v = _cube(files, chunks=chunks)
    assert v.dims == ("param", "step", "dim_0", "dim_1")
    one = v.isel(param=1)
    assert one.values.shape == one.shape == (3, 2, 3)
    np.testing.assert_array_equal(one.values[:, 0, 0], [100, 106, 112])
    cell = v.isel(param=0, step=2)
    assert cell.values.shape == (2, 3)
    assert (cell.values == 12).all()
    np.testing.assert_array_equal(v[1, 1:, 0].values, np.repeat([[106.0], [112.0]], 3, axis=1))


def test_bitmask_reads_one_value_per_element(tmp_path):
    bits = np.array([1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 1], dtype=np.uint8)
    path = tmp_path / "bits.tgm"
    corpus.write(path, [({"base": [{"name": "flags"}]}, [(corpus.d([19], "bitmask"), np.packbits(bits))])])
    v = xr.open_dataset(path, engine=ENGINE, cache=False)["flags"]
    assert v.dtype == np.uint8 and v.shape == (19,)
    np.testing.assert_array_equal(v.values, bits)
    np.testing.assert_array_equal(v[2:7].values, bits[2:7])
    np.testing.assert_array_equal(v.chunk({"dim_0": 4}).values, bits)


@pytest.mark.timeout(30)
def test_directory_raises(tmp_path):
    with pytest.raises(OSError, match="is a directory"):
        xr.open_dataset(str(tmp_path), engine=ENGINE)
    with pytest.raises(OSError, match="is a directory"):
        open_datasets(str(tmp_path))


class _CountingLock:
    def __init__(self):
        self.inner = threading.Lock()
        self.entered = 0

    def __enter__(self):
        self.inner.acquire()
        self.entered += 1

    def __exit__(self, *exc):
        self.inner.release()


def test_lock_is_held_around_reads(files):
    lock = _CountingLock()
    ds = xr.open_dataset(files / "simple.tgm", engine=ENGINE, lock=lock, cache=False)
    ds["object_0"][1:2].values
    ds["object_0"].values
    assert lock.entered == 2
    merged = open_datasets(str(files / "mars_cube.tgm"), lock=lock)[0]
    merged["2t"].values
    assert lock.entered == 2 + 6


def test_flat_overwrite_warns(files):
    with pytest.warns(DataDroppedWarning, match="replaces an earlier object"):
        ds = open_datasets(str(files / "mars_cube_units.tgm"))[0]
    assert sorted(ds.data_vars) == ["10u", "2t"]
    assert float(ds["2t"][0, 0]) == 12.0  # last wins, as upstream


def test_merge_objects_dropping_datasets_warns(files):
    with pytest.warns(DataDroppedWarning, match="returning the first and dropping"):
        xr.open_dataset(files / "mixed_ranks.tgm", engine=ENGINE, merge_objects=True)


def test_dropped_cube_members_warn(files, caplog):
    with pytest.warns(DataDroppedWarning, match="cannot form a hypercube"):
        open_datasets(str(files / "hints.tgm"), variable_key="param")
    assert any("cannot form a hypercube" in r.getMessage() for r in caplog.records)


def test_outer_coordinate_overwrite_warns(tmp_path):
    path = tmp_path / "steps.tgm"
    msgs = [({"base": [{"param": p, "step": s}]}, [(corpus.d([2]), np.full(2, s, np.float32))])
            for p, steps in (("2t", (0, 6)), ("10u", (12, 18))) for s in steps]
    corpus.write(path, msgs)
    with pytest.warns(DataDroppedWarning, match="outer coordinate 'step'"):
        ds = open_datasets(str(path), variable_key="param")[0]
    assert list(ds["step"].values) == [12, 18]  # the later labels win, as upstream


def test_single_message_duplicate_name_warns(tmp_path):
    path = tmp_path / "dup.tgm"
    corpus.write(path, [({"base": [{"name": "a"}, {"name": "a"}]},
                         [(corpus.d([2]), np.zeros(2, np.float32)), (corpus.d([2]), np.ones(2, np.float32))])])
    with pytest.warns(DataDroppedWarning, match="'a' of object 1 replaces"):
        ds = xr.open_dataset(path, engine=ENGINE)
    assert (ds["a"].values == 1).all()


def test_no_cf_decoding(tmp_path):
    path = tmp_path / "cf.tgm"
    a = np.array([1.0, -999.0], np.float32)
    corpus.write(path, [({"base": [{"name": "v", "_FillValue": -999.0, "scale_factor": 2.0}]}, [(corpus.d([2]), a)])])
    ds = xr.open_dataset(path, engine=ENGINE)
    np.testing.assert_array_equal(ds["v"].values, a)
    assert ds["v"].attrs["_FillValue"] == -999.0


def test_not_writable(files):
    ds = xr.open_dataset(files / "simple.tgm", engine=ENGINE)
    with pytest.raises(ValueError, match="unrecognized engine"):
        ds.to_netcdf(os.devnull, engine=ENGINE)
