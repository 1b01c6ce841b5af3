"""Stress: many threads x mixed operations on shared inputs and one shared file handle with an
appender, compared with serial references; handle lifetime (closed twice, used after close).

Default run: short counts; ``make stress`` (TENSOGRAM_STRESS=1) runs long ones.
Memory growth per call kind lives in test_stress_memory.py.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

import tensogram_go as tg
from _robust_helpers import STRESS, canon_any, canon_message

N_THREADS = 16
ITERS = 400 if STRESS else 12
APPENDS = 300 if STRESS else 20


def d(shape, dtype="float32", **kw):
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **kw}


def shared_messages() -> list[bytes]:
    """Messages over every pipeline this build has, plus masks and a streaming message."""
    st = tg._tensogram._stages()
    rng = np.random.default_rng(5)
    v = rng.standard_normal(5000) * 10 + 280
    out = [tg.encode({"base": [{"k": 0}], "x": [1, {"y": None}]}, [(d([50, 100], "float64"), v.reshape(50, 100))])]
    for comp in ("zstd", "lz4"):
        if comp in st["compression"]:
            out.append(tg.encode({}, [(d([5000], "float64", compression=comp), v)]))
    if "shuffle" in st["filter"]:
        out.append(tg.encode({}, [(d([5000], "float64", filter="shuffle", shuffle_element_size=8), v)]))
    if "simple_packing" in st["encoding"]:
        kw = dict(compression="szip", szip_rsi=128, szip_block_size=16, szip_flags=8) if "szip" in st["compression"] \
            else {}
        out.append(tg.encode({}, [(d([5000], "float64", encoding="simple_packing", sp_bits_per_value=24, **kw), v)]))
    w = v.copy()
    w[::97] = np.nan
    w[5::101] = -np.inf
    out.append(tg.encode({}, [(d([5000], "float64"), w)], allow_nan=True, allow_inf=True, nan_mask_method="none",
                         neg_inf_mask_method="none"))
    s = tg.StreamingEncoder({"s": 1}, hash=None)
    s.write_object(d([7], "int32"), np.arange(7, dtype=np.int32))
    s.write_object(d([], "uint64"), np.array(2**64 - 1, np.uint64))
    out.append(s.finish())
    return out


def build_file(path: str, n: int) -> None:
    f = tg.TensogramFile.create(path)
    for i in range(n):
        f.append({"i": i}, [(d([64]), np.arange(64, dtype=np.float32) + i)])
    f.close()


def make_ops(msgs: list[bytes], shared_file):
    """Operation k(tid, it) -> comparable Python data; independent of which thread runs it."""
    buf = b"junk" + b"".join(m + b"\x00" * 3 for m in msgs)

    def op(tid: int, it: int):
        k = (tid * 31 + it) % 13
        m = msgs[(tid + it) % len(msgs)]
        if k == 0:
            return canon_message(tg.decode(m, threads=it % 3))
        if k == 1:
            return canon_any(tg.decode_object(m, 0))
        if k == 2:
            try:
                return canon_any(tg.decode_range(m, 0, [(1, 5), (100, 3)], join=bool(it % 2)))
            except ValueError as e:  # codecs without range support: the error is part of the result
                return ("ValueError", str(e))
        if k == 3:
            return canon_any(tg.decode_descriptors(m)), canon_any(tg.decode_metadata(m))
        if k == 4:
            return tg.scan(buf)
        if k == 5:
            return tg.validate(m, level=("quick", "default", "checksum", "full")[it % 4])
        if k == 6:
            return [canon_message(x) for x in tg.iter_messages(buf)]
        if k == 7:
            a = np.arange(2000, dtype=np.float64) * (tid + 1)
            back = tg.decode(tg.encode({"t": tid}, [(d([2000], "float64"), a)]))
            return canon_message(back)
        if k == 8:
            s = tg.StreamingEncoder({"t": tid})
            s.write_object(d([100]), np.arange(100, dtype=np.float32) + tid)
            return canon_message(tg.decode(s.finish_backfilled()))
        if k == 9:
            i = (tid + it) % 6
            return canon_message(shared_file.decode_message(i)), shared_file.read_message(i)
        if k == 10:
            i = (tid + it) % 6
            return canon_any(shared_file.file_decode_object(i, 0)), canon_any(
                shared_file.file_decode_range(i, 0, [(3, 4)], join=True))
        if k == 11:
            return tg.compute_hash(m)
        return canon_any(shared_file.file_decode_descriptors(it % 6)["descriptors"])

    return op


def run_threads(fn, n=N_THREADS, iters=ITERS, tolerate=()):
    """Run fn(tid, it) on n threads released together; returns per-thread result lists."""
    barrier = threading.Barrier(n, timeout=30)
    results = [[] for _ in range(n)]
    errors = []

    def worker(tid):
        try:
            barrier.wait()
            for it in range(iters):
                try:
                    results[tid].append(fn(tid, it))
                except tolerate as e:
                    results[tid].append(("tolerated", type(e).__name__))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append((tid, repr(e)))

    ts = [threading.Thread(target=worker, args=(t,)) for t in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(600 if STRESS else 120)
    assert not any(t.is_alive() for t in ts), "threads still running (deadlock?)"
    assert errors == []
    return results


@pytest.mark.timeout(1800 if STRESS else 170)
def test_mixed_operations_match_serial_with_appender(tmp_path):
    msgs = shared_messages()
    path = str(tmp_path / "shared.tgm")
    build_file(path, 6)
    shared = tg.TensogramFile.open(path)
    op = make_ops(msgs, shared)
    serial = [[op(t, it) for it in range(ITERS)] for t in range(N_THREADS)]

    appended = []
    conflicts = []

    def appender():
        for j in range(APPENDS):
            try:
                shared.append({"i": 1000 + j}, [(d([64]), np.full(64, j, np.float32))])
                appended.append(j)
            except RuntimeError as e:  # a borrow conflict is the documented outcome of a collision
                conflicts.append(str(e))

    app = threading.Thread(target=appender)
    app.start()
    parallel = run_threads(op, tolerate=(RuntimeError,))
    app.join(120)
    assert not app.is_alive()
    tolerated = sum(r == ("tolerated", "RuntimeError") for rs in parallel for r in rs)
    for t in range(N_THREADS):
        for it, (got, want) in enumerate(zip(parallel[t], serial[t])):
            if got != ("tolerated", "RuntimeError"):
                assert got == want, (t, it)
    # every successful append landed exactly once, in order, intact
    fresh = tg.TensogramFile.open(path)
    assert fresh.message_count() == 6 + len(appended)
    got = [fresh.file_decode_metadata(6 + k).extra["i"] - 1000 for k in range(len(appended))]
    assert got == appended
    for k, j in enumerate(appended):
        np.testing.assert_array_equal(fresh.decode_message(6 + k).objects[0][1], np.full(64, j, np.float32))
    assert shared.message_count() == 6 + len(appended)
    assert len(appended) + len(conflicts) == APPENDS
    print(f"{N_THREADS} threads x {ITERS} ops, {len(appended)} appends, {len(conflicts)} append conflicts, "
          f"{tolerated} tolerated reader conflicts")


@pytest.mark.timeout(600 if STRESS else 120)
def test_cross_run_stability():
    """The same parallel batch twice gives identical results (cross-run stability)."""
    msgs = shared_messages()

    def op(tid, it):
        m = msgs[(tid * 3 + it) % len(msgs)]
        return canon_message(tg.decode(m)), tg.validate(m, level="full"), tg.scan(m * 2)

    first = run_threads(op, iters=ITERS // 2 or 1)
    assert run_threads(op, iters=ITERS // 2 or 1) == first


# ---- handle lifetime -------------------------------------------------------------------------

FILE_CALLS = [
    ("message_count", ()), ("__len__", ()), ("decode_message", (0,)), ("read_message", (0,)), ("messages", ()),
    ("file_decode_metadata", (0,)), ("file_decode_descriptors", (0,)), ("file_decode_object", (0, 0)),
    ("file_decode_range", (0, 0, [(0, 1)])), ("__getitem__", (0,)), ("__getitem__", (slice(None),)),
    ("append", ({}, [(d([2]), np.zeros(2, np.float32))])),
]


@pytest.mark.timeout(60)
def test_file_closed_twice_and_used_after_close(tmp_path):
    path = str(tmp_path / "c.tgm")
    build_file(path, 2)
    f = tg.TensogramFile.open(path)
    it = iter(f)  # an iterator owns its own handle: closing f does not break it
    f.close()
    f.close()
    for name, args in FILE_CALLS:
        with pytest.raises(ValueError, match="closed"):
            getattr(f, name)(*args)
    assert len([m for m in it]) == 2
    assert "TensogramFile" in repr(f)
    assert tg.TensogramFile.open(path).message_count() == 2


@pytest.mark.timeout(60)
def test_iter_after_close_raises(tmp_path):
    """close() documents that later calls raise ValueError; iter() on a closed handle must too.

    Bug in python/tensogram_go/_file.py (TensogramFile.__iter__): it builds a new iterator from the
    stored path without checking the handle, so iteration silently keeps working after close().
    """
    path = str(tmp_path / "c.tgm")
    build_file(path, 2)
    f = tg.TensogramFile.open(path)
    f.close()
    with pytest.raises(ValueError, match="closed"):
        iter(f)


@pytest.mark.timeout(60)
def test_streaming_encoder_closed_twice_and_after_finish():
    s = tg.StreamingEncoder({})
    s.close()
    s.close()
    for call in (lambda: s.write_object(d([1]), np.zeros(1, np.float32)),
                 lambda: s.write_object_pre_encoded(d([1]), bytes(4)), s.finish, s.finish_backfilled,
                 s.finish_and_reset, s.finish_and_reset_backfilled):
        with pytest.raises(ValueError, match="closed"):
            call()
    s = tg.StreamingEncoder({})
    s.finish()
    with pytest.raises(RuntimeError, match="already finished"):
        s.finish()
    s.close()  # closing a finished encoder is fine
    with pytest.raises(ValueError, match="closed"):
        s.finish()


@pytest.mark.timeout(120)
def test_many_handles_opened_and_dropped(tmp_path):
    """Handles released by close() or by garbage collection, interleaved, across threads."""
    path = str(tmp_path / "h.tgm")
    build_file(path, 3)

    def op(tid, it):
        f = tg.TensogramFile.open(path)
        s = tg.StreamingEncoder({"t": tid})
        r = (f.message_count(), canon_message(f[it % 3]))
        if it % 2:
            f.close()
            s.close()
        return r

    want = [[(3, canon_message(tg.TensogramFile.open(path)[it % 3])) for it in range(ITERS)]] * 8
    assert run_threads(op, n=8) == want


@pytest.mark.timeout(600 if STRESS else 120)
def test_hostile_inputs_from_many_threads():
    """Error paths under concurrency: corrupted inputs decoded from 16 threads, each in its own order,
    give exactly the serial outcome (result or exception class and text)."""
    import random

    from _robust_helpers import outcome

    rng = random.Random(11)
    msgs = shared_messages()
    inputs = []
    for k in range(1000 if STRESS else 120):
        b = bytearray(msgs[k % len(msgs)])
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        inputs.append(bytes(b[: rng.choice((len(b), len(b), rng.randrange(len(b) + 1)))]))

    def full(fn, *a, **kw):  # outcome() keeps the prefix only; here the whole message must agree
        try:
            return ("ok", canon_any(fn(*a, **kw)))
        except Exception as e:  # noqa: BLE001 - compared
            return (type(e).__name__, str(e))

    def judge(b):
        return (full(tg.decode, b, verify_hash=True), full(tg.decode_object, b, 0), tg.scan(b),
                tg.validate(b, level="full"), full(tg.decode_range, b, 0, [(0, 3)]), outcome(tg.decode_metadata, b))

    serial = [judge(b) for b in inputs]

    def op(tid, it):
        order = list(range(len(inputs)))
        random.Random(tid).shuffle(order)
        return all(judge(inputs[i]) == serial[i] for i in order)

    assert run_threads(op, iters=1) == [[True]] * N_THREADS
