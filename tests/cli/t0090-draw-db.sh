#!/usr/bin/env bash
# t0090-draw-db.sh - `msup draw commit|run|assign|roster` and `msup
# inspections list` driving the real binary on a temporary SQLite database
# with the small demo registry: a refused seed writes nothing, the stored
# roster exported with `draw roster` verifies offline with `draw verify`
# to the same digest and selection, one active draw per kind, inspections
# listed per campaign and authority, audit rows and an intact chain.
# Needs $MSUP, sqlite3, openssl.
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
# The authority that issued the most active certificates draws its units.
auth=$(sql "SELECT a.code FROM standards s JOIN authorities a ON a.id = s.cert_authority_id
            WHERE s.status = 'active' GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 1")
seed="2021-06-15 $auth 第1轮"
hash=$(printf '%s' "$seed" | openssl dgst -sm3 | awk '{print $NF}')

# ---- usage ----
run 2 --db "$db" draw run --campaign "$camp" --kind units --seed x
err_has "msup draw commit"
run 2 --db "$db" draw assign --seed x
run 2 --db "$db" draw roster
run 2 --db "$db" inspections
run 2 --db "$db" inspections list extra

# ---- commitment, then a refused seed: nothing written ----
run 0 --db "$db" draw commit --campaign "$camp" --authority "$auth" --kind units --seed-sm3 "$hash"
out_has "$hash"
run 1 --db "$db" draw commit --campaign "$camp" --authority "$auth" --kind units --seed-sm3 "$hash"
run 1 --db "$db" draw commit --campaign "$camp" --authority "$auth" --kind units --seed-sm3 abc
err_has "seed_sm3"
audit0=$(sql "SELECT count(*) FROM audit")
run 1 --db "$db" draw run --campaign "$camp" --authority "$auth" --kind units --seed "wrong"
err_has "承诺"
same "$(sql "SELECT count(*) FROM draws")" 0 "no draw after a refused seed"
same "$(sql "SELECT count(*) FROM audit")" "$audit0" "no audit row after a refused seed"
run 1 --db "$db" draw run --campaign "$camp" --authority 999999 --kind units --seed "$seed"

# ---- the draw ----
run 0 --db "$db" draw run --campaign "$camp" --authority "$auth" --kind units --seed "$seed"
out_has "抽取 #1（units）"
digest=$(sql "SELECT roster_digest FROM draws WHERE id = 1")
out_has "$digest"
same "$(sql "SELECT draw_id FROM draw_commitments")" 1 "commitment used"
run 1 --db "$db" draw run --campaign "$camp" --authority "$auth" --kind units --seed "$seed"
err_has "作废"

# ---- roster round trip: exported roster verifies offline ----
run 0 --db "$db" draw roster 1 -o "$tmp/roster.json"
same "$(sql "SELECT roster FROM draws WHERE id = 1")" "$(cat "$tmp/roster.json")" "exact roster"
same "$(openssl dgst -sm3 <"$tmp/roster.json" | awk '{print $NF}')" "$digest" "digest of the file"
run 0 draw verify --roster "$tmp/roster.json" --seed "$seed" --commit "$hash" --json
sql "SELECT result FROM draws WHERE id = 1" >"$tmp/result.json"
run 0 draw verify --roster "$tmp/roster.json" --seed "$seed" --result "$tmp/result.json"
out_has "与发布的结果一致"
run 1 draw verify --roster "$tmp/roster.json" --seed "other" --result "$tmp/result.json"
run 0 --db "$db" draw roster 1
out_has '"algorithm":"msup-draw-1"'

# ---- inspections ----
n=$(sql "SELECT count(*) FROM inspections WHERE draw_id = 1")
[ "$n" -gt 0 ] || bad "no inspections created"
run 0 --db "$db" inspections list --campaign "$camp" --authority "$auth"
out_has "共 $n 项"
out_has "A1 v1"
run 1 --db "$db" inspections list --authority 999999

# ---- inspectors ----
run 0 --db "$db" draw assign 1 --seed "S2 第1轮" --team-size 2
out_has "每组 2 人"
run 1 --db "$db" draw assign 1 --seed "again"
same "$(sql "SELECT count(*) FROM draw_assignments")" 1 "one assignment"
same "$(sql "SELECT count(*) FROM inspection_team t JOIN inspections i ON i.id = t.inspection_id
             JOIN inspectors p ON p.id = t.inspector_id WHERE p.employer_unit_id = i.unit_id")" 0 \
    "nobody inspects their employer"
run 1 --db "$db" draw assign 1 --seed x --team-size 1

# ---- subordinate authorities ----
run 0 --db "$db" --lang en draw run --campaign "$camp" --authority "$auth" --kind authorities --seed x
out_has "draw #2 (authorities)"
same "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'draw.%'")" 4 "audit rows"
run 0 --db "$db" audit verify

echo "t0090-draw-db: $count checks, $fails failed"
[ "$fails" -eq 0 ]
