"""Lazy reads of the xarray engine: nothing decoded at open, partial reads where the codec allows.

Decodes are counted by wrapping ``TensogramFile.file_decode_object`` / ``file_decode_range``
(every read of the engine goes through one of them).
"""

import pickle

import numpy as np
import pytest

xr = pytest.importorskip("xarray", reason="xarray is not installed in this interpreter")

import _xarray_corpus as corpus  # noqa: E402
from _xarray_corpus import files  # noqa: E402,F401  (fixture)
import tensogram_go as tg  # noqa: E402
from tensogram_go.xarray import open_datasets  # noqa: E402
from tensogram_go.xarray.array import TensogramBackendArray, _nd_slice_to_flat_ranges  # noqa: E402
from test_remote import server  # noqa: E402,F401  (the loopback HTTP server fixture)

ENGINE = "tensogram_go"
RANGE_CODECS = {"none", "simple_packing", "szip", "szip_int", "blosc2", "zfp_rate"}
FULL_CODECS = {"zstd", "lz4", "zfp_acc", "sz3", "shuffle"}


@pytest.fixture
def calls(monkeypatch):
    """List of ``("full", msg, obj)`` / ``("range", msg, obj, ranges)`` for every decode call."""
    log = []
    full, part = tg.TensogramFile.file_decode_object, tg.TensogramFile.file_decode_range

    def file_decode_object(self, msg_index, obj_index, *a, **kw):
        log.append(("full", msg_index, obj_index))
        return full(self, msg_index, obj_index, *a, **kw)

    def file_decode_range(self, msg_index, obj_index, ranges, *a, **kw):
        log.append(("range", msg_index, obj_index, [tuple(r) for r in ranges]))
        return part(self, msg_index, obj_index, ranges, *a, **kw)

    monkeypatch.setattr(tg.TensogramFile, "file_decode_object", file_decode_object)
    monkeypatch.setattr(tg.TensogramFile, "file_decode_range", file_decode_range)
    return log




def test_flat_ranges_examples():
    assert _nd_slice_to_flat_ranges((6, 10), (slice(1, 3), slice(2, 5))) == ([(12, 3), (22, 3)], (2, 3))
    assert _nd_slice_to_flat_ranges((6, 10), (slice(1, 3), slice(None))) == ([(10, 20)], (2, 10))
    assert _nd_slice_to_flat_ranges((6, 10), (slice(3, 3), slice(None))) == ([], (0, 10))
    assert _nd_slice_to_flat_ranges((4, 3, 5), (slice(1, 2), slice(0, 2), slice(None))) == ([(15, 10)], (1, 2, 5))
    assert len(_nd_slice_to_flat_ranges((4, 3, 5), (slice(1, 3), slice(None), slice(2, 4)))[0]) == 6
    assert _nd_slice_to_flat_ranges((4, 3, 5), (slice(0, 2), slice(0, 3), slice(0, 5))) == ([(0, 30)], (2, 3, 5))
    ranges, _ = _nd_slice_to_flat_ranges((100, 200), (slice(10, 20), slice(50, 100)))
    assert ranges == [(r * 200 + 50, 50) for r in range(10, 20)]


def test_open_decodes_only_coordinates(files, calls):
    ds = xr.open_dataset(files / "coords_by_name.tgm", engine=ENGINE)
    assert sorted(c[2] for c in calls) == [0, 1]  # latitude, longitude (xarray builds their indexes)
    assert not isinstance(ds["temperature"].variable._data, np.ndarray)
    calls.clear()
    ds = xr.open_dataset(files / "codecs.tgm", engine=ENGINE)
    assert calls == []


@pytest.mark.parametrize("codec", sorted(RANGE_CODECS | FULL_CODECS))
def test_slices_decode_only_what_they_need(files, calls, codec):
    path = files / "codecs.tgm"
    whole = xr.open_dataset(path, engine=ENGINE, cache=False)[codec]
    ref = whole.values
    obj = corpus.CODEC_NAMES.index(codec)
    calls.clear()
    part = whole[2:5, 3:9].values
    np.testing.assert_array_equal(part, ref[2:5, 3:9])
    if codec in RANGE_CODECS:
        assert calls == [("range", 0, obj, [(r * 32 + 3, 6) for r in range(2, 5)])]
    else:
        assert calls == [("full", 0, obj)]


@pytest.mark.iterations(1)  # counts decode calls in a per-test fixture that pytest-run-parallel's iterations would share
def test_range_threshold(files, calls):
    path = files / "simple.tgm"
    v = xr.open_dataset(path, engine=ENGINE, cache=False)["object_0"]
    v[0:3].values  # 30 of 60 elements: exactly the threshold, still partial
    v[0:4].values  # 40 of 60: full
    v[1].values  # an integer: full decode (as upstream)
    v[::2].values  # a stepped slice: full decode
    assert [c[0] for c in calls] == ["range", "full", "full", "full"]
    calls.clear()
    w = xr.open_dataset(path, engine=ENGINE, cache=False, range_threshold=0.0)["object_0"]
    np.testing.assert_array_equal(w[0:1].values, np.arange(10, dtype=np.float32)[None])
    assert [c[0] for c in calls] == ["full"]
    assert w[3:3].values.shape == (0, 10)


@pytest.mark.iterations(1)  # counts decode calls in a per-test fixture that pytest-run-parallel's iterations would share
def test_cache_true_decodes_once(files, calls):
    v = xr.open_dataset(files / "simple.tgm", engine=ENGINE)["object_0"]
    v.values
    v.values
    assert len(calls) == 1


def test_masks_restored_on_partial_and_full_reads(files):
    ds = xr.open_dataset(files / "masks.tgm", engine=ENGINE, cache=False)
    full = ds["m"].values
    assert np.isnan(full[0, 1]) and full[2, 3] == np.inf and full[3, 5] == -np.inf
    np.testing.assert_array_equal(ds["m"][2:4].values, full[2:4])
    assert np.isnan(ds["allnan"].values).all()


def test_array_pickles_without_handle_and_reopens(files, calls):
    ds = xr.open_dataset(files / "simple.tgm", engine=ENGINE)
    arr = ds["object_0"].variable._data
    while not isinstance(arr, TensogramBackendArray):
        arr = getattr(arr, "array", None)
        assert arr is not None
    assert arr.shared_file is not None
    clone = pickle.loads(pickle.dumps(arr))
    assert clone.shared_file is None and clone.file_path == str(files / "simple.tgm")
    np.testing.assert_array_equal(clone[xr.core.indexing.BasicIndexer((slice(1, 2), slice(None)))],
                                  np.arange(10, 20, dtype=np.float32)[None])
    ds.close()
    assert arr.shared_file is None
    np.testing.assert_array_equal(ds["object_0"].values[5], np.arange(50, 60, dtype=np.float32))


def test_single_message_dataset_pickles(files):
    ds = xr.open_dataset(files / "coords_by_name.tgm", engine=ENGINE)
    again = pickle.loads(pickle.dumps(ds))
    xr.testing.assert_identical(again.load(), ds.load())
    again.close()


def test_merged_dataset_pickles(files):
    ds = open_datasets(str(files / "mars_cube.tgm"))[0]
    again = pickle.loads(pickle.dumps(ds))
    xr.testing.assert_identical(again.load(), ds.load())


def test_verify_hash(tmp_path):
    path = tmp_path / "nohash.tgm"
    corpus.write(path, [({}, [(corpus.d([4]), np.arange(4, dtype=np.float32))])], hash=None)
    xr.open_dataset(path, engine=ENGINE)["object_0"].values  # not verified by default
    v = xr.open_dataset(path, engine=ENGINE, verify_hash=True, range_threshold=0.0)["object_0"]
    with pytest.raises(tg.MissingHashError) as err:
        v.values
    assert err.value.object_index == 0


def test_remote_equals_local(server, files, calls):  # noqa: F811
    server.files["/xa/coords.tgm"] = (files / "coords_by_name.tgm").read_bytes()
    url = server.base + "/xa/coords.tgm"
    local = xr.open_dataset(files / "coords_by_name.tgm", engine=ENGINE).load()
    remote = xr.open_dataset(url, engine=ENGINE, storage_options={"allow_http": "true"})
    assert remote.encoding["source"] == url
    calls.clear()
    np.testing.assert_array_equal(remote["temperature"][1:2].values, local["temperature"][1:2].values)
    assert [c[0] for c in calls] == ["range"]
    xr.testing.assert_identical(remote.load(), local)
    merged = open_datasets(url, storage_options={"allow_http": "true"})
    merged[0].close()  # drops the shared remote handle; reads reopen the URL
    xr.testing.assert_identical(merged[0].load(), open_datasets(str(files / "coords_by_name.tgm"))[0].load())


def test_threads_share_one_dataset(files):
    """Many threads read slices of every codec's variable through one Dataset (one shared handle)."""
    from conftest import run_together

    path = files / "codecs.tgm"
    ref = xr.open_dataset(path, engine=ENGINE).load()
    ds = xr.open_dataset(path, engine=ENGINE, cache=False)
    cube = open_datasets(str(files / "mars_cube.tgm"))[0]
    cube_ref = cube.load()
    cube = open_datasets(str(files / "mars_cube.tgm"))[0]

    def body(tid):
        rng = np.random.default_rng(tid)
        for _ in range(40):
            name = corpus.CODEC_NAMES[rng.integers(len(corpus.CODEC_NAMES))]
            a, b = sorted(rng.integers(0, 17, size=2))
            np.testing.assert_array_equal(ds[name][a:b, 3:20].values, ref[name].values[a:b, 3:20])
            k = int(rng.integers(3))
            np.testing.assert_array_equal(cube["2t"][:, k].values, cube_ref["2t"].values[:, k])

    run_together(8, body)


def test_partial_result_of_full_decode_does_not_pin_the_object(files):
    ds = xr.open_dataset(files / "codecs.tgm", engine=ENGINE)
    arr = ds["zstd"].variable._data
    while not isinstance(arr, TensogramBackendArray):
        arr = arr.array
    part = arr._raw_indexing_method((slice(0, 2), slice(None)))
    assert part.shape == (2, 32)
    assert part.base is None or part.base.size == part.size
    whole = arr._raw_indexing_method((slice(None), slice(None)))
    assert whole.shape == (16, 32)


def test_remote_partial_reads_restore_masks(server, files):  # noqa: F811
    """NaN/Inf come back on partial reads over HTTP too (upstream's remote range decode gives 0.0)."""
    server.files["/xa/masks.tgm"] = (files / "masks.tgm").read_bytes()
    url = server.base + "/xa/masks.tgm"
    local = xr.open_dataset(files / "masks.tgm", engine=ENGINE).load()
    remote = xr.open_dataset(url, engine=ENGINE, storage_options={"allow_http": "true"}, range_threshold=1.0)
    xr.testing.assert_identical(remote.load(), local)
    assert np.isnan(remote["allnan"].values).all()
