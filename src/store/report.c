/* report.c - the aggregates of a campaign summary (see report.h). Every
 * query takes the campaign id and the subtree pattern 'PATH%'; nothing is
 * concatenated from input. */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"
#include "store/report.h"

/* Active standards certified in the subtree, of active units (1 param). */
#define IN_SCOPE                                                                                   \
    " FROM standards s JOIN authorities sa ON sa.id = s.cert_authority_id"                         \
    " JOIN units u ON u.id = s.unit_id"                                                            \
    " WHERE s.status = 'active' AND u.status = 'active' AND sa.path LIKE ?"

#define SECTOR_STD(x)                                                                              \
    ", sum(CASE WHEN s.sectors LIKE '%" x "%' THEN 1 ELSE 0 END)"                                  \
    ", count(DISTINCT CASE WHEN s.sectors LIKE '%" x "%' THEN s.unit_id END)"

static const char SQL_SCOPE[] =
    "SELECT count(*), count(DISTINCT s.unit_id)" SECTOR_STD("food_safety")
        SECTOR_STD("production_safety") SECTOR_STD("environment") SECTOR_STD("medical_health")
            IN_SCOPE;

static const char SQL_SELFCHECKS[] =
    "SELECT sc.status, count(*), coalesce(sum(sc.late), 0) FROM self_checks sc"
    " WHERE sc.campaign_id = ? AND sc.unit_id IN (SELECT s.unit_id" IN_SCOPE ")"
    " GROUP BY sc.status";

/* Inspections of the campaign by an authority of the subtree (2 params). */
#define INSP_FROM                                                                                  \
    " FROM inspections i JOIN authorities ia ON ia.id = i.authority_id"                            \
    " WHERE i.campaign_id = ? AND ia.path LIKE ?"

static const char SQL_DRAWS_LITE[] =
    "SELECT d.kind, count(*), coalesce(sum(json_extract(d.result, '$.n')), 0),"
    " coalesce(sum(json_extract(d.result, '$.k')), 0)"
    " FROM draws d JOIN authorities da ON da.id = d.authority_id"
    " WHERE d.campaign_id = ? AND da.path LIKE ? AND d.status = 'active' GROUP BY d.kind";
static const char SQL_DRAWS_PG[] =
    "SELECT d.kind, count(*), coalesce(sum((d.result::json->>'n')::bigint), 0),"
    " coalesce(sum((d.result::json->>'k')::bigint), 0)"
    " FROM draws d JOIN authorities da ON da.id = d.authority_id"
    " WHERE d.campaign_id = ? AND da.path LIKE ? AND d.status = 'active' GROUP BY d.kind";
/* Selected = distinct (draw, rank) among the inspections of active draws. */
static const char SQL_SELECTED[] =
    "SELECT i.kind, count(DISTINCT i.draw_id * 1000000 + i.visit_group)" INSP_FROM
    " AND EXISTS (SELECT 1 FROM draws d WHERE d.id = i.draw_id AND d.status = 'active')"
    " GROUP BY i.kind";

static const char SQL_INSP_COUNTS[] =
    "SELECT i.status, i.kind, count(*)" INSP_FROM " GROUP BY i.status, i.kind";
static const char SQL_CONCLUSIONS[] =
    "SELECT i.conclusion, count(*)" INSP_FROM " AND i.status = 'completed' GROUP BY i.conclusion";
static const char SQL_NOT_PERFORMED[] =
    "SELECT coalesce(i.tracking, 'open'), count(*),"
    " sum(CASE WHEN coalesce(i.tracking, 'open') = 'open' AND i.follow_up_on < ? THEN 1 ELSE 0"
    " END)" INSP_FROM " AND i.status = 'not_performed' GROUP BY coalesce(i.tracking, 'open')";

static const char SQL_ITEMS[] =
    "SELECT i.checklist_code, r.item_no, r.verdict, count(*) FROM inspection_results r"
    " JOIN inspections i ON i.id = r.inspection_id JOIN authorities ia ON ia.id = i.authority_id"
    " WHERE i.campaign_id = ? AND ia.path LIKE ? AND i.status = 'completed'"
    " GROUP BY i.checklist_code, r.item_no, r.verdict ORDER BY i.checklist_code, r.item_no";

static const char SQL_FIELDS_SCOPE[] = "SELECT s.field, count(*)" IN_SCOPE " GROUP BY s.field";
#define INSP_STD_FROM                                                                              \
    " FROM inspections i JOIN authorities ia ON ia.id = i.authority_id"                            \
    " JOIN inspection_standards x ON x.inspection_id = i.id"                                       \
    " JOIN standards s ON s.id = x.standard_id"                                                    \
    " WHERE i.campaign_id = ? AND ia.path LIKE ? AND i.status <> 'cancelled'"
#define DONE_ID "CASE WHEN i.status = 'completed' THEN i.id END"
#define NONC_ID                                                                                    \
    "CASE WHEN i.status = 'completed' AND i.conclusion IN ('rectify', 'fail') THEN i.id END"
static const char SQL_FIELDS_INSP[] =
    "SELECT s.field, count(DISTINCT i.id), count(DISTINCT " DONE_ID "), count(DISTINCT " NONC_ID
    ")" INSP_STD_FROM " GROUP BY s.field";
#define SECTOR_INSP(x)                                                                             \
    ", count(DISTINCT CASE WHEN s.sectors LIKE '%" x "%' THEN i.id END)"                           \
    ", count(DISTINCT CASE WHEN s.sectors LIKE '%" x "%' AND i.status = 'completed' THEN i.id"     \
    " END), count(DISTINCT CASE WHEN s.sectors LIKE '%" x "%' AND i.status = 'completed' AND"      \
    " i.conclusion IN ('rectify', 'fail') THEN i.id END)"
static const char SQL_SECTORS_INSP[] =
    "SELECT count(*)" SECTOR_INSP("food_safety") SECTOR_INSP("production_safety")
        SECTOR_INSP("environment") SECTOR_INSP("medical_health") INSP_STD_FROM;

/* Findings of the campaign decided in the subtree (2 params, then today). */
#define FIND_FROM                                                                                  \
    " FROM findings f JOIN authorities fa ON fa.id = f.authority_id"                               \
    " WHERE f.campaign_id = ? AND fa.path LIKE ?"
static const char SQL_FINDINGS[] =
    "SELECT f.status, count(*), sum(CASE WHEN f.status IN ('open', 'submitted', 'rejected')"
    " AND f.deadline < ? THEN 1 ELSE 0 END), sum(CASE WHEN f.severity = 'nonconform' THEN 1"
    " ELSE 0 END), sum(CASE WHEN f.severity = 'defect' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN f.severity = 'key' THEN 1 ELSE 0 END)" FIND_FROM " GROUP BY f.status";
static const char SQL_RECTS[] =
    "SELECT count(*), coalesce(sum(r.late), 0),"
    " sum(CASE WHEN r.decision = 'accept' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.decision = 'reject' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN r.decision IS NULL THEN 1 ELSE 0 END)"
    " FROM rectifications r JOIN findings f ON f.id = r.finding_id"
    " JOIN authorities fa ON fa.id = f.authority_id WHERE f.campaign_id = ? AND fa.path LIKE ?";

/* Dispositions tied to the campaign through their inspection or finding. */
static const char SQL_DISPOSITIONS[] =
    "SELECT d.action, count(*), count(DISTINCT d.unit_id), coalesce(sum(d.amount_yuan), 0)"
    " FROM dispositions d JOIN authorities da ON da.id = d.authority_id"
    " LEFT JOIN inspections di ON di.id = d.inspection_id"
    " LEFT JOIN findings df ON df.id = d.finding_id"
    " WHERE coalesce(di.campaign_id, df.campaign_id) = ? AND da.path LIKE ?"
    " GROUP BY d.action ORDER BY d.action";

/* ------------------------------------------------------------------------ */

/* Prepare SQL and bind the usual (campaign id, pattern) from 1, or only the
 * pattern when CAMPAIGN_ID is 0. */
static store_stmt *prep(store *db, const char *sql, const char *pg_sql, int64_t campaign_id,
                        const char *pattern, ms_err *err)
{
    store_stmt *st = pg_sql ? store_prepare2(db, sql, pg_sql, err) : store_prepare(db, sql, err);
    int i = 1;

    if (!st)
        return NULL;
    if (campaign_id)
        store_bind_int(st, i++, campaign_id);
    store_bind_text(st, i, pattern);
    return st;
}

static int done(store_stmt *st, int rc, ms_err *err)
{
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

static int q_scope(store *db, const char *pattern, struct rptdb_summary *s, ms_err *err)
{
    store_stmt *st = prep(db, SQL_SCOPE, NULL, 0, pattern, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        s->standards = store_col_int(st, 0);
        s->units = store_col_int(st, 1);
        for (int k = 0; k < MODEL_SECTOR_COUNT; k++) {
            s->sectors[k].standards = store_col_int(st, 2 + 2 * k);
            s->sectors[k].units = store_col_int(st, 3 + 2 * k);
        }
    }
    return done(st, rc, err);
}

static int q_selfchecks(store *db, int64_t cid, const char *pattern, struct rptdb_summary *s,
                        ms_err *err)
{
    store_stmt *st = prep(db, SQL_SELFCHECKS, NULL, cid, pattern, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        if (strcmp(store_col_text(st, 0), "submitted") == 0) {
            s->sc_submitted = store_col_int(st, 1);
            s->sc_late = store_col_int(st, 2);
        } else {
            s->sc_draft += store_col_int(st, 1);
        }
    }
    return done(st, rc, err);
}

static int q_draws(store *db, int64_t cid, const char *pattern, struct rptdb_summary *s,
                   ms_err *err)
{
    store_stmt *st = prep(db, SQL_DRAWS_LITE, SQL_DRAWS_PG, cid, pattern, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int units = strcmp(store_col_text(st, 0), "units") == 0;
        *(units ? &s->draws_units : &s->draws_authorities) = store_col_int(st, 1);
        *(units ? &s->roster_units : &s->roster_authorities) = store_col_int(st, 2);
        *(units ? &s->quota_units : &s->quota_authorities) = store_col_int(st, 3);
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = prep(db, SQL_SELECTED, NULL, cid, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t k = store_col_int(st, 1);
        if (strcmp(store_col_text(st, 0), "standard") == 0)
            s->selected_units = k;
        else
            s->selected_authorities = k;
    }
    return done(st, rc, err);
}

static int q_inspections(store *db, int64_t cid, const char *pattern, const char *today,
                         struct rptdb_summary *s, ms_err *err)
{
    static const char *const statuses[] = {"planned", "in_progress", "completed", "not_performed",
                                           "cancelled"};
    int64_t *slot[] = {&s->planned, &s->in_progress, &s->completed, &s->not_performed,
                       &s->cancelled};
    store_stmt *st = prep(db, SQL_INSP_COUNTS, NULL, cid, pattern, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *status = store_col_text(st, 0);
        int std = strcmp(store_col_text(st, 1), "standard") == 0;
        int64_t k = store_col_int(st, 2);
        for (size_t j = 0; j < MS_ARRAY_LEN(statuses); j++)
            if (strcmp(status, statuses[j]) == 0)
                *slot[j] += k;
        if (strcmp(status, "cancelled") != 0)
            *(std ? &s->insp_standard : &s->insp_assessment) += k;
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = prep(db, SQL_CONCLUSIONS, NULL, cid, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *c = store_col_text(st, 0);
        int64_t k = store_col_int(st, 1);
        if (!c)
            continue;
        if (strcmp(c, "pass") == 0)
            s->pass = k;
        else if (strcmp(c, "rectify") == 0)
            s->rectify = k;
        else if (strcmp(c, "fail") == 0)
            s->fail = k;
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = store_prepare(db, SQL_NOT_PERFORMED, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, today);
    store_bind_int(st, 2, cid);
    store_bind_text(st, 3, pattern);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int open = strcmp(store_col_text(st, 0), "open") == 0;
        *(open ? &s->np_open : &s->np_closed) = store_col_int(st, 1);
        s->np_follow_up_overdue += store_col_int(st, 2);
    }
    return done(st, rc, err);
}

static int q_items(store *db, int64_t cid, const char *pattern, arena *ar, struct rptdb_summary *s,
                   ms_err *err)
{
    store_stmt *st = prep(db, SQL_ITEMS, NULL, cid, pattern, err);
    int rc, cap = 0;

    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *code = store_col_text(st, 0);
        int no = (int)store_col_int(st, 1);
        const char *v = store_col_text(st, 2);
        int64_t k = store_col_int(st, 3);
        struct rptdb_item *it = s->nitems ? &s->items[s->nitems - 1] : NULL;

        if (!it || it->item_no != no || strcmp(it->checklist, code) != 0) {
            if (s->nitems == cap) {
                struct rptdb_item *nv;
                cap = cap ? cap * 2 : 32;
                nv = arena_alloc(ar, sizeof *nv * (size_t)cap);
                if (!nv) {
                    store_reset(st);
                    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
                }
                if (s->nitems)
                    memcpy(nv, s->items, sizeof *nv * (size_t)s->nitems);
                s->items = nv;
            }
            it = &s->items[s->nitems++];
            it->checklist = arena_strdup(ar, code);
            it->item_no = no;
        }
        if (strcmp(v, "conform") == 0)
            it->conform += k;
        else if (strcmp(v, "nonconform") == 0)
            it->nonconform += k;
        else if (strcmp(v, "defect") == 0)
            it->defect += k;
        else
            it->na += k;
    }
    return done(st, rc, err);
}

/* The row of FIELD in S->fields (sorted by code, at most 100), added. */
static struct rptdb_field *field_slot(struct rptdb_summary *s, const char *field, arena *ar)
{
    int i = 0;

    while (i < s->nfields && strcmp(s->fields[i].field, field) < 0)
        i++;
    if (i < s->nfields && strcmp(s->fields[i].field, field) == 0)
        return &s->fields[i];
    if (s->nfields >= 100)
        return NULL;
    memmove(&s->fields[i + 1], &s->fields[i], sizeof *s->fields * (size_t)(s->nfields - i));
    memset(&s->fields[i], 0, sizeof *s->fields);
    s->fields[i].field = arena_strdup(ar, field);
    s->nfields++;
    return &s->fields[i];
}

static int q_fields(store *db, int64_t cid, const char *pattern, arena *ar, struct rptdb_summary *s,
                    ms_err *err)
{
    store_stmt *st;
    int rc;

    s->fields = arena_alloc(ar, sizeof *s->fields * 101);
    if (!s->fields)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = prep(db, SQL_FIELDS_SCOPE, NULL, 0, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        struct rptdb_field *f = field_slot(s, store_col_text(st, 0), ar);
        if (f)
            f->standards = store_col_int(st, 1);
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = prep(db, SQL_FIELDS_INSP, NULL, cid, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        struct rptdb_field *f = field_slot(s, store_col_text(st, 0), ar);
        if (!f)
            continue;
        f->inspections = store_col_int(st, 1);
        f->completed = store_col_int(st, 2);
        f->nonconforming = store_col_int(st, 3);
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    for (int i = 0; i < s->nfields; i++) {
        s->fields_in_scope += s->fields[i].standards > 0;
        s->fields_covered += s->fields[i].standards > 0 && s->fields[i].inspections > 0;
    }
    if (!(st = prep(db, SQL_SECTORS_INSP, NULL, cid, pattern, err)))
        return reg_step_fail(err);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        for (int k = 0; k < MODEL_SECTOR_COUNT; k++) {
            s->sectors[k].inspections = store_col_int(st, 1 + 3 * k);
            s->sectors[k].completed = store_col_int(st, 2 + 3 * k);
            s->sectors[k].nonconforming = store_col_int(st, 3 + 3 * k);
        }
    return done(st, rc, err);
}

static int q_findings(store *db, int64_t cid, const char *pattern, const char *today,
                      struct rptdb_summary *s, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_FINDINGS, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, today);
    store_bind_int(st, 2, cid);
    store_bind_text(st, 3, pattern);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *status = store_col_text(st, 0);
        int64_t k = store_col_int(st, 1);
        s->findings += k;
        s->f_overdue += store_col_int(st, 2);
        s->f_nonconform += store_col_int(st, 3);
        s->f_defect += store_col_int(st, 4);
        s->f_key += store_col_int(st, 5);
        if (strcmp(status, "open") == 0)
            s->f_open = k;
        else if (strcmp(status, "submitted") == 0)
            s->f_submitted = k;
        else if (strcmp(status, "accepted") == 0)
            s->f_accepted = k;
        else if (strcmp(status, "rejected") == 0)
            s->f_rejected = k;
        else if (strcmp(status, "failed") == 0)
            s->f_failed = k;
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = prep(db, SQL_RECTS, NULL, cid, pattern, err)))
        return reg_step_fail(err);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        s->rect_submissions = store_col_int(st, 0);
        s->rect_late = store_col_int(st, 1);
        s->rect_accepted = store_col_int(st, 2);
        s->rect_rejected = store_col_int(st, 3);
        s->rect_pending = store_col_int(st, 4);
    }
    return done(st, rc, err);
}

static int q_dispositions(store *db, int64_t cid, const char *pattern, arena *ar,
                          struct rptdb_summary *s, ms_err *err)
{
    store_stmt *st = prep(db, SQL_DISPOSITIONS, NULL, cid, pattern, err);
    int rc = STORE_DONE, cap = 16;

    if (!st)
        return reg_step_fail(err);
    s->dispositions = arena_alloc(ar, sizeof *s->dispositions * (size_t)cap);
    while (s->dispositions && (rc = store_step(st, err)) == STORE_ROW && s->ndispositions < cap) {
        struct rptdb_disposition *d = &s->dispositions[s->ndispositions++];
        d->action = reg_dup(ar, st, 0);
        d->count = store_col_int(st, 1);
        d->units = store_col_int(st, 2);
        d->amount_yuan = store_col_int(st, 3);
    }
    if (!s->dispositions) {
        store_reset(st);
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    return done(st, rc == STORE_ROW ? STORE_DONE : rc, err);
}

int rptdb_summary(store *db, int64_t campaign_id, const char *path, const char *today, arena *ar,
                  struct rptdb_summary *out, ms_err *err)
{
    char pattern[200];
    int rc;

    memset(out, 0, sizeof *out);
    snprintf(pattern, sizeof pattern, "%s%%", path);
    if ((rc = q_scope(db, pattern, out, err)) != MS_OK ||
        (rc = q_selfchecks(db, campaign_id, pattern, out, err)) != MS_OK ||
        (rc = q_draws(db, campaign_id, pattern, out, err)) != MS_OK ||
        (rc = q_inspections(db, campaign_id, pattern, today, out, err)) != MS_OK ||
        (rc = q_items(db, campaign_id, pattern, ar, out, err)) != MS_OK ||
        (rc = q_fields(db, campaign_id, pattern, ar, out, err)) != MS_OK ||
        (rc = q_findings(db, campaign_id, pattern, today, out, err)) != MS_OK ||
        (rc = q_dispositions(db, campaign_id, pattern, ar, out, err)) != MS_OK)
        return rc;
    return MS_OK;
}

int rptdb_inspection_counts(store *db, int64_t campaign_id, const char *path, int *n, ms_err *err)
{
    char pattern[200];
    store_stmt *st;
    int rc;

    *n = 0;
    snprintf(pattern, sizeof pattern, "%s%%", path);
    if (!(st = prep(db, SQL_INSP_COUNTS, NULL, campaign_id, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW)
        (*n)++;
    return done(st, rc, err);
}
