/* h_insp.c - REST handlers of inspection work, evidence, findings and
 * rectification. Each reads the request, calls one service function and
 * writes JSON (or the evidence bytes). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/multipart.h"
#include "http/h_draw.h"
#include "http/h_insp.h"

/* ------------------------------------------------------------- to JSON */

json_t *insp_evidence_json(const struct ms_evidence *e)
{
    json_t *o = json_object();

    jset_int(o, "id", e->id);
    jset_id(o, "inspection_id", e->inspection_id);
    jset_id(o, "item_no", e->item_no);
    jset_id(o, "finding_id", e->finding_id);
    jset_id(o, "rectification_id", e->rectification_id);
    jset_str(o, "sm3", e->sm3);
    jset_int(o, "size", e->size);
    jset_str(o, "media_type", e->media_type);
    jset_str(o, "filename", e->filename);
    jset_str(o, "captured_at", e->captured_at);
    jset_str(o, "received_at", e->received_at);
    jset_str(o, "uploaded_by", e->uploaded_by);
    return o;
}

json_t *insp_finding_json(const struct ms_finding *f)
{
    json_t *o = json_object();

    jset_int(o, "id", f->id);
    jset_str(o, "source", f->source);
    jset_id(o, "inspection_id", f->inspection_id);
    jset_id(o, "campaign_id", f->campaign_id);
    jset_int(o, "authority_id", f->authority_id);
    jset_str(o, "authority_code", f->authority_code);
    jset_id(o, "unit_id", f->unit_id);
    jset_str(o, "unit_uscc", f->unit_uscc);
    jset_str(o, "unit_name", f->unit_name);
    jset_id(o, "target_authority_id", f->target_authority_id);
    jset_id(o, "standard_id", f->standard_id);
    jset_id(o, "item_no", f->item_no);
    jset_str(o, "severity", f->severity);
    jset_str(o, "description", f->description);
    jset_str(o, "deadline", f->deadline);
    jset_str(o, "status", f->status);
    jset_str(o, "failed_at", f->failed_at);
    jset_str(o, "closed_at", f->closed_at);
    jset_str(o, "created_at", f->created_at);
    jset_str(o, "updated_at", f->updated_at);
    return o;
}

static json_t *rect_json(const struct ms_rectification *x)
{
    json_t *o = json_object();

    jset_int(o, "id", x->id);
    jset_int(o, "finding_id", x->finding_id);
    jset_str(o, "text", x->text);
    jset_str(o, "submitted_by", x->submitted_by);
    jset_str(o, "submitted_at", x->submitted_at);
    json_object_set_new(o, "late", json_boolean(x->late));
    jset_str(o, "decision", x->decision);
    jset_str(o, "comment", x->comment);
    jset_str(o, "decided_by", x->decided_by);
    jset_str(o, "decided_at", x->decided_at);
    return o;
}

static json_t *results_json(const struct resdb_result *res, int n)
{
    json_t *a = json_array();

    for (int k = 0; k < n; k++) {
        json_t *o = json_object();
        jset_int(o, "item_no", res[k].item_no);
        jset_str(o, "verdict", res[k].verdict);
        jset_str(o, "note", res[k].note);
        jset_str(o, "updated_by", res[k].updated_by);
        jset_str(o, "updated_at", res[k].updated_at);
        json_array_append_new(a, o);
    }
    return a;
}

void insp_work_json(json_t *o, const struct inspwork_detail *w)
{
    json_t *ev = json_array(), *fs = json_array();

    for (int k = 0; k < w->n_evidence; k++)
        json_array_append_new(ev, insp_evidence_json(&w->evidence[k]));
    for (int k = 0; k < w->n_findings; k++)
        json_array_append_new(fs, insp_finding_json(&w->findings[k]));
    json_object_set_new(o, "results", results_json(w->results, w->n_results));
    json_object_set_new(o, "evidence", ev);
    json_object_set_new(o, "findings", fs);
}

void insp_state_json(json_t *o, const struct ms_inspection *i)
{
    char today[11];

    svc_today(today);
    jset_str(o, "started_at", i->started_at);
    jset_str(o, "conclusion", i->conclusion);
    jset_str(o, "completed_at", i->completed_at);
    jset_str(o, "completed_by", i->completed_by);
    jset_str(o, "not_performed_reason", i->not_performed_reason);
    jset_str(o, "follow_up_on", i->follow_up_on);
    jset_str(o, "tracking", i->tracking);
    jset_str(o, "tracking_note", i->tracking_note);
    jset_str(o, "reminder", inspwork_reminder(i, today));
}

/* ------------------------------------------------------------ handlers */

int h_insp_results(struct req *r)
{
    const json_t *arr = json_is_array(r->json) ? r->json : json_object_get(r->json, "results");
    struct inspwork_answer *a;
    struct inspwork_detail w;
    ms_err err = {0};
    size_t n;
    int changed = 0;
    json_t *o;

    if (json_is_object(r->json)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)r->json, k,
                            v) if (strcmp(k, "results") !=
                                   0) return reply_fail(r, 422, "unknown_field", k, k);
    }
    if (!arr)
        return reply_fail(r, 422, "required", "results", NULL);
    if (!json_is_array(arr))
        return reply_fail(r, 422, "invalid_type", "results", "array");
    n = json_array_size(arr);
    if (n > 1000)
        return reply_fail(r, 422, "too_long", "results", "1000");
    if (!(a = arena_alloc(&r->ar, (n ? n : 1) * sizeof *a)))
        return MHD_NO;
    for (size_t k = 0; k < n; k++) {
        json_t *it = json_array_get(arr, k), *no, *v, *note;
        char field[64];
        const char *key;
        json_t *val;
        snprintf(field, sizeof field, "results[%zu]", k);
        if (!json_is_object(it))
            return reply_fail(r, 422, "invalid_type", field, "object");
        json_object_foreach(it, key, val) if (strcmp(key, "item_no") != 0 &&
                                              strcmp(key, "verdict") != 0 &&
                                              strcmp(key, "note") != 0)
        {
            snprintf(field, sizeof field, "results[%zu].%s", k, key);
            return reply_fail(r, 422, "unknown_field", field, key);
        }
        no = json_object_get(it, "item_no");
        v = json_object_get(it, "verdict");
        note = json_object_get(it, "note");
        snprintf(field, sizeof field, "results[%zu].item_no", k);
        if (!no)
            return reply_fail(r, 422, "required", field, NULL);
        if (!json_is_integer(no))
            return reply_fail(r, 422, "invalid_type", field, "integer");
        snprintf(field, sizeof field, "results[%zu].verdict", k);
        if (v && !json_is_string(v))
            return reply_fail(r, 422, "invalid_type", field, "string");
        snprintf(field, sizeof field, "results[%zu].note", k);
        if (note && !json_is_null(note) &&
            (!json_is_string(note) || strlen(json_string_value(note)) != json_string_length(note)))
            return reply_fail(r, 422, json_is_string(note) ? "control_chars" : "invalid_type",
                              field, "string");
        a[k].item_no = (int64_t)json_integer_value(no);
        a[k].verdict = v ? arena_strdup(&r->ar, json_string_value(v)) : NULL;
        a[k].note =
            note && json_is_string(note) ? arena_strdup(&r->ar, json_string_value(note)) : NULL;
    }
    if (inspwork_results_save(r->db, &r->actor, req_param_id(r, 0), a, n, &changed, &err) ||
        inspwork_detail(r->db, &r->actor, req_param_id(r, 0), &r->ar, &w, &err))
        return reply_err(r, &err);
    o = json_object();
    jset_int(o, "changed", changed);
    json_object_set_new(o, "results", results_json(w.results, w.n_results));
    return reply_json(r, 200, o);
}

/* Parse the multipart body of an evidence upload into IN. */
static int upload_parts(struct req *r, struct evidence_upload *in, int with_item, ms_err *err)
{
    struct multipart_part parts[MULTIPART_MAX_PARTS];
    const struct multipart_part *file, *item, *cap;
    char boundary[80];
    int n, rc;

    if ((rc = multipart_boundary(req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), boundary,
                                 sizeof boundary, err)) != MS_OK ||
        (rc = multipart_parse(r->body ? r->body : "", r->body_len, boundary, &r->ar, parts, &n,
                              err)) != MS_OK)
        return rc;
    for (int k = 0; k < n; k++)
        if (strcmp(parts[k].name, "file") != 0 && strcmp(parts[k].name, "captured_at") != 0 &&
            (!with_item || strcmp(parts[k].name, "item_no") != 0))
            return ms_fail(err, MS_EINVAL, parts[k].name, "unknown_field", parts[k].name);
    file = multipart_get(parts, n, "file");
    item = multipart_get(parts, n, "item_no");
    cap = multipart_get(parts, n, "captured_at");
    if (!file || !file->len)
        return ms_fail(err, MS_EINVAL, "file", "required", NULL);
    in->data = file->data;
    in->len = file->len;
    in->filename = file->filename;
    in->declared = file->type;
    if (item && item->len) {
        char buf[24], *end;
        long long v;
        snprintf(buf, sizeof buf, "%.*s", (int)(item->len < 23 ? item->len : 23), item->data);
        v = strtoll(buf, &end, 10);
        if (item->len > 9 || *end || v <= 0 || buf[0] == '+' || buf[0] == '-' || buf[0] == ' ')
            return ms_fail(err, MS_EINVAL, "item_no", "invalid_int", buf);
        in->item_no = v;
    }
    if (cap && cap->len) {
        if (cap->len > 40)
            return ms_fail(err, MS_EINVAL, "captured_at", "evidence_bad_time", "");
        in->captured_at = arena_strndup(&r->ar, cap->data, cap->len);
    }
    return MS_OK;
}

static const char *evidence_dir(struct req *r)
{
    return r->cfg && r->cfg->evidence_dir ? r->cfg->evidence_dir : evidence_dir_default();
}

static int upload(struct req *r, int finding)
{
    struct evidence_upload in = {0};
    struct ms_evidence e;
    ms_err err = {0};

    if (finding)
        in.finding_id = req_param_id(r, 0);
    else
        in.inspection_id = req_param_id(r, 0);
    if (!in.finding_id && !in.inspection_id)
        return reply_fail(r, 404, "not_found", "id", NULL);
    /* Outside the caller's jurisdiction reads as missing, whatever the body. */
    if (finding) {
        struct finding_detail d;
        if (finding_get(r->db, &r->actor, in.finding_id, &r->ar, &d, &err))
            return reply_err(r, &err);
    } else {
        struct inspwork_detail d;
        if (inspwork_detail(r->db, &r->actor, in.inspection_id, &r->ar, &d, &err))
            return reply_err(r, &err);
    }
    in.max_len = r->cfg ? r->cfg->upload_limit : 0; /* --upload-limit */
    if (upload_parts(r, &in, !finding, &err) ||
        evidence_upload(r->db, &r->actor, evidence_dir(r), &in, &r->ar, &e, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, insp_evidence_json(&e));
}

int h_insp_evidence(struct req *r)
{
    return upload(r, 0);
}

int h_findings_evidence(struct req *r)
{
    return upload(r, 1);
}

int h_insp_complete(struct req *r)
{
    static const char *const allowed[] = {"conclusion", NULL};
    const char *conclusion = NULL, *got = NULL;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "conclusion", &conclusion, &err) ||
        inspwork_complete(r->db, &r->actor, req_param_id(r, 0), conclusion, &got, &err))
        return reply_err(r, &err);
    return inspection_reply(r, 200, req_param_id(r, 0));
}

int h_insp_not_performed(struct req *r)
{
    static const char *const allowed[] = {"reason", "follow_up_on", NULL};
    const char *reason = NULL, *follow = NULL;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "reason", &reason, &err) ||
        jbody_str(r, "follow_up_on", &follow, &err) ||
        inspwork_not_performed(r->db, &r->actor, req_param_id(r, 0), reason, follow, &err))
        return reply_err(r, &err);
    return inspection_reply(r, 200, req_param_id(r, 0));
}

int h_insp_close_tracking(struct req *r)
{
    static const char *const allowed[] = {"reason", NULL};
    const char *reason = NULL;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "reason", &reason, &err) ||
        inspwork_close_tracking(r->db, &r->actor, req_param_id(r, 0), reason, &err))
        return reply_err(r, &err);
    return inspection_reply(r, 200, req_param_id(r, 0));
}

/* RFC 5987 Content-Disposition of NAME. */
static char *disposition(arena *ar, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    char *ascii = arena_alloc(ar, n + 1), *enc = arena_alloc(ar, 3 * n + 1);
    size_t a = 0, e = 0;

    if (!ascii || !enc)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p);
        ascii[a++] = *p < 0x80 && *p >= 0x20 && *p != '"' && *p != '\\' ? (char)*p : '_';
        if (plain) {
            enc[e++] = (char)*p;
        } else {
            enc[e++] = '%';
            enc[e++] = hex[*p >> 4];
            enc[e++] = hex[*p & 15];
        }
    }
    ascii[a] = enc[e] = '\0';
    return arena_printf(ar, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

int h_evidence_get(struct req *r)
{
    struct ms_evidence e;
    ms_err err = {0};
    void *data = NULL;
    size_t len = 0;
    char etag[80];
    const char *cd;
    int rc;

    if (evidence_read(r->db, &r->actor, evidence_dir(r), req_param_id(r, 0), &r->ar, &e, &data,
                      &len, &err))
        return reply_err(r, &err);
    rc = reply_bytes(r, 200, e.media_type, data, len);
    ms_free(data);
    if (rc != MHD_YES)
        return rc;
    snprintf(etag, sizeof etag, "\"%s\"", e.sm3);
    MHD_add_response_header(r->resp, MHD_HTTP_HEADER_ETAG, etag);
    if ((cd = disposition(&r->ar, e.filename)))
        MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, cd);
    return MHD_YES;
}

int h_findings_list(struct req *r)
{
    struct resdb_finding_filter f = {0};
    struct ms_finding *items;
    struct store_page pg;
    const char *overdue = req_query(r, "overdue");
    int64_t total;
    ms_err err = {0};
    json_t *a;
    int n;

    f.status = req_query(r, "status");
    if (overdue && strcmp(overdue, "1") != 0 && strcmp(overdue, "0") != 0)
        return reply_fail(r, 422, "invalid_enum", "overdue", overdue);
    f.overdue = overdue && strcmp(overdue, "1") == 0;
    if (req_page(r, &pg, &err) || req_query_int(r, "campaign_id", &f.campaign_id, &err) ||
        req_query_int(r, "authority_id", &f.authority_id, &err) ||
        req_query_int(r, "unit_id", &f.unit_id, &err) ||
        req_query_int(r, "inspection_id", &f.inspection_id, &err) ||
        finding_list(r->db, &r->actor, &f, &pg, &r->ar, &items, &n, &total, &err))
        return reply_err(r, &err);
    a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, insp_finding_json(&items[i]));
    return reply_json(r, 200, jlist(a, total, &pg));
}

static int reply_finding(struct req *r, unsigned status, int64_t id)
{
    struct finding_detail d;
    ms_err err = {0};
    json_t *o, *rs, *ev;

    if (finding_get(r->db, &r->actor, id, &r->ar, &d, &err))
        return reply_err(r, &err);
    o = insp_finding_json(&d.f);
    rs = json_array();
    ev = json_array();
    for (int k = 0; k < d.n_rects; k++)
        json_array_append_new(rs, rect_json(&d.rects[k]));
    for (int k = 0; k < d.n_evidence; k++)
        json_array_append_new(ev, insp_evidence_json(&d.evidence[k]));
    json_object_set_new(o, "rectifications", rs);
    json_object_set_new(o, "evidence", ev);
    return reply_json(r, status, o);
}

int h_findings_get(struct req *r)
{
    return reply_finding(r, 200, req_param_id(r, 0));
}

int h_findings_rectify(struct req *r)
{
    static const char *const allowed[] = {"text", "evidence_ids", NULL};
    const char *text = NULL;
    json_t *ids = r->json ? json_object_get(r->json, "evidence_ids") : NULL;
    struct ms_rectification x;
    int64_t *ev = NULL;
    size_t n = 0;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "text", &text, &err))
        return reply_err(r, &err);
    if (ids && !json_is_null(ids)) {
        if (!json_is_array(ids))
            return reply_fail(r, 422, "invalid_type", "evidence_ids", "array");
        n = json_array_size(ids);
        if (n > FINDING_EVIDENCE_MAX)
            return reply_fail(r, 422, "too_long", "evidence_ids", "50");
        if (!(ev = arena_alloc(&r->ar, (n ? n : 1) * sizeof *ev)))
            return MHD_NO;
        for (size_t k = 0; k < n; k++) {
            json_t *v = json_array_get(ids, k);
            if (!json_is_integer(v) || json_integer_value(v) <= 0)
                return reply_fail(r, 422, "invalid_id", "evidence_ids", NULL);
            ev[k] = (int64_t)json_integer_value(v);
        }
    }
    if (finding_rectify(r->db, &r->actor, req_param_id(r, 0), text, ev, n, &r->ar, &x, &err))
        return reply_err(r, &err);
    return reply_json(r, 201, rect_json(&x));
}

int h_rectifications_decide(struct req *r)
{
    static const char *const allowed[] = {"decision", "comment", NULL};
    const char *decision = NULL, *comment = NULL;
    struct ms_finding f;
    ms_err err = {0};

    if (jbody_only(r, allowed, &err) || jbody_str(r, "decision", &decision, &err) ||
        jbody_str(r, "comment", &comment, &err) ||
        finding_decide(r->db, &r->actor, req_param_id(r, 0), decision, comment, &r->ar, &f, &err))
        return reply_err(r, &err);
    return reply_finding(r, 200, f.id);
}
