"""Typed stubs for the C extension module of tensogram-go."""

from collections.abc import Sequence
from typing import Any, Literal, final

import numpy as np
import numpy.typing as npt

from . import DataObjectDescriptor, Message, Metadata

_Buf = bytes | bytearray
_Data = npt.NDArray[Any] | bytes | bytearray | memoryview | Sequence[int]
_Pairs = list[tuple[dict[str, Any], _Data]]
_Ranges = Sequence[tuple[int, int]]
_Level = Literal["quick", "default", "checksum", "full"]

class IntegrityError(Exception): ...

class MissingHashError(IntegrityError):
    object_index: int

class HashMismatchError(IntegrityError):
    object_index: int | None
    expected: str
    actual: str

# operation codes of _file_decode (tg_file_decode in capi/tg_capi.h)
TG_FILE_OP_DECODE: int
TG_FILE_OP_OBJECT: int
TG_FILE_OP_RANGE: int
TG_FILE_OP_METADATA: int
TG_FILE_OP_DESCRIPTORS: int

@final
class Handle:
    """Opaque, pinned handle on a Go object (the runtime type cannot be subclassed)."""

    @property
    def closed(self) -> bool: ...
    def close(self) -> None: ...

def encode(
    global_meta_dict: dict[str, Any],
    descriptors_and_data: _Pairs,
    hash: str | None = "xxh3",
    threads: int = 0,
    allow_nan: bool = False,
    allow_inf: bool = False,
    nan_mask_method: str | None = None,
    pos_inf_mask_method: str | None = None,
    neg_inf_mask_method: str | None = None,
    small_mask_threshold_bytes: int | None = None,
    aggregate_hash: str | None = None,
) -> bytes: ...
def encode_pre_encoded(
    global_meta_dict: dict[str, Any],
    descriptors_and_data: list[tuple[dict[str, Any], bytes | bytearray | memoryview | Sequence[int]]],
    hash: str | None = "xxh3",
    threads: int = 0,
) -> bytes: ...
def decode(
    buf: _Buf, native_byte_order: bool = True, threads: int = 0, restore_non_finite: bool = True, verify_hash: bool = False
) -> Message: ...
def decode_with_masks(buf: _Buf, native_byte_order: bool = True, threads: int = 0) -> Message: ...
def decode_metadata(buf: bytes) -> Metadata: ...
def decode_descriptors(buf: bytes) -> tuple[Metadata, list[DataObjectDescriptor]]: ...
def decode_object(
    buf: _Buf,
    index: int,
    native_byte_order: bool = True,
    threads: int = 0,
    restore_non_finite: bool = True,
    verify_hash: bool = False,
) -> tuple[Metadata, DataObjectDescriptor, npt.NDArray[Any]]: ...
def decode_range(
    buf: _Buf,
    object_index: int,
    ranges: _Ranges,
    join: bool = False,
    native_byte_order: bool = True,
    threads: int = 0,
    restore_non_finite: bool = True,
) -> list[npt.NDArray[Any]] | npt.NDArray[Any]: ...
def scan(buf: _Buf) -> list[tuple[int, int]]: ...
def validate(buf: _Buf, level: _Level | str = "default", check_canonical: bool = False) -> dict[str, Any]: ...
def validate_file(path: str, level: _Level | str = "default", check_canonical: bool = False) -> dict[str, Any]: ...
def compute_hash(data: bytes | bytearray, algo: str = "xxh3") -> str: ...
def compute_packing_params(
    values: npt.NDArray[np.float64], bits_per_value: int, decimal_scale_factor: int
) -> dict[str, int | float]: ...
def doctor() -> dict[str, Any]: ...

# private helpers used by the Python layer and the tests
def _register(message: type, metadata: type, descriptor: type) -> None: ...
def _go_started() -> bool: ...
def _stages() -> dict[str, list[str]]: ...
def _metadata_view(raw: bytes, n_objects: int) -> list: ...
def _metadata_path(raw: bytes, path: str, scoped: bool = False, obj: int = 0) -> list: ...
def _cbor_loads(data: bytes, sort_keys: bool = False) -> object: ...
def _decode_span(buf: bytes, offset: int, length: int, verify_hash: bool) -> Message: ...
def _scan_bytes(buf: bytes, /) -> list[tuple[int, int]]: ...
def _file_open(path: str, create: bool) -> Handle: ...
def _file_count(handle: Handle, /) -> int: ...
def _file_read(handle: Handle, index: int) -> bytes: ...
def _file_decode(
    handle: Handle, msg: int, op: int, obj: int, ranges: _Ranges | None, join: bool, native_byte_order: bool,
    threads: int, restore_non_finite: bool, verify_hash: bool,
) -> Any: ...
def _file_append(handle: Handle, meta: dict[str, Any], pairs: _Pairs, *options: Any) -> None: ...
def _stream_new(meta: dict[str, Any], *options: Any) -> Handle: ...
def _stream_write(handle: Handle, descriptor: dict[str, Any], data: _Data, pre_encoded: bool) -> None: ...
def _stream_finish(handle: Handle, backfilled: bool, reset: bool) -> bytes: ...
