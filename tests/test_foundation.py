"""Foundation checks: import, GIL state, compute_hash, thread safety, lazy Go start."""

import concurrent.futures
import os
import subprocess
import sys
import threading

import pytest

import tensogram_go

from conftest import FREE_THREADED

KNOWN = {
    b"": "2d06800538d394c2",
    b"hello world": "d447b1ea40e6988b",
}


def run_python(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=timeout
    )


def test_import_keeps_gil_state_and_does_not_start_go():
    r = run_python(
        "import sys, tensogram_go\n"
        "gil = getattr(sys, '_is_gil_enabled', lambda: True)()\n"
        "print(gil, tensogram_go._tensogram._go_started())\n"
    )
    assert r.returncode == 0, r.stderr
    gil, started = r.stdout.split()
    assert started == "False", "importing tensogram_go must not start the Go runtime"
    assert gil == ("False" if FREE_THREADED else "True")


def test_free_threaded_module_declares_no_gil():
    # On a free-threaded build the C module must not re-enable the GIL, even after Go started.
    r = run_python(
        "import sys, tensogram_go\n"
        "tensogram_go.compute_hash(b'x')\n"
        "print(getattr(sys, '_is_gil_enabled', lambda: True)())\n"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ("False" if FREE_THREADED else "True")


def test_version_and_wire_version():
    assert isinstance(tensogram_go.__version__, str) and tensogram_go.__version__.count(".") == 2
    assert tensogram_go.WIRE_VERSION == 3


@pytest.mark.parametrize("data,digest", sorted(KNOWN.items()))
def test_compute_hash_known_vectors(data, digest):
    assert tensogram_go.compute_hash(data) == digest
    assert tensogram_go.compute_hash(bytearray(data)) == digest
    assert tensogram_go.compute_hash(data, algo="xxh3") == digest
    assert tensogram_go.compute_hash(data, "none") == digest  # the name is only validated


def test_compute_hash_shape_of_result():
    for n in (1, 7, 64, 1000, 100_000):
        h = tensogram_go.compute_hash(os.urandom(n))
        assert len(h) == 16 and h == h.lower() and int(h, 16) >= 0


def test_compute_hash_matches_upstream_when_available():
    upstream = pytest.importorskip("tensogram", reason="upstream tensogram wheel not installed here")
    for n in (0, 1, 3, 16, 17, 128, 129, 240, 241, 1024, 65537):
        data = bytes((i * 131 + 7) & 0xFF for i in range(n))
        assert tensogram_go.compute_hash(data) == upstream.compute_hash(data)


@pytest.mark.parametrize("bad", [memoryview(b"x"), "text", 5, None, [1, 2], 1.5])
def test_compute_hash_rejects_non_bytes(bad):
    with pytest.raises(TypeError):
        tensogram_go.compute_hash(bad)


def test_compute_hash_rejects_numpy_array():
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError):
        tensogram_go.compute_hash(np.zeros(4, dtype=np.uint8))


def test_compute_hash_bad_algo():
    with pytest.raises(ValueError, match="unknown hash type"):
        tensogram_go.compute_hash(b"x", "md5")
    with pytest.raises(TypeError):
        tensogram_go.compute_hash(b"x", algo=3)
    with pytest.raises(TypeError):
        tensogram_go.compute_hash(b"x", algorithm="xxh3")


def _inputs():
    return [bytes((i * 7 + j) & 0xFF for j in range(i * 37 % 5000)) for i in range(64)]


@pytest.mark.timeout(120)
def test_compute_hash_threads_match_serial():
    inputs = _inputs()
    serial = [tensogram_go.compute_hash(d) for d in inputs]
    assert serial == [tensogram_go.compute_hash(d) for d in inputs], "not deterministic"
    barrier = threading.Barrier(8)

    def worker(k):
        barrier.wait()
        out = []
        for i in range(2000):
            j = (i + k) % len(inputs)
            out.append((j, tensogram_go.compute_hash(inputs[j])))
        return out

    for _ in range(2):  # cross-run stability: the same parallel batch twice
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(worker, range(8), timeout=100))
        for res in results:
            assert len(res) == 2000
            for j, h in res:
                assert h == serial[j]
