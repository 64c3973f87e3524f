/* h_campaign.c - REST handlers of campaigns, checklists and self-inspection
 * (API.md "Campaigns"). Each handler reads the request, calls one service
 * function, writes JSON. */
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "http/h_campaign.h"
#include "http/readers.h"
#include "service/campaign.h"

#define JSON_TYPE "application/json; charset=utf-8"
/* Rates print as 0.2, not 0.20000000000000001. */
#define DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* Reply with VALUE (reference stolen), its text in the request arena. */
static int reply_doc(struct req *r, unsigned status, json_t *value)
{
    size_t n = value ? json_dumpb(value, NULL, 0, DUMP_FLAGS) : 0;
    char *buf = n ? arena_alloc(&r->ar, n) : NULL;
    int rc = MHD_NO;

    if (buf && json_dumpb(value, buf, n, DUMP_FLAGS) == n)
        rc = reply_bytes(r, status, JSON_TYPE, buf, n);
    json_decref(value);
    return rc;
}

/* ------------------------------------------------------- typed members */

static void member_path(char *out, size_t size, const char *path, const char *name)
{
    snprintf(out, size, "%s%s%s", path, *path ? "." : "", name);
}

/* Refuse members of O not in ALLOWED, naming them under PATH. */
static int only_at(json_t *o, const char *const *allowed, const char *path, ms_err *err)
{
    const char *k;
    json_t *v;
    char field[64];

    json_object_foreach(o, k, v)
    {
        int ok = 0;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], k) == 0;
        if (!ok) {
            member_path(field, sizeof field, path, k);
            return ms_fail(err, MS_EINVAL, field, "unknown_field", field);
        }
    }
    return MS_OK;
}

/* String member NAME of O (absent or null: untouched), copied into AR. */
static int str_at(arena *ar, json_t *o, const char *name, const char *path, const char **out,
                  ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char field[64];

    if (!v || json_is_null(v))
        return MS_OK;
    member_path(field, sizeof field, path, name);
    if (!json_is_string(v))
        return ms_fail(err, MS_EINVAL, field, "invalid_type", "string");
    if (strlen(json_string_value(v)) != json_string_length(v))
        return ms_fail(err, MS_EINVAL, field, "control_chars", NULL);
    *out = arena_strdup(ar, json_string_value(v));
    return *out ? MS_OK : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static int int_at(json_t *o, const char *name, const char *path, int64_t *out, ms_err *err)
{
    json_t *v = json_object_get(o, name);
    char field[64];

    if (!v || json_is_null(v))
        return MS_OK;
    member_path(field, sizeof field, path, name);
    if (!json_is_integer(v))
        return ms_fail(err, MS_EINVAL, field, "invalid_type", "integer");
    *out = json_integer_value(v);
    return MS_OK;
}

/* A number (integer or real) into *OUT, *SET = 1 when present. */
static int num_at(json_t *o, const char *name, int *set, double *out, ms_err *err)
{
    json_t *v = json_object_get(o, name);

    if (!v || json_is_null(v))
        return MS_OK;
    if (!json_is_number(v))
        return ms_fail(err, MS_EINVAL, name, "invalid_type", "number");
    *out = json_number_value(v);
    *set = 1;
    return MS_OK;
}

/* ------------------------------------------------------------- to JSON */

static json_t *checklist_json(const struct checklist *cl)
{
    json_t *o = json_object(), *items = json_array(), *versions = json_array();
    int v[64], nv = checklist_versions(cl->code, v, (int)MS_ARRAY_LEN(v));

    for (int i = 0; i < nv && i < (int)MS_ARRAY_LEN(v); i++)
        json_array_append_new(versions, json_integer(v[i]));
    for (int i = 0; i < cl->nitems; i++) {
        const struct checklist_item *it = &cl->items[i];
        json_t *x = json_object(), *subs = json_array();
        jset_int(x, "no", it->no);
        jset_str(x, "section", it->section);
        jset_str(x, "section_en", it->section_en);
        jset_str(x, "text", it->text);
        jset_str(x, "text_en", it->text_en);
        json_object_set_new(x, "key", json_boolean(it->key));
        jset_str(x, "basis", it->basis);
        for (int k = 0; k < it->nsubs; k++) {
            json_t *s = json_object();
            jset_int(s, "no", it->subs[k].no);
            jset_str(s, "text", it->subs[k].text);
            jset_str(s, "text_en", it->subs[k].text_en);
            json_object_set_new(s, "conditional", json_boolean(it->subs[k].conditional));
            json_array_append_new(subs, s);
        }
        json_object_set_new(x, "subitems", subs);
        json_array_append_new(items, x);
    }
    jset_str(o, "code", cl->code);
    jset_int(o, "version", cl->version);
    json_object_set_new(o, "versions", versions);
    jset_str(o, "title", cl->title);
    jset_str(o, "title_en", cl->title_en);
    jset_str(o, "scope", cl->scope);
    jset_str(o, "rule_version", cl->rule_version);
    jset_str(o, "note", cl->note);
    jset_str(o, "note_en", cl->note_en);
    json_object_set_new(o, "items", items);
    return o;
}

static json_t *campaign_json(const struct ms_campaign *c, const char *today)
{
    json_t *o = json_object(), *t = json_object(), *a = json_object();

    jset_int(o, "id", c->id);
    jset_str(o, "name", c->name);
    jset_int(o, "year", c->year);
    json_object_set_new(o, "unit_rate", json_real(c->unit_rate));
    json_object_set_new(o, "authority_rate", json_real(c->authority_rate));
    jset_str(o, "self_check_due", c->self_check_due);
    jset_str(o, "onsite_from", c->onsite_from);
    jset_str(o, "onsite_to", c->onsite_to);
    jset_str(o, "rectify_from", c->rectify_from);
    jset_str(o, "rectify_to", c->rectify_to);
    jset_str(o, "summary_from", c->summary_from);
    jset_str(o, "summary_to", c->summary_to);
    jset_str(t, "standard", c->template_standard);
    jset_str(t, "assessment", c->template_assessment);
    json_object_set_new(o, "templates", t);
    jset_int(o, "authority_id", c->authority_id);
    jset_int(a, "id", c->authority_id);
    jset_str(a, "code", c->authority_code);
    jset_str(a, "name", c->authority_name);
    json_object_set_new(o, "authority", a);
    jset_str(o, "status", c->status);
    jset_str(o, "stage", campaign_stage(c, today));
    jset_str(o, "created_at", c->created_at);
    jset_str(o, "updated_at", c->updated_at);
    return o;
}

static json_t *report_json(const struct selfcheck_report *rep)
{
    const struct ms_selfcheck *s = &rep->row;
    json_t *o = json_object(), *sets = json_array();

    for (size_t i = 0; i < rep->nsets; i++) {
        const struct selfcheck_set *st = &rep->sets[i];
        json_t *x = json_object(), *items = json_array();
        jset_int(x, "standard_id", st->standard_id);
        jset_str(x, "checklist", st->checklist);
        jset_int(x, "version", st->version);
        jset_str(x, "conclusion", checklist_conclusion_name(st->conclusion));
        for (size_t j = 0; j < st->nitems; j++) {
            json_t *a = json_object();
            jset_int(a, "no", st->items[j].no);
            jset_str(a, "verdict", checklist_verdict_name(st->items[j].verdict));
            jset_str(a, "note", st->items[j].note);
            json_array_append_new(items, a);
        }
        json_object_set_new(x, "items", items);
        json_array_append_new(sets, x);
    }
    jset_id(o, "id", s->id);
    jset_int(o, "campaign_id", s->campaign_id);
    jset_int(o, "unit_id", s->unit_id);
    jset_str(o, "status", s->status);
    json_object_set_new(o, "late", json_boolean(s->late));
    jset_str(o, "submitted_at", s->submitted_at);
    jset_str(o, "submitted_by", s->submitted_by);
    jset_str(o, "problems", s->problems);
    jset_str(o, "measures", s->measures);
    json_object_set_new(o, "answers", sets);
    jset_str(o, "created_at", s->created_at);
    jset_str(o, "updated_at", s->updated_at);
    return o;
}

/* ------------------------------------------------------------ from JSON */

static int templates_from(struct req *r, struct campaign_input *in, ms_err *err)
{
    static const char *const allowed[] = {"standard", "assessment", NULL};
    json_t *t = json_object_get(r->json, "templates");
    int rc;

    if (!t || json_is_null(t))
        return MS_OK;
    if (!json_is_object(t))
        return ms_fail(err, MS_EINVAL, "templates", "invalid_type", "object");
    if ((rc = only_at(t, allowed, "templates", err)) != MS_OK ||
        (rc = str_at(&r->ar, t, "standard", "templates", &in->template_standard, err)) != MS_OK)
        return rc;
    return str_at(&r->ar, t, "assessment", "templates", &in->template_assessment, err);
}

static int campaign_from(struct req *r, struct campaign_input *in, int create, ms_err *err)
{
    static const char *const allowed_create[] = {"name",           "year",
                                                 "unit_rate",      "authority_rate",
                                                 "self_check_due", "onsite_from",
                                                 "onsite_to",      "rectify_from",
                                                 "rectify_to",     "summary_from",
                                                 "summary_to",     "templates",
                                                 "authority_id",   NULL};
    static const char *const allowed_patch[] = {"name",           "year",
                                                "unit_rate",      "authority_rate",
                                                "self_check_due", "onsite_from",
                                                "onsite_to",      "rectify_from",
                                                "rectify_to",     "summary_from",
                                                "summary_to",     "templates",
                                                "status",         NULL};
    static const char *const dates[] = {"self_check_due", "onsite_from", "onsite_to",
                                        "rectify_from",   "rectify_to",  "summary_from",
                                        "summary_to"};
    const char **slot[] = {&in->self_check_due, &in->onsite_from, &in->onsite_to,
                           &in->rectify_from,   &in->rectify_to,  &in->summary_from,
                           &in->summary_to};
    int rc;

    if ((rc = jbody_only(r, create ? allowed_create : allowed_patch, err)) != MS_OK ||
        (rc = jbody_str(r, "name", &in->name, err)) != MS_OK ||
        (rc = jbody_int(r, "year", &in->year, err)) != MS_OK ||
        (rc = num_at(r->json, "unit_rate", &in->unit_rate_set, &in->unit_rate, err)) != MS_OK ||
        (rc = num_at(r->json, "authority_rate", &in->authority_rate_set, &in->authority_rate,
                     err)) != MS_OK ||
        (rc = jbody_int(r, "authority_id", &in->authority_id, err)) != MS_OK ||
        (rc = jbody_str(r, "status", &in->status, err)) != MS_OK ||
        (rc = templates_from(r, in, err)) != MS_OK)
        return rc;
    for (size_t i = 0; i < MS_ARRAY_LEN(dates) && rc == MS_OK; i++)
        rc = jbody_str(r, dates[i], slot[i], err);
    return rc;
}

static int items_from(struct req *r, json_t *arr, const char *path, struct selfcheck_set_in *set,
                      ms_err *err)
{
    static const char *const allowed[] = {"no", "verdict", "note", NULL};
    struct selfcheck_item_in *items;
    char at[64], field[64];
    json_t *x;
    size_t j;
    int rc = MS_OK;

    if (!json_is_array(arr))
        return ms_fail(err, MS_EINVAL, path, "invalid_type", "array");
    items = arena_alloc(&r->ar, sizeof *items * (json_array_size(arr) + 1));
    if (!items)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    json_array_foreach(arr, j, x)
    {
        snprintf(at, sizeof at, "%s[%zu]", path, j);
        if (!json_is_object(x))
            return ms_fail(err, MS_EINVAL, at, "invalid_type", "object");
        if ((rc = only_at(x, allowed, at, err)) != MS_OK ||
            (rc = int_at(x, "no", at, &items[j].no, err)) != MS_OK ||
            (rc = str_at(&r->ar, x, "verdict", at, &items[j].verdict, err)) != MS_OK ||
            (rc = str_at(&r->ar, x, "note", at, &items[j].note, err)) != MS_OK)
            return rc;
        if (items[j].no == 0) {
            member_path(field, sizeof field, at, "no");
            return ms_fail(err, MS_EINVAL, field, "required", NULL);
        }
    }
    set->items = items;
    set->nitems = json_array_size(arr);
    return rc;
}

static int selfcheck_from(struct req *r, struct selfcheck_input *in, ms_err *err)
{
    static const char *const allowed[] = {"answers", "problems", "measures", NULL};
    static const char *const allowed_set[] = {"standard_id", "checklist", "version", "items", NULL};
    json_t *arr = r->json ? json_object_get(r->json, "answers") : NULL, *x;
    struct selfcheck_set_in *sets;
    char at[64], field[64];
    size_t i;
    int rc;

    if ((rc = jbody_only(r, allowed, err)) != MS_OK ||
        (rc = jbody_str(r, "problems", &in->problems, err)) != MS_OK ||
        (rc = jbody_str(r, "measures", &in->measures, err)) != MS_OK)
        return rc;
    if (!arr || json_is_null(arr))
        return MS_OK;
    if (!json_is_array(arr))
        return ms_fail(err, MS_EINVAL, "answers", "invalid_type", "array");
    sets = arena_alloc(&r->ar, sizeof *sets * (json_array_size(arr) + 1));
    if (!sets)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    json_array_foreach(arr, i, x)
    {
        json_t *items;
        snprintf(at, sizeof at, "answers[%zu]", i);
        if (!json_is_object(x))
            return ms_fail(err, MS_EINVAL, at, "invalid_type", "object");
        if ((rc = only_at(x, allowed_set, at, err)) != MS_OK ||
            (rc = int_at(x, "standard_id", at, &sets[i].standard_id, err)) != MS_OK ||
            (rc = str_at(&r->ar, x, "checklist", at, &sets[i].checklist, err)) != MS_OK ||
            (rc = int_at(x, "version", at, &sets[i].version, err)) != MS_OK)
            return rc;
        items = json_object_get(x, "items");
        member_path(field, sizeof field, at, "items");
        if (items && !json_is_null(items) &&
            (rc = items_from(r, items, field, &sets[i], err)) != MS_OK)
            return rc;
    }
    in->sets = sets;
    in->nsets = json_array_size(arr);
    return MS_OK;
}

/* ------------------------------------------------------------ handlers */

int h_checklists_get(struct req *r)
{
    const struct checklist *cl;
    int64_t version = 0;
    ms_err err = {0};

    if (req_query_int(r, "version", &version, &err) ||
        campaign_checklist(&r->actor, r->nparams ? r->params[0] : "", (int)version, &cl, &err))
        return reply_err(r, &err);
    return reply_doc(r, 200, checklist_json(cl));
}

int h_campaigns_list(struct req *r)
{
    struct store_page pg;
    struct campdb_filter f = {0};
    struct ms_campaign *items;
    int n;
    int64_t total, year = 0;
    ms_err err = {0};
    char today[11];
    json_t *a;

    if (req_page(r, &pg, &err) || req_query_int(r, "year", &year, &err) ||
        req_query_int(r, "authority_id", &f.authority_id, &err))
        return reply_err(r, &err);
    f.year = year > 9999 ? -1 : (int)year;
    if (campaign_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    svc_today(today);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, campaign_json(&items[i], today));
    return reply_doc(r, 200, jlist(a, total, &pg));
}

int h_campaigns_create(struct req *r)
{
    struct campaign_input in = {0};
    struct ms_campaign c;
    ms_err err = {0};
    char today[11];

    if (campaign_from(r, &in, 1, &err) || campaign_create(r->db, &r->actor, &in, &r->ar, &c, &err))
        return reply_err(r, &err);
    svc_today(today);
    return reply_doc(r, 201, campaign_json(&c, today));
}

int h_campaigns_get(struct req *r)
{
    struct ms_campaign c;
    ms_err err = {0};
    char today[11];

    if (campaign_get(r->db, &r->actor, req_param_id(r, 0), &r->ar, &c, &err))
        return reply_err(r, &err);
    svc_today(today);
    return reply_doc(r, 200, campaign_json(&c, today));
}

int h_campaigns_patch(struct req *r)
{
    struct campaign_input in = {0};
    struct ms_campaign c;
    ms_err err = {0};
    char today[11];

    if (campaign_from(r, &in, 0, &err) ||
        campaign_update(r->db, &r->actor, req_param_id(r, 0), &in, &r->ar, &c, &err))
        return reply_err(r, &err);
    svc_today(today);
    return reply_doc(r, 200, campaign_json(&c, today));
}

int h_selfchecks_list(struct req *r)
{
    struct store_page pg;
    struct campdb_overview_row *items;
    struct campdb_overview_counts counts;
    int n;
    int64_t total;
    ms_err err = {0};
    json_t *a, *o, *c;

    if (req_page(r, &pg, &err) ||
        selfcheck_overview(r->db, &r->actor, req_param_id(r, 0), req_query(r, "status"), &pg,
                           &r->ar, &items, &n, &total, &counts, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = json_object();
        jset_int(x, "unit_id", items[i].unit_id);
        jset_str(x, "uscc", items[i].uscc);
        jset_str(x, "unit_name", items[i].unit_name);
        jset_int(x, "authority_id", items[i].authority_id);
        jset_id(x, "self_check_id", items[i].selfcheck_id);
        jset_str(x, "status", items[i].status);
        json_object_set_new(x, "late", json_boolean(items[i].late));
        jset_str(x, "submitted_at", items[i].submitted_at);
        jset_str(x, "updated_at", items[i].updated_at);
        json_array_append_new(a, x);
    }
    o = jlist(a, total, &pg);
    c = json_object();
    jset_int(c, "none", counts.none);
    jset_int(c, "draft", counts.draft);
    jset_int(c, "submitted", counts.submitted);
    jset_int(c, "late", counts.late);
    json_object_set_new(o, "counts", c);
    return reply_doc(r, 200, o);
}

int h_selfcheck_get(struct req *r)
{
    struct selfcheck_report rep;
    ms_err err = {0};

    if (selfcheck_get(r->db, &r->actor, req_param_id(r, 0), req_param_id(r, 1), &r->ar, &rep, &err))
        return reply_err(r, &err);
    return reply_doc(r, 200, report_json(&rep));
}

int h_selfcheck_put(struct req *r)
{
    struct selfcheck_input in = {0};
    struct selfcheck_report rep;
    ms_err err = {0};
    json_t *o;

    if (selfcheck_from(r, &in, &err) || selfcheck_save(r->db, &r->actor, req_param_id(r, 0),
                                                       req_param_id(r, 1), &in, &r->ar, &rep, &err))
        return reply_err(r, &err);
    o = report_json(&rep);
    json_object_set_new(o, "changed", json_boolean(rep.changed));
    return reply_doc(r, 200, o);
}

int h_selfcheck_submit(struct req *r)
{
    struct selfcheck_report rep;
    struct ms_campaign c;
    ms_err err = {0}, note = {0};
    char msg[256];
    json_t *o;

    if (selfcheck_submit(r->db, &r->actor, req_param_id(r, 0), req_param_id(r, 1), &r->ar, &rep,
                         &err))
        return reply_err(r, &err);
    o = report_json(&rep);
    /* A late submission is accepted and says so. */
    if (rep.row.late &&
        campaign_get(r->db, &r->actor, rep.row.campaign_id, &r->ar, &c, &note) == MS_OK) {
        json_t *w = json_object();
        ms_fail(&note, MS_OK, "submitted_at", "selfcheck_late", c.self_check_due);
        jset_str(w, "code", "selfcheck_late");
        jset_str(w, "message", msg_format(&note, r->lang, msg, sizeof msg));
        json_object_set_new(o, "warning", w);
    }
    return reply_doc(r, 200, o);
}

/* The readers without a database (http/readers.h; fuzz/fuzz_json_body.c). */
int h_read_campaign(struct req *r, struct campaign_input *in, int create, ms_err *err)
{
    return campaign_from(r, in, create, err);
}

int h_read_selfcheck(struct req *r, struct selfcheck_input *in, ms_err *err)
{
    return selfcheck_from(r, in, err);
}
