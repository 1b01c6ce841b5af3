"""Differential checks against upstream tensogram 0.24.0 and its golden files."""

import sys

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

GOLDENS = ["simple_f32.tgm", "hash_xxh3.tgm", "mars_metadata.tgm", "multi_message.tgm", "multi_object.tgm",
           "multi_object_xxh3.tgm"]

DTYPE_ARRAYS = {
    "float32": np.linspace(-3, 3, 24, dtype=np.float32).reshape(2, 3, 4),
    "float64": np.linspace(-1e300, 1e300, 7),
    "int8": np.arange(-5, 5, dtype=np.int8),
    "int16": np.arange(-500, 500, 37, dtype=np.int16),
    "int32": np.array([-(2**31), 2**31 - 1], np.int32),
    "int64": np.array([-(2**63), 2**63 - 1], np.int64),
    "uint8": np.arange(256, dtype=np.uint8),
    "uint16": np.array([0, 65535], np.uint16),
    "uint32": np.array([0, 2**32 - 1], np.uint32),
    "uint64": np.array([0, 2**64 - 1], np.uint64),
}


def same_message(a, b):
    assert a.metadata.base == b.metadata.base and a.metadata.extra == b.metadata.extra
    assert len(a.objects) == len(b.objects)
    for (da, xa), (db, xb) in zip(a.objects, b.objects):
        assert (da.obj_type, da.shape, da.strides, da.dtype, da.byte_order, da.encoding, da.filter, da.compression) == (
            db.obj_type, db.shape, db.strides, db.dtype, db.byte_order, db.encoding, db.filter, db.compression)
        assert da.params == db.params
        assert xa.dtype == xb.dtype and xa.shape == xb.shape
        np.testing.assert_array_equal(xa, xb)


@pytest.mark.parametrize("name", GOLDENS)
def test_goldens_decode_like_upstream(golden_dir, upstream, name):
    buf = (golden_dir / name).read_bytes()
    spans = tg.scan(buf)
    assert spans == upstream.scan(buf)
    for off, n in spans:
        m = buf[off : off + n]
        same_message(tg.decode(m, verify_hash=True), upstream.decode(m, verify_hash=True))
        assert tg.decode_metadata(m).items() == upstream.decode_metadata(m).items()
        assert tg.validate(m, level="full") == upstream.validate(m, level="full")
        for i in range(len(tg.decode(m).objects)):
            np.testing.assert_array_equal(tg.decode_object(m, i)[2], upstream.decode_object(m, i)[2])
            np.testing.assert_array_equal(tg.decode(m, native_byte_order=False).objects[i][1],
                                          upstream.decode(m, native_byte_order=False).objects[i][1])


@pytest.mark.parametrize("name", GOLDENS)
def test_goldens_without_oracle(golden_dir, name):
    buf = (golden_dir / name).read_bytes()
    msgs = list(tg.iter_messages(buf, verify_hash=True))
    assert len(msgs) == len(tg.scan(buf)) >= 1
    for m in msgs:
        assert m.metadata.version == 3 and m.metadata.reserved["encoder"]["name"] == "tensogram"
        for d, arr in m.objects:
            assert d.byte_order == "big" and arr.dtype.isnative and list(arr.shape) == d.shape
    rep = tg.validate_file(str(golden_dir / name), level="full")
    assert rep["file_issues"] == [] and all(r["issues"] == [] and r["hash_verified"] for r in rep["messages"])


@pytest.mark.parametrize("dtype", list(DTYPE_ARRAYS))
def test_ours_to_upstream_and_back(upstream, dtype):
    a = DTYPE_ARRAYS[dtype]
    meta = {"base": [{"mars": {"param": "2t"}, "n": 1}], "note": "x", "flag": True}
    ours = tg.encode(meta, [(desc(a.shape, dtype), a)])
    theirs = upstream.encode(meta, [(desc(a.shape, dtype), a)])
    same_message(tg.decode(ours), upstream.decode(ours, verify_hash=True))
    same_message(tg.decode(theirs, verify_hash=True), upstream.decode(theirs))
    assert tg.validate(ours, level="full") == upstream.validate(ours, level="full")
    assert upstream.validate(ours, level="full", check_canonical=True)["issues"] == []
    # identical frames apart from the per-encode provenance in the metadata frame
    assert len(ours) == len(theirs) or tg.decode_metadata(ours).reserved["encoder"]["name"] == "tensogram-go"


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "complex64", "complex128", "bitmask"])
def test_special_dtypes_cross(upstream, dtype):
    raw = np.arange(32, dtype=np.uint8)
    n = {"float16": 16, "bfloat16": 16, "complex64": 4, "complex128": 2, "bitmask": 256}[dtype]
    ours = tg.encode({}, [(desc([n], dtype), raw)])
    theirs = upstream.encode({}, [(desc([n], dtype), raw)])
    for m in (ours, theirs):
        a, b = tg.decode(m).objects[0][1], upstream.decode(m).objects[0][1]
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a.view(np.uint8), b.view(np.uint8))


def test_multi_object_ranges_masks_cross(upstream):
    a = np.arange(100, dtype=np.float64)
    a[[3, 50]] = np.nan
    a[7] = -np.inf
    b = np.arange(30, dtype=np.int16).reshape(5, 6)
    pairs = [(desc([100], "float64"), a), (desc([5, 6], "int16"), b)]
    kw = dict(allow_nan=True, allow_inf=True, nan_mask_method="none", neg_inf_mask_method="none")
    ours = tg.encode({"base": [{"a": 1}, {"b": 2}]}, pairs, **kw)
    theirs = upstream.encode({"base": [{"a": 1}, {"b": 2}]}, pairs, **kw)
    for m in (ours, theirs):
        same_message(tg.decode(m), upstream.decode(m))
        for restore in (True, False):
            np.testing.assert_array_equal(tg.decode(m, restore_non_finite=restore).objects[0][1],
                                          upstream.decode(m, restore_non_finite=restore).objects[0][1])
        for r, j in (([(0, 10), (45, 10)], False), ([(2, 3)], True)):
            x, y = tg.decode_range(m, 0, r, join=j), upstream.decode_range(m, 0, r, join=j)
            for p, q in zip(x if not j else [x], y if not j else [y]):
                np.testing.assert_array_equal(p, q)
        mo, mu = tg.decode_with_masks(m).objects[0][2], upstream.decode_with_masks(m).objects[0][2]
        assert set(mo) == set(mu) and all((mo[k] == mu[k]).all() for k in mo)


def test_streaming_and_pre_encoded_cross(upstream):
    for lib in (tg, upstream):
        s = lib.StreamingEncoder({"base": [{"s": 1}]})
        s.write_object(desc([8]), np.arange(8, dtype=np.float32))
        s.write_object_pre_encoded(desc([2], "float64", byte_order="big"), np.array([1.5, 2.5], ">f8").tobytes())
        for m in (s.finish_and_reset(), s.finish_and_reset_backfilled()):
            if not m:
                continue
            a, b = tg.decode(m), upstream.decode(m)
            assert len(a.objects) == len(b.objects)
            for (_, x), (_, y) in zip(a.objects, b.objects):
                np.testing.assert_array_equal(x, y)


def test_aggregate_hash_policies_cross(upstream):
    a = np.arange(16, dtype=np.float32)
    for policy in (None, "auto", "none", "header", "footer", "both"):
        m = tg.encode({}, [(desc([16]), a)], aggregate_hash=policy)
        np.testing.assert_array_equal(upstream.decode(m, verify_hash=True).objects[0][1], a)
        assert upstream.validate(m, level="full")["issues"] == []
        u = upstream.encode({}, [(desc([16]), a)], aggregate_hash=policy)
        assert tg.validate(u, level="full") == upstream.validate(u, level="full")


def test_codecs_cross(upstream, stages):
    v = np.random.default_rng(9).standard_normal(4096) * 20 + 280
    cases = [
        dict(compression="zstd", zstd_level=3),
        dict(compression="lz4"),
        dict(filter="shuffle", shuffle_element_size=8, compression="zstd"),
        dict(encoding="simple_packing", sp_bits_per_value=24),
        dict(encoding="simple_packing", sp_bits_per_value=16, compression="szip", szip_rsi=128, szip_block_size=16, szip_flags=8),
        dict(compression="blosc2", blosc2_clevel=5, blosc2_codec="lz4"),
        dict(compression="zfp", zfp_mode="fixed_accuracy", zfp_tolerance=0.01),
        dict(compression="sz3", sz3_error_bound_mode="abs", sz3_error_bound=0.01),
    ]
    covered = 0
    for extra in cases:
        d = desc([4096], "float64", **extra)
        wired = all(extra.get(k, "none") in stages[k] for k in ("encoding", "filter", "compression"))
        if not wired:
            with pytest.raises(ValueError):
                tg.encode({}, [(d, v)])
            continue
        covered += 1
        lossy = extra.get("encoding") == "simple_packing" or extra.get("compression") in ("zfp", "sz3")
        theirs = upstream.encode({}, [(d, v)])
        ours = tg.encode({}, [(d, v)])
        for m in (ours, theirs):
            x, y = tg.decode(m).objects[0][1], upstream.decode(m).objects[0][1]
            np.testing.assert_array_equal(x, y)
            for t in (2, 4):
                np.testing.assert_array_equal(tg.decode(m, threads=t).objects[0][1], x)
            if lossy:
                np.testing.assert_allclose(x, v, atol=0.01)
            else:
                np.testing.assert_array_equal(x, v)
            np.testing.assert_array_equal(tg.decode_range(m, 0, [(100, 50)])[0], upstream.decode_range(m, 0, [(100, 50)])[0]) if extra.get("compression", "none") in ("none", "szip") and "filter" not in extra else None
    assert covered == sum(all(c.get(k, "none") in stages[k] for k in ("encoding", "filter", "compression")) for c in cases)


def test_error_texts_match_upstream(upstream):
    a = np.zeros(4, np.float32)
    cases = [
        ({"_reserved_": {}}, [(desc([4]), a)]),
        ({"base": None}, [(desc([4]), a)]),
        ({"base": [1]}, [(desc([4]), a)]),
        ({"base": [{}, {}]}, [(desc([4]), a)]),
        ({"_extra_": 1}, [(desc([4]), a)]),
        ({"extra": 1}, [(desc([4]), a)]),
        ({}, [({"shape": [4], "dtype": "float32"}, a)]),
        ({}, [(desc([4], byte_order="middle"), a)]),
        ({}, [(desc([2, 2**63, 2]), a)]),
        ({}, [(desc([2**63, 2]), a)]),
        ({}, [(desc([5]), a)]),
        ({}, [(desc([4]), np.array([0, np.nan, 0, 0], np.float32))]),
        ({}, [(desc([4]), a[::-1][::2])]),
        ({}, [(desc([4]), "abc")]),
        ({}, [(desc([4]),)]),
        ({}, [desc([4])]),
        ({}, [(1, a)]),
        ({}, [(desc([4], "float64", encoding="simple_packing"), a.astype("f8"))]),
        ({}, [(desc([4], "float64", encoding="simple_packing", sp_bits_per_value=16, sp_reference_value=1.0), a.astype("f8"))]),
    ]
    for meta, pairs in cases:
        with pytest.raises(Exception) as ours:
            tg.encode(meta, pairs)
        with pytest.raises(Exception) as theirs:
            upstream.encode(meta, pairs)
        assert type(ours.value) is type(theirs.value), (meta, pairs)
        assert str(ours.value) == str(theirs.value), (meta, pairs)
    for bad in (b"", b"garbage here", tg.encode({}, [(desc([4]), a)])[:40]):
        with pytest.raises(ValueError) as o:
            tg.decode(bad)
        with pytest.raises(ValueError) as t:
            upstream.decode(bad)
        assert str(o.value).split(":")[0] == str(t.value).split(":")[0]


def outcome(fn, *args, **kw):
    """Comparable result of a call: data on success, (exception class, message prefix) on failure."""
    try:
        r = fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - compared below
        return (type(e).__name__, str(e).split(":")[0])
    if isinstance(r, tuple) and hasattr(r, "objects"):
        return ("ok", [o[1].tobytes() for o in r.objects], r.metadata.extra, [o[0].params for o in r.objects])
    if isinstance(r, tuple) and len(r) == 2:  # decode_descriptors
        return ("ok", r[0].base, r[0].extra, [(d.shape, d.dtype, d.params) for d in r[1]])
    if isinstance(r, tuple):  # decode_object
        return ("ok", r[2].tobytes(), r[1].shape)
    if hasattr(r, "extra"):  # Metadata
        return ("ok", r.base, r.extra, r.reserved)
    return ("ok", r)


def mutations(n, seed):
    import random

    m = tg.encode({"base": [{"a": 1}, {}], "e": 2},
                  [(desc([50]), np.arange(50, dtype=np.float32)), (desc([3, 4], "int16"), np.arange(12, dtype=np.int16).reshape(3, 4))])
    rng = random.Random(seed)
    for _ in range(n):
        b = bytearray(m)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        yield bytes(b)


def compare_calls(upstream, calls, n=400, seed=7):
    for b in mutations(n, seed):
        for name, args, kw in calls:
            ours = outcome(getattr(tg, name), b, *args, **kw)
            theirs = outcome(getattr(upstream, name), b, *args, **kw)
            assert ours == theirs, (name, kw, b.hex())


def test_mutated_messages_behave_like_upstream(upstream):
    compare_calls(upstream, [("decode", (), {}), ("decode", (), {"verify_hash": True}), ("scan", (), {}),
                             ("decode_with_masks", (), {}), ("decode_descriptors", (), {})])


def test_mutated_decode_metadata_behaves_like_upstream(upstream):
    compare_calls(upstream, [("decode_metadata", (), {})])


def test_mutated_decode_object_behaves_like_upstream(upstream):
    compare_calls(upstream, [("decode_object", (1,), {"verify_hash": True}), ("decode_object", (0,), {})])


def test_file_error_texts_match_upstream(upstream, tmp_path):
    texts = []
    for lib in (tg, upstream):
        f = lib.TensogramFile.create(str(tmp_path / f"{lib.__name__}.tgm"))
        f.append({}, [(desc([4]), np.zeros(4, np.float32))])
        got = []
        for call in (lambda: f.decode_message(99), lambda: f.read_message(99), lambda: f.file_decode_object(0, 5),
                     lambda: f.file_decode_metadata(3), lambda: f.decode_message(-1), lambda: f.append({}, (1,)),
                     lambda: f.file_decode_range(0, 0, [(0, 9)]), lambda: f[7]):
            try:
                call()
                got.append("ok")
            except Exception as e:  # noqa: BLE001 - compared below
                text = str(e)
                if "range (offset=" in text:  # core words range errors its own way: compare the class
                    text = text.split(":")[0]
                got.append((type(e).__name__, text))
        texts.append(got)
    assert texts[0] == texts[1]


def test_free_top_level_metadata_keys_like_upstream(upstream):
    # A foreign encoder may put free keys at the top level of the metadata frame: rename
    # "_extra_" in place (same length, so no offsets move) and compare the decoded views.
    m = tg.encode({"_extra_": {"k": 1}, "base": [{"b": 2}]}, [(desc([2]), np.zeros(2, np.float32))], hash=None)
    assert b"g_extra_" in m
    patched = m.replace(b"g_extra_", b"gzextra_", 1)
    assert len(patched) == len(m)
    ours, theirs = tg.decode(patched).metadata, upstream.decode(patched).metadata
    assert ours.extra == theirs.extra and list(ours.extra) == list(theirs.extra)
    assert ours.keys() == theirs.keys() and ours.base == theirs.base
    assert tg.decode_metadata(patched).extra == upstream.decode_metadata(patched).extra


@pytest.mark.xfail(strict=True, reason="core validator differs from upstream on ~13% of randomly mutated messages, e.g. "
                   "upstream reports index_count_mismatch twice when a frame's cbor_offset is corrupt (reported to core)")
def test_mutated_validate_like_upstream(upstream):
    for b in mutations(400, 7):
        for lv in ("quick", "default", "checksum", "full"):
            ours, theirs = tg.validate(b, level=lv), upstream.validate(b, level=lv)
            assert [i["code"] for i in ours["issues"]] == [i["code"] for i in theirs["issues"]], (lv, b.hex())
            assert ours["hash_verified"] == theirs["hash_verified"]
