/* risk.c - the risk ranking of units (风险预警) for the next campaign (see
 * cases.h, core/risk.h and docs/risk.md). */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/risk.h"
#include "service/cases.h"

#define LIMIT_DEFAULT 50
#define LIMIT_MAX     500
#define EXPIRY_DAYS   180 /* renewal is due 6 months before expiry */

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

/* A scored unit: its score and its index in the rows. */
struct scored {
    int score;
    int idx;
    int64_t unit_id;
};

static int cmp_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

int risk_list(store *db, const ms_actor *who, int64_t authority_id, int limit, const char *as_of,
              arena *ar, struct risk_row **items, int *n, int64_t *total, ms_err *err)
{
    struct casedb_risk_row *rows;
    struct scored *sc_rows;
    struct risk_row *out;
    struct store_scope sc;
    struct ms_authority a;
    char today[DATE_LEN + 1], since[DATE_LEN + 1], until[DATE_LEN + 1];
    ms_date d;
    int nrows, m = 0, rc;

    *items = NULL;
    *n = 0;
    *total = 0;
    if (!is_role(who, "system") && !is_role(who, "authority"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (limit < 0 || limit > LIMIT_MAX)
        return ms_failf(err, MS_EINVAL, "limit", "invalid_int", "%d", limit);
    if (!limit)
        limit = LIMIT_DEFAULT;
    if (!as_of) {
        svc_today(today);
        as_of = today;
    }
    if ((rc = date_parse(as_of, &d, "as_of", err)) != MS_OK)
        return rc;
    date_format(date_add_months(d, -24), since);
    date_format(date_add_days(d, EXPIRY_DAYS), until);
    if (!authority_id)
        authority_id = is_role(who, "authority") ? who->authority_id : 0;
    svc_scope(who, &sc);
    if (authority_id) {
        rc = reg_authority_get(db, &sc, authority_id, ar, &a, err);
        if (rc == MS_ENOTFOUND)
            return ms_failf(err, MS_ENOTFOUND, "authority_id", "unknown_authority", "%lld",
                            (long long)authority_id);
        if (rc != MS_OK)
            return rc;
    } else if ((rc = casedb_authority_root(db, &authority_id, err)) != MS_OK ||
               (authority_id &&
                (rc = reg_authority_get(db, NULL, authority_id, ar, &a, err)) != MS_OK)) {
        return rc;
    } else if (!authority_id) {
        return MS_OK; /* an empty registry */
    }
    if ((rc = casedb_risk_rows(db, a.path, as_of, since, until, ar, &rows, &nrows, err)) != MS_OK)
        return rc;
    /* Score every unit without its reasons, sort the small records, and
     * build the rows (with reasons) of the first LIMIT only. */
    if (!(sc_rows = malloc(sizeof *sc_rows * (size_t)(nrows ? nrows : 1))))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int i = 0; i < nrows; i++) {
        int score = risk_score(rows[i].counts, NULL, NULL);
        if (score <= 0)
            continue;
        sc_rows[m].score = score;
        sc_rows[m].idx = i;
        sc_rows[m++].unit_id = rows[i].unit_id;
    }
    qsort(sc_rows, (size_t)m, sizeof *sc_rows, cmp_score);
    *total = m;
    *n = m < limit ? m : limit;
    if (!(out = arena_alloc(ar, sizeof *out * (size_t)(*n ? *n : 1)))) {
        free(sc_rows);
        *n = 0;
        *total = 0;
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    for (int k = 0; k < *n; k++) {
        const struct casedb_risk_row *x = &rows[sc_rows[k].idx];
        struct risk_row *r = &out[k];
        r->score = risk_score(x->counts, r->reasons, &r->nreasons);
        r->unit_id = x->unit_id;
        r->authority_id = x->authority_id;
        r->uscc = x->uscc;
        r->name = x->name;
        r->credit_class = x->credit_class;
    }
    free(sc_rows);
    *items = out;
    return MS_OK;
}
