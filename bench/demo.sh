#!/usr/bin/env bash
# Demo generation benchmark: wall time and peak memory of `msup demo` at a
# scale, on SQLite (and on PostgreSQL when PG_URL is given).
#   bench/demo.sh BUILD_DIR [SCALE]
set -euo pipefail
build=${1:?build dir}; scale=${2:-nation}
out=$(mktemp -d /tmp/msup-bench-demo.XXXXXX); trap 'rm -rf "$out"' EXIT
/usr/bin/time -f '%e %M' -o "$out/time" "$build/msup" --db "sqlite:$out/d.db" demo --scale "$scale" --seed 1 >"$out/log"
read -r secs kb <"$out/time"
printf 'demo --scale %s (sqlite): %.1f s wall, peak RSS %.0f MiB; %s\n' "$scale" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(tail -n 1 "$out/log")"
