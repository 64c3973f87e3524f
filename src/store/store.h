/* store.h - one neutral SQL API over SQLite (default) and PostgreSQL.
 *
 * store/ knows SQL and rows, nothing about HTTP, users or permissions beyond
 * the jurisdiction predicate it is handed. SQL is written once, with `?`
 * placeholders (rewritten to $1.. for PostgreSQL), in the portable subset:
 * INTEGER/TEXT/REAL columns, dates as 'YYYY-MM-DD' text, booleans as 0/1,
 * INSERT ... RETURNING id, CAST(? AS TEXT) where a type must be explicit.
 * Where the dialects really differ, pass both with store_prepare2().
 *
 * Statements are prepared once per connection and cached by the address of
 * their SQL text, so callers keep SQL in static strings next to the function
 * that runs it and call store_prepare() every time:
 *
 *     static const char SQL_GET[] = "SELECT name FROM units WHERE id = ?";
 *     store_stmt *st = store_prepare(db, SQL_GET, err);
 *     store_bind_int(st, 1, id);
 *     while ((rc = store_step(st)) == STORE_ROW) use(store_col_text(st, 0));
 *     store_reset(st);
 *
 * A connection is used by one thread at a time. */
#ifndef MS_STORE_H
#define MS_STORE_H

#include <stdint.h>

#include "core/ms.h"

typedef struct store store;
typedef struct store_stmt store_stmt;
typedef struct store_bulk store_bulk;

enum store_kind { STORE_SQLITE = 1, STORE_PG = 2 };

/* store_step results; errors are negative (the ms_err says which). */
enum { STORE_DONE = 0, STORE_ROW = 1, STORE_ERROR = -1 };

/* Open URL: "sqlite:PATH" (PATH created if missing; its folder must exist),
 * or "postgresql://..." / "postgres://..." (a libpq URI or "postgresql:" +
 * keyword string). Sets WAL, foreign keys and a busy timeout on SQLite, and
 * DateStyle ISO, UTF8 on PostgreSQL. Returns MS_OK and *OUT, or an error
 * (MS_EINVAL for a bad URL, MS_EINTERNAL when the database refuses). The
 * caller frees with store_close(). */
int store_open(const char *url, store **out, ms_err *err);
void store_close(store *db);
enum store_kind store_kind(const store *db);

/* Apply every embedded migration of the dialect (src/store/schema/<dialect>/
 * NNN_name.sql) that schema_migrations does not list yet, each in its own
 * transaction, in order. Returns MS_OK or MS_EINTERNAL. */
int store_migrate(store *db, ms_err *err);

/* Schema version: the highest migration applied, 0 for an empty database. */
int store_schema_version(store *db, ms_err *err);

/* Transactions. store_begin() on SQLite takes the write lock at once
 * (BEGIN IMMEDIATE). Nesting is not supported: begin while a transaction is
 * open is a programming error and fails with MS_EINTERNAL. */
int store_begin(store *db, ms_err *err);
int store_commit(store *db, ms_err *err);
void store_rollback(store *db); /* no-op when no transaction is open */
int store_in_tx(const store *db);

/* A read snapshot for a request's reads (SQLite: one deferred BEGIN instead
 * of a lock per statement; PostgreSQL: nothing). A later store_begin() ends
 * it first, so writes are unaffected. store_read_end() is a no-op when no
 * read snapshot is open. */
void store_read_begin(store *db);
void store_read_end(store *db);
/* 1 while a read snapshot of store_read_begin is open (SQLite). */
int store_in_read(const store *db);

/* Run FN(db, ctx, err) inside a transaction, retrying the whole function up
 * to a few times when the database reports a transient conflict (SQLite
 * BUSY, PostgreSQL serialization failure or deadlock). FN returns MS_OK to
 * commit; anything else rolls back and is returned. */
typedef int (*store_tx_fn)(store *db, void *ctx, ms_err *err);
int store_tx(store *db, store_tx_fn fn, void *ctx, ms_err *err);

/* Run SQL text with no parameters and no result rows (DDL, PRAGMA, SET).
 * May hold several statements. */
int store_exec(store *db, const char *sql, ms_err *err);

/* The cached prepared statement for SQL (compared by address first, then
 * by text), or NULL with ERR set. The statement is reset and unbound. */
store_stmt *store_prepare(store *db, const char *sql, ms_err *err);

/* Same with one text per dialect. */
store_stmt *store_prepare2(store *db, const char *sqlite_sql, const char *pg_sql, ms_err *err);

/* Bind parameter IDX (1-based). Text is copied; NULL text binds NULL. */
void store_bind_int(store_stmt *st, int idx, int64_t v);
void store_bind_double(store_stmt *st, int idx, double v);
void store_bind_text(store_stmt *st, int idx, const char *v);
void store_bind_null(store_stmt *st, int idx);

/* Execute (first call) and move to the next row: STORE_ROW, STORE_DONE, or
 * STORE_ERROR with ERR set. A unique or foreign key violation is
 * MS_ECONFLICT with key "duplicate" or "db_fk"; anything else MS_EINTERNAL. */
int store_step(store_stmt *st, ms_err *err);

/* Columns of the current row (0-based). Text stays valid until the next
 * step or reset; NULL reads as NULL text, 0 or 0.0. */
int store_col_count(store_stmt *st);
int store_col_is_null(store_stmt *st, int col);
int64_t store_col_int(store_stmt *st, int col);
double store_col_double(store_stmt *st, int col);
const char *store_col_text(store_stmt *st, int col);
const char *store_col_name(store_stmt *st, int col);

/* Forget bindings and results so the statement can run again. */
void store_reset(store_stmt *st);

/* Convenience: prepare SQL, bind nothing, step once and return column 0 of
 * the first row as an integer (DEFLT when there is no row). */
int64_t store_query_int(store *db, const char *sql, int64_t deflt, ms_err *err);

/* Rows changed by the last INSERT/UPDATE/DELETE run through ST. */
int64_t store_changes(store_stmt *st);

/* Bulk load of many rows into TABLE's COLS, inside the caller's transaction:
 * one reused prepared INSERT on SQLite, COPY FROM STDIN on PostgreSQL.
 * Values are text (NULL = SQL NULL). When COLS contains "id" the PostgreSQL
 * sequence of TABLE is moved past the largest id at store_bulk_end(). */
int store_bulk_begin(store *db, const char *table, const char *const *cols, int ncols,
                     store_bulk **out, ms_err *err);
int store_bulk_row(store_bulk *b, const char *const *vals, ms_err *err);
/* Finish the load (flushes on PostgreSQL) and free B. Returns MS_OK or the
 * first error; after an error the caller rolls back. */
int store_bulk_end(store_bulk *b, ms_err *err);
/* Abandon a load after an error; frees B. */
void store_bulk_abort(store_bulk *b);

/* A small per-connection cache of list totals, valid while the database is
 * unchanged: on SQLite the version is PRAGMA data_version (commits of other
 * connections and processes) plus this connection's own commits; on
 * PostgreSQL (several servers share it) the WAL insert position, which
 * every commit of any process moves. store_cache_get returns 1 and *VAL on
 * a hit, else 0; after a miss, store_cache_put keeps the value under the
 * version that miss read (before the caller counted). KEY is at most 255
 * bytes (longer keys are never cached). */
int store_cache_get(store *db, const char *key, int64_t *val);
void store_cache_put(store *db, const char *key, int64_t val);

/* The version of the data DB sees (SQLite's data_version, which changes
 * with every commit of another connection, combined with this connection's
 * own commits): 1 and *VERSION on SQLite outside a write transaction; 0
 * (unknown) on PostgreSQL. */
int store_data_version(store *db, uint64_t *version);
/* A counter of the commits made through store_commit by every connection of
 * this process (both backends). */
uint64_t store_commit_epoch(void);

/* Prepare DB for serving many small reads: on SQLite no memory map of the
 * file (pages are read into the connection's page cache, which bounds the
 * server's memory); nothing on PostgreSQL. */
void store_tune_serve(store *db);

/* Prepare DB for a long bulk job (import, demo): on SQLite a 64 MiB page
 * cache for this connection, so that loading into many indexes does not
 * thrash; nothing on PostgreSQL. */
void store_tune_bulk(store *db);

/* After a bulk job has committed: on PostgreSQL refresh the planner's
 * statistics (ANALYZE), which autovacuum would only do a while later, so
 * the first requests after a demo or a large import get index plans; nothing
 * on SQLite (its planner works without statistics, and ANALYZE there would
 * change the plans the benchmarks and tests were measured with). */
void store_analyze(store *db);

/* A round trip to the database (liveness): MS_OK or the error. */
int store_ping(store *db, ms_err *err);

/* Escape S for a LIKE pattern with ESCAPE '\' (caller frees with ms_free). */
char *store_like_escape(const char *s);

#endif
