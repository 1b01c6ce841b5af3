"""tensogram-go: the Tensogram v3 tensor message format, implemented in Go.

The public API follows ECMWF's ``tensogram`` Python package (0.24.0) so that
``import tensogram_go as tensogram`` runs code written for it. Every call that
does real work runs in Go with no Python lock held, so threads scale on
free-threaded CPython (3.13t, 3.14t).

Importing this package does not start the Go runtime; the first call that
needs Go loads it. A process forked after that point cannot use the library
(the Go runtime does not survive ``fork()``): use the ``spawn`` start method of
``multiprocessing``, or use the library only in the children.

Additions over upstream: ``TensogramFile.close()`` and
``StreamingEncoder.close()`` release the underlying Go object at once
(otherwise it is released by garbage collection); remote sources,
GRIB/NetCDF conversion are not available in this pure-Go build (OSError /
RuntimeError, as upstream without those features); ``AsyncTensogramFile``
runs the synchronous methods in worker threads (``asyncio.to_thread``).
"""

import collections
from collections.abc import Mapping

from ._tensogram import (
    HashMismatchError,
    IntegrityError,
    MissingHashError,
    compute_hash,
    compute_packing_params,
    decode,
    decode_descriptors,
    decode_metadata,
    decode_object,
    decode_range,
    decode_with_masks,
    doctor,
    encode,
    encode_pre_encoded,
    scan,
    validate,
    validate_file,
)
from . import _tensogram
from ._metadata import DataObjectDescriptor, Metadata
from ._iter import MessageIter, iter_messages
from ._file import TensogramFile, TensogramFileIter
from ._stream import StreamingEncoder
from ._async import AsyncTensogramFile, AsyncTensogramFileIter
from ._peripheral import convert_grib, convert_grib_buffer, convert_netcdf, is_remote_url, to_grib, to_netcdf
from ._version import __version__

WIRE_VERSION = 3

Message = collections.namedtuple("Message", ["metadata", "objects"])
Message.__module__ = __name__
Mapping.register(Metadata)

for _cls in (Metadata, DataObjectDescriptor, MessageIter, TensogramFile, TensogramFileIter, StreamingEncoder,
             AsyncTensogramFile, AsyncTensogramFileIter):
    _cls.__module__ = __name__
del _cls

_tensogram._register(Message, Metadata, DataObjectDescriptor)

__all__ = [
    "AsyncTensogramFile",
    "AsyncTensogramFileIter",
    "DataObjectDescriptor",
    "HashMismatchError",
    "IntegrityError",
    "Message",
    "MessageIter",
    "Metadata",
    "MissingHashError",
    "StreamingEncoder",
    "TensogramFile",
    "TensogramFileIter",
    "WIRE_VERSION",
    "compute_hash",
    "compute_packing_params",
    "convert_grib",
    "convert_grib_buffer",
    "convert_netcdf",
    "decode",
    "decode_descriptors",
    "decode_metadata",
    "decode_object",
    "decode_range",
    "decode_with_masks",
    "doctor",
    "encode",
    "encode_pre_encoded",
    "is_remote_url",
    "iter_messages",
    "scan",
    "to_grib",
    "to_netcdf",
    "validate",
    "validate_file",
]
