#!/usr/bin/env bash
# bench/fuzz.sh [BUILD [SECONDS [TARGET...]]] - long run of the libFuzzer targets of fuzz/
# (issue 9; all by default): each for SECONDS (default 600), nproc of them at a time, on a
# work corpus BUILD/fuzz-long/<name>/corpus seeded from fuzz/corpus/<name> and
# fuzz/regress/<name>. BUILD (default build-fuzz) is configured and built
# with clang and MSUP_FUZZ=ON. Prints per target: runs, execs/s, coverage
# (cov: edges, ft: features), corpus files and bytes, and the crash, leak,
# timeout and OOM files written, and its CPU time (user + system) (BUILD/fuzz-long/<name>/); a non-zero exit
# when any target found something. docs/fuzzing.md says how to reproduce and
# minimise what it found; bench/README.md "Fuzzing" records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
secs=${2:-600}
jobs=${FUZZ_JOBS:-$(nproc)}
targets=(tabin_csv tabin_xlsx json_body multipart sniff uscc certno roster)
[ $# -le 2 ] || targets=("${@:3}")

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMSUP_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null
work=$build/fuzz-long
mkdir -p "$work"

run_one() {
  local t=$1 dir=$work/$1 dict=""
  mkdir -p "$dir/corpus"
  [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    /usr/bin/time -f '%U %S' -o "$dir/time" "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/" $dict "$dir/corpus" \
    "fuzz/corpus/$t" $( [ -d "fuzz/regress/$t" ] && echo "fuzz/regress/$t") \
    >"$dir/log" 2>&1 || true
}
export -f run_one
export build secs work
echo "# fuzz: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "commit $(git rev-parse --short HEAD), ${secs}s per target, $jobs at a time"
start=$(date +%s)
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
echo "# wall $(($(date +%s) - start)) s, load after $(cut -d' ' -f1-3 /proc/loadavg)"

found=0
printf '%-11s %12s %8s %7s %7s %7s %7s %9s %s\n' target cpu_s runs exec/s cov ft corpus bytes findings
for t in "${targets[@]}"; do
  dir=$work/$t log=$work/$t/log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  files=$(find "$dir/corpus" -type f | wc -l)
  bytes=$(du -sb "$dir/corpus" | cut -f1)
  finds=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
  cpu=$(awk 'END { printf "%.0f", $1 + $2 }' "$dir/time" 2>/dev/null || echo '?')
  [ "$finds" -eq 0 ] || found=1
  printf '%-11s %12s %8s %7s %7s %7s %7s %9s %s\n' "$t" "$cpu" "${runs:-?}" "${eps:-?}" "${cov:-?}" \
    "${ft:-?}" "$files" "$bytes" "$finds"
done
exit $found
