#!/usr/bin/env bash
# The summary benchmark of bench/report.sh on PostgreSQL: the same nation
# data set, copied row for row from the SQLite file bench/report.sh builds
# (bench/out/nation-report.db; run that first) into a database "nation" of
# a throwaway cluster (scripts/pg-cluster, fsync off), then the summary JSON
# of the national authority, the top-10 risk ranking alone, and the status
# x kind aggregate run by psql, each best of 3.
#   bench/report_pg.sh BUILD_DIR [PG_STATE_DIR]
# The cluster is started in PG_STATE_DIR (default /tmp/msup-bench-pg) and
# stopped at the end; the copy takes a few minutes (10 on a loaded 2 vCPU).
set -euo pipefail
build=${1:?build dir}; state=${2:-/tmp/msup-bench-pg}
msup=$(realpath "$build/msup")
src=bench/out/nation-report.db
[ -f "$src" ] || { echo "report_pg: run bench/report.sh $build first" >&2; exit 1; }
tmp=$(mktemp -d /tmp/msup-bench-report-pg.XXXXXX)
scripts/pg-cluster start "$state" >/dev/null
# MSUP_BENCH_PG_KEEP=1 leaves the cluster running (to look at query plans)
trap '[ -n "${MSUP_BENCH_PG_KEEP:-}" ] || scripts/pg-cluster stop "$state" >/dev/null; rm -rf "$tmp"' EXIT
base=$(scripts/pg-cluster url "$state")
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql "$base" -c "CREATE DATABASE nation"
url=${base/\/postgres\?//nation?}
export MSUP_DB=$url LANG=C.UTF-8

t0=$(date +%s.%N)
"$msup" init >/dev/null
# every table but the migrations, in the column order of the SQLite file,
# NULL as \N; the identities are moved past the copied ids
tables=$(sqlite3 "$src" "SELECT name FROM sqlite_master WHERE type = 'table'
          AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
# triggers (foreign keys, the append-only audit) are off during the copy
for t in $tables; do psql "$url" -c "ALTER TABLE $t DISABLE TRIGGER ALL"; done
psql "$url" -c "TRUNCATE $(echo $tables | tr ' ' ',')"
for t in $tables; do
    cols=$(sqlite3 "$src" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
    sqlite3 -csv -nullvalue '\N' "$src" "SELECT * FROM $t" >"$tmp/t.csv"
    psql "$url" -c "\\copy $t ($cols) FROM '$tmp/t.csv' WITH (FORMAT csv, NULL '\\N')"
    if sqlite3 "$src" "SELECT 1 FROM pragma_table_info('$t') WHERE name = 'id' AND pk = 1" | grep -q 1; then
        psql "$url" -c "SELECT setval(pg_get_serial_sequence('$t', 'id'), coalesce(max(id), 1)) FROM $t" >/dev/null
    fi
done
for t in $tables; do psql "$url" -c "ALTER TABLE $t ENABLE TRIGGER ALL"; done
psql "$url" -c "VACUUM ANALYZE"
t1=$(date +%s.%N)
printf 'report data (pg): copied from %s in %.0f s: %s inspections, %s answers\n' "$src" \
    "$(echo "$t1 - $t0" | bc)" "$(psql "$url" -At -c "SELECT count(*) FROM inspections")" \
    "$(psql "$url" -At -c "SELECT count(*) FROM inspection_results")"
export MSUP_TODAY=2021-09-20

best() {
    local n=$1 bw=999999 bc=0 w u sy
    shift
    for _ in $(seq "$n"); do
        /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
        read -r w u sy <"$tmp/t"
        if [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; bc=$(echo "$u + $sy" | bc); fi
    done
    echo "$bw $bc"
}
# the server's CPU is not in the client's user + sys: report wall time
read -r sum_w sum_c < <(best 3 "$msup" report summary --campaign 1 -o "$tmp/s.json")
read -r risk_w risk_c < <(best 3 "$msup" risk --authority 000000 --limit 10)
path=$(psql "$url" -At -c "SELECT path FROM authorities WHERE code = '000000'")
agg="SELECT i.status, i.kind, count(*) FROM inspections i JOIN authorities ia ON ia.id = i.authority_id
     WHERE i.campaign_id = 1 AND ia.path LIKE '$path%' GROUP BY i.status, i.kind;"
read -r agg_w agg_c < <(best 3 psql -X -q "$url" -c "$agg")
printf 'summary JSON on PostgreSQL, national authority (%s inspections, %s findings): %.2f s wall (client CPU %.2f s)\n' \
    "$(jq -r .inspections.total "$tmp/s.json")" "$(jq -r .rectification.findings "$tmp/s.json")" "$sum_w" "$sum_c"
printf '  of which the top-10 risk ranking (msup risk alone): %.2f s wall\n' "$risk_w"
printf '  the status x kind aggregate alone (psql, same run): %.3f s wall; ratio summary/aggregate %.1f (wall)\n' \
    "$agg_w" "$(echo "$sum_w / $agg_w" | bc -l)"
