"""Naming rules: variable names, dimension names and the dimension-name hints of a message.

Rules (see the README section "xarray engine"): a variable is named by the first present, non-None dotted path of
``variable_key``, ``name``, ``mars.param``, ``param``, ``mars.shortName``, ``shortName``, else
``object_<i>``. Each axis is named by the first of: the ``dim_names`` keyword; a coordinate of
the same length; the object's own ``dim_names`` hint; the message's ``_extra_`` ``dim_names``
hint; the generic ``dim_<axis>``. A name is used at most once per variable.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

logger = logging.getLogger(__name__)

_NAME_PATHS = ("name", "mars.param", "param", "mars.shortName", "shortName")
_MISSING = object()


def lookup_path(meta: Mapping, path: str):
    """Value at a dotted ``path`` in nested dicts, or None when any step is absent or not a dict."""
    cur = meta
    for part in path.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _make_hashable(value):
    """A hashable stand-in for a metadata value (dicts -> sorted item tuples, lists -> tuples)."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, _make_hashable(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_make_hashable(v) for v in value)
    return value


def resolve_variable_name(obj_index: int, meta: Mapping, variable_key: str | None = None) -> str:
    """The variable name of object ``obj_index`` from its metadata (see the module docstring)."""
    paths = ((variable_key,) if variable_key else ()) + _NAME_PATHS
    for path in paths:
        value = lookup_path(meta, path)
        if value is not None:
            return str(value)
    return f"object_{obj_index}"


def resolve_dim_names(ndim: int, names: Sequence[str] | None) -> list[str]:
    """``names`` as a list when given (ValueError unless it has ``ndim`` entries), else ``dim_<i>``."""
    if names is None:
        return [f"dim_{i}" for i in range(ndim)]
    names = list(names)
    if len(names) != ndim:
        raise ValueError(
            f"dim_names has {len(names)} entries but tensor has {ndim} dimensions. "
            f"Provide exactly {ndim} names."
        )
    return names


def parse_per_object_dim_names(ndim: int, meta: Mapping) -> list[str] | None:
    """An object's own ``dim_names`` hint when valid: ``ndim`` distinct non-empty strings, else None."""
    raw = meta.get("dim_names", _MISSING) if isinstance(meta, Mapping) else _MISSING
    if raw is _MISSING or raw is None:
        return None
    if isinstance(raw, (str, bytes)) or not isinstance(raw, (list, tuple)):
        logger.debug("per-object dim_names hint is not a list/sequence (got %s); ignoring", type(raw).__name__)
        return None
    if len(raw) != ndim:
        logger.debug("per-object dim_names hint has %d entries but ndim=%d; ignoring", len(raw), ndim)
        return None
    if not all(isinstance(n, str) and n for n in raw):
        logger.debug("per-object dim_names hint contains non-string or empty entries; ignoring")
        return None
    dups = sorted({n for n in raw if raw.count(n) > 1})
    if dups:
        logger.debug("per-object dim_names hint contains duplicate entries %s; ignoring", dups)
        return None
    return list(raw)


def parse_extra_dim_names_hint(ndim: int, raw) -> list[str] | dict[int, str]:
    """The message-level ``_extra_`` ``dim_names`` hint: a positional list or a size -> name dict.

    A list must have ``ndim`` items (each ``str()``-ed); dict keys are ``int()``-ed. Anything else,
    a wrong length or a key that is not an integer gives ``{}`` (no hint).
    """
    try:
        if isinstance(raw, (list, tuple)):
            return [str(n) for n in raw] if len(raw) == ndim else {}
        if isinstance(raw, Mapping):
            return {int(k): str(v) for k, v in raw.items()}
    except (TypeError, ValueError):
        pass
    return {}


def resolve_dims_for_axes(
    shape: Sequence[int],
    *,
    user_dim_names: Sequence[str] | None,
    coord_dim_sizes: Mapping[str, int],
    per_object_meta: Mapping,
    extra_dim_names_hint,
) -> list[tuple[str, bool]]:
    """Name every axis of ``shape``; returns ``[(name, is_generic), ...]`` (see the module docstring)."""
    ndim = len(shape)
    if user_dim_names is not None:
        return [(n, False) for n in resolve_dim_names(ndim, user_dim_names)]
    own = parse_per_object_dim_names(ndim, per_object_meta)
    extra = parse_extra_dim_names_hint(ndim, extra_dim_names_hint)
    used: set[str] = set()
    out: list[tuple[str, bool]] = []
    for axis, size in enumerate(shape):
        name = _named_axis(axis, size, used, coord_dim_sizes, own, extra)
        if name is None:
            out.append((f"dim_{axis}", True))
        else:
            used.add(name)
            out.append((name, False))
    return out


def _named_axis(axis, size, used, coord_dim_sizes, own, extra) -> str | None:
    for cname, csize in coord_dim_sizes.items():
        if csize == size and cname not in used:
            return cname
    if own is not None and own[axis] not in used:
        return own[axis]
    if isinstance(extra, list):
        if extra[axis] not in used:
            return extra[axis]
    elif size in extra and extra[size] not in used:
        return extra[size]
    return None
