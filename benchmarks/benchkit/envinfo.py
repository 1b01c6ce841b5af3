"""What the benchmark ran on: interpreter, GIL state, CPU, library versions, relevant variables."""

import datetime
import os
import platform
import sys
import sysconfig

# Variables that change how native code uses threads or CPUs; recorded, never changed here
# except the three upstream's scripts set before importing numpy.
RECORDED_VARS = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLOSC_NTHREADS",
    "OPENBLAS_NUM_THREADS",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "TENSOGRAM_THREADS",
    "GOMAXPROCS",
    "GOGC",
    "PYTHON_GIL",
)


def pin_native_threads() -> None:
    """Set the three variables upstream's benchmark scripts set before importing numpy."""
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    os.environ["BLOSC_NTHREADS"] = "1"


def free_threaded_build() -> bool:
    """True when the interpreter was built with --disable-gil (3.13t/3.14t)."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled() -> bool:
    """True when the GIL is active right now (always True on a regular build)."""
    f = getattr(sys, "_is_gil_enabled", None)
    return True if f is None else bool(f())


def free_threaded_now() -> bool:
    """Upstream's test: a free-threaded build whose GIL is still off after the imports."""
    return hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled()


def gil_mode_label() -> str:
    """'free-threaded' when running without a GIL, 'GIL' otherwise (also on a 3.13t with PYTHON_GIL=1)."""
    return "free-threaded" if free_threaded_now() else "GIL"


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or platform.processor() elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def usable_cpus() -> int:
    """CPUs this process may run on (affinity), falling back to os.cpu_count()."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def load_average():
    """The 1/5/15-minute load averages, or None where the OS has none."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def busy_warning():
    """A warning line when other processes keep the CPUs busy (scaling figures then mislead), else None."""
    la = load_average()
    if la is None or la[0] < 0.5:
        return None
    return (f"warning: load average {la[0]:.2f} on {usable_cpus()} CPU(s) before the run: other processes are "
            "using the CPUs, so thread scaling and absolute op/s are understated and noisy")


def checkout_state():
    """HEAD commit of the checkout holding these scripts and whether its library sources had
    uncommitted changes (then the measured build is not exactly that commit), or None."""
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        head = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "core", "capi", "python"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return {"head": head, "library_sources_modified": bool(dirty)}


def collect(versions: dict) -> dict:
    """A JSON-ready description of the run's environment; `versions` maps module -> version."""
    import numpy as np

    return {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": sys.version.split()[0],
        "python_full": sys.version,
        "executable": sys.executable,
        "free_threaded_build": free_threaded_build(),
        "gil_enabled": gil_enabled(),
        "free_threaded": free_threaded_now(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus(),
        "cpu_model": cpu_model(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "versions": dict(versions),
        "env": {k: os.environ.get(k) for k in RECORDED_VARS},
        "load_average_start": load_average(),
        "checkout": checkout_state(),
    }


def banner(title: str, env: dict) -> str:
    """Upstream's banner block (64 '=' lines, Python/NumPy/CPU/Platform)."""
    bar = "=" * 64
    ft = "yes" if env["free_threaded"] else "no"
    return "\n".join(
        [
            bar,
            f"  {title}",
            f"  Python: {env['python']} (free-threaded: {ft})",
            f"  NumPy: {env['numpy']} | CPU: {env['cpu_count']} cores",
            f"  Platform: {env['platform']}",
            bar,
        ]
    )
