#!/usr/bin/env bash
# t0110-calc.sh - `msup calc KIND [FILE] < data.json`: the technical-check
# calculators on the command line (worked examples of domain-research.md
# §3-5), one line of JSON on stdout; bad input exits 1 naming the field in
# zh-CN and English; usage exits 2. Needs $MSUP; no database.
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

# calc EXPECTED_RC JSON ARGS...: feed JSON on stdin to msup ARGS.
calc() {
    local want=$1 json=$2 rc=0
    shift 2
    count=$((count + 1))
    printf '%s' "$json" | "$MSUP" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "msup $* exited $rc, expected $want"
        return 1
    fi
}
out_lacks() { check; ! grep -qF -- "$1" "$tmp/out" || bad "stdout has '$1'"; }
one_line() { check; [ "$(wc -l <"$tmp/out")" -eq 1 ] || bad "stdout is not one line"; }

# ---- worked examples ----
if calc 0 '{"x":200.0012,"U":0.002,"x_ref":200.0032,"U_ref":0.0015,"k_ref":3}' calc en; then
    one_line
    out_has '"en":-0.894427190991'
    out_has '"verdict":"pass"'
fi
creosote='[24.140,20.155,19.500,20.300,20.705,17.570,20.100,20.940,21.185]'
if calc 0 "{\"values\":$creosote}" calc algorithm-a; then
    out_has '"x":20.4121428571'
    out_has '"s":1.06983970'
    out_has '"converged":true'
    out_has '{"iter":1,"delta":1.42368'
fi
if calc 0 "{\"values\":$creosote,\"assigned\":\"algorithm-a\"}" calc zscore; then
    out_has '"class":"unsatisfactory"'
    out_has '"class":"questionable"'
    out_has '"verdict":"fail"'
fi
labs='[{"id":"pilot","y":1.000001,"U":4e-6},{"id":"L1","y":1.000002,"U":5e-6},{"id":"L2","y":1.000001,"U":5e-6},{"id":"L3","y":0.999990,"U":6e-6},{"id":"L4","y":0.999999,"U":5e-6},{"id":"L5","y":1.0,"U":5e-6},{"id":"L6","y":1.000004,"U":5e-6}]'
if calc 0 "{\"method\":\"comparison\",\"labs\":$labs}" calc verification; then
    out_has '"id":"L3","y":0.99999,"U":6e-6'
    out_has '"pass":false'
    out_has '"verdict":"fail"'
fi
if calc 0 "{\"method\":\"comparison\",\"labs\":$labs,\"lab\":6}" calc verification; then
    out_has '"verdict":"pass"'
fi
if calc 0 '{"values":[10.0012,10.0015,10.0011,10.0014,10.0013,10.0012,10.0016,10.0013,10.0012,10.0014],"s0":0.0002}' calc repeatability; then
    out_has '"mean":10.00132'
    out_has '"s":0.00015491933384'
    out_has '"verdict":"pass"'
fi
if calc 0 '{"means":[10,10,10,10],"mpe":0.02}' calc stability; then
    out_has '"value":0'
    out_has '"verdict":"pass"'
fi
if calc 0 '{"values":[1.000001,1.000002,1.000001,0.999990,0.999999,1.0,1.000004]}' calc grubbs; then
    out_has '"index":3'
    out_has '"g_crit":1.938'
    out_has '"outlier":true'
fi
if calc 0 '{"values":[5,5.2,4.9,5.1,5,4.8,5.1,5,5.2,4.9,5,9]}' calc control-chart; then
    out_has '"chart":"i-mr"'
    out_has '"rule_set":"gbt4091"'
    out_has '{"index":11,"value":9.0,"rules":[1]}'
    out_has '"points":[11]'
    out_has '"zones":{"plus1":'
fi
# from a file, and "-" for stdin
printf '%s' '{"x":10,"u":3,"x_pt":0,"u_pt":4}' >"$tmp/zeta.json"
if calc 0 '' calc zeta "$tmp/zeta.json"; then out_has '"zeta":2.0,'; fi
if calc 0 '{"x":3,"x_pt":0,"sigma_pt":1}' calc zscore -; then out_has '"verdict":"fail"'; fi

# ---- bad input: exit 1, the field named, nothing on stdout ----
if calc 1 '{"x":1,"U":0,"x_ref":2,"U_ref":0}' --lang en calc en; then
    err_has 'U'
    err_has 'the uncertainty must not be 0'
fi
if calc 1 '{"values":[2,2,2,2,2,3,4]}' calc algorithm-a; then err_has '稳健统计算法 A 无法计算'; fi
if calc 1 '{"values":[1,"a"]}' --lang en calc grubbs; then err_has 'values[1]'; fi
if calc 1 '{"values":[]}' --lang en calc algorithm-a; then err_has 'too few values'; fi
if calc 1 '{"values":[1,2,3,4,5,6,7,8,9,10],"s0":1,"bogus":1}' --lang en calc repeatability; then
    err_has 'bogus'
fi
if calc 1 '{"x":' --lang en calc en; then err_has 'malformed JSON'; fi
if calc 1 '[1,2]' --lang en calc en; then err_has 'JSON object'; fi
if calc 1 '{}' calc zscore "$tmp/missing.json"; then err_has "$tmp/missing.json"; fi
check
[ ! -s "$tmp/out" ] || bad "stdout of a failure is not empty"

# ---- usage: exit 2 ----
if calc 2 '' calc; then err_has 'msup calc'; fi
if calc 2 '{}' calc nosuch; then err_has 'msup calc'; fi
if calc 0 '' calc --help; then out_has 'msup calc'; fi

echo "t0110-calc: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
