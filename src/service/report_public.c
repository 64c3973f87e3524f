/* report_public.c - published results (一公开): per completed inspection
 * the object, the inspecting authority, the date, the conclusion and the
 * dispositions; never a person's name, contact, account or evidence (see
 * report.h). */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "render/atomout.h"
#include "render/csvout.h"
#include "service/report.h"

#define ATOM_MAX 200

/* CAMPAIGN_ID 0 or an existing campaign; else MS_ENOTFOUND. */
static int check_campaign(store *db, int64_t campaign_id, arena *ar, ms_err *err)
{
    struct ms_campaign c;
    int rc;

    if (!campaign_id)
        return MS_OK;
    rc = campdb_campaign_get(db, NULL, campaign_id, ar, &c, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "campaign_id", "not_found", "%lld",
                        (long long)campaign_id);
    return rc;
}

static int load(store *db, int64_t campaign_id, int page, int per_page, arena *ar,
                struct rptdb_public_row **rows, int *n, int64_t *total, ms_err *err)
{
    int rc;

    store_read_begin(db);
    rc = check_campaign(db, campaign_id, ar, err);
    if (rc == MS_OK)
        rc = rptdb_public(db, campaign_id, page, per_page, ar, rows, n, total, err);
    store_read_end(db);
    return rc;
}

/* The action codes of "a,b" as names joined by "、" (into AR). */
static const char *disp_names(arena *ar, const char *codes)
{
    const char *out = "";
    char buf[64];

    while (codes && *codes) {
        size_t k = strcspn(codes, ",");
        snprintf(buf, sizeof buf, "%.*s", (int)(k < sizeof buf ? k : sizeof buf - 1), codes);
        out = arena_printf(ar, "%s%s%s", out, *out ? "、" : "", report_disposition_zh(buf));
        codes += k + (codes[k] == ',');
    }
    return out;
}

static json_t *row_json(const struct rptdb_public_row *r)
{
    json_t *o = json_object(), *obj = json_object(), *auth = json_object(), *disp = json_array();
    const char *p = r->dispositions;
    char buf[64];

    json_object_set_new(o, "inspection_id", json_integer((json_int_t)r->inspection_id));
    json_object_set_new(o, "campaign_id", json_integer((json_int_t)r->campaign_id));
    json_object_set_new(o, "campaign", json_string(r->campaign_name));
    json_object_set_new(o, "kind", json_string(r->kind));
    json_object_set_new(obj, "code", r->target ? json_string(r->target) : json_null());
    json_object_set_new(obj, "name", r->target_name ? json_string(r->target_name) : json_null());
    json_object_set_new(obj, "cert_no", r->cert_no ? json_string(r->cert_no) : json_null());
    json_object_set_new(obj, "standard",
                        r->standard_name ? json_string(r->standard_name) : json_null());
    json_object_set_new(o, "object", obj);
    json_object_set_new(auth, "code", json_string(r->authority_code));
    json_object_set_new(auth, "name", json_string(r->authority_name));
    json_object_set_new(o, "authority", auth);
    json_object_set_new(o, "date", r->completed_on ? json_string(r->completed_on) : json_null());
    json_object_set_new(o, "conclusion", r->conclusion ? json_string(r->conclusion) : json_null());
    json_object_set_new(o, "conclusion_zh", json_string(report_conclusion_zh(r->conclusion)));
    while (p && *p) {
        size_t k = strcspn(p, ",");
        json_t *d = json_object();
        snprintf(buf, sizeof buf, "%.*s", (int)(k < sizeof buf ? k : sizeof buf - 1), p);
        json_object_set_new(d, "action", json_string(buf));
        json_object_set_new(d, "name", json_string(report_disposition_zh(buf)));
        json_array_append_new(disp, d);
        p += k + (p[k] == ',');
    }
    json_object_set_new(o, "dispositions", disp);
    return o;
}

int report_public_json(store *db, int64_t campaign_id, int page, int per_page, json_t **out,
                       ms_err *err)
{
    struct rptdb_public_row *rows;
    arena ar = ARENA_INIT;
    int64_t total;
    json_t *items;
    int n, rc;

    *out = NULL;
    if ((rc = load(db, campaign_id, page, per_page, &ar, &rows, &n, &total, err)) != MS_OK)
        goto out;
    items = json_array();
    for (int i = 0; items && i < n; i++)
        json_array_append_new(items, row_json(&rows[i]));
    *out = json_object();
    if (!items || !*out) {
        json_decref(items);
        json_decref(*out);
        *out = NULL;
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    json_object_set_new(*out, "items", items);
    json_object_set_new(*out, "total", json_integer((json_int_t)total));
    json_object_set_new(*out, "page", json_integer(page));
    json_object_set_new(*out, "per_page", json_integer(per_page > 0 ? per_page : n));
out:
    arena_free(&ar);
    return rc;
}

static int public_csv(const struct rptdb_public_row *rows, int n, arena *ar, char **out,
                      size_t *len, ms_err *err)
{
    static const char *const head[] = {"检查编号", "专项监督检查", "被检查对象代码", "被检查对象",
                                       "证书编号", "计量标准",     "检查部门",       "检查日期",
                                       "检查结论", "处理决定"};
    csvout *w = csvout_new(NULL);
    int rc;

    if (!w)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    rc = csvout_row(w, head, 10, err);
    for (int i = 0; rc == MS_OK && i < n; i++) {
        const struct rptdb_public_row *r = &rows[i];
        const char *cells[] = {arena_printf(ar, "%lld", (long long)r->inspection_id),
                               r->campaign_name,
                               r->target,
                               r->target_name,
                               r->cert_no,
                               r->standard_name,
                               r->authority_name,
                               r->completed_on,
                               report_conclusion_zh(r->conclusion),
                               disp_names(ar, r->dispositions)};
        rc = csvout_row(w, cells, 10, err);
    }
    if (rc == MS_OK) {
        const char *b = csvout_bytes(w, len);
        *out = ms_malloc(*len ? *len : 1);
        if (*out)
            memcpy(*out, b, *len);
        else
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    }
    csvout_free(w);
    return rc;
}

static int public_atom(int64_t campaign_id, const struct rptdb_public_row *rows, int n,
                       const char *self, arena *ar, char **out, size_t *len, ms_err *err)
{
    struct atomout_entry *e = arena_alloc(ar, sizeof *e * (size_t)(n > 0 ? n : 1));
    char now[32];
    const char *updated;

    if (!e)
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    svc_now(now);
    updated = n > 0 && rows[0].completed_on ? arena_printf(ar, "%sT00:00:00Z", rows[0].completed_on)
                                            : now;
    for (int i = 0; i < n; i++) {
        const struct rptdb_public_row *r = &rows[i];
        const char *disp = disp_names(ar, r->dispositions);
        e[i].id = arena_printf(ar, "urn:msup:inspection:%lld", (long long)r->inspection_id);
        e[i].title = arena_printf(ar, "%s：%s", r->target_name ? r->target_name : "",
                                  report_conclusion_zh(r->conclusion));
        e[i].updated = r->completed_on ? arena_printf(ar, "%sT00:00:00Z", r->completed_on) : now;
        e[i].summary = arena_printf(
            ar,
            "%s；被检查对象：%s（%s）%s%s%s；检查部门：%s；检查日期：%s；结论：%s；处理决定：%s",
            r->campaign_name, r->target_name ? r->target_name : "", r->target ? r->target : "",
            r->standard_name ? "；计量标准：" : "", r->standard_name ? r->standard_name : "",
            r->cert_no ? arena_printf(ar, "（%s）", r->cert_no) : "", r->authority_name,
            r->completed_on ? r->completed_on : "", report_conclusion_zh(r->conclusion),
            *disp ? disp : "无");
    }
    return atomout_render(campaign_id ? arena_printf(ar, "urn:msup:public-results:campaign:%lld",
                                                     (long long)campaign_id)
                                      : "urn:msup:public-results",
                          "计量标准监督检查结果公开", updated, self, e, n, out, len, err);
}

int report_public_bytes(store *db, int64_t campaign_id, enum report_format format, const char *self,
                        char **out, size_t *len, ms_err *err)
{
    struct rptdb_public_row *rows;
    arena ar = ARENA_INIT;
    int64_t total;
    int n, rc;

    *out = NULL;
    *len = 0;
    if (format != REPORT_CSV && format != REPORT_ATOM)
        return ms_fail(err, MS_EINVAL, "format", "report_format", "");
    rc =
        load(db, campaign_id, 1, format == REPORT_ATOM ? ATOM_MAX : 0, &ar, &rows, &n, &total, err);
    if (rc == MS_OK)
        rc = format == REPORT_CSV ? public_csv(rows, n, &ar, out, len, err)
                                  : public_atom(campaign_id, rows, n, self, &ar, out, len, err);
    arena_free(&ar);
    return rc;
}
