#!/usr/bin/env python3
"""xarray + Dask reduction over a szip file: the tensogram_go engine against upstream's engine.

The file: 4 messages, each one float64 field of 10M values packed as GRIB does (24-bit
simple_packing + szip), with base metadata {"name": "t0"|"t6"|"t12"|"t18", "step": ...}. It is
opened as one Dataset (``merge_objects=True``: one variable per message over ``dim_0``; distinct
names because szip's per-object block offsets keep such fields from stacking into one cube, in
both engines) with ``chunks="auto"`` and reduced to each variable's mean on Dask's threaded
scheduler with 1 and 2 threads, for each
engine (``tensogram_go``; upstream's ``tensogram`` when tensogram + tensogram-xarray import in
that interpreter) and each interpreter given with --python (free-threaded and GIL builds; a
free-threaded one is also run with PYTHON_GIL=1 under --compare-gil). Two references per
interpreter: ``numpy``, the same reduction over the decoded (4, N) array already in memory, and
``dask-mem``, the same Dask graph shape over that in-memory array (scheduling cost without any
decode).

A second workload (``split`` rows) is one big object (--split-values, default 40M float64,
24-bit simple_packing + szip) opened with ``chunks={"dim_0": N}`` (--split-chunk rows, default a
tenth of it) and reduced the same way: every Dask chunk is a ``decode_range`` of the object, so it
measures partial decodes; its reference is ``numpy:split``.

Each interpreter runs in its own subprocess; rows of one interpreter are interleaved per repeat
(engine after engine) so load changes hit all of them alike. A row's time is the median of
--repeats runs of open_dataset + compute (open alone is reported too), after one untimed warm-up
round. Results of every engine
are checked equal to numpy's. Ratios: ``x numpy`` = time / numpy's time on that interpreter;
``upstream/ours`` = upstream's time / ours at the same interpreter and thread count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import envinfo  # noqa: E402

envinfo.pin_native_threads()

import numpy as np  # noqa: E402

ENGINES = ("tensogram_go", "tensogram")


def write_file(path: str, values: int, messages: int) -> None:
    """The benchmark file, written with tensogram_go (both engines read the same bytes)."""
    import tensogram_go as tg

    rng = np.random.default_rng(1)
    base = 280.0 + 10.0 * np.sin(np.linspace(0, 40 * np.pi, values))
    with tg.TensogramFile.create(path) as f:
        for m in range(messages):
            v = base + rng.standard_normal(values)
            d = {"type": "ntensor", "shape": [values], "dtype": "float64",
                 "encoding": "simple_packing", "compression": "szip",
                 "szip_rsi": 128, "szip_block_size": 16, "szip_flags": 8,
                 **tg.compute_packing_params(v, 24, 0)}
            f.append({"base": [{"name": f"t{6 * m}", "step": 6 * m}]}, [(d, v)], threads=0)


def write_split_file(path: str, values: int) -> None:
    """The split workload: one object of values float64, 24-bit simple_packing + szip."""
    write_file(path, values, 1)


# ---------------------------------------------------------------- child: one interpreter


def _engine_available(engine: str) -> str | None:
    """None when xarray lists the engine, else why not."""
    import xarray as xr

    try:
        engines = xr.backends.list_engines()
    except Exception as e:  # noqa: BLE001 - reported in the table
        return f"xarray cannot list engines: {e}"
    if engine in engines:
        return None
    if engine == "tensogram":
        for mod in ("tensogram", "tensogram_xarray"):
            try:
                __import__(mod)
            except ImportError as e:
                return f"upstream engine not installed here ({mod}: {e})"
    return f"engine {engine!r} not registered with xarray"


def _open_and_reduce(path: str, engine: str, threads: int):
    import dask
    import xarray as xr

    t0 = time.perf_counter()
    ds = xr.open_dataset(path, engine=engine, merge_objects=True, chunks="auto")
    t1 = time.perf_counter()
    with dask.config.set(scheduler="threads", num_workers=threads):
        means = ds.mean().compute()
    t2 = time.perf_counter()
    out = np.array([float(means[f"t{6 * m}"]) for m in range(len(ds.data_vars))])
    chunks = str(ds[next(iter(ds.data_vars))].chunks)
    ds.close()
    return out, t1 - t0, t2 - t0, chunks


def _open_and_reduce_split(path: str, engine: str, threads: int, rows: int):
    """One big object in row chunks of rows values: every chunk a range decode."""
    import dask
    import xarray as xr

    t0 = time.perf_counter()
    ds = xr.open_dataset(path, engine=engine, chunks={"dim_0": rows})
    t1 = time.perf_counter()
    var = next(iter(ds.data_vars))
    with dask.config.set(scheduler="threads", num_workers=threads):
        mean = float(ds[var].mean().compute())
    t2 = time.perf_counter()
    ds.close()
    return mean, t1 - t0, t2 - t0


def _memory_rows(arr, threads: int):
    """numpy and in-memory Dask references over the decoded array."""
    import dask
    import dask.array as dsa

    t0 = time.perf_counter()
    ref = arr.mean(axis=1)
    numpy_s = time.perf_counter() - t0
    lazy = [dsa.from_array(row, chunks="auto").mean() for row in arr]
    t0 = time.perf_counter()
    with dask.config.set(scheduler="threads", num_workers=threads):
        mem = np.array(dask.compute(*lazy))
    return ref, numpy_s, mem, time.perf_counter() - t0


def _label() -> str:
    """Version, GIL state and environment folder, e.g. '3.13.15 free-threaded .venv-ft'."""
    return f"{sys.version.split()[0]} {envinfo.gil_mode_label()} {os.path.basename(sys.prefix)}"


def child(args) -> dict:
    """Measure every row for this interpreter; return a JSON-ready dict."""
    try:
        import dask
        import dask.array  # noqa: F401
        import xarray as xr
    except ImportError as e:  # a venv where dask[array] has no installable wheels
        return {"interpreter": _label(), "skipped": f"xarray/dask[array] not installed here ({e})"}

    import tensogram_go as tg

    with tg.TensogramFile.open(args.file) as f:
        arr = np.stack([f.file_decode_object(i, 0)["data"] for i in range(len(f))])
    split = None
    if args.split_file:
        with tg.TensogramFile.open(args.split_file) as f:
            split = f.file_decode_object(0, 0)["data"]
    engines = [e for e in args.engines if e in ENGINES]
    missing = {e: why for e in engines if (why := _engine_available(e))}
    samples: dict[str, list] = {}
    chunks = {}
    for rep in range(args.repeats + 1):  # round 0 warms up imports, Dask's pools and page cache
        for t in args.threads:
            ref, numpy_s, mem, mem_s = _memory_rows(arr, t)
            np.testing.assert_allclose(mem, ref, rtol=1e-12)
            row = {"numpy": numpy_s, "dask-mem": mem_s}
            opens = {}
            for e in engines:
                if e in missing:
                    continue
                out, opens[e], row[e], chunks[e] = _open_and_reduce(args.file, e, t)
                np.testing.assert_allclose(out, ref, rtol=1e-12)
            if split is not None:
                t0 = time.perf_counter()
                sref = split.mean()
                row["numpy:split"] = time.perf_counter() - t0
                for e in engines:
                    if e in missing:
                        continue
                    out, opens[f"{e}:split"], row[f"{e}:split"] = _open_and_reduce_split(
                        args.split_file, e, t, args.split_chunk)
                    np.testing.assert_allclose(out, sref, rtol=1e-12)
            if rep == 0:
                continue
            for name, total in row.items():
                samples.setdefault(f"{name}|{t}", []).append({"total": total, "open": opens.get(name, 0.0)})
    return {
        "interpreter": _label(),
        "env": envinfo.collect({"xarray": xr.__version__, "dask": dask.__version__}),
        "missing": missing,
        "chunks": chunks,
        "samples": samples,
    }


# ---------------------------------------------------------------- parent: file, children, table


def run_child(python: str, gil: str | None, args) -> dict:
    env = dict(os.environ)
    if gil is not None:
        env["PYTHON_GIL"] = gil
    cmd = [python, os.path.abspath(__file__), "--child", "--file", args.file, "--repeats", str(args.repeats),
           "--threads", ",".join(map(str, args.threads)), "--engines", ",".join(args.engines),
           "--split-file", args.split_file or "", "--split-chunk", str(args.split_chunk)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        return {"interpreter": f"{python}{' PYTHON_GIL=' + gil if gil else ''}", "error": p.stderr.strip()[-2000:]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def _median(rows, key="total"):
    return statistics.median(r[key] for r in rows)


def table(results: list, args) -> str:
    """One line per (interpreter, engine, threads) with the two ratio columns."""
    head = f"{'interpreter':<32} {'engine':<18} {'thr':>3} {'median s':>9} {'min..max s':>15} {'open s':>7} " \
           f"{'x numpy':>8} {'upstream/ours':>13}"
    lines = [head, "-" * len(head)]
    for r in results:
        if "skipped" in r:
            lines.append(f"{r['interpreter']:<32} skipped: {r['skipped']}")
            continue
        if "error" in r:
            lines.append(f"{r['interpreter']:<32} failed: {r['error'].splitlines()[-1] if r['error'] else '?'}")
            continue
        s = r["samples"]
        for sfx in ("", ":split"):
            for t in args.threads:
                if f"numpy{sfx}|{t}" not in s:
                    continue
                base = _median(s[f"numpy{sfx}|{t}"])
                names = ("numpy", "dask-mem", *args.engines) if not sfx else ("numpy", *args.engines)
                for name in (n + sfx for n in names):
                    if line := _row(r["interpreter"], s, name, sfx, t, base):
                        lines.append(line)
        for e, why in r["missing"].items():
            lines.append(f"{r['interpreter']:<32} {e:<18} skipped: {why}")
    return "\n".join(lines)


def _row(interp: str, s: dict, name: str, sfx: str, t: int, base: float) -> str:
    """One table line; upstream/ours on our engine's rows."""
    rows = s.get(f"{name}|{t}")
    if rows is None:
        return ""
    med = _median(rows)
    span = f"{min(x['total'] for x in rows):.3f}..{max(x['total'] for x in rows):.3f}"
    ratio = ""
    if name == f"tensogram_go{sfx}" and f"tensogram{sfx}|{t}" in s:
        ratio = f"{_median(s[f'tensogram{sfx}|{t}']) / med:.2f}"
    return (f"{interp:<32} {name:<18} {t:>3} {med:>9.3f} {span:>15} "
            f"{_median(rows, 'open'):>7.3f} {med / base:>8.1f} {ratio:>13}")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke run: 4 x 1M values, 1 repeat")
    p.add_argument("--values", type=int, default=None, help="values per message (default 10M, quick 1M)")
    p.add_argument("--messages", type=int, default=4, help="messages (steps) in the file (default 4)")
    p.add_argument("--repeats", type=int, default=None, help="runs per row; the median is reported (default 3)")
    p.add_argument("--threads", default="1,2", help="threaded-scheduler worker counts (default 1,2)")
    p.add_argument("--engines", default=",".join(ENGINES), help="engines to compare (default: both)")
    p.add_argument("--python", default=None,
                   help="comma-separated interpreters to measure (default: this one); each runs in a subprocess")
    p.add_argument("--compare-gil", action="store_true",
                   help="also run every free-threaded interpreter with PYTHON_GIL=1")
    p.add_argument("--dir", default=None, help="directory for the benchmark file (default: a temporary one)")
    p.add_argument("--json", default=None, help="write every sample and the environments here")
    p.add_argument("--split-values", type=int, default=None,
                   help="values of the one-object split workload (default 40M, quick 4M; 0 leaves it out)")
    p.add_argument("--split-chunk", type=int, default=None,
                   help="rows per Dask chunk of the split workload (default a tenth of --split-values)")
    p.add_argument("--split-file", default=None, help=argparse.SUPPRESS)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--file", default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    a.threads = [int(x) for x in a.threads.split(",")]
    a.engines = [e for e in a.engines.split(",") if e]
    a.values = a.values or (1_000_000 if a.quick else 10_000_000)
    a.repeats = a.repeats or (1 if a.quick else 3)
    if a.split_values is None:
        a.split_values = 4_000_000 if a.quick else 40_000_000
    a.split_chunk = a.split_chunk or max(1, a.split_values // 10)
    return a


def _interpreters(args):
    pythons = args.python.split(",") if args.python else [sys.executable]
    runs = []
    for py in pythons:
        runs.append((py, None))
        if args.compare_gil:
            ft = subprocess.run([py, "-c", "import sysconfig; print(bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"],
                                capture_output=True, text=True).stdout.strip() == "True"
            if ft:
                runs.append((py, "1"))
    return runs


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return 0
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        args.file = os.path.join(tmp, "bench_xarray.tgm")
        t0 = time.perf_counter()
        write_file(args.file, args.values, args.messages)
        print(f"file: {args.messages} messages x {args.values:,} float64 values, simple_packing 24 bits + szip, "
              f"{os.path.getsize(args.file) / 2**20:.1f} MiB, written in {time.perf_counter() - t0:.1f} s")
        if args.split_values:
            args.split_file = os.path.join(tmp, "bench_xarray_split.tgm")
            write_split_file(args.split_file, args.split_values)
            print(f"split file: 1 object x {args.split_values:,} float64 values, same packing, "
                  f"chunks={{'dim_0': {args.split_chunk:,}}}")
        warn = envinfo.busy_warning()
        if warn:
            print(warn)
        results = [run_child(py, gil, args) for py, gil in _interpreters(args)]
    for r in results:
        if "chunks" in r:
            print(f"{r['interpreter']}: chunks='auto' gave {r['chunks'] or '(no engine ran)'}")
    print(f"\nmean of each variable, open_dataset + compute, threaded scheduler, median of {args.repeats}\n")
    print(table(results, args))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"args": {k: v for k, v in vars(args).items() if k != "file"}, "results": results}, f, indent=1)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
