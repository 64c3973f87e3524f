/* reg_unit.c - SQL of 建标单位 (units). */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

#define UNIT_COLS                                                                                  \
    "u.id, u.uscc, u.name, u.division_code, u.address, u.kind, u.sectors, u.authority_id,"         \
    " u.contact_name, u.contact_phone, u.credit_class, u.status, u.created_at, u.updated_at"

static const char SQL_INSERT[] =
    "INSERT INTO units (uscc, name, division_code, address, kind, sectors, authority_id,"
    " contact_name, contact_phone, credit_class, status, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE units SET uscc = ?, name = ?, division_code = ?, address = ?, kind = ?, sectors = ?,"
    " authority_id = ?, contact_name = ?, contact_phone = ?, credit_class = ?, status = ?,"
    " updated_at = ? WHERE id = ?";
static const char SQL_GET[] = "SELECT " UNIT_COLS " FROM units u JOIN authorities ua ON"
                              " ua.id = u.authority_id WHERE u.id = ? AND" REG_SCOPE_UNIT;
static const char SQL_BY_USCC[] = "SELECT " UNIT_COLS " FROM units u JOIN authorities ua ON"
                                  " ua.id = u.authority_id WHERE u.uscc = ? AND" REG_SCOPE_UNIT;
#define LIST_WHERE                                                                                 \
    " FROM units u JOIN authorities ua ON ua.id = u.authority_id WHERE" REG_SCOPE_UNIT             \
    " AND (CAST(? AS BIGINT) IS NULL OR ua.path LIKE"                                              \
    " (SELECT f.path FROM authorities f WHERE f.id = ?) || '%')"                                   \
    " AND (CAST(? AS TEXT) IS NULL OR u.division_code = ?)"                                        \
    " AND (CAST(? AS TEXT) IS NULL OR u.kind = ?)"                                                 \
    " AND (CAST(? AS TEXT) IS NULL OR u.sectors LIKE '%' || ? || '%')"                             \
    " AND (CAST(? AS TEXT) IS NULL OR u.name LIKE ? ESCAPE '\\' OR u.uscc LIKE ? ESCAPE '\\')"
static const char SQL_LIST[] = "SELECT " UNIT_COLS LIST_WHERE " ORDER BY u.id LIMIT ? OFFSET ?";
static const char SQL_LIST_COUNT[] = "SELECT count(*)" LIST_WHERE;

static void read_row(store_stmt *st, arena *ar, struct ms_unit *u)
{
    u->id = store_col_int(st, 0);
    u->uscc = reg_dup(ar, st, 1);
    u->name = reg_dup(ar, st, 2);
    u->division_code = reg_dup(ar, st, 3);
    u->address = reg_dup(ar, st, 4);
    u->kind = reg_dup(ar, st, 5);
    u->sectors = reg_dup(ar, st, 6);
    u->authority_id = store_col_int(st, 7);
    u->contact_name = reg_dup(ar, st, 8);
    u->contact_phone = reg_dup(ar, st, 9);
    u->credit_class = reg_dup(ar, st, 10);
    u->status = reg_dup(ar, st, 11);
    u->created_at = reg_dup(ar, st, 12);
    u->updated_at = reg_dup(ar, st, 13);
}

/* REG_SCOPE_UNIT: the path three times, then the unit id twice. */
static int bind_scope(store_stmt *st, int idx, const struct store_scope *sc, char *buf, size_t size)
{
    if (sc && sc->authority_path) {
        snprintf(buf, size, "%s%%", sc->authority_path);
        for (int i = 0; i < 3; i++)
            store_bind_text(st, idx + i, buf);
    } else {
        for (int i = 0; i < 3; i++)
            store_bind_null(st, idx + i);
    }
    return reg_bind_scope_unit(st, idx + 3, sc);
}

static void bind_fields(store_stmt *st, const struct ms_unit *u)
{
    store_bind_text(st, 1, u->uscc);
    store_bind_text(st, 2, u->name);
    store_bind_text(st, 3, u->division_code);
    store_bind_text(st, 4, u->address);
    store_bind_text(st, 5, u->kind);
    store_bind_text(st, 6, u->sectors ? u->sectors : "");
    store_bind_int(st, 7, u->authority_id);
    store_bind_text(st, 8, u->contact_name);
    store_bind_text(st, 9, u->contact_phone);
    store_bind_text(st, 10, u->credit_class);
    store_bind_text(st, 11, u->status ? u->status : "active");
}

static int write_fail(const struct ms_unit *u, ms_err *err)
{
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "uscc", "duplicate", u->uscc);
    if (err && strcmp(err->key, "db_fk") == 0)
        return ms_failf(err, MS_EINVAL, "authority_id", "not_found", "%lld",
                        (long long)u->authority_id);
    return reg_step_fail(err);
}

int reg_unit_insert(store *db, struct ms_unit *u, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_fields(st, u);
    store_bind_text(st, 12, now);
    store_bind_text(st, 13, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        u->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : write_fail(u, err);
}

int reg_unit_update(store *db, const struct ms_unit *u, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_fields(st, u);
    store_bind_text(st, 12, now);
    store_bind_int(st, 13, u->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : write_fail(u, err);
}

static int get_one(store *db, const char *sql, const struct store_scope *sc, int64_t id,
                   const char *uscc, arena *ar, struct ms_unit *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    if (uscc)
        store_bind_text(st, 1, uscc);
    else
        store_bind_int(st, 1, id);
    bind_scope(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE) {
        if (uscc)
            return ms_fail(err, MS_ENOTFOUND, "uscc", "not_found", uscc);
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    }
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_unit_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                 struct ms_unit *out, ms_err *err)
{
    return get_one(db, SQL_GET, sc, id, NULL, ar, out, err);
}

int reg_unit_by_uscc(store *db, const struct store_scope *sc, const char *uscc, arena *ar,
                     struct ms_unit *out, ms_err *err)
{
    return get_one(db, SQL_BY_USCC, sc, 0, uscc, ar, out, err);
}

static int bind_list(store_stmt *st, const struct store_scope *sc, const struct reg_unit_filter *f,
                     char *buf, size_t size, char **like)
{
    int i = bind_scope(st, 1, sc, buf, size);
    i = reg_bind_opt_int(st, i, f ? f->authority_id : 0);
    i = reg_bind_opt_text(st, i, f ? f->division_code : NULL);
    i = reg_bind_opt_text(st, i, f ? f->kind : NULL);
    i = reg_bind_opt_text(st, i, f ? f->sector : NULL);
    return reg_bind_opt_like(st, i, f ? f->q : NULL, like);
}

int reg_unit_list(store *db, const struct store_scope *sc, const struct reg_unit_filter *f,
                  const struct store_page *pg, arena *ar, struct ms_unit **items, int *n,
                  int64_t *total, ms_err *err)
{
    store_stmt *st;
    char buf[200], *like = NULL;
    int rc, idx, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *total = 0;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    st = store_prepare(db, SQL_LIST_COUNT, err);
    if (!st)
        return reg_step_fail(err);
    bind_list(st, sc, f, buf, sizeof buf, &like);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    ms_free(like);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    st = store_prepare(db, SQL_LIST, err);
    if (!st)
        return reg_step_fail(err);
    idx = bind_list(st, sc, f, buf, sizeof buf, &like);
    reg_page_bind(st, idx, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_row(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    ms_free(like);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
