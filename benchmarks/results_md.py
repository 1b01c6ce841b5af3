#!/usr/bin/env python3
"""Render the JSON files written by the benchmarks as Markdown (the measured part of RESULTS.md).

Usage: results_md.py [--threading F.json] [--eccodes F.json] [--go F.json] [--gil F.json] [--remote F.json]
Every number comes from the files; nothing is typed in.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchkit import jsonout, targets  # noqa: E402
from benchkit.impls import short  # noqa: E402


def _s(summary, name, n):
    return (summary.get(name) or {}).get(str(n)) or {}


def _cells(summary, names, n, missing, fmt):
    """The cells of one table row at n threads: fmt(stats) per implementation, missing where it has no median."""
    return [missing if (s := _s(summary, nm, n)).get("median") is None else fmt(s) for nm in names]


def fmt_ops(v):
    return "n/a" if v is None else f"{v:,.0f}"


def env_lines(doc):
    e = doc["environment"]
    co = e.get("checkout") or {}
    vers = ", ".join(f"{k} {v}" for k, v in e["versions"].items())
    lines = [
        f"- date (UTC): {e['date_utc']}; command: `{' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(doc['argv']))}`",
        f"- Python {e['python']} ({'free-threaded, GIL off' if e['free_threaded'] else 'GIL'}), NumPy {e['numpy']}; {vers}",
        f"- CPU: {e['cpu_model']}, {e['usable_cpus']} usable CPUs; {e['platform']}",
        f"- load average at start / end: {e.get('load_average_start')} / {e.get('load_average_end')}",
        f"- environment: " + ", ".join(f"{k}={v}" for k, v in e["env"].items() if v is not None),
    ]
    if co:
        lines.append(f"- checkout {co['head']}" + (" with uncommitted changes in core/capi/python" if co["library_sources_modified"] else ""))
    return lines


def threading_md(doc):
    tc = doc["thread_counts"]
    out = [f"### Threading ({doc['mode']} mode, dimension {doc['dimension']}, {doc['repeats']} interleaved runs per cell, median op/s)", ""]
    out += env_lines(doc) + [""]
    for w in doc["workloads"]:
        names = w["implementations"]
        first = names[0]
        out.append(f"**{w['label']}**" + (f" — n/a: " + "; ".join(f"{k}: {v}" for k, v in w["errors"].items()) if w["errors"] else ""))
        out.append("")
        head = "| Threads | " + " | ".join(f"{n} op/s (speedup) [min..max]" for n in names)
        ratio_heads = [f"{short(first)}/{short(o)}" for o in names[1:]]
        head += "".join(f" | {h}" for h in ratio_heads) + " |"
        out.append(head)
        out.append("|---:" * (1 + len(names) + len(ratio_heads)) + "|")
        for n in tc:
            cells = _cells(w["summary"], names, n, "n/a",
                           lambda s: f"{s['median']:,.0f} ({s['speedup']:.2f}x) [{s['min']:,.0f}..{s['max']:,.0f}]")
            for h in ratio_heads:
                v = (w["ratios"].get(h) or {}).get(str(n))
                cells.append("n/a" if v is None else f"{v:.2f}x")
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def gil_md(doc):
    g = doc.get("gil_compare")
    if not g:
        return []
    tc = doc["thread_counts"]

    def mode(d):
        return "free" if d["environment"]["free_threaded"] else "GIL"

    out = [f"### Free-threaded vs GIL (Python {doc['environment']['python']} {mode(doc)} vs "
           f"Python {g['environment']['python']} {mode(g)}; op/s median, speedup vs own 1 thread)", ""]
    for w in doc["workloads"]:
        wg = next((x for x in g["workloads"] if x["key"] == w["key"]), None)
        cols = []
        for nm in w["implementations"]:
            cols.append((f"{nm} [{mode(doc)}]", w))
            if wg:
                cols.append((f"{nm} [{mode(g)}]", wg))
        out.append(f"**{w['label']}**")
        out.append("")
        out.append("| Threads | " + " | ".join(c for c, _ in cols) + " |")
        out.append("|---:" * (1 + len(cols)) + "|")
        names = [nm for nm in w["implementations"] for _ in ((0,) if not wg else (0, 1))]
        for n in tc:
            cells = []
            for (c, ww), nm in zip(cols, names):
                s = _s(ww["summary"], nm, n)
                cells.append("n/a" if s.get("median") is None else f"{s['median']:,.0f} ({s['speedup']:.2f}x)")
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def eccodes_md(doc):
    tc = doc["thread_counts"]
    mb = doc["num_points"] * 8 / 1e6
    ec = doc["eccodes"]
    out = [f"### vs ecCodes ({doc['num_points']:,} float64, 24-bit + szip; {doc['runs']} runs x {doc['iters']} iterations, median)", ""]
    out += env_lines(doc)
    out.append(f"- ecCodes: " + (f"{ec['version']} via {ec['via']}, measured in the same run" if ec["measured"] else f"not measured ({ec['error']})"))
    out.append("")
    out.append("| Variant | bytes | max abs error |")
    out.append("|---|---:|---:|")
    for name, f in doc["facts"].items():
        out.append(f"| {name} | {f['bytes']:,} | {f['max_abs_error']:.3g} |")
    out.append("")
    for op in ("encode", "decode"):
        r = doc["results"][op]
        ref = r["reference_mbs"]
        out.append(f"**{op.capitalize()}** (MB/s of float64 input; ratio vs ecCodes 1 thread = {ref:,.0f} MB/s)" if ref else f"**{op.capitalize()}**")
        out.append("")
        names = [n for n in r["summary"] if any(_s(r["summary"], n, t).get("median") for t in tc)]
        out.append("| Threads | " + " | ".join(names) + " |")
        out.append("|---:" * (1 + len(names)) + "|")
        for n in tc:
            cells = _cells(r["summary"], names, n, "",
                           lambda s: f"{s['median'] * mb:,.0f}" + (f" ({s['median'] * mb / ref:.2f}x)" if ref else ""))
            out.append(f"| {n} | " + " | ".join(cells) + " |")
        for k, v in r["errors"].items():
            out.append(f"\n{k}: n/a — {v}")
        out.append("")
    return out


def go_md(doc):
    out = [f"### Go benchmarks (`{' '.join(doc['command'])}`; median of {doc['count']})", ""]
    out.append("- " + " | ".join(dict.fromkeys(doc["header"])))
    out.append("")
    out.append("| package | benchmark | time/op | MB/s (median) | min..max MB/s | allocs/op |")
    out.append("|---|---|---:|---:|---:|---:|")
    for s in doc["summary"]:
        pkg = (s["package"] or "").split("tensogram-go/", 1)[-1]
        t = s["ns_op"]
        tt = f"{t / 1e6:.3g} ms" if t >= 1e6 else f"{t / 1e3:.3g} µs"
        mb = "-" if s["mb_s"] is None else f"{s['mb_s']:,.0f}"
        rng = "-" if s["mb_min"] is None else f"{s['mb_min']:,.0f}..{s['mb_max']:,.0f}"
        al = "-" if s["allocs"] is None else f"{s['allocs']:.0f}"
        out.append(f"| {pkg} | {s['name'][len('Benchmark'):]} | {tt} | {mb} | {rng} | {al} |")
    out.append("")
    return out


def remote_md(doc):
    """bench_remote.py: per latency, requests, KiB and median ms per implementation, and the ratios."""
    a = doc["args"]
    out = [f"### Remote reads over loopback HTTP ({a['messages']} messages x {a['objects']} float32 "
           f"[{a['side']}, {a['side']}] objects; median of {a['runs']} runs)", ""]
    for lat, res in doc["results"].items():
        names = list(res)
        head = "| latency | workload | " + " | ".join(f"{short(n)} req | {short(n)} KiB | {short(n)} ms" for n in names)
        ratio = len(names) == 2
        out.append(head + (" | upstream/go req | bytes | time |" if ratio else " |"))
        out.append("|---|---|" + "---:|" * (3 * len(names) + (3 if ratio else 0)))
        for w in res[names[0]]:
            cells = [f"{res[n][w]['requests']} | {res[n][w]['bytes'] / 1024:,.0f} | {res[n][w]['seconds'] * 1e3:.1f}" for n in names]
            row = f"| {lat} | {w} | " + " | ".join(cells) + " |"
            if ratio:
                up, go = res[names[1]][w], res[names[0]][w]
                row += " " + " | ".join(f"{up[k] / go[k]:.2f}x" if go[k] else "n/a" for k in ("requests", "bytes", "seconds")) + " |"
            out.append(row)
        out.append("")
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--threading", action="append", default=[], help="bench_threading JSON (repeatable)")
    p.add_argument("--eccodes", help="bench_vs_eccodes JSON")
    p.add_argument("--go", help="go_bench JSON")
    p.add_argument("--remote", help="bench_remote JSON")
    args = p.parse_args(argv)
    lines = []
    for f in args.threading:
        d = jsonout.read(f)
        lines += threading_md(d)
        t = targets.rows(d["workloads"])
        if t and any(n == targets.OURS for w in d["workloads"] for n in w["implementations"]):
            lines += ["Targets (measured medians, not asserted):", ""] + [f"- {a}: {b.strip()}" for a, b in t] + [""]
        lines += gil_md(d)
    if args.eccodes:
        lines += eccodes_md(jsonout.read(args.eccodes))
    if args.go:
        lines += go_md(jsonout.read(args.go))
    if args.remote:
        lines += remote_md(jsonout.read(args.remote))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
