/* report.c - the campaign summary and its JSON (see report.h); the other
 * outputs are in report_out.c, report_form.c and report_public.c. */
#include <math.h>
#include <string.h>

#include "core/checklist.h"
#include "core/field.h"
#include "service/campaign.h"
#include "service/report.h"

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

int report_format_parse(const char *s, enum report_format *out, ms_err *err)
{
    static const char *const names[] = {"json", "csv", "xlsx", "pdf", "atom"};

    for (int i = 0; i < (int)MS_ARRAY_LEN(names); i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (enum report_format)i;
            return MS_OK;
        }
    return ms_fail(err, MS_EINVAL, "format", "report_format", s ? s : "");
}

const char *report_conclusion_zh(const char *c)
{
    if (!c)
        return "";
    if (strcmp(c, "pass") == 0)
        return "合格";
    if (strcmp(c, "rectify") == 0)
        return "需整改";
    if (strcmp(c, "fail") == 0)
        return "不合格";
    return c;
}

const char *report_disposition_zh(const char *action)
{
    static const char *const map[][2] = {
        {"order_rectify", "责令改正/限期整改"},
        {"warning", "警告"},
        {"stop_use", "责令停止使用"},
        {"stop_transfer", "责令停止量值传递"},
        {"fine", "罚款"},
        {"revoke_certificate", "吊销证书"},
        {"cancel_certificate", "注销证书"},
        {"refer", "移送"},
    };
    for (size_t i = 0; action && i < MS_ARRAY_LEN(map); i++)
        if (strcmp(action, map[i][0]) == 0)
            return map[i][1];
    return action ? action : "";
}

/* ------------------------------------------------------------------ summary */

int report_summary(store *db, const ms_actor *who, int64_t campaign_id, int64_t authority_id,
                   arena *ar, struct report_summary *out, ms_err *err)
{
    struct store_scope sc;
    int rc;

    memset(out, 0, sizeof *out);
    if (!is_role(who, "authority") && !is_role(who, "system"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = campaign_get(db, who, campaign_id, ar, &out->campaign, err)) != MS_OK)
        return rc;
    if (!authority_id)
        authority_id = is_role(who, "authority") ? who->authority_id : out->campaign.authority_id;
    svc_scope(who, &sc);
    sc.unit_id = 0;
    rc = reg_authority_get(db, &sc, authority_id, ar, &out->authority, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "authority_id", "not_found", "%lld",
                        (long long)authority_id);
    if (rc != MS_OK)
        return rc;
    svc_today(out->as_of);
    svc_now(out->generated_at);
    store_read_begin(db);
    rc = rptdb_summary(db, campaign_id, out->authority.path, out->as_of, ar, &out->s, err);
    if (rc == MS_OK)
        rc = risk_list(db, who, out->authority.id, REPORT_TOP_RISK, out->as_of, ar, &out->risk,
                       &out->nrisk, &out->risk_total, err);
    store_read_end(db);
    return rc;
}

/* ------------------------------------------------------------------- JSON */

/* NUM / DEN rounded to 4 decimals, or null when DEN is 0. */
static json_t *rate(int64_t num, int64_t den)
{
    return den > 0 ? json_real(round((double)num / (double)den * 10000.0) / 10000.0) : json_null();
}

static json_t *obj(void)
{
    return json_object();
}

static void put(json_t *o, const char *k, json_t *v)
{
    json_object_set_new(o, k, v ? v : json_null());
}

static void puti(json_t *o, const char *k, int64_t v)
{
    put(o, k, json_integer((json_int_t)v));
}

static void puts_(json_t *o, const char *k, const char *v)
{
    put(o, k, v ? json_string(v) : json_null());
}

static json_t *draws_json(int64_t draws, int64_t roster, int64_t quota, int64_t selected)
{
    json_t *o = obj();
    puti(o, "draws", draws);
    puti(o, "roster", roster);
    puti(o, "quota", quota);
    puti(o, "selected", selected);
    return o;
}

static json_t *items_json(const struct rptdb_summary *s)
{
    json_t *a = json_array();

    for (int i = 0; i < s->nitems; i++) {
        const struct rptdb_item *it = &s->items[i];
        const struct checklist *cl = checklist_find(it->checklist, 0, NULL);
        const struct checklist_item *ci = cl ? checklist_item(cl, it->item_no) : NULL;
        int64_t answered = it->conform + it->nonconform + it->defect;
        json_t *o = obj();

        puts_(o, "checklist", it->checklist);
        puti(o, "item_no", it->item_no);
        puts_(o, "text", ci ? ci->text : NULL);
        put(o, "key", json_boolean(ci && ci->key));
        puti(o, "answered", answered);
        puti(o, "conform", it->conform);
        puti(o, "nonconform", it->nonconform);
        puti(o, "defect", it->defect);
        puti(o, "na", it->na);
        put(o, "nonconformity_rate", rate(it->nonconform + it->defect, answered));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *fields_json(const struct rptdb_summary *s)
{
    json_t *o = obj(), *a = json_array();

    puti(o, "in_scope", s->fields_in_scope);
    puti(o, "covered", s->fields_covered);
    put(o, "coverage_rate", rate(s->fields_covered, s->fields_in_scope));
    for (int i = 0; i < s->nfields; i++) {
        const struct rptdb_field *f = &s->fields[i];
        const struct jjf_field *jf = field_find(f->field);
        json_t *x = obj();
        puts_(x, "field", f->field);
        puts_(x, "name", jf ? field_name(jf, MS_LANG_ZH) : NULL);
        puti(x, "standards", f->standards);
        puti(x, "inspections", f->inspections);
        puti(x, "completed", f->completed);
        puti(x, "nonconforming", f->nonconforming);
        put(x, "nonconformity_rate", rate(f->nonconforming, f->completed));
        json_array_append_new(a, x);
    }
    put(o, "items", a);
    return o;
}

static json_t *sectors_json(const struct rptdb_summary *s)
{
    json_t *a = json_array();

    for (int k = 0; k < MODEL_SECTOR_COUNT; k++) {
        const struct rptdb_sector *x = &s->sectors[k];
        json_t *o = obj();
        puts_(o, "sector", model_sectors[k]);
        puts_(o, "name", model_sectors_zh[k]);
        puti(o, "standards", x->standards);
        puti(o, "units", x->units);
        puti(o, "inspections", x->inspections);
        puti(o, "completed", x->completed);
        puti(o, "nonconforming", x->nonconforming);
        put(o, "nonconformity_rate", rate(x->nonconforming, x->completed));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *rect_json(const struct rptdb_summary *s)
{
    json_t *o = obj(), *sev = obj(), *sub = obj();

    puti(o, "findings", s->findings);
    puti(o, "open", s->f_open);
    puti(o, "submitted", s->f_submitted);
    puti(o, "accepted", s->f_accepted);
    puti(o, "rejected", s->f_rejected);
    puti(o, "failed", s->f_failed);
    puti(o, "overdue", s->f_overdue);
    put(o, "accepted_rate", rate(s->f_accepted, s->findings));
    puti(sev, "nonconform", s->f_nonconform);
    puti(sev, "defect", s->f_defect);
    puti(sev, "key", s->f_key);
    put(o, "by_severity", sev);
    puti(sub, "total", s->rect_submissions);
    puti(sub, "late", s->rect_late);
    puti(sub, "accepted", s->rect_accepted);
    puti(sub, "rejected", s->rect_rejected);
    puti(sub, "pending", s->rect_pending);
    put(o, "submissions", sub);
    return o;
}

static json_t *disp_json(const struct rptdb_summary *s)
{
    json_t *o = obj(), *a = json_array();
    int64_t total = 0, amount = 0;

    for (int i = 0; i < s->ndispositions; i++) {
        const struct rptdb_disposition *d = &s->dispositions[i];
        json_t *x = obj();
        puts_(x, "action", d->action);
        puts_(x, "name", report_disposition_zh(d->action));
        puti(x, "count", d->count);
        puti(x, "units", d->units);
        puti(x, "amount_yuan", d->amount_yuan);
        json_array_append_new(a, x);
        total += d->count;
        amount += d->amount_yuan;
    }
    puti(o, "total", total);
    puti(o, "amount_yuan", amount);
    put(o, "items", a);
    return o;
}

static json_t *risk_json(const struct report_summary *r)
{
    json_t *o = obj(), *a = json_array();

    puti(o, "total", r->risk_total);
    for (int i = 0; i < r->nrisk; i++) {
        const struct risk_row *x = &r->risk[i];
        json_t *u = obj(), *rs = json_array();
        puti(u, "rank", i + 1);
        puti(u, "unit_id", x->unit_id);
        puts_(u, "uscc", x->uscc);
        puts_(u, "name", x->name);
        puti(u, "score", x->score);
        for (int k = 0; k < x->nreasons; k++) {
            const struct risk_reason *rr = &x->reasons[k];
            json_t *y = obj();
            puts_(y, "code", risk_weights[rr->factor].code);
            puts_(y, "label", risk_weights[rr->factor].label_zh);
            puti(y, "count", rr->count);
            puti(y, "points", rr->points);
            json_array_append_new(rs, y);
        }
        put(u, "reasons", rs);
        json_array_append_new(a, u);
    }
    put(o, "items", a);
    return o;
}

json_t *report_summary_json(const struct report_summary *r)
{
    const struct rptdb_summary *s = &r->s;
    json_t *o = obj(), *c = obj(), *a = obj(), *sc = obj(), *si = obj(), *dr = obj(), *in = obj(),
           *np = obj(), *co = obj();
    int64_t live = s->planned + s->in_progress + s->completed + s->not_performed;

    if (!o || !c || !a || !sc || !si || !dr || !in || !np || !co) {
        json_decref(o);
        json_decref(c);
        json_decref(a);
        json_decref(sc);
        json_decref(si);
        json_decref(dr);
        json_decref(in);
        json_decref(np);
        json_decref(co);
        return NULL;
    }
    puti(c, "id", r->campaign.id);
    puts_(c, "name", r->campaign.name);
    puti(c, "year", r->campaign.year);
    put(o, "campaign", c);
    puti(a, "id", r->authority.id);
    puts_(a, "code", r->authority.code);
    puts_(a, "name", r->authority.name);
    puts_(a, "level", r->authority.level);
    put(o, "authority", a);
    puts_(o, "as_of", r->as_of);
    puts_(o, "generated_at", r->generated_at);

    puti(sc, "units", s->units);
    puti(sc, "standards", s->standards);
    put(o, "scope", sc);

    puti(si, "units", s->units);
    puti(si, "submitted", s->sc_submitted);
    puti(si, "late", s->sc_late);
    puti(si, "draft", s->sc_draft);
    puti(si, "not_started", s->units - s->sc_submitted - s->sc_draft);
    put(si, "submission_rate", rate(s->sc_submitted, s->units));
    put(o, "self_inspection", si);

    put(dr, "units",
        draws_json(s->draws_units, s->roster_units, s->quota_units, s->selected_units));
    put(dr, "authorities",
        draws_json(s->draws_authorities, s->roster_authorities, s->quota_authorities,
                   s->selected_authorities));
    put(o, "draws", dr);
    put(o, "fields", fields_json(s));

    puti(in, "total", live);
    puti(in, "standard", s->insp_standard);
    puti(in, "assessment", s->insp_assessment);
    puti(in, "planned", s->planned);
    puti(in, "in_progress", s->in_progress);
    puti(in, "completed", s->completed);
    puti(in, "not_performed", s->not_performed);
    puti(in, "cancelled", s->cancelled);
    put(in, "completion_rate", rate(s->completed, live));
    puti(np, "open", s->np_open);
    puti(np, "closed", s->np_closed);
    puti(np, "follow_up_overdue", s->np_follow_up_overdue);
    put(in, "not_performed_follow_up", np);
    put(o, "inspections", in);

    puti(co, "pass", s->pass);
    puti(co, "rectify", s->rectify);
    puti(co, "fail", s->fail);
    put(co, "pass_rate", rate(s->pass, s->completed));
    put(o, "conclusions", co);

    put(o, "items", items_json(s));
    put(o, "sectors", sectors_json(s));
    put(o, "rectification", rect_json(s));
    put(o, "dispositions", disp_json(s));
    put(o, "top_risk_units", risk_json(r));
    return o;
}
