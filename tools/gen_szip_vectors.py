#!/usr/bin/env python3
"""Generate upstream szip vectors for core/codec/szip (Go) tests.

Run with the oracle interpreter (upstream tensogram 0.24.0 + numpy; the repo's .venv has both):

    .venv/bin/python tools/gen_szip_vectors.py

For every case the script encodes a deterministic array twice with
upstream's public API: once with compression "none" (giving the exact bytes
upstream feeds to szip: simple_packing output, or the raw little-endian
samples) and once with compression "szip". From each message it extracts
the data-object payload region by walking the frames (tools/tgwire.py: with
CBOR_AFTER_PAYLOAD the payload region of an NTensorFrame is [16, cbor_offset)
and the descriptor follows) and the descriptor's szip_block_offsets.

Upstream stores libaec's RSI offsets, some of which are defective
(docs/codecs.md, szip). To document them independently of the Go code, the
script asks upstream's own decode_range for each RSI and records the RSIs
whose range decode fails or returns wrong values ("upstream_bad_rsis").

Output: core/codec/szip/testdata/vectors.json (byte strings as hex).
"""

import json
import os

import numpy as np
import tensogram

from tgwire import one_object

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "core", "codec", "szip", "testdata", "vectors.json")


def encode(desc, arr):
    return tensogram.encode({"version": 3}, [(desc, arr)], hash=None)


def effective(desc, bps):
    flags = desc["szip_flags"]
    if desc.get("encoding") == "simple_packing":
        flags |= 4
    if 16 < bps <= 24:
        flags |= 2
    return flags


def case(name, arr, dtype, bps, rsi, block, flags, packing=None, note=""):
    base = {"type": "ntensor", "shape": [int(arr.size)], "dtype": dtype,
            "byte_order": "little", "encoding": "none", "filter": "none"}
    if packing is not None:
        base["encoding"] = "simple_packing"
        base.update(packing)
    plain = dict(base, compression="none")
    raw_desc, raw = one_object(encode(plain, arr))
    sz = dict(base, compression="szip", szip_rsi=rsi, szip_block_size=block, szip_flags=flags)
    msg = encode(sz, arr)
    desc, payload = one_object(msg)
    offsets = desc.get("szip_block_offsets", [])
    full = tensogram.decode(msg).objects[0][1].reshape(-1)
    n = int(arr.size)
    per = rsi * block
    bad = []
    for i in range(1, len(offsets)):
        start, count = i * per, min(per, n - i * per)
        try:
            got = tensogram.decode_range(msg, 0, [(start, count)])[0]
            ok = np.array_equal(got.view(np.uint8), full[start:start + count].view(np.uint8))
        except Exception:  # upstream reports some defective offsets as errors
            ok = False
        if not ok:
            bad.append(i)
    return {
        "name": name,
        "note": note,
        "bits_per_sample": bps,
        "block_size": block,
        "rsi": rsi,
        "szip_flags": flags,
        "flags": effective(sz, bps),
        "samples": n,
        "input": raw.hex(),
        "payload": payload.hex(),
        "offsets": offsets,
        "upstream_bad_rsis": bad,
        "packing": {k: raw_desc[k] for k in raw_desc if k.startswith("sp_")},
    }


def main():
    rng = np.random.default_rng(20240624)
    out = []

    golden2 = 273.15 + 0.01 * np.arange(32)
    out.append(case("sp24_golden2", golden2, "float64", 24, 128, 16, 8,
                    {"sp_bits_per_value": 24}, "worked example 2 (libaec-traced)"))

    x = np.linspace(0, 6 * np.pi, 6000)
    field = 250 + 30 * np.sin(x) * np.cos(0.37 * x) + 0.01 * rng.standard_normal(x.size)
    out.append(case("sp24_field_headline", field, "float64", 24, 128, 16, 8,
                    {"sp_bits_per_value": 24}, "headline shape: sp24 + szip rsi 128 block 16 flags 8"))

    # Piecewise-constant steps: each 32-sample RSI is constant for three
    # blocks and changes in its last block, the pattern that makes libaec
    # record a defective offset for the next RSI.
    steps = np.repeat(np.arange(40, dtype=np.float64) * 1.5, 32)
    steps = steps.reshape(-1, 32)
    steps[:, 24:] += np.linspace(0, 1, 8)
    steps = steps.reshape(-1)
    out.append(case("sp24_steps_defect", steps, "float64", 24, 4, 8, 8,
                    {"sp_bits_per_value": 24}, "constant blocks then a changing last block per RSI"))

    smooth = 1000 + np.cumsum(rng.standard_normal(3001))
    out.append(case("sp16_walk", smooth, "float64", 16, 32, 32, 8, {"sp_bits_per_value": 16}))
    out.append(case("sp8_walk", smooth[:1500], "float64", 8, 16, 8, 8, {"sp_bits_per_value": 8}))
    out.append(case("sp32_walk", smooth, "float64", 32, 64, 64, 8, {"sp_bits_per_value": 32}))
    out.append(case("sp24_flags128", golden2, "float64", 24, 128, 16, 128,
                    {"sp_bits_per_value": 24}, "bench quirk: 128 is no libaec flag, so no preprocessing"))
    out.append(case("sp24_flags0_field", field[:2000], "float64", 24, 32, 16, 0,
                    {"sp_bits_per_value": 24}))

    sparse = np.zeros(5000, dtype=np.uint16)
    sparse[rng.integers(0, 5000, 40)] = rng.integers(1, 65535, 40, dtype=np.uint16)
    out.append(case("u16_sparse_zero_runs", sparse, "uint16", 16, 64, 16, 8,
                    note="long zero runs (ROS), partial last RSI"))
    out.append(case("u16_sparse_nopre", sparse, "uint16", 16, 8, 8, 0))
    u8 = (128 + 100 * np.sin(np.arange(2500) / 17.0)).astype(np.uint8)
    out.append(case("u8_wave", u8, "uint8", 8, 16, 8, 8))
    i16 = (3000 * np.sin(np.arange(4000) / 50.0) + rng.integers(-3, 4, 4000)).astype(np.int16)
    out.append(case("i16_signed_pre", i16, "int16", 16, 32, 16, 9, note="SIGNED|PREPROCESS"))
    u32 = rng.integers(0, 2**32, 700, dtype=np.uint64).astype(np.uint32)
    out.append(case("u32_random", u32, "uint32", 32, 8, 64, 8, note="incompressible: uncompressed blocks"))
    f32 = np.linspace(-5, 5, 1500).astype(np.float32)
    out.append(case("f32_raw_nopre", f32, "float32", 32, 16, 32, 0))
    out.append(case("empty", np.zeros(0, dtype=np.float64), "float64", 24, 128, 16, 8,
                    {"sp_bits_per_value": 24, "sp_reference_value": 0.0, "sp_binary_scale_factor": 0},
                    "empty tensor: empty payload, empty offsets"))

    doc = {
        "generator": "tools/gen_szip_vectors.py",
        "upstream": "tensogram " + tensogram.__version__,
        "vectors": out,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for v in out:
        print("%-24s n=%5d payload=%6d B offsets=%4d bad=%s" % (
            v["name"], v["samples"], len(v["payload"]) // 2, len(v["offsets"]), v["upstream_bad_rsis"][:10]))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
