#!/usr/bin/env bash
# t0040-audit.sh - `msup audit verify|export` on a SQLite database, and the
# outside check of docs/audit.md. The chain is built here from the documented
# rule alone (canonical JSON by hand, hashes with `openssl dgst -sm3`) and put
# in with the sqlite3 CLI: msup must accept it, export it byte for byte, and
# name the first broken seq once a row is changed or removed.
# Needs $MSUP (the binary), $MSUP_SRC (the source tree), sqlite3, openssl, jq.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
src=${MSUP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

same() { check; cmp -s "$1" "$2" || bad "$1 and $2 differ: $(diff "$1" "$2" | head -5)"; }

zero=0000000000000000000000000000000000000000000000000000000000000000
sm3() { openssl dgst -sm3 -r | cut -c1-64; }
sql() { sqlite3 "$1" "$2" >/dev/null; }

# ---- a chain built from the documented rule ----
db=$tmp/a.db
url=sqlite:$db
if runs 0 --db "$url" init; then :; fi
if runs 0 --db "$url" --lang en audit verify; then
    out_has "audit chain intact: 0 rows, head hash $zero"
fi

prev=$zero
seq=0
: >"$tmp/expected.jsonl"
# add TIME ACTOR ROLE CLIENT ACTION ENTITY ID CHANGE (CHANGE: canonical JSON)
add() {
    local canon hash q
    seq=$((seq + 1))
    canon="{\"action\":\"$5\",\"actor\":\"$2\",\"change\":$8,\"client\":\"$4\",\"entity\":\"$6\""
    canon="$canon,\"entity_id\":$7,\"prev_hash\":\"$prev\",\"role\":\"$3\",\"seq\":$seq"
    canon="$canon,\"time\":\"$1\"}"
    hash=$(printf '%s%s' "$prev" "$canon" | sm3)
    printf '%s,"hash":"%s"}\n' "${canon%\}}" "$hash" >>"$tmp/expected.jsonl"
    q=$(printf '%s' "$8" | sed "s/'/''/g")
    sql "$db" "INSERT INTO audit VALUES ($seq, '$1', '$2', '$3', '$4', '$5', '$6', $7, '$q',
               '$prev', '$hash'); UPDATE audit_head SET seq = $seq, hash = '$hash';"
    prev=$hash
}
add 2026-11-27T10:38:42Z 张三 authority 127.0.0.1 unit.create unit 42 \
    '{"name":"南京玄武精密仪器有限公司","note":"a/b \"q\" it'"'"'s","uscc":"91320102MA1WXY1200"}'
add 2026-11-27T10:40:03Z 张三 authority 127.0.0.1 standard.seal standard 7 \
    '{"after":{"status":"sealed"},"before":{"status":"active"},"reason":"证书过期"}'
add 2026-11-27T11:02:00Z aud auditor 10.0.0.8 read unit 42 '{"fields":["contact_phone"]}'
add 2026-11-28T08:00:00Z system system cli import units 0 'null'
head=$prev

if runs 0 --db "$url" --lang en audit verify; then
    out_has "audit chain intact: 4 rows, head hash $head"
fi
if runs 0 --db "$url" audit verify; then out_has "审计链完整：4 条记录"; fi

# ---- export: byte for byte what the rule gives ----
if runs 0 --db "$url" --lang en audit export -o "$tmp/export.jsonl"; then
    out_has "exported 4 audit rows"
    same "$tmp/export.jsonl" "$tmp/expected.jsonl"
fi
if runs 0 --db "$url" audit export; then same "$tmp/out" "$tmp/expected.jsonl"; fi

# ---- the outside check printed in docs/audit.md (zh and en copies agree) ----
awk '/^<!-- audit-verify.sh -->$/ {n++; grab=1; next}
     grab && /^```sh$/ {inside=1; next}
     inside && /^```$/ {inside=0; grab=0; next}
     inside {print > (dir "/doc-" n ".sh")}' dir="$tmp" "$src/docs/audit.md"
check
[ -s "$tmp/doc-1.sh" ] || bad "docs/audit.md has no marked verify script"
same "$tmp/doc-1.sh" "$tmp/doc-2.sh"
count=$((count + 1))
if (cd "$tmp" && sh doc-1.sh export.jsonl) >"$tmp/out" 2>"$tmp/err"; then
    out_has "ok: 4 rows, head $head"
else
    bad "the documented check rejects an intact export"
fi

# ---- tampering: one row changed ----
cp "$db" "$tmp/b.db"
sql "$tmp/b.db" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'root' WHERE seq = 2"
if runs 1 --db "sqlite:$tmp/b.db" --lang en audit verify; then
    out_has "broken at seq 2"
    out_has "does not match the hash"
fi
if runs 1 --db "sqlite:$tmp/b.db" audit verify; then out_has "审计链在 seq 2 处断裂"; fi
if runs 0 --db "sqlite:$tmp/b.db" audit export -o "$tmp/b.jsonl"; then
    count=$((count + 1))
    if (cd "$tmp" && sh doc-1.sh b.jsonl) >"$tmp/out" 2>"$tmp/err"; then
        bad "the documented check accepts a changed row"
    else
        out_has "broken at seq 2"
    fi
fi

# ---- tampering: the change of a row ----
cp "$db" "$tmp/c.db"
sql "$tmp/c.db" "DROP TRIGGER audit_no_update;
                 UPDATE audit SET change = '{\"fields\":[]}' WHERE seq = 3"
if runs 1 --db "sqlite:$tmp/c.db" --lang en audit verify; then out_has "broken at seq 3"; fi

# ---- tampering: a row removed, the last row removed, two rows swapped ----
cp "$db" "$tmp/d.db"
sql "$tmp/d.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2"
if runs 1 --db "sqlite:$tmp/d.db" --lang en audit verify; then out_has "broken at seq 2"; fi
cp "$db" "$tmp/e.db"
sql "$tmp/e.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4"
if runs 1 --db "sqlite:$tmp/e.db" --lang en audit verify; then
    out_has "broken at seq 4"
    out_has "removed"
fi
cp "$db" "$tmp/f.db"
sql "$tmp/f.db" "DROP TRIGGER audit_no_update; UPDATE audit SET seq = -1 WHERE seq = 1;
                 UPDATE audit SET seq = 1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = -1"
if runs 1 --db "sqlite:$tmp/f.db" --lang en audit verify; then out_has "broken at seq 1"; fi

# ---- the triggers refuse edits made without dropping them ----
check
if sqlite3 "$db" "UPDATE audit SET actor = 'root' WHERE seq = 1" 2>/dev/null; then
    bad "an audit row was updated"
fi
if runs 0 --db "$url" audit verify; then :; fi

# ---- usage ----
if runs 2 audit; then err_has "msup audit verify"; fi
if runs 2 --db "$url" audit bogus; then err_has "msup audit export"; fi
if runs 2 --db "$url" audit verify extra; then :; fi
if runs 2 --db "$url" audit export -x; then :; fi
if runs 1 --db "$url" audit export -o "$tmp/no/such/dir.jsonl"; then err_has "no/such/dir"; fi

echo "t0040-audit: $((count - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
