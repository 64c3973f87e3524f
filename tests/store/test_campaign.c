/* test_campaign.c - campaigns and self-inspection over a real database, run
 * once on SQLite and once on PostgreSQL (MSUP_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/audit.h"
#include "service/campaign.h"
#include "service/registry.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, js, nj, zj, u_xw, u_zj;
    int64_t nation, a_js, a_nj, a_xw, a_zj; /* authorities */
    int64_t unit_xw, unit_nj, unit_zj;      /* units */
    int64_t std_xw1, std_xw2, std_nj, std_zj;
    int64_t national; /* the national 2021 campaign */
};

/* ------------------------------------------------------------- fixture */

static const char *make_uscc(arena *ar, const char *first17)
{
    char *u = arena_alloc(ar, 19);
    memcpy(u, first17, 17);
    u[17] = uscc_check_char(first17);
    return u;
}

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent)
{
    struct ms_authority a = {.code = code, .name = name, .level = level, .parent_id = parent};
    ms_err err = {0};
    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s %s", code, err.key, err.field, err.arg);
    return a.id;
}

static int64_t add_unit(struct fx *f, const char *uscc17, const char *name, const char *division,
                        int64_t authority)
{
    struct ms_unit u = {.uscc = make_uscc(&f->ar, uscc17),
                        .name = name,
                        .division_code = division,
                        .kind = "enterprise",
                        .authority_id = authority};
    ms_err err = {0};
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit %s: %s %s %s", name, err.key, err.field, err.arg);
    return u.id;
}

static int64_t add_standard(struct fx *f, int64_t unit, int64_t auth, const char *cert_no)
{
    struct ms_standard s = {.unit_id = unit,
                            .name = "二等量块标准装置",
                            .code = "01110100",
                            .category = "enterprise_highest",
                            .cert_no = cert_no,
                            .cert_authority_id = auth,
                            .cert_issued_on = "2019-05-01",
                            .cert_expires_on = "2023-04-30"};
    ms_err err = {0};
    if (registry_standard_create(f->db, &f->sys, &s, &f->ar, &err) != MS_OK)
        fail_msg("standard %s: %s %s %s", cert_no, err.key, err.field, err.arg);
    return s.id;
}

static void authority_actor(struct fx *f, const char *code, ms_actor *a)
{
    struct ms_authority auth;
    assert_int_equal(registry_actor_for_authority(f->db, code, MS_LANG_ZH, &f->ar, a, &auth, NULL),
                     MS_OK);
}

static void unit_actor(ms_actor *a, int64_t unit, const char *name)
{
    memset(a, 0, sizeof *a);
    a->role = "unit";
    a->name = name;
    a->unit_id = unit;
    a->client_addr = "test";
}

static int64_t new_campaign(struct fx *f, const ms_actor *who, int64_t authority, const char *name)
{
    struct campaign_input in = {.name = name, .year = 2021, .authority_id = authority};
    struct ms_campaign c;
    ms_err err = {0};
    if (campaign_create(f->db, who, &in, &f->ar, &c, &err) != MS_OK)
        fail_msg("campaign %s: %s %s %s", name, err.key, err.field, err.arg);
    return c.id;
}

static int setup(void **state)
{
    static struct fx f;

    memset(&f, 0, sizeof f);
    unsetenv("MSUP_TODAY");
    f.db = testdb_open("campaign");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.a_js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.a_nj = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.a_js);
    f.a_xw = add_authority(&f, "320102", "南京市玄武区市场监督管理局", "county", f.a_nj);
    f.a_zj = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    f.unit_xw = add_unit(&f, "91320102MA1WXY120", "南京玄武精密仪器有限公司", "320102", f.a_xw);
    f.unit_nj = add_unit(&f, "91320100MA1NJ0560", "南京计量器具有限公司", "320100", f.a_nj);
    f.unit_zj = add_unit(&f, "91330100MA2ABC340", "杭州西湖计量器具有限公司", "330100", f.a_zj);
    f.std_xw1 = add_standard(&f, f.unit_xw, f.a_nj, "[2019]苏量标宁证字第0001号");
    f.std_xw2 = add_standard(&f, f.unit_xw, f.a_nj, "[2019]苏量标宁证字第0002号");
    f.std_nj = add_standard(&f, f.unit_nj, f.a_nj, "[2019]苏量标宁证字第0003号");
    f.std_zj = add_standard(&f, f.unit_zj, f.a_zj, "[2020]浙量标证字第0004号");
    authority_actor(&f, "320000", &f.js);
    authority_actor(&f, "320100", &f.nj);
    authority_actor(&f, "330000", &f.zj);
    unit_actor(&f.u_xw, f.unit_xw, "xw_user");
    unit_actor(&f.u_zj, f.unit_zj, "zj_user");
    f.national = new_campaign(&f, &f.sys, f.nation, "2021年全国计量标准专项监督检查");
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->db);
    arena_free(&f->ar);
    unsetenv("MSUP_TODAY");
    return 0;
}

static int64_t rows(struct fx *f, const char *sql)
{
    return store_query_int(f->db, sql, -1, NULL);
}

#define AUDIT     "SELECT count(*) FROM audit"
#define CAMPAIGNS "SELECT count(*) FROM campaigns"

/* ------------------------------------------------------------ campaigns */

static void test_defaults(void **state)
{
    struct fx *f = *state;
    struct ms_campaign c;
    ms_err err = {0};

    assert_int_equal(campaign_get(f->db, &f->sys, f->national, &f->ar, &c, &err), MS_OK);
    assert_int_equal(c.year, 2021);
    assert_true(c.unit_rate > 0.1999999 && c.unit_rate < 0.2000001);
    assert_true(c.authority_rate > 0.1999999 && c.authority_rate < 0.2000001);
    assert_string_equal(c.self_check_due, "2021-05-31");
    assert_string_equal(c.onsite_from, "2021-06-01");
    assert_string_equal(c.onsite_to, "2021-07-31");
    assert_string_equal(c.rectify_from, "2021-08-01");
    assert_string_equal(c.rectify_to, "2021-08-31");
    assert_string_equal(c.summary_from, "2021-09-01");
    assert_string_equal(c.summary_to, "2021-10-20");
    assert_string_equal(c.template_standard, "A1");
    assert_string_equal(c.template_assessment, "A2");
    assert_string_equal(c.status, "active");
    assert_int_equal(c.authority_id, f->nation);
    assert_string_equal(c.authority_code, "000000");
    assert_string_equal(campaign_stage(&c, "2021-05-31"), "self_check");
    assert_string_equal(campaign_stage(&c, "2021-06-01"), "onsite");
    assert_string_equal(campaign_stage(&c, "2021-08-15"), "rectify");
    assert_string_equal(campaign_stage(&c, "2021-10-20"), "summary");
    assert_string_equal(campaign_stage(&c, "2021-10-21"), "finished");
    assert_int_equal(rows(f, "SELECT count(*) FROM audit WHERE action = 'campaign.create'"), 1);
}

/* IN must be refused with 422 naming FIELD, writing nothing. */
static void refused(struct fx *f, const struct campaign_input *in, const char *field,
                    const char *key)
{
    int64_t before = rows(f, CAMPAIGNS), audit = rows(f, AUDIT);
    struct ms_campaign c;
    ms_err err = {0};

    assert_int_equal(campaign_create(f->db, &f->sys, in, &f->ar, &c, &err), MS_EINVAL);
    if (strcmp(err.field, field) != 0 || strcmp(err.key, key) != 0)
        fail_msg("refused as %s/%s, expected %s/%s", err.field, err.key, field, key);
    assert_int_equal(rows(f, CAMPAIGNS), before);
    assert_int_equal(rows(f, AUDIT), audit);
}

static void test_rates(void **state)
{
    struct fx *f = *state;
    struct campaign_input in = {.name = "比例", .year = 2022, .authority_id = f->nation};
    struct ms_campaign c;
    ms_err err = {0};

    in.unit_rate_set = 1;
    in.unit_rate = 0.0;
    refused(f, &in, "unit_rate", "campaign_rate");
    in.unit_rate = -0.2;
    refused(f, &in, "unit_rate", "campaign_rate");
    in.unit_rate = 1.0000001;
    refused(f, &in, "unit_rate", "campaign_rate");
    in.unit_rate = 1.0;
    in.authority_rate_set = 1;
    in.authority_rate = 0.0;
    refused(f, &in, "authority_rate", "campaign_rate");
    in.authority_rate = 2;
    refused(f, &in, "authority_rate", "campaign_rate");
    in.authority_rate = 0.35;
    assert_int_equal(campaign_create(f->db, &f->sys, &in, &f->ar, &c, &err), MS_OK);
    assert_true(c.unit_rate == 1.0);
    assert_true(c.authority_rate > 0.3499999 && c.authority_rate < 0.3500001);
    /* the same name again for the same authority and year */
    assert_int_equal(campaign_create(f->db, &f->sys, &in, &f->ar, &c, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "name");
}

static void test_windows(void **state)
{
    struct fx *f = *state;
    struct campaign_input in = {.name = "窗口", .year = 2023, .authority_id = f->nation};

    in.onsite_from = "2023-05-30"; /* before self_check_due 05-31 */
    refused(f, &in, "onsite_from", "campaign_window_order");
    in.onsite_from = "2023-05-31"; /* equal is fine; then onsite_to before it */
    in.onsite_to = "2023-05-01";
    refused(f, &in, "onsite_to", "campaign_window_order");
    in.onsite_to = NULL;
    in.rectify_from = "2023-07-31"; /* must be strictly after onsite_to */
    refused(f, &in, "rectify_from", "campaign_window_order");
    in.rectify_from = NULL;
    in.summary_from = "2023-08-31"; /* must be strictly after rectify_to */
    refused(f, &in, "summary_from", "campaign_window_order");
    in.summary_from = NULL;
    in.summary_to = "2023-08-15"; /* before summary_from 09-01 */
    refused(f, &in, "summary_to", "campaign_window_order");
    in.summary_to = "2023-02-30";
    refused(f, &in, "summary_to", "invalid_date_value");
    in.summary_to = NULL;
    in.self_check_due = "31.05.2023";
    refused(f, &in, "self_check_due", "invalid_date");
}

static void test_create_rules(void **state)
{
    struct fx *f = *state;
    struct campaign_input in = {.name = "江苏省专项监督检查", .year = 2021};
    struct campaign_input patch = {0};
    struct ms_campaign c;
    ms_err err = {0};
    int64_t id, audit;

    /* an authority organises for itself */
    assert_int_equal(campaign_create(f->db, &f->js, &in, &f->ar, &c, &err), MS_OK);
    assert_int_equal(c.authority_id, f->a_js);
    id = c.id;
    in.name = "越级";
    in.authority_id = f->nation;
    assert_int_equal(campaign_create(f->db, &f->js, &in, &f->ar, &c, &err), MS_EFORBIDDEN);
    assert_string_equal(err.field, "authority_id");
    in.authority_id = 0;
    assert_int_equal(campaign_create(f->db, &f->u_xw, &in, &f->ar, &c, &err), MS_EFORBIDDEN);
    in.year = 1999;
    refused(f, &in, "authority_id", "required"); /* system must name the authority */
    in.authority_id = f->nation;
    refused(f, &in, "year", "campaign_year");
    in.year = 2021;
    in.template_standard = "A2"; /* a per-authority checklist */
    refused(f, &in, "templates.standard", "checklist_unknown");
    in.template_standard = "A7";
    refused(f, &in, "templates.standard", "checklist_unknown");

    /* patch: the organiser only; the city sees it but may not change it;
     * Zhejiang does not even see it */
    audit = rows(f, AUDIT);
    patch.unit_rate_set = 1;
    patch.unit_rate = 0.3;
    patch.self_check_due = "2021-06-10"; /* after onsite_from 06-01 */
    assert_int_equal(campaign_update(f->db, &f->js, id, &patch, &f->ar, &c, &err), MS_EINVAL);
    assert_string_equal(err.field, "onsite_from");
    patch.onsite_from = "2021-06-11";
    assert_int_equal(campaign_update(f->db, &f->js, id, &patch, &f->ar, &c, &err), MS_OK);
    assert_true(c.unit_rate > 0.2999999 && c.unit_rate < 0.3000001);
    assert_string_equal(c.self_check_due, "2021-06-10");
    assert_string_equal(c.onsite_to, "2021-07-31");
    assert_int_equal(rows(f, AUDIT), audit + 1);
    assert_int_equal(campaign_update(f->db, &f->nj, id, &patch, &f->ar, &c, &err), MS_EFORBIDDEN);
    assert_int_equal(campaign_update(f->db, &f->zj, id, &patch, &f->ar, &c, &err), MS_ENOTFOUND);
    assert_int_equal(rows(f, AUDIT), audit + 1);

    /* reads: the unit in Nanjing sees the national and the Jiangsu one, the
     * Zhejiang unit only the national one */
    {
        struct ms_campaign *items;
        int n;
        int64_t total;
        assert_int_equal(campaign_get(f->db, &f->u_xw, id, &f->ar, &c, &err), MS_OK);
        assert_int_equal(campaign_get(f->db, &f->nj, id, &f->ar, &c, &err), MS_OK);
        assert_int_equal(campaign_get(f->db, &f->u_zj, id, &f->ar, &c, &err), MS_ENOTFOUND);
        assert_int_equal(campaign_get(f->db, &f->zj, id, &f->ar, &c, &err), MS_ENOTFOUND);
        assert_int_equal(campaign_get(f->db, &f->zj, f->national, &f->ar, &c, &err), MS_OK);
        assert_int_equal(campaign_get(f->db, &f->u_zj, f->national, &f->ar, &c, &err), MS_OK);
        struct campdb_filter flt = {.year = 2021};
        assert_int_equal(
            campaign_list(f->db, &f->u_zj, &flt, NULL, &f->ar, &items, &n, &total, &err), MS_OK);
        assert_int_equal(total, 1);
        assert_int_equal(items[0].id, f->national);
        assert_int_equal(
            campaign_list(f->db, &f->u_xw, &flt, NULL, &f->ar, &items, &n, &total, &err), MS_OK);
        assert_int_equal(total, 2);
    }
}

/* -------------------------------------------------------- self-inspection */

/* Answers to every A1 item of STANDARD: conform, except item BAD (0 =
 * none) which gets VERDICT; item SKIP (0 = none) is left out. */
static struct selfcheck_set_in full_set(struct fx *f, int64_t standard, int bad,
                                        const char *verdict, int skip)
{
    struct selfcheck_item_in *items = arena_alloc(&f->ar, sizeof *items * 14);
    struct selfcheck_set_in s = {.standard_id = standard, .items = items};

    for (int no = 1; no <= 14; no++) {
        if (no == skip)
            continue;
        items[s.nitems].no = no;
        items[s.nitems].verdict = no == bad ? verdict : "conform";
        items[s.nitems].note = no == bad ? "溯源证书过期" : NULL;
        s.nitems++;
    }
    return s;
}

static void save_ok(struct fx *f, const ms_actor *who, int64_t campaign, int64_t unit,
                    const struct selfcheck_input *in, int want_changed)
{
    struct selfcheck_report rep;
    ms_err err = {0};
    if (selfcheck_save(f->db, who, campaign, unit, in, &f->ar, &rep, &err) != MS_OK)
        fail_msg("save: %s %s %s", err.key, err.field, err.arg);
    assert_int_equal(rep.changed, want_changed);
    assert_string_equal(rep.row.status, "draft");
}

/* Saving IN must fail with CODE naming FIELD, writing nothing. */
static void save_refused(struct fx *f, const ms_actor *who, int64_t campaign, int64_t unit,
                         const struct selfcheck_input *in, int code, const char *field)
{
    struct selfcheck_report rep;
    ms_err err = {0};
    int64_t audit = rows(f, AUDIT), n = rows(f, "SELECT count(*) FROM self_checks");

    assert_int_equal(selfcheck_save(f->db, who, campaign, unit, in, &f->ar, &rep, &err), code);
    if (field && strcmp(err.field, field) != 0)
        fail_msg("refused at '%s' (%s), expected '%s'", err.field, err.key, field);
    assert_int_equal(rows(f, AUDIT), audit);
    assert_int_equal(rows(f, "SELECT count(*) FROM self_checks"), n);
}

static void test_save_idempotent(void **state)
{
    struct fx *f = *state;
    struct selfcheck_set_in sets[2] = {full_set(f, f->std_xw2, 0, NULL, 3),
                                       full_set(f, f->std_xw1, 4, "nonconform", 0)};
    struct selfcheck_input in = {.sets = sets, .nsets = 2, .problems = "标准器溯源超期"};
    int64_t audit = rows(f, AUDIT);
    struct selfcheck_report rep;
    ms_err err = {0};

    save_ok(f, &f->u_xw, f->national, f->unit_xw, &in, 1);
    assert_int_equal(rows(f, AUDIT), audit + 1);
    /* the same save again: nothing changes, no second audit row */
    save_ok(f, &f->u_xw, f->national, f->unit_xw, &in, 0);
    assert_int_equal(rows(f, AUDIT), audit + 1);
    /* the same answers in another order are the same answers */
    {
        struct selfcheck_set_in swapped[2] = {sets[1], sets[0]};
        struct selfcheck_input in2 = in;
        in2.sets = swapped;
        save_ok(f, &f->u_xw, f->national, f->unit_xw, &in2, 0);
    }
    assert_int_equal(rows(f, AUDIT), audit + 1);
    assert_int_equal(rows(f, "SELECT count(*) FROM audit WHERE action = 'selfcheck.save'"), 1);
    /* stored sorted by standard, with the checklist code and version */
    assert_int_equal(selfcheck_get(f->db, &f->u_xw, f->national, f->unit_xw, &f->ar, &rep, &err),
                     MS_OK);
    assert_int_equal(rep.nsets, 2);
    assert_int_equal(rep.sets[0].standard_id, f->std_xw1);
    assert_string_equal(rep.sets[0].checklist, "A1");
    assert_int_equal(rep.sets[0].version, 1);
    assert_int_equal(rep.sets[0].conclusion, CHECKLIST_FAIL); /* item 4 is key */
    assert_int_equal(rep.sets[1].conclusion, CHECKLIST_INCOMPLETE);
    assert_int_equal(rep.sets[1].nitems, 13);
    assert_string_equal(rep.row.problems, "标准器溯源超期");
    /* the authority above reads it; Zhejiang does not see the unit */
    assert_int_equal(selfcheck_get(f->db, &f->nj, f->national, f->unit_xw, &f->ar, &rep, &err),
                     MS_OK);
    assert_int_equal(selfcheck_get(f->db, &f->zj, f->national, f->unit_xw, &f->ar, &rep, &err),
                     MS_ENOTFOUND);
    /* a change is a change */
    in.measures = "送检并更新证书";
    save_ok(f, &f->u_xw, f->national, f->unit_xw, &in, 1);
    assert_int_equal(rows(f, AUDIT), audit + 2);
}

static void test_save_validation(void **state)
{
    struct fx *f = *state;
    struct selfcheck_set_in sets[2] = {full_set(f, f->std_xw1, 0, NULL, 0),
                                       full_set(f, f->std_zj, 0, NULL, 0)};
    struct selfcheck_input in = {.sets = sets, .nsets = 2};
    struct selfcheck_item_in extra[2] = {{1, "conform", NULL}, {15, "conform", NULL}};

    /* a standard of another unit */
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL, "answers[1].standard_id");
    sets[1] = sets[0];
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL, "answers[1].standard_id");
    sets[1] = full_set(f, f->std_xw2, 6, "bad", 0);
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL,
                 "answers[1].items[5].verdict");
    sets[1].items = extra;
    sets[1].nitems = 2;
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL, "answers[1].items[1].no");
    sets[1] = full_set(f, f->std_xw2, 0, NULL, 0);
    sets[1].checklist = "A2";
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL, "answers[1].checklist");
    sets[1].checklist = NULL;
    sets[1].version = 99;
    save_refused(f, &f->u_xw, f->national, f->unit_xw, &in, MS_EINVAL, "answers[1].version");
    sets[1].version = 0;
    /* jurisdiction: a unit cannot save for another unit; authorities do not
     * write reports */
    save_refused(f, &f->u_xw, f->national, f->unit_zj, &in, MS_ENOTFOUND, "unit_id");
    save_refused(f, &f->nj, f->national, f->unit_xw, &in, MS_EFORBIDDEN, NULL);
    save_refused(f, &f->u_xw, 424242, f->unit_xw, &in, MS_ENOTFOUND, NULL);
}

static int submit(struct fx *f, const ms_actor *who, int64_t campaign, int64_t unit,
                  struct selfcheck_report *rep, ms_err *err)
{
    return selfcheck_submit(f->db, who, campaign, unit, &f->ar, rep, err);
}

static void test_submit(void **state)
{
    struct fx *f = *state;
    int64_t camp = new_campaign(f, &f->sys, f->nation, "提交");
    struct selfcheck_set_in sets[2] = {full_set(f, f->std_xw1, 0, NULL, 7),
                                       full_set(f, f->std_xw2, 5, "defect", 0)};
    struct selfcheck_input in = {.sets = sets, .nsets = 1};
    struct selfcheck_report rep;
    ms_err err = {0};
    int64_t audit;

    setenv("MSUP_TODAY", "2021-05-20", 1);
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "selfcheck_no_draft");
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    audit = rows(f, AUDIT);
    /* the second standard has no answers yet */
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_EINVAL);
    assert_string_equal(err.field, "answers");
    assert_string_equal(err.key, "selfcheck_missing_standard");
    /* item 7 of the first is unanswered */
    in.nsets = 2;
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    audit = rows(f, AUDIT);
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_EINVAL);
    assert_string_equal(err.field, "answers[0].items");
    assert_string_equal(err.key, "checklist_unanswered");
    assert_string_equal(err.arg, "7");
    /* a defect needs problems and measures */
    sets[0] = full_set(f, f->std_xw1, 0, NULL, 0);
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_EINVAL);
    assert_string_equal(err.field, "problems");
    in.problems = "稳定性考核记录不全";
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_EINVAL);
    assert_string_equal(err.field, "measures");
    in.measures = "补做稳定性考核";
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    audit = rows(f, AUDIT);
    assert_int_equal(rows(f, "SELECT count(*) FROM self_checks WHERE status = 'submitted'"), 0);
    /* on time */
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_OK);
    assert_string_equal(rep.row.status, "submitted");
    assert_int_equal(rep.row.late, 0);
    assert_non_null(rep.row.submitted_at);
    assert_string_equal(rep.row.submitted_by, "xw_user");
    assert_int_equal(rep.sets[0].conclusion, CHECKLIST_PASS);
    assert_int_equal(rep.sets[1].conclusion, CHECKLIST_RECTIFY);
    assert_int_equal(rows(f, AUDIT), audit + 1);
    /* a submitted report cannot be edited or submitted again */
    save_refused(f, &f->u_xw, camp, f->unit_xw, &in, MS_ECONFLICT, "status");
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "selfcheck_submitted");
    assert_int_equal(rows(f, AUDIT), audit + 1);
    unsetenv("MSUP_TODAY");
}

static void test_late(void **state)
{
    struct fx *f = *state;
    int64_t camp = new_campaign(f, &f->sys, f->nation, "逾期");
    struct selfcheck_set_in set = full_set(f, f->std_zj, 0, NULL, 0);
    struct selfcheck_input in = {.sets = &set, .nsets = 1};
    struct selfcheck_report rep;
    ms_err err = {0};

    /* a draft long after the due date is fine; so is submitting, flagged */
    setenv("MSUP_TODAY", "2021-06-15", 1);
    save_ok(f, &f->u_zj, camp, f->unit_zj, &in, 1);
    assert_int_equal(submit(f, &f->u_zj, camp, f->unit_zj, &rep, &err), MS_OK);
    assert_int_equal(rep.row.late, 1);
    assert_int_equal(rows(f, "SELECT count(*) FROM self_checks WHERE late = 1"), 1);
    /* the due date itself is on time */
    setenv("MSUP_TODAY", "2021-05-31", 1);
    set = full_set(f, f->std_nj, 0, NULL, 0);
    {
        ms_actor u_nj;
        unit_actor(&u_nj, f->unit_nj, "nj_user");
        save_ok(f, &u_nj, camp, f->unit_nj, &in, 1);
        assert_int_equal(submit(f, &u_nj, camp, f->unit_nj, &rep, &err), MS_OK);
        assert_int_equal(rep.row.late, 0);
    }
    unsetenv("MSUP_TODAY");
}

static void test_overview(void **state)
{
    struct fx *f = *state;
    int64_t camp = rows(f, "SELECT id FROM campaigns WHERE name = '逾期'");
    struct campdb_overview_row *items;
    struct campdb_overview_counts k;
    int n;
    int64_t total;
    ms_err err = {0};
    ms_actor nation;

    authority_actor(f, "000000", &nation);
    /* the nation sees all three units: two submitted (one late), one none */
    assert_int_equal(
        selfcheck_overview(f->db, &nation, camp, NULL, NULL, &f->ar, &items, &n, &total, &k, &err),
        MS_OK);
    assert_int_equal(total, 3);
    assert_int_equal(k.submitted, 2);
    assert_int_equal(k.late, 1);
    assert_int_equal(k.none, 1);
    assert_int_equal(items[0].unit_id, f->unit_xw);
    assert_string_equal(items[0].status, "none");
    /* Jiangsu: only its subtree's units */
    assert_int_equal(
        selfcheck_overview(f->db, &f->js, camp, NULL, NULL, &f->ar, &items, &n, &total, &k, &err),
        MS_OK);
    assert_int_equal(total, 2);
    for (int i = 0; i < n; i++)
        assert_true(items[i].unit_id == f->unit_xw || items[i].unit_id == f->unit_nj);
    assert_int_equal(selfcheck_overview(f->db, &f->js, camp, "submitted", NULL, &f->ar, &items, &n,
                                        &total, &k, &err),
                     MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].unit_id, f->unit_nj);
    assert_int_equal(items[0].late, 0);
    /* Zhejiang: its one unit, submitted late */
    assert_int_equal(
        selfcheck_overview(f->db, &f->zj, camp, NULL, NULL, &f->ar, &items, &n, &total, &k, &err),
        MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].late, 1);
    /* a unit user sees itself only */
    assert_int_equal(
        selfcheck_overview(f->db, &f->u_xw, camp, NULL, NULL, &f->ar, &items, &n, &total, &k, &err),
        MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].unit_id, f->unit_xw);
    /* paging and a bad filter */
    {
        struct store_page pg = {2, 1};
        assert_int_equal(selfcheck_overview(f->db, &nation, camp, NULL, &pg, &f->ar, &items, &n,
                                            &total, &k, &err),
                         MS_OK);
        assert_int_equal(n, 1);
        assert_int_equal(total, 3);
        assert_int_equal(items[0].unit_id, f->unit_nj);
    }
    assert_int_equal(selfcheck_overview(f->db, &nation, camp, "done", NULL, &f->ar, &items, &n,
                                        &total, &k, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "status");
    /* a province's campaign does not reach the other province's units */
    {
        int64_t js_camp = rows(f, "SELECT id FROM campaigns WHERE name = '江苏省专项监督检查'");
        struct selfcheck_set_in set = full_set(f, f->std_zj, 0, NULL, 0);
        struct selfcheck_input in = {.sets = &set, .nsets = 1};
        assert_int_equal(selfcheck_overview(f->db, &nation, js_camp, NULL, NULL, &f->ar, &items, &n,
                                            &total, &k, &err),
                         MS_OK);
        assert_int_equal(total, 2);
        save_refused(f, &f->u_zj, js_camp, f->unit_zj, &in, MS_ENOTFOUND, NULL);
    }
}

/* A new checklist version changes nothing already answered. */
static void test_new_version(void **state)
{
    struct fx *f = *state;
    int64_t camp = new_campaign(f, &f->sys, f->nation, "新版本");
    struct selfcheck_set_in sets[2] = {full_set(f, f->std_xw1, 0, NULL, 0),
                                       full_set(f, f->std_xw2, 0, NULL, 0)};
    struct selfcheck_input in = {.sets = sets, .nsets = 2};
    struct selfcheck_report rep;
    struct checklist *v2 = NULL;
    char *before;
    ms_err err = {0};
    static const char V2[] = "{\"code\":\"A1\",\"version\":2,\"title\":\"v2\",\"scope\":"
                             "\"standard\",\"items\":[{\"no\":1,\"section\":\"s\",\"text\":\"a\","
                             "\"key\":true},{\"no\":2,\"section\":\"s\",\"text\":\"b\"}]}";

    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 1);
    assert_int_equal(selfcheck_get(f->db, &f->u_xw, camp, f->unit_xw, &f->ar, &rep, &err), MS_OK);
    before = arena_strdup(&f->ar, rep.row.answers);

    assert_int_equal(checklist_parse(V2, strlen(V2), &v2, &err), MS_OK);
    assert_int_equal(checklist_publish(v2, &err), MS_OK);
    assert_int_equal(checklist_find("A1", 0, NULL)->version, 2);

    /* stored answers read exactly as before, still version 1, still complete */
    assert_int_equal(selfcheck_get(f->db, &f->u_xw, camp, f->unit_xw, &f->ar, &rep, &err), MS_OK);
    assert_string_equal(rep.row.answers, before);
    assert_int_equal(rep.sets[0].version, 1);
    assert_int_equal(rep.sets[0].nitems, 14);
    assert_int_equal(rep.sets[0].conclusion, CHECKLIST_PASS);
    /* re-saving the same answers pinned to version 1 changes nothing */
    sets[0].version = 1;
    sets[1].version = 1;
    save_ok(f, &f->u_xw, camp, f->unit_xw, &in, 0);
    /* answers without a version now go against version 2, which has no item 14 */
    sets[1].version = 0;
    save_refused(f, &f->u_xw, camp, f->unit_xw, &in, MS_EINVAL, "answers[1].items[2].no");
    /* and the report answered against version 1 submits */
    setenv("MSUP_TODAY", "2021-05-01", 1);
    assert_int_equal(submit(f, &f->u_xw, camp, f->unit_xw, &rep, &err), MS_OK);
    assert_int_equal(rep.sets[1].version, 1);
    unsetenv("MSUP_TODAY");
    {
        struct audit_verify_result v;
        assert_int_equal(audit_verify(f->db, &f->sys, &v, &err), MS_OK);
        assert_true(v.intact);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),        cmocka_unit_test(test_rates),
        cmocka_unit_test(test_windows),         cmocka_unit_test(test_create_rules),
        cmocka_unit_test(test_save_idempotent), cmocka_unit_test(test_save_validation),
        cmocka_unit_test(test_submit),          cmocka_unit_test(test_late),
        cmocka_unit_test(test_overview),        cmocka_unit_test(test_new_version),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
