/* h_registry.c - REST handlers of the registry (API.md "Registry"). Each
 * handler reads the request, calls one service function, writes JSON. */
#include <string.h>

#include "http/h.h"
#include "http/readers.h"
#include "http/rowcache.h"
#include "service/registry.h"

/* ------------------------------------------------------------ to JSON */

static json_t *authority_json(const struct ms_authority *a)
{
    json_t *o = json_object();
    jset_int(o, "id", a->id);
    jset_str(o, "code", a->code);
    jset_str(o, "name", a->name);
    jset_str(o, "level", a->level);
    jset_id(o, "parent_id", a->parent_id);
    jset_str(o, "division_code", a->division_code);
    jset_str(o, "short_name", a->short_name);
    return o;
}

static json_t *sectors_json(const char *list)
{
    json_t *a = json_array();
    for (int i = 0; i < MODEL_SECTOR_COUNT; i++)
        if (list && strstr(list, model_sectors[i]))
            json_array_append_new(a, json_string(model_sectors[i]));
    return a;
}

static json_t *unit_json_public(const struct ms_unit *u);

static json_t *unit_json(const struct ms_unit *u)
{
    json_t *o = json_object();
    jset_int(o, "id", u->id);
    jset_str(o, "uscc", u->uscc);
    jset_str(o, "name", u->name);
    jset_str(o, "division_code", u->division_code);
    jset_str(o, "address", u->address);
    jset_str(o, "kind", u->kind);
    json_object_set_new(o, "sectors", sectors_json(u->sectors));
    jset_int(o, "authority_id", u->authority_id);
    json_t *c = json_object();
    jset_str(c, "name", u->contact_name);
    jset_str(c, "phone", u->contact_phone);
    json_object_set_new(o, "contact", c);
    jset_str(o, "credit_class", u->credit_class);
    jset_str(o, "status", u->status);
    jset_str(o, "created_at", u->created_at);
    jset_str(o, "updated_at", u->updated_at);
    return o;
}

/* A unit in a list: without the contact person (personal data is shown,
 * and its reading audited, on the detail page only). */
static json_t *unit_json_public(const struct ms_unit *u)
{
    json_t *o = unit_json(u);
    json_object_del(o, "contact");
    return o;
}

/* A standard, written straight from the struct: lists and the detail page
 * are the hot replies (bench/README.md), a jansson tree per row cost more
 * than the query. */
static void standard_w(jw *w, const struct ms_standard *s)
{
    jw_obj_begin(w);
    JW_KINT(w, "id", s->id);
    JW_KINT(w, "unit_id", s->unit_id);
    JW_KSTR(w, "name", s->name);
    JW_KSTR(w, "code", s->code);
    JW_KSTR(w, "field", s->field);
    JW_KSTR(w, "category", s->category);
    JW_KSTR(w, "measurement_range", s->measurement_range);
    JW_KSTR(w, "uncertainty", s->uncertainty);
    JW_KSTR(w, "cert_no", s->cert_no);
    JW_KINT(w, "cert_authority_id", s->cert_authority_id);
    JW_KSTR(w, "cert_issued_on", s->cert_issued_on);
    JW_KSTR(w, "cert_expires_on", s->cert_expires_on);
    JW_KSTR(w, "status", s->status);
    JW_KSTR(w, "status_on", s->status_on);
    JW_KSTR(w, "status_reason", s->status_reason);
    JW_KID(w, "replaced_by_id", s->replaced_by_id);
    JW_KEY(w, "sectors");
    jw_arr_begin(w);
    for (int i = 0; s->sectors && *s->sectors && i < MODEL_SECTOR_COUNT; i++)
        if (strstr(s->sectors, model_sectors[i]))
            jw_str(w, model_sectors[i]);
    jw_arr_end(w);
    JW_KSTR(w, "created_at", s->created_at);
    JW_KSTR(w, "updated_at", s->updated_at);
    /* the caller closes the object (the detail adds its history) */
}

/* Reply with one standard. */
static int reply_standard(struct req *r, unsigned status, const struct ms_standard *s)
{
    jw w;

    jw_init(&w, 1024);
    standard_w(&w, s);
    jw_obj_end(&w);
    return reply_jw(r, status, &w);
}

static json_t *apparatus_json(const struct ms_apparatus *a, const char *today)
{
    json_t *o = json_object();
    jset_int(o, "id", a->id);
    jset_int(o, "standard_id", a->standard_id);
    jset_str(o, "name", a->name);
    jset_str(o, "model", a->model);
    jset_str(o, "serial", a->serial);
    jset_str(o, "role", a->role);
    jset_str(o, "trace_cert_no", a->trace_cert_no);
    jset_str(o, "trace_org", a->trace_org);
    jset_str(o, "calibrated_on", a->calibrated_on);
    jset_str(o, "due_on", a->due_on);
    /* Traceability status for the UI: never calibrated counts as overdue. */
    jset_str(o, "trace_status",
             !a->calibrated_on || !a->due_on ? "never"
             : strcmp(a->due_on, today) < 0  ? "overdue"
                                             : "valid");
    return o;
}

static json_t *personnel_json(const struct ms_personnel *p, const char *today)
{
    json_t *o = json_object();
    jset_int(o, "id", p->id);
    jset_int(o, "standard_id", p->standard_id);
    jset_str(o, "name", p->name);
    jset_str(o, "qualification_no", p->qualification_no);
    jset_str(o, "valid_until", p->valid_until);
    json_object_set_new(o, "in_charge", json_boolean(p->in_charge));
    json_object_set_new(o, "qualified",
                        json_boolean(p->valid_until && strcmp(p->valid_until, today) >= 0));
    return o;
}

/* ------------------------------------------------------------ from JSON */

static int sectors_from(struct req *r, const char **out, ms_err *err)
{
    json_t *v = r->json ? json_object_get(r->json, "sectors") : NULL;
    size_t i;
    json_t *x;
    char buf[128] = "";

    if (!v || json_is_null(v))
        return MS_OK;
    if (json_is_string(v))
        return jbody_str(r, "sectors", out, err);
    if (!json_is_array(v))
        return ms_fail(err, MS_EINVAL, "sectors", "invalid_type", "array");
    json_array_foreach(v, i, x)
    {
        if (json_is_string(x) && strlen(json_string_value(x)) != json_string_length(x))
            return ms_fail(err, MS_EINVAL, "sectors", "control_chars", NULL); /* embedded NUL */
        if (!json_is_string(x) || strlen(buf) + json_string_length(x) + 2 > sizeof buf)
            return ms_fail(err, MS_EINVAL, "sectors", "invalid_sector",
                           json_is_string(x) ? json_string_value(x) : "?");
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, json_string_value(x));
    }
    *out = arena_strdup(&r->ar, buf);
    return MS_OK;
}

static int unit_from(struct req *r, struct ms_unit *u, ms_err *err)
{
    static const char *const allowed[] = {"uscc",
                                          "name",
                                          "division_code",
                                          "address",
                                          "kind",
                                          "sectors",
                                          "authority_id",
                                          "contact",
                                          "contact_name",
                                          "contact_phone",
                                          "credit_class",
                                          "status",
                                          NULL};
    json_t *c = json_object_get(r->json, "contact");
    int rc;

    if ((rc = jbody_only(r, allowed, err)) != MS_OK || (rc = jbody_str(r, "uscc", &u->uscc, err)) ||
        (rc = jbody_str(r, "name", &u->name, err)) ||
        (rc = jbody_str(r, "division_code", &u->division_code, err)) ||
        (rc = jbody_str(r, "address", &u->address, err)) ||
        (rc = jbody_str(r, "kind", &u->kind, err)) || (rc = sectors_from(r, &u->sectors, err)) ||
        (rc = jbody_id(r, "authority_id", &u->authority_id, err)) ||
        (rc = jbody_str(r, "contact_name", &u->contact_name, err)) ||
        (rc = jbody_str(r, "contact_phone", &u->contact_phone, err)) ||
        (rc = jbody_str(r, "credit_class", &u->credit_class, err)) ||
        (rc = jbody_str(r, "status", &u->status, err)))
        return rc;
    if (c && !json_is_null(c)) {
        json_t *n, *p;
        if (!json_is_object(c))
            return ms_fail(err, MS_EINVAL, "contact", "invalid_type", "object");
        n = json_object_get(c, "name");
        p = json_object_get(c, "phone");
        if ((n && !json_is_string(n) && !json_is_null(n)) ||
            (p && !json_is_string(p) && !json_is_null(p)))
            return ms_fail(err, MS_EINVAL, "contact", "invalid_type", "string");
        if ((n && json_is_string(n) && strlen(json_string_value(n)) != json_string_length(n)) ||
            (p && json_is_string(p) && strlen(json_string_value(p)) != json_string_length(p)))
            return ms_fail(err, MS_EINVAL, "contact", "control_chars", NULL); /* embedded NUL */
        if (n && json_is_string(n))
            u->contact_name = arena_strdup(&r->ar, json_string_value(n));
        if (p && json_is_string(p))
            u->contact_phone = arena_strdup(&r->ar, json_string_value(p));
    }
    return MS_OK;
}

static int standard_from(struct req *r, struct ms_standard *s, ms_err *err)
{
    static const char *const allowed[] = {"unit_id",
                                          "name",
                                          "code",
                                          "field",
                                          "category",
                                          "measurement_range",
                                          "uncertainty",
                                          "cert_no",
                                          "cert_authority_id",
                                          "cert_issued_on",
                                          "cert_expires_on",
                                          "status",
                                          "sectors",
                                          NULL};
    int rc;

    if ((rc = jbody_only(r, allowed, err)) || (rc = jbody_id(r, "unit_id", &s->unit_id, err)) ||
        (rc = jbody_str(r, "name", &s->name, err)) || (rc = jbody_str(r, "code", &s->code, err)) ||
        (rc = jbody_str(r, "field", &s->field, err)) ||
        (rc = jbody_str(r, "category", &s->category, err)) ||
        (rc = jbody_str(r, "measurement_range", &s->measurement_range, err)) ||
        (rc = jbody_str(r, "uncertainty", &s->uncertainty, err)) ||
        (rc = jbody_str(r, "cert_no", &s->cert_no, err)) ||
        (rc = jbody_id(r, "cert_authority_id", &s->cert_authority_id, err)) ||
        (rc = jbody_str(r, "cert_issued_on", &s->cert_issued_on, err)) ||
        (rc = jbody_str(r, "cert_expires_on", &s->cert_expires_on, err)) ||
        (rc = jbody_str(r, "status", &s->status, err)) || (rc = sectors_from(r, &s->sectors, err)))
        return rc;
    return MS_OK;
}

/* ------------------------------------------------------------ handlers */

int h_authorities_list(struct req *r)
{
    struct store_page pg;
    struct ms_authority *items;
    int n, rc;
    int64_t total, parent = 0;
    ms_err err = {0};
    json_t *a;

    if ((rc = req_page(r, &pg, &err)) || (rc = req_query_int(r, "parent_id", &parent, &err)) ||
        (rc = registry_authority_list(r->db, &r->actor, parent, req_query(r, "level"), &pg, &r->ar,
                                      &items, &n, &total, &err)))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, authority_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_authorities_create(struct req *r)
{
    static const char *const allowed[] = {"code",          "name",       "level", "parent_id",
                                          "division_code", "short_name", NULL};
    struct ms_authority a = {0};
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "code", &a.code, &err) ||
        jbody_str(r, "name", &a.name, &err) || jbody_str(r, "level", &a.level, &err) ||
        jbody_id(r, "parent_id", &a.parent_id, &err) ||
        jbody_str(r, "division_code", &a.division_code, &err) ||
        jbody_str(r, "short_name", &a.short_name, &err) ||
        registry_authority_create(r->db, &r->actor, &a, &r->ar, &err) ||
        registry_authority_get(r->db, &r->actor, a.id, &r->ar, &a, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, authority_json(&a));
}

int h_authorities_get(struct req *r)
{
    struct ms_authority a;
    ms_err err = {0};

    if (registry_authority_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &a, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, authority_json(&a));
}

int h_authorities_patch(struct req *r)
{
    static const char *const allowed[] = {"name", "division_code", "short_name", NULL};
    struct ms_authority patch = {0}, out;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "name", &patch.name, &err) ||
        jbody_str(r, "division_code", &patch.division_code, &err) ||
        jbody_str(r, "short_name", &patch.short_name, &err) ||
        registry_authority_update(r->db, &r->actor, req_param_id(r, 0), &patch, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, authority_json(&out));
}

int h_units_list(struct req *r)
{
    struct store_page pg;
    struct reg_unit_filter f = {0};
    struct ms_unit *items;
    int n;
    int64_t total;
    ms_err err = {0};
    json_t *a;

    f.division_code = req_query(r, "division_code");
    f.kind = req_query(r, "kind");
    f.sector = req_query(r, "sector");
    f.q = req_query(r, "q");
    if (req_page(r, &pg, &err) || req_query_int(r, "authority_id", &f.authority_id, &err) ||
        registry_unit_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, unit_json_public(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

int h_units_create(struct req *r)
{
    struct ms_unit u = {0};
    ms_err err = {0};

    if (unit_from(r, &u, &err) || registry_unit_create(r->db, &r->actor, &u, &r->ar, &err) ||
        registry_unit_get(r->db, &r->actor, u.id, &r->ar, &u, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, unit_json(&u));
}

int h_units_get(struct req *r)
{
    struct ms_unit u;
    ms_err err = {0};

    if (registry_unit_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &u, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, unit_json(&u));
}

int h_units_patch(struct req *r)
{
    struct ms_unit patch = {0}, out;
    ms_err err = {0};

    if (unit_from(r, &patch, &err) ||
        registry_unit_update(r->db, &r->actor, req_param_id(r, 0), &patch, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_json(r, 200, unit_json(&out));
}

/* One row of the standards list: the text kept for its (id, rev) when the
 * row cache holds it (rowcache.h), else written as the store reads it and
 * kept. */
static int standard_row_need(int64_t id, int64_t rev, void *ctx)
{
    return !rowcache_write(ctx, id, rev);
}

static int standard_row_held(int64_t id, int64_t rev, void *ctx)
{
    (void)ctx;
    return rowcache_has(id, rev);
}

static void standard_row_w(const struct ms_standard *s, void *ctx)
{
    jw *w = ctx;
    size_t start = w->len;

    standard_w(w, s);
    jw_obj_end(w);
    if (w->failed)
        return;
    if (w->buf[start] == ',')
        start++;
    rowcache_put(s->id, s->rev, w->buf + start, w->len - start);
}

int h_standards_list(struct req *r)
{
    struct store_page pg;
    struct reg_standard_filter f = {0};
    int64_t total;
    ms_err err = {0};
    jw w;
    struct reg_standard_sink sink = {standard_row_need, NULL, standard_row_w, &w};

    f.field = req_query(r, "field");
    f.category = req_query(r, "category");
    f.status = req_query(r, "status");
    f.expiring_before = req_query(r, "expiring_before");
    f.q = req_query(r, "q");
    if (req_page(r, &pg, &err) || req_query_int(r, "unit_id", &f.unit_id, &err) ||
        req_query_int(r, "authority_id", &f.authority_id, &err))
        return reply_err(r, &err);
    /* ~480 bytes a row: no regrowth. The rows go from the statement
     * straight into the writer (no copy into structs). */
    jw_init(&w, 640 * (size_t)(pg.per_page > 0 ? pg.per_page : 50) + 256);
    jw_list_begin(&w);
    if (rowcache_mostly_hits())
        sink.held = standard_row_held;
    if (registry_standard_each(r->db, &r->actor, &f, &pg, &sink, &total, &err)) {
        jw_free(&w);
        return reply_err(r, &err);
    }
    jw_list_end(&w, total, &pg);
    return reply_jw(r, 200, &w);
}

int h_standards_create(struct req *r)
{
    struct ms_standard s = {0};
    ms_err err = {0};

    if (standard_from(r, &s, &err) ||
        registry_standard_create(r->db, &r->actor, &s, &r->ar, &err) ||
        registry_standard_get(r->db, &r->actor, s.id, &r->ar, &s, &err))
        return reply_err(r, &err);
    return reply_standard(r, 201, &s);
}

int h_standards_get(struct req *r)
{
    struct ms_standard s;
    struct reg_standard_event *ev;
    int n;
    ms_err err = {0};
    jw w;

    if (registry_standard_detail(r->db, &r->actor, req_param_id(r, 0), &r->ar, &s, &ev, &n, &err))
        return reply_err(r, &err);
    jw_init(&w, 768 + 256 * (size_t)n);
    standard_w(&w, &s);
    jw_key(&w, "history");
    jw_arr_begin(&w);
    for (int i = 0; i < n; i++) {
        jw_obj_begin(&w);
        jw_kstr(&w, "action", ev[i].action);
        jw_kstr(&w, "from", ev[i].from_status);
        jw_kstr(&w, "to", ev[i].to_status);
        jw_kstr(&w, "reason", ev[i].reason);
        jw_kstr(&w, "date", ev[i].happened_on);
        jw_kstr(&w, "recorded_at", ev[i].recorded_at);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_obj_end(&w);
    return reply_jw(r, 200, &w);
}

int h_standards_patch(struct req *r)
{
    struct ms_standard patch = {0}, out;
    ms_err err = {0};

    if (standard_from(r, &patch, &err) ||
        registry_standard_update(r->db, &r->actor, req_param_id(r, 0), &patch, &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_standard(r, 200, &out);
}

/* POST /standards/{id}/seal|unseal|revoke|replace {reason, date, replaced_by_id} */
static int transition(struct req *r, const char *action)
{
    static const char *const allowed[] = {"reason", "date", "replaced_by_id", NULL};
    const char *reason = NULL, *date = NULL;
    int64_t by = 0;
    struct ms_standard out;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "reason", &reason, &err) ||
        jbody_str(r, "date", &date, &err) || jbody_id(r, "replaced_by_id", &by, &err) ||
        registry_standard_transition(r->db, &r->actor, req_param_id(r, 0), action, reason, date, by,
                                     &r->ar, &out, &err))
        return reply_err(r, &err);
    return reply_standard(r, 200, &out);
}

int h_standards_seal(struct req *r)
{
    return transition(r, "seal");
}

int h_standards_unseal(struct req *r)
{
    return transition(r, "unseal");
}

int h_standards_revoke(struct req *r)
{
    return transition(r, "revoke");
}

int h_standards_replace(struct req *r)
{
    return transition(r, "replace");
}

int h_apparatus_list(struct req *r)
{
    struct ms_apparatus *items;
    int n;
    ms_err err = {0};
    char today[11];
    json_t *a;

    if (registry_apparatus_list(r->db, &r->actor, req_param_id(r, 0), &r->ar, &items, &n, &err))
        return reply_err(r, &err);
    svc_today(today);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, apparatus_json(&items[i], today));
    struct store_page pg = {1, n};
    return reply_json(r, 200, jlist(a, n, &pg));
}

int h_apparatus_create(struct req *r)
{
    static const char *const allowed[] = {"name",          "model",         "serial",
                                          "role",          "trace_cert_no", "trace_org",
                                          "calibrated_on", "due_on",        NULL};
    struct ms_apparatus a = {.standard_id = req_param_id(r, 0)};
    ms_err err = {0};
    char today[11];

    if (!a.standard_id)
        return reply_fail(r, 404, "not_found", "", NULL);
    if (jbody_only(r, allowed, &err) || jbody_str(r, "name", &a.name, &err) ||
        jbody_str(r, "model", &a.model, &err) || jbody_str(r, "serial", &a.serial, &err) ||
        jbody_str(r, "role", &a.role, &err) ||
        jbody_str(r, "trace_cert_no", &a.trace_cert_no, &err) ||
        jbody_str(r, "trace_org", &a.trace_org, &err) ||
        jbody_str(r, "calibrated_on", &a.calibrated_on, &err) ||
        jbody_str(r, "due_on", &a.due_on, &err) ||
        registry_apparatus_add(r->db, &r->actor, &a, &r->ar, &err))
        return reply_err(r, &err);
    svc_today(today);
    return reply_json(r, 201, apparatus_json(&a, today));
}

int h_personnel_list(struct req *r)
{
    struct ms_personnel *items;
    int n;
    ms_err err = {0};
    char today[11];
    json_t *a;

    if (registry_personnel_list(r->db, &r->actor, req_param_id(r, 0), &r->ar, &items, &n, &err))
        return reply_err(r, &err);
    svc_today(today);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, personnel_json(&items[i], today));
    struct store_page pg = {1, n};
    return reply_json(r, 200, jlist(a, n, &pg));
}

int h_personnel_create(struct req *r)
{
    static const char *const allowed[] = {"name", "qualification_no", "valid_until", "in_charge",
                                          NULL};
    struct ms_personnel p = {.standard_id = req_param_id(r, 0)};
    ms_err err = {0};
    char today[11];

    if (!p.standard_id)
        return reply_fail(r, 404, "not_found", "", NULL);
    if (jbody_only(r, allowed, &err) || jbody_str(r, "name", &p.name, &err) ||
        jbody_str(r, "qualification_no", &p.qualification_no, &err) ||
        jbody_str(r, "valid_until", &p.valid_until, &err) ||
        jbody_bool(r, "in_charge", &p.in_charge, &err) ||
        registry_personnel_add(r->db, &r->actor, &p, &r->ar, &err))
        return reply_err(r, &err);
    svc_today(today);
    return reply_json(r, 201, personnel_json(&p, today));
}

int h_registry_alerts(struct req *r)
{
    struct reg_alert *items;
    int n;
    int64_t counts[4], limit = 100;
    ms_err err = {0};
    json_t *o, *a;

    if (req_query_int(r, "limit", &limit, &err) ||
        registry_alerts(r->db, &r->actor, req_query(r, "as_of"), (int)limit, &r->ar, &items, &n,
                        counts, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = json_object();
        jset_str(x, "kind", items[i].kind);
        jset_int(x, "standard_id", items[i].standard_id);
        jset_str(x, "standard_name", items[i].standard_name);
        jset_str(x, "cert_no", items[i].cert_no);
        jset_int(x, "unit_id", items[i].unit_id);
        jset_str(x, "unit_name", items[i].unit_name);
        jset_str(x, "date", items[i].date);
        jset_str(x, "detail", items[i].detail);
        json_array_append_new(a, x);
    }
    o = json_object();
    json_t *c = json_object();
    jset_int(c, "cert_expiring", counts[0]);
    jset_int(c, "cert_expired", counts[1]);
    jset_int(c, "apparatus_overdue", counts[2]);
    jset_int(c, "understaffed", counts[3]);
    json_object_set_new(o, "counts", c);
    json_object_set_new(o, "items", a);
    return reply_json(r, 200, o);
}

/* The readers without a database (http/readers.h; fuzz/fuzz_json_body.c). */
int h_read_unit(struct req *r, struct ms_unit *u, ms_err *err)
{
    return unit_from(r, u, err);
}

int h_read_standard(struct req *r, struct ms_standard *s, ms_err *err)
{
    return standard_from(r, s, err);
}
