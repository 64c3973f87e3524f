/* imports.c - SQL of the `imports` table. */
#include <string.h>

#include "store/imports.h"

static const char SQL_INSERT[] =
    "INSERT INTO imports (kind, filename, sha256, accepted, rejected, partial, actor, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_GET[] = "SELECT id, kind, filename, sha256, accepted, rejected, partial,"
                              " actor, created_at FROM imports WHERE id = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM imports";

static int step_fail(ms_err *err)
{
    return err && err->code ? err->code : MS_EINTERNAL;
}

int imports_insert(store *db, struct imports_row *r, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSERT, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_text(st, 1, r->kind);
    store_bind_text(st, 2, r->filename);
    store_bind_text(st, 3, r->sha256);
    store_bind_int(st, 4, r->accepted);
    store_bind_int(st, 5, r->rejected);
    store_bind_int(st, 6, r->partial ? 1 : 0);
    store_bind_text(st, 7, r->actor);
    store_bind_text(st, 8, r->created_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        r->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : step_fail(err);
}

int imports_get(store *db, int64_t id, arena *ar, struct imports_row *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_GET, err);
    int rc;

    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = store_col_int(st, 0);
        out->kind = arena_strdup(ar, store_col_text(st, 1));
        out->filename = arena_strdup(ar, store_col_text(st, 2));
        out->sha256 = arena_strdup(ar, store_col_text(st, 3));
        out->accepted = store_col_int(st, 4);
        out->rejected = store_col_int(st, 5);
        out->partial = (int)store_col_int(st, 6);
        out->actor = arena_strdup(ar, store_col_text(st, 7));
        out->created_at = arena_strdup(ar, store_col_text(st, 8));
    }
    store_reset(st);
    if (rc == STORE_ROW)
        return out->kind && out->created_at ? MS_OK
                                            : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    return rc == STORE_DONE ? ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id)
                            : step_fail(err);
}

int64_t imports_count(store *db, ms_err *err)
{
    return store_query_int(db, SQL_COUNT, -1, err);
}
