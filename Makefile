# Peregrine — the two commands that matter: `make run` and `make test`. Both install what is
# missing (from Debian's apt only), configure and build first.
BUILD_DIR     ?= build
ASAN_DIR      ?= build-asan
FUZZ_DIR      ?= build-fuzz
FUZZ_SECONDS  ?= 60
CMAKE_FLAGS   ?=
RUN_ARGS      ?=

.PHONY: all deps configure build run test unit-test live-test fuzz asan-test bench format clean

all: build

deps:
	@tools/install_deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR)

# Starts the daemon live with the project's default rules.
run: build
	$(BUILD_DIR)/tools/peregrine/peregrine -r rules/ $(RUN_ARGS)

# Every test: unit suites (in parallel), live kernel suites (one at a time: they load the probe),
# then a bounded run of every fuzz target.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 600 -j2 -LE live
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 600 -L live
	@$(MAKE) --no-print-directory fuzz

unit-test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit

live-test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L live

# libFuzzer targets, built with clang in their own tree, each run for FUZZ_SECONDS.
fuzz: deps
	@CC=clang-19 CXX=clang++-19 cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPEREGRINE_FUZZ=ON -DPEREGRINE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) --target fuzzers
	@tools/run_fuzzers.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

asan-test: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPEREGRINE_SANITIZE=ON \
	  -DPEREGRINE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR)
	cd $(ASAN_DIR) && ctest --output-on-failure -L unit

# The standard benchmark set (Google Benchmarks + every peregrine-bench scenario, ≤ 10 minutes):
# one table; results with the machine's facts in bench-results/<timestamp>.json (RESULTS=path).
bench: build
	@tools/run_bench.sh $(BUILD_DIR)

format:
	@git ls-files '*.h' '*.cc' '*.c' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
