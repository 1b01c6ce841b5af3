"""Public surface (docs/python-api.md: Surface, Inputs, Exceptions): names, signatures, exceptions,
argument rules and constants."""

import inspect
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import tensogram_go as tg
from conftest import FREE_THREADED, desc

FUNCTIONS = ["encode", "encode_pre_encoded", "decode", "decode_with_masks", "decode_metadata", "decode_descriptors",
             "decode_object", "decode_range", "scan", "iter_messages", "validate", "validate_file", "compute_hash",
             "compute_packing_params", "is_remote_url", "doctor", "convert_grib", "convert_grib_buffer",
             "convert_netcdf", "to_grib", "to_netcdf"]
CLASSES = ["Metadata", "DataObjectDescriptor", "TensogramFile", "TensogramFileIter", "MessageIter",
           "StreamingEncoder", "AsyncTensogramFile", "AsyncTensogramFileIter"]


def test_names_exist():
    for n in FUNCTIONS:
        assert callable(getattr(tg, n)), n
    for n in CLASSES + ["IntegrityError", "MissingHashError", "HashMismatchError", "Message"]:
        assert isinstance(getattr(tg, n), type), n
    assert tg.WIRE_VERSION == 3 and isinstance(tg.__version__, str)
    assert not hasattr(tg, "validate_buffer")


def test_names_match_upstream(upstream):
    ours = {n for n in dir(tg) if not n.startswith("_")}
    theirs = {n for n in dir(upstream) if not n.startswith("_")} - {"Mapping", "namedtuple", "tensogram"}
    assert theirs <= ours


def test_signatures_match_upstream(upstream):
    def params(fn):
        return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values() if p.name != "self"]

    def norm(ps):
        # upstream renders hash="xxh3" as Ellipsis in its text signatures
        return [(n, k, "xxh3" if d is Ellipsis else d) for n, k, d in ps]

    for n in FUNCTIONS:
        assert norm(params(getattr(tg, n))) == norm(params(getattr(upstream, n))), n
    for cls in ("TensogramFile", "StreamingEncoder"):
        for name, member in inspect.getmembers(getattr(upstream, cls)):
            if name.startswith("_") or not callable(member):
                continue
            assert norm(params(getattr(getattr(tg, cls), name))) == norm(params(member)), (cls, name)
    assert norm(params(tg.StreamingEncoder)) == norm(params(upstream.StreamingEncoder))
    for name in ("get", "get_path", "get_path_at", "has_path", "has_path_at", "keys", "values", "items"):
        assert norm(params(getattr(tg.Metadata, name))) == norm(params(getattr(upstream.Metadata, name))), name


def test_exception_hierarchy():
    assert issubclass(tg.MissingHashError, tg.IntegrityError) and issubclass(tg.HashMismatchError, tg.IntegrityError)
    assert issubclass(tg.IntegrityError, Exception)
    for e in (tg.IntegrityError, tg.MissingHashError, tg.HashMismatchError):
        assert not issubclass(e, (ValueError, RuntimeError))


def test_classes_not_constructible():
    for cls in ("TensogramFile", "TensogramFileIter", "MessageIter", "AsyncTensogramFile"):
        with pytest.raises(TypeError):
            getattr(tg, cls)()


def test_argument_conventions():
    msg = tg.encode({}, [(desc([4]), np.zeros(4, np.float32))])
    with pytest.raises(TypeError, match="bool"):
        tg.decode(msg, verify_hash=1)
    with pytest.raises(TypeError, match="bool"):
        tg.decode(msg, native_byte_order="yes")
    tg.decode(msg, verify_hash=np.bool_(True))
    with pytest.raises(OverflowError):
        tg.decode(msg, threads=-1)
    with pytest.raises(TypeError):
        tg.decode(msg, threads=1.0)
    tg.decode(msg, threads=np.int64(2))
    with pytest.raises(TypeError, match="unexpected keyword|invalid keyword"):
        tg.decode(msg, bogus=True)
    with pytest.raises(TypeError):
        tg.validate(msg, level=1)
    with pytest.raises(TypeError):
        tg.validate_file(pathlib.Path("x"))
    with pytest.raises(TypeError):
        tg.encode({}, [(desc([4]), np.zeros(4, np.float32))], hash=1)
    with pytest.raises(OverflowError):
        tg.decode_object(msg, -1)


def test_message_is_package_namedtuple():
    m = tg.decode(tg.encode({}, []))
    assert type(m) is tg.Message and m._fields == ("metadata", "objects")


def test_import_under_warnings_error_keeps_gil_off():
    code = (
        "import sys, numpy, tensogram_go as t\n"
        "t.decode(t.encode({}, [({'type':'ntensor','shape':[2],'dtype':'float32'}, numpy.zeros(2, numpy.float32))]))\n"
        "print(getattr(sys, '_is_gil_enabled', lambda: True)())\n"
    )
    r = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("False" if FREE_THREADED else "True")


def test_not_picklable():
    import pickle

    meta = tg.decode_metadata(tg.encode({}, []))
    with pytest.raises(TypeError):
        pickle.dumps(meta)
