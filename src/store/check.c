/* check.c - SQL of technical checks and their findings (see check.h). */
#include <stdio.h>
#include <string.h>

#include "store/check.h"
#include "store/reg_int.h"

#define CHECK_COLS                                                                                 \
    "c.id, c.standard_id, c.unit_id, c.authority_id, c.kind, c.method, c.rule_set,"                \
    " c.rule_version, c.data, c.result, c.verdict, c.inspection_id, c.campaign_id,"                \
    " c.created_by, c.created_at,"                                                                 \
    " (SELECT f.id FROM findings f WHERE f.check_id = c.id AND f.source = 'check')"

static const char SQL_INSERT[] =
    "INSERT INTO checks (standard_id, unit_id, authority_id, kind, method, rule_set,"
    " rule_version, data, result, verdict, inspection_id, campaign_id, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_GET[] = "SELECT " CHECK_COLS " FROM checks c WHERE c.id = ?";
#define LIST_WHERE                                                                                 \
    " FROM checks c WHERE c.standard_id = ?"                                                       \
    " AND (CAST(? AS TEXT) IS NULL OR c.kind = ?)"                                                 \
    " AND (CAST(? AS TEXT) IS NULL OR c.verdict = ?)"
static const char SQL_LIST[] =
    "SELECT " CHECK_COLS LIST_WHERE " ORDER BY c.id DESC LIMIT ? OFFSET ?";
static const char SQL_COUNT[] = "SELECT count(*)" LIST_WHERE;
static const char SQL_CAMPAIGN_OF[] =
    "SELECT i.id, i.campaign_id, cp.rectify_to FROM inspection_standards x"
    " JOIN inspections i ON i.id = x.inspection_id"
    " JOIN campaigns cp ON cp.id = i.campaign_id"
    " WHERE x.standard_id = ? AND cp.status = 'active' AND i.status <> 'cancelled'"
    " ORDER BY cp.id DESC, i.id DESC LIMIT 1";
static const char SQL_FINDING_INSERT[] =
    "INSERT INTO findings (source, check_id, inspection_id, campaign_id, authority_id, unit_id,"
    " standard_id, severity, description, deadline, status, created_at, updated_at)"
    " VALUES ('check', ?, ?, ?, ?, ?, ?, 'nonconform', ?, ?, 'open', ?, ?) RETURNING id";
static const char SQL_FINDING_COUNT[] =
    "SELECT count(*) FROM findings WHERE check_id = ? AND source = 'check'";

static void bind_opt_id(store_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        store_bind_int(st, idx, v);
    else
        store_bind_null(st, idx);
}

static void read_row(store_stmt *st, arena *ar, struct ms_check *c)
{
    memset(c, 0, sizeof *c);
    c->id = store_col_int(st, 0);
    c->standard_id = store_col_int(st, 1);
    c->unit_id = store_col_int(st, 2);
    c->authority_id = store_col_int(st, 3);
    c->kind = reg_dup(ar, st, 4);
    c->method = reg_dup(ar, st, 5);
    c->rule_set = reg_dup(ar, st, 6);
    c->rule_version = reg_dup(ar, st, 7);
    c->data = reg_dup(ar, st, 8);
    c->result = reg_dup(ar, st, 9);
    c->verdict = reg_dup(ar, st, 10);
    c->inspection_id = store_col_int(st, 11);
    c->campaign_id = store_col_int(st, 12);
    c->created_by = reg_dup(ar, st, 13);
    c->created_at = reg_dup(ar, st, 14);
    c->finding_id = store_col_int(st, 15);
}

int checkdb_insert(store *db, struct ms_check *c, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, c->standard_id);
    store_bind_int(st, 2, c->unit_id);
    store_bind_int(st, 3, c->authority_id);
    store_bind_text(st, 4, c->kind);
    store_bind_text(st, 5, c->method);
    store_bind_text(st, 6, c->rule_set);
    store_bind_text(st, 7, c->rule_version);
    store_bind_text(st, 8, c->data);
    store_bind_text(st, 9, c->result);
    store_bind_text(st, 10, c->verdict);
    bind_opt_id(st, 11, c->inspection_id);
    bind_opt_id(st, 12, c->campaign_id);
    store_bind_text(st, 13, c->created_by);
    store_bind_text(st, 14, c->created_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        c->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int checkdb_get(store *db, int64_t id, arena *ar, struct ms_check *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_GET, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        read_row(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static void bind_filters(store_stmt *st, int64_t standard_id, const char *kind, const char *verdict)
{
    store_bind_int(st, 1, standard_id);
    reg_bind_opt_text(st, 2, kind);
    reg_bind_opt_text(st, 4, verdict);
}

int checkdb_list(store *db, int64_t standard_id, const char *kind, const char *verdict,
                 const struct store_page *pg, arena *ar, struct ms_check **items, int *n,
                 int64_t *total, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COUNT, err);
    int rc, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *items = NULL;
    *n = 0;
    if (!st)
        return reg_step_fail(err);
    bind_filters(st, standard_id, kind, verdict);
    rc = store_step(st, err);
    *total = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    if (!(st = store_prepare(db, SQL_LIST, err)))
        return reg_step_fail(err);
    *items = arena_alloc(ar, (size_t)cap * sizeof **items);
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    bind_filters(st, standard_id, kind, verdict);
    reg_page_bind(st, 6, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        read_row(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int checkdb_campaign_of(store *db, int64_t standard_id, arena *ar, int64_t *inspection_id,
                        int64_t *campaign_id, const char **rectify_to, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_CAMPAIGN_OF, err);
    int rc;

    *inspection_id = *campaign_id = 0;
    *rectify_to = NULL;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, standard_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        *inspection_id = store_col_int(st, 0);
        *campaign_id = store_col_int(st, 1);
        *rectify_to = reg_dup(ar, st, 2);
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int checkdb_finding_insert(store *db, const struct checkdb_finding *f, int64_t *id, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_FINDING_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, f->check_id);
    bind_opt_id(st, 2, f->inspection_id);
    bind_opt_id(st, 3, f->campaign_id);
    store_bind_int(st, 4, f->authority_id);
    bind_opt_id(st, 5, f->unit_id);
    bind_opt_id(st, 6, f->standard_id);
    store_bind_text(st, 7, f->description);
    store_bind_text(st, 8, f->deadline);
    store_bind_text(st, 9, f->now);
    store_bind_text(st, 10, f->now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int64_t checkdb_finding_count(store *db, int64_t check_id, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_FINDING_COUNT, err);
    int64_t n = -1;

    if (!st)
        return -1;
    store_bind_int(st, 1, check_id);
    if (store_step(st, err) == STORE_ROW)
        n = store_col_int(st, 0);
    store_reset(st);
    return n;
}
