/* inspwork.c - inspection work: results, completion, not performed and its
 * tracking, and what a reader sees of it (see inspwork.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/date.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/draw_int.h"
#include "service/inspwork_int.h"
#include "store/campaign.h"

static int is_role(const ms_actor *who, const char *role)
{
    return who->role && strcmp(who->role, role) == 0;
}

int iw_load(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_inspection *out,
            ms_err *err)
{
    struct store_scope sc;

    if (!drawsvc_may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    memset(out, 0, sizeof *out);
    return drawdb_inspection_get(db, &sc, id, ar, out, err);
}

int iw_may_work(store *db, const ms_actor *who, const struct ms_inspection *i, ms_err *err)
{
    int yes = 0, rc;

    /* The inspection was read within WHO's scope: an authority user sees
     * exactly the inspections of its authority and those below it. */
    if (is_role(who, "system") || is_role(who, "authority"))
        return MS_OK;
    if (!is_role(who, "inspector"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = resdb_team_has_user(db, i->id, who->user_id, &yes, err)) != MS_OK)
        return rc;
    return yes ? MS_OK : ms_fail(err, MS_EFORBIDDEN, "team", "insp_not_in_team", NULL);
}

int iw_open(const struct ms_inspection *i, ms_err *err)
{
    if (strcmp(i->status, "completed") == 0 || strcmp(i->status, "cancelled") == 0)
        return ms_fail(err, MS_ECONFLICT, "status", "insp_closed", i->status);
    return MS_OK;
}

int iw_audit(store *db, const ms_actor *who, const char *action, const char *entity, int64_t id,
             json_t *change, ms_err *err)
{
    return drawsvc_audit(db, who, action, entity, id, change, err);
}

/* ---------------------------------------------------------------- results */

struct save_ctx {
    const ms_actor *who;
    int64_t id;
    const struct inspwork_answer *a;
    size_t n;
    int changed;
    char now[32];
    arena ar;
};

static int tx_save(store *db, void *ctx, ms_err *err)
{
    struct save_ctx *w = ctx;
    struct ms_inspection i;
    const struct checklist *cl;
    json_t *items = NULL, *change;
    int rc, started = 0;

    w->changed = 0;
    if ((rc = iw_load(db, w->who, w->id, &w->ar, &i, err)) != MS_OK ||
        (rc = iw_may_work(db, w->who, &i, err)) != MS_OK || (rc = iw_open(&i, err)) != MS_OK)
        return rc;
    if (!(cl = checklist_find(i.checklist_code, i.checklist_version, err)))
        return MS_EINTERNAL;
    for (size_t k = 0; k < w->n; k++) {
        char field[64];
        snprintf(field, sizeof field, "results[%zu].item_no", k);
        if (w->a[k].item_no <= 0 || w->a[k].item_no > 10000 ||
            !checklist_item(cl, (int)w->a[k].item_no))
            return ms_failf(err, MS_EINVAL, field, "insp_unknown_item", "%lld",
                            (long long)w->a[k].item_no);
    }
    if (!(items = json_array()))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t k = 0; k < w->n && rc == MS_OK; k++) {
        const char *note = w->a[k].note && *w->a[k].note ? w->a[k].note : NULL;
        int ch = 0;
        rc = resdb_result_put(db, w->id, (int)w->a[k].item_no, w->a[k].verdict, note, w->who->name,
                              w->now, &ch, err);
        if (rc == MS_OK && ch) {
            w->changed++;
            json_array_append_new(items,
                                  json_pack("{sIssss*}", "item_no", (json_int_t)w->a[k].item_no,
                                            "verdict", w->a[k].verdict, "note", note));
        }
    }
    if (rc == MS_OK && w->changed)
        rc = resdb_insp_start(db, w->id, w->now, &started, err);
    if (rc != MS_OK || !w->changed) {
        json_decref(items);
        return rc;
    }
    change = json_pack("{sosbss}", "items", items, "started", started, "status",
                       started ? "in_progress" : i.status);
    return iw_audit(db, w->who, "inspection.results", "inspection", w->id, change, err);
}

int inspwork_results_save(store *db, const ms_actor *who, int64_t id,
                          const struct inspwork_answer *a, size_t n, int *changed, ms_err *err)
{
    struct save_ctx w = {.who = who, .id = id, .a = a, .n = n};
    int rc;

    if (changed)
        *changed = 0;
    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "sysadmin"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!n)
        return ms_fail(err, MS_EINVAL, "results", "required", NULL);
    for (size_t k = 0; k < n; k++) {
        char field[64];
        snprintf(field, sizeof field, "results[%zu].verdict", k);
        if (!a[k].verdict)
            return ms_fail(err, MS_EINVAL, field, "required", NULL);
        if (checklist_verdict_parse(a[k].verdict) < 0)
            return ms_fail(err, MS_EINVAL, field, "invalid_enum", a[k].verdict);
        snprintf(field, sizeof field, "results[%zu].note", k);
        if ((rc = text_check(field, a[k].note, INSPWORK_NOTE_MAX, 0, 1, err)) != MS_OK)
            return rc;
        for (size_t j = 0; j < k; j++)
            if (a[j].item_no == a[k].item_no) {
                snprintf(field, sizeof field, "results[%zu].item_no", k);
                return ms_failf(err, MS_EINVAL, field, "insp_duplicate_item", "%lld",
                                (long long)a[k].item_no);
            }
    }
    svc_now(w.now);
    arena_init(&w.ar);
    rc = store_tx(db, tx_save, &w, err);
    arena_free(&w.ar);
    if (rc == MS_OK && changed)
        *changed = w.changed;
    return rc;
}

/* --------------------------------------------------------------- complete */

struct complete_ctx {
    const ms_actor *who;
    int64_t id;
    const char *conclusion, **out;
    char now[32];
    arena ar;
};

/* "3, 5, 7" of the unanswered items of CL given RESULTS into BUF. */
static int missing_items(const struct checklist *cl, const struct resdb_result *res, int n,
                         char *buf, size_t size)
{
    int missing = 0;
    size_t o = 0;

    buf[0] = '\0';
    for (int k = 0; k < cl->nitems; k++) {
        int no = cl->items[k].no, found = 0;
        for (int j = 0; j < n && !found; j++)
            found = res[j].item_no == no;
        if (found)
            continue;
        missing++;
        if (o + 12 < size)
            o += (size_t)snprintf(buf + o, size - o, "%s%d", o ? ", " : "", no);
    }
    return missing;
}

static int tx_complete(store *db, void *ctx, ms_err *err)
{
    struct complete_ctx *w = ctx;
    struct ms_inspection i;
    const struct checklist *cl;
    struct resdb_result *res;
    struct drawdb_team_row *team;
    struct drawdb_insp_standard *stds;
    struct checklist_answer *ans;
    struct ms_campaign camp;
    int n, nteam, nstd, active = 0, concl, rc;
    const char *name;
    char missing[160];
    json_t *ids, *change;

    if ((rc = iw_load(db, w->who, w->id, &w->ar, &i, err)) != MS_OK ||
        (rc = iw_may_work(db, w->who, &i, err)) != MS_OK || (rc = iw_open(&i, err)) != MS_OK)
        return rc;
    if (strcmp(i.status, "in_progress") != 0)
        return ms_fail(err, MS_ECONFLICT, "status", "insp_not_started", i.status);
    if (!(cl = checklist_find(i.checklist_code, i.checklist_version, err)))
        return MS_EINTERNAL;
    if ((rc = resdb_results(db, w->id, &w->ar, &res, &n, err)) != MS_OK)
        return rc;
    if (missing_items(cl, res, n, missing, sizeof missing))
        return ms_fail(err, MS_EINVAL, "results", "insp_unanswered", missing);
    if ((rc = drawdb_team_list(db, w->id, &w->ar, &team, &nteam, err)) != MS_OK)
        return rc;
    for (int k = 0; k < nteam; k++)
        active += !team[k].recused_at;
    if (active < 2)
        return ms_failf(err, MS_ECONFLICT, "team", "insp_team_too_small", "%d", active);
    if (!(ans = arena_alloc(&w->ar, (size_t)(n ? n : 1) * sizeof *ans)))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int k = 0; k < n; k++) {
        ans[k].no = res[k].item_no;
        ans[k].verdict = checklist_verdict_parse(res[k].verdict);
        ans[k].note = res[k].note;
    }
    if ((rc = checklist_conclude(cl, ans, (size_t)n, &concl, err)) != MS_OK)
        return rc;
    name = checklist_conclusion_name(concl);
    if (w->conclusion && strcmp(w->conclusion, name) != 0)
        return ms_fail(err, MS_ECONFLICT, "conclusion", "insp_conclusion_differs", name);
    if ((rc = campdb_campaign_get(db, NULL, i.campaign_id, &w->ar, &camp, err)) != MS_OK ||
        (rc = drawdb_inspection_standards(db, w->id, &w->ar, &stds, &nstd, err)) != MS_OK)
        return rc;
    if (!camp.rectify_to || !date_is_valid_str(camp.rectify_to))
        return ms_fail(err, MS_ECONFLICT, "campaign", "insp_no_deadline", NULL);
    if (!(ids = json_array()))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (int k = 0; k < n && rc == MS_OK; k++) {
        const struct checklist_item *it = checklist_item(cl, res[k].item_no);
        int v = ans[k].verdict;
        struct ms_finding f = {0};
        if (v != CHECKLIST_NONCONFORM && v != CHECKLIST_DEFECT)
            continue;
        f.source = "inspection";
        f.inspection_id = w->id;
        f.campaign_id = i.campaign_id;
        f.authority_id = i.authority_id;
        f.unit_id = i.unit_id;
        f.target_authority_id = i.target_authority_id;
        f.standard_id = nstd ? stds[0].standard_id : 0;
        f.item_no = res[k].item_no;
        f.severity = v == CHECKLIST_DEFECT ? "defect" : it && it->key ? "key" : "nonconform";
        f.description = res[k].note
                            ? arena_printf(&w->ar, "%d. %s：%s", it->no, it->text, res[k].note)
                            : arena_printf(&w->ar, "%d. %s", it->no, it->text);
        f.deadline = camp.rectify_to;
        if (!f.description)
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        else if ((rc = resdb_finding_insert(db, &f, w->now, err)) == MS_OK)
            json_array_append_new(ids, json_integer(f.id));
    }
    if (rc == MS_OK)
        rc = resdb_insp_complete(db, w->id, name, w->who->name, w->now, err);
    if (rc != MS_OK) {
        json_decref(ids);
        return rc;
    }
    if (w->out)
        *w->out = name;
    change =
        json_pack("{sssosssb}", "conclusion", name, "findings", ids, "deadline", camp.rectify_to,
                  "tracking_closed", i.tracking && strcmp(i.tracking, "open") == 0);
    return iw_audit(db, w->who, "inspection.complete", "inspection", w->id, change, err);
}

int inspwork_complete(store *db, const ms_actor *who, int64_t id, const char *conclusion,
                      const char **out, ms_err *err)
{
    struct complete_ctx w = {.who = who, .id = id, .conclusion = conclusion, .out = out};
    int rc;

    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "sysadmin"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (conclusion && strcmp(conclusion, "pass") != 0 && strcmp(conclusion, "rectify") != 0 &&
        strcmp(conclusion, "fail") != 0)
        return ms_fail(err, MS_EINVAL, "conclusion", "invalid_enum", conclusion);
    svc_now(w.now);
    arena_init(&w.ar);
    rc = store_tx(db, tx_complete, &w, err);
    arena_free(&w.ar);
    return rc;
}

/* ------------------------------------------------- not performed, tracking */

struct track_ctx {
    const ms_actor *who;
    int64_t id;
    const char *reason, *follow_up_on;
    int close;
    char now[32];
    arena ar;
};

static int tx_track(store *db, void *ctx, ms_err *err)
{
    struct track_ctx *w = ctx;
    struct ms_inspection i;
    json_t *change;
    int rc;

    if ((rc = iw_load(db, w->who, w->id, &w->ar, &i, err)) != MS_OK ||
        (rc = iw_may_work(db, w->who, &i, err)) != MS_OK || (rc = iw_open(&i, err)) != MS_OK)
        return rc;
    if (w->close) {
        if (!i.tracking || strcmp(i.tracking, "open") != 0)
            return ms_fail(err, MS_ECONFLICT, "tracking", "insp_no_tracking", NULL);
        if ((rc = resdb_insp_close_tracking(db, w->id, w->reason, w->now, err)) != MS_OK)
            return rc;
        change = json_pack("{ssss}", "reason", w->reason, "status", i.status);
        return iw_audit(db, w->who, "inspection.close_tracking", "inspection", w->id, change, err);
    }
    if (strcmp(i.status, "planned") != 0)
        return ms_fail(err, MS_ECONFLICT, "status", "insp_not_planned", i.status);
    if ((rc = resdb_insp_not_performed(db, w->id, w->reason, w->follow_up_on, w->now, err)) !=
        MS_OK)
        return rc;
    change = json_pack("{ssss}", "reason", w->reason, "follow_up_on", w->follow_up_on);
    return iw_audit(db, w->who, "inspection.not_performed", "inspection", w->id, change, err);
}

static int run_track(store *db, const ms_actor *who, struct track_ctx *w, ms_err *err)
{
    int rc;

    if (!drawsvc_may_read(who) || is_role(who, "unit") || is_role(who, "sysadmin"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = text_check("reason", w->reason, INSPWORK_REASON_MAX, 1, 1, err)) != MS_OK)
        return rc;
    if (!w->close) {
        if (text_blank(w->follow_up_on))
            return ms_fail(err, MS_EINVAL, "follow_up_on", "required", NULL);
        if ((rc = date_parse(w->follow_up_on, NULL, "follow_up_on", err)) != MS_OK)
            return rc;
    }
    svc_now(w->now);
    arena_init(&w->ar);
    rc = store_tx(db, tx_track, w, err);
    arena_free(&w->ar);
    return rc;
}

int inspwork_not_performed(store *db, const ms_actor *who, int64_t id, const char *reason,
                           const char *follow_up_on, ms_err *err)
{
    struct track_ctx w = {.who = who, .id = id, .reason = reason, .follow_up_on = follow_up_on};

    return run_track(db, who, &w, err);
}

int inspwork_close_tracking(store *db, const ms_actor *who, int64_t id, const char *reason,
                            ms_err *err)
{
    struct track_ctx w = {.who = who, .id = id, .reason = reason, .close = 1};

    return run_track(db, who, &w, err);
}

/* ---------------------------------------------------------------- reading */

int inspwork_detail(store *db, const ms_actor *who, int64_t id, arena *ar,
                    struct inspwork_detail *out, ms_err *err)
{
    struct ms_inspection i;
    char now[32], cut[11];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = iw_load(db, who, id, ar, &i, err)) != MS_OK)
        return rc;
    svc_now(now);
    resdb_cut(now, cut);
    if ((rc = resdb_results(db, id, ar, &out->results, &out->n_results, err)) != MS_OK ||
        (rc = resdb_evidence_list(db, 1, id, ar, &out->evidence, &out->n_evidence, err)) != MS_OK)
        return rc;
    return resdb_findings_of(db, id, cut, ar, &out->findings, &out->n_findings, err);
}

const char *inspwork_reminder(const struct ms_inspection *i, const char *today)
{
    int c;

    if (!i->tracking || strcmp(i->tracking, "open") != 0 || !i->follow_up_on || !today)
        return NULL;
    c = strcmp(i->follow_up_on, today);
    return c < 0 ? "overdue" : c == 0 ? "due" : "upcoming";
}
