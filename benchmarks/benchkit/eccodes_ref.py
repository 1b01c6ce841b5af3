"""ecCodes, measured live: GRIB2 on a regular lat/lon grid, CCSDS packing at N bits.

Two ways to reach the same C library:
  * the `eccodes` PyPI package (cffi; its `eccodeslib` wheel bundles libeccodes) — used when it
    imports (CPython builds with a GIL: cffi has no free-threaded 3.13 wheel);
  * ctypes on a libeccodes found on the system (Debian: libeccodes0 + libeccodes-data) — works on
    every interpreter, including free-threaded ones. ctypes releases the GIL during each C call.
Both do the same per call: encode = new handle from the regular_ll_sfc_grib2 sample, set the
grid, packingType=grid_ccsds, bitsPerValue, the values, copy the message out, free the handle;
decode = handle from the message bytes, copy the values out into a new float64 array.
"""

import ctypes
import ctypes.util
import math
import os

import numpy as np

SAMPLE = "regular_ll_sfc_grib2"


def grid_shape(n: int):
    """(Ni, Nj) with Ni * Nj == n, as square as possible."""
    for ni in range(int(math.isqrt(n)), 0, -1):
        if n % ni == 0:
            return n // ni, ni
    return n, 1


def grid_keys(n: int):
    """Integer and float keys of a global regular lat/lon grid of n points."""
    ni, nj = grid_shape(n)
    longs = {"Ni": ni, "Nj": nj}
    doubles = {
        "latitudeOfFirstGridPointInDegrees": 90.0,
        "longitudeOfFirstGridPointInDegrees": 0.0,
        "latitudeOfLastGridPointInDegrees": -90.0,
        "longitudeOfLastGridPointInDegrees": 360.0 - 360.0 / ni,
        "iDirectionIncrementInDegrees": 360.0 / ni,
        "jDirectionIncrementInDegrees": 180.0 / max(nj - 1, 1),
    }
    return longs, doubles


class PythonBackend:
    """ecCodes through the `eccodes` PyPI package."""

    name = "eccodes-python"

    def __init__(self):
        import eccodes

        self.ec = eccodes
        self.version = eccodes.codes_get_api_version()
        self.library = getattr(getattr(eccodes, "lib", None), "__file__", None) or "eccodes package"

    def encode(self, values, bits):
        ec = self.ec
        h = ec.codes_grib_new_from_samples(SAMPLE)
        try:
            longs, doubles = grid_keys(values.size)
            for k, v in longs.items():
                ec.codes_set_long(h, k, v)
            for k, v in doubles.items():
                ec.codes_set_double(h, k, v)
            ec.codes_set_string(h, "packingType", "grid_ccsds")
            ec.codes_set_long(h, "bitsPerValue", bits)
            ec.codes_set_values(h, values)
            return ec.codes_get_message(h)
        finally:
            ec.codes_release(h)

    def decode(self, msg):
        ec = self.ec
        h = ec.codes_new_from_message(msg)
        try:
            return ec.codes_get_values(h)
        finally:
            ec.codes_release(h)


class CtypesBackend:
    """ecCodes through ctypes on the system libeccodes."""

    name = "ctypes"

    def __init__(self, path=None):
        path = path or os.environ.get("ECCODES_LIBRARY") or ctypes.util.find_library("eccodes")
        if not path:
            raise OSError("libeccodes not found (Debian: apt-get install libeccodes0 libeccodes-data; "
                          "or set ECCODES_LIBRARY)")
        lib = ctypes.CDLL(path)
        vp, sz, cp = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        lib.codes_grib_handle_new_from_samples.restype = vp
        lib.codes_grib_handle_new_from_samples.argtypes = [vp, cp]
        lib.codes_handle_new_from_message.restype = vp
        lib.codes_handle_new_from_message.argtypes = [vp, vp, sz]
        lib.codes_handle_delete.argtypes = [vp]
        lib.codes_set_long.argtypes = [vp, cp, ctypes.c_long]
        lib.codes_set_double.argtypes = [vp, cp, ctypes.c_double]
        lib.codes_set_string.argtypes = [vp, cp, cp, ctypes.POINTER(sz)]
        lib.codes_set_double_array.argtypes = [vp, cp, vp, sz]
        lib.codes_get_message.argtypes = [vp, ctypes.POINTER(vp), ctypes.POINTER(sz)]
        lib.codes_get_size.argtypes = [vp, cp, ctypes.POINTER(sz)]
        lib.codes_get_double_array.argtypes = [vp, cp, vp, ctypes.POINTER(sz)]
        lib.codes_get_error_message.restype = cp
        lib.codes_get_error_message.argtypes = [ctypes.c_int]
        lib.codes_get_api_version.restype = ctypes.c_long
        self.lib = lib
        v = lib.codes_get_api_version()
        self.version = f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        self.library = path

    def _check(self, rc, what):
        if rc != 0:
            raise RuntimeError(f"ecCodes {what}: {self.lib.codes_get_error_message(rc).decode()}")

    def encode(self, values, bits):
        lib = self.lib
        h = lib.codes_grib_handle_new_from_samples(None, SAMPLE.encode())
        if not h:
            raise RuntimeError(f"ecCodes: sample {SAMPLE} not found (Debian: libeccodes-data)")
        try:
            longs, doubles = grid_keys(values.size)
            for k, v in longs.items():
                self._check(lib.codes_set_long(h, k.encode(), v), f"set {k}")
            for k, v in doubles.items():
                self._check(lib.codes_set_double(h, k.encode(), v), f"set {k}")
            n = ctypes.c_size_t(len("grid_ccsds"))
            self._check(lib.codes_set_string(h, b"packingType", b"grid_ccsds", ctypes.byref(n)), "set packingType")
            self._check(lib.codes_set_long(h, b"bitsPerValue", bits), "set bitsPerValue")
            arr = np.ascontiguousarray(values, dtype=np.float64)
            self._check(lib.codes_set_double_array(h, b"values", arr.ctypes.data, arr.size), "set values")
            p, size = ctypes.c_void_p(), ctypes.c_size_t()
            self._check(lib.codes_get_message(h, ctypes.byref(p), ctypes.byref(size)), "get message")
            return ctypes.string_at(p, size.value)
        finally:
            lib.codes_handle_delete(h)

    def decode(self, msg):
        lib = self.lib
        h = lib.codes_handle_new_from_message(None, msg, len(msg))
        if not h:
            raise RuntimeError("ecCodes: cannot read the GRIB message")
        try:
            size = ctypes.c_size_t()
            self._check(lib.codes_get_size(h, b"values", ctypes.byref(size)), "get size")
            out = np.empty(size.value, dtype=np.float64)
            self._check(lib.codes_get_double_array(h, b"values", out.ctypes.data, ctypes.byref(size)), "get values")
            return out
        finally:
            lib.codes_handle_delete(h)


def open_backend(choice="auto"):
    """(backend, None) or (None, reason). choice: auto | python | ctypes."""
    errors = []
    order = {"auto": ["python", "ctypes"], "python": ["python"], "ctypes": ["ctypes"]}[choice]
    for kind in order:
        try:
            return (PythonBackend() if kind == "python" else CtypesBackend()), None
        except Exception as e:  # ImportError, OSError, missing symbols
            errors.append(f"{kind}: {type(e).__name__}: {e}")
    return None, "; ".join(errors)
