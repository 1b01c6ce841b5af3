#!/usr/bin/env bash
# Print the path of a free-threaded CPython built with ThreadSanitizer (--disable-gil
# --with-thread-sanitizer, CC=clang), building one into a cache outside the checkout when none
# is there yet. Progress goes to stderr; stdout is only the interpreter path.
#
# The cache is ${TENSOGRAM_FT_CACHE:-~/.cache/tensogram-go}/python-ft-tsan/<version>/. Besides
# the interpreter it keeps CPython's own TSan suppressions for the free-threaded build as
# share/tsan/suppressions_free_threading.txt (make tsan appends them to tools/tsan.supp).
# The build takes long (TSan-instrumented, make -j<cores>, no PGO, no test suite); logs stay
# in the cache's build-logs/ folder. Environment: TENSOGRAM_TSAN_PYTHON (use this interpreter).
set -euo pipefail
LOG_NAME=provision-python-tsan
# shellcheck source=tools/cpython-source-lib.sh
. "$(dirname "$0")/cpython-source-lib.sh"

if [ -n "${TENSOGRAM_TSAN_PYTHON:-}" ]; then
	is_free_threaded "$TENSOGRAM_TSAN_PYTHON" || die "$TENSOGRAM_TSAN_PYTHON is not a free-threaded interpreter"
	echo "$TENSOGRAM_TSAN_PYTHON"; exit 0
fi

prefix_root="$(tg_cache_dir)/python-ft-tsan"
# A TSan interpreter reports CPython's own benign races while it starts; keep them out of the way.
export TSAN_OPTIONS="${TSAN_OPTIONS:-exitcode=0}"
if p=$(find_cached_python "$prefix_root"); then
	log "using cached $p"; echo "$p"; exit 0
fi

install_build_deps clang
command -v clang >/dev/null || die "clang is not installed"
work=$(mktemp -d "${TMPDIR:-/tmp}/tensogram-tsan-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch_cpython_source "$work"
prefix="$prefix_root/$CPY_VERSION"
logdir="$prefix_root/build-logs"
mkdir -p "$logdir"
log "building CPython $CPY_VERSION with --disable-gil --with-thread-sanitizer (slow: tens of minutes)"
export TSAN_OPTIONS="exitcode=0 log_path=$logdir/tsan-during-build suppressions=$SRCDIR/Tools/tsan/suppressions_free_threading.txt"
# -O1 -g1 instead of CPython's -O3 -g: much faster to compile on a loaded 2-core box, and TSan's
# own slowdown dominates the run time anyway (reports keep function names and lines).
# --disable-test-modules: installing CPython's own test suite means byte-compiling it three
# times under TSan, the slowest part of `make install`.
OPT="-DNDEBUG -g1 -O1" CC=clang CXX=clang++ build_cpython "$SRCDIR" "$prefix" "$logdir" --disable-gil --with-thread-sanitizer --disable-test-modules
mkdir -p "$prefix/share/tsan"
cp "$SRCDIR"/Tools/tsan/suppressions*.txt "$prefix/share/tsan/" 2>/dev/null || log "warning: no Tools/tsan suppressions in the source"

py="$prefix/bin/python${CPY_MINOR}t"
is_free_threaded "$py" || { rm -rf "$prefix"; die "built interpreter has the GIL enabled"; }
"$py" -c 'import sysconfig, sys; sys.exit(0 if "-fsanitize=thread" in sysconfig.get_config_var("CONFIG_ARGS") + sysconfig.get_config_var("PY_CFLAGS") else 1)' ||
	log "warning: -fsanitize=thread not found in the build's flags"
log "ready: $py"
echo "$py"
