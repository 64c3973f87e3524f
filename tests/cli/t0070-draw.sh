#!/usr/bin/env bash
# t0070-draw.sh - `msup draw verify`: recompute a draw offline from a roster
# file, zh-CN and English output, exit codes (0 ok, 1 bad roster / result /
# seed, 2 usage), one U recomputed with `openssl dgst -sm3` in bash, and the
# worked example of docs/draw.md run block by block against its printed
# output. Needs $MSUP and $MSUP_SRC, openssl with SM3, awk and jq; no database.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
: "${MSUP_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE
export LANG=C.UTF-8
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

same() { check; [ "$1" = "$2" ] || bad "$3: '$1' != '$2'"; }

for tool in openssl awk jq; do
    command -v "$tool" >/dev/null || { echo "t0070-draw: $tool is required" >&2; exit 1; }
done

# ---- a roster of five units (written out of canonical order) ----
cat >"$tmp/roster.json" <<'EOF'
{
  "algorithm": "msup-draw-1", "kind": "units", "authority": "320100",
  "as_of": "2026-06-01", "rate": 0.2,
  "units": [
    {"uscc": "91320100MA1A00032H", "name": "南京丙化工有限公司", "complaints_24m": 0,
     "serious_violation": true, "credit_class": "D",
     "standards": [{"cert_no": "[2015]苏量标宁证字第0007号", "field": "04",
                    "sectors": ["production_safety", "environment"]}]},
    {"uscc": "91320100MA1A00016U", "name": "南京甲精密测量有限公司", "complaints_24m": 0,
     "serious_violation": false, "credit_class": "A",
     "standards": [{"cert_no": "[2015]苏量标宁证字第0002号", "field": "04", "sectors": []},
                   {"cert_no": "[2015]苏量标宁证字第0001号", "field": "01", "sectors": []}]},
    {"uscc": "12320100466000010A", "name": "南京市计量监督检测院", "complaints_24m": 1,
     "serious_violation": false, "credit_class": null,
     "standards": [{"cert_no": "[2015]苏量标宁证字第0003号", "field": "01", "sectors": []}]},
    {"uscc": "91320100MA1A00040C", "name": "南京丁电子有限公司", "complaints_24m": 0,
     "serious_violation": false, "credit_class": "B",
     "standards": [{"cert_no": "[2015]苏量标宁证字第0008号", "field": "01", "sectors": []}]},
    {"uscc": "91320100MA1A000674", "name": "南京己建材有限公司", "complaints_24m": 3,
     "serious_violation": false, "credit_class": "C",
     "standards": [{"cert_no": "[2015]苏量标宁证字第0011号", "field": "04", "sectors": []}]}
  ]
}
EOF
seed='t0070 第2轮'
if runs 0 draw verify --roster "$tmp/roster.json" --seed "$seed"; then
    quiet_err
    out_has "算法 msup-draw-1"
    out_has "名录数 N = 5，抽查比例 r = 0.2，配额 k = ceil(r × N) = 1"
    # the digest is SM3 of the canonical form, which jq rebuilds independently
    want=$(jq -cjS '.units |= (sort_by(.uscc) | map(.standards |= (sort_by(.cert_no) | map(.sectors |= sort))))' \
        "$tmp/roster.json" | openssl dgst -sm3 | awk '{print $NF}')
    out_has "名录摘要 roster_digest（SM3）：$want"
    # two fields (01, 04): coverage selects two units, more than k = 1
    rows=$(grep -c '^[0-9]' "$tmp/out" || true)
    same "$rows" 2 "selected rows"
    out_has "多于 k"
    # one U, recomputed in bash from openssl: row 1 is "rank uscc name w U key reason"
    uscc=$(awk -F'\t' '$1 == "1" { print $2 }' "$tmp/out")
    u_msup=$(awk -F'\t' '$1 == "1" { print $5 }' "$tmp/out")
    w_msup=$(awk -F'\t' '$1 == "1" { print $4 }' "$tmp/out")
    key_msup=$(awk -F'\t' '$1 == "1" { print $6 }' "$tmp/out")
    h=$(printf '%s' "$seed|$uscc" | openssl dgst -sm3 | awk '{print $NF}')
    m=$(( 0x${h:0:14} >> 3 ))
    u_bash=$(awk -v m="$m" 'BEGIN { printf "%.17g", (m + 0.5) / 2^53 }')
    same "$u_bash" "$u_msup" "U($uscc)"
    key_bash=$(awk -v u="$u_bash" -v w="$w_msup" 'BEGIN { printf "%.17g", log(u) / w }')
    same "$key_bash" "$key_msup" "key($uscc)"
    out_has "检查计量标准"
fi
if runs 0 --lang en draw verify --roster "$tmp/roster.json" --seed "$seed"; then
    out_has "roster size N = 5, rate r = 0.2, quota k = ceil(r x N) = 1"
    out_has "more than k"
    out_has "inspect standard"
fi
# the same draw as JSON, then compared with itself (exit 0) and a tampered copy (exit 1)
if runs 0 draw verify --roster "$tmp/roster.json" --seed "$seed" --json; then
    cp "$tmp/out" "$tmp/result.json"
    same "$(jq -r '.k' "$tmp/result.json")" 1 "k in the JSON"
    check
    awk -v a="$(jq -r '.items[0].u' "$tmp/result.json")" -v b="$u_msup" 'BEGIN { exit !(a == b) }' ||
        bad "U in the JSON is not $u_msup"
fi
if runs 0 draw verify --roster "$tmp/roster.json" --seed "$seed" --result "$tmp/result.json"; then
    out_has "与发布的结果一致"
fi
jq '.items[1].reason = "quota"' "$tmp/result.json" >"$tmp/tampered.json"
if runs 1 draw verify --roster "$tmp/roster.json" --seed "$seed" --result "$tmp/tampered.json"; then
    out_has "items[1].reason"; out_has "与发布的结果不一致"
fi
if runs 1 --lang en draw verify --roster "$tmp/roster.json" --seed other --result "$tmp/result.json"; then
    out_has "differs from the published result"
fi
# seed commitment
commit=$(printf '%s' "$seed" | openssl dgst -sm3 | awk '{print $NF}')
if runs 0 draw verify --roster "$tmp/roster.json" --seed "$seed" --commit "$commit"; then
    out_has "种子与承诺哈希一致"
fi
if runs 1 draw verify --roster "$tmp/roster.json" --seed "t0070 第3轮" --commit "$commit"; then
    err_has "承诺"
fi

# ---- a roster of subordinate authorities ----
cat >"$tmp/auth.json" <<'EOF'
{"algorithm":"msup-draw-1","kind":"authorities","authority":"320100","as_of":"2026-06-01","rate":0.4,
 "authorities":[{"code":"320102","name":"玄武区市场监督管理局","complaints_24m":0},
                {"code":"320104","name":"秦淮区市场监督管理局","complaints_24m":1},
                {"code":"320105","name":"建邺区市场监督管理局","complaints_24m":4},
                {"code":"320106","name":"鼓楼区市场监督管理局","complaints_24m":0},
                {"code":"320111","name":"江宁区市场监督管理局","complaints_24m":2}]}
EOF
# by hand (tests/unit/test_draw.c): 320104 then 320106
if runs 0 draw verify --roster "$tmp/auth.json" --seed '2026-06-01 南京 第1轮'; then
    out_has "配额 k = ceil(r × N) = 2"
    same "$(awk -F'\t' '$1 == "1" { print $2 }' "$tmp/out")" 320104 "rank 1"
    same "$(awk -F'\t' '$1 == "2" { print $2 }' "$tmp/out")" 320106 "rank 2"
    out_has "机构代码"
fi

# ---- broken rosters: exit 1 and the JSON path ----
jq '.units[1].standards[0].field = "99"' "$tmp/roster.json" >"$tmp/b1.json"
if runs 1 draw verify --roster "$tmp/b1.json" --seed x; then
    err_has "units[1].standards[0].field"; err_has "专业领域代码无效：99"
fi
jq '.rate = 1.5' "$tmp/roster.json" >"$tmp/b2.json"
if runs 1 --lang en draw verify --roster "$tmp/b2.json" --seed x; then err_has "rate: invalid rate: 1.5"; fi
jq '.units[3].uscc = .units[0].uscc' "$tmp/roster.json" >"$tmp/b3.json"
if runs 1 draw verify --roster "$tmp/b3.json" --seed x; then err_has "units[3].uscc"; err_has "重复"; fi
jq '.units[2].complaints_24m = "1"' "$tmp/roster.json" >"$tmp/b4.json"
if runs 1 draw verify --roster "$tmp/b4.json" --seed x; then err_has "units[2].complaints_24m"; fi
head -c 200 "$tmp/roster.json" >"$tmp/b5.json"
if runs 1 draw verify --roster "$tmp/b5.json" --seed x; then err_has "JSON"; err_has "line"; fi
if runs 1 draw verify --roster "$tmp/missing.json" --seed x; then err_has "missing.json"; fi
if runs 1 draw verify --roster "$tmp/roster.json" --seed x --result "$tmp/b5.json"; then
    err_has "result"
fi

# ---- usage: exit 2 ----
if runs 2 draw; then err_has "msup draw verify"; fi
if runs 2 draw verify --roster "$tmp/roster.json"; then err_has "--seed"; fi
if runs 2 draw verify --seed x; then :; fi
if runs 2 draw verify --roster "$tmp/roster.json" --seed x extra; then :; fi
if runs 2 draw verify --roster "$tmp/roster.json" --seed x --bogus; then :; fi
if runs 2 draw run; then err_has "msup draw commit --campaign 编号"; fi
if runs 2 --lang en draw assign; then err_has "assign DRAW_ID --seed SEED"; fi
if runs 0 draw verify --help; then out_has "msup draw verify"; fi

# ---- docs/draw.md: the worked example, every bash block against its output ----
doc="$MSUP_SRC/docs/draw.md"
ex="$tmp/example"
mkdir -p "$ex/bin"
ln -s "$MSUP" "$ex/bin/msup"
# the roster shown in the doc (keys and units already in canonical order)
awk '/^```json$/ { on = 1; next } on && /^```$/ { exit } on' "$doc" | jq -cj . >"$ex/roster.json"
same "$(openssl dgst -sm3 "$ex/roster.json" | awk '{print $NF}')" \
    7ff8e85043563a4441bced51fbe04f55f12df6245f089437bfe84fe8ecf4b20e "digest of the doc's roster"
"$MSUP" draw verify --roster "$ex/roster.json" --seed '2026-06-01 南京 第1轮' --json >"$ex/result.json"
# split into block N (bash) and, when one follows, expect N (text)
awk -v dir="$ex" '
    /^```bash$/ { n++; f = dir "/block" n; kind = "b"; next }
    /^```text$/ { if (kind == "done_b") { f = dir "/expect" n; kind = "t" } else f = ""; next }
    /^```/ { if (kind == "b") kind = "done_b"; else kind = ""; f = ""; next }
    f != "" { print > f }
' "$doc"
nblocks=$(ls "$ex"/block* | wc -l)
check
[ "$nblocks" -ge 8 ] || bad "docs/draw.md has only $nblocks bash blocks"
{
    for i in $(seq 1 "$nblocks"); do
        echo "echo '@@@BLOCK $i'"
        cat "$ex/block$i"
    done
} >"$ex/all.sh"
(cd "$ex" && PATH="$ex/bin:$PATH" bash -e all.sh >"$ex/all.out" 2>"$ex/all.err") ||
    { check; bad "the doc's commands failed: $(cat "$ex/all.err")"; }
awk -v dir="$ex" '/^@@@BLOCK / { f = dir "/got" $2; printf "" > f; next } { print > f }' "$ex/all.out"
for i in $(seq 1 "$nblocks"); do
    [ -f "$ex/expect$i" ] || continue
    check
    if ! diff -u "$ex/expect$i" "$ex/got$i" >"$ex/diff$i"; then
        echo "FAIL: docs/draw.md block $i prints something else:" >&2
        cat "$ex/diff$i" >&2
        fails=$((fails + 1))
    fi
done

echo "t0070-draw: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
