"""op/s against thread count, one panel per workload, one line per implementation and GIL mode."""

import math
import os
import sys


def available() -> bool:
    """True when matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def write(path: str, title: str, panels: list) -> bool:
    """panels = [(workload label, [(line label, {n: median op/s}, linestyle)])]. Returns success.

    Prints a clear message (not a traceback) and returns False when matplotlib is missing.
    """
    if not available():
        print(f"plot: matplotlib is not installed in {sys.executable}; not writing {path} "
              "(pip install matplotlib)", file=sys.stderr)
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [p for p in panels if any(series for _, series, _ in p[1])]
    if not panels:
        print(f"plot: nothing measured, not writing {path}", file=sys.stderr)
        return False
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.6 * rows), squeeze=False)
    colours = {"tensogram_go": "tab:blue", "tensogram": "tab:orange", "numpy-copy": "tab:green", "zlib-control": "tab:gray"}
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (label, lines) in zip(axes.flat, panels):
        values = [v for _, series, _ in lines for v in series.values() if v]
        log_y = bool(values) and max(values) / min(values) > 20
        for line_label, series, style in lines:
            if not series:
                continue
            impl = line_label.split(" [")[0]
            colour = colours.setdefault(impl, palette[len(colours) % len(palette)])
            xs = sorted(series)
            ax.plot(xs, [series[x] for x in xs], style, marker="o", color=colour, label=line_label)
        ax.set_title(label, fontsize=9)
        ax.set_xscale("log", base=2)
        ax.set_xticks(xs)
        ax.set_xticklabels([str(x) for x in xs])
        ax.set_xlabel("Python threads" if "dim=tensogram" not in label else "threads=")
        if log_y:  # e.g. a numpy-copy reference 10x above the decoders
            ax.set_yscale("log")
            ax.set_ylabel("op/s (median, log scale)")
        else:
            ax.set_ylabel("op/s (median)")
            ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
