#!/usr/bin/env python3
"""CPU time, page faults and context switches per call, from 1 and 2 threads.

A diagnostic that survives a busy machine: it reports what each call costs (getrusage deltas
divided by the number of calls), not how fast the calls ran, so other processes change its
figures far less than wall-clock op/s. A call whose cost grows with a second thread (system
time, page faults) is what stops a workload from scaling. Printed, never asserted.

    .venv-ft/bin/python benchmarks/percall_cost.py [--calls 1000] [--ops encode,tobytes,copy]
        [--impl tensogram_go,tensogram] [--fresh-threads 50 [--pause-ms 20]]

Operations: encode (1M float32, no codec), tobytes (a numpy array's 4 MB turned into a fresh bytes
object: no tensogram at all), copy (ndarray.copy of the same 4 MB), decode (1M float32),
decode_zstd and encode_zstd (1M float32, none+zstd), encode_lz4 and decode_lz4 (1M float32,
none+lz4), decode_blosc2_lz4 and encode_blosc2_lz4 (1M float64, blosc2 lz4 clevel 5),
decode_sp_zstd (1M float64, simple_packing 24 bits + zstd), decode_blosc2_zstd and encode_blosc2_zstd
(1M float64, blosc2 zstd clevel 5), encode_sz3 and decode_sz3 (1M float64 standard-normal, sz3 abs 0.01, as
bench_threading.py's sz3 rows), encode_zfp and decode_zfp (1M float64, zfp fixed_rate 16, as
bench_threading.py's zfp rows), decode64k (16K float32), scan and decode_metadata (of the 64 KB
message), scan1m (of the 1M float32 message, as bench_threading.py's Scan row), scan_empty (scan of
b"": the call, argument parsing and the C->Go crossing with no work), decode_range
(bench_threading.py's Decode-range row: ranges (0, 1000) and (500000, 1000) of the 1M float32
message), iter_messages (of 3 messages of 100K float32), decode64m (16M float32,
bench_threading.py's 64 MB decode row).

--impl runs the same operations for each named module in turn (upstream `tensogram` included),
in one process. --fresh-threads K starts a new crew of threads for every K calls per thread (as
bench_threading.py --fresh-threads does per sample), so each thread's first calls find nothing
that thread cached; --pause-ms P sleeps P ms between crews (mimalloc gives memory idle for 10 ms
back to the kernel). The thread starts and exits are inside the measured time.
"""

import argparse
import importlib
import os
import resource
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import envinfo  # noqa: E402

envinfo.pin_native_threads()

import numpy as np  # noqa: E402


def operations(tg, names=()):
    """{name: zero-argument callable} for the tensogram module tg."""
    big = np.random.default_rng(0).standard_normal(1_000_000).astype(np.float32)
    small = big[:16384].copy()
    meta = {"base": [{}]}
    desc_big = {"type": "ntensor", "shape": [big.size], "dtype": "float32"}
    desc_small = {"type": "ntensor", "shape": [small.size], "dtype": "float32"}
    msg_big = tg.encode(meta, [(desc_big, big)])
    msg_small = tg.encode(meta, [(desc_small, small)])
    part = big[:100_000].copy()
    f64 = np.random.default_rng(1).standard_normal(1_000_000)
    desc_zstd = dict(desc_big, compression="zstd")
    desc_b2 = {"type": "ntensor", "shape": [f64.size], "dtype": "float64", "compression": "blosc2",
               "blosc2_codec": "zstd", "blosc2_clevel": 5}
    msg_zstd = tg.encode(meta, [(desc_zstd, big)])
    desc_lz4 = dict(desc_big, compression="lz4")
    msg_lz4 = tg.encode(meta, [(desc_lz4, big)])
    desc_b2lz4 = {"type": "ntensor", "shape": [f64.size], "dtype": "float64", "compression": "blosc2",
                  "blosc2_codec": "lz4", "blosc2_clevel": 5}
    msg_b2 = tg.encode(meta, [(desc_b2, f64)])
    msg_b2lz4 = tg.encode(meta, [(desc_b2lz4, f64)])
    desc_sp = {"type": "ntensor", "shape": [f64.size], "dtype": "float64", "encoding": "simple_packing",
               "compression": "zstd", **tg.compute_packing_params(f64, 24, 0)}
    msg_sp = tg.encode(meta, [(desc_sp, f64)])
    desc_sz3 = {"type": "ntensor", "shape": [f64.size], "dtype": "float64", "compression": "sz3",
                "sz3_error_bound_mode": "abs", "sz3_error_bound": 0.01}
    msg_sz3 = tg.encode(meta, [(desc_sz3, f64)])
    desc_zfp = {"type": "ntensor", "shape": [f64.size], "dtype": "float64", "compression": "zfp",
                "zfp_mode": "fixed_rate", "zfp_rate": 16}
    msg_zfp = tg.encode(meta, [(desc_zfp, f64)])
    msg_huge = b""
    if "decode64m" in names:  # 64 MB: made only when asked for
        huge = np.random.default_rng(2).standard_normal(16_000_000).astype(np.float32)
        msg_huge = tg.encode(meta, [({"type": "ntensor", "shape": [huge.size], "dtype": "float32"}, huge)])
    three = b"".join(tg.encode(meta, [({"type": "ntensor", "shape": [part.size], "dtype": "float32"}, part)])
                     for _ in range(3))
    return {
        "encode": lambda: tg.encode(meta, [(desc_big, big)]),
        "tobytes": big.tobytes,
        "copy": big.copy,
        "decode": lambda: tg.decode(msg_big),
        "decode64m": lambda: tg.decode(msg_huge),
        "decode_zstd": lambda: tg.decode(msg_zstd),
        "encode_zstd": lambda: tg.encode(meta, [(desc_zstd, big)]),
        "encode_lz4": lambda: tg.encode(meta, [(desc_lz4, big)]),
        "decode_lz4": lambda: tg.decode(msg_lz4),
        "decode_blosc2_lz4": lambda: tg.decode(msg_b2lz4),
        "encode_blosc2_lz4": lambda: tg.encode(meta, [(desc_b2lz4, f64)]),
        "decode_sp_zstd": lambda: tg.decode(msg_sp),
        "decode_blosc2_zstd": lambda: tg.decode(msg_b2),
        "encode_blosc2_zstd": lambda: tg.encode(meta, [(desc_b2, f64)]),
        "encode_sz3": lambda: tg.encode(meta, [(desc_sz3, f64)]),
        "decode_sz3": lambda: tg.decode(msg_sz3),
        "encode_zfp": lambda: tg.encode(meta, [(desc_zfp, f64)]),
        "decode_zfp": lambda: tg.decode(msg_zfp),
        "decode64k": lambda: tg.decode(msg_small),
        "scan": lambda: tg.scan(msg_small),
        "scan1m": lambda: tg.scan(msg_big),
        "scan_empty": lambda: tg.scan(b""),
        "decode_range": lambda: tg.decode_range(msg_big, 0, [(0, 1000), (500_000, 1000)]),
        "decode_metadata": lambda: tg.decode_metadata(msg_small),
        "iter_messages": lambda: list(tg.iter_messages(three)),
    }


def cost(fn, threads, calls, fresh=0, pause=0.0):
    """Per-call (user µs, system µs, minor faults, voluntary context switches) of `calls` calls
    on each of `threads` threads started together; with fresh > 0, a new crew of `threads`
    threads makes each run of `fresh` calls, the crews `pause` seconds apart."""
    per_crew = fresh if fresh > 0 else calls
    crews = [per_crew] * (calls // per_crew) + ([calls % per_crew] if calls % per_crew else [])

    def crew(k):
        start = threading.Barrier(threads + 1)

        def work():
            start.wait()
            for _ in range(k):
                fn()

        pool = [threading.Thread(target=work) for _ in range(threads)]
        for t in pool:
            t.start()
        start.wait()
        for t in pool:
            t.join()

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    for i, k in enumerate(crews):
        if i and pause > 0:
            time.sleep(pause)
        crew(k)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    n = threads * calls
    return ((r1.ru_utime - r0.ru_utime) / n * 1e6, (r1.ru_stime - r0.ru_stime) / n * 1e6,
            (r1.ru_minflt - r0.ru_minflt) / n, (r1.ru_nvcsw - r0.ru_nvcsw) / n)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000, help="calls per thread and row (default 1000)")
    ap.add_argument("--ops", default="encode,tobytes,copy", help="comma-separated operations")
    ap.add_argument("--impl", default="tensogram_go", help="comma-separated modules (default tensogram_go)")
    ap.add_argument("--fresh-threads", type=int, default=0, metavar="K",
                    help="a new crew of threads for every K calls per thread (default: one crew)")
    ap.add_argument("--pause-ms", type=float, default=0.0,
                    help="with --fresh-threads, a pause between crews (bench_threading.py's samples of "
                         "other implementations and thread counts come between two of one row)")
    args = ap.parse_args(argv)
    mods = [importlib.import_module(name.strip()) for name in args.impl.split(",")]
    names = [name.strip() for name in args.ops.split(",")]
    table = [(m, operations(m, names)) for m in mods]
    for m in mods:
        print(f"{m.__name__} {m.__version__} from {os.path.dirname(m.__file__)}")
    crew = f", a new crew every {args.fresh_threads} calls" if args.fresh_threads > 0 else ""
    crew += f", {args.pause_ms:g} ms apart" if args.fresh_threads > 0 and args.pause_ms > 0 else ""
    print(f"{args.calls} calls per thread{crew}")
    print(f"{'impl':<13} {'operation':<16} {'threads':>7} {'user µs':>9} {'sys µs':>8} {'cpu µs':>8} {'faults':>8} {'ctx sw':>7}")
    for name in names:
        for m, ops in table:
            fn = ops[name]
            for _ in range(20):
                fn()
            for threads in (1, 2):
                u, s, f, v = cost(fn, threads, args.calls, args.fresh_threads, args.pause_ms / 1000)
                print(f"{m.__name__:<13} {name:<16} {threads:>7} {u:>9.2f} {s:>8.2f} {u + s:>8.2f} {f:>8.2f} {v:>7.2f}")


if __name__ == "__main__":
    main()
