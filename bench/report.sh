#!/usr/bin/env bash
# Report benchmark on the nation data set (SQLite): the campaign summary of
# the national authority as JSON (goal: under 2 s) with its ratio to the
# single SQL aggregate behind the inspection figures, run by sqlite3 in the
# same run; the inspection list as XLSX at 100,000 rows (time, size, peak
# memory: constant_memory streams rows to disk); one filled form PDF (time,
# size).
#   bench/report.sh BUILD_DIR [ROWS]
# The data: `msup demo --scale nation` (kept in bench/out/nation-report.db
# between runs; delete it to rebuild), a national campaign, the draws of
# every certifying authority through `msup draw run`, inspections topped up
# to ROWS with SQL (one per further active standard, as if drawn), results,
# findings, rectifications and dispositions from tests/support/report_seed.sql.
set -euo pipefail
build=${1:?build dir}; rows=${2:-100000}
msup=$(realpath "$build/msup")
out=bench/out; mkdir -p "$out"
db=$out/nation-report.db
tmp=$(mktemp -d /tmp/msup-bench-report.XXXXXX); trap 'rm -rf "$tmp"' EXIT
export MSUP_DB="sqlite:$db" LANG=C.UTF-8
sql() { sqlite3 "$db" "$1"; }

# Each stage runs once; a rerun picks up where the data stops.
n_of() { sql "SELECT count(*) FROM $1" 2>/dev/null || echo 0; }
if [ ! -f "$db" ] || [ "$(n_of campaigns)" -eq 0 ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(date +%s.%N)
    "$msup" demo --scale nation --seed 1 >/dev/null
    t1=$(date +%s.%N)
    MSUP_TODAY=2021-05-01 "$msup" campaign create --name "2021年全国计量标准专项监督检查" --year 2021 \
        --authority 000000 >/dev/null
    printf 'report data (sqlite): demo nation %.0f s\n' "$(echo "$t1 - $t0" | bc)"
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
    printf 'report data (sqlite): %d draws through msup draw run, %.0f s: %d inspections\n' \
        "$(n_of draws)" "$(echo "$t2 - $t1" | bc)" "$(n_of inspections)"
fi
if [ "$(n_of findings)" -eq 0 ]; then
    t2=$(date +%s.%N)
    drawn=$(n_of inspections)
    # top up to ROWS inspections: further active standards, inspected by the
    # authority that certified them, within that authority's active draw
    sql "CREATE TEMP TABLE inspected AS SELECT standard_id AS id FROM inspection_standards;
         CREATE UNIQUE INDEX temp.inspected_id ON inspected(id);
         INSERT INTO inspections (campaign_id, draw_id, authority_id, kind, unit_id, checklist_code,
           checklist_version, status, visit_group, created_at, updated_at)
         SELECT 1, d.id, s.cert_authority_id, 'standard', s.unit_id, 'A1', 1, 'planned', 1000000 + s.id,
           '2021-06-15T00:00:00Z', '2021-06-15T00:00:00Z'
         FROM standards s JOIN draws d ON d.authority_id = s.cert_authority_id AND d.campaign_id = 1
           AND d.kind = 'units' AND d.status = 'active'
         WHERE s.status = 'active' AND s.id NOT IN (SELECT id FROM inspected)
         ORDER BY s.id LIMIT max(0, $rows - $drawn);
         INSERT INTO inspection_standards (inspection_id, standard_id)
         SELECT i.id, i.visit_group - 1000000 FROM inspections i WHERE i.visit_group > 1000000;"
    sqlite3 "$db" <tests/support/report_seed.sql
    t3=$(date +%s.%N)
    printf 'report data (sqlite): topped up to %d inspections (%d drawn), results seeded in %.0f s: %d findings\n' \
        "$(n_of inspections)" "$drawn" "$(echo "$t3 - $t2" | bc)" "$(n_of findings)"
fi
export MSUP_TODAY=2021-09-20

# best of N runs of a command: "wall cpu" in seconds (cpu = user + sys; the
# machine is shared, so wall time waits for the CPU); output is dropped
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

# ---- summary JSON of the national authority, and the aggregate behind it ----
read -r sum_w sum_c < <(best 3 "$msup" report summary --campaign 1 -o "$tmp/s.json")
# the top risk units are GET /api/v1/risk's ranking (service/cases): timed alone
read -r risk_w risk_c < <(best 3 "$msup" risk --authority 000000 --limit 10)
path=$(sql "SELECT path FROM authorities WHERE code = '000000'")
agg="SELECT i.status, i.kind, count(*) FROM inspections i JOIN authorities ia ON ia.id = i.authority_id
     WHERE i.campaign_id = 1 AND ia.path LIKE '$path%' GROUP BY i.status, i.kind;"
read -r agg_w agg_c < <(best 3 sqlite3 "$db" "$agg")
printf 'summary JSON, national authority (%s inspections, %s findings, %s standards in scope): %.2f s wall, %.2f s CPU (goal < 2 s)\n' \
    "$(jq -r .inspections.total "$tmp/s.json")" "$(jq -r .rectification.findings "$tmp/s.json")" \
    "$(jq -r .scope.standards "$tmp/s.json")" "$sum_w" "$sum_c"
printf '  of which the top-10 risk ranking (msup risk alone): %.2f s wall, %.2f s CPU; the figures: ~%.2f s CPU\n' \
    "$risk_w" "$risk_c" "$(echo "$sum_c - $risk_c" | bc)"
printf '  the status x kind aggregate alone (sqlite3, same run): %.3f s wall, %.3f s CPU; ratio summary/aggregate %.1f (wall), %.1f (CPU)\n' \
    "$agg_w" "$agg_c" "$(echo "$sum_w / $agg_w" | bc -l)" "$(echo "$sum_c / ($agg_c + 0.001)" | bc -l)"

# ---- XLSX of the inspection list ----
/usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$msup" report inspections --campaign 1 --format xlsx -o "$tmp/i.xlsx"
read -r secs kb us ss <"$tmp/time"
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
