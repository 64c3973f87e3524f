#!/usr/bin/env bash
# Mixed load (issue 9): wrk with bench/load.lua at a fixed rate against
# `msup serve` on the province demo dataset (SQLite), authenticated with a
# bearer token of the 江苏 provincial authority: detail reads, filtered
# lists, result saves and evidence uploads on the inspections of a fresh
# draw. Prints requests, rate, p50/p99/max latency, errors (non-2xx and
# socket errors; the goal is zero), the server's CPU time, and its RSS
# sampled every 5 s: first sample after warm-up (60 s, or a fifth of a short
# run) vs last vs max (the goal: flat).
#   bench/load.sh BUILD_DIR [SECONDS=600] [RATE=50]
set -euo pipefail
build=${1:?build dir}; secs=${2:-600}; rate=${3:-50}
msup=$(realpath "$build/msup")
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/msup-bench-load.XXXXXX)
port=$((20000 + RANDOM % 20000))
conns=32
cleanup() {
  [ -n "${KEEP:-}" ] && return 0
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT
export MSUP_PBKDF2_ITER=1000
# The 2021 campaign on site (draws and inspection work need its dates).
export MSUP_NOW=2021-06-15T02:00:00Z
db="sqlite:$out/b.db"
"$msup" --db "$db" demo --scale province --seed 3 >/dev/null
"$msup" --db "$db" user add load --role authority --authority 320000 --password 'Strong-1234x' >/dev/null
"$msup" --db "$db" serve --listen 127.0.0.1:$port --evidence-dir "$out/evidence" 2>"$out/serve.log" &
spid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/v1"
csrf=$(curl -sf -c "$out/cj" -H 'Content-Type: application/json' \
  -d '{"username":"load","password":"Strong-1234x"}' "$base/session" | jq -r .csrf_token)
uid=$(curl -sf -b "$out/cj" "$base/me" | jq -r .user.id)
curl -sf -b "$out/cj" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"old_password":"Strong-1234x","new_password":"Strong-5678y"}' "$base/users/$uid/password" >/dev/null
csrf=$(curl -sf -c "$out/cj" -H 'Content-Type: application/json' \
  -d '{"username":"load","password":"Strong-5678y"}' "$base/session" | jq -r .csrf_token)
token=$(curl -sf -b "$out/cj" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"load"}' "$base/tokens" | jq -r .token)
auth=(-H "Authorization: Bearer $token")
me=$(curl -sf "${auth[@]}" "$base/me" | jq -r .user.authority_id)
camp=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"name":"负载测试","year":2021}' "$base/campaigns" | jq -r .id)
draw=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"authority_id\":$me,\"kind\":\"units\",\"seed\":\"load\"}" "$base/campaigns/$camp/draws" | jq -r .id)
insp=$(curl -sf "${auth[@]}" "$base/inspections?draw_id=$draw&per_page=20" | jq -r '[.items[].id] | join(",")')
items=$(curl -sf "${auth[@]}" "$base/checklists/A1" | jq -r '[.items[].no] | join(",")')
# The standards the province may read: those its subtree certified (the
# scope of GET /standards/{id}); a range of ids, less a few certified by the
# national authority (LOAD_STD_SKIP: those would be 404, rightly).
scope="(SELECT path FROM authorities WHERE id = $me) || '%'"
read -r smin smax < <(sqlite3 -separator ' ' "$out/b.db" "SELECT min(s.id), max(s.id) FROM standards s
  JOIN authorities ca ON ca.id = s.cert_authority_id WHERE ca.path LIKE $scope")
skip=$(sqlite3 "$out/b.db" "SELECT group_concat(s.id) FROM standards s JOIN authorities ca
  ON ca.id = s.cert_authority_id WHERE s.id BETWEEN $smin AND $smax AND ca.path NOT LIKE $scope")
[ -n "$insp" ] || { echo "load.sh: the draw made no inspection" >&2; exit 1; }

# RSS every 5 s (kB): total, anonymous (heap: what a leak grows) and file
# (SQLite's mmap of the database: grows as more pages are read, bounded by
# the 64 MiB mmap_size and the file size), until killed.
(while kill -0 "$spid" 2>/dev/null; do
  awk '/^VmRSS/ {t = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {print t, a, f}' \
    "/proc/$spid/status" >>"$out/rss"
  sleep 5
done) &
sampler=$!
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
t0=$(ticks "$spid")
res=$(LOAD_TOKEN=$token LOAD_STD_MIN=$smin LOAD_STD_MAX=$smax LOAD_STD_SKIP=$skip LOAD_INSPECTIONS=$insp LOAD_ITEMS=$items \
  LOAD_DELAY_MS=$((conns * 1000 / rate)) \
  wrk -t2 -c$conns -d"${secs}s" --timeout 10s -s "$here/load.lua" "http://127.0.0.1:$port/" |
  awk '/^LOAD/')
t1=$(ticks "$spid")
kill "$sampler" 2>/dev/null || true
sampler=
read -r _ n rps p50 p99 pmax errs sockerr statuserr mix <<<"$res"
warm=$(( secs >= 300 ? 12 : secs / 25 + 1 )) # sample index after warm-up (60 s at 5 s)
mib() { echo "scale=1; $1 / 1024" | bc; }
read -r first first_a first_f < <(sed -n "${warm}p" "$out/rss")
read -r last last_a last_f < <(tail -1 "$out/rss")
max=$(sort -n "$out/rss" | tail -1 | cut -d' ' -f1)
max_a=$(sort -n -k2 "$out/rss" | tail -1 | cut -d' ' -f2)
cpu=$(echo "($t1 - $t0) / $(getconf CLK_TCK)" | bc -l)
printf 'mixed load: %s s at %s req/s target: %s requests (%s req/s), %s\n' "$secs" "$rate" "$n" "$rps" "$mix"
printf '  latency p50 %s ms, p99 %s ms, max %s ms\n' "$p50" "$p99" "$pmax"
printf '  errors: %s non-2xx, %s socket errors (goal 0)\n' "$errs" "$sockerr"
printf '  server CPU %.1f s (%.0f us per request)\n' "$cpu" "$(echo "$cpu * 1000000 / $n" | bc -l)"
printf '  RSS after warm-up %s MiB, last %s MiB, max %s MiB (%s samples)\n' \
  "$(mib "$first")" "$(mib "$last")" "$(mib "$max")" "$(wc -l <"$out/rss")"
printf '    anonymous (heap): after warm-up %s MiB, last %s MiB, max %s MiB\n' \
  "$(mib "$first_a")" "$(mib "$last_a")" "$(mib "$max_a")"
printf '    file (database mmap): after warm-up %s MiB, last %s MiB\n' "$(mib "$first_f")" "$(mib "$last_f")"
printf '    heap each minute (MiB): %s\n' "$(awk 'NR % 12 == 0 {printf "%.1f ", $2 / 1024}' "$out/rss")"
# Which routes answered other than 2xx (the server's own counters).
curl -sf "http://127.0.0.1:$port/metrics" |
  awk '/^msup_http_requests_total/ && !/status="2xx"/ && $NF > 0 {print "  non-2xx:", $0}' || true
grep -v '^msup: serving' "$out/serve.log" | head -5 || true
