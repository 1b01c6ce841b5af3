#!/usr/bin/env python3
"""Generate upstream sz3 vectors for core/codec/sz3 (Go) tests.

Run with an interpreter that has upstream tensogram 0.24.0 and numpy:

    python tools/gen_sz3_vectors.py

Every case encodes a deterministic 1-D float64 array with upstream's public
API (compression "sz3", the error-bound mode and bound given), pulls the
data-object payload region out of the message (tools/tgwire.py) and decodes
the message with upstream. Written to core/codec/sz3/testdata:

  <name>.sz3   the raw SZ3 stream (the payload region)
  <name>.in    the input doubles, little-endian (only for n <= 4100)
  <name>.out   upstream's decoded doubles, little-endian (only for n <= 4100)
  <name>.tgm   the whole upstream message (a few cases, for core's tests)
  vectors.json one entry per case: name, field kind, n, mode, bound, the
               SZ3 algorithm the stream records, and SHA-256 of the input
               and of upstream's decoded bytes (the check for large cases).

Upstream panics on an empty array (size 0), so there is no n = 0 case.
"""

import hashlib
import json
import os
import struct

import numpy as np
import tensogram

from tgwire import one_object

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "core", "codec", "sz3", "testdata")
SMALL = 4100
ALGOS = {0: "lorenzo_reg", 1: "interp_lorenzo", 2: "interp", 3: "nopred", 4: "lossless"}


def field(kind, n, seed):
    rng = np.random.default_rng(seed)
    x = np.arange(n, dtype=np.float64)
    if kind == "constant":
        return np.full(n, 273.15)
    if kind == "smooth":
        return 280.0 + 15.0 * np.sin(x * 0.01) + 3.0 * np.cos(x * 0.0537)
    if kind == "noisy":
        return rng.normal(0.0, 1.0, n)
    if kind == "walk":
        return np.cumsum(rng.normal(0.0, 0.05, n))
    if kind == "outliers":
        a = 10.0 * np.sin(x * 0.02)
        idx = rng.choice(n, size=max(1, n // 50), replace=False)
        a[idx] = rng.choice([1e6, -1e6, 3.5e12], size=idx.size)
        return a
    if kind == "ramp":
        return x * 0.5 - 7.0
    raise ValueError(kind)


def encode(arr, mode, bound):
    desc = {"type": "ntensor", "shape": [int(arr.size)], "dtype": "float64", "byte_order": "little",
            "encoding": "none", "filter": "none", "compression": "sz3",
            "sz3_error_bound_mode": mode, "sz3_error_bound": bound}
    return tensogram.encode({"version": 3}, [(desc, arr)], hash=None)


def algo_of(stream):
    cmp_size = struct.unpack_from("<Q", stream, 8)[0]
    conf = stream[16 + cmp_size:]
    n_dims, width_bits = conf[1], conf[2]
    pos = 3 + (n_dims * width_bits + 7) // 8 + 8
    return ALGOS.get(conf[pos], str(conf[pos]))


CASES = []
for kind in ("smooth", "noisy", "constant", "walk", "outliers", "ramp"):
    for n in (1, 2, 3, 4, 5, 8, 9, 17, 33, 100, 1000, 4097, 10000):
        CASES.append((kind, n, "abs", 0.01))
for kind in ("smooth", "noisy", "walk", "outliers"):
    for mode, bound in (("abs", 0.001), ("abs", 0.1), ("rel", 1e-3), ("rel", 1e-7), ("psnr", 60.0), ("psnr", 120.0)):
        CASES.append((kind, 1000, mode, bound))
    for mode, bound in (("abs", 0.001), ("abs", 0.1), ("rel", 1e-3), ("psnr", 60.0)):
        CASES.append((kind, 100000, mode, bound))
CASES.append(("smooth", 300000, "abs", 0.01))
CASES.append(("smooth", 100000, "rel", 1e-6))
CASES.append(("smooth", 100000, "rel", 1e-9))
CASES.append(("smooth", 1000, "abs", 1e-300))
CASES.append(("noisy", 1000, "abs", 0.0))
MESSAGES = {"smooth_10000_abs_0.01", "noisy_1000_rel_0.001", "walk_100000_psnr_60.0"}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    seed = 0
    entries = []
    for kind, n, mode, bound in CASES:
        seed += 1
        name = "%s_%d_%s_%r" % (kind, n, mode, bound)
        arr = field(kind, n, seed)
        try:
            msg = encode(arr, mode, bound)
        except Exception as exc:  # upstream refuses some bounds; record that
            entries.append({"name": name, "kind": kind, "n": n, "mode": mode, "bound": bound,
                            "encode_error": str(exc)})
            continue
        _, stream = one_object(msg)
        out = tensogram.decode(msg).objects[0][1].astype("<f8").tobytes()
        inp = arr.astype("<f8").tobytes()
        with open(os.path.join(OUT, name + ".sz3"), "wb") as f:
            f.write(stream)
        if n <= SMALL:
            with open(os.path.join(OUT, name + ".in"), "wb") as f:
                f.write(inp)
            with open(os.path.join(OUT, name + ".out"), "wb") as f:
                f.write(out)
        if name in MESSAGES:
            with open(os.path.join(OUT, name + ".tgm"), "wb") as f:
                f.write(msg)
        entries.append({"name": name, "kind": kind, "n": n, "mode": mode, "bound": bound,
                        "algo": algo_of(stream), "stream_bytes": len(stream),
                        "input_sha256": hashlib.sha256(inp).hexdigest(),
                        "decoded_sha256": hashlib.sha256(out).hexdigest()})
    with open(os.path.join(OUT, "vectors.json"), "w") as f:
        json.dump({"generator": "tools/gen_sz3_vectors.py", "tensogram": tensogram.__version__,
                   "cases": entries}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
