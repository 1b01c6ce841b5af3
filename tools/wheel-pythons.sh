#!/usr/bin/env bash
# wheel-pythons.sh PYTHON...: print "TAG PATH" for each interpreter a wheel is built for: the
# PYTHONs given, then every other CPython >= 3.11 on PATH (python3.11 .. python3.19 and their
# free-threaded "t" variants) that runs and can create venvs. TAG is the wheel's interpreter tag
# (cp311, cp313t, ...); an interpreter whose tag was already printed is skipped, so each tag
# appears once.
set -euo pipefail

tag_of() {
	"$1" -c 'import sys
if sys.implementation.name != "cpython" or sys.version_info < (3, 11): sys.exit(1)
ft = getattr(sys, "_is_gil_enabled", lambda: True)() is False
print("cp%d%d%s" % (sys.version_info[0], sys.version_info[1], "t" if ft else ""))' 2>/dev/null
}

seen=" "
emit() {
	local t
	t=$(tag_of "$1") || return 0
	case "$seen" in *" $t "*) return 0 ;; esac
	seen="$seen$t "
	echo "$t $1"
}

for py in "$@"; do
	case "$py" in */*) py=$(realpath -s "$py") ;; esac # absolute, but keep a venv's own symlink
	tag_of "$py" >/dev/null || { echo "wheel-pythons: $py is not a CPython >= 3.11" >&2; exit 1; }
	emit "$py"
done
for minor in 11 12 13 14 15 16 17 18 19; do
	for name in "python3.$minor" "python3.${minor}t"; do
		p=$(command -v "$name" 2>/dev/null) || continue
		t=$(tag_of "$p") || continue
		case "$seen" in *" $t "*) continue ;; esac
		if ! "$p" -c 'import ensurepip, venv' 2>/dev/null; then
			echo "wheel-pythons: skipping $p: it cannot create venvs (no ensurepip; e.g. Debian's python3-venv)" >&2
			continue
		fi
		emit "$p"
	done
done
