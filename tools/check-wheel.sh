#!/usr/bin/env bash
# check-wheel.sh TOOLS_VENV DIST PYTHON...: check the wheels and sdist `make wheels` wrote to DIST,
# one wheel per interpreter (the PYTHONs given plus any other CPython >= 3.11 on PATH, see
# wheel-pythons.sh). For each wheel:
#   - tags, `auditwheel show` rating (<= manylinux_2_28), contents and metadata (check_wheel_meta.py);
#   - install into a fresh venv and use it with no Go toolchain on PATH: encode/decode round trip,
#     compute_hash, doctor(), and the tensogram-go command (ls, validate, --version);
#   - `python -m mypy.stubtest tensogram_go` in that venv: the .pyi stubs match the runtime.
# Then the sdist: building it with no `go` on PATH, with a Go older than go.mod's, or with a C
# compiler that does not exist, fails with a message naming what is missing.
set -euo pipefail
tools=$(cd "$1" && pwd)
dist=$(cd "$2" && pwd)
shift 2
root=$(git rev-parse --show-toplevel)
export PATH="$tools/bin:$PATH"
out=$(mktemp -d "${TMPDIR:-/tmp}/tensogram-wheel.XXXXXX")
trap 'rm -rf "$out"' EXIT
nogo_path=/usr/bin:/bin

start=$SECONDS
log() { echo "check-wheel: [$((SECONDS - start))s] $*"; }
die() { echo "check-wheel: FAIL $*" >&2; exit 1; }

smoke='
import shutil, sys, sysconfig
import numpy as np
import tensogram_go
assert shutil.which("go") is None, "go is on PATH"
assert tensogram_go.__file__.startswith(sys.prefix), tensogram_go.__file__
assert tensogram_go.compute_hash(b"hello world") == "d447b1ea40e6988b"
data = np.arange(12, dtype=np.float32).reshape(3, 4)
msg = tensogram_go.encode({}, [({"type": "ntensor", "shape": [3, 4], "dtype": "float32"}, data)])
out = tensogram_go.decode(msg).objects[0][1]
assert out.dtype == np.float32 and out.tolist() == data.tolist(), out
if sysconfig.get_config_var("Py_GIL_DISABLED"):  # free-threaded (PYTHON_GIL unset): using us keeps the GIL off
    assert not sys._is_gil_enabled(), "importing tensogram_go enabled the GIL"
report = tensogram_go.doctor()
assert isinstance(report, dict) and report, report
print("round trip ok; doctor() keys:", sorted(report))
import os, subprocess
f = os.path.join(os.getcwd(), "smoke.tgm")
with open(f, "wb") as fh:
    fh.write(msg)
cli = os.path.join(os.path.dirname(sys.executable), "tensogram-go")
dump = subprocess.run([cli, "dump", f], capture_output=True, text=True, check=True).stdout
assert "dtype=float32" in dump, dump
ok = subprocess.run([cli, "validate", f], capture_output=True, text=True)
assert ok.returncode == 0, (ok.stdout, ok.stderr)
print("cli ok:", subprocess.run([cli, "--version"], capture_output=True, text=True, check=True).stdout.strip())
'

pairs=$("$root/tools/wheel-pythons.sh" "$@")
while read -r tag py; do
	n=$(find "$dist" -maxdepth 1 -name "tensogram_go-*-$tag-*.whl" | wc -l)
	[ "$n" = 1 ] || die "$n wheels for $tag in $dist (run make wheels)"
	whl=$(find "$dist" -maxdepth 1 -name "tensogram_go-*-$tag-*.whl")
	log "== $tag: $(basename "$whl") ($(du -k "$whl" | cut -f1) KiB)"
	"$tools/bin/python" "$root/tools/check_wheel_meta.py" "$whl" "$tag"

	venv="$out/venv-$tag"
	base=$("$py" -c 'import sys; print(sys._base_executable)')
	"$base" -m venv "$venv"
	"$venv/bin/python" -m pip install -q --disable-pip-version-check --only-binary :all: "$whl" mypy
	# The venv's own python (so it stays the venv), from a directory with no checkout in it.
	(cd "$out" && env -i HOME="$HOME" PATH="$nogo_path" "$venv/bin/python" -c "$smoke") | sed "s/^/check-wheel: /"
	(cd "$out" && env -i HOME="$HOME" PATH="$nogo_path" "$venv/bin/python" -m mypy.stubtest tensogram_go \
		--mypy-config-file "$root/tools/stubtest-mypy.ini" --allowlist "$root/tools/stubtest-allowlist.txt" --ignore-unused-allowlist) || die "$tag: stubtest found stubs that do not match the runtime"
	log "$tag: stubtest ok"
done <<<"$pairs"

# The sdist, built with one of the interpreters' build environments (setuptools, wheel, numpy).
sdist=$(find "$dist" -maxdepth 1 -name 'tensogram_go-*.tar.gz')
[ -n "$sdist" ] || die "no sdist in $dist"
read -r _ py <<<"$pairs"
expect_failure() { # WHAT PATTERN ENV...: building the sdist under ENV fails, printing PATTERN
	local what=$1 pattern=$2
	shift 2
	if (cd "$out" && env -i HOME="$HOME" "$@" "$py" -m pip wheel -q --no-build-isolation --no-deps --no-index \
		-w "$out/nowheel" "$sdist") >"$out/sdist.log" 2>&1; then
		die "the sdist built $what"
	fi
	grep -q "$pattern" "$out/sdist.log" || { cat "$out/sdist.log"; die "building the sdist $what did not say: $pattern"; }
	log "sdist $what: $(grep -o "error: $pattern[^;]*" "$out/sdist.log" | head -1)"
}
expect_failure "without go on PATH" "building tensogram-go from source needs the Go toolchain" PATH="$nogo_path"
printf '#!/bin/sh\necho go1.24.9\n' >"$out/go-too-old" && chmod +x "$out/go-too-old"
expect_failure "with Go 1.24" "building tensogram-go from source needs Go 1.25 or newer" PATH="$PATH" GO="$out/go-too-old"
expect_failure "with CC missing" "building tensogram-go from source needs a C compiler" PATH="$PATH" CC=/nonexistent/cc
