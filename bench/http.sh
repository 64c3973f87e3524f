#!/usr/bin/env bash
# HTTP benchmark: wrk on 127.0.0.1, 64 keep-alive connections, authenticated
# with a bearer token, against `msup serve` on the province demo dataset:
#   GET /api/v1/standards/{id}          (random ids)
#   GET /api/v1/standards?field=..&per_page=50   (a filtered 50-row page)
# each as a ratio to nginx serving a static file of the same size in the
# same run, with wrk's p99 latency, the server CPU time per request (msup
# and nginx) and msup's peak RSS. The list is measured twice: as served
# (its rows come from the rendered-row cache, src/http/rowcache.c, after the
# first request) and by a second server started with --row-cache 0, where
# every row is read and written as JSON on every request.
#   bench/http.sh BUILD_DIR [SECONDS]
# HTTP_SCALE (province) and HTTP_UNITS (the scale's size) choose the demo data
# set; BENCH_PG_URL runs the server on PostgreSQL (bench/lib.sh).
set -euo pipefail
build=${1:?build dir}; secs=${2:-10}
. "$(dirname "$0")/lib.sh"
scale=${HTTP_SCALE:-province}; units=${HTTP_UNITS:-}
msup=$(realpath "$build/msup")
out=$(mktemp -d /tmp/msup-bench-http.XXXXXX)
port=$((20000 + RANDOM % 20000)); nport=$((port + 1))
cleanup() {
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null || true
  [ -f "$out/nginx.pid" ] && kill -QUIT "$(cat "$out/nginx.pid")" 2>/dev/null || true
  [ -n "${db:-}" ] && bench_dropdb "$db"
  rm -rf "$out"
}
trap cleanup EXIT
export MSUP_PBKDF2_ITER=1000
db=$(bench_newdb msup_bench_http "$out")
"$msup" --db "$db" demo --scale "$scale" ${units:+--units "$units"} --seed 3 >/dev/null
# PostgreSQL: the statistics and visibility map autovacuum gives a table within
# a minute of a bulk load (the benchmark would otherwise start before it)
if [ "$(bench_backend)" = pg ]; then bench_sql "$db" "VACUUM ANALYZE"; fi
"$msup" --db "$db" user add bench --role authority --authority 000000 --password 'Strong-1234x' >/dev/null
"$msup" --db "$db" serve --listen 127.0.0.1:$port 2>"$out/serve.log" & spid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/v1"
csrf=$(curl -sf -c "$out/cj" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"Strong-1234x"}' "$base/session" | jq -r .csrf_token)
curl -sf -b "$out/cj" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"old_password":"Strong-1234x","new_password":"Strong-5678y"}' "$base/users/1/password" >/dev/null
csrf=$(curl -sf -c "$out/cj" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"Strong-5678y"}' "$base/session" | jq -r .csrf_token)
token=$(curl -sf -b "$out/cj" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench"}' "$base/tokens" | jq -r .token)
nstd=$(bench_sql "$db" "SELECT max(id) FROM standards")
list_q="standards?field=12&status=active&per_page=50"
# Reference files of the same size as msup's answers.
mkdir -p "$out/www"
curl -sf -H "Authorization: Bearer $token" "$base/standards/1" >"$out/www/detail.json"
curl -sf -H "Authorization: Bearer $token" "$base/$list_q" >"$out/www/list.json"
cat >"$out/nginx.conf" <<NGX
worker_processes 2; pid $out/nginx.pid; error_log $out/nginx.err;
events { worker_connections 1024; }
http { access_log off; sendfile on; keepalive_requests 1000000;
  server { listen 127.0.0.1:$nport; root $out/www; } }
NGX
nginx -p "$out" -c "$out/nginx.conf"
cat >"$out/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %d\n", summary.requests / (summary.duration / 1e6),
                         latency:percentile(99) / 1000, summary.requests))
end
LUA
cat >"$out/detail.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format(nil, "/api/v1/standards/" .. math.random(1, $nstd)) end
$(cat "$out/report.lua")
LUA
cat >"$out/list.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
$(cat "$out/report.lua")
LUA
# CPU time (user + system, clock ticks) of the server processes: msup, or
# nginx's master and workers. On a machine shared with other work the
# throughput ratio moves with the load; CPU per request barely does.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
nginx_pids() { echo "$(cat "$out/nginx.pid") $(pgrep -P "$(cat "$out/nginx.pid")" | tr '\n' ' ')"; }
msup_pids() { echo "$spid $(bench_pg_pids)"; }
# run LUA URL PIDS_FN: prints req/s, p99 ms, server CPU microseconds per
# request. One second of warm-up first: the server opens its pool (on
# PostgreSQL: starts its backends, whose CPU counts only if they exist
# when PIDS_FN lists them) and fills its caches.
run() {
  local s="$1" u="$2" f="$3" t0 t1 res pids
  wrk -t2 -c64 -d1s -s "$s" "$u" >/dev/null
  pids=$($f)
  t0=$(ticks $pids)
  res=$(wrk -t2 -c64 -d"${secs}s" -s "$s" "$u" | awk '/^RESULT/ {print $2, $3, $4}')
  t1=$(ticks $pids)
  set -- $res
  echo "$1 $2 $(echo "($t1 - $t0) * 1000000 / $(getconf CLK_TCK) / $3" | bc -l | xargs printf '%.0f')"
}
# on PostgreSQL the server's CPU includes the cluster's (bench/lib.sh)
read -r d_rps d_p99 d_cpu < <(run "$out/detail.lua" "http://127.0.0.1:$port/" msup_pids)
read -r n1_rps n1_p99 n1_cpu < <(run "$out/report.lua" "http://127.0.0.1:$nport/detail.json" nginx_pids)
read -r l_rps l_p99 l_cpu < <(run "$out/list.lua" "http://127.0.0.1:$port/api/v1/$list_q" msup_pids)
read -r n2_rps n2_p99 n2_cpu < <(run "$out/report.lua" "http://127.0.0.1:$nport/list.json" nginx_pids)
rss=$(awk '/VmHWM/ {print $2}' /proc/$spid/status)
kill "$spid" && wait "$spid" 2>/dev/null || true
"$msup" --db "$db" serve --listen 127.0.0.1:$port --row-cache 0 2>>"$out/serve.log" & spid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
read -r c_rps c_p99 c_cpu < <(run "$out/list.lua" "http://127.0.0.1:$port/api/v1/$list_q" msup_pids)
printf 'detail: msup %s req/s (p99 %s ms) vs nginx %s req/s (p99 %s ms), %s bytes: ratio %.2f (goal >= 0.5)\n' \
  "$d_rps" "$d_p99" "$n1_rps" "$n1_p99" "$(stat -c %s "$out/www/detail.json")" "$(echo "$d_rps / $n1_rps" | bc -l)"
printf '        server CPU per request: msup %s us, nginx %s us\n' "$d_cpu" "$n1_cpu"
printf 'list:   msup %s req/s (p99 %s ms) vs nginx %s req/s (p99 %s ms), %s bytes: ratio %.2f (goal >= 0.25)\n' \
  "$l_rps" "$l_p99" "$n2_rps" "$n2_p99" "$(stat -c %s "$out/www/list.json")" "$(echo "$l_rps / $n2_rps" | bc -l)"
printf '        server CPU per request: msup %s us, nginx %s us\n' "$l_cpu" "$n2_cpu"
printf 'list, row cache off: msup %s req/s (p99 %s ms): ratio %.2f, server CPU per request %s us\n' \
  "$c_rps" "$c_p99" "$(echo "$c_rps / $n2_rps" | bc -l)" "$c_cpu"
printf 'msup peak RSS: %.1f MiB (goal <= 64 MiB)\n' "$(echo "$rss / 1024" | bc -l)"
nunits=$(bench_sql "$db" "SELECT count(*) FROM units")
bench_result http-detail "$nunits" op "$d_cpu" "$n1_cpu" "$(echo "$d_rps / $n1_rps" | bc -l | xargs printf '%.2f')"
bench_result http-list "$nunits" op "$l_cpu" "$n2_cpu" "$(echo "$l_rps / $n2_rps" | bc -l | xargs printf '%.2f')"
bench_result http-list-nocache "$nunits" op "$c_cpu" "$n2_cpu" "$(echo "$c_rps / $n2_rps" | bc -l | xargs printf '%.2f')"
bench_result http-rss "$nunits" op "$(echo "$rss / 1024" | bc -l | xargs printf '%.1f')" - -
