/* results.c - SQL of inspection work: results, inspection state, evidence
 * rows, findings and rectifications (see results.h). */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/reg_int.h"
#include "store/results.h"

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static const char *opt_text(arena *ar, store_stmt *st, int col)
{
    return store_col_is_null(st, col) ? NULL : reg_dup(ar, st, col);
}

static void bind_opt_text(store_stmt *st, int idx, const char *v)
{
    if (v)
        store_bind_text(st, idx, v);
    else
        store_bind_null(st, idx);
}

static void bind_opt_id(store_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        store_bind_int(st, idx, v);
    else
        store_bind_null(st, idx);
}

/* Run a bound write; *CHANGED (may be NULL) = rows changed. */
static int run_write(store_stmt *st, int *changed, ms_err *err)
{
    int rc = store_step(st, err);

    if (changed)
        *changed = rc == STORE_DONE ? (int)store_changes(st) : 0;
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

void resdb_cut(const char *now, char cut[11])
{
    ms_date d;

    snprintf(cut, 11, "%.10s", now ? now : "");
    if (!now || strlen(now) < 19 || strncmp(now + 11, "16:00:00", 8) >= 0)
        return;
    if (date_parse(cut, &d, "now", NULL) == MS_OK)
        date_format(date_add_days(d, -1), cut);
}

void resdb_deadline_instant(const char *d, char out[32])
{
    snprintf(out, 32, "%.10sT16:00:00Z", d ? d : "");
}

/* --------------------------------------------------------------- results */

static const char SQL_RESULTS[] =
    "SELECT item_no, verdict, note, updated_by, updated_at FROM inspection_results"
    " WHERE inspection_id = ? ORDER BY item_no";
static const char SQL_RESULT_GET[] =
    "SELECT verdict, note FROM inspection_results WHERE inspection_id = ? AND item_no = ?";
static const char SQL_RESULT_INSERT[] =
    "INSERT INTO inspection_results (inspection_id, item_no, verdict, note, updated_by,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_RESULT_UPDATE[] =
    "UPDATE inspection_results SET verdict = ?, note = ?, updated_by = ?, updated_at = ?"
    " WHERE inspection_id = ? AND item_no = ?";

static void read_result(store_stmt *st, arena *ar, void *p)
{
    struct resdb_result *r = p;

    r->item_no = (int)store_col_int(st, 0);
    r->verdict = reg_dup(ar, st, 1);
    r->note = opt_text(ar, st, 2);
    r->updated_by = reg_dup(ar, st, 3);
    r->updated_at = reg_dup(ar, st, 4);
}

int resdb_results(store *db, int64_t id, arena *ar, struct resdb_result **items, int *n,
                  ms_err *err)
{
    return reg_rows_by_id(db, SQL_RESULTS, id, ar, sizeof **items, read_result, (void **)items, n,
                          err);
}

int resdb_result_put(store *db, int64_t id, int item_no, const char *verdict, const char *note,
                     const char *by, const char *now, int *changed, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_RESULT_GET, err);
    int rc, exists = 0, same = 0;

    *changed = 0;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, item_no);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        const char *v = store_col_text(st, 0);
        const char *nt = store_col_is_null(st, 1) ? NULL : store_col_text(st, 1);
        exists = 1;
        same = strcmp(v, verdict) == 0 && ((!nt && !note) || (nt && note && strcmp(nt, note) == 0));
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    if (same)
        return MS_OK;
    if (!(st = store_prepare(db, exists ? SQL_RESULT_UPDATE : SQL_RESULT_INSERT, err)))
        return reg_step_fail(err);
    if (exists) {
        store_bind_text(st, 1, verdict);
        bind_opt_text(st, 2, note);
        store_bind_text(st, 3, by);
        store_bind_text(st, 4, now);
        store_bind_int(st, 5, id);
        store_bind_int(st, 6, item_no);
    } else {
        store_bind_int(st, 1, id);
        store_bind_int(st, 2, item_no);
        store_bind_text(st, 3, verdict);
        bind_opt_text(st, 4, note);
        store_bind_text(st, 5, by);
        store_bind_text(st, 6, now);
    }
    *changed = 1;
    return run_write(st, NULL, err);
}

/* ------------------------------------------------------ inspection state */

static const char SQL_INSP_START[] =
    "UPDATE inspections SET status = 'in_progress', started_at = COALESCE(started_at, ?),"
    " updated_at = ? WHERE id = ? AND status IN ('planned','not_performed')";
static const char SQL_INSP_COMPLETE[] =
    "UPDATE inspections SET status = 'completed', conclusion = ?, completed_by = ?,"
    " completed_at = ?, updated_at = ?,"
    " tracking = CASE WHEN tracking = 'open' THEN 'closed' ELSE tracking END WHERE id = ?";
static const char SQL_INSP_NOT_PERFORMED[] =
    "UPDATE inspections SET status = 'not_performed', not_performed_reason = ?,"
    " follow_up_on = ?, tracking = 'open', updated_at = ? WHERE id = ?";
static const char SQL_INSP_CLOSE_TRACKING[] =
    "UPDATE inspections SET tracking = 'closed', tracking_note = ?, updated_at = ? WHERE id = ?";
static const char SQL_TEAM_HAS_USER[] =
    "SELECT count(*) FROM inspection_team t JOIN users us ON us.inspector_id = t.inspector_id"
    " WHERE t.inspection_id = ? AND us.id = ? AND t.recused_at IS NULL";

int resdb_insp_start(store *db, int64_t id, const char *now, int *changed, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_START, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_text(st, 2, now);
    store_bind_int(st, 3, id);
    return run_write(st, changed, err);
}

int resdb_insp_complete(store *db, int64_t id, const char *conclusion, const char *by,
                        const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_COMPLETE, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, conclusion);
    store_bind_text(st, 2, by);
    store_bind_text(st, 3, now);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, id);
    return run_write(st, NULL, err);
}

int resdb_insp_not_performed(store *db, int64_t id, const char *reason, const char *follow_up_on,
                             const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_NOT_PERFORMED, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, reason);
    store_bind_text(st, 2, follow_up_on);
    store_bind_text(st, 3, now);
    store_bind_int(st, 4, id);
    return run_write(st, NULL, err);
}

int resdb_insp_close_tracking(store *db, int64_t id, const char *note, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_CLOSE_TRACKING, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, note);
    store_bind_text(st, 2, now);
    store_bind_int(st, 3, id);
    return run_write(st, NULL, err);
}

int resdb_team_has_user(store *db, int64_t id, int64_t user_id, int *yes, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TEAM_HAS_USER, err);
    int rc;

    *yes = 0;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    store_bind_int(st, 2, user_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *yes = store_col_int(st, 0) > 0;
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

/* -------------------------------------------------------------- evidence */

#define EV_COLS                                                                                    \
    "e.id, e.inspection_id, e.item_no, e.finding_id, e.rectification_id, e.sm3, e.size,"           \
    " e.media_type, e.filename, e.captured_at, e.received_at, e.uploaded_by, e.unit_id,"           \
    " e.authority_id, ea.path FROM evidence e JOIN authorities ea ON ea.id = e.authority_id"

static const char SQL_EV_INSERT[] =
    "INSERT INTO evidence (inspection_id, item_no, finding_id, sm3, size, media_type, filename,"
    " captured_at, received_at, uploaded_by, unit_id, authority_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_EV_GET[] = "SELECT " EV_COLS " WHERE e.id = ?";
static const char SQL_EV_BY_INSP[] = "SELECT " EV_COLS " WHERE e.inspection_id = ? ORDER BY e.id";
static const char SQL_EV_BY_FINDING[] = "SELECT " EV_COLS " WHERE e.finding_id = ? ORDER BY e.id";
static const char SQL_EV_ATTACH[] =
    "UPDATE evidence SET rectification_id = ? WHERE id = ? AND finding_id = ?"
    " AND rectification_id IS NULL";
static const char SQL_EV_SM3_USED[] = "SELECT count(*) FROM evidence WHERE sm3 = ?";

static void read_evidence(store_stmt *st, arena *ar, void *p)
{
    struct ms_evidence *e = p;

    e->id = store_col_int(st, 0);
    e->inspection_id = store_col_int(st, 1);
    e->item_no = (int)store_col_int(st, 2);
    e->finding_id = store_col_int(st, 3);
    e->rectification_id = store_col_int(st, 4);
    e->sm3 = reg_dup(ar, st, 5);
    e->size = store_col_int(st, 6);
    e->media_type = reg_dup(ar, st, 7);
    e->filename = reg_dup(ar, st, 8);
    e->captured_at = opt_text(ar, st, 9);
    e->received_at = reg_dup(ar, st, 10);
    e->uploaded_by = reg_dup(ar, st, 11);
    e->unit_id = store_col_int(st, 12);
    e->authority_id = store_col_int(st, 13);
    e->authority_path = reg_dup(ar, st, 14);
}

int resdb_evidence_insert(store *db, struct ms_evidence *e, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_EV_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_opt_id(st, 1, e->inspection_id);
    if (e->item_no > 0)
        store_bind_int(st, 2, e->item_no);
    else
        store_bind_null(st, 2);
    bind_opt_id(st, 3, e->finding_id);
    store_bind_text(st, 4, e->sm3);
    store_bind_int(st, 5, e->size);
    store_bind_text(st, 6, e->media_type);
    store_bind_text(st, 7, e->filename);
    bind_opt_text(st, 8, e->captured_at);
    store_bind_text(st, 9, e->received_at);
    store_bind_text(st, 10, e->uploaded_by);
    bind_opt_id(st, 11, e->unit_id);
    store_bind_int(st, 12, e->authority_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        e->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int resdb_evidence_get(store *db, int64_t id, arena *ar, struct ms_evidence *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_EV_GET, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_evidence(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int resdb_evidence_list(store *db, int inspection, int64_t id, arena *ar,
                        struct ms_evidence **items, int *n, ms_err *err)
{
    return reg_rows_by_id(db, inspection ? SQL_EV_BY_INSP : SQL_EV_BY_FINDING, id, ar,
                          sizeof **items, read_evidence, (void **)items, n, err);
}

int resdb_evidence_attach(store *db, int64_t evidence_id, int64_t finding_id, int64_t rect_id,
                          int *changed, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_EV_ATTACH, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, rect_id);
    store_bind_int(st, 2, evidence_id);
    store_bind_int(st, 3, finding_id);
    return run_write(st, changed, err);
}

int resdb_evidence_sm3_used(store *db, const char *sm3, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_EV_SM3_USED, err);
    int rc, used = 0;

    if (!st)
        return 0;
    store_bind_text(st, 1, sm3);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        used = store_col_int(st, 0) > 0;
    store_reset(st);
    return used;
}

/* -------------------------------------------------------------- findings */

/* Status and failed_at as of the cut (one `?` each). */
#define F_STATUS                                                                                   \
    "CASE WHEN f.status IN ('open','rejected') AND f.deadline <= CAST(? AS TEXT) THEN 'failed'"    \
    " ELSE f.status END"
#define F_COLS                                                                                     \
    "f.id, f.source, f.inspection_id, f.check_id, f.campaign_id, f.authority_id, f.unit_id,"       \
    " f.target_authority_id, f.standard_id, f.item_no, f.severity, f.description, "                \
    "f.deadline, " F_STATUS                                                                        \
    ", CASE WHEN f.status IN ('open','rejected') AND f.deadline <= CAST(? AS TEXT)"                \
    " THEN f.deadline || 'T16:00:00Z' ELSE f.failed_at END,"                                       \
    " f.closed_at, f.created_at, f.updated_at, fa.code, fa.path, u.uscc, u.name"
#define F_FROM                                                                                     \
    " FROM findings f JOIN authorities fa ON fa.id = f.authority_id"                               \
    " LEFT JOIN units u ON u.id = f.unit_id WHERE" REG_SCOPE(                                      \
        "fa", "f.unit_id") " AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM "             \
                           "inspection_team t JOIN users us"                                       \
                           " ON us.inspector_id = t.inspector_id WHERE t.inspection_id = "         \
                           "f.inspection_id AND us.id = ?"                                         \
                           " AND t.recused_at IS NULL))"
#define F_FILTER                                                                                   \
    " AND (CAST(? AS BIGINT) IS NULL OR f.campaign_id = ?)"                                        \
    " AND (CAST(? AS BIGINT) IS NULL OR f.authority_id = ?)"                                       \
    " AND (CAST(? AS BIGINT) IS NULL OR f.unit_id = ?)"                                            \
    " AND (CAST(? AS BIGINT) IS NULL OR f.inspection_id = ?)"                                      \
    " AND (CAST(? AS TEXT) IS NULL OR " F_STATUS " = ?)"                                           \
    " AND (CAST(? AS TEXT) IS NULL OR (f.status <> 'accepted' AND f.deadline <= ?))"

static const char SQL_F_INSERT[] =
    "INSERT INTO findings (source, inspection_id, check_id, campaign_id, authority_id, unit_id,"
    " target_authority_id, standard_id, item_no, severity, description, deadline, status,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)"
    " RETURNING id";
static const char SQL_F_GET[] = "SELECT " F_COLS F_FROM " AND f.id = ?";
static const char SQL_F_LIST[] = "SELECT " F_COLS F_FROM F_FILTER " ORDER BY f.id LIMIT ? OFFSET ?";
static const char SQL_F_COUNT[] = "SELECT count(*)" F_FROM F_FILTER;
static const char SQL_F_OF_INSP[] =
    "SELECT " F_COLS
    " FROM findings f JOIN authorities fa ON fa.id = f.authority_id LEFT JOIN units u"
    " ON u.id = f.unit_id WHERE f.inspection_id = ? ORDER BY f.item_no, f.id";
static const char SQL_F_DUE[] =
    "SELECT " F_COLS
    " FROM findings f JOIN authorities fa ON fa.id = f.authority_id LEFT JOIN units u"
    " ON u.id = f.unit_id WHERE f.status IN ('open','rejected') AND f.deadline <= ? ORDER BY f.id";
static const char SQL_F_MOVE[] =
    "UPDATE findings SET status = ?, failed_at = COALESCE(?, failed_at),"
    " closed_at = COALESCE(?, closed_at), updated_at = ? WHERE id = ? AND status = ?";

static void read_finding(store_stmt *st, arena *ar, void *p)
{
    struct ms_finding *f = p;

    f->id = store_col_int(st, 0);
    f->source = reg_dup(ar, st, 1);
    f->inspection_id = store_col_int(st, 2);
    f->check_id = store_col_int(st, 3);
    f->campaign_id = store_col_int(st, 4);
    f->authority_id = store_col_int(st, 5);
    f->unit_id = store_col_int(st, 6);
    f->target_authority_id = store_col_int(st, 7);
    f->standard_id = store_col_int(st, 8);
    f->item_no = (int)store_col_int(st, 9);
    f->severity = reg_dup(ar, st, 10);
    f->description = reg_dup(ar, st, 11);
    f->deadline = reg_dup(ar, st, 12);
    f->status = reg_dup(ar, st, 13);
    f->failed_at = opt_text(ar, st, 14);
    f->closed_at = opt_text(ar, st, 15);
    f->created_at = reg_dup(ar, st, 16);
    f->updated_at = reg_dup(ar, st, 17);
    f->authority_code = reg_dup(ar, st, 18);
    f->authority_path = reg_dup(ar, st, 19);
    f->unit_uscc = opt_text(ar, st, 20);
    f->unit_name = opt_text(ar, st, 21);
}

int resdb_finding_insert(store *db, struct ms_finding *f, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_F_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, f->source ? f->source : "inspection");
    bind_opt_id(st, 2, f->inspection_id);
    bind_opt_id(st, 3, f->check_id);
    bind_opt_id(st, 4, f->campaign_id);
    store_bind_int(st, 5, f->authority_id);
    bind_opt_id(st, 6, f->unit_id);
    bind_opt_id(st, 7, f->target_authority_id);
    bind_opt_id(st, 8, f->standard_id);
    if (f->item_no > 0)
        store_bind_int(st, 9, f->item_no);
    else
        store_bind_null(st, 9);
    store_bind_text(st, 10, f->severity);
    store_bind_text(st, 11, f->description);
    store_bind_text(st, 12, f->deadline);
    store_bind_text(st, 13, now);
    store_bind_text(st, 14, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        f->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

/* Bind the scope and inspector parameters of F_FROM from IDX. */
static int bind_from(store_stmt *st, int idx, const struct store_scope *sc, int64_t insp_user,
                     char *buf, size_t size)
{
    idx = reg_bind_scope_path(st, idx, sc, buf, size);
    idx = reg_bind_scope_unit(st, idx, sc);
    return reg_bind_opt_int(st, idx, insp_user);
}

static int bind_filter(store_stmt *st, int idx, const char *cut,
                       const struct resdb_finding_filter *f)
{
    const char *status = f && f->status && *f->status ? f->status : NULL;

    idx = reg_bind_opt_int(st, idx, f ? f->campaign_id : 0);
    idx = reg_bind_opt_int(st, idx, f ? f->authority_id : 0);
    idx = reg_bind_opt_int(st, idx, f ? f->unit_id : 0);
    idx = reg_bind_opt_int(st, idx, f ? f->inspection_id : 0);
    bind_opt_text(st, idx, status);
    store_bind_text(st, idx + 1, cut);
    bind_opt_text(st, idx + 2, status);
    idx += 3;
    if (f && f->overdue) {
        store_bind_text(st, idx, "1");
        store_bind_text(st, idx + 1, cut);
    } else {
        store_bind_null(st, idx);
        store_bind_null(st, idx + 1);
    }
    return idx + 2;
}

int resdb_finding_get(store *db, const struct store_scope *sc, int64_t inspector_user,
                      const char *cut, int64_t id, arena *ar, struct ms_finding *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_F_GET, err);
    char buf[200];
    int rc, idx;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, cut);
    store_bind_text(st, 2, cut);
    idx = bind_from(st, 3, sc, inspector_user, buf, sizeof buf);
    store_bind_int(st, idx, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_finding(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int resdb_finding_list(store *db, const struct store_scope *sc, int64_t inspector_user,
                       const char *cut, const struct resdb_finding_filter *f,
                       const struct store_page *pg, arena *ar, struct ms_finding **items, int *n,
                       int64_t *total, ms_err *err)
{
    int cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;
    store_stmt *st;
    char buf[200];
    int rc, idx;

    *n = 0;
    *total = 0;
    if (!(*items = arena_alloc(ar, (size_t)cap * sizeof **items)))
        return oom(err);
    if (!(st = store_prepare(db, SQL_F_COUNT, err)))
        return reg_step_fail(err);
    idx = bind_from(st, 1, sc, inspector_user, buf, sizeof buf);
    bind_filter(st, idx, cut, f);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if (!*total)
        return MS_OK;
    if (!(st = store_prepare(db, SQL_F_LIST, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, cut);
    store_bind_text(st, 2, cut);
    idx = bind_from(st, 3, sc, inspector_user, buf, sizeof buf);
    idx = bind_filter(st, idx, cut, f);
    reg_page_bind(st, idx, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap) {
        memset(&(*items)[*n], 0, sizeof **items);
        read_finding(st, ar, &(*items)[(*n)++]);
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* Rows of SQL (params: cut, cut, ARG) into a growing arena array. */
static int findings_rows(store *db, const char *sql, const char *cut, int64_t id_arg,
                         const char *text_arg, arena *ar, struct ms_finding **items, int *n,
                         ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    int rc, cap = 16;

    *n = 0;
    if (!st)
        return reg_step_fail(err);
    if (!(*items = arena_alloc(ar, (size_t)cap * sizeof **items)))
        return oom(err);
    store_bind_text(st, 1, cut);
    store_bind_text(st, 2, cut);
    if (text_arg)
        store_bind_text(st, 3, text_arg);
    else
        store_bind_int(st, 3, id_arg);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        if (*n == cap) {
            struct ms_finding *nx = arena_alloc(ar, (size_t)cap * 2 * sizeof **items);
            if (!nx) {
                store_reset(st);
                return oom(err);
            }
            memcpy(nx, *items, (size_t)cap * sizeof **items);
            *items = nx;
            cap *= 2;
        }
        memset(&(*items)[*n], 0, sizeof **items);
        read_finding(st, ar, &(*items)[(*n)++]);
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int resdb_findings_of(store *db, int64_t inspection_id, const char *cut, arena *ar,
                      struct ms_finding **items, int *n, ms_err *err)
{
    return findings_rows(db, SQL_F_OF_INSP, cut, inspection_id, NULL, ar, items, n, err);
}

int resdb_findings_due(store *db, const char *cut, arena *ar, struct ms_finding **items, int *n,
                       ms_err *err)
{
    return findings_rows(db, SQL_F_DUE, cut, 0, cut, ar, items, n, err);
}

int resdb_finding_move(store *db, int64_t id, const char *from, const char *status,
                       const char *failed_at, const char *closed_at, const char *now, int *changed,
                       ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_F_MOVE, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, status);
    bind_opt_text(st, 2, failed_at);
    bind_opt_text(st, 3, closed_at);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, id);
    store_bind_text(st, 6, from);
    return run_write(st, changed, err);
}

/* -------------------------------------------------------- rectifications */

#define R_COLS                                                                                     \
    "SELECT id, finding_id, text, submitted_by, submitted_at, late, decision, comment,"            \
    " decided_by, decided_at FROM rectifications"

static const char SQL_R_INSERT[] =
    "INSERT INTO rectifications (finding_id, text, submitted_by, submitted_at, late)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_R_GET[] = R_COLS " WHERE id = ?";
static const char SQL_R_LIST[] = R_COLS " WHERE finding_id = ? ORDER BY id";
static const char SQL_R_DECIDE[] =
    "UPDATE rectifications SET decision = ?, comment = ?, decided_by = ?, decided_at = ?"
    " WHERE id = ? AND decision IS NULL";

static void read_rect(store_stmt *st, arena *ar, void *p)
{
    struct ms_rectification *r = p;

    r->id = store_col_int(st, 0);
    r->finding_id = store_col_int(st, 1);
    r->text = reg_dup(ar, st, 2);
    r->submitted_by = reg_dup(ar, st, 3);
    r->submitted_at = reg_dup(ar, st, 4);
    r->late = (int)store_col_int(st, 5);
    r->decision = opt_text(ar, st, 6);
    r->comment = opt_text(ar, st, 7);
    r->decided_by = opt_text(ar, st, 8);
    r->decided_at = opt_text(ar, st, 9);
}

int resdb_rect_insert(store *db, struct ms_rectification *r, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_R_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, r->finding_id);
    store_bind_text(st, 2, r->text);
    store_bind_text(st, 3, r->submitted_by);
    store_bind_text(st, 4, r->submitted_at);
    store_bind_int(st, 5, r->late ? 1 : 0);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        r->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int resdb_rect_get(store *db, int64_t id, arena *ar, struct ms_rectification *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_R_GET, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_rect(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int resdb_rect_list(store *db, int64_t finding_id, arena *ar, struct ms_rectification **items,
                    int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_R_LIST, finding_id, ar, sizeof **items, read_rect, (void **)items,
                          n, err);
}

int resdb_rect_decide(store *db, int64_t id, const char *decision, const char *comment,
                      const char *by, const char *at, int *changed, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_R_DECIDE, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, decision);
    bind_opt_text(st, 2, comment);
    store_bind_text(st, 3, by);
    store_bind_text(st, 4, at);
    store_bind_int(st, 5, id);
    return run_write(st, changed, err);
}
