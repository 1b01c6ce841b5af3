"""zfp against upstream tensogram 0.24.0 (the oracle), both directions.

Our zfp codec is a pure-Go port of libzfp 1.0's 1-D double path: messages
we write must carry the same zfp stream upstream writes for the same input
and mode, and every message (ours or upstream's) must decode to the same
float64 values bit for bit in both libraries, including decode_range.
"""

import sys

import numpy as np
import pytest

import tensogram_go as tg
from conftest import REPO, desc

sys.path.insert(0, str(REPO / "tools"))
from tgwire import one_object  # noqa: E402  (tools/tgwire.py: payload region of a message)

MODES = [
    dict(zfp_mode="fixed_rate", zfp_rate=0.0),
    dict(zfp_mode="fixed_rate", zfp_rate=8.0),
    dict(zfp_mode="fixed_rate", zfp_rate=16),
    dict(zfp_mode="fixed_rate", zfp_rate=27.3),
    dict(zfp_mode="fixed_precision", zfp_precision=0),
    dict(zfp_mode="fixed_precision", zfp_precision=17),
    dict(zfp_mode="fixed_precision", zfp_precision=64),
    dict(zfp_mode="fixed_accuracy", zfp_tolerance=1e-9),
    dict(zfp_mode="fixed_accuracy", zfp_tolerance=0.25),
]

SHAPES = [[], [0], [1], [3], [5], [4, 2], [3, 7, 2], [1001]]


def data(shape, seed):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    kinds = [
        np.sin(np.arange(n) / 7.0) * 300 + 5,
        rng.standard_normal(n) * 1e3,
        rng.standard_normal(n) * np.ldexp(1.0, rng.integers(-200, 200, size=n)),
        rng.integers(-(1 << 19), 1 << 19, size=n) * 5e-324,
    ]
    return kinds[seed % len(kinds)].reshape(shape)


def zfp_desc(shape, mode):
    return desc(shape, "float64", byte_order="little", compression="zfp", **mode)


def same_bits(a, b):
    a, b = np.ascontiguousarray(a, dtype=np.float64), np.ascontiguousarray(b, dtype=np.float64)
    assert a.shape == b.shape
    assert a.view(np.uint64).tobytes() == b.view(np.uint64).tobytes()


@pytest.mark.parametrize("mode", MODES, ids=lambda m: "%s=%s" % (m["zfp_mode"], list(m.values())[1]))
def test_zfp_both_directions(upstream, mode):
    for i, shape in enumerate(SHAPES):
        v = data(shape, i)
        d = zfp_desc(shape, mode)
        ours = tg.encode({"version": 3}, [(d, v)], hash=None)
        theirs = upstream.encode({"version": 3}, [(d, v)], hash=None)
        ref = upstream.decode(theirs).objects[0][1]
        assert ref.shape == tuple(shape)
        for m in (ours, theirs):
            same_bits(tg.decode(m).objects[0][1], ref)
            same_bits(upstream.decode(m).objects[0][1], ref)
        n = int(np.prod(shape))
        flat = ref.reshape(-1)
        for start, count in {(0, n), (n // 3, n // 2), (max(n - 5, 0), min(n, 5))}:
            for m in (ours, theirs):
                got = tg.decode_range(m, 0, [(start, count)])[0]
                same_bits(got, flat[start:start + count])
                same_bits(upstream.decode_range(m, 0, [(start, count)])[0], got)


def test_zfp_payload_identical(upstream):
    """The zfp stream inside our message is upstream's, byte for byte."""
    for i, mode in enumerate(MODES):
        v = data([1001], i)
        d = zfp_desc([1001], mode)
        ours = one_object(tg.encode({"version": 3}, [(d, v)], hash=None))[1]
        theirs = one_object(upstream.encode({"version": 3}, [(d, v)], hash=None))[1]
        assert ours == theirs, mode


@pytest.mark.parametrize("extra", [
    dict(dtype="float32"),
    dict(dtype="int64"),
    dict(filter="shuffle", shuffle_element_size=8),
    dict(encoding="simple_packing", sp_bits_per_value=16),
])
def test_zfp_rejects_what_upstream_cannot_decode(extra):
    """Upstream writes these and then cannot decode them; we refuse at encode."""
    dtype = extra.pop("dtype", "float64")
    d = desc([8], dtype, compression="zfp", zfp_mode="fixed_rate", zfp_rate=16.0, **extra)
    with pytest.raises(ValueError, match="zfp requires encoding=none, filter=none, dtype=float64"):
        tg.encode({"version": 3}, [(d, np.arange(8, dtype=dtype))])


def test_zfp_param_errors_match_upstream(upstream):
    bad = [
        (dict(zfp_mode="fixed_rate"), "missing required parameter: zfp_rate"),
        (dict(zfp_mode="bogus"), "unknown zfp_mode: bogus"),
        (dict(zfp_mode="fixed_precision", zfp_precision=1.5), "expected integer for zfp_precision"),
        (dict(zfp_mode="fixed_accuracy", zfp_tolerance=0.0), "compression error: zfp error"),
        (dict(), "missing required parameter: zfp_mode"),
    ]
    for mode, msg in bad:
        d = desc([4], "float64", compression="zfp", **mode)
        for lib in (tg, upstream):
            with pytest.raises(ValueError, match=msg):
                lib.encode({"version": 3}, [(d, np.arange(4.0))])


def test_zfp_streaming_and_files(upstream, tmp_path):
    """StreamingEncoder and TensogramFile take zfp like any other codec."""
    mode = dict(zfp_mode="fixed_rate", zfp_rate=12.5)
    v = data([257], 1)
    d = zfp_desc([257], mode)
    ref = upstream.decode(upstream.encode({"version": 3}, [(d, v)])).objects[0][1]
    enc = tg.StreamingEncoder({"version": 3})
    enc.write_object(d, v)
    streamed = enc.finish()
    same_bits(upstream.decode(streamed).objects[0][1], ref)
    path = str(tmp_path / "zfp.tgm")
    with tg.TensogramFile.create(path) as f:
        f.append({"version": 3}, [(d, v)])
    with open(path, "rb") as fh:
        same_bits(upstream.decode(fh.read()).objects[0][1], ref)
    g = tg.TensogramFile.open(path)
    _meta, objs = g.decode_message(0)
    same_bits(objs[0][1], ref)
    codes = [sorted(i["code"] for i in lib.validate(streamed, level="full")["issues"]) for lib in (upstream, tg)]
    assert codes[0] == codes[1]  # streaming mode's flag_mismatch warning only, in both


def test_zfp_big_endian(upstream):
    """byte_order "big" (data given as big-endian bytes, as the API takes wire-order bytes): upstream's zfp reads
    them as native doubles and writes scrambled values, whose messages still decode here exactly as upstream
    decodes them; we read the descriptor's order, so our messages round-trip and upstream decodes them to our
    values."""
    v = data([103], 0)
    raw = v.astype(">f8").tobytes()
    d = desc([103], "float64", byte_order="big", compression="zfp", zfp_mode="fixed_precision", zfp_precision=40)
    theirs = upstream.encode({"version": 3}, [(d, raw)], hash=None)
    same_bits(tg.decode(theirs).objects[0][1], upstream.decode(theirs).objects[0][1])
    ours = tg.encode({"version": 3}, [(d, raw)], hash=None)
    back = tg.decode(ours).objects[0][1]
    same_bits(upstream.decode(ours).objects[0][1], back)
    np.testing.assert_allclose(back, v, rtol=1e-9)
