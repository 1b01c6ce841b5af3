#!/usr/bin/env bash
# check-wheel.sh PYTHON: build a wheel with PYTHON, check its tag names the interpreter, install
# it into a fresh venv and use it with no Go toolchain on PATH.
set -euo pipefail
py=$1
out=$(mktemp -d "${TMPDIR:-/tmp}/tensogram-wheel.XXXXXX")
trap 'rm -rf "$out"' EXIT
"$py" -m pip wheel -q --no-build-isolation --no-deps -w "$out/dist" .
whl=$(ls "$out"/dist/tensogram_go-*.whl)
tag=$("$py" -c 'import sys; t="cp%d%d" % sys.version_info[:2]; print(t + ("t" if getattr(sys, "_is_gil_enabled", lambda: True)() is False else ""))')
case "$(basename "$whl")" in
*"-${tag}-linux_"*) ;;
*) echo "check-wheel: $(basename "$whl") is not tagged $tag" >&2; exit 1 ;;
esac
base=$("$py" -c 'import sys; print(sys._base_executable)')
"$base" -m venv "$out/venv"
"$out/venv/bin/python" -m pip install -q --only-binary :all: "$whl"
# Run the venv's own python (so it stays the venv) with a PATH that has no Go toolchain.
(cd "$out" && env -i HOME="$HOME" PATH="/usr/bin:/bin" "$out/venv/bin/python" -c '
import shutil, tensogram_go
import numpy as np
assert shutil.which("go") is None, "go is on PATH"
assert tensogram_go.compute_hash(b"hello world") == "d447b1ea40e6988b"
msg = tensogram_go.encode({}, [({"type": "ntensor", "shape": [3], "dtype": "float32"}, np.arange(3, dtype=np.float32))])
assert tensogram_go.decode(msg).objects[0][1].tolist() == [0.0, 1.0, 2.0]
print("check-wheel: OK", tensogram_go.__file__)
')
echo "check-wheel: $(basename "$whl") installs and works without Go"
