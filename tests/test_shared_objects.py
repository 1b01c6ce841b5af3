"""One object shared by many threads, for each kind of object users pass between threads.

test_threads.py and test_stress_threads.py cover the entry points from many threads and a mix
of operations on one handle; iterators shared between threads are in test_iter_threads.py.
This file adds what those do not: every read method of one TensogramFile at once next to an
appender, Metadata/descriptor views read while their lazy caches are first built, exceptions
and warnings raised from many threads at once (each thread must get its own error text and
attributes), and close() racing with every read method (a clean ValueError, never a crash).
"""

import threading
import warnings

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc, run_together

N_THREADS = 16


def payload(i: int) -> np.ndarray:
    return np.arange(64, dtype=np.float32) + i


def build(path: str, n: int) -> tg.TensogramFile:
    f = tg.TensogramFile.create(path)
    for i in range(n):
        f.append({"i": i, "base": [{"name": f"m{i}"}]}, [(desc([64]), payload(i))])
    return f


def read_ops(f: tg.TensogramFile, n: int):
    """Every read method of a local TensogramFile; each op(i) checks message i (< n) itself."""

    def check(m, i):
        assert m.metadata["i"] == i
        np.testing.assert_array_equal(m.objects[0][1], payload(i))

    def batch(i):
        with pytest.raises(OSError, match="remote"):
            f.file_decode_object_batch([i], 0)
        with pytest.raises(OSError, match="remote"):
            f.file_decode_range_batch([i], 0, [(0, 1)])

    return [
        lambda i: check(f.decode_message(i, threads=i % 3), i),
        lambda i: check(f[i], i),
        lambda i: f[-1].metadata["i"] >= n - 1 or pytest.fail("last message"),
        lambda i: [check(m, k) for k, m in enumerate(f[: i + 1])],
        lambda i: check(tg.decode(f.read_message(i)), i),
        lambda i: check(tg.decode(f.messages()[i]), i),
        lambda i: f.file_decode_metadata(i)["name"] == f"m{i}" or pytest.fail("metadata"),
        lambda i: f.file_decode_descriptors(i)["descriptors"][0].shape == [64] or pytest.fail("descriptors"),
        lambda i: np.testing.assert_array_equal(f.file_decode_object(i, 0)["data"], payload(i)),
        lambda i: np.testing.assert_array_equal(f.file_decode_range(i, 0, [(3, 5)], join=True), payload(i)[3:8]),
        lambda i: len(f) >= n or pytest.fail("len"),
        lambda i: [check(m, k) for k, m in zip(range(n), iter(f))],
        batch,
        lambda i: (f.source(), f.is_remote(), repr(f)),
    ]


@pytest.mark.timeout(300)
def test_one_file_every_read_method_with_appender(tmp_path):
    n0, appends, iters = 8, 40, 14
    f = build(str(tmp_path / "shared.tgm"), n0)
    ops = read_ops(f, n0)
    stop = threading.Event()

    def body(tid):
        if tid == N_THREADS:
            for k in range(appends):
                f.append({"i": n0 + k, "base": [{"name": f"m{n0 + k}"}]}, [(desc([64]), payload(n0 + k))])
            stop.set()
            return
        for it in range(iters):
            ops[(tid + it) % len(ops)]((tid * 3 + it) % n0)

    run_together(N_THREADS + 1, body, join_timeout=240)
    assert stop.is_set() and f.message_count() == n0 + appends
    for i in range(n0 + appends):
        np.testing.assert_array_equal(f[i].objects[0][1], payload(i))
    assert tg.validate_file(f.source())["file_issues"] == []


def message_with_views() -> bytes:
    meta = {"version": 3, "base": [{"name": "t", "mars": {"param": "2t", "step": 6}}, {"name": "u"}], "run": 7}
    objs = [(desc([4, 5]), np.zeros((4, 5), np.float32)), (desc([3], "int64", my_param=1), np.arange(3))]
    return tg.encode(meta, objs)


def meta_snapshot(m) -> tuple:
    return (
        m.version, m.base, m.extra, sorted(m.reserved), m.num_objects, m.keys(), m.values(), m.items(),
        m["name"], m.get("run"), "mars" in m, m.get_path("mars.param"), m.has_path("mars.step"),
        m.get_path_at(1, "name"), m.has_path_at(0, "nope"), len(m), list(m), repr(m) != "",
    )


def desc_snapshot(d) -> tuple:
    return (d.obj_type, d.ndim, d.shape, d.strides, d.dtype, d.byte_order, d.encoding, d.filter, d.compression,
            d.params, d.hash, repr(d) != "")


@pytest.mark.timeout(300)
def test_metadata_and_descriptor_views_built_under_contention():
    msg = message_with_views()
    meta0, descs0 = tg.decode_descriptors(msg)
    want_meta = meta_snapshot(meta0)
    want_descs = [desc_snapshot(d) for d in descs0]
    for _ in range(8):  # fresh objects each round: their lazy views do not exist yet
        meta, descs = tg.decode_descriptors(msg)
        decoded = tg.decode(msg)

        def body(tid):
            assert meta_snapshot(meta) == want_meta
            assert meta_snapshot(decoded.metadata) == want_meta
            assert [desc_snapshot(d) for d in descs] == want_descs
            assert [desc_snapshot(o[0]) for o in decoded.objects] == want_descs

        run_together(N_THREADS, body)


def corrupt_payload(msg: bytes, value: int) -> bytes:
    """msg with its one int32 payload value replaced (the stored xxh3 then no longer matches)."""
    needle = np.array([value], np.int32).tobytes()
    at = msg.index(needle)
    return msg[:at] + np.array([value ^ 0x5A5A], np.int32).tobytes() + msg[at + 4:]


@pytest.mark.timeout(300)
def test_exceptions_raised_concurrently_keep_their_own_fields():
    value = [1_000_003 + 17 * t for t in range(N_THREADS)]
    good = [tg.encode({}, [(desc([1], "int32"), np.array([v], np.int32))]) for v in value]
    bad = [corrupt_payload(m, v) for m, v in zip(good, value)]
    want = []
    for m in bad:
        with pytest.raises(tg.HashMismatchError) as e:
            tg.decode(m, verify_hash=True)
        want.append((e.value.object_index, e.value.expected, e.value.actual, str(e.value)))
    assert len({w[1:] for w in want}) == N_THREADS  # every thread's digests are its own

    def body(tid):
        for it in range(60):
            k = it % 4
            if k == 0:
                with pytest.raises(tg.HashMismatchError) as e:
                    tg.decode(bad[tid], verify_hash=True)
                assert (e.value.object_index, e.value.expected, e.value.actual, str(e.value)) == want[tid]
            elif k == 1:
                with pytest.raises(tg.MissingHashError):
                    tg.decode(tg.encode({}, [(desc([1], "int32"), np.array([tid], np.int32))], hash=None),
                              verify_hash=True)
            elif k == 2:
                with pytest.raises(ValueError, match=f"object index {tid + 5} out of range"):
                    tg.decode_object(good[tid], tid + 5)
            else:
                with pytest.raises(ValueError, match=f"exceeds buffer size {30 + tid}$"):
                    tg.decode(good[tid][: 30 + tid])

    run_together(N_THREADS, body)


@pytest.mark.thread_unsafe(reason="records warnings through the process-wide warnings filters")
@pytest.mark.timeout(300)
def test_warnings_raised_concurrently():
    keys = ["units", "name", "long_name", "mars"]
    iters = 25

    def body(tid):
        for _ in range(iters):
            tg.encode({}, [(desc([2], **{keys[tid % 4]: "x"}), np.zeros(2, np.float32))])

    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        run_together(N_THREADS, body)
    texts = [str(w.message) for w in rec if issubclass(w.category, UserWarning)]
    assert len(texts) == N_THREADS * iters
    for key in keys:
        assert sum(f"'{key}'" in t for t in texts) == N_THREADS // 4 * iters


@pytest.mark.timeout(300)
def test_close_racing_with_every_read_method(tmp_path):
    n = 4
    build(str(tmp_path / "c.tgm"), n).close()
    path = str(tmp_path / "c.tgm")
    for rnd in range(12):
        f = tg.TensogramFile.open(path)
        ops = read_ops(f, n)
        seen = []

        def body(tid):
            for it in range(20):
                if tid == 0 and it == rnd % 6:
                    f.close()
                try:
                    ops[(tid + it) % len(ops)](it % n)
                except ValueError as e:
                    assert "closed" in str(e), e
                    seen.append(tid)

        run_together(8, body)
        assert seen  # the threads that ran after close got the clean error
        for op in ops[:-2]:  # all but batch (OSError first) and source/repr (no handle needed)
            with pytest.raises(ValueError, match="closed"):
                op(0)
        f.close()  # closing twice is fine


@pytest.mark.timeout(300)
def test_streaming_encoder_shared_by_threads():
    """One StreamingEncoder written from many threads (documented as one per thread, but sharing
    one must never corrupt it or crash): every write lands whole in exactly one message, also
    while another thread keeps finishing and resetting it."""
    per_thread, size = 12, 4096  # objects large enough for the writes to overlap in Go

    def writer(tid):
        for k in range(per_thread):
            s.write_object(desc([size], "int32"), np.full(size, tid * 1000 + k, np.int32))

    def objects(msg):
        out = []
        for _, a in tg.decode(msg, verify_hash=True).objects:
            assert (a == a[0]).all()
            out.append(int(a[0]))
        return out

    for _ in range(3):
        s = tg.StreamingEncoder({"version": 3})
        run_together(N_THREADS, writer)
        assert sorted(objects(s.finish())) == [t * 1000 + k for t in range(N_THREADS) for k in range(per_thread)]

    s = tg.StreamingEncoder({"version": 3})
    messages = []

    def body(tid):
        if tid == 0:
            for _ in range(20):
                messages.append(s.finish_and_reset_backfilled())
            return
        writer(tid)

    run_together(N_THREADS, body)
    messages.append(s.finish())
    got = sorted(v for m in messages for v in objects(m))
    assert got == [t * 1000 + k for t in range(1, N_THREADS) for k in range(per_thread)]


@pytest.mark.timeout(300)
def test_streaming_encoder_close_racing_with_writes():
    for rnd in range(8):
        s = tg.StreamingEncoder({"version": 3})
        seen = []

        def body(tid):
            for it in range(20):
                if tid == 0 and it == rnd:
                    s.close()
                try:
                    s.write_object(desc([1], "int32"), np.array([tid], np.int32))
                except ValueError as e:
                    assert "closed" in str(e), e
                    seen.append(tid)

        run_together(8, body)
        assert seen
        with pytest.raises(ValueError, match="closed"):
            s.finish()
