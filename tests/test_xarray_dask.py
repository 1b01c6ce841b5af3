"""Dask with the xarray engine: chunked results equal eager ones; chunks decode only their rows.

``chunks={}`` gives one chunk per object (per stacked cube), as upstream. Explicit or ``"auto"``
chunks along the leading dimension split an object; each chunk is one read of its own slice, so
codecs with range decoding decode only that chunk's rows (when the chunk is at most
``range_threshold`` of the object). The threaded scheduler runs chunk reads concurrently.
"""

import os
import threading
import time

import numpy as np
import pytest

xr = pytest.importorskip("xarray", reason="xarray is not installed in this interpreter")
dask = pytest.importorskip("dask", reason="dask is not installed in this interpreter")

import _xarray_corpus as corpus  # noqa: E402
from _xarray_corpus import files  # noqa: E402,F401  (fixture)
import tensogram_go as tg  # noqa: E402
from tensogram_go.xarray import open_datasets  # noqa: E402

ENGINE = "tensogram_go"
pytestmark = pytest.mark.filterwarnings("ignore::tensogram_go.xarray.DataDroppedWarning")




@pytest.fixture
def reads(monkeypatch):
    """Every decode call as ``(kind, obj, ranges)``; also the highest number running at once."""
    log = {"calls": [], "active": 0, "peak": 0}
    lock = threading.Lock()
    full, part = tg.TensogramFile.file_decode_object, tg.TensogramFile.file_decode_range

    def track(kind, fn, obj, ranges):
        with lock:
            log["calls"].append((kind, obj, ranges))
            log["active"] += 1
            log["peak"] = max(log["peak"], log["active"])
        try:
            time.sleep(log.get("delay", 0))
            return fn()
        finally:
            with lock:
                log["active"] -= 1

    def file_decode_object(self, m, i, *a, **kw):
        return track("full", lambda: full(self, m, i, *a, **kw), i, None)

    def file_decode_range(self, m, i, ranges, *a, **kw):
        return track("range", lambda: part(self, m, i, ranges, *a, **kw), i, [tuple(r) for r in ranges])

    monkeypatch.setattr(tg.TensogramFile, "file_decode_object", file_decode_object)
    monkeypatch.setattr(tg.TensogramFile, "file_decode_range", file_decode_range)
    return log


@pytest.mark.parametrize("chunks", [{}, "auto", {"dim_0": 2}], ids=["one-per-object", "auto", "dim_0=2"])
@pytest.mark.parametrize("name", ["simple", "coords_by_name", "codecs", "masks", "dtypes", "mixed_ranks", "hints"])
def test_dask_equals_eager(files, name, chunks):
    path = files / f"{name}.tgm"
    eager = xr.open_dataset(path, engine=ENGINE).load()
    lazy = xr.open_dataset(path, engine=ENGINE, chunks=chunks)
    assert all(v.ndim == 0 or v.chunks is not None for v in lazy.data_vars.values())
    with dask.config.set(scheduler="threads"):
        xr.testing.assert_identical(lazy.compute(), eager)


@pytest.mark.parametrize("name", ["mars_cube", "cube_with_coords", "nested_mars_cube", "mars_cube_shuffled_steps"])
@pytest.mark.parametrize("variable_key", [None, "param"])
def test_dask_equals_eager_merged(files, name, variable_key):
    path = str(files / f"{name}.tgm")
    eager = [ds.load() for ds in open_datasets(path, variable_key=variable_key)]
    lazy = [ds.chunk({}) for ds in open_datasets(path, variable_key=variable_key)]
    with dask.config.set(scheduler="threads"):
        for a, b in zip(lazy, eager):
            xr.testing.assert_identical(a.compute(), b)
            sliced = {d: slice(0, 1) for d in a.dims}
            xr.testing.assert_identical(a.isel(sliced).compute(), b.isel(sliced))


def test_empty_chunks_one_per_object(files):
    ds = xr.open_dataset(files / "simple.tgm", engine=ENGINE, chunks={})
    assert ds["object_0"].chunks == ((6,), (10,))
    cube = xr.open_dataset(files / "mars_cube.tgm", engine=ENGINE, merge_objects=True, chunks={})
    assert cube["2t"].chunks == ((2,), (3,), (2,), (3,))


def _big(path, codec_params, rows=64, cols=500):
    values = corpus.field([rows, cols], "float64")
    corpus.write(path, [({"base": [{"name": "v"}]}, [(corpus.d([rows, cols], "float64", **codec_params), values)])])
    return values


@pytest.mark.parametrize(
    "codec", ["none", "simple_packing", "szip", "blosc2", "zfp_rate"],
)
def test_leading_dim_chunks_decode_only_their_rows(tmp_path, reads, codec):
    params = {
        "none": {},
        "simple_packing": {"encoding": "simple_packing", "sp_bits_per_value": 16},
        "szip": {"encoding": "simple_packing", "sp_bits_per_value": 24, "compression": "szip", "szip_rsi": 32,
                 "szip_block_size": 16, "szip_flags": 8},
        "blosc2": {"compression": "blosc2", "blosc2_codec": "lz4", "blosc2_clevel": 5},
        "zfp_rate": {"compression": "zfp", "zfp_mode": "fixed_rate", "zfp_rate": 32},
    }[codec]
    if "sp_bits_per_value" in params:
        values = corpus.field([64, 500], "float64")
        params = {**params, **tg.compute_packing_params(values.ravel(), params["sp_bits_per_value"], 0)}
    values = _big(tmp_path / "big.tgm", params)
    eager = xr.open_dataset(tmp_path / "big.tgm", engine=ENGINE)["v"].values
    np.testing.assert_allclose(eager, values, rtol=0, atol=0.1)
    reads["calls"].clear()
    v = xr.open_dataset(tmp_path / "big.tgm", engine=ENGINE, chunks={"dim_0": 16})["v"]
    with dask.config.set(scheduler="threads", num_workers=2):
        got = v.values
    np.testing.assert_array_equal(got, eager)
    assert sorted(c[2] for c in reads["calls"]) == [[(r * 500, 16 * 500)] for r in (0, 16, 32, 48)]


@pytest.mark.iterations(1)  # counts decode calls in a per-test fixture that pytest-run-parallel's iterations would share
def test_auto_chunks_split_a_big_object(tmp_path, reads):
    values = _big(tmp_path / "big.tgm", {}, rows=64, cols=500)
    with dask.config.set({"array.chunk-size": "64KiB"}):
        v = xr.open_dataset(tmp_path / "big.tgm", engine=ENGINE, chunks="auto")["v"]
    assert len(v.chunks[0]) > 1
    with dask.config.set(scheduler="threads"):
        np.testing.assert_array_equal(v.values, values)
    assert {c[0] for c in reads["calls"]} == {"range"}
    assert len(reads["calls"]) == len(v.data.to_delayed().ravel())


@pytest.mark.iterations(1)  # counts decode calls in a per-test fixture that pytest-run-parallel's iterations would share
def test_codec_without_ranges_decodes_whole_object_per_chunk(tmp_path, reads):
    values = _big(tmp_path / "big.tgm", {"compression": "zstd", "zstd_level": 1})
    v = xr.open_dataset(tmp_path / "big.tgm", engine=ENGINE, chunks={"dim_0": 32})["v"]
    with dask.config.set(scheduler="threads"):
        np.testing.assert_array_equal(v.values, values)
    assert [c[0] for c in reads["calls"]] == ["full", "full"]


def test_threaded_scheduler_reads_concurrently(tmp_path, reads):
    _big(tmp_path / "big.tgm", {})
    reads["delay"] = 0.2
    v = xr.open_dataset(tmp_path / "big.tgm", engine=ENGINE, chunks={"dim_0": 8})["v"]
    with dask.config.set(scheduler="threads", num_workers=4):
        v.sum().compute()
    assert reads["peak"] >= 2


@pytest.mark.timeout(300)
def test_processes_scheduler_with_spawn(files):
    """Arrays pickle to worker processes (spawned: the Go runtime does not survive fork)."""
    path = files / "mars_cube.tgm"
    eager = xr.open_dataset(path, engine=ENGINE, merge_objects=True).load()
    lazy = open_datasets(str(path))[0].chunk({"step": 1})
    with dask.config.set({"scheduler": "processes", "num_workers": 2, "multiprocessing.context": "spawn"}):
        xr.testing.assert_identical(lazy.compute(), eager)


def test_cube_cells_decode_concurrently(files, reads):
    """One read over several cells of a stacked cube (e.g. the single chunk of chunks={}) decodes them at once."""
    eager = open_datasets(str(files / "mars_cube.tgm"))[0]["2t"].values
    reads["calls"].clear()
    reads["delay"] = 0.2
    v = open_datasets(str(files / "mars_cube.tgm"))[0]["2t"].chunk({})
    with dask.config.set(scheduler="threads"):
        np.testing.assert_array_equal(v.values, eager)
    assert len(reads["calls"]) == 6
    if os.cpu_count() > 1:
        assert reads["peak"] >= 2


def test_open_mfdataset(tmp_path):
    """Several files, each one time step (a ``time`` coordinate object), combined by coordinates."""
    paths = []
    for t in (0, 6, 12):
        p = tmp_path / f"t{t}.tgm"
        corpus.write(p, [({"base": [{"name": "time"}, {"name": "t2m"}]}, [
            (corpus.d([1], "int64"), np.array([t], dtype=np.int64)),
            (corpus.d([1, 4]), np.full((1, 4), t, np.float32)),
        ])])
        paths.append(str(p))
    with dask.config.set(scheduler="threads"):
        ds = xr.open_mfdataset(paths[::-1], engine=ENGINE, combine="by_coords")
        assert list(ds["time"].values) == [0, 6, 12]
        assert ds["t2m"].dims == ("time", "dim_1")
        np.testing.assert_array_equal(ds["t2m"].values[:, 0], [0, 6, 12])
