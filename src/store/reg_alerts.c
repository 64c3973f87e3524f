/* reg_alerts.c - registry alerts and the summary counts. */
#include <stdio.h>
#include <string.h>

#include "store/reg_int.h"

#define STD_FROM                                                                                   \
    " FROM standards s JOIN authorities ca ON ca.id = s.cert_authority_id JOIN units u ON u.id = " \
    "s.unit_id WHERE"

/* Kind 0: certificates expiring in [as_of, until). */
#define W_EXPIRING                                                                                 \
    STD_FROM REG_SCOPE("ca", "s.unit_id") " AND s.status IN ('active','sealed') AND "              \
                                          "s.cert_expires_on >= ? AND s.cert_expires_on < ?"
/* Kind 1: certificates already expired but still marked active or sealed. */
#define W_EXPIRED                                                                                  \
    STD_FROM REG_SCOPE("ca", "s.unit_id") " AND s.status IN ('active','sealed') AND "              \
                                          "s.cert_expires_on < ? AND CAST(? AS TEXT) IS NOT NULL"
/* Kind 2: apparatus of active standards past due or never calibrated. */
#define W_OVERDUE                                                                                  \
    " FROM apparatus p JOIN standards s ON s.id = p.standard_id"                                   \
    " JOIN authorities ca ON ca.id = s.cert_authority_id JOIN units u ON u.id = s.unit_id "        \
    "WHERE" REG_SCOPE("ca", "s.unit_id") " AND s.status = 'active' AND (p.calibrated_on IS NULL "  \
                                         "OR p.due_on IS NULL OR p.due_on < ?)"                    \
                                         " AND CAST(? AS TEXT) IS NOT NULL"
/* Kind 3: active standards with fewer than two staff qualified on as_of. */
#define W_UNDERSTAFFED                                                                             \
    STD_FROM REG_SCOPE("ca",                                                                       \
                       "s.unit_id") " AND s.status = 'active' AND (SELECT count(*) FROM "          \
                                    "personnel q WHERE q.standard_id = s.id"                       \
                                    " AND q.valid_until >= ?) < 2 AND CAST(? AS TEXT) IS NOT NULL"

#define ROWS(W, DATE, DETAIL, ORDER)                                                               \
    "SELECT s.id, s.name, s.cert_no, u.id, u.name, " DATE ", " DETAIL W " ORDER BY " ORDER         \
    " LIMIT ?"

static const char *const SQL_ROWS[4] = {
    ROWS(W_EXPIRING, "s.cert_expires_on", "NULL", "s.cert_expires_on, s.id"),
    ROWS(W_EXPIRED, "s.cert_expires_on", "NULL", "s.cert_expires_on, s.id"),
    ROWS(W_OVERDUE, "p.due_on", "p.name", "p.due_on, p.id"),
    ROWS(W_UNDERSTAFFED, "NULL",
         "CAST((SELECT count(*) FROM personnel q WHERE q.standard_id = s.id AND q.valid_until >= "
         "?) AS TEXT)",
         "s.id"),
};
static const char *const SQL_COUNTS[4] = {
    "SELECT count(*)" W_EXPIRING,
    "SELECT count(*)" W_EXPIRED,
    "SELECT count(*)" W_OVERDUE,
    "SELECT count(*)" W_UNDERSTAFFED,
};
static const char *const KINDS[4] = {"cert_expiring", "cert_expired", "apparatus_overdue",
                                     "understaffed"};

int reg_alerts(store *db, const struct store_scope *sc, const char *as_of, const char *until,
               int max, arena *ar, struct reg_alert **items, int *n, int64_t counts[4], ms_err *err)
{
    char buf[200];
    int total_cap = 0, rc = STORE_DONE;

    *n = 0;
    *items = NULL;
    for (int k = 0; k < 4; k++) {
        store_stmt *st = store_prepare(db, SQL_COUNTS[k], err);
        int i;
        if (!st)
            return reg_step_fail(err);
        i = reg_bind_scope_unit(st, reg_bind_scope_path(st, 1, sc, buf, sizeof buf), sc);
        store_bind_text(st, i, as_of);
        store_bind_text(st, i + 1, until);
        rc = store_step(st, err);
        counts[k] = rc == STORE_ROW ? store_col_int(st, 0) : 0;
        store_reset(st);
        if (rc != STORE_ROW)
            return reg_step_fail(err);
        total_cap += (int)(max > 0 && counts[k] > max ? max : counts[k]);
    }
    *items = arena_alloc(ar, sizeof **items * (size_t)(total_cap + 1));
    if (!*items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int k = 0; k < 4; k++) {
        store_stmt *st = store_prepare(db, SQL_ROWS[k], err);
        int i = 1;
        if (!st)
            return reg_step_fail(err);
        if (k == 3)
            store_bind_text(st, i++, as_of); /* the staff count in the select list */
        i = reg_bind_scope_unit(st, reg_bind_scope_path(st, i, sc, buf, sizeof buf), sc);
        store_bind_text(st, i, as_of);
        store_bind_text(st, i + 1, until);
        store_bind_int(st, i + 2, max > 0 ? max : (int64_t)1 << 40);
        while ((rc = store_step(st, err)) == STORE_ROW && *n < total_cap) {
            struct reg_alert *a = &(*items)[(*n)++];
            a->kind = KINDS[k];
            a->standard_id = store_col_int(st, 0);
            a->standard_name = reg_dup(ar, st, 1);
            a->cert_no = reg_dup(ar, st, 2);
            a->unit_id = store_col_int(st, 3);
            a->unit_name = reg_dup(ar, st, 4);
            a->date = reg_dup(ar, st, 5);
            a->detail = reg_dup(ar, st, 6);
        }
        store_reset(st);
        if (rc == STORE_ERROR)
            return reg_step_fail(err);
    }
    return MS_OK;
}

/* ------------------------------------------------------------------ summary */

static const char SQL_SUM_STATUS[] =
    "SELECT s.status, count(*) FROM standards s JOIN authorities ca ON"
    " ca.id = s.cert_authority_id WHERE" REG_SCOPE("ca", "s.unit_id") " GROUP BY s.status";
static const char SQL_SUM_FIELD[] =
    "SELECT s.field, count(*) FROM standards s JOIN authorities ca ON"
    " ca.id = s.cert_authority_id WHERE" REG_SCOPE(
        "ca", "s.unit_id") " AND s.status = 'active' GROUP BY s.field";
static const char SQL_SUM_UNITS[] =
    "SELECT count(*) FROM units u JOIN authorities ua ON ua.id = u.authority_id WHERE"
    " (CAST(? AS TEXT) IS NULL OR ua.path LIKE ? OR EXISTS (SELECT 1 FROM standards ss"
    " JOIN authorities sa ON sa.id = ss.cert_authority_id WHERE ss.unit_id = u.id AND"
    " sa.path LIKE ?)) AND (CAST(? AS BIGINT) IS NULL OR u.id = ?)";
static const char SQL_SUM_AUTH[] =
    "SELECT count(*) FROM authorities a WHERE (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)";
static const char SQL_SUM_APP[] =
    "SELECT count(*) FROM apparatus p JOIN standards s ON s.id = p.standard_id JOIN authorities"
    " ca ON ca.id = s.cert_authority_id WHERE" REG_SCOPE("ca", "s.unit_id");
static const char SQL_SUM_PER[] =
    "SELECT count(*) FROM personnel p JOIN standards s ON s.id = p.standard_id JOIN authorities"
    " ca ON ca.id = s.cert_authority_id WHERE" REG_SCOPE("ca", "s.unit_id");
static const char SQL_SUM_INSP[] =
    "SELECT count(*) FROM inspectors i JOIN authorities a ON a.id = i.authority_id WHERE"
    " (CAST(? AS TEXT) IS NULL OR a.path LIKE ?)";
static const char SQL_SUM_COMPL[] =
    "SELECT count(*) FROM complaints c JOIN authorities a ON a.id = c.authority_id WHERE"
    " (CAST(? AS TEXT) IS NULL OR a.path LIKE ?) AND (CAST(? AS BIGINT) IS NULL OR c.unit_id = ?)";
static const char SQL_SUM_VIOL[] =
    "SELECT count(*) FROM violations v JOIN authorities a ON a.id = v.authority_id WHERE"
    " (CAST(? AS TEXT) IS NULL OR a.path LIKE ?) AND (CAST(? AS BIGINT) IS NULL OR v.unit_id = ?)";

static int count_scoped(store *db, const char *sql, const struct store_scope *sc, int path_binds,
                        int with_unit, int64_t *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, sql, err);
    char buf[200];
    int i = 1, rc;

    if (!st)
        return reg_step_fail(err);
    if (sc && sc->authority_path)
        snprintf(buf, sizeof buf, "%s%%", sc->authority_path);
    for (int k = 0; k < path_binds; k++)
        store_bind_text(st, i++, sc && sc->authority_path ? buf : NULL);
    if (with_unit)
        reg_bind_scope_unit(st, i, sc);
    rc = store_step(st, err);
    *out = rc == STORE_ROW ? store_col_int(st, 0) : 0;
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int reg_summary(store *db, const struct store_scope *sc, struct reg_summary *out, ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = count_scoped(db, SQL_SUM_AUTH, sc, 2, 0, &out->authorities, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_UNITS, sc, 3, 1, &out->units, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_APP, sc, 2, 1, &out->apparatus, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_PER, sc, 2, 1, &out->personnel, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_INSP, sc, 2, 0, &out->inspectors, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_COMPL, sc, 2, 1, &out->complaints, err)) != MS_OK ||
        (rc = count_scoped(db, SQL_SUM_VIOL, sc, 2, 1, &out->violations, err)) != MS_OK)
        return rc;
    st = store_prepare(db, SQL_SUM_STATUS, err);
    if (!st)
        return reg_step_fail(err);
    reg_bind_scope_unit(st, reg_bind_scope_path(st, 1, sc, buf, sizeof buf), sc);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *s = store_col_text(st, 0);
        int64_t c = store_col_int(st, 1);
        out->standards += c;
        if (strcmp(s, "active") == 0)
            out->active = c;
        else if (strcmp(s, "sealed") == 0)
            out->sealed = c;
        else if (strcmp(s, "revoked") == 0)
            out->revoked = c;
        else if (strcmp(s, "replaced") == 0)
            out->replaced = c;
        else if (strcmp(s, "expired") == 0)
            out->expired = c;
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    st = store_prepare(db, SQL_SUM_FIELD, err);
    if (!st)
        return reg_step_fail(err);
    reg_bind_scope_unit(st, reg_bind_scope_path(st, 1, sc, buf, sizeof buf), sc);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        const char *f = store_col_text(st, 0);
        if (f && f[0] >= '0' && f[0] <= '9' && f[1] >= '0' && f[1] <= '9')
            out->by_field[(f[0] - '0') * 10 + (f[1] - '0')] = store_col_int(st, 1);
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}
