#!/usr/bin/env bash
# t0120-report.sh - `msup report summary|inspections|form|public` on the
# small demo registry: a campaign, draws of every certifying authority and
# one of subordinate authorities through the CLI, results seeded with
# tests/support/report_seed.sql. Golden checks on the outputs:
#   PDF  pdftotext: the Chinese text present and in reading order, page
#        numbers "第 N 页 / 共 M 页" (pdftotext drops the spaces); pdffonts: Noto Sans CJK embedded as a
#        subset; pdftoppm renders every page to PNG in the artifacts folder
#        ($MSUP_ARTIFACTS, default test-artifacts/ of the tree) for a visual check;
#   XLSX the package XML: sheet names, header cells, row counts, frozen
#        header, autofilter, dates stored as dates;
#   JSON figures agree with the database and with the inspection list;
#   public results hold no phone number, qualification number, account or
#        evidence of the data set; usage and refused input exit 2 / 1.
# Needs $MSUP, sqlite3, jq, unzip, poppler-utils.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
src=${MSUP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
art=${MSUP_ARTIFACTS:-$src/test-artifacts}/t0120-report
mkdir -p "$art"
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8 MSUP_TODAY=2021-06-15
fails=0
count=0
db="sqlite:$tmp/d.db"

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
sql() { sqlite3 "$tmp/d.db" "$1"; }
same() { count=$((count + 1)); [ "$1" = "$2" ] || bad "$3: got '$1', expected '$2'"; }
# in_order FILE WORD...: each word occurs after the previous one
in_order() {
    local f=$1 pos=0 at
    shift
    count=$((count + 1))
    for w in "$@"; do
        at=$(python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8").read(); print(t.find(sys.argv[2], int(sys.argv[3])))' "$f" "$w" "$pos")
        if [ "$at" -lt 0 ]; then
            bad "$f: '$w' missing or out of order"
            return
        fi
        pos=$at
    done
}

# ---- the data: a campaign of the province, draws, seeded results ----
run 0 --db "$db" demo --scale small --seed 5
run 0 --db "$db" campaign create --name "2021年北京市计量标准专项监督检查" --year 2021 --authority 110000
camp=$(sql "SELECT id FROM campaigns")
for a in $(sql "SELECT DISTINCT a.code FROM standards s JOIN authorities a ON a.id = s.cert_authority_id
                WHERE s.status = 'active' AND a.path LIKE (SELECT path || '%' FROM authorities WHERE code = '110000')"); do
    run 0 --db "$db" draw run --campaign "$camp" --authority "$a" --kind units --seed "2021-06-15 $a"
done
run 0 --db "$db" draw run --campaign "$camp" --authority 110000 --kind authorities --seed "2021-06-15 区局"
for d in $(sql "SELECT id FROM draws"); do
    "$MSUP" --db "$db" draw assign "$d" --seed "S2 $d" >/dev/null 2>&1 || true
done
sqlite3 "$tmp/d.db" <"$src/tests/support/report_seed.sql"
export MSUP_TODAY=2021-09-20

# ---- usage and refused input ----
run 2 --db "$db" report
run 2 --db "$db" report summary
err_has "msup report summary --campaign"
run 2 --db "$db" report summary --campaign "$camp" --format docx
err_has "format"
run 2 --db "$db" report form
run 1 --db "$db" report summary --campaign 999
err_has "id"
run 1 --db "$db" report summary --campaign "$camp" --authority 999999
run 1 --db "$db" report form 999999
run 1 --db "$db" report inspections --campaign "$camp" --format pdf
err_has "format"

# ---- summary JSON: figures against the database ----
run 0 --db "$db" report summary --campaign "$camp" -o "$tmp/s.json"
J() { jq -r "$1" "$tmp/s.json"; }
same "$(J .authority.code)" 110000 "summary authority"
same "$(J .as_of)" 2021-09-20 "as_of"
same "$(J .inspections.completed)" "$(sql "SELECT count(*) FROM inspections WHERE status = 'completed'")" "completed"
same "$(J .inspections.not_performed)" "$(sql "SELECT count(*) FROM inspections WHERE status = 'not_performed'")" "not performed"
same "$(J .conclusions.fail)" "$(sql "SELECT count(*) FROM inspections WHERE conclusion = 'fail'")" "fail"
same "$(J .rectification.findings)" "$(sql "SELECT count(*) FROM findings")" "findings"
same "$(J .rectification.failed)" "$(sql "SELECT count(*) FROM findings WHERE status = 'failed'")" "failed"
same "$(J .rectification.overdue)" "$(sql "SELECT count(*) FROM findings WHERE status IN ('open','submitted','rejected') AND deadline < '2021-09-20'")" "overdue"
same "$(J '[.items[] | .nonconform + .defect] | add')" "$(J .rectification.findings)" "answers vs findings"
same "$(J .dispositions.total)" "$(sql "SELECT count(*) FROM dispositions")" "dispositions"
same "$(J .draws.authorities.selected)" "$(sql "SELECT count(*) FROM inspections WHERE kind = 'assessment'")" "authorities drawn"
same "$(J '.sectors | length')" 4 "sectors"
count=$((count + 1))
[ "$(J '.top_risk_units.items | length')" -gt 0 ] || bad "no top risk units"
# a district sees its part only
run 0 --db "$db" report summary --campaign "$camp" --authority 110101 -o "$tmp/dc.json"
same "$(jq -r .authority.code "$tmp/dc.json")" 110101 "district summary"
same "$(jq -r .inspections.total "$tmp/dc.json")" \
    "$(sql "SELECT count(*) FROM inspections i JOIN authorities a ON a.id = i.authority_id WHERE a.code = '110101' AND i.status <> 'cancelled'")" "district inspections"

# ---- inspection list: CSV and XLSX ----
total=$(sql "SELECT count(*) FROM inspections")
run 0 --db "$db" report inspections --campaign "$camp" -o "$tmp/i.csv"
same "$(($(wc -l <"$tmp/i.csv") - 1))" "$total" "CSV rows"
count=$((count + 1))
head -c 3 "$tmp/i.csv" | od -An -tx1 | grep -q "ef bb bf" || bad "CSV without BOM"
run 0 --db "$db" report inspections --campaign "$camp" --format xlsx -o "$tmp/i.xlsx"
unzip -p "$tmp/i.xlsx" xl/workbook.xml >"$tmp/wb.xml"
count=$((count + 1))
grep -q '<sheet name="检查清单"' "$tmp/wb.xml" || bad "inspection sheet name"
unzip -p "$tmp/i.xlsx" xl/worksheets/sheet1.xml >"$tmp/s1.xml"
same "$(grep -o '<row ' "$tmp/s1.xml" | wc -l)" "$((total + 1))" "XLSX rows"
count=$((count + 1))
grep -q '<pane ySplit="1"' "$tmp/s1.xml" || bad "header row not frozen"
count=$((count + 1))
grep -q '<autoFilter ref="A1:P' "$tmp/s1.xml" || bad "no autofilter"
for h in 检查编号 检查部门 被检查对象 证书编号 结论 完成日期; do
    count=$((count + 1))
    grep -q "<t>$h</t>" "$tmp/s1.xml" || bad "header $h"
done
# 完成日期 (column L) holds dates: numbers with the date style, 2021-06-28 = 44375
count=$((count + 1))
grep -Eq '<c r="L[0-9]+" s="[0-9]+"><v>4437[0-9]</v>' "$tmp/s1.xml" || bad "completion dates are not dates"

# ---- summary XLSX: the sheets ----
run 0 --db "$db" report summary --campaign "$camp" --format xlsx -o "$tmp/s.xlsx"
unzip -p "$tmp/s.xlsx" xl/workbook.xml >"$tmp/wb2.xml"
in_order "$tmp/wb2.xml" 概况 检查项 专业领域 重点领域 处理决定 风险预警 检查清单 问题与整改
unzip -p "$tmp/s.xlsx" xl/worksheets/sheet8.xml >"$tmp/s8.xml"
same "$(grep -o '<row ' "$tmp/s8.xml" | wc -l)" "$(($(sql "SELECT count(*) FROM findings") + 1))" "findings rows"

# ---- summary PDF ----
run 0 --db "$db" report summary --campaign "$camp" --format pdf -o "$tmp/s.pdf"
pdftotext "$tmp/s.pdf" "$tmp/s.txt"
in_order "$tmp/s.txt" "2021年北京市计量标准专项监督检查 总结报告" "一、范围、自查与抽取" "二、现场检查" \
    "检查结论" "各专业有问题的检查数" "三、检查项不符合情况" "四、重点领域" "食品安全" "五、整改" \
    "整改进度" "六、处理决定" "七、风险预警" "页/共"
pdffonts "$tmp/s.pdf" >"$tmp/fonts"
count=$((count + 1))
grep -E '^[A-Z]{6}\+NotoSansCJK' "$tmp/fonts" | grep -q ' yes yes ' || bad "Noto Sans CJK not embedded as a subset: $(cat "$tmp/fonts")"
count=$((count + 1))
! grep -vE '^(name|----|[A-Z]{6}\+)' "$tmp/fonts" | grep -q . || bad "a font is not a subset: $(cat "$tmp/fonts")"
pages=$(pdfinfo "$tmp/s.pdf" | awk '/^Pages:/ {print $2}')
count=$((count + 1))
grep -q "第${pages}页/共${pages}页" "$tmp/s.txt" || bad "last page number"
count=$((count + 1))
grep -q "第1页/共${pages}页" "$tmp/s.txt" || bad "first page number"
count=$((count + 1))
pdfinfo "$tmp/s.pdf" | grep -q 'Page size: *595.* x 841.*A4' || bad "not A4"
pdftoppm -r 60 -png "$tmp/s.pdf" "$art/summary"

# ---- a filled form: a completed A1 inspection with evidence and a team ----
insp=$(sql "SELECT i.id FROM inspections i JOIN evidence e ON e.inspection_id = i.id
            WHERE i.status = 'completed' AND i.kind = 'standard'
            AND EXISTS (SELECT 1 FROM inspection_team t WHERE t.inspection_id = i.id) ORDER BY i.id LIMIT 1")
[ -n "$insp" ] || insp=$(sql "SELECT min(i.id) FROM inspections i JOIN evidence e ON e.inspection_id = i.id WHERE i.status = 'completed' AND i.kind = 'standard'")
run 0 --db "$db" report form "$insp" -o "$tmp/f.pdf"
pdftotext -layout "$tmp/f.pdf" "$tmp/f.txt"
tr -d ' \n' <"$tmp/f.txt" >"$tmp/f.flat"
unit=$(sql "SELECT u.name FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.id = $insp")
cert=$(sql "SELECT s.cert_no FROM inspection_standards x JOIN standards s ON s.id = x.standard_id WHERE x.inspection_id = $insp")
sm3=$(sql "SELECT sm3 FROM evidence WHERE inspection_id = $insp LIMIT 1")
in_order "$tmp/f.flat" "附件1" "计量标准现场监督检查表" "被检查单位" "$unit" "$cert" "检查结论" \
    "检查项目" "1*" "计量标准考核证书" "4*" "溯源" "14" "证据材料" "${sm3:0:16}" "检查组" \
    "检查组长（签字）" "被检查单位负责人（签字）" "页/共"
pdffonts "$tmp/f.pdf" | grep -E '^[A-Z]{6}\+NotoSansCJK' | grep -q ' yes yes ' || bad "form fonts not embedded"
count=$((count + 1))
pdftoppm -r 60 -png "$tmp/f.pdf" "$art/form"
# an assessment (A2) form
a2=$(sql "SELECT min(id) FROM inspections WHERE kind = 'assessment'")
run 0 --db "$db" report form "$a2" -o "$tmp/a2.pdf"
pdftotext "$tmp/a2.pdf" "$tmp/a2.txt"
in_order "$tmp/a2.txt" "附件2" "计量标准考核工作监督检查表" "被检查部门"

# ---- published results: no personal data ----
run 0 --db "$db" report public --campaign "$camp" -o "$tmp/p.json"
same "$(jq -r .total "$tmp/p.json")" "$(sql "SELECT count(*) FROM inspections WHERE status = 'completed'")" "published"
run 0 --db "$db" report public --campaign "$camp" --format csv -o "$tmp/p.csv"
run 0 --db "$db" report public --campaign "$camp" --format atom -o "$tmp/p.atom"
count=$((count + 1))
xmllint --noout "$tmp/p.atom" || bad "Atom is not well-formed XML"
sql "SELECT contact_phone FROM units WHERE contact_phone IS NOT NULL
     UNION SELECT qualification_no FROM personnel WHERE qualification_no IS NOT NULL
     UNION SELECT sm3 FROM evidence UNION SELECT filename FROM evidence
     UNION SELECT DISTINCT submitted_by FROM rectifications UNION SELECT DISTINCT created_by FROM dispositions
     UNION SELECT name FROM inspectors WHERE length(name) >= 3" >"$tmp/personal"
same "$(($(wc -l <"$tmp/personal") > 100))" 1 "personal values to look for"
for f in p.json p.csv p.atom; do
    count=$((count + 1))
    if grep -F -f "$tmp/personal" "$tmp/$f" >"$tmp/hits"; then
        bad "$f holds personal data: $(head -c 300 "$tmp/hits")"
    fi
done

echo "t0120-report: $count checks, $fails failed"
[ "$fails" -eq 0 ]
