"""Peripheral parts of upstream's API.

* ``is_remote_url`` is real.
* GRIB / NetCDF converters exist and raise RuntimeError: this pure-Go build
  has no ecCodes / libnetcdf (upstream's behaviour without those features).
"""

from __future__ import annotations

_REMOTE_SCHEMES = frozenset({"s3", "s3a", "gs", "az", "azure", "http", "https"})


def is_remote_url(source: str) -> bool:
    """True iff the text before ``://`` is s3, s3a, gs, az, azure, http or https (any case)."""
    if not isinstance(source, str):
        raise TypeError(f"argument 'source': '{type(source).__name__}' object is not an instance of 'str'")
    scheme, sep, _ = source.partition("://")
    return bool(sep) and scheme.lower() in _REMOTE_SCHEMES


_GRIB = (
    "tensogram was built without GRIB support (tensogram-go is a pure-Go build; "
    "convert GRIB with upstream tensogram or ecCodes)"
)
_NETCDF = (
    "tensogram was built without NetCDF support (tensogram-go is a pure-Go build; "
    "convert NetCDF with upstream tensogram or netCDF4)"
)


def convert_grib(
    path: str, *, grouping: str = "merge_all", preserve_all_keys: bool = False, encoding: str = "none",
    bits: int | None = None, filter: str = "none", compression: str = "none", compression_level: int | None = None,
    threads: int = 0, hash: str | None = "xxh3",
) -> list[bytes]:
    """Not available in this build: RuntimeError."""
    raise RuntimeError(_GRIB)


def convert_grib_buffer(
    buffer: bytes, *, grouping: str = "merge_all", preserve_all_keys: bool = False, encoding: str = "none",
    bits: int | None = None, filter: str = "none", compression: str = "none", compression_level: int | None = None,
    threads: int = 0, hash: str | None = "xxh3",
) -> list[bytes]:
    """Not available in this build: RuntimeError."""
    raise RuntimeError(_GRIB)


def convert_netcdf(
    path: str, *, split_by: str = "file", cf: bool = False, encoding: str = "none", bits: int | None = None,
    filter: str = "none", compression: str = "none", compression_level: int | None = None, threads: int = 0,
    hash: str | None = "xxh3",
) -> list[bytes]:
    """Not available in this build: RuntimeError."""
    raise RuntimeError(_NETCDF)


def to_grib(messages: list[bytes]) -> bytes:
    """Not available in this build: RuntimeError."""
    raise RuntimeError(_GRIB)


def to_netcdf(messages: list[bytes], path: str) -> None:
    """Not available in this build: RuntimeError."""
    raise RuntimeError(_NETCDF)
