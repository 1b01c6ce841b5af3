"""Shared pytest helpers for tensogram-go."""

import pathlib
import sys
import threading

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent

FREE_THREADED = getattr(sys, "_is_gil_enabled", lambda: True)() is False

GOLDEN = REPO / "core" / "testdata" / "golden"


@pytest.fixture(scope="session")
def golden_dir() -> pathlib.Path:
    """Folder of upstream-written golden .tgm files, committed with the repository
    (core/testdata/golden/README.md says what each file holds). The Go tests read the same files."""
    if not any(GOLDEN.glob("*.tgm")):
        pytest.fail(f"golden fixtures missing from {GOLDEN}", pytrace=False)
    return GOLDEN


@pytest.fixture(scope="session")
def stages() -> dict:
    """Pipeline stage names registered in this build (encoding/filter/compression)."""
    import tensogram_go

    return tensogram_go._tensogram._stages()


@pytest.fixture(scope="session")
def upstream():
    """Upstream tensogram 0.24.0 (the oracle), where a wheel exists for this interpreter."""
    return pytest.importorskip("tensogram")


def desc(shape, dtype="float32", **extra) -> dict:
    """A minimal descriptor dict."""
    d = {"type": "ntensor", "shape": list(shape), "dtype": dtype}
    d.update(extra)
    return d


def run_together(n, body, barrier_timeout=10, join_timeout=60):
    """Run body(tid) for tid in range(n) in n threads released together by a barrier.

    Fails the test on any exception raised in a thread (the first three are shown) or on a
    thread still running after join_timeout seconds (a deadlock).
    """
    barrier = threading.Barrier(n, timeout=barrier_timeout)
    errors = []

    def run(tid):
        try:
            barrier.wait()
            body(tid)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append((tid, e))

    threads = [threading.Thread(target=run, args=(t,)) for t in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(join_timeout)
    assert not any(t.is_alive() for t in threads), "a thread did not finish (deadlock?)"
    assert not errors, errors[:3]
