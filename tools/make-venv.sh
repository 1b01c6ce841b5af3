#!/usr/bin/env bash
# make-venv.sh PYTHON DIR: create (or refresh) the virtual environment DIR for PYTHON with the
# project's test and benchmark dependencies. Dependencies install binary-only, so pip picks the
# newest release that has a wheel for this interpreter instead of building a source
# distribution; upstream tensogram (the test oracle and benchmark peer) is optional: where no
# wheel exists for the interpreter, the tests that need it skip and say so. The same holds for
# moto[server] (an in-process S3 server for tests/test_remote_s3.py; no wheel set resolves on
# free-threaded interpreters; TENSOGRAM_VENV_NO_MOTO=1 skips the attempt, which takes minutes of
# pip backtracking on a ThreadSanitizer interpreter).
set -euo pipefail
py=$1
dir=$2
stamp="$dir/.tensogram-deps"
deps=("numpy>=2.1" pytest pytest-timeout pytest-run-parallel hypothesis matplotlib "setuptools>=77" wheel)
want="$(printf '%s\n' "${deps[@]}" "tensogram==0.24.0" "moto[server]" | sha1sum | cut -c1-12)"

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
if "$dir/bin/python" -m pip install -q --only-binary :all: "tensogram==0.24.0"; then
	echo "make-venv: upstream tensogram 0.24.0 installed in $dir"
else
	echo "make-venv: no tensogram 0.24.0 wheel for this interpreter; oracle tests will skip in $dir"
fi
if [ -n "${TENSOGRAM_VENV_NO_MOTO:-}" ]; then
	echo "make-venv: TENSOGRAM_VENV_NO_MOTO set; S3 tests will skip in $dir"
elif "$dir/bin/python" -m pip install -q --only-binary :all: "moto[server]" 2>/dev/null; then
	echo "make-venv: moto[server] installed in $dir"
else
	echo "make-venv: no moto[server] wheels for this interpreter; S3 tests will skip in $dir"
fi
echo "$want" >"$stamp"
