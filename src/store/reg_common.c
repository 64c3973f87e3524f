/* reg_common.c - shared pieces of the registry SQL: scope binding, table
 * names, counts, ids, key scans. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

static const char *const tables[REG_ENTITY_COUNT] = {
    "authorities",         "units",      "standards",  "apparatus", "personnel", "inspectors",
    "inspector_conflicts", "complaints", "violations",
};

const char *reg_table(enum reg_entity e)
{
    return e < REG_ENTITY_COUNT ? tables[e] : NULL;
}

/* One static SQL text per table, so that each is prepared once. */
static const char *const SQL_COUNT[REG_ENTITY_COUNT] = {
    "SELECT count(*) FROM authorities",         "SELECT count(*) FROM units",
    "SELECT count(*) FROM standards",           "SELECT count(*) FROM apparatus",
    "SELECT count(*) FROM personnel",           "SELECT count(*) FROM inspectors",
    "SELECT count(*) FROM inspector_conflicts", "SELECT count(*) FROM complaints",
    "SELECT count(*) FROM violations",
};
static const char *const SQL_NEXT_ID[REG_ENTITY_COUNT] = {
    "SELECT coalesce(max(id), 0) + 1 FROM authorities",
    "SELECT coalesce(max(id), 0) + 1 FROM units",
    "SELECT coalesce(max(id), 0) + 1 FROM standards",
    "SELECT coalesce(max(id), 0) + 1 FROM apparatus",
    "SELECT coalesce(max(id), 0) + 1 FROM personnel",
    "SELECT coalesce(max(id), 0) + 1 FROM inspectors",
    "SELECT coalesce(max(id), 0) + 1 FROM inspector_conflicts",
    "SELECT coalesce(max(id), 0) + 1 FROM complaints",
    "SELECT coalesce(max(id), 0) + 1 FROM violations",
};

int64_t reg_count(store *db, enum reg_entity e, ms_err *err)
{
    return store_query_int(db, SQL_COUNT[e], -1, err);
}

int64_t reg_next_id(store *db, enum reg_entity e, ms_err *err)
{
    return store_query_int(db, SQL_NEXT_ID[e], -1, err);
}

int reg_bind_scope_path(store_stmt *st, int idx, const struct store_scope *sc, char *buf,
                        size_t size)
{
    if (sc && sc->authority_path) {
        snprintf(buf, size, "%s%%", sc->authority_path);
        store_bind_text(st, idx, buf);
        store_bind_text(st, idx + 1, buf);
    } else {
        store_bind_null(st, idx);
        store_bind_null(st, idx + 1);
    }
    return idx + 2;
}

int reg_bind_scope_unit(store_stmt *st, int idx, const struct store_scope *sc)
{
    if (sc && sc->unit_id) {
        store_bind_int(st, idx, sc->unit_id);
        store_bind_int(st, idx + 1, sc->unit_id);
    } else {
        store_bind_null(st, idx);
        store_bind_null(st, idx + 1);
    }
    return idx + 2;
}

int reg_bind_opt_int(store_stmt *st, int idx, int64_t v)
{
    if (v) {
        store_bind_int(st, idx, v);
        store_bind_int(st, idx + 1, v);
    } else {
        store_bind_null(st, idx);
        store_bind_null(st, idx + 1);
    }
    return idx + 2;
}

int reg_bind_opt_text(store_stmt *st, int idx, const char *v)
{
    if (v && !*v)
        v = NULL;
    store_bind_text(st, idx, v);
    store_bind_text(st, idx + 1, v);
    return idx + 2;
}

int reg_bind_opt_like(store_stmt *st, int idx, const char *q, char **owned)
{
    *owned = NULL;
    if (q && *q) {
        char *esc = store_like_escape(q);
        size_t n = esc ? strlen(esc) : 0;
        char *pat = esc ? ms_malloc(n + 3) : NULL;
        if (pat) {
            pat[0] = '%';
            memcpy(pat + 1, esc, n);
            pat[n + 1] = '%';
            pat[n + 2] = '\0';
        }
        ms_free(esc);
        *owned = pat;
        store_bind_text(st, idx, pat);
        store_bind_text(st, idx + 1, pat);
        store_bind_text(st, idx + 2, pat);
    } else {
        store_bind_null(st, idx);
        store_bind_null(st, idx + 1);
        store_bind_null(st, idx + 2);
    }
    return idx + 3;
}

void reg_page_bind(store_stmt *st, int idx, const struct store_page *pg)
{
    int per = pg && pg->per_page > 0 ? pg->per_page : 50;
    int page = pg && pg->page > 0 ? pg->page : 1;

    if (per > 500)
        per = 500;
    store_bind_int(st, idx, per);
    store_bind_int(st, idx + 1, (int64_t)(page - 1) * per);
}

int reg_step_fail(ms_err *err)
{
    return err && err->code ? err->code : MS_EINTERNAL;
}

char *reg_dup(arena *ar, store_stmt *st, int col)
{
    return arena_strdup(ar, store_col_text(st, col));
}

static const char SQL_KEYS_UNIT[] = "SELECT uscc, id FROM units";
static const char SQL_KEYS_STANDARD[] = "SELECT cert_no, id FROM standards";
static const char SQL_KEYS_AUTHORITY[] = "SELECT code, id FROM authorities";

int reg_each_key(store *db, enum reg_entity e, void (*fn)(const char *key, int64_t id, void *ctx),
                 void *ctx, ms_err *err)
{
    const char *sql = e == REG_UNIT        ? SQL_KEYS_UNIT
                      : e == REG_STANDARD  ? SQL_KEYS_STANDARD
                      : e == REG_AUTHORITY ? SQL_KEYS_AUTHORITY
                                           : NULL;
    store_stmt *st;
    int rc;

    if (!sql)
        return ms_fail(err, MS_EINTERNAL, "", "internal", "reg_each_key: no key");
    st = store_prepare(db, sql, err);
    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW)
        fn(store_col_text(st, 0), store_col_int(st, 1), ctx);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

const char *reg_variant(struct reg_variants *v, unsigned mask)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    const char *sql = NULL;
    size_t len;
    char *p;

    pthread_mutex_lock(&lock);
    if (!v->built)
        v->built = ms_calloc((size_t)1 << v->nfrags, sizeof *v->built);
    if (!v->built)
        goto out;
    if (!v->built[mask]) {
        len = strlen(v->head) + strlen(v->tail) + 1;
        for (int i = 0; i < v->nfrags; i++)
            if (mask & (1u << i))
                len += strlen(v->frags[i]);
        p = ms_malloc(len);
        if (!p)
            goto out;
        v->built[mask] = p;
        p += sprintf(p, "%s", v->head);
        for (int i = 0; i < v->nfrags; i++)
            if (mask & (1u << i))
                p += sprintf(p, "%s", v->frags[i]);
        sprintf(p, "%s", v->tail);
    }
    sql = v->built[mask];
out:
    pthread_mutex_unlock(&lock);
    return sql;
}

int reg_rows_by_id(store *db, const char *sql, int64_t id, arena *ar, size_t elem, reg_read_fn read,
                   void **items, int *n, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    size_t cap = 8;
    char *v;
    int rc = STORE_DONE;

    *n = 0;
    *items = NULL;
    if (!st)
        return reg_step_fail(err);
    v = arena_alloc(ar, elem * cap);
    store_bind_int(st, 1, id);
    while (v && (rc = store_step(st, err)) == STORE_ROW) {
        if ((size_t)*n == cap) {
            char *nv = arena_alloc(ar, elem * cap * 2);
            if (nv)
                memcpy(nv, v, elem * cap);
            v = nv;
            cap *= 2;
            if (!v)
                break;
        }
        read(st, ar, v + elem * (size_t)(*n)++);
    }
    store_reset(st);
    if (!v)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    *items = v;
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
