# shellcheck shell=bash
# Functions shared by provision-python-ft.sh and provision-python-tsan.sh: find a cached
# free-threaded CPython, fetch CPython's source package from Debian's archive, and build it.
# Source this file after setting LOG_NAME (the prefix of progress lines on stderr).

log() { echo "${LOG_NAME:-cpython}: $*" >&2; }
die() { log "error: $*"; exit 1; }

# tg_cache_dir prints the cache root (TENSOGRAM_FT_CACHE, else ~/.cache/tensogram-go).
tg_cache_dir() { echo "${TENSOGRAM_FT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tensogram-go}"; }

# is_free_threaded PY succeeds when PY runs with the GIL disabled.
is_free_threaded() {
	"$1" -c 'import sys; sys.exit(0 if hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled() else 1)' 2>/dev/null
}

# find_cached_python ROOT prints the first python3.14t/3.13t installed under ROOT/<version>/.
find_cached_python() {
	local p
	for p in "$1"/3.14*/bin/python3.14t "$1"/3.13*/bin/python3.13t; do
		if [ -x "$p" ] && is_free_threaded "$p"; then echo "$p"; return 0; fi
	done
	return 1
}

# install_build_deps [EXTRA_PKG...] installs CPython's build dependencies (and the extras).
install_build_deps() {
	command -v apt-get >/dev/null || die "no apt-get to install build dependencies; set TENSOGRAM_FT_PYTHON"
	local sudo="" pkg missing=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	for pkg in build-essential pkg-config xz-utils libssl-dev zlib1g-dev libffi-dev libbz2-dev \
		liblzma-dev libsqlite3-dev uuid-dev libreadline-dev libncurses-dev libgdbm-dev "$@"; do
		dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	log "installing build dependencies:$missing"
	$sudo apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >&2
}

# debian_archive_uri prints the archive URI the machine already uses (from apt's configuration).
debian_archive_uri() {
	local uri
	uri=$(apt-get indextargets --format '$(URI)' 2>/dev/null | grep -v -- '-security' | sed -n 's#^\(.*/debian\)/dists/.*#\1#p' | head -n1 || true)
	if [ -z "$uri" ]; then
		uri=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
			grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{for(i=2;i<=NF;i++) if ($i ~ /:\/\//) {print $i; break}}'; } \
			| grep -v -- '-security' | head -n1 || true)
	fi
	[ -n "$uri" ] || die "cannot find the Debian archive URI in apt's configuration"
	echo "$uri"
}

# fetch_cpython_source WORK downloads the newest python3.14 (then python3.13) source package
# that Debian's trixie/sid archive serves into WORK/src and unpacks it. It sets SRCDIR,
# CPY_VERSION (e.g. 3.13.5) and CPY_MINOR (e.g. 3.13).
fetch_cpython_source() {
	local work=$1 uri keyring opt="" pkg versions v up tarball=""
	uri=$(debian_archive_uri)
	log "Debian archive: $uri"
	mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/src"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$keyring" ] && opt="[signed-by=$keyring] "
	printf 'deb-src %s%s trixie main\ndeb-src %s%s sid main\n' "$opt" "$uri" "$opt" "$uri" >"$work/sources.list"
	local apt=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts"
		-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Sandbox::User=root")
	apt-get "${apt[@]}" update -qq >&2 || die "apt-get update of the source lists failed"
	for pkg in python3.14 python3.13; do
		versions=$(apt-cache "${apt[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV | uniq)
		for v in $versions; do
			log "trying $pkg=$v"
			if (cd "$work/src" && apt-get "${apt[@]}" source --download-only "$pkg=$v" >/dev/null 2>&1); then
				up=${v%%-*}
				tarball=$(ls "$work/src/${pkg}_${up}".orig.tar.* 2>/dev/null | head -n1)
				[ -n "$tarball" ] && { CPY_VERSION=$up; CPY_MINOR=${pkg#python}; break 2; }
			fi
			rm -f "$work/src"/*
		done
	done
	[ -n "$tarball" ] || die "no python3.14 or python3.13 source package could be downloaded"
	tar -xf "$tarball" -C "$work/src"
	SRCDIR=$(find "$work/src" -maxdepth 1 -mindepth 1 -type d | head -n1)
}

# build_cpython SRCDIR PREFIX LOGDIR CONFIGURE_ARG... configures, builds (make -j<cores>, no PGO,
# no test suite) and installs CPython into PREFIX; on failure it removes PREFIX and dies.
# Extra environment for configure and make (CC, TSAN_OPTIONS...) is inherited from the caller.
build_cpython() {
	local srcdir=$1 prefix=$2 logdir=$3 start
	shift 3
	rm -rf "$prefix"
	start=$(date +%s)
	(
		cd "$srcdir"
		./configure --prefix="$prefix" --with-ensurepip=install "$@" >"$logdir/configure.log" 2>&1 ||
			{ tail -30 "$logdir/configure.log" >&2; exit 1; }
		make -j"$(nproc)" >"$logdir/make.log" 2>&1 || { tail -40 "$logdir/make.log" >&2; exit 1; }
		make install >"$logdir/install.log" 2>&1 || { tail -40 "$logdir/install.log" >&2; exit 1; }
	) || { rm -rf "$prefix"; die "CPython build failed (logs in $logdir)"; }
	log "built in $(( $(date +%s) - start )) s"
}
