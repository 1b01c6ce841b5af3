"""NaN/Inf mask entries of the descriptor against upstream tensogram 0.24.0:
for the same input and mask methods, the descriptor we write (the whole CBOR
map, mask entries with their "params" included) equals upstream's, apart
from blob lengths and offsets when the compressed blobs differ in size."""

import sys

import numpy as np
import pytest

import tensogram_go as tg
from conftest import REPO, desc

sys.path.insert(0, str(REPO / "tools"))
from tgwire import one_object  # noqa: E402  (tools/tgwire.py: descriptor of a message)

METHODS = ["none", "rle", "roaring", "lz4", "zstd", "blosc2"]


def values():
    v = np.arange(20000, dtype=np.float64)
    v[::7] = np.nan
    v[3::11] = np.inf
    v[5::13] = -np.inf
    return v


def without_layout(d):
    """The descriptor with each mask entry's offset and length dropped."""
    out = dict(d)
    out["masks"] = {k: {f: x for f, x in e.items() if f not in ("offset", "length")}
                    for k, e in d["masks"].items()}
    return out


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("threshold", [None, 0, 1 << 20])
def test_mask_descriptor_matches_upstream(upstream, method, threshold):
    v = values()
    kw = dict(allow_nan=True, allow_inf=True, nan_mask_method=method, pos_inf_mask_method=method,
              neg_inf_mask_method=method)
    if threshold is not None:
        kw["small_mask_threshold_bytes"] = threshold
    d = desc([len(v)], "float64", byte_order="little")
    ours = tg.encode({}, [(d, v)], **kw)
    theirs = upstream.encode({}, [(d, v)], **kw)
    mine, _ = one_object(bytes(ours))
    ref, _ = one_object(bytes(theirs))
    assert without_layout(mine) == without_layout(ref)
    if method == "blosc2" and threshold != 1 << 20:
        assert {e["params"]["codec"] for e in mine["masks"].values()} == {"lz4"}
    for lib in (tg, upstream):
        a = [repr(x) for x in lib.decode_descriptors(ours)[1]]
        b = [repr(x) for x in lib.decode_descriptors(theirs)[1]]
        assert a == b
