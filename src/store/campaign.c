/* campaign.c - SQL of campaigns and self-inspection reports (see
 * campaign.h). */
#include <stdio.h>
#include <string.h>

#include "store/campaign.h"
#include "store/reg_int.h"

/* ------------------------------------------------------------- campaigns */

#define CAMP_COLS                                                                                  \
    "c.id, c.name, c.year, c.unit_rate, c.authority_rate, c.self_check_due, c.onsite_from,"        \
    " c.onsite_to, c.rectify_from, c.rectify_to, c.summary_from, c.summary_to,"                    \
    " c.template_standard, c.template_assessment, c.authority_id, ca.code, ca.name, ca.path,"      \
    " c.status, c.created_at, c.updated_at"

/* Visibility of a campaign (alias c, its authority ca): the caller's
 * authority path (3 params: path, path%, path), then the unit id (3). */
#define CAMP_SCOPE                                                                                 \
    " (CAST(? AS TEXT) IS NULL OR ca.path LIKE ? OR CAST(? AS TEXT) LIKE (ca.path || '%'))"        \
    " AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM units su JOIN authorities sua"       \
    " ON sua.id = su.authority_id WHERE su.id = ? AND sua.path LIKE (ca.path || '%'))"             \
    " OR EXISTS (SELECT 1 FROM standards ss JOIN authorities ssa ON ssa.id = ss.cert_authority_id" \
    " WHERE ss.unit_id = ? AND ssa.path LIKE (ca.path || '%'))) "

static const char SQL_CAMP_INSERT[] =
    "INSERT INTO campaigns (name, year, unit_rate, authority_rate, self_check_due, onsite_from,"
    " onsite_to, rectify_from, rectify_to, summary_from, summary_to, template_standard,"
    " template_assessment, status, authority_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_CAMP_UPDATE[] =
    "UPDATE campaigns SET name = ?, year = ?, unit_rate = ?, authority_rate = ?,"
    " self_check_due = ?, onsite_from = ?, onsite_to = ?, rectify_from = ?, rectify_to = ?,"
    " summary_from = ?, summary_to = ?, template_standard = ?, template_assessment = ?,"
    " status = ?, updated_at = ? WHERE id = ?";
static const char SQL_CAMP_GET[] = "SELECT " CAMP_COLS " FROM campaigns c JOIN authorities ca"
                                   " ON ca.id = c.authority_id WHERE c.id = ? AND" CAMP_SCOPE;
#define CAMP_LIST_WHERE                                                                            \
    " FROM campaigns c JOIN authorities ca ON ca.id = c.authority_id WHERE" CAMP_SCOPE             \
    " AND (CAST(? AS BIGINT) IS NULL OR c.year = ?)"                                               \
    " AND (CAST(? AS BIGINT) IS NULL OR c.authority_id = ?)"
static const char SQL_CAMP_LIST[] =
    "SELECT " CAMP_COLS CAMP_LIST_WHERE " ORDER BY c.year DESC, c.id DESC LIMIT ? OFFSET ?";
static const char SQL_CAMP_COUNT[] = "SELECT count(*)" CAMP_LIST_WHERE;

static void camp_read(store_stmt *st, arena *ar, struct ms_campaign *c)
{
    c->id = store_col_int(st, 0);
    c->name = reg_dup(ar, st, 1);
    c->year = (int)store_col_int(st, 2);
    c->unit_rate = store_col_double(st, 3);
    c->authority_rate = store_col_double(st, 4);
    c->self_check_due = reg_dup(ar, st, 5);
    c->onsite_from = reg_dup(ar, st, 6);
    c->onsite_to = reg_dup(ar, st, 7);
    c->rectify_from = reg_dup(ar, st, 8);
    c->rectify_to = reg_dup(ar, st, 9);
    c->summary_from = reg_dup(ar, st, 10);
    c->summary_to = reg_dup(ar, st, 11);
    c->template_standard = reg_dup(ar, st, 12);
    c->template_assessment = reg_dup(ar, st, 13);
    c->authority_id = store_col_int(st, 14);
    c->authority_code = reg_dup(ar, st, 15);
    c->authority_name = reg_dup(ar, st, 16);
    c->authority_path = reg_dup(ar, st, 17);
    c->status = reg_dup(ar, st, 18);
    c->created_at = reg_dup(ar, st, 19);
    c->updated_at = reg_dup(ar, st, 20);
}

/* Parameters 1..14 shared by insert and update. */
static void camp_bind(store_stmt *st, const struct ms_campaign *c)
{
    store_bind_text(st, 1, c->name);
    store_bind_int(st, 2, c->year);
    store_bind_double(st, 3, c->unit_rate);
    store_bind_double(st, 4, c->authority_rate);
    store_bind_text(st, 5, c->self_check_due);
    store_bind_text(st, 6, c->onsite_from);
    store_bind_text(st, 7, c->onsite_to);
    store_bind_text(st, 8, c->rectify_from);
    store_bind_text(st, 9, c->rectify_to);
    store_bind_text(st, 10, c->summary_from);
    store_bind_text(st, 11, c->summary_to);
    store_bind_text(st, 12, c->template_standard ? c->template_standard : "A1");
    store_bind_text(st, 13, c->template_assessment ? c->template_assessment : "A2");
    store_bind_text(st, 14, c->status ? c->status : "active");
}

static int camp_write_fail(const struct ms_campaign *c, ms_err *err)
{
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "name", "duplicate", c->name);
    if (err && strcmp(err->key, "db_fk") == 0)
        return ms_failf(err, MS_EINVAL, "authority_id", "unknown_authority", "%lld",
                        (long long)c->authority_id);
    return reg_step_fail(err);
}

/* CAMP_SCOPE from IDX; returns the next index. */
static int camp_bind_scope(store_stmt *st, int idx, const struct store_scope *sc, char *buf,
                           size_t size)
{
    const char *path = sc ? sc->authority_path : NULL;
    int64_t unit = sc ? sc->unit_id : 0;

    if (path) {
        snprintf(buf, size, "%s%%", path);
        store_bind_text(st, idx, path);
        store_bind_text(st, idx + 1, buf);
        store_bind_text(st, idx + 2, path);
    } else {
        for (int i = 0; i < 3; i++)
            store_bind_null(st, idx + i);
    }
    for (int i = 3; i < 6; i++) {
        if (unit)
            store_bind_int(st, idx + i, unit);
        else
            store_bind_null(st, idx + i);
    }
    return idx + 6;
}

int campdb_campaign_insert(store *db, struct ms_campaign *c, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CAMP_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    camp_bind(st, c);
    store_bind_int(st, 15, c->authority_id);
    store_bind_text(st, 16, now);
    store_bind_text(st, 17, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        c->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : camp_write_fail(c, err);
}

int campdb_campaign_update(store *db, const struct ms_campaign *c, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CAMP_UPDATE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    camp_bind(st, c);
    store_bind_text(st, 15, now);
    store_bind_int(st, 16, c->id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : camp_write_fail(c, err);
}

int campdb_campaign_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                        struct ms_campaign *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CAMP_GET, err);
    char buf[200];
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    camp_bind_scope(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        camp_read(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int camp_bind_list(store_stmt *st, const struct store_scope *sc,
                          const struct campdb_filter *f, char *buf, size_t size)
{
    int i = camp_bind_scope(st, 1, sc, buf, size);

    i = reg_bind_opt_int(st, i, f ? f->year : 0);
    return reg_bind_opt_int(st, i, f ? f->authority_id : 0);
}

int campdb_campaign_list(store *db, const struct store_scope *sc, const struct campdb_filter *f,
                         const struct store_page *pg, arena *ar, struct ms_campaign **items, int *n,
                         int64_t *total, ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc, idx, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *total = 0;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    st = store_prepare(db, SQL_CAMP_COUNT, err);
    if (!st)
        return reg_step_fail(err);
    camp_bind_list(st, sc, f, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *total = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if (!*total)
        return MS_OK;
    st = store_prepare(db, SQL_CAMP_LIST, err);
    if (!st)
        return reg_step_fail(err);
    idx = camp_bind_list(st, sc, f, buf, sizeof buf);
    reg_page_bind(st, idx, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        camp_read(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* ------------------------------------------------------- self-inspection */

#define SC_COLS                                                                                    \
    "id, campaign_id, unit_id, status, answers, problems, measures, submitted_at, late,"           \
    " submitted_by, created_at, updated_at"

static const char SQL_SC_GET[] =
    "SELECT " SC_COLS " FROM self_checks WHERE campaign_id = ? AND unit_id = ?";
static const char SQL_SC_INSERT[] =
    "INSERT INTO self_checks (campaign_id, unit_id, status, answers, problems, measures, late,"
    " created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, 0, ?, ?) RETURNING id";
static const char SQL_SC_UPDATE[] =
    "UPDATE self_checks SET answers = ?, problems = ?, measures = ?, updated_at = ?"
    " WHERE id = ? AND status = 'draft'";
static const char SQL_SC_SUBMIT[] =
    "UPDATE self_checks SET status = 'submitted', submitted_at = ?, late = ?, submitted_by = ?,"
    " updated_at = ? WHERE id = ? AND status = 'draft'";

/* The units of a campaign: supervised or certified within its authority's
 * subtree (2 params: the path pattern twice). */
#define SC_IN_CAMPAIGN                                                                             \
    " (ua.path LIKE ? OR EXISTS (SELECT 1 FROM standards cs JOIN authorities csa"                  \
    " ON csa.id = cs.cert_authority_id WHERE cs.unit_id = u.id AND csa.path LIKE ?)) "
/* Overview: campaign id, the campaign pattern (2), then REG_SCOPE_UNIT (5). */
#define SC_OV_FROM                                                                                 \
    " FROM units u JOIN authorities ua ON ua.id = u.authority_id"                                  \
    " LEFT JOIN self_checks sc ON sc.campaign_id = ? AND sc.unit_id = u.id"                        \
    " WHERE u.status = 'active' AND" SC_IN_CAMPAIGN                                                \
    " AND (sc.id IS NOT NULL OR EXISTS (SELECT 1 FROM standards s2 WHERE s2.unit_id = u.id"        \
    " AND s2.status = 'active')) AND" REG_SCOPE_UNIT
static const char SQL_SC_OV_LIST[] =
    "SELECT u.id, u.uscc, u.name, u.authority_id, sc.id, coalesce(sc.status, 'none'),"
    " coalesce(sc.late, 0), sc.submitted_at, sc.updated_at" SC_OV_FROM
    " AND (CAST(? AS TEXT) IS NULL OR coalesce(sc.status, 'none') = ?)"
    " ORDER BY u.id LIMIT ? OFFSET ?";
static const char SQL_SC_OV_COUNTS[] =
    "SELECT coalesce(sc.status, 'none'), count(*), coalesce(sum(sc.late), 0)" SC_OV_FROM
    " GROUP BY coalesce(sc.status, 'none')";
static const char SQL_UNIT_IN_CAMPAIGN[] = "SELECT 1 FROM units u JOIN authorities ua ON ua.id = "
                                           "u.authority_id WHERE u.id = ? AND" SC_IN_CAMPAIGN;
static const char SQL_UNIT_STANDARDS[] = "SELECT id, cert_no, name FROM standards"
                                         " WHERE unit_id = ? AND status = 'active' ORDER BY id";

static void sc_read(store_stmt *st, arena *ar, struct ms_selfcheck *s)
{
    s->id = store_col_int(st, 0);
    s->campaign_id = store_col_int(st, 1);
    s->unit_id = store_col_int(st, 2);
    s->status = reg_dup(ar, st, 3);
    s->answers = reg_dup(ar, st, 4);
    s->problems = reg_dup(ar, st, 5);
    s->measures = reg_dup(ar, st, 6);
    s->submitted_at = reg_dup(ar, st, 7);
    s->late = (int)store_col_int(st, 8);
    s->submitted_by = reg_dup(ar, st, 9);
    s->created_at = reg_dup(ar, st, 10);
    s->updated_at = reg_dup(ar, st, 11);
}

int campdb_selfcheck_get(store *db, int64_t campaign_id, int64_t unit_id, arena *ar,
                         struct ms_selfcheck *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SC_GET, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, campaign_id);
    store_bind_int(st, 2, unit_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        sc_read(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "unit_id", "not_found", "%lld", (long long)unit_id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int campdb_selfcheck_insert(store *db, struct ms_selfcheck *s, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SC_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, s->campaign_id);
    store_bind_int(st, 2, s->unit_id);
    store_bind_text(st, 3, s->answers ? s->answers : "[]");
    store_bind_text(st, 4, s->problems);
    store_bind_text(st, 5, s->measures);
    store_bind_text(st, 6, now);
    store_bind_text(st, 7, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        s->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

/* Run an UPDATE guarded by status = 'draft': no row changed is a conflict. */
static int draft_update(store_stmt *st, ms_err *err)
{
    int rc = store_step(st, err);
    int64_t changed = store_changes(st);

    store_reset(st);
    if (rc != STORE_DONE)
        return reg_step_fail(err);
    return changed == 1 ? MS_OK : ms_fail(err, MS_ECONFLICT, "status", "selfcheck_submitted", "");
}

int campdb_selfcheck_update(store *db, const struct ms_selfcheck *s, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SC_UPDATE, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, s->answers ? s->answers : "[]");
    store_bind_text(st, 2, s->problems);
    store_bind_text(st, 3, s->measures);
    store_bind_text(st, 4, now);
    store_bind_int(st, 5, s->id);
    return draft_update(st, err);
}

int campdb_selfcheck_submit(store *db, int64_t id, const char *at, int late, const char *by,
                            ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SC_SUBMIT, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, at);
    store_bind_int(st, 2, late ? 1 : 0);
    store_bind_text(st, 3, by);
    store_bind_text(st, 4, at);
    store_bind_int(st, 5, id);
    return draft_update(st, err);
}

/* SC_OV_FROM's parameters from 1; returns the next index. */
static int ov_bind(store_stmt *st, int64_t campaign_id, const char *pattern,
                   const struct store_scope *sc, char *buf, size_t size)
{
    int i = 1;

    store_bind_int(st, i++, campaign_id);
    store_bind_text(st, i++, pattern);
    store_bind_text(st, i++, pattern);
    if (sc && sc->authority_path) {
        snprintf(buf, size, "%s%%", sc->authority_path);
        for (int k = 0; k < 3; k++)
            store_bind_text(st, i++, buf);
    } else {
        for (int k = 0; k < 3; k++)
            store_bind_null(st, i++);
    }
    return reg_bind_scope_unit(st, i, sc);
}

static int ov_counts(store *db, int64_t campaign_id, const char *pattern,
                     const struct store_scope *sc, struct campdb_overview_counts *c, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SC_OV_COUNTS, err);
    char buf[200];
    int rc;

    memset(c, 0, sizeof *c);
    if (!st)
        return reg_step_fail(err);
    ov_bind(st, campaign_id, pattern, sc, buf, sizeof buf);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *s = store_col_text(st, 0);
        int64_t k = store_col_int(st, 1);
        if (strcmp(s, "submitted") == 0)
            c->submitted = k;
        else if (strcmp(s, "draft") == 0)
            c->draft = k;
        else
            c->none = k;
        c->late += store_col_int(st, 2);
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int campdb_selfcheck_overview(store *db, int64_t campaign_id, const char *campaign_path,
                              const struct store_scope *sc, const char *status,
                              const struct store_page *pg, arena *ar,
                              struct campdb_overview_row **items, int *n, int64_t *total,
                              struct campdb_overview_counts *counts, ms_err *err)
{
    struct campdb_overview_counts c;
    char pattern[200], buf[200];
    store_stmt *st;
    int rc, idx, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *total = 0;
    *items = arena_alloc(ar, sizeof **items * (size_t)cap);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    snprintf(pattern, sizeof pattern, "%s%%", campaign_path);
    if ((rc = ov_counts(db, campaign_id, pattern, sc, &c, err)) != MS_OK)
        return rc;
    if (counts)
        *counts = c;
    if (!status || !*status)
        *total = c.none + c.draft + c.submitted;
    else
        *total = strcmp(status, "none") == 0    ? c.none
                 : strcmp(status, "draft") == 0 ? c.draft
                                                : c.submitted;
    if (!*total)
        return MS_OK;
    st = store_prepare(db, SQL_SC_OV_LIST, err);
    if (!st)
        return reg_step_fail(err);
    idx = ov_bind(st, campaign_id, pattern, sc, buf, sizeof buf);
    idx = reg_bind_opt_text(st, idx, status);
    reg_page_bind(st, idx, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap) {
        struct campdb_overview_row *r = &(*items)[(*n)++];
        r->unit_id = store_col_int(st, 0);
        r->uscc = reg_dup(ar, st, 1);
        r->unit_name = reg_dup(ar, st, 2);
        r->authority_id = store_col_int(st, 3);
        r->selfcheck_id = store_col_int(st, 4);
        r->status = reg_dup(ar, st, 5);
        r->late = (int)store_col_int(st, 6);
        r->submitted_at = reg_dup(ar, st, 7);
        r->updated_at = reg_dup(ar, st, 8);
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int campdb_unit_in_campaign(store *db, const char *campaign_path, int64_t unit_id, int *yes,
                            ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UNIT_IN_CAMPAIGN, err);
    char pattern[200];
    int rc;

    *yes = 0;
    if (!st)
        return reg_step_fail(err);
    snprintf(pattern, sizeof pattern, "%s%%", campaign_path);
    store_bind_int(st, 1, unit_id);
    store_bind_text(st, 2, pattern);
    store_bind_text(st, 3, pattern);
    rc = store_step(st, err);
    *yes = rc == STORE_ROW;
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int campdb_unit_standards(store *db, int64_t unit_id, arena *ar, struct campdb_standard **items,
                          int *n, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_UNIT_STANDARDS, err);
    struct campdb_standard *v;
    int rc = STORE_DONE, cap = 16;

    *n = 0;
    *items = NULL;
    if (!st)
        return reg_step_fail(err);
    v = arena_alloc(ar, sizeof *v * (size_t)cap);
    store_bind_int(st, 1, unit_id);
    while (v && (rc = store_step(st, err)) == STORE_ROW) {
        if (*n == cap) {
            struct campdb_standard *nv = arena_alloc(ar, sizeof *v * (size_t)cap * 2);
            if (nv)
                memcpy(nv, v, sizeof *v * (size_t)cap);
            v = nv;
            cap *= 2;
            if (!v)
                break;
        }
        v[*n].id = store_col_int(st, 0);
        v[*n].cert_no = reg_dup(ar, st, 1);
        v[*n].name = reg_dup(ar, st, 2);
        (*n)++;
    }
    store_reset(st);
    if (!v)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    *items = v;
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
