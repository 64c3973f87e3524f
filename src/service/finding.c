/* finding.c - findings, rectifications, four-eyes decisions and the
 * deadline sweep (see finding.h). */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/draw_int.h"
#include "service/inspwork_int.h"

static int is_role(const ms_actor *who, const char *role)
{
    return who->role && strcmp(who->role, role) == 0;
}

static int may_read(const ms_actor *who)
{
    return is_role(who, "system") || is_role(who, "authority") || is_role(who, "inspector") ||
           is_role(who, "unit");
}

void fw_scope(const ms_actor *who, struct store_scope *sc, int64_t *inspector_user)
{
    svc_scope(who, sc);
    *inspector_user = is_role(who, "inspector") ? (who->user_id > 0 ? who->user_id : -1) : 0;
}

/* ------------------------------------------------------------------ reads */

int finding_list(store *db, const ms_actor *who, const struct resdb_finding_filter *f,
                 const struct store_page *pg, arena *ar, struct ms_finding **items, int *n,
                 int64_t *total, ms_err *err)
{
    static const char *const statuses[] = {"open", "submitted", "accepted", "rejected", "failed"};
    struct store_scope sc;
    int64_t iu;
    char now[32], cut[11];
    int known = 0;

    *n = 0;
    *total = 0;
    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (pg && (pg->page < 0 || pg->per_page < 0 || pg->per_page > 500))
        return ms_fail(err, MS_EINVAL, pg->page < 0 ? "page" : "per_page", "invalid_page", NULL);
    if (f && f->status && *f->status) {
        for (size_t i = 0; i < MS_ARRAY_LEN(statuses); i++)
            known |= strcmp(f->status, statuses[i]) == 0;
        if (!known)
            return ms_fail(err, MS_EINVAL, "status", "invalid_enum", f->status);
    }
    fw_scope(who, &sc, &iu);
    svc_now(now);
    resdb_cut(now, cut);
    return resdb_finding_list(db, &sc, iu, cut, f, pg, ar, items, n, total, err);
}

int finding_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct finding_detail *out,
                ms_err *err)
{
    struct store_scope sc;
    int64_t iu;
    char now[32], cut[11];
    int rc;

    memset(out, 0, sizeof *out);
    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    fw_scope(who, &sc, &iu);
    svc_now(now);
    resdb_cut(now, cut);
    if ((rc = resdb_finding_get(db, &sc, iu, cut, id, ar, &out->f, err)) != MS_OK ||
        (rc = resdb_rect_list(db, id, ar, &out->rects, &out->n_rects, err)) != MS_OK)
        return rc;
    return resdb_evidence_list(db, 0, id, ar, &out->evidence, &out->n_evidence, err);
}

/* ------------------------------------------------------------- submitting */

int fw_submittable(store *db, const ms_actor *who, int64_t id, const char *now, arena *ar,
                   struct ms_finding *out, ms_err *err)
{
    struct store_scope sc;
    int64_t iu;
    char cut[11];
    int rc;

    if (!is_role(who, "system") && !is_role(who, "authority") && !is_role(who, "unit"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    fw_scope(who, &sc, &iu);
    resdb_cut(now, cut);
    if ((rc = resdb_finding_get(db, &sc, iu, cut, id, ar, out, err)) != MS_OK)
        return rc;
    if (strcmp(out->status, "failed") == 0)
        return ms_fail(err, MS_ECONFLICT, "deadline", "deadline_passed", out->deadline);
    if (strcmp(out->status, "accepted") == 0)
        return ms_fail(err, MS_ECONFLICT, "status", "finding_closed", NULL);
    if (strcmp(out->status, "submitted") == 0)
        return ms_fail(err, MS_ECONFLICT, "status", "finding_pending", NULL);
    return MS_OK;
}

struct rect_ctx {
    const ms_actor *who;
    int64_t id;
    const char *text, *decision, *comment;
    const int64_t *ev;
    size_t nev;
    char now[32];
    arena *ar;
    struct ms_rectification *rect_out;
    struct ms_finding *finding_out;
};

static int tx_rectify(store *db, void *ctx, ms_err *err)
{
    struct rect_ctx *w = ctx;
    struct ms_rectification r = {0};
    struct ms_finding f;
    json_t *evs, *change;
    int rc, ch = 0;

    if ((rc = fw_submittable(db, w->who, w->id, w->now, w->ar, &f, err)) != MS_OK)
        return rc;
    r.finding_id = w->id;
    r.text = w->text;
    r.submitted_by = w->who->name;
    r.submitted_at = w->now;
    if ((rc = resdb_rect_insert(db, &r, err)) != MS_OK)
        return rc;
    if (!(evs = json_array()))
        return ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
    for (size_t k = 0; k < w->nev && rc == MS_OK; k++) {
        rc = resdb_evidence_attach(db, w->ev[k], w->id, r.id, &ch, err);
        if (rc == MS_OK && !ch)
            rc = ms_failf(err, MS_EINVAL, "evidence_ids", "evidence_not_attachable", "%lld",
                          (long long)w->ev[k]);
        if (rc == MS_OK)
            json_array_append_new(evs, json_integer(w->ev[k]));
    }
    if (rc == MS_OK &&
        (rc = resdb_finding_move(db, w->id, f.status, "submitted", NULL, NULL, w->now, &ch, err)) ==
            MS_OK &&
        !ch)
        rc = ms_fail(err, MS_ECONFLICT, "status", "finding_pending", NULL);
    if (rc != MS_OK) {
        json_decref(evs);
        return rc;
    }
    change =
        json_pack("{sIsIsosb}", "finding_id", (json_int_t)w->id, "rectification_id",
                  (json_int_t)r.id, "evidence_ids", evs, "on_behalf", !is_role(w->who, "unit"));
    if ((rc = iw_audit(db, w->who, "rectification.submit", "rectification", r.id, change, err)) !=
        MS_OK)
        return rc;
    if (w->rect_out) {
        *w->rect_out = r;
        w->rect_out->submitted_by = arena_strdup(w->ar, w->who->name);
        w->rect_out->submitted_at = arena_strdup(w->ar, w->now);
        w->rect_out->text = arena_strdup(w->ar, w->text);
    }
    return MS_OK;
}

int finding_rectify(store *db, const ms_actor *who, int64_t id, const char *text,
                    const int64_t *evidence_ids, size_t n, arena *ar, struct ms_rectification *out,
                    ms_err *err)
{
    struct rect_ctx w = {.who = who,
                         .id = id,
                         .text = text,
                         .ev = evidence_ids,
                         .nev = n,
                         .ar = ar,
                         .rect_out = out};
    int rc;

    if (!may_read(who) || is_role(who, "inspector"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if ((rc = text_check("text", text, FINDING_TEXT_MAX, 1, 1, err)) != MS_OK)
        return rc;
    if (n > FINDING_EVIDENCE_MAX)
        return ms_failf(err, MS_EINVAL, "evidence_ids", "too_long", "%d", FINDING_EVIDENCE_MAX);
    for (size_t k = 0; k < n; k++) {
        if (evidence_ids[k] <= 0)
            return ms_fail(err, MS_EINVAL, "evidence_ids", "invalid_id", NULL);
        for (size_t j = 0; j < k; j++)
            if (evidence_ids[j] == evidence_ids[k])
                return ms_failf(err, MS_EINVAL, "evidence_ids", "duplicate", "%lld",
                                (long long)evidence_ids[k]);
    }
    svc_now(w.now);
    return store_tx(db, tx_rectify, &w, err);
}

/* --------------------------------------------------------------- deciding */

static int tx_decide(store *db, void *ctx, ms_err *err)
{
    struct rect_ctx *w = ctx;
    struct ms_rectification r, *all;
    struct ms_finding f;
    struct store_scope sc;
    int64_t iu;
    char cut[11], instant[32];
    const char *status;
    int n, rc, ch = 0, late;
    json_t *change;

    fw_scope(w->who, &sc, &iu);
    resdb_cut(w->now, cut);
    if ((rc = resdb_rect_get(db, w->id, w->ar, &r, err)) != MS_OK)
        return rc;
    /* The rectification is as visible as its finding. */
    if ((rc = resdb_finding_get(db, &sc, iu, cut, r.finding_id, w->ar, &f, err)) != MS_OK)
        return rc;
    if ((rc = resdb_rect_list(db, r.finding_id, w->ar, &all, &n, err)) != MS_OK)
        return rc;
    if (r.decision)
        return ms_fail(err, MS_ECONFLICT, "id", "rect_decided", r.decision);
    if (n && all[n - 1].id != r.id)
        return ms_fail(err, MS_ECONFLICT, "id", "rect_not_latest", NULL);
    if (strcmp(r.submitted_by, w->who->name) == 0)
        return ms_fail(err, MS_EFORBIDDEN, "decided_by", "four_eyes", NULL);
    resdb_deadline_instant(f.deadline, instant);
    late = strcmp(w->now, instant) >= 0;
    status = strcmp(w->decision, "accept") == 0 ? "accepted" : late ? "failed" : "rejected";
    if ((rc = resdb_rect_decide(db, r.id, w->decision, w->comment, w->who->name, w->now, &ch,
                                err)) != MS_OK)
        return rc;
    if (!ch)
        return ms_fail(err, MS_ECONFLICT, "id", "rect_decided", "");
    if ((rc = resdb_finding_move(
             db, f.id, "submitted", status, strcmp(status, "failed") == 0 ? w->now : NULL,
             strcmp(status, "accepted") == 0 ? w->now : NULL, w->now, &ch, err)) != MS_OK)
        return rc;
    if (!ch)
        return ms_fail(err, MS_ECONFLICT, "status", "finding_pending", NULL);
    change =
        json_pack("{sIssss*ssss}", "finding_id", (json_int_t)f.id, "decision", w->decision,
                  "comment", w->comment, "finding_status", status, "submitted_by", r.submitted_by);
    if ((rc = iw_audit(db, w->who, "rectification.decide", "rectification", r.id, change, err)) !=
        MS_OK)
        return rc;
    if (w->finding_out)
        rc = resdb_finding_get(db, NULL, 0, cut, f.id, w->ar, w->finding_out, err);
    return rc;
}

int finding_decide(store *db, const ms_actor *who, int64_t id, const char *decision,
                   const char *comment, arena *ar, struct ms_finding *out, ms_err *err)
{
    struct rect_ctx w = {.who = who,
                         .id = id,
                         .decision = decision,
                         .comment = comment && *comment ? comment : NULL,
                         .ar = ar,
                         .finding_out = out};
    int rc;

    if (!is_role(who, "system") && !is_role(who, "authority"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (text_blank(decision))
        return ms_fail(err, MS_EINVAL, "decision", "required", NULL);
    if (strcmp(decision, "accept") != 0 && strcmp(decision, "reject") != 0)
        return ms_fail(err, MS_EINVAL, "decision", "invalid_enum", decision);
    if ((rc = text_check("comment", comment, FINDING_COMMENT_MAX, strcmp(decision, "reject") == 0,
                         1, err)) != MS_OK)
        return rc;
    svc_now(w.now);
    return store_tx(db, tx_decide, &w, err);
}

/* ------------------------------------------------------------------ sweep */

struct sweep_ctx {
    const ms_actor *who;
    char as_of[32];
    int failed;
    arena ar;
};

static int tx_sweep(store *db, void *ctx, ms_err *err)
{
    struct sweep_ctx *w = ctx;
    struct ms_finding *due;
    char cut[11], now[32], instant[32];
    int n, rc, ch;

    w->failed = 0;
    resdb_cut(w->as_of, cut);
    svc_now(now);
    if ((rc = resdb_findings_due(db, cut, &w->ar, &due, &n, err)) != MS_OK)
        return rc;
    for (int k = 0; k < n; k++) {
        json_t *change;
        /* As read, the status is "failed" already: move from the stored one. */
        resdb_deadline_instant(due[k].deadline, instant);
        rc = resdb_finding_move(db, due[k].id, "open", "failed", instant, NULL, now, &ch, err);
        if (rc == MS_OK && !ch)
            rc = resdb_finding_move(db, due[k].id, "rejected", "failed", instant, NULL, now, &ch,
                                    err);
        if (rc != MS_OK)
            return rc;
        if (!ch)
            continue;
        change = json_pack("{sssssI}", "deadline", due[k].deadline, "failed_at", instant,
                           "inspection_id", (json_int_t)due[k].inspection_id);
        if ((rc = iw_audit(db, w->who, "finding.fail", "finding", due[k].id, change, err)) != MS_OK)
            return rc;
        w->failed++;
    }
    return MS_OK;
}

/* 1 when S is "YYYY-MM-DDTHH:MM:SSZ" with a valid date and time. */
static int utc_time_ok(const char *s)
{
    char d[11];
    int h, m, sec;
    char z;

    if (!s || strlen(s) != 20 || s[10] != 'T')
        return 0;
    snprintf(d, sizeof d, "%.10s", s);
    if (!date_is_valid_str(d) || sscanf(s + 11, "%2d:%2d:%2d%c", &h, &m, &sec, &z) != 4)
        return 0;
    return z == 'Z' && h >= 0 && h < 24 && m >= 0 && m < 60 && sec >= 0 && sec < 60;
}

int finding_sweep(store *db, const ms_actor *who, const char *as_of, int *failed, ms_err *err)
{
    struct sweep_ctx w = {.who = who};
    int rc;

    if (failed)
        *failed = 0;
    if (!is_role(who, "system"))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!as_of)
        svc_now(w.as_of);
    else if (date_is_valid_str(as_of))
        snprintf(w.as_of, sizeof w.as_of, "%.10sT23:59:59Z", as_of);
    else if (utc_time_ok(as_of))
        snprintf(w.as_of, sizeof w.as_of, "%s", as_of);
    else
        return ms_fail(err, MS_EINVAL, "as_of", "evidence_bad_time", as_of);
    arena_init(&w.ar);
    rc = store_tx(db, tx_sweep, &w, err);
    arena_free(&w.ar);
    if (rc == MS_OK && failed)
        *failed = w.failed;
    return rc;
}
