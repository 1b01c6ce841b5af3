#!/usr/bin/env python3
"""Generate core/codec/blosc2/testdata/: contiguous frames ("cframes") written
by c-blosc2 (bundled in PyPI python-blosc2) and the bytes c-blosc2 decodes
them to, covering every codec x filter combination, typesizes 1/2/4/8 and odd
ones, split and non-split blocks, leftover blocks, multi-chunk frames and the
special chunks (zeros, NaN, uninitialised, repeated value); plus messages
written by upstream tensogram 0.24.0 with compression="blosc2" for every
blosc2_codec (core/testdata is not touched: these live beside the codec).

Run: python3 -m venv V && V/bin/pip install blosc2 tensogram==0.24.0
     V/bin/python tools/gen_blosc2_vectors.py [--frames-only]
Check our encoder against c-blosc2 (every codec/filter/typesize/clevel):
     B2DUMP=/tmp/b2 go test -run TestWriteOracleFrames ./core/codec/blosc2/
     V/bin/python tools/gen_blosc2_vectors.py --check /tmp/b2
Each frame is <name>.cframe; manifest.json lists what made it and the
SHA-256 of the bytes c-blosc2 decodes it to (set BLOSC2_RAW_DIR to also
write those bytes). Messages are tgm/<name>.tgm with tgm/manifest.json
holding the SHA-256 of upstream's decoded values per object and upstream's
decode_range results (hex).
"""
import hashlib
import json
import os
import sys

import blosc2
import numpy as np
import tensogram as tg

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "codec", "blosc2", "testdata")
rng = np.random.default_rng(20261204)
cases = []

CODECS = {"blosclz": blosc2.Codec.BLOSCLZ, "lz4": blosc2.Codec.LZ4, "lz4hc": blosc2.Codec.LZ4HC,
          "zlib": blosc2.Codec.ZLIB, "zstd": blosc2.Codec.ZSTD}
F = blosc2.Filter
FILTERS = {
    "nofilter": ([F.NOFILTER], [0]),
    "shuffle": ([F.SHUFFLE], [0]),
    "bitshuffle": ([F.BITSHUFFLE], [0]),
    "delta_shuffle": ([F.DELTA, F.SHUFFLE], [0, 0]),
    "trunc_shuffle": ([F.TRUNC_PREC, F.SHUFFLE], [20, 0]),
    "delta": ([F.DELTA], [0]),
    "shuffle_bitshuffle": ([F.SHUFFLE, F.BITSHUFFLE], [0, 0]),
}


def data(nbytes, typesize):
    """Smooth floats with runs of zeros and of one repeated byte (so zero
    streams and run-length streams appear), as raw bytes."""
    if typesize in (4, 8):
        n = nbytes // typesize
        x = np.arange(n)
        v = (280 + 15 * np.sin(x / 40) + rng.standard_normal(n) * 0.01).astype("<f%d" % typesize)
        v[n // 3:n // 3 + n // 8] = 0
        b = bytearray(v.tobytes())
    else:
        b = bytearray((np.arange(nbytes) // 7 % 23 + rng.integers(0, 3, nbytes)).astype("u1").tobytes())
        b[nbytes // 3:nbytes // 3 + nbytes // 8] = b"\0" * len(b[nbytes // 3:nbytes // 3 + nbytes // 8])
    q = (nbytes * 3) // 4
    b[q:q + nbytes // 10] = b"\x07" * len(b[q:q + nbytes // 10])
    return bytes(b[:nbytes])


def save(name, frame, raw, **info):
    with open(os.path.join(OUT, name + ".cframe"), "wb") as f:
        f.write(frame)
    if os.environ.get("BLOSC2_RAW_DIR"):  # decoded bytes, for debugging only
        with open(os.path.join(os.environ["BLOSC2_RAW_DIR"], name + ".raw"), "wb") as f:
            f.write(raw)
    info["name"] = name
    info["sha256"] = hashlib.sha256(raw).hexdigest()
    cases.append(info)


def schunk_case(name, raw, chunksize, **cp):
    s = blosc2.SChunk(chunksize=chunksize, data=raw, cparams=cp)
    frame = bytes(s.to_cframe())
    back = blosc2.schunk_from_cframe(frame, copy=True)
    dec = back[:]  # c-blosc2's own decode is the expected value (trunc_prec is lossy)
    assert len(dec) == len(raw), name
    save(name, frame, bytes(dec), nbytes=len(raw), chunksize=chunksize,
         cparams={k: ([str(x) for x in v] if isinstance(v, list) else str(v)) for k, v in cp.items()})


def frames():
    for cname, codec in CODECS.items():
        for fname, (filters, meta) in FILTERS.items():
            for ts in (1, 2, 4, 8, 3):
                if fname.startswith("trunc") and ts not in (4, 8):
                    continue
                nbytes = 601 * ts  # not a multiple of the blocksize: a leftover block
                raw = data(nbytes, ts)
                schunk_case(f"{cname}_{fname}_ts{ts}", raw, chunksize=nbytes, codec=codec, clevel=5, typesize=ts,
                            filters=filters, filters_meta=meta, blocksize=1024)
    # automatic blocksize, splits, levels, multi-chunk, odd typesizes
    for cname, codec in CODECS.items():
        raw = data(40000, 8)
        schunk_case(f"{cname}_auto_multichunk", raw, chunksize=16000, codec=codec, clevel=5, typesize=8)
        schunk_case(f"{cname}_always_split_ts4", data(9004, 4), chunksize=9004, codec=codec, clevel=9, typesize=4,
                    splitmode=blosc2.SplitMode.ALWAYS_SPLIT, blocksize=2048)
        schunk_case(f"{cname}_never_split_ts8", data(9000, 8), chunksize=9000, codec=codec, clevel=1, typesize=8,
                    splitmode=blosc2.SplitMode.NEVER_SPLIT, blocksize=4096)
        schunk_case(f"{cname}_clevel0", data(5000, 8), chunksize=5000, codec=codec, clevel=0, typesize=8)
        schunk_case(f"{cname}_ts5_bitshuffle", data(4005, 5), chunksize=4005, codec=codec, clevel=5, typesize=5,
                    filters=[F.BITSHUFFLE], filters_meta=[0], blocksize=800)
        schunk_case(f"{cname}_ts16_shuffle", data(8192, 4), chunksize=8192, codec=codec, clevel=5, typesize=16)
        schunk_case(f"{cname}_random", rng.integers(0, 256, 6000).astype("u1").tobytes(), chunksize=6000,
                    codec=codec, clevel=5, typesize=4)
    schunk_case("lz4_zeros_data", bytes(20000), chunksize=8000, codec=CODECS["lz4"], clevel=5, typesize=8)
    schunk_case("lz4_const_data", b"\x42" * 20000, chunksize=20000, codec=CODECS["lz4"], clevel=5, typesize=4)
    schunk_case("zstd_empty", b"", chunksize=8, codec=CODECS["zstd"], clevel=5, typesize=8)
    # many chunks: c-blosc2 compresses the chunk index itself
    schunk_case("lz4_300chunks", data(300 * 64, 8), chunksize=64, codec=CODECS["lz4"], clevel=5, typesize=8)
    specials()
    metalayers()


def specials():
    SV = blosc2.SpecialValue
    for sname, sv, val in (("zero", SV.ZERO, None), ("nan", SV.NAN, None), ("uninit", SV.UNINIT, None),
                           ("value", SV.VALUE, 3.25)):
        for ts in (4, 8):
            s = blosc2.SChunk(chunksize=4000 * ts, cparams={"typesize": ts})
            if val is None:
                s.fill_special(10000, sv)
            else:
                s.fill_special(10000, sv, np.float32(val) if ts == 4 else np.float64(val))
            frame = bytes(s.to_cframe())
            dec = blosc2.schunk_from_cframe(frame, copy=True)[:]
            if sname == "uninit":
                dec = b""  # content unspecified: only the length is checked
            save(f"special_{sname}_ts{ts}", frame, bytes(dec), nbytes=10000 * ts, special=sname)


def metalayers():
    """An NDArray frame: a "b2nd" metalayer in the header and variable-length
    metalayers in the trailer."""
    a = blosc2.asarray(np.linspace(0, 1, 5000).reshape(50, 100), chunks=(20, 50), blocks=(10, 25))
    a.schunk.vlmeta["note"] = "trailer metadata"
    frame = bytes(a.schunk.to_cframe())
    back = blosc2.schunk_from_cframe(frame, copy=True)
    dec = b"".join(bytes(back.decompress_chunk(i)) for i in range(back.nchunks))
    save("ndarray_metalayers", frame, dec, nbytes=len(dec))


def desc(dtype, n, **kw):
    d = {"type": "ntensor", "shape": [n], "dtype": dtype, "byte_order": "little"}
    d.update(kw)
    return d


def messages():
    tdir = os.path.join(OUT, "tgm")
    os.makedirs(tdir, exist_ok=True)
    man = []
    x = np.arange(4000)
    f64 = np.round(280 + 15 * np.sin(x / 50) + rng.standard_normal(len(x)) * 0.1, 2)
    objs = {
        "float64": f64,
        "float32": f64[:3000].astype("<f4"),
        "int16": (f64[:3001] * 10).astype("<i2"),
        "uint8": (f64[:777] % 256).astype("u1"),
    }
    for codec in CODECS:
        for dt, arr in objs.items():
            cases_ = [("plain", {})]
            if dt == "float64":
                cases_ += [("clevel9", {"blosc2_clevel": 9}), ("shuffle", {"filter": "shuffle", "shuffle_element_size": 8}),
                           ("sp24", {"encoding": "simple_packing", "sp_bits_per_value": 24})]
            for tag, extra in cases_:
                name = f"{codec}_{dt}_{tag}"
                d = desc(dt, len(arr), compression="blosc2", blosc2_codec=codec, **extra)
                msg = tg.encode({}, [(d, arr)])
                with open(os.path.join(tdir, name + ".tgm"), "wb") as f:
                    f.write(msg)
                dec = tg.decode(msg)
                rr = [r.tobytes().hex() for r in tg.decode_range(msg, 0, [(3, 10), (len(arr) - 7, 7)])] \
                    if "filter" not in extra else None
                man.append({"name": name, "sha256": [hashlib.sha256(a.tobytes()).hexdigest() for _, a in dec.objects],
                            "ranges": [[3, 10], [len(arr) - 7, 7]], "range_values": rr})
    # NaN mask with method blosc2
    v = f64[:3000].copy()
    v[::97] = np.nan
    d = desc("float64", len(v), compression="lz4")
    msg = tg.encode({}, [(d, v)], allow_nan=True, nan_mask_method="blosc2", small_mask_threshold_bytes=0)
    with open(os.path.join(tdir, "mask_blosc2.tgm"), "wb") as f:
        f.write(msg)
    dec = tg.decode(msg)
    man.append({"name": "mask_blosc2", "sha256": [hashlib.sha256(a.tobytes()).hexdigest() for _, a in dec.objects]})
    with open(os.path.join(tdir, "manifest.json"), "w") as f:
        json.dump(man, f, indent=0)


def check(pattern):
    """Decode with c-blosc2 every DIR/*.cframe our encoder wrote
    (B2DUMP=DIR go test -run TestWriteOracleFrames ./core/codec/blosc2/) and
    compare with DIR/*.raw; exit status 1 on any difference."""
    import glob
    bad = n = 0
    for fn in sorted(glob.glob(pattern)):
        fr = open(fn, "rb").read()
        raw = open(fn[:-len(".cframe")] + ".raw", "rb").read()
        n += 1
        try:
            s = blosc2.schunk_from_cframe(fr, copy=True)
            got = b"".join(bytes(s.decompress_chunk(i)) for i in range(s.nchunks))
            if got != raw:
                bad += 1
                print("MISMATCH", fn, len(got), len(raw))
        except Exception as e:  # noqa: BLE001 - reported
            bad += 1
            print("ERR", fn, e)
    print(f"{n} frames, {bad} bad")
    return bad == 0 and n > 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(0 if check(os.path.join(sys.argv[2], "*.cframe")) else 1)
    os.makedirs(OUT, exist_ok=True)
    frames()
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"generator": "tools/gen_blosc2_vectors.py", "blosc2": blosc2.__version__,
                   "c_blosc2": blosc2.blosclib_version, "cases": cases}, f, indent=0)
    if "--frames-only" not in sys.argv:  # upstream messages differ on every run (uuid, time)
        messages()


if __name__ == "__main__":
    main()
