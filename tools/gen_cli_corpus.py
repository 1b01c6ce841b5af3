#!/usr/bin/env python3
"""Write the small message files the CLI golden tests run over.

Run with a Python that has upstream's `tensogram` 0.24.0 installed:
    python tools/gen_cli_corpus.py cmd/tensogram-go/testdata/corpus
The files are committed; tools/gen_cli_goldens.py then records what
upstream's `tensogram` CLI prints for each case.
"""
import os
import shutil
import sys

import numpy as np
import tensogram as tg

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "core", "testdata", "golden")


def desc(dtype, shape, **params):
    d = {"type": "ntensor", "shape": list(shape), "dtype": dtype}
    d.update(params)
    return d


def f32(vals):
    return np.array(vals, dtype=np.float32)


def write(out, name, msgs):
    with open(os.path.join(out, name), "wb") as f:
        for m in msgs:
            f.write(m)


def fixtures(out):
    e = [tg.encode({"_extra_": {"param": p}}, [(desc("float32", [4]), f32([1, 2, 3, 4]))]) for p in ("2t", "msl")]
    write(out, "E.tgm", e)
    m = [
        tg.encode({"base": [{"mars": {"param": p, "date": 20260401, "step": s}}], "_extra_": {"source": "test"}},
                  [(desc("float32", [4]), f32([1, 2, 3, 4]))])
        for p, s in (("2t", 0), ("msl", 6))
    ]
    write(out, "M.tgm", m)
    p = tg.encode({"base": [{"param": "2t"}, {"param": "msl"}], "_extra_": {"centre": "ecmwf"}},
                  [(desc("float32", [4]), f32([1, 2, 3, 4])),
                   (desc("float64", [4], compression="zstd", zstd_level=3), np.arange(4, dtype=np.float64))])
    write(out, "P.tgm", [p])
    return m, p


def codecs(out):
    x = np.linspace(200.0, 300.0, 64).reshape(8, 8)
    cases = {
        "sp_szip": dict(encoding="simple_packing", sp_bits_per_value=24, compression="szip",
                        szip_rsi=128, szip_block_size=16, szip_flags=8),
        "shuffle_zstd": dict(filter="shuffle", shuffle_element_size=8, compression="zstd", zstd_level=3),
        "lz4": dict(compression="lz4"),
        "blosc2": dict(compression="blosc2", blosc2_codec="lz4", blosc2_clevel=5),
        "zfp": dict(compression="zfp", zfp_mode="fixed_rate", zfp_rate=16.0),
        "sz3": dict(compression="sz3", sz3_error_bound_mode="abs", sz3_error_bound=0.1),
    }
    for name, params in cases.items():
        d = desc("float64", [8, 8], **params)
        if params.get("encoding") == "simple_packing":
            d.update(tg.compute_packing_params(x.ravel(), 24, 0))
        msg = tg.encode({"base": [{"codec": name}]}, [(d, x)])
        write(out, "codec_%s.tgm" % name, [msg])


def special(out, m, p):
    # dtypes and byte orders
    objs = []
    for dt in ("int8", "uint16", "int32", "uint64", "float16", "complex64", "float64"):
        a = np.arange(6).astype(dt).reshape(2, 3)
        if dt in ("float16", "complex64"):
            a = a.tobytes()
        objs.append((desc(dt, [2, 3], byte_order="little"), a))
    objs.append((desc("float32", [], byte_order="big"), np.array(1.5, dtype=np.float32)))
    write(out, "dtypes.tgm", [tg.encode({"base": [{"i": i} for i in range(len(objs))]}, objs)])
    # value types in base / extra
    vals = {"f25": 2.5, "f1": 1.0, "f20": 1e20, "fsmall": 1e-7, "f5": 1e-5, "neg": -7, "u64": 2**64 - 1,
            "i64min": -(2**63), "b": True, "n": None, "nested": {"z": 1, "a": {"y": [1, "x", 2.0]}},
            "arr": [1, "x", 1e20, 1e-5], "nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"),
            "negzero": -0.0, "text": "hello world", "Upper": "U", "version": "user"}
    write(out, "values.tgm", [tg.encode({"base": [dict(vals)], "_extra_": {"version": "x", "deep": {"k": 1}}},
                                        [(desc("float32", [2]), f32([1, 2]))])])
    # zero-object message, unhashed message, masks
    write(out, "zero.tgm", [tg.encode({"_extra_": {"note": "empty", "mars": {"param": "z"}}}, [])])
    write(out, "unhashed.tgm", [tg.encode({"base": [{"param": "u"}]}, [(desc("float32", [3]), f32([1, 2, 3]))], hash=None)])
    a = np.array([1.0, np.nan, 3.0, np.inf, -np.inf, 6.0], dtype=np.float64)
    masks = [tg.encode({"base": [{"m": meth}]}, [(desc("float64", [6]), a)], allow_nan=True, allow_inf=True,
                       nan_mask_method=meth, pos_inf_mask_method=meth, neg_inf_mask_method=meth,
                       small_mask_threshold_bytes=0)
             for meth in ("none", "rle", "roaring", "lz4", "zstd")]
    write(out, "masks.tgm", masks)
    raw = np.array([1.0, np.nan, 3.0], dtype=np.float64)
    write(out, "nan_raw.tgm", [tg.encode_pre_encoded({"base": [{"param": "nan"}]},
                                                     [(desc("float64", [3], byte_order="little"), raw.astype("<f8").tobytes())])])
    # streaming (total_length 0, footer metadata/index) and backfilled
    enc = tg.StreamingEncoder({"_extra_": {"param": "stream"}})
    enc.write_object(desc("float32", [4]), f32([1, 2, 3, 4]))
    enc.write_object(desc("float64", [2], compression="lz4"), np.array([5.0, 6.0]))
    s1 = enc.finish()
    enc = tg.StreamingEncoder({"base": [{"param": "bf"}]})
    enc.write_object(desc("int16", [3]), np.array([1, 2, 3], dtype=np.int16))
    s2 = enc.finish_backfilled()
    write(out, "streaming.tgm", [s1, s2])
    # multi-message mixtures and damaged files
    e = open(os.path.join(out, "E.tgm"), "rb").read()
    write(out, "mixed.tgm", [e, p, b"garbage!", m[0]])
    write(out, "empty.tgm", [])
    write(out, "garbage.tgm", [bytes(range(7, 26))])
    write(out, "junk.tgm", [m[0], m[1], b"J" * 21])
    c = bytearray(p)
    c[int(len(c) * 0.7)] ^= 0xFF
    write(out, "corrupt.tgm", [bytes(c)])
    mm = m[0] + m[1]
    write(out, "truncated.tgm", [mm[: len(m[0]) + len(m[1]) // 2]])
    meta = bytearray(m[0])
    meta[40] ^= 0xFF  # inside the header metadata frame body
    write(out, "badmeta.tgm", [bytes(meta)])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(GOLDEN)):
        if name.endswith(".tgm"):
            shutil.copy(os.path.join(GOLDEN, name), os.path.join(out, "golden_" + name))
    m, p = fixtures(out)
    codecs(out)
    special(out, m, p)


if __name__ == "__main__":
    main()
