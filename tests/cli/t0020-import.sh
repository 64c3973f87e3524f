#!/usr/bin/env bash
# t0020-import.sh - `msup import` and `msup export` on a temporary SQLite
# database: exit codes, the report in zh-CN and English, all or nothing,
# --partial, a GB18030 file from iconv, and export -> import round trips in
# CSV and XLSX. Needs $MSUP (the binary), sqlite3 and iconv.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# A new database with the authorities that the files refer to. There is no
# command that creates authorities, so the test inserts them directly.
newdb() {
    local db="$tmp/$1.db"
    "$MSUP" --db "sqlite:$db" init >/dev/null
    sqlite3 "$db" "INSERT INTO authorities (id, code, name, level, parent_id, path, created_at,
      updated_at) VALUES
      (1, '000000', '国家市场监督管理总局', 'national', NULL, '/1/', '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
      (2, '320000', '江苏省市场监督管理局', 'provincial', 1, '/1/2/', '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z'),
      (3, '320100', '南京市市场监督管理局', 'municipal', 2, '/1/2/3/', '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z');"
    echo "sqlite:$db"
}

rows() { sqlite3 "${1#sqlite:}" "SELECT count(*) FROM $2"; }

db=$(newdb main)

cat >"$tmp/units.csv" <<'EOF'
统一社会信用代码,单位名称,行政区划代码,单位类型,重点领域,主管部门代码,联系电话
914403001922038216,深圳计量器具有限公司,440300,企业,医疗卫生,320100,0755-1234
12100000400000624D,"南京计量研究院,一所",320102,法定计量检定机构,食品安全、环境保护,320100,
EOF

# ---- usage ----
run 2 --db "$db" import
run 2 --db "$db" import units
if runs 2 --db "$db" import widgets "$tmp/units.csv"; then err_has "导入类型无效：widgets"; fi
run 2 --db "$db" import units "$tmp/units.csv" extra
run 2 --db "$db" export
run 2 --db "$db" export units --format pdf

# ---- a good file: accepted, exit 0, nothing on stderr (no progress bar off a tty) ----
if runs 0 --db "$db" import units "$tmp/units.csv"; then
    out_has "已接受 2 行，拒绝 0 行"
    quiet_err
fi
check; [ "$(rows "$db" units)" = 2 ] || bad "units not imported"
check; [ "$(rows "$db" imports)" = 1 ] || bad "batch not recorded"

# ---- the same file again: duplicates, all or nothing ----
if runs 1 --db "$db" import units "$tmp/units.csv"; then
    out_has "第 2 行 uscc：已存在：914403001922038216"
    out_has "第 3 行 uscc："
    out_has "未写入任何数据"
fi

# ---- bad rows among good ones: nothing written, every bad row listed ----
cat >"$tmp/units2.csv" <<'EOF'
uscc,name,division_code,kind,authority_code
9144030071526726XG,好公司,440300,enterprise,320100
91350100M000100Y4Z,坏代码,320102,enterprise,320100
91320102MA1WXY1208,坏区划,329999,enterprise,320100
EOF
if runs 1 --db "$db" import units "$tmp/units2.csv"; then
    out_has "第 3 行 uscc：统一社会信用代码校验码错误"
    out_has "第 4 行 "
    out_has "已接受 0 行，拒绝 2 行"
fi
check; [ "$(rows "$db" units)" = 2 ] || bad "a refused import wrote rows"
if runs 1 --db "$db" --lang en import units "$tmp/units2.csv"; then
    out_has "row 3 uscc: the check character"
    out_has "accepted 0, rejected 2"
    out_has "nothing was written"
fi
if LANG=en_US.UTF-8 run 1 --db "$db" import units "$tmp/units2.csv"; then
    out_has "row 3 uscc:"
fi

# ---- --partial keeps the good row, still exits 1 ----
if runs 1 --db "$db" import units "$tmp/units2.csv" --partial; then
    out_has "已接受 1 行，拒绝 2 行"
fi
check; [ "$(rows "$db" units)" = 3 ] || bad "--partial did not keep the good row"

# ---- a missing column is an error about the file ----
printf 'uscc,name\n914403001922038216,x\n' >"$tmp/cols.csv"
if runs 1 --db "$db" import units "$tmp/cols.csv"; then
    err_has "缺少必需的列"
    err_has "division_code"
fi

# ---- standards in GB18030, as Excel on Chinese Windows saves them ----
cat >"$tmp/std.csv" <<'EOF'
建标单位统一社会信用代码,计量标准名称,计量标准代码,类别,测量范围,不确定度或准确度等级或最大允许误差,证书编号,发证机关代码,发证日期,有效期至,状态,重点领域
914403001922038216,二等量块标准装置,01110100,企事业单位最高计量标准,(0.5~100)mm,U=0.1μm,[2021]苏量标宁证字第0001号,320100,2021/3/5,2025/3/4,有效,医疗卫生
12100000400000624D,电能表检定装置,15110100,社会公用计量标准,,0.05级,[2021]苏量标宁证字第0002号,320100,2021-03-05,2025-03-04,,
EOF
iconv -f UTF-8 -t GB18030 "$tmp/std.csv" >"$tmp/std-gb.csv"
check; ! iconv -f UTF-8 -t UTF-8 "$tmp/std-gb.csv" >/dev/null 2>&1 || bad "the GB18030 file is valid UTF-8"
if runs 0 --db "$db" import standards "$tmp/std-gb.csv"; then
    out_has "已接受 2 行，拒绝 0 行"
    out_has "GB18030"
fi
if runs 0 --db "$db" export standards; then
    out_has "二等量块标准装置"
    out_has "[2021]苏量标宁证字第0001号,320100,2021-03-05,2025-03-04,有效,医疗卫生"
fi

# ---- bytes that are neither UTF-8 nor GB18030 ----
printf 'uscc,name\n\x81\x20,x\n' >"$tmp/bin.csv"
if runs 1 --db "$db" import units "$tmp/bin.csv"; then err_has "文件编码无法识别"; fi

# ---- apparatus and personnel, from standard input ----
printf '证书编号,设备名称,用途,检定/校准日期,下次溯源日期\n[2021]苏量标宁证字第0001号,量块,计量标准器,2021-03-01,2022-02-28\n' >"$tmp/app.csv"
run 0 --db "$db" import apparatus - <"$tmp/app.csv"
printf 'cert_no,name,in_charge\n[2021]苏量标宁证字第0001号,张三,是\n[2021]苏量标宁证字第0001号,李四,否\n' >"$tmp/ppl.csv"
run 0 --db "$db" import personnel - <"$tmp/ppl.csv"
check; [ "$(rows "$db" personnel)" = 2 ] || bad "personnel not imported"

# ---- round trips: export, import into a fresh database, export again ----
for kind in units standards apparatus personnel; do
    run 0 --db "$db" export "$kind" -o "$tmp/$kind.csv"
    run 0 --db "$db" export "$kind" --format xlsx -o "$tmp/$kind.xlsx"
    check; [ "$(head -c 2 "$tmp/$kind.xlsx")" = "PK" ] || bad "$kind.xlsx is not a zip"
done
for fmt in csv xlsx; do
    copy=$(newdb "copy-$fmt")
    for kind in units standards apparatus personnel; do
        runs 0 --db "$copy" import "$kind" "$tmp/$kind.$fmt" || continue
        runs 0 --db "$copy" export "$kind" -o "$tmp/$kind-again.csv" || continue
        check; cmp -s "$tmp/$kind.csv" "$tmp/$kind-again.csv" ||
            bad "$kind: the $fmt round trip changed the data"
    done
done
# The file name does not matter: the format is sniffed from the content.
cp "$tmp/units.xlsx" "$tmp/units-xlsx.csv"
copy=$(newdb sniff)
run 0 --db "$copy" import units "$tmp/units-xlsx.csv"

# ---- export to stdout starts with the UTF-8 BOM ----
if runs 0 --db "$db" export units; then
    check; [ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || bad "no BOM"
fi

echo "t0020-import: $count checks, $fails failed"
[ "$fails" -eq 0 ]
