#!/usr/bin/env python3
"""Generate cross-check vectors for the Go codec packages from upstream Tensogram.

Run with the oracle interpreter (upstream tensogram 0.24.0 + numpy; the repo's .venv has both):

    .venv/bin/python tools/gen_codec_vectors.py            # write vectors
    .venv/bin/python tools/gen_codec_vectors.py --check-zstd DIR

The first form encodes deterministic inputs with upstream's public API
(tensogram.encode with descriptors selecting one codec), extracts the payload
region of each data-object frame by walking the frames of the returned
message (tools/tgwire.py), and writes one JSON file per Go package under
core/codec/<pkg>/testdata/.

The second form checks that every *.zst file written by the Go zstd tests
(go test ./core/codec/zstd -run TestWriteInteropFrames -args -write-dir DIR)
decodes with upstream to the matching *.raw file, proving that our frames are
readable by upstream.

Byte arrays are stored as lowercase hex. Large inputs are described by a
generator formula ("gen") that the Go tests reproduce instead of storing the
bytes.
"""

import json
import os
import struct
import sys

import numpy as np
import tensogram

from tgwire import one_object

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CODEC = os.path.join(ROOT, "core", "codec")


def encode_one(desc, data, **kw):
    base = dict(type="ntensor", byte_order="little", encoding="none",
                filter="none", compression="none")
    base.update(desc)
    if isinstance(data, np.ndarray):
        data = data.tobytes()
    msg = tensogram.encode({"version": 3}, [(base, data)], **kw)
    out_desc, region = one_object(msg)
    return msg, out_desc, region


def write(pkg, **doc):
    """Write core/codec/<pkg>/testdata/vectors.json: doc plus the upstream version."""
    doc = dict(doc, source="tensogram %s" % tensogram.__version__)
    path = os.path.join(CODEC, pkg, "testdata", "vectors.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %s (%d bytes)" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


def gen_bytes(kind, n):
    """Deterministic generated inputs, mirrored by the Go tests."""
    if kind == "ramp":  # compressible: slow ramp with a short period
        return bytes(((i // 7) * 3 + (i % 5)) & 0xFF for i in range(n))
    if kind == "lcg":  # incompressible: 32-bit LCG, top byte
        out, x = bytearray(n), 12345
        for i in range(n):
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
            out[i] = x >> 24
        return bytes(out)
    if kind == "far":  # 1000 LCG bytes, zeros, the same 1000 bytes again
        blk = gen_bytes("lcg", 1000)
        return blk + bytes(n - 2000) + blk
    raise ValueError(kind)


# --------------------------------------------------------------------------
# simple_packing


def simple_packing():
    rng = np.random.default_rng(20240601)
    cases = []

    def add(name, vals, bits, dec=None, ref=None, bsf=None, order="little", ranges=()):
        vals = np.asarray(vals, dtype=np.float64)
        desc = dict(shape=[len(vals)], dtype="float64", encoding="simple_packing",
                    byte_order=order, sp_bits_per_value=bits)
        if dec is not None:
            desc["sp_decimal_scale_factor"] = dec
        if ref is not None:
            desc["sp_reference_value"] = ref
            desc["sp_binary_scale_factor"] = bsf
        data = vals.astype(">f8").tobytes() if order == "big" else vals.astype("<f8")
        msg, d, region = encode_one(desc, data)
        decoded = tensogram.decode(msg).objects[0][1].astype("<f8")
        case = dict(
            name=name, bits=bits, order=order,
            input=vals.astype("<f8").tobytes().hex(),
            reference_value=struct.pack("<d", d["sp_reference_value"]).hex(),
            binary_scale_factor=d["sp_binary_scale_factor"],
            decimal_scale_factor=d["sp_decimal_scale_factor"],
            packed=region.hex(),
            decoded=decoded.tobytes().hex(),
            explicit=ref is not None,
        )
        if ref is None:
            cp = tensogram.compute_packing_params(vals, bits, dec or 0)
            assert cp["sp_reference_value"] == d["sp_reference_value"] or len(vals) == 0
            assert cp["sp_binary_scale_factor"] == d["sp_binary_scale_factor"]
        rs = []
        for off, cnt in ranges:
            got = tensogram.decode_range(msg, 0, [(off, cnt)])[0].astype("<f8")
            rs.append(dict(offset=off, count=cnt, decoded=got.tobytes().hex()))
        case["ranges"] = rs
        cases.append(case)

    add("spec_row1", [250.0, 251.3, 252.7], 16)
    add("spec_row2", [250.0, 251.3, 252.7], 12)
    add("spec_row3", [250.0, 251.3, 252.7], 16, dec=1)
    add("spec_row4", [0, 0.5, 1, 2], 8)
    add("spec_row6", [-1.5, 0.25, 3, 7.75, 0.001], 24)
    add("spec_row7", [0, 65535], 16)
    for bits in (1, 2, 3, 7, 8, 9, 12, 13, 16, 17, 23, 24, 25, 31, 32, 33, 40, 48, 53, 56, 57, 63, 64):
        n = 37 + bits
        vals = 270.0 + 25.0 * rng.standard_normal(n)
        add("random_b%d" % bits, vals, bits, ranges=[(0, 1), (3, 11), (n - 5, 5), (n - 1, 1)])
    for dec in (-2, 1, 2, 3):
        vals = rng.uniform(-50.0, 50.0, 29)
        add("decimal_d%d_b16" % dec, vals, 16, dec=dec)
        add("decimal_d%d_b11" % dec, vals, 11, dec=dec)
    add("constant_b16", [42.0] * 3, 16)
    add("constant_b13", [-7.25] * 17, 13)
    add("constant_b0", [5.5] * 9, 0)
    add("zero_bits_varying", [1.0, 2.0, 3.0], 0)
    add("single_b24", [273.15], 24)
    add("empty_b24", [], 24)
    add("big_endian_b24", 273.15 + 0.01 * np.arange(32), 24, order="big")
    add("golden2_b24", 273.15 + 0.01 * np.arange(32), 24)
    add("explicit_clamp_b8", [0.0, 1.0, 300.0, -5.0, 255.4], 8, ref=0.0, bsf=0)
    add("explicit_scale_b16", [1.0, 2.0, 3.5], 16, dec=2, ref=1.0, bsf=-3)
    add("tiny_range_b24", [1.0, 1.0 + 2 ** -40, 1.0 + 2 ** -41], 24)
    add("large_mag_b32", [1e70, -1e70, 0.0], 32)
    add("block_1023_b24", 20.0 * rng.standard_normal(1023), 24)
    write("simplepacking", cases=cases)


# --------------------------------------------------------------------------
# shuffle


def shuffle():
    rng = np.random.default_rng(7)
    cases = []

    def add(name, arr, dtype, size, encoding=None, extra=None):
        desc = dict(shape=[len(arr)], dtype=dtype, filter="shuffle", shuffle_element_size=size)
        if encoding:
            desc["encoding"] = encoding
            desc.update(extra)
        _, _, region = encode_one(desc, arr)
        cases.append(dict(name=name, element_size=size,
                          input=(arr.tobytes() if encoding is None else b"").hex(),
                          output=region.hex()))

    add("float32_s4", np.array([1.0, 2.0], dtype="<f4"), "float32", 4)
    add("float32_s4_random", rng.standard_normal(33).astype("<f4"), "float32", 4)
    add("float64_s8", rng.standard_normal(17).astype("<f8"), "float64", 8)
    add("float64_s4", rng.standard_normal(9).astype("<f8"), "float64", 4)
    add("int16_s2", rng.integers(-30000, 30000, 25).astype("<i2"), "int16", 2)
    add("uint8_s1", rng.integers(0, 256, 19).astype("u1"), "uint8", 1)
    add("uint8_s3", rng.integers(0, 256, 30).astype("u1"), "uint8", 3)
    add("uint8_s5", rng.integers(0, 256, 40).astype("u1"), "uint8", 5)
    add("uint8_s16", rng.integers(0, 256, 64).astype("u1"), "uint8", 16)
    add("float64_s8_empty", np.zeros(0, dtype="<f8"), "float64", 8)
    add("complex128_s16", (rng.standard_normal(5) + 1j * rng.standard_normal(5)).astype("<c16"), "complex128", 16)
    write("shuffle", cases=cases)


# --------------------------------------------------------------------------
# lz4


def lz4():
    rng = np.random.default_rng(11)
    cases = []

    def add(name, data, gen=None):
        arr = np.frombuffer(data, dtype=np.uint8)
        _, _, region = encode_one(dict(shape=[len(arr)], dtype="uint8", compression="lz4"), arr)
        c = dict(name=name, output=region.hex())
        if gen:
            c["gen"] = dict(kind=gen[0], n=gen[1])
        else:
            c["input"] = data.hex()
        cases.append(c)

    add("spec_example", b"tensogram tensogram tensogram tensogram!")
    add("empty", b"")
    for n in (1, 4, 12, 13, 14, 15, 16, 19, 20, 31, 64):
        add("zeros_%d" % n, bytes(n))
        add("random_%d" % n, rng.integers(0, 256, n).astype("u1").tobytes())
    add("text", b"The quick brown fox jumps over the lazy dog. " * 23)
    add("ramp_5000", gen_bytes("ramp", 5000))
    add("runs_3000", bytes(rng.integers(0, 4, 3000).repeat(1).astype("u1")))
    f = (270 + np.cumsum(rng.standard_normal(4096)) * 0.1).astype("<f4").tobytes()
    add("smooth_f32_16k", f)
    add("ramp_65534", gen_bytes("ramp", 65534), gen=("ramp", 65534))
    add("ramp_65535", gen_bytes("ramp", 65535), gen=("ramp", 65535))
    add("ramp_200000", gen_bytes("ramp", 200000), gen=("ramp", 200000))
    add("lcg_70000", gen_bytes("lcg", 70000), gen=("lcg", 70000))
    add("lcg_1000", gen_bytes("lcg", 1000))
    # long-distance matches (> 65535 apart must not be used)
    add("far_repeat_70000", gen_bytes("far", 70000), gen=("far", 70000))
    write("lz4", cases=cases)


# --------------------------------------------------------------------------
# zstd


def zstd():
    cases = []
    inputs = [("empty", b""), ("short", b"hello hello hello hello"),
              ("ramp_20000", gen_bytes("ramp", 20000)), ("lcg_3000", gen_bytes("lcg", 3000))]
    for name, data in inputs:
        for level in (None, 1, 3, 9, 19, -5):
            arr = np.frombuffer(data, dtype=np.uint8)
            desc = dict(shape=[len(arr)], dtype="uint8", compression="zstd")
            if level is not None:
                desc["zstd_level"] = level
            _, _, region = encode_one(desc, arr)
            c = dict(name="%s_l%s" % (name, "default" if level is None else level), output=region.hex())
            if name.startswith("ramp"):
                c["gen"] = dict(kind="ramp", n=len(data))
            else:
                c["input"] = data.hex()
            cases.append(c)
    write("zstd", cases=cases)


def check_zstd(directory):
    """Decode Go-written zstd frames with upstream; exit non-zero on mismatch."""
    bad = 0
    names = sorted(f for f in os.listdir(directory) if f.endswith(".zst"))
    for fn in names:
        frame = open(os.path.join(directory, fn), "rb").read()
        raw = open(os.path.join(directory, fn[:-4] + ".raw"), "rb").read()
        # encode_pre_encoded checks len(data) == shape x dtype for encoding
        # "none", so carry the bytes as 8-bit simple_packing with R=0, E=0,
        # D=0: each decoded float64 equals the original byte value.
        desc = dict(type="ntensor", shape=[len(raw)], dtype="float64", byte_order="little",
                    encoding="simple_packing", sp_bits_per_value=8, sp_reference_value=0.0,
                    sp_binary_scale_factor=0, sp_decimal_scale_factor=0,
                    filter="none", compression="zstd")
        try:
            msg = tensogram.encode_pre_encoded({"version": 3}, [(desc, frame)])
            got = tensogram.decode(msg).objects[0][1].astype(np.uint8).tobytes()
            ok = got == raw
        except ValueError as e:
            print("error decoding %s: %s" % (fn, e))
            ok = False
        bad += not ok
        print("%s %s" % ("ok  " if ok else "FAIL", fn))
    print("%d frames checked, %d failed" % (len(names), bad))
    return 1 if bad or not names else 0


# --------------------------------------------------------------------------
# masks


def masks():
    rng = np.random.default_rng(99)
    cases = []

    def pack_bits(bits):
        return np.packbits(np.asarray(bits, dtype=bool), bitorder="big").tobytes()

    def add(name, arr, dtype, nan_method="roaring", inf_method="roaring", threshold=0, wire_dtype=None):
        kw = dict(allow_nan=True, allow_inf=True, nan_mask_method=nan_method,
                  pos_inf_mask_method=inf_method, neg_inf_mask_method=inf_method,
                  small_mask_threshold_bytes=threshold)
        desc = dict(shape=[len(arr)], dtype=dtype)
        msg, d, region = encode_one(desc, arr, **kw)
        m = d.get("masks", {})
        lo = min([v["offset"] for v in m.values()] or [len(region)])
        c = dict(name=name, dtype=dtype, n=len(arr), masks={}, threshold=threshold,
                 requested={"nan": nan_method, "inf+": inf_method, "inf-": inf_method})
        if arr.nbytes <= 16384:  # keep the file small: big cases store masks only
            c["input"] = arr.tobytes().hex()
            c["substituted"] = region[:lo].hex()
            c["restored"] = tensogram.decode(msg).objects[0][1].tobytes().hex()
        if dtype.startswith("complex"):
            re, im = arr.real, arr.imag
            isnan = np.isnan(re) | np.isnan(im)
            pinf = ~isnan & ((re == np.inf) | (im == np.inf))
            ninf = ~isnan & ~pinf & ((re == -np.inf) | (im == -np.inf))
        else:
            f = arr.astype(np.float64)
            isnan, pinf, ninf = np.isnan(f), f == np.inf, f == -np.inf
        for kind, bits in (("nan", isnan), ("inf+", pinf), ("inf-", ninf)):
            if kind in m:
                e = m[kind]
                c["masks"][kind] = dict(method=e["method"], offset=e["offset"], length=e["length"],
                                        params=e.get("params", {}),
                                        blob=region[e["offset"]:e["offset"] + e["length"]].hex(),
                                        bits=pack_bits(bits).hex())
        cases.append(c)

    def with_specials(n, dtype, idx_nan, idx_pinf=(), idx_ninf=()):
        a = rng.standard_normal(n).astype(dtype)
        a[list(idx_nan)] = np.nan
        a[list(idx_pinf)] = np.inf
        a[list(idx_ninf)] = -np.inf
        return a

    a = with_specials(10, "<f8", [3, 4])
    for meth in ("none", "rle", "roaring", "lz4", "zstd"):
        add("f64_10_%s" % meth, a, "float64", meth, meth)
    a = with_specials(2000, "<f4", [0, 1, 2, 1999], [500, 501], [7])
    for meth in ("none", "rle", "roaring", "lz4", "zstd"):
        add("f32_2000_%s" % meth, a, "float32", meth, meth)
    add("f32_2000_threshold_default", a, "float32", "roaring", "rle", threshold=128)
    big = rng.standard_normal(70000)
    big[rng.integers(0, 70000, 900)] = np.nan
    big[5000:9000] = np.nan  # long run -> run container
    big[60000:60010] = np.inf
    for meth in ("rle", "roaring"):
        add("f64_70000_%s" % meth, big, "float64", meth, meth)
    dense = rng.standard_normal(9000)
    dense[rng.random(9000) < 0.6] = np.nan  # > 4096 set -> bitmap container
    add("f64_9000_dense_roaring", dense, "float64", "roaring")
    add("f64_9000_dense_rle", dense, "float64", "rle")
    all_nan = np.full(3000, np.nan)
    add("f64_3000_all_nan_roaring", all_nan, "float64", "roaring")
    add("f64_3000_all_nan_rle", all_nan, "float64", "rle")
    h = with_specials(300, "<f2", [1, 299], [5], [6, 7])
    add("f16_300_rle", h, "float16", "rle", "roaring")
    c = (rng.standard_normal(200) + 1j * rng.standard_normal(200)).astype("<c8")
    c[3] = complex(np.nan, 1.0)
    c[4] = complex(1.0, np.inf)
    c[5] = complex(-np.inf, np.nan)
    c[6] = complex(-np.inf, 2.0)
    add("c64_200_roaring", c, "complex64", "roaring", "roaring")
    add("f64_no_specials", rng.standard_normal(50), "float64")

    # bfloat16 has no numpy dtype: build raw bytes (exp bits 7-14).
    raw = bytearray(struct.pack("<8H", 0x3F80, 0x7FC1, 0x7F80, 0xFF80, 0x0000, 0xFFFF, 0x4000, 0x7F81))
    arr = np.frombuffer(bytes(raw), dtype=np.uint8)
    msg, d, region = encode_one(dict(shape=[8], dtype="bfloat16"), arr, allow_nan=True, allow_inf=True,
                              nan_mask_method="none", pos_inf_mask_method="none",
                              neg_inf_mask_method="none")
    m = d["masks"]
    lo = min(v["offset"] for v in m.values())
    # elements: 1.0, NaN, +Inf, -Inf, 0, NaN, 2.0, NaN
    bf_bits = {"nan": [0, 1, 0, 0, 0, 1, 0, 1], "inf+": [0, 0, 1, 0, 0, 0, 0, 0],
               "inf-": [0, 0, 0, 1, 0, 0, 0, 0]}

    def bits_of(kind):
        return pack_bits(bf_bits[kind]).hex()
    cases.append(dict(name="bf16_8_none", dtype="bfloat16", n=8, input=bytes(raw).hex(),
                      substituted=region[:lo].hex(), threshold=128,
                      requested={"nan": "none", "inf+": "none", "inf-": "none"},
                      restored=tensogram.decode(msg).objects[0][1].tobytes().hex(),
                      masks={k: dict(method=v["method"], offset=v["offset"], length=v["length"],
                                     params=v.get("params", {}),
                                     blob=region[v["offset"]:v["offset"] + v["length"]].hex(),
                                     bits=bits_of(k)) for k, v in m.items()}))

    # bitmask dtype with rle / roaring as main codecs
    bm = []
    for name, data, n in (("bm_16_spec", b"\x18\x00", 16), ("bm_20", b"\x18\x00\xf0", 20),
                          ("bm_1", b"\x80", 1), ("bm_0", b"", 0),
                          ("bm_random_777", rng.integers(0, 256, 98).astype("u1").tobytes(), 777),
                          ("bm_ones_4100", b"\xff" * 513, 4100)):
        if n % 8:
            data = data[:-1] + bytes([data[-1] & (0xFF << (8 - n % 8)) & 0xFF])
        for comp in ("rle", "roaring"):
            arr = np.frombuffer(data, dtype=np.uint8)
            _, _, region = encode_one(dict(shape=[n], dtype="bitmask", compression=comp), arr)
            bm.append(dict(name="%s_%s" % (name, comp), compression=comp, n=n, input=data.hex(),
                           output=region.hex()))
    write("mask", cases=cases, bitmask=bm)


def main(argv):
    if len(argv) == 3 and argv[1] == "--check-zstd":
        return check_zstd(argv[2])
    if len(argv) != 1:
        print(__doc__)
        return 2
    simple_packing()
    shuffle()
    lz4()
    zstd()
    masks()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
