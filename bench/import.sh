#!/usr/bin/env bash
# Import benchmark: N standard rows from CSV with `msup import`, against a
# plain load of the same rows into an identical copy of the same database,
# in the same run. SQLite: bench/ref_insert (a prepared-INSERT loop, one
# transaction). PostgreSQL (BENCH_PG_URL set): psql's \copy of the CSV into
# a temporary table and one INSERT ... SELECT joining the unit and
# authority codes (the database's own fastest path; the copy is made with
# CREATE DATABASE ... TEMPLATE).
#   bench/import.sh BUILD_DIR [ROWS]
set -euo pipefail
build=${1:?build dir}; rows=${2:-1000000}
. "$(dirname "$0")/lib.sh"
msup=$(realpath "$build/msup"); ref=$build/ref_insert
out=$(mktemp -d /tmp/msup-bench-import.XXXXXX)
chmod 755 "$out"
backend=$(bench_backend)
base=$(bench_newdb msup_bench_import "$out")
trap 'bench_dropdb "$base"; bench_dropdb "${base/msup_bench_import/msup_bench_import_b}"; rm -rf "$out"' EXIT
# A province registry to hang the standards on (5,000 units).
"$msup" --db "$base" demo --scale province --seed 7 >/dev/null
bench_sql "$base" "SELECT uscc FROM units ORDER BY id" >"$out/units.txt"
bench_sql "$base" "SELECT code FROM authorities WHERE level <> 'national' ORDER BY id" >"$out/auth.txt"
awk -v rows="$rows" '
  FNR == NR { u[n++] = $0; next }
  { a[m++] = $0 }
  END {
    split("01110100 04120300 12300100 15140200 23110500 25110100 28120100 33110200 37110100 46110300", codes, " ");
    split("social_public enterprise_highest department_highest", cats, " ");
    print "unit_uscc,name,code,category,measurement_range,uncertainty,cert_no,cert_authority_code,cert_issued_on,cert_expires_on,status,sectors";
    for (i = 0; i < rows; i++) {
      y = 2018 + i % 4; mo = 1 + i % 12; d = 1 + i % 28;
      printf "%s,基准测试计量标准装置%d,%s,%s,(0~100)mm,U=0.5μm (k=2),[%d]苏量标测证字第%07d号,%s,%d-%02d-%02d,%d-%02d-%02d,active,%s\n",
        u[i % n], i, codes[1 + i % 10], cats[1 + i % 3], y, i, a[i % m], y, mo, d, y + 4, mo, d, (i % 7 == 0 ? "food_safety" : "");
    }
  }' "$out/units.txt" "$out/auth.txt" >"$out/standards.csv"
if [ "$backend" = sqlite ]; then
  cp "$out/msup_bench_import.db" "$out/a.db"; cp "$out/msup_bench_import.db" "$out/b.db"
  a="sqlite:$out/a.db"
  refrun() { "$ref" "$out/b.db" "$out/standards.csv" >/dev/null; }
else
  a=$base
  b=${base/msup_bench_import/msup_bench_import_b}
  psql "$BENCH_PG_URL" -qAt -c "CREATE DATABASE msup_bench_import_b TEMPLATE msup_bench_import"
  refrun() {
    psql "$b" -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
BEGIN;
CREATE TEMP TABLE csv (unit_uscc TEXT, name TEXT, code TEXT, category TEXT, measurement_range TEXT,
  uncertainty TEXT, cert_no TEXT, cert_authority_code TEXT, cert_issued_on TEXT, cert_expires_on TEXT,
  status TEXT, sectors TEXT);
\\copy csv FROM '$out/standards.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO standards (unit_id, name, code, field, category, measurement_range, uncertainty, cert_no,
  cert_authority_id, cert_issued_on, cert_expires_on, status, sectors, created_at, updated_at)
SELECT u.id, c.name, c.code, substr(c.code, 1, 2), c.category, c.measurement_range, c.uncertainty,
  c.cert_no, a.id, c.cert_issued_on, c.cert_expires_on, c.status, coalesce(c.sectors, ''),
  '2021-03-01T00:00:00Z', '2021-03-01T00:00:00Z'
FROM csv c JOIN units u ON u.uscc = c.unit_uscc JOIN authorities a ON a.code = c.cert_authority_code;
COMMIT;
SQL
  }
fi
t0=$(date +%s.%N)
"$msup" --db "$a" import standards "$out/standards.csv" >/dev/null
t1=$(date +%s.%N)
refrun
t2=$(date +%s.%N)
imp=$(echo "$t1 - $t0" | bc -l); refs=$(echo "$t2 - $t1" | bc -l)
got=$(bench_sql "$a" "SELECT count(*) FROM standards WHERE cert_no LIKE '%苏量标测证字%'")
[ "$got" -eq "$rows" ] || { echo "import stored $got of $rows rows" >&2; exit 1; }
if [ "$backend" = pg ]; then
  got=$(bench_sql "$b" "SELECT count(*) FROM standards WHERE cert_no LIKE '%苏量标测证字%'")
  [ "$got" -eq "$rows" ] || { echo "reference stored $got of $rows rows" >&2; exit 1; }
fi
printf 'import standards (%s): %d rows in %.2f s = %.0f rows/s; reference load %.2f s = %.0f rows/s; ratio %.2f (goal >= 0.5)\n' \
  "$backend" "$rows" "$imp" "$(echo "$rows / $imp" | bc -l)" "$refs" "$(echo "$rows / $refs" | bc -l)" "$(echo "$refs / $imp" | bc -l)"
bench_result import "$rows" unit "$imp" "$refs" "$(echo "$refs / $imp" | bc -l | xargs printf '%.2f')"
