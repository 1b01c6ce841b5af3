"""Helpers shared by the interop, hostile-input, stress and process-model tests.

* ``STRESS``: true when ``make stress`` (env ``TENSOGRAM_STRESS=1``) asks for the long versions.
* ``run_child``: run a Python script in a fresh interpreter under a timeout and return its JSON
  report, failing the test with the signal name when the child crashed (a segfault must fail the
  test, not kill pytest) and with its peak RSS available for memory bounds.
* ``canon_message`` / ``canon_descriptor``: comparable views of decoded messages that leave out
  only the per-encode provenance (``Metadata.reserved``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np

STRESS = os.environ.get("TENSOGRAM_STRESS", "") not in ("", "0")

# Prelude of every child script: the report writer and a peak-RSS probe.
CHILD_PRELUDE = '''
import json, os, resource, sys

def peak_rss_mb():
    """Peak resident set size of this process image in MiB (VmHWM; ru_maxrss would include the
    forking parent's RSS, which Linux carries across exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

def rss_mb():
    """Current resident set size in MiB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def report(obj):
    obj["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write("@@REPORT@@" + json.dumps(obj) + "\\n")
    sys.stdout.flush()
'''


def run_child(body: str, tmp_path, timeout: float, env: dict | None = None, args: tuple = ()) -> dict:
    """Run ``CHILD_PRELUDE + body`` as a script in a new interpreter; return its report dict.

    The child must call ``report({...})`` once. A child killed by a signal, a non-zero exit or a
    timeout fails the calling test with the child's output.
    """
    import pytest

    script = tmp_path / f"child_{os.getpid()}_{abs(hash(body)) % 10**8}.py"
    script.write_text(CHILD_PRELUDE + textwrap.dedent(body))
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.path.dirname(os.path.abspath(__file__)) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    try:
        r = subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True,
                           timeout=timeout, env=full_env)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"child hung (> {timeout}s); stdout tail:\n{(e.stdout or b'')[-2000:]!r}", pytrace=False)
    if r.returncode < 0:
        pytest.fail(f"child killed by {signal.Signals(-r.returncode).name}; stderr head:\n{r.stderr[:1500]}\n"
                    f"stderr tail:\n{r.stderr[-1500:]}", pytrace=False)
    if r.returncode != 0:
        pytest.fail(f"child exited {r.returncode}; stderr tail:\n{r.stderr[-4000:]}", pytrace=False)
    for line in r.stdout.splitlines():
        if line.startswith("@@REPORT@@"):
            return json.loads(line[len("@@REPORT@@"):])
    pytest.fail(f"child wrote no report; stdout:\n{r.stdout[-2000:]}\nstderr:\n{r.stderr[-2000:]}", pytrace=False)


def canon_descriptor(d) -> tuple:
    """Every observable field of a DataObjectDescriptor."""
    return (d.obj_type, d.ndim, list(d.shape), list(d.strides), d.dtype, d.byte_order, d.encoding, d.filter,
            d.compression, d.params, d.hash)


def canon_array(a: np.ndarray) -> tuple:
    """dtype string, shape and exact bytes of an array (NaN-safe exact comparison)."""
    return (str(a.dtype), tuple(a.shape), np.ascontiguousarray(a).tobytes())


def canon_metadata(m) -> tuple:
    """Version, base (incl. each entry's _reserved_.tensor) and extra; the provenance is left out."""
    return (m.version, m.base, m.extra, m.num_objects)


def canon_message(msg) -> tuple:
    """A decoded Message as comparable data, without the per-encode provenance."""
    return (canon_metadata(msg.metadata), [(canon_descriptor(o[0]), canon_array(o[1])) + tuple(
        (sorted((k, v.tobytes()) for k, v in o[2].items()),) if len(o) > 2 else ()) for o in msg.objects])


def outcome(fn, *args, **kw):
    """(\"ok\", canonical result) or (exception class name, message prefix before the first ':')."""
    try:
        r = fn(*args, **kw)
    except Exception as e:  # noqa: BLE001 - the caller compares outcomes
        return (type(e).__name__, str(e).split(":")[0])
    return ("ok", canon_any(r))


def canon_any(r):
    """Canonical form of any library result (Message, tuples, arrays, lists, dicts, Metadata)."""
    if hasattr(r, "objects") and hasattr(r, "metadata"):
        return canon_message(r)
    if isinstance(r, np.ndarray):
        return canon_array(r)
    if hasattr(r, "obj_type"):
        return canon_descriptor(r)
    if hasattr(r, "extra") and hasattr(r, "base"):
        return canon_metadata(r)
    if isinstance(r, (list, tuple)):
        return [canon_any(x) for x in r]
    if isinstance(r, dict):
        return {k: canon_any(v) for k, v in r.items()}
    return r


def issue_verdict(report: dict) -> tuple:
    """The comparable verdict of a validate() report: sorted (code, severity, object_index) + hash_verified."""
    return (sorted((i["code"], i["severity"], i.get("object_index")) for i in report["issues"]),
            report["object_count"], report["hash_verified"])
