/* draw.c - SQL of draws, their rosters, commitments, assignments and the
 * inspections they create (see draw.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/draw.h"
#include "store/reg_int.h"

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static void *arena_array(arena *ar, size_t n, size_t size)
{
    return arena_alloc(ar, (n ? n : 1) * size);
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const struct drawdb_key *)a)->key, ((const struct drawdb_key *)b)->key);
}

int64_t drawdb_key_find(const struct drawdb_key *keys, size_t n, const char *key)
{
    struct drawdb_key k = {.key = key};
    const struct drawdb_key *hit = key ? bsearch(&k, keys, n, sizeof *keys, key_cmp) : NULL;

    return hit ? hit->id : 0;
}

/* Run ST (bound) and read column 0 and 1 of its single row as integers. */
static int count2(store_stmt *st, int64_t *a, int64_t *b, ms_err *err)
{
    int rc = store_step(st, err);

    if (rc == STORE_ROW) {
        *a = store_col_int(st, 0);
        if (b)
            *b = store_col_int(st, 1);
    }
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

/* --------------------------------------------------------------- rosters */

#define ROSTER_WHERE                                                                               \
    " FROM standards s JOIN units u ON u.id = s.unit_id WHERE s.cert_authority_id = ?"             \
    " AND s.status = 'active' AND s.cert_issued_on <= ? AND s.cert_expires_on >= ?"                \
    " AND u.status = 'active'"

static const char SQL_ROSTER_COUNT[] = "SELECT count(*), count(DISTINCT s.unit_id)" ROSTER_WHERE;
static const char SQL_ROSTER_STD[] =
    "SELECT u.id, u.uscc, u.name, u.credit_class, s.id, s.cert_no, s.field, s.sectors" ROSTER_WHERE
    " ORDER BY u.id, s.id";
static const char SQL_ROSTER_COMPLAINTS[] =
    "SELECT c.unit_id, count(*) FROM complaints c WHERE c.received_on > ? AND c.received_on <= ?"
    " AND c.unit_id IN (SELECT s.unit_id" ROSTER_WHERE ") GROUP BY c.unit_id";
static const char SQL_ROSTER_SERIOUS[] =
    "SELECT DISTINCT v.unit_id FROM violations v WHERE v.severity = 'serious'"
    " AND v.decided_on > ? AND v.decided_on <= ? AND v.unit_id IN (SELECT s.unit_id" ROSTER_WHERE
    ")";

static void bind_roster(store_stmt *st, int idx, int64_t authority_id, const char *as_of)
{
    store_bind_int(st, idx, authority_id);
    store_bind_text(st, idx + 1, as_of);
    store_bind_text(st, idx + 2, as_of);
}

/* The focus-sector bits of a canonical comma-separated list. */
static unsigned sector_bits(const char *list)
{
    unsigned bits = 0;

    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
            if (strlen(model_sectors[i]) == n && strncmp(model_sectors[i], p, n) == 0)
                bits |= 1u << i;
        p += n + (p[n] == ',');
    }
    return bits;
}

static int64_t *find_id(int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return &ids[mid];
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Complaints (SERIOUS = 0) or serious violations (1) into the units of R,
 * whose ids are UIDS (ascending). */
static int roster_counts(store *db, int serious, int64_t authority_id, const char *as_of,
                         const char *from, struct draw_roster *r, int64_t *uids, ms_err *err)
{
    store_stmt *st = store_prepare(db, serious ? SQL_ROSTER_SERIOUS : SQL_ROSTER_COMPLAINTS, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, as_of);
    bind_roster(st, 3, authority_id, as_of);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t *hit = find_id(uids, r->n_units, store_col_int(st, 0));
        if (!hit)
            continue;
        if (serious)
            r->units[hit - uids].serious_violation = 1;
        else
            r->units[hit - uids].complaints_24m = store_col_int(st, 1);
    }
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int drawdb_roster_units(store *db, int64_t authority_id, const char *as_of, const char *from,
                        arena *ar, struct draw_roster *r, struct drawdb_ids *ids, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_ROSTER_COUNT, err);
    int64_t nstd = 0, nunit = 0, *uids = NULL;
    struct draw_standard *stds = NULL;
    size_t si = 0;
    int rc;

    if (!st)
        return reg_step_fail(err);
    bind_roster(st, 1, authority_id, as_of);
    if ((rc = count2(st, &nstd, &nunit, err)) != MS_OK)
        return rc;
    r->units = arena_array(ar, (size_t)nunit, sizeof *r->units);
    uids = arena_array(ar, (size_t)nunit, sizeof *uids);
    stds = arena_array(ar, (size_t)nstd, sizeof *stds);
    ids->units = arena_array(ar, (size_t)nunit, sizeof *ids->units);
    ids->standards = arena_array(ar, (size_t)nstd, sizeof *ids->standards);
    if (!r->units || !uids || !stds || !ids->units || !ids->standards)
        return oom(err);
    r->n_units = 0;
    if (!(st = store_prepare(db, SQL_ROSTER_STD, err)))
        return reg_step_fail(err);
    bind_roster(st, 1, authority_id, as_of);
    while ((rc = store_step(st, err)) == STORE_ROW && si < (size_t)nstd) {
        int64_t uid = store_col_int(st, 0);
        struct draw_unit *u = r->n_units ? &r->units[r->n_units - 1] : NULL;
        if (!u || uids[r->n_units - 1] != uid) {
            if (r->n_units == (size_t)nunit)
                break;
            u = &r->units[r->n_units];
            memset(u, 0, sizeof *u);
            uids[r->n_units] = uid;
            u->uscc = reg_dup(ar, st, 1);
            u->name = reg_dup(ar, st, 2);
            u->credit_class = store_col_is_null(st, 3) ? NULL : reg_dup(ar, st, 3);
            u->standards = &stds[si];
            ids->units[r->n_units] = (struct drawdb_key){u->uscc, uid};
            r->n_units++;
        }
        stds[si].cert_no = reg_dup(ar, st, 5);
        stds[si].field = reg_dup(ar, st, 6);
        stds[si].sectors = sector_bits(store_col_text(st, 7));
        ids->standards[si] = (struct drawdb_key){stds[si].cert_no, store_col_int(st, 4)};
        u->n_standards++;
        si++;
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    ids->n_units = r->n_units;
    ids->n_standards = si;
    if ((rc = roster_counts(db, 0, authority_id, as_of, from, r, uids, err)) != MS_OK ||
        (rc = roster_counts(db, 1, authority_id, as_of, from, r, uids, err)) != MS_OK)
        return rc;
    qsort(ids->units, ids->n_units, sizeof *ids->units, key_cmp);
    qsort(ids->standards, ids->n_standards, sizeof *ids->standards, key_cmp);
    r->kind = DRAW_UNITS;
    return MS_OK;
}

static const char SQL_SUBS_COUNT[] = "SELECT count(*) FROM authorities WHERE parent_id = ?";
static const char SQL_SUBS[] =
    "SELECT id, code, name FROM authorities WHERE parent_id = ? ORDER BY id";
static const char SQL_SUBS_COMPLAINTS[] =
    "SELECT c.authority_id, count(*) FROM complaints c JOIN authorities a"
    " ON a.id = c.authority_id WHERE a.parent_id = ? AND c.received_on > ?"
    " AND c.received_on <= ? GROUP BY c.authority_id";

int drawdb_roster_subs(store *db, int64_t authority_id, const char *as_of, const char *from,
                       arena *ar, struct draw_roster *r, struct drawdb_ids *ids, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_SUBS_COUNT, err);
    int64_t nsub = 0, *aids;
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    if ((rc = count2(st, &nsub, NULL, err)) != MS_OK)
        return rc;
    r->subs = arena_array(ar, (size_t)nsub, sizeof *r->subs);
    aids = arena_array(ar, (size_t)nsub, sizeof *aids);
    ids->units = arena_array(ar, (size_t)nsub, sizeof *ids->units);
    if (!r->subs || !aids || !ids->units)
        return oom(err);
    r->n_subs = 0;
    if (!(st = store_prepare(db, SQL_SUBS, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    while ((rc = store_step(st, err)) == STORE_ROW && r->n_subs < (size_t)nsub) {
        struct draw_sub *s = &r->subs[r->n_subs];
        aids[r->n_subs] = store_col_int(st, 0);
        s->code = reg_dup(ar, st, 1);
        s->name = reg_dup(ar, st, 2);
        s->complaints_24m = 0;
        ids->units[r->n_subs] = (struct drawdb_key){s->code, aids[r->n_subs]};
        r->n_subs++;
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    ids->n_units = r->n_subs;
    ids->standards = NULL;
    ids->n_standards = 0;
    if (!(st = store_prepare(db, SQL_SUBS_COMPLAINTS, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    store_bind_text(st, 2, from);
    store_bind_text(st, 3, as_of);
    while ((rc = store_step(st, err)) == STORE_ROW) {
        int64_t *hit = find_id(aids, r->n_subs, store_col_int(st, 0));
        if (hit)
            r->subs[hit - aids].complaints_24m = store_col_int(st, 1);
    }
    store_reset(st);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    qsort(ids->units, ids->n_units, sizeof *ids->units, key_cmp);
    r->kind = DRAW_AUTHORITIES;
    return MS_OK;
}

/* ----------------------------------------------------------- commitments */

static const char SQL_COMMIT_OPEN[] =
    "SELECT id, campaign_id, authority_id, kind, seed_sm3, created_by, created_at"
    " FROM draw_commitments WHERE campaign_id = ? AND authority_id = ? AND kind = ?"
    " AND draw_id IS NULL";
static const char SQL_COMMIT_INSERT[] =
    "INSERT INTO draw_commitments (campaign_id, authority_id, kind, seed_sm3, created_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_COMMIT_USE[] = "UPDATE draw_commitments SET draw_id = ? WHERE id = ?";

int drawdb_commitment_open(store *db, int64_t campaign_id, int64_t authority_id, const char *kind,
                           arena *ar, struct drawdb_commitment *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMMIT_OPEN, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, campaign_id);
    store_bind_int(st, 2, authority_id);
    store_bind_text(st, 3, kind);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        out->id = store_col_int(st, 0);
        out->campaign_id = store_col_int(st, 1);
        out->authority_id = store_col_int(st, 2);
        out->kind = reg_dup(ar, st, 3);
        out->seed_sm3 = reg_dup(ar, st, 4);
        out->draw_id = 0;
        out->created_by = reg_dup(ar, st, 5);
        out->created_at = reg_dup(ar, st, 6);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "", "not_found", NULL);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int drawdb_commitment_insert(store *db, struct drawdb_commitment *c, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMMIT_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, c->campaign_id);
    store_bind_int(st, 2, c->authority_id);
    store_bind_text(st, 3, c->kind);
    store_bind_text(st, 4, c->seed_sm3);
    store_bind_text(st, 5, c->created_by);
    store_bind_text(st, 6, c->created_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        c->id = store_col_int(st, 0);
    store_reset(st);
    if (rc == STORE_ROW)
        return MS_OK;
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "seed_sm3", "draw_commit_open", c->kind);
    return reg_step_fail(err);
}

int drawdb_commitment_use(store *db, int64_t id, int64_t draw_id, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_COMMIT_USE, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, draw_id);
    store_bind_int(st, 2, id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

/* ----------------------------------------------------------------- draws */

#define DRAW_COLS                                                                                  \
    "d.id, d.campaign_id, d.authority_id, da.code, da.path, d.kind, d.seed, d.seed_sm3,"           \
    " d.algorithm, d.as_of, d.rate, d.roster, d.roster_digest, d.result, d.status,"                \
    " d.void_reason, d.voided_at, d.created_by, d.created_at"

static const char SQL_DRAW_INSERT[] =
    "INSERT INTO draws (campaign_id, authority_id, kind, seed, seed_sm3, algorithm, as_of, rate,"
    " roster, roster_digest, result, status, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id";
static const char SQL_DRAW_GET[] =
    "SELECT " DRAW_COLS " FROM draws d JOIN authorities da ON da.id = d.authority_id"
    " WHERE d.id = ? AND (CAST(? AS TEXT) IS NULL OR da.path LIKE ?)";
static const char SQL_DRAW_ACTIVE[] =
    "SELECT id FROM draws WHERE campaign_id = ? AND authority_id = ? AND kind = ?"
    " AND status = 'active'";
static const char SQL_DRAW_VOID[] =
    "UPDATE draws SET status = 'void', void_reason = ?, voided_at = ? WHERE id = ?"
    " AND status = 'active'";
static const char SQL_DRAW_CANCEL[] =
    "UPDATE inspections SET status = 'cancelled', updated_at = ? WHERE draw_id = ?"
    " AND status = 'planned'";

int drawdb_insert(store *db, struct ms_draw *d, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DRAW_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, d->campaign_id);
    store_bind_int(st, 2, d->authority_id);
    store_bind_text(st, 3, d->kind);
    store_bind_text(st, 4, d->seed);
    store_bind_text(st, 5, d->seed_sm3);
    store_bind_text(st, 6, d->algorithm ? d->algorithm : DRAW_ALGORITHM);
    store_bind_text(st, 7, d->as_of);
    store_bind_double(st, 8, d->rate);
    store_bind_text(st, 9, d->roster);
    store_bind_text(st, 10, d->roster_digest);
    store_bind_text(st, 11, d->result);
    store_bind_text(st, 12, d->created_by);
    store_bind_text(st, 13, d->created_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        d->id = store_col_int(st, 0);
    store_reset(st);
    if (rc == STORE_ROW)
        return MS_OK;
    if (err && strcmp(err->key, "duplicate") == 0)
        return ms_fail(err, MS_ECONFLICT, "kind", "draw_active", d->kind);
    return reg_step_fail(err);
}

int drawdb_get(store *db, const struct store_scope *sc, int64_t id, arena *ar, struct ms_draw *out,
               ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc;

    if (sc && sc->unit_id)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    if (!(st = store_prepare(db, SQL_DRAW_GET, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, id);
    reg_bind_scope_path(st, 2, sc, buf, sizeof buf);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        out->id = store_col_int(st, 0);
        out->campaign_id = store_col_int(st, 1);
        out->authority_id = store_col_int(st, 2);
        out->authority_code = reg_dup(ar, st, 3);
        out->authority_path = reg_dup(ar, st, 4);
        out->kind = reg_dup(ar, st, 5);
        out->seed = reg_dup(ar, st, 6);
        out->seed_sm3 = store_col_is_null(st, 7) ? NULL : reg_dup(ar, st, 7);
        out->algorithm = reg_dup(ar, st, 8);
        out->as_of = reg_dup(ar, st, 9);
        out->rate = store_col_double(st, 10);
        out->roster = reg_dup(ar, st, 11);
        out->roster_digest = reg_dup(ar, st, 12);
        out->result = reg_dup(ar, st, 13);
        out->status = reg_dup(ar, st, 14);
        out->void_reason = store_col_is_null(st, 15) ? NULL : reg_dup(ar, st, 15);
        out->voided_at = store_col_is_null(st, 16) ? NULL : reg_dup(ar, st, 16);
        out->created_by = reg_dup(ar, st, 17);
        out->created_at = reg_dup(ar, st, 18);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int drawdb_active(store *db, int64_t campaign_id, int64_t authority_id, const char *kind,
                  int64_t *id, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DRAW_ACTIVE, err);
    int rc;

    *id = 0;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, campaign_id);
    store_bind_int(st, 2, authority_id);
    store_bind_text(st, 3, kind);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        *id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

int drawdb_void(store *db, int64_t id, const char *reason, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_DRAW_VOID, err);
    int64_t changed = 0;
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, reason);
    store_bind_text(st, 2, now);
    store_bind_int(st, 3, id);
    rc = store_step(st, err);
    if (rc == STORE_DONE)
        changed = store_changes(st);
    store_reset(st);
    if (rc != STORE_DONE)
        return reg_step_fail(err);
    if (!changed)
        return ms_failf(err, MS_ECONFLICT, "id", "draw_not_active", "%lld", (long long)id);
    if (!(st = store_prepare(db, SQL_DRAW_CANCEL, err)))
        return reg_step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_int(st, 2, id);
    rc = store_step(st, err);
    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

/* ----------------------------------------------------------- inspections */

static const char SQL_INSP_INSERT[] =
    "INSERT INTO inspections (campaign_id, draw_id, authority_id, kind, unit_id,"
    " target_authority_id, checklist_code, checklist_version, status, visit_group, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?) RETURNING id";
static const char SQL_INSP_STD_INSERT[] =
    "INSERT INTO inspection_standards (inspection_id, standard_id) VALUES (?, ?)";

#define INSP_COLS                                                                                  \
    "i.id, i.campaign_id, i.draw_id, i.authority_id, i.kind, i.unit_id, i.target_authority_id,"    \
    " i.checklist_code, i.checklist_version, i.status, i.visit_group, i.created_at,"               \
    " i.updated_at, ia.code, COALESCE(u.uscc, ta.code), COALESCE(u.name, ta.name),"                \
    " i.started_at, i.conclusion, i.completed_at, i.completed_by, i.not_performed_reason,"         \
    " i.follow_up_on, i.tracking, i.tracking_note"
#define INSP_FROM                                                                                  \
    " FROM inspections i JOIN authorities ia ON ia.id = i.authority_id"                            \
    " LEFT JOIN units u ON u.id = i.unit_id"                                                       \
    " LEFT JOIN authorities ta ON ta.id = i.target_authority_id WHERE" REG_SCOPE("ia",             \
                                                                                 "i.unit_id")
#define INSP_FILTER                                                                                \
    " AND (CAST(? AS BIGINT) IS NULL OR i.campaign_id = ?)"                                        \
    " AND (CAST(? AS BIGINT) IS NULL OR i.authority_id = ?)"                                       \
    " AND (CAST(? AS BIGINT) IS NULL OR i.draw_id = ?)"                                            \
    " AND (CAST(? AS BIGINT) IS NULL OR i.unit_id = ?)"                                            \
    " AND (CAST(? AS TEXT) IS NULL OR i.status = ?)"                                               \
    " AND (CAST(? AS TEXT) IS NULL OR i.tracking = ?)"                                             \
    " AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM inspection_team t"                   \
    " WHERE t.inspection_id = i.id AND t.inspector_id = ? AND t.recused_at IS NULL))"

static const char SQL_INSP_GET[] = "SELECT " INSP_COLS INSP_FROM " AND i.id = ?";
static const char SQL_INSP_LIST[] =
    "SELECT " INSP_COLS INSP_FROM INSP_FILTER " ORDER BY i.id LIMIT ? OFFSET ?";
static const char SQL_INSP_COUNT[] = "SELECT count(*)" INSP_FROM INSP_FILTER;
static const char SQL_INSP_STDS[] =
    "SELECT s.id, s.cert_no, s.field, s.name FROM inspection_standards x"
    " JOIN standards s ON s.id = x.standard_id WHERE x.inspection_id = ? ORDER BY s.cert_no";

static void bind_opt_id(store_stmt *st, int idx, int64_t v)
{
    if (v > 0)
        store_bind_int(st, idx, v);
    else
        store_bind_null(st, idx);
}

int drawdb_inspection_insert(store *db, struct ms_inspection *i, const int64_t *standard_ids,
                             size_t n, const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, i->campaign_id);
    store_bind_int(st, 2, i->draw_id);
    store_bind_int(st, 3, i->authority_id);
    store_bind_text(st, 4, i->kind);
    bind_opt_id(st, 5, i->unit_id);
    bind_opt_id(st, 6, i->target_authority_id);
    store_bind_text(st, 7, i->checklist_code);
    store_bind_int(st, 8, i->checklist_version);
    store_bind_int(st, 9, i->visit_group);
    store_bind_text(st, 10, now);
    store_bind_text(st, 11, now);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        i->id = store_col_int(st, 0);
    store_reset(st);
    if (rc != STORE_ROW)
        return reg_step_fail(err);
    for (size_t k = 0; k < n; k++) {
        if (!(st = store_prepare(db, SQL_INSP_STD_INSERT, err)))
            return reg_step_fail(err);
        store_bind_int(st, 1, i->id);
        store_bind_int(st, 2, standard_ids[k]);
        rc = store_step(st, err);
        store_reset(st);
        if (rc != STORE_DONE)
            return reg_step_fail(err);
    }
    return MS_OK;
}

static void insp_read(store_stmt *st, arena *ar, struct ms_inspection *i)
{
    i->id = store_col_int(st, 0);
    i->campaign_id = store_col_int(st, 1);
    i->draw_id = store_col_int(st, 2);
    i->authority_id = store_col_int(st, 3);
    i->kind = reg_dup(ar, st, 4);
    i->unit_id = store_col_int(st, 5);
    i->target_authority_id = store_col_int(st, 6);
    i->checklist_code = reg_dup(ar, st, 7);
    i->checklist_version = (int)store_col_int(st, 8);
    i->status = reg_dup(ar, st, 9);
    i->visit_group = store_col_int(st, 10);
    i->created_at = reg_dup(ar, st, 11);
    i->updated_at = reg_dup(ar, st, 12);
    i->authority_code = reg_dup(ar, st, 13);
    i->target = reg_dup(ar, st, 14);
    i->target_name = reg_dup(ar, st, 15);
    for (int c = 16; c < 24; c++) {
        const char **dst[] = {&i->started_at,   &i->conclusion,           &i->completed_at,
                              &i->completed_by, &i->not_performed_reason, &i->follow_up_on,
                              &i->tracking,     &i->tracking_note};
        *dst[c - 16] = store_col_is_null(st, c) ? NULL : reg_dup(ar, st, c);
    }
}

int drawdb_inspection_get(store *db, const struct store_scope *sc, int64_t id, arena *ar,
                          struct ms_inspection *out, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_INSP_GET, err);
    char buf[200];
    int rc, idx;

    if (!st)
        return reg_step_fail(err);
    idx = reg_bind_scope_path(st, 1, sc, buf, sizeof buf);
    idx = reg_bind_scope_unit(st, idx, sc);
    store_bind_int(st, idx, id);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        insp_read(st, ar, out);
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

static int insp_bind_list(store_stmt *st, const struct store_scope *sc,
                          const struct drawdb_insp_filter *f, char *buf, size_t size)
{
    int i = reg_bind_scope_path(st, 1, sc, buf, size);

    i = reg_bind_scope_unit(st, i, sc);
    i = reg_bind_opt_int(st, i, f ? f->campaign_id : 0);
    i = reg_bind_opt_int(st, i, f ? f->authority_id : 0);
    i = reg_bind_opt_int(st, i, f ? f->draw_id : 0);
    i = reg_bind_opt_int(st, i, f ? f->unit_id : 0);
    i = reg_bind_opt_text(st, i, f ? f->status : NULL);
    i = reg_bind_opt_text(st, i, f ? f->tracking : NULL);
    return reg_bind_opt_int(st, i, f ? f->inspector_id : 0);
}

int drawdb_inspection_list(store *db, const struct store_scope *sc,
                           const struct drawdb_insp_filter *f, const struct store_page *pg,
                           arena *ar, struct ms_inspection **items, int *n, int64_t *total,
                           ms_err *err)
{
    store_stmt *st;
    char buf[200];
    int rc, idx, cap = pg && pg->per_page > 0 && pg->per_page <= 500 ? pg->per_page : 50;

    *n = 0;
    *total = 0;
    if (!(*items = arena_array(ar, (size_t)cap, sizeof **items)))
        return oom(err);
    if (!(st = store_prepare(db, SQL_INSP_COUNT, err)))
        return reg_step_fail(err);
    insp_bind_list(st, sc, f, buf, sizeof buf);
    if ((rc = count2(st, total, NULL, err)) != MS_OK || !*total)
        return rc;
    if (!(st = store_prepare(db, SQL_INSP_LIST, err)))
        return reg_step_fail(err);
    idx = insp_bind_list(st, sc, f, buf, sizeof buf);
    reg_page_bind(st, idx, pg);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < cap)
        insp_read(st, ar, &(*items)[(*n)++]);
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

static void read_insp_standard(store_stmt *st, arena *ar, void *p)
{
    struct drawdb_insp_standard *s = p;

    s->standard_id = store_col_int(st, 0);
    s->cert_no = reg_dup(ar, st, 1);
    s->field = reg_dup(ar, st, 2);
    s->name = reg_dup(ar, st, 3);
}

int drawdb_inspection_standards(store *db, int64_t id, arena *ar,
                                struct drawdb_insp_standard **items, int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_INSP_STDS, id, ar, sizeof **items, read_insp_standard,
                          (void **)items, n, err);
}

/* ----------------------------------------------------------------- teams */

static const char SQL_TEAM_LIST[] =
    "SELECT t.id, t.inspection_id, t.inspector_id, p.name, p.kind, t.role, t.assigned_at,"
    " t.recused_at, t.recusal_reason FROM inspection_team t JOIN inspectors p"
    " ON p.id = t.inspector_id WHERE t.inspection_id = ? ORDER BY t.id";
static const char SQL_TEAM_ADD[] =
    "INSERT INTO inspection_team (inspection_id, inspector_id, role, assigned_at)"
    " VALUES (?, ?, ?, ?)";
static const char SQL_TEAM_END[] =
    "UPDATE inspection_team SET recused_at = ?, recusal_reason = ? WHERE inspection_id = ?"
    " AND inspector_id = ? AND recused_at IS NULL";
static const char SQL_TEAM_ROLE[] =
    "UPDATE inspection_team SET role = ? WHERE inspection_id = ? AND inspector_id = ?"
    " AND recused_at IS NULL";

static void read_team_row(store_stmt *st, arena *ar, void *p)
{
    struct drawdb_team_row *t = p;

    t->id = store_col_int(st, 0);
    t->inspection_id = store_col_int(st, 1);
    t->inspector_id = store_col_int(st, 2);
    t->inspector_name = reg_dup(ar, st, 3);
    t->inspector_kind = reg_dup(ar, st, 4);
    t->role = reg_dup(ar, st, 5);
    t->assigned_at = reg_dup(ar, st, 6);
    t->recused_at = store_col_is_null(st, 7) ? NULL : reg_dup(ar, st, 7);
    t->recusal_reason = store_col_is_null(st, 8) ? NULL : reg_dup(ar, st, 8);
}

int drawdb_team_list(store *db, int64_t inspection_id, arena *ar, struct drawdb_team_row **items,
                     int *n, ms_err *err)
{
    return reg_rows_by_id(db, SQL_TEAM_LIST, inspection_id, ar, sizeof **items, read_team_row,
                          (void **)items, n, err);
}

/* Run a write statement with its bindings done by the caller. */
static int run_write(store_stmt *st, ms_err *err)
{
    int rc = store_step(st, err);

    store_reset(st);
    return rc == STORE_DONE ? MS_OK : reg_step_fail(err);
}

int drawdb_team_add(store *db, int64_t inspection_id, int64_t inspector_id, const char *role,
                    const char *now, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TEAM_ADD, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, inspection_id);
    store_bind_int(st, 2, inspector_id);
    store_bind_text(st, 3, role);
    store_bind_text(st, 4, now);
    return run_write(st, err);
}

int drawdb_team_end(store *db, int64_t inspection_id, int64_t inspector_id, const char *now,
                    const char *reason, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TEAM_END, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, now);
    store_bind_text(st, 2, reason);
    store_bind_int(st, 3, inspection_id);
    store_bind_int(st, 4, inspector_id);
    return run_write(st, err);
}

int drawdb_team_role(store *db, int64_t inspection_id, int64_t inspector_id, const char *role,
                     ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_TEAM_ROLE, err);

    if (!st)
        return reg_step_fail(err);
    store_bind_text(st, 1, role);
    store_bind_int(st, 2, inspection_id);
    store_bind_int(st, 3, inspector_id);
    return run_write(st, err);
}

/* ------------------------------------------------------ assignment input */

static const char SQL_AI_COUNT[] =
    "SELECT count(DISTINCT i.id), count(*) FROM inspections i LEFT JOIN inspection_standards x"
    " ON x.inspection_id = i.id WHERE i.draw_id = ? AND i.status <> 'cancelled'";
static const char SQL_AI_ROWS[] =
    "SELECT i.id, COALESCE(u.uscc, ta.code), s.cert_no, s.field FROM inspections i"
    " LEFT JOIN units u ON u.id = i.unit_id"
    " LEFT JOIN authorities ta ON ta.id = i.target_authority_id"
    " LEFT JOIN inspection_standards x ON x.inspection_id = i.id"
    " LEFT JOIN standards s ON s.id = x.standard_id"
    " WHERE i.draw_id = ? AND i.status <> 'cancelled' ORDER BY i.id, s.cert_no";

int drawdb_assign_inspections(store *db, int64_t draw_id, arena *ar, struct draw_inspection **out,
                              size_t *n, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_AI_COUNT, err);
    int64_t ninsp = 0, nrows = 0;
    const char **certs, **fields;
    size_t ri = 0;
    int rc;

    *n = 0;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, draw_id);
    if ((rc = count2(st, &ninsp, &nrows, err)) != MS_OK)
        return rc;
    *out = arena_array(ar, (size_t)ninsp, sizeof **out);
    certs = arena_array(ar, (size_t)nrows, sizeof *certs);
    fields = arena_array(ar, (size_t)nrows, sizeof *fields);
    if (!*out || !certs || !fields)
        return oom(err);
    if (!(st = store_prepare(db, SQL_AI_ROWS, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, draw_id);
    while ((rc = store_step(st, err)) == STORE_ROW && ri < (size_t)nrows) {
        int64_t id = store_col_int(st, 0);
        struct draw_inspection *in = *n ? &(*out)[*n - 1] : NULL;
        const char *field;
        int seen = 0;
        if (!in || in->id != id) {
            if (*n == (size_t)ninsp)
                break;
            in = &(*out)[(*n)++];
            memset(in, 0, sizeof *in);
            in->id = id;
            in->target = reg_dup(ar, st, 1);
            in->cert_nos = &certs[ri];
            in->fields = &fields[ri];
        }
        if (store_col_is_null(st, 2))
            continue;
        certs[ri] = reg_dup(ar, st, 2);
        ((const char **)in->cert_nos)[in->n_cert_nos++] = certs[ri];
        field = reg_dup(ar, st, 3);
        for (size_t k = 0; k < in->n_fields; k++)
            seen |= strcmp(in->fields[k], field) == 0;
        if (!seen)
            ((const char **)in->fields)[in->n_fields++] = field;
        ri++;
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

static const char SQL_POOL_COUNT[] =
    "SELECT count(*), (SELECT count(*) FROM inspector_conflicts c JOIN inspectors p"
    " ON p.id = c.inspector_id WHERE p.authority_id = ?) FROM inspectors WHERE authority_id = ?";
static const char SQL_POOL[] =
    "SELECT p.id, p.kind, p.fields, eu.uscc, p.active FROM inspectors p"
    " LEFT JOIN units eu ON eu.id = p.employer_unit_id WHERE p.authority_id = ? ORDER BY p.id";
static const char SQL_POOL_CONFLICTS[] =
    "SELECT c.inspector_id, u.uscc FROM inspector_conflicts c JOIN inspectors p"
    " ON p.id = c.inspector_id JOIN units u ON u.id = c.unit_id WHERE p.authority_id = ?"
    " ORDER BY c.inspector_id, u.uscc";

/* Split the comma-separated LIST into an arena array of strings. */
static int split_list(arena *ar, const char *list, const char *const **out, size_t *n)
{
    size_t cap = 1;
    const char **v;

    for (const char *p = list; p && *p; p++)
        cap += *p == ',';
    *n = 0;
    if (!(v = arena_array(ar, cap, sizeof *v)))
        return MS_EINTERNAL;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len)
            v[(*n)++] = arena_strndup(ar, p, len);
        p += len + (p[len] == ',');
    }
    *out = v;
    return MS_OK;
}

int drawdb_pool(store *db, int64_t authority_id, arena *ar, struct draw_inspector **out, size_t *n,
                ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_POOL_COUNT, err);
    int64_t npool = 0, nconf = 0;
    const char **conf;
    size_t ci = 0, pi = 0;
    int rc, bad = 0;

    *n = 0;
    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    store_bind_int(st, 2, authority_id);
    if ((rc = count2(st, &npool, &nconf, err)) != MS_OK)
        return rc;
    *out = arena_array(ar, (size_t)npool, sizeof **out);
    conf = arena_array(ar, (size_t)nconf, sizeof *conf);
    if (!*out || !conf)
        return oom(err);
    if (!(st = store_prepare(db, SQL_POOL, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    while ((rc = store_step(st, err)) == STORE_ROW && *n < (size_t)npool) {
        struct draw_inspector *p = &(*out)[(*n)++];
        memset(p, 0, sizeof *p);
        p->id = store_col_int(st, 0);
        p->kind = strcmp(store_col_text(st, 1), "expert") == 0 ? DRAW_EXPERT : DRAW_ENFORCEMENT;
        if (split_list(ar, store_col_text(st, 2), &p->fields, &p->n_fields) != MS_OK) {
            bad = 1;
            break;
        }
        p->employer = store_col_is_null(st, 3) ? NULL : reg_dup(ar, st, 3);
        p->active = store_col_int(st, 4) != 0;
        p->conflicts = conf;
    }
    store_reset(st);
    if (bad)
        return oom(err);
    if (rc == STORE_ERROR)
        return reg_step_fail(err);
    if (!(st = store_prepare(db, SQL_POOL_CONFLICTS, err)))
        return reg_step_fail(err);
    store_bind_int(st, 1, authority_id);
    while ((rc = store_step(st, err)) == STORE_ROW && ci < (size_t)nconf) {
        int64_t pid = store_col_int(st, 0);
        while (pi < *n && (*out)[pi].id < pid)
            pi++;
        if (pi == *n)
            break;
        if ((*out)[pi].id != pid)
            continue;
        if (!(*out)[pi].n_conflicts)
            (*out)[pi].conflicts = &conf[ci];
        conf[ci++] = reg_dup(ar, st, 1);
        (*out)[pi].n_conflicts++;
    }
    store_reset(st);
    return rc == STORE_ERROR ? reg_step_fail(err) : MS_OK;
}

/* ----------------------------------------------------------- assignments */

static const char SQL_ASG_INSERT[] =
    "INSERT INTO draw_assignments (draw_id, seed, team_size, input, result, created_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ASG_LATEST[] =
    "SELECT id, draw_id, seed, team_size, input, result, created_by, created_at"
    " FROM draw_assignments WHERE draw_id = ? ORDER BY id DESC LIMIT 1";

int drawdb_assignment_insert(store *db, struct drawdb_assignment *a, ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_ASG_INSERT, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, a->draw_id);
    store_bind_text(st, 2, a->seed);
    store_bind_int(st, 3, a->team_size);
    store_bind_text(st, 4, a->input);
    store_bind_text(st, 5, a->result);
    store_bind_text(st, 6, a->created_by);
    store_bind_text(st, 7, a->created_at);
    rc = store_step(st, err);
    if (rc == STORE_ROW)
        a->id = store_col_int(st, 0);
    store_reset(st);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}

int drawdb_assignment_latest(store *db, int64_t draw_id, arena *ar, struct drawdb_assignment *out,
                             ms_err *err)
{
    store_stmt *st = store_prepare(db, SQL_ASG_LATEST, err);
    int rc;

    if (!st)
        return reg_step_fail(err);
    store_bind_int(st, 1, draw_id);
    rc = store_step(st, err);
    if (rc == STORE_ROW) {
        out->id = store_col_int(st, 0);
        out->draw_id = store_col_int(st, 1);
        out->seed = reg_dup(ar, st, 2);
        out->team_size = (int)store_col_int(st, 3);
        out->input = reg_dup(ar, st, 4);
        out->result = reg_dup(ar, st, 5);
        out->created_by = reg_dup(ar, st, 6);
        out->created_at = reg_dup(ar, st, 7);
    }
    store_reset(st);
    if (rc == STORE_DONE)
        return ms_fail(err, MS_ENOTFOUND, "assignment", "not_found", NULL);
    return rc == STORE_ROW ? MS_OK : reg_step_fail(err);
}
