#!/usr/bin/env bash
# Print the path of a free-threaded CPython (3.14t or 3.13t), building one into a cache outside
# the checkout when none is on PATH. Progress goes to stderr; stdout is only the interpreter path.
#
# Order: python3.14t / python3.13t on PATH; then a previous build in the cache; else download
# the newest python3.14 (then python3.13) *source* package that Debian's archive serves (trixie
# and sid), configure it with --disable-gil and install it into the cache.
#
# Environment: TENSOGRAM_FT_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/tensogram-go),
# TENSOGRAM_FT_PYTHON (use this interpreter, skip all discovery).
set -euo pipefail
LOG_NAME=provision-python-ft
# shellcheck source=tools/cpython-source-lib.sh
. "$(dirname "$0")/cpython-source-lib.sh"

prefix_root="$(tg_cache_dir)/python-ft"

if [ -n "${TENSOGRAM_FT_PYTHON:-}" ]; then
	is_free_threaded "$TENSOGRAM_FT_PYTHON" || die "$TENSOGRAM_FT_PYTHON is not a free-threaded interpreter"
	echo "$TENSOGRAM_FT_PYTHON"; exit 0
fi

for name in python3.14t python3.13t; do
	if p=$(command -v "$name" 2>/dev/null) && is_free_threaded "$p"; then
		log "using $p from PATH"; echo "$p"; exit 0
	fi
done

if p=$(find_cached_python "$prefix_root"); then
	log "using cached $p"; echo "$p"; exit 0
fi

# --- build one ---------------------------------------------------------------------------
install_build_deps
work=$(mktemp -d "${TMPDIR:-/tmp}/tensogram-ft-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
fetch_cpython_source "$work"
log "building CPython $CPY_VERSION with --disable-gil (a few minutes)"
prefix="$prefix_root/$CPY_VERSION"
build_cpython "$SRCDIR" "$prefix" "$work" --disable-gil

py="$prefix/bin/python${CPY_MINOR}t"
is_free_threaded "$py" || { rm -rf "$prefix"; die "built interpreter has the GIL enabled"; }
"$py" -c 'import ssl, zlib, ctypes, bz2, lzma, sqlite3' >&2 || die "built interpreter lacks a standard module"
log "ready: $py"
echo "$py"
