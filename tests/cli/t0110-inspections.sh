#!/usr/bin/env bash
# t0110-inspections.sh - `msup inspections show|results|complete|
# not-performed|close-tracking|list --tracking` and `msup findings
# list|show|sweep` driving the real binary on a temporary SQLite database
# with the small demo registry: answers saved (the same save twice changes
# nothing), completion refused while items are missing (naming them) and
# then done with findings due on the campaign's rectify_to, a completed
# inspection refusing more answers, an inspection not performed on the
# tracking list with its reminder and closed with a reason, the deadline
# sweep at 15:59:59Z and 16:00:00Z, audit rows and an intact chain.
# Needs $MSUP, sqlite3.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8 MSUP_NOW=2021-06-15T02:00:00Z
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
fields=$(sql "SELECT group_concat(DISTINCT substr(code, 1, 2)) FROM standards")
for k in 1 2 3 4; do
    run 0 --db "$db" inspector add --authority "$auth" --name "执法员$k" --kind enforcement --fields "$fields"
done
run 0 --db "$db" draw run --campaign "$camp" --authority "$auth" --kind units --seed "2021-06-15 现场"
run 0 --db "$db" draw assign 1 --seed "S2 现场" --team-size 2
insp=$(sql "SELECT t.inspection_id FROM inspection_team t WHERE t.recused_at IS NULL
            GROUP BY t.inspection_id HAVING count(*) >= 2 ORDER BY t.inspection_id LIMIT 1")
np=$(sql "SELECT id FROM inspections WHERE id <> $insp ORDER BY id DESC LIMIT 1")
[ -n "$insp" ] && [ -n "$np" ] || bad "no staffed inspection"

# ---- usage ----
run 2 --db "$db" inspections frobnicate 1
run 2 --db "$db" inspections results
run 2 --db "$db" inspections results "$insp"
run 2 --db "$db" inspections results "$insp" --item nonsense
run 2 --db "$db" findings
run 2 --db "$db" findings show
run 2 --db "$db" findings sweep --when x

# ---- results: validation writes nothing; the same save twice changes nothing ----
a0=$(sql "SELECT count(*) FROM audit")
run 1 --db "$db" inspections results "$insp" --item 99=conform
err_has "results[0].item_no"
run 1 --db "$db" inspections results "$insp" --item 1=good
err_has "results[0].verdict"
same "$(sql "SELECT count(*) FROM audit")" "$a0" "no audit row for refused saves"
run 0 --db "$db" inspections results "$insp" --item 1=conform --item "4=nonconform:溯源证书过期"
out_has "变更 2 项"
run 0 --db "$db" inspections results "$insp" --item 1=conform --item "4=nonconform:溯源证书过期"
out_has "变更 0 项"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'inspection.results'")" 1 "one audit row for two equal saves"
same "$(sql "SELECT status FROM inspections WHERE id = $insp")" in_progress "started"

# ---- complete ----
run 1 --db "$db" inspections complete "$insp"
err_has "results"
err_has "2, 3"
args=()
for n in $(seq 2 14); do [ "$n" = 4 ] || args+=(--item "$n=conform"); done
run 0 --db "$db" inspections results "$insp" "${args[@]}"
run 1 --db "$db" inspections complete "$insp" --conclusion pass
err_has "conclusion"
run 0 --db "$db" inspections complete "$insp"
out_has "fail"
same "$(sql "SELECT count(*) FROM findings WHERE inspection_id = $insp")" 1 "one finding"
same "$(sql "SELECT severity || ' ' || deadline FROM findings WHERE inspection_id = $insp")" "key 2021-08-31" "the finding"
run 1 --db "$db" inspections results "$insp" --item 1=na
err_has "status"
run 0 --db "$db" inspections show "$insp"
out_has "溯源证书过期"

# ---- not performed, tracking ----
run 1 --db "$db" inspections not-performed "$np" --reason 停产
err_has "follow_up_on"
run 0 --db "$db" inspections not-performed "$np" --reason 单位停产 --follow-up 2021-06-10
run 0 --db "$db" inspections list --tracking open
out_has "overdue"
run 0 --db "$db" inspections close-tracking "$np" --reason 已注销
same "$(sql "SELECT tracking || ' ' || tracking_note FROM inspections WHERE id = $np")" "closed 已注销" "tracking closed"
run 1 --db "$db" inspections close-tracking "$np" --reason again
err_has "tracking"

# ---- findings and the sweep ----
fid=$(sql "SELECT id FROM findings LIMIT 1")
run 0 --db "$db" findings list --status open
out_has "$fid"
run 0 --db "$db" findings show "$fid"
run 1 --db "$db" findings show 999999
run 0 --db "$db" findings sweep --as-of 2021-08-31T15:59:59Z
same "$(sql "SELECT status FROM findings WHERE id = $fid")" open "not yet"
run 1 --db "$db" findings sweep --as-of 2021-08-31T16:00
err_has "as_of"
run 0 --db "$db" findings sweep --as-of 2021-08-31T16:00:00Z
same "$(sql "SELECT status || ' ' || failed_at FROM findings WHERE id = $fid")" "failed 2021-08-31T16:00:00Z" "failed at the deadline"
run 0 --db "$db" findings sweep --as-of 2021-09-01

same "$(sql "SELECT count(*) FROM audit WHERE action = 'finding.fail'")" 1 "one fail audit row"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'inspection.complete'")" 1 "complete audit row"
run 0 --db "$db" audit verify

echo "t0110-inspections: $count checks, $fails failed"
[ "$fails" -eq 0 ]
