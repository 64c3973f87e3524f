#!/usr/bin/env bash
# Statistics benchmark: Algorithm A (ISO 13528 C.3, to 1e-9 relative) and the
# GB/T 4091 rule scan of a control chart on 1,000,000 points, each as a
# ratio to one pass that only sums the same data (the memory-bandwidth
# floor), measured in the same run; best of REPEATS.
#   bench/stats.sh BUILD_DIR [POINTS] [REPEATS]
set -euo pipefail
build=${1:?build dir}; points=${2:-1000000}; reps=${3:-5}
[ -x "$build/stats_bench" ] || cmake --build "$build" --target stats_bench >/dev/null
res=$("$build/stats_bench" "$points" "$reps")
echo "$res"
echo "$res" | awk -v n="$points" '
  /floor = one summing pass/ { for (i = 1; i <= NF; i++) if ($i == "ms") floor = $(i - 1) }
  /Algorithm A \(/ { for (i = 1; i <= NF; i++) if ($i == "ms") a = $(i - 1) }
  /rule scan/ { for (i = 1; i <= NF; i++) if ($i == "ms") r = $(i - 1) }
  END {
    printf "=> stats-algorithm-a %d op %s %s %.4f\n", n, a, floor, floor / a
    printf "=> stats-rule-scan %d op %s %s %.4f\n", n, r, floor, floor / r
  }'
