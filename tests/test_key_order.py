"""Dict key order against upstream tensogram 0.24.0, recursively, everywhere a dict leaves the API.

Upstream keeps the top-level maps (``_extra_``, ``_reserved_``, each ``base`` entry, a descriptor's
params) sorted and every map nested in a value in its wire order (canonical CBOR from either
encoder: shorter keys first). The corpus holds messages written by upstream and by us, plus copies
whose nested maps were made non-canonical on the wire, read by both libraries.
"""

from __future__ import annotations

import numpy as np
import pytest

import tensogram_go as tg

upstream = pytest.importorskip("tensogram", reason="upstream tensogram 0.24.0 is the oracle")

MARS = {"param": "2t", "step": 6, "levtype": "sfc", "date": 20240101, "class": "od", "expver": "0001",
        "nested": {"zz": 1, "b": 2, "ccc": {"dddd": 1, "e": 2}}, "ints": {10: "ten", 2: "two", -1: "m"}}
META = {"version": 3, "mars": {"stream": "oper", "class": "od", "type": "fc", "domain": "g"}, "zeta": 1, "ab": 2,
        "c": [{"long": 1, "s": 2}], "base": [{"mars": MARS, "name": "t", "xy": {"long": 1, "s": 2, "qa": 1, "qb": 2}},
                                              {"mars": {"param": "tp", "step": 12}}]}
DESC = {"type": "ntensor", "shape": [2, 3], "dtype": "float32", "encoding": "none", "filter": "none",
        "compression": "none", "zparam": {"yy": 1, "a": 2, "ccc": {"zz": 1, "b": 2}}, "bb": 1, "a": 2,
        "pp": {"wa": 1, "wb": 2}}
# Equal-length key pairs swapped on the wire: the nested maps become non-canonical.
SWAPS = [(b"qa", b"qb"), (b"wa", b"wb")]


def _message(lib) -> bytes:
    arr = np.arange(6, dtype=np.float32).reshape(2, 3)
    desc2 = dict(DESC, shape=[3], zparam={"long": 1, "s": {"bb": 1, "a": 2}})
    return bytes(lib.encode(META, [(DESC, arr), (desc2, np.arange(3, dtype=np.float32))]))


def _swapped(msg: bytes) -> bytes:
    for a, b in SWAPS:
        old, new = b"\x62" + a + b"\x01\x62" + b + b"\x02", b"\x62" + b + b"\x02\x62" + a + b"\x01"
        assert old in msg
        msg = msg.replace(old, new)
    return msg


def _corpus() -> dict[str, bytes]:
    ours, theirs = _message(tg), _message(upstream)
    return {"ours": ours, "upstream": theirs, "ours-swapped": _swapped(ours), "upstream-swapped": _swapped(theirs)}


CORPUS = _corpus()


def _pairs(x, values=True):
    """x with every dict turned into its list of (key, value) pairs, recursively; without values,
    only the key order is kept (leaves become None)."""
    if isinstance(x, dict):
        return [(k, _pairs(v, values)) for k, v in x.items()]
    if isinstance(x, (list, tuple)):
        return [_pairs(v, values) for v in x]
    return x if values else None


def _meta_views(meta) -> dict:
    out = {"base": _pairs(meta.base), "extra": _pairs(meta.extra), "reserved": _pairs(meta.reserved, values=False),
           "mars": _pairs(meta["mars"]), "keys": list(meta.keys())}
    out["base1.mars"] = _pairs(meta.base[1]["mars"])
    return out


def _desc_views(desc) -> dict:
    return {"params": _pairs(desc.params), "shape": desc.shape, "dtype": desc.dtype}


def _views(lib, msg: bytes, tmp_path) -> dict:
    out = {"decode_metadata": _meta_views(lib.decode_metadata(msg))}
    msg_out = lib.decode(msg)
    out["decode.metadata"] = _meta_views(msg_out.metadata)
    out["decode.descriptors"] = [_desc_views(d) for d, _ in msg_out.objects]
    meta, desc, _ = lib.decode_object(msg, 1)
    out["decode_object"] = (_meta_views(meta), _desc_views(desc))
    out["decode_descriptors"] = [_desc_views(d) for d in lib.decode_descriptors(msg)[1]]
    out["validate"] = _pairs(lib.validate(msg, level="full"))
    path = tmp_path / f"{lib.__name__}.tgm"
    path.write_bytes(msg * 2)
    with lib.TensogramFile.open(str(path)) as f:
        out["file.iter"] = [(_meta_views(m.metadata), [_desc_views(d) for d, _ in m.objects]) for m in f]
        out["file.decode_message"] = _meta_views(f.decode_message(1).metadata)
    return out


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_key_order_matches_upstream(name, tmp_path):
    msg = CORPUS[name]
    theirs, ours = _views(upstream, msg, tmp_path), _views(tg, msg, tmp_path)
    for where in theirs:
        assert ours[where] == theirs[where], where


def test_corpus_nested_order_is_not_sorted():
    """The corpus checks something: upstream's nested maps are neither sorted nor all canonical."""
    meta = upstream.decode_metadata(CORPUS["upstream-swapped"])
    assert list(meta.base[0]["mars"]) == ["date", "ints", "step", "class", "param", "expver", "nested", "levtype"]
    assert list(meta.base[0]["xy"]) == ["s", "qb", "qa", "long"]


def test_descriptor_view_sorts_the_outermost_map_tagged_or_not():
    """The CBOR loader behind Metadata/descriptor views sorts the outermost map's keys (a
    self-describe tag 55799 in front included) and keeps nested maps in wire order."""
    from tensogram_go import _tensogram

    m = b"\xa2\x61b\x01\x61a\xa2\x61z\x01\x61y\x02"  # {"b": 1, "a": {"z": 1, "y": 2}}
    for data in (m, b"\xd9\xd9\xf7" + m):
        got = _tensogram._cbor_loads(data)
        assert list(got) == ["a", "b"]
        assert list(got["a"]) == ["z", "y"]
