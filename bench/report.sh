#!/usr/bin/env bash
# Report benchmark on the nation data set (SQLite): the campaign summary of
# the national authority as JSON (goal: under 2 s) with its ratio to the
# single SQL aggregate behind the inspection figures, run by sqlite3 in the
# same run; the inspection list as XLSX at 100,000 rows (time, size, peak
# memory: constant_memory streams rows to disk); one filled form PDF (time,
# size).
#   bench/report.sh BUILD_DIR [ROWS]
# REPORT_UNITS=N builds the data from `msup demo --scale nation --units N`
# instead (kept in bench/out/nation-report-N.db); BENCH_PG_URL runs it all on
# PostgreSQL (a database of the throwaway cluster, rebuilt each run) and adds
# the cluster's CPU time to msup's (bench/lib.sh). References in the same
# run: the XLSX list written from msup's CSV of the same list by
# bench/ref_xlsx (libxlsxwriter, constant_memory, no query, no formats), the
# PDFs' text (pdftotext -layout) drawn by bench/ref_pdf (cairo, same font,
# one line at a time, no layout).
# The data: `msup demo --scale nation` (kept in bench/out/nation-report.db
# between runs; delete it to rebuild), a national campaign, the draws of
# every certifying authority through `msup draw run`, inspections topped up
# to ROWS with SQL (one per further active standard, as if drawn), results,
# findings, rectifications and dispositions from tests/support/report_seed.sql.
set -euo pipefail
build=${1:?build dir}; rows=${2:-100000}
. "$(dirname "$0")/lib.sh"
units=${REPORT_UNITS:-}
msup=$(realpath "$build/msup")
out=bench/out; mkdir -p "$out"
db=$out/nation-report${units:+-$units}.db
backend=$(bench_backend)
url="sqlite:$db"
[ "$backend" = pg ] && url=${BENCH_PG_URL/\/postgres\?/\/msup_bench_report_${units:-nation}?}
tmp=$(mktemp -d /tmp/msup-bench-report.XXXXXX); trap 'rm -rf "$tmp"' EXIT
export MSUP_DB=$url LANG=C.UTF-8
sql() { bench_sql "$url" "$1"; }

# Each stage runs once; a rerun picks up where the data stops.
n_of() { sql "SELECT count(*) FROM $1" 2>/dev/null || echo 0; }
if { [ "$backend" = sqlite ] && [ ! -f "$db" ]; } || [ "$(n_of campaigns)" -eq 0 ]; then
    if [ "$backend" = sqlite ]; then rm -f "$db" "$db-wal" "$db-shm"; else bench_newdb "msup_bench_report_${units:-nation}" "$tmp" >/dev/null; fi
    t0=$(date +%s.%N)
    "$msup" demo --scale nation ${units:+--units "$units"} --seed 1 >/dev/null
    t1=$(date +%s.%N)
    MSUP_TODAY=2021-05-01 "$msup" campaign create --name "2021年全国计量标准专项监督检查" --year 2021 \
        --authority 000000 >/dev/null
    printf 'report data (%s): demo nation%s %.0f s\n' "$backend" "${units:+ --units $units}" "$(echo "$t1 - $t0" | bc)"
fi
if [ "$(sql "SELECT count(*) FROM draws WHERE kind = 'authorities'")" -eq 0 ]; then
    t1=$(date +%s.%N)
    # every authority that certified an active standard draws its units
    sql "SELECT a.code FROM authorities a WHERE EXISTS (SELECT 1 FROM standards s
         WHERE s.cert_authority_id = a.id AND s.status = 'active')
         AND NOT EXISTS (SELECT 1 FROM draws d WHERE d.authority_id = a.id) ORDER BY a.code" >"$tmp/auths"
    while read -r a; do
        MSUP_TODAY=2021-06-15 "$msup" draw run --campaign 1 --authority "$a" --kind units --seed "2021-06-15 $a" >/dev/null
    done <"$tmp/auths"
    MSUP_TODAY=2021-06-15 "$msup" draw run --campaign 1 --authority 000000 --kind authorities --seed "2021-06-15 省局" >/dev/null
    t2=$(date +%s.%N)
    printf "report data ($backend): %d draws through msup draw run, %.0f s: %d inspections\n" \
        "$(n_of draws)" "$(echo "$t2 - $t1" | bc)" "$(n_of inspections)"
fi
if [ "$(n_of findings)" -eq 0 ]; then
    t2=$(date +%s.%N)
    drawn=$(n_of inspections)
    lim=$((rows > drawn ? rows - drawn : 0))
    # top up to ROWS inspections: further active standards, inspected by the
    # authority that certified them, within that authority's active draw
    sql "CREATE TEMP TABLE inspected AS SELECT standard_id AS id FROM inspection_standards;
         CREATE UNIQUE INDEX inspected_id ON inspected(id);
         INSERT INTO inspections (campaign_id, draw_id, authority_id, kind, unit_id, checklist_code,
           checklist_version, status, visit_group, created_at, updated_at)
         SELECT 1, d.id, s.cert_authority_id, 'standard', s.unit_id, 'A1', 1, 'planned', 1000000 + s.id,
           '2021-06-15T00:00:00Z', '2021-06-15T00:00:00Z'
         FROM standards s JOIN draws d ON d.authority_id = s.cert_authority_id AND d.campaign_id = 1
           AND d.kind = 'units' AND d.status = 'active'
         WHERE s.status = 'active' AND s.id NOT IN (SELECT id FROM inspected)
         ORDER BY s.id LIMIT $lim;
         INSERT INTO inspection_standards (inspection_id, standard_id)
         SELECT i.id, i.visit_group - 1000000 FROM inspections i WHERE i.visit_group > 1000000;"
    bench_sqlfile "$url" <tests/support/report_seed.sql
    t3=$(date +%s.%N)
    printf "report data ($backend): topped up to %d inspections (%d drawn), results seeded in %.0f s: %d findings\n" \
        "$(n_of inspections)" "$drawn" "$(echo "$t3 - $t2" | bc)" "$(n_of findings)"
fi
export MSUP_TODAY=2021-09-20

# best of N runs of a command: "wall cpu" in seconds (cpu = user + sys; the
# machine is shared, so wall time waits for the CPU); output is dropped
best() {
    local n=$1 bw=999999 bc=0 w u sy p0 p1
    shift
    for _ in $(seq "$n"); do
        p0=$(bench_pg_ticks)
        /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
        p1=$(bench_pg_ticks)
        read -r w u sy <"$tmp/t"
        if [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; bc=$(echo "$u + $sy + ($p1 - $p0) / $(getconf CLK_TCK)" | bc -l); fi
    done
    echo "$bw $bc"
}

# ---- summary JSON of the national authority, and the aggregate behind it ----
read -r sum_w sum_c < <(best 3 "$msup" report summary --campaign 1 -o "$tmp/s.json")
# the top risk units are GET /api/v1/risk's ranking (service/cases): timed alone
read -r risk_w risk_c < <(best 3 "$msup" risk --authority 000000 --limit 10)
# the national campaign's self-check overview (GET /campaigns/1/selfchecks):
# before migration 014 its per-unit EXISTS walked every active standard
read -r ov_w ov_c < <(best 3 "$msup" campaign show 1)
path=$(sql "SELECT path FROM authorities WHERE code = '000000'")
agg="SELECT i.status, i.kind, count(*) FROM inspections i JOIN authorities ia ON ia.id = i.authority_id
     WHERE i.campaign_id = 1 AND ia.path LIKE '$path%' GROUP BY i.status, i.kind;"
if [ "$backend" = sqlite ]; then
    read -r agg_w agg_c < <(best 3 sqlite3 "$db" "$agg")
else
    read -r agg_w agg_c < <(best 3 psql "$url" -qAt -c "$agg")
fi
printf 'summary JSON, national authority (%s inspections, %s findings, %s standards in scope): %.2f s wall, %.2f s CPU (goal < 2 s)\n' \
    "$(jq -r .inspections.total "$tmp/s.json")" "$(jq -r .rectification.findings "$tmp/s.json")" \
    "$(jq -r .scope.standards "$tmp/s.json")" "$sum_w" "$sum_c"
printf '  of which the top-10 risk ranking (msup risk alone): %.2f s wall, %.2f s CPU; the figures: ~%.2f s CPU\n' \
    "$risk_w" "$risk_c" "$(echo "$sum_c - $risk_c" | bc)"
printf 'self-check overview of the national campaign (msup campaign show 1): %.2f s wall, %.2f s CPU\n' \
    "$ov_w" "$ov_c"
printf '  the status x kind aggregate alone (sqlite3 or psql, same run): %.3f s wall, %.3f s CPU; ratio summary/aggregate %.1f (wall), %.1f (CPU)\n' \
    "$agg_w" "$agg_c" "$(echo "$sum_w / $agg_w" | bc -l)" "$(echo "$sum_c / ($agg_c + 0.001)" | bc -l)"

# ---- XLSX of the inspection list ----
p0=$(bench_pg_ticks)
/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$msup" report inspections --campaign 1 --format xlsx -o "$tmp/i.xlsx"
p1=$(bench_pg_ticks)
read -r secs kb us ss <"$tmp/time"
ss=$(echo "$ss + ($p1 - $p0) / $(getconf CLK_TCK)" | bc -l) # the cluster's share, on PostgreSQL
x_c=$(echo "$us + $ss" | bc -l)
n=$(( $(unzip -p "$tmp/i.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l) - 1 ))
printf 'inspection list XLSX: %d rows in %.1f s wall, %.1f s CPU, %.1f MiB file, peak RSS %.0f MiB (constant_memory)\n' \
    "$n" "$secs" "$(echo "$us + $ss" | bc)" "$(echo "$(stat -c %s "$tmp/i.xlsx") / 1048576" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
/usr/bin/time -f '%e %M' -o "$tmp/time" "$msup" report summary --campaign 1 --format xlsx -o "$tmp/s.xlsx"
read -r secs kb <"$tmp/time"
printf 'summary XLSX (8 sheets incl. every inspection and finding): %.1f s, %.1f MiB, peak RSS %.0f MiB\n' \
    "$secs" "$(echo "$(stat -c %s "$tmp/s.xlsx") / 1048576" | bc -l)" "$(echo "$kb / 1024" | bc -l)"

# ---- one filled form PDF, and the summary PDF ----
id=$(sql "SELECT min(i.id) FROM inspections i JOIN evidence e ON e.inspection_id = i.id WHERE i.status = 'completed'")
read -r form_w form_c < <(best 3 "$msup" report form "$id" -o "$tmp/f.pdf")
printf 'filled form PDF (inspection %s, %s pages): %.2f s wall, %.2f s CPU, %.0f KiB\n' "$id" \
    "$(pdfinfo "$tmp/f.pdf" | awk '/^Pages:/ {print $2}')" "$form_w" "$form_c" \
    "$(echo "$(stat -c %s "$tmp/f.pdf") / 1024" | bc -l)"
read -r pdf_w pdf_c < <(best 1 "$msup" report summary --campaign 1 --format pdf -o "$tmp/s.pdf")
printf 'summary PDF (%s pages): %.2f s wall, %.2f s CPU, %.0f KiB\n' "$(pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ {print $2}')" \
    "$pdf_w" "$pdf_c" "$(echo "$(stat -c %s "$tmp/s.pdf") / 1024" | bc -l)"

# ---- references of the same run, and the lines of bench/run's table ----
"$msup" report inspections --campaign 1 --format csv -o "$tmp/i.csv"
[ -x "$build/ref_xlsx" ] || cmake --build "$build" --target ref_xlsx ref_pdf >/dev/null
read -r xr_w xr_c < <(best 3 "$build/ref_xlsx" "$tmp/i.csv" "$tmp/r.xlsx")
printf '  reference: the same %d rows x %d columns written by libxlsxwriter (bench/ref_xlsx, constant_memory): %.2f s wall, %.2f s CPU; ratio reference/msup (CPU) %.2f\n' \
    "$(( $("$build/ref_xlsx" "$tmp/i.csv" "$tmp/r.xlsx" | cut -d' ' -f1) - 1 ))" \
    "$("$build/ref_xlsx" "$tmp/i.csv" "$tmp/r.xlsx" | cut -d' ' -f2)" "$xr_w" "$xr_c" "$(echo "$xr_c / $x_c" | bc -l)"
pdftotext -layout "$tmp/f.pdf" "$tmp/f.txt"
pdftotext -layout "$tmp/s.pdf" "$tmp/s.txt"
read -r fr_w fr_c < <(best 3 "$build/ref_pdf" "$tmp/f.txt" "$tmp/rf.pdf")
read -r sr_w sr_c < <(best 3 "$build/ref_pdf" "$tmp/s.txt" "$tmp/rs.pdf")
printf '  reference: the text of the form (%s lines) drawn by cairo without layout (bench/ref_pdf): %.2f s wall, %.2f s CPU; ratio %.2f\n' \
    "$(grep -c . "$tmp/f.txt")" "$fr_w" "$fr_c" "$(echo "$fr_c / $form_c" | bc -l)"
printf '  reference: the text of the summary PDF (%s lines) drawn the same way: %.2f s wall, %.2f s CPU; ratio %.2f\n' \
    "$(grep -c . "$tmp/s.txt")" "$sr_w" "$sr_c" "$(echo "$sr_c / $pdf_c" | bc -l)"
nu=$(n_of units)
r2() { echo "$1" | bc -l | xargs printf '%.3f'; }
bench_result summary "$nu" unit "$(r2 "$sum_c")" "$(r2 "$agg_c")" "$(r2 "$agg_c / $sum_c")"
bench_result risk "$nu" unit "$(r2 "$risk_c")" - -
bench_result selfcheck-overview "$nu" unit "$(r2 "$ov_c")" - -
bench_result xlsx-list "$n" unit "$(r2 "$x_c")" "$(r2 "$xr_c")" "$(r2 "$xr_c / $x_c")"
bench_result pdf-form "$nu" op "$(r2 "$form_c")" "$(r2 "$fr_c")" "$(r2 "$fr_c / $form_c")"
bench_result pdf-summary "$nu" unit "$(r2 "$pdf_c")" "$(r2 "$sr_c")" "$(r2 "$sr_c / $pdf_c")"
