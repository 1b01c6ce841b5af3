"""Summaries of repeated samples."""

import statistics


def summary(samples: list) -> dict:
    """min / median / max / n of a list of numbers (empty -> all None)."""
    if not samples:
        return {"min": None, "median": None, "max": None, "n": 0}
    return {
        "min": min(samples),
        "median": statistics.median(samples),
        "max": max(samples),
        "n": len(samples),
    }


def ratio(a, b):
    """a / b, or None when either is missing or b is zero."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def summarize(raw: dict, thread_counts: list) -> dict:
    """{name: {n: {"ops": [...], ...}}} -> {name: {n: summary + "speedup"}} (speedup of medians
    against the implementation's own first thread count, as upstream computes it)."""
    out = {}
    for name, per_n in raw.items():
        s = {n: summary(per_n[n]["ops"]) for n in thread_counts}
        base = s[thread_counts[0]]["median"]
        for n in thread_counts:
            s[n]["speedup"] = ratio(s[n]["median"], base)
        out[name] = s
    return out


def ratios(summaries: dict, names: list, thread_counts: list) -> dict:
    """{"a/b": {n: median_a / median_b}} for the first name against each other name."""
    from .impls import short

    first = names[0]
    out = {}
    for other in names[1:]:
        out[f"{short(first)}/{short(other)}"] = {
            n: ratio(summaries.get(first, {}).get(n, {}).get("median"), summaries.get(other, {}).get(n, {}).get("median"))
            for n in thread_counts
        }
    return out
