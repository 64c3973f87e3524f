# msup - the two commands of the README: `make run` and `make test`.
# Everything else here is a helper for them or for developers.

BUILD   ?= build
JOBS    ?= $(shell nproc)
MSUP    := $(BUILD)/msup
DB      ?= sqlite:var/msup.db
SCALE   ?= small

.PHONY: all bootstrap build run test test-unit fmt fmt-check bench clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: bootstrap $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

# Set up (packages, build, demo database on first run), then the main job.
run: build
	@mkdir -p var
	@if [ ! -f var/msup.db ]; then \
	  echo "Creating var/msup.db with the demo dataset ($(SCALE))..."; \
	  $(MSUP) --db $(DB) demo --scale $(SCALE) --seed 2021; \
	fi
	@$(MSUP) --db $(DB) registry summary
	@$(MSUP) --db $(DB) alerts --limit 20

test: build fmt-check
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-unit: build
	@cd $(BUILD) && ctest --output-on-failure -L unit

fmt:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c')

fmt-check:
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'bench/*.c') \
	  || { echo "make fmt-check: run 'make fmt'"; exit 1; }

bench: build
	@bench/run

clean:
	rm -rf $(BUILD)
