/* store_sqlite.c - the SQLite backend: WAL, foreign keys, busy timeout. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

#define BUSY_TIMEOUT_MS 5000

/* Map an SQLite error to ms_err; marks BUSY/LOCKED as transient. */
static int lite_fail(store *db, int rc, ms_err *err)
{
    int ext = sqlite3_extended_errcode(db->lite);
    const char *msg = sqlite3_errmsg(db->lite);

    (void)rc;
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return ms_fail(err, MS_ECONFLICT, "", "duplicate", msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY: return ms_fail(err, MS_ECONFLICT, "", "db_fk", msg);
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL: return ms_fail(err, MS_EINVAL, "", "db_check", msg);
    default: break;
    }
    if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) {
        db->transient = 1;
        return ms_fail(err, MS_ECONFLICT, "", "db_busy", NULL);
    }
    return ms_fail(err, MS_EINTERNAL, "", "db_error", msg);
}

/* Process-wide settings, before SQLite is first used: every connection is
 * used by one thread at a time (no per-connection mutex), and the global
 * memory statistics (a process-wide mutex on every allocation) are off. */
static void lite_global_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

int lite_open(store *db, const char *path, ms_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    int rc;

    pthread_once(&once, lite_global_init);
    rc = sqlite3_open_v2(path, &db->lite,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

    if (rc != SQLITE_OK) {
        char arg[200];
        snprintf(arg, sizeof arg, "%s: %s", path, db->lite ? sqlite3_errmsg(db->lite) : "open");
        return ms_fail(err, MS_EINTERNAL, "db", "db_error", arg);
    }
    sqlite3_extended_result_codes(db->lite, 1);
    sqlite3_busy_timeout(db->lite, BUSY_TIMEOUT_MS);
    return lite_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
                     err);
}

void lite_close(store *db)
{
    if (db->lite)
        sqlite3_close_v2(db->lite);
    db->lite = NULL;
}

int lite_exec(store *db, const char *sql, ms_err *err)
{
    int rc = sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? MS_OK : lite_fail(db, rc, err);
}

int lite_prepare(store_stmt *st, ms_err *err)
{
    int rc =
        sqlite3_prepare_v3(st->db->lite, st->sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL);
    return rc == SQLITE_OK ? MS_OK : lite_fail(st->db, rc, err);
}

void lite_finalize(store_stmt *st)
{
    sqlite3_finalize(st->lite);
    st->lite = NULL;
}

int lite_step(store_stmt *st, ms_err *err)
{
    int rc = sqlite3_step(st->lite);

    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE) {
        st->changes = sqlite3_changes64(st->db->lite);
        return STORE_DONE;
    }
    lite_fail(st->db, rc, err);
    sqlite3_reset(st->lite);
    return STORE_ERROR;
}

void lite_reset(store_stmt *st)
{
    sqlite3_reset(st->lite);
    sqlite3_clear_bindings(st->lite);
}
