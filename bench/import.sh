#!/usr/bin/env bash
# Import benchmark: N standard rows from CSV into SQLite with `msup import`,
# against bench/ref_insert (a plain prepared-INSERT loop over the same rows)
# on an identical copy of the same database, in the same run.
#   bench/import.sh BUILD_DIR [ROWS]
set -euo pipefail
build=${1:?build dir}; rows=${2:-1000000}
msup=$build/msup; ref=$build/ref_insert
out=$(mktemp -d /tmp/msup-bench-import.XXXXXX); trap 'rm -rf "$out"' EXIT
# A province registry to hang the standards on (5,000 units).
"$msup" --db "sqlite:$out/base.db" demo --scale province --seed 7 >/dev/null
sqlite3 "$out/base.db" "SELECT uscc FROM units ORDER BY id" >"$out/units.txt"
sqlite3 "$out/base.db" "SELECT code FROM authorities WHERE level <> 'national' ORDER BY id" >"$out/auth.txt"
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
cp "$out/base.db" "$out/a.db"; cp "$out/base.db" "$out/b.db"
t0=$(date +%s.%N)
"$msup" --db "sqlite:$out/a.db" import standards "$out/standards.csv" >/dev/null
t1=$(date +%s.%N)
ref_line=$("$ref" "$out/b.db" "$out/standards.csv")
t2=$(date +%s.%N)
imp=$(echo "$t1 - $t0" | bc -l); refs=$(echo "$t2 - $t1" | bc -l)
got=$(sqlite3 "$out/a.db" "SELECT count(*) FROM standards WHERE cert_no LIKE '%苏量标测证字%'")
[ "$got" -eq "$rows" ] || { echo "import stored $got of $rows rows" >&2; exit 1; }
printf 'import standards: %d rows in %.2f s = %.0f rows/s; reference insert loop %.2f s = %.0f rows/s; ratio %.2f (goal >= 0.5)\n' \
  "$rows" "$imp" "$(echo "$rows / $imp" | bc -l)" "$refs" "$(echo "$rows / $refs" | bc -l)" "$(echo "$refs / $imp" | bc -l)"
