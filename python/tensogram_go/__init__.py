"""tensogram-go: the Tensogram v3 tensor message format, implemented in Go.

The public API follows ECMWF's ``tensogram`` Python package so that
``import tensogram_go as tensogram`` runs code written for it. Every call that
does real work runs in Go with no Python lock held, so threads scale on
free-threaded CPython (3.13t, 3.14t).

Importing this package does not start the Go runtime; the first call that
needs Go loads it. A process forked after that point cannot use the library
(the Go runtime does not survive ``fork()``): use the ``spawn`` start method of
``multiprocessing``, or use the library only in the children.
"""

from ._tensogram import (
    HashMismatchError,
    IntegrityError,
    MissingHashError,
    compute_hash,
)
from ._version import __version__

WIRE_VERSION = 3

__all__ = [
    "HashMismatchError",
    "IntegrityError",
    "MissingHashError",
    "WIRE_VERSION",
    "__version__",
    "compute_hash",
]
