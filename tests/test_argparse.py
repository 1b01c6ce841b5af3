"""Argument binding of the fast-call module functions (python/tensogram_go/_argparse.c).

decode, decode_with_masks, decode_object, decode_range and validate bind their arguments without
an argument tuple or keyword dict; these tests pin that they accept what upstream accepts and
raise upstream's TypeErrors, word for word, for what it rejects."""

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

CASES = [
    ("decode", (), {}),
    ("decode", (b"", 1, 2, 3, 4, 5), {}),
    ("decode", (b"",), {"x": 1}),
    ("decode", (b"",), {"buf": b""}),
    ("decode", (), {"buf": b"", "native_byte_order": True, "bogus": 1}),
    ("decode", (b"",), {"threads": "a"}),
    ("decode_with_masks", (), {}),
    ("decode_with_masks", (b"", 1, 2, 3), {}),
    ("decode_object", (), {}),
    ("decode_object", (b"",), {}),
    ("decode_object", (b"",), {"index": 1, "buf": 2}),
    ("decode_range", (), {}),
    ("decode_range", (b"",), {}),
    ("decode_range", (b"", 0), {}),
    ("decode_range", (b"", 0, [], 1, 2, 3, 4, 5), {}),
    ("decode_range", (), {"ranges": [], "object_index": 0}),
    ("validate", (), {}),
    ("validate", (b"", 1, 2, 3), {}),
    ("validate", (b"",), {"level": "quick", "check_canonical": True, "extra": 0}),
]


def outcome(mod, name, args, kwargs):
    try:
        getattr(mod, name)(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the outcome itself is compared
        return type(e).__name__, str(e)
    return "ok", ""


@pytest.mark.parametrize("name,args,kwargs", CASES)
def test_argument_errors_match_upstream(name, args, kwargs, upstream):
    assert outcome(tg, name, args, kwargs) == outcome(upstream, name, args, kwargs)


def test_missing_lists():
    """The missing-argument wording for one, two and three parameters (PyO3's)."""
    with pytest.raises(TypeError, match=r"^decode_range\(\) missing 3 required positional arguments: "
                                        r"'buf', 'object_index', and 'ranges'$"):
        tg.decode_range()
    with pytest.raises(TypeError, match=r"^decode_range\(\) missing 2 required positional arguments: "
                                        r"'object_index' and 'ranges'$"):
        tg.decode_range(b"")
    with pytest.raises(TypeError, match=r"^decode_object\(\) missing 1 required positional argument: 'index'$"):
        tg.decode_object(b"")


def test_keywords_bind_like_positions():
    values = np.arange(20, dtype=np.float32)
    msg = tg.encode({"base": [{}]}, [(desc([20]), values)])
    by_pos = tg.decode(msg, True, 0, True, True)
    by_kw = tg.decode(verify_hash=True, restore_non_finite=True, threads=0, native_byte_order=True, buf=msg)
    np.testing.assert_array_equal(by_pos.objects[0][1], by_kw.objects[0][1])
    r1 = tg.decode_range(msg, 0, [(2, 3)], True)
    r2 = tg.decode_range(ranges=[(2, 3)], buf=msg, join=True, object_index=0)
    assert r1.tolist() == r2.tolist() == [2, 3, 4]
    assert tg.decode_object(msg, index=0)[2].tolist() == values.tolist()
    assert tg.validate(msg, check_canonical=False, level="quick") == tg.validate(msg, "quick", False)
    assert tg.decode_with_masks(msg, threads=1).objects[0][1].tolist() == values.tolist()
