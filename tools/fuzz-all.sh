#!/usr/bin/env bash
# fuzz-all.sh FUZZTIME [PACKAGES...]: run every Go fuzz target (func FuzzXxx) of the given
# packages (default: ./capi and all under ./core/... and ./cmd/...) for FUZZTIME each. Fails on the first crasher; Go
# writes the failing input under testdata/fuzz/ of its package, where it stays as a regression
# seed once committed. Minimising a new interesting input may take Go up to 60 s by default, which
# overruns a short FUZZTIME and fails the run with "context deadline exceeded"; FUZZMINIMIZETIME
# (default 1s) bounds it.
set -euo pipefail
fuzztime=${1:-5s}
shift || true
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || mapfile -t pkgs < <(go list ./capi ./core/... ./cmd/...)
count=0
flakes=0
for pkg in "${pkgs[@]}"; do
	targets=$(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true)
	for t in $targets; do
		echo "fuzz: $pkg $t ($fuzztime)"
		log=/tmp/fuzz-$$.log
		if ! go test -run '^$' -fuzz "^${t}\$" -fuzztime "$fuzztime" -fuzzminimizetime "${FUZZMINIMIZETIME:-1s}" "$pkg" >"$log" 2>&1; then
			# Go <= 1.26's fuzz coordinator can report a bare "context deadline exceeded" when
			# -fuzztime expires while a worker is mid-call (golang/go#75804, fixed in Go 1.27).
			# A real finding always writes a reproducer; without one, replay the corpus
			# deterministically and count the run as a tool flake only if that passes. (A target
			# stuck on one input would look the same; `make fuzz` runs each target for longer.)
			if grep -q 'context deadline exceeded' "$log" && ! grep -qE 'Failing input written|panic:' "$log" &&
				go test -count=1 -run "^${t}\$" "$pkg" >>"$log" 2>&1; then
				echo "fuzz: $pkg $t: Go's fuzz-deadline race (golang/go#75804), no finding; corpus replay passed"
				flakes=$((flakes + 1))
			else
				cat "$log"; rm -f "$log"; exit 1
			fi
		fi
		count=$((count + 1))
	done
done
rm -f /tmp/fuzz-$$.log
echo "fuzz: $count targets ran for $fuzztime each, no crashers ($flakes deadline-race reruns)"
