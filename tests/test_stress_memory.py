"""Stress: resident memory does not grow with the number of calls, per kind of call.

Each kind (success and error paths, buffers, files, streaming) runs in a fresh child interpreter:
warm up, then run 2 x N more calls, sampling RSS after every tenth of N. The floor must not rise in both
halves (a leak) by half a small bound each. Default run: N = 1500 per kind; ``make stress``
(TENSOGRAM_STRESS=1): N = 200000.
"""

from __future__ import annotations

import pytest

from _robust_helpers import STRESS, run_child

N = 200_000 if STRESS else 1500
# Go's heap and the allocator's free lists settle within a few MiB; a leak of one 80 KB payload
# per call would be ~120 MiB at the default N and ~16 GiB at 200k.
GROWTH_BOUND_MB = 24 if STRESS else 16

KINDS = ["encode", "decode", "decode_verify", "decode_object", "decode_range", "decode_with_masks",
         "decode_metadata", "decode_descriptors", "scan", "validate", "iter_messages", "compute_hash",
         "errors", "hash_mismatch", "file_read", "file_dropped", "file_append", "streaming", "encode_strict_error"]

CHILD = r'''
import gc, sys
import numpy as np
import tensogram_go as tg

kinds, n, path = sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3]
kind = None

def d(shape, dtype="float64", **kw):
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **kw}

v = np.random.default_rng(1).standard_normal(10_000)
msg = tg.encode({"base": [{"a": 1}], "x": "y"}, [(d([10_000]), v)])
w = v.copy(); w[::50] = np.nan
masked = tg.encode({}, [(d([10_000]), w)], allow_nan=True, nan_mask_method="none")
buf = msg + b"junk" + msg + masked
tampered = bytearray(msg); tampered[len(msg) // 2] ^= 1; tampered = bytes(tampered)
f = tg.TensogramFile.create(path)
f.append({}, [(d([10_000]), v)])
f.append({}, [(d([64], "float32"), np.zeros(64, np.float32))])
small = np.arange(64, dtype=np.float32)

def call(i):
    if kind == "encode":
        tg.encode({"i": i}, [(d([10_000]), v)])
    elif kind == "decode":
        tg.decode(msg)
    elif kind == "decode_verify":
        tg.decode(msg, verify_hash=True)
    elif kind == "decode_object":
        tg.decode_object(msg, 0)
    elif kind == "decode_range":
        tg.decode_range(msg, 0, [(0, 100), (5000, 2000)], join=bool(i % 2))
    elif kind == "decode_with_masks":
        tg.decode_with_masks(masked)
    elif kind == "decode_metadata":
        tg.decode_metadata(msg).base
    elif kind == "decode_descriptors":
        tg.decode_descriptors(msg)[1][0].params
    elif kind == "scan":
        tg.scan(buf)
    elif kind == "validate":
        tg.validate(msg, level="full")
    elif kind == "iter_messages":
        list(tg.iter_messages(buf))
    elif kind == "compute_hash":
        tg.compute_hash(msg)
    elif kind == "errors":
        for bad in (b"", b"garbage" * 10, msg[:1000]):
            try:
                tg.decode(bad)
            except ValueError:
                pass
        try:
            tg.decode_object(msg, 5)
        except ValueError:
            pass
    elif kind == "hash_mismatch":
        try:
            tg.decode(tampered, verify_hash=True)
        except tg.HashMismatchError:
            pass
    elif kind == "file_read":
        g = tg.TensogramFile.open(path)
        g.decode_message(0); g.file_decode_range(0, 0, [(10, 10)]); g.read_message(1)
        g.close()
    elif kind == "file_dropped":
        g = tg.TensogramFile.open(path)
        g.message_count()
        del g  # released by garbage collection, not close()
    elif kind == "file_append":
        global f
        if i % 5000 == 0:
            f.close()
            f = tg.TensogramFile.create(path)
        f.append({"i": i}, [(d([64], "float32"), small)])
    elif kind == "streaming":
        s = tg.StreamingEncoder({"i": i})
        s.write_object(d([10_000]), v)
        s.write_object_pre_encoded(d([64], "float32"), small.tobytes())
        s.finish_and_reset()
        if i % 2:
            s.close()
    elif kind == "encode_strict_error":
        try:
            tg.encode({}, [(d([10_000]), w)])
        except ValueError:
            pass

out = {}
for kind in kinds:
    for i in range(max(n // 5, 300)):  # warm-up: Go heap, allocator arenas, first-call thread binding
        call(i)
    gc.collect()
    samples = [rss_mb()]
    for tenth in range(20):  # two halves of n calls each
        for i in range(n // 10):
            call(i)
        gc.collect()
        samples.append(rss_mb())
    out[kind] = samples
report({"n": n, "kinds": out})
'''


# default run: every kind in one child (one interpreter start-up); make stress: one child per kind
GROUPS = [[k] for k in KINDS] if STRESS else [KINDS]


@pytest.mark.thread_unsafe(reason="measures its child's RSS floor, which rises when copies compete for the CPU "
                                  "(Go returns freed memory to the OS from a background scavenger)")
@pytest.mark.timeout(1200 if STRESS else 100)
@pytest.mark.parametrize("kinds", GROUPS, ids=lambda g: g[0] if len(g) == 1 else "all")
def test_rss_does_not_grow(kinds, tmp_path):
    rep = run_child(CHILD, tmp_path, timeout=1100 if STRESS else 90,
                    args=(",".join(kinds), N, tmp_path / "m.tgm"))
    grown = {}
    for kind, r in rep["kinds"].items():
        # Go collects lazily and its heap target can step up by tens of MiB once (a swing, seen under
        # load), so RSS is sampled 21 times over two halves of N calls: a leak raises the floor in
        # both halves by the same amount, a one-off step in only one of them.
        first, mid, last = min(r[:3]), min(r[9:12]), min(r[-3:])
        print(f"{kind}: N={N} RSS floor {first:.1f} -> {mid:.1f} -> {last:.1f} MiB "
              f"(growth {mid - first:+.1f}, {last - mid:+.1f}), max {max(r):.1f}")
        if min(mid - first, last - mid) >= GROWTH_BOUND_MB / 2:
            grown[kind] = [round(x, 1) for x in r]
    print(f"peak RSS {rep['peak_rss_mb']:.1f} MiB")
    assert grown == {}, grown
