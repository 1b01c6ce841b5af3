"""The workloads of upstream's bench_threading.py, built once per implementation.

Every implementation gets the same input arrays; each one encodes its own messages with its own
encode() (as upstream's script does with `tensogram.encode`). If an implementation cannot
encode yet, its decode-type rows use a message encoded by another implementation and say so.
"""

import re
import zlib

import numpy as np

from .impls import Unsupported, explain
from .runner import Variant

META = {"version": 2, "base": [{}]}


class Workload:
    """One table: a label (upstream's text), iteration count, and how to build each variant."""

    def __init__(self, section, label, iterations, build, extras=(), nbytes=None):
        self.section = section
        self.label = label
        self.iterations = iterations
        self.build = build  # build(impl) -> Variant
        self.extras = list(extras)  # zero-arg builders of reference variants (numpy copy)
        self.nbytes = nbytes  # bytes of array data handled per op (for MB/s), or None
        self.notes = []

    @property
    def key(self) -> str:
        """A stable identifier for JSON output."""
        return re.sub(r"[^a-z0-9]+", "_", self.label.lower()).strip("_")

    def variants(self, impls) -> list:
        """One Variant per implementation plus the reference variants."""
        out = []
        for imp in impls if self.build is not None else ():
            try:
                v = self.build(imp)
            except Exception as e:
                v = Variant(imp.name, error=explain(e))
            out.append(v)
        for make in self.extras:
            out.append(make())
        return out


def random_data(size: int, dtype: str) -> np.ndarray:
    """Upstream's input: np.random.randn(size).astype(dtype), unseeded."""
    return np.random.randn(size).astype(dtype)


def descriptor(mod, data, encoding="none", compression="none", params=None):
    """Upstream's descriptor for a 1-D array (+ 24-bit packing params for simple_packing, + codec params)."""
    dtype = str(data.dtype)
    desc = {"type": "ntensor", "shape": [data.size], "dtype": dtype, "encoding": encoding, "compression": compression}
    desc.update(params or {})
    if encoding == "simple_packing":
        cpp = getattr(mod, "compute_packing_params", None)
        if cpp is None:
            raise Unsupported(f"{mod.__name__} has no compute_packing_params()")
        desc.update(cpp(data.astype(np.float64).ravel(), 24, 0))
    return desc


class Messages:
    """Messages per implementation for one input, with a fallback to another implementation's bytes."""

    def __init__(self, impls, data, encoding="none", compression="none", params=None):
        self.data = data
        self.by_impl = {}
        self.desc = {}
        self.errors = {}
        for imp in impls:
            try:
                enc = imp.func("encode")
                desc = descriptor(imp.module, data, encoding, compression, params)
                self.desc[imp.name] = desc
                self.by_impl[imp.name] = enc(META, [(desc, data)])
            except Exception as e:
                self.errors[imp.name] = explain(e)

    def for_impl(self, name):
        """(message, note): the implementation's own message, else another's with a note."""
        if name in self.by_impl:
            return self.by_impl[name], None
        for other, msg in self.by_impl.items():
            return msg, f"{name} cannot encode ({self.errors.get(name)}); decoding {other}'s message"
        raise Unsupported(f"no implementation could encode this input ({'; '.join(self.errors.values())})")


def check_same(decoded, data, encoding, tolerance=None):
    """Raise Unsupported unless a decode result holds the input (exactly, within 24-bit packing error, or
    within an absolute tolerance for a lossy compressor)."""
    arr = np.asarray(decoded.objects[0][1]).reshape(-1)
    if arr.size != data.size:
        raise Unsupported(f"decode returned {arr.size} values, expected {data.size}")
    if tolerance is not None:
        ok = arr.dtype == data.dtype and float(np.max(np.abs(arr - data), initial=0.0)) <= tolerance
    elif encoding == "simple_packing":
        span = float(data.max() - data.min()) or 1.0
        ok = np.allclose(arr, data.astype(np.float64), rtol=0, atol=span / 2**23)
    else:
        ok = arr.dtype == data.dtype and np.array_equal(arr, data)
    if not ok:
        raise Unsupported("decode result differs from the encoded input: not measured")


def _decode_workload(section, label, iterations, impls, data, encoding="none", compression="none", extras=(),
                     params=None, tolerance=None):
    msgs = Messages(impls, data, encoding, compression, params)
    wl = Workload(section, label, iterations, None, extras, nbytes=data.nbytes)

    def build(imp):
        f = imp.func("decode")
        msg, note = msgs.for_impl(imp.name)
        if note:
            wl.notes.append(note)
        check_same(f(msg), data, encoding, tolerance)
        return Variant(imp.name, f, (msg,))

    wl.build = build
    return wl


def _encode_workload(section, label, iterations, data, encoding="none", compression="none", params=None,
                     tolerance=None):
    def build(imp):
        f = imp.func("encode")
        desc = descriptor(imp.module, data, encoding, compression, params)
        msg = f(META, [(desc, data)])
        dec = getattr(imp.module, "decode", None)
        if dec is not None:  # round trip through the same implementation
            check_same(dec(msg), data, encoding, tolerance)
        return Variant(imp.name, f, (META, [(desc, data)]))

    return Workload(section, label, iterations, build, nbytes=data.nbytes)


def _copy_variant(data):
    def make():
        return Variant("numpy-copy", _numpy_copy, (data,))

    return make


def _numpy_copy(a, threads=0):
    """The reference for decode: a fresh array holding a copy of the same bytes."""
    return a.copy()


def headline(impls, iterations, dimension, numpy_reference=True):
    """Decode and encode of 1M float32, none+none, under the chosen dimension."""
    data = random_data(1_000_000, "float32")
    extras = [_copy_variant(data)] if numpy_reference else []
    return [
        _decode_workload("headline", f"Decode (1M f32, none+none, dim={dimension})", iterations, impls, data, extras=extras),
        _encode_workload("headline", f"Encode (1M f32, none+none, dim={dimension})", iterations, data),
    ]


CODECS = [("none", "zstd", "float32"), ("none", "lz4", "float32"), ("simple_packing", "zstd", "float64")]


def codec_sweep(impls, iterations):
    """Decode then encode for each codec combination of upstream's sweep (1M elements)."""
    out = []
    for enc, comp, dt in CODECS:
        data = random_data(1_000_000, dt)
        out.append(_decode_workload("codec", f"Decode (1M {dt}, {enc}+{comp})", iterations, impls, data, enc, comp))
        out.append(_encode_workload("codec", f"Encode (1M {dt}, {enc}+{comp})", iterations, data, enc, comp))
    return out


# Codecs upstream bundles beyond its own sweep (not in upstream's script): (name, compression, params,
# max |error| accepted from a decode, None = exact). zfp at 16 bits per value keeps randn data within
# about 1e-3; sz3 bounds the error by its abs bound.
EXTRA_CODECS = [
    ("blosc2 lz4 clevel 5", "blosc2", {"blosc2_codec": "lz4", "blosc2_clevel": 5}, None),
    ("blosc2 zstd clevel 5", "blosc2", {"blosc2_codec": "zstd", "blosc2_clevel": 5}, None),
    ("zfp fixed_rate 16", "zfp", {"zfp_mode": "fixed_rate", "zfp_rate": 16}, 0.01),
    ("sz3 abs 0.01", "sz3", {"sz3_error_bound_mode": "abs", "sz3_error_bound": 0.01}, 0.01),
]


def extra_codec_sweep(impls, iterations):
    """Decode then encode of 1M float64 randn with blosc2, zfp and sz3 (a tensogram-go addition)."""
    out = []
    data = random_data(1_000_000, "float64")
    for name, comp, params, tol in EXTRA_CODECS:
        kw = dict(params=params, tolerance=tol)
        out.append(_decode_workload("codec-extra", f"Decode (1M float64, {name})", iterations, impls, data,
                                    compression=comp, **kw))
        out.append(_encode_workload("codec-extra", f"Encode (1M float64, {name})", iterations, data,
                                    compression=comp, **kw))
    return out


SIZES = [(16_000, "64KB"), (1_000_000, "4MB"), (16_000_000, "64MB")]


def size_iterations(iterations: int, size: int) -> int:
    """Upstream's rule: fewer iterations for bigger messages, at least 3."""
    return max(iterations // max(size // 100_000, 1), 3)


def size_sweep(impls, iterations):
    """Decode of none+none float32 at 64 KB, 4 MB, 64 MB."""
    out = []
    for size, name in SIZES:
        data = random_data(size, "float32")
        out.append(_decode_workload("size", f"Decode ({name} f32, none+none)", size_iterations(iterations, size), impls, data))
    return out


def other_ops(impls, iterations):
    """scan, validate, decode_range and iter_messages on 1M float32 messages."""
    data = random_data(1_000_000, "float32")
    msgs = Messages(impls, data)
    small = [Messages(impls, random_data(100_000, "float32")) for _ in range(2)]
    out = []

    def on_msg(op_name, label, extra_args=()):
        wl = Workload("other", label, iterations, None, nbytes=None)

        def build(imp):
            f = imp.func(op_name)
            msg, note = msgs.for_impl(imp.name)
            if note:
                wl.notes.append(note)
            return Variant(imp.name, f, (msg,) + tuple(extra_args))

        wl.build = build
        return wl

    out.append(on_msg("scan", "Scan (1M f32)"))
    out.append(on_msg("validate", "Validate (1M f32)"))
    out.append(on_msg("decode_range", "Decode-range (2x1K slices from 1M f32)", (0, [(0, 1000), (500_000, 1000)])))

    wl = Workload("other", "Iter-messages (3 msgs, 100K f32 each)", iterations, None)

    def build_iter(imp):
        it = imp.func("iter_messages")
        m1, n1 = small[0].for_impl(imp.name)
        m2, n2 = small[1].for_impl(imp.name)
        for note in (n1, n2):
            if note:
                wl.notes.append(note)
        combined = m1 + m2 + m1
        return Variant(imp.name, lambda buf, _it=it: list(_it(buf)), (combined,))

    wl.build = build_iter
    out.append(wl)
    return out



CONTROL_ITERATIONS = 4


def control(when, iterations=CONTROL_ITERATIONS):
    """zlib.compress (level 1) of 256 KB of float32: native, codec-like, releases the GIL, no tensogram.
    Its speedup shows how much parallel CPU the machine actually gave the run (other load,
    shared cores), so a scaling figure below it is not the library's fault."""
    buf = np.random.randn(1 << 16).astype("float32").tobytes()

    def make():
        return Variant("zlib-control", zlib.compress, (buf, 1))

    return Workload("control", f"Control ({when}): zlib.compress level 1 of 256 KB f32 (no tensogram)", iterations, None,
                    [make], nbytes=len(buf))
