"""Process model: the Go runtime does not survive fork(), so the library must refuse cleanly."""

import subprocess
import sys
import textwrap

import pytest

HELLO = "d447b1ea40e6988b"


def run_script(body: str, tmp_path, timeout: float = 90) -> str:
    # A real file: spawn and forkserver children re-import the parent's __main__ from its path.
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body))
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    return r.stdout


CHILD = """
import multiprocessing as mp, sys
import tensogram_go

def child(q):
    try:
        # enough calls and garbage to run Go's collector several times
        for i in range(2000):
            h = tensogram_go.compute_hash(bytes(4096) + i.to_bytes(4, "little"))
        q.put(("ok", tensogram_go.compute_hash(b"hello world")))
    except Exception as e:
        q.put((type(e).__name__, str(e)))

def run(method):
    ctx = mp.get_context(method)
    q = ctx.Queue()
    p = ctx.Process(target=child, args=(q,))
    p.start()
    res = q.get(timeout=60)
    p.join(30)
    return res
"""


def run_parent(main: str, tmp_path) -> str:
    """Run CHILD as a script whose ``__main__`` block is ``main``; its stdout."""
    block = textwrap.indent(textwrap.dedent(main).strip("\n"), "    ")
    return run_script(CHILD + '\nif __name__ == "__main__":\n' + block + "\n", tmp_path)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_import_only_parent_then_children_work(method, tmp_path):
    out = run_parent(f"""
        assert not tensogram_go._tensogram._go_started()
        print(run({method!r}))
    """, tmp_path)
    assert out.strip() == str(("ok", HELLO))


@pytest.mark.timeout(120)
def test_used_then_fork_raises_clear_error(tmp_path):
    out = run_parent("""
        import warnings
        warnings.simplefilter("ignore", DeprecationWarning)  # fork of a multi-threaded process
        tensogram_go.compute_hash(b"parent")
        kind, msg = run("fork")
        print(kind)
        print(msg)
    """, tmp_path)
    kind, msg = out.strip().split("\n", 1)
    assert kind == "RuntimeError"
    assert "fork" in msg and "spawn" in msg


@pytest.mark.timeout(120)
def test_used_then_spawn_works(tmp_path):
    out = run_parent("""
        tensogram_go.compute_hash(b"parent")
        print(run("spawn"))
    """, tmp_path)
    assert out.strip() == str(("ok", HELLO))
