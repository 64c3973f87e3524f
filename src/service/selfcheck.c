/* selfcheck.c - self-inspection (自查) of units in a campaign: drafts,
 * submission and the authority's overview (see campaign.h).
 *
 * The answers are stored as canonical JSON text, one set per standard
 * sorted by standard id, items by number:
 *   [{"checklist":"A1","items":[{"no":1,"note":"..","verdict":"conform"}],
 *     "standard_id":12,"version":1}]
 * so that saving the same answers twice yields the same bytes, and each set
 * keeps the checklist version it was answered against. */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/canon.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/campaign.h"

#define MAX_SETS  2000
#define MAX_ITEMS 200
#define NOTE_MAX  1000
#define TEXT_MAX  5000

/* ------------------------------------------------------------ permissions */

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

/* Writing a report: the unit's own staff, and the operator's CLI. */
static int may_write(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "unit");
}

static int may_read(const ms_actor *a)
{
    return may_write(a) || is_role(a, "sysadmin") || is_role(a, "authority") ||
           is_role(a, "inspector");
}

/* ---------------------------------------------------------- answers JSON */

static int oom(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
}

static json_t *answers_json(const struct selfcheck_set *s, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < n; i++) {
        json_t *items = json_array();
        for (size_t j = 0; items && j < s[i].nitems; j++) {
            const struct checklist_answer *x = &s[i].items[j];
            json_t *o = json_object();
            json_object_set_new(o, "no", json_integer(x->no));
            if (x->verdict != CHECKLIST_UNANSWERED)
                json_object_set_new(o, "verdict", json_string(checklist_verdict_name(x->verdict)));
            if (x->note)
                json_object_set_new(o, "note", json_string(x->note));
            json_array_append_new(items, o);
        }
        json_array_append_new(
            a, json_pack("{s:I,s:s,s:i,s:o}", "standard_id", (json_int_t)s[i].standard_id,
                         "checklist", s[i].checklist, "version", s[i].version, "items", items));
    }
    return a;
}

/* The canonical text of S[0..N) into *OUT (in AR). */
static int answers_text(const struct selfcheck_set *s, size_t n, arena *ar, const char **out,
                        ms_err *err)
{
    json_t *a = answers_json(s, n);
    char *text = a ? canon_dump(a, NULL) : NULL;

    *out = text ? arena_strdup(ar, text) : NULL;
    ms_free(text);
    json_decref(a);
    return *out ? MS_OK : oom(err);
}

static int stored_bad(ms_err *err)
{
    return ms_fail(err, MS_EINTERNAL, "answers", "internal", "stored answers do not parse");
}

/* Parse stored answers TEXT into *SETS (in AR). */
static int answers_parse(const char *text, arena *ar, struct selfcheck_set **sets, size_t *n,
                         ms_err *err)
{
    json_t *root = canon_parse(text ? text : "[]"), *s, *items, *x;
    size_t i, j;
    int rc = MS_OK;

    *sets = NULL;
    *n = 0;
    if (!json_is_array(root)) {
        rc = stored_bad(err);
        goto out;
    }
    *sets = arena_alloc(ar, sizeof **sets * (json_array_size(root) + 1));
    if (!*sets) {
        rc = oom(err);
        goto out;
    }
    json_array_foreach(root, i, s)
    {
        struct selfcheck_set *d = &(*sets)[i];
        items = json_object_get(s, "items");
        d->standard_id = json_integer_value(json_object_get(s, "standard_id"));
        d->checklist = arena_strdup(ar, json_string_value(json_object_get(s, "checklist")));
        d->version = (int)json_integer_value(json_object_get(s, "version"));
        if (!json_is_array(items) || !d->checklist || d->standard_id <= 0) {
            rc = stored_bad(err);
            goto out;
        }
        d->items = arena_alloc(ar, sizeof *d->items * (json_array_size(items) + 1));
        if (!d->items) {
            rc = oom(err);
            goto out;
        }
        json_array_foreach(items, j, x)
        {
            const char *note = json_string_value(json_object_get(x, "note"));
            d->items[j].no = (int)json_integer_value(json_object_get(x, "no"));
            d->items[j].verdict =
                checklist_verdict_parse(json_string_value(json_object_get(x, "verdict")));
            if (d->items[j].verdict < 0)
                d->items[j].verdict = CHECKLIST_UNANSWERED;
            d->items[j].note = note ? arena_strdup(ar, note) : NULL;
        }
        d->nitems = json_array_size(items);
        (*n)++;
    }
out:
    json_decref(root);
    return rc;
}

/* ----------------------------------------------------------------- reports */

/* The stored report of UNIT_ID into OUT ("none" when there is none). */
static int report_load(store *db, int64_t campaign_id, int64_t unit_id, arena *ar,
                       struct selfcheck_report *out, ms_err *err)
{
    int rc;

    memset(out, 0, sizeof *out);
    rc = campdb_selfcheck_get(db, campaign_id, unit_id, ar, &out->row, err);
    if (rc == MS_ENOTFOUND) {
        ms_err_clear(err);
        out->row.campaign_id = campaign_id;
        out->row.unit_id = unit_id;
        out->row.status = "none";
        out->row.answers = "[]";
        return MS_OK;
    }
    if (rc == MS_OK)
        rc = answers_parse(out->row.answers, ar, &out->sets, &out->nsets, err);
    for (size_t i = 0; rc == MS_OK && i < out->nsets; i++) {
        struct selfcheck_set *s = &out->sets[i];
        const struct checklist *cl = checklist_find(s->checklist, s->version, NULL);
        if (cl)
            checklist_conclude(cl, s->items, s->nitems, &s->conclusion, NULL);
    }
    return rc;
}

/* Work of one save or submit. */
struct sc_ctx {
    const ms_actor *who;
    arena *ar;
    int64_t campaign_id, unit_id;
    struct selfcheck_set *sets; /* save: the input, validated, in input order */
    size_t nsets;
    const char *problems, *measures;
    char now[32], today[11];
    struct selfcheck_report *out;
};

/* The campaign must be visible to WHO, and the unit one of the campaign's
 * that WHO may see (unit users: their own). */
static int resolve(store *db, const struct sc_ctx *x, struct ms_campaign *c, ms_err *err)
{
    struct store_scope sc;
    struct ms_unit u;
    int yes = 0, rc;

    campaign_scope(x->who, &sc);
    if ((rc = campdb_campaign_get(db, &sc, x->campaign_id, x->ar, c, err)) != MS_OK)
        return rc;
    if (is_role(x->who, "unit") && x->who->unit_id != x->unit_id)
        return ms_failf(err, MS_ENOTFOUND, "unit_id", "not_found", "%lld", (long long)x->unit_id);
    svc_scope(x->who, &sc);
    rc = reg_unit_get(db, &sc, x->unit_id, x->ar, &u, err);
    if (rc == MS_OK)
        rc = campdb_unit_in_campaign(db, c->authority_path, x->unit_id, &yes, err);
    if (rc == MS_ENOTFOUND || (rc == MS_OK && !yes))
        return ms_failf(err, MS_ENOTFOUND, "unit_id", "not_found", "%lld", (long long)x->unit_id);
    return rc;
}

static int path_fail(ms_err *err, int code, const char *key, const char *arg, const char *fmt,
                     size_t i, size_t j)
{
    char field[64];

    snprintf(field, sizeof field, fmt, i, j);
    return ms_fail(err, code, field, key, arg);
}

static int find_standard(const struct campdb_standard *v, int n, int64_t id)
{
    for (int k = 0; k < n; k++)
        if (v[k].id == id)
            return k;
    return -1;
}

static int cmp_set(const void *a, const void *b)
{
    const struct selfcheck_set *x = a, *y = b;
    return (x->standard_id > y->standard_id) - (x->standard_id < y->standard_id);
}

static int cmp_answer(const void *a, const void *b)
{
    const struct checklist_answer *x = a, *y = b;
    return (x->no > y->no) - (x->no < y->no);
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ------------------------------------------------------------------- save */

/* Pure checks of IN into X->sets (verdicts, notes, texts). */
static int input_convert(struct sc_ctx *x, const struct selfcheck_input *in, ms_err *err)
{
    char field[64];
    int rc = MS_OK;

    if (in->nsets > MAX_SETS)
        return ms_failf(err, MS_EINVAL, "answers", "too_long", "%d", MAX_SETS);
    if ((rc = text_check("problems", in->problems, TEXT_MAX, 0, 1, err)) != MS_OK ||
        (rc = text_check("measures", in->measures, TEXT_MAX, 0, 1, err)) != MS_OK)
        return rc;
    x->problems = text_blank(in->problems) ? NULL : in->problems;
    x->measures = text_blank(in->measures) ? NULL : in->measures;
    x->nsets = in->nsets;
    x->sets = arena_alloc(x->ar, sizeof *x->sets * (in->nsets + 1));
    if (!x->sets)
        return oom(err);
    for (size_t i = 0; i < in->nsets && rc == MS_OK; i++) {
        const struct selfcheck_set_in *s = &in->sets[i];
        struct selfcheck_set *d = &x->sets[i];
        if (s->standard_id <= 0)
            return path_fail(err, MS_EINVAL, "required", NULL, "answers[%zu].standard_id", i, 0);
        if (s->version < 0 || s->version > INT_MAX)
            return path_fail(err, MS_EINVAL, "checklist_version_unknown", NULL,
                             "answers[%zu].version", i, 0);
        if (s->nitems > MAX_ITEMS)
            return path_fail(err, MS_EINVAL, "too_long", "200", "answers[%zu].items", i, 0);
        d->standard_id = s->standard_id;
        d->checklist = s->checklist;
        d->version = (int)s->version;
        d->nitems = s->nitems;
        d->items = arena_alloc(x->ar, sizeof *d->items * (s->nitems + 1));
        if (!d->items)
            return oom(err);
        for (size_t j = 0; j < s->nitems && rc == MS_OK; j++) {
            const struct selfcheck_item_in *a = &s->items[j];
            struct checklist_answer *b = &d->items[j];
            char no[24];
            b->no = a->no >= 1 && a->no <= INT_MAX ? (int)a->no : 0;
            snprintf(no, sizeof no, "%lld", (long long)a->no);
            b->verdict =
                text_blank(a->verdict) ? CHECKLIST_UNANSWERED : checklist_verdict_parse(a->verdict);
            if (b->verdict < 0)
                return path_fail(err, MS_EINVAL, "checklist_verdict", no,
                                 "answers[%zu].items[%zu].verdict", i, j);
            snprintf(field, sizeof field, "answers[%zu].items[%zu].note", i, j);
            rc = text_check(field, a->note, NOTE_MAX, 0, 1, err);
            b->note = text_blank(a->note) ? NULL : a->note;
        }
    }
    return rc;
}

/* Check X->sets against the unit's active standards and the checklists;
 * fills in each set's checklist code and version. */
static int sets_check(store *db, struct sc_ctx *x, const struct ms_campaign *c, ms_err *err)
{
    struct campdb_standard *stds;
    int nstd, rc = campdb_unit_standards(db, x->unit_id, x->ar, &stds, &nstd, err);
    char field[64], arg[32];

    for (size_t i = 0; rc == MS_OK && i < x->nsets; i++) {
        struct selfcheck_set *s = &x->sets[i];
        const struct checklist *cl;
        snprintf(arg, sizeof arg, "%lld", (long long)s->standard_id);
        if (find_standard(stds, nstd, s->standard_id) < 0)
            return path_fail(err, MS_EINVAL, "selfcheck_unknown_standard", arg,
                             "answers[%zu].standard_id", i, 0);
        for (size_t k = 0; k < i; k++)
            if (x->sets[k].standard_id == s->standard_id)
                return path_fail(err, MS_EINVAL, "selfcheck_duplicate_standard", arg,
                                 "answers[%zu].standard_id", i, 0);
        if (s->checklist && strcmp(s->checklist, c->template_standard) != 0)
            return path_fail(err, MS_EINVAL, "checklist_mismatch", c->template_standard,
                             "answers[%zu].checklist", i, 0);
        cl = checklist_find(c->template_standard, s->version, err);
        if (!cl && err && err->code == MS_ENOTFOUND) {
            snprintf(arg, sizeof arg, "%s v%d", c->template_standard, s->version);
            return path_fail(err, MS_EINVAL, "checklist_version_unknown", arg,
                             "answers[%zu].version", i, 0);
        }
        if (!cl)
            return MS_EINTERNAL;
        s->checklist = cl->code;
        s->version = cl->version;
        snprintf(field, sizeof field, "answers[%zu].items", i);
        rc = checklist_check(cl, s->items, s->nitems, 0, field, err);
    }
    return rc;
}

static json_t *save_change(const struct sc_ctx *x)
{
    int answered = 0;

    for (size_t i = 0; i < x->nsets; i++)
        for (size_t j = 0; j < x->sets[i].nitems; j++)
            answered += x->sets[i].items[j].verdict != CHECKLIST_UNANSWERED;
    return json_pack("{s:I,s:I,s:I,s:i}", "campaign_id", (json_int_t)x->campaign_id, "unit_id",
                     (json_int_t)x->unit_id, "standards", (json_int_t)x->nsets, "answered",
                     answered);
}

static int tx_save(store *db, void *ctx, ms_err *err)
{
    struct sc_ctx *x = ctx;
    struct ms_campaign c;
    struct ms_selfcheck cur = {0};
    struct selfcheck_set *sorted;
    const char *text;
    json_t *change;
    int rc, changed = 1;

    if ((rc = resolve(db, x, &c, err)) != MS_OK)
        return rc;
    if (strcmp(c.status, "closed") == 0)
        return ms_fail(err, MS_ECONFLICT, "campaign_id", "campaign_closed", NULL);
    if ((rc = sets_check(db, x, &c, err)) != MS_OK)
        return rc;
    sorted = arena_alloc(x->ar, sizeof *sorted * (x->nsets + 1));
    if (!sorted)
        return oom(err);
    memcpy(sorted, x->sets, sizeof *sorted * x->nsets);
    qsort(sorted, x->nsets, sizeof *sorted, cmp_set);
    for (size_t i = 0; i < x->nsets; i++) {
        struct checklist_answer *items = arena_alloc(x->ar, sizeof *items * (sorted[i].nitems + 1));
        if (!items)
            return oom(err);
        memcpy(items, sorted[i].items, sizeof *items * sorted[i].nitems);
        qsort(items, sorted[i].nitems, sizeof *items, cmp_answer);
        sorted[i].items = items;
    }
    if ((rc = answers_text(sorted, x->nsets, x->ar, &text, err)) != MS_OK)
        return rc;
    rc = campdb_selfcheck_get(db, x->campaign_id, x->unit_id, x->ar, &cur, err);
    if (rc == MS_OK && strcmp(cur.status, "draft") != 0)
        return ms_fail(err, MS_ECONFLICT, "status", "selfcheck_submitted", cur.submitted_at);
    if (rc == MS_OK && strcmp(cur.answers, text) == 0 && same_text(cur.problems, x->problems) &&
        same_text(cur.measures, x->measures)) {
        changed = 0; /* the same save again: nothing to write, nothing to audit */
    } else if (rc == MS_OK || rc == MS_ENOTFOUND) {
        cur.campaign_id = x->campaign_id;
        cur.unit_id = x->unit_id;
        cur.answers = text;
        cur.problems = x->problems;
        cur.measures = x->measures;
        ms_err_clear(err);
        rc = cur.id ? campdb_selfcheck_update(db, &cur, x->now, err)
                    : campdb_selfcheck_insert(db, &cur, x->now, err);
        change = rc == MS_OK ? save_change(x) : NULL;
        if (change)
            rc = audit_append(db, x->who, "selfcheck.save", "self_check", cur.id, change, err);
        json_decref(change);
    }
    if (rc != MS_OK)
        return rc;
    rc = report_load(db, x->campaign_id, x->unit_id, x->ar, x->out, err);
    x->out->changed = changed;
    return rc;
}

int selfcheck_save(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id,
                   const struct selfcheck_input *in, arena *ar, struct selfcheck_report *out,
                   ms_err *err)
{
    struct sc_ctx x = {
        .who = who, .ar = ar, .campaign_id = campaign_id, .unit_id = unit_id, .out = out};
    int rc;

    if (!may_write(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = input_convert(&x, in, err)) != MS_OK)
        return rc;
    svc_now(x.now);
    return store_tx(db, tx_save, &x, err);
}

/* ----------------------------------------------------------------- submit */

/* Every active standard answered completely; problems and measures when
 * any item is nonconform or a defect. */
static int submit_check(store *db, struct sc_ctx *x, const struct selfcheck_report *r, ms_err *err)
{
    struct campdb_standard *stds;
    int nstd, rc = campdb_unit_standards(db, x->unit_id, x->ar, &stds, &nstd, err), findings = 0;
    char field[64], arg[32];

    for (int k = 0; rc == MS_OK && k < nstd; k++) {
        size_t i = 0;
        while (i < r->nsets && r->sets[i].standard_id != stds[k].id)
            i++;
        if (i == r->nsets)
            return ms_fail(err, MS_EINVAL, "answers", "selfcheck_missing_standard",
                           stds[k].cert_no);
    }
    for (size_t i = 0; rc == MS_OK && i < r->nsets; i++) {
        const struct selfcheck_set *s = &r->sets[i];
        const struct checklist *cl = checklist_find(s->checklist, s->version, NULL);
        snprintf(arg, sizeof arg, "%lld", (long long)s->standard_id);
        if (find_standard(stds, nstd, s->standard_id) < 0)
            return path_fail(err, MS_EINVAL, "selfcheck_unknown_standard", arg,
                             "answers[%zu].standard_id", i, 0);
        if (!cl)
            return path_fail(err, MS_EINVAL, "checklist_version_unknown", s->checklist,
                             "answers[%zu].version", i, 0);
        snprintf(field, sizeof field, "answers[%zu].items", i);
        rc = checklist_check(cl, s->items, s->nitems, 1, field, err);
        for (size_t j = 0; j < s->nitems; j++)
            findings += s->items[j].verdict == CHECKLIST_NONCONFORM ||
                        s->items[j].verdict == CHECKLIST_DEFECT;
    }
    if (rc == MS_OK && findings && !r->row.problems)
        rc = ms_fail(err, MS_EINVAL, "problems", "selfcheck_text_required", NULL);
    if (rc == MS_OK && findings && !r->row.measures)
        rc = ms_fail(err, MS_EINVAL, "measures", "selfcheck_text_required", NULL);
    return rc;
}

static int tx_submit(store *db, void *ctx, ms_err *err)
{
    struct sc_ctx *x = ctx;
    struct ms_campaign c;
    int late, rc;
    json_t *change;

    if ((rc = resolve(db, x, &c, err)) != MS_OK ||
        (rc = report_load(db, x->campaign_id, x->unit_id, x->ar, x->out, err)) != MS_OK)
        return rc;
    if (strcmp(c.status, "closed") == 0)
        return ms_fail(err, MS_ECONFLICT, "campaign_id", "campaign_closed", NULL);
    if (!x->out->row.id)
        return ms_fail(err, MS_ECONFLICT, "status", "selfcheck_no_draft", NULL);
    if (strcmp(x->out->row.status, "draft") != 0)
        return ms_fail(err, MS_ECONFLICT, "status", "selfcheck_submitted",
                       x->out->row.submitted_at);
    if ((rc = submit_check(db, x, x->out, err)) != MS_OK)
        return rc;
    late = strcmp(x->today, c.self_check_due) > 0;
    if ((rc = campdb_selfcheck_submit(db, x->out->row.id, x->now, late, x->who->name, err)) !=
        MS_OK)
        return rc;
    change = json_pack("{s:I,s:I,s:b,s:s}", "campaign_id", (json_int_t)x->campaign_id, "unit_id",
                       (json_int_t)x->unit_id, "late", late, "due", c.self_check_due);
    rc = change ? audit_append(db, x->who, "selfcheck.submit", "self_check", x->out->row.id, change,
                               err)
                : oom(err);
    json_decref(change);
    if (rc != MS_OK)
        return rc;
    rc = report_load(db, x->campaign_id, x->unit_id, x->ar, x->out, err);
    x->out->changed = 1;
    return rc;
}

int selfcheck_submit(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id,
                     arena *ar, struct selfcheck_report *out, ms_err *err)
{
    struct sc_ctx x = {
        .who = who, .ar = ar, .campaign_id = campaign_id, .unit_id = unit_id, .out = out};

    if (!may_write(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_now(x.now);
    svc_today(x.today);
    return store_tx(db, tx_submit, &x, err);
}

/* ------------------------------------------------------------------ reads */

int selfcheck_get(store *db, const ms_actor *who, int64_t campaign_id, int64_t unit_id, arena *ar,
                  struct selfcheck_report *out, ms_err *err)
{
    struct sc_ctx x = {.who = who, .ar = ar, .campaign_id = campaign_id, .unit_id = unit_id};
    struct ms_campaign c;
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = resolve(db, &x, &c, err)) != MS_OK)
        return rc;
    return report_load(db, campaign_id, unit_id, ar, out, err);
}

int selfcheck_overview(store *db, const ms_actor *who, int64_t campaign_id, const char *status,
                       const struct store_page *pg, arena *ar, struct campdb_overview_row **items,
                       int *n, int64_t *total, struct campdb_overview_counts *counts, ms_err *err)
{
    static const char *const statuses[] = {"none", "draft", "submitted"};
    struct store_scope sc;
    struct ms_campaign c;
    int ok = text_blank(status), rc;

    *n = 0;
    *total = 0;
    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    for (size_t i = 0; !ok && i < MS_ARRAY_LEN(statuses); i++)
        ok = strcmp(status, statuses[i]) == 0;
    if (!ok)
        return ms_fail(err, MS_EINVAL, "status", "invalid_enum", status);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    campaign_scope(who, &sc);
    if ((rc = campdb_campaign_get(db, &sc, campaign_id, ar, &c, err)) != MS_OK)
        return rc;
    svc_scope(who, &sc);
    return campdb_selfcheck_overview(db, campaign_id, c.authority_path, &sc,
                                     text_blank(status) ? NULL : status, pg, ar, items, n, total,
                                     counts, err);
}
