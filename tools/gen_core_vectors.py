#!/usr/bin/env python3
"""Generate core/testdata/vectors/: messages written by upstream tensogram
(the oracle, PyPI tensogram==0.24.0) for layouts the upstream golden files do
not cover, plus manifest.json describing the inputs and the decoded values.

Run (the repo's .venv has upstream 0.24.0): .venv/bin/python tools/gen_core_vectors.py
Re-running is not byte-identical: upstream stamps each message with a new
reserved time and uuid (and so a new metadata-frame hash); all else repeats.
(--mutations: core/testdata/handbuilt/expected.json and vectors/mutations.json instead).
The Go tests (core/vectors_test.go) decode every file, compare the decoded
values with upstream's, and re-encode the inputs with the provenance pinned
to the file's values to check byte-for-byte identity.
"""
import json
import os
import struct

import numpy as np
import tensogram as tg

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "testdata", "vectors")

rng = np.random.default_rng(20260422)

NUMPY = {
    "float16": "f2", "float32": "f4", "float64": "f8", "complex64": "c8",
    "complex128": "c16", "int8": "i1", "int16": "i2", "int32": "i4", "int64": "i8",
    "uint8": "u1", "uint16": "u2", "uint32": "u4", "uint64": "u8",
}


def raw_bytes(dtype, shape, order):
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bitmask":
        return bytes(rng.integers(0, 256, (n + 7) // 8, dtype=np.uint8))
    if dtype == "bfloat16":
        f = rng.standard_normal(n).astype("<f4")
        hi = (f.view("<u4") >> 16).astype("<u2")
        return hi.astype(">u2" if order == "big" else "<u2").tobytes()
    code = NUMPY[dtype]
    if dtype.startswith("float") or dtype.startswith("complex"):
        a = rng.standard_normal(n * (2 if dtype.startswith("complex") else 1)).astype("f8")
        if dtype.startswith("complex"):
            a = a[0::2] + 1j * a[1::2]
        a = a.astype(code)
    else:
        info = np.iinfo(code)
        a = rng.integers(info.min, info.max, n, dtype=code, endpoint=True)
    bo = ">" if order == "big" else "<"
    return a.astype(np.dtype(code).newbyteorder(bo)).tobytes()


def native(dtype, data, order):
    """Decoded bytes in the little-endian host order (the test machines)."""
    if order == "little" or dtype in ("int8", "uint8", "bitmask"):
        return data
    unit = {"complex64": 4, "complex128": 8}.get(dtype, {"float16": 2, "bfloat16": 2}.get(dtype))
    if unit is None:
        unit = np.dtype(NUMPY[dtype]).itemsize
    b = bytearray(data)
    for i in range(0, len(b), unit):
        b[i:i + unit] = b[i:i + unit][::-1]
    return bytes(b)


def provenance(msg):
    r = tg.decode(msg).metadata.reserved
    return {"time": r["time"], "uuid": r["uuid"], "encoder": r["encoder"]}


cases = []


def desc(dtype, shape, order="little", **kw):
    d = {"type": "ntensor", "shape": list(shape), "dtype": dtype, "byte_order": order}
    d.update(kw)
    return d


def add(name, meta, objs, mode="buffered", **opts):
    pairs = [(d, data) for d, data in objs]
    if mode == "buffered":
        msg = tg.encode(meta, pairs, **opts)
    else:
        enc = tg.StreamingEncoder(meta, **opts)
        for d, data in pairs:
            enc.write_object(d, data)
        msg = enc.finish_backfilled() if mode == "streaming_backfilled" else enc.finish()
    with open(os.path.join(OUT, name + ".tgm"), "wb") as f:
        f.write(msg)
    dec = tg.decode(msg)
    decoded = []
    for (d, data), (dd, arr) in zip(objs, dec.objects):
        decoded.append({"dtype": dd.dtype, "shape": list(dd.shape), "hex": arr.tobytes().hex()})
    cases.append({
        "name": name, "mode": mode, "options": {k: v for k, v in opts.items()},
        "metadata": meta,
        "objects": [{"descriptor": d, "hex": bytes(data).hex()} for d, data in objs],
        "decoded": decoded,
        "provenance": provenance(msg),
        "length": len(msg),
    })


def main():
    os.makedirs(OUT, exist_ok=True)
    dtypes = ["float16", "bfloat16", "float32", "float64", "complex64", "complex128",
              "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bitmask"]
    for order in ("little", "big"):
        objs = [(desc(dt, [3, 5], order), raw_bytes(dt, [3, 5], order)) for dt in dtypes]
        add("all_dtypes_" + order, {"base": [{"i": i, "dtype": dt} for i, dt in enumerate(dtypes)]}, objs)
    add("zero_objects", {"_extra_": {"note": "empty"}}, [])
    add("zero_objects_unhashed", {}, [], hash=None)
    add("scalar_and_empty", {"base": [{"k": "scalar"}, {"k": "empty"}, {"k": "zero-dim"}]},
        [(desc("float64", []), raw_bytes("float64", [], "little")),
         (desc("float32", [0]), b""),
         (desc("int16", [3, 0, 5]), b"")])
    one = [(desc("float32", [4]), raw_bytes("float32", [4], "little"))]
    add("unhashed", {"base": [{"p": "x"}]}, one, hash=None)
    for pol in ("none", "footer", "both"):
        add("policy_" + pol, {"base": [{"p": pol}]}, one + one, aggregate_hash=pol)
    add("policy_footer_unhashed", {}, one, aggregate_hash="footer", hash=None)
    meta = {"base": [{"mars": {"param": "2t", "levelist": [1000, 850, 500]}, "f": 0.1,
                      "h": 1.5, "neg": -7, "big": 9223372036854775807, "min": -9223372036854775808,
                      "b": True, "n": None, "s": "é"}],
            "_extra_": {"source": "gen_core_vectors", "nested": {"x": [1, 2.5, "y"]}},
            "product": "free-form top-level"}
    add("rich_metadata", meta, one)
    nan = np.array([1.0, np.nan, np.inf, -np.inf, 5.0, np.nan], dtype="<f8")
    add("masks_small", {}, [(desc("float64", [6]), nan.tobytes())], allow_nan=True, allow_inf=True)
    c = np.array([1 + 1j, complex(np.nan, 0), complex(0, np.inf), complex(-np.inf, 1)], dtype="<c8")
    add("masks_complex", {}, [(desc("complex64", [4]), c.tobytes())], allow_nan=True, allow_inf=True)
    add("streaming", {"base": [{"p": "a"}, {"p": "b"}, {"p": "dropped"}], "_extra_": {"e": 1}},
        [(desc("float32", [2, 2]), raw_bytes("float32", [2, 2], "little")),
         (desc("uint16", [3], "big"), raw_bytes("uint16", [3], "big"))], mode="streaming")
    add("streaming_backfilled", {"base": [{"p": "a"}]}, one, mode="streaming_backfilled")
    add("streaming_unhashed", {}, one, mode="streaming", hash=None)
    add("streaming_policy_none", {}, one, mode="streaming", aggregate_hash="none")
    add("streaming_empty", {"_extra_": {"k": "v"}}, [], mode="streaming")
    many = [(desc("uint8", [i % 7 + 1]), bytes(range(i % 7 + 1))) for i in range(120)]
    add("many_objects", {}, many)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(cases, f, indent=1, default=lambda b: {"$bytes": b.hex()})
        f.write("\n")


# ---------------------------------------------------------------------------
# Differential cases: mutated copies of the goldens and vectors, with
# upstream's decode outcome and validator issue codes per mode.
# Stored as recipes (base file + byte edits + truncation) to stay small.

def gen_handbuilt():
    """Upstream's decode of the Go-built layouts in core/testdata/handbuilt."""
    d = os.path.join(OUT, "..", "handbuilt")
    res = {}
    for n in sorted(os.listdir(d)):
        if not n.endswith(".tgm"):
            continue
        b = open(os.path.join(d, n), "rb").read()
        m = tg.decode(b)
        md = tg.decode_metadata(b)
        res[n] = {
            "base": m.metadata.base, "extra": m.metadata.extra, "reserved": m.metadata.reserved,
            "first_extra": md.extra, "first_base": md.base,
            "objects": [{"dtype": dd.dtype, "shape": list(dd.shape), "byte_order": dd.byte_order,
                         "params": dd.params, "hex": a.tobytes().hex()} for dd, a in m.objects],
            "validate": sorted({x["code"] for x in tg.validate(b)["issues"]}),
        }
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
        f.write("\n")


def run_case(path, edits, trunc):
    """Upstream outcomes for one mutated message (runs in a child process)."""
    buf = bytearray(open(path, "rb").read())
    for off, val in edits:
        buf[off] = val
    buf = bytes(buf[:trunc])
    res = {}
    for key, kw in (("decode", {}), ("verify", {"verify_hash": True})):
        try:
            tg.decode(buf, **kw)
            res[key] = "ok"
        except tg.IntegrityError as e:
            res[key] = type(e).__name__ + ":" + str(getattr(e, "object_index", ""))
        except ValueError as e:
            res[key] = str(e).split(":", 1)[0]
    codes = {}
    for level in ("quick", "default", "checksum", "full"):
        r = tg.validate(buf, level=level)
        codes[level] = sorted({x["code"] for x in r["issues"]})
        codes[level + "_hash_verified"] = r["hash_verified"]
    r = tg.validate(buf, level="quick", check_canonical=True)
    codes["canonical"] = sorted({x["code"] for x in r["issues"]})
    codes["canonical_hash_verified"] = r["hash_verified"]
    res["validate"] = codes
    return res


def gen_mutations(n=1500, seed=7):
    """Random byte edits / truncations of every small fixture, with
    upstream's outcomes, computed in worker processes (a case that hangs
    upstream — its verify walk loops on a zero frame length — is recorded
    as a timeout)."""
    import random
    import select
    import subprocess
    import sys
    rnd = random.Random(seed)
    root = os.path.join(OUT, "..")
    bases = []
    for d in ("golden", "vectors", "handbuilt"):
        for name in sorted(os.listdir(os.path.join(root, d))):
            p = os.path.join(root, d, name)
            if name.endswith(".tgm") and os.path.getsize(p) < 3000:
                bases.append((d + "/" + name, open(p, "rb").read()))
    cases = []
    for _ in range(n):
        rel, b = bases[rnd.randrange(len(bases))]
        edits = []
        kind = rnd.random()
        if kind < 0.7:
            for _ in range(rnd.randint(1, 4)):
                off = rnd.randrange(len(b))
                edits.append([off, rnd.choice([0, 0xff, b[off] ^ (1 << rnd.randrange(8)), rnd.randrange(256)])])
        trunc = len(b)
        if 0.7 <= kind < 0.85:
            trunc = rnd.randrange(len(b))
        cases.append({"base": rel, "edits": edits, "truncate": trunc})
    i = 0
    while i < len(cases):
        p = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
        while i < len(cases):
            p.stdin.write(json.dumps(cases[i]) + "\n")
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 10)
            line = p.stdout.readline() if ready else ""
            if not line:
                p.kill()
                cases[i]["timeout"] = True
                i += 1
                break
            cases[i].update(json.loads(line))
            i += 1
        else:
            p.stdin.close()
            p.wait()
    with open(os.path.join(OUT, "mutations.json"), "w") as f:
        json.dump(cases, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    import sys
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        c = json.loads(sys.argv[2])
        print(json.dumps(run_case(os.path.join(OUT, "..", c["base"]), c["edits"], c["truncate"])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--worker":
        for line in sys.stdin:
            c = json.loads(line)
            r = run_case(os.path.join(OUT, "..", c["base"]), c["edits"], c["truncate"])
            print(json.dumps(r), flush=True)
    elif len(sys.argv) > 1 and sys.argv[1] == "--mutations":
        gen_handbuilt()
        gen_mutations()
    else:
        main()
