/* store_int.h - what store.c shares with its two backends. Not for callers. */
#ifndef MS_STORE_INT_H
#define MS_STORE_INT_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/store.h"

#define STMT_BUCKETS 256

struct store_stmt {
    store *db;
    const void *key;  /* address of the caller's SQL text */
    char *sql;        /* SQL as sent to the engine ($n for PostgreSQL) */
    store_stmt *next; /* bucket chain */
    int64_t changes;
    /* SQLite */
    sqlite3_stmt *lite;
    /* PostgreSQL */
    char name[24];
    int nparams;
    char **params;
    PGresult *res;
    int row, nrows, executed, prepared;
};

#define CACHE_SLOTS 64
#define CACHE_KEY   256

struct cache_slot {
    uint64_t version;
    int64_t val;
    char key[CACHE_KEY];
};

struct store {
    enum store_kind kind;
    int in_tx;
    int in_read;              /* SQLite: a deferred read transaction is open */
    uint64_t own_commits;     /* commits through this connection (cache versions) */
    struct cache_slot *cache; /* count cache, allocated on first use */
    uint64_t cache_miss;      /* version read by the last missing lookup */
    int cache_miss_ok;        /* ... and whether there was one */
    int transient;            /* last error was BUSY / serialization / deadlock */
    unsigned nstmt;
    store_stmt *buckets[STMT_BUCKETS];
    sqlite3 *lite;
    PGconn *pg;
};

/* Backend entry points, chosen by store.c on db->kind. */
int lite_open(store *db, const char *path, ms_err *err);
void lite_close(store *db);
int lite_exec(store *db, const char *sql, ms_err *err);
int lite_prepare(store_stmt *st, ms_err *err);
void lite_finalize(store_stmt *st);
int lite_step(store_stmt *st, ms_err *err);
void lite_reset(store_stmt *st);

int pg_open(store *db, const char *conninfo, ms_err *err);
void pg_close(store *db);
int pg_exec(store *db, const char *sql, ms_err *err);
int pg_prepare(store_stmt *st, ms_err *err);
void pg_finalize(store_stmt *st);
int pg_step(store_stmt *st, ms_err *err);
void pg_reset(store_stmt *st);
int pg_bulk_begin(store *db, const char *table, const char *const *cols, int ncols, ms_err *err);
int pg_bulk_put(store *db, const char *data, size_t len, ms_err *err);
int pg_bulk_end(store *db, const char *table, int has_id, ms_err *err);

#endif
