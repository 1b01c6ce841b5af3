"""The main job (make demo): what this interpreter is, and how tensogram-go scales on it.

For now it times compute_hash over a 4 MiB buffer from 1 and 2 threads and prints throughput and
the 2-thread scaling ratio; it grows into the full threading benchmark as the API lands.
"""

import os
import statistics
import sys
import threading
import time

import tensogram_go

SIZE = 4 << 20
CALLS = 200
REPEATS = 5


def gil_state() -> str:
    f = getattr(sys, "_is_gil_enabled", None)
    if f is None:
        return "GIL build"
    return "free-threaded, GIL off" if not f() else "free-threaded build, GIL on"


def run(threads: int, data: bytes) -> float:
    """Seconds for `threads` threads to each hash `data` CALLS times (barrier start)."""
    barrier = threading.Barrier(threads + 1)

    def work():
        barrier.wait()
        for _ in range(CALLS):
            tensogram_go.compute_hash(data)

    ts = [threading.Thread(target=work) for _ in range(threads)]
    for t in ts:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


def main() -> None:
    print(f"python {sys.version.split()[0]} ({gil_state()}), {os.cpu_count()} CPUs, tensogram_go {tensogram_go.__version__}")
    data = os.urandom(SIZE)
    tensogram_go.compute_hash(data)  # load Go, warm up
    rates = {}
    for threads in (1, 2):
        samples = [threads * CALLS * SIZE / run(threads, data) / 1e6 for _ in range(REPEATS)]
        rates[threads] = statistics.median(samples)
        print(f"compute_hash 4 MiB  threads={threads}: median {rates[threads]:8.0f} MB/s "
              f"(min {min(samples):.0f}, max {max(samples):.0f}, {REPEATS} runs)")
    print(f"2-thread scaling: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
