"""Threading: every entry point from many threads at once, the threads= budget, and the three
determinism tests every lock-free path needs (single-thread determinism, parallel
consistency with a serial reference, cross-run stability)."""

import struct

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc, run_together

N_THREADS = 8
ITERS = 50


def run_threads(fn, n=N_THREADS, iters=ITERS, tolerate=()):
    """Run fn(tid, it) in n threads released together; fail on any error or a hung thread."""
    results = [[] for _ in range(n)]

    def body(tid):
        for it in range(iters):
            try:
                results[tid].append(fn(tid, it))
            except tolerate:
                pass

    run_together(n, body)
    return results


def enc(arr, **kw):
    return tg.encode({"version": 3, "base": [{}]}, [(desc(arr.shape, str(arr.dtype)), arr)], **kw)


def body_after_metadata(msg):
    """Message bytes after the metadata frame (which holds the per-encode uuid/time)."""
    n = struct.unpack(">Q", msg[32:40])[0]
    return msg[24 + (n + 7) // 8 * 8 :]


# ---- A: free-threading ------------------------------------------------------


@pytest.mark.timeout(120)
def test_encode_decode_own_data():
    def f(tid, it):
        a = np.arange(500, dtype=np.float32) + tid
        np.testing.assert_array_equal(tg.decode(enc(a)).objects[0][1], a)

    run_threads(f)


@pytest.mark.timeout(120)
def test_pre_encoded_from_threads():
    raw = np.arange(100, dtype=np.float32).tobytes()
    res = run_threads(lambda t, i: tg.encode_pre_encoded({"version": 3}, [(desc([100]), raw)]))
    assert all(len(m) > 0 for r in res for m in r)


@pytest.mark.timeout(120)
def test_shared_message_reads():
    data = np.random.default_rng(42).standard_normal(2000).astype(np.float32)
    msg = bytes(enc(data))
    r0 = data[:10], data[500:510]

    def f(tid, it):
        parts = tg.decode_range(msg, 0, [(0, 10), (500, 10)])
        assert len(parts) == 2
        np.testing.assert_array_equal(parts[0], r0[0])
        np.testing.assert_array_equal(parts[1], r0[1])
        np.testing.assert_array_equal(tg.decode(msg).objects[0][1], data)
        np.testing.assert_array_equal(tg.decode_object(msg, 0)[2], data)
        assert tg.decode_metadata(msg).version == 3

    run_threads(f)


@pytest.mark.timeout(120)
def test_validate_file_from_threads(tmp_path):
    p = str(tmp_path / "v.tgm")
    f = tg.TensogramFile.create(p)
    f.append({"version": 3}, [(desc([10]), np.zeros(10, np.float32))])

    def g(tid, it):
        rep = tg.validate_file(p)
        assert len(rep["messages"]) == 1 and rep["messages"][0]["object_count"] == 1

    run_threads(g)


@pytest.mark.timeout(120)
def test_iter_and_scan():
    a, b = np.arange(500, dtype=np.float32), np.arange(800, dtype=np.float32)
    buf = enc(a) + enc(b)

    def f(tid, it):
        msgs = list(tg.iter_messages(buf))
        assert len(msgs) == 2
        np.testing.assert_array_equal(msgs[0].objects[0][1], a)
        assert len(tg.scan(buf)) == 2

    run_threads(f)


@pytest.mark.timeout(120)
def test_shared_and_own_file_handles(tmp_path):
    p = str(tmp_path / "m.tgm")
    f = tg.TensogramFile.create(p)
    for i in range(10):
        f.append({"i": i}, [(desc([100]), np.arange(100, dtype=np.float32) + i)])
    with tg.TensogramFile.open(p) as shared:

        def g(tid, it):
            i = tid % 10
            np.testing.assert_array_equal(shared.decode_message(i).objects[0][1], np.arange(100, dtype=np.float32) + i)
            assert shared.message_count() == 10
            assert shared.file_decode_metadata(0)["i"] == 0
            assert shared.file_decode_descriptors(0)["descriptors"][0].shape == [100]
            with tg.TensogramFile.open(p) as own:
                j = (tid + it) % 10
                np.testing.assert_array_equal(own[j].objects[0][1], np.arange(100, dtype=np.float32) + j)

        run_threads(g)


@pytest.mark.timeout(60)
def test_readers_and_appender_on_one_handle(tmp_path):
    p = str(tmp_path / "rw.tgm")
    f = tg.TensogramFile.create(p)
    first = np.arange(50, dtype=np.float32)
    f.append({"i": 0}, [(desc([50]), first)])

    def g(tid, it):
        if tid == 3:
            f.append({"i": it + 1}, [(desc([50]), first + it + 1)])
        else:
            np.testing.assert_array_equal(f.decode_message(0).objects[0][1], first)
            assert f.message_count() >= 1

    run_threads(g, n=4, tolerate=(RuntimeError,))
    assert f.message_count() == 51  # core.File makes append safe next to readers: none was refused
    for i in (1, 25, 50):
        np.testing.assert_array_equal(f[i].objects[0][1], first + i)
    assert tg.validate_file(p)["file_issues"] == []


@pytest.mark.timeout(60)
def test_concurrent_appends_on_one_handle(tmp_path):
    p = str(tmp_path / "aa.tgm")
    f = tg.TensogramFile.create(p)
    run_threads(lambda t, i: f.append({"t": t, "i": i}, [(desc([16]), np.full(16, t * 100 + i, np.float32))]), iters=20)
    assert f.message_count() == 8 * 20
    seen = {(m.metadata["t"], m.metadata["i"]) for m in f}
    assert seen == {(t, i) for t in range(8) for i in range(20)}
    for m in f:
        assert (m.objects[0][1] == m.metadata["t"] * 100 + m.metadata["i"]).all()


@pytest.mark.timeout(120)
def test_codecs_from_threads(stages):
    v = np.random.default_rng(5).standard_normal(2000) * 10 + 280
    pairs = [("none", "none"), ("none", "zstd"), ("none", "lz4"), ("simple_packing", "zstd"), ("simple_packing", "lz4")]
    for encoding, compression in pairs:

        def dsc(data):
            extra = tg.compute_packing_params(data, 24, 0) if encoding == "simple_packing" else {}
            return desc([2000], "float64", encoding=encoding, compression=compression, **extra)

        if encoding not in stages["encoding"] or compression not in stages["compression"]:
            with pytest.raises(ValueError):
                tg.encode({}, [(dsc(v), v)])
            continue

        def g(tid, it):
            out = tg.decode(tg.encode({}, [(dsc(v + tid), v + tid)])).objects[0][1]
            if encoding == "none":
                np.testing.assert_array_equal(out, v + tid)
            else:
                np.testing.assert_allclose(out, v + tid, atol=1e-4)

        run_threads(g, iters=20)


@pytest.mark.timeout(120)
def test_validate_own_messages():
    def f(tid, it):
        assert tg.validate(enc(np.arange(500 + 100 * tid, dtype=np.float32)))["object_count"] == 1

    run_threads(f)


@pytest.mark.timeout(120)
def test_streaming_encoder_per_thread():
    def f(tid, it):
        s = tg.StreamingEncoder({"version": 3})
        a = np.arange(100, dtype=np.float32) + tid
        s.write_object(desc([100]), a)
        np.testing.assert_array_equal(tg.decode(s.finish()).objects[0][1], a)

    run_threads(f)


@pytest.mark.timeout(60)
def test_shared_metadata_object():
    meta = tg.decode(tg.encode({"k": 1, "base": [{"a": 1}]}, [(desc([1]), np.zeros(1, np.float32))])).metadata

    def f(tid, it):
        assert meta.version == 3 and meta.base[0]["a"] == 1 and meta.extra == {"k": 1} and "uuid" in meta.reserved
        assert meta["a"] == 1 and meta.keys() == ["a", "k"]

    run_threads(f)


# ---- B: intra-call thread budget ----------------------------------------------


@pytest.mark.timeout(120)
@pytest.mark.parametrize("t", [0, 1, 2, 4, 8])
def test_threads_budget_same_bytes_and_values(t):
    a = np.random.default_rng(t).standard_normal(200_000)
    msg = enc(a, threads=t)
    assert isinstance(msg, bytes)
    np.testing.assert_array_equal(tg.decode(msg, threads=t).objects[0][1], a)
    assert body_after_metadata(msg) == body_after_metadata(enc(a, threads=0))
    assert [d.hash for d in tg.decode_descriptors(msg)[1]] == [None]
    assert tg.decode_object(msg, 0, threads=8)[2].shape == (200_000,)
    parts = tg.decode_range(msg, 0, [(0, 100), (1000, 100)], threads=4)
    assert [p.shape for p in parts] == [(100,), (100,)]


@pytest.mark.timeout(120)
def test_many_objects_in_order():
    arrs = [np.arange(50_000, dtype=np.uint32) + i * 1_000_000 for i in range(16)]
    pairs = [(desc([50_000], "uint32"), a) for a in arrs]
    for t in (0, 1, 2, 4, 8):
        msg = tg.encode({"base": [{}] * 16}, pairs, threads=t)
        for tt in (0, 3, 8):
            objs = tg.decode(msg, threads=tt).objects
            for (_, got), want in zip(objs, arrs):
                np.testing.assert_array_equal(got, want)


# ---- determinism / consistency / stability -------------------------------------


def operations(tmp_path):
    """Independent operations per thread id, each returning comparable Python data."""
    path = str(tmp_path / "ops.tgm")
    f = tg.TensogramFile.create(path)
    for i in range(6):
        f.append({"i": i}, [(desc([300]), np.arange(300, dtype=np.float32) * (i + 1))])
    shared = tg.TensogramFile.open(path)

    def arrays(msg):
        return [o[1].tobytes() for o in msg.objects]

    def op(tid, it):
        k = (tid * 7 + it) % 6
        a = np.arange(1000 + 10 * k, dtype=np.float64) * (k + 1)
        m = enc(a)
        buf = m + enc(a[:10])
        return (
            body_after_metadata(m),
            arrays(tg.decode(m)),
            tg.decode_object(m, 0)[2].tobytes(),
            [p.tobytes() for p in tg.decode_range(m, 0, [(k, 5), (100, 7)])],
            tg.scan(buf),
            tg.validate(m),
            [arrays(x) for x in tg.iter_messages(buf)],
            arrays(shared.decode_message(k)),
            shared.read_message(k),
        )

    return op


@pytest.mark.timeout(300)
def test_determinism_consistency_stability(tmp_path):
    op = operations(tmp_path)
    serial = [[op(t, i) for i in range(12)] for t in range(N_THREADS)]
    assert serial == [[op(t, i) for i in range(12)] for t in range(N_THREADS)]  # single-thread determinism
    first = run_threads(op, iters=12)
    assert first == serial  # parallel consistency
    assert run_threads(op, iters=12) == first  # cross-run stability


@pytest.mark.timeout(60)
def test_close_racing_with_calls(tmp_path):
    p = str(tmp_path / "c.tgm")
    f = tg.TensogramFile.create(p)
    f.append({}, [(desc([1000]), np.zeros(1000, np.float32))])
    for _ in range(20):
        h = tg.TensogramFile.open(p)

        def g(tid, it):
            if tid == 0 and it == 5:
                h.close()
            h.decode_message(0)

        run_threads(g, n=4, iters=20, tolerate=(ValueError,))
        with pytest.raises(ValueError, match="closed"):
            h.message_count()
    assert tg.TensogramFile.open(p).message_count() == 1


@pytest.mark.timeout(180)
@pytest.mark.parametrize("bits", [16, 24, 32])
def test_transparent_codecs_identical_for_every_thread_count(stages, bits):
    values = np.random.default_rng(bits).standard_normal(200_000) * 30 + 280
    params = tg.compute_packing_params(values, bits, 0)
    d = desc([200_000], "float64", encoding="simple_packing", compression="szip",
             szip_rsi=128, szip_block_size=16, szip_flags=8, **params)
    if "szip" not in stages["compression"] or "simple_packing" not in stages["encoding"]:
        with pytest.raises(ValueError):
            tg.encode({}, [(d, values)])
        return
    ref = tg.encode({}, [(d, values)], threads=0)
    ref_out = tg.decode(ref).objects[0][1]
    np.testing.assert_allclose(ref_out, values, atol=2.0 ** (params["sp_binary_scale_factor"] + 1))
    for t in (1, 2, 4, 8):
        m = tg.encode({}, [(d, values)], threads=t)
        assert body_after_metadata(m) == body_after_metadata(ref)
        assert [x.hash for x in tg.decode_descriptors(m)[1]] == [None]
        np.testing.assert_array_equal(tg.decode(m, threads=t).objects[0][1], ref_out)
    small = tg.encode({}, [(desc([64], "float64"), values[:64])])
    for t in (1, 2, 4, 8):
        assert body_after_metadata(tg.encode({}, [(desc([64], "float64"), values[:64])], threads=t)) == body_after_metadata(small)
