"""Minimal Tensogram wire reader shared by the test-vector generators.

Only what the generators need to pull payload regions and descriptors out of
messages written by upstream (docs/format.md): a reader for the CBOR subset
descriptors use, and a walker over a message's data-object frames.

Layout relied on: 24-byte preamble starting with "TENSOGRM"; each frame starts
with "FR", then type u16, version u16, flags u16, total_length u64 (all
big-endian) and ends with "ENDF"; frames start on 8-byte boundaries. An
NTensorFrame (type 9) ends with cbor_offset u64, hash u64, "ENDF"; upstream
always sets CBOR_AFTER_PAYLOAD (flag bit 0), so the payload region is
[16, cbor_offset) of the frame and the descriptor's CBOR follows it.
"""

import struct

import numpy as np

PREAMBLE = 24
POSTAMBLE = 24
NTENSOR_FRAME = 9
CBOR_AFTER_PAYLOAD = 1


def cbor_item(buf, pos=0):
    """Decode one CBOR item at ``pos`` of ``buf``; return ``(value, end)``.

    Covers the subset descriptors use: integers, byte and text strings of
    definite length, arrays, maps, tags (dropped), half/single/double floats,
    false, true and null.
    """
    ib = buf[pos]
    major, info = ib >> 5, ib & 31
    pos += 1
    if major == 7:
        if info == 25:
            return float(np.frombuffer(bytes(buf[pos:pos + 2]), ">f2")[0]), pos + 2
        if info == 26:
            return struct.unpack(">f", buf[pos:pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", buf[pos:pos + 8])[0], pos + 8
        if info in (20, 21, 22):
            return {20: False, 21: True, 22: None}[info], pos
        raise ValueError("unsupported CBOR simple value %d" % info)
    if info < 24:
        val = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        val = int.from_bytes(buf[pos:pos + size], "big")
        pos += size
    else:
        raise ValueError("unsupported CBOR additional info %d" % info)
    if major == 0:
        return val, pos
    if major == 1:
        return -1 - val, pos
    if major == 2:
        return bytes(buf[pos:pos + val]), pos + val
    if major == 3:
        return bytes(buf[pos:pos + val]).decode(), pos + val
    if major == 4:
        items = []
        for _ in range(val):
            item, pos = cbor_item(buf, pos)
            items.append(item)
        return items, pos
    if major == 5:
        items = {}
        for _ in range(val):
            key, pos = cbor_item(buf, pos)
            items[key], pos = cbor_item(buf, pos)
        return items, pos
    if major == 6:
        return cbor_item(buf, pos)
    raise ValueError("unsupported CBOR major type %d" % major)


def data_objects(msg):
    """Return ``[(descriptor dict, payload region bytes)]`` for each NTensorFrame of ``msg``."""
    assert msg[:8] == b"TENSOGRM", "bad magic"
    out = []
    pos, end = PREAMBLE, len(msg) - POSTAMBLE
    while pos < end:
        if msg[pos:pos + 2] != b"FR":
            pos += 8  # alignment padding
            continue
        ftype, _ver, flags, total = struct.unpack(">HHHQ", msg[pos + 2:pos + 16])
        frame = msg[pos:pos + total]
        assert frame[-4:] == b"ENDF", "missing ENDF"
        if ftype == NTENSOR_FRAME:
            assert flags & CBOR_AFTER_PAYLOAD, "only CBOR_AFTER_PAYLOAD is written upstream"
            cbor_off = struct.unpack(">Q", frame[-20:-12])[0]
            desc, _ = cbor_item(frame, cbor_off)
            out.append((desc, bytes(frame[16:cbor_off])))
        pos += (total + 7) // 8 * 8
    return out


def one_object(msg):
    """The single ``(descriptor, payload region)`` of a one-object message."""
    objs = data_objects(msg)
    assert len(objs) == 1, "expected one data object, found %d" % len(objs)
    return objs[0]
