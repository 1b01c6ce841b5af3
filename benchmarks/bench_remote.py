#!/usr/bin/env python3
"""Remote reads: tensogram_go against upstream tensogram over a loopback HTTP range server.

The server (this file) answers HEAD and single-range GET on one multi-message .tgm, sleeps a fixed
latency before every answer (0, 5, 20 ms by default: loopback, a nearby and a distant object
store), and counts requests and body bytes. Each workload runs on a fresh handle opened on the
same URL by each implementation in turn, in the same interpreter:

  open+len     open_remote(url), then len(f)             (discovery of every message)
  object       file_decode_object(k, j)                  (one object of message k)
  batch        file_decode_object_batch(all msgs, j)     (one object from every message)
  range        file_decode_range(k, j, 100 ranges)       (100 small ranges of one large object)

Requests, bytes and time of a workload exclude the open of its handle (except open+len). One
untimed open+len per implementation and latency comes first (library load, connection pool); the
implementations then alternate run by run, so machine load hits them alike. Times are the median
of --runs; requests and bytes are those of the first run (they do not vary).
Ratios are upstream / tensogram_go (> 1: ours makes fewer requests, moves fewer bytes, is
faster). The file's objects are uncompressed float32 (256 KiB frames) so that range reads can
fetch only the bytes they need; upstream downloads the whole frame.
"""

import argparse
import http.server
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

from benchkit import envinfo, jsonout  # noqa: E402
from benchkit.impls import Impl, short  # noqa: E402


class Server:
    """A threaded loopback HTTP/1.1 server of one object with latency and counters."""

    def __init__(self, body: bytes):
        self.body = body
        self.latency = 0.0
        self.requests = 0
        self.bytes = 0
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"srv": self})
        # A listen backlog for many concurrent connections (the default 5 drops connections
        # opened together, which the clients then retry after a backoff).
        server = type("Server", (http.server.ThreadingHTTPServer,), {"request_queue_size": 128})
        self.httpd = server(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/bench.tgm"

    def reset(self):
        """Zero the counters."""
        with self.lock:
            self.requests = self.bytes = 0

    def counts(self):
        """(requests, body bytes) since the last reset."""
        with self.lock:
            return self.requests, self.bytes

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stalls)
    srv: Server

    def log_message(self, *args):
        pass

    def _begin(self):
        if self.srv.latency:
            time.sleep(self.srv.latency)
        with self.srv.lock:
            self.srv.requests += 1

    def do_HEAD(self):
        self._begin()
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.srv.body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", '"bench"')
        self.end_headers()

    def do_GET(self):
        self._begin()
        body = self.srv.body
        rng = self.headers.get("Range")
        if rng is None:
            a, b, status = 0, len(body) - 1, 200
        else:
            a, b = rng.removeprefix("bytes=").split("-")
            a, b, status = int(a), min(int(b), len(body) - 1), 206
        part = body[a : b + 1]
        self.send_response(status)
        self.send_header("Content-Length", str(len(part)))
        self.send_header("ETag", '"bench"')
        if status == 206:
            self.send_header("Content-Range", f"bytes {a}-{b}/{len(body)}")
        self.end_headers()
        with self.srv.lock:  # counted before sending: the client may return before write() does
            self.srv.bytes += len(part)
        self.wfile.write(part)


def build_file(mod, messages: int, objects: int, side: int) -> bytes:
    """`messages` messages of `objects` uncompressed float32 [side, side] objects."""
    rng = np.random.default_rng(3)
    desc = {"type": "ntensor", "shape": [side, side], "dtype": "float32", "byte_order": "little",
            "encoding": "none", "filter": "none", "compression": "none"}
    out = bytearray()
    for i in range(messages):
        arrays = [(dict(desc), rng.standard_normal((side, side)).astype(np.float32)) for _ in range(objects)]
        out += mod.encode({"version": 3, "base": [{"step": i} for _ in range(objects)]}, arrays)
    return bytes(out)


def workloads(messages: int, side: int):
    """name -> fn(f) for the workloads after open; fn returns a value compared across implementations."""
    k, j = messages // 2, 1
    step = side * side // 100
    ranges = [(r * step, 4) for r in range(100)]
    return {
        "object": lambda f: f.file_decode_object(k, j)["data"],
        "batch": lambda f: np.stack([r["data"] for r in f.file_decode_object_batch(list(range(messages)), j)]),
        "range": lambda f: f.file_decode_range(k, j, ranges, join=True),
    }


def run_once(srv: Server, mod, url: str):
    """One run of every workload: {workload: (requests, bytes, seconds)} and the values read."""
    out, values = {}, {}
    srv.reset()
    t0 = time.perf_counter()
    n = len(mod.TensogramFile.open_remote(url))
    out["open+len"] = (*srv.counts(), time.perf_counter() - t0)
    values["open+len"] = n
    for name, fn in workloads(n, ARGS.side).items():
        f = mod.TensogramFile.open_remote(url)
        srv.reset()
        t0 = time.perf_counter()
        v = fn(f)
        out[name] = (*srv.counts(), time.perf_counter() - t0)
        values[name] = np.asarray(v)
    return out, values


def measure(srv: Server, impls: list, url: str, runs: int):
    """{impl: {workload: {"requests", "bytes", "seconds", "samples"}}} at the current latency:
    implementations interleaved run by run (machine load hits all alike), after one warm-up
    open+len each (library load, connection pool). Requests and bytes are the first run's; the
    values read must agree across implementations (else ValueError)."""
    for i in impls:
        len(i.module.TensogramFile.open_remote(url))
    runs_of = {i.name: [] for i in impls}
    ref = None
    for _ in range(runs):
        for i in impls:
            once, values = run_once(srv, i.module, url)
            runs_of[i.name].append(once)
            ref = ref or values
            bad = [w for w in ref if not same(ref[w], values[w])]
            if bad:
                raise ValueError(f"{i.name} disagrees with {impls[0].name} on {bad}")
    res = {}
    for name, rs in runs_of.items():
        res[name] = {}
        for w in rs[0]:
            ts = [r[w][2] for r in rs]
            res[name][w] = {"requests": rs[0][w][0], "bytes": rs[0][w][1], "seconds": statistics.median(ts), "samples": ts}
    return res


def same(a, b) -> bool:
    if isinstance(a, int):
        return a == b
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b)


def table(latency_ms: float, names: list, res: dict) -> str:
    """One block: per workload, requests/bytes/ms per implementation and the ratios."""
    lines = [f"latency {latency_ms:g} ms per request"]
    head = f"  {'workload':<9}"
    for n in names:
        head += f" | {short(n) + ' req':>12} {'KiB':>8} {'ms':>8}"
    if len(names) == 2:
        head += " | ratio upstream/go: req    bytes     time"
    lines.append(head)
    for w in res[names[0]]:
        row = f"  {w:<9}"
        for n in names:
            r = res[n][w]
            row += f" | {r['requests']:>12} {r['bytes'] / 1024:>8.0f} {r['seconds'] * 1e3:>8.1f}"
        if len(names) == 2:
            a, b = res[names[1]][w], res[names[0]][w]
            row += f" | {ratio(a['requests'], b['requests']):>22} {ratio(a['bytes'], b['bytes']):>8} " \
                   f"{ratio(a['seconds'], b['seconds']):>8}"
        lines.append(row)
    return "\n".join(lines)


def ratio(a, b) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: 4 messages, latency 5 ms, 1 run")
    p.add_argument("--latencies", default=None, help="per-request latencies in ms (default 0,5,20)")
    p.add_argument("--messages", type=int, default=None, help="messages in the file (default 16)")
    p.add_argument("--objects", type=int, default=4, help="objects per message (default 4)")
    p.add_argument("--side", type=int, default=256, help="objects are float32 [side, side] (default 256)")
    p.add_argument("--runs", type=int, default=None, help="runs per workload, median time (default 3)")
    p.add_argument("--impl", default="tensogram_go,tensogram", help="modules to compare")
    p.add_argument("--json", metavar="FILE", help="write the results and environment to FILE")
    a = p.parse_args(argv)
    a.latencies = [float(x) for x in (a.latencies or ("5" if a.quick else "0,5,20")).split(",")]
    a.messages = a.messages or (4 if a.quick else 16)
    a.runs = a.runs or (1 if a.quick else 3)
    return a


ARGS = None


def main(argv=None):
    global ARGS
    ARGS = parse_args(argv)
    impls = [Impl(n) for n in ARGS.impl.split(",")]
    for i in impls:
        if not i.available:
            print(f"bench_remote: {i.error}; skipped", file=sys.stderr)
    impls = [i for i in impls if i.available]
    if not impls:
        return 1
    names = [i.name for i in impls]
    env = envinfo.collect({i.name: i.version for i in impls})
    print(envinfo.banner("Remote reads over loopback HTTP: requests, bytes, time", env))
    body = build_file(impls[0].module, ARGS.messages, ARGS.objects, ARGS.side)
    print(f"file: {ARGS.messages} messages x {ARGS.objects} float32 [{ARGS.side}, {ARGS.side}] objects, "
          f"{len(body) / 2**20:.1f} MiB; runs {ARGS.runs}\n")
    srv = Server(body)
    doc = {"env": env, "file_bytes": len(body), "args": vars(ARGS), "results": {}}
    try:
        for lat in ARGS.latencies:
            srv.latency = lat / 1e3
            try:
                res = measure(srv, impls, srv.url, ARGS.runs)
            except ValueError as e:
                print(f"bench_remote: {e}", file=sys.stderr)
                return 1
            doc["results"][f"{lat:g}ms"] = res
            print(table(lat, names, res) + "\n")
    finally:
        srv.close()
    if ARGS.json:
        jsonout.write(ARGS.json, doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
