"""TensogramFile (create, append, read, index, iterate, errors) and validate / validate_file
(report shape, levels, codes; docs/metadata.md, Validation)."""

import pathlib

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc


def data(i, n=8):
    return np.arange(n, dtype=np.float32) + i


def write_file(path, count, **kw):
    with tg.TensogramFile.create(str(path)) as f:
        for i in range(count):
            f.append({"index": i, "source": "t", "step": i * 6}, [(desc([8]), data(i))], **kw)
    return str(path)


# ---- K ----------------------------------------------------------------------


def test_create_append_count(tmp_path):
    p = str(tmp_path / "sub" / "a.tgm")
    with tg.TensogramFile.create(p) as f:
        assert isinstance(f, tg.TensogramFile)
        assert len(f) == 0 and f.message_count() == 0
        f.append({"index": 0}, [(desc([8]), data(0))])
        assert f.message_count() == 1 and len(f) == 1
        for i in range(1, 5):
            f.append({"index": i}, [(desc([8]), data(i))])
        assert f.message_count() == 5
    g = tg.TensogramFile.open(p)
    assert g.message_count() == 5
    meta, objs = g.decode_message(3)
    assert meta["index"] == 3
    np.testing.assert_array_equal(objs[0][1], data(3))


def test_read_messages(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 3))
    raw = f.read_message(1)
    assert isinstance(raw, bytes) and tg.decode(raw).metadata["index"] == 1
    msgs = f.messages()
    assert len(msgs) == 3 and all(isinstance(m, bytes) for m in msgs)
    assert [tg.decode(m).metadata["step"] for m in msgs] == [0, 6, 12]
    assert f.file_decode_metadata(2)["source"] == "t"


def test_validate_file_checksum_level(tmp_path):
    p = write_file(tmp_path / "a.tgm", 2, hash="xxh3")
    rep = tg.validate_file(p, level="checksum")
    assert all(m["hash_verified"] for m in rep["messages"]) and len(rep["messages"]) == 2


def test_reopen_and_repr(tmp_path):
    p = write_file(tmp_path / "x.tgm", 1)
    f = tg.TensogramFile.open(p)
    assert f.message_count() == 1 and "TensogramFile" in repr(f) and "x.tgm" in repr(f)
    assert repr(f) == f"TensogramFile(source={p!r})" and f.source() == p and f.is_remote() is False


def test_many_messages_and_objects(tmp_path):
    p = str(tmp_path / "m.tgm")
    f = tg.TensogramFile.create(p)
    f.append({"base": [{}, {}]}, [(desc([2]), data(0, 2)), (desc([3], "int32"), np.arange(3, dtype=np.int32))])
    for i in range(49):
        f.append({"index": i + 1}, [(desc([8]), data(i))])
    assert f.message_count() == 50 and f.decode_message(25).metadata["index"] == 25
    objs = f.decode_message(0).objects
    assert len(objs) == 2 and objs[1][1].dtype == np.int32


def test_file_errors_index_missing_path_and_types(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 1))
    for i in (99, 999):
        with pytest.raises((ValueError, IndexError), match="index|out of range|ObjectError"):
            f.decode_message(i)
    missing = str(tmp_path / "nope.tgm")
    with pytest.raises(OSError, match="No such|not found") as ei:
        tg.TensogramFile.open(missing)
    assert missing in str(ei.value)
    with pytest.raises(TypeError):
        tg.TensogramFile.open(pathlib.Path(missing))
    with pytest.raises(TypeError):
        tg.TensogramFile()


def test_iteration(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 3))
    assert [m["index"] for m, _ in f] == [0, 1, 2]
    it = iter(f)
    assert len(it) == 3
    next(it)
    assert len(it) == 2 and repr(it) == "TensogramFileIter(position=1, remaining=2)"
    it2 = iter(f)
    assert next(it2).metadata["index"] == 0 and next(it).metadata["index"] == 1
    next(it)
    assert len(it) == 0
    with pytest.raises(StopIteration):
        next(it)
    assert list(tg.TensogramFile.create(str(tmp_path / "e.tgm"))) == []


def test_indexing(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 5))
    idx = lambda ms: [m.metadata["index"] for m in ms]
    assert f[0].metadata["index"] == 0 and f[4].metadata["index"] == 4
    assert f[-1].metadata["index"] == 4 and f[-5].metadata["index"] == 0
    for bad in (5, -6, 100, -100):
        with pytest.raises(IndexError, match="out of range for file with 5 messages"):
            f[bad]
    assert idx(f[1:3]) == [1, 2] and idx(f[::2]) == [0, 2, 4] and idx(f[-2:]) == [3, 4]
    assert idx(f[::-1]) == [4, 3, 2, 1, 0] and idx(f[4:1:-1]) == [4, 3, 2]
    assert f[2:2] == [] and f[5:10] == [] and f[4:1] == []
    with pytest.raises(TypeError, match="indices must be integers or slices"):
        f["bad"]
    assert isinstance(f[0], tg.Message) and isinstance(f.decode_message(0), tg.Message)
    assert isinstance(next(iter(f)), tg.Message)


def test_file_decode_variants(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 2))
    r = f.file_decode_descriptors(1)
    assert set(r) == {"metadata", "descriptors"} and r["descriptors"][0].shape == [8]
    o = f.file_decode_object(1, 0)
    assert set(o) == {"metadata", "descriptor", "data"}
    np.testing.assert_array_equal(o["data"], data(1))
    parts = f.file_decode_range(1, 0, [(0, 2), (6, 2)])
    np.testing.assert_array_equal(parts[1], data(1)[6:])
    np.testing.assert_array_equal(f.file_decode_range(1, 0, [(0, 2), (6, 2)], join=True), data(1)[[0, 1, 6, 7]])
    with pytest.raises(TypeError, match="verify_hash"):
        f.file_decode_range(0, 0, [(0, 1)], verify_hash=True)
    with pytest.raises(OSError, match="remote"):
        f.file_decode_object_batch([0], 0)
    with pytest.raises(OSError, match="remote"):
        f.file_decode_range_batch([0], 0, [(0, 1)])


def test_close_releases_handle(tmp_path):
    f = tg.TensogramFile.open(write_file(tmp_path / "a.tgm", 1))
    assert f.message_count() == 1
    f.close()
    f.close()
    with pytest.raises(ValueError, match="closed"):
        f.message_count()
    with tg.TensogramFile.open(str(tmp_path / "a.tgm")) as g:
        pass
    assert g.message_count() == 1  # __exit__ leaves the handle usable


def test_append_errors_and_warnings(tmp_path):
    f = tg.TensogramFile.create(str(tmp_path / "a.tgm"))
    with pytest.raises(ValueError, match="strict-NaN"):
        f.append({}, [(desc([2]), np.array([np.nan, 0], np.float32))])
    f.append({}, [(desc([2]), np.array([np.nan, 0], np.float32))], allow_nan=True)
    assert np.isnan(f.decode_message(0).objects[0][1][0])
    with pytest.warns(UserWarning, match="'units'"):
        f.append({}, [(desc([2], units="K"), np.zeros(2, np.float32))])
    assert f.message_count() == 2


# ---- L ----------------------------------------------------------------------


def clean_msg(n=1, **kw):
    return tg.encode({"base": [{}] * n}, [(desc([10]), data(i, 10)) for i in range(n)], **kw)


def test_validate_report_shape_and_codes():
    rep = tg.validate(clean_msg())
    assert list(rep) == ["hash_verified", "issues", "object_count"]  # upstream's (sorted) key order
    assert rep == {"issues": [], "object_count": 1, "hash_verified": True}
    rep = tg.validate(b"")
    assert rep["object_count"] == 0 and rep["hash_verified"] is False
    assert any(i["code"] == "buffer_too_short" for i in rep["issues"])
    assert all({"code", "level", "severity", "description"} <= set(i) for i in rep["issues"])
    bad = b"WRONGMAG" + clean_msg()[8:]
    issue = next(i for i in tg.validate(bad)["issues"] if i["code"] == "invalid_magic")
    assert issue.get("object_index") is None
    rep = tg.validate(clean_msg(2))
    assert rep == {"issues": [], "object_count": 2, "hash_verified": True}


def test_validate_levels_and_canonical_option():
    m = clean_msg()
    q = tg.validate(m, level="quick")
    assert q["hash_verified"] is False and q["issues"] == []
    for lv in ("default", "checksum", "full"):
        assert tg.validate(m, level=lv)["hash_verified"] is True
    assert tg.validate(m, level="full")["issues"] == []
    with pytest.raises(ValueError, match="unknown validation level"):
        tg.validate(m, level="bogus")
    for lv in ("default", "quick", "full"):
        assert tg.validate(m, level=lv, check_canonical=True)["issues"] == []
    assert tg.validate(m, level="checksum", check_canonical=True)["hash_verified"] is True
    with pytest.raises(TypeError):
        tg.validate(m, check_canonical=1)


def nan_msg(value):
    raw = np.array([1.0, value, 3.0]).tobytes()
    return tg.encode_pre_encoded({}, [(desc([3], "float64"), raw)])


def test_nan_inf_detection():
    rep = tg.validate(nan_msg(np.nan), level="full")
    assert any(i["code"] == "nan_detected" for i in rep["issues"]) and rep["hash_verified"] is False
    assert not any(i["code"] == "nan_detected" for i in tg.validate(nan_msg(np.nan))["issues"])
    assert any(i["code"] == "inf_detected" for i in tg.validate(nan_msg(np.inf), level="full")["issues"])


def test_unhashed_and_corrupt():
    rep = tg.validate(clean_msg(hash=None))
    assert rep["hash_verified"] is False
    nh = [i for i in rep["issues"] if i["code"] == "no_hash_available"]
    assert nh and all(i["severity"] == "warning" for i in rep["issues"])
    m = bytearray(clean_msg())
    m[int(len(m) * 0.7)] ^= 0xFF
    assert tg.validate(bytes(m))["hash_verified"] is False


def test_validate_file(tmp_path):
    one = write_file(tmp_path / "one.tgm", 1)
    rep = tg.validate_file(one)
    assert list(rep) == ["file_issues", "messages"]
    assert rep["file_issues"] == [] and len(rep["messages"]) == 1 and rep["messages"][0]["issues"] == []
    two = write_file(tmp_path / "two.tgm", 2)
    assert [m["issues"] for m in tg.validate_file(two)["messages"]] == [[], []]
    with pytest.raises(OSError, match="No such file|nonexistent"):
        tg.validate_file(str(tmp_path / "nonexistent.tgm"))
    m = clean_msg()
    p = tmp_path / "trail.tgm"
    p.write_bytes(m + b"TRAILING_GARBAGE")
    assert any("trailing" in fi["description"].lower() for fi in tg.validate_file(str(p))["file_issues"])
    p = tmp_path / "empty.tgm"
    p.write_bytes(b"")
    assert tg.validate_file(str(p)) == {"file_issues": [], "messages": []}
    p = tmp_path / "garbage.tgm"
    p.write_bytes(b"\x01" * 64)
    rep = tg.validate_file(str(p))
    assert rep["messages"] == [] and any("no valid messages" in fi["description"] for fi in rep["file_issues"])
    p = tmp_path / "gap.tgm"
    p.write_bytes(m + b"GARBAGE" + m)
    rep = tg.validate_file(str(p))
    assert len(rep["messages"]) == 2 and rep["file_issues"]
    p = tmp_path / "half.tgm"
    p.write_bytes(m + m[: len(m) // 2])
    rep = tg.validate_file(str(p))
    assert len(rep["messages"]) >= 1 and (rep["file_issues"] or any(r["issues"] for r in rep["messages"]))
    assert tg.validate_file(one, level="full")["messages"][0]["issues"] == []
    assert tg.validate_file(one, level="checksum")["messages"][0]["hash_verified"] is True
    p = tmp_path / "nan.tgm"
    p.write_bytes(nan_msg(np.nan))
    assert any(i["code"] == "nan_detected" for i in tg.validate_file(str(p), level="full")["messages"][0]["issues"])
    with pytest.raises(ValueError, match="unknown validation level"):
        tg.validate_file(one, level="bogus")
    with pytest.raises(TypeError):
        tg.validate_file(pathlib.Path(one))


def assert_same_reports(upstream, cases):
    for buf in cases:
        for lv in ("quick", "default", "checksum", "full"):
            ours, theirs = tg.validate(buf, level=lv), upstream.validate(buf, level=lv)
            assert ours["object_count"] == theirs["object_count"]
            assert ours["hash_verified"] == theirs["hash_verified"]
            assert [i["code"] for i in ours["issues"]] == [i["code"] for i in theirs["issues"]], (lv, buf[:16])
            assert list(ours) == list(theirs)


def test_validate_matches_upstream(upstream):
    m = clean_msg(2)
    assert_same_reports(upstream, [m, m[:-5], b"WRONGMAG" + m[8:], clean_msg(hash=None), nan_msg(np.nan), b"", b"\x00" * 40])


def test_validate_corrupt_descriptor_matches_upstream(upstream):
    bad = bytearray(clean_msg(2))
    bad[int(len(bad) * 0.7)] ^= 0xFF
    assert_same_reports(upstream, [bytes(bad)])
