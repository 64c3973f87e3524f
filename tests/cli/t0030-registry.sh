#!/usr/bin/env bash
# t0030-registry.sh - `msup init`, `demo`, `registry summary`, `alerts` and
# the status transitions of a standard, driving the real binary on a
# temporary SQLite database: exit codes, zh-CN and English output, rules of
# the transitions, nothing written when a command fails. Needs $MSUP, sqlite3.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB MSUP_TODAY
export LANG=C.UTF-8
fails=0
count=0
db="sqlite:$tmp/r.db"

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
sql() { sqlite3 "$tmp/r.db" "$1"; }
same() { count=$((count + 1)); [ "$1" = "$2" ] || bad "$3: got '$1', expected '$2'"; }

# init creates the schema; running it again changes nothing.
run 0 --db "$db" init
out_has "结构版本"
run 0 --db "$db" --lang en init
out_has "schema version"

# The demo dataset, then the summary reconciles with the tables.
run 0 --db "$db" demo --scale small --seed 5
run 0 --db "$db" registry summary
units=$(sql "SELECT count(*) FROM units")
stds=$(sql "SELECT count(*) FROM standards")
out_has "建标单位 $units"
out_has "计量标准 $stds"
run 0 --db "$db" --lang en registry summary --authority 110101
out_has "registry summary 110101"
run 1 --db "$db" registry summary --authority 999999
err_has "999999"

# A second demo into the same database is refused and writes nothing.
before=$(sql "SELECT count(*) FROM units")
run 1 --db "$db" demo --scale small --seed 6
same "$(sql "SELECT count(*) FROM units")" "$before" "units after a refused demo"
# --units: a bad count is refused before anything is written; a good one is
# the exact number of units.
for u in 0 -5 abc 1000001; do
    run 1 --db "sqlite:$tmp/u.db" demo --units "$u"
    err_has "建标单位数无效"
done
run 1 --db "sqlite:$tmp/u.db" --lang en demo --units 0
err_has "invalid number of units: 0"
run 0 --db "sqlite:$tmp/u.db" demo --scale small --units 450
same "$(sqlite3 "$tmp/u.db" "SELECT count(*) FROM units")" 450 "units of demo --units 450"

# Alerts as of the campaign start: the counts equal what SQL finds.
run 0 --db "$db" alerts --as-of 2021-03-01 --limit 3
expired=$(sql "SELECT count(*) FROM standards WHERE status IN ('active','sealed') AND cert_expires_on < '2021-03-01'")
expiring=$(sql "SELECT count(*) FROM standards WHERE status IN ('active','sealed') AND cert_expires_on >= '2021-03-01' AND cert_expires_on < '2021-08-28'")
overdue=$(sql "SELECT count(*) FROM apparatus p JOIN standards s ON s.id = p.standard_id WHERE s.status = 'active' AND (p.calibrated_on IS NULL OR p.due_on IS NULL OR p.due_on < '2021-03-01')")
out_has "证书即将到期（180天内）$expiring，证书已过期 $expired，标准器溯源超期 $overdue"
run 0 --db "$db" --lang en alerts --as-of 2021-03-01 --limit 0
out_has "expiring within 180 days $expiring"
run 1 --db "$db" alerts --as-of 2021-02-30
err_has "as_of"
run 2 --db "$db" alerts --bogus

# Transitions: pick an active standard whose certificate runs past 2021-06-01.
id=$(sql "SELECT id FROM standards WHERE status = 'active' AND cert_expires_on > '2022-01-01' ORDER BY id LIMIT 1")
other=$(sql "SELECT id FROM standards WHERE status = 'active' AND unit_id = (SELECT unit_id FROM standards WHERE id = $id) AND id <> $id LIMIT 1")
audit_before=$(sql "SELECT count(*) FROM audit")
run 1 --db "$db" registry seal "$id"                     # no reason
err_has "reason"
run 1 --db "$db" registry unseal "$id" --reason "x"      # not sealed
err_has "不允许"
run 0 --db "$db" registry seal "$id" --reason "设备送检" --date 2021-06-01
same "$(sql "SELECT status FROM standards WHERE id = $id")" "sealed" "status after seal"
run 1 --db "$db" --lang en registry unseal "$id" --reason "back" --date 2099-01-01
err_has "expired"
same "$(sql "SELECT status FROM standards WHERE id = $id")" "sealed" "status after a refused unseal"
run 0 --db "$db" registry unseal "$id" --reason "恢复使用" --date 2021-07-01
run 0 --db "$db" registry revoke "$id" --reason "申请注销"
run 1 --db "$db" registry unseal "$id" --reason "x"
same "$(sql "SELECT status FROM standards WHERE id = $id")" "revoked" "revocation is final"
same "$(sql "SELECT count(*) FROM standard_events WHERE standard_id = $id")" "3" "history rows"
same "$(sql "SELECT count(*) FROM audit")" "$((audit_before + 3))" "one audit row per transition"
if [ -n "$other" ]; then
    run 1 --db "$db" registry replace "$other" --reason "更换" --by "$other"
    err_has "replaced_by_id"
fi
run 0 --db "$db" audit verify

echo "t0030-registry: $count checks, $fails failed"
[ "$fails" -eq 0 ]
