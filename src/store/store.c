/* store.c - the neutral SQL API: URLs, the statement cache, transactions,
 * retries, migrations and bulk loads. Engine calls live in store_sqlite.c
 * and store_pg.c. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "store/store_int.h"

#define TX_ATTEMPTS 6

int store_open(const char *url, store **out, ms_err *err)
{
    store *db = NULL;
    int rc;

    *out = NULL;
    if (!url || !*url)
        return ms_fail(err, MS_EINVAL, "db", "db_url", "");
    db = ms_calloc(1, sizeof *db);
    if (!db)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (strncmp(url, "sqlite:", 7) == 0) {
        db->kind = STORE_SQLITE;
        rc = url[7] ? lite_open(db, url + 7, err) : ms_fail(err, MS_EINVAL, "db", "db_url", url);
    } else if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        db->kind = STORE_PG;
        rc = pg_open(db, url, err);
    } else if (strncmp(url, "postgresql:", 11) == 0) {
        db->kind = STORE_PG;
        rc = pg_open(db, url + 11, err);
    } else {
        rc = ms_fail(err, MS_EINVAL, "db", "db_url", url);
    }
    if (rc != MS_OK) {
        store_close(db);
        return rc;
    }
    *out = db;
    return MS_OK;
}

static void stmt_free(store_stmt *st)
{
    if (st->db->kind == STORE_SQLITE)
        lite_finalize(st);
    else
        pg_finalize(st);
    ms_free(st->sql);
    ms_free(st);
}

void store_close(store *db)
{
    if (!db)
        return;
    for (int b = 0; b < STMT_BUCKETS; b++) {
        store_stmt *st = db->buckets[b], *next;
        for (; st; st = next) {
            next = st->next;
            stmt_free(st);
        }
    }
    if (db->kind == STORE_SQLITE)
        lite_close(db);
    else if (db->kind == STORE_PG)
        pg_close(db);
    ms_free(db->cache);
    ms_free(db);
}

enum store_kind store_kind(const store *db)
{
    return db->kind;
}

int store_exec(store *db, const char *sql, ms_err *err)
{
    return db->kind == STORE_SQLITE ? lite_exec(db, sql, err) : pg_exec(db, sql, err);
}

/* ---------------------------------------------------------------- statements */

static unsigned bucket_of(const void *key)
{
    uintptr_t k = (uintptr_t)key;
    return (unsigned)((k >> 4) ^ (k >> 12)) % STMT_BUCKETS;
}

/* Rewrite `?` placeholders to $1, $2 ... outside quoted text. */
static char *pg_rewrite(const char *sql, int *nparams)
{
    size_t len = strlen(sql);
    char *out = ms_malloc(len * 4 + 1), *o = out;
    char quote = 0;
    int n = 0;

    if (!out)
        return NULL;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            *o++ = *p;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            *o++ = *p;
        } else if (*p == '?') {
            o += sprintf(o, "$%d", ++n);
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    *nparams = n;
    return out;
}

store_stmt *store_prepare2(store *db, const char *sqlite_sql, const char *pg_sql, ms_err *err)
{
    const char *sql = db->kind == STORE_SQLITE ? sqlite_sql : pg_sql;
    unsigned b = bucket_of(sql);
    store_stmt *st;
    int rc;

    for (st = db->buckets[b]; st; st = st->next)
        if (st->key == sql) {
            store_reset(st);
            return st;
        }
    st = ms_calloc(1, sizeof *st);
    if (!st) {
        ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        return NULL;
    }
    st->db = db;
    st->key = sql;
    if (db->kind == STORE_PG) {
        st->sql = pg_rewrite(sql, &st->nparams);
        snprintf(st->name, sizeof st->name, "s%u", db->nstmt++);
    } else {
        st->sql = ms_strdup(sql);
    }
    if (!st->sql) {
        ms_free(st);
        ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        return NULL;
    }
    rc = db->kind == STORE_SQLITE ? lite_prepare(st, err) : pg_prepare(st, err);
    if (rc != MS_OK) {
        stmt_free(st);
        return NULL;
    }
    st->next = db->buckets[b];
    db->buckets[b] = st;
    return st;
}

store_stmt *store_prepare(store *db, const char *sql, ms_err *err)
{
    return store_prepare2(db, sql, sql, err);
}

static void pg_set_param(store_stmt *st, int idx, const char *v)
{
    if (idx < 1 || idx > st->nparams)
        return;
    if (!st->params) {
        st->params = ms_calloc((size_t)st->nparams, sizeof *st->params);
        if (!st->params)
            return;
    }
    ms_free(st->params[idx - 1]);
    st->params[idx - 1] = v ? ms_strdup(v) : NULL;
}

void store_bind_int(store_stmt *st, int idx, int64_t v)
{
    if (st->db->kind == STORE_SQLITE) {
        sqlite3_bind_int64(st->lite, idx, v);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)v);
        pg_set_param(st, idx, buf);
    }
}

void store_bind_double(store_stmt *st, int idx, double v)
{
    if (st->db->kind == STORE_SQLITE) {
        sqlite3_bind_double(st->lite, idx, v);
    } else {
        char buf[40];
        snprintf(buf, sizeof buf, "%.17g", v);
        pg_set_param(st, idx, buf);
    }
}

void store_bind_text(store_stmt *st, int idx, const char *v)
{
    if (st->db->kind == STORE_SQLITE) {
        if (v)
            sqlite3_bind_text(st->lite, idx, v, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st->lite, idx);
    } else {
        pg_set_param(st, idx, v);
    }
}

void store_bind_null(store_stmt *st, int idx)
{
    store_bind_text(st, idx, NULL);
}

int store_step(store_stmt *st, ms_err *err)
{
    st->db->transient = 0;
    return st->db->kind == STORE_SQLITE ? lite_step(st, err) : pg_step(st, err);
}

void store_reset(store_stmt *st)
{
    if (st->db->kind == STORE_SQLITE)
        lite_reset(st);
    else
        pg_reset(st);
}

int store_col_count(store_stmt *st)
{
    if (st->db->kind == STORE_SQLITE)
        return sqlite3_column_count(st->lite);
    return st->res ? PQnfields(st->res) : 0;
}

int store_col_is_null(store_stmt *st, int col)
{
    if (st->db->kind == STORE_SQLITE)
        return sqlite3_column_type(st->lite, col) == SQLITE_NULL;
    return !st->res || st->row >= st->nrows || PQgetisnull(st->res, st->row, col);
}

const char *store_col_text(store_stmt *st, int col)
{
    if (st->db->kind == STORE_SQLITE)
        return (const char *)sqlite3_column_text(st->lite, col);
    if (store_col_is_null(st, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

int64_t store_col_int(store_stmt *st, int col)
{
    const char *s;

    if (st->db->kind == STORE_SQLITE)
        return sqlite3_column_int64(st->lite, col);
    s = store_col_text(st, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

double store_col_double(store_stmt *st, int col)
{
    const char *s;

    if (st->db->kind == STORE_SQLITE)
        return sqlite3_column_double(st->lite, col);
    s = store_col_text(st, col);
    return s ? strtod(s, NULL) : 0.0;
}

const char *store_col_name(store_stmt *st, int col)
{
    if (st->db->kind == STORE_SQLITE)
        return sqlite3_column_name(st->lite, col);
    return st->res ? PQfname(st->res, col) : NULL;
}

int64_t store_changes(store_stmt *st)
{
    return st->changes;
}

int64_t store_query_int(store *db, const char *sql, int64_t deflt, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    int64_t v = deflt;

    if (!st)
        return deflt;
    if (store_step(st, err) == STORE_ROW && !store_col_is_null(st, 0))
        v = store_col_int(st, 0);
    store_reset(st);
    return v;
}

/* -------------------------------------------------------------- transactions */

static const char SQL_READ_BEGIN[] = "BEGIN";
static const char SQL_READ_END[] = "COMMIT";

static void run_cached(store *db, const char *sql)
{
    store_stmt *st = store_prepare(db, sql, NULL);
    if (st) {
        store_step(st, NULL);
        store_reset(st);
    }
}

void store_read_begin(store *db)
{
    if (db->kind != STORE_SQLITE || db->in_tx || db->in_read)
        return;
    run_cached(db, SQL_READ_BEGIN);
    db->in_read = sqlite3_get_autocommit(db->lite) == 0;
}

void store_read_end(store *db)
{
    if (!db->in_read)
        return;
    /* Release the read cursor of every statement left mid-way, then end the
     * snapshot. */
    for (sqlite3_stmt *s = sqlite3_next_stmt(db->lite, NULL); s; s = sqlite3_next_stmt(db->lite, s))
        if (sqlite3_stmt_busy(s))
            sqlite3_reset(s);
    run_cached(db, SQL_READ_END);
    if (sqlite3_get_autocommit(db->lite) == 0)
        sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
    db->in_read = 0;
}

int store_in_read(const store *db)
{
    return db->in_read;
}

int store_begin(store *db, ms_err *err)
{
    int rc;

    store_read_end(db);
    if (db->in_tx)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "nested transaction");
    rc = store_exec(db, db->kind == STORE_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", err);
    if (rc == MS_OK)
        db->in_tx = 1;
    return rc;
}

/* Commits through any connection of this process (store_commit_epoch). */
static atomic_uint_fast64_t commit_epoch;

uint64_t store_commit_epoch(void)
{
    return atomic_load(&commit_epoch);
}

int store_commit(store *db, ms_err *err)
{
    int rc;

    if (!db->in_tx)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "commit without transaction");
    rc = store_exec(db, "COMMIT", err);
    if (rc != MS_OK) {
        store_rollback(db);
        return rc;
    }
    db->in_tx = 0;
    db->own_commits++;
    atomic_fetch_add(&commit_epoch, 1);
    return MS_OK;
}

void store_rollback(store *db)
{
    if (!db->in_tx)
        return;
    /* Results of statements must be released before ROLLBACK on SQLite. */
    for (int b = 0; b < STMT_BUCKETS; b++)
        for (store_stmt *st = db->buckets[b]; st; st = st->next)
            store_reset(st);
    store_exec(db, "ROLLBACK", NULL);
    db->in_tx = 0;
}

int store_in_tx(const store *db)
{
    return db->in_tx;
}

int store_tx(store *db, store_tx_fn fn, void *ctx, ms_err *err)
{
    int rc = MS_EINTERNAL;

    for (int attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
        db->transient = 0;
        rc = store_begin(db, err);
        if (rc == MS_OK) {
            rc = fn(db, ctx, err);
            if (rc == MS_OK)
                rc = store_commit(db, err);
            else
                store_rollback(db);
        }
        if (rc == MS_OK || !db->transient)
            return rc;
        /* Transient conflict: back off briefly (1, 2, 4 ... ms) and redo. */
        struct timespec ts = {0, (1L << attempt) * 1000000L};
        nanosleep(&ts, NULL);
        ms_err_clear(err);
    }
    return rc;
}

/* ---------------------------------------------------------------- migrations */

static const char SQL_MIGRATIONS_TABLE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char SQL_MIGRATION_HAVE[] = "SELECT 1 FROM schema_migrations WHERE version = ?";
static const char SQL_MIGRATION_ADD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
static const char SQL_SCHEMA_VERSION[] = "SELECT max(version) FROM schema_migrations";

static void now_rfc3339(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct migration {
    const struct embed_file *file;
    int version;
};

static int apply_one(store *db, void *ctx, ms_err *err)
{
    const struct migration *m = ctx;
    const char *name = strrchr(m->file->path, '/') + 1;
    char now[32];
    store_stmt *st;
    int rc;

    if (db->kind == STORE_PG) {
        /* Several servers may start at once: one migrates, the others wait. */
        rc = store_exec(db, "SELECT pg_advisory_xact_lock(7245001)", err);
        if (rc != MS_OK)
            return rc;
    }
    st = store_prepare(db, SQL_MIGRATION_HAVE, err);
    if (!st)
        return MS_EINTERNAL;
    store_bind_int(st, 1, m->version);
    rc = store_step(st, err);
    store_reset(st);
    if (rc == STORE_ROW)
        return MS_OK; /* applied meanwhile by someone else */
    if (rc != STORE_DONE)
        return err ? err->code : MS_EINTERNAL;
    rc = store_exec(db, m->file->data, err);
    if (rc != MS_OK)
        return rc;
    st = store_prepare(db, SQL_MIGRATION_ADD, err);
    if (!st)
        return MS_EINTERNAL;
    now_rfc3339(now);
    store_bind_int(st, 1, m->version);
    store_bind_text(st, 2, name);
    store_bind_text(st, 3, now);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : (err ? err->code : MS_EINTERNAL);
}

int store_migrate(store *db, ms_err *err)
{
    const char *prefix =
        db->kind == STORE_SQLITE ? "src/store/schema/sqlite/" : "src/store/schema/pg/";
    size_t plen = strlen(prefix);
    int rc = store_exec(db, SQL_MIGRATIONS_TABLE, err);

    if (rc != MS_OK)
        return rc;
    /* embed_files is sorted by path, and migration names start with NNN_. */
    for (const struct embed_file *f = embed_files; f->path; f++) {
        struct migration m = {f, 0};
        if (strncmp(f->path, prefix, plen) != 0)
            continue;
        m.version = atoi(f->path + plen);
        if (m.version <= 0)
            continue;
        rc = store_tx(db, apply_one, &m, err);
        if (rc != MS_OK)
            return rc;
    }
    return MS_OK;
}

int store_schema_version(store *db, ms_err *err)
{
    ms_err e;
    int rc = store_exec(db, SQL_MIGRATIONS_TABLE, err);

    if (rc != MS_OK)
        return 0;
    return (int)store_query_int(db, SQL_SCHEMA_VERSION, 0, err ? err : &e);
}

/* ---------------------------------------------------------------- bulk loads */

struct store_bulk {
    store *db;
    char *table;
    int ncols, has_id;
    store_stmt *ins; /* SQLite: the reused INSERT (not in the cache) */
    char *buf;       /* PostgreSQL: COPY text buffer */
    size_t len, cap;
};

#define BULK_FLUSH (256 * 1024)

int store_bulk_begin(store *db, const char *table, const char *const *cols, int ncols,
                     store_bulk **out, ms_err *err)
{
    store_bulk *b = ms_calloc(1, sizeof *b);
    char *sql = NULL;
    size_t cap = 64 + strlen(table);
    int rc = MS_EINTERNAL;

    *out = NULL;
    if (!b)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    b->db = db;
    b->ncols = ncols;
    b->table = ms_strdup(table);
    for (int i = 0; i < ncols; i++) {
        cap += strlen(cols[i]) + 8;
        if (strcmp(cols[i], "id") == 0)
            b->has_id = 1;
    }
    sql = ms_malloc(cap);
    if (!sql || !b->table) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    if (db->kind == STORE_SQLITE) {
        char *p = sql + sprintf(sql, "INSERT INTO %s (", table);
        for (int i = 0; i < ncols; i++)
            p += sprintf(p, "%s%s", i ? "," : "", cols[i]);
        p += sprintf(p, ") VALUES (");
        for (int i = 0; i < ncols; i++)
            p += sprintf(p, "%s?", i ? "," : "");
        sprintf(p, ")");
        b->ins = ms_calloc(1, sizeof *b->ins);
        if (!b->ins) {
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            goto out;
        }
        b->ins->db = db;
        b->ins->sql = sql;
        sql = NULL;
        rc = lite_prepare(b->ins, err);
    } else {
        b->cap = BULK_FLUSH + 4096;
        b->buf = ms_malloc(b->cap);
        rc = b->buf ? pg_bulk_begin(db, table, cols, ncols, err)
                    : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
out:
    ms_free(sql);
    if (rc != MS_OK) {
        store_bulk_abort(b);
        return rc;
    }
    *out = b;
    return MS_OK;
}

static int buf_reserve(store_bulk *b, size_t more)
{
    if (b->len + more <= b->cap)
        return 1;
    size_t cap = (b->len + more) * 2;
    char *nb = ms_realloc(b->buf, cap);
    if (!nb)
        return 0;
    b->buf = nb;
    b->cap = cap;
    return 1;
}

int store_bulk_row(store_bulk *b, const char *const *vals, ms_err *err)
{
    if (b->db->kind == STORE_SQLITE) {
        for (int i = 0; i < b->ncols; i++)
            store_bind_text(b->ins, i + 1, vals[i]);
        int rc = lite_step(b->ins, err);
        lite_reset(b->ins);
        return rc == STORE_DONE ? MS_OK : (err ? err->code : MS_EINTERNAL);
    }
    for (int i = 0; i < b->ncols; i++) {
        const char *v = vals[i];
        size_t n = v ? strlen(v) : 0;
        if (!buf_reserve(b, n * 2 + 4))
            return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        if (i)
            b->buf[b->len++] = '\t';
        if (!v) {
            b->buf[b->len++] = '\\';
            b->buf[b->len++] = 'N';
            continue;
        }
        for (; *v; v++) {
            char c = *v;
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                b->buf[b->len++] = '\\';
                c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
            }
            b->buf[b->len++] = c;
        }
    }
    b->buf[b->len++] = '\n';
    if (b->len >= BULK_FLUSH) {
        int rc = pg_bulk_put(b->db, b->buf, b->len, err);
        b->len = 0;
        return rc;
    }
    return MS_OK;
}

int store_bulk_end(store_bulk *b, ms_err *err)
{
    int rc = MS_OK;

    if (b->db->kind == STORE_PG) {
        if (b->len)
            rc = pg_bulk_put(b->db, b->buf, b->len, err);
        b->len = 0;
        if (rc == MS_OK)
            rc = pg_bulk_end(b->db, b->table, b->has_id, err);
        else
            pg_bulk_end(b->db, b->table, 0, NULL);
        b->buf[0] = '\0';
        ms_free(b->buf);
        b->buf = NULL;
    }
    store_bulk_abort(b);
    return rc;
}

void store_bulk_abort(store_bulk *b)
{
    if (!b)
        return;
    if (b->ins) {
        lite_finalize(b->ins);
        ms_free(b->ins->sql);
        ms_free(b->ins);
    }
    if (b->buf) {
        /* An unfinished COPY must be ended (as failed) before the
         * connection is usable again; the transaction is then aborted. */
        pg_bulk_end(b->db, b->table, 0, NULL);
        ms_free(b->buf);
    }
    ms_free(b->table);
    ms_free(b);
}

char *store_like_escape(const char *s)
{
    size_t n = strlen(s);
    char *out = ms_malloc(n * 2 + 1), *o = out;

    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

void store_tune_serve(store *db)
{
    /* No memory map: every page of it that a request touches stays in the
     * server's RSS (94-98 MiB on the nation data with 64 MiB mapped), and
     * reading through the page cache measured the same CPU per request. */
    if (db->kind == STORE_SQLITE)
        store_exec(db, "PRAGMA mmap_size = 0", NULL);
}

void store_tune_bulk(store *db)
{
    if (db->kind == STORE_SQLITE)
        store_exec(db, "PRAGMA cache_size = -65536", NULL);
}

void store_analyze(store *db)
{
    if (db->kind == STORE_PG)
        store_exec(db, "ANALYZE", NULL);
}

/* ------------------------------------------------------------ count cache */

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";
/* Every commit on PostgreSQL, of any server process, inserts a commit
 * record and so moves the WAL insert position before the commit is visible
 * (the write position may lag behind it with asynchronous commit); a
 * position that has not moved means no data changed. It also moves for
 * checkpoints and vacuum, which only costs a miss. Fails on a standby,
 * where nothing is cached. */
static const char SQL_WAL_LSN[] = "SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint";

/* The version of the data this connection sees: 1 and *V, or 0 when there
 * is none to be had. */
static int cache_version(store *db, uint64_t *v)
{
    int pg = db->kind == STORE_PG;
    store_stmt *st = store_prepare(db, pg ? SQL_WAL_LSN : SQL_DATA_VERSION, NULL);
    int ok = 0;

    *v = 0;
    if (st && store_step(st, NULL) == STORE_ROW) {
        *v = (uint64_t)store_col_int(st, 0);
        ok = 1;
    }
    if (st)
        store_reset(st);
    if (!pg)
        *v = (*v << 32) ^ db->own_commits;
    return ok;
}

static unsigned cache_hash(const char *key)
{
    unsigned h = 2166136261u;
    for (; *key; key++)
        h = (h ^ (unsigned char)*key) * 16777619u;
    return h % CACHE_SLOTS;
}

int store_data_version(store *db, uint64_t *version)
{
    if (db->kind != STORE_SQLITE || db->in_tx)
        return 0;
    return cache_version(db, version);
}

int store_cache_get(store *db, const char *key, int64_t *val)
{
    struct cache_slot *s;
    uint64_t v;

    /* Writes in an open transaction are not yet visible to the version. */
    db->cache_miss_ok = 0;
    if (db->in_tx || strlen(key) >= CACHE_KEY || !cache_version(db, &v))
        return 0;
    /* The version is read before the caller counts, so a commit between
     * the two leaves an entry that is already out of date, never one that
     * looks current while it is not. */
    db->cache_miss = v;
    db->cache_miss_ok = 1;
    if (!db->cache)
        return 0;
    s = &db->cache[cache_hash(key)];
    if (strcmp(s->key, key) != 0 || s->version != v)
        return 0;
    db->cache_miss_ok = 0;
    *val = s->val;
    return 1;
}

void store_cache_put(store *db, const char *key, int64_t val)
{
    struct cache_slot *s;

    if (!db->cache_miss_ok || db->in_tx || strlen(key) >= CACHE_KEY)
        return;
    db->cache_miss_ok = 0;
    if (!db->cache && !(db->cache = ms_calloc(CACHE_SLOTS, sizeof *db->cache)))
        return;
    s = &db->cache[cache_hash(key)];
    snprintf(s->key, sizeof s->key, "%s", key);
    s->val = val;
    s->version = db->cache_miss;
}

static const char SQL_PING[] = "SELECT 1";

int store_ping(store *db, ms_err *err)
{
    return store_query_int(db, SQL_PING, 0, err) == 1
               ? MS_OK
               : (err && err->code ? err->code : MS_EINTERNAL);
}
