"""file_decode_range on messages large enough to be mapped equals decode_range on their bytes."""

import numpy as np
import pytest

import tensogram_go as tg

N = 1_500_000  # every message (12 MB raw, 4.5 MB packed, szip) above the 1 MiB mapping threshold


def _descs():
    v = 280.0 + 10.0 * np.sin(np.linspace(0, 20 * np.pi, N))
    sp = tg.compute_packing_params(v, 24, 0)
    base = {"type": "ntensor", "shape": [N], "dtype": "float64"}
    return v, [
        {**base, "encoding": "none", "compression": "none"},
        {**base, "encoding": "simple_packing", "compression": "none", **sp},
        {**base, "encoding": "simple_packing", "compression": "szip",
         "szip_rsi": 128, "szip_block_size": 16, "szip_flags": 8, **sp},
    ]


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("range") / "big.tgm")
    v, descs = _descs()
    with tg.TensogramFile.create(path) as f:
        for d in descs:
            f.append({"base": [{}]}, [(d, v)])
    return path, len(descs)


@pytest.mark.parametrize("ranges", [[(0, 5)], [(N - 3, 3), (1000, 70_000)], [(N // 2, N // 2)]])
def test_file_range_matches_buffer(big_file, ranges):
    path, count = big_file
    with tg.TensogramFile.open(path) as f:
        for m in range(count):
            buf = f.read_message(m)
            want = tg.decode_range(buf, 0, ranges)
            got = f.file_decode_range(m, 0, ranges)
            assert len(got) == len(want)
            for a, b in zip(got, want):
                np.testing.assert_array_equal(a, b)
            # a second call reuses the scanned szip RSI starts
            again = f.file_decode_range(m, 0, ranges, join=True)
            np.testing.assert_array_equal(again, np.concatenate(want))


def test_file_range_errors_match_buffer(big_file):
    path, _ = big_file
    with tg.TensogramFile.open(path) as f:
        buf = f.read_message(2)
        with pytest.raises(ValueError) as want:
            tg.decode_range(buf, 0, [(N, 2)])
        with pytest.raises(ValueError) as got:
            f.file_decode_range(2, 0, [(N, 2)])
        assert str(got.value) == str(want.value)
