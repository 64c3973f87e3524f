/* draw.c - use cases of draws: commitment, run, void, reads, verification
 * and the inspections a draw creates (see draw.h); inspector assignment is
 * in draw_team.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/checklist.h"
#include "core/date.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/campaign.h"
#include "service/draw_int.h"

#define REASON_MAX_CHARS 500

/* ------------------------------------------------------------ permissions */

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

int drawsvc_may_read(const ms_actor *who)
{
    return is_role(who, "system") || is_role(who, "sysadmin") || is_role(who, "authority") ||
           is_role(who, "inspector") || is_role(who, "unit");
}

int drawsvc_may_write(const ms_actor *who, const char *path, ms_err *err)
{
    if (is_role(who, "system"))
        return MS_OK;
    if (is_role(who, "authority") && who->authority_path[0] && path &&
        strncmp(path, who->authority_path, strlen(who->authority_path)) == 0)
        return MS_OK;
    return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
}

void drawsvc_scope(const ms_actor *who, struct store_scope *sc)
{
    svc_scope(who, sc);
}

int drawsvc_audit(store *db, const ms_actor *who, const char *action, const char *entity,
                  int64_t id, json_t *change, ms_err *err)
{
    int rc = change ? audit_append(db, who, action, entity, id, change, err)
                    : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);

    json_decref(change);
    return rc;
}

static int check_kind(const char *kind, ms_err *err)
{
    if (text_blank(kind))
        return ms_fail(err, MS_EINVAL, "kind", "required", NULL);
    if (strcmp(kind, "units") != 0 && strcmp(kind, "authorities") != 0)
        return ms_fail(err, MS_EINVAL, "kind", "invalid_enum", kind);
    return MS_OK;
}

/* ----------------------------------------------------------------- commit */

struct run_ctx {
    const ms_actor *who;
    arena *ar;
    int64_t campaign_id, authority_id, id;
    const char *kind, *seed, *seed_sm3, *reason;
    char now[32], today[11];
    struct store_scope sc;
    struct drawdb_commitment *commit_out;
    struct ms_draw *out;
};

/* The campaign and the authority of a draw, visible to and writable by the
 * actor, the authority within the campaign. */
static int draw_target(store *db, struct run_ctx *w, struct ms_campaign *c, struct ms_authority *a,
                       ms_err *err)
{
    struct store_scope csc;
    int rc;

    campaign_scope(w->who, &csc);
    if ((rc = campdb_campaign_get(db, &csc, w->campaign_id, w->ar, c, err)) != MS_OK)
        return rc;
    rc = reg_authority_get(db, &w->sc, w->authority_id, w->ar, a, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "authority_id", "not_found", "%lld",
                        (long long)w->authority_id);
    if (rc != MS_OK || (rc = drawsvc_may_write(w->who, a->path, err)) != MS_OK)
        return rc;
    if (strncmp(a->path, c->authority_path, strlen(c->authority_path)) != 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "draw_outside_campaign", a->code);
    return MS_OK;
}

static int tx_commit(store *db, void *ctx, ms_err *err)
{
    struct run_ctx *w = ctx;
    struct drawdb_commitment c = {0};
    struct ms_campaign camp;
    struct ms_authority a;
    int64_t active = 0;
    json_t *change;
    int rc;

    if ((rc = draw_target(db, w, &camp, &a, err)) != MS_OK ||
        (rc = drawdb_active(db, w->campaign_id, w->authority_id, w->kind, &active, err)) != MS_OK)
        return rc;
    if (active)
        return ms_failf(err, MS_ECONFLICT, "kind", "draw_active", "%lld", (long long)active);
    c.campaign_id = w->campaign_id;
    c.authority_id = w->authority_id;
    c.kind = w->kind;
    c.seed_sm3 = w->seed_sm3;
    c.created_by = w->who->name;
    c.created_at = w->now;
    if ((rc = drawdb_commitment_insert(db, &c, err)) != MS_OK)
        return rc;
    change = json_pack("{sIsIssssss}", "campaign_id", (json_int_t)c.campaign_id, "authority_id",
                       (json_int_t)c.authority_id, "authority", a.code, "kind", c.kind, "seed_sm3",
                       c.seed_sm3);
    if ((rc = drawsvc_audit(db, w->who, "draw.commit", "draw_commitment", c.id, change, err)) !=
        MS_OK)
        return rc;
    if (w->commit_out) {
        *w->commit_out = c;
        w->commit_out->created_at = arena_strdup(w->ar, w->now);
    }
    return MS_OK;
}

int drawsvc_commit(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                   const char *kind, const char *seed_sm3, arena *ar, struct drawdb_commitment *out,
                   ms_err *err)
{
    struct run_ctx w = {.who = who,
                        .ar = ar,
                        .campaign_id = campaign_id,
                        .authority_id = authority_id,
                        .kind = kind,
                        .commit_out = out};
    char *lower;
    int rc;

    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "inspector"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    if ((rc = check_kind(kind, err)) != MS_OK)
        return rc;
    if (text_blank(seed_sm3))
        return ms_fail(err, MS_EINVAL, "seed_sm3", "required", NULL);
    if (!(lower = arena_strdup(ar, seed_sm3)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'F')
            *p = (char)(*p - 'A' + 'a');
    if (strlen(lower) != SM3_HEX_LEN || !sm3_is_hex(lower))
        return ms_fail(err, MS_EINVAL, "seed_sm3", "draw_bad_commit", seed_sm3);
    w.seed_sm3 = lower;
    svc_now(w.now);
    svc_scope(who, &w.sc);
    return store_tx(db, tx_commit, &w, err);
}

/* -------------------------------------------------------------------- run */

/* The inspections of RES: see drawsvc_run(). */
static int create_inspections(store *db, const struct run_ctx *w, const struct ms_campaign *c,
                              const struct ms_draw *d, const struct draw_result *res,
                              const struct drawdb_ids *ids, ms_err *err)
{
    int units = res->kind == DRAW_UNITS;
    const char *code = units ? c->template_standard : c->template_assessment;
    const struct checklist *cl = checklist_find(code, 0, NULL);
    int rc = MS_OK;

    if (!cl)
        return ms_fail(err, MS_EINTERNAL, "checklist", "checklist_unknown", code);
    for (size_t k = 0; k < res->n_items && rc == MS_OK; k++) {
        const struct draw_item *it = &res->items[k];
        struct ms_inspection in = {.campaign_id = d->campaign_id,
                                   .draw_id = d->id,
                                   .authority_id = d->authority_id,
                                   .kind = units ? "standard" : "assessment",
                                   .checklist_code = cl->code,
                                   .checklist_version = cl->version,
                                   .visit_group = (int64_t)it->rank};
        int64_t target = drawdb_key_find(ids->units, ids->n_units, it->id);
        if (!target)
            return ms_fail(err, MS_EINTERNAL, "", "internal", it->id);
        if (!units) {
            in.target_authority_id = target;
            rc = drawdb_inspection_insert(db, &in, NULL, 0, w->now, err);
            continue;
        }
        in.unit_id = target;
        for (size_t p = 0; p < it->n_picks && rc == MS_OK; p++) {
            int64_t sid = drawdb_key_find(ids->standards, ids->n_standards, it->picks[p].cert_no);
            if (!sid)
                return ms_fail(err, MS_EINTERNAL, "", "internal", it->picks[p].cert_no);
            rc = drawdb_inspection_insert(db, &in, &sid, 1, w->now, err);
        }
    }
    return rc;
}

/* Build, store and audit the draw; see drawsvc_run(). */
static int tx_run(store *db, void *ctx, ms_err *err)
{
    struct run_ctx *w = ctx;
    struct drawdb_commitment cm;
    struct ms_campaign camp;
    struct ms_authority a;
    struct draw_roster r = {0};
    struct draw_result *res = NULL;
    struct drawdb_ids ids = {0};
    struct ms_draw d = {0};
    char digest[SM3_HEX_LEN + 1], from[DATE_LEN + 1], *roster = NULL, *result = NULL;
    json_t *rj = NULL, *change = NULL;
    ms_date today;
    int64_t active = 0, commit_id = 0;
    int rc, units = strcmp(w->kind, "units") == 0;

    if ((rc = draw_target(db, w, &camp, &a, err)) != MS_OK ||
        (rc = drawdb_active(db, w->campaign_id, w->authority_id, w->kind, &active, err)) != MS_OK)
        goto out;
    if (active) {
        rc = ms_failf(err, MS_ECONFLICT, "kind", "draw_active", "%lld", (long long)active);
        goto out;
    }
    rc = drawdb_commitment_open(db, w->campaign_id, w->authority_id, w->kind, w->ar, &cm, err);
    if (rc == MS_OK) {
        commit_id = cm.id;
        d.seed_sm3 = cm.seed_sm3;
        if ((rc = draw_seed_check(w->seed, cm.seed_sm3, err)) != MS_OK)
            goto out;
    } else if (rc != MS_ENOTFOUND) {
        goto out;
    }
    ms_err_clear(err);
    date_parse(w->today, &today, "as_of", NULL);
    date_format(date_add_months(today, -24), from);
    rc = units ? drawdb_roster_units(db, a.id, w->today, from, w->ar, &r, &ids, err)
               : drawdb_roster_subs(db, a.id, w->today, from, w->ar, &r, &ids, err);
    if (rc != MS_OK)
        goto out;
    r.authority = a.code;
    r.as_of = w->today;
    r.rate = units ? camp.unit_rate : camp.authority_rate;
    if ((rc = draw_roster_normalize(&r, err)) != MS_OK ||
        (rc = draw_roster_digest(&r, digest)) != MS_OK ||
        (rc = draw_run(w->ar, &r, w->seed, &res, err)) != MS_OK)
        goto out;
    roster = draw_roster_json(&r, NULL);
    rj = draw_result_json(res);
    result = rj ? json_dumps(rj, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    if (!roster || !result) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    d.campaign_id = w->campaign_id;
    d.authority_id = a.id;
    d.kind = w->kind;
    d.seed = w->seed;
    d.algorithm = DRAW_ALGORITHM;
    d.as_of = w->today;
    d.rate = r.rate;
    d.roster = roster;
    d.roster_digest = digest;
    d.result = result;
    d.created_by = w->who->name;
    d.created_at = w->now;
    if ((rc = drawdb_insert(db, &d, err)) != MS_OK ||
        (commit_id && (rc = drawdb_commitment_use(db, commit_id, d.id, err)) != MS_OK) ||
        (rc = create_inspections(db, w, &camp, &d, res, &ids, err)) != MS_OK)
        goto out;
    change = json_pack("{sIsIsssssssssIsIsI}", "campaign_id", (json_int_t)d.campaign_id,
                       "authority_id", (json_int_t)d.authority_id, "kind", d.kind, "seed", d.seed,
                       "as_of", d.as_of, "roster_digest", digest, "n", (json_int_t)res->n, "k",
                       (json_int_t)res->k, "items", (json_int_t)res->n_items);
    if ((rc = drawsvc_audit(db, w->who, "draw.run", "draw", d.id, change, err)) != MS_OK)
        goto out;
    rc = drawdb_get(db, NULL, d.id, w->ar, w->out, err);
out:
    free(result);
    ms_free(roster);
    json_decref(rj);
    return rc;
}

int drawsvc_run(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                const char *kind, const char *seed, arena *ar, struct ms_draw *out, ms_err *err)
{
    struct run_ctx w = {.who = who,
                        .ar = ar,
                        .campaign_id = campaign_id,
                        .authority_id = authority_id,
                        .kind = kind,
                        .seed = seed,
                        .out = out};
    int rc;

    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "inspector"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    if ((rc = check_kind(kind, err)) != MS_OK)
        return rc;
    if (text_blank(seed))
        return ms_fail(err, MS_EINVAL, "seed", "required", NULL);
    svc_now(w.now);
    svc_today(w.today);
    svc_scope(who, &w.sc);
    return store_tx(db, tx_run, &w, err);
}

/* ------------------------------------------------------------------- void */

static int tx_void(store *db, void *ctx, ms_err *err)
{
    struct run_ctx *w = ctx;
    struct ms_draw d;
    json_t *change;
    int rc;

    if ((rc = drawdb_get(db, &w->sc, w->id, w->ar, &d, err)) != MS_OK ||
        (rc = drawsvc_may_write(w->who, d.authority_path, err)) != MS_OK ||
        (rc = drawdb_void(db, w->id, w->reason, w->now, err)) != MS_OK)
        return rc;
    change = json_pack("{ss}", "reason", w->reason);
    if ((rc = drawsvc_audit(db, w->who, "draw.void", "draw", w->id, change, err)) != MS_OK)
        return rc;
    return w->out ? drawdb_get(db, NULL, w->id, w->ar, w->out, err) : MS_OK;
}

int drawsvc_void(store *db, const ms_actor *who, int64_t id, const char *reason, arena *ar,
                 struct ms_draw *out, ms_err *err)
{
    struct run_ctx w = {.who = who, .ar = ar, .id = id, .reason = reason, .out = out};
    int rc;

    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "inspector"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = text_check("reason", reason, REASON_MAX_CHARS, 1, 1, err)) != MS_OK)
        return rc;
    svc_now(w.now);
    svc_scope(who, &w.sc);
    return store_tx(db, tx_void, &w, err);
}

/* ------------------------------------------------------------------ reads */

int drawsvc_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct drawsvc_detail *out,
                ms_err *err)
{
    struct store_scope sc;
    int rc;

    if (!drawsvc_may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    memset(out, 0, sizeof *out);
    if ((rc = drawdb_get(db, &sc, id, ar, &out->d, err)) != MS_OK)
        return rc;
    rc = drawdb_assignment_latest(db, id, ar, &out->asg, err);
    out->assigned = rc == MS_OK;
    if (rc == MS_ENOTFOUND) {
        ms_err_clear(err);
        rc = MS_OK;
    }
    return rc;
}

int drawsvc_verify(store *db, const ms_actor *who, int64_t id, arena *ar, int *ok, ms_err *diff,
                   ms_err *err)
{
    struct drawsvc_detail dd;
    struct draw_roster *r = NULL;
    struct draw_result *res = NULL;
    json_t *published = NULL;
    char digest[SM3_HEX_LEN + 1];
    int rc;

    *ok = 0;
    ms_err_clear(diff);
    if ((rc = drawsvc_get(db, who, id, ar, &dd, err)) != MS_OK)
        goto out;
    /* A stored roster or seed that no longer parses is itself a difference. */
    if (draw_roster_parse(ar, dd.d.roster, strlen(dd.d.roster), &r, diff) != MS_OK ||
        draw_run(ar, r, dd.d.seed, &res, diff) != MS_OK)
        goto out;
    if ((rc = draw_roster_digest(r, digest)) != MS_OK) {
        ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    if (strcmp(digest, dd.d.roster_digest) != 0) {
        ms_failf(diff, MS_ECONFLICT, "roster_digest", "draw_result_differs", "%s / %s",
                 dd.d.roster_digest, digest);
        goto out;
    }
    published = json_loads(dd.d.result, 0, NULL);
    if (!published) {
        ms_fail(diff, MS_EINVAL, "result", "draw_bad_json", "result");
        goto out;
    }
    *ok = draw_result_compare(res, published, diff) == MS_OK;
out:
    json_decref(published);
    return rc;
}

/* ------------------------------------------------------------ inspections */

int drawsvc_inspection_get(store *db, const ms_actor *who, int64_t id, arena *ar,
                           struct drawsvc_inspection *out, ms_err *err)
{
    struct drawdb_assignment asg;
    struct store_scope sc;
    int rc;

    if (!drawsvc_may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    memset(out, 0, sizeof *out);
    if ((rc = drawdb_inspection_get(db, &sc, id, ar, &out->i, err)) != MS_OK ||
        (rc = drawdb_inspection_standards(db, id, ar, &out->standards, &out->n_standards, err)) !=
            MS_OK)
        return rc;
    if ((rc = drawdb_team_list(db, id, ar, &out->team, &out->n_team, err)) != MS_OK)
        return rc;
    for (int k = 0; k < out->n_team; k++)
        if (!out->team[k].recused_at)
            return MS_OK;
    rc = drawdb_assignment_latest(db, out->i.draw_id, ar, &asg, err);
    out->team_unassigned = rc == MS_OK;
    if (rc == MS_ENOTFOUND) {
        ms_err_clear(err);
        rc = MS_OK;
    }
    return rc;
}

int drawsvc_inspection_list(store *db, const ms_actor *who, const struct drawdb_insp_filter *f,
                            const struct store_page *pg, arena *ar, struct ms_inspection **items,
                            int *n, int64_t *total, ms_err *err)
{
    static const char *const statuses[] = {"planned", "in_progress", "completed", "not_performed",
                                           "cancelled"};
    struct store_scope sc;
    int known = 0;

    if (!drawsvc_may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    if (f && f->status && *f->status) {
        for (size_t i = 0; i < MS_ARRAY_LEN(statuses); i++)
            known |= strcmp(f->status, statuses[i]) == 0;
        if (!known)
            return ms_fail(err, MS_EINVAL, "status", "invalid_enum", f->status);
    }
    if (f && f->tracking && *f->tracking && strcmp(f->tracking, "open") != 0 &&
        strcmp(f->tracking, "closed") != 0)
        return ms_fail(err, MS_EINVAL, "tracking", "invalid_enum", f->tracking);
    svc_scope(who, &sc);
    return drawdb_inspection_list(db, &sc, f, pg, ar, items, n, total, err);
}
