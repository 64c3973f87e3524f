/* h_cases.c - REST handlers of dispositions, violations, complaints and the
 * risk ranking. Each reads the request, calls one service function
 * (service/cases.h), writes JSON. */
#include <string.h>

#include "core/disposition.h"
#include "http/h_cases.h"
#include "service/cases.h"

/* ------------------------------------------------------------- to JSON */

static json_t *disposition_json(const struct ms_disposition *d)
{
    json_t *o = json_object();

    jset_int(o, "id", d->id);
    jset_int(o, "authority_id", d->authority_id);
    jset_int(o, "unit_id", d->unit_id);
    jset_str(o, "unit_name", d->unit_name);
    jset_id(o, "standard_id", d->standard_id);
    jset_str(o, "cert_no", d->cert_no);
    jset_id(o, "finding_id", d->finding_id);
    jset_id(o, "inspection_id", d->inspection_id);
    jset_id(o, "campaign_id", d->campaign_id);
    jset_str(o, "action", d->action);
    jset_int(o, "catalog_version", d->catalog_version);
    jset_str(o, "basis", d->basis);
    if (d->amount_yuan >= 0)
        jset_int(o, "amount_yuan", d->amount_yuan);
    else
        json_object_set_new(o, "amount_yuan", json_null());
    jset_str(o, "decided_on", d->decided_on);
    jset_str(o, "note", d->note);
    jset_str(o, "created_by", d->created_by);
    jset_str(o, "created_at", d->created_at);
    return o;
}

static json_t *violation_json(const struct ms_violation_rec *v)
{
    json_t *o = json_object();

    jset_int(o, "id", v->id);
    jset_int(o, "unit_id", v->unit_id);
    jset_str(o, "unit_name", v->unit_name);
    jset_int(o, "authority_id", v->authority_id);
    jset_str(o, "severity", v->severity);
    jset_str(o, "decided_on", v->decided_on);
    jset_str(o, "summary", v->summary);
    jset_id(o, "disposition_id", v->disposition_id);
    jset_str(o, "created_by", v->created_by);
    jset_str(o, "created_at", v->created_at);
    return o;
}

static json_t *complaint_json(const struct ms_complaint_rec *c)
{
    json_t *o = json_object();

    jset_int(o, "id", c->id);
    jset_str(o, "receipt", c->receipt);
    jset_int(o, "authority_id", c->authority_id);
    jset_id(o, "unit_id", c->unit_id);
    jset_str(o, "registered_unit_name", c->registered_unit_name);
    jset_str(o, "unit_name", c->unit_name);
    jset_str(o, "received_on", c->received_on);
    jset_str(o, "channel", c->channel);
    jset_str(o, "summary", c->summary);
    jset_str(o, "contact", c->contact);
    jset_str(o, "status", c->status);
    jset_str(o, "outcome", c->outcome);
    jset_str(o, "handled_by", c->handled_by);
    jset_str(o, "closed_on", c->closed_on);
    jset_str(o, "updated_at", c->updated_at);
    return o;
}

/* ---------------------------------------------------------- dispositions */

int h_disposition_actions(struct req *r)
{
    const struct disposition_catalog *cat;
    ms_err err = {0};
    json_t *o, *a;

    if (!(cat = disposition_catalog(&err)))
        return reply_err(r, &err);
    o = json_object();
    a = json_array();
    jset_int(o, "version", cat->version);
    jset_str(o, "title", cat->title);
    jset_str(o, "title_en", cat->title_en);
    jset_str(o, "note", cat->note);
    jset_str(o, "note_en", cat->note_en);
    for (int i = 0; i < cat->nitems; i++) {
        const struct disposition_item *it = &cat->items[i];
        json_t *x = json_object();
        jset_str(x, "code", it->code);
        jset_str(x, "name", it->name);
        jset_str(x, "name_en", it->name_en);
        jset_str(x, "basis", it->basis);
        jset_str(x, "source", it->source);
        jset_str(x, "note", it->note);
        jset_str(x, "note_en", it->note_en);
        if (it->cap_yuan)
            jset_int(x, "cap_yuan", it->cap_yuan);
        else
            json_object_set_new(x, "cap_yuan", json_null());
        json_object_set_new(x, "amount_required", json_boolean(it->amount_required));
        json_object_set_new(x, "standard_required", json_boolean(it->standard_required));
        json_object_set_new(x, "revokes_standard", json_boolean(it->revokes_standard));
        json_array_append_new(a, x);
    }
    json_object_set_new(o, "items", a);
    return reply_json(r, 200, o);
}

int h_dispositions_list(struct req *r)
{
    struct casedb_disposition_filter f = {0};
    struct ms_disposition *items;
    struct store_page pg;
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.action = req_query(r, "action");
    if (req_page(r, &pg, &err) || req_query_int(r, "unit_id", &f.unit_id, &err) ||
        req_query_int(r, "authority_id", &f.authority_id, &err) ||
        req_query_int(r, "campaign_id", &f.campaign_id, &err) ||
        disposition_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, disposition_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_dispositions_create(struct req *r)
{
    static const char *const allowed[] = {"unit_id", "standard_id", "finding_id",  "inspection_id",
                                          "action",  "basis",       "amount_yuan", "decided_on",
                                          "note",    NULL};
    struct disposition_input in = {0};
    struct ms_disposition out;
    json_t *amount = r->json ? json_object_get(r->json, "amount_yuan") : NULL;
    ms_err err = {0};

    in.has_amount = amount && !json_is_null(amount);
    if (jbody_only(r, allowed, &err) || jbody_id(r, "unit_id", &in.unit_id, &err) ||
        jbody_id(r, "standard_id", &in.standard_id, &err) ||
        jbody_id(r, "finding_id", &in.finding_id, &err) ||
        jbody_id(r, "inspection_id", &in.inspection_id, &err) ||
        jbody_str(r, "action", &in.action, &err) || jbody_str(r, "basis", &in.basis, &err) ||
        jbody_int(r, "amount_yuan", &in.amount_yuan, &err) ||
        jbody_str(r, "decided_on", &in.decided_on, &err) || jbody_str(r, "note", &in.note, &err) ||
        disposition_create(r->db, &r->actor, &in, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, disposition_json(&out));
}

int h_dispositions_get(struct req *r)
{
    struct ms_disposition d;
    ms_err err = {0};

    if (disposition_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &d, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, disposition_json(&d));
}

/* ------------------------------------------------------------ violations */

int h_violations_list(struct req *r)
{
    struct casedb_violation_filter f = {0};
    struct ms_violation_rec *items;
    struct store_page pg;
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.severity = req_query(r, "severity");
    if (req_page(r, &pg, &err) || req_query_int(r, "unit_id", &f.unit_id, &err) ||
        violation_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, violation_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_violations_create(struct req *r)
{
    static const char *const allowed[] = {"unit_id", "severity",       "decided_on",
                                          "summary", "disposition_id", NULL};
    struct ms_violation_rec v = {0};
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_id(r, "unit_id", &v.unit_id, &err) ||
        jbody_str(r, "severity", &v.severity, &err) ||
        jbody_str(r, "decided_on", &v.decided_on, &err) ||
        jbody_str(r, "summary", &v.summary, &err) ||
        jbody_id(r, "disposition_id", &v.disposition_id, &err) ||
        violation_create(r->db, &r->actor, &v, &r->ar, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, violation_json(&v));
}

int h_violations_get(struct req *r)
{
    struct ms_violation_rec v;
    ms_err err = {0};

    if (violation_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &v, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, violation_json(&v));
}

/* ------------------------------------------------------------ complaints */

int h_public_complaint_create(struct req *r)
{
    static const char *const allowed[] = {
        "unit_name", "unit_uscc", "authority_code", "division", "summary", "contact", NULL};
    struct complaint_public_input in = {0};
    struct ms_complaint_rec out;
    char receipt[COMPLAINT_RECEIPT_LEN + 1];
    ms_err err = {0};
    json_t *o;

    if (jbody_only(r, allowed, &err) || jbody_str(r, "unit_name", &in.unit_name, &err) ||
        jbody_str(r, "unit_uscc", &in.unit_uscc, &err) ||
        jbody_str(r, "authority_code", &in.authority_code, &err) ||
        jbody_str(r, "division", &in.division, &err) ||
        jbody_str(r, "summary", &in.summary, &err) || jbody_str(r, "contact", &in.contact, &err) ||
        complaint_submit(r->db, r->client, r->lang, &in, &r->ar, receipt, &out, &err))
        return reply_err(r, &err);
    o = json_object();
    jset_str(o, "receipt", receipt);
    jset_str(o, "received_on", out.received_on);
    jset_str(o, "status", "received");
    return reply_json(r, 201, o);
}

int h_public_complaint_get(struct req *r)
{
    struct ms_complaint_rec c;
    ms_err err = {0};
    json_t *o;

    if (complaint_follow(r->db, r->client, r->nparams > 0 ? r->params[0] : NULL, &r->ar, &c, &err))
        return reply_err(r, &err);
    o = json_object();
    jset_str(o, "receipt", c.receipt);
    jset_str(o, "status", c.status);
    jset_str(o, "received_on", c.received_on);
    jset_str(o, "closed_on", c.closed_on);
    jset_str(o, "outcome", c.outcome);
    return reply_json(r, 200, o);
}

int h_complaints_list(struct req *r)
{
    struct casedb_complaint_filter f = {0};
    struct ms_complaint_rec *items;
    struct store_page pg;
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.status = req_query(r, "status");
    if (req_page(r, &pg, &err) || req_query_int(r, "unit_id", &f.unit_id, &err) ||
        complaint_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, complaint_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_complaints_get(struct req *r)
{
    struct ms_complaint_rec c;
    ms_err err = {0};

    if (complaint_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &c, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, complaint_json(&c));
}

int h_complaints_patch(struct req *r)
{
    static const char *const allowed[] = {"status", "unit_id", "outcome", NULL};
    struct complaint_patch p = {0};
    struct ms_complaint_rec out;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "status", &p.status, &err) ||
        jbody_id(r, "unit_id", &p.unit_id, &err) || jbody_str(r, "outcome", &p.outcome, &err) ||
        complaint_update(r->db, &r->actor, req_param_id(r, 0), &p, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, complaint_json(&out));
}

/* ------------------------------------------------------------------ risk */

int h_risk(struct req *r)
{
    struct risk_row *items;
    int64_t authority_id = 0, limit = 0, total;
    ms_err err = {0};
    json_t *a, *o;
    int n;

    if (req_query_int(r, "authority_id", &authority_id, &err) ||
        req_query_int(r, "limit", &limit, &err))
        return reply_err(r, &err);
    if (limit > 500) {
        ms_fail(&err, MS_EINVAL, "limit", "invalid_int", req_query(r, "limit"));
        return reply_err(r, &err);
    }
    if (risk_list(r->db, &r->actor, authority_id, (int)limit, req_query(r, "as_of"), &r->ar, &items,
                  &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = json_object(), *rs = json_array();
        jset_int(x, "rank", i + 1);
        jset_int(x, "unit_id", items[i].unit_id);
        jset_str(x, "uscc", items[i].uscc);
        jset_str(x, "name", items[i].name);
        jset_int(x, "authority_id", items[i].authority_id);
        jset_str(x, "credit_class", items[i].credit_class);
        jset_int(x, "score", items[i].score);
        for (int k = 0; k < items[i].nreasons; k++) {
            const struct risk_reason *rr = &items[i].reasons[k];
            const struct risk_weight *w = &risk_weights[rr->factor];
            json_t *y = json_object();
            jset_str(y, "code", w->code);
            jset_str(y, "label_zh", w->label_zh);
            jset_str(y, "label_en", w->label_en);
            jset_int(y, "count", rr->count);
            jset_int(y, "points", rr->points);
            json_array_append_new(rs, y);
        }
        json_object_set_new(x, "reasons", rs);
        json_array_append_new(a, x);
    }
    o = json_object();
    json_object_set_new(o, "items", a);
    jset_int(o, "total", total);
    return reply_json(r, 200, o);
}
