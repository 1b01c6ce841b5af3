#!/usr/bin/env python3
"""Go collections and CPU per call of one small operation, from 1 and 2 threads, in a lean process.

percall_cost.py sets up every operation's messages first, which leaves the Go heap at ~100 MB; with
GOGC=400 (capi/gc.go) no collection then runs within any realistic number of small calls, so the
garbage a call leaves never shows. bench_threading.py runs a row with only that row's message in
the heap, where the collector runs every few tens of thousands of calls. This script measures the
same way: a fresh interpreter per (path, operation) that builds only its operation's message and
runs with GODEBUG=gctrace=1; the Go collections during each row are counted from the runtime's
trace lines on stderr, and the calling threads' blocked time per call (wall time neither on a CPU nor
waiting for one: where stop-the-world pauses and futex sleeps show). Printed, never asserted.

    .venv-ft/bin/python benchmarks/gc_per_call.py [--calls 200000] [--ops decode_range,decode64k,decode_metadata]
        [--paths DIR_A,DIR_B] [--rounds 2]

--paths: PYTHONPATH prefixes to alternate ('' = the installed package), e.g. a copy of the package
with the library from before a change; each row runs once per path per round.
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from smallcall_cost import thread_counters  # noqa: E402

OPS = "decode_range,decode64k,decode_metadata"


def operation(name):
    """The zero-argument callable of operation name (as percall_cost.py's), its message only."""
    import numpy as np
    import tensogram_go as tg

    n = 16384 if name in ("decode64k", "decode_metadata") else 1_000_000
    vals = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    msg = tg.encode({"base": [{}]}, [({"type": "ntensor", "shape": [n], "dtype": "float32"}, vals)])
    return {
        "decode_range": lambda: tg.decode_range(msg, 0, [(0, 1000), (500_000, 1000)]),
        "decode64k": lambda: tg.decode(msg),
        "decode_metadata": lambda: tg.decode_metadata(msg),
    }[name]


def run(fn, threads, calls):
    """(process CPU µs, calling threads' blocked µs) per call of `calls` calls on each of `threads`
    threads released together; blocked is a thread's wall time neither on a CPU nor waiting for one
    (/proc/thread-self/schedstat, as smallcall_cost.py)."""
    start = threading.Barrier(threads + 1)
    blocked = []

    def work():
        start.wait()
        wall0, cpu0, wait0 = thread_counters()[:3]
        for _ in range(calls):
            fn()
        wall1, cpu1, wait1 = thread_counters()[:3]
        blocked.append((wall1 - wall0) - (cpu1 - cpu0) - (wait1 - wait0))

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    start.wait()
    for t in pool:
        t.join()
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    n = threads * calls
    return (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) / n * 1e6, sum(blocked) / n / 1e3


def child(name, calls):
    """Runs in the fresh interpreter: rows for 1 and 2 threads, marked on stderr."""
    fn = operation(name)
    for _ in range(2000):
        fn()
    for threads in (1, 2):
        sys.stderr.write("@@row start\n")
        sys.stderr.flush()
        cpu, blocked = run(fn, threads, calls)
        sys.stderr.write("@@row end\n")
        sys.stderr.flush()
        print(f"{threads} {cpu:.3f} {blocked:.3f}", flush=True)


def collections(stderr):
    """Go collections per marked row of a child's stderr."""
    counts, n = [], 0
    for line in stderr.splitlines():
        if line.startswith("@@row start"):
            n = 0
        elif line.startswith("@@row end"):
            counts.append(n)
        elif re.match(r"gc \d+ @", line):
            n += 1
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=200_000, help="calls per thread and row (default 200000)")
    ap.add_argument("--ops", default=OPS, help=f"comma-separated operations (default {OPS})")
    ap.add_argument("--paths", default="", help="comma-separated PYTHONPATH prefixes ('' = installed)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds over --paths (default 2)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.calls)
        return
    print(f"{args.calls} calls per thread and row")
    print(f"{'round':>5} {'library':<16} {'operation':<16} {'T':>2} {'cpu µs/call':>11} {'blocked µs':>10} "
          f"{'Go GCs':>7} {'calls/GC':>9}")
    for rnd in range(args.rounds):
        for op in args.ops.split(","):
            for path in args.paths.split(","):
                env = dict(os.environ, PYTHONPATH=path, GODEBUG="gctrace=1")
                p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", op, "--calls",
                                    str(args.calls)], env=env, check=True, capture_output=True, text=True)
                label = path.rstrip("/").split("/")[-1] or "installed"
                for line, gcs in zip(p.stdout.split("\n"), collections(p.stderr)):
                    threads, cpu, blocked = line.split()
                    per = f"{int(threads) * args.calls / gcs:9.0f}" if gcs else f"{'-':>9}"
                    print(f"{rnd + 1:>5} {label:<16} {op:<16} {threads:>2} {float(cpu):>11.2f} {float(blocked):>10.3f} "
                          f"{gcs:>7} {per}", flush=True)


if __name__ == "__main__":
    main()
