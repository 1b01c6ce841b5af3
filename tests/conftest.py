"""Shared pytest helpers for tensogram-go."""

import os
import pathlib
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent

FREE_THREADED = getattr(sys, "_is_gil_enabled", lambda: True)() is False


def shared_dir() -> pathlib.Path:
    """The project's shared/ folder: $TENSOGRAM_SHARED, else ../shared beside the checkout.

    Fails the calling test (never skips) when the folder or its fixtures are missing.
    """
    root = pathlib.Path(os.environ.get("TENSOGRAM_SHARED") or REPO.parent / "shared")
    golden = root / "fixtures" / "upstream-golden"
    if not golden.is_dir() or not any(golden.glob("*.tgm")):
        pytest.fail(f"shared fixtures not found at {golden} (set TENSOGRAM_SHARED)", pytrace=False)
    return root


@pytest.fixture(scope="session")
def golden_dir() -> pathlib.Path:
    """Folder of upstream-written golden .tgm files."""
    return shared_dir() / "fixtures" / "upstream-golden"


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
