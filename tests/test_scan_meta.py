"""scan / iter_messages, compute_packing_params, and the Metadata / DataObjectDescriptor views
(lookup rules, mapping surface, dot paths)."""

from collections.abc import Mapping

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc


def msg_with(i, n=10, **meta):
    return tg.encode({"index": i, **meta}, [(desc([n]), np.arange(n, dtype=np.float32) + i)])


# ---- H ----------------------------------------------------------------------


def test_scan_spans_garbage_and_truncation():
    m = msg_with(0)
    assert tg.scan(m) == [(0, len(m))]
    assert tg.scan(b"") == [] and tg.scan(b"\xff\xfe\xfd" * 100) == []
    msgs = [msg_with(i, 10 + i) for i in range(5)]
    spans = tg.scan(b"".join(msgs))
    off = 0
    assert len(spans) == 5
    for (o, n), m in zip(spans, msgs):
        assert o == off and n == len(m)
        off += n
    assert len(tg.scan(m + b"\xde\xad\xbe\xef" + m)) == 2
    assert len(tg.scan(m + m[:-10])) == 1


def test_scan_many_spans_and_bytearray():
    # More spans than the shim's inline array (8) take the allocated path.
    msgs = [msg_with(i, 3) for i in range(20)]
    buf = b"garbage" + b"".join(msgs)
    spans = tg.scan(buf)
    assert len(spans) == 20 and spans[0] == (7, len(msgs[0]))
    assert tg.scan(bytearray(buf)) == spans
    for k in range(10):  # around the inline capacity
        assert tg.scan(b"".join(msgs[:k])) == [(o - 7, n) for o, n in spans[:k]]


SCAN_ARG_ERRORS = [
    ((), {}, "scan() missing 1 required positional argument: 'buf'"),
    ((b"", b""), {}, "scan() takes 1 positional arguments but 2 were given"),
    ((), {"x": b""}, "scan() got an unexpected keyword argument 'x'"),
    ((b"",), {"buf": b""}, "scan() got multiple values for argument 'buf'"),
    ((), {"buf": b"", "x": 1}, "scan() got an unexpected keyword argument 'x'"),
    ((1,), {}, "argument 'buf': 'int' object is not an instance of 'bytes | bytearray'"),
]


@pytest.mark.parametrize("args,kwargs,message", SCAN_ARG_ERRORS)
def test_scan_argument_errors(args, kwargs, message, upstream):
    """Same TypeErrors, word for word, as upstream's scan."""
    for mod in (tg, upstream):
        with pytest.raises(TypeError) as ei:
            mod.scan(*args, **kwargs)
        assert str(ei.value) == message, mod.__name__
    assert tg.scan(buf=b"") == upstream.scan(buf=b"") == []


@pytest.mark.parametrize("fname", ["decode_metadata", "decode_descriptors"])
@pytest.mark.parametrize("args,kwargs,message", SCAN_ARG_ERRORS[:-1])
def test_single_buf_argument_errors(fname, args, kwargs, message, upstream):
    """decode_metadata and decode_descriptors take their one argument as scan does: same
    TypeErrors as upstream's, word for word."""
    message = message.replace("scan()", f"{fname}()")
    for mod in (tg, upstream):
        with pytest.raises(TypeError) as ei:
            getattr(mod, fname)(*args, **kwargs)
        assert str(ei.value) == message, mod.__name__
    buf = msg_with(1)
    assert tg.decode_metadata(buf=buf)["index"] == 1
    assert tg.decode_descriptors(buf=buf)[1][0].shape == upstream.decode_descriptors(buf=buf)[1][0].shape


def test_slices_decode():
    msgs = [msg_with(i) for i in range(3)]
    buf = b"".join(msgs)
    for i, (o, n) in enumerate(tg.scan(buf)):
        assert tg.decode_metadata(buf[o : o + n])["index"] == i
        np.testing.assert_array_equal(tg.decode(buf[o : o + n]).objects[0][1], np.arange(10, dtype=np.float32) + i)


def test_iter_messages():
    buf = b"".join(msg_with(i) for i in range(4))
    got = list(tg.iter_messages(buf))
    assert [m.metadata["index"] for m in got] == [0, 1, 2, 3]
    assert all(isinstance(m, tg.Message) and m.metadata.version == 3 for m in got)
    meta, objs = got[0]
    assert list(tg.iter_messages(b"")) == [] and list(tg.iter_messages(b"\xff" * 100)) == []
    m = msg_with(7)
    it = tg.iter_messages(m * 3)
    assert len(it) == 3 and iter(it) is it
    next(it)
    assert len(it) == 2 and repr(it) == "MessageIter(position=1, remaining=2)"
    next(it), next(it)
    with pytest.raises(StopIteration):
        next(it)
    assert len(list(tg.iter_messages(b"\xde\xad" + m + b"\xff\xff" + m))) == 2


def test_iter_verify_hash():
    m = msg_with(1)
    np.testing.assert_array_equal(next(tg.iter_messages(m, verify_hash=True)).objects[0][1], np.arange(10, dtype=np.float32) + 1)
    unhashed = tg.encode({}, [(desc([2]), np.zeros(2, np.float32))], hash=None)
    it = tg.iter_messages(unhashed + unhashed, verify_hash=True)
    with pytest.raises(tg.MissingHashError) as ei:
        next(it)
    assert ei.value.object_index == 0
    assert next(it, None) is None
    with pytest.raises(TypeError):
        tg.iter_messages(m, verify_hash=1)
    with pytest.raises(TypeError):
        tg.iter_messages(m, True)


# ---- I ----------------------------------------------------------------------


def test_packing_params():
    v = np.linspace(200.0, 300.0, 50)
    p = tg.compute_packing_params(v, 16, 0)
    assert list(p) == ["sp_reference_value", "sp_binary_scale_factor", "sp_decimal_scale_factor", "sp_bits_per_value"]
    assert p["sp_bits_per_value"] == 16 and p["sp_reference_value"] == 200.0
    assert tg.compute_packing_params(v, 16, 2)["sp_decimal_scale_factor"] == 2
    assert tg.compute_packing_params(values=v, bits_per_value=8, decimal_scale_factor=0)["sp_bits_per_value"] == 8
    assert tg.compute_packing_params(np.full(10, 273.15), 16, 0)["sp_reference_value"] == pytest.approx(273.15, abs=1e-6)
    assert tg.compute_packing_params(np.array([300.0]), 16, 0)["sp_reference_value"] == pytest.approx(300.0, abs=1e-4)
    for bits in (1, 8, 12, 16, 24, 32):
        assert tg.compute_packing_params(v, bits, 0)["sp_bits_per_value"] == bits


def test_packing_params_errors():
    with pytest.raises(ValueError, match="NaN"):
        tg.compute_packing_params(np.array([1.0, np.nan]), 16, 0)
    with pytest.raises(ValueError, match="infinite value"):
        tg.compute_packing_params(np.array([np.inf]), 16, 0)
    with pytest.raises(ValueError, match="infinite value"):
        tg.compute_packing_params(np.array([-np.inf]), 16, 0)
    with pytest.raises(ValueError, match="exceeds maximum"):
        tg.compute_packing_params(np.zeros(3), 65, 0)
    for bad in (np.zeros(3, np.float32), np.zeros((2, 2)), [1.0, 2.0]):
        with pytest.raises(TypeError):
            tg.compute_packing_params(bad, 16, 0)
    with pytest.raises(ValueError, match="contiguous"):
        tg.compute_packing_params(np.zeros(6)[::2], 16, 0)


def test_packing_params_match_upstream(upstream):
    rng = np.random.default_rng(3)
    for bits, dsf in ((16, 0), (24, 2), (12, -1), (32, 0)):
        v = rng.standard_normal(1000) * 50 + 280
        assert tg.compute_packing_params(v, bits, dsf) == upstream.compute_packing_params(v, bits, dsf)


# ---- J ----------------------------------------------------------------------


def meta_two():
    return tg.decode(
        tg.encode(
            {
                "base": [{"mars": {"class": "od", "param": "2t"}, "param": "first_value", "shared": "from_base", "b_key": 1},
                         {"param": "second", "only_1": True, "zero": 0, "empty": "", "no": False}],
                "_extra_": {"shared": "from_extra", "source": "test", "experiment": "exp1", "step": 6},
                "e_key": "top",
            },
            [(desc([4]), np.zeros(4, np.float32)), (desc([2, 3, 4]), np.zeros(24, np.float32))],
        )
    ).metadata


def test_metadata_lookup_repr_and_contains():
    meta = meta_two()
    assert meta.version == 3
    r = repr(meta)
    assert "Metadata" in r and "version=3" in r and "base_len=2" in r and "extra_keys=" in r
    assert meta["experiment"] == "exp1" and meta["step"] == 6 and meta["mars"]["class"] == "od"
    assert meta.extra["source"] == "test"
    with pytest.raises(KeyError, match="nonexistent"):
        meta["nonexistent"]
    assert "source" in meta and "nonexistent" not in meta


def test_metadata_lookup_first_match_in_base_then_extra():
    meta = meta_two()
    assert meta["shared"] == "from_base" and meta["param"] == "first_value" and meta["mars"]["param"] == "2t"
    assert "b_key" in meta and "e_key" in meta and "only_1" in meta
    assert isinstance(meta.base, list) and len(meta.base) == 2 and meta.base[1]["param"] == "second"
    assert tg.decode(tg.encode({}, [])).metadata.base == []


def test_metadata_reserved_is_hidden_from_lookup():
    meta = meta_two()
    t = meta.base[0]["_reserved_"]["tensor"]
    assert t["ndim"] == 1 and t["shape"] == [4]
    assert {"encoder", "time", "uuid"} <= set(meta.reserved)
    with pytest.raises(KeyError, match="_reserved_"):
        meta["_reserved_"]
    assert "_reserved_" not in meta


def test_descriptor_object_fields_and_repr():
    m = tg.encode({}, [(desc([3, 4]), np.zeros(12, np.float32)), (desc([2, 3, 4]), np.zeros(24, np.float32))])
    _, ds = tg.decode_descriptors(m)
    d = ds[0]
    assert (d.obj_type, d.ndim, d.shape, d.dtype) == ("ntensor", 2, [3, 4], "float32")
    assert d.encoding == d.filter == d.compression == "none"
    assert d.byte_order in ("big", "little") and isinstance(d.params, dict)
    assert ds[1].strides == [12, 4, 1] and d.hash is None
    r = repr(d)
    assert "DataObjectDescriptor" in r and "float32" in r and "4" in r
    assert tg.validate(m, level="checksum")["hash_verified"] is True
    assert tg.decode_descriptors(tg.encode({}, [(desc([1]), np.zeros(1, np.float32))], hash=None))[1][0].hash is None


def test_properties_are_fresh():
    meta = meta_two()
    meta.base[0]["param"] = "changed"
    meta.extra["source"] = "changed"
    meta["mars"]["class"] = "changed"
    assert meta.base[0]["param"] == "first_value" and meta["source"] == "test" and meta["mars"]["class"] == "od"


# ---- Metadata as a Mapping, and dot paths -------------------------------------


def test_mapping_surface():
    meta = meta_two()
    assert isinstance(meta, Mapping)
    keys = meta.keys()
    assert isinstance(keys, list) and isinstance(meta.values(), list) and isinstance(meta.items(), list)
    assert keys == ["b_key", "mars", "param", "shared", "empty", "no", "only_1", "zero", "e_key", "experiment", "source", "step"]
    assert len(meta) == len(keys) and list(meta) == keys
    assert dict(meta) == {**meta} == dict(meta.items())
    assert meta.get("zero", 5) == 0 and meta.get("empty", "x") == "" and meta.get("no", True) is False
    assert meta.get("missing") is None and meta.get("missing", 1) == 1
    assert meta.num_objects == 2


def test_dot_paths():
    meta = meta_two()
    assert meta.get_path("mars.class") == "od" and meta.has_path("mars.param")
    assert meta.get_path("extra.source") == "test" and meta.get_path("_extra_.step") == 6
    assert meta.get_path("source") == "test"
    assert not meta.has_path("") and meta.get_path("mars.nope", 9) == 9
    assert not meta.has_path("_reserved_.tensor") and meta.get_path("_reserved_") is None
    assert meta.has_path_at(1, "only_1") and not meta.has_path_at(0, "only_1")
    assert meta.get_path_at(0, "mars.class") == "od" and meta.get_path_at(1, "mars.class", "d") == "d"
    assert not meta.has_path_at(0, "source") and not meta.has_path_at(5, "param")
    assert meta.get_path_at(-1, "param", "x") == "x"
    assert not meta.has_path_at(0, "_reserved_.tensor")
    assert meta.get_path("mars") == {"class": "od", "param": "2t"}


def test_metadata_matches_upstream_view(upstream):
    msg = tg.encode({"base": [{"a": 1, "z": {"y": 2, "long_key": 0}, "mmmm": 3}, {"b": 2}], "e": "x", "longer": 1},
                    [(desc([1]), np.zeros(1, np.float32)), (desc([1]), np.zeros(1, np.float32))])
    ours, theirs = tg.decode_metadata(msg), upstream.decode_metadata(msg)
    assert ours.keys() == theirs.keys() and ours.items() == theirs.items()
    assert ours.base == theirs.base and ours.extra == theirs.extra
    assert repr(ours) == repr(theirs)
    for p in ("z.y", "a", "extra.e", "e", "b", "_reserved_.tensor", ""):
        assert ours.get_path(p, "D") == theirs.get_path(p, "D")
        assert ours.get_path_at(1, p, "D") == theirs.get_path_at(1, p, "D")
    assert [list(b["_reserved_"]["tensor"]) for b in ours.base] == [list(b["_reserved_"]["tensor"]) for b in theirs.base]
    assert [list(b) for b in ours.base] == [list(b) for b in theirs.base]
    od, td = tg.decode_descriptors(msg)[1][0], upstream.decode_descriptors(msg)[1][0]
    assert repr(od) == repr(td) and od.params == td.params and od.strides == td.strides


def test_metadata_lookup_edges_match_upstream(upstream):
    """The flat lookup hides "_reserved_" only in base entries (an "_extra_"
    key of that name is found); "extra."/"_extra_." paths look in _extra_
    only, with no fallback to a base key named "extra"."""
    meta = {"_extra_": {"_reserved_": 1, "x": 2}, "base": [{"extra": {"x": 7, "y": 8}}]}
    msg = tg.encode(meta, [(desc([1]), np.zeros(1, np.float32))])
    ours, theirs = tg.decode_metadata(msg), upstream.decode_metadata(msg)
    assert ours.keys() == theirs.keys() == ["extra", "_reserved_", "x"]
    assert ("_reserved_" in ours) is ("_reserved_" in theirs) is True
    assert ours.get("_reserved_") == theirs.get("_reserved_") == 1
    for p in ("extra.x", "_extra_.x", "extra.y", "extra", "_reserved_", "extra.x.z"):
        assert ours.get_path(p, "D") == theirs.get_path(p, "D"), p
        assert ours.get_path_at(0, p, "D") == theirs.get_path_at(0, p, "D"), p
