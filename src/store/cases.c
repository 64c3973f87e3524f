/* cases.c - SQL of dispositions, violations, complaints and the risk counts
 * (see cases.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cases.h"
#include "store/reg_int.h"

#define SCOPE(a, id) REG_SCOPE(a, id) /* over the record's authority A and unit ID */

/* ------------------------------------------------------------ helpers */

static void bind_id(store_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        store_bind_int(st, idx, v);
    else
        store_bind_null(st, idx);
}

static int64_t col_id(store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? 0 : store_col_int(st, col);
}

static const char *col_opt(arena *ar, store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? NULL : reg_dup(ar, st, col);
}

static int bind_scope(store_stmt *st, int idx, const struct store_scope *sc, char *buf, size_t size)
{
    idx = reg_bind_scope_path(st, idx, sc, buf, size);
    return reg_bind_scope_unit(st, idx, sc);
}

/* Run the count statement ST (bound) into *TOTAL. */
static int count_of(store_stmt *st, int64_t *total, ms_err *err)
{
    int rc = store_step(st, err);

    *total = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static void *page_items(arena *ar, size_t elem, const struct store_page *pg, int *cap)
{
    *cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;
    return arena_alloc(ar, elem * (size_t)*cap);
}

/* --------------------------------------------------------- dispositions */

#define DISP_COLS                                                                                  \
    "d.id, d.authority_id, d.unit_id, d.standard_id, d.finding_id, d.inspection_id, d.action,"     \
    " d.catalog_version, d.basis, d.amount_yuan, d.decided_on, d.note, d.created_by,"              \
    " d.created_at, u.name, s.cert_no, i.campaign_id"
#define DISP_FROM                                                                                  \
    " FROM dispositions d JOIN authorities a ON a.id = d.authority_id"                             \
    " JOIN units u ON u.id = d.unit_id LEFT JOIN standards s ON s.id = d.standard_id"              \
    " LEFT JOIN inspections i ON i.id = d.inspection_id"

static const char SQL_DISP_INSERT[] =
    "INSERT INTO dispositions (authority_id, unit_id, standard_id, finding_id, inspection_id,"
    " action, catalog_version, basis, amount_yuan, decided_on, note, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_DISP_GET[] =
    "SELECT " DISP_COLS DISP_FROM " WHERE d.id = ? AND" SCOPE("a", "d.unit_id");
#define DISP_WHERE                                                                                 \
    DISP_FROM                                                                                      \
    " WHERE" SCOPE("a", "d.unit_id") " AND (CAST(? AS BIGINT) IS NULL OR d.unit_id = ?)"           \
                                     " AND (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)"             \
                                     " AND (CAST(? AS BIGINT) IS NULL OR i.campaign_id = ?)"       \
                                     " AND (CAST(? AS TEXT) IS NULL OR d.action = ?)"
static const char SQL_DISP_LIST[] =
    "SELECT " DISP_COLS DISP_WHERE " ORDER BY d.decided_on DESC, d.id DESC LIMIT ? OFFSET ?";
static const char SQL_DISP_COUNT[] = "SELECT count(*)" DISP_WHERE;

static void read_disp(store_stmt *st, arena *ar, struct ms_disposition *d)
{
    d->id = store_col_int(st, 0);
    d->authority_id = store_col_int(st, 1);
    d->unit_id = store_col_int(st, 2);
    d->standard_id = col_id(st, 3);
    d->finding_id = col_id(st, 4);
    d->inspection_id = col_id(st, 5);
    d->action = reg_dup(ar, st, 6);
    d->catalog_version = (int)store_col_int(st, 7);
    d->basis = reg_dup(ar, st, 8);
    d->amount_yuan = store_col_is_null(st, 9) ? -1 : store_col_int(st, 9);
    d->decided_on = reg_dup(ar, st, 10);
    d->note = col_opt(ar, st, 11);
    d->created_by = reg_dup(ar, st, 12);
    d->created_at = reg_dup(ar, st, 13);
    d->unit_name = reg_dup(ar, st, 14);
    d->cert_no = col_opt(ar, st, 15);
    d->campaign_id = col_id(st, 16);
}

int casedb_disposition_insert(store *db, struct ms_disposition *d, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DISP_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, d->authority_id);
    store_bind_int(st, 2, d->unit_id);
    bind_id(st, 3, d->standard_id);
    bind_id(st, 4, d->finding_id);
    bind_id(st, 5, d->inspection_id);
    store_bind_text(st, 6, d->action);
    store_bind_int(st, 7, d->catalog_version);
    store_bind_text(st, 8, d->basis);
    if (d->amount_yuan >= 0)
        store_bind_int(st, 9, d->amount_yuan);
    else
        store_bind_null(st, 9);
    store_bind_text(st, 10, d->decided_on);
    store_bind_text(st, 11, d->note);
    store_bind_text(st, 12, d->created_by);
    store_bind_text(st, 13, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        d->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int casedb_disposition_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                           struct ms_disposition *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DISP_GET, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    bind_scope(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_disp(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int bind_disp_filter(store_stmt *st, const struct store_scope *sc,
                            const struct casedb_disposition_filter *f, const char *f_path,
                            char *buf, size_t size, char *pbuf, size_t psize)
{
    int idx = bind_scope(st, 1, sc, buf, size);

    reg_bind_opt_int(st, idx, f ? f->unit_id : 0);
    if (f_path) {
        snprintf(pbuf, psize, "%s%%", f_path);
        reg_bind_opt_text(st, idx + 2, pbuf);
    } else {
        reg_bind_opt_text(st, idx + 2, NULL);
    }
    reg_bind_opt_int(st, idx + 4, f ? f->campaign_id : 0);
    reg_bind_opt_text(st, idx + 6, f ? f->action : NULL);
    return idx + 8;
}

int casedb_disposition_list(store *db, const struct store_scope *sc,
                            const struct casedb_disposition_filter *f, const char *f_path,
                            const struct store_page *pg, arena *ar, struct ms_disposition **items,
                            int *n, int64_t *total, ms_err *err)
{
    store_stmt *st;
    char buf[200], pbuf[200];
    int rc, cap;

    *n = 0;
    if (!(*items = page_items(ar, sizeof **items, pg, &cap)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare(db, SQL_DISP_COUNT, err)))
        return reg_step_fail(err);
    bind_disp_filter(st, sc, f, f_path, buf, sizeof buf, pbuf, sizeof pbuf);
    if ((rc = count_of(st, total, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_DISP_LIST, err)))
        return reg_step_fail(err);
    reg_page_bind(st, bind_disp_filter(st, sc, f, f_path, buf, sizeof buf, pbuf, sizeof pbuf), pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_disp(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* ----------------------------------------------------------- violations */

#define VIOL_COLS                                                                                  \
    "v.id, v.unit_id, v.authority_id, v.disposition_id, v.severity, v.decided_on, v.summary,"      \
    " v.created_by, v.created_at, u.name"
#define VIOL_FROM                                                                                  \
    " FROM violations v JOIN authorities a ON a.id = v.authority_id JOIN units u ON u.id = "       \
    "v.unit_id"

static const char SQL_VIOL_INSERT[] =
    "INSERT INTO violations (unit_id, authority_id, severity, decided_on, summary, created_at,"
    " disposition_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_VIOL_GET[] =
    "SELECT " VIOL_COLS VIOL_FROM " WHERE v.id = ? AND" SCOPE("a", "v.unit_id");
#define VIOL_WHERE                                                                                 \
    VIOL_FROM " WHERE" SCOPE("a", "v.unit_id") " AND (CAST(? AS BIGINT) IS NULL OR v.unit_id = ?)" \
                                               " AND (CAST(? AS TEXT) IS NULL OR v.severity = ?)"
static const char SQL_VIOL_LIST[] =
    "SELECT " VIOL_COLS VIOL_WHERE " ORDER BY v.decided_on DESC, v.id DESC LIMIT ? OFFSET ?";
static const char SQL_VIOL_COUNT[] = "SELECT count(*)" VIOL_WHERE;

static void read_viol(store_stmt *st, arena *ar, struct ms_violation_rec *v)
{
    v->id = store_col_int(st, 0);
    v->unit_id = store_col_int(st, 1);
    v->authority_id = store_col_int(st, 2);
    v->disposition_id = col_id(st, 3);
    v->severity = reg_dup(ar, st, 4);
    v->decided_on = reg_dup(ar, st, 5);
    v->summary = reg_dup(ar, st, 6);
    v->created_by = col_opt(ar, st, 7);
    v->created_at = reg_dup(ar, st, 8);
    v->unit_name = reg_dup(ar, st, 9);
}

int casedb_violation_insert(store *db, struct ms_violation_rec *v, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_VIOL_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, v->unit_id);
    store_bind_int(st, 2, v->authority_id);
    store_bind_text(st, 3, v->severity);
    store_bind_text(st, 4, v->decided_on);
    store_bind_text(st, 5, v->summary);
    store_bind_text(st, 6, now);
    bind_id(st, 7, v->disposition_id);
    store_bind_text(st, 8, v->created_by);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        v->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int casedb_violation_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                         struct ms_violation_rec *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_VIOL_GET, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    bind_scope(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_viol(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int bind_viol_filter(store_stmt *st, const struct store_scope *sc,
                            const struct casedb_violation_filter *f, char *buf, size_t size)
{
    int idx = bind_scope(st, 1, sc, buf, size);

    reg_bind_opt_int(st, idx, f ? f->unit_id : 0);
    reg_bind_opt_text(st, idx + 2, f ? f->severity : NULL);
    return idx + 4;
}

int casedb_violation_list(store *db, const struct store_scope *sc,
                          const struct casedb_violation_filter *f, const struct store_page *pg,
                          arena *ar, struct ms_violation_rec **items, int *n, int64_t *total,
                          ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc, cap;

    *n = 0;
    if (!(*items = page_items(ar, sizeof **items, pg, &cap)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare(db, SQL_VIOL_COUNT, err)))
        return reg_step_fail(err);
    bind_viol_filter(st, sc, f, buf, sizeof buf);
    if ((rc = count_of(st, total, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_VIOL_LIST, err)))
        return reg_step_fail(err);
    reg_page_bind(st, bind_viol_filter(st, sc, f, buf, sizeof buf), pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_viol(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* ----------------------------------------------------------- complaints */

#define COMP_COLS                                                                                  \
    "c.id, c.unit_id, c.authority_id, c.receipt, c.received_on, c.channel, c.summary, c.status,"   \
    " c.unit_name, c.contact, c.outcome, c.handled_by, c.closed_on, c.created_at, c.updated_at,"   \
    " u.name"
#define COMP_FROM                                                                                  \
    " FROM complaints c JOIN authorities a ON a.id = c.authority_id"                               \
    " LEFT JOIN units u ON u.id = c.unit_id"

static const char SQL_COMP_INSERT[] =
    "INSERT INTO complaints (unit_id, authority_id, received_on, channel, summary, status,"
    " created_at, updated_at, receipt, unit_name, contact) VALUES (?, ?, ?, ?, ?, 'received', ?,"
    " ?, ?, ?, ?) RETURNING id";
static const char SQL_COMP_GET[] =
    "SELECT " COMP_COLS COMP_FROM " WHERE c.id = ? AND" SCOPE("a", "c.unit_id");
static const char SQL_COMP_RECEIPT[] = "SELECT " COMP_COLS COMP_FROM " WHERE c.receipt = ?";
#define COMP_WHERE                                                                                 \
    COMP_FROM " WHERE" SCOPE("a", "c.unit_id") " AND (CAST(? AS BIGINT) IS NULL OR c.unit_id = ?)" \
                                               " AND (CAST(? AS TEXT) IS NULL OR c.status = ?)"
static const char SQL_COMP_LIST[] =
    "SELECT " COMP_COLS COMP_WHERE " ORDER BY c.received_on DESC, c.id DESC LIMIT ? OFFSET ?";
static const char SQL_COMP_COUNT[] = "SELECT count(*)" COMP_WHERE;
static const char SQL_COMP_UPDATE[] =
    "UPDATE complaints SET status = ?, unit_id = ?, outcome = ?, handled_by = ?, closed_on = ?,"
    " updated_at = ? WHERE id = ?";

static void read_comp(store_stmt *st, arena *ar, struct ms_complaint_rec *c)
{
    c->id = store_col_int(st, 0);
    c->unit_id = col_id(st, 1);
    c->authority_id = store_col_int(st, 2);
    c->receipt = col_opt(ar, st, 3);
    c->received_on = reg_dup(ar, st, 4);
    c->channel = reg_dup(ar, st, 5);
    c->summary = reg_dup(ar, st, 6);
    c->status = reg_dup(ar, st, 7);
    c->unit_name = col_opt(ar, st, 8);
    c->contact = col_opt(ar, st, 9);
    c->outcome = col_opt(ar, st, 10);
    c->handled_by = col_opt(ar, st, 11);
    c->closed_on = col_opt(ar, st, 12);
    c->created_at = reg_dup(ar, st, 13);
    c->updated_at = reg_dup(ar, st, 14);
    c->registered_unit_name = col_opt(ar, st, 15);
}

int casedb_complaint_insert(store *db, struct ms_complaint_rec *c, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMP_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_id(st, 1, c->unit_id);
    store_bind_int(st, 2, c->authority_id);
    store_bind_text(st, 3, c->received_on);
    store_bind_text(st, 4, c->channel ? c->channel : "public");
    store_bind_text(st, 5, c->summary);
    store_bind_text(st, 6, now);
    store_bind_text(st, 7, now);
    store_bind_text(st, 8, c->receipt);
    store_bind_text(st, 9, c->unit_name);
    store_bind_text(st, 10, c->contact);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        c->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int comp_one(store_stmt *st, arena *ar, struct ms_complaint_rec *out, const char *field,
                    const char *what, ms_err *err)
{
    int rc = store_step(st, err);

    if (rc == STORE_ROW)
        read_comp(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, field, "not_found", what);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int casedb_complaint_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                         struct ms_complaint_rec *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMP_GET, err);
    char buf[200], what[24];

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    bind_scope(st, 2, sc, buf, sizeof buf);
    snprintf(what, sizeof what, "%lld", (long long)id);
    return comp_one(st, ar, out, "id", what, err);
}

int casedb_complaint_by_receipt(store *db, const char *receipt, arena *ar,
                                struct ms_complaint_rec *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMP_RECEIPT, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, receipt);
    return comp_one(st, ar, out, "receipt", NULL, err);
}

static int bind_comp_filter(store_stmt *st, const struct store_scope *sc,
                            const struct casedb_complaint_filter *f, char *buf, size_t size)
{
    int idx = bind_scope(st, 1, sc, buf, size);

    reg_bind_opt_int(st, idx, f ? f->unit_id : 0);
    reg_bind_opt_text(st, idx + 2, f ? f->status : NULL);
    return idx + 4;
}

int casedb_complaint_list(store *db, const struct store_scope *sc,
                          const struct casedb_complaint_filter *f, const struct store_page *pg,
                          arena *ar, struct ms_complaint_rec **items, int *n, int64_t *total,
                          ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc, cap;

    *n = 0;
    if (!(*items = page_items(ar, sizeof **items, pg, &cap)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare(db, SQL_COMP_COUNT, err)))
        return reg_step_fail(err);
    bind_comp_filter(st, sc, f, buf, sizeof buf);
    if ((rc = count_of(st, total, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_COMP_LIST, err)))
        return reg_step_fail(err);
    reg_page_bind(st, bind_comp_filter(st, sc, f, buf, sizeof buf), pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_comp(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int casedb_complaint_update(store *db, const struct ms_complaint_rec *c, const char *now,
                            ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMP_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, c->status);
    bind_id(st, 2, c->unit_id);
    store_bind_text(st, 3, c->outcome);
    store_bind_text(st, 4, c->handled_by);
    store_bind_text(st, 5, c->closed_on);
    store_bind_text(st, 6, now);
    store_bind_int(st, 7, c->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

/* ----------------------------------------------------------------- risk */

static const char SQL_RISK_UNITS[] =
    "SELECT u.id, u.authority_id, u.uscc, u.name, u.credit_class FROM units u"
    " JOIN authorities ua ON ua.id = u.authority_id WHERE ua.path LIKE ? AND u.status = 'active'"
    " ORDER BY u.id";
/* complaints, substantiated: received in [since, as_of] */
static const char SQL_RISK_COMPLAINTS[] =
    "SELECT c.unit_id, count(*), sum(CASE WHEN c.status = 'substantiated' THEN 1 ELSE 0 END)"
    " FROM complaints c JOIN units u ON u.id = c.unit_id JOIN authorities ua"
    " ON ua.id = u.authority_id WHERE ua.path LIKE ? AND u.status = 'active'"
    " AND c.received_on >= ? AND c.received_on <= ? GROUP BY c.unit_id";
static const char SQL_RISK_VIOLATIONS[] =
    "SELECT v.unit_id, sum(CASE WHEN v.severity = 'serious' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN v.severity = 'general' THEN 1 ELSE 0 END)"
    " FROM violations v JOIN units u ON u.id = v.unit_id JOIN authorities ua"
    " ON ua.id = u.authority_id WHERE ua.path LIKE ? AND u.status = 'active'"
    " AND v.decided_on >= ? AND v.decided_on <= ? GROUP BY v.unit_id";
/* findings created since SINCE (the text of an RFC 3339 time compares with
 * a date); the as_of bound is a date + 'T' prefix compare. */
static const char SQL_RISK_FINDINGS[] =
    "SELECT f.unit_id, sum(CASE WHEN f.severity = 'key' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN f.severity = 'nonconform' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN f.severity = 'defect' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN f.status = 'failed' THEN 1 ELSE 0 END)"
    " FROM findings f JOIN units u ON u.id = f.unit_id JOIN authorities ua"
    " ON ua.id = u.authority_id WHERE ua.path LIKE ? AND u.status = 'active'"
    " AND f.created_at >= ? AND CAST(? AS TEXT) IS NOT NULL GROUP BY f.unit_id";
/* apparatus of active standards due before as_of or never calibrated (the
 * rule of the registry alerts) */
static const char SQL_RISK_TRACE[] =
    "SELECT s.unit_id, count(*) FROM apparatus p JOIN standards s ON s.id = p.standard_id"
    " JOIN units u ON u.id = s.unit_id JOIN authorities ua ON ua.id = u.authority_id"
    " WHERE ua.path LIKE ? AND u.status = 'active' AND s.status = 'active'"
    " AND (p.calibrated_on IS NULL OR p.due_on IS NULL OR p.due_on < ?)"
    " AND CAST(? AS TEXT) IS NOT NULL GROUP BY s.unit_id";
/* certificates of active or sealed standards expiring in [as_of, until);
 * active standards whose certificate expired before as_of */
static const char SQL_RISK_CERTS[] =
    "SELECT s.unit_id, sum(CASE WHEN s.cert_expires_on >= ? AND s.cert_expires_on < ? THEN 1"
    " ELSE 0 END), sum(CASE WHEN s.status = 'active' AND s.cert_expires_on < ? THEN 1 ELSE 0"
    " END) FROM standards s JOIN units u ON u.id = s.unit_id JOIN authorities ua"
    " ON ua.id = u.authority_id WHERE ua.path LIKE ? AND u.status = 'active'"
    " AND s.status IN ('active','sealed') GROUP BY s.unit_id";

static int cmp_row(const void *k, const void *e)
{
    int64_t id = *(const int64_t *)k, other = ((const struct casedb_risk_row *)e)->unit_id;

    return id < other ? -1 : id > other;
}

/* Add the columns 1.. of every row of ST (bound) to FACTORS[0..NF) of the
 * matching unit. */
static int merge(store_stmt *st, struct casedb_risk_row *rows, int n, const int *factors, int nf,
                 ms_err *err)
{
    int rc;

    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t id = store_col_int(st, 0);
        struct casedb_risk_row *r = bsearch(&id, rows, (size_t)n, sizeof *rows, cmp_row);
        if (!r)
            continue;
        for (int k = 0; k < nf; k++)
            r->counts[factors[k]] += store_col_int(st, k + 1);
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

/* The trace and certificate counts of a large subtree (the nation) by two
 * sequential scans instead of joins through the indexes (1M apparatus, 520k
 * standards): same rules as SQL_RISK_TRACE and SQL_RISK_CERTS, the units
 * kept are those of ROWS (active, in the subtree). */
int casedb_risk_scan_min = 2000;

static const char SQL_RISK_SCAN_STANDARDS[] =
    "SELECT s.id, s.unit_id, s.status, s.cert_expires_on FROM standards s"
    " WHERE s.status IN ('active','sealed')";
static const char SQL_RISK_SCAN_APPARATUS[] =
    "SELECT p.standard_id FROM apparatus p"
    " WHERE p.calibrated_on IS NULL OR p.due_on IS NULL OR p.due_on < ?";
static const char SQL_RISK_MAX_UNIT[] = "SELECT coalesce(max(id), 0) FROM units";
static const char SQL_RISK_MAX_STANDARD[] = "SELECT coalesce(max(id), 0) FROM standards";

/* Both scans map ids to rows through arrays indexed by id (unit id -> row
 * index + 1, active standard id -> row index + 1): no search per row, and
 * no order needed from the database. */
static int scan_standards(store *db, struct casedb_risk_row *rows, int n, const char *as_of,
                          const char *until, ms_err *err)
{
    int64_t max_unit = store_query_int(db, SQL_RISK_MAX_UNIT, -1, err);
    int64_t max_std = store_query_int(db, SQL_RISK_MAX_STANDARD, -1, err);
    int32_t *by_unit = NULL, *by_std = NULL;
    store_stmt *st = NULL;
    int rc = STORE_ERROR;

    if (max_unit < 0 || max_std < 0)
        return reg_step_fail(err);
    by_unit = calloc((size_t)max_unit + 1, sizeof *by_unit);
    by_std = calloc((size_t)max_std + 1, sizeof *by_std);
    if (!by_unit || !by_std) {
        free(by_unit);
        free(by_std);
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    for (int i = 0; i < n; i++)
        if (rows[i].unit_id >= 0 && rows[i].unit_id <= max_unit)
            by_unit[rows[i].unit_id] = i + 1;
    if (!(st = store_prepare(db, SQL_RISK_SCAN_STANDARDS, err)))
        goto out;
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t sid = store_col_int(st, 0), uid = store_col_int(st, 1);
        struct casedb_risk_row *r;
        const char *status, *exp;
        int active;

        if (uid < 0 || uid > max_unit || !by_unit[uid])
            continue;
        r = &rows[by_unit[uid] - 1];
        status = store_col_text(st, 2);
        active = status && strcmp(status, "active") == 0;
        if (!store_col_is_null(st, 3) && (exp = store_col_text(st, 3))) {
            if (strcmp(exp, as_of) >= 0 && strcmp(exp, until) < 0)
                r->counts[RISK_CERT_EXPIRING]++;
            if (active && strcmp(exp, as_of) < 0)
                r->counts[RISK_CERT_EXPIRED_ACTIVE]++;
        }
        if (active && sid >= 0 && sid <= max_std)
            by_std[sid] = by_unit[uid];
    }
    store_reset(st);
    if (rc != STORE_DONE)
        goto out;
    if (!(st = store_prepare(db, SQL_RISK_SCAN_APPARATUS, err))) {
        rc = STORE_ERROR;
        goto out;
    }
    store_bind_text(st, 1, as_of);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t sid;

        if (store_col_is_null(st, 0))
            continue;
        sid = store_col_int(st, 0);
        if (sid >= 0 && sid <= max_std && by_std[sid])
            rows[by_std[sid] - 1].counts[RISK_TRACE_OVERDUE]++;
    }
    store_reset(st);
out:
    free(by_unit);
    free(by_std);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int casedb_risk_rows(store *db, const char *path, const char *as_of, const char *since,
                     const char *until, arena *ar, struct casedb_risk_row **items, int *n,
                     ms_err *err)
{
    static const int f_comp[] = {RISK_COMPLAINTS, RISK_COMPLAINTS_SUBSTANTIATED};
    static const int f_viol[] = {RISK_VIOLATIONS_SERIOUS, RISK_VIOLATIONS_GENERAL};
    static const int f_find[] = {RISK_FINDINGS_KEY, RISK_FINDINGS_NONCONFORM, RISK_FINDINGS_DEFECT,
                                 RISK_RECTIFY_FAILED};
    static const int f_trace[] = {RISK_TRACE_OVERDUE};
    static const int f_cert[] = {RISK_CERT_EXPIRING, RISK_CERT_EXPIRED_ACTIVE};
    struct casedb_risk_row *rows;
    store_stmt *st;
    char pat[200];
    int rc, cap = 64;

    *n = 0;
    *items = NULL;
    snprintf(pat, sizeof pat, "%s%%", path);
    if (!(st = store_prepare(db, SQL_RISK_UNITS, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, pat);
    rows = arena_alloc(ar, sizeof *rows * (size_t)cap);
    while (rows && (rc = store_step(st, err)) == STORE_ROW) {
        struct casedb_risk_row *r;
        if (*n == cap) {
            struct casedb_risk_row *grown = arena_alloc(ar, sizeof *rows * (size_t)cap * 2);
            if (grown)
                memcpy(grown, rows, sizeof *rows * (size_t)cap);
            rows = grown;
            cap *= 2;
            if (!rows)
                break;
        }
        r = &rows[(*n)++];
        memset(r, 0, sizeof *r);
        r->unit_id = store_col_int(st, 0);
        r->authority_id = store_col_int(st, 1);
        r->uscc = reg_dup(ar, st, 2);
        r->name = reg_dup(ar, st, 3);
        r->credit_class = col_opt(ar, st, 4);
        risk_set_credit(r->counts, r->credit_class);
    }
    store_reset(st);
    if (!rows)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);

    if (!(st = store_prepare(db, SQL_RISK_COMPLAINTS, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, pat);
    store_bind_text(st, 2, since);
    store_bind_text(st, 3, as_of);
    if ((rc = merge(st, rows, *n, f_comp, 2, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_RISK_VIOLATIONS, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, pat);
    store_bind_text(st, 2, since);
    store_bind_text(st, 3, as_of);
    if ((rc = merge(st, rows, *n, f_viol, 2, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_RISK_FINDINGS, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, pat);
    store_bind_text(st, 2, since);
    store_bind_text(st, 3, as_of);
    if ((rc = merge(st, rows, *n, f_find, 4, err)) != MS_OK)
        return rc;
    if (*n >= casedb_risk_scan_min) {
        rc = scan_standards(db, rows, *n, as_of, until, err);
        if (rc != MS_OK)
            return rc;
        *items = rows;
        return MS_OK;
    }
    if (!(st = store_prepare(db, SQL_RISK_TRACE, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, pat);
    store_bind_text(st, 2, as_of);
    store_bind_text(st, 3, as_of);
    if ((rc = merge(st, rows, *n, f_trace, 1, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_RISK_CERTS, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, as_of);
    store_bind_text(st, 2, until);
    store_bind_text(st, 3, as_of);
    store_bind_text(st, 4, pat);
    if ((rc = merge(st, rows, *n, f_cert, 2, err)) != MS_OK)
        return rc;
    *items = rows;
    return MS_OK;
}

/* ----------------------------------------------------------- references */

static const char SQL_FINDING_REF[] =
    "SELECT f.unit_id, f.inspection_id, f.campaign_id FROM findings f"
    " JOIN authorities a ON a.id = f.authority_id WHERE f.id = ? AND" SCOPE("a", "f.unit_id");
static const char SQL_INSPECTION_REF[] =
    "SELECT i.unit_id, i.id, i.campaign_id FROM inspections i"
    " JOIN authorities a ON a.id = i.authority_id WHERE i.id = ? AND" SCOPE("a", "i.unit_id");

static int ref_of(store *db, const char *sql, const struct store_scope *sc, int64_t id,
                  struct casedb_ref *out, const char *field, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    bind_scope(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        out->unit_id = col_id(st, 0);
        out->inspection_id = col_id(st, 1);
        out->campaign_id = col_id(st, 2);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, field, "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int casedb_finding_ref(store *db, const struct store_scope *sc, int64_t id, struct casedb_ref *out,
                       ms_err *err)
{
    return ref_of(db, SQL_FINDING_REF, sc, id, out, "finding_id", err);
}

int casedb_inspection_ref(store *db, const struct store_scope *sc, int64_t id,
                          struct casedb_ref *out, ms_err *err)
{
    return ref_of(db, SQL_INSPECTION_REF, sc, id, out, "inspection_id", err);
}

static const char SQL_AUTH_DIVISION[] =
    "SELECT id FROM authorities WHERE division_code = ? ORDER BY id LIMIT 1";
static const char SQL_AUTH_ROOT[] =
    "SELECT id FROM authorities WHERE parent_id IS NULL ORDER BY id LIMIT 1";

static int first_id(store *db, const char *sql, const char *arg, int64_t *id, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    int rc;

    *id = 0;
    if (!st)
        return reg_step_fail(err);
    if (arg)
        store_bind_text(st, 1, arg);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int casedb_authority_for_division(store *db, const char *division, int64_t *id, ms_err *err)
{
    char code[7];
    int rc;

    *id = 0;
    if (!division || strlen(division) != 6)
        return MS_OK;
    for (int keep = 6; keep >= 2; keep -= 2) {
        memcpy(code, division, (size_t)keep);
        memset(code + keep, '0', (size_t)(6 - keep));
        code[6] = '\0';
        if ((rc = first_id(db, SQL_AUTH_DIVISION, code, id, err)) != MS_OK || *id)
            return rc;
    }
    return MS_OK;
}

int casedb_authority_root(store *db, int64_t *id, ms_err *err)
{
    return first_id(db, SQL_AUTH_ROOT, NULL, id, err);
}
