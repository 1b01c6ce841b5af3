"""Typed stubs for the C extension module of tensogram-go."""

class IntegrityError(Exception): ...
class MissingHashError(IntegrityError): ...
class HashMismatchError(IntegrityError): ...

def compute_hash(data: bytes | bytearray, algo: str = "xxh3") -> str:
    """xxh3-64 (seed 0) digest of ``data`` as 16 lower-case hex digits."""

def _go_started() -> bool:
    """Whether this process has loaded (and so started) the Go runtime."""

def _cbor_dumps(obj: object) -> bytes:
    """Encode ``obj`` as CBOR with upstream's Python->CBOR conversion rules."""

def _cbor_loads(data: bytes, sort_keys: bool = False) -> object:
    """Decode the first CBOR item of ``data``."""
