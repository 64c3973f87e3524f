/* h_draw.c - REST handlers of draws and inspections (API.md "Draws",
 * "Inspections"). Each handler reads the request, calls one service
 * function, writes JSON. Stored results and rosters are sent as stored. */
#include <string.h>

#include "core/msg.h"
#include "http/h_draw.h"
#include "http/h_insp.h"
#include "service/draw.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* ------------------------------------------------------------- to JSON */

/* The stored JSON TEXT as a value (null when absent or unreadable). */
static json_t *stored(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;

    return v ? v : json_null();
}

static json_t *draw_json(const struct drawsvc_detail *dd)
{
    const struct ms_draw *d = &dd->d;
    json_t *o = json_object(), *res = stored(d->result), *a = json_null();

    jset_int(o, "id", d->id);
    jset_int(o, "campaign_id", d->campaign_id);
    jset_int(o, "authority_id", d->authority_id);
    jset_str(o, "authority_code", d->authority_code);
    jset_str(o, "kind", d->kind);
    jset_str(o, "algorithm", d->algorithm);
    jset_str(o, "seed", d->seed);
    jset_str(o, "seed_sm3", d->seed_sm3);
    jset_str(o, "as_of", d->as_of);
    json_object_set_new(o, "rate", json_real(d->rate));
    jset_str(o, "roster_digest", d->roster_digest);
    json_object_set(o, "items",
                    json_object_get(res, "items") ? json_object_get(res, "items") : json_array());
    json_object_set_new(o, "result", res);
    jset_str(o, "status", d->status);
    jset_str(o, "void_reason", d->void_reason);
    jset_str(o, "voided_at", d->voided_at);
    jset_str(o, "created_by", d->created_by);
    jset_str(o, "created_at", d->created_at);
    if (dd->assigned) {
        a = json_object();
        jset_int(a, "id", dd->asg.id);
        jset_str(a, "seed", dd->asg.seed);
        jset_int(a, "team_size", dd->asg.team_size);
        json_object_set_new(a, "result", stored(dd->asg.result));
        jset_str(a, "created_at", dd->asg.created_at);
    }
    json_object_set_new(o, "assignment", a);
    return o;
}

static json_t *inspection_json(const struct ms_inspection *i)
{
    json_t *o = json_object(), *t = json_object();

    jset_int(o, "id", i->id);
    jset_int(o, "campaign_id", i->campaign_id);
    jset_int(o, "draw_id", i->draw_id);
    jset_int(o, "authority_id", i->authority_id);
    jset_str(o, "authority_code", i->authority_code);
    jset_str(o, "kind", i->kind);
    jset_id(o, "unit_id", i->unit_id);
    jset_id(o, "target_authority_id", i->target_authority_id);
    jset_str(t, "id", i->target);
    jset_str(t, "name", i->target_name);
    json_object_set_new(o, "target", t);
    jset_str(o, "checklist_code", i->checklist_code);
    jset_int(o, "checklist_version", i->checklist_version);
    jset_str(o, "status", i->status);
    jset_int(o, "visit_group", i->visit_group);
    jset_str(o, "created_at", i->created_at);
    jset_str(o, "updated_at", i->updated_at);
    insp_state_json(o, i);
    return o;
}

static json_t *inspection_detail_json(const struct drawsvc_inspection *di)
{
    json_t *o = inspection_json(&di->i), *stds = json_array(), *team = json_array();

    for (int k = 0; k < di->n_standards; k++) {
        json_t *s = json_object();
        jset_int(s, "id", di->standards[k].standard_id);
        jset_str(s, "cert_no", di->standards[k].cert_no);
        jset_str(s, "field", di->standards[k].field);
        jset_str(s, "name", di->standards[k].name);
        json_array_append_new(stds, s);
    }
    for (int k = 0; k < di->n_team; k++) {
        const struct drawdb_team_row *t = &di->team[k];
        json_t *m = json_object();
        jset_int(m, "inspector_id", t->inspector_id);
        jset_str(m, "name", t->inspector_name);
        jset_str(m, "kind", t->inspector_kind);
        jset_str(m, "role", t->role);
        jset_str(m, "assigned_at", t->assigned_at);
        jset_str(m, "recused_at", t->recused_at);
        jset_str(m, "recusal_reason", t->recusal_reason);
        json_array_append_new(team, m);
    }
    json_object_set_new(o, "standards", stds);
    json_object_set_new(o, "team", team);
    json_object_set_new(o, "team_unassigned", json_boolean(di->team_unassigned));
    return o;
}

/* Reply with the draw ID as GET /draws/{id} shows it. */
static int reply_draw(struct req *r, unsigned status, int64_t id)
{
    struct drawsvc_detail dd;
    ms_err err = {0};

    if (drawsvc_get(r->db, &r->actor, id, &r->ar, &dd, &err))
        return reply_err(r, &err);
    return reply_json(r, status, draw_json(&dd));
}

/* ------------------------------------------------------------ handlers */

int h_draws_commit(struct req *r)
{
    static const char *const allowed[] = {"authority_id", "kind", "seed_sm3", NULL};
    const char *kind = NULL, *hash = NULL;
    struct drawdb_commitment c;
    int64_t authority = 0;
    ms_err err = {0};
    json_t *o;

    if (jbody_only(r, allowed, &err) || jbody_id(r, "authority_id", &authority, &err) ||
        jbody_str(r, "kind", &kind, &err) || jbody_str(r, "seed_sm3", &hash, &err) ||
        drawsvc_commit(r->db, &r->actor, req_param_id(r, 0), authority, kind, hash, &r->ar, &c,
                       &err))
        return reply_err(r, &err);
    o = json_object();
    jset_int(o, "id", c.id);
    jset_int(o, "campaign_id", c.campaign_id);
    jset_int(o, "authority_id", c.authority_id);
    jset_str(o, "kind", c.kind);
    jset_str(o, "seed_sm3", c.seed_sm3);
    jset_str(o, "created_by", c.created_by);
    jset_str(o, "created_at", c.created_at);
    return reply_json(r, 201, o);
}

int h_draws_run(struct req *r)
{
    static const char *const allowed[] = {"authority_id", "kind", "seed", NULL};
    const char *kind = NULL, *seed = NULL;
    int64_t authority = 0;
    struct ms_draw d;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_id(r, "authority_id", &authority, &err) ||
        jbody_str(r, "kind", &kind, &err) || jbody_str(r, "seed", &seed, &err) ||
        drawsvc_run(r->db, &r->actor, req_param_id(r, 0), authority, kind, seed, &r->ar, &d, &err))
        return reply_err(r, &err);
    return reply_draw(r, 201, d.id);
}

int h_draws_get(struct req *r)
{
    return reply_draw(r, 200, req_param_id(r, 0));
}

int h_draws_verify(struct req *r)
{
    ms_err err = {0}, diff = {0};
    char msg[512];
    json_t *o, *d;
    int ok = 0;

    if (drawsvc_verify(r->db, &r->actor, req_param_id(r, 0), &r->ar, &ok, &diff, &err))
        return reply_err(r, &err);
    o = json_object();
    json_object_set_new(o, "ok", json_boolean(ok));
    if (!ok) {
        d = json_object();
        msg_format(&diff, r->lang, msg, sizeof msg);
        jset_str(d, "field", diff.field);
        jset_str(d, "code", diff.key);
        jset_str(d, "message", msg);
        json_object_set_new(o, "difference", d);
    }
    return reply_json(r, 200, o);
}

int h_draws_void(struct req *r)
{
    static const char *const allowed[] = {"reason", NULL};
    const char *reason = NULL;
    struct ms_draw d;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "reason", &reason, &err) ||
        drawsvc_void(r->db, &r->actor, req_param_id(r, 0), reason, &r->ar, &d, &err))
        return reply_err(r, &err);
    return reply_draw(r, 200, d.id);
}

int h_draws_roster(struct req *r)
{
    struct drawsvc_detail dd;
    ms_err err = {0};

    if (drawsvc_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &dd, &err))
        return reply_err(r, &err);
    return reply_bytes(r, 200, JSON_TYPE, dd.d.roster, strlen(dd.d.roster));
}

int h_draws_assign(struct req *r)
{
    static const char *const allowed[] = {"seed", "team_size", NULL};
    const char *seed = NULL;
    struct drawdb_assignment a;
    int64_t team_size = 2, id = req_param_id(r, 0);
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "seed", &seed, &err) ||
        jbody_int(r, "team_size", &team_size, &err) ||
        drawsvc_assign(r->db, &r->actor, id, seed, team_size, &r->ar, &a, &err))
        return reply_err(r, &err);
    return reply_draw(r, 200, id);
}

int h_inspections_list(struct req *r)
{
    struct drawdb_insp_filter f = {0};
    struct ms_inspection *items;
    struct store_page pg;
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.status = req_query(r, "status");
    f.tracking = req_query(r, "tracking");
    if (req_page(r, &pg, &err) || req_query_int(r, "campaign_id", &f.campaign_id, &err) ||
        req_query_int(r, "authority_id", &f.authority_id, &err) ||
        req_query_int(r, "inspector_id", &f.inspector_id, &err) ||
        req_query_int(r, "unit_id", &f.unit_id, &err) ||
        req_query_int(r, "draw_id", &f.draw_id, &err) ||
        drawsvc_inspection_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, inspection_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int inspection_reply(struct req *r, unsigned status, int64_t id)
{
    struct drawsvc_inspection di;
    struct inspwork_detail w;
    ms_err err = {0};
    json_t *o;

    if (drawsvc_inspection_get(r->db, &r->actor, id, &r->ar, &di, &err) ||
        inspwork_detail(r->db, &r->actor, id, &r->ar, &w, &err))
        return reply_err(r, &err);
    o = inspection_detail_json(&di);
    insp_work_json(o, &w);
    return reply_json(r, status, o);
}

int h_inspections_get(struct req *r)
{
    return inspection_reply(r, 200, req_param_id(r, 0));
}

int h_draws_recuse(struct req *r)
{
    static const char *const allowed[] = {"inspection_id", "inspector_id", "reason", NULL};
    int64_t id = req_param_id(r, 0), inspection = 0, inspector = 0;
    const char *reason = NULL;
    struct drawsvc_inspection di;
    struct drawsvc_detail dd;
    struct drawdb_assignment a;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_id(r, "inspection_id", &inspection, &err) ||
        jbody_id(r, "inspector_id", &inspector, &err) || jbody_str(r, "reason", &reason, &err) ||
        drawsvc_get(r->db, &r->actor, id, &r->ar, &dd, &err))
        return reply_err(r, &err);
    if (!inspection)
        return reply_fail(r, 422, "required", "inspection_id", NULL);
    /* the inspection must be one this draw created */
    if (drawsvc_inspection_get(r->db, &r->actor, inspection, &r->ar, &di, &err) == MS_ENOTFOUND ||
        (err.code == MS_OK && di.i.draw_id != id)) {
        ms_err_clear(&err);
        ms_failf(&err, MS_EINVAL, "inspection_id", "inspector_not_in_draw", "%lld",
                 (long long)inspection);
    }
    if (err.code != MS_OK ||
        drawsvc_recuse(r->db, &r->actor, inspection, inspector, reason, &r->ar, &a, &err))
        return reply_err(r, &err);
    return reply_draw(r, 200, id);
}
