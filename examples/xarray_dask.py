#!/usr/bin/env python3
"""A forecast-like .tgm file opened with the tensogram_go xarray engine, reduced with Dask.

The script writes its own file into a temporary directory: one message per (param, step), each
holding a latitude and a longitude coordinate object and one field packed as GRIB does (24-bit
simple_packing). It opens the file lazily with ``engine="tensogram_go"`` (one Dataset,
one variable per param with dims (step, latitude, longitude)), computes a cos(latitude)-weighted
global mean and the maximum per param and step, first with Dask's threaded scheduler and then on
a ``dask.distributed.LocalCluster`` of worker processes, prints both timings and checks that both
give the same numbers (and the same as numpy on the loaded Dataset).

Each Dask chunk is a band of latitude rows of one field: the engine decodes only those rows
(simple_packing supports range decode), so chunks decode in parallel and never touch each other's bytes.

    python examples/xarray_dask.py                    # small grid, runs in seconds
    python examples/xarray_dask.py --size large --workers 2 --threads 2

Needs xarray, dask[array] and distributed (``pip install tensogram-go[xarray]``).
"""

from __future__ import annotations

import argparse
import sys
import pathlib
import tempfile
import time

import numpy as np

import tensogram_go as tg

# Grid spacing in degrees per --size: 2° is 91 x 180 points, 0.25° is 721 x 1440 (ERA5-like),
# 0.1° is 1801 x 3600 (6.5 M points per field).
SIZES = {"small": 2.0, "medium": 0.25, "large": 0.1}
PARAMS = {"2t": ("K", 288.0, 20.0), "msl": ("Pa", 101325.0, 1500.0), "10u": ("m s**-1", 0.0, 8.0)}


def _grid(spacing: float) -> tuple[np.ndarray, np.ndarray]:
    lat = np.linspace(90.0, -90.0, int(round(180 / spacing)) + 1)
    lon = np.arange(0.0, 360.0, spacing)
    return lat, lon


def _field(lat, lon, mean, amplitude, step, rng) -> np.ndarray:
    """A smooth zonal pattern that drifts with the step, plus noise (packs to 24 bits with little loss)."""
    la = np.deg2rad(lat)[:, None]
    lo = np.deg2rad(lon)[None, :]
    smooth = np.cos(la) ** 2 * np.cos(2 * lo + step / 24) + 0.3 * np.sin(3 * la) * np.sin(lo)
    return mean + amplitude * smooth + 0.05 * amplitude * rng.standard_normal(smooth.shape)


def write_forecast(path: pathlib.Path, spacing: float, steps: list[int]) -> int:
    """Write one message per (param, step); return the number of field values written.

    All steps of one param share one set of packing parameters (computed over all its steps, as a
    producer packing a whole forecast would): codec parameters are per-object metadata, and a key
    that differs between steps stops the engine from stacking the steps into one variable (as in
    upstream's engine). For the same reason the fields are not szip-compressed here: szip stores
    per-object block offsets, which differ from field to field.
    """
    lat, lon = _grid(spacing)
    rng = np.random.default_rng(42)
    coord = {"type": "ntensor", "dtype": "float64"}
    packed = {"type": "ntensor", "dtype": "float64", "shape": [lat.size, lon.size],
              "encoding": "simple_packing", "compression": "none"}
    n = 0
    with tg.TensogramFile.create(str(path)) as f:
        for param, (units, mean, amplitude) in PARAMS.items():
            fields = [_field(lat, lon, mean, amplitude, step, rng) for step in steps]
            desc = dict(packed, **tg.compute_packing_params(np.concatenate([v.ravel() for v in fields]), 24, 0))
            for step, values in zip(steps, fields):
                meta = {"base": [{"name": "latitude", "units": "degrees_north"},
                                 {"name": "longitude", "units": "degrees_east"},
                                 {"param": param, "step": step, "units": units}],
                        "centre": "example", "class": "od"}
                f.append(meta, [(dict(coord, shape=[lat.size]), lat),
                                (dict(coord, shape=[lon.size]), lon),
                                (desc, values)])
                n += values.size
    return n


def open_forecast(path, engine: str, chunk_rows: int | None):
    """The whole file as one lazy Dataset: variables 2t, msl, 10u over (step, latitude, longitude)."""
    import xarray as xr

    chunks = "auto" if chunk_rows is None else {"step": 1, "latitude": chunk_rows}
    return xr.open_dataset(path, engine=engine, merge_objects=True, variable_key="param", chunks=chunks)


def summarise(ds):
    """Per variable and step: the cos(latitude)-weighted global mean and the maximum (still lazy)."""
    import xarray as xr

    weights = np.cos(np.deg2rad(ds["latitude"]))
    means = ds.weighted(weights).mean(("latitude", "longitude"))
    maxima = ds.max(("latitude", "longitude"))
    return xr.Dataset({**{f"{k}_mean": v for k, v in means.items()}, **{f"{k}_max": v for k, v in maxima.items()}})


def assert_same(a, b) -> None:
    """Maxima bit for bit; means to 1e-12 of the field's magnitude. A floating-point sum depends on
    the order of its terms, and numpy's vectorised sums pick their order by the memory alignment
    of each decoded chunk, so two processes (or chunkings) can differ in the last bits (relative
    to the values summed, not to a mean near zero)."""
    import xarray as xr

    assert list(a) == list(b), (list(a), list(b))
    for k in a:
        if k.endswith("_max"):
            xr.testing.assert_identical(a[k], b[k])
        else:
            scale = float(abs(b[k.removesuffix("_mean") + "_max"]).max())
            xr.testing.assert_allclose(a[k], b[k], rtol=1e-12, atol=1e-12 * scale)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def run_threaded(path, args):
    import dask

    ds = open_forecast(path, args.engine, args.chunk_rows)
    # As many threads as the cluster has in total, so both runs have the same parallelism.
    with dask.config.set(scheduler="threads", num_workers=args.workers * args.threads):
        first, first_s = timed(lambda: summarise(ds).compute())
        again, warm_s = timed(lambda: summarise(ds).compute())
    assert_same(first, again)
    return ds, again, first_s, warm_s


def run_distributed(path, args):
    import dask
    from dask.distributed import Client, LocalCluster

    # processes=True: each worker is its own spawned Python process with its own Go runtime; the
    # lazy arrays travel to them pickled (path, object indices, shape, dtype, options) and each
    # worker reopens the file itself.
    # distributed's sampling profiler reads every thread's frames from another thread, which can
    # crash free-threaded CPython 3.13; it is turned off there (it only feeds the dashboard).
    free_threaded = not getattr(sys, "_is_gil_enabled", lambda: True)()
    config = {"distributed.worker.profile.enabled": False} if free_threaded else {}
    t0 = time.perf_counter()
    with dask.config.set(config), LocalCluster(n_workers=args.workers, threads_per_worker=args.threads,
                                               processes=True, host="127.0.0.1",
                                               dashboard_address=None) as cluster, Client(cluster):
        startup = time.perf_counter() - t0
        ds = open_forecast(path, args.engine, args.chunk_rows)
        first, first_s = timed(lambda: summarise(ds).compute())
        again, warm_s = timed(lambda: summarise(ds).compute())
    assert_same(first, again)
    return again, startup, first_s, warm_s


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", choices=SIZES, default="small", help="grid resolution (default small: 2°)")
    p.add_argument("--steps", type=int, default=4, help="forecast steps per param (6-hourly)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (the threaded scheduler gets workers x threads)")
    p.add_argument("--chunk-rows", type=int, default=None,
                   help="latitude rows per chunk (default: a quarter of the grid); 0 = chunks='auto'")
    p.add_argument("--engine", default="tensogram_go", help="xarray engine to open the file with")
    p.add_argument("--dir", default=None, help="write the file here instead of a temporary directory")
    args = p.parse_args(argv)

    import xarray as xr

    lat, _ = _grid(SIZES[args.size])
    if args.chunk_rows is None:
        args.chunk_rows = max(1, -(-lat.size // 4))
    elif args.chunk_rows == 0:
        args.chunk_rows = None
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        path = pathlib.Path(tmp) / "forecast.tgm"
        n, write_s = timed(lambda: write_forecast(path, SIZES[args.size], [6 * s for s in range(args.steps)]))
        print(f"wrote {path.name}: {len(PARAMS) * args.steps} messages, {n:,} values, "
              f"{path.stat().st_size / 2**20:.1f} MiB in {write_s:.2f} s")

        ds, threaded, threaded_s, threaded_warm_s = run_threaded(path, args)
        print(ds)
        distributed, startup_s, first_s, warm_s = run_distributed(path, args)

        assert_same(threaded, distributed)
        assert_same(threaded, summarise(ds.load()))  # and the same as numpy on the loaded Dataset

        print("\ncos(latitude)-weighted global means and maxima:")
        print(threaded.to_dataframe().to_string(float_format=lambda v: f"{v:.6f}"))
        chunks = "auto" if args.chunk_rows is None else f"step 1 x {args.chunk_rows} latitude rows"
        print(f"\nchunks: {chunks}; engine: {args.engine}")
        print(f"threaded scheduler ({args.workers * args.threads} threads):            "
              f"{threaded_s:8.3f} s first compute, {threaded_warm_s:.3f} s again")
        print(f"LocalCluster ({args.workers} processes x {args.threads} thread(s)): "
              f"{first_s:8.3f} s first compute, {warm_s:.3f} s again "
              f"(cluster start-up {startup_s:.2f} s)")
        print("same result from both schedulers: yes (maxima bit for bit, means to 1e-12 of the values)")


if __name__ == "__main__":
    main()
