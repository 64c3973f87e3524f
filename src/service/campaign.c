/* campaign.c - use cases of campaigns and their checklists (see
 * campaign.h); self-inspection is in selfcheck.c. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/campaign.h"

#define NAME_MAX_CHARS 200
#define DEFAULT_RATE   0.20
#define YEAR_MIN       2000
#define YEAR_MAX       2100

/* ------------------------------------------------------------ permissions */

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

/* Organising campaigns: the operator's CLI and authority staff. */
static int may_organise(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "authority");
}

/* Reading campaigns: every role with business data. */
static int may_read(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "sysadmin") || is_role(a, "authority") ||
           is_role(a, "inspector") || is_role(a, "unit");
}

void campaign_scope(const ms_actor *who, struct store_scope *sc)
{
    sc->authority_path = NULL;
    sc->unit_id = 0;
    if (is_role(who, "unit"))
        sc->unit_id = who->unit_id > 0 ? who->unit_id : -1;
    else if (is_role(who, "authority") || is_role(who, "inspector"))
        sc->authority_path = who->authority_path[0] ? who->authority_path : "/none/";
}

/* ------------------------------------------------------------- validation */

/* The windows in their order, and whether each must be strictly after the
 * one before it. */
static const char *const window_fields[] = {"self_check_due", "onsite_from", "onsite_to",
                                            "rectify_from",   "rectify_to",  "summary_from",
                                            "summary_to"};
static const int window_strict[] = {0, 0, 0, 1, 0, 1, 0};
#define NWINDOWS ((int)MS_ARRAY_LEN(window_fields))

static void windows_of(const struct ms_campaign *c, const char *v[NWINDOWS])
{
    v[0] = c->self_check_due;
    v[1] = c->onsite_from;
    v[2] = c->onsite_to;
    v[3] = c->rectify_from;
    v[4] = c->rectify_to;
    v[5] = c->summary_from;
    v[6] = c->summary_to;
}

void campaign_defaults(struct ms_campaign *c, arena *ar)
{
    static const char *const mmdd[NWINDOWS] = {"05-31", "06-01", "07-31", "08-01",
                                               "08-31", "09-01", "10-20"};
    const char **slot[NWINDOWS] = {&c->self_check_due, &c->onsite_from, &c->onsite_to,
                                   &c->rectify_from,   &c->rectify_to,  &c->summary_from,
                                   &c->summary_to};

    for (int i = 0; i < NWINDOWS; i++)
        if (!*slot[i])
            *slot[i] = arena_printf(ar, "%04d-%s", c->year, mmdd[i]);
    if (!c->template_standard)
        c->template_standard = "A1";
    if (!c->template_assessment)
        c->template_assessment = "A2";
    if (!c->status)
        c->status = "active";
}

static int check_rate(const char *field, double r, ms_err *err)
{
    if (r > 0.0 && r <= 1.0)
        return MS_OK;
    return ms_failf(err, MS_EINVAL, field, "campaign_rate", "%g", r);
}

/* CODE must be a checklist of SCOPE ("standard" / "authority"). */
static int check_template(const char *field, const char *code, const char *scope, ms_err *err)
{
    const struct checklist *cl = checklist_find(code, 0, NULL);

    if (text_blank(code))
        return ms_fail(err, MS_EINVAL, field, "required", NULL);
    if (!cl || (cl->scope && strcmp(cl->scope, scope) != 0))
        return ms_fail(err, MS_EINVAL, field, "checklist_unknown", code);
    return MS_OK;
}

int campaign_validate(const struct ms_campaign *c, ms_err *err)
{
    const char *v[NWINDOWS];
    int rc;

    windows_of(c, v);
    if ((rc = text_check("name", c->name, NAME_MAX_CHARS, 1, 0, err)) != MS_OK)
        return rc;
    if (c->year < YEAR_MIN || c->year > YEAR_MAX)
        return ms_failf(err, MS_EINVAL, "year", "campaign_year", "%d", c->year);
    if ((rc = check_rate("unit_rate", c->unit_rate, err)) != MS_OK ||
        (rc = check_rate("authority_rate", c->authority_rate, err)) != MS_OK)
        return rc;
    for (int i = 0; i < NWINDOWS; i++) {
        if (text_blank(v[i]))
            return ms_fail(err, MS_EINVAL, window_fields[i], "required", NULL);
        if ((rc = date_parse(v[i], NULL, window_fields[i], err)) != MS_OK)
            return rc;
    }
    for (int i = 1; i < NWINDOWS; i++) {
        int cmp = strcmp(v[i - 1], v[i]);
        if (cmp > 0 || (cmp == 0 && window_strict[i]))
            return ms_failf(err, MS_EINVAL, window_fields[i], "campaign_window_order", "%s %s",
                            window_fields[i - 1], v[i - 1]);
    }
    if ((rc = check_template("templates.standard", c->template_standard, "standard", err)) !=
            MS_OK ||
        (rc = check_template("templates.assessment", c->template_assessment, "authority", err)) !=
            MS_OK)
        return rc;
    if (!c->status || (strcmp(c->status, "active") != 0 && strcmp(c->status, "closed") != 0))
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", c->status);
    return MS_OK;
}

const char *campaign_stage(const struct ms_campaign *c, const char *today)
{
    if (c->status && strcmp(c->status, "closed") == 0)
        return "closed";
    if (strcmp(today, c->self_check_due) <= 0)
        return "self_check";
    if (strcmp(today, c->onsite_to) <= 0)
        return "onsite";
    if (strcmp(today, c->rectify_to) <= 0)
        return "rectify";
    if (strcmp(today, c->summary_to) <= 0)
        return "summary";
    return "finished";
}

/* ----------------------------------------------------------------- writes */

struct write_ctx {
    const ms_actor *who;
    arena *ar;
    struct ms_campaign c; /* create: the new campaign */
    const struct campaign_input *patch;
    int64_t id;
    char now[32];
    struct store_scope sc;
    struct ms_campaign *out;
};

static void jput(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

/* Rates go into the audit trail as text (no reals in hashed data). */
static void jput_rate(json_t *o, const char *k, double v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%g", v);
    json_object_set_new(o, k, json_string(buf));
}

/* The audit change of a campaign write: the members given in IN, or all of
 * C when IN is NULL. */
static json_t *change_of(const struct campaign_input *in, const struct ms_campaign *c)
{
    json_t *o = json_object();

    jput(o, "name", in ? in->name : c->name);
    if (!in || in->year)
        json_object_set_new(o, "year", json_integer(in ? in->year : c->year));
    if (!in || in->unit_rate_set)
        jput_rate(o, "unit_rate", in ? in->unit_rate : c->unit_rate);
    if (!in || in->authority_rate_set)
        jput_rate(o, "authority_rate", in ? in->authority_rate : c->authority_rate);
    jput(o, "self_check_due", in ? in->self_check_due : c->self_check_due);
    jput(o, "onsite_from", in ? in->onsite_from : c->onsite_from);
    jput(o, "onsite_to", in ? in->onsite_to : c->onsite_to);
    jput(o, "rectify_from", in ? in->rectify_from : c->rectify_from);
    jput(o, "rectify_to", in ? in->rectify_to : c->rectify_to);
    jput(o, "summary_from", in ? in->summary_from : c->summary_from);
    jput(o, "summary_to", in ? in->summary_to : c->summary_to);
    jput(o, "template_standard", in ? in->template_standard : c->template_standard);
    jput(o, "template_assessment", in ? in->template_assessment : c->template_assessment);
    if (!in)
        json_object_set_new(o, "authority_id", json_integer(c->authority_id));
    jput(o, "status", in ? in->status : c->status);
    return o;
}

static int audited(store *db, const ms_actor *who, const char *action, int64_t id, json_t *change,
                   ms_err *err)
{
    int rc = change ? audit_append(db, who, action, "campaign", id, change, err)
                    : ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);

    json_decref(change);
    return rc;
}

static int tx_create(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *w = ctx;
    struct ms_authority a;
    int rc = reg_authority_get(db, NULL, w->c.authority_id, w->ar, &a, err);

    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_EINVAL, "authority_id", "unknown_authority", "%lld",
                        (long long)w->c.authority_id);
    if (rc != MS_OK || (rc = campdb_campaign_insert(db, &w->c, w->now, err)) != MS_OK ||
        (rc = audited(db, w->who, "campaign.create", w->c.id, change_of(NULL, &w->c), err)) !=
            MS_OK)
        return rc;
    return w->out ? campdb_campaign_get(db, NULL, w->c.id, w->ar, w->out, err) : MS_OK;
}

int campaign_create(store *db, const ms_actor *who, const struct campaign_input *in, arena *ar,
                    struct ms_campaign *out, ms_err *err)
{
    struct write_ctx w = {.who = who, .ar = ar, .out = out};
    struct ms_campaign *c = &w.c;
    int rc;

    if (!may_organise(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    c->authority_id = in->authority_id;
    if (is_role(who, "authority")) {
        if (c->authority_id && c->authority_id != who->authority_id)
            return ms_fail(err, MS_EFORBIDDEN, "authority_id", "campaign_own_authority", NULL);
        c->authority_id = who->authority_id;
    }
    if (c->authority_id <= 0)
        return ms_fail(err, MS_EINVAL, "authority_id", "required", NULL);
    if (!in->year)
        return ms_fail(err, MS_EINVAL, "year", "required", NULL);
    if (in->year < YEAR_MIN || in->year > YEAR_MAX)
        return ms_failf(err, MS_EINVAL, "year", "campaign_year", "%lld", (long long)in->year);
    c->name = in->name;
    c->year = (int)in->year;
    c->unit_rate = in->unit_rate_set ? in->unit_rate : DEFAULT_RATE;
    c->authority_rate = in->authority_rate_set ? in->authority_rate : DEFAULT_RATE;
    c->self_check_due = in->self_check_due;
    c->onsite_from = in->onsite_from;
    c->onsite_to = in->onsite_to;
    c->rectify_from = in->rectify_from;
    c->rectify_to = in->rectify_to;
    c->summary_from = in->summary_from;
    c->summary_to = in->summary_to;
    c->template_standard = in->template_standard;
    c->template_assessment = in->template_assessment;
    c->status = in->status;
    campaign_defaults(c, ar);
    if ((rc = campaign_validate(c, err)) != MS_OK)
        return rc;
    svc_now(w.now);
    return store_tx(db, tx_create, &w, err);
}

#define MERGE(f)                                                                                   \
    if (p->f)                                                                                      \
    cur.f = p->f

static int tx_update(store *db, void *ctx, ms_err *err)
{
    struct write_ctx *w = ctx;
    const struct campaign_input *p = w->patch;
    struct ms_campaign cur;
    int rc = campdb_campaign_get(db, &w->sc, w->id, w->ar, &cur, err);

    if (rc != MS_OK)
        return rc;
    if (is_role(w->who, "authority") && cur.authority_id != w->who->authority_id)
        return ms_fail(err, MS_EFORBIDDEN, "authority_id", "campaign_own_authority", NULL);
    MERGE(name);
    MERGE(self_check_due);
    MERGE(onsite_from);
    MERGE(onsite_to);
    MERGE(rectify_from);
    MERGE(rectify_to);
    MERGE(summary_from);
    MERGE(summary_to);
    MERGE(template_standard);
    MERGE(template_assessment);
    MERGE(status);
    if (p->year)
        cur.year = p->year < YEAR_MIN || p->year > YEAR_MAX ? -1 : (int)p->year;
    if (p->unit_rate_set)
        cur.unit_rate = p->unit_rate;
    if (p->authority_rate_set)
        cur.authority_rate = p->authority_rate;
    if (cur.year < 0)
        return ms_failf(err, MS_EINVAL, "year", "campaign_year", "%lld", (long long)p->year);
    if ((rc = campaign_validate(&cur, err)) != MS_OK ||
        (rc = campdb_campaign_update(db, &cur, w->now, err)) != MS_OK ||
        (rc = audited(db, w->who, "campaign.update", w->id, change_of(p, &cur), err)) != MS_OK)
        return rc;
    return campdb_campaign_get(db, &w->sc, w->id, w->ar, w->out, err);
}

int campaign_update(store *db, const ms_actor *who, int64_t id, const struct campaign_input *patch,
                    arena *ar, struct ms_campaign *out, ms_err *err)
{
    struct write_ctx w = {.who = who, .ar = ar, .patch = patch, .id = id, .out = out};

    if (!may_organise(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (patch->authority_id)
        return ms_fail(err, MS_EINVAL, "authority_id", "field_not_allowed", "authority_id");
    svc_now(w.now);
    campaign_scope(who, &w.sc);
    return store_tx(db, tx_update, &w, err);
}

/* ------------------------------------------------------------------ reads */

int campaign_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_campaign *out,
                 ms_err *err)
{
    struct store_scope sc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    campaign_scope(who, &sc);
    return campdb_campaign_get(db, &sc, id, ar, out, err);
}

int campaign_list(store *db, const ms_actor *who, const struct campdb_filter *f,
                  const struct store_page *pg, arena *ar, struct ms_campaign **items, int *n,
                  int64_t *total, ms_err *err)
{
    struct store_scope sc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    if (f && f->year && (f->year < YEAR_MIN || f->year > YEAR_MAX))
        return ms_failf(err, MS_EINVAL, "year", "campaign_year", "%d", f->year);
    campaign_scope(who, &sc);
    return campdb_campaign_list(db, &sc, f, pg, ar, items, n, total, err);
}

int campaign_checklist(const ms_actor *who, const char *code, int version,
                       const struct checklist **out, ms_err *err)
{
    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (version < 0)
        return ms_fail(err, MS_EINVAL, "version", "invalid_int", NULL);
    *out = checklist_find(code, version, err);
    return *out ? MS_OK : err ? err->code : MS_ENOTFOUND;
}
