/* report_rows.c - the row-level reads of reports: inspection and finding
 * lists (streamed), the filled form of one inspection, and the published
 * results (see report.h). */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"
#include "store/report.h"

static const char SQL_INSP_ROWS[] =
    "SELECT i.id, i.kind, i.status, i.checklist_code, ia.code, ia.name,"
    " coalesce(u.uscc, ta.code), coalesce(u.name, ta.name), s.cert_no, s.name, s.field,"
    " i.conclusion, substr(i.completed_at, 1, 10), i.not_performed_reason, i.follow_up_on,"
    " i.tracking, (SELECT count(*) FROM findings f WHERE f.inspection_id = i.id"
    " AND f.source = 'inspection')"
    " FROM inspections i JOIN authorities ia ON ia.id = i.authority_id"
    " LEFT JOIN units u ON u.id = i.unit_id"
    " LEFT JOIN authorities ta ON ta.id = i.target_authority_id"
    " LEFT JOIN standards s ON s.id = (SELECT min(x.standard_id) FROM inspection_standards x"
    " WHERE x.inspection_id = i.id)"
    " WHERE i.campaign_id = ? AND ia.path LIKE ? ORDER BY i.id";

static const char SQL_FIND_ROWS[] =
    "SELECT f.id, f.inspection_id, fa.code, u.uscc, u.name, s.cert_no, f.item_no, f.severity,"
    " f.description, f.deadline, f.status, f.failed_at,"
    " (SELECT count(*) FROM rectifications r2 WHERE r2.finding_id = f.id),"
    " r.submitted_at, r.decision, r.decided_at"
    " FROM findings f JOIN authorities fa ON fa.id = f.authority_id"
    " LEFT JOIN units u ON u.id = f.unit_id LEFT JOIN standards s ON s.id = f.standard_id"
    " LEFT JOIN rectifications r ON r.id = (SELECT max(r3.id) FROM rectifications r3"
    " WHERE r3.finding_id = f.id)"
    " WHERE f.campaign_id = ? AND fa.path LIKE ? ORDER BY f.id";

static const char SQL_FORM[] =
    "SELECT c.name, c.year, ia.code, ia.name, coalesce(u.uscc, ta.code),"
    " coalesce(u.name, ta.name), u.address, coalesce(u.division_code, ta.division_code),"
    " i.started_at, i.completed_at, i.conclusion, i.not_performed_reason, i.follow_up_on"
    " FROM inspections i JOIN campaigns c ON c.id = i.campaign_id"
    " JOIN authorities ia ON ia.id = i.authority_id LEFT JOIN units u ON u.id = i.unit_id"
    " LEFT JOIN authorities ta ON ta.id = i.target_authority_id WHERE i.id = ?";
static const char SQL_FORM_RESULTS[] = "SELECT item_no, verdict, note FROM inspection_results"
                                       " WHERE inspection_id = ? ORDER BY item_no";
static const char SQL_FORM_EVIDENCE[] =
    "SELECT id, coalesce(item_no, 0), filename, media_type, sm3, captured_at, size"
    " FROM evidence WHERE inspection_id = ? ORDER BY id";

#define PUB_FROM                                                                                   \
    " FROM inspections i JOIN campaigns c ON c.id = i.campaign_id"                                 \
    " JOIN authorities ia ON ia.id = i.authority_id WHERE i.status = 'completed'"                  \
    " AND (CAST(? AS BIGINT) IS NULL OR i.campaign_id = ?)"
#define PUB_COLS                                                                                   \
    "SELECT i.id, i.campaign_id, c.name, i.kind, coalesce(u.uscc, ta.code),"                       \
    " coalesce(u.name, ta.name), s.cert_no, s.name, ia.code, ia.name,"                             \
    " substr(i.completed_at, 1, 10), i.conclusion, "
#define PUB_JOINS                                                                                  \
    " FROM inspections i JOIN campaigns c ON c.id = i.campaign_id"                                 \
    " JOIN authorities ia ON ia.id = i.authority_id LEFT JOIN units u ON u.id = i.unit_id"         \
    " LEFT JOIN authorities ta ON ta.id = i.target_authority_id"                                   \
    " LEFT JOIN standards s ON s.id = (SELECT min(x.standard_id) FROM inspection_standards x"      \
    " WHERE x.inspection_id = i.id) WHERE i.status = 'completed'"                                  \
    " AND (CAST(? AS BIGINT) IS NULL OR i.campaign_id = ?)"                                        \
    " ORDER BY i.completed_at DESC, i.id DESC LIMIT ? OFFSET ?"
/* The actions decided on the inspection, and on its findings. */
#define PUB_DISP(agg)                                                                              \
    "(SELECT " agg " FROM dispositions d WHERE d.inspection_id = i.id),"                           \
    " (SELECT " agg " FROM findings f JOIN dispositions d ON d.finding_id = f.id"                  \
    " WHERE f.inspection_id = i.id AND f.source = 'inspection')"
static const char SQL_PUB_LITE[] = PUB_COLS PUB_DISP("group_concat(DISTINCT d.action)") PUB_JOINS;
static const char SQL_PUB_PG[] = PUB_COLS PUB_DISP("string_agg(DISTINCT d.action, ',')") PUB_JOINS;
static const char SQL_PUB_COUNT[] = "SELECT count(*)" PUB_FROM;

/* ------------------------------------------------------------------ lists */

static store_stmt *prep_list(store *db, const char *sql, int64_t cid, const char *path,
                             char *pattern, size_t size, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);

    if (!st)
        return NULL;
    snprintf(pattern, size, "%s%%", path);
    store_bind_int(st, 1, cid);
    store_bind_text(st, 2, pattern);
    return st;
}

int rptdb_inspections_each(store *db, int64_t campaign_id, const char *path, rptdb_insp_fn fn,
                           void *ctx, ms_err *err)
{
    char pattern[200];
    store_stmt *st = prep_list(db, SQL_INSP_ROWS, campaign_id, path, pattern, sizeof pattern, err);
    struct rptdb_insp_row r;
    int rc, frc = MS_OK;

    if (!st)
        return reg_step_fail(err);
    while (frc == MS_OK && (rc = store_step(st, err)) == STORE_ROW) {
        r.id = store_col_int(st, 0);
        r.kind = store_col_text(st, 1);
        r.status = store_col_text(st, 2);
        r.checklist = store_col_text(st, 3);
        r.authority_code = store_col_text(st, 4);
        r.authority_name = store_col_text(st, 5);
        r.target = store_col_text(st, 6);
        r.target_name = store_col_text(st, 7);
        r.cert_no = store_col_text(st, 8);
        r.standard_name = store_col_text(st, 9);
        r.field = store_col_text(st, 10);
        r.conclusion = store_col_text(st, 11);
        r.completed_on = store_col_text(st, 12);
        r.not_performed_reason = store_col_text(st, 13);
        r.follow_up_on = store_col_text(st, 14);
        r.tracking = store_col_text(st, 15);
        r.findings = store_col_int(st, 16);
        frc = fn(ctx, &r, err);
    }
    store_reset(st);
    if (frc != MS_OK)
        return frc;
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int rptdb_findings_each(store *db, int64_t campaign_id, const char *path, rptdb_finding_fn fn,
                        void *ctx, ms_err *err)
{
    char pattern[200];
    store_stmt *st = prep_list(db, SQL_FIND_ROWS, campaign_id, path, pattern, sizeof pattern, err);
    struct rptdb_finding_row r;
    int rc, frc = MS_OK;

    if (!st)
        return reg_step_fail(err);
    while (frc == MS_OK && (rc = store_step(st, err)) == STORE_ROW) {
        r.id = store_col_int(st, 0);
        r.inspection_id = store_col_int(st, 1);
        r.authority_code = store_col_text(st, 2);
        r.uscc = store_col_text(st, 3);
        r.unit_name = store_col_text(st, 4);
        r.cert_no = store_col_text(st, 5);
        r.item_no = (int)store_col_int(st, 6);
        r.severity = store_col_text(st, 7);
        r.description = store_col_text(st, 8);
        r.deadline = store_col_text(st, 9);
        r.status = store_col_text(st, 10);
        r.failed_at = store_col_text(st, 11);
        r.submissions = store_col_int(st, 12);
        r.last_submitted_at = store_col_text(st, 13);
        r.last_decision = store_col_text(st, 14);
        r.last_decided_at = store_col_text(st, 15);
        frc = fn(ctx, &r, err);
    }
    store_reset(st);
    if (frc != MS_OK)
        return frc;
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* ------------------------------------------------------------------- form */

static void result_read(store_stmt *st, arena *ar, void *x)
{
    struct rptdb_result *r = x;
    r->item_no = (int)store_col_int(st, 0);
    r->verdict = reg_dup(ar, st, 1);
    r->note = reg_dup(ar, st, 2);
}

static void evidence_read(store_stmt *st, arena *ar, void *x)
{
    struct rptdb_evidence *e = x;
    e->id = store_col_int(st, 0);
    e->item_no = (int)store_col_int(st, 1);
    e->filename = reg_dup(ar, st, 2);
    e->media_type = reg_dup(ar, st, 3);
    e->sm3 = reg_dup(ar, st, 4);
    e->captured_at = reg_dup(ar, st, 5);
    e->size = store_col_int(st, 6);
}

int rptdb_form(store *db, int64_t id, arena *ar, struct rptdb_form *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_FORM, err);
    void *v;
    int rc;

    memset(out, 0, sizeof *out);
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        out->campaign_name = reg_dup(ar, st, 0);
        out->campaign_year = (int)store_col_int(st, 1);
        out->authority_code = reg_dup(ar, st, 2);
        out->authority_name = reg_dup(ar, st, 3);
        out->target = reg_dup(ar, st, 4);
        out->target_name = reg_dup(ar, st, 5);
        out->target_address = reg_dup(ar, st, 6);
        out->target_division = reg_dup(ar, st, 7);
        out->started_at = reg_dup(ar, st, 8);
        out->completed_at = reg_dup(ar, st, 9);
        out->conclusion = reg_dup(ar, st, 10);
        out->not_performed_reason = reg_dup(ar, st, 11);
        out->follow_up_on = reg_dup(ar, st, 12);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if ((rc = reg_rows_by_id(db, SQL_FORM_RESULTS, id, ar, sizeof *out->results, result_read, &v,
                             &out->nresults, err)) != MS_OK)
        return rc;
    out->results = v;
    if ((rc = reg_rows_by_id(db, SQL_FORM_EVIDENCE, id, ar, sizeof *out->evidence, evidence_read,
                             &v, &out->nevidence, err)) != MS_OK)
        return rc;
    out->evidence = v;
    return MS_OK;
}

/* ----------------------------------------------------------------- public */

/* "a,b" and "b,c" -> "a,b,c" (into AR); NULL when both are empty. */
static const char *join_actions(arena *ar, const char *a, const char *b)
{
    const char *out = a && *a ? arena_strdup(ar, a) : NULL;

    while (b && *b) {
        size_t k = strcspn(b, ",");
        const char *p = out;
        int seen = 0;
        while (p && *p && !seen) {
            size_t m = strcspn(p, ",");
            seen = m == k && strncmp(p, b, k) == 0;
            p += m + (p[m] == ',');
        }
        if (!seen)
            out = out ? arena_printf(ar, "%s,%.*s", out, (int)k, b) : arena_strndup(ar, b, k);
        b += k + (b[k] == ',');
    }
    return out;
}

int rptdb_public(store *db, int64_t campaign_id, int page, int per_page, arena *ar,
                 struct rptdb_public_row **items, int *n, int64_t *total, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_PUB_COUNT, err);
    int64_t limit = per_page > 0 ? per_page : INT64_C(1) << 40;
    int64_t cap;
    int rc;

    *n = 0;
    *items = NULL;
    *total = 0;
    if (!st)
        return reg_step_fail(err);
    reg_bind_opt_int(st, 1, campaign_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if (page < 1)
        page = 1;
    cap = per_page > 0 ? per_page : *total;
    if (cap > *total)
        cap = *total;
    if (cap <= 0)
        return MS_OK;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare2(db, SQL_PUB_LITE, SQL_PUB_PG, err)))
        return reg_step_fail(err);
    reg_bind_opt_int(st, 1, campaign_id);
    store_bind_int(st, 3, limit);
    store_bind_int(st, 4, (int64_t)(page - 1) * (per_page > 0 ? per_page : 0));
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap) {
        struct rptdb_public_row *r = &(*items)[(*n)++];
        r->inspection_id = store_col_int(st, 0);
        r->campaign_id = store_col_int(st, 1);
        r->campaign_name = reg_dup(ar, st, 2);
        r->kind = reg_dup(ar, st, 3);
        r->target = reg_dup(ar, st, 4);
        r->target_name = reg_dup(ar, st, 5);
        r->cert_no = reg_dup(ar, st, 6);
        r->standard_name = reg_dup(ar, st, 7);
        r->authority_code = reg_dup(ar, st, 8);
        r->authority_name = reg_dup(ar, st, 9);
        r->completed_on = reg_dup(ar, st, 10);
        r->conclusion = reg_dup(ar, st, 11);
        r->dispositions = join_actions(ar, store_col_text(st, 12), store_col_text(st, 13));
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
