"""Text tables: upstream's scaling-table layout, extended with one block per implementation,
the min..max of the repeated runs and ratio columns."""

from .impls import short

THREADS_SEP = "-" * 7
BLOCK_HEAD = f"{'Throughput':>14} | {'Speedup':>8} | {'min..max op/s':>17}"
BLOCK_SEP = "-" * 14 + " | " + "-" * 8 + " | " + "-" * 17
BLOCK_WIDTH = len(BLOCK_HEAD)


def upstream_table(label: str, results: dict, thread_counts: list) -> str:
    """Upstream's exact table for one implementation: results = {n: {"throughput", "speedup"}}."""
    lines = ["", f"  {label}", f"  {'Threads':>7} | {'Throughput':>14} | {'Speedup':>8}"]
    lines.append("  " + "-" * 7 + " | " + "-" * 14 + " | " + "-" * 8)
    for n in thread_counts:
        r = results[n]
        lines.append(f"  {n:>7} | {r['throughput']:>10.0f} op/s | {r['speedup']:>7.2f}x")
    return "\n".join(lines)


def _block(s: dict) -> str:
    if s is None or s.get("median") is None:
        return f"{'n/a':>15} | {'':>8} | {'':>17}"
    rng = f"{s['min']:.0f}..{s['max']:.0f}"
    sp = s.get("speedup")
    spt = f"{sp:>7.2f}x" if sp is not None else f"{'':>8}"
    return f"{s['median']:>10.0f} op/s | {spt} | {rng:>17}"


def ratio_names(names: list) -> list:
    """Ratio column headers: the first implementation against each of the others."""
    return [f"{short(names[0])}/{short(o)}" for o in names[1:]]


def compare_table(label: str, names: list, summaries: dict, thread_counts: list, ratios: dict, notes: list) -> str:
    """Median op/s, speedup vs own first thread count, min..max, per implementation, then ratios.

    summaries = {name: {n: {"min","median","max","speedup"}}}; ratios = {header: {n: value}}.
    """
    heads = ratio_names(names)
    rw = {h: max(11, len(h)) for h in heads}
    lines = ["", f"  {label}"]
    lines.append((f"  {'':>7} | " + " | ".join(f"{nm:<{BLOCK_WIDTH}}" for nm in names)).rstrip())
    lines.append(f"  {'Threads':>7} | " + " | ".join(BLOCK_HEAD for _ in names) + "".join(f" | {h:>{rw[h]}}" for h in heads))
    lines.append("  " + THREADS_SEP + " | " + " | ".join(BLOCK_SEP for _ in names) + "".join(" | " + "-" * rw[h] for h in heads))
    for n in thread_counts:
        row = f"  {n:>7} | " + " | ".join(_block(summaries.get(nm, {}).get(n)) for nm in names)
        for h in heads:
            v = ratios.get(h, {}).get(n)
            row += f" | {v:>{rw[h] - 1}.2f}x" if v is not None else f" | {'n/a':>{rw[h]}}"
        lines.append(row)
    for note in notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def gil_table(label: str, columns: list, thread_counts: list) -> str:
    """Side-by-side medians like upstream's published GIL/free-threaded tables.

    columns = [(header, {n: {"median", "speedup"}})]; cells read "775 (1.98x)".
    """
    width = max([16] + [len(h) for h, _ in columns])
    lines = ["", f"  {label}"]
    lines.append(f"  {'Threads':>7} | " + " | ".join(f"{h:>{width}}" for h, _ in columns))
    lines.append("  " + THREADS_SEP + " | " + " | ".join("-" * width for _ in columns))
    for n in thread_counts:
        cells = []
        for _, col in columns:
            s = col.get(n) if col else None
            if not s or s.get("median") is None:
                cells.append(f"{'n/a':>{width}}")
            else:
                cells.append(f"{s['median']:,.0f} ({s['speedup']:.2f}x)".rjust(width))
        lines.append(f"  {n:>7} | " + " | ".join(cells))
    return "\n".join(lines)
