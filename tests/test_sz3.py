"""sz3 against upstream tensogram 0.24.0: both decoders give the same doubles on both libraries'
messages, ours stay within the requested bound, sizes stay close to upstream's, and the descriptor
errors match upstream's."""

import math

import numpy as np
import pytest

import tensogram_go as tg
from conftest import desc

META = {"version": 3}
RNG = np.random.default_rng(12)


def fields():
    x = np.arange(20000, dtype=np.float64)
    return {
        "smooth": 280.0 + 15.0 * np.sin(x * 0.01) + 3.0 * np.cos(x * 0.0537),
        "noisy": RNG.normal(0.0, 1.0, 5000),
        "walk": np.cumsum(RNG.normal(0.0, 0.05, 20000)),
        "constant": np.full(3000, -4.5),
        "outliers": np.where(np.arange(4000) % 97 == 5, 3.5e12, np.sin(np.arange(4000) * 0.02)),
        "one": np.array([1.25]),
        "two": np.array([1.0, -2.0]),
    }


MODES = [("abs", 0.01), ("abs", 1e-9), ("abs", 0.0), ("rel", 1e-3), ("psnr", 70.0)]


def sz3_desc(a, mode, bound, **extra):
    return desc(a.shape, "float64", compression="sz3", sz3_error_bound_mode=mode, sz3_error_bound=bound, **extra)


def abs_bound(a, mode, bound):
    span = float(a.max() - a.min())
    return {"abs": bound, "rel": bound * span}.get(mode, span * 10 ** (-bound / 20) * math.sqrt(3 / 1.02))


@pytest.mark.parametrize("mode,bound", MODES)
@pytest.mark.parametrize("kind", list(fields()))
def test_sz3_cross_decode_and_bound(upstream, kind, mode, bound):
    a = fields()[kind]
    d = sz3_desc(a, mode, bound)
    ours = tg.encode(META, [(d, a)])
    theirs = upstream.encode(META, [(d, a)])
    for m in (ours, theirs):
        mine, their = tg.decode(m).objects[0][1], upstream.decode(m).objects[0][1]
        assert mine.tobytes() == their.tobytes()
    got = upstream.decode(ours).objects[0][1]
    eb = abs_bound(a, mode, bound)
    err = np.abs(got - a).max()
    assert err <= eb or (eb <= 0 and err == 0)
    if mode == "psnr" and err > 0:
        span = float(a.max() - a.min())
        assert 20 * math.log10(span) - 10 * math.log10(np.mean((got - a) ** 2)) >= bound - 1
    # Sizes: within 6 % of upstream's message (or 16 bytes on tiny fields).
    assert len(ours) <= max(len(theirs) * 1.06, len(theirs) + 16)


def big_fields():
    x = np.arange(1_000_000, dtype=np.float64)
    return {
        "two_sines": 280.0 + 15.0 * np.sin(x * 0.01) + 3.0 * np.cos(x * 0.0537),
        "tiled": np.tile(np.random.default_rng(5).normal(0.0, 1.0, 4096), 245)[:1_000_000],
        "constant": np.full(1_000_000, -4.5),
    }


@pytest.mark.parametrize("kind", list(big_fields()))
def test_sz3_long_repeats_size_like_upstream(upstream, kind):
    """1M-value fields whose codes repeat over long distances: within 5 % of upstream's size."""
    a = big_fields()[kind]
    d = sz3_desc(a, "abs", 0.01)
    ours, theirs = tg.encode(META, [(d, a)]), upstream.encode(META, [(d, a)])
    assert len(ours) <= len(theirs) * 1.05
    got = upstream.decode(ours).objects[0][1]
    assert np.abs(got - a).max() <= 0.01


def test_sz3_errors_like_upstream(upstream):
    a = np.linspace(0.0, 1.0, 100)
    for extra in ({}, {"sz3_error_bound_mode": "abs"}, {"sz3_error_bound": 0.1},
                  {"sz3_error_bound_mode": "foo", "sz3_error_bound": 0.1},
                  {"sz3_error_bound_mode": "abs", "sz3_error_bound": "x"}):
        d = desc(a.shape, "float64", compression="sz3", **extra)
        with pytest.raises(ValueError) as ours:
            tg.encode(META, [(d, a)])
        with pytest.raises(ValueError) as theirs:
            upstream.encode(META, [(d, a)])
        assert str(ours.value) == str(theirs.value)


def test_sz3_rejects_what_upstream_garbles():
    a = np.linspace(0.0, 1.0, 100)
    with pytest.raises(ValueError, match="sz3 requires encoding=none, filter=none, dtype=float64"):
        tg.encode(META, [(desc(a.shape, "float32", compression="sz3", sz3_error_bound_mode="abs",
                               sz3_error_bound=0.1), a.astype(np.float32))])


def test_sz3_no_range_decode(upstream):
    a = np.linspace(0.0, 1.0, 100)
    m = upstream.encode(META, [(sz3_desc(a, "abs", 0.01), a)])
    with pytest.raises(ValueError, match="range decode not supported for this compressor"):
        tg.decode_range(m, 0, [(0, 5)])
