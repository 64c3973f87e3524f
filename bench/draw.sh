#!/usr/bin/env bash
# Draw benchmark: the pure draw computation (roster check and sort, canonical
# form and SM3 digest, keys, selection, standards to inspect) at national
# scale - 3,400 draws over 100,000 units generated in memory, no storage -
# and its growth from 10k to 100k units (the per-unit time should stay flat).
#   bench/draw.sh BUILD_DIR [UNITS] [ROSTERS]
set -euo pipefail
build=${1:?build dir}; units=${2:-100000}; rosters=${3:-3400}
[ -x "$build/draw_bench" ] || cmake --build "$build" --target draw_bench >/dev/null
"$build/draw_bench" "$units" "$rosters" 2>/dev/null
