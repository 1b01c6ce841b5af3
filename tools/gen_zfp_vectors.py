#!/usr/bin/env python3
"""Generate upstream zfp vectors for core/codec/zfp and core (Go) tests.

Run with an interpreter that has upstream tensogram 0.24.0 and numpy (the
repo's .venv has both):

    .venv/bin/python tools/gen_zfp_vectors.py

Codec vectors: for every data kind, size and mode the script encodes a
deterministic float64 array with upstream's public API (compression "zfp",
1-D shape), extracts the raw zfp stream from the data-object payload region
(tools/tgwire.py) and decodes the message with upstream to get its exact
decoded values. Upstream rejects NaN/Inf before zfp sees them (strict-NaN
check, or substitution by 0 with masks), so no case holds them; the Go
test built with the libzfp tag covers them against libzfp directly.

Message vectors: a few whole upstream messages (several shapes, every mode)
with upstream's decoded values, for the core stage tests. Upstream stamps
each message with fresh provenance metadata, so messages.json.gz differs
from run to run (its payloads and values do not); vectors.json.gz is
reproducible byte for byte.

Output: core/codec/zfp/testdata/vectors.json.gz (codec cases) and
core/codec/zfp/testdata/messages.json.gz (messages); byte strings as hex,
values as little-endian float64 bytes.
"""

import gzip
import json
import os

import numpy as np
import tensogram

from tgwire import one_object

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TESTDATA = os.path.join(ROOT, "core", "codec", "zfp", "testdata")

MODES = [
    ("fixed_rate", "zfp_rate", 0.0),
    ("fixed_rate", "zfp_rate", 2.6),
    ("fixed_rate", "zfp_rate", 8.0),
    ("fixed_rate", "zfp_rate", 16.0),
    ("fixed_rate", "zfp_rate", 33.25),
    ("fixed_rate", "zfp_rate", 64.0),
    ("fixed_precision", "zfp_precision", 1),
    ("fixed_precision", "zfp_precision", 12),
    ("fixed_precision", "zfp_precision", 32),
    ("fixed_precision", "zfp_precision", 64),
    ("fixed_accuracy", "zfp_tolerance", 1e-9),
    ("fixed_accuracy", "zfp_tolerance", 1e-3),
    ("fixed_accuracy", "zfp_tolerance", 0.5),
    ("fixed_accuracy", "zfp_tolerance", 1e300),
]

SMALL_SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9]
LARGE_SIZES = [1003]


def data(kind, n, seed):
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64) / max(n, 1)
    if kind == "smooth":
        return np.sin(6 * t) * 300 + 12.5
    if kind == "noisy":
        return rng.normal(size=n) * 1e3
    if kind == "constant":
        return np.full(n, 271.15)
    if kind == "zeros":
        return np.zeros(n)
    if kind == "denormal":
        return rng.integers(-(1 << 19), 1 << 19, size=n).astype(np.float64) * 5e-324
    if kind == "huge":
        return (rng.random(n) * 2 - 1) * np.finfo(np.float64).max
    if kind == "tiny":
        return rng.normal(size=n) * np.ldexp(1.0, -960 - rng.integers(0, 60, size=n))
    if kind == "mixed":
        return rng.normal(size=n) * np.ldexp(1.0, rng.integers(-100, 100, size=n))
    if kind == "ints":
        return rng.integers(-1000, 1000, size=n).astype(np.float64)
    raise ValueError(kind)


KINDS = ["smooth", "noisy", "constant", "zeros", "denormal", "huge", "tiny", "mixed", "ints"]


def descriptor(shape, mode, key, value):
    return {"type": "ntensor", "shape": list(shape), "dtype": "float64", "byte_order": "little",
            "encoding": "none", "filter": "none", "compression": "zfp", "zfp_mode": mode, key: value}


def encode(desc, arr):
    return tensogram.encode({"version": 3}, [(desc, arr)], hash=None)


def decoded_bytes(msg):
    out = tensogram.decode(msg).objects[0][1]
    return np.ascontiguousarray(out, dtype="<f8").tobytes()


def codec_cases():
    cases = []
    seed = 0
    for kind in KINDS:
        sizes = SMALL_SIZES + (LARGE_SIZES if kind in ("smooth", "noisy", "mixed") else [])
        for n in sizes:
            seed += 1
            arr = data(kind, n, seed)
            for mode, key, value in MODES:
                msg = encode(descriptor([n], mode, key, value), arr)
                _, stream = one_object(msg)
                cases.append({"kind": kind, "n": n, "mode": mode, "param": value,
                              "input": arr.astype("<f8").tobytes().hex(), "stream": stream.hex(),
                              "decoded": decoded_bytes(msg).hex()})
    return cases


def message_cases():
    cases = []
    shapes = [[0], [1], [5], [3, 7], [2, 3, 4], [1000]]
    for i, shape in enumerate(shapes):
        n = int(np.prod(shape))
        arr = data("smooth" if i % 2 else "noisy", n, 100 + i).reshape(shape)
        for mode, key, value in MODES[2:4] + MODES[8:9] + MODES[11:12]:
            msg = encode(descriptor(shape, mode, key, value), arr)
            cases.append({"shape": shape, "mode": mode, "param": value, "input": arr.astype("<f8").tobytes().hex(),
                          "message": msg.hex(), "decoded": decoded_bytes(msg).hex()})
    return cases


def write(name, cases):
    path = os.path.join(TESTDATA, name)
    body = json.dumps({"generator": "tools/gen_zfp_vectors.py", "upstream": "tensogram " + tensogram.__version__,
                       "cases": cases}, indent=0).encode()
    with open(path, "wb") as f:
        f.write(gzip.compress(body, mtime=0))
    print("wrote %s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))


def main():
    os.makedirs(TESTDATA, exist_ok=True)
    write("vectors.json.gz", codec_cases())
    write("messages.json.gz", message_cases())


if __name__ == "__main__":
    main()
