#!/usr/bin/env bash
# fuzz-all.sh FUZZTIME [PACKAGES...]: run every Go fuzz target (func FuzzXxx) of the given
# packages (default: ./capi and all under ./core/...) for FUZZTIME each. Fails on the first crasher; Go
# writes the failing input under testdata/fuzz/ of its package, where it stays as a regression
# seed once committed. Minimising a new interesting input may take Go up to 60 s by default, which
# overruns a short FUZZTIME and fails the run with "context deadline exceeded"; FUZZMINIMIZETIME
# (default 1s) bounds it.
set -euo pipefail
fuzztime=${1:-5s}
shift || true
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || mapfile -t pkgs < <(go list ./capi ./core/...)
count=0
for pkg in "${pkgs[@]}"; do
	targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true)
	for t in $targets; do
		echo "fuzz: $pkg $t ($fuzztime)"
		go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -fuzzminimizetime "${FUZZMINIMIZETIME:-1s}" "$pkg" >/tmp/fuzz-$$.log 2>&1 ||
			{ cat /tmp/fuzz-$$.log; rm -f /tmp/fuzz-$$.log; exit 1; }
		count=$((count + 1))
	done
done
rm -f /tmp/fuzz-$$.log
echo "fuzz: $count targets ran for $fuzztime each, no crashers"
