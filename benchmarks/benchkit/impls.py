"""The implementations being compared: import them, record versions, and probe operations.

An implementation is a module with upstream tensogram's API (``tensogram_go``,
``tensogram``). A missing module or a missing/failing operation never raises out
of here: it is turned into a short reason that the tables print as "n/a".
"""

import importlib
import importlib.util
import sys

from . import envinfo

# Short names used in ratio column headers.
SHORT_NAMES = {"tensogram_go": "go", "tensogram": "upstream", "numpy-copy": "copy"}


def short(name: str) -> str:
    """A short column label for an implementation name."""
    return SHORT_NAMES.get(name, name)


class Impl:
    """One importable implementation (or the reason it is unavailable)."""

    def __init__(self, name: str):
        self.name = name
        self.module = None
        self.version = None
        self.error = None
        self.reenabled_gil = False
        before = envinfo.gil_enabled()
        try:
            self.module = importlib.import_module(name)
            self.version = getattr(self.module, "__version__", "unknown")
        except Exception as e:  # ImportError, or a broken build raising anything at import
            self.error = f"cannot import {name}: {type(e).__name__}: {e}"
        if not before and envinfo.gil_enabled():
            self.reenabled_gil = True

    @property
    def available(self) -> bool:
        """True when the module imported."""
        return self.module is not None

    def func(self, op: str):
        """The module's function `op`; raises Unsupported with a clear reason when it is missing."""
        if self.module is None:
            raise Unsupported(self.error)
        f = getattr(self.module, op, None)
        if f is None:
            raise Unsupported(f"{self.name} {self.version} has no {op}()")
        return f

    def describe(self) -> dict:
        """JSON-ready summary."""
        return {
            "name": self.name,
            "version": self.version,
            "available": self.available,
            "error": self.error,
            "file": getattr(self.module, "__file__", None),
            "reenabled_gil": self.reenabled_gil,
        }


class Unsupported(Exception):
    """An implementation lacks (or fails) an operation a workload needs."""


def explain(exc: BaseException) -> str:
    """One line describing why a probe call failed."""
    if isinstance(exc, Unsupported):
        return str(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200]


def default_names() -> list:
    """Ours, plus upstream when it is importable."""
    names = ["tensogram_go"]
    try:
        if importlib.util.find_spec("tensogram") is not None:
            names.append("tensogram")
    except (ImportError, ValueError):
        pass
    return names


def load(names: list) -> list:
    """Import every named implementation, warning on stderr about failures and GIL re-enabling."""
    out = []
    for n in names:
        imp = Impl(n)
        if imp.error:
            print(f"warning: {imp.error}; its rows will read n/a", file=sys.stderr)
        if imp.reenabled_gil:
            print(
                f"warning: importing {n} re-enabled the GIL (the module does not declare itself "
                "free-threading safe); every implementation in this process now runs with the GIL",
                file=sys.stderr,
            )
        out.append(imp)
    return out
