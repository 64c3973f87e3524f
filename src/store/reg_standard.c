/* reg_standard.c - SQL of 计量标准 (standards), their status history,
 * apparatus and staff. A standard's jurisdiction is that of the authority
 * that issued its certificate (谁审批、谁监管). */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

#define CACHE_KEY_MAX 512 /* longer keys are simply not cached */

#define STD_COLS                                                                                   \
    "s.id, s.unit_id, s.name, s.code, s.field, s.category, s.measurement_range,"                   \
    " s.uncertainty, s.cert_no, s.cert_authority_id, s.cert_issued_on, s.cert_expires_on,"         \
    " s.status, s.status_on, s.status_reason, s.replaced_by_id, s.sectors, s.created_at,"          \
    " s.updated_at, s.rev"
#define COL_REV 19

static const char SQL_INSERT[] =
    "INSERT INTO standards (unit_id, name, code, field, category, measurement_range,"
    " uncertainty, cert_no, cert_authority_id, cert_issued_on, cert_expires_on, status,"
    " status_on, status_reason, replaced_by_id, sectors, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE standards SET unit_id = ?, name = ?, code = ?, field = ?, category = ?,"
    " measurement_range = ?, uncertainty = ?, cert_no = ?, cert_authority_id = ?,"
    " cert_issued_on = ?, cert_expires_on = ?, status = ?, status_on = ?, status_reason = ?,"
    " replaced_by_id = ?, sectors = ?, updated_at = ?, rev = rev + 1 WHERE id = ?";
static const char SQL_GET[] =
    "SELECT " STD_COLS " FROM standards s JOIN authorities ca ON"
    " ca.id = s.cert_authority_id WHERE s.id = ? AND" REG_SCOPE("ca", "s.unit_id");
/* The same without a jurisdiction path (national and system callers): no
 * join to the authorities. */
static const char SQL_GET_NOPATH[] = "SELECT " STD_COLS " FROM standards s WHERE s.id = ? AND"
                                     " (CAST(? AS BIGINT) IS NULL OR s.unit_id = ?)";
static const char SQL_BY_CERT[] = "SELECT " STD_COLS " FROM standards s WHERE s.cert_no = ?";
/* Filters of the standards list, one bit each, in this order. */
enum {
    SF_PATH,       /* jurisdiction: the certificate's authority in the caller's subtree */
    SF_SCOPE_UNIT, /* jurisdiction: the caller's own unit */
    SF_UNIT,
    SF_AUTHORITY,
    SF_FIELD,
    SF_CATEGORY,
    SF_STATUS,
    SF_EXPIRING,
    SF_Q,
    SF_COUNT
};
static const char *const STD_FRAGS[SF_COUNT] = {
    " AND ca.path LIKE ?",
    " AND s.unit_id = ?",
    " AND s.unit_id = ?",
    " AND ca.path LIKE (SELECT f.path FROM authorities f WHERE f.id = ?) || '%'",
    " AND s.field = ?",
    " AND s.category = ?",
    " AND s.status = ?",
    " AND s.cert_expires_on < ?",
    " AND (s.name LIKE ? ESCAPE '\\' OR s.cert_no LIKE ? ESCAPE '\\')",
};
static struct reg_variants std_list = {
    "SELECT " STD_COLS " FROM standards s JOIN authorities ca ON ca.id = s.cert_authority_id"
    " WHERE 1 = 1",
    " ORDER BY s.id LIMIT ? OFFSET ?", STD_FRAGS, SF_COUNT, NULL};
static struct reg_variants std_count = {
    "SELECT count(*) FROM standards s JOIN authorities ca ON ca.id = s.cert_authority_id"
    " WHERE 1 = 1",
    "", STD_FRAGS, SF_COUNT, NULL};
/* Without a jurisdiction path or authority filter the authorities table is
 * not needed: the count then reads one covering index. */
static struct reg_variants std_list_nojoin = {"SELECT " STD_COLS " FROM standards s WHERE 1 = 1",
                                              " ORDER BY s.id LIMIT ? OFFSET ?", STD_FRAGS,
                                              SF_COUNT, NULL};
static struct reg_variants std_count_nojoin = {"SELECT count(*) FROM standards s WHERE 1 = 1", "",
                                               STD_FRAGS, SF_COUNT, NULL};
/* The page's ids and revs only (reg_standard_list_each, keys first). */
static struct reg_variants std_keys = {
    "SELECT s.id, s.rev FROM standards s JOIN authorities ca ON ca.id = s.cert_authority_id"
    " WHERE 1 = 1",
    " ORDER BY s.id LIMIT ? OFFSET ?", STD_FRAGS, SF_COUNT, NULL};
static struct reg_variants std_keys_nojoin = {"SELECT s.id, s.rev FROM standards s WHERE 1 = 1",
                                              " ORDER BY s.id LIMIT ? OFFSET ?", STD_FRAGS,
                                              SF_COUNT, NULL};

static const char SQL_SET_STATUS[] =
    "UPDATE standards SET status = ?, status_on = ?, status_reason = ?,"
    " replaced_by_id = coalesce(CAST(? AS BIGINT), replaced_by_id), updated_at = ?,"
    " rev = rev + 1 WHERE id = ? AND status = ?";
static const char SQL_EVENT_ADD[] =
    "INSERT INTO standard_events (standard_id, action, from_status, to_status, reason,"
    " happened_on, recorded_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_EVENTS[] =
    "SELECT id, action, from_status, to_status, reason, happened_on, recorded_at, actor"
    " FROM standard_events WHERE standard_id = ? ORDER BY id";

static const char SQL_APP_INSERT[] =
    "INSERT INTO apparatus (standard_id, name, model, serial, role, trace_cert_no, trace_org,"
    " calibrated_on, due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
static const char SQL_APP_LIST[] =
    "SELECT id, standard_id, name, model, serial, role, trace_cert_no, trace_org,"
    " calibrated_on, due_on FROM apparatus WHERE standard_id = ? ORDER BY id";
static const char SQL_PER_INSERT[] =
    "INSERT INTO personnel (standard_id, name, qualification_no, valid_until, in_charge,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_PER_LIST[] =
    "SELECT id, standard_id, name, qualification_no, valid_until, in_charge FROM personnel"
    " WHERE standard_id = ? ORDER BY id";

/* The row at ST into S without copying: the strings point into the
 * statement and stay valid until its next step or reset. */
static void ref_row(store_stmt *st, struct ms_standard *s)
{
    s->id = store_col_int(st, 0);
    s->unit_id = store_col_int(st, 1);
    s->name = store_col_text(st, 2);
    s->code = store_col_text(st, 3);
    s->field = store_col_text(st, 4);
    s->category = store_col_text(st, 5);
    s->measurement_range = store_col_text(st, 6);
    s->uncertainty = store_col_text(st, 7);
    s->cert_no = store_col_text(st, 8);
    s->cert_authority_id = store_col_int(st, 9);
    s->cert_issued_on = store_col_text(st, 10);
    s->cert_expires_on = store_col_text(st, 11);
    s->status = store_col_text(st, 12);
    s->status_on = store_col_text(st, 13);
    s->status_reason = store_col_text(st, 14);
    s->replaced_by_id = store_col_int(st, 15);
    s->sectors = store_col_text(st, 16);
    s->created_at = store_col_text(st, 17);
    s->updated_at = store_col_text(st, 18);
    s->rev = store_col_int(st, COL_REV);
}

/* The strings of S copied into AR (S read by ref_row, or handed to a sink). */
static void own_strings(arena *ar, struct ms_standard *s)
{
    s->name = arena_strdup(ar, s->name);
    s->code = arena_strdup(ar, s->code);
    s->field = arena_strdup(ar, s->field);
    s->category = arena_strdup(ar, s->category);
    s->measurement_range = arena_strdup(ar, s->measurement_range);
    s->uncertainty = arena_strdup(ar, s->uncertainty);
    s->cert_no = arena_strdup(ar, s->cert_no);
    s->cert_issued_on = arena_strdup(ar, s->cert_issued_on);
    s->cert_expires_on = arena_strdup(ar, s->cert_expires_on);
    s->status = arena_strdup(ar, s->status);
    s->status_on = arena_strdup(ar, s->status_on);
    s->status_reason = arena_strdup(ar, s->status_reason);
    s->sectors = arena_strdup(ar, s->sectors);
    s->created_at = arena_strdup(ar, s->created_at);
    s->updated_at = arena_strdup(ar, s->updated_at);
}

/* The row at ST into S, its strings copied into AR. */
static void read_row(store_stmt *st, arena *ar, struct ms_standard *s)
{
    ref_row(st, s);
    own_strings(ar, s);
}

static void bind_fields(store_stmt *st, const struct ms_standard *s)
{
    store_bind_int(st, 1, s->unit_id);
    store_bind_text(st, 2, s->name);
    store_bind_text(st, 3, s->code);
    store_bind_text(st, 4, s->field);
    store_bind_text(st, 5, s->category);
    store_bind_text(st, 6, s->measurement_range);
    store_bind_text(st, 7, s->uncertainty);
    store_bind_text(st, 8, s->cert_no);
    store_bind_int(st, 9, s->cert_authority_id);
    store_bind_text(st, 10, s->cert_issued_on);
    store_bind_text(st, 11, s->cert_expires_on);
    store_bind_text(st, 12, s->status ? s->status : "active");
    store_bind_text(st, 13, s->status_on);
    store_bind_text(st, 14, s->status_reason);
    if (s->replaced_by_id)
        store_bind_int(st, 15, s->replaced_by_id);
    else
        store_bind_null(st, 15);
    store_bind_text(st, 16, s->sectors ? s->sectors : "");
}

static int write_fail(const struct ms_standard *s, ms_err *err)
{
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "cert_no", "duplicate", s->cert_no);
    if (err && strcmp(err->key, "db_fk") == 0)
        return ms_fail(err, MS_EINVAL, "unit_id", "db_fk", NULL);
    return reg_step_fail(err);
}

int reg_standard_insert(store *db, struct ms_standard *s, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_fields(st, s);
    store_bind_text(st, 17, now);
    store_bind_text(st, 18, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        s->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : write_fail(s, err);
}

int reg_standard_update(store *db, const struct ms_standard *s, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_fields(st, s);
    store_bind_text(st, 17, now);
    store_bind_int(st, 18, s->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : write_fail(s, err);
}

int reg_standard_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                     struct ms_standard *out, ms_err *err)
{
    int path = sc && sc->authority_path;
    store_stmt *st = store_prepare(db, path ? SQL_GET : SQL_GET_NOPATH, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    reg_bind_scope_unit(st, path ? reg_bind_scope_path(st, 2, sc, buf, sizeof buf) : 2, sc);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_standard_by_cert_no(store *db, const char *cert_no, arena *ar, struct ms_standard *out,
                            ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_BY_CERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, cert_no);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "cert_no", "not_found", cert_no);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int has(const char *v)
{
    return v && *v;
}

/* The filter bits present in SC and F. */
static unsigned list_mask(const struct store_scope *sc, const struct reg_standard_filter *f)
{
    unsigned m = 0;

    if (sc && sc->authority_path)
        m |= 1u << SF_PATH;
    if (sc && sc->unit_id)
        m |= 1u << SF_SCOPE_UNIT;
    if (f) {
        m |= (f->unit_id ? 1u : 0) << SF_UNIT;
        m |= (f->authority_id ? 1u : 0) << SF_AUTHORITY;
        m |= (unsigned)has(f->field) << SF_FIELD;
        m |= (unsigned)has(f->category) << SF_CATEGORY;
        m |= (unsigned)has(f->status) << SF_STATUS;
        m |= (unsigned)has(f->expiring_before) << SF_EXPIRING;
        m |= (unsigned)has(f->q) << SF_Q;
    }
    return m;
}

/* Bind the parameters of the fragments in MASK, in order; returns the next
 * index. *LIKE is the pattern of q (freed by the caller). */
static int bind_list(store_stmt *st, unsigned m, const struct store_scope *sc,
                     const struct reg_standard_filter *f, char *buf, size_t size, char **like)
{
    int i = 1;

    *like = NULL;
    if (m & (1u << SF_PATH)) {
        snprintf(buf, size, "%s%%", sc->authority_path);
        store_bind_text(st, i++, buf);
    }
    if (m & (1u << SF_SCOPE_UNIT))
        store_bind_int(st, i++, sc->unit_id);
    if (m & (1u << SF_UNIT))
        store_bind_int(st, i++, f->unit_id);
    if (m & (1u << SF_AUTHORITY))
        store_bind_int(st, i++, f->authority_id);
    if (m & (1u << SF_FIELD))
        store_bind_text(st, i++, f->field);
    if (m & (1u << SF_CATEGORY))
        store_bind_text(st, i++, f->category);
    if (m & (1u << SF_STATUS))
        store_bind_text(st, i++, f->status);
    if (m & (1u << SF_EXPIRING))
        store_bind_text(st, i++, f->expiring_before);
    if (m & (1u << SF_Q)) {
        char *esc = store_like_escape(f->q);
        *like = esc ? ms_malloc(strlen(esc) + 3) : NULL;
        if (*like)
            sprintf(*like, "%%%s%%", esc);
        ms_free(esc);
        store_bind_text(st, i++, *like);
        store_bind_text(st, i++, *like);
    }
    return i;
}

/* A list page whose rows the sink mostly holds: read only the ids and revs
 * of the page (the index and one table seek per row, none of the other 18
 * columns), then each row the sink does not hold by its id. Only inside a
 * read snapshot (SQLite), so that both reads see the same rows. *DONE is 0,
 * and nothing was handed to the sink, when too many rows are missing: the
 * caller then reads the page in one pass. */
static int list_keys_first(store *db, unsigned m, int join, const struct store_scope *sc,
                           const struct reg_standard_filter *f, const struct store_page *pg,
                           int cap, const struct reg_standard_sink *sink, int *done, ms_err *err)
{
    const char *sql = reg_variant(join ? &std_keys : &std_keys_nojoin, m);
    int64_t ids[500], revs[500];
    struct ms_standard row;
    store_stmt *st, *one = NULL;
    char buf[200], *like = NULL;
    int rc = STORE_DONE, n = 0, missing = 0;

    *done = 0;
    if (!sql || !(st = store_prepare(db, sql, err)))
        return MS_OK;
    reg_page_bind(st, bind_list(st, m, sc, f, buf, sizeof buf, &like), pg);
    while (n < cap && (rc = store_step(st, err)) == STORE_ROW) {
        ids[n] = store_col_int(st, 0);
        revs[n] = store_col_int(st, 1);
        missing += !sink->held(ids[n], revs[n], sink->ctx);
        n++;
    }
    store_reset(st);
    ms_free(like);
    if (n < cap && rc == STORE_ERROR)
        return reg_step_fail(err);
    if (missing * 4 > n)
        return MS_OK;
    *done = 1;
    for (int i = 0; i < n; i++) {
        /* held a moment ago, but another thread may have taken the slot */
        if (!sink->need(ids[i], revs[i], sink->ctx))
            continue;
        if (!one && !(one = store_prepare(db, SQL_GET_NOPATH, err)))
            return reg_step_fail(err);
        store_bind_int(one, 1, ids[i]);
        reg_bind_scope_unit(one, 2, NULL);
        rc = store_step(one, err);
        if (rc == STORE_ROW) {
            ref_row(one, &row);
            sink->row(&row, sink->ctx);
        }
        store_reset(one);
        if (rc != STORE_ROW) /* the snapshot holds every row it listed */
            return rc == STORE_ERROR ? reg_step_fail(err)
                                     : ms_fail(err, MS_EINTERNAL, "", "internal", "list row gone");
    }
    return MS_OK;
}

int reg_standard_list_each(store *db, const struct store_scope *sc,
                           const struct reg_standard_filter *f, const struct store_page *pg,
                           const struct reg_standard_sink *sink, int64_t *total, ms_err *err)
{
    unsigned m = list_mask(sc, f);
    int join = (m & ((1u << SF_PATH) | (1u << SF_AUTHORITY))) != 0;
    const char *count_sql = reg_variant(join ? &std_count : &std_count_nojoin, m);
    const char *list_sql = reg_variant(join ? &std_list : &std_list_nojoin, m);
    store_stmt *st;
    struct ms_standard row;
    char buf[200], *like = NULL, key[CACHE_KEY_MAX];
    int rc = STORE_DONE, idx, n = 0,
        cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *total = 0;
    if (!count_sql || !list_sql)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    /* The total of this filter set, from the count cache when the database
     * has not changed since it was counted. */
    snprintf(key, sizeof key, "std|%x|%s|%lld|%lld|%lld|%s|%s|%s|%s|%s", m,
             sc && sc->authority_path ? sc->authority_path : "", (long long)(sc ? sc->unit_id : 0),
             (long long)(f ? f->unit_id : 0), (long long)(f ? f->authority_id : 0),
             f && f->field ? f->field : "", f && f->category ? f->category : "",
             f && f->status ? f->status : "", f && f->expiring_before ? f->expiring_before : "",
             f && f->q ? f->q : "");
    if (!store_cache_get(db, key, total)) {
        st = store_prepare(db, count_sql, err);
        if (!st)
            return reg_step_fail(err);
        bind_list(st, m, sc, f, buf, sizeof buf, &like);
        rc = store_step(st, err);
        if (rc == STORE_ROW)
            *total = store_col_int(st, 0);
        store_reset(st);
        ms_free(like);
        if (rc != STORE_ROW)
            return reg_step_fail(err);
        store_cache_put(db, key, *total);
    }
    if (!*total)
        return MS_OK;
    if (sink->need && sink->held && store_in_read(db)) {
        int done;
        rc = list_keys_first(db, m, join, sc, f, pg, cap, sink, &done, err);
        if (rc != MS_OK || done)
            return rc;
    }
    st = store_prepare(db, list_sql, err);
    if (!st)
        return reg_step_fail(err);
    idx = bind_list(st, m, sc, f, buf, sizeof buf, &like);
    reg_page_bind(st, idx, pg);
    /* Each row goes to the sink straight from the statement (no copy);
     * a row the sink already has in this version is not even read. */
    while (n < cap && (rc = store_step(st, err)) == STORE_ROW) {
        n++;
        if (sink->need && !sink->need(store_col_int(st, 0), store_col_int(st, COL_REV), sink->ctx))
            continue;
        ref_row(st, &row);
        sink->row(&row, sink->ctx);
    }
    store_reset(st);
    ms_free(like);
    return n < cap && rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

struct copy_rows {
    arena *ar;
    struct ms_standard *items;
    int n;
};

static void copy_row(const struct ms_standard *s, void *ctx)
{
    struct copy_rows *c = ctx;
    struct ms_standard *d = &c->items[c->n++];

    *d = *s;
    own_strings(c->ar, d);
}

int reg_standard_list(store *db, const struct store_scope *sc, const struct reg_standard_filter *f,
                      const struct store_page *pg, arena *ar, struct ms_standard **items, int *n,
                      int64_t *total, ms_err *err)
{
    int cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;
    struct copy_rows c = {ar, NULL, 0};
    struct reg_standard_sink sink = {NULL, NULL, copy_row, &c};
    int rc;

    *n = 0;
    *total = 0;
    *items = c.items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    rc = reg_standard_list_each(db, sc, f, pg, &sink, total, err);
    *n = c.n;
    return rc;
}

int reg_standard_set_status(store *db, int64_t id, const char *action, const char *from,
                            const char *to, const char *reason, const char *on,
                            int64_t replaced_by_id, const char *actor, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SET_STATUS, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, to);
    store_bind_text(st, 2, on);
    store_bind_text(st, 3, reason);
    if (replaced_by_id > 0)
        store_bind_int(st, 4, replaced_by_id);
    else
        store_bind_null(st, 4);
    store_bind_text(st, 5, now);
    store_bind_int(st, 6, id);
    store_bind_text(st, 7, from);
    rc = store_step(st, err);
    if (rc == STORE_DONE && store_changes(st) != 1) {
        store_reset(st);
        /* Someone changed the status since it was read. */
        return ms_fail(err, MS_ECONFLICT, "status", "status_changed", from);
    }
    store_reset(st);
    if (rc != STORE_DONE)
        return reg_step_fail(err);
    st = store_prepare(db, SQL_EVENT_ADD, err);
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    store_bind_text(st, 2, action);
    store_bind_text(st, 3, from);
    store_bind_text(st, 4, to);
    store_bind_text(st, 5, reason);
    store_bind_text(st, 6, on);
    store_bind_text(st, 7, now);
    store_bind_text(st, 8, actor);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

static void read_event(store_stmt *st, arena *ar, void *p)
{
    struct reg_standard_event *e = p;

    e->id = store_col_int(st, 0);
    e->action = reg_dup(ar, st, 1);
    e->from_status = reg_dup(ar, st, 2);
    e->to_status = reg_dup(ar, st, 3);
    e->reason = reg_dup(ar, st, 4);
    e->happened_on = reg_dup(ar, st, 5);
    e->recorded_at = reg_dup(ar, st, 6);
    e->actor = reg_dup(ar, st, 7);
}

int reg_standard_events(store *db, int64_t standard_id, arena *ar,
                        struct reg_standard_event **items, int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_EVENTS, standard_id, ar, sizeof **items, read_event,
                          (void **)items, n, err);
}

int reg_apparatus_insert(store *db, struct ms_apparatus *a, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_APP_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, a->standard_id);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->model);
    store_bind_text(st, 4, a->serial);
    store_bind_text(st, 5, a->role ? a->role : "standard");
    store_bind_text(st, 6, a->trace_cert_no);
    store_bind_text(st, 7, a->trace_org);
    store_bind_text(st, 8, a->calibrated_on);
    store_bind_text(st, 9, a->due_on);
    store_bind_text(st, 10, now);
    store_bind_text(st, 11, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        a->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static void read_apparatus(store_stmt *st, arena *ar, void *p)
{
    struct ms_apparatus *x = p;

    x->id = store_col_int(st, 0);
    x->standard_id = store_col_int(st, 1);
    x->name = reg_dup(ar, st, 2);
    x->model = reg_dup(ar, st, 3);
    x->serial = reg_dup(ar, st, 4);
    x->role = reg_dup(ar, st, 5);
    x->trace_cert_no = reg_dup(ar, st, 6);
    x->trace_org = reg_dup(ar, st, 7);
    x->calibrated_on = reg_dup(ar, st, 8);
    x->due_on = reg_dup(ar, st, 9);
}

int reg_apparatus_list(store *db, int64_t standard_id, arena *ar, struct ms_apparatus **items,
                       int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_APP_LIST, standard_id, ar, sizeof **items, read_apparatus,
                          (void **)items, n, err);
}

int reg_personnel_insert(store *db, struct ms_personnel *p, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_PER_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, p->standard_id);
    store_bind_text(st, 2, p->name);
    store_bind_text(st, 3, p->qualification_no);
    store_bind_text(st, 4, p->valid_until);
    store_bind_int(st, 5, p->in_charge ? 1 : 0);
    store_bind_text(st, 6, now);
    store_bind_text(st, 7, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        p->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static void read_personnel(store_stmt *st, arena *ar, void *p)
{
    struct ms_personnel *x = p;

    x->id = store_col_int(st, 0);
    x->standard_id = store_col_int(st, 1);
    x->name = reg_dup(ar, st, 2);
    x->qualification_no = reg_dup(ar, st, 3);
    x->valid_until = reg_dup(ar, st, 4);
    x->in_charge = (int)store_col_int(st, 5);
}

int reg_personnel_list(store *db, int64_t standard_id, arena *ar, struct ms_personnel **items,
                       int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_PER_LIST, standard_id, ar, sizeof **items, read_personnel,
                          (void **)items, n, err);
}
