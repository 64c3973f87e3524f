#!/usr/bin/env bash
# t0060-serve.sh - `msup serve` as an operator meets it: TLS with a
# self-signed certificate (the session cookie is then Secure), refusal of bad
# listen addresses and half a TLS pair, a port already in use, and a clean
# exit 0 on SIGTERM. Needs $MSUP, openssl, curl.
set -euo pipefail

: "${MSUP:?set MSUP to the msup binary}"
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
unset LC_ALL LANGUAGE MSUP_DB
export LANG=C.UTF-8 MSUP_PBKDF2_ITER=1000
fails=0
count=0
db="sqlite:$tmp/s.db"
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { count=$((count + 1)); }
port() { echo $((20000 + RANDOM % 30000)); }
wait_up() {
    for _ in $(seq 100); do curl -skf "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
    return 1
}

"$MSUP" --db "$db" init >/dev/null
"$MSUP" --db "$db" user add ops1 --role sysadmin --password 'Opsx-1234-abc' >/dev/null

# TLS: a self-signed certificate for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
    -days 2 -subj "/CN=127.0.0.1" >/dev/null 2>&1
p=$(port)
"$MSUP" --db "$db" serve --listen "127.0.0.1:$p" --tls-cert "$tmp/cert.pem" \
    --tls-key "$tmp/key.pem" 2>"$tmp/tls.log" &
pids+=($!)
check
wait_up "https://127.0.0.1:$p" || bad "TLS server did not answer: $(cat "$tmp/tls.log")"
check
curl -sk -D "$tmp/h" -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"ops1","password":"Opsx-1234-abc"}' "https://127.0.0.1:$p/api/v1/session"
grep -qi '^set-cookie: msup_session=.*; Secure' "$tmp/h" || bad "cookie over TLS lacks Secure: $(cat "$tmp/h")"
check
grep -qi 'HttpOnly' "$tmp/h" && grep -qi 'SameSite=Strict' "$tmp/h" || bad "cookie flags missing"
check
curl -s -o /dev/null "http://127.0.0.1:$p/healthz" 2>/dev/null && bad "plain HTTP answered on the TLS port"
kill -TERM "${pids[-1]}"
rc=0
wait "${pids[-1]}" || rc=$?
check
[ "$rc" -eq 0 ] || bad "TLS server exited $rc on SIGTERM"

# Plain HTTP on loopback: the cookie is not Secure; SIGTERM exits 0.
p=$(port)
"$MSUP" --db "$db" serve --listen "127.0.0.1:$p" 2>"$tmp/plain.log" &
pids+=($!)
check
wait_up "http://127.0.0.1:$p" || bad "server did not answer"
curl -s -D "$tmp/h" -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"ops1","password":"Opsx-1234-abc"}' "http://127.0.0.1:$p/api/v1/session"
check
grep -qi '^set-cookie: msup_session=' "$tmp/h" && ! grep -qi 'Secure' "$tmp/h" || bad "plain cookie: $(cat "$tmp/h")"

# The same port again: refused with the address named, exit 1.
rc=0
"$MSUP" --db "$db" serve --listen "127.0.0.1:$p" >"$tmp/out" 2>"$tmp/err" || rc=$?
check
[ "$rc" -eq 1 ] && grep -q "127.0.0.1:$p" "$tmp/err" || bad "port in use: rc $rc, $(cat "$tmp/err")"
kill -TERM "${pids[-1]}"
rc=0
wait "${pids[-1]}" || rc=$?
check
[ "$rc" -eq 0 ] || bad "server exited $rc on SIGTERM"

# Bad listen addresses and half a TLS pair: exit 1, the option named.
for l in "nonsense" "127.0.0.1:99999" "300.1.1.1:80" "[::1:80"; do
    rc=0
    "$MSUP" --db "$db" serve --listen "$l" >"$tmp/out" 2>"$tmp/err" || rc=$?
    check
    [ "$rc" -eq 1 ] && grep -q "listen" "$tmp/err" || bad "listen '$l': rc $rc, $(cat "$tmp/err")"
done
rc=0
"$MSUP" --db "$db" --lang en serve --listen 127.0.0.1:0 --tls-cert "$tmp/cert.pem" >"$tmp/out" 2>"$tmp/err" || rc=$?
check
[ "$rc" -eq 1 ] && grep -q "tls" "$tmp/err" || bad "half TLS pair: rc $rc, $(cat "$tmp/err")"
rc=0
"$MSUP" --db "$db" serve --listen 127.0.0.1:0 --tls-cert "$tmp/nope.pem" --tls-key "$tmp/key.pem" >"$tmp/out" 2>"$tmp/err" || rc=$?
check
[ "$rc" -eq 1 ] && grep -q "tls-cert" "$tmp/err" || bad "missing cert file: rc $rc, $(cat "$tmp/err")"

echo "t0060-serve: $count checks, $fails failed"
[ "$fails" -eq 0 ]
