#!/usr/bin/env bash
# Demo generation benchmark: wall time, CPU time and peak memory of
# `msup demo` at a scale (DEMO_UNITS=N for `--units N`), on SQLite or, with
# BENCH_PG_URL, on PostgreSQL; against a reference in the same run: the same
# rows copied by the database itself, set-based, into empty tables with the
# same schema and indexes (SQLite: INSERT INTO ... SELECT from the generated
# file ATTACHed, into a fresh `msup init` database; PostgreSQL: INSERT INTO
# ... SELECT into CREATE TABLE ... (LIKE ... INCLUDING ALL) copies), one
# transaction, no foreign-key checks: the cost of storing the rows, without
# generating them. Ratio = reference / msup (1 = msup adds nothing).
#   bench/demo.sh BUILD_DIR [SCALE]
set -euo pipefail
build=${1:?build dir}; scale=${2:-nation}; units=${DEMO_UNITS:-}
. "$(dirname "$0")/lib.sh"
msup=$(realpath "$build/msup")
out=$(mktemp -d /tmp/msup-bench-demo.XXXXXX)
chmod 755 "$out"
db=$(bench_newdb msup_bench_demo "$out")
ref=
trap 'bench_dropdb "$db"; [ -n "$ref" ] && bench_dropdb "$ref"; rm -rf "$out"' EXIT
backend=$(bench_backend)
/usr/bin/time -f '%e %M %U %S' -o "$out/time" "$msup" --db "$db" demo --scale "$scale" \
    ${units:+--units "$units"} --seed 1 >"$out/log"
read -r secs kb us ss <"$out/time"
n=$(bench_sql "$db" "SELECT count(*) FROM units")
rows=$(awk -F': ' 'NR >= 4 && NR <= 12 {s += $2} END {print s}' "$out/log")
if [ "$backend" = sqlite ]; then
    ref=$(bench_newdb msup_bench_demo_ref "$out")
    "$msup" --db "$ref" init >/dev/null
    f=${db#sqlite:}
    tables=$(sqlite3 "$f" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    sql="PRAGMA cache_size=-65536; ATTACH '$f' AS g; BEGIN;"
    for t in $tables; do
        [ "$(sqlite3 "${ref#sqlite:}" "SELECT count(*) FROM \"$t\"")" -eq 0 ] || continue
        sql+=" INSERT INTO main.\"$t\" SELECT * FROM g.\"$t\";"
    done
    sql+=" COMMIT;"
    t0=$(date +%s.%N)
    sqlite3 "${ref#sqlite:}" "$sql"
    t1=$(date +%s.%N)
else
    tables=$(bench_sql "$db" "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    sql="CREATE SCHEMA ref;"
    ins="BEGIN;"
    for t in $tables; do
        sql+=" CREATE TABLE ref.\"$t\" (LIKE public.\"$t\" INCLUDING ALL);"
        ins+=" INSERT INTO ref.\"$t\" SELECT * FROM public.\"$t\";"
    done
    bench_sql "$db" "$sql"
    t0=$(date +%s.%N)
    psql "$db" -qAt -v ON_ERROR_STOP=1 -c "$ins COMMIT;"
    t1=$(date +%s.%N)
fi
refs=$(echo "$t1 - $t0" | bc -l)
printf 'demo --scale %s%s (%s): %d units, %d rows, %.1f s wall, %.1f s CPU, peak RSS %.0f MiB; reference copy of the same rows %.1f s; ratio %.2f\n' \
    "$scale" "${units:+ --units $units}" "$backend" "$n" "$rows" "$secs" "$(echo "$us + $ss" | bc)" \
    "$(echo "$kb / 1024" | bc -l)" "$refs" "$(echo "$refs / $secs" | bc -l)"
bench_result demo "$n" unit "$secs" "$refs" "$(echo "$refs / $secs" | bc -l | xargs printf '%.2f')"
