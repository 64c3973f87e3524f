/* store_pg.c - the PostgreSQL backend through libpq: prepared statements,
 * COPY for bulk loads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

/* Map a failed result to ms_err by SQLSTATE; marks serialization failures
 * and deadlocks as transient. */
static int pg_fail(store *db, PGresult *res, ms_err *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db->pg);
    char arg[160];
    size_t n;

    snprintf(arg, sizeof arg, "%s", msg ? msg : "");
    n = strlen(arg);
    while (n && (arg[n - 1] == '\n' || arg[n - 1] == ' '))
        arg[--n] = '\0';
    if (state) {
        if (strcmp(state, "23505") == 0)
            return ms_fail(err, MS_ECONFLICT, "", "duplicate", arg);
        if (strcmp(state, "23503") == 0)
            return ms_fail(err, MS_ECONFLICT, "", "db_fk", arg);
        if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0)
            return ms_fail(err, MS_EINVAL, "", "db_check", arg);
        if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
            strcmp(state, "55P03") == 0) {
            db->transient = 1;
            return ms_fail(err, MS_ECONFLICT, "", "db_busy", NULL);
        }
    }
    return ms_fail(err, MS_EINTERNAL, "", "db_error", arg);
}

int pg_open(store *db, const char *conninfo, ms_err *err)
{
    PGresult *res;
    int rc = MS_OK;

    db->pg = PQconnectdb(conninfo);
    if (!db->pg || PQstatus(db->pg) != CONNECTION_OK)
        return pg_fail(db, NULL, err);
    res = PQexec(db->pg, "SET client_encoding = 'UTF8'; SET datestyle = 'ISO, YMD';"
                         " SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = pg_fail(db, res, err);
    PQclear(res);
    return rc;
}

void pg_close(store *db)
{
    if (db->pg)
        PQfinish(db->pg);
    db->pg = NULL;
}

int pg_exec(store *db, const char *sql, ms_err *err)
{
    PGresult *res = PQexec(db->pg, sql);
    ExecStatusType s = PQresultStatus(res);
    int rc = MS_OK;

    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = pg_fail(db, res, err);
    PQclear(res);
    return rc;
}

int pg_prepare(store_stmt *st, ms_err *err)
{
    PGresult *res = PQprepare(st->db->pg, st->name, st->sql, 0, NULL);
    int rc = MS_OK;

    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = pg_fail(st->db, res, err);
    else
        st->prepared = 1;
    PQclear(res);
    return rc;
}

static void free_params(store_stmt *st)
{
    if (!st->params)
        return;
    for (int i = 0; i < st->nparams; i++)
        ms_free(st->params[i]);
    ms_free(st->params);
    st->params = NULL;
}

void pg_finalize(store_stmt *st)
{
    pg_reset(st);
    if (st->prepared && st->db->pg && PQstatus(st->db->pg) == CONNECTION_OK) {
        char sql[48];
        PGresult *res;
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        res = PQexec(st->db->pg, sql);
        PQclear(res);
    }
    st->prepared = 0;
}

int pg_step(store_stmt *st, ms_err *err)
{
    if (!st->executed) {
        ExecStatusType s;
        st->executed = 1;
        st->res = PQexecPrepared(st->db->pg, st->name, st->nparams, (const char *const *)st->params,
                                 NULL, NULL, 0);
        s = PQresultStatus(st->res);
        if (s == PGRES_COMMAND_OK) {
            const char *n = PQcmdTuples(st->res);
            st->changes = n && *n ? strtoll(n, NULL, 10) : 0;
            st->nrows = 0;
        } else if (s == PGRES_TUPLES_OK) {
            const char *n = PQcmdTuples(st->res);
            st->changes = n && *n ? strtoll(n, NULL, 10) : 0;
            st->nrows = PQntuples(st->res);
        } else {
            pg_fail(st->db, st->res, err);
            PQclear(st->res);
            st->res = NULL;
            return STORE_ERROR;
        }
        st->row = 0;
    } else {
        st->row++;
    }
    return st->row < st->nrows ? STORE_ROW : STORE_DONE;
}

void pg_reset(store_stmt *st)
{
    if (st->res)
        PQclear(st->res);
    st->res = NULL;
    st->executed = 0;
    st->row = st->nrows = 0;
    free_params(st);
}

int pg_bulk_begin(store *db, const char *table, const char *const *cols, int ncols, ms_err *err)
{
    size_t cap = 64 + strlen(table);
    char *sql, *p;
    PGresult *res;
    int rc = MS_OK;

    for (int i = 0; i < ncols; i++)
        cap += strlen(cols[i]) + 2;
    sql = ms_malloc(cap);
    if (!sql)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    p = sql + sprintf(sql, "COPY %s (", table);
    for (int i = 0; i < ncols; i++)
        p += sprintf(p, "%s%s", i ? "," : "", cols[i]);
    sprintf(p, ") FROM STDIN");
    res = PQexec(db->pg, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN)
        rc = pg_fail(db, res, err);
    PQclear(res);
    ms_free(sql);
    return rc;
}

int pg_bulk_put(store *db, const char *data, size_t len, ms_err *err)
{
    if (PQputCopyData(db->pg, data, (int)len) != 1)
        return pg_fail(db, NULL, err);
    return MS_OK;
}

int pg_bulk_end(store *db, const char *table, int has_id, ms_err *err)
{
    PGresult *res;
    int rc = MS_OK;

    if (PQputCopyEnd(db->pg, err ? NULL : "aborted") != 1)
        rc = pg_fail(db, NULL, err);
    while ((res = PQgetResult(db->pg)) != NULL) {
        if (rc == MS_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pg_fail(db, res, err);
        PQclear(res);
    }
    if (rc == MS_OK && has_id) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
                 " GREATEST((SELECT max(id) FROM %s), 1))",
                 table, table);
        rc = pg_exec(db, sql, err);
    }
    return rc;
}
