/* audit.c - SQL of the audit trail: reserve the next seq under the head
 * lock, append, read the head, scan in seq order, list with filters. */
#include <string.h>

#include "store/audit.h"

#define AUDIT_COLS                                                                                 \
    "seq, time, actor, role, client, action, entity, entity_id, change, prev_hash, hash"

/* Portable: SQLite 3.35+ and PostgreSQL both return the new row; the hash is
 * not changed by this statement, so it is the previous row's. The UPDATE
 * takes the row lock that serialises appends on PostgreSQL (SQLite already
 * holds the write lock from BEGIN IMMEDIATE). */
static const char SQL_RESERVE[] =
    "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash";
static const char SQL_INSERT[] = "INSERT INTO audit (" AUDIT_COLS ")"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET hash = ? WHERE id = 1 AND seq = ?";
static const char SQL_HEAD[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
static const char SQL_SCAN[] =
    "SELECT " AUDIT_COLS " FROM audit WHERE seq > ? ORDER BY seq LIMIT ?";
#define LIST_WHERE                                                                                 \
    " FROM audit WHERE (CAST(? AS TEXT) IS NULL OR actor = ?)"                                     \
    " AND (CAST(? AS TEXT) IS NULL OR entity = ?)"                                                 \
    " AND (CAST(? AS BIGINT) IS NULL OR entity_id = ?)"                                            \
    " AND (CAST(? AS TEXT) IS NULL OR action = ?)"                                                 \
    " AND (CAST(? AS TEXT) IS NULL OR time >= ?)"                                                  \
    " AND (CAST(? AS TEXT) IS NULL OR substr(time, 1, length(CAST(? AS TEXT))) <= ?)"
static const char SQL_LIST[] =
    "SELECT " AUDIT_COLS LIST_WHERE " ORDER BY seq DESC LIMIT ? OFFSET ?";
static const char SQL_LIST_COUNT[] = "SELECT count(*)" LIST_WHERE;

static int step_fail(ms_err *err)
{
    return err && err->code ? err->code : MS_EINTERNAL;
}

static void copy_hash(char out[SM3_HEX_LEN + 1], const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n > SM3_HEX_LEN)
        n = SM3_HEX_LEN;
    memcpy(out, s ? s : "", n);
    out[n] = '\0';
}

int audit_db_reserve(store *db, int64_t *seq, char prev_hash[SM3_HEX_LEN + 1], ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_RESERVE, err);
    int rc;

    if (!st)
        return step_fail(err);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        *seq = store_col_int(st, 0);
        copy_hash(prev_hash, store_col_text(st, 1));
        /* Run RETURNING to completion before the next statement. */
        while ((rc = store_step(st, err)) == STORE_ROW)
            ;
        rc = rc == STORE_DONE ? MS_OK : step_fail(err);
    } else if (rc == STORE_DONE) {
        rc = ms_fail(err, MS_EINTERNAL, "", "audit_no_head", NULL);
    } else {
        rc = step_fail(err);
    }
    store_reset(st);
    return rc;
}

int audit_db_insert(store *db, const struct audit_row *r, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSERT, err);
    int rc = MS_EINTERNAL;

    if (!st)
        goto out;
    store_bind_int(st, 1, r->seq);
    store_bind_text(st, 2, r->time);
    store_bind_text(st, 3, r->actor);
    store_bind_text(st, 4, r->role);
    store_bind_text(st, 5, r->client);
    store_bind_text(st, 6, r->action);
    store_bind_text(st, 7, r->entity);
    store_bind_int(st, 8, r->entity_id);
    store_bind_text(st, 9, r->change);
    store_bind_text(st, 10, r->prev_hash);
    store_bind_text(st, 11, r->hash);
    rc = store_step(st, err);
    store_reset(st);
    if (rc != STORE_DONE)
        goto out;
    st = store_prepare(db, SQL_HEAD_SET, err);
    if (!st)
        goto out;
    store_bind_text(st, 1, r->hash);
    store_bind_int(st, 2, r->seq);
    rc = store_step(st, err);
    if (rc == STORE_DONE && store_changes(st) != 1) {
        /* The head moved under us: only possible without audit_db_reserve. */
        ms_fail(err, MS_EINTERNAL, "", "audit_no_head", NULL);
        rc = STORE_ERROR;
    }
    store_reset(st);
out:
    return rc == STORE_DONE ? MS_OK : step_fail(err);
}

int audit_db_head(store *db, int64_t *seq, char hash[SM3_HEX_LEN + 1], ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_HEAD, err);
    int rc;

    if (!st)
        return step_fail(err);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        *seq = store_col_int(st, 0);
        copy_hash(hash, store_col_text(st, 1));
        rc = MS_OK;
    } else if (rc == STORE_DONE) {
        rc = ms_fail(err, MS_EINTERNAL, "", "audit_no_head", NULL);
    } else {
        rc = step_fail(err);
    }
    store_reset(st);
    return rc;
}

static const char *text_or_empty(store_stmt *st, int col)
{
    const char *s = store_col_text(st, col);
    return s ? s : "";
}

/* The row under ST's cursor; strings point into ST (or at ""). */
static void read_row(store_stmt *st, struct audit_row *r)
{
    r->seq = store_col_int(st, 0);
    r->time = text_or_empty(st, 1);
    r->actor = text_or_empty(st, 2);
    r->role = text_or_empty(st, 3);
    r->client = text_or_empty(st, 4);
    r->action = text_or_empty(st, 5);
    r->entity = text_or_empty(st, 6);
    r->entity_id = store_col_int(st, 7);
    r->change = text_or_empty(st, 8);
    r->prev_hash = text_or_empty(st, 9);
    r->hash = text_or_empty(st, 10);
}

int audit_db_scan(store *db, int64_t after_seq, int limit, audit_db_fn fn, void *ctx, int *n,
                  ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SCAN, err);
    struct audit_row r;
    int rc;

    *n = 0;
    if (!st)
        return step_fail(err);
    store_bind_int(st, 1, after_seq);
    store_bind_int(st, 2, limit);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        read_row(st, &r);
        (*n)++;
        if (fn(ctx, &r) != 0) {
            rc = STORE_DONE;
            break;
        }
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : step_fail(err);
}

static const char *opt(const char *v)
{
    return v && *v ? v : NULL;
}

/* Bind the LIST_WHERE parameters (13); returns the next index. */
static int bind_filter(store_stmt *st, const struct audit_filter *f)
{
    static const struct audit_filter none;

    if (!f)
        f = &none;
    store_bind_text(st, 1, opt(f->actor));
    store_bind_text(st, 2, opt(f->actor));
    store_bind_text(st, 3, opt(f->entity));
    store_bind_text(st, 4, opt(f->entity));
    if (f->entity_id > 0) {
        store_bind_int(st, 5, f->entity_id);
        store_bind_int(st, 6, f->entity_id);
    } else {
        store_bind_null(st, 5);
        store_bind_null(st, 6);
    }
    store_bind_text(st, 7, opt(f->action));
    store_bind_text(st, 8, opt(f->action));
    store_bind_text(st, 9, opt(f->from));
    store_bind_text(st, 10, opt(f->from));
    store_bind_text(st, 11, opt(f->to));
    store_bind_text(st, 12, opt(f->to));
    store_bind_text(st, 13, opt(f->to));
    return 14;
}

static char *dup_col(arena *ar, store_stmt *st, int col)
{
    return arena_strdup(ar, text_or_empty(st, col));
}

int audit_db_list(store *db, const struct audit_filter *f, const struct store_page *pg, arena *ar,
                  struct audit_row **items, int *n, int64_t *total, ms_err *err)
{
    int per = pg && pg->per_page > 0 ? pg->per_page : 50;
    int page = pg && pg->page > 0 ? pg->page : 1;
    struct audit_row *rows = NULL;
    store_stmt *st;
    int rc, res = MS_EINTERNAL, count = 0;

    *items = NULL;
    *n = 0;
    *total = 0;
    if (per > 500)
        per = 500;
    st = store_prepare(db, SQL_LIST_COUNT, err);
    if (!st)
        goto out;
    bind_filter(st, f);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        goto out;
    rows = arena_alloc(ar, sizeof *rows * (size_t)per);
    if (!rows) {
        ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    st = store_prepare(db, SQL_LIST, err);
    if (!st)
        goto out;
    bind_filter(st, f);
    store_bind_int(st, 14, per);
    store_bind_int(st, 15, (int64_t)(page - 1) * per);
    while (count < per && (rc = store_step(st, err)) == STORE_ROW) {
        struct audit_row *r = &rows[count++];
        r->seq = store_col_int(st, 0);
        r->time = dup_col(ar, st, 1);
        r->actor = dup_col(ar, st, 2);
        r->role = dup_col(ar, st, 3);
        r->client = dup_col(ar, st, 4);
        r->action = dup_col(ar, st, 5);
        r->entity = dup_col(ar, st, 6);
        r->entity_id = store_col_int(st, 7);
        r->change = dup_col(ar, st, 8);
        r->prev_hash = dup_col(ar, st, 9);
        r->hash = dup_col(ar, st, 10);
        if (!r->time || !r->actor || !r->role || !r->client || !r->action || !r->entity ||
            !r->change || !r->prev_hash || !r->hash) {
            ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            rc = STORE_ERROR;
            break;
        }
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        goto out;
    *items = rows;
    *n = count;
    res = MS_OK;
out:
    return res == MS_OK ? MS_OK : step_fail(err);
}
