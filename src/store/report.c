/* report.c - the aggregates of a campaign summary (see report.h). Every
 * query takes the campaign id and the subtree pattern 'PATH%'; nothing is
 * concatenated from input. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/reg_int.h"
#include "store/report.h"

/* Most figures are aggregated here in C from one streamed pass per table
 * (standards, inspections, answers): on the nation data set that is several
 * times cheaper than GROUP BY with DISTINCT in SQL (temporary B-trees).
 * Every query takes the subtree pattern 'PATH%' and, where it is about the
 * campaign, the campaign id first. */

/* COL is an authority of the subtree (1 param): one index range per
 * authority rather than a path compare per row. */
#define IN_SUBTREE(col) " " col " IN (SELECT a.id FROM authorities a WHERE a.path LIKE ?)"

/* Active standards certified in the subtree (1 param): the covering index
 * standards_scope (012) answers it per certifying authority, no table row
 * read; the unit's status is checked in C against SQL_ACTIVE_UNITS. */
static const char SQL_SCOPE[] =
    "SELECT s.unit_id, s.field, s.sectors FROM standards s WHERE s.status = 'active'"
    " AND s.cert_authority_id IN (SELECT a.id FROM authorities a WHERE a.path LIKE ?)";
static const char SQL_ACTIVE_UNITS[] = "SELECT id FROM units WHERE status = 'active'";
static const char SQL_MAX_UNIT[] = "SELECT coalesce(max(id), 0) FROM units";
static const char SQL_SELFCHECKS[] =
    "SELECT unit_id, status, late FROM self_checks WHERE campaign_id = ?";

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

/* Inspections of the campaign by an authority of the subtree (2 params). */
#define INSP_FROM " FROM inspections i WHERE i.campaign_id = ? AND" IN_SUBTREE("i.authority_id")
static const char SQL_INSP_COUNTS[] =
    "SELECT i.status, i.kind, count(*)" INSP_FROM " GROUP BY i.status, i.kind";
/* One row per inspection; the draw's status (SQL_ACTIVE_DRAWS, read first:
 * a draw row carries its roster and result, read here once per draw rather
 * than once per inspection) decides whether it counts as selected, (draw,
 * rank) identifies the unit or authority drawn. */
static const char SQL_INSP_ROWS[] =
    "SELECT i.kind, i.status, i.conclusion, coalesce(i.tracking, 'open'), i.follow_up_on,"
    " i.draw_id, i.visit_group" INSP_FROM;
static const char SQL_ACTIVE_DRAWS[] =
    "SELECT id FROM draws WHERE campaign_id = ? AND status = 'active'";
/* The answers of completed inspections. */
static const char SQL_ANSWERS[] =
    "SELECT i.checklist_code, r.item_no, r.verdict FROM inspections i"
    " JOIN inspection_results r ON r.inspection_id = i.id"
    " WHERE i.campaign_id = ? AND" IN_SUBTREE("i.authority_id") " AND i.status = 'completed'";
/* The standards of live inspections, by inspection (the order of the index
 * inspections_campaign: no sort on SQLite). */
static const char SQL_INSP_STDS[] =
    "SELECT i.id, i.status, i.conclusion, s.field, s.sectors FROM inspections i"
    " JOIN inspection_standards x ON x.inspection_id = i.id"
    " JOIN standards s ON s.id = x.standard_id"
    " WHERE i.campaign_id = ? AND" IN_SUBTREE("i.authority_id") " AND i.status <> 'cancelled'"
                                                                " ORDER BY i.authority_id, i.id";

/* Findings of the campaign decided in the subtree (2 params, then today). */
#define FIND_FROM " FROM findings f WHERE f.campaign_id = ? AND" IN_SUBTREE("f.authority_id")
static const char SQL_FINDINGS[] =
    "SELECT f.status, count(*), sum(CASE WHEN f.status IN ('open', 'submitted', 'rejected')"
    " AND f.deadline < ? THEN 1 ELSE 0 END), sum(CASE WHEN f.severity = 'nonconform' THEN 1"
    " ELSE 0 END), sum(CASE WHEN f.severity = 'defect' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN f.severity = 'key' THEN 1 ELSE 0 END)" FIND_FROM " GROUP BY f.status";
static const char SQL_RECTS[] = "SELECT count(*), coalesce(sum(r.late), 0),"
                                " sum(CASE WHEN r.decision = 'accept' THEN 1 ELSE 0 END),"
                                " sum(CASE WHEN r.decision = 'reject' THEN 1 ELSE 0 END),"
                                " sum(CASE WHEN r.decision IS NULL THEN 1 ELSE 0 END)"
                                " FROM rectifications r JOIN findings f ON f.id = r.finding_id"
                                " WHERE f.campaign_id = ? AND" IN_SUBTREE("f.authority_id");

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

/* Per-summary working state: which units are in scope (bit 0) and carry
 * each sector (bits 1..4) and are active (UNIT_ACTIVE), per field code
 * (00..99) its counters, and the last inspection counted per field and
 * sector. */
struct work {
    unsigned char *unit; /* by unit id */
    int64_t max_unit;
    struct rptdb_field field[100];
    int64_t field_last[100], sector_last[MODEL_SECTOR_COUNT];
};

static int sector_bits(const char *sectors)
{
    int bits = 0;

    for (int k = 0; sectors && *sectors && k < MODEL_SECTOR_COUNT; k++)
        if (strstr(sectors, model_sectors[k]))
            bits |= 1 << k;
    return bits;
}

static int field_index(const char *f)
{
    return f && f[0] >= '0' && f[0] <= '9' && f[1] >= '0' && f[1] <= '9' && !f[2]
               ? (f[0] - '0') * 10 + (f[1] - '0')
               : -1;
}

#define UNIT_ACTIVE 0x80 /* w->unit: the unit is active */

static int q_scope(store *db, const char *pattern, struct work *w, struct rptdb_summary *s,
                   ms_err *err)
{
    store_stmt *st;
    int rc;

    w->max_unit = store_query_int(db, SQL_MAX_UNIT, -1, err);
    if (w->max_unit < 0)
        return reg_step_fail(err);
    if (!(w->unit = ms_calloc((size_t)w->max_unit + 1, 1)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = store_prepare(db, SQL_ACTIVE_UNITS, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t u = store_col_int(st, 0);
        if (u >= 0 && u <= w->max_unit)
            w->unit[u] |= UNIT_ACTIVE;
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    if (!(st = prep(db, SQL_SCOPE, NULL, 0, pattern, err)))
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t u = store_col_int(st, 0);
        int fi, bits;
        if (u < 0 || u > w->max_unit || !(w->unit[u] & UNIT_ACTIVE))
            continue;
        fi = field_index(store_col_text(st, 1));
        bits = sector_bits(store_col_text(st, 2));
        s->standards++;
        if (fi >= 0)
            w->field[fi].standards++;
        if (!(w->unit[u] & 1)) {
            w->unit[u] |= 1;
            s->units++;
        }
        for (int k = 0; k < MODEL_SECTOR_COUNT; k++)
            if (bits & (1 << k)) {
                s->sectors[k].standards++;
                if (!(w->unit[u] & (2 << k))) {
                    w->unit[u] |= (unsigned char)(2 << k);
                    s->sectors[k].units++;
                }
            }
    }
    return done(st, rc, err);
}

static int q_selfchecks(store *db, int64_t cid, struct work *w, struct rptdb_summary *s,
                        ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SELFCHECKS, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, cid);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t u = store_col_int(st, 0);
        if (u < 0 || u > w->max_unit || !(w->unit[u] & 1))
            continue;
        if (strcmp(store_col_text(st, 1), "submitted") == 0) {
            s->sc_submitted++;
            s->sc_late += store_col_int(st, 2) != 0;
        } else {
            s->sc_draft++;
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
    return done(st, rc, err);
}

/* A set of (draw, rank) pairs: open addressing over int64 keys. */
struct pairs {
    int64_t *k;
    size_t cap, n;
};

static int pairs_add(struct pairs *p, int64_t key)
{
    size_t i;

    if ((p->n + 1) * 2 > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        int64_t *k = ms_calloc(cap, sizeof *k);
        if (!k)
            return -1;
        for (size_t j = 0; j < p->cap; j++)
            if (p->k[j]) {
                i = (size_t)((uint64_t)p->k[j] * 11400714819323198485ull) & (cap - 1);
                while (k[i])
                    i = (i + 1) & (cap - 1);
                k[i] = p->k[j];
            }
        ms_free(p->k);
        p->k = k;
        p->cap = cap;
    }
    i = (size_t)((uint64_t)key * 11400714819323198485ull) & (p->cap - 1);
    while (p->k[i] && p->k[i] != key)
        i = (i + 1) & (p->cap - 1);
    if (p->k[i])
        return 0;
    p->k[i] = key;
    p->n++;
    return 1;
}

static int pairs_has(const struct pairs *p, int64_t key)
{
    size_t i;

    if (!p->cap)
        return 0;
    i = (size_t)((uint64_t)key * 11400714819323198485ull) & (p->cap - 1);
    while (p->k[i] && p->k[i] != key)
        i = (i + 1) & (p->cap - 1);
    return p->k[i] != 0;
}

/* The active draws of the campaign, as draw id + 1. */
static int active_draws(store *db, int64_t cid, struct pairs *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_ACTIVE_DRAWS, err);
    int rc, oom = 0;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, cid);
    while ((rc = store_step(st, err)) == STORE_ROW)
        if (pairs_add(out, store_col_int(st, 0) + 1) < 0)
            oom = 1;
    if (oom) {
        store_reset(st);
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
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
    struct pairs units = {NULL, 0, 0}, auths = {NULL, 0, 0}, draws = {NULL, 0, 0};
    store_stmt *st;
    int rc, oom = 0;

    if ((rc = active_draws(db, cid, &draws, err)) != MS_OK) {
        ms_free(draws.k);
        return rc;
    }
    if (!(st = prep(db, SQL_INSP_ROWS, NULL, cid, pattern, err))) {
        ms_free(draws.k);
        return reg_step_fail(err);
    }
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *status = store_col_text(st, 1), *c = store_col_text(st, 2);
        int std = strcmp(store_col_text(st, 0), "standard") == 0;
        size_t j = 0;

        while (j < MS_ARRAY_LEN(statuses) && strcmp(status, statuses[j]) != 0)
            j++;
        if (j < MS_ARRAY_LEN(statuses))
            (*slot[j])++;
        if (strcmp(status, "cancelled") != 0)
            *(std ? &s->insp_standard : &s->insp_assessment) += 1;
        if (strcmp(status, "completed") == 0 && c) {
            if (strcmp(c, "pass") == 0)
                s->pass++;
            else if (strcmp(c, "rectify") == 0)
                s->rectify++;
            else if (strcmp(c, "fail") == 0)
                s->fail++;
        } else if (strcmp(status, "not_performed") == 0) {
            const char *follow = store_col_text(st, 4);
            if (strcmp(store_col_text(st, 3), "open") == 0) {
                s->np_open++;
                s->np_follow_up_overdue += follow && strcmp(follow, today) < 0;
            } else {
                s->np_closed++;
            }
        }
        if (pairs_has(&draws, store_col_int(st, 5) + 1) &&
            pairs_add(std ? &units : &auths,
                      store_col_int(st, 5) * INT64_C(4294967296) + store_col_int(st, 6) + 1) < 0)
            oom = 1;
    }
    s->selected_units = (int64_t)units.n;
    s->selected_authorities = (int64_t)auths.n;
    ms_free(units.k);
    ms_free(auths.k);
    ms_free(draws.k);
    if (oom) {
        store_reset(st);
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    return done(st, rc, err);
}

/* Answers per (checklist, item): checklists in order of appearance (few),
 * items 1..ITEM_MAX. */
#define ITEM_MAX 200
#define CODE_MAX 8

static int q_items(store *db, int64_t cid, const char *pattern, arena *ar, struct rptdb_summary *s,
                   ms_err *err)
{
    char codes[CODE_MAX][16];
    int64_t(*cnt)[ITEM_MAX + 1][4] = ms_calloc(CODE_MAX, sizeof *cnt);
    int ncodes = 0, rc;
    store_stmt *st;

    if (!cnt)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    if (!(st = prep(db, SQL_ANSWERS, NULL, cid, pattern, err))) {
        ms_free(cnt);
        return reg_step_fail(err);
    }
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *code = store_col_text(st, 0), *v = store_col_text(st, 2);
        int64_t no = store_col_int(st, 1);
        int c = 0, k;
        while (c < ncodes && strcmp(codes[c], code) != 0)
            c++;
        if (c == ncodes) {
            if (ncodes == CODE_MAX || strlen(code) >= sizeof codes[0])
                continue;
            snprintf(codes[ncodes++], sizeof codes[0], "%s", code);
        }
        if (no < 1 || no > ITEM_MAX)
            continue;
        k = strcmp(v, "conform") == 0      ? 0
            : strcmp(v, "nonconform") == 0 ? 1
            : strcmp(v, "defect") == 0     ? 2
                                           : 3;
        cnt[c][no][k]++;
    }
    store_reset(st);
    if (rc == STORE_ERROR) {
        ms_free(cnt);
        return reg_step_fail(err);
    }
    /* by checklist code, then item number */
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        char done_code[CODE_MAX] = {0};
        for (int round = 0; round < ncodes; round++) {
            int c = -1;
            for (int j = 0; j < ncodes; j++)
                if (!done_code[j] && (c < 0 || strcmp(codes[j], codes[c]) < 0))
                    c = j;
            done_code[c] = 1;
            for (int no = 1; no <= ITEM_MAX; no++) {
                int64_t *x = cnt[c][no];
                if (!(x[0] | x[1] | x[2] | x[3]))
                    continue;
                if (pass) {
                    struct rptdb_item *it = &s->items[n];
                    it->checklist = arena_strdup(ar, codes[c]);
                    it->item_no = no;
                    it->conform = x[0];
                    it->nonconform = x[1];
                    it->defect = x[2];
                    it->na = x[3];
                }
                n++;
            }
        }
        if (!pass) {
            s->items = arena_alloc(ar, sizeof *s->items * (size_t)(n > 0 ? n : 1));
            if (!s->items) {
                ms_free(cnt);
                return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            }
        }
        s->nitems = n;
    }
    ms_free(cnt);
    return MS_OK;
}

static int q_fields(store *db, int64_t cid, const char *pattern, arena *ar, struct work *w,
                    struct rptdb_summary *s, ms_err *err)
{
    store_stmt *st = prep(db, SQL_INSP_STDS, NULL, cid, pattern, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t id = store_col_int(st, 0);
        int done_ = strcmp(store_col_text(st, 1), "completed") == 0;
        const char *c = store_col_text(st, 2);
        int nonc = done_ && c && (strcmp(c, "rectify") == 0 || strcmp(c, "fail") == 0);
        int fi = field_index(store_col_text(st, 3));
        int bits = sector_bits(store_col_text(st, 4));
        if (fi >= 0 && w->field_last[fi] != id) {
            w->field_last[fi] = id;
            w->field[fi].inspections++;
            w->field[fi].completed += done_;
            w->field[fi].nonconforming += nonc;
        }
        for (int k = 0; k < MODEL_SECTOR_COUNT; k++)
            if ((bits & (1 << k)) && w->sector_last[k] != id) {
                w->sector_last[k] = id;
                s->sectors[k].inspections++;
                s->sectors[k].completed += done_;
                s->sectors[k].nonconforming += nonc;
            }
    }
    if ((rc = done(st, rc, err)) != MS_OK)
        return rc;
    s->fields = arena_alloc(ar, sizeof *s->fields * 100);
    if (!s->fields)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int k = 0; k < 100; k++) {
        struct rptdb_field *f = &w->field[k];
        if (!f->standards && !f->inspections)
            continue;
        s->fields[s->nfields] = *f;
        s->fields[s->nfields].field = arena_printf(ar, "%02d", k);
        s->nfields++;
        s->fields_in_scope += f->standards > 0;
        s->fields_covered += f->standards > 0 && f->inspections > 0;
    }
    return MS_OK;
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
    struct work *w = ms_calloc(1, sizeof *w);
    char pattern[200];
    int rc;

    memset(out, 0, sizeof *out);
    if (!w)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    snprintf(pattern, sizeof pattern, "%s%%", path);
    if ((rc = q_scope(db, pattern, w, out, err)) == MS_OK &&
        (rc = q_selfchecks(db, campaign_id, w, out, err)) == MS_OK &&
        (rc = q_draws(db, campaign_id, pattern, out, err)) == MS_OK &&
        (rc = q_inspections(db, campaign_id, pattern, today, out, err)) == MS_OK &&
        (rc = q_items(db, campaign_id, pattern, ar, out, err)) == MS_OK &&
        (rc = q_fields(db, campaign_id, pattern, ar, w, out, err)) == MS_OK &&
        (rc = q_findings(db, campaign_id, pattern, today, out, err)) == MS_OK)
        rc = q_dispositions(db, campaign_id, pattern, ar, out, err);
    ms_free(w->unit);
    ms_free(w);
    return rc;
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
