/* test_draw_db.c - draws over a real database: rosters from the registry,
 * commitments, one active draw, void and redraw, verification, the
 * inspections created, inspector assignment and recusal, jurisdiction. Run
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
#include "service/draw.h"
#include "service/registry.h"
#include "testdb.h"

#define TODAY "2021-06-15"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, js, nj, zj;
    int64_t nation, a_js, a_nj, a_xw, a_gl, a_zj;
    int64_t u1, u2, u3, u4, u5;
    int64_t p_emp, p_conf; /* inspectors employed by u1 / in conflict with u3 */
    int64_t campaign;
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

static int64_t add_unit(struct fx *f, const char *uscc17, const char *name, int64_t authority,
                        const char *credit)
{
    struct ms_unit u = {.uscc = make_uscc(&f->ar, uscc17),
                        .name = name,
                        .division_code = "320100",
                        .kind = "enterprise",
                        .authority_id = authority,
                        .credit_class = credit};
    ms_err err = {0};
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit %s: %s %s %s", name, err.key, err.field, err.arg);
    return u.id;
}

static int64_t add_standard(struct fx *f, int64_t unit, int64_t auth, const char *cert_no,
                            const char *code, const char *expires, const char *sectors)
{
    struct ms_standard s = {.unit_id = unit,
                            .name = "计量标准装置",
                            .code = code,
                            .category = "enterprise_highest",
                            .cert_no = cert_no,
                            .cert_authority_id = auth,
                            .cert_issued_on = "2019-05-01",
                            .cert_expires_on = expires,
                            .sectors = sectors};
    ms_err err = {0};
    if (registry_standard_create(f->db, &f->sys, &s, &f->ar, &err) != MS_OK)
        fail_msg("standard %s: %s %s %s", cert_no, err.key, err.field, err.arg);
    return s.id;
}

static void transition(struct fx *f, int64_t id, const char *action)
{
    struct ms_standard out;
    ms_err err = {0};
    if (registry_standard_transition(f->db, &f->sys, id, action, "测试", "2021-03-01", 0, &f->ar,
                                     &out, &err) != MS_OK)
        fail_msg("%s: %s %s %s", action, err.key, err.field, err.arg);
}

static void add_complaint(struct fx *f, int64_t unit, int64_t auth, const char *on)
{
    struct ms_complaint c = {
        .unit_id = unit, .authority_id = auth, .received_on = on, .summary = "投诉"};
    ms_err err = {0};
    assert_int_equal(reg_complaint_insert(f->db, &c, "2021-01-01T00:00:00Z", &err), MS_OK);
}

static void add_violation(struct fx *f, int64_t unit, const char *severity, const char *on)
{
    struct ms_violation v = {.unit_id = unit,
                             .authority_id = f->a_nj,
                             .severity = severity,
                             .decided_on = on,
                             .summary = "违法"};
    ms_err err = {0};
    assert_int_equal(reg_violation_insert(f->db, &v, "2021-01-01T00:00:00Z", &err), MS_OK);
}

static int64_t add_inspector(struct fx *f, const char *name, const char *kind, int64_t employer)
{
    struct ms_inspector i = {.authority_id = f->a_nj,
                             .name = name,
                             .kind = kind,
                             .employer_unit_id = employer,
                             .fields = "01,04",
                             .active = 1};
    ms_err err = {0};
    assert_int_equal(reg_inspector_insert(f->db, &i, "2021-01-01T00:00:00Z", &err), MS_OK);
    return i.id;
}

static void add_conflict(struct fx *f, int64_t inspector, int64_t unit)
{
    reg_loader *l = NULL;
    ms_err err = {0};
    int64_t id = reg_next_id(f->db, REG_CONFLICT, &err);

    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(reg_load_begin(f->db, REG_CONFLICT, "2021-01-01T00:00:00Z", &l, &err), MS_OK);
    assert_int_equal(reg_load_conflict(l, id, inspector, unit, "亲属", "2021-01-01", &err), MS_OK);
    assert_int_equal(reg_load_end(l, &err), MS_OK);
    assert_int_equal(store_commit(f->db, &err), MS_OK);
}

static void authority_actor(struct fx *f, const char *code, ms_actor *a)
{
    struct ms_authority auth;
    assert_int_equal(registry_actor_for_authority(f->db, code, MS_LANG_ZH, &f->ar, a, &auth, NULL),
                     MS_OK);
}

static int setup(void **state)
{
    static struct fx f;
    struct campaign_input in = {.name = "2021年专项监督检查", .year = 2021};
    struct ms_campaign c;
    int64_t s;
    ms_err err = {0};

    memset(&f, 0, sizeof f);
    setenv("MSUP_TODAY", TODAY, 1);
    f.db = testdb_open("draw_db");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.a_js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.a_nj = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.a_js);
    f.a_xw = add_authority(&f, "320102", "南京市玄武区市场监督管理局", "county", f.a_nj);
    f.a_gl = add_authority(&f, "320104", "南京市秦淮区市场监督管理局", "county", f.a_nj);
    f.a_zj = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    f.u1 = add_unit(&f, "91320102MA1WXY120", "南京玄武精密仪器有限公司", f.a_xw, NULL);
    f.u2 = add_unit(&f, "91320100MA1NJ0560", "南京计量器具有限公司", f.a_nj, NULL);
    f.u3 = add_unit(&f, "91320100MA1NJ0770", "南京衡器有限公司", f.a_nj, "D");
    f.u4 = add_unit(&f, "91320100MA1NJ0880", "南京省证单位有限公司", f.a_nj, NULL);
    f.u5 = add_unit(&f, "91330100MA2ABC340", "杭州西湖计量器具有限公司", f.a_zj, NULL);
    /* u1: two of Nanjing's certificates and one of the province's. */
    add_standard(&f, f.u1, f.a_nj, "[2019]苏量标宁证字第0001号", "01110100", "2023-04-30", "");
    add_standard(&f, f.u1, f.a_nj, "[2019]苏量标宁证字第0002号", "04110100", "2023-04-30",
                 "food_safety");
    add_standard(&f, f.u1, f.a_js, "[2019]苏量标证字第0100号", "12110100", "2023-04-30", "");
    /* u2: expired, sealed and revoked only. */
    add_standard(&f, f.u2, f.a_nj, "[2017]苏量标宁证字第0003号", "01110100", "2021-01-01", "");
    s = add_standard(&f, f.u2, f.a_nj, "[2019]苏量标宁证字第0004号", "01110100", "2023-04-30", "");
    transition(&f, s, "seal");
    s = add_standard(&f, f.u2, f.a_nj, "[2019]苏量标宁证字第0005号", "04110100", "2023-04-30", "");
    transition(&f, s, "revoke");
    /* u3: one active certificate of Nanjing. */
    add_standard(&f, f.u3, f.a_nj, "[2019]苏量标宁证字第0006号", "04110100", "2023-04-30", "");
    /* u4: only the province's certificate; u5: Zhejiang's. */
    add_standard(&f, f.u4, f.a_js, "[2019]苏量标证字第0101号", "01110100", "2023-04-30", "");
    add_standard(&f, f.u5, f.a_zj, "[2020]浙量标证字第0004号", "01110100", "2024-04-30", "");
    add_complaint(&f, f.u1, f.a_nj, "2020-08-01"); /* inside the 24 months */
    add_complaint(&f, f.u1, f.a_nj, "2019-06-15"); /* exactly 24 months: outside */
    add_complaint(&f, f.u1, f.a_nj, "2018-12-01"); /* outside */
    add_complaint(&f, 0, f.a_xw, "2021-01-05");    /* about Xuanwu itself */
    add_violation(&f, f.u3, "serious", "2020-02-01");
    add_violation(&f, f.u1, "serious", "2018-02-01"); /* too old */
    add_inspector(&f, "张一", "enforcement", 0);
    add_inspector(&f, "李二", "enforcement", 0);
    add_inspector(&f, "王三", "enforcement", 0);
    f.p_emp = add_inspector(&f, "赵四", "expert", f.u1);
    f.p_conf = add_inspector(&f, "钱五", "expert", 0);
    add_conflict(&f, f.p_conf, f.u3);
    authority_actor(&f, "320000", &f.js);
    authority_actor(&f, "320100", &f.nj);
    authority_actor(&f, "330000", &f.zj);
    in.authority_id = f.a_js;
    if (campaign_create(f.db, &f.sys, &in, &f.ar, &c, &err) != MS_OK)
        fail_msg("campaign: %s %s %s", err.key, err.field, err.arg);
    f.campaign = c.id;
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

static int64_t count(struct fx *f, const char *sql)
{
    ms_err err = {0};
    return store_query_int(f->db, sql, -1, &err);
}

static int64_t run(struct fx *f, const ms_actor *who, int64_t authority, const char *kind,
                   const char *seed)
{
    struct ms_draw d;
    ms_err err = {0};
    if (drawsvc_run(f->db, who, f->campaign, authority, kind, seed, &f->ar, &d, &err) != MS_OK)
        fail_msg("run: %s %s %s", err.key, err.field, err.arg);
    return d.id;
}

/* --------------------------------------------------------------- tests */

static void test_roster(void **state)
{
    struct fx *f = *state;
    struct drawsvc_detail dd;
    json_t *r, *units, *u1, *u3;
    ms_err err = {0};
    int64_t id = run(f, &f->nj, f->a_nj, "units", "2021-nj-units");

    assert_int_equal(drawsvc_get(f->db, &f->nj, id, &f->ar, &dd, &err), MS_OK);
    assert_string_equal(dd.d.as_of, TODAY);
    assert_string_equal(dd.d.status, "active");
    r = json_loads(dd.d.roster, 0, NULL);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "authority")), "320100");
    units = json_object_get(r, "units");
    assert_int_equal(json_array_size(units), 2); /* u1 and u3 only */
    u1 = json_array_get(units, 1);
    u3 = json_array_get(units, 0);
    if (strcmp(json_string_value(json_object_get(u1, "name")), "南京衡器有限公司") == 0) {
        json_t *t = u1;
        u1 = u3;
        u3 = t;
    }
    assert_string_equal(json_string_value(json_object_get(u1, "name")), "南京玄武精密仪器有限公司");
    assert_int_equal(json_array_size(json_object_get(u1, "standards")), 2);
    assert_int_equal(json_integer_value(json_object_get(u1, "complaints_24m")), 1);
    assert_true(json_is_false(json_object_get(u1, "serious_violation")));
    assert_true(json_is_true(json_object_get(u3, "serious_violation")));
    assert_string_equal(json_string_value(json_object_get(u3, "credit_class")), "D");
    json_decref(r);
    /* The authorities roster of Nanjing: its two districts, Xuanwu with one
     * complaint. */
    id = run(f, &f->nj, f->a_nj, "authorities", "2021-nj-auth");
    assert_int_equal(drawsvc_get(f->db, &f->nj, id, &f->ar, &dd, &err), MS_OK);
    r = json_loads(dd.d.roster, 0, NULL);
    units = json_object_get(r, "authorities");
    assert_int_equal(json_array_size(units), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(units, 0), "code")),
                        "320102");
    assert_int_equal(
        json_integer_value(json_object_get(json_array_get(units, 0), "complaints_24m")), 1);
    json_decref(r);
}

static void test_commitment(void **state)
{
    struct fx *f = *state;
    char hash[SM3_HEX_LEN + 1];
    struct drawdb_commitment c;
    struct ms_draw d;
    ms_err err = {0};

    assert_int_equal(draw_seed_commit("published-seed", hash), MS_OK);
    assert_int_equal(
        drawsvc_commit(f->db, &f->nj, f->campaign, f->a_nj, "units", hash, &f->ar, &c, &err),
        MS_OK);
    assert_int_equal(
        drawsvc_commit(f->db, &f->nj, f->campaign, f->a_nj, "units", hash, &f->ar, &c, &err),
        MS_ECONFLICT);
    assert_string_equal(err.key, "draw_commit_open");
    int64_t audits = count(f, "SELECT count(*) FROM audit");
    assert_int_equal(
        drawsvc_run(f->db, &f->nj, f->campaign, f->a_nj, "units", "another-seed", &f->ar, &d, &err),
        MS_ECONFLICT);
    assert_string_equal(err.key, "draw_seed_mismatch");
    assert_int_equal(count(f, "SELECT count(*) FROM draws"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM inspections"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
    assert_int_equal(drawsvc_run(f->db, &f->nj, f->campaign, f->a_nj, "units", "published-seed",
                                 &f->ar, &d, &err),
                     MS_OK);
    assert_string_equal(d.seed_sm3, hash);
    assert_int_equal(count(f, "SELECT count(*) FROM draw_commitments WHERE draw_id IS NULL"), 0);
}

static void test_void_redraw(void **state)
{
    struct fx *f = *state;
    struct ms_draw d;
    ms_err err = {0};
    int64_t first = run(f, &f->nj, f->a_nj, "units", "seed-1");
    int64_t planned = count(f, "SELECT count(*) FROM inspections WHERE status = 'planned'");

    assert_true(planned > 0);
    assert_int_equal(
        drawsvc_run(f->db, &f->nj, f->campaign, f->a_nj, "units", "seed-2", &f->ar, &d, &err),
        MS_ECONFLICT);
    assert_string_equal(err.key, "draw_active");
    assert_int_equal(drawsvc_void(f->db, &f->nj, first, "", &f->ar, &d, &err), MS_EINVAL);
    assert_int_equal(drawsvc_void(f->db, &f->nj, first, "名单导出有误", &f->ar, &d, &err), MS_OK);
    assert_string_equal(d.status, "void");
    assert_string_equal(d.void_reason, "名单导出有误");
    assert_int_equal(drawsvc_void(f->db, &f->nj, first, "again", &f->ar, &d, &err), MS_ECONFLICT);
    assert_int_equal(count(f, "SELECT count(*) FROM inspections WHERE status = 'cancelled'"),
                     planned);
    run(f, &f->nj, f->a_nj, "units", "seed-2");
    assert_int_equal(count(f, "SELECT count(*) FROM draws"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM draws WHERE status = 'active'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action LIKE 'draw.%'"), 3);
}

static void test_verify(void **state)
{
    struct fx *f = *state;
    struct drawsvc_detail dd;
    ms_err err = {0}, diff = {0};
    json_t *res;
    char *text;
    store_stmt *st;
    int ok = 0;
    int64_t id = run(f, &f->nj, f->a_nj, "units", "verify-me");

    assert_int_equal(drawsvc_verify(f->db, &f->js, id, &f->ar, &ok, &diff, &err), MS_OK);
    assert_true(ok);
    assert_int_equal(drawsvc_get(f->db, &f->sys, id, &f->ar, &dd, &err), MS_OK);
    res = json_loads(dd.d.result, 0, NULL);
    json_object_set_new(res, "k", json_integer(json_integer_value(json_object_get(res, "k")) + 1));
    text = json_dumps(res, JSON_COMPACT);
    st = store_prepare(f->db, "UPDATE draws SET result = ? WHERE id = ?", &err);
    assert_non_null(st);
    store_bind_text(st, 1, text);
    store_bind_int(st, 2, id);
    assert_int_equal(store_step(st, &err), STORE_DONE);
    store_reset(st);
    free(text);
    json_decref(res);
    assert_int_equal(drawsvc_verify(f->db, &f->js, id, &f->ar, &ok, &diff, &err), MS_OK);
    assert_false(ok);
    assert_string_equal(diff.field, "k");
    assert_string_equal(diff.key, "draw_result_differs");
}

static void test_inspections(void **state)
{
    struct fx *f = *state;
    struct drawsvc_detail dd;
    struct drawsvc_inspection di;
    struct drawdb_insp_filter flt = {0};
    struct store_page pg = {1, 100};
    struct ms_inspection *items;
    int64_t total, picks = 0, id;
    json_t *res, *items_j;
    ms_err err = {0};
    int n;

    id = run(f, &f->nj, f->a_nj, "units", "insp-units");
    assert_int_equal(drawsvc_get(f->db, &f->nj, id, &f->ar, &dd, &err), MS_OK);
    res = json_loads(dd.d.result, 0, NULL);
    items_j = json_object_get(res, "items");
    for (size_t i = 0; i < json_array_size(items_j); i++)
        picks += (int64_t)json_array_size(json_object_get(json_array_get(items_j, i), "standards"));
    flt.draw_id = id;
    assert_int_equal(
        drawsvc_inspection_list(f->db, &f->nj, &flt, &pg, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, picks);
    for (int i = 0; i < n; i++) {
        assert_string_equal(items[i].kind, "standard");
        assert_string_equal(items[i].status, "planned");
        assert_string_equal(items[i].checklist_code, "A1");
        assert_true(items[i].checklist_version >= 1);
        assert_true(items[i].unit_id == f->u1 || items[i].unit_id == f->u3);
        assert_int_equal(drawsvc_inspection_get(f->db, &f->nj, items[i].id, &f->ar, &di, &err),
                         MS_OK);
        assert_int_equal(di.n_standards, 1);
        /* One visit per unit: the same group for the same unit. */
        for (int j = 0; j < n; j++)
            assert_true((items[j].unit_id == items[i].unit_id) ==
                        (items[j].visit_group == items[i].visit_group));
    }
    json_decref(res);
    /* Authorities: one A2 inspection per drawn subordinate. */
    id = run(f, &f->nj, f->a_nj, "authorities", "insp-auth");
    flt.draw_id = id;
    assert_int_equal(
        drawsvc_inspection_list(f->db, &f->nj, &flt, &pg, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 1); /* ceil(0.2 x 2) */
    assert_string_equal(items[0].kind, "assessment");
    assert_string_equal(items[0].checklist_code, "A2");
    assert_true(items[0].target_authority_id == f->a_xw || items[0].target_authority_id == f->a_gl);
    /* Zhejiang sees none of them. */
    flt.draw_id = 0;
    assert_int_equal(
        drawsvc_inspection_list(f->db, &f->zj, &flt, &pg, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 0);
}

static void test_assign(void **state)
{
    struct fx *f = *state;
    struct drawdb_assignment asg;
    struct drawsvc_inspection di;
    struct drawdb_insp_filter flt = {0};
    struct store_page pg = {1, 100};
    struct ms_inspection *items;
    int64_t total, recused = 0, insp = 0, id = run(f, &f->nj, f->a_nj, "units", "assign-units");
    ms_err err = {0};
    int n;

    assert_int_equal(drawsvc_assign(f->db, &f->nj, id, "team-seed", 1, &f->ar, &asg, &err),
                     MS_EINVAL);
    assert_int_equal(drawsvc_assign(f->db, &f->nj, id, "team-seed", 2, &f->ar, &asg, &err), MS_OK);
    assert_int_equal(drawsvc_assign(f->db, &f->nj, id, "team-seed", 2, &f->ar, &asg, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "draw_assigned");
    flt.draw_id = id;
    assert_int_equal(
        drawsvc_inspection_list(f->db, &f->nj, &flt, &pg, &f->ar, &items, &n, &total, &err), MS_OK);
    for (int i = 0; i < n; i++) {
        assert_int_equal(drawsvc_inspection_get(f->db, &f->nj, items[i].id, &f->ar, &di, &err),
                         MS_OK);
        assert_int_equal(di.n_team, 2); /* team size met */
        assert_string_equal(di.team[0].role, "leader");
        assert_string_equal(di.team[0].inspector_kind, "enforcement");
        for (int m = 0; m < di.n_team; m++) {
            if (items[i].unit_id == f->u1)
                assert_true(di.team[m].inspector_id != f->p_emp);
            if (items[i].unit_id == f->u3)
                assert_true(di.team[m].inspector_id != f->p_conf);
        }
        insp = items[i].id;
        recused = di.team[1].inspector_id;
    }
    /* Recusal: the person leaves with a reason, a replacement joins, both
     * rows are kept, and a new assignment state is appended. */
    assert_int_equal(drawsvc_recuse(f->db, &f->nj, insp, recused, "与被检查单位负责人系亲属",
                                    &f->ar, &asg, &err),
                     MS_OK);
    assert_int_equal(drawsvc_recuse(f->db, &f->nj, insp, recused, "again", &f->ar, &asg, &err),
                     MS_EINVAL);
    assert_int_equal(drawsvc_inspection_get(f->db, &f->nj, insp, &f->ar, &di, &err), MS_OK);
    assert_int_equal(di.n_team, 3);
    assert_int_equal(di.team[1].inspector_id, recused);
    assert_non_null(di.team[1].recused_at);
    assert_string_equal(di.team[1].recusal_reason, "与被检查单位负责人系亲属");
    assert_null(di.team[2].recused_at);
    assert_true(di.team[2].inspector_id != recused);
    assert_int_equal(count(f, "SELECT count(*) FROM draw_assignments"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'draw.recuse'"), 1);
}

static void test_jurisdiction(void **state)
{
    struct fx *f = *state;
    struct drawsvc_detail dd;
    struct ms_draw d;
    ms_err err = {0};
    int64_t id;

    /* Zhejiang cannot draw Nanjing's roster, nor read its draw. */
    assert_int_equal(
        drawsvc_run(f->db, &f->zj, f->campaign, f->a_nj, "units", "x", &f->ar, &d, &err),
        MS_ENOTFOUND);
    /* The province may run Nanjing's draw (above it); Nanjing reads it. */
    id = run(f, &f->js, f->a_nj, "units", "from-above");
    assert_int_equal(drawsvc_get(f->db, &f->nj, id, &f->ar, &dd, &err), MS_OK);
    assert_int_equal(drawsvc_get(f->db, &f->zj, id, &f->ar, &dd, &err), MS_ENOTFOUND);
    assert_int_equal(drawsvc_void(f->db, &f->zj, id, "no", &f->ar, &d, &err), MS_ENOTFOUND);
    /* Nanjing cannot draw the province's roster: it is visible only as its
     * own ancestor, not writable. */
    assert_int_not_equal(
        drawsvc_run(f->db, &f->nj, f->campaign, f->a_js, "units", "x", &f->ar, &d, &err), MS_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM draws"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commitment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_void_redraw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jurisdiction, setup, teardown),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, NULL, NULL);
}
