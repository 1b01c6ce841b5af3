"""Hostile input: every read entry point on truncated, bit-flipped, garbage-interleaved and
length-forged messages (every golden file plus our own layouts), and on descriptors that declare
far more elements than the payload holds.

Expected: a documented exception (ValueError family / IntegrityError family, IndexError for file
indexing — docs/python-api.md, Exceptions) or a correct result (scan recovers exactly the intact messages),
never a crash, hang or unbounded memory. The loops run in a child interpreter (this module run
through ``_robust_helpers.run_child``) so that a segfault fails the test with the signal, under a
timeout, with the child's peak RSS checked. Where upstream tensogram is importable, the child also
compares scan results and decode error classes with it on every input.

``make stress`` (TENSOGRAM_STRESS=1) scales the loops up (SCALE below).
"""

from __future__ import annotations

import pathlib
import random
import struct
import sys

import numpy as np
import pytest

import tensogram_go as tg
from _robust_helpers import STRESS, run_child

SCALE = 5.0 if STRESS else 1.0
# Peak RSS bound of a hostile-input child: the inputs are a few KiB; anything near the declared
# sizes (up to 16 GiB) would blow through this.
RSS_BOUND_MB = 400

try:  # the oracle, when this interpreter has it: scan recovery and decode classes are compared
    import tensogram as upstream
except ImportError:  # pragma: no cover - depends on the venv
    upstream = None

ALLOWED = (ValueError, tg.IntegrityError)  # docs/python-api.md, Exceptions: buffer and file reads
FILE_ALLOWED = ALLOWED + (IndexError,)


def d(shape, dtype="float32", **kw):
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **kw}


def own_messages() -> dict[str, bytes]:
    """Our own messages covering the layouts the goldens do not: streaming, unhashed, masks, 0-d, empty."""
    a = np.arange(40, dtype=np.float64)
    a[[3, 9]] = np.nan
    a[5] = np.inf
    s = tg.StreamingEncoder({"base": [{"s": 1}], "k": [1, 2]})
    s.write_object(d([3, 4], "int16"), np.arange(12, dtype=np.int16).reshape(3, 4))
    s.write_object(d([5], "uint8"), np.arange(5, dtype=np.uint8))
    out = {
        "ours_multi_hashed": tg.encode({"base": [{"a": {"b": [1, 2.5, None]}}, {}], "x": "y"},
                                       [(d([50]), np.arange(50, dtype=np.float32)),
                                        (d([2, 3], "int64"), np.arange(6, dtype=np.int64).reshape(2, 3))]),
        "ours_unhashed": tg.encode({}, [(d([16], "uint32"), np.arange(16, dtype=np.uint32))], hash=None),
        "ours_streaming": s.finish(),
        "ours_masks": tg.encode({}, [(d([40], "float64"), a)], allow_nan=True, allow_inf=True,
                                nan_mask_method="none", pos_inf_mask_method="none", small_mask_threshold_bytes=0),
        "ours_scalar_empty": tg.encode({}, [(d([]), np.array(1.5, np.float32)), (d([0, 3]), np.zeros((0, 3), np.float32))]),
        "ours_zero_objects": tg.encode({"note": "empty"}, []),
        "ours_footer_hash": tg.encode({}, [(d([8]), np.ones(8, np.float32))], aggregate_hash="both"),
    }
    return out


class Runner:
    """Calls every entry point on one input, counts outcomes and records unexpected exceptions."""

    def __init__(self, tmpdir: str):
        self.tmp = pathlib.Path(tmpdir)
        self.cases = 0
        self.calls = 0
        self.errors = 0
        self.unexpected: list = []
        self.mismatches: list = []
        self.file_cases = 0
        self.scan_backward_only = 0

    def call(self, label, fn, *args, allowed=ALLOWED, **kw):
        self.calls += 1
        try:
            return ("ok", fn(*args, **kw))
        except allowed as e:
            self.errors += 1
            return (type(e).__name__, e)
        except BaseException as e:  # noqa: BLE001 - anything else is a finding
            if len(self.unexpected) < 20:
                self.unexpected.append([label, type(e).__name__, str(e)[:200], self.current.hex()[:4000]])
            return ("unexpected", e)

    def buffer_calls(self, b: bytes):
        self.current = b
        self.cases += 1
        c = self.call
        c("decode", tg.decode, b)
        c("decode_verify", tg.decode, b, verify_hash=True)
        c("decode_wire_order", tg.decode, b, native_byte_order=False, restore_non_finite=False)
        c("decode_with_masks", tg.decode_with_masks, b)
        c("decode_metadata", tg.decode_metadata, b)
        c("decode_descriptors", tg.decode_descriptors, b)
        for i in (0, 1):
            c("decode_object", tg.decode_object, b, i)
            c("decode_object_verify", tg.decode_object, b, i, verify_hash=True)
            c("decode_range", tg.decode_range, b, i, [(0, 1), (2, 3)])
            c("decode_range_join", tg.decode_range, b, i, [(1, 2)], join=True)
        spans = c("scan", tg.scan, b)
        if spans[0] != "ok":
            self.unexpected.append(["scan raised", spans[0], str(spans[1])[:200], b.hex()[:4000]])
        for level in ("quick", "default", "checksum", "full"):
            r = c("validate", tg.validate, b, level=level, check_canonical=level == "full")
            if r[0] != "ok":
                self.unexpected.append(["validate raised", r[0], str(r[1])[:200], b.hex()[:4000]])
        c("iter_messages", lambda: [m.objects for m in tg.iter_messages(b)])
        c("iter_messages_verify", lambda: [m.objects for m in tg.iter_messages(b, verify_hash=True)])
        if upstream is not None:
            self.compare(b)
        return spans

    def compare(self, b: bytes):
        """Scan recovery and the decode error class agree with upstream on the same bytes."""
        ours, theirs = tg.scan(b), upstream.scan(b)
        if ours != theirs:
            # Upstream also hops backwards from the end (docs/format.md, Scanning): on a
            # forged/corrupt preamble length it can still find the last message by its postamble.
            # Our forward-only scan may find fewer, never different or more.
            if set(ours) <= set(theirs):
                self.scan_backward_only += 1
            else:
                self.mismatches.append(["scan", ours, theirs, b.hex()[:4000]])
        for name in ("decode", "decode_descriptors"):
            o = klass(getattr(tg, name), b)
            t = klass(getattr(upstream, name), b)
            if o != t:
                self.mismatches.append([name, o, t, b.hex()[:4000]])

    def file_calls(self, b: bytes):
        self.file_cases += 1
        p = self.tmp / "hostile.tgm"
        p.write_bytes(b)
        c = self.call
        f = c("open", tg.TensogramFile.open, str(p), allowed=FILE_ALLOWED)
        if f[0] != "ok":
            self.unexpected.append(["open raised", f[0], str(f[1])[:200], b.hex()[:4000]])
            return
        f = f[1]
        n = c("message_count", f.message_count, allowed=FILE_ALLOWED)
        count = n[1] if n[0] == "ok" else 0
        for i in range(min(count, 3)):
            c("decode_message", f.decode_message, i, allowed=FILE_ALLOWED)
            c("decode_message_verify", f.decode_message, i, verify_hash=True, allowed=FILE_ALLOWED)
            c("read_message", f.read_message, i, allowed=FILE_ALLOWED)
            c("file_decode_metadata", f.file_decode_metadata, i, allowed=FILE_ALLOWED)
            c("file_decode_descriptors", f.file_decode_descriptors, i, allowed=FILE_ALLOWED)
            c("file_decode_object", f.file_decode_object, i, 0, allowed=FILE_ALLOWED)
            c("file_decode_range", f.file_decode_range, i, 0, [(0, 1)], allowed=FILE_ALLOWED)
            c("getitem", f.__getitem__, i, allowed=FILE_ALLOWED)
        c("iterate", lambda: [m.objects for m in f], allowed=FILE_ALLOWED)
        c("messages", f.messages, allowed=FILE_ALLOWED)
        c("slice", f.__getitem__, slice(None, None, -1), allowed=FILE_ALLOWED)
        c("decode_message_oob", f.decode_message, count, allowed=FILE_ALLOWED)
        for level in ("quick", "full"):
            r = c("validate_file", tg.validate_file, str(p), level=level, allowed=())
            if r[0] != "ok":
                self.unexpected.append(["validate_file raised", r[0], str(r[1])[:200], b.hex()[:4000]])
        f.close()


def klass(fn, b):
    try:
        fn(b)
        return "ok"
    except Exception as e:  # noqa: BLE001 - compared
        return type(e).__name__ + ":" + str(e).split(":")[0]


def sources(golden_dir: str) -> dict[str, bytes]:
    out = {p.name: p.read_bytes() for p in sorted(pathlib.Path(golden_dir).glob("*.tgm"))}
    out.update(own_messages())
    return out


def frame_length_offsets(m: bytes) -> list[int]:
    """Offsets of the u64 length field of every frame header ("FR" + type, version, flags) in m."""
    out = []
    pos = 24
    while pos + 16 <= len(m) - 24:
        if m[pos:pos + 2] != b"FR":
            break
        out.append(pos + 8)
        (length,) = struct.unpack(">Q", m[pos + 8:pos + 16])
        if length < 16:
            break
        pos += length
        pos += (-pos) % 8
    return out


def cbor_bombs(room: int) -> list[bytes]:
    """CBOR heads that claim huge lengths or nest deeper than any parser limit, sized to fit."""
    heads = [bytes([major | 27]) + struct.pack(">Q", n) for major in (0x40, 0x60, 0x80, 0xA0)
             for n in (2**64 - 1, 2**63, 2**32, room)]
    heads += [bytes([major | 26]) + struct.pack(">I", 2**32 - 1) for major in (0x40, 0x60, 0x80, 0xA0)]
    heads += [b"\x9f" * room, b"\x81" * room, b"\xa1\x61a" * (room // 3), b"\xd8\x18" * (room // 2),
              b"\xbf\x61a" * (room // 3), b"\xfb" + b"\x7f\xf8" + bytes(6), b"\xff" * min(room, 8),
              b"\x1c", b"\x5f\x41a\x60\xff"]
    return [h[:room] for h in heads]


HUGE = [2**64 - 1, 2**63, 2**63 - 1, 2**62, 2**40, 2**32 + 7, 2**31, 1, 0, 15, 16, 23, 24, 39, 40]


def child_main(report):
    mode, seed, golden_dir, tmpdir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
    rng = random.Random(seed)
    src = sources(golden_dir)
    run = Runner(tmpdir)
    extra = {}
    if mode == "trunc":
        bad_recovery = []
        for name, m in src.items():
            full = tg.scan(m)
            for n in range(len(m) + 1):
                b = m[:n]
                spans = run.buffer_calls(b)
                want = [s for s in full if s[0] + s[1] <= n]
                if spans[0] == "ok" and spans[1] != want:
                    bad_recovery.append([name, n, spans[1], want])
                if n % max(1, int(40 / scale)) == 0 or n == len(m) - 1:
                    run.file_calls(b)
        extra["bad_recovery"] = bad_recovery[:20]
        extra["bad_recovery_count"] = len(bad_recovery)
    elif mode == "flip":
        per = int(1000 * scale)
        for name, m in src.items():
            for k in range(per):
                b = bytearray(m)
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    bit = rng.randrange(len(b) * 8)
                    b[bit // 8] ^= 1 << (bit % 8)
                run.buffer_calls(bytes(b))
                if k % max(1, int(100 / scale)) == 0:
                    run.file_calls(bytes(b))
    elif mode == "garbage":
        bad_recovery = []
        names = list(src)
        for k in range(int(300 * scale)):
            picks = [src[rng.choice(names)] for _ in range(rng.randint(1, 4))]
            buf, want = bytearray(), []
            for m in picks:
                g = bytes(rng.randrange(256) for _ in range(rng.choice((0, 1, 7, 8, 23, 100))))
                if rng.random() < 0.3:
                    g += b"TENSOGRM"[: rng.randint(1, 8)]  # a false start
                buf += g
                want += [(len(buf) + off, n) for off, n in (upstream or tg).scan(m)]
                buf += m
            buf += bytes(rng.randrange(256) for _ in range(rng.choice((0, 3, 40))))
            spans = run.buffer_calls(bytes(buf))
            if spans[0] == "ok" and spans[1] != want:
                bad_recovery.append([k, spans[1], want, bytes(buf).hex()[:4000]])
            if k % max(1, int(20 / scale)) == 0:
                run.file_calls(bytes(buf))
        extra["bad_recovery"] = bad_recovery[:20]
        extra["bad_recovery_count"] = len(bad_recovery)
    elif mode == "huge":
        for name, m in src.items():
            fields = [16, len(m) - 16] + frame_length_offsets(m)
            for off in fields:
                for v in HUGE:
                    b = bytearray(m)
                    b[off:off + 8] = struct.pack(">Q", v)
                    run.buffer_calls(bytes(b))
                    run.buffer_calls(bytes(b) + m)
                    run.file_calls(bytes(b) + m)
            extra[name] = len(fields)
    elif mode == "cbor":
        for name, m in src.items():
            offs = [o - 8 for o in frame_length_offsets(m)]  # frame starts
            for start in offs:
                body = start + 16
                room = min(len(m) - 24, start + struct.unpack(">Q", m[start + 8:start + 16])[0] - 8) - body
                if room <= 0:
                    continue
                for patch in cbor_bombs(room):
                    b = bytearray(m)
                    b[body:body + len(patch)] = patch
                    run.buffer_calls(bytes(b))
                run.file_calls(bytes(b))
            extra[name] = len(offs)
    elif mode == "declared":
        extra.update(declared_sizes(run))
    else:
        raise SystemExit(f"unknown mode {mode}")
    report(dict(mode=mode, cases=run.cases, file_cases=run.file_cases, calls=run.calls, errors=run.errors,
                unexpected=run.unexpected, mismatches=run.mismatches[:20], mismatch_count=len(run.mismatches),
                scan_backward_only=run.scan_backward_only,
                **extra))


def declared_sizes(run: Runner) -> dict:
    """Messages whose descriptor declares far more elements than the payload holds.

    The element count inside the descriptor CBOR is rewritten in place (same CBOR width), so the
    frame structure stays valid: the decoder must refuse (bounded by the payload / declared size),
    not allocate the declared size.
    """
    n = 70000  # encodes as CBOR 0x1a 00 01 11 70 (u32)
    base = np.arange(n, dtype=np.float32)
    stages = tg._tensogram._stages()
    results = {}
    for comp in [c for c in ("none", "zstd", "lz4", "szip") if c in stages["compression"]]:
        kw = dict(szip_rsi=64, szip_block_size=16, szip_flags=8) if comp == "szip" else {}
        for hashing in ("xxh3", None):
            m = tg.encode({}, [(d([n], compression=comp, **kw), base)], hash=hashing)
            pat = b"eshape\x81\x1a" + struct.pack(">I", n)
            assert pat in m, "descriptor shape encoding changed"
            for new in (2**32 - 1, 2**31, n + 1, n * 4):
                b = m.replace(pat, b"eshape\x81\x1a" + struct.pack(">I", new))
                r = run.call("decode_declared", tg.decode, b)
                results[f"{comp}/{hashing}/{new}"] = r[0] + ":" + str(r[1])[:80] if r[0] != "ok" else "ok"
                run.current = b
                run.call("decode_object_declared", tg.decode_object, b, 0)
                run.call("decode_range_declared", tg.decode_range, b, 0, [(new - 5, 5)])
                run.call("validate_declared", tg.validate, b, level="full")
    return {"declared": results}


# ---- the tests (parent side) -------------------------------------------------------------------


def run_mode(mode, golden_dir, tmp_path, timeout):
    body = "from test_hostile_inputs import child_main\nchild_main(report)\n"
    rep = run_child(body, tmp_path, timeout=timeout, args=(mode, 20261122, golden_dir, tmp_path, SCALE))
    assert rep["unexpected"] == [], rep["unexpected"]
    assert rep["peak_rss_mb"] < RSS_BOUND_MB, rep["peak_rss_mb"]
    print(f"{mode}: {rep['cases']} inputs, {rep['file_cases']} as files, {rep['calls']} calls, "
          f"{rep['errors']} clean errors, peak RSS {rep['peak_rss_mb']:.0f} MiB, "
          f"{rep['mismatch_count']} upstream mismatches, {rep['scan_backward_only']} scans where upstream's "
          f"backward hop found more")
    return rep


def assert_like_upstream(rep, recovery=False):
    """No mismatch with upstream; with recovery also no bad recovery (messages found other than expected)."""
    if recovery:
        assert rep["bad_recovery_count"] == 0, rep["bad_recovery"]
    assert rep["mismatch_count"] == 0, rep["mismatches"]


@pytest.mark.timeout(900 if STRESS else 170)
def test_every_truncation(golden_dir, tmp_path):
    assert_like_upstream(run_mode("trunc", golden_dir, tmp_path, timeout=850 if STRESS else 160), recovery=True)


@pytest.mark.timeout(900 if STRESS else 170)
def test_random_bit_flips(golden_dir, tmp_path):
    rep = run_mode("flip", golden_dir, tmp_path, timeout=850 if STRESS else 160)
    assert rep["cases"] >= 1000 * len(list(golden_dir.glob("*.tgm")))
    assert_like_upstream(rep)


@pytest.mark.timeout(900 if STRESS else 120)
def test_garbage_between_messages(golden_dir, tmp_path):
    assert_like_upstream(run_mode("garbage", golden_dir, tmp_path, timeout=850 if STRESS else 110), recovery=True)


@pytest.mark.timeout(600 if STRESS else 120)
def test_forged_length_fields(golden_dir, tmp_path):
    assert_like_upstream(run_mode("huge", golden_dir, tmp_path, timeout=550 if STRESS else 110))


@pytest.mark.timeout(600 if STRESS else 120)
def test_cbor_bombs_in_every_frame(golden_dir, tmp_path):
    """Huge CBOR lengths (u32/u64 heads for byte/text strings, arrays, maps), indefinite and
    definite nesting as deep as the frame allows, tags, reserved additional info and bad
    indefinite chunks written over the CBOR of every metadata/index/hash/descriptor frame."""
    rep = run_mode("cbor", golden_dir, tmp_path, timeout=550 if STRESS else 110)
    assert rep["mismatch_count"] == 0, rep["mismatches"]


@pytest.mark.timeout(120)
def test_declared_size_far_beyond_payload(golden_dir, tmp_path):
    """Decoder output is bounded by the payload: a descriptor declaring 4G float32 elements over a
    70000-element payload is refused with ValueError and the child never approaches 16 GiB."""
    rep = run_mode("declared", golden_dir, tmp_path, timeout=110)
    assert rep["declared"], rep
    for key, res in rep["declared"].items():
        assert res.startswith("ValueError:"), (key, res)


DECLARED_CHILD = r'''
import struct, sys
import numpy as np
import tensogram_go as tg

pipe = sys.argv[1]
n = 70000  # CBOR 0x1a 00 01 11 70: the count is rewritten in place to 2**32 - 1 (32 GiB of float64)
v = np.random.default_rng(0).standard_normal(n)
d = {"type": "ntensor", "shape": [n], "dtype": "float64"}
PIPES = {
    "sp0": dict(encoding="simple_packing", sp_bits_per_value=0),
    "sp16": dict(encoding="simple_packing", sp_bits_per_value=16),
    "sp16_szip": dict(encoding="simple_packing", sp_bits_per_value=16, compression="szip", szip_rsi=64,
                      szip_block_size=16, szip_flags=8),
    "zstd": dict(compression="zstd"),
    "lz4": dict(compression="lz4"),
    "shuffle": dict(filter="shuffle", shuffle_element_size=8),
    "none": {},
}
d.update(PIPES[pipe])
m = tg.encode({}, [(d, np.full(n, 5.0) if pipe == "sp0" else v)], hash=None)
pat = b"eshape\x81\x1a" + struct.pack(">I", n)
assert pat in m
b = m.replace(pat, b"eshape\x81\x1a" + struct.pack(">I", 2**32 - 1))
path = sys.argv[2] + "/declared.tgm"
open(path, "wb").write(b)
f = tg.TensogramFile.open(path)
out = {}
for name, call in (("decode", lambda: tg.decode(b)), ("decode_object", lambda: tg.decode_object(b, 0)),
                   ("decode_with_masks", lambda: tg.decode_with_masks(b)),
                   ("decode_range", lambda: tg.decode_range(b, 0, [(0, 4)])),
                   ("file_decode_message", lambda: f.decode_message(0)),
                   ("file_decode_object", lambda: f.file_decode_object(0, 0))):
    sys.stderr.write(f"calling {name}\n")
    sys.stderr.flush()
    try:
        call()
        out[name] = "ok"
    except Exception as e:  # noqa: BLE001 - reported
        out[name] = f"{type(e).__name__}: {e}"
report(out)
'''


@pytest.mark.timeout(60)
@pytest.mark.parametrize("pipe", ["none", "sp0", "sp16", "sp16_szip", "zstd", "lz4", "shuffle"])
def test_declared_size_beyond_memory_is_an_error(pipe, tmp_path):
    """A ~600 KB message whose descriptor claims 2**32-1 float64 elements (32 GiB, more than this
    machine can allocate) must give ValueError, never abort the process.

    Found here: capi allocates the output buffer from the declared size with cgo's C.malloc
    (capi/cmem.go cAlloc, called from capi/decode.go decodeInto) before the pipeline has checked
    the size against the payload; C.malloc returning NULL is a Go fatal error ("runtime: C malloc
    failed"), so tg.decode / decode_object / decode_with_masks abort the interpreter (SIGABRT) for
    every compressed, packed or filtered pipeline. Uncompressed objects are checked first and fail
    cleanly.
    """
    if pipe != "none":
        kind = {"sp0": "encoding", "sp16": "encoding", "sp16_szip": "compression", "shuffle": "filter"}.get(
            pipe, "compression")
        name = {"sp0": "simple_packing", "sp16": "simple_packing", "sp16_szip": "szip"}.get(pipe, pipe)
        if name not in tg._tensogram._stages()[kind]:
            pytest.fail(f"{name} not wired in this build")
    rep = run_child(DECLARED_CHILD, tmp_path, timeout=50, args=(pipe, tmp_path))
    rep.pop("peak_rss_mb")
    for name, res in rep.items():
        if name == "decode_range" and pipe == "sp0":
            # A 0-bit field needs no payload bytes: 2**32-1 constant values is a valid object, and a
            # 4-element range of it is served without allocating the whole field.
            assert res == "ok", (name, res)
            continue
        assert res.startswith("ValueError"), (name, res)


SP0_CHILD = r'''
import struct, sys
import numpy as np
import tensogram_go as tg

n = 70000
m = tg.encode({}, [({"type": "ntensor", "shape": [n], "dtype": "float64", "encoding": "simple_packing",
                     "sp_bits_per_value": 0}, np.full(n, 5.0))], hash=None)
pat = b"eshape\x81\x1a" + struct.pack(">I", n)
out = {"size": len(m)}
for count in (2**20, 2**27 + 1):
    b = m.replace(pat, b"eshape\x81\x1a" + struct.pack(">I", count))
    try:
        a = tg.decode(b).objects[0][1]
        out[str(count)] = ["ok", a.shape[0], bool((a == 5.0).all())]
    except ValueError as e:
        out[str(count)] = ["ValueError", str(e)]
report(out)
'''


@pytest.mark.timeout(60)
def test_zero_bit_packing_count_limit(tmp_path):
    """Limit: a 0-bit simple_packing object (a constant field) has no payload to bound its output, so
    core caps it at 2**27 values (1 GiB of float64) — a ~600-byte message may expand to 1 GiB, one
    more value is refused."""
    rep = run_child(SP0_CHILD, tmp_path, timeout=50)
    assert rep["size"] < 1000
    assert rep[str(2**20)] == ["ok", 2**20, True]
    assert rep[str(2**27 + 1)][0] == "ValueError" and "limit" in rep[str(2**27 + 1)][1]


@pytest.mark.timeout(60)
def test_range_bounds_on_every_range_pipeline():
    """decode_range with hostile (start, count): 2**64-1, 2**63, one past the end, many ranges.

    Every range-capable pipeline refuses anything past the object with ValueError. (Upstream 0.24
    returns data for (999, 2) and (1001, 0) on a 1000-element szip object — it reads past the
    object; it refuses the same ranges on uncompressed and simple_packing objects, as we do.)
    """
    st = tg._tensogram._stages()
    d = {"type": "ntensor", "shape": [1000], "dtype": "float32"}
    pipes = {"none": {}}
    if "simple_packing" in st["encoding"]:
        pipes["sp"] = dict(dtype="float64", encoding="simple_packing", sp_bits_per_value=16)
    if "szip" in st["compression"]:
        pipes["szip"] = dict(compression="szip", szip_rsi=64, szip_block_size=16, szip_flags=8)
        pipes["sp_szip"] = dict(dtype="float64", encoding="simple_packing", sp_bits_per_value=16,
                                compression="szip", szip_rsi=64, szip_block_size=16, szip_flags=8)
    for name, extra in pipes.items():
        dd = {**d, **extra}
        a = np.arange(1000).astype(dd["dtype"])
        m = tg.encode({}, [(dd, a)])
        for r in ([(2**64 - 1, 2**64 - 1)], [(2**63, 1)], [(0, 2**63)], [(999, 2)], [(1001, 0)], [(2**64 - 1, 1)],
                  [(1, 2**64 - 1)], [(0, 1), (500, 501)]):
            with pytest.raises(ValueError, match="EncodingError: range"):
                tg.decode_range(m, 0, r)
        np.testing.assert_array_equal(tg.decode_range(m, 0, [(1000, 0), (999, 1), (0, 1000)], join=True),
                                      np.concatenate([a[999:], a]))
        many = tg.decode_range(m, 0, [(i % 1000, 1) for i in range(50_000)], join=True)
        np.testing.assert_array_equal(many, np.tile(a, 50))
