#!/usr/bin/env bash
# t0100-inspector.sh - `msup inspector add|list|show|conflict` and `msup
# draw recuse` driving the real binary on a temporary SQLite database with
# the small demo registry: people added to a pool (validation names the
# field and writes nothing), listed with filters, a conflict declared once
# (a second time refused), a draw assigned without the conflicted person on
# that unit's teams, a recusal that redraws the team and keeps the history,
# audit rows and an intact chain. Needs $MSUP, sqlite3.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8 MSUP_TODAY=2021-06-15
fails=0
count=0
db="sqlite:$tmp/d.db"

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
sql() { sqlite3 "$tmp/d.db" "$1"; }
same() { count=$((count + 1)); [ "$1" = "$2" ] || bad "$3: got '$1', expected '$2'"; }

run 0 --db "$db" demo --scale small --seed 5
run 0 --db "$db" campaign create --name "2021年全国计量标准专项监督检查" --year 2021
camp=$(sql "SELECT id FROM campaigns")
auth=$(sql "SELECT a.code FROM standards s JOIN authorities a ON a.id = s.cert_authority_id
            WHERE s.status = 'active' GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 1")
unit=$(sql "SELECT id FROM units ORDER BY id LIMIT 1")

# ---- usage ----
run 2 --db "$db" inspector
err_has "msup inspector add"
run 2 --db "$db" inspector show
run 2 --db "$db" inspector conflict 1 --reason x
run 2 --db "$db" inspector frobnicate
run 2 --db "$db" draw recuse 1 --inspector 1 --reason x

# ---- the pool: validation writes nothing ----
n0=$(sql "SELECT count(*) FROM inspectors")
a0=$(sql "SELECT count(*) FROM audit")
run 1 --db "$db" inspector add --authority "$auth" --name 张三 --kind enforcement --fields 99
err_has "fields"
run 1 --db "$db" inspector add --authority "$auth" --name 张三 --kind volunteer --fields 01
err_has "kind"
run 1 --db "$db" inspector add --authority "$auth" --kind enforcement --fields 01
err_has "name"
run 1 --db "$db" inspector add --authority "$auth" --name 张三 --kind expert --fields 01 --employer 999999
err_has "employer_unit_id"
run 1 --db "$db" inspector add --authority 999999 --name 张三 --kind expert --fields 01
same "$(sql "SELECT count(*) FROM inspectors")" "$n0" "nothing written by refused adds"
same "$(sql "SELECT count(*) FROM audit")" "$a0" "no audit row for refused adds"

# ---- people covering every field of the standards ----
fields=$(sql "SELECT group_concat(DISTINCT substr(code, 1, 2)) FROM standards")
for k in 1 2 3; do
    run 0 --db "$db" inspector add --authority "$auth" --name "执法员$k" --kind enforcement \
        --fields "$fields" --cert "执法$k"
    out_has "已加入检查人员库"
done
run 0 --db "$db" inspector add --authority "$auth" --name 考评员甲 --kind expert --fields "$fields" \
    --employer "$unit"
run 0 --db "$db" inspector add --authority "$auth" --name 考评员乙 --kind expert --fields 01 --inactive
p1=$(sql "SELECT id FROM inspectors WHERE name = '执法员1'")
run 0 --db "$db" inspector list --authority "$auth" --kind expert --active 0
out_has "考评员乙"
count=$((count + 1))
! grep -qF "考评员甲" "$tmp/out" || bad "the active expert is not listed with --active 0"
run 0 --db "$db" --lang en inspector list --authority "$auth" --field 01
out_has "执法员1"
run 1 --db "$db" inspector list --field 1
err_has "field"

# ---- a conflict, once ----
run 0 --db "$db" inspector conflict "$p1" --unit "$unit" --reason "配偶在该单位工作" --on 2021-06-01
out_has "已申报利害关系"
run 1 --db "$db" inspector conflict "$p1" --unit "$unit" --reason "again"
err_has "unit_id"
run 1 --db "$db" inspector conflict "$p1" --unit 999999 --reason "x"
run 0 --db "$db" inspector show "$p1"
out_has "配偶在该单位工作"
same "$(sql "SELECT count(*) FROM inspector_conflicts WHERE inspector_id = $p1")" 1 "one conflict"

# ---- draw, assign, recuse ----
run 0 --db "$db" draw run --campaign "$camp" --authority "$auth" --kind units --seed "2021-06-15 回避"
run 1 --db "$db" draw recuse 1 --inspection 1 --inspector "$p1" --reason x
err_has "inspection_id"
run 0 --db "$db" draw assign 1 --seed "S2 回避" --team-size 2
same "$(sql "SELECT count(*) FROM inspection_team t JOIN inspections i ON i.id = t.inspection_id
             JOIN inspector_conflicts c ON c.inspector_id = t.inspector_id AND c.unit_id = i.unit_id")" 0 \
    "nobody inspects a unit they declared a conflict with"
row=$(sql "SELECT t.inspection_id || ' ' || t.inspector_id FROM inspection_team t
           JOIN inspections i ON i.id = t.inspection_id WHERE i.draw_id = 1 AND t.recused_at IS NULL
           AND t.role = 'member' ORDER BY t.inspection_id LIMIT 1")
if [ -z "$row" ]; then
    bad "no team was assigned"
else
    read -r insp out <<<"$row"
    run 1 --db "$db" draw recuse 1 --inspection "$insp" --inspector "$out"
    err_has "reason"
    run 1 --db "$db" draw recuse 1 --inspection 999999 --inspector "$out" --reason x
    err_has "inspection_id"
    run 0 --db "$db" draw recuse 1 --inspection "$insp" --inspector "$out" --reason "曾为该单位提供咨询"
    out_has "已回避检查"
    same "$(sql "SELECT recusal_reason FROM inspection_team WHERE inspection_id = $insp
                 AND inspector_id = $out")" "曾为该单位提供咨询" "the recusal is kept"
    same "$(sql "SELECT count(*) FROM draw_assignments WHERE draw_id = 1")" 2 "a new assignment state"
    run 1 --db "$db" draw recuse 1 --inspection "$insp" --inspector "$out" --reason again
fi

same "$(sql "SELECT count(*) FROM audit WHERE action = 'inspector.create'")" 5 "create audit rows"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'inspector.conflict'")" 1 "conflict audit row"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'draw.recuse'")" 1 "recusal audit row"
run 0 --db "$db" audit verify

echo "t0100-inspector: $count checks, $fails failed"
[ "$fails" -eq 0 ]
