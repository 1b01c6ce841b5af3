"""Barrier-started, interleaved, repeated timing of one operation across implementations.

Method (per workload):
  * every implementation's operation is called `warmup` times on the main thread first;
  * for each thread count n, a crew of n persistent Python threads (created once per process,
    reused by every workload) first makes one untimed call per thread, so one-time per-thread
    costs (e.g. binding a foreign thread to the Go runtime) stay out of the timed window;
  * then `repeats` samples are taken per implementation, interleaved (A B A B ... with the
    order reversed on every other repeat so slow drift hits all implementations alike);
  * one sample = all n threads released together by a barrier, each making `iterations` calls;
    wall time runs from the first thread starting to the last thread finishing (stamped by the
    threads themselves);
    throughput = n * iterations / wall seconds (aggregate op/s), as in upstream's script.
For the "tensogram" dimension the main thread alone makes `iterations` calls with threads=n.
calibrate() may change a variant's per-thread call count so a sample lasts long enough to time
(fast calls) or short enough to fit the machine (slow calls); op/s is per call either way.
"""

import threading
import time

from .impls import explain

START_TIMEOUT_S = 60.0
FINISH_TIMEOUT_S = 900.0


class Variant:
    """One implementation's form of a workload: a callable, its positional args, or an error."""

    def __init__(self, name: str, op=None, args=(), error: str = None, only_threads=None):
        self.name = name
        self.op = op
        self.args = tuple(args)
        self.error = error
        self.only_threads = only_threads  # measure only at these thread counts (None: all)
        self.iterations = None  # per-thread calls per sample, when calibrate() changed it
        self.call_s = None  # seconds per call on one thread, from calibrate()

    def runs_at(self, n: int) -> bool:
        """True when the variant is measured at thread count n."""
        return self.ok and (self.only_threads is None or n in self.only_threads)

    @property
    def ok(self) -> bool:
        """True while the variant can be measured."""
        return self.error is None


class Crew:
    """n persistent worker threads that run a job together, started by a barrier."""

    def __init__(self, n: int):
        self.n = n
        self.start = threading.Barrier(n + 1)
        self.done = threading.Barrier(n + 1)
        self.job = None
        self.errors = []
        self.stamps = [None] * n
        self.threads = [threading.Thread(target=self._work, args=(i,), name=f"bench-{n}-{i}", daemon=True) for i in range(n)]
        for t in self.threads:
            t.start()

    def _work(self, i: int) -> None:
        while True:
            try:
                self.start.wait(timeout=None)
            except threading.BrokenBarrierError:
                return
            job = self.job
            if job is None:
                return
            op, args, kw, iters = job
            t0 = time.perf_counter_ns()
            try:
                if kw:
                    for _ in range(iters):
                        op(*args, **kw)
                else:
                    for _ in range(iters):
                        op(*args)
            except BaseException as e:  # reported by run(); the crew stays usable
                self.errors.append(e)
            self.stamps[i] = (t0, time.perf_counter_ns())
            try:
                self.done.wait(timeout=FINISH_TIMEOUT_S)
            except threading.BrokenBarrierError:
                return

    def run(self, op, args, kw, iters: int) -> int:
        """Run op(*args, **kw) `iters` times on every thread; return the wall time in ns.

        The wall time spans from the first thread starting work to the last one finishing
        (each thread stamps its own start and end), so a late wake-up of the main thread
        after the barrier cannot shorten it.
        """
        self.errors = []
        self.stamps = [None] * self.n
        self.job = (op, args, kw, iters)
        try:
            self.start.wait(timeout=START_TIMEOUT_S)
            self.done.wait(timeout=FINISH_TIMEOUT_S)
        except threading.BrokenBarrierError:
            raise RuntimeError(f"worker thread did not finish for {self.n} thread(s)") from None
        if self.errors:
            raise self.errors[0]
        return max(e for _, e in self.stamps) - min(s for s, _ in self.stamps)

    def close(self) -> None:
        """Stop the threads."""
        self.job = None
        try:
            self.start.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        for t in self.threads:
            t.join(timeout=5)


class Crews:
    """Crews by size: with fresh=False one per size, created on first use and kept for the whole
    run; with fresh=True (--fresh-threads) a new crew for every sample, whose threads are
    created before its barrier and joined after it and make no untimed first call, so whatever
    a thread builds up on its first calls (the Go runtime's binding of a foreign thread,
    per-thread caches, allocator state) is paid inside every sample, as a pool of short-lived
    threads would pay it."""

    def __init__(self, fresh: bool = False):
        self.fresh = fresh
        self.by_n = {}

    def get(self, n: int) -> Crew:
        """The crew of n threads (a new one, closed by the caller, when fresh)."""
        if self.fresh:
            return Crew(n)
        if n not in self.by_n:
            self.by_n[n] = Crew(n)
        return self.by_n[n]

    def close(self) -> None:
        """Stop every kept crew."""
        for c in self.by_n.values():
            c.close()
        self.by_n.clear()


def _main_thread(op, args, kw, iters: int) -> int:
    t0 = time.perf_counter_ns()
    for _ in range(iters):
        op(*args, **kw)
    return time.perf_counter_ns() - t0


def _kwargs(dimension: str, n: int, inner_threads: int) -> dict:
    if dimension == "tensogram":
        return {"threads": n}
    if dimension == "combined":
        return {"threads": inner_threads}
    return {}


def probe(variant: Variant, dimension: str, inner_threads: int, warmup: int) -> None:
    """Warm up (and check) a variant on the main thread; on failure record why and disable it."""
    if not variant.ok:
        return
    kw = _kwargs(dimension, 1, inner_threads)
    try:
        for _ in range(max(warmup, 1)):
            variant.op(*variant.args, **kw)
    except Exception as e:
        variant.error = explain(e)


def measure(variants, thread_counts, iterations, repeats, dimension="python", inner_threads=1, crews=None, progress=None, label=""):
    """Interleaved samples for every variant and thread count.

    Returns {variant name: {n: {"ops": [op/s ...], "wall_ms": [...]}}}; variants that fail
    mid-run get their `error` set and keep the samples taken so far.
    """
    out = {v.name: {n: {"ops": [], "wall_ms": []} for n in thread_counts} for v in variants}
    for n in thread_counts:
        kw = _kwargs(dimension, n, inner_threads)
        fresh = dimension != "tensogram" and crews.fresh
        crew = None if dimension == "tensogram" or fresh else crews.get(n)
        if crew is not None:
            for v in variants:  # one untimed call per thread
                if v.runs_at(n):
                    _sample(v, crew, kw, 1)
        for r in range(repeats):
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for v in order:
                if not v.runs_at(n):
                    continue
                if progress is not None:
                    progress.step(f"{label} | threads={n} | {v.name} | run {r + 1}/{repeats}")
                iters = v.iterations or iterations
                if fresh:
                    crew = crews.get(n)
                try:
                    wall = _sample(v, crew, kw, iters)
                finally:
                    if fresh:
                        crew.close()
                if wall is None:
                    continue
                total = iters * (1 if dimension == "tensogram" else n)
                out[v.name][n]["ops"].append(total / (wall / 1e9))
                out[v.name][n]["wall_ms"].append(wall / 1e6)
    return out


def _sample(v: Variant, crew, kw, iters):
    try:
        if crew is None:
            return _main_thread(v.op, v.args, kw, iters)
        return crew.run(v.op, v.args, kw, iters)
    except RuntimeError as e:
        if "did not finish" in str(e):
            raise
        v.error = explain(e)
    except Exception as e:
        v.error = explain(e)
    return None


def calibrate(variants, base_iterations: int, min_sample_s: float, dimension="python", inner_threads=1,
              max_sample_s: float = 0.0) -> None:
    """Raise a variant's per-thread iterations so one thread's loop lasts >= min_sample_s, and
    (when max_sample_s > 0) lower them, to no fewer than 3, so it lasts <= max_sample_s.

    Tiny operations (scan: ~0.2 us) finish `base_iterations` calls in microseconds, where
    thread wake-up dominates and op/s becomes noise; op/s stays comparable across
    implementations because it is normalised by the call count.
    """
    if min_sample_s <= 0 and max_sample_s <= 0:
        return
    kw = _kwargs(dimension, 1, inner_threads)
    for v in variants:
        if not v.ok:
            continue
        calls, t0 = 0, time.perf_counter()
        budget = max(min_sample_s, 1e-3) / 2
        try:
            while True:
                v.op(*v.args, **kw)
                calls += 1
                el = time.perf_counter() - t0
                if el >= budget or calls >= 1_000_000:
                    break
        except Exception as e:
            v.error = explain(e)
            continue
        v.call_s = el / calls
        need = int(min_sample_s / max(v.call_s, 1e-9)) + 1
        if need > base_iterations:
            v.iterations = min(need, 10_000_000)
        elif max_sample_s > 0 and v.call_s * base_iterations > max_sample_s:
            v.iterations = max(3, int(max_sample_s / v.call_s))


def steps(variants, thread_counts, repeats) -> int:
    """How many progress steps measure() will report (for the progress total)."""
    return sum(1 for v in variants for n in thread_counts if getattr(v, "only_threads", None) is None or n in v.only_threads) * repeats
