/* h_inspector.c - REST handlers of the inspector pool and conflicts of
 * interest. Each handler reads the request, calls one service function
 * (service/inspector.h), writes JSON. */
#include <string.h>

#include "http/h_inspector.h"
#include "service/inspector.h"

/* ------------------------------------------------------------- to JSON */

static json_t *fields_json(const char *list)
{
    json_t *a = json_array();

    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len)
            json_array_append_new(a, json_stringn(p, len));
        p = e ? e + 1 : p + len;
    }
    return a;
}

static json_t *inspector_json(const struct ms_inspector *i)
{
    json_t *o = json_object();

    jset_int(o, "id", i->id);
    jset_int(o, "authority_id", i->authority_id);
    jset_str(o, "name", i->name);
    jset_str(o, "kind", i->kind);
    json_object_set_new(o, "fields", fields_json(i->fields));
    jset_id(o, "employer_unit_id", i->employer_unit_id);
    jset_str(o, "certificate_no", i->certificate_no);
    json_object_set_new(o, "active", json_boolean(i->active));
    return o;
}

static json_t *conflict_json(const struct inspdb_conflict *c)
{
    json_t *o = json_object();

    jset_int(o, "id", c->id);
    jset_int(o, "inspector_id", c->inspector_id);
    jset_int(o, "unit_id", c->unit_id);
    jset_str(o, "unit_name", c->unit_name);
    jset_str(o, "reason", c->reason);
    jset_str(o, "declared_on", c->declared_on);
    return o;
}

static json_t *conflicts_json(const struct inspdb_conflict *items, int n)
{
    json_t *a = json_array();

    for (int k = 0; k < n; k++)
        json_array_append_new(a, conflict_json(&items[k]));
    return a;
}

/* ------------------------------------------------------------ from JSON */

/* "fields": an array of level-1 codes (or one comma-separated string) into
 * *OUT as "01,05"; the service checks the codes. */
static int fields_from(struct req *r, const char **out, ms_err *err)
{
    json_t *v = r->json ? json_object_get(r->json, "fields") : NULL;
    char buf[256] = "";
    size_t i;
    json_t *x;

    if (!v || json_is_null(v))
        return MS_OK;
    if (json_is_string(v))
        return jbody_str(r, "fields", out, err);
    if (!json_is_array(v))
        return ms_fail(err, MS_EINVAL, "fields", "invalid_type", "array");
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x) || strlen(json_string_value(x)) != json_string_length(x) ||
            strchr(json_string_value(x), ',') ||
            strlen(buf) + json_string_length(x) + 2 > sizeof buf)
            return ms_fail(err, MS_EINVAL, "fields", "inspector_bad_field",
                           json_is_string(x) ? json_string_value(x) : "?");
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, json_string_value(x));
    }
    *out = arena_strdup(&r->ar, buf);
    return MS_OK;
}

/* ?active=true|false|1|0 into *OUT (-1 when absent). */
static int active_query(struct req *r, int *out, ms_err *err)
{
    const char *s = req_query(r, "active");

    *out = -1;
    if (!s || !*s)
        return MS_OK;
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    else
        return ms_fail(err, MS_EINVAL, "active", "invalid_enum", s);
    return MS_OK;
}

/* ------------------------------------------------------------ handlers */

int h_inspectors_list(struct req *r)
{
    struct inspdb_filter f = {0};
    struct ms_inspector *items;
    struct store_page pg;
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.kind = req_query(r, "kind");
    f.field = req_query(r, "field");
    if (req_page(r, &pg, &err) || req_query_int(r, "authority_id", &f.authority_id, &err) ||
        active_query(r, &f.active, &err) ||
        inspector_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, inspector_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_inspectors_create(struct req *r)
{
    static const char *const allowed[] = {"authority_id",     "name",           "kind",   "fields",
                                          "employer_unit_id", "certificate_no", "active", NULL};
    struct ms_inspector i = {.active = 1};
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_id(r, "authority_id", &i.authority_id, &err) ||
        jbody_str(r, "name", &i.name, &err) || jbody_str(r, "kind", &i.kind, &err) ||
        fields_from(r, &i.fields, &err) ||
        jbody_id(r, "employer_unit_id", &i.employer_unit_id, &err) ||
        jbody_str(r, "certificate_no", &i.certificate_no, &err) ||
        jbody_bool(r, "active", &i.active, &err) ||
        inspector_create(r->db, &r->actor, &i, &r->ar, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, inspector_json(&i));
}

int h_inspectors_get(struct req *r)
{
    struct inspdb_conflict *cf;
    struct ms_inspector i;
    ms_err err = {0};
    json_t *o;
    int n;

    if (inspector_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &i, &err) ||
        inspector_conflict_list(r->db, &r->actor, i.id, &r->ar, &cf, &n, &err))
        return reply_err(r, &err);
    o = inspector_json(&i);
    json_object_set_new(o, "conflicts", conflicts_json(cf, n));
    return reply_json(r, 200, o);
}

int h_inspectors_patch(struct req *r)
{
    static const char *const allowed[] = {"name",           "fields", "employer_unit_id",
                                          "certificate_no", "active", NULL};
    struct inspector_patch p = {.active = -1};
    struct ms_inspector out;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "name", &p.name, &err) ||
        fields_from(r, &p.fields, &err) ||
        jbody_id(r, "employer_unit_id", &p.employer_unit_id, &err) ||
        jbody_str(r, "certificate_no", &p.certificate_no, &err) ||
        jbody_bool(r, "active", &p.active, &err) ||
        inspector_update(r->db, &r->actor, req_param_id(r, 0), &p, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, inspector_json(&out));
}

int h_inspector_conflicts_list(struct req *r)
{
    struct inspdb_conflict *cf;
    struct store_page pg;
    ms_err err = {0};
    int n;

    if (inspector_conflict_list(r->db, &r->actor, req_param_id(r, 0), &r->ar, &cf, &n, &err))
        return reply_err(r, &err);
    pg.page = 1;
    pg.per_page = n;
    return reply_json(r, 200, jlist(conflicts_json(cf, n), n, &pg));
}

int h_inspector_conflicts_create(struct req *r)
{
    static const char *const allowed[] = {"unit_id", "reason", "declared_on", NULL};
    struct inspdb_conflict c = {0};
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_id(r, "unit_id", &c.unit_id, &err) ||
        jbody_str(r, "reason", &c.reason, &err) ||
        jbody_str(r, "declared_on", &c.declared_on, &err) ||
        inspector_conflict_declare(r->db, &r->actor, req_param_id(r, 0), &c, &r->ar, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, conflict_json(&c));
}
