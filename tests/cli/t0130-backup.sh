#!/usr/bin/env bash
# t0130-backup.sh - `msup backup` / `msup restore` on both backends (issue 9):
# a demo database with some writes; on SQLite a backup taken while a
# `msup serve` keeps writing (logins: sessions and audit rows); restore into
# a fresh target; the row count of every table of the restored database
# equals the backup's (and the source's once quiet); `msup audit verify`
# holds on the restore. Refused cases (existing target, non-empty
# PostgreSQL database, missing file, garbage file, a schema newer than the
# binary, a missing source) exit non-zero and write nothing.
# Needs $MSUP, sqlite3, curl; $MSUP_PG_STATE (scripts/pg-cluster) and psql
# for the PostgreSQL half (skipped with a note when absent).
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
pids=()
pgdbs=()
admin=
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for d in "${pgdbs[@]}"; do psql "$admin" -Xqc "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
unset LC_ALL LANGUAGE MSUP_DB MSUP_TODAY
export LANG=C.UTF-8 MSUP_PBKDF2_ITER=1000 MSUP_LOGIN_LIMIT=1000000
fails=0
count=0

# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
absent() { check; [ ! -e "$1" ] || bad "$1 exists"; }
# The "table rows" lines of a backup/restore summary, sorted.
counts() { awk '/^  [a-z_]+ +[0-9]+$/ {print $1, $2}' "$1" | sort; }
same_file() { check; cmp -s "$1" "$2" || bad "$3: $(diff "$1" "$2" | head -6)"; }
port() { echo $((20000 + RANDOM % 30000)); }
wait_up() {
    for _ in $(seq 200); do curl -sf "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
    return 1
}
# Row counts straight from a SQLite file, in the summary's format.
lite_counts() {
    local t
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
        echo "$t $(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"
    done | sort
}

# ------------------------------------------------------------------ SQLite
src=$tmp/src.db
"$MSUP" --db "sqlite:$src" demo --scale small --seed 7 >/dev/null 2>&1
"$MSUP" --db "sqlite:$src" user add ops1 --role sysadmin --password 'Opsx-1234-abc' >/dev/null
"$MSUP" --db "sqlite:$src" user add aud1 --role auditor --password 'Audx-1234-abc' >/dev/null

# A server that keeps writing: logins in a loop (a session and an audit row each).
p=$(port)
"$MSUP" --db "sqlite:$src" serve --listen "127.0.0.1:$p" 2>"$tmp/serve.log" &
pids+=($!)
wait_up "http://127.0.0.1:$p" || bad "server did not answer: $(cat "$tmp/serve.log")"
(
    while :; do
        curl -s -o /dev/null -H 'Content-Type: application/json' \
            -d '{"username":"ops1","password":"Opsx-1234-abc"}' "http://127.0.0.1:$p/api/v1/session"
    done
) &
pids+=($!)
writer=$!
sleep 0.5
before=$(sqlite3 "$src" "SELECT count(*) FROM sessions")
run 0 --db "sqlite:$src" backup "$tmp/live.bak"
out_has "已备份："
out_has "审计链头：seq "
counts "$tmp/out" >"$tmp/live.counts"
sleep 0.3
after=$(sqlite3 "$src" "SELECT count(*) FROM sessions")
kill "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
check
[ "$after" -gt "$before" ] || bad "the server did not write during the backup ($before -> $after sessions)"
absent "$tmp/live.bak.tmp"
# The copy is one self-contained, consistent file: the audit rows match its head.
check
[ "$(sqlite3 "$tmp/live.bak" "PRAGMA journal_mode")" = delete ] || bad "backup is not in journal_mode=delete"
check
[ "$(sqlite3 "$tmp/live.bak" "SELECT count(*) FROM audit")" = "$(sqlite3 "$tmp/live.bak" "SELECT max(seq) FROM audit")" ] ||
    bad "backup's audit rows and seq disagree"
same_file "$tmp/live.counts" <(lite_counts "$tmp/live.bak") "backup summary vs the backup file"

run 0 --db "sqlite:$tmp/r1.db" restore "$tmp/live.bak"
out_has "已恢复："
out_has "审计链完整"
counts "$tmp/out" >"$tmp/r1.counts"
same_file "$tmp/live.counts" "$tmp/r1.counts" "row counts: backup vs restore"
same_file "$tmp/live.counts" <(lite_counts "$tmp/r1.db") "row counts: backup vs restored file"
run 0 --db "sqlite:$tmp/r1.db" audit verify
out_has "审计链完整"
# The restored database is usable: a login there, on a server of its own.
p2=$(port)
"$MSUP" --db "sqlite:$tmp/r1.db" serve --listen "127.0.0.1:$p2" 2>"$tmp/serve2.log" &
pids+=($!)
wait_up "http://127.0.0.1:$p2" || bad "server on the restore did not answer"
check
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"username":"aud1","password":"Audx-1234-abc"}' "http://127.0.0.1:$p2/api/v1/session")
[ "$code" = 200 ] || [ "$code" = 201 ] || bad "login on the restored database: HTTP $code"
kill -TERM "${pids[-1]}"
wait "${pids[-1]}" 2>/dev/null || true

# Quiet source: backup and restore reproduce the source's counts exactly.
kill -TERM "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
run 0 --lang en --db "sqlite:$src" backup "$tmp/quiet.bak"
out_has "backed up: $tmp/quiet.bak"
out_has "audit head: seq "
counts "$tmp/out" >"$tmp/quiet.counts"
same_file "$tmp/quiet.counts" <(lite_counts "$src") "row counts: source vs backup"
run 0 --lang en --db "sqlite:$tmp/r2.db" restore "$tmp/quiet.bak"
out_has "audit chain intact"
same_file "$tmp/quiet.counts" <(counts "$tmp/out") "row counts: source vs restore"

# Refused: an existing target (without --force), untouched.
cp "$tmp/r1.db" "$tmp/r1.copy"
run 1 --db "sqlite:$tmp/r1.db" restore "$tmp/quiet.bak"
err_has "db: 目标数据库文件已存在"
err_has -- "--force"
same_file "$tmp/r1.db" "$tmp/r1.copy" "refused restore changed the target"
absent "$tmp/r1.db.tmp"
# --force replaces it (and only then).
run 0 --db "sqlite:$tmp/r1.db" restore --force "$tmp/quiet.bak"
same_file "$tmp/quiet.counts" <(lite_counts "$tmp/r1.db") "row counts after restore --force"
# A missing file, a garbage file, not an msup database, a newer schema.
run 1 --lang en --db "sqlite:$tmp/r3.db" restore "$tmp/nope.bak"
err_has "input: no such regular file"
absent "$tmp/r3.db"
head -c 5000 /dev/urandom >"$tmp/garbage.bak"
run 1 --lang en --db "sqlite:$tmp/r3.db" restore "$tmp/garbage.bak"
err_has "input: not a valid backup file"
absent "$tmp/r3.db"
absent "$tmp/r3.db.tmp"
sqlite3 "$tmp/other.db" "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"
run 1 --lang en --db "sqlite:$tmp/r3.db" restore "$tmp/other.db"
err_has "input: not a backup of an msup database"
absent "$tmp/r3.db"
cp "$tmp/quiet.bak" "$tmp/newer.bak"
sqlite3 "$tmp/newer.bak" "INSERT INTO schema_migrations VALUES (999, '999_future.sql', '2030-01-01T00:00:00Z')"
run 1 --db "sqlite:$tmp/r3.db" restore "$tmp/newer.bak"
err_has "input: 备份的数据库结构版本 999"
absent "$tmp/r3.db"
# Backup refusals: a missing source (not created), an unwritable output.
run 1 --db "sqlite:$tmp/none.db" backup "$tmp/x.bak"
err_has "db: 文件不存在"
absent "$tmp/none.db"
absent "$tmp/x.bak"
run 3 --db "sqlite:$src" backup "$tmp/no/such/dir/x.bak"
absent "$tmp/no/such/dir"
run 2 --db "sqlite:$src" backup
run 2 --db "sqlite:$src" restore
run 2 --db "sqlite:$src" restore --bogus x

# -------------------------------------------------------------- PostgreSQL
if [ -n "${MSUP_PG_STATE:-}" ] && [ -s "$MSUP_PG_STATE/url" ] && command -v psql >/dev/null; then
    admin=$(cat "$MSUP_PG_STATE/url")
    q=${admin#*\?}
    n=$$_$RANDOM
    for d in bk_src_$n bk_dst_$n bk_two_$n; do
        psql "$admin" -Xqc "CREATE DATABASE $d" >/dev/null
        pgdbs+=("$d")
    done
    psrc="postgresql:///bk_src_$n?$q"
    pdst="postgresql:///bk_dst_$n?$q"
    "$MSUP" --db "$psrc" demo --scale small --seed 7 >/dev/null 2>&1
    "$MSUP" --db "$psrc" user add ops1 --role sysadmin --password 'Opsx-1234-abc' >/dev/null
    run 0 --db "$psrc" backup "$tmp/pg.dump"
    counts "$tmp/out" >"$tmp/pg.counts"
    absent "$tmp/pg.dump.tmp"
    check
    [ "$(head -c 5 "$tmp/pg.dump")" = PGDMP ] || bad "not a pg_dump custom archive"
    run 0 --db "$pdst" restore "$tmp/pg.dump"
    out_has "审计链完整"
    same_file "$tmp/pg.counts" <(counts "$tmp/out") "pg row counts: source vs restore"
    run 0 --db "$pdst" audit verify
    # The restored sequences go on after the restored rows.
    run 0 --db "$pdst" user add ops2 --role auditor --password 'Opsx-1234-abc'
    run 0 --db "$pdst" audit verify
    # Refused: a non-empty target (even with --force: never merged), garbage, missing.
    run 1 --db "$pdst" restore "$tmp/pg.dump"
    err_has "db: 目标数据库不是空库"
    run 1 --db "$pdst" restore --force "$tmp/pg.dump"
    err_has "db: 目标数据库不是空库"
    ptwo="postgresql:///bk_two_$n?$q"
    run 1 --lang en --db "$ptwo" restore "$tmp/garbage.bak"
    err_has "input: not a valid backup file"
    run 1 --lang en --db "$ptwo" restore "$tmp/nope.dump"
    err_has "input: no such regular file"
    check
    [ "$(psql "postgresql:///bk_two_$n?$q" -XtAc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" = 0 ] ||
        bad "a refused restore wrote tables"
    # A database that is not there: exit 3 (the server refuses), no output file.
    run 3 --db "postgresql:///bk_none_$n?$q" backup "$tmp/none.dump"
    err_has "bk_none_$n"
    absent "$tmp/none.dump"
    absent "$tmp/none.dump.tmp"
else
    echo "t0130-backup: no MSUP_PG_STATE cluster, PostgreSQL half skipped"
fi

echo "t0130-backup: $count checks, $fails failed"
[ "$fails" -eq 0 ]
