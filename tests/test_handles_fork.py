"""Handles in a child forked after Go started: calls are refused, close/GC never hang."""

import subprocess
import sys
import textwrap

import pytest

SCRIPT = """
import os, sys, numpy as np, tensogram_go as tg
path = sys.argv[1]
f = tg.TensogramFile.create(path)
f.append({}, [({"type": "ntensor", "shape": [2], "dtype": "float32"}, np.zeros(2, np.float32))])
s = tg.StreamingEncoder({})
pid = os.fork()
if pid == 0:
    code = 0
    try:
        f.message_count()
        code = 3  # must have been refused
    except RuntimeError:
        pass
    f.close()      # must not call into the inherited Go runtime
    del f, s       # GC of live handles: same
    os._exit(code)
_, status = os.waitpid(pid, 0)
assert os.waitstatus_to_exitcode(status) == 0, status
assert f.message_count() == 1
print("ok")
"""


@pytest.mark.timeout(60)
def test_forked_child_with_live_handles(tmp_path):
    script = tmp_path / "fork_handles.py"
    script.write_text(textwrap.dedent(SCRIPT))
    r = subprocess.run([sys.executable, "-W", "ignore", str(script), str(tmp_path / "f.tgm")],
                       capture_output=True, text=True, timeout=50)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
