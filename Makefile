# msup - the two commands of the README: `make run` and `make test`.
# Everything else here is a helper for them or for developers.

BUILD   ?= build
JOBS    ?= $(shell nproc)
MSUP    := $(BUILD)/msup
DB      ?= sqlite:var/msup.db
SCALE   ?= small

.PHONY: all bootstrap build run test test-asan test-unit fmt fmt-check bench clean test-fuzz

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: bootstrap $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

LISTEN  ?= 127.0.0.1:8080
AS_OF   ?= 2021-03-01

# Set up (packages, build, demo database and accounts on first run), then
# serve. The demo registry is as of $(AS_OF), the start of the 2021 campaign.
run: build
	@mkdir -p var
	@if [ ! -f var/msup.db ]; then \
	  echo "Creating var/msup.db with the demo dataset ($(SCALE))..."; \
	  $(MSUP) --db $(DB) demo --scale $(SCALE) --seed 2021 --accounts var/demo-accounts.tsv; \
	fi
	@$(MSUP) --db $(DB) registry summary
	@$(MSUP) --db $(DB) alerts --as-of $(AS_OF) --limit 10
	@if [ -f var/demo-accounts.tsv ]; then \
	  echo; echo "演示账户 / demo accounts (var/demo-accounts.tsv):"; \
	  column -t -s "$$(printf '\t')" var/demo-accounts.tsv; \
	fi
	@echo; echo "msup: http://$(LISTEN)/  (Ctrl-C stops)"
	@exec $(MSUP) --db $(DB) serve --listen $(LISTEN)

# Every test, then the unit, store, CLI and API suites again on a build with
# the address and undefined-behaviour sanitizers (STYLE.md practice 12); the
# browser suites, the campaign scenario and the crash test (100 restarts, too
# slow under ASan) run once, on the normal build.
test: build fmt-check
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-fuzz

test-asan: bootstrap
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DMSUP_ASAN=ON >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS) >/dev/null
	@cd $(BUILD)-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS) \
	  -LE "web|scenario|crash"

# Fuzzing (issue 9): the libFuzzer targets of fuzz/ built with clang in
# $(BUILD)-fuzz and run for a few seconds each (ctest label fuzz; about
# 30 s in all). Long runs: bench/fuzz.sh. How to reproduce: docs/fuzzing.md.
test-fuzz: bootstrap
	@cmake -S . -B $(BUILD)-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DMSUP_FUZZ=ON >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz-all >/dev/null
	@cd $(BUILD)-fuzz && ctest --output-on-failure -j $(JOBS) -L '^fuzz$$'

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -L unit

fmt:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c' 'fuzz/*.[ch]')

fmt-check:
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c' 'fuzz/*.[ch]') \
	  || { echo "make fmt-check: run 'make fmt'"; exit 1; }

bench: build
	@bench/run

clean:
	rm -rf $(BUILD)

# Web UI (issue 8): npm ci when web/node_modules is missing or stale, then
# vite build into web/dist (skipped when nothing changed); build, run and
# test depend on it through build.
.PHONY: web
web: bootstrap
	@scripts/web-build
build: web
