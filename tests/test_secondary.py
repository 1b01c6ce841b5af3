"""Secondary and peripheral behaviour: compute_hash, tampered goldens, NaN/Inf policy and masks,
StreamingEncoder, pre-encoded payloads, simple_packing rules, the misplaced-metadata warning,
doctor, converters, remote URL arguments and async (remote reads: test_remote.py)."""

import asyncio
import struct
import sys
import warnings

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

MASK_METHODS = ["none", "rle", "roaring", "lz4", "zstd", "blosc2"]


# ---- 135 compute_hash ---------------------------------------------------------


def test_compute_hash():
    assert tg.compute_hash(b"") == "2d06800538d394c2"
    assert tg.compute_hash(b"hello world") == "d447b1ea40e6988b"
    assert tg.compute_hash(b"x") == tg.compute_hash(b"x", "xxh3") == tg.compute_hash(b"x", algo="xxh3")
    assert tg.compute_hash(bytearray(b"abc")) == tg.compute_hash(b"abc")
    assert tg.compute_hash(b"abc", "none") == tg.compute_hash(b"abc")
    for bad in (memoryview(b"a"), np.zeros(2), "str", 1):
        with pytest.raises(TypeError):
            tg.compute_hash(bad)
    for algo in ("md5", "sha256"):
        with pytest.raises(ValueError, match="unknown hash type"):
            tg.compute_hash(b"", algo)


# ---- 136 verify_hash on goldens ------------------------------------------------


def frame_ends(buf):
    """End offsets of the data-object frames (type 9) of a message."""
    ends, pos = [], 24
    while pos + 16 <= len(buf) - 24:
        if buf[pos : pos + 2] != b"FR":
            pos += 1
            continue
        ftype = struct.unpack(">H", buf[pos + 2 : pos + 4])[0]
        length = struct.unpack(">Q", buf[pos + 8 : pos + 16])[0]
        if ftype == 9:
            ends.append(pos + length)
        pos += (length + 7) // 8 * 8
    return ends


@pytest.mark.parametrize("name", ["hash_xxh3.tgm", "multi_object_xxh3.tgm"])
def test_tampered_goldens(golden_dir, name, upstream):
    buf = (golden_dir / name).read_bytes()
    clean = tg.decode(buf, verify_hash=True)
    ends = frame_ends(buf)
    assert len(ends) == len(clean.objects) >= 1
    for i, end in enumerate(ends):
        for where in (end - 12, end - 40):  # inside the hash slot, inside the frame body
            bad = bytearray(buf)
            bad[where] ^= 0x01
            with pytest.raises(tg.HashMismatchError) as ei:
                tg.decode(bytes(bad), verify_hash=True)
            assert ei.value.object_index == i and ei.value.expected != ei.value.actual
            assert len(ei.value.expected) == len(ei.value.actual) == 16
            for k in range(len(ends)):
                if k == i:
                    continue
                if where == end - 12:  # another object's hash slot: object k is intact
                    np.testing.assert_array_equal(tg.decode_object(bytes(bad), k, verify_hash=True)[2], clean.objects[k][1])
                    continue
                # A flipped bit in object i's body may land in its descriptor, which
                # upstream's decode_object parses (and refuses) for every k.
                try:
                    want = upstream.decode_object(bytes(bad), k, verify_hash=True)[2]
                except Exception as e:  # noqa: BLE001 - the oracle's class is what we compare
                    with pytest.raises(getattr(tg, type(e).__name__, type(e))):
                        tg.decode_object(bytes(bad), k, verify_hash=True)
                else:
                    np.testing.assert_array_equal(tg.decode_object(bytes(bad), k, verify_hash=True)[2], want)


# ---- 138 NaN / Inf masks -------------------------------------------------------


def nonfinite():
    a = np.arange(40, dtype=np.float64)
    a[3], a[10], a[11], a[30] = np.nan, np.inf, -np.inf, np.nan
    return a


def test_nonfinite_strict_and_allowed():
    a = nonfinite()
    with pytest.raises(ValueError, match="NaN"):
        tg.encode({}, [(desc([40], "float64"), a)])
    with pytest.raises(ValueError, match="Inf"):
        tg.encode({}, [(desc([2], "float64"), np.array([1.0, np.inf]))])
    with pytest.raises(ValueError, match="NaN"):
        tg.encode({}, [(desc([40], "float64"), a)], allow_inf=True)
    m = tg.encode({}, [(desc([40], "float64"), a)], allow_nan=True, allow_inf=True)
    np.testing.assert_array_equal(tg.decode(m).objects[0][1], a)
    kept = tg.decode(m, restore_non_finite=False).objects[0][1]
    assert kept[3] == 0.0 and kept[10] == 0.0 and kept[5] == 5.0
    np.testing.assert_array_equal(tg.decode_object(m, 0)[2], a)
    np.testing.assert_array_equal(tg.decode_range(m, 0, [(2, 10)])[0], a[2:12])
    d, zeros, masks = tg.decode_with_masks(m).objects[0]
    assert set(masks) == {"nan", "inf+", "inf-"} and zeros[3] == 0.0
    assert masks["nan"].dtype == np.bool_ and masks["nan"].shape == (40,)
    assert np.flatnonzero(masks["nan"]).tolist() == [3, 30]
    assert np.flatnonzero(masks["inf+"]).tolist() == [10] and np.flatnonzero(masks["inf-"]).tolist() == [11]
    plain = tg.encode({}, [(desc([2], "float64"), np.ones(2))])
    assert tg.decode_with_masks(plain).objects[0][2] == {}


@pytest.mark.parametrize("method", MASK_METHODS)
def test_nonfinite_mask_methods(method):
    a = nonfinite()
    kw = dict(allow_nan=True, allow_inf=True, nan_mask_method=method, pos_inf_mask_method=method,
              neg_inf_mask_method=method, small_mask_threshold_bytes=0)
    try:
        m = tg.encode({}, [(desc([40], "float64"), a)], **kw)
    except ValueError as e:
        # not wired into core's mask registry yet: must be the typed "unsupported" error
        assert "not supported by this build" in str(e) and method != "none"
        return
    np.testing.assert_array_equal(tg.decode(m).objects[0][1], a)


def test_nonfinite_unknown_mask_method():
    with pytest.raises(ValueError, match="unknown mask method") as ei:
        tg.encode({}, [(desc([2], "float64"), np.ones(2))], nan_mask_method="bogus")
    for name in MASK_METHODS:
        assert f'"{name}"' in str(ei.value)


def test_nonfinite_streaming_and_append_allow_nan(tmp_path):
    a = nonfinite()
    s = tg.StreamingEncoder({}, allow_nan=True, allow_inf=True)
    s.write_object(desc([40], "float64"), a)
    np.testing.assert_array_equal(tg.decode(s.finish()).objects[0][1], a)
    f = tg.TensogramFile.create(str(tmp_path / "n.tgm"))
    f.append({}, [(desc([40], "float64"), a)], allow_nan=True, allow_inf=True)
    np.testing.assert_array_equal(f.decode_message(0).objects[0][1], a)


# ---- 139 streaming encoder -------------------------------------------------------


def be64(b):
    return struct.unpack(">Q", b)[0]


def test_streaming_encoder_finish_reset_and_backfill():
    s = tg.StreamingEncoder({"base": [{"source": "s"}]})
    s.write_object(desc([4]), np.arange(4, dtype=np.float32))
    m = s.finish()
    assert be64(m[16:24]) == 0 and be64(m[-16:-8]) == 0
    np.testing.assert_array_equal(tg.decode(m).objects[0][1], np.arange(4, dtype=np.float32))
    with pytest.raises(RuntimeError, match="already finished"):
        s.finish()
    with pytest.raises(RuntimeError, match="already finished"):
        s.write_object(desc([4]), np.zeros(4, np.float32))
    s = tg.StreamingEncoder({"base": [{"source": "s"}]})
    s.write_object(desc([4]), np.zeros(4, np.float32))
    msgs = [s.finish_and_reset_backfilled()]
    s.write_object(desc([4]), np.ones(4, np.float32))
    msgs.append(s.finish_and_reset())
    msgs.append(s.finish_and_reset())  # zero objects
    s.write_object(desc([4]), np.ones(4, np.float32))
    msgs.append(s.finish_backfilled())
    with pytest.raises(RuntimeError, match="already finished"):
        s.finish_backfilled()
    assert be64(msgs[0][16:24]) == len(msgs[0]) == be64(msgs[0][-16:-8])
    assert be64(msgs[1][16:24]) == 0
    assert len(tg.decode(msgs[2]).objects) == 0
    for m in (msgs[0], msgs[1], msgs[3]):
        assert tg.decode(m).metadata.base[0]["source"] == "s"
    back = msgs[0] + msgs[3]
    assert tg.scan(back) == [(0, len(msgs[0])), (len(msgs[0]), len(msgs[3]))]
    with pytest.raises(ValueError, match="header"):
        tg.StreamingEncoder({}, aggregate_hash="header")
    with pytest.raises(ValueError):
        tg.StreamingEncoder({}, aggregate_hash="both")
    tg.StreamingEncoder({"version": 3}).finish()


def test_streaming_pre_encoded_interleaved_and_close():
    s = tg.StreamingEncoder({})
    s.write_object(desc([2]), np.ones(2, np.float32))
    s.write_object_pre_encoded(desc([2]), np.full(2, 2, np.float32).tobytes())
    objs = tg.decode(s.finish()).objects
    assert [o[1].tolist() for o in objs] == [[1, 1], [2, 2]]
    s = tg.StreamingEncoder({})
    s.close()
    with pytest.raises(ValueError, match="closed"):
        s.finish()


# ---- 140 encode_pre_encoded -----------------------------------------------------


def test_pre_encoded():
    raw = np.arange(100, dtype=np.float32).tobytes()
    for data in (raw, bytearray(raw), memoryview(raw)):
        np.testing.assert_array_equal(tg.decode(tg.encode_pre_encoded({}, [(desc([100]), data)])).objects[0][1], np.arange(100, dtype=np.float32))
    for bad, name in ((np.zeros(4, np.float32), "ndarray"), (5, "int"), (None, "NoneType")):
        with pytest.raises((ValueError, TypeError), match=name):
            tg.encode_pre_encoded({}, [(desc([4]), bad)])
    empty = tg.decode(tg.encode_pre_encoded({}, [(desc([0]), b"")])).objects[0][1]
    assert empty.shape == (0,) and empty.dtype == np.float32
    with pytest.raises(ValueError, match="does not match expected"):
        tg.encode_pre_encoded({}, [(desc([4]), b"123")])
    with pytest.raises(ValueError, match="szip_block_offsets provided but compression"):
        tg.encode_pre_encoded({}, [(desc([4], szip_block_offsets=[0]), raw[:16])])
    with pytest.raises(TypeError):
        tg.encode_pre_encoded({}, [(desc([4]), raw[:16])], allow_nan=True)


def test_pre_encoded_szip_offsets(stages):
    if "szip" not in stages["compression"]:
        with pytest.raises(ValueError):
            tg.encode_pre_encoded({}, [(desc([4], compression="szip", szip_block_offsets=[0, 8, 4]), b"\0" * 16)])
        return
    with pytest.raises(ValueError, match="szip_block_offsets must be strictly increasing"):
        tg.encode_pre_encoded({}, [(desc([4], compression="szip", szip_rsi=128, szip_block_size=16, szip_flags=8,
                                         szip_block_offsets=[0, 8, 4]), b"\0" * 16)])


def test_big_endian_raw():
    a = np.arange(6, dtype=np.float64)
    raw = a.astype(">f8").tobytes()
    m = tg.encode_pre_encoded({}, [(desc([6], "float64", byte_order="big"), raw)])
    np.testing.assert_array_equal(tg.decode(m).objects[0][1], a)
    wire = tg.decode(m, native_byte_order=False).objects[0][1]
    if sys.byteorder == "little":
        np.testing.assert_array_equal(wire.byteswap(), a)


# ---- 141 simple_packing auto-compute ---------------------------------------------


def test_simple_packing_rules(stages):
    v = np.linspace(250.0, 310.0, 64)
    with pytest.raises(ValueError, match="simple_packing only supports float64"):
        tg.encode({}, [(desc([64], "float32", encoding="simple_packing", sp_bits_per_value=16), v.astype(np.float32))])
    with pytest.raises(ValueError, match="sp_bits_per_value"):
        tg.encode({}, [(desc([64], "float64", encoding="simple_packing"), v)])
    with pytest.raises(ValueError, match="sp_reference_value.*sp_binary_scale_factor"):
        tg.encode({}, [(desc([64], "float64", encoding="simple_packing", sp_bits_per_value=16, sp_reference_value=1.0), v)])
    with pytest.raises(ValueError, match="NaN"):
        tg.encode({}, [(desc([2], "float64", encoding="simple_packing", sp_bits_per_value=16), np.array([np.nan, 1.0]))])
    if "simple_packing" not in stages["encoding"]:
        with pytest.raises(ValueError, match="simple_packing"):
            tg.encode({}, [(desc([64], "float64", encoding="simple_packing", sp_bits_per_value=16), v)])
        return
    m = tg.encode({}, [(desc([64], "float64", encoding="simple_packing", sp_bits_per_value=16), v)])
    d, out = tg.decode(m).objects[0]
    assert {"sp_reference_value", "sp_binary_scale_factor", "sp_decimal_scale_factor", "sp_bits_per_value"} <= set(d.params)
    assert d.params["sp_decimal_scale_factor"] == 0 and out.dtype == np.float64
    np.testing.assert_allclose(out, v, atol=1e-2)
    p = tg.compute_packing_params(v, 24, 0)
    d2 = tg.decode(tg.encode({}, [(desc([64], "float64", encoding="simple_packing", **p), v)])).objects[0][0]
    assert all(d2.params[k] == p[k] for k in p)


# ---- 142 misplaced metadata warning ------------------------------------------------


def test_descriptor_metadata_warning(tmp_path):
    a = np.zeros(2, np.float32)
    with pytest.warns(UserWarning) as rec:
        tg.encode({}, [(desc([2], units="K"), a)])
    assert len(rec) == 1 and "'units'" in str(rec[0].message) and "meta['base'][i]" in str(rec[0].message)
    assert rec[0].filename == __file__
    with pytest.warns(UserWarning) as rec:
        tg.encode({}, [(desc([2], units="K", name="t", mars={}), a)])
    assert len(rec) == 1 and all(f"'{k}'" in str(rec[0].message) for k in ("units", "name", "mars"))
    with pytest.warns(UserWarning) as rec:
        tg.encode({"base": [{}] * 3}, [(desc([2], units="K"), a)] * 3)
    assert len(rec) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tg.encode({}, [(desc([2], my_key=1, zstd_level=3), a)])
    f = tg.TensogramFile.create(str(tmp_path / "w.tgm"))
    with pytest.warns(UserWarning) as rec:
        f.append({}, [(desc([2], units="K"), a)])
    assert rec[0].filename == __file__
    with pytest.warns(UserWarning):
        tg.encode_pre_encoded({}, [(desc([2], units="K"), a.tobytes())])
    s = tg.StreamingEncoder({})
    with pytest.warns(UserWarning) as rec:
        s.write_object(desc([2], long_name="x"), a)
    assert rec[0].filename == __file__
    assert tg.decode(s.finish()).objects[0][0].params == {"long_name": "x"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tg.encode({}, [(desc([2], units="K"), a)])


# ---- 143 doctor --------------------------------------------------------------------


def test_doctor_report():
    d = tg.doctor()
    assert list(d) == ["build", "features", "self_test"]
    assert set(d["build"]) == {"version", "wire_version", "target", "profile"}
    assert d["build"]["wire_version"] == tg.WIRE_VERSION
    for f in d["features"]:
        assert f["kind"] in ("compression", "threading", "io", "converter") and f["state"] in ("on", "off")
        if f["state"] == "on":
            assert f["linkage"] == "pure-go" and "backend" in f and "version" in f
    assert all(t["outcome"] in ("ok", "failed", "skipped") for t in d["self_test"])
    assert not any(t["outcome"] == "failed" for t in d["self_test"])
    states = {f["name"]: f["state"] for f in d["features"]}
    assert states["remote"] == "on" and all(states[c] == "on" for c in ("blosc2", "zfp", "sz3")), states
    assert any("none/none/none" in t["label"] and t["outcome"] == "ok" for t in d["self_test"])
    assert tg.doctor() == d


# ---- 144 / 145 peripheral --------------------------------------------------------------


def test_converters_unavailable():
    for fn, args, text in ((tg.convert_grib, ("x.grib",), "built without GRIB support"),
                           (tg.convert_grib_buffer, (b"",), "built without GRIB support"),
                           (tg.to_grib, ([],), "built without GRIB support"),
                           (tg.convert_netcdf, ("x.nc",), "built without NetCDF support"),
                           (tg.to_netcdf, ([], "x.nc"), "built without NetCDF support")):
        with pytest.raises(RuntimeError, match=text):
            fn(*args)
    with pytest.raises(TypeError):
        tg.convert_grib("x", allow_nan=False)
    assert getattr(tg, "__has_grib__", False) is False


def test_remote_and_is_remote_url():
    for url in ("s3://b/k", "S3A://b", "gs://x", "az://x", "azure://x", "http://h/x", "HTTPS://h/x"):
        assert tg.is_remote_url(url)
    for p in ("/tmp/x.tgm", "file:///x", "ftp://h/x", "x.tgm", "s3:/x"):
        assert not tg.is_remote_url(p)
    with pytest.raises(OSError, match="invalid"):
        tg.TensogramFile.open("http://[invalid]/file.tgm")
    with pytest.raises(TypeError):
        tg.TensogramFile.open_remote("http://h/x", None, True)
    with pytest.raises(TypeError):
        tg.TensogramFile.open("x", bidirectional=1)

    class Bad:
        def __str__(self):
            raise RuntimeError("no")

    with pytest.raises(ValueError, match="convertible to string"):
        tg.TensogramFile.open_remote("http://h/x", {"k": Bad()})


def test_async(tmp_path):
    p = str(tmp_path / "a.tgm")
    f = tg.TensogramFile.create(p)
    for i in range(3):
        f.append({"i": i}, [(desc([4]), np.arange(4, dtype=np.float32) + i)])

    async def main():
        af = await tg.AsyncTensogramFile.open(p)
        with pytest.raises(RuntimeError, match="message_count"):
            len(af)
        async with af as g:
            assert await g.message_count() == 3 and len(g) == 3
            a, b = await asyncio.gather(g.decode_message(1), g.decode_message(1, threads=4))
            np.testing.assert_array_equal(a.objects[0][1], b.objects[0][1])
            assert [m.metadata["i"] async for m in g] == [0, 1, 2]
            assert (await g.file_decode_metadata(2))["i"] == 2
            assert len(await g.messages()) == 3
            assert repr(g) == f"AsyncTensogramFile(source={p!r})"

    asyncio.run(main())
