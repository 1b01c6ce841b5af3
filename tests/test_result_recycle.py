"""Reuse of large output bytes (python/tensogram_go/_recycle.c, tg_output_bytes).

Each thread keeps its last two outputs of 1 MiB..64 MiB (64 MiB in all) and hands one out again
when the next output of that thread falls in its size bucket and nobody else holds it; one it
stops keeping (replaced, or its thread exits) goes to a small process-wide pool when nobody else
holds it, where any thread's next output of that bucket finds it. These tests pin what that must
never change: a result anybody still references is never written over, a recycled result has
exactly the content, length, hash and terminator of a fresh one, and an object somebody still
holds is let go, not pooled, when its thread exits. Whether an object sits in a thread's cache
shows as one reference more than a plain local bytes object has (sys.getrefcount)."""

import ctypes
import hashlib
import os
import resource
import struct
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc, run_together

N = 1 << 18  # float32 values: a 1 MiB payload, a message just above the 1 MiB floor
MIB = 1 << 20


def values(seed, n=N, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(n).astype(dtype)


def enc(arr):
    return tg.encode({}, [(desc(arr.shape, str(arr.dtype)), arr)])


def _count(obj):
    return sys.getrefcount(obj)


def _pass_down(obj):
    return _count(obj)


def _plain_count():
    plain = bytes(bytearray(8))
    return _pass_down(plain)


def extra_refs(obj):
    """References to obj beyond those of a plain bytes object held once by its caller and passed
    down the same way: 1 while the shim's per-thread cache holds it, else 0 (the caller must hold
    obj exactly once)."""
    return _count(obj) - _plain_count()


def body_after_metadata(msg):
    """Message bytes after the metadata frame (which holds the per-encode uuid and time)."""
    n = struct.unpack(">Q", msg[32:40])[0]
    return msg[24 + (n + 7) // 8 * 8 :]


def same_message(x, y):
    """x and y encode the same objects (equal but for the metadata frame's uuid and time)."""
    return len(x) == len(y) and body_after_metadata(x) == body_after_metadata(y)


def fresh_encode(arr):
    """The message of arr from a new thread (a thread with nothing cached)."""
    out = []
    t = threading.Thread(target=lambda: out.append(bytes(bytearray(enc(arr)))))
    t.start()
    t.join()
    return out[0]


def digest(buf):
    return hashlib.sha256(buf).digest()


def test_dropped_result_is_recycled_with_right_content():
    a, b = values(1), values(2)
    m1 = enc(a)
    r = extra_refs(m1)
    assert len(m1) > MIB and r == 1
    ident = id(m1)
    del m1
    m2 = enc(b)
    r = extra_refs(m2)
    assert id(m2) == ident and r == 1
    assert same_message(m2, fresh_encode(b))
    np.testing.assert_array_equal(tg.decode(m2).objects[0][1], b)


def test_recycled_result_hashes_its_new_content():
    a, b = values(3), values(4)
    m1 = enc(a)
    h1 = hash(m1)
    ident = id(m1)
    del m1
    m2 = enc(b)
    assert id(m2) == ident, "expected the cached object back"
    assert hash(m2) == hash(bytes(bytearray(m2)))
    assert hash(m2) != h1


HOLDERS = {
    "variable": lambda m: m,
    "memoryview": memoryview,
    "frombuffer": lambda m: np.frombuffer(m, dtype=np.uint8),
    "dict_key": lambda m: {m: "x"},
    "list": lambda m: [m],
    "tuple": lambda m: (m,),
}


@pytest.mark.parametrize("kind", sorted(HOLDERS))
def test_held_result_is_never_overwritten(kind):
    a, b = values(5), values(6)
    m1 = enc(a)
    want = bytes(bytearray(m1))
    holder = HOLDERS[kind](m1)
    del m1
    m2 = enc(b)
    m3 = enc(a)  # same size again: must not land in the held object either
    if kind == "dict_key":
        (held,) = holder
        assert want in holder
    elif kind in ("list", "tuple"):
        held = holder[0]
    else:
        held = holder
    assert bytes(held) == want
    assert same_message(m2, fresh_encode(b)) and same_message(m3, want)


def test_sizes_below_the_floor_are_not_cached_and_sizes_change():
    sizes = [N, N, N // 4, N, 2 * N, 2 * N, N, N // 4]
    for i, n in enumerate(sizes):
        arr = values(10 + i, n)
        m = enc(arr)
        r = extra_refs(m)
        assert r == (1 if len(m) >= MIB else 0), (i, len(m))
        assert same_message(m, fresh_encode(arr)), i
        del m


def enc_meta(arr, note):
    return tg.encode({"base": [{"note": note}]}, [(desc(arr.shape, str(arr.dtype)), arr)])


# CPython 3.13's ctypes writes a per-type flag on every instance it makes (generic_pycdata_new),
# which ThreadSanitizer reports when several threads make instances at once (pytest-run-parallel).
_CTYPES_LOCK = threading.Lock()


def nul_after(buf):
    """The byte just past the end of a bytes object (CPython keeps a NUL there)."""
    with _CTYPES_LOCK:
        ptr = ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p).value
        return ctypes.string_at(ptr + len(buf), 1)


def test_sizes_in_one_bucket_reuse_the_object():
    # metadata of different lengths: message sizes differ by a few bytes, within one bucket
    arrs = [values(20 + i) for i in range(4)]
    notes = ["x" * 900, "y", "z" * 400, "w" * 901]
    first = enc_meta(arrs[0], notes[0])
    ident, sizes = id(first), [len(first)]
    del first
    for arr, note in zip(arrs[1:], notes[1:]):
        m = enc_meta(arr, note)
        r = extra_refs(m)
        assert id(m) == ident and r == 1, "expected the cached object back"
        sizes.append(len(m))
        assert nul_after(m) == b"\0"
        assert hash(m) == hash(bytes(bytearray(m)))
        assert sys.getsizeof(m) == sys.getsizeof(bytes(bytearray(m)))
        out = tg.decode(m)
        assert out.metadata.base[0]["note"] == note
        np.testing.assert_array_equal(out.objects[0][1], arr)
        del m, out
    assert len(set(sizes)) == 4 and sizes[1] < sizes[0] < sizes[3]


def test_rebinding_loop_alternates_two_objects():
    # `msg = encode(...)` keeps the previous result bound during the call that replaces it
    arrs = [values(30 + i) for i in range(6)]
    ids, refs = [], []
    msg = None
    for arr in arrs:
        msg = enc(arr)
        ids.append(id(msg))
        refs.append(extra_refs(msg))
        np.testing.assert_array_equal(tg.decode(msg).objects[0][1], arr)
    assert refs == [1] * 6
    assert ids[2:] == ids[:2] * 2 and ids[0] != ids[1]


def test_two_entries_total_at_most_64_mib():
    small = [enc(values(40)), enc(values(41))]  # both held: the second is fresh
    r = extra_refs(small[0])
    assert r == 1, "the older entry stays while both fit"
    big_arr = np.full((33 * MIB,), 3, dtype=np.uint8)
    big = [enc(big_arr), enc(big_arr)]
    r = extra_refs(big[0])
    assert r == 0, "two 33 MiB entries exceed 64 MiB: the older one is dropped"


def test_outputs_above_the_cap_are_not_cached():
    arr = np.full((64 * MIB + 1,), 7, dtype=np.uint8)
    m = enc(arr)
    r = extra_refs(m)
    assert len(m) > 64 * MIB and r == 0


def test_failed_encode_leaves_the_next_one_right():
    a, b = values(7), values(8)
    held = enc(a)
    want = bytes(bytearray(held))
    m = enc(b)
    del m
    bad = b.copy()
    bad[-1] = np.nan  # found while the payload is copied into the output
    with pytest.raises(ValueError, match="EncodingError"):
        enc(bad)
    assert same_message(enc(b), fresh_encode(b))
    assert held == want


def test_read_message_recycles_too(tmp_path):
    a, b = values(9), values(10)
    path = str(tmp_path / "two.tgm")
    with tg.TensogramFile.create(path) as f:
        f.append({}, [(desc(a.shape), a)])
        f.append({}, [(desc(b.shape), b)])
    with tg.TensogramFile.open(path) as f:
        first = f.read_message(0)
        want = bytes(bytearray(first))
        for i in (1, 0, 1, 1):
            m = f.read_message(i)
            r = extra_refs(m)
            assert r == 1
            np.testing.assert_array_equal(tg.decode(m).objects[0][1], (a, b)[i])
            del m
        assert first == want


def test_many_threads_bit_identical():
    n_threads, iters = 6, 24
    # per thread: two arrays of one size, one of another
    arrays = [[values(100 + t), values(200 + t), values(300 + t, 2 * N)] for t in range(n_threads)]
    expected = [[digest(body_after_metadata(enc(x))) for x in trio] for trio in arrays]

    def body(tid):
        kept = []
        for i in range(iters):
            k = (0, 1, 2, 2)[i % 4]  # the kept k=0 result is followed by k=1 of its size
            m = enc(arrays[tid][k])
            assert digest(body_after_metadata(m)) == expected[tid][k], (tid, i)
            if i % 4 == 0:
                kept.append((k, m))  # held: later calls must not write into it
            del m
        for k, m in kept:
            assert digest(body_after_metadata(m)) == expected[tid][k], tid

    run_together(n_threads, body)


def test_exiting_thread_releases_its_cached_object():
    kept, cached = [], []

    def body():
        m = enc(values(11))
        cached.append(extra_refs(m))
        kept.append(m)

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert cached == [1]
    deadline = time.monotonic() + 5
    while (r := extra_refs(kept[0])) != 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert r == 0


def _in_thread(fn):
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join()
    return out[0]


@pytest.mark.thread_unsafe(reason="follows one object through the process-wide pool")
def test_exiting_thread_passes_its_dropped_objects_to_the_next_thread():
    a, b = values(12), values(13)

    def first():
        m = enc(a)
        return id(m)  # dropped on return: only the thread's cache holds it

    def second():
        m = enc(b)
        return id(m), extra_refs(m), same_message(m, fresh_encode(b))

    gone = _in_thread(first)
    ident, r, same = _in_thread(second)
    assert ident == gone, "expected the exited thread's object from the pool"
    assert r == 1 and same


@pytest.mark.thread_unsafe(reason="follows one object through the process-wide pool")
def test_replaced_entry_goes_to_the_pool():
    small, big = values(14), values(15, 2 * N)
    done, release, ids = threading.Event(), threading.Event(), []

    def first():
        m = enc(small)
        ids.append(id(m))
        del m  # free, in the cache
        held = [enc(big), enc(big)]  # the second is fresh and replaces the small entry
        done.set()
        release.wait(30)  # still alive while the next thread encodes
        del held

    def second():
        m = enc(values(16))
        return id(m), same_message(m, fresh_encode(values(16)))

    t = threading.Thread(target=first)
    t.start()
    try:
        assert done.wait(30)
        ident, same = _in_thread(second)
    finally:
        release.set()
        t.join()
    assert ident == ids[0] and same


def test_object_held_after_its_thread_exits_is_never_reused():
    a = values(17)
    kept = [_in_thread(lambda: enc(a))]
    want = bytes(bytearray(kept[0]))

    def others(tid):
        for i in range(4):
            m = enc(values(18 + tid))
            assert m is not kept[0]
            assert same_message(m, fresh_encode(values(18 + tid))), (tid, i)
            del m

    run_together(3, others)
    assert kept[0] == want


def test_fresh_crews_bit_identical():
    # crews of short-lived threads: objects flow through the pool from each crew to the next
    arrays = [values(400 + t) for t in range(8)] + [values(500 + t, 2 * N) for t in range(4)]
    expected = [digest(body_after_metadata(enc(x))) for x in arrays]
    kept = []
    lock = threading.Lock()

    def body(tid):
        for i in range(6):
            k = (tid * 5 + i) % len(arrays)
            m = enc(arrays[k])
            assert digest(body_after_metadata(m)) == expected[k], (tid, i)
            if i == 2:
                with lock:
                    kept.append((k, m))  # held: no later thread may write into it
            del m

    for _ in range(4):
        run_together(3, body)
    for k, m in kept:
        assert digest(body_after_metadata(m)) == expected[k]


def test_clean_exit_with_pooled_objects():
    code = (
        "import threading, numpy as np, tensogram_go as tg\n"
        "a = np.zeros(1 << 18, dtype=np.float32)\n"
        "d = {'type': 'ntensor', 'shape': [a.size], 'dtype': 'float32'}\n"
        "ts = [threading.Thread(target=lambda: [tg.encode({}, [(d, a)]) for _ in range(3)]) for _ in range(4)]\n"
        "[t.start() for t in ts]\n"
        "[t.join() for t in ts]\n"
        "m = tg.encode({}, [(d, a)])\n"
        "print(len(m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > MIB


def test_environment_opt_out():
    code = (
        "import sys, numpy as np, tensogram_go as tg\n"
        "a = np.zeros(1 << 18, dtype=np.float32)\n"
        "m = tg.encode({}, [({'type': 'ntensor', 'shape': [a.size], 'dtype': 'float32'}, a)])\n"
        "p = bytes(bytearray(8))\n"
        "print(sys.getrefcount(m) - sys.getrefcount(p))\n"
    )
    env = dict(os.environ, TENSOGRAM_GO_RECYCLE="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


# ---- the memory of large decoded arrays (_result.c: tg_block_take / tg_block_give) ----

BIG = 9 << 20  # float32 values: a 36 MiB array, above the 32 MiB floor of block reuse


def data_ptr(arr):
    # numpy's __array_interface__ interns its key strings at run time, which ThreadSanitizer
    # reports on CPython 3.13 when several threads do it at once (pytest-run-parallel)
    with _CTYPES_LOCK:
        return arr.__array_interface__["data"][0]


@pytest.fixture(scope="module")
def big_messages():
    arrs = [np.random.default_rng(600 + i).standard_normal(BIG).astype(np.float32) for i in range(2)]
    return arrs, [enc(a) for a in arrs]


@pytest.mark.thread_unsafe(reason="follows one block through the process-wide block pool")
def test_dropped_array_memory_is_reused(big_messages):
    arrs, msgs = big_messages
    # glibc maps a fresh block of this size at the address it just unmapped as often as not, so
    # reuse shows as the absence of page faults (one per 4 KiB, or per 2 MiB huge page, when
    # the block is new), counted for the whole process: the decode runs on Go's threads.
    first = tg.decode(msgs[0]).objects[0][1]
    del first
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    second = tg.decode(msgs[1]).objects[0][1]
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
    assert faults < 64, f"{faults} page faults: expected the dropped array's block back"
    np.testing.assert_array_equal(second, arrs[1])
    assert second.flags.writeable and second.flags.owndata is False


ARRAY_HOLDERS = {
    "array": lambda a: a,
    "view": lambda a: a[1:-1],
    "memoryview": memoryview,
    "list": lambda a: [a],
    "reshaped": lambda a: a.reshape(3, -1),
}


@pytest.mark.parametrize("kind", sorted(ARRAY_HOLDERS))
def test_held_array_is_never_overwritten(big_messages, kind):
    arrs, msgs = big_messages
    arr = tg.decode(msgs[0]).objects[0][1]
    ptr = data_ptr(arr)
    holder = ARRAY_HOLDERS[kind](arr)
    del arr
    others = [tg.decode(msgs[1]).objects[0][1] for _ in range(2)]
    assert all(data_ptr(o) != ptr for o in others)
    held = np.asarray(holder[0] if kind == "list" else holder).reshape(-1)
    want = arrs[0][1:-1] if kind == "view" else arrs[0]
    np.testing.assert_array_equal(held, want)
    for o in others:
        np.testing.assert_array_equal(o, arrs[1])


def test_decoded_arrays_from_threads_bit_identical(big_messages):
    arrs, msgs = big_messages
    sums = [digest(a.tobytes()) for a in arrs]

    def body(tid):
        kept = []
        for i in range(6):
            k = (tid + i) % 2
            a = tg.decode(msgs[k]).objects[0][1]
            assert digest(a.tobytes()) == sums[k], (tid, i)
            if i == 1:
                kept.append((k, a))  # held: no later decode may write into it
            del a
        for k, a in kept:
            assert digest(a.tobytes()) == sums[k], tid

    run_together(3, body)
