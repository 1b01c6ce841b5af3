"""Coordinate detection: which objects of a message are coordinates, and their canonical names.

An object is a coordinate when its identifier (the first present of ``name``, ``param`` and
``mars.param``, ``str()``-ed) is, case-insensitively, one of :data:`KNOWN_COORD_NAMES`
(see the README section "xarray engine").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Canonical coordinate name for every recognised identifier (lower-cased).
CANONICAL_DIM: dict[str, str] = {
    "lat": "latitude",
    "latitude": "latitude",
    "lon": "longitude",
    "longitude": "longitude",
    **{w: w for w in ("x", "y", "time", "level", "pressure", "height", "depth", "frequency", "step")},
}

#: Identifiers (lower-case) that make an object a coordinate.
KNOWN_COORD_NAMES: frozenset[str] = frozenset(CANONICAL_DIM)

_MISSING = object()


def object_identifier(meta: Mapping) -> str | None:
    """The object's identifier: the first present of ``name``, ``param``, ``mars.param``, as text.

    A key that is present with value ``None`` counts (it gives ``"None"``); ``mars.param`` is only
    looked at when ``mars`` is a dict. Returns None when none of them is present.
    """
    for key in ("name", "param"):
        if key in meta:
            return str(meta[key])
    mars = meta.get("mars", _MISSING)
    if isinstance(mars, Mapping) and "param" in mars:
        return str(mars["param"])
    return None


def canonical_coord_name(meta: Mapping) -> str | None:
    """The canonical coordinate name of an object's metadata, or None for a data object."""
    ident = object_identifier(meta)
    if ident is None:
        return None
    return CANONICAL_DIM.get(ident.lower())


def detect_coords(metas: Sequence[Mapping]) -> tuple[list[int], list[int], dict[int, str]]:
    """Split object metadata dicts into coordinates and data objects.

    Returns ``(coordinate indices, data-object indices, {coordinate index: canonical name})``,
    both index lists in object order.
    """
    coord_idx: list[int] = []
    var_idx: list[int] = []
    names: dict[int, str] = {}
    for i, meta in enumerate(metas):
        canon = canonical_coord_name(meta)
        if canon is None:
            var_idx.append(i)
        else:
            coord_idx.append(i)
            names[i] = canon
    return coord_idx, var_idx, names
