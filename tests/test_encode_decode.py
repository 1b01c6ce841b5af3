"""Encode/decode core behaviour: dtypes and shapes, hashing options, the metadata and descriptor
dicts, data inputs, decode errors, decode_object and decode_range."""

import sys

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

META = {"version": 3}


def roundtrip(arr, meta=None, **kw):
    msg = tg.encode(meta if meta is not None else META, [(desc(arr.shape, str(arr.dtype)), arr)], **kw)
    return msg, tg.decode(msg)


# ---- C: encode/decode core ------------------------------------------------


@pytest.mark.parametrize(
    "arr",
    [
        np.arange(12, dtype=np.float32),
        np.arange(60, dtype=np.float64).reshape(6, 10),
        np.array([-(2**31), 0, 2**31 - 1], dtype=np.int32),
        np.array([-(2**62), 0, 2**62], dtype=np.int64),
        np.array([0, 255], dtype=np.uint8),
        np.array([0, 65535], dtype=np.uint16),
        np.array([0, 2**32 - 1], dtype=np.uint32),
        np.array([0, 2**63, 2**64 - 1], dtype=np.uint64),
        np.array([-128, 127], dtype=np.int8),
        np.array([-(2**15), 2**15 - 1], dtype=np.int16),
    ],
    ids=lambda a: str(a.dtype),
)
def test_dtype_roundtrip(arr):
    _, (meta, objs) = roundtrip(arr)
    out = objs[0][1]
    assert out.dtype == arr.dtype and out.shape == arr.shape
    np.testing.assert_array_equal(out, arr)


def test_single_object_float32():
    _, msg = roundtrip(np.arange(100, dtype=np.float32))
    assert len(msg.objects) == 1
    assert msg.objects[0][1].dtype == np.float32 and msg.objects[0][1].shape == (100,)


@pytest.mark.parametrize("shape", [(2, 3, 4), (2, 3, 4, 5), (1,), ()])
def test_shapes_roundtrip(shape):
    arr = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    _, msg = roundtrip(arr)
    out = msg.objects[0][1]
    assert out.shape == shape
    np.testing.assert_array_equal(out, arr)


def test_hash_option_and_missing_hash_error():
    a = np.arange(10, dtype=np.float32)
    unhashed = tg.encode(META, [(desc([10]), a)], hash=None)
    np.testing.assert_array_equal(tg.decode(unhashed).objects[0][1], a)
    hashed = tg.encode(META, [(desc([10]), a)])
    np.testing.assert_array_equal(tg.decode(hashed, verify_hash=True).objects[0][1], a)
    with pytest.raises(tg.MissingHashError) as ei:
        tg.decode(unhashed, verify_hash=True)
    assert ei.value.object_index == 0
    assert isinstance(ei.value, tg.IntegrityError)
    assert not isinstance(ei.value, (ValueError, RuntimeError))


def test_multiple_objects_in_order():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    b = np.array([1, 2, 3], dtype=np.uint8)
    c = np.array([7, -7], dtype=np.int32)
    msg = tg.encode({"base": [{}, {}, {}]}, [(desc([3, 4]), a), (desc([3], "uint8"), b), (desc([2], "int32"), c)])
    objs = tg.decode(msg).objects
    assert len(objs) == 3
    for (_, got), want in zip(objs, (a, b, c)):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_message_framing_and_size():
    msg = tg.encode(META, [(desc([100]), np.zeros(100, np.float32))])
    assert isinstance(msg, bytes) and msg.startswith(b"TENSOGRM")
    assert 400 < len(msg) < 4000


def test_zero_objects_keep_extra():
    msg = tg.encode({"note": "empty"}, [])
    meta, objs = tg.decode(msg)
    assert objs == [] and meta["note"] == "empty" and meta.base == []


def test_large_random():
    a = np.random.default_rng(1).standard_normal(100_000).astype(np.float32)
    _, msg = roundtrip(a)
    np.testing.assert_array_equal(msg.objects[0][1], a)


def test_repeat_encodes_decode_alike_with_fresh_provenance():
    a = np.arange(50, dtype=np.float64)
    m1 = tg.encode(META, [(desc([50], "float64"), a)], hash=None)
    m2 = tg.encode(META, [(desc([50], "float64"), a)], hash=None)
    d1, d2, d1b = tg.decode(m1), tg.decode(m2), tg.decode(m1)
    assert d1.metadata.extra == d2.metadata.extra == d1b.metadata.extra
    assert d1.metadata == d1b.metadata
    for x in (d2, d1b):
        np.testing.assert_array_equal(x.objects[0][1], a)
    assert m1 != m2  # fresh uuid/time per encode


def test_message_namedtuple():
    _, msg = roundtrip(np.arange(3, dtype=np.float32))
    assert isinstance(msg, tg.Message) and isinstance(msg, tuple)
    meta, objects = msg
    assert meta is msg.metadata and objects is msg.objects


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint16"])
def test_explicit_little_endian(dtype):
    a = np.arange(20).astype(dtype)
    msg = tg.encode(META, [(desc([20], dtype, byte_order="little"), a)])
    np.testing.assert_array_equal(tg.decode(msg).objects[0][1], a)


def test_decoded_arrays_are_fresh_writable_owned():
    msg = tg.encode(META, [(desc([4]), np.arange(4, dtype=np.float32))])
    a = tg.decode(msg).objects[0][1]
    b = tg.decode(msg).objects[0][1]
    assert a.flags.writeable and a.flags.c_contiguous and a.dtype.isnative
    a[0] = 42
    assert b[0] == 0 and tg.decode(msg).objects[0][1][0] == 0
    assert not np.shares_memory(a, np.frombuffer(msg, np.uint8))


def test_fortran_array_serialised_in_memory_order():
    a = np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))
    msg = tg.encode(META, [(desc([2, 3]), a)])
    out = tg.decode(msg).objects[0][1]
    np.testing.assert_array_equal(out.ravel(), a.ravel(order="F"))


def test_bytes_bytearray_memoryview_and_int_list_data():
    raw = np.arange(4, dtype=np.float32).tobytes()
    for data in (raw, bytearray(raw), memoryview(raw), list(raw)):
        msg = tg.encode(META, [(desc([4]), data)])
        np.testing.assert_array_equal(tg.decode(msg).objects[0][1], np.arange(4, dtype=np.float32))


def test_wire_order_output():
    a = np.arange(5, dtype=np.float32)
    other = "big" if sys.byteorder == "little" else "little"
    raw = a.astype(a.dtype.newbyteorder(">" if other == "big" else "<")).tobytes()
    msg = tg.encode_pre_encoded(META, [(desc([5], byte_order=other), raw)])
    np.testing.assert_array_equal(tg.decode(msg).objects[0][1], a)
    wire = tg.decode(msg, native_byte_order=False).objects[0][1]
    assert wire.dtype == np.float32
    np.testing.assert_array_equal(wire.byteswap(), a)


@pytest.mark.parametrize("dtype", ["float16", "complex64", "complex128"])
def test_special_dtypes_through_byte_views(dtype):
    a = (np.arange(6) + 1j * (dtype.startswith("complex"))).astype(dtype) if dtype.startswith("complex") else np.arange(6).astype(dtype)
    msg = tg.encode(META, [(desc([6], dtype), a.view(np.uint8))])
    out = tg.decode(msg).objects[0][1]
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out, a)


def test_bfloat16_decodes_to_ml_dtypes_or_uint16():
    raw = np.array([0x3F80, 0x4000], dtype=np.uint16)  # 1.0, 2.0
    out = tg.decode(tg.encode(META, [(desc([2], "bfloat16"), raw)])).objects[0][1]
    try:
        import ml_dtypes

        assert out.dtype == np.dtype(ml_dtypes.bfloat16)
        assert out.astype(np.float32).tolist() == [1.0, 2.0]
    except ImportError:
        assert out.dtype == np.uint16
        np.testing.assert_array_equal(out, raw)


def test_bitmask_decodes_flat_uint8():
    packed = np.array([0b10100000, 0b1], dtype=np.uint8)
    out = tg.decode(tg.encode(META, [(desc([9], "bitmask"), packed)])).objects[0][1]
    assert out.dtype == np.uint8 and out.shape == (2,)
    np.testing.assert_array_equal(out, packed)


# ---- D: metadata input rules ----------------------------------------------


def test_empty_metadata():
    meta = tg.decode(tg.encode({}, [(desc([1]), np.zeros(1, np.float32))])).metadata
    assert meta.version == tg.WIRE_VERSION == 3


def test_free_keys_to_extra():
    meta = tg.decode(tg.encode({"foo": "bar", "version": 99}, [])).metadata
    assert meta["foo"] == "bar" and dict(meta.extra).get("foo") == "bar"
    assert meta.extra["version"] == 99 and meta.version == 3


def test_explicit_extra_wins():
    meta = tg.decode(tg.encode({"version": 99, "_extra_": {"version": 1}}, [])).metadata
    assert meta.extra["version"] == 1
    meta = tg.decode(tg.encode({"_extra_": {"key": "from_wire"}, "extra": {"key": "alias", "from_wire": True}}, [])).metadata
    assert meta.extra["key"] == "from_wire" and meta.extra.get("from_wire") is None
    meta = tg.decode(tg.encode({"extra": {"from_alias": True}}, [])).metadata
    assert meta.extra.get("from_alias") is True


def test_metadata_dict_errors():
    one = [(desc([1]), np.zeros(1, np.float32))]
    with pytest.raises(ValueError, match="'extra' must be a dict"):
        tg.encode({"extra": 1}, one)
    with pytest.raises(ValueError, match="'_extra_' must be a dict"):
        tg.encode({"_extra_": [1]}, one)
    with pytest.raises(ValueError, match="_reserved_"):
        tg.encode({"base": [{"_reserved_": {}}]}, one)
    with pytest.raises(ValueError, match="_reserved_"):
        tg.encode({"_reserved_": {}}, one)
    with pytest.raises(ValueError, match="'base' must be a list of dicts"):
        tg.encode({"base": None}, one)
    with pytest.raises(ValueError, match="expected a dict"):
        tg.encode({"base": ["not_a_dict"]}, one)
    with pytest.raises(ValueError, match="metadata base has 2 entries but only 1"):
        tg.encode({"base": [{}, {}]}, one)
    with pytest.raises(TypeError):
        tg.encode([("a", 1)], one)
    with pytest.raises(ValueError, match="cannot convert"):
        tg.encode({"k": (1, 2)}, one)


def test_base_padding_free_keys_and_tensor_summary():
    meta = tg.decode(tg.encode({"base": []}, [(desc([4]), np.zeros(4, np.float32))])).metadata
    assert isinstance(meta.base, list) and len(meta.base) == 1
    meta = tg.decode(tg.encode({"a": 1}, [(desc([4]), np.zeros(4, np.float32))])).metadata
    assert meta.extra == {"a": 1}
    b0 = {"mars": {"class": "od", "param": "2t"}, "source": "test"}
    meta = tg.decode(tg.encode({"base": [b0]}, [(desc([4]), np.zeros(4, np.float32))])).metadata
    got = meta.base[0]
    assert got["mars"] == b0["mars"] and got["source"] == "test"
    t = got["_reserved_"]["tensor"]
    assert t == {"ndim": 1, "shape": [4], "strides": [1], "dtype": "float32"}


def test_value_types_roundtrip():
    extra = {
        "t": True, "f": False, "n": None, "pi": 3.14159, "strs": ["a", "b"], "empty": "", "ws": "  \t",
        "emoji": "🌍🌡️", "cjk": "温度", "arabic": "درجة", "nested": {"b": [True, {"x": False}], "u": "é"},
        "big": 2**70, "neg": -(2**63),
    }
    extra.update({f"k{i}": i for i in range(20)})
    meta = tg.decode(tg.encode(extra, [(desc([1]), np.zeros(1, np.float32))], hash=None)).metadata
    for k, v in extra.items():
        if k == "pi":
            assert meta[k] == pytest.approx(v)
        elif k == "big":
            assert meta[k] == float(2**70) and isinstance(meta[k], float)
        else:
            assert meta[k] == v
    assert type(meta["t"]) is bool and type(meta["nested"]["b"][0]) is bool


# ---- E: descriptor rules ----------------------------------------------------


def test_descriptor_missing_keys_and_unknown_names():
    a = np.zeros(4, np.float32)
    for key in ("dtype", "shape", "type"):
        d = desc([4])
        del d[key]
        with pytest.raises(ValueError, match=f"descriptor missing '{key}'"):
            tg.encode(META, [(d, a)])
    with pytest.raises(ValueError, match="unknown dtype"):
        tg.encode(META, [(desc([4], "complex256"), a)])
    with pytest.raises(ValueError, match="unknown hash"):
        tg.encode(META, [(desc([4]), a)], hash="sha256")
    with pytest.raises(ValueError, match="unknown byte_order"):
        tg.encode(META, [(desc([4], byte_order="middle"), a)])


def test_data_size_pair_shape_and_strides_overflow():
    with pytest.raises(ValueError, match="does not match|size|length"):
        tg.encode(META, [(desc([5, 5]), np.zeros(10, np.float32))])
    with pytest.raises((ValueError, TypeError)):
        tg.encode(META, [desc([4])])
    with pytest.raises(ValueError, match="tuple of length 2"):
        tg.encode(META, [(desc([4]),)])
    with pytest.raises(ValueError, match="first element of each pair must be a descriptor dict"):
        tg.encode(META, [(1, b"")])
    with pytest.raises(TypeError, match="list"):
        tg.encode(META, ((desc([4]), np.zeros(4, np.float32)),))
    with pytest.raises(ValueError, match="overflow|strides"):
        tg.encode(META, [(desc([2**63, 2]), np.zeros(4, np.float32))])


def _writers(tmp_path):
    f = tg.TensogramFile.create(str(tmp_path / "order.tgm"))
    return {
        "encode": lambda meta, objs, **kw: tg.encode(meta, objs, **kw),
        "encode_pre_encoded": lambda meta, objs, **kw: tg.encode_pre_encoded(meta, objs, **kw),
        "append": f.append,
        "StreamingEncoder": lambda meta, objs, **kw: tg.StreamingEncoder(meta, **kw),
    }


@pytest.mark.parametrize("call", ["encode", "encode_pre_encoded", "append", "StreamingEncoder"])
def test_argument_type_errors_before_option_errors(tmp_path, call):
    # As upstream: a metadata argument that is not a dict, then a list argument
    # that is not a list, is reported before a bad option.
    write = _writers(tmp_path)[call]
    with pytest.raises(TypeError, match="'global_meta_dict': 'int' object is not an instance of 'dict'"):
        write(5, 7, hash=7)
    if call != "StreamingEncoder":
        with pytest.raises(TypeError, match="'descriptors_and_data': 'int' object is not an instance of 'list'"):
            write(META, 7, hash=7)
    with pytest.raises(TypeError, match="'hash'"):
        write(META, [], hash=7)
    with pytest.raises(ValueError, match="strides overflow"):
        tg.encode(META, [(desc([2, 2**63, 2]), np.zeros(4, np.float32))])


def test_extra_descriptor_keys_in_params_ndim_hash_dropped():
    d = desc([4], my_custom_key="hello", numeric_param=42, ndim=7, hash="x")
    got = tg.decode(tg.encode(META, [(d, np.zeros(4, np.float32))])).objects[0][0]
    assert got.params == {"my_custom_key": "hello", "numeric_param": 42}
    assert got.ndim == 1


def test_data_input_errors():
    with pytest.raises(ValueError, match="not contiguous"):
        tg.encode(META, [(desc([4]), np.zeros(8, np.float32)[::2])])
    with pytest.raises(ValueError, match="data must be a numpy array or bytes"):
        tg.encode(META, [(desc([4]), "abcd")])
    with pytest.raises(ValueError, match="data must be a numpy array or bytes"):
        tg.encode(META, [(desc([4], "float16"), np.zeros(4, np.float16))])
    with pytest.raises(ValueError, match="data must be a numpy array or bytes"):
        tg.encode(META, [(desc([4]), np.zeros(4, ">f4" if sys.byteorder == "little" else "<f4"))])
    with pytest.raises(ValueError, match="data must be a numpy array or bytes"):
        tg.encode(META, [(desc([4]), 12)])


def test_strict_nan_inf():
    with pytest.raises(ValueError, match="EncodingError: strict-NaN check: NaN at element 1"):
        tg.encode(META, [(desc([3]), np.array([0, np.nan, 0], np.float32))])
    with pytest.raises(ValueError, match=r"strict-Inf check: \+Inf"):
        tg.encode(META, [(desc([3]), np.array([0, 0, np.inf], np.float32))])


# ---- F: decode errors --------------------------------------------------------


def test_decode_errors_framing_and_object_index():
    msg = tg.encode(META, [(desc([20]), np.zeros(20, np.float32))])
    for bad in (b"this is not a valid message", b"", msg[:20]):
        with pytest.raises(ValueError, match="FramingError"):
            tg.decode(bad)
    with pytest.raises(ValueError, match="Framing|truncat"):
        tg.decode(msg[:50])
    with pytest.raises(ValueError, match="ObjectError.*out of range"):
        tg.decode_object(msg, 99)
    with pytest.raises((ValueError, OverflowError)):
        tg.decode_object(msg, -1)
    with pytest.raises(ValueError, match="Framing|Invalid"):
        tg.decode_descriptors(b"not valid at all")


def test_corruption_detected():
    msg = bytearray(tg.encode(META, [(desc([100]), np.arange(100, dtype=np.float32))]))
    msg[len(msg) // 2] ^= 0xFF
    try:
        tg.decode(bytes(msg))
    except ValueError:
        return
    codes = {i["code"] for i in tg.validate(bytes(msg), level="checksum")["issues"]}
    assert codes & {"hash_mismatch", "decode_pipeline_failed", "cbor_offset_invalid"}


def test_buffer_type_rules():
    msg = tg.encode(META, [(desc([2]), np.zeros(2, np.float32))])
    for fn in (tg.decode, tg.scan, tg.validate, lambda b: tg.decode_object(b, 0), lambda b: tg.decode_range(b, 0, [(0, 1)])):
        fn(bytearray(msg))
        with pytest.raises(TypeError):
            fn(memoryview(msg))
    for fn in (tg.decode_metadata, tg.decode_descriptors, tg.iter_messages):
        with pytest.raises(TypeError):
            fn(bytearray(msg))


def test_first_message_only():
    m1 = tg.encode(META, [(desc([1]), np.array([1], np.float32))])
    m2 = tg.encode(META, [(desc([1]), np.array([2], np.float32))])
    assert tg.decode(m1 + m2).objects[0][1][0] == 1


# ---- G: selective decode -----------------------------------------------------


def two_objects():
    a = np.arange(20, dtype=np.float32)
    b = np.arange(60, dtype=np.int32) * 3
    return a, b, tg.encode({"base": [{}, {}]}, [(desc([20]), a), (desc([60], "int32"), b)])


def test_decode_object():
    a, b, msg = two_objects()
    meta, d, arr = tg.decode_object(msg, 0)
    assert isinstance(meta, tg.Metadata) and d.dtype == "float32" and d.shape == [20]
    np.testing.assert_array_equal(arr, a)
    _, d1, arr1 = tg.decode_object(msg, 1)
    assert d1.dtype == "int32"
    np.testing.assert_array_equal(arr1, b)


def test_decode_object_verify():
    a = np.arange(5, dtype=np.float32)
    hashed = tg.encode(META, [(desc([5]), a)])
    np.testing.assert_array_equal(tg.decode_object(hashed, 0, verify_hash=True)[2], a)
    with pytest.raises(tg.MissingHashError) as ei:
        tg.decode_object(tg.encode(META, [(desc([5]), a)], hash=None), 0, verify_hash=True)
    assert ei.value.object_index == 0


def test_decode_range():
    a, b, msg = two_objects()
    parts = tg.decode_range(msg, 0, [(10, 5)])
    assert isinstance(parts, list) and len(parts) == 1
    np.testing.assert_array_equal(parts[0], a[10:15])
    joined = tg.decode_range(msg, 0, [(10, 5)], join=True)
    assert isinstance(joined, np.ndarray)
    np.testing.assert_array_equal(tg.decode_range(msg, 0, [(0, 10)])[0], a[:10])
    np.testing.assert_array_equal(tg.decode_range(msg, 0, [(15, 5)])[0], a[15:])
    np.testing.assert_array_equal(tg.decode_range(msg, 1, [(50, 10)])[0], b[50:])
    parts = tg.decode_range(msg, 1, [(10, 5), (50, 3)])
    np.testing.assert_array_equal(parts[1], b[50:53])
    np.testing.assert_array_equal(tg.decode_range(msg, 1, ((10, 5), (50, 3)), join=True), np.r_[b[10:15], b[50:53]])
    np.testing.assert_array_equal(tg.decode_range(msg, 1, [(0, 60)])[0], b)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"])
def test_range_dtype(dtype):
    a = np.arange(30).astype(dtype)
    msg = tg.encode(META, [(desc([30], dtype), a)])
    parts = tg.decode_range(msg, 0, [(3, 4)])
    assert parts[0].dtype == np.dtype(dtype) and parts[0].ndim == 1
    np.testing.assert_array_equal(parts[0], a[3:7])


def test_decode_range_rejects_verify_hash_and_bad_ranges():
    _, _, msg = two_objects()
    with pytest.raises(TypeError, match="verify_hash"):
        tg.decode_range(msg, 0, [(0, 1)], verify_hash=True)
    with pytest.raises(TypeError, match="verify_hash"):
        tg.decode_range(msg, 0, [(0, 1)], join=True, verify_hash=True)
    with pytest.raises(ValueError, match="length 2"):
        tg.decode_range(msg, 0, [(0, 1, 2)])
    with pytest.raises(TypeError):
        tg.decode_range(msg, 0, [[0, 1]])
    with pytest.raises(ValueError):
        tg.decode_range(msg, 0, [(15, 10)])
    with pytest.raises(OverflowError):
        tg.decode_range(msg, 0, [(-1, 1)])
