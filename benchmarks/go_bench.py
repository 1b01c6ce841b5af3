#!/usr/bin/env python3
"""Run the Go benchmarks (`go test -bench`) of ./core/... and print a compact benchstat-style summary.

Each benchmark runs -count times; the summary shows the median ns/op and MB/s with the
min..max MB/s across the runs (and B/op, allocs/op when reported). The raw `go test` output is
kept next to the JSON (FILE.raw.txt) so benchstat can be run on it later.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys

LINE = re.compile(r"^(Benchmark\S+?)(?:-(\d+))?\s+(\d+)\s+(.*)$")
METRIC = re.compile(r"([0-9.e+-]+)\s+(\S+)")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="one run of one iteration each (smoke test)")
    p.add_argument("--count", type=int, default=None, help="runs per benchmark (default 5; quick 1)")
    p.add_argument("--benchtime", default=None, help="go test -benchtime (default 200ms; quick 1x)")
    p.add_argument("--bench", default=".", help="go test -bench regexp (default: all)")
    p.add_argument("--go", default=os.environ.get("GO", "go"), help="the go command")
    p.add_argument("--json", metavar="FILE", help="write the parsed runs to FILE (raw output to FILE.txt)")
    p.add_argument("packages", nargs="*", default=["./core/..."], help="packages (default ./core/...)")
    return p.parse_args(argv)


def parse(text):
    """[(package, name, {unit: value})] from go test -bench output."""
    rows, pkg = [], None
    for line in text.splitlines():
        if line.startswith("pkg: "):
            pkg = line[5:].strip()
            continue
        m = LINE.match(line)
        if not m:
            continue
        metrics = {unit: float(val) for val, unit in METRIC.findall(m.group(4))}
        if "ns/op" in metrics:
            rows.append((pkg, m.group(1), metrics))
    return rows


def summarize(rows):
    """{(package, name): {"runs", "ns_op", "mb_s", "mb_min", "mb_max", "b_op", "allocs"}} (medians)."""
    groups = {}
    for pkg, name, metrics in rows:
        groups.setdefault((pkg, name), []).append(metrics)
    out = {}
    for key, runs in groups.items():
        def med(unit):
            vals = [r[unit] for r in runs if unit in r]
            return statistics.median(vals) if vals else None

        mbs = [r["MB/s"] for r in runs if "MB/s" in r]
        out[key] = {"runs": len(runs), "ns_op": med("ns/op"), "mb_s": med("MB/s"),
                    "mb_min": min(mbs) if mbs else None, "mb_max": max(mbs) if mbs else None,
                    "b_op": med("B/op"), "allocs": med("allocs/op")}
    return out


def fmt_ns(ns):
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return f"{ns / div:.3g} {unit}"
    return f"{ns:.3g} ns"


def table(summary, module_prefix):
    lines = [f"  {'package':<22} {'benchmark':<46} {'n':>2} {'time/op':>10} {'MB/s':>9} {'min..max MB/s':>15} {'allocs/op':>9}"]
    for (pkg, name), s in summary.items():
        short = (pkg or "?").replace(module_prefix, "") or "."
        mb = f"{s['mb_s']:.1f}" if s["mb_s"] is not None else "-"
        rng = f"{s['mb_min']:.0f}..{s['mb_max']:.0f}" if s["mb_min"] is not None else "-"
        al = f"{s['allocs']:.0f}" if s["allocs"] is not None else "-"
        lines.append(f"  {short:<22} {name[len('Benchmark'):]:<46} {s['runs']:>2} {fmt_ns(s['ns_op']):>10} {mb:>9} {rng:>15} {al:>9}")
    return "\n".join(lines)


def module_path():
    try:
        with open("go.mod", encoding="utf-8") as f:
            for line in f:
                if line.startswith("module "):
                    return line.split()[1] + "/"
    except OSError:
        pass
    return ""


def raw_output_path(json_path: str) -> str:
    """Where the unparsed `go test` output goes: FILE.json -> FILE.raw.txt."""
    base = json_path[:-5] if json_path.endswith(".json") else json_path
    return base + ".raw.txt"


def main(argv=None):
    args = parse_args(argv)
    count = args.count or (1 if args.quick else 5)
    benchtime = args.benchtime or ("1x" if args.quick else "200ms")
    cmd = [args.go, "test", "-run", "^$", "-bench", args.bench, "-benchmem", "-benchtime", benchtime,
           "-count", str(count)] + args.packages
    print("$ " + " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = proc.stdout
    if proc.returncode != 0:
        print(text[-4000:], file=sys.stderr)
        print(f"go_bench: go test failed (exit {proc.returncode})", file=sys.stderr)
        return proc.returncode
    rows = parse(text)
    if not rows:
        print("go_bench: no benchmark results in the output", file=sys.stderr)
        return 1
    header = list(dict.fromkeys(ln for ln in text.splitlines() if ln.startswith(("goos:", "goarch:", "cpu:"))))
    print("  " + " | ".join(header))
    summary = summarize(rows)
    print(f"  median of {count} run(s) per benchmark, -benchtime {benchtime}")
    print(table(summary, module_path()))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        raw_path = raw_output_path(args.json)
        with open(raw_path, "w", encoding="utf-8") as f:
            f.write(text)
        doc = {"tool": "go_bench", "command": cmd, "count": count, "benchtime": benchtime,
               "header": header, "runs": [{"package": p, "name": n, "metrics": m} for p, n, m in rows],
               "summary": [{"package": p, "name": n, **s} for (p, n), s in summary.items()]}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"raw runs: {args.json} (go test output for benchstat: {raw_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
