#!/usr/bin/env bash
# t0010-validate.sh - `msup validate`: exit codes, "ok" and details on stdout,
# reasons on stderr in zh-CN (default) and English (--lang en, LANG=en*).
# Needs $MSUP (the binary); no database.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE
export LANG=C.UTF-8
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

first_line_ok() { check; [ "$(head -n 1 "$tmp/out")" = "ok" ] || bad "first line is not 'ok'"; }

# ---- uscc: the real codes pass ----
for code in 914403001922038216 12100000400000624D 9144030071526726XG; do
    if runs 0 validate uscc "$code"; then
        first_line_ok; quiet_err; out_has "$code"
    fi
done
if runs 0 validate uscc 914403001922038216; then
    out_has "440300 广东省深圳市"; out_has "工商"; out_has "企业"
fi
if runs 0 validate uscc 12100000400000624D; then out_has "100000 (中央)"; fi
# normalised: lower case and spaces
if runs 0 validate uscc ' 9144030071526726xg '; then first_line_ok; out_has 9144030071526726XG; fi
if runs 0 validate uscc '9144 0300 7152 6726 XG'; then out_has 9144030071526726XG; fi

# ---- uscc: broken ones, zh-CN and English ----
if runs 1 validate uscc 91350100M000100Y4Z; then
    quiet_out; err_has "校验码"; err_has "'3'"
fi
if runs 1 --lang en validate uscc 91350100M000100Y4Z; then
    err_has "position 18 should be '3'"
fi
if runs 1 validate uscc 91350100M000100Y4Z --lang en; then err_has "should be '3'"; fi
if LANG=en_US.UTF-8 run 1 validate uscc 91350100M000100Y4Z; then err_has "should be '3'"; fi
if runs 1 validate uscc 9144030019220382O6; then err_has "'O'"; err_has "不允许"; fi
if runs 1 validate uscc 914403001922038I16 --lang en; then err_has "'I'"; err_has "not allowed"; fi
if runs 1 validate uscc 91440300192203821; then err_has "18"; err_has "17"; fi
if runs 1 validate uscc 941403001922038216 --lang en; then err_has "positions 1-2"; fi
if runs 1 validate uscc 919903001922038216 --lang en; then err_has "positions 3-8"; fi
if runs 1 validate uscc ''; then err_has "必填"; fi
# the GB 11714 check is a warning only
if runs 0 validate uscc 914403001922038229; then
    first_line_ok; out_has "GB 11714"; out_has "'1'"
fi
if runs 0 --lang en validate uscc 914403001922038229; then out_has "still valid"; fi

# ---- division ----
if runs 0 validate division 110108; then
    first_line_ok; quiet_err; out_has "北京市海淀区"; out_has "110000 北京市"; out_has "县级"
fi
if runs 0 validate division 320102; then out_has "江苏省南京市玄武区"; out_has "320100 南京市"; fi
if runs 0 validate division 320000 --lang en; then out_has "level: province"; fi
if runs 0 validate division 110108 --as-of 2021-06-01; then out_has "海淀区"; fi
if runs 1 validate division 999999; then quiet_out; err_has "不存在"; err_has 999999; fi
if runs 1 --lang en validate division 999999; then err_has "no such division code: 999999"; fi
if runs 1 validate division 11010; then err_has "6 位数字"; fi
if runs 1 validate division 11010x --lang en; then err_has "6 digits"; fi
if runs 1 validate division 110108 --as-of 2021-02-30; then err_has "2021-02-30"; fi

# ---- jjf1022 ----
if runs 0 validate jjf1022 01219000; then first_line_ok; out_has "几何量"; fi
if runs 0 validate jjf1022 65000000 --lang en; then out_has "agriculture"; fi
if runs 1 validate jjf1022 02000000; then err_has "02"; err_has "专业代码"; fi
if runs 1 validate jjf1022 01002100 --lang en; then err_has "only 00"; fi
if runs 1 validate jjf1022 0121900; then err_has "8 位数字"; fi

# ---- cert-no ----
if runs 0 validate cert-no '[2015]苏量标宁证字第0123号'; then
    first_line_ok; out_has "2015"; out_has "苏 (320000 江苏省)"; out_has "宁"; out_has "0123"
fi
if runs 0 validate cert-no '〔2015〕苏量标宁证字第0123号'; then
    out_has "[2015]苏量标宁证字第0123号"
fi
if runs 0 validate cert-no '［2021］国量标计证字第7号' --lang en; then
    out_has "province: 国 (central)"; out_has "serial: 7"
fi
if runs 1 validate cert-no '[2015]苏量标宁证字第号'; then err_has "流水号"; fi
if runs 1 validate cert-no '2015苏量标宁证字第0123号' --lang en; then err_has "[YEAR]"; fi
if runs 1 validate cert-no '[2015]苏量宁证字第0123号'; then err_has "量标"; fi

# ---- usage: exit 2 ----
if runs 2 validate; then err_has "msup validate"; fi
if runs 2 validate uscc; then err_has "msup validate"; fi
if runs 2 validate nonsense 1; then err_has "msup validate"; fi
if runs 2 validate uscc 1 2; then :; fi
if runs 2 validate uscc 914403001922038216 --as-of 2021-01-01; then :; fi
if runs 2 validate uscc 914403001922038216 --bogus; then :; fi
if runs 2 --lang en validate; then err_has "usage"; fi
if runs 0 validate --help; then out_has "msup validate"; fi

echo "t0010-validate: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
