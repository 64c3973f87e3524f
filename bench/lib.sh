# bench/lib.sh - sourced by the bench scripts: the backend under test and the
# machine-readable result lines bench/run turns into its table.
# BENCH_PG_URL (set by `bench/run --pg`): libpq URL of the "postgres"
# database of a throwaway cluster (scripts/pg-cluster); unset = SQLite.

bench_backend() { if [ -n "${BENCH_PG_URL:-}" ]; then echo pg; else echo sqlite; fi; }

# bench_newdb NAME DIR: a fresh empty database (a file in DIR, or a database
# NAME in the cluster); prints its msup --db URL.
bench_newdb() {
    if [ -n "${BENCH_PG_URL:-}" ]; then
        psql "$BENCH_PG_URL" -qAt -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
        echo "${BENCH_PG_URL/\/postgres\?/\/$1?}"
    else
        rm -f "$2/$1.db" "$2/$1.db-wal" "$2/$1.db-shm"
        echo "sqlite:$2/$1.db"
    fi
}

# bench_dropdb URL: drop a database bench_newdb made in the cluster
bench_dropdb() {
    case $1 in
    sqlite:*) ;;
    *) local n=${1#*:///}; psql "$BENCH_PG_URL" -qAt -c "DROP DATABASE IF EXISTS ${n%%\?*}" >/dev/null 2>&1 || true ;;
    esac
}

# bench_sql URL SQL: run SQL (one transaction on PG), print rows as a|b|c
bench_sql() {
    case $1 in
    sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
    *) psql "$1" -qAt -v ON_ERROR_STOP=1 -c "$2" ;;
    esac
}

# bench_sqlfile URL <FILE: run a script of SQL
bench_sqlfile() {
    case $1 in
    sqlite:*) sqlite3 "${1#sqlite:}" >/dev/null ;;
    *) psql "$1" -qAt -v ON_ERROR_STOP=1 >/dev/null ;;
    esac
}

# bench_result ID SIZE PER COST REF RATIO: one row of bench/run's table.
# SIZE is units (or rows) of the data set, PER "unit" when COST should grow
# with SIZE (growth = cost per SIZE at 100k / at 10k) or "op" when not
# (growth = cost at 100k / at 10k); COST and REF in the row's own unit
# (seconds, or microseconds of CPU per request); RATIO as the goal reads
# it ("-" when there is none).
bench_result() { echo "=> $*"; }

# the server's notices (DROP ... IF EXISTS) are not results
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# bench_pg_pids: the cluster's postmaster and its live children (none on SQLite)
bench_pg_pids() {
    [ -n "${BENCH_PG_STATE:-}" ] && [ -f "$BENCH_PG_STATE/dir" ] || return 0
    local pm
    pm=$(head -n 1 "$(cat "$BENCH_PG_STATE/dir")/data/postmaster.pid")
    echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')"
}

# bench_pg_ticks: CPU clock ticks the cluster has used so far (its processes
# alive, and the backends that have exited, counted in the postmaster's
# children time); 0 on SQLite. The server's share of a command on PostgreSQL
# is the difference around it.
bench_pg_ticks() {
    local t=0 p pm
    [ -n "${BENCH_PG_STATE:-}" ] && [ -f "$BENCH_PG_STATE/dir" ] || { echo 0; return; }
    pm=$(head -n 1 "$(cat "$BENCH_PG_STATE/dir")/data/postmaster.pid")
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    for p in $(pgrep -P "$pm"); do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
