/* check.c - stored technical checks and the finding of a failing one (see
 * check.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/stats.h"
#include "service/audit.h"
#include "service/calc.h"
#include "service/check.h"

const char *const check_kinds[] = {"comparison", "blind_sample",  "process_control",
                                   "stability",  "repeatability", "verification",
                                   NULL};

/* Methods (calculator kinds) allowed per kind of check; the first is the
 * default. */
static const struct {
    const char *kind;
    const char *methods[5];
    const char *zh; /* the kind in the finding's text */
} kind_methods[] = {
    {"comparison", {"en", "zeta", "zscore", "verification", NULL}, "计量比对"},
    {"blind_sample", {"verification", "en", "zscore", NULL}, "盲样检测"},
    {"process_control", {"control-chart", NULL}, "测量过程控制"},
    {"stability", {"stability", NULL}, "稳定性考核"},
    {"repeatability", {"repeatability", NULL}, "重复性试验"},
    {"verification", {"verification", NULL}, "检定或校准结果的验证"},
};

static int is_role(const ms_actor *a, const char *role)
{
    return a && a->role && strcmp(a->role, role) == 0;
}

static int may_write(const ms_actor *a)
{
    return is_role(a, "system") || is_role(a, "authority") || is_role(a, "unit");
}

static int may_read(const ms_actor *a)
{
    return may_write(a) || is_role(a, "inspector");
}

/* The rule set recorded with a result of METHOD (control charts: theirs). */
static const char *rule_set_of(const char *method, json_t *result)
{
    if (strcmp(method, "control-chart") == 0)
        return json_string_value(json_object_get(result, "rule_set"));
    if (strcmp(method, "en") == 0)
        return "jjf1117";
    if (strcmp(method, "zeta") == 0 || strcmp(method, "zscore") == 0)
        return "iso13528";
    return "jjf1033";
}

/* The criterion that failed, for the finding's text. */
static void criterion(const char *method, json_t *result, char *buf, size_t size)
{
    const char *m = json_string_value(json_object_get(result, "method"));

    if (strcmp(method, "control-chart") == 0) {
        unsigned seen = 0;
        size_t len;
        json_t *v;
        size_t i;
        snprintf(
            buf, size, "%s rules",
            strcmp(json_string_value(json_object_get(result, "rule_set")), "western_electric") == 0
                ? "Western Electric"
                : "GB/T 4091");
        json_array_foreach(json_object_get(result, "violations"), i, v)
        {
            int r = (int)json_integer_value(json_object_get(v, "rule"));
            if (r < 1 || r > 8 || (seen & (1u << r)))
                continue;
            seen |= 1u << r;
            len = strlen(buf);
            snprintf(buf + len, size - len, "%s %d", seen == (1u << r) ? "" : ",", r);
        }
    } else if (strcmp(method, "en") == 0)
        snprintf(buf, size, "|En| <= 1");
    else if (strcmp(method, "zeta") == 0 || strcmp(method, "zscore") == 0)
        snprintf(buf, size, "|z| < 3");
    else if (m && strcmp(m, "jjf1033_transfer") == 0)
        snprintf(buf, size, "|y - y_ref| <= sqrt(U^2 + U_ref^2)");
    else if (m && strcmp(m, "jjf1033_comparison") == 0)
        snprintf(buf, size, "|y_i - mean| <= sqrt((n-1)/n) U_i");
    else if (strcmp(method, "stability") == 0)
        snprintf(buf, size, "stability < |MPE| or U");
    else
        snprintf(buf, size, "s <= s0");
}

struct create_ctx {
    const ms_actor *who;
    int64_t standard_id;
    const struct check_input *in;
    const char *method, *kind_zh;
    arena *ar;
    struct ms_check *out;
    struct store_scope sc;
    char now[32];
};

static int tx_create(store *db, void *ctx, ms_err *err)
{
    struct create_ctx *w = ctx;
    struct ms_standard s;
    struct ms_check c;
    json_t *result = NULL, *change = NULL;
    const char *rectify_to = NULL;
    int64_t finding_id = 0;
    char *text = NULL;
    int rc;

    memset(&c, 0, sizeof c);
    if ((rc = reg_standard_get(db, &w->sc, w->standard_id, w->ar, &s, err)) != MS_OK)
        return rc;
    if ((rc = calc_run(w->method, w->in->data, "data.", w->ar, &result, err)) != MS_OK)
        return rc;
    c.standard_id = s.id;
    c.unit_id = s.unit_id;
    c.authority_id = s.cert_authority_id;
    c.kind = w->in->kind;
    c.method = w->method;
    c.rule_set = rule_set_of(w->method, result);
    c.rule_version = STATS_RULE_VERSION;
    c.verdict = json_string_value(json_object_get(result, "verdict"));
    c.created_by = w->who->name;
    c.created_at = w->now;
    if (!c.verdict) {
        rc = ms_fail(err, MS_EINVAL, "method", "check_method", "a calculator with a verdict");
        goto out;
    }
    text = json_dumps(w->in->data, CALC_DUMP_FLAGS);
    c.data = text ? arena_strdup(w->ar, text) : NULL;
    free(text);
    text = json_dumps(result, CALC_DUMP_FLAGS);
    c.result = text ? arena_strdup(w->ar, text) : NULL;
    free(text);
    if (!c.data || !c.result) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    if ((rc = checkdb_campaign_of(db, s.id, w->ar, &c.inspection_id, &c.campaign_id, &rectify_to,
                                  err)) != MS_OK ||
        (rc = checkdb_insert(db, &c, err)) != MS_OK)
        goto out;
    if (strcmp(c.verdict, "fail") == 0) {
        struct checkdb_finding f = {c.id,      c.inspection_id, c.campaign_id, c.authority_id,
                                    c.unit_id, c.standard_id,   NULL,          NULL,
                                    w->now};
        char crit[160], deadline[DATE_LEN + 1], today_s[11];
        ms_date today = {0, 0, 0};
        if (c.inspection_id && rectify_to) {
            snprintf(deadline, sizeof deadline, "%s", rectify_to);
        } else {
            svc_today(today_s);
            date_parse(today_s, &today, NULL, NULL);
            date_format(date_add_days(today, CHECK_DEADLINE_DAYS), deadline);
        }
        criterion(w->method, result, crit, sizeof crit);
        f.deadline = deadline;
        f.description =
            arena_printf(w->ar,
                         "技术核查 #%lld 不合格：%s（方法 %s，判定规则 %s 第 %s 版：%s）；"
                         "failing technical check #%lld: %s (method %s, rule set %s "
                         "version %s: %s)",
                         (long long)c.id, w->kind_zh, c.method, c.rule_set ? c.rule_set : "-",
                         c.rule_version, crit, (long long)c.id, c.kind, c.method,
                         c.rule_set ? c.rule_set : "-", c.rule_version, crit);
        if (!f.description) {
            rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
            goto out;
        }
        if ((rc = checkdb_finding_insert(db, &f, &finding_id, err)) != MS_OK)
            goto out;
    }
    change = json_pack("{sIsIssssssss}", "standard_id", (json_int_t)c.standard_id, "unit_id",
                       (json_int_t)c.unit_id, "kind", c.kind, "method", c.method, "verdict",
                       c.verdict, "rule_version", c.rule_version);
    if (!change) {
        rc = ms_fail(err, MS_EINTERNAL, "", "out_of_memory", NULL);
        goto out;
    }
    if (finding_id)
        json_object_set_new(change, "finding_id", json_integer(finding_id));
    if ((rc = audit_append(db, w->who, "check.create", "check", c.id, change, err)) != MS_OK)
        goto out;
    if (w->out)
        rc = checkdb_get(db, c.id, w->ar, w->out, err);
out:
    json_decref(change);
    json_decref(result);
    return rc;
}

int check_create(store *db, const ms_actor *who, int64_t standard_id, const struct check_input *in,
                 arena *ar, struct ms_check *out, ms_err *err)
{
    struct create_ctx w = {.who = who, .standard_id = standard_id, .in = in, .ar = ar, .out = out};
    char list[160] = "";
    size_t k;

    if (!may_write(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    if (!in->kind)
        return ms_fail(err, MS_EINVAL, "kind", "required", NULL);
    for (k = 0; k < MS_ARRAY_LEN(kind_methods); k++)
        if (strcmp(kind_methods[k].kind, in->kind) == 0)
            break;
    if (k == MS_ARRAY_LEN(kind_methods)) {
        for (size_t i = 0; check_kinds[i]; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     check_kinds[i]);
        return ms_fail(err, MS_EINVAL, "kind", "check_kind", list);
    }
    w.method = kind_methods[k].methods[0];
    w.kind_zh = kind_methods[k].zh;
    if (in->method) {
        int ok = 0;
        for (int i = 0; kind_methods[k].methods[i]; i++) {
            ok |= strcmp(kind_methods[k].methods[i], in->method) == 0;
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     kind_methods[k].methods[i]);
        }
        if (!ok)
            return ms_fail(err, MS_EINVAL, "method", "check_method", list);
        w.method = in->method;
    }
    if (!in->data)
        return ms_fail(err, MS_EINVAL, "data", "required", NULL);
    if (!json_is_object(in->data))
        return ms_fail(err, MS_EINVAL, "data", "calc_object", NULL);
    svc_scope(who, &w.sc);
    svc_now(w.now);
    return store_tx(db, tx_create, &w, err);
}

int check_get(store *db, const ms_actor *who, int64_t id, arena *ar, struct ms_check *out,
              ms_err *err)
{
    struct store_scope sc;
    struct ms_standard s;
    int rc;

    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    svc_scope(who, &sc);
    if ((rc = checkdb_get(db, id, ar, out, err)) != MS_OK)
        return rc;
    rc = reg_standard_get(db, &sc, out->standard_id, ar, &s, err);
    if (rc == MS_ENOTFOUND)
        return ms_failf(err, MS_ENOTFOUND, "id", "not_found", "%lld", (long long)id);
    return rc;
}

int check_list(store *db, const ms_actor *who, int64_t standard_id, const char *kind,
               const char *verdict, const struct store_page *pg, arena *ar, struct ms_check **items,
               int *n, int64_t *total, ms_err *err)
{
    struct store_scope sc;
    struct ms_standard s;
    int rc, ok = !kind;

    *items = NULL;
    *n = 0;
    *total = 0;
    if (!may_read(who))
        return ms_fail(err, MS_EFORBIDDEN, "", "forbidden", NULL);
    for (size_t i = 0; kind && check_kinds[i]; i++)
        ok |= strcmp(check_kinds[i], kind) == 0;
    if (!ok)
        return ms_fail(err, MS_EINVAL, "kind", "check_kind",
                       "comparison, blind_sample, process_control, stability, repeatability, "
                       "verification");
    if (verdict && strcmp(verdict, "pass") != 0 && strcmp(verdict, "fail") != 0 &&
        strcmp(verdict, "questionable") != 0)
        return ms_fail(err, MS_EINVAL, "verdict", "calc_choice", "pass, fail, questionable");
    svc_scope(who, &sc);
    if ((rc = reg_standard_get(db, &sc, standard_id, ar, &s, err)) != MS_OK)
        return rc;
    return checkdb_list(db, standard_id, kind, verdict, pg, ar, items, n, total, err);
}
