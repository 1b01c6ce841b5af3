"""Generated .tgm corpus for the xarray engine tests: each case writes one file with tensogram_go.

``CASES`` maps a case name to a writer ``f(path)``; the ``files`` fixture (import it into a test
module) is a directory holding ``<case>.tgm`` for every case, written once per session. The files
cover coordinate objects, mars-like multi-message hypercubes, mixed ranks, dimension-name hints,
masks (NaN/Inf), big-endian payloads, every dtype and every codec.
"""

import warnings

import numpy as np
import pytest

import tensogram_go as tg


def d(shape, dtype="float32", **extra) -> dict:
    """A descriptor dict with no encoding, filter or compression unless ``extra`` says so."""
    return {"type": "ntensor", "shape": list(shape), "dtype": dtype, **extra}


def write(path, messages, **append_kw) -> None:
    """Write ``messages`` (a list of ``(meta, [(descriptor, array), ...])``) to ``path``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # application keys in descriptors, on purpose
        with tg.TensogramFile.create(str(path)) as f:
            for meta, objs in messages:
                f.append(meta, objs, **append_kw)


def field(shape, dtype="float32", seed=0):
    """Smooth test values of ``shape`` (a ramp plus a sine), cast to ``dtype``."""
    n = int(np.prod(shape)) if shape else 1
    x = np.arange(n, dtype=np.float64)
    return (x * 0.25 + np.sin(x / 7.0 + seed) * 3.0).astype(dtype).reshape(shape)


def simple(path):
    write(path, [({}, [(d([6, 10]), np.arange(60, dtype=np.float32).reshape(6, 10))])])


def coords_by_name(path):
    base = [
        {"name": "lat", "units": "degrees_north"},
        {"name": "Longitude", "units": "degrees_east"},
        {"name": "temperature", "units": "K", "mars": {"param": "t", "levtype": "pl"}},
    ]
    write(path, [({"base": base, "experiment": "demo", "source": "ecmwf"}, [
        (d([5], "float64"), np.linspace(-90, 90, 5)),
        (d([8], "float64"), np.arange(0, 360, 45.0)),
        (d([5, 8]), field([5, 8])),
    ])])


def mars_cube(path, steps=(0, 6, 12), params=("2t", "10u"), units=False):
    msgs = []
    for p in params:
        for s in steps:
            entry = {"param": p, "step": s, "class": "od"}
            if units:
                entry["units"] = "K" if p == "2t" else "m s-1"
            msgs.append(({"base": [entry], "centre": "ecmwf"},
                         [(d([2, 3]), np.full((2, 3), s + (100 if p == "10u" else 0), np.float32))]))
    write(path, msgs)


def nested_mars_cube(path):
    msgs = []
    for p in ("2t", "10u"):
        for s in (0, 6):
            msgs.append(({"base": [{"mars": {"param": p, "step": s, "class": "od"}}]},
                         [(d([3, 4]), field([3, 4], seed=s + len(p)))]))
    write(path, msgs)


def cube_with_coords(path):
    """lat/lon coordinate objects in every message plus one field; param x level cube."""
    msgs = []
    for p in ("t", "q"):
        for lev in (500, 850, 1000):
            base = [{"name": "latitude"}, {"name": "longitude"}, {"param": p, "level": lev, "type": "fc"}]
            msgs.append(({"base": base, "dim_names": {"4": "latitude"}}, [
                (d([4], "float64"), np.array([10.0, 20.0, 30.0, 40.0])),
                (d([5], "float64"), np.array([0.0, 1.0, 2.0, 3.0, 4.0])),
                (d([4, 5]), field([4, 5], seed=lev)),
            ]))
    write(path, msgs)


def mixed_ranks(path):
    """Mixed shapes in one message (dimension disambiguation) and across messages (several groups)."""
    objs = [(d([4]), field([4])), (d([4, 9]), field([4, 9])), (d([7, 9]), field([7, 9])), (d([7]), field([7])),
            (d([]), np.array(3.5, dtype=np.float32)),
            (d([2, 3, 4], "int32"), np.arange(24, dtype=np.int32).reshape(2, 3, 4))]
    base = [{"name": f"v{i}"} for i in range(len(objs))]
    base[0]["dim_names"] = ["time"]
    base[3]["dim_names"] = ["time"]
    write(path, [({"base": base}, objs), ({"base": base}, objs)])


def hints(path):
    """Per-object and _extra_ dim_names hints in every form (valid and ignored)."""
    base = [
        {"name": "a", "dim_names": ["row", "col"]},
        {"name": "b", "dim_names": "rowcol"},
        {"name": "c", "dim_names": ["x", "x"]},
        {"name": "e", "dim_names": ["p", ""]},
        {"name": "f"},
    ]
    objs = [(d([3, 5]), field([3, 5], seed=i)) for i in range(4)] + [(d([5, 5]), field([5, 5]))]
    write(path, [({"base": base, "dim_names": {"5": "grid"}}, objs), ({"base": base, "dim_names": ["u", "v"]}, objs)])


def params_fallback(path):
    """Application keys in descriptors (params) name variables; a base mars dict hides a params one."""
    write(path, [({"base": [{}, {"mars": {"class": "od"}}]}, [
        (d([3], name="from_params", units="K"), field([3])),
        (d([2, 2], mars={"param": "hidden"}), field([2, 2])),
    ])])


def dtypes(path):
    objs = []
    base = []
    for dt in ("float16", "float32", "float64", "complex64", "complex128", "int8", "int16", "int32", "int64",
               "uint8", "uint16", "uint32", "uint64"):
        a = field([3, 4], "float64")
        arr = (a + 1j * a).astype(dt) if dt.startswith("complex") else (np.abs(a) * 3).astype(dt)
        if dt == "float16" or dt.startswith("complex"):
            arr = arr.view(np.uint16 if dt == "float16" else np.uint8)  # passed as raw bytes
        objs.append((d([3, 4], dt), arr))
        base.append({"name": dt})
    objs.append((d([3, 4], "bfloat16"), np.arange(12, dtype=np.uint16).reshape(3, 4) + 16256))  # raw words
    base.append({"name": "bfloat16"})
    write(path, [({"base": base}, objs)])


def masks(path):
    a = field([4, 6], "float64")
    a[0, 1] = np.nan
    a[2, 3] = np.inf
    a[3, 5] = -np.inf
    b = np.full((8,), np.nan, dtype=np.float32)
    write(path, [({"base": [{"name": "m"}, {"name": "allnan"}]}, [(d([4, 6], "float64"), a), (d([8]), b)])],
          allow_nan=True, allow_inf=True)


def _sp(values, bits=16):
    p = tg.compute_packing_params(values.ravel(), bits, 0)
    return {"encoding": "simple_packing", **p}


CODEC_NAMES = ("none", "simple_packing", "szip", "szip_int", "zstd", "lz4", "blosc2", "zfp_rate", "zfp_acc", "sz3",
               "shuffle")


def codecs(path):
    """One float64 field per codec chain (range-capable and not), plus integer szip and shuffle."""
    v = field([16, 32], "float64")
    i16 = (np.abs(field([16, 32], "float64")) * 100).astype(np.uint16)
    chains = {
        "none": ({}, v),
        "simple_packing": (_sp(v), v),
        "szip": ({**_sp(v, 24), "compression": "szip", "szip_rsi": 32, "szip_block_size": 16, "szip_flags": 8}, v),
        "szip_int": ({"compression": "szip", "szip_rsi": 32, "szip_block_size": 16, "szip_flags": 8}, i16),
        "zstd": ({"compression": "zstd", "zstd_level": 3}, v),
        "lz4": ({"compression": "lz4"}, v),
        "blosc2": ({"compression": "blosc2", "blosc2_codec": "zstd", "blosc2_clevel": 5}, v),
        "zfp_rate": ({"compression": "zfp", "zfp_mode": "fixed_rate", "zfp_rate": 32}, v),
        "zfp_acc": ({"compression": "zfp", "zfp_mode": "fixed_accuracy", "zfp_tolerance": 0.01}, v),
        "sz3": ({"compression": "sz3", "sz3_error_bound_mode": "abs", "sz3_error_bound": 0.01}, v),
        "shuffle": ({"filter": "shuffle", "shuffle_element_size": 8, "compression": "zstd"}, v),
    }
    assert tuple(chains) == CODEC_NAMES
    base, objs = [], []
    for name, (extra, arr) in chains.items():
        base.append({"name": name})
        objs.append((d(arr.shape, arr.dtype.name, **extra), arr))
    write(path, [({"base": base}, objs)])


def coords_only(path):
    write(path, [({"base": [{"name": "time"}]}, [(d([3], "int64"), np.array([0, 6, 12], dtype=np.int64))])])


def empty(path):
    open(path, "wb").close()


def extra_name_time(path):
    """An _extra_ ``name: time`` makes every object of that message a coordinate in the merge path."""
    write(path, [
        ({"name": "time", "version": 3}, [(d([3], "int64"), np.array([0, 6, 12], dtype=np.int64))]),
        ({"base": [{"name": "t2m"}], "tensogram_wire_version": 9}, [(d([3]), field([3]))]),
    ])


def zero_objects(path):
    write(path, [({"experiment": "empty", "dim_names": ["a"]}, []), ({}, [(d([2]), field([2]))])])


def coord_shape_conflict(path):
    write(path, [({"base": [{"name": "lat"}]}, [(d([3], "float64"), np.arange(3.0))]),
                 ({"base": [{"name": "latitude"}, {"name": "v"}]}, [(d([4], "float64"), np.arange(4.0)),
                                                                      (d([4]), field([4]))])])


def cube_missing_entry(path):
    """Duplicates fool the hypercube count test: 4 objects, 2 x 2 distinct values, one cell empty."""
    msgs = [({"base": [{"param": "t", "a": a, "b": b}]}, [(d([2]), field([2], seed=a + b))])
            for a, b in ((1, 1), (1, 1), (2, 2), (2, 1))]
    write(path, msgs)


def optional_keys(path):
    """A key present in some messages only (None elsewhere) and dict-valued varying keys."""
    msgs = []
    for i, extra in enumerate(({"level": 1}, {}, {"level": 3}, {"mars": {"date": "2024"}})):
        msgs.append(({"base": [{"param": "q", **extra}]}, [(d([2, 2]), field([2, 2], seed=i))]))
    write(path, msgs)


def dict_vars(path):
    """variable_key pointing at a dict, integer names, None names."""
    write(path, [({"base": [{"mars": {"param": 130}}, {"name": None}, {"param": 128, "mars": "flat"}]},
                  [(d([2]), field([2])), (d([2]), field([2], seed=1)), (d([2]), field([2], seed=2))])])


def masked_codecs(path):
    """NaN/Inf masks under range-capable and whole-object codecs (partial reads restore them too)."""
    a = field([8, 16], "float64")
    a[1, 2] = np.nan
    a[5, 0] = np.inf
    a[7, 15] = -np.inf
    packing = tg.compute_packing_params(np.nan_to_num(a, posinf=0, neginf=0).ravel(), 16, 0)
    chains = {
        "m_none": {},
        "m_blosc2": {"compression": "blosc2"},
        "m_zfp": {"compression": "zfp", "zfp_mode": "fixed_rate", "zfp_rate": 32},
        "m_zstd": {"compression": "zstd"},
        "m_sp_szip": {"encoding": "simple_packing", "compression": "szip", "szip_rsi": 16, "szip_block_size": 8,
                      "szip_flags": 8, **packing},
    }
    write(path, [({"base": [{"name": n} for n in chains]}, [(d([8, 16], "float64", **c), a) for c in chains.values()])],
          allow_nan=True, allow_inf=True, nan_mask_method="roaring", pos_inf_mask_method="rle")


def big_endian(path):
    """Payloads stored big-endian (values come back native)."""
    objs, base = [], []
    for dt in ("float32", "int16", "uint64", "float64"):
        arr = (field([3, 5], "float64") * 10).astype(np.dtype(dt).newbyteorder(">"))
        objs.append((d([3, 5], dt, byte_order="big"), arr.view(np.uint8)))
        base.append({"name": f"be_{dt}"})
    write(path, [({"base": base}, objs)])


_COORD_NAMES = ("lat", "lon", "time", "level", "Latitude", "x")


def _random_entry(rng) -> dict:
    e: dict = {}
    r = rng.random()
    if r < 0.15:
        e["name"] = rng.choice(_COORD_NAMES)
    elif r < 0.5:
        e["param"] = rng.choice(["2t", "10u", "t"])
    elif r < 0.65:
        e["mars"] = {"param": rng.choice(["2t", "q"]), "step": rng.choice([0, 6])}
    elif r < 0.75:
        e["name"] = rng.choice(["a", "b"])
    for key, p, values in (("step", 0.5, [0, 6, 12]), ("level", 0.3, [500, 850]), ("units", 0.1, ["K", "m"]),
                           ("dim_names", 0.15, [["r", "c"], ["q"], "bad", ["x", "x"], ["u", "v", "w"]])):
        if rng.random() < p:
            e[key] = rng.choice(values)
    return e


def random_file(rng, path) -> None:
    """A random file (``rng`` is a ``random.Random``): 1-4 messages of 0-3 objects with random
    shapes, dtypes, coordinate names, mars/param/step/level keys and dimension-name hints."""
    msgs = []
    for m in range(rng.randint(1, 4)):
        base, objs = [], []
        for i in range(rng.randint(0, 3)):
            e = _random_entry(rng)
            shape = rng.choice([[3], [4], [3, 4], [4, 3], [2, 3, 4], []])
            if str(e.get("name", "")).lower() in {n.lower() for n in _COORD_NAMES}:
                shape = rng.choice([[3], [4]])
            dt = rng.choice(["float32", "float64", "int32"])
            values = (np.arange(int(np.prod(shape)) if shape else 1) + m * 10 + i).astype(dt).reshape(shape)
            objs.append((d(shape, dt), values))
            base.append(e)
        meta: dict = {"base": base}
        if rng.random() < 0.3:
            meta["dim_names"] = rng.choice([["r", "c"], {"3": "three", "4": "four"}, ["z"]])
        if rng.random() < 0.3:
            meta["centre"] = rng.choice(["ecmwf", "dwd"])
        msgs.append((meta, objs))
    write(path, msgs)


CASES = {
    "simple": simple,
    "coords_by_name": coords_by_name,
    "mars_cube": mars_cube,
    "mars_cube_shuffled_steps": lambda p: mars_cube(p, steps=(12, 0, 6)),
    "mars_cube_units": lambda p: mars_cube(p, units=True),
    "nested_mars_cube": nested_mars_cube,
    "cube_with_coords": cube_with_coords,
    "mixed_ranks": mixed_ranks,
    "hints": hints,
    "params_fallback": params_fallback,
    "dtypes": dtypes,
    "masks": masks,
    "codecs": codecs,
    "coords_only": coords_only,
    "extra_name_time": extra_name_time,
    "zero_objects": zero_objects,
    "coord_shape_conflict": coord_shape_conflict,
    "cube_missing_entry": cube_missing_entry,
    "optional_keys": optional_keys,
    "dict_vars": dict_vars,
    "masked_codecs": masked_codecs,
    "big_endian": big_endian,
}


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    """Directory with ``<case>.tgm`` for every case of ``CASES``."""
    d = tmp_path_factory.mktemp("xarray_corpus")
    for name, writer in CASES.items():
        writer(d / f"{name}.tgm")
    return d
