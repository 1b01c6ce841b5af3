#!/usr/bin/env bash
# make-venv.sh PYTHON DIR: create (or refresh) the virtual environment DIR for PYTHON with the
# project's test and benchmark dependencies. Dependencies install binary-only, so pip picks the
# newest release that has a wheel for this interpreter instead of building a source
# distribution; upstream tensogram (the test oracle and benchmark peer) is optional: where no
# wheel exists for the interpreter, the tests that need it skip and say so. The same holds for
# moto[server] (an in-process S3 server for tests/test_remote_s3.py). It cannot be installed on
# free-threaded 3.13 at all: its S3 requests import moto.iam, which needs cryptography, which needs
# cffi, and cffi refuses to build for free-threaded 3.13 (it supports 3.14t+), Rust toolchain or
# not. The xarray engine's extras (xarray, dask[array], distributed) install
# binary-only where wheels exist; otherwise (free-threaded: no pyyaml/tornado/msgpack wheels) pip
# may build those three pure-Python-capable packages from source, and if that fails too only xarray
# is installed and the dask tests skip. Upstream's engine (tensogram-xarray 0.24.0, the oracle of
# tests/test_xarray_*.py) installs wherever upstream tensogram does.
# TENSOGRAM_VENV_LEAN=1 (used for the ThreadSanitizer venv, where pip backtracking and source
# builds take many minutes) skips moto and the xarray extras.
set -euo pipefail
py=$1
dir=$2
stamp="$dir/.tensogram-deps"
deps=("numpy>=2.1" pytest pytest-timeout pytest-run-parallel hypothesis matplotlib "setuptools>=77" wheel)
xdeps=("xarray>=2024.1" "dask[array]>=2024.1" "distributed>=2024.1")  # floors: binary-only must not fall back to 2020-era dask
want="$(printf '%s\n' "${deps[@]}" "${xdeps[@]}" "tensogram==0.24.0" "tensogram-xarray==0.24.0" "moto[server]>=5" | sha1sum | cut -c1-12)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/bin/python" ]; then
	exit 0
fi
if [ ! -x "$dir/bin/python" ]; then
	echo "make-venv: creating $dir with $("$py" -c 'import sys; print(sys.version.split()[0], "free-threaded" if getattr(sys, "_is_gil_enabled", lambda: True)() is False else "GIL")')"
	"$py" -m venv "$dir"
else
	echo "make-venv: updating the dependencies of $dir"
fi
"$dir/bin/python" -m pip install -q --upgrade pip
"$dir/bin/python" -m pip install -q --only-binary :all: "${deps[@]}"
if [ -n "${TENSOGRAM_VENV_LEAN:-}" ]; then
	echo "make-venv: TENSOGRAM_VENV_LEAN set; no xarray extras in $dir (their tests skip)"
	oracle=("tensogram==0.24.0")
elif "$dir/bin/python" -m pip install -q --only-binary :all: "${xdeps[@]}" 2>/dev/null; then
	echo "make-venv: xarray, dask and distributed installed in $dir (wheels)"
	oracle=("tensogram==0.24.0" "tensogram-xarray==0.24.0")
elif "$dir/bin/python" -m pip install -q --prefer-binary --only-binary numpy,pandas "${xdeps[@]}"; then
	echo "make-venv: xarray, dask and distributed installed in $dir (some built from source)"
	oracle=("tensogram==0.24.0" "tensogram-xarray==0.24.0")
else
	"$dir/bin/python" -m pip install -q --only-binary :all: "xarray>=2024.1" || true
	echo "make-venv: dask/distributed not installable in $dir; the xarray tests that need them skip"
	oracle=("tensogram==0.24.0" "tensogram-xarray==0.24.0")
fi
if "$dir/bin/python" -m pip install -q --only-binary :all: "${oracle[@]}"; then
	echo "make-venv: upstream ${oracle[*]} installed in $dir"
else
	echo "make-venv: no tensogram 0.24.0 wheel for this interpreter; oracle tests will skip in $dir"
fi
if [ -n "${TENSOGRAM_VENV_LEAN:-}" ]; then
	echo "make-venv: TENSOGRAM_VENV_LEAN set; S3 tests will skip in $dir"
elif "$dir/bin/python" -m pip install -q --only-binary :all: "moto[server]>=5" 2>/dev/null; then
	echo "make-venv: moto[server] installed in $dir"
else
	echo "make-venv: no moto[server] wheels for this interpreter; S3 tests will skip in $dir"
fi
echo "$want" >"$stamp"
