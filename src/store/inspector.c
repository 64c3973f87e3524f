/* inspector.c - SQL of the inspector pool and conflicts (see inspector.h). */
#include <stdio.h>
#include <string.h>

#include "store/inspector.h"
#include "store/reg_int.h"

#define INSP_COLS                                                                                  \
    "i.id, i.authority_id, i.name, i.kind, i.employer_unit_id, i.fields, i.certificate_no,"        \
    " i.active"
#define INSP_FROM " FROM inspectors i JOIN authorities a ON a.id = i.authority_id"

static const char SQL_GET[] =
    "SELECT " INSP_COLS INSP_FROM " WHERE i.id = ? AND (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)";
#define LIST_WHERE                                                                                 \
    INSP_FROM " WHERE (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)"                                  \
              " AND (CAST(? AS BIGINT) IS NULL OR i.authority_id = ?)"                             \
              " AND (CAST(? AS TEXT) IS NULL OR i.kind = ?)"                                       \
              " AND (CAST(? AS TEXT) IS NULL OR (',' || i.fields || ',') LIKE ?)"                  \
              " AND (CAST(? AS BIGINT) IS NULL OR i.active = ?)"
static const char SQL_LIST[] = "SELECT " INSP_COLS LIST_WHERE " ORDER BY i.id LIMIT ? OFFSET ?";
static const char SQL_LIST_COUNT[] = "SELECT count(*)" LIST_WHERE;
static const char SQL_UPDATE[] =
    "UPDATE inspectors SET name = ?, kind = ?, employer_unit_id = ?, fields = ?,"
    " certificate_no = ?, active = ?, updated_at = ? WHERE id = ?";
static const char SQL_CONFLICT_EXISTS[] =
    "SELECT id FROM inspector_conflicts WHERE inspector_id = ? AND unit_id = ?";
static const char SQL_CONFLICT_INSERT[] =
    "INSERT INTO inspector_conflicts (inspector_id, unit_id, reason, declared_on)"
    " VALUES (?, ?, ?, ?) RETURNING id";
static const char SQL_CONFLICT_LIST[] =
    "SELECT c.id, c.inspector_id, c.unit_id, u.name, c.reason, c.declared_on"
    " FROM inspector_conflicts c JOIN units u ON u.id = c.unit_id"
    " WHERE c.inspector_id = ? ORDER BY c.id";

static void read_row(store_stmt *st, arena *ar, struct ms_inspector *i)
{
    i->id = store_col_int(st, 0);
    i->authority_id = store_col_int(st, 1);
    i->name = reg_dup(ar, st, 2);
    i->kind = reg_dup(ar, st, 3);
    i->employer_unit_id = store_col_is_null(st, 4) ? 0 : store_col_int(st, 4);
    i->fields = reg_dup(ar, st, 5);
    i->certificate_no = store_col_is_null(st, 6) ? NULL : reg_dup(ar, st, 6);
    i->active = (int)store_col_int(st, 7);
}

int inspdb_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
               struct ms_inspector *out, ms_err *err)
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

/* Bind the scope and filters of a listing from parameter 1; returns the
 * next parameter index. PAT receives the field pattern. */
static int bind_filter(store_stmt *st, const struct store_scope *sc, const struct inspdb_filter *f,
                       char *buf, size_t size, char pat[16])
{
    int idx = reg_bind_scope_path(st, 1, sc, buf, size);

    reg_bind_opt_int(st, idx, f ? f->authority_id : 0);
    reg_bind_opt_text(st, idx + 2, f ? f->kind : NULL);
    if (f && f->field && f->field[0]) {
        snprintf(pat, 16, "%%,%.8s,%%", f->field);
        reg_bind_opt_text(st, idx + 4, pat);
    } else {
        reg_bind_opt_text(st, idx + 4, NULL);
    }
    if (f && f->active >= 0) {
        store_bind_int(st, idx + 6, f->active ? 1 : 0);
        store_bind_int(st, idx + 7, f->active ? 1 : 0);
    } else {
        store_bind_null(st, idx + 6);
        store_bind_null(st, idx + 7);
    }
    return idx + 8;
}

int inspdb_list(store *db, const struct store_scope *sc, const struct inspdb_filter *f,
                const struct store_page *pg, arena *ar, struct ms_inspector **items, int *n,
                int64_t *total, ms_err *err)
{
    store_stmt *st;
    char buf[200], pat[16];
    int rc, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *total = 0;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare(db, SQL_LIST_COUNT, err)))
        return reg_step_fail(err);
    bind_filter(st, sc, f, buf, sizeof buf, pat);
    rc = store_step(st, err);
    *total = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if (!(st = store_prepare(db, SQL_LIST, err)))
        return reg_step_fail(err);
    reg_page_bind(st, bind_filter(st, sc, f, buf, sizeof buf, pat), pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_row(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int inspdb_update(store *db, const struct ms_inspector *i, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, i->name);
    store_bind_text(st, 2, i->kind);
    if (i->employer_unit_id)
        store_bind_int(st, 3, i->employer_unit_id);
    else
        store_bind_null(st, 3);
    store_bind_text(st, 4, i->fields ? i->fields : "");
    store_bind_text(st, 5, i->certificate_no);
    store_bind_int(st, 6, i->active ? 1 : 0);
    store_bind_text(st, 7, now);
    store_bind_int(st, 8, i->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int inspdb_conflict_insert(store *db, struct inspdb_conflict *c, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CONFLICT_EXISTS, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, c->inspector_id);
    store_bind_int(st, 2, c->unit_id);
    rc = store_step(st, err);
    store_reset(st);
    if (rc == STORE_ROW)
        return ms_failf(err, MS_ECONFLICT, "unit_id", "inspector_conflict_exists", "%lld",
                        (long long)c->unit_id);
    if (rc != STORE_DONE)
        return reg_step_fail(err);
    if (!(st = store_prepare(db, SQL_CONFLICT_INSERT, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, c->inspector_id);
    store_bind_int(st, 2, c->unit_id);
    store_bind_text(st, 3, c->reason);
    store_bind_text(st, 4, c->declared_on);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        c->id = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW) {
        if (err && strcmp(err->key, "duplicate") == 0) /* a concurrent declaration */
            return ms_failf(err, MS_ECONFLICT, "unit_id", "inspector_conflict_exists", "%lld",
                            (long long)c->unit_id);
        return reg_step_fail(err);
    }
    return MS_OK;
}

int inspdb_conflict_list(store *db, int64_t inspector_id, arena *ar, struct inspdb_conflict **items,
                         int *n, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CONFLICT_LIST, err);
    int rc, cap = 16;

    *n = 0;
    *items = NULL;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, inspector_id);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        struct inspdb_conflict *c;
        if (!*items || *n == cap) {
            struct inspdb_conflict *grown;
            cap = *items ? cap * 2 : cap;
            if (!(grown = arena_alloc(ar, sizeof *grown * (size_t)cap))) {
                store_reset(st);
                return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            }
            if (*n)
                memcpy(grown, *items, sizeof *grown * (size_t)*n);
            *items = grown;
        }
        c = &(*items)[(*n)++];
        c->id = store_col_int(st, 0);
        c->inspector_id = store_col_int(st, 1);
        c->unit_id = store_col_int(st, 2);
        c->unit_name = reg_dup(ar, st, 3);
        c->reason = reg_dup(ar, st, 4);
        c->declared_on = reg_dup(ar, st, 5);
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}
