#!/usr/bin/env python3
"""Tensogram from Python vs ecCodes C: 24-bit simple packing + szip on 10M float64, measured live.

Upstream's workload (benchmarks/python/bench_vs_eccodes.py): np.random.seed(42),
values = 280 + 15 * randn(10_000_000) as float64, simple_packing at 24 bits (decimal scale 0)
+ szip (rsi 128, block size 16), hash on; encode then decode; Python threads 1, 2, 4, 8; each
sample = n threads x ITERS calls from a barrier start; median of RUNS samples.

Differences from upstream's script, all to make the comparison trustworthy:
  * the ecCodes reference is measured in the same run (GRIB2, regular lat/lon grid, CCSDS
    packing at 24 bits, through ctypes or the eccodes package) instead of typed-in numbers;
  * szip_flags 8 (AEC_DATA_PREPROCESS, what the Rust/ecCodes reference uses) and upstream
    script's 128 (not a libaec flag: runs without preprocessing) are both measured;
  * every implementation (--impl) and ecCodes are interleaved run by run; min..max is shown.
MB/s = op/s x uncompressed float64 bytes / 1e6 (as upstream).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import envinfo  # noqa: E402

envinfo.pin_native_threads()

import numpy as np  # noqa: E402

from benchkit import eccodes_ref, jsonout, runner, stats  # noqa: E402
from benchkit import impls as implmod  # noqa: E402
from benchkit.progress import Progress  # noqa: E402

META = {"version": 2, "base": [{}]}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="smoke test: 1M points, threads 1,2, 3 runs x 2 iterations")
    p.add_argument("--num-points", type=int, default=None, help="values per message (default 10,000,000)")
    p.add_argument("--runs", type=int, default=None, help="samples per row, median reported (default 5)")
    p.add_argument("--iters", type=int, default=None, help="calls per thread per sample (default 5)")
    p.add_argument("--warmup", type=int, default=2, help="warm-up calls on the main thread (default 2)")
    p.add_argument("--threads", default=None, help="Python thread counts (default 1,2,4,8)")
    p.add_argument("--szip-flags", default="8,128", help="szip_flags values to measure (default 8,128)")
    p.add_argument("--impl", default=None, help="modules to compare (default: tensogram_go, plus tensogram when importable)")
    p.add_argument("--eccodes", choices=["auto", "python", "ctypes", "none"], default="auto",
                   help="how to reach ecCodes (default auto: eccodes package, else ctypes on libeccodes)")
    p.add_argument("--eccodes-threads", default="1",
                   help="thread counts at which ecCodes itself is measured (default 1: the single-thread reference)")
    p.add_argument("--eccodes-encode", type=float, default=870.0,
                   help="fallback reference MB/s when ecCodes cannot be measured (upstream's published 870)")
    p.add_argument("--eccodes-decode", type=float, default=531.0,
                   help="fallback reference MB/s when ecCodes cannot be measured (upstream's published 531)")
    p.add_argument("--json", metavar="FILE", help="write raw samples and environment to FILE")
    p.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    return p.parse_args(argv)


def ints(text):
    return [int(x) for x in text.split(",") if x.strip()]


def prepare(num_points):
    np.random.seed(42)
    return (280.0 + 15.0 * np.random.randn(num_points)).astype(np.float64)


def tensogram_variants(imp, values, flags_list):
    """(encode variants, decode variants, facts) for one implementation."""
    enc_vs, dec_vs, facts = [], [], {}
    for flags in flags_list:
        name = f"{imp.name} szip_flags={flags}"
        try:
            enc = imp.func("encode")
            dec = imp.func("decode")
            params = imp.func("compute_packing_params")(values, 24, 0)
            desc = {"type": "ntensor", "shape": [values.size], "dtype": "float64", "encoding": "simple_packing",
                    "compression": "szip", "szip_rsi": 128, "szip_block_size": 16, "szip_flags": flags, **params}
            msg = enc(META, [(desc, values)])
            back = dec(msg).objects[0][1]
            facts[name] = {"bytes": len(msg), "max_abs_error": float(np.max(np.abs(back - values)))}
            enc_vs.append(runner.Variant(name, enc, (META, [(desc, values)])))
            dec_vs.append(runner.Variant(name, dec, (msg,)))
        except Exception as e:
            why = implmod.explain(e)
            enc_vs.append(runner.Variant(name, error=why))
            dec_vs.append(runner.Variant(name, error=why))
    return enc_vs, dec_vs, facts


def eccodes_variants(backend, values, only):
    name = f"ecCodes CCSDS ({backend.name} {backend.version})"
    msg = backend.encode(values, 24)
    back = backend.decode(msg)
    facts = {name: {"bytes": len(msg), "max_abs_error": float(np.max(np.abs(back - values))), "library": backend.library}}
    return (runner.Variant(name, backend.encode, (values, 24), only_threads=only),
            runner.Variant(name, backend.decode, (msg,), only_threads=only), facts)


def table(title, names, summ, tc, mb_per_op, ref_mbs, ref_label, peers):
    """Upstream's per-variant table (Thr | op/s | MB/s | vs ecCodes C) plus min..max and peer ratio."""
    lines = ["", f"  {title}"]
    for name in names:
        s = summ[name]
        if all(s[n]["median"] is None for n in tc):
            continue
        peer = peers.get(name)
        lines.append(f"  [{name}]")
        head = f"  {'Thr':>4} | {'op/s':>8} | {'MB/s':>10} | {'vs ' + ref_label:>12} | {'min..max MB/s':>15}"
        if peer:
            head += f" | {'vs ' + implmod.short(peer[0]):>11}"
        lines.append(head)
        lines.append("  " + "-" * 4 + " | " + "-" * 8 + " | " + "-" * 10 + " | " + "-" * 12 + " | " + "-" * 15
                     + (" | " + "-" * 11 if peer else ""))
        for n in tc:
            r = s[n]
            if r["median"] is None:
                continue
            ops = r["median"]
            mbs = ops * mb_per_op
            ratio = f"{mbs / ref_mbs:.2f}x" if ref_mbs else "n/a"
            rng = f"{r['min'] * mb_per_op:.0f}..{r['max'] * mb_per_op:.0f}"
            row = f"  {n:>4} | {ops:>8.1f} | {mbs:>7.0f}    | {ratio:>12} | {rng:>15}"
            if peer:
                other = summ.get(peer[1], {}).get(n, {}).get("median")
                row += f" | {ops / other:>10.2f}x" if other else f" | {'n/a':>11}"
            lines.append(row)
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    num = args.num_points or (1_000_000 if args.quick else 10_000_000)
    runs = args.runs or (3 if args.quick else 5)
    iters = args.iters or (2 if args.quick else 5)
    tc = ints(args.threads) if args.threads else ([1, 2] if args.quick else [1, 2, 4, 8])
    ecc_tc = [n for n in ints(args.eccodes_threads) if n in tc]
    flags_list = ints(args.szip_flags)
    names = [n.strip() for n in args.impl.split(",") if n.strip()] if args.impl else implmod.default_names()
    impls = implmod.load(names)

    backend, ecc_error = (None, "disabled (--eccodes none)") if args.eccodes == "none" else eccodes_ref.open_backend(args.eccodes)
    versions = {i.name: i.version for i in impls}
    if backend is not None:
        versions["eccodes"] = backend.version
    env = envinfo.collect(versions)
    warn = envinfo.busy_warning()
    if warn:
        print(warn, file=sys.stderr)

    values = prepare(num)
    orig_bytes = values.nbytes
    mb_per_op = orig_bytes / 1e6
    enc_vs, dec_vs, facts = [], [], {}
    if backend is not None:
        try:
            e, d, f = eccodes_variants(backend, values, ecc_tc)
            enc_vs.append(e)
            dec_vs.append(d)
            facts.update(f)
        except Exception as exc:
            backend, ecc_error = None, implmod.explain(exc)
    for imp in impls:
        e, d, f = tensogram_variants(imp, values, flags_list)
        enc_vs += e
        dec_vs += d
        facts.update(f)

    ft = "yes" if env["free_threaded"] else "no"
    print(f"Python {env['python']} (free-threaded: {ft}), {env['usable_cpus']} CPUs, {env['cpu_model']}")
    print(f"{num:,} float64 = {orig_bytes / 1e6:.0f} MB, 24-bit packing + szip (rsi 128, block 16)")
    if backend is not None:
        print(f"ecCodes C reference measured live: ecCodes {backend.version} via {backend.name} ({backend.library}), "
              f"GRIB2 regular_ll {'x'.join(map(str, eccodes_ref.grid_shape(num)))}, CCSDS 24-bit, threads {ecc_tc}")
    else:
        print(f"ecCodes not measured ({ecc_error}); reference = upstream's published "
              f"{args.eccodes_encode:.0f} MB/s enc, {args.eccodes_decode:.0f} MB/s dec")
    print("Implementations: " + ", ".join(f"{i.name} {i.version}" if i.available else f"{i.name} (unavailable)" for i in impls))
    if env.get("checkout"):
        co = env["checkout"]
        print(f"Checkout: {co['head']}" + (" + uncommitted changes in core/capi/python" if co["library_sources_modified"] else ""))
    print(f"{runs} runs x {iters} iterations per thread count, interleaved, median reported; {args.warmup} warm-up calls")
    print("Encoded sizes and max |error| (sanity check that every row does the same work):")
    for name, f in facts.items():
        print(f"  {name:<44} {f['bytes']:>12,} bytes ({f['bytes'] / orig_bytes:6.1%})  max|err| {f['max_abs_error']:.3g}")

    progress = Progress(runner.steps(enc_vs + dec_vs, tc, runs), enabled=not args.no_progress)
    crews = runner.Crews()
    raw = {}
    try:
        for op, vs in (("encode", enc_vs), ("decode", dec_vs)):
            for v in vs:
                runner.probe(v, "python", 1, args.warmup)
            raw[op] = runner.measure(vs, tc, iters, runs, "python", 1, crews, progress, op)
    finally:
        crews.close()
        progress.clear()

    doc = {"tool": "bench_vs_eccodes", "format": 1, "argv": sys.argv, "num_points": num, "runs": runs,
           "iters": iters, "thread_counts": tc, "eccodes_threads": ecc_tc, "szip_flags": flags_list,
           "environment": env, "implementations": [i.describe() for i in impls],
           "eccodes": {"measured": backend is not None, "error": ecc_error,
                       "version": getattr(backend, "version", None), "via": getattr(backend, "name", None)},
           "facts": facts, "results": {}}
    for op, vs in (("encode", enc_vs), ("decode", dec_vs)):
        summ = stats.summarize(raw[op], tc)
        names_op = [v.name for v in vs]
        if backend is not None:
            ref_name = vs[0].name
            ref_ops = summ[ref_name][1]["median"] if 1 in summ[ref_name] else None
            ref_mbs = ref_ops * mb_per_op if ref_ops else None
            ref_label = "ecCodes"
        else:
            ref_mbs = args.eccodes_encode if op == "encode" else args.eccodes_decode
            ref_label = "ecCodes C"
        peers = {}
        if len(impls) > 1:
            first = impls[0].name
            for flags in flags_list:
                for other in impls[1:]:
                    peers[f"{first} szip_flags={flags}"] = (other.name, f"{other.name} szip_flags={flags}")
        print(table(op.capitalize(), names_op, summ, tc, mb_per_op, ref_mbs, ref_label, peers))
        for v in vs:
            if v.error:
                print(f"  note: {v.name}: n/a — {v.error}")
        doc["results"][op] = {"raw": raw[op], "summary": summ, "reference_mbs": ref_mbs,
                              "errors": {v.name: v.error for v in vs if v.error}}
    print_targets(doc, impls, flags_list, mb_per_op)
    env["load_average_end"] = envinfo.load_average()
    if args.json:
        jsonout.write(args.json, doc)
        print(f"raw samples and environment: {args.json}")
    return 0


def print_targets(doc, impls, flags_list, mb_per_op):
    """The project's performance targets for this workload, as measured (never asserted)."""
    if not impls or impls[0].name != "tensogram_go":
        return
    print("\n  Targets (measured, not asserted)")
    for op in ("encode", "decode"):
        summ = doc["results"][op]["summary"]
        ref = doc["results"][op]["reference_mbs"]
        for flags in flags_list:
            ours = summ.get(f"tensogram_go szip_flags={flags}", {})
            up = summ.get(f"tensogram szip_flags={flags}", {})
            m = {n: (ours.get(n) or {}).get("median") for n in (1, 2)}
            u1 = (up.get(1) or {}).get("median")
            parts = []
            if m[1] and u1:
                parts.append(f"1-thread vs upstream {m[1] / u1:.2f}x (target >= 1.0x)")
            if m[1] and m[2]:
                parts.append(f"2-thread scaling {m[2] / m[1]:.2f}x (target >= 1.8x)")
            if m[2] and ref:
                parts.append(f"2 threads vs ecCodes {m[2] * mb_per_op / ref:.2f}x (target >= 1.5x)")
            print(f"  {op} szip_flags={flags}: " + ("; ".join(parts) if parts else "n/a (not measured)"))


if __name__ == "__main__":
    sys.exit(main())
