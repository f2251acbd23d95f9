# Plasticity. GNU make; needs only Go (and, for make test, node, chromium and
# curl, which fetches axe-core: .ci/run installs them).
#
#   make run     build, then serve http://127.0.0.1:8000
#   make dev     build without compression, serve with no caching
#   make test    formatting, vet, import guard, tests (native, WASM in node
#                with -short: the minutes-long learning tasks run natively,
#                and the digest test checks WASM computes the same numbers;
#                browser), a short fuzz run of each link parser (FUZZTIME)
#   make bench   benchmarks: native, WASM in node, in the browser, and the
#                server under load
#   make clean

GO      ?= go
ADDR    ?= 127.0.0.1:8000
# FUZZTIME bounds each fuzz target's run in make test (make test
# FUZZTIME=3m for a longer search).
FUZZTIME ?= 5s
WASMENV := GOOS=js GOARCH=wasm
# A checkout owned by another user (CI runs as root) makes VCS stamping fail;
# nothing reads the stamp. gonum runs assembly on amd64 and arm64, whose sums
# round differently from its portable Go, which WebAssembly runs: noasm makes
# native builds and tests use the portable code too, so that `plasticity run`
# gives the browser's numbers bit for bit (core/run/doc.go).
export GOFLAGS ?= -buildvcs=false -tags=noasm
# The runner for WASM tests: go test -exec runs each test binary under node.
WASMEXEC = $(firstword $(wildcard $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec $(shell $(GO) env GOROOT)/misc/wasm/go_js_wasm_exec))

# axe-core, the accessibility audit the browser tests inject into the page
# (e2e_a11y_test.go). It is fetched from the npm registry (plain curl, so
# that no npm is needed), checked against its pinned SHA-256 and kept out
# of the repository in .cache/axe/.
AXE_VERSION := 4.10.2
AXE_SHA256  := 9ea2d2d6917da998122bdacfd3b473e31ead53f4b87146c716a12edf89158100
AXE         := .cache/axe/axe-core-$(AXE_VERSION).min.js

.DEFAULT_GOAL := build
.PHONY: build run dev test bench clean axe FORCE

build: bin/plasticity web/app.wasm.br web/worker.wasm.br

run: build
	bin/plasticity serve -addr $(ADDR)

dev: bin/plasticity web/app.wasm web/worker.wasm
	bin/plasticity serve -addr $(ADDR) -dev

# go build is quick when nothing changed (its cache decides), but it rewrites
# its output every time. Build to a temporary file and keep the old one when
# they are equal, so that app.wasm is compressed again only when it changed.
web/app.wasm: FORCE
	$(WASMENV) $(GO) build -o $@.tmp ./wasm
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# The training worker (issue 12): the core alone, no go-app.
web/worker.wasm: FORCE
	$(WASMENV) $(GO) build -o $@.tmp ./wasm/worker
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

web/worker.wasm.br: web/worker.wasm | bin/plasticity
	bin/plasticity compress web/worker.wasm

bin/plasticity: FORCE
	$(GO) build -o $@ .

# compress writes app.wasm.br and app.wasm.gz (brotli takes about 12 s).
web/app.wasm.br: web/app.wasm | bin/plasticity
	bin/plasticity compress web/app.wasm

test:
	@echo '== gofmt -l'; files="$$(gofmt -l .)"; \
	  if [ -n "$$files" ]; then echo "not gofmt-ed:"; echo "$$files"; exit 1; fi
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...
	@echo '== core import guard (native and js/wasm)'; \
	for env in "" "$(WASMENV)"; do \
	  deps="$$(env $$env $(GO) list -deps -test -f '{{if not .Standard}}{{.ImportPath}}: {{join .Imports " "}}{{end}}' ./core/...)" || exit 1; \
	  bad="$$(printf '%s\n' "$$deps" | grep -E '^(github\.com/maxence-charriere/go-app|plasticity/(app|components|wasm)([/: ]))')"; \
	  if [ -n "$$bad" ]; then echo "core must not depend on go-app, app/, components/ or wasm/ ($$env):"; echo "$$bad"; exit 1; fi; \
	  bad="$$(printf '%s\n' "$$deps" | grep -E ' syscall/js( |$$)')"; \
	  if [ -n "$$bad" ]; then echo "core must not import syscall/js, directly or through a non-standard package ($$env):"; echo "$$bad"; exit 1; fi; \
	done
	@$(MAKE) --no-print-directory axe || echo "could not fetch axe-core: the accessibility audit will be skipped (or fail, with E2E_REQUIRE_BROWSER=1)"
	AXE_JS=$(CURDIR)/$(AXE) $(GO) test ./...
	$(WASMENV) $(GO) build -o /dev/null ./wasm
	$(WASMENV) $(GO) build -o /dev/null ./wasm/worker
	@test -n "$(WASMEXEC)" || { echo "go_js_wasm_exec not found under $$($(GO) env GOROOT)"; exit 1; }
	@command -v node >/dev/null || { echo "node is needed to run the WASM tests (apt-get install nodejs)"; exit 1; }
	$(WASMENV) $(GO) test -short -exec "$(WASMEXEC)" ./core/...
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./core/run
	$(GO) test -run='^$$' -fuzz='^FuzzComparisonLink$$' -fuzztime=$(FUZZTIME) ./core/run
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeMessage$$' -fuzztime=$(FUZZTIME) ./core/run

axe: $(AXE)

$(AXE):
	@mkdir -p $(@D)
	curl -fsSL --retry 2 -o $@.tgz https://registry.npmjs.org/axe-core/-/axe-core-$(AXE_VERSION).tgz
	@echo "$(AXE_SHA256)  $@.tgz" | sha256sum -c --quiet - || { rm -f $@.tgz; echo "axe-core $(AXE_VERSION): checksum mismatch"; exit 1; }
	tar -xzOf $@.tgz package/axe.min.js > $@.tmp
	@rm -f $@.tgz
	@mv $@.tmp $@

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./core/...
	@command -v node >/dev/null || { echo "node is needed to run the WASM benchmarks (apt-get install nodejs)"; exit 1; }
	$(WASMENV) $(GO) test -exec "$(WASMEXEC)" -run='^$$' -bench=. -benchmem ./core/...
	BENCH_BROWSER=1 $(GO) test -run='^TestBrowser(Kernel|Worker)?Bench$$' -v -count=1 .
	$(GO) test -run='^$$' -bench='^BenchmarkServeLoad$$' -benchtime=1x -count=1 .

clean:
	rm -rf bin web/app.wasm web/app.wasm.br web/app.wasm.gz web/app.wasm.tmp \
	  web/worker.wasm web/worker.wasm.br web/worker.wasm.gz web/worker.wasm.tmp
