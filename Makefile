# tensogram-go — build, test and demo. On a fresh machine `make demo` and `make test` do all the
# set-up themselves (free-threaded CPython, venvs, Go modules, Debian -dev packages).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PYTHON   ?= python3
VENV     := .venv
VENV_FT  := .venv-ft
FUZZTIME ?= 5s
GO       ?= go
export GOFLAGS ?= -mod=readonly

.PHONY: all build go-build venvs install test go-test fuzz-smoke fuzz py-test wheel-check demo clean

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
## wheel check
test: go-test fuzz-smoke py-test wheel-check
	@echo "make test: all passed"

go-test:
	tools/ensure-apt.sh libaec-dev
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) vet -tags libaec ./core/...
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -tags libaec ./core/...
	$(GO) test -count=1 -race ./core/...

fuzz-smoke:
	tools/fuzz-all.sh $(FUZZTIME)

## fuzz: the long fuzz budget (FUZZTIME=5m make fuzz for more)
fuzz:
	tools/fuzz-all.sh $(if $(filter 5s,$(FUZZTIME)),60s,$(FUZZTIME))

py-test: install
	@for v in $(VENV) $(VENV_FT); do \
		echo "== pytest on $$v ($$($$v/bin/python -c 'import sys; print(sys.version.split()[0], "free-threaded" if getattr(sys, "_is_gil_enabled", lambda: True)() is False else "GIL")'))"; \
		$$v/bin/python -m pytest -q tests ; \
	done

wheel-check: venvs
	tools/check-wheel.sh $(VENV_FT)/bin/python

## demo: the main job, on the free-threaded interpreter
demo: install
	$(VENV_FT)/bin/python benchmarks/demo.py

clean:
	rm -rf build dist python/*.egg-info python/tensogram_go/*.so python/tensogram_go/_version.py
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV_FT)
