#!/usr/bin/env bash
# t0080-campaign.sh - `msup checklist show`, `msup campaign create|show|list`
# driving the real binary on a temporary SQLite database: the checklists
# compiled in, the 2021 defaults, refused rates and windows (exit 1, the
# field named, nothing written), the audit rows, exit codes and both
# languages. Needs $MSUP, sqlite3.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB MSUP_TODAY
export LANG=C.UTF-8
fails=0
count=0
db="sqlite:$tmp/c.db"

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
out_lacks() { count=$((count + 1)); ! grep -qF -- "$1" "$tmp/out" || bad "stdout has '$1'"; }
sql() { sqlite3 "$tmp/c.db" "$1"; }
same() { count=$((count + 1)); [ "$1" = "$2" ] || bad "$3: got '$1', expected '$2'"; }

# Checklists need no database: A1 has 14 items (key 1, 4, 8, 12) and the
# 18-item document set under item 9; A2 has 8.
run 0 checklist show A1
out_has "A1 计量标准现场监督检查表 第 1 版"
out_has " 1* 证书"
out_has " 4* 量值溯源"
out_has " 8* 人员"
out_has "12* 测量能力确认"
out_has " 9  文件集"
out_has "18. 可以证明计量标准具有相应测量能力的其他技术资料"
out_has "计量标准考核证书（如适用）"
same "$(grep -c '^[ 0-9][0-9]\*' "$tmp/out")" "4" "key items of A1"
same "$(grep -c '^[ 0-9][0-9][ *] ' "$tmp/out")" "14" "items of A1"
run 0 --lang en checklist show A2 --version 1
out_has "A2 Supervision checklist of an authority's assessment work version 1"
out_has " 8  Complaints"
same "$(grep -c '^[ 0-9][0-9][ *] ' "$tmp/out")" "8" "items of A2"
run 1 checklist show A1 --version 2
err_has "A1 v2"
run 1 checklist show A9
err_has "A9"
run 2 checklist show
run 2 checklist list A1

# A registry to organise campaigns over.
run 0 --db "$db" demo --scale small --seed 5
audit0=$(sql "SELECT count(*) FROM audit")

# Defaults are the 2021 plan; the national authority organises by default.
run 0 --db "$db" campaign create --name "2021年全国计量标准专项监督检查" --year 2021
out_has "已创建"
out_has "2021-06-01 至 2021-07-31"
id=$(sql "SELECT id FROM campaigns WHERE name = '2021年全国计量标准专项监督检查'")
same "$(sql "SELECT unit_rate || ' ' || authority_rate FROM campaigns WHERE id = $id")" "0.2 0.2" "rates"
same "$(sql "SELECT self_check_due || ' ' || onsite_from || ' ' || onsite_to FROM campaigns WHERE id = $id")" \
    "2021-05-31 2021-06-01 2021-07-31" "self-check and on-site windows"
same "$(sql "SELECT rectify_from || ' ' || rectify_to || ' ' || summary_from || ' ' || summary_to FROM campaigns WHERE id = $id")" \
    "2021-08-01 2021-08-31 2021-09-01 2021-10-20" "rectification and summary windows"
same "$(sql "SELECT a.code FROM campaigns c JOIN authorities a ON a.id = c.authority_id WHERE c.id = $id")" \
    "000000" "organised nationally"
same "$(sql "SELECT template_standard || template_assessment || status FROM campaigns WHERE id = $id")" \
    "A1A2active" "templates and status"
same "$(sql "SELECT count(*) FROM audit WHERE action = 'campaign.create'")" "1" "audit row"

# Refusals: exit 1, the field named, nothing written.
before=$(sql "SELECT count(*) FROM campaigns")
run 1 --db "$db" campaign create --name x --year 2022 --unit-rate 0
err_has "unit_rate"
run 1 --db "$db" campaign create --name x --year 2022 --unit-rate 1.5
err_has "unit_rate"
run 1 --db "$db" --lang en campaign create --name x --year 2022 --authority-rate -0.1
err_has "authority_rate"
err_has "above 0 and at most 1"
run 1 --db "$db" campaign create --name x --year 2022 --rectify-from 2022-07-31
err_has "rectify_from"
err_has "onsite_to 2022-07-31"
run 1 --db "$db" campaign create --name x --year 2022 --onsite-from 2022-05-01
err_has "onsite_from"
run 1 --db "$db" campaign create --name x --year 2022 --summary-to 2022-02-30
err_has "summary_to"
run 1 --db "$db" campaign create --name x --year 1990
err_has "year"
run 1 --db "$db" campaign create --name x --year 2022 --authority 999999
err_has "999999"
run 1 --db "$db" campaign create --name "2021年全国计量标准专项监督检查" --year 2021
err_has "已存在"
same "$(sql "SELECT count(*) FROM campaigns")" "$before" "campaigns after refusals"
same "$(sql "SELECT count(*) FROM audit")" "$((audit0 + 1))" "audit after refusals"
run 2 --db "$db" campaign create --name x
run 2 --db "$db" campaign create --year 2022
run 2 --db "$db" campaign create --name x --year 2022 --unit-rate abc
run 2 --db "$db" campaign
run 2 --db "$db" campaign show
run 2 --db "$db" campaign show abc

# A provincial campaign with its own windows and rate.
run 0 --db "$db" campaign create --name "北京市2022年专项监督检查" --year 2022 --authority 110000 \
    --unit-rate 0.3 --self-check-due 2022-04-30 --onsite-from 2022-05-01 --onsite-to 2022-06-30 \
    --rectify-from 2022-07-01 --rectify-to 2022-07-31 --summary-from 2022-08-01 --summary-to 2022-09-30
out_has "110000"
bj=$(sql "SELECT id FROM campaigns WHERE name = '北京市2022年专项监督检查'")
same "$(sql "SELECT unit_rate || ' ' || self_check_due || ' ' || summary_to FROM campaigns WHERE id = $bj")" \
    "0.3 2022-04-30 2022-09-30" "provincial campaign"

# Show and list.
units=$(sql "SELECT count(DISTINCT u.id) FROM units u JOIN standards s ON s.unit_id = u.id WHERE u.status = 'active' AND s.status = 'active'")
run 0 --db "$db" campaign show "$id"
out_has "2021年全国计量标准专项监督检查"
out_has "截至 2021-05-31"
out_has "未填报 $units"
run 0 --db "$db" --lang en campaign show "$bj"
out_has "self-check     until 2022-04-30"
out_has "sampling rate  units 0.3, authorities 0.2"
run 1 --db "$db" campaign show 9999
err_has "9999"
run 0 --db "$db" campaign list
out_has "专项监督检查 2 项"
run 0 --db "$db" campaign list --year 2021
out_has "专项监督检查 1 项"
# A county in Beijing sees both; another province's staff only the national one.
run 0 --db "$db" campaign list --authority 110101
out_has "2 项"
other=$(sql "SELECT code FROM authorities WHERE level = 'provincial' AND code <> '110000' LIMIT 1")
if [ -n "$other" ]; then
    run 0 --db "$db" campaign list --authority "$other"
    out_has "1 项"
    out_lacks "北京市2022年"
fi
run 0 --db "$db" audit verify

echo "t0080-campaign: $count checks, $fails failed"
[ "$fails" -eq 0 ]
