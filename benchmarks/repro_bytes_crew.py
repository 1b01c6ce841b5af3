#!/usr/bin/env python3
"""Two-thread scaling of "make a fresh 4 MB bytes and fill it", with no tensogram at all.

The shape of the issue-16 encode workload without any of our code: persistent threads released
by a barrier per sample (as bench_threading.py and encode_crew drive them), each call returning
a new 4 MB `bytes` that is written once (`ndarray.tobytes()`), against `ndarray.copy()` of the same
4 MB (a glibc-malloc buffer) as the control, and `tobytes` with the last 16 results kept alive
(so every write lands in a block that left the cache long ago: the cost of a cold block).
Prints median op/s from 1 and 2 threads, the 2T min..max, and the wall time of one call in each thread (enter/exit stamps), interleaved over
`--rounds` rounds. Compare the free-threaded and the GIL interpreter:

    .venv-ft/bin/python benchmarks/repro_bytes_crew.py
    .venv/bin/python benchmarks/repro_bytes_crew.py
"""

import argparse
import collections
import os
import resource
import statistics
import threading
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # no OpenBLAS server threads spinning beside the crew

import numpy as np  # noqa: E402


def crew(fn, n, iters, samples):
    """Per sample: (op/s over the span from first enter to last exit, mean wall µs per call,
    CPU µs per call, minor page faults per call), the last two from each worker thread's own
    getrusage(RUSAGE_THREAD), which other processes on the machine barely move."""
    start, done = threading.Barrier(n + 1), threading.Barrier(n + 1)
    stamps = [[0.0] * (2 * iters) for _ in range(n)]
    stop = [False]
    usage = [[0.0, 0] for _ in range(n)]

    def work(i):
        s, pc = stamps[i], time.perf_counter
        while True:
            start.wait()
            if stop[0]:
                return
            r0 = resource.getrusage(resource.RUSAGE_THREAD)
            for k in range(iters):
                s[2 * k] = pc()
                fn()
                s[2 * k + 1] = pc()
            r1 = resource.getrusage(resource.RUSAGE_THREAD)
            usage[i] = [r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, r1.ru_minflt - r0.ru_minflt]
            done.wait()

    pool = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in pool:
        t.start()
    out = []
    for _ in range(samples):
        start.wait()
        done.wait()
        t0, t1 = min(s[0] for s in stamps), max(s[-1] for s in stamps)
        per_call = sum(s[2 * k + 1] - s[2 * k] for s in stamps for k in range(iters)) / (n * iters)
        cpu = sum(u[0] for u in usage) / (n * iters) * 1e6
        flt = sum(u[1] for u in usage) / (n * iters)
        out.append((n * iters / (t1 - t0), per_call * 1e6, cpu, flt))
    stop[0] = True
    start.wait()
    for t in pool:
        t.join()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iters", type=int, default=50, help="calls per thread per sample")
    ap.add_argument("--samples", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--with-encode", action="store_true", help="also run tensogram_go.encode of the same array")
    args = ap.parse_args()
    big = np.random.default_rng(0).standard_normal(1_000_000).astype(np.float32)
    ring = collections.deque(maxlen=16)  # 64 MB of results alive: each new block is cold in cache
    ops = {"tobytes (fresh 4 MB bytes)": big.tobytes, "copy (ndarray, glibc malloc)": big.copy,
           "tobytes, last 16 kept alive": lambda: ring.append(big.tobytes())}
    if args.with_encode:  # the same crew on tensogram_go.encode, for side-by-side figures
        import tensogram_go

        desc = {"type": "ntensor", "shape": [big.size], "dtype": "float32"}
        ops["tensogram_go.encode"] = lambda: tensogram_go.encode({"base": [{}]}, [(desc, big)])
    gil = getattr(__import__("sys"), "_is_gil_enabled", lambda: True)()
    print(f"GIL {'on' if gil else 'off'}; {args.iters} calls per thread per sample, {args.samples} samples")
    for r in range(args.rounds):
        for name, fn in ops.items():
            for _ in range(20):
                fn()
            one, two = crew(fn, 1, args.iters, args.samples), crew(fn, 2, args.iters, args.samples)
            m1, m2 = (statistics.median(x[0] for x in v) for v in (one, two))
            cols = " ".join(f"{t}T wall/cpu {statistics.median(x[1] for x in v):4.0f}/{statistics.median(x[2] for x in v):4.0f}"
                            f" us, {statistics.median(x[3] for x in v):5.1f} flt/call" for t, v in ((1, one), (2, two)))
            print(f"r{r} {name:28s} 1T {m1:6.0f} op/s 2T {m2:6.0f} op/s {m2 / m1:.2f}x"
                  f" (2T {min(x[0] for x in two):.0f}..{max(x[0] for x in two):.0f}) | {cols}")


if __name__ == "__main__":
    main()
