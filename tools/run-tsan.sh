#!/usr/bin/env bash
# run-tsan.sh setup VENV: provision the TSan interpreter, make VENV, install the package into it
#   built with -fsanitize=thread.
# run-tsan.sh pytest VENV PYTEST_ARG...: run pytest in VENV under ThreadSanitizer; fail on any
#   report. `make tsan` calls setup once, then pytest for the thread tests and the
#   pytest-run-parallel pass.
#
# 1. tools/provision-python-tsan.sh: a free-threaded CPython built with --with-thread-sanitizer
#    (cached); VENV is made from it by tools/make-venv.sh (numpy etc. are the ordinary binary
#    wheels: uninstrumented code runs fine in a TSan process, its accesses are just not checked).
# 2. The package is built from a snapshot of the checkout's tracked files in build/tsan/src (so
#    the TSan objects never mix with the normal build/ ones) with CC=clang and
#    -fsanitize=thread for the C shim; the Go c-shared library is built as usual (not
#    instrumented: Go's own -race covers the Go side, and a second TSan runtime cannot share the
#    process).
# 3. pytest runs with TSAN_OPTIONS=suppressions=build/tsan/suppressions.txt (tools/tsan.supp
#    followed by CPython's own free-threading suppressions) halt_on_error=0
#    allocator_may_return_null=1 (the hostile-input tests make Go ask malloc for more than the
#    machine has and expect NULL, hence a ValueError; TSan's allocator otherwise aborts with an
#    out-of-memory report), reports going to build/tsan/logs/. Every report is printed at the
#    end and fails the run.
#
# Environment: TSAN_EXTRA_OPTIONS (appended to TSAN_OPTIONS of the pytest run).
set -euo pipefail
mode=$1
venv=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/tsan"

run_pytest() {
	rm -f "$out"/logs/report.*
	echo "run-tsan: pytest $*"
	local start rc=0 reports
	start=$(date +%s)
	TSAN_OPTIONS="suppressions=$out/suppressions.txt halt_on_error=0 second_deadlock_stack=1 allocator_may_return_null=1 log_path=$out/logs/report ${TSAN_EXTRA_OPTIONS:-}" \
		"$root/$venv/bin/python" -m pytest -p no:cacheprovider "$@" || rc=$?
	echo "run-tsan: pytest took $(( $(date +%s) - start )) s (exit $rc)"
	reports=$(cat "$out"/logs/report.* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer' || true)
	if [ "$reports" -gt 0 ]; then
		cat "$out"/logs/report.*
		echo "run-tsan: $reports ThreadSanitizer report(s) (files in $out/logs/)"
		exit 1
	fi
	echo "run-tsan: no ThreadSanitizer reports"
	exit "$rc"
}

case $mode in
setup | pytest) ;;
*) echo "usage: run-tsan.sh setup|pytest VENV [PYTEST_ARG...]" >&2; exit 2 ;;
esac

py=$("$root/tools/provision-python-tsan.sh")
prefix=$(cd "$(dirname "$py")/.." && pwd)
mkdir -p "$out/logs"
cat "$root/tools/tsan.supp" "$prefix"/share/tsan/suppressions_free_threading.txt >"$out/suppressions.txt" 2>/dev/null ||
	cp "$root/tools/tsan.supp" "$out/suppressions.txt"
if [ "$mode" = pytest ]; then
	cd "$root"
	run_pytest "$@"
fi

# Setting up the venv runs pip on the TSan interpreter: CPython's own reports are not ours.
TSAN_OPTIONS="exitcode=0 suppressions=$out/suppressions.txt log_path=$out/logs/setup" TENSOGRAM_VENV_LEAN=1 \
	"$root/tools/make-venv.sh" "$py" "$venv"

echo "run-tsan: building the package with -fsanitize=thread"
rm -rf "$out/src"
mkdir -p "$out/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$out/src")
(
	cd "$out/src"
	TSAN_OPTIONS="exitcode=0 suppressions=$out/suppressions.txt log_path=$out/logs/setup" \
		CC=clang CFLAGS="-fsanitize=thread -g -O1 -fno-omit-frame-pointer" LDFLAGS="-fsanitize=thread" \
		"$root/$venv/bin/python" -m pip install -q --no-build-isolation --no-deps --force-reinstall . >"$out/install.log" 2>&1 ||
		{ tail -40 "$out/install.log"; exit 1; }
)
nm -D "$root/$venv"/lib/python*/site-packages/tensogram_go/_tensogram*.so >"$out/nm.txt"
grep -q __tsan_ "$out/nm.txt" ||
	{ echo "run-tsan: the extension is not instrumented"; exit 1; }

echo "run-tsan: $venv ready (extension instrumented)"
