/* h_check.c - REST handlers of technical checks and calculators. Each
 * handler reads the request, calls one service function, writes JSON. */
#include <string.h>

#include "http/h_check.h"
#include "service/calc.h"
#include "service/check.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* Reply with VALUE (reference stolen), printed like `msup calc`. */
static int reply_calc(struct req *r, unsigned status, json_t *value)
{
    size_t n = value ? json_dumpb(value, NULL, 0, CALC_DUMP_FLAGS) : 0;
    char *buf = n ? arena_alloc(&r->ar, n) : NULL;
    int rc = MHD_NO;

    if (buf && json_dumpb(value, buf, n, CALC_DUMP_FLAGS) == n)
        rc = reply_bytes(r, status, JSON_TYPE, buf, n);
    else
        rc = reply_fail(r, 500, "out_of_memory", "", NULL);
    json_decref(value);
    return rc;
}

static json_t *check_json(const struct ms_check *c)
{
    json_t *o = json_object(), *d = c->data ? json_loads(c->data, 0, NULL) : NULL,
           *res = c->result ? json_loads(c->result, 0, NULL) : NULL;

    jset_int(o, "id", c->id);
    jset_int(o, "standard_id", c->standard_id);
    jset_int(o, "unit_id", c->unit_id);
    jset_int(o, "authority_id", c->authority_id);
    jset_str(o, "kind", c->kind);
    jset_str(o, "method", c->method);
    jset_str(o, "rule_set", c->rule_set);
    jset_str(o, "rule_version", c->rule_version);
    json_object_set_new(o, "data", d ? d : json_null());
    json_object_set_new(o, "result", res ? res : json_null());
    jset_str(o, "verdict", c->verdict);
    jset_id(o, "inspection_id", c->inspection_id);
    jset_id(o, "campaign_id", c->campaign_id);
    jset_id(o, "finding_id", c->finding_id);
    jset_str(o, "created_by", c->created_by);
    jset_str(o, "created_at", c->created_at);
    return o;
}

int h_checks_create(struct req *r)
{
    static const char *const allowed[] = {"kind", "method", "data", NULL};
    struct check_input in = {0};
    struct ms_check c;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "kind", &in.kind, &err) ||
        jbody_str(r, "method", &in.method, &err))
        return reply_err(r, &err);
    in.data = json_object_get(r->json, "data");
    if (json_is_null(in.data))
        in.data = NULL;
    if (check_create(r->db, &r->actor, req_param_id(r, 0), &in, &r->ar, &c, &err))
        return reply_err(r, &err);
    return reply_calc(r, 201, check_json(&c));
}

int h_checks_list(struct req *r)
{
    struct store_page pg;
    struct ms_check *items;
    int n;
    int64_t total;
    ms_err err = {0};
    json_t *a;

    if (req_page(r, &pg, &err) ||
        check_list(r->db, &r->actor, req_param_id(r, 0), req_query(r, "kind"),
                   req_query(r, "verdict"), &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, check_json(&items[i]));
    return reply_calc(r, 200, jlist(a, total, &pg));
}

int h_checks_get(struct req *r)
{
    struct ms_check c;
    ms_err err = {0};

    if (check_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &c, &err))
        return reply_err(r, &err);
    return reply_calc(r, 200, check_json(&c));
}

int h_calc(struct req *r)
{
    json_t *out = NULL;
    ms_err err = {0};

    if (!calc_known(r->params[0]))
        return reply_fail(r, 404, "not_found", "kind", r->params[0]);
    if (calc_run(r->params[0], r->json, "", &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_calc(r, 200, out);
}
