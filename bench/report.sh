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

if [ ! -f "$db" ] || [ "$(sql "SELECT count(*) FROM inspections" 2>/dev/null || echo 0)" -lt "$rows" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    t0=$(date +%s.%N)
    "$msup" demo --scale nation --seed 1 >/dev/null
    t1=$(date +%s.%N)
    MSUP_TODAY=2021-05-01 "$msup" campaign create --name "2021年全国计量标准专项监督检查" --year 2021 \
        --authority 000000 >/dev/null
    # every authority that certified an active standard draws its units
    sql "SELECT DISTINCT a.code FROM standards s JOIN authorities a ON a.id = s.cert_authority_id
         WHERE s.status = 'active' ORDER BY a.code" >"$tmp/auths"
    while read -r a; do
        MSUP_TODAY=2021-06-15 "$msup" draw run --campaign 1 --authority "$a" --kind units --seed "2021-06-15 $a" >/dev/null
    done <"$tmp/auths"
    MSUP_TODAY=2021-06-15 "$msup" draw run --campaign 1 --authority 000000 --kind authorities --seed "2021-06-15 省局" >/dev/null
    t2=$(date +%s.%N)
    drawn=$(sql "SELECT count(*) FROM inspections")
    # top up to ROWS inspections: further active standards, inspected by the
    # authority that certified them, within that authority's active draw
    sql "INSERT INTO inspections (campaign_id, draw_id, authority_id, kind, unit_id, checklist_code,
           checklist_version, status, visit_group, created_at, updated_at)
         SELECT 1, d.id, s.cert_authority_id, 'standard', s.unit_id, 'A1', 1, 'planned', 100000 + s.id,
           '2021-06-15T00:00:00Z', '2021-06-15T00:00:00Z'
         FROM standards s JOIN draws d ON d.authority_id = s.cert_authority_id AND d.campaign_id = 1
           AND d.kind = 'units' AND d.status = 'active'
         WHERE s.status = 'active' AND NOT EXISTS (SELECT 1 FROM inspection_standards x WHERE x.standard_id = s.id)
         ORDER BY s.id LIMIT max(0, $rows - $drawn);
         INSERT INTO inspection_standards (inspection_id, standard_id)
         SELECT i.id, i.visit_group - 100000 FROM inspections i WHERE i.visit_group > 100000;"
    sqlite3 "$db" <tests/support/report_seed.sql
    t3=$(date +%s.%N)
    printf 'report data (sqlite): demo %.0f s, %d draws %.0f s, seeding %.0f s: %d inspections (%d drawn), %d findings\n' \
        "$(echo "$t1 - $t0" | bc)" "$(sql "SELECT count(*) FROM draws")" "$(echo "$t2 - $t1" | bc)" \
        "$(echo "$t3 - $t2" | bc)" "$(sql "SELECT count(*) FROM inspections")" "$drawn" \
        "$(sql "SELECT count(*) FROM findings")"
fi
export MSUP_TODAY=2021-09-20

# best of N wall times (seconds) of a command; the last run's output is kept
best() {
    local n=$1 b=999999 t0 t1 d
    shift
    for _ in $(seq "$n"); do
        t0=$(date +%s.%N)
        "$@"
        t1=$(date +%s.%N)
        d=$(echo "$t1 - $t0" | bc)
        b=$(echo "if ($d < $b) $d else $b" | bc)
    done
    echo "$b"
}

# ---- summary JSON of the national authority, and the aggregate behind it ----
sum_s=$(best 3 "$msup" report summary --campaign 1 -o "$tmp/s.json")
path=$(sql "SELECT path FROM authorities WHERE code = '000000'")
agg="SELECT i.status, i.kind, count(*) FROM inspections i JOIN authorities ia ON ia.id = i.authority_id
     WHERE i.campaign_id = 1 AND ia.path LIKE '$path%' GROUP BY i.status, i.kind;"
agg_s=$(best 3 sh -c "sqlite3 '$db' \"$agg\" >/dev/null")
printf 'summary JSON, national authority (%s inspections, %s findings): %.2f s (goal < 2 s); the status x kind aggregate alone (sqlite3): %.3f s; ratio %.1f\n' \
    "$(jq -r .inspections.total "$tmp/s.json")" "$(jq -r .rectification.findings "$tmp/s.json")" \
    "$sum_s" "$agg_s" "$(echo "$sum_s / $agg_s" | bc -l)"

# ---- XLSX of the inspection list ----
/usr/bin/time -f '%e %M' -o "$tmp/time" "$msup" report inspections --campaign 1 --format xlsx -o "$tmp/i.xlsx"
read -r secs kb <"$tmp/time"
n=$(( $(unzip -p "$tmp/i.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l) - 1 ))
printf 'inspection list XLSX: %d rows in %.1f s, %.1f MiB file, peak RSS %.0f MiB (constant_memory)\n' \
    "$n" "$secs" "$(echo "$(stat -c %s "$tmp/i.xlsx") / 1048576" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
/usr/bin/time -f '%e %M' -o "$tmp/time" "$msup" report summary --campaign 1 --format xlsx -o "$tmp/s.xlsx"
read -r secs kb <"$tmp/time"
printf 'summary XLSX (8 sheets incl. every inspection and finding): %.1f s, %.1f MiB, peak RSS %.0f MiB\n' \
    "$secs" "$(echo "$(stat -c %s "$tmp/s.xlsx") / 1048576" | bc -l)" "$(echo "$kb / 1024" | bc -l)"

# ---- one filled form PDF, and the summary PDF ----
id=$(sql "SELECT min(i.id) FROM inspections i JOIN evidence e ON e.inspection_id = i.id WHERE i.status = 'completed'")
form_s=$(best 3 "$msup" report form "$id" -o "$tmp/f.pdf")
printf 'filled form PDF (inspection %s, %s pages): %.2f s, %.0f KiB\n' "$id" \
    "$(pdfinfo "$tmp/f.pdf" | awk '/^Pages:/ {print $2}')" "$form_s" "$(echo "$(stat -c %s "$tmp/f.pdf") / 1024" | bc -l)"
pdf_s=$(best 1 "$msup" report summary --campaign 1 --format pdf -o "$tmp/s.pdf")
printf 'summary PDF (%s pages): %.2f s, %.0f KiB\n' "$(pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ {print $2}')" \
    "$pdf_s" "$(echo "$(stat -c %s "$tmp/s.pdf") / 1024" | bc -l)"
