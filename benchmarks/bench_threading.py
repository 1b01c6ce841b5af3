#!/usr/bin/env python3
"""Tensogram Python threading benchmark: op/s against thread count, side by side per implementation.

Same command line, workloads, sizes, thread counts and table rows as upstream tensogram's
benchmarks/python/bench_threading.py, so the results line up with its published tables. On top:
  * every row is measured for each implementation (--impl) interleaved in the same run, with
    min..max of the repeated runs, medians, and a ratio column (first implementation / others);
  * the 1M float32 decode table has a plain numpy copy of the same 4 MB as a reference row;
  * --compare-gil re-runs the same workloads with PYTHON_GIL=1 on this (free-threaded)
    interpreter in a subprocess and prints both modes side by side;
  * --json keeps every raw sample and the environment; --plot draws op/s against threads.

Modes: --quick (threads 1,2,4; headline only; 10 iterations), --headline (threads 1..16; 50
iterations), default = full suite (headline 50 iterations, codec/size/other sections 30; the codec
section adds blosc2 lz4/zstd, zfp fixed_rate and sz3 rows on 1M float64 that upstream's script lacks).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import envinfo  # noqa: E402

envinfo.pin_native_threads()

import numpy as np  # noqa: E402,F401  (imported before the implementations, as upstream does)

from benchkit import impls as implmod  # noqa: E402
from benchkit import jsonout, plot, runner, stats, tables, targets, workloads  # noqa: E402
from benchkit.progress import Progress  # noqa: E402

TITLE = "Tensogram Python Threading Benchmark"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="CI smoke test: threads 1,2,4; headline only; 10 iterations")
    mode.add_argument("--headline", action="store_true", help="headline workload only (threads 1..16, 50 iterations)")
    p.add_argument("--dimension", choices=["python", "tensogram", "combined"], default="python",
                   help="parallelism axis swept by the headline workload (default: python)")
    p.add_argument("--inner-threads", type=int, default=2,
                   help="threads= passed inside each Python thread for --dimension combined (default: 2)")
    p.add_argument("--impl", default=None,
                   help="comma-separated modules to compare (default: tensogram_go, plus tensogram when importable); "
                        "ratios are the first against each other")
    p.add_argument("--repeats", type=int, default=None,
                   help="timed runs per row and implementation; the median is reported (default: 3 quick, 5 headline, 3 full)")
    p.add_argument("--iterations", type=int, default=None,
                   help="override the per-thread iteration count of every workload (upstream: 10 quick, 50 headline, 30 other)")
    p.add_argument("--threads", default=None, help="override the thread counts, e.g. 1,2,4")
    p.add_argument("--warmup", type=int, default=3, help="warm-up calls on the main thread per workload (default: 3)")
    p.add_argument("--fresh-threads", action="store_true",
                   help="new worker threads for every sample, with no untimed first call (default: one persistent "
                        "crew per thread count, warmed by one call per thread)")
    p.add_argument("--min-sample-ms", type=float, default=None,
                   help="raise the iterations of fast operations so each thread's timed loop lasts at least this long "
                        "(default: 5 quick, 20 otherwise; 0 = upstream's fixed iterations)")
    p.add_argument("--no-numpy-reference", action="store_true", help="leave out the numpy-copy row of the 1M decode table")
    p.add_argument("--compare-gil", action="store_true",
                   help="also run the workloads with PYTHON_GIL=1 in a subprocess and print both modes side by side")
    p.add_argument("--compare-python", metavar="PYTHON",
                   help="like --compare-gil, but the subprocess runs on another interpreter (e.g. .venv/bin/python, a "
                        "GIL build of the same version) with the GIL left as that interpreter has it")
    p.add_argument("--json", metavar="FILE", help="write every raw sample and the environment to FILE")
    p.add_argument("--plot", metavar="FILE.png", help="plot op/s against threads (needs matplotlib)")
    p.add_argument("--max-sample-ms", type=float, default=0,
                   help="lower the iterations of slow operations (to no fewer than 3) so each thread's timed loop lasts "
                        "at most about this long; used by make demo/bench to fit a small machine (default 0: off)")
    p.add_argument("--only", metavar="REGEX", help="run only the workloads whose label matches REGEX (full mode)")
    p.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    p.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # used by --compare-gil's child
    return p.parse_args(argv)


def plan(args):
    """(mode name, thread counts, headline iterations, other iterations, repeats)."""
    if args.quick:
        mode, tc, head_it, other_it, rep = "quick", [1, 2, 4], 10, 10, 3
    elif args.headline:
        mode, tc, head_it, other_it, rep = "headline", [1, 2, 4, 8, 16], 50, 30, 5
    else:
        mode, tc, head_it, other_it, rep = "full", [1, 2, 4, 8, 16], 50, 30, 3
    if args.threads:
        tc = [int(x) for x in args.threads.split(",") if x.strip()]
    if args.iterations:
        head_it = other_it = args.iterations
    if args.repeats:
        rep = args.repeats
    return mode, tc, head_it, other_it, rep


def build_sections(mode, impls, args, head_it, other_it):
    """[(banner or None, [Workload], dimension)] in upstream's order."""
    dim = args.dimension
    head = workloads.headline(impls, head_it, dim, numpy_reference=not args.no_numpy_reference)
    banner = "\n── Control: parallel capacity this machine gives right now (no tensogram) ──"
    ctl0 = (banner, [workloads.control("start")], "python")
    ctl1 = (banner, [workloads.control("end")], "python")
    if mode != "full":
        return [ctl0, (None, head, dim), ctl1]
    return [
        ctl0,
        (f"\n── Headline: 1M f32, none+none (dim={dim}) ──", head, dim),
        ("\n── Codec sweep: 1M f32 ──", workloads.codec_sweep(impls, other_it), "python"),
        ("\n── Codec sweep, more codecs (not in upstream's script): 1M f64 ──",
         workloads.extra_codec_sweep(impls, other_it), "python"),
        ("\n── Size sweep: none+none ──", workloads.size_sweep(impls, other_it), "python"),
        ("\n── Other operations: 1M f32 ──", workloads.other_ops(impls, other_it), "python"),
        ctl1,
    ]


def out(args, text=""):
    if not args.quiet:
        print(text, flush=True)


def run(args):
    mode, tc, head_it, other_it, repeats = plan(args)
    names = [n.strip() for n in args.impl.split(",") if n.strip()] if args.impl else implmod.default_names()
    impls = implmod.load(names)
    env = envinfo.collect({i.name: i.version for i in impls})

    out(args, envinfo.banner(TITLE, env))
    if args.dimension == "combined":
        out(args, f"Dimension: combined (inner_threads={args.inner_threads})")
    else:
        out(args, f"Dimension: {args.dimension}")
    out(args, "Control rows (zlib.compress, start and end) show the thread scaling the machine itself gave; "
              "a workload cannot be expected to scale better than them")
    desc = ", ".join(f"{i.name} {i.version}" if i.available else f"{i.name} (unavailable)" for i in impls)
    out(args, f"Implementations: {desc}")
    if env.get("checkout"):
        co = env["checkout"]
        out(args, f"Checkout: {co['head']}" + (" + uncommitted changes in core/capi/python" if co["library_sources_modified"] else ""))
    out(args, f"Method: {repeats} interleaved runs per row and implementation, median shown with min..max; "
              f"{args.warmup} warm-up calls; barrier start; "
              f"{'fresh threads per sample' if args.fresh_threads else 'persistent threads'}; mode={mode}")

    warn = envinfo.busy_warning()
    if warn:
        print(warn, file=sys.stderr)
    min_sample_s = (args.min_sample_ms if args.min_sample_ms is not None else (5.0 if mode == "quick" else 20.0)) / 1e3
    sections = build_sections(mode, impls, args, head_it, other_it)
    if args.only:
        pat = re.compile(args.only)
        sections = [(b, [w for w in wls if pat.search(w.label) or w.section == "control"], d) for b, wls, d in sections]
        sections = [s for s in sections if s[1]]
    total = sum(runner.steps(range(len(impls) + len(w.extras)), tc, repeats) for _, wls, _ in sections for w in wls)
    progress = Progress(total, enabled=not args.no_progress)
    crews = runner.Crews(fresh=args.fresh_threads)
    results = []
    try:
        for banner, wls, dim in sections:
            if banner:
                progress.clear()
                out(args, banner)
            for wl in wls:
                variants = wl.variants(impls)
                for v in variants:
                    runner.probe(v, dim, args.inner_threads, args.warmup)
                runner.calibrate(variants, wl.iterations, min_sample_s, dim, args.inner_threads, args.max_sample_ms / 1e3)
                changed = [f"{v.name} {v.iterations}" for v in variants if v.ok and v.iterations]
                if changed:
                    bounds = f">= {min_sample_s * 1e3:.0f} ms" + (f", <= {args.max_sample_ms:.0f} ms" if args.max_sample_ms else "")
                    wl.notes.append(f"iterations per thread changed from {wl.iterations} for samples {bounds}: "
                                    f"{', '.join(changed)}")
                raw = runner.measure(variants, tc, wl.iterations, repeats, dim, args.inner_threads, crews, progress, wl.label)
                vnames = [v.name for v in variants]
                summ = stats.summarize(raw, tc)
                rat = stats.ratios(summ, vnames, tc)
                notes = sorted(set(wl.notes)) + [f"{v.name}: n/a — {v.error}" for v in variants if v.error]
                progress.clear()
                out(args, tables.compare_table(wl.label, vnames, summ, tc, rat, notes))
                results.append({
                    "key": wl.key, "label": wl.label, "section": wl.section, "dimension": dim,
                    "iterations": wl.iterations, "bytes_per_op": wl.nbytes, "implementations": vnames,
                    "errors": {v.name: v.error for v in variants if v.error},
                    "notes": sorted(set(wl.notes)), "raw": raw, "summary": summ, "ratios": rat,
                    "iterations_used": {v.name: v.iterations or wl.iterations for v in variants},
                    "seconds_per_call_1thread": {v.name: v.call_s for v in variants},
                })
                for line in targets.scaling_flags(results[-1:], targets.control_scaling(results)):
                    out(args, line)
    finally:
        crews.close()
        progress.clear()
    if any(i.name == targets.OURS for i in impls):
        out(args, targets.report(results))
    out(args)
    env["load_average_end"] = envinfo.load_average()
    doc = {
        "tool": "bench_threading", "format": 1, "argv": sys.argv, "mode": mode, "dimension": args.dimension,
        "inner_threads": args.inner_threads, "thread_counts": tc, "repeats": repeats, "warmup": args.warmup,
        "fresh_threads": args.fresh_threads,
        "environment": env, "implementations": [i.describe() for i in impls], "workloads": results,
    }
    return doc


def child_gil_run(args) -> dict:
    """Run the same command in a subprocess (PYTHON_GIL flipped, or on --compare-python); return its JSON."""
    fd, path = tempfile.mkstemp(suffix=".json", prefix="bench_gil_")
    os.close(fd)
    argv = [args.compare_python or sys.executable, os.path.abspath(__file__)]
    skip_next = False
    for a in sys.argv[1:]:
        if skip_next:
            skip_next = False
            continue
        if a in ("--json", "--plot", "--compare-python"):
            skip_next = True
            continue
        if a == "--compare-gil" or a.startswith(("--json=", "--plot=", "--compare-python=")):
            continue
        argv.append(a)
    argv += ["--json", path, "--quiet"]
    env = dict(os.environ)
    if args.compare_python:
        env.pop("PYTHON_GIL", None)
        print(f"\n== --compare-python: same workloads on {args.compare_python} (subprocess) ==", flush=True)
    else:
        other = "1" if envinfo.free_threaded_now() else "0"
        env["PYTHON_GIL"] = other
        print(f"\n== --compare-gil: same workloads with PYTHON_GIL={other} (subprocess) ==", flush=True)
    try:
        rc = subprocess.call(argv, env=env)
        if rc != 0:
            print(f"comparison run failed (exit {rc}): {' '.join(argv)}", file=sys.stderr)
            return None
        return jsonout.read(path)
    finally:
        os.unlink(path)


def mode_of(doc) -> str:
    """'free' or 'GIL': how a run's interpreter actually ran."""
    return "free" if doc["environment"]["free_threaded"] else "GIL"


def gil_columns(doc_ft, doc_gil, label_idx):
    """Side-by-side columns for one workload: per implementation, this run then the other mode."""
    cols = []
    a = doc_ft["workloads"][label_idx]
    b = next((w for w in doc_gil["workloads"] if w["key"] == a["key"]), None)
    for name in a["implementations"]:
        for mode, w in ((mode_of(doc_ft), a), (mode_of(doc_gil), b)):
            if w is None:
                continue
            s = {int(k): v for k, v in w["summary"].get(name, {}).items()}
            cols.append((f"{name} [{mode}]", s))
    return cols


def print_gil_compare(doc_ft, doc_gil):
    tc = doc_ft["thread_counts"]
    e1, e2 = doc_ft["environment"], doc_gil["environment"]
    print(f"\n── Free-threaded vs GIL: this run Python {e1['python']} ({mode_of(doc_ft)}); subprocess Python "
          f"{e2['python']} ({mode_of(doc_gil)}, PYTHON_GIL={e2['env'].get('PYTHON_GIL')}) ──")
    print("  op/s median (speedup vs own 1-thread); runs of the two modes are sequential, not interleaved")
    for i, w in enumerate(doc_ft["workloads"]):
        print(tables.gil_table(w["label"], gil_columns(doc_ft, doc_gil, i), tc))
    print()


def plot_panels(doc, doc_gil=None):
    panels = []
    for w in doc["workloads"]:
        lines = []
        for d, style in ((doc, "-"), (doc_gil, "--")):
            if d is None:
                continue
            mode = mode_of(d)
            ww = next((x for x in d["workloads"] if x["key"] == w["key"]), None)
            if ww is None:
                continue
            for name in ww["implementations"]:
                series = {int(n): s["median"] for n, s in ww["summary"].get(name, {}).items() if s["median"] is not None}
                lines.append((f"{name} [{mode}]", series, style))
        panels.append((w["label"], lines))
    return panels


def main(argv=None):
    args = parse_args(argv)
    if args.compare_python:
        args.compare_gil = True
    elif args.compare_gil and not envinfo.free_threaded_build():
        print("--compare-gil needs a free-threaded interpreter (3.13t/3.14t); this one always has a GIL. "
              "Running without the comparison.", file=sys.stderr)
        args.compare_gil = False
    try:
        doc = run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    doc_gil = child_gil_run(args) if args.compare_gil else None
    if doc_gil is not None and doc_gil["environment"]["python"] != doc["environment"]["python"]:
        print("note: the two runs used different Python versions; upstream pairs same versions (3.13 vs 3.13t)")
    if doc_gil is not None:
        doc["gil_compare"] = doc_gil
        print_gil_compare(doc, doc_gil)
    if args.json:
        jsonout.write(args.json, doc)
        if not args.quiet:
            print(f"raw samples and environment: {args.json}")
    if args.plot:
        env = doc["environment"]
        title = (f"{TITLE} — Python {env['python']} ({'free-threaded' if env['free_threaded'] else 'GIL'}), "
                 f"{env['usable_cpus']} CPUs, {env['date_utc']}")
        if plot.write(args.plot, title, plot_panels(doc, doc_gil)):
            print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
