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

log() { echo "provision-python-ft: $*" >&2; }
die() { log "error: $*"; exit 1; }

cache=${TENSOGRAM_FT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tensogram-go}
prefix_root="$cache/python-ft"

is_free_threaded() {
	"$1" -c 'import sys; sys.exit(0 if hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled() else 1)' 2>/dev/null
}

if [ -n "${TENSOGRAM_FT_PYTHON:-}" ]; then
	is_free_threaded "$TENSOGRAM_FT_PYTHON" || die "$TENSOGRAM_FT_PYTHON is not a free-threaded interpreter"
	echo "$TENSOGRAM_FT_PYTHON"; exit 0
fi

for name in python3.14t python3.13t; do
	if p=$(command -v "$name" 2>/dev/null) && is_free_threaded "$p"; then
		log "using $p from PATH"; echo "$p"; exit 0
	fi
done

for p in "$prefix_root"/3.14*/bin/python3.14t "$prefix_root"/3.13*/bin/python3.13t; do
	if [ -x "$p" ] && is_free_threaded "$p"; then
		log "using cached $p"; echo "$p"; exit 0
	fi
done

# --- build one ---------------------------------------------------------------------------
command -v apt-get >/dev/null || die "no free-threaded python on PATH and no apt-get to fetch sources; set TENSOGRAM_FT_PYTHON"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

build_deps="build-essential pkg-config xz-utils libssl-dev zlib1g-dev libffi-dev libbz2-dev liblzma-dev libsqlite3-dev uuid-dev libreadline-dev libncurses-dev libgdbm-dev"
missing=""
for pkg in $build_deps; do
	dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
	log "installing build dependencies:$missing"
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
fi

# The archive URI the machine already uses, read from apt's own configuration.
uri=$(apt-get indextargets --format '$(URI)' 2>/dev/null | grep -v -- '-security' | sed -n 's#^\(.*/debian\)/dists/.*#\1#p' | head -n1 || true)
if [ -z "$uri" ]; then
	uri=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
		grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{for(i=2;i<=NF;i++) if ($i ~ /:\/\//) {print $i; break}}'; } \
		| grep -v -- '-security' | head -n1 || true)
fi
[ -n "$uri" ] || die "cannot find the Debian archive URI in apt's configuration"
log "Debian archive: $uri"

work=$(mktemp -d "${TMPDIR:-/tmp}/tensogram-ft-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/src"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opt=""
[ -f "$keyring" ] && opt="[signed-by=$keyring] "
printf 'deb-src %s%s trixie main\ndeb-src %s%s sid main\n' "$opt" "$uri" "$opt" "$uri" >"$work/sources.list"
APT=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
	-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root")
apt-get "${APT[@]}" update -qq >&2 || die "apt-get update of the source lists failed"

tarball=""
for pkg in python3.14 python3.13; do
	versions=$(apt-cache "${APT[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV | uniq)
	for v in $versions; do
		log "trying $pkg=$v"
		if (cd "$work/src" && apt-get "${APT[@]}" source --download-only "$pkg=$v" >/dev/null 2>&1); then
			up=${v%%-*}
			tarball=$(ls "$work/src/${pkg}_${up}".orig.tar.* 2>/dev/null | head -n1)
			[ -n "$tarball" ] && { version=$up; minor=${pkg#python}; break 2; }
		fi
		rm -f "$work/src"/*
	done
done
[ -n "$tarball" ] || die "no python3.14 or python3.13 source package could be downloaded"

log "building CPython $version with --disable-gil (a few minutes)"
tar -xf "$tarball" -C "$work/src"
srcdir=$(find "$work/src" -maxdepth 1 -mindepth 1 -type d | head -n1)
prefix="$prefix_root/$version"
rm -rf "$prefix"
start=$(date +%s)
(
	cd "$srcdir"
	./configure --disable-gil --prefix="$prefix" --with-ensurepip=install >"$work/configure.log" 2>&1 ||
		{ tail -30 "$work/configure.log" >&2; exit 1; }
	make -j"$(nproc)" >"$work/make.log" 2>&1 || { tail -40 "$work/make.log" >&2; exit 1; }
	make install >"$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; exit 1; }
) || { rm -rf "$prefix"; die "CPython build failed"; }
log "built in $(( $(date +%s) - start )) s"

py="$prefix/bin/python${minor}t"
is_free_threaded "$py" || { rm -rf "$prefix"; die "built interpreter has the GIL enabled"; }
"$py" -c 'import ssl, zlib, ctypes, bz2, lzma, sqlite3' >&2 || die "built interpreter lacks a standard module"
log "ready: $py"
echo "$py"
