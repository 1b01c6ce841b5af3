#!/usr/bin/env python3
"""Generate upstream szip vectors for core/codec/szip (Go) tests.

Run with the oracle interpreter (upstream tensogram 0.24.0 + numpy):

    /tmp/oracle/bin/python tools/gen_szip_vectors.py

For every case the script encodes a deterministic array twice with
upstream's public API: once with compression "none" (giving the exact bytes
upstream feeds to szip: simple_packing output, or the raw little-endian
samples) and once with compression "szip". From each message it extracts
the data-object payload region by walking the frames (wire-format.md: 24-byte
preamble; frames start with "FR", type u16, version u16, flags u16,
total_length u64, all big-endian; an NTensorFrame (type 9) ends with cbor_offset u64,
hash u64, "ENDF"; with CBOR_AFTER_PAYLOAD the payload region is
[16, cbor_offset) and the descriptor follows) and the descriptor's
szip_block_offsets.

Upstream stores libaec's RSI offsets, some of which are defective
(encodings.md 8.7). To document them independently of the Go code, the
script asks upstream's own decode_range for each RSI and records the RSIs
whose range decode fails or returns wrong values ("upstream_bad_rsis").

Output: core/codec/szip/testdata/vectors.json (byte strings as hex).
"""

import json
import os
import struct

import numpy as np
import tensogram

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "core", "codec", "szip", "testdata", "vectors.json")


def cbor_item(buf, pos):
    """Decode one CBOR item (the subset descriptors use); return (value, end)."""
    ib = buf[pos]
    major, info = ib >> 5, ib & 31
    pos += 1
    if major == 7:
        if info == 25:
            return float(np.frombuffer(buf[pos:pos + 2], ">f2")[0]), pos + 2
        if info == 26:
            return struct.unpack(">f", buf[pos:pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", buf[pos:pos + 8])[0], pos + 8
        return {20: False, 21: True, 22: None}[info], pos
    if info < 24:
        val = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        val = int.from_bytes(buf[pos:pos + size], "big")
        pos += size
    if major == 0:
        return val, pos
    if major == 1:
        return -1 - val, pos
    if major == 2:
        return bytes(buf[pos:pos + val]), pos + val
    if major == 3:
        return bytes(buf[pos:pos + val]).decode(), pos + val
    if major == 4:
        items = []
        for _ in range(val):
            item, pos = cbor_item(buf, pos)
            items.append(item)
        return items, pos
    if major == 5:
        items = {}
        for _ in range(val):
            key, pos = cbor_item(buf, pos)
            items[key], pos = cbor_item(buf, pos)
        return items, pos
    if major == 6:
        return cbor_item(buf, pos)
    raise ValueError("unsupported CBOR major type %d" % major)


def data_objects(msg):
    """Yield (descriptor, payload region) for each NTensorFrame of a message."""
    assert msg[:8] == b"TENSOGRM", "bad magic"
    pos = 24
    end = len(msg) - 24
    while pos < end:
        if msg[pos:pos + 2] != b"FR":
            pos += 8  # alignment padding
            continue
        ftype, _ver, flags, total = struct.unpack(">HHHQ", msg[pos + 2:pos + 16])
        frame = msg[pos:pos + total]
        assert frame[-4:] == b"ENDF", "missing ENDF"
        if ftype == 9:
            assert flags & 1, "only CBOR_AFTER_PAYLOAD is written upstream"
            cbor_off = struct.unpack(">Q", frame[-20:-12])[0]
            desc, _ = cbor_item(frame, cbor_off)
            yield desc, bytes(frame[16:cbor_off])
        pos += (total + 7) // 8 * 8


def one_object(msg):
    objs = list(data_objects(msg))
    assert len(objs) == 1
    return objs[0]


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
                    {"sp_bits_per_value": 24}, "encodings.md 8.9 golden 2"))

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
