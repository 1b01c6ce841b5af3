"""Process model beyond tests/test_fork.py (which covers compute_hash in children, the fork
RuntimeError on one call, and spawn after use).

Here: allocation-heavy work (large encodes/decodes, many of them, file I/O and threads, enough to
run Go's collector many times) in children of an import-only parent for fork, forkserver and
spawn; a parent that already used the library then forks: *every* kind of entry point fails in
the child with the clear RuntimeError, at the first and at later calls, objects inherited from the
parent (file handles, encoders) are refused or finalised without hanging, a fork Pool reports the
error instead of hanging, and forkserver/spawn still work after use. Each case under a timeout.
"""

from __future__ import annotations

import pytest

from _robust_helpers import STRESS, run_child

HEAVY = r'''
import hashlib, multiprocessing as mp, sys, threading
import numpy as np
import tensogram_go as tg

def d(shape, dtype="float64", **kw):
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **kw}

def heavy(args):
    seed, rounds, path = args
    rng = np.random.default_rng(seed)
    digest = hashlib.sha256()
    big = rng.standard_normal(1_000_000)  # 8 MB per encode/decode
    for r in range(rounds):
        m = tg.encode({"r": r}, [(d([1_000_000]), big + r)])
        back = tg.decode(m, verify_hash=True).objects[0][1]
        assert np.array_equal(back, big + r)
        digest.update(tg.compute_hash(m[-4096:]).encode())
        for k in range(50):  # many small calls: garbage on the Go side
            small = tg.encode({}, [(d([256], "int32"), np.arange(256, dtype=np.int32) + k)])
            assert tg.scan(small + small)[1][0] == len(small)
            assert tg.validate(small)["issues"] == []
    f = tg.TensogramFile.create(path)
    for k in range(20):
        f.append({"k": k}, [(d([1000], "float32"), np.full(1000, k, np.float32))])
    assert [m.metadata.extra["k"] for m in f] == list(range(20))
    f.close()
    out = []
    def worker(t):
        for _ in range(20):
            x = np.arange(10_000, dtype=np.float64) * t
            out.append(np.array_equal(tg.decode(tg.encode({}, [(d([10_000]), x)])).objects[0][1], x))
    ts = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    [t.start() for t in ts]; [t.join() for t in ts]
    assert all(out) and len(out) == 80
    return seed, rounds

def run(method, tmp, rounds):
    ctx = mp.get_context(method)
    with ctx.Pool(2) as pool:
        res = pool.map(heavy, [(s, rounds, f"{tmp}/{method}-{s}.tgm") for s in range(4)], chunksize=1)
    return res
'''


@pytest.mark.timeout(600 if STRESS else 170)
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_import_only_parent_heavy_children(method, tmp_path):
    rounds = 40 if STRESS else 6
    rep = run_child(HEAVY + f"""
if __name__ == "__main__":
    assert not tg._tensogram._go_started()
    res = run({method!r}, {str(tmp_path)!r}, {rounds})
    report({{"res": res, "parent_started": tg._tensogram._go_started()}})
""", tmp_path, timeout=560 if STRESS else 160)
    assert rep["res"] == [[s, rounds] for s in range(4)]
    assert rep["parent_started"] is False


FORKED = r'''
import gc, os, sys, time, warnings
import numpy as np
import tensogram_go as tg

warnings.simplefilter("ignore", DeprecationWarning)  # fork of a multi-threaded process

def d(shape, dtype="float64", **kw):
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **kw}

tmp = sys.argv[1]
# the parent really uses the library, enough to run Go's collector
big = np.random.default_rng(0).standard_normal(500_000)
for r in range(10):
    msg = tg.encode({"r": r}, [(d([500_000]), big)])
    tg.decode(msg)
f = tg.TensogramFile.create(f"{tmp}/p.tgm")
f.append({}, [(d([4]), np.zeros(4))])
f.append({}, [(d([500_000]), big)])
enc = tg.StreamingEncoder({})
meta = tg.decode_metadata(msg)

CALLS = {
    "encode": lambda: tg.encode({}, [(d([4]), np.zeros(4))]),
    "decode": lambda: tg.decode(msg),
    "decode_object": lambda: tg.decode_object(msg, 0),
    "decode_range": lambda: tg.decode_range(msg, 0, [(0, 1)]),
    "decode_metadata": lambda: tg.decode_metadata(msg),
    "decode_descriptors": lambda: tg.decode_descriptors(msg),
    "scan": lambda: tg.scan(msg),
    "validate": lambda: tg.validate(msg),
    "iter_messages": lambda: list(tg.iter_messages(msg)),
    "compute_hash": lambda: tg.compute_hash(b"x"),
    "file_open": lambda: tg.TensogramFile.open(f"{tmp}/p.tgm").message_count(),
    "file_create": lambda: tg.TensogramFile.create(f"{tmp}/c.tgm"),
    "validate_file": lambda: tg.validate_file(f"{tmp}/p.tgm"),
    "inherited_file": lambda: f.decode_message(0),
    "inherited_file_count": lambda: f.message_count(),
    "inherited_file_read": lambda: f.read_message(0),
    "inherited_file_heavy": lambda: [f.decode_message(1) for _ in range(200)],
    "inherited_file_append": lambda: f.append({}, [(d([4]), np.zeros(4))]),
    "inherited_encoder_finish": lambda: enc.finish(),
    "inherited_encoder": lambda: enc.write_object(d([4]), np.zeros(4)),
    "new_encoder": lambda: tg.StreamingEncoder({}),
}

def child(name, w):
    """Runs in the forked child: the call must raise RuntimeError twice, then the child exits
    after dropping the inherited Go-backed objects (their finalisers must not hang). Progress is
    written to the pipe as it happens, so a hang shows where it stopped."""
    for _ in range(2):
        try:
            CALLS[name]()
            out = "ok"
        except Exception as e:  # noqa: BLE001 - reported
            out = f"{type(e).__name__}: {e}"
        os.write(w, (out.replace("\n", " ") + "\n").encode())
    assert meta.extra == {"r": 9}  # inherited pure-Python snapshot stays readable
    global f, enc
    del f, enc
    gc.collect()
    os.write(w, b"finalised\n")

results = {}
for name in CALLS:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            child(name, w)
        except BaseException as e:  # noqa: BLE001
            os.write(w, f"child failed: {e!r}\n".encode())
        os._exit(0)
    os.close(w)
    deadline = time.time() + 20
    while time.time() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = "hung"
    with os.fdopen(r) as fh:
        results[name] = [fh.read(), status]
report({"results": results, "parent_after": tg.compute_hash(b"hello world")})
'''


@pytest.mark.timeout(170)
def test_used_parent_fork_every_entry_point_raises(tmp_path):
    rep = run_child(FORKED, tmp_path, timeout=160, args=(tmp_path,))
    assert rep["parent_after"] == "d447b1ea40e6988b"  # the parent is unaffected
    bad = {}
    for name, (text, status) in rep["results"].items():
        lines = text.split("\n")
        ok = status == 0 and len(lines) == 4 and lines[2:] == ["finalised", ""] and all(
            ln.startswith("RuntimeError") and "fork" in ln and "spawn" in ln for ln in lines[:2])
        if not ok:
            bad[name] = (text, status)
    assert bad == {}, repr(bad)


POOL = r'''
import multiprocessing as mp, warnings
import numpy as np
import tensogram_go as tg

warnings.simplefilter("ignore", DeprecationWarning)

def task(i):
    return tg.compute_hash(bytes([i]))

if __name__ == "__main__":
    tg.decode(tg.encode({}, [({"type": "ntensor", "shape": [100], "dtype": "float64"}, np.zeros(100))]))
    out = {}
    with mp.get_context("fork").Pool(2) as pool:
        try:
            pool.map(task, range(4), chunksize=1)
            out["fork"] = "ok"
        except Exception as e:  # noqa: BLE001 - reported
            out["fork"] = f"{type(e).__name__}: {e}"
    for method in ("forkserver", "spawn"):
        with mp.get_context(method).Pool(2) as pool:
            out[method] = pool.map(task, range(4), chunksize=1)
    out["want"] = [task(i) for i in range(4)]
    report(out)
'''


@pytest.mark.timeout(170)
def test_used_parent_pools(tmp_path):
    """After use: a fork Pool surfaces the RuntimeError to the caller (no hang); forkserver and spawn
    pools work and agree with the parent."""
    rep = run_child(POOL, tmp_path, timeout=160)
    assert rep["fork"].startswith("RuntimeError") and "spawn" in rep["fork"], rep["fork"]
    assert rep["forkserver"] == rep["want"] and rep["spawn"] == rep["want"]
