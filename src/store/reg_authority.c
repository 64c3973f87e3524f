/* reg_authority.c - SQL of the authority tree (materialised paths). */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

#define AUTH_COLS                                                                                  \
    "a.id, a.code, a.name, a.level, a.parent_id, a.path, a.division_code, a.short_name"

static const char SQL_INSERT[] =
    "INSERT INTO authorities (code, name, level, parent_id, path, division_code, short_name,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, '/', ?, ?, ?, ?) RETURNING id";
static const char SQL_SET_PATH[] = "UPDATE authorities SET path = ? WHERE id = ?";
static const char SQL_PARENT_PATH[] = "SELECT path FROM authorities WHERE id = ?";
static const char SQL_UPDATE[] =
    "UPDATE authorities SET name = ?, division_code = ?, short_name = ?, updated_at = ?"
    " WHERE id = ?";
static const char SQL_GET[] = "SELECT " AUTH_COLS " FROM authorities a WHERE a.id = ? AND"
                              " (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)";
static const char SQL_BY_CODE[] = "SELECT " AUTH_COLS " FROM authorities a WHERE a.code = ?";
#define LIST_WHERE                                                                                 \
    " FROM authorities a WHERE (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)"                         \
    " AND (CAST(? AS BIGINT) IS NULL OR a.parent_id = ?)"                                          \
    " AND (CAST(? AS TEXT) IS NULL OR a.level = ?)"
static const char SQL_LIST[] = "SELECT " AUTH_COLS LIST_WHERE " ORDER BY a.path LIMIT ? OFFSET ?";
static const char SQL_LIST_COUNT[] = "SELECT count(*)" LIST_WHERE;

static void read_row(store_stmt *st, arena *ar, struct ms_authority *a)
{
    a->id = store_col_int(st, 0);
    a->code = reg_dup(ar, st, 1);
    a->name = reg_dup(ar, st, 2);
    a->level = reg_dup(ar, st, 3);
    a->parent_id = store_col_int(st, 4);
    a->path = reg_dup(ar, st, 5);
    a->division_code = reg_dup(ar, st, 6);
    a->short_name = reg_dup(ar, st, 7);
}

int reg_authority_insert(store *db, struct ms_authority *a, const char *now, ms_err *err)
{
    char parent_path[256] = "/", path[300];
    store_stmt *st;
    int rc;

    if (a->parent_id) {
        st = store_prepare(db, SQL_PARENT_PATH, err);
        if (!st)
            return reg_step_fail(err);
        store_bind_int(st, 1, a->parent_id);
        rc = store_step(st, err);
        if (rc == STORE_ROW)
            snprintf(parent_path, sizeof parent_path, "%s", store_col_text(st, 0));
        store_reset(st);
        if (rc == STORE_DONE)
            return ms_failf(err, MS_ENOTFOUND, "parent_id", "not_found", "%lld",
                            (long long)a->parent_id);
        if (rc != STORE_ROW)
            return reg_step_fail(err);
    }
    st = store_prepare(db, SQL_INSERT, err);
    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, a->code);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->level);
    if (a->parent_id)
        store_bind_int(st, 4, a->parent_id);
    else
        store_bind_null(st, 4);
    store_bind_text(st, 5, a->division_code);
    store_bind_text(st, 6, a->short_name);
    store_bind_text(st, 7, now);
    store_bind_text(st, 8, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        a->id = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW) {
        if (err && strcmp(err->key, "duplicate") == 0)
            return ms_fail(err, MS_ECONFLICT, "code", "duplicate", a->code);
        return reg_step_fail(err);
    }
    snprintf(path, sizeof path, "%s%lld/", parent_path, (long long)a->id);
    st = store_prepare(db, SQL_SET_PATH, err);
    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, path);
    store_bind_int(st, 2, a->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int reg_authority_update(store *db, const struct ms_authority *a, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, a->name);
    store_bind_text(st, 2, a->division_code);
    store_bind_text(st, 3, a->short_name);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, a->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int reg_authority_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                      struct ms_authority *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_GET, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    reg_bind_scope_path(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_authority_by_code(store *db, const char *code, arena *ar, struct ms_authority *out,
                          ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_BY_CODE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, code);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "code", "not_found", code);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_authority_list(store *db, const struct store_scope *sc, int64_t parent_id,
                       const char *level, const struct store_page *pg, arena *ar,
                       struct ms_authority **items, int *n, int64_t *total, ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    st = store_prepare(db, SQL_LIST_COUNT, err);
    if (!st)
        return reg_step_fail(err);
    reg_bind_scope_path(st, 1, sc, buf, sizeof buf);
    reg_bind_opt_int(st, 3, parent_id);
    reg_bind_opt_text(st, 5, level);
    rc = store_step(st, err);
    *total = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    st = store_prepare(db, SQL_LIST, err);
    if (!st)
        return reg_step_fail(err);
    reg_bind_scope_path(st, 1, sc, buf, sizeof buf);
    reg_bind_opt_int(st, 3, parent_id);
    reg_bind_opt_text(st, 5, level);
    reg_page_bind(st, 7, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_row(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
