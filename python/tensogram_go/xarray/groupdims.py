"""Inner dimension names of a group of same-shaped objects (the ``open_datasets`` path).

The per-object ``dim_names`` hint is used only when every object carrying a valid one carries the
same; the message-level ``_extra_`` hint only when all messages agree. An axis whose name is a
coordinate of another length is renamed ``obj_<i>_dim_<axis>`` so the Dataset stays openable.
"""

from __future__ import annotations

import logging

from .mapping import _make_hashable, parse_per_object_dim_names, resolve_dims_for_axes

logger = logging.getLogger("tensogram_go.xarray.merge")


def _own_hint(objs, ndim):
    hints = []
    for o in objs:
        h = parse_per_object_dim_names(ndim, o.per_object_meta)
        if h is not None and h not in hints:
            hints.append(h)
    if len(hints) > 1:
        logger.warning(
            "group has inconsistent per-object dim_names hints %s; falling back to coord/_extra_/generic resolution",
            hints,
        )
        return None
    return hints[0] if hints else None


def _extra_hint(objs):
    by_msg = {}
    for o in objs:
        if o.common_meta.get("dim_names") is not None:  # messages without a hint do not vote
            by_msg.setdefault(o.msg_index, o.common_meta["dim_names"])
    distinct = {_make_hashable(v) for v in by_msg.values()}
    if len(distinct) > 1:
        logger.warning(
            "group has inconsistent _extra_ dim_names hints across messages (%d distinct); ignoring this hint and "
            "falling back to coord matches, consistent per-object hints, or generic dim names",
            len(distinct),
        )
        return None
    return next(iter(by_msg.values()), None)


def resolve_group_dims(objs, user_dim_names, coord_dim_sizes) -> tuple[str, ...]:
    """The inner dims shared by ``objs`` (same shape), after renaming clashes with coordinates."""
    first = objs[0]
    own = _own_hint(objs, first.ndim) if user_dim_names is None else None
    extra = _extra_hint(objs) if user_dim_names is None else None
    planned = resolve_dims_for_axes(
        first.shape, user_dim_names=user_dim_names, coord_dim_sizes=coord_dim_sizes,
        per_object_meta={"dim_names": own} if own is not None else {}, extra_dim_names_hint=extra,
    )
    dims = []
    warned = set()
    for axis, ((name, generic), size) in enumerate(zip(planned, first.shape)):
        csize = coord_dim_sizes.get(name)
        if csize is None or csize == size:
            dims.append(name)
            continue
        new = f"obj_{first.obj_index}_dim_{axis}"
        if not generic and name not in warned:
            warned.add(name)
            logger.warning(
                "dim name %r at axis %d size %d conflicts with coord %r size %d; renaming to %s to keep the "
                "Dataset openable (check user dim_names kwarg, _extra_, or per-object hints)",
                name, axis, size, name, csize, new,
            )
        dims.append(new)
    return tuple(dims)
