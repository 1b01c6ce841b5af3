#!/usr/bin/env python3
"""Where the time of a small call goes, from 1 and 2 persistent threads: on-CPU, waiting for a CPU, blocked.

`percall_cost.py` gives CPU time per call for the whole process. This script adds, for each calling
thread, the kernel's own account of its wall time (/proc/thread-self/schedstat): time on a CPU,
time runnable but waiting for one (other processes, or the process's own extra threads, took the
cores), and the rest — time the thread was blocked (futex, sleep, page-in). It also gives the
calling threads' voluntary and involuntary context switches per call (/proc/thread-self/status),
the CPU per call of every other thread of the process (Go runtime threads: sysmon, GC workers,
idle Ms; and the main thread, which only waits), and the CPython collections that ran in the loop.
On a busy machine the waiting column absorbs the other processes; the blocked column and the CPU
columns do not, so a call that scales badly because it blocks, or because another thread of ours
competes for the cores, shows here even then. Printed, never asserted.

    .venv-ft/bin/python benchmarks/smallcall_cost.py [--calls 20000] [--ops decode64k,scan1m,...]
        [--impl tensogram_go] [--paths DIR_A,DIR_B] [--rounds 2]

--paths runs every row once per directory, each in a fresh interpreter with that directory first
on PYTHONPATH (e.g. a copy of the installed package from before a change, and "" for the
installed one), alternating, --rounds times: before/after figures from one run.

Operations: those of percall_cost.py (decode64k, scan1m, decode_metadata, decode_range,
iter_messages, ...) and validate1m (validate of the 1M float32 message, bench_threading.py's
Validate row).
"""

import argparse
import gc
import importlib
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import envinfo  # noqa: E402

envinfo.pin_native_threads()

import percall_cost  # noqa: E402

SMALL_OPS = "decode64k,scan1m,decode_metadata,decode_range,iter_messages,validate1m"


def operations(tg):
    """percall_cost's operations plus validate1m."""
    ops = percall_cost.operations(tg)
    big = percall_cost.np.random.default_rng(0).standard_normal(1_000_000).astype(percall_cost.np.float32)
    msg = tg.encode({"base": [{}]}, [({"type": "ntensor", "shape": [big.size], "dtype": "float32"}, big)])
    ops["validate1m"] = lambda: tg.validate(msg)
    return ops


def thread_counters():
    """(wall ns, on-CPU ns, run-queue wait ns, voluntary, involuntary switches) of this thread."""
    with open("/proc/thread-self/schedstat") as f:
        cpu, wait = (int(x) for x in f.read().split()[:2])
    with open("/proc/thread-self/status") as f:
        st = f.read()
    vol = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", st, re.M).group(1))
    invol = int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", st, re.M).group(1))
    return time.perf_counter_ns(), cpu, wait, vol, invol


def task_cpu():
    """{thread id: on-CPU ns} of every thread of this process."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/schedstat") as f:
                out[int(tid)] = int(f.read().split()[0])
        except OSError:  # the thread ended meanwhile
            pass
    return out


def run_threads(fn, threads, calls):
    """Per-call figures of `calls` calls on each of `threads` threads released together."""
    start = threading.Barrier(threads + 1)
    per_thread = []
    collections = [0]

    def on_gc(phase, info):
        if phase == "stop":
            collections[0] += 1

    workers = set()

    def work():
        workers.add(threading.get_native_id())
        start.wait()
        a = thread_counters()
        for _ in range(calls):
            fn()
        b = thread_counters()
        per_thread.append([y - x for x, y in zip(a, b)])

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    gc.callbacks.append(on_gc)
    c0 = task_cpu()
    start.wait()
    for t in pool:
        t.join()
    c1 = task_cpu()
    gc.callbacks.remove(on_gc)
    n = threads * calls
    # Threads other than the workers (Go runtime threads, the waiting main thread); a worker has
    # ended by now, so its figures come from its own counters only.
    others = sum(c1[tid] - c0.get(tid, 0) for tid in c1 if tid not in workers)
    wall, cpu, wait, vol, invol = (sum(t[i] for t in per_thread) for i in range(5))
    return {
        "wall": wall / n / 1e3,
        "cpu": cpu / n / 1e3,
        "wait": wait / n / 1e3,
        "blocked": (wall - cpu - wait) / n / 1e3,
        "vcs": vol / n,
        "ivcs": invol / n,
        "others": others / n / 1e3,
        "pygc": collections[0],
    }


HEADER = (f"{'impl':<13} {'operation':<16} {'T':>2} {'wall µs':>8} {'cpu µs':>7} {'wait µs':>8} {'blocked':>8} "
          f"{'vol/call':>9} {'invol/call':>10} {'others µs':>9} {'py gc':>5}")


def row(label, name, threads, r):
    return (f"{label:<13} {name:<16} {threads:>2} {r['wall']:>8.2f} {r['cpu']:>7.2f} {r['wait']:>8.2f} "
            f"{r['blocked']:>8.2f} {r['vcs']:>9.4f} {r['ivcs']:>10.4f} {r['others']:>9.2f} {r['pygc']:>5}")


def measure(impls, ops, calls, label=None):
    mods = [importlib.import_module(name.strip()) for name in impls.split(",")]
    for m in mods:
        table = operations(m)
        for name in ops.split(","):
            fn = table[name.strip()]
            for _ in range(200):
                fn()
            for threads in (1, 2):
                print(row(label or m.__name__, name, threads, run_threads(fn, threads, calls)), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=20000, help="calls per thread and row (default 20000)")
    ap.add_argument("--ops", default=SMALL_OPS, help=f"comma-separated operations (default {SMALL_OPS})")
    ap.add_argument("--impl", default="tensogram_go", help="comma-separated modules (default tensogram_go)")
    ap.add_argument("--paths", help="comma-separated PYTHONPATH prefixes to alternate ('' = installed)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of --paths (default 2)")
    ap.add_argument("--label", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.paths is None:
        if args.label is None:
            print(HEADER)
        measure(args.impl, args.ops, args.calls, args.label)
        return
    print(HEADER)
    for rnd in range(args.rounds):
        for op in args.ops.split(","):
            for i, path in enumerate(args.paths.split(",")):
                env = dict(os.environ, PYTHONPATH=path)
                label = f"r{rnd + 1} {path.rstrip('/').split('/')[-1] or 'installed'}"[:13]
                subprocess.run([sys.executable, os.path.abspath(__file__), "--calls", str(args.calls), "--ops", op,
                                "--impl", args.impl, "--label", label], env=env, check=True)


if __name__ == "__main__":
    main()
