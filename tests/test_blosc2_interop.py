"""blosc2 both ways against upstream tensogram 0.24.0: messages we encode with
compression="blosc2" (every blosc2_codec, clevels, shuffle filter,
simple_packing, the blosc2 mask method) decode in upstream to our values, and
upstream's decode here to upstream's values, ranges included."""

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

CODECS = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"]


def arrays():
    x = np.arange(20000)
    f64 = 280 + 15 * np.sin(x / 50) + np.cos(x / 7)
    f64[5000:9000] = 0.0  # a zero run: zero streams / special chunks
    return {
        "float64": f64,
        "float32": f64[:7001].astype(np.float32),
        "int16": (f64[:3001] * 10).astype(np.int16),
        "uint8": (f64[:777] % 256).astype(np.uint8),
        "complex128": (f64[:501] + 1j * f64[:501]),
    }


def extras(dtype):
    yield "plain", {}
    yield "clevel1", {"blosc2_clevel": 1}
    yield "clevel9", {"blosc2_clevel": 9}
    yield "clevel0", {"blosc2_clevel": 0}
    if dtype == "float64":
        yield "shuffle", {"filter": "shuffle", "shuffle_element_size": 8}
        yield "sp24", {"encoding": "simple_packing", "sp_bits_per_value": 24}
        yield "sp12", {"encoding": "simple_packing", "sp_bits_per_value": 12}


def cases():  # noqa: D103
    return list(_cases())


def _cases():
    for codec in CODECS:
        for dt in arrays():
            for tag, extra in extras(dt):
                yield pytest.param(codec, dt, extra, id=f"{codec}-{dt}-{tag}")


def data_arg(a):
    return a.tobytes() if a.dtype.kind == "c" else a


def test_blosc2_registered(stages):
    assert "blosc2" in stages["compression"]


@pytest.mark.parametrize("codec,dtype,extra", cases())
def test_ours_decode_in_upstream(upstream, codec, dtype, extra):
    a = arrays()[dtype]
    d = desc([len(a)], dtype, byte_order="little", compression="blosc2", blosc2_codec=codec, **extra)
    ours = tg.encode({}, [(d, data_arg(a))])
    theirs = upstream.encode({}, [(d, data_arg(a))])
    up = upstream.decode(ours).objects[0][1]
    here = tg.decode(ours).objects[0][1]
    ref = upstream.decode(theirs).objects[0][1]
    assert up.tobytes() == here.tobytes() == ref.tobytes()
    assert tg.decode(theirs).objects[0][1].tobytes() == ref.tobytes()
    if not extra:
        for level in ("default", "full"):
            assert upstream.validate(ours, level=level)["issues"] == []
            assert tg.validate(ours, level=level) == upstream.validate(ours, level=level)
            assert tg.validate(theirs, level=level) == upstream.validate(theirs, level=level)
    if "filter" not in extra:
        rng = [(3, 10), (len(a) - 9, 9), (len(a) // 3, len(a) // 2)]
        got = [r.tobytes() for r in tg.decode_range(theirs, 0, rng)]
        want = [r.tobytes() for r in upstream.decode_range(ours, 0, rng)]
        assert got == want


@pytest.mark.parametrize("codec", CODECS)
def test_blosc2_mask_both_ways(upstream, codec):
    v = arrays()["float64"][:5000].copy()
    v[::97] = np.nan
    v[5::301] = np.inf
    d = desc([len(v)], "float64", byte_order="little", compression="lz4")
    kw = dict(allow_nan=True, allow_inf=True, nan_mask_method="blosc2", pos_inf_mask_method="blosc2",
              small_mask_threshold_bytes=0)
    ours = tg.encode({}, [(d, v)], **kw)
    theirs = upstream.encode({}, [(d, v)], **kw)
    for msg in (ours, theirs):
        for lib in (tg, upstream):
            got = lib.decode(msg).objects[0][1]
            np.testing.assert_array_equal(got, v)


@pytest.mark.parametrize("bad,match", [
    ({"blosc2_codec": "snappy"}, "unknown blosc2 codec: snappy"),
    ({"blosc2_clevel": 10}, "CodecParam"),
    ({"blosc2_clevel": "5"}, "expected integer for blosc2_clevel"),
])
def test_blosc2_param_errors_like_upstream(upstream, bad, match):
    d = desc([4], "float64", compression="blosc2", **bad)
    for lib in (tg, upstream):
        with pytest.raises(ValueError, match=match):
            lib.encode({}, [(d, np.zeros(4))])


def test_blosc2_multichunk_above_256mib(upstream):
    """Inputs above 256 MiB are split into chunks (mostly zeros here, so the
    frames stay small): each library decodes the other's frame."""
    n = (256 << 20) // 4 + 1000
    a = np.zeros(n, np.float32)
    a[::99991] = np.arange(len(a[::99991]), dtype=np.float32) + 1
    a[-5:] = 7
    d = desc([n], "float32", byte_order="little", compression="blosc2", blosc2_codec="zstd")
    ours = tg.encode({}, [(d, a)])
    theirs = upstream.encode({}, [(d, a)])
    assert len(ours) < 4 << 20 and len(theirs) < 4 << 20
    for m in (ours, theirs):
        for lib in (tg, upstream):
            assert lib.decode(m).objects[0][1].tobytes() == a.tobytes()
    r = tg.decode_range(theirs, 0, [(n - 1010, 1010)])[0]
    assert r.tobytes() == a[n - 1010:].tobytes()
