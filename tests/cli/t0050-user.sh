#!/usr/bin/env bash
# t0050-user.sh - `msup user add|passwd|lock|unlock|list`: the operator's
# accounts on a temporary SQLite database (demo registry for authorities and
# units): exit codes, messages naming the field in zh-CN and English,
# passwords from --password or standard input, first-login flag, locks.
# Needs $MSUP (the binary).
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8
export MSUP_PBKDF2_ITER=1000 # fast hashes
db="sqlite:$tmp/x.db"
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# run EXPECTED_RC ARGS...: msup --db $db ARGS with stdin from $tmp/in.
run() {
    local want=$1 rc=0
    shift
    count=$((count + 1))
    "$MSUP" --db "$db" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "msup $* exited $rc, expected $want"
        return 1
    fi
}
input() { printf '%s\n' "$@" >"$tmp/in"; }

out_lacks() { check; ! grep -qF -- "$1" "$tmp/out" || bad "stdout has '$1'"; }
line_has() { # line_has USERNAME TEXT: the list line of USERNAME contains TEXT
    check
    grep -E "^$1 " "$tmp/out" | grep -qF -- "$2" || bad "list line of $1 lacks '$2'"
}

input ""
"$MSUP" --db "$db" demo --scale small --seed 7 >/dev/null 2>&1
"$MSUP" --db "$db" export units --format csv >"$tmp/units.csv"
uscc=$(sed -n 3p "$tmp/units.csv" | cut -d, -f1)
[ ${#uscc} -eq 18 ] || { echo "no unit USCC from the demo data" >&2; exit 1; }

# ---- add: password given, or from standard input ----
if run 0 user add sec1 --role secadmin --password 'Sec-admin-2027'; then
    out_has "sec1"; out_has "secadmin"; out_has "首次登录须修改密码"
fi
input 'Jing-2027-pass'
if run 0 user add js.staff --role authority --authority 110000 --name 张三; then
    out_has "js.staff"; out_has "110000"
fi
input 'Unit#pass-2027'
if run 0 --lang en user add Unit.One --role unit --unit "$uscc"; then
    out_has "account unit.one created"; out_has "$uscc"; out_has "changed at first login"
fi
input ""

# ---- bad input names the field; nothing is written ----
if run 1 user add weak --role authority --authority 110000 --password 'abcdefgh'; then
    err_has "password"; err_has "至少 3 类"
fi
if run 1 --lang en user add weak --role authority --authority 110000 --password 'Ab1!'; then
    err_has "password"; err_has "at least 8 characters"
fi
if run 1 user add weak --role authority --authority 110000 --password 'Weak-user-1'; then
    err_has "不能包含用户名"
fi
if run 1 user add xuser1 --role admin --password 'Good-pass-2027'; then err_has "role"; fi
if run 1 user add xuser1 --role authority --password 'Good-pass-2027'; then
    err_has "authority_id"; err_has "必填"
fi
if run 1 user add xuser1 --role authority --authority 999999 --password 'Good-pass-2027'; then
    err_has "authority_code"; err_has "999999"
fi
if run 1 --lang en user add xuser1 --role unit --unit 91110000MA00000000 --password 'Good-pass-2027'
then
    err_has "unit_uscc"; err_has "no such unit"
fi
if run 1 user add xuser1 --role auditor --authority 110000 --password 'Good-pass-2027'; then
    err_has "authority_code"
fi
if run 1 user add 9lives --role auditor --password 'Good-pass-2027'; then err_has "username"; fi
if run 1 user add sec1 --role secadmin --password 'Sec-admin-2028'; then
    err_has "username"; err_has "已存在"
fi
input ""
if run 1 user add xuser2 --role auditor; then err_has "password"; err_has "必填"; fi

# ---- list ----
if run 0 user list; then
    out_has "用户名"
    line_has sec1 secadmin; line_has sec1 "是"
    line_has js.staff 110000
    line_has unit.one "$uscc"
    out_lacks "weak"; out_lacks "xuser1"; out_lacks "xuser2"; out_lacks "pbkdf2"
fi
if run 0 --lang en user list --role unit; then
    out_has "username"; line_has unit.one "no"; out_lacks "sec1"
fi
if run 1 user list --role root; then err_has "role"; fi

# ---- lock / unlock ----
if run 0 user lock js.staff; then out_has "已锁定账户 js.staff"; fi
if run 0 user list; then line_has js.staff "管理员锁定"; fi
if run 0 --lang en user unlock js.staff; then out_has "account js.staff unlocked"; fi
if run 0 --lang en user list; then line_has js.staff " no "; fi
if run 1 user lock nobody; then err_has "nobody"; fi

# ---- passwd: a reset, to be changed at the next login ----
if run 1 user passwd js.staff --password 'short'; then err_has "password"; fi
if run 1 user passwd js.staff --password 'Jing-2027-pass'; then err_has "相同"; fi
input 'Reset-2027-pass'
if run 0 user passwd js.staff; then out_has "已重置"; fi
input ""
if run 1 user passwd ghost --password 'Reset-2027-pass'; then err_has "ghost"; fi

# ---- the audit trail has every change ----
if run 0 audit verify; then :; fi

# ---- usage: exit 2 ----
if run 2 user; then err_has "msup user"; fi
if run 2 user frob; then err_has "msup user"; fi
if run 2 user add; then err_has "msup user add"; fi
if run 2 user add onlyname; then err_has "--role"; fi
if run 2 user lock a b; then :; fi
if run 2 user lock a --password x; then :; fi
if run 2 user list extra; then :; fi

echo "t0050-user: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
