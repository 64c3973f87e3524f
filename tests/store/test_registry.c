/* test_registry.c - the registry use cases over a real database, run once on
 * SQLite and once on PostgreSQL (MSUP_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/audit.h"
#include "service/registry.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys;
    int64_t nation, js, nj, xw, zj; /* authorities */
    int64_t unit_xw, unit_zj;       /* units */
    int64_t std_xw, std_zj;         /* standards */
};

/* A valid USCC with the given 17-char prefix. */
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
    int rc = registry_authority_create(f->db, &f->sys, &a, &f->ar, &err);
    if (rc != MS_OK)
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
                        .sectors = "medical_health",
                        .authority_id = authority,
                        .contact_name = "张三"};
    ms_err err = {0};
    int rc = registry_unit_create(f->db, &f->sys, &u, &f->ar, &err);
    if (rc != MS_OK)
        fail_msg("unit %s: %s %s %s", name, err.key, err.field, err.arg);
    return u.id;
}

static int64_t add_standard(struct fx *f, int64_t unit, int64_t auth, const char *cert_no,
                            const char *issued, const char *expires)
{
    struct ms_standard s = {.unit_id = unit,
                            .name = "二等量块标准装置",
                            .code = "01110100",
                            .category = "enterprise_highest",
                            .cert_no = cert_no,
                            .cert_authority_id = auth,
                            .cert_issued_on = issued,
                            .cert_expires_on = expires};
    ms_err err = {0};
    int rc = registry_standard_create(f->db, &f->sys, &s, &f->ar, &err);
    if (rc != MS_OK)
        fail_msg("standard %s: %s %s %s", cert_no, err.key, err.field, err.arg);
    return s.id;
}

static int setup(void **state)
{
    static struct fx f;

    memset(&f, 0, sizeof f);
    f.db = testdb_open("registry");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.nj = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.js);
    f.xw = add_authority(&f, "320102", "南京市玄武区市场监督管理局", "county", f.nj);
    f.zj = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    f.unit_xw = add_unit(&f, "91320102MA1WXY120", "南京玄武精密仪器有限公司", "320102", f.xw);
    f.unit_zj = add_unit(&f, "91330100MA2ABC340", "杭州西湖计量器具有限公司", "330100", f.zj);
    f.std_xw =
        add_standard(&f, f.unit_xw, f.nj, "[2019]苏量标宁证字第0001号", "2019-05-01", "2023-04-30");
    f.std_zj =
        add_standard(&f, f.unit_zj, f.zj, "[2020]浙量标证字第0002号", "2020-01-10", "2024-01-09");
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    store_close(f->db);
    arena_free(&f->ar);
    return 0;
}

static void authority_actor(struct fx *f, const char *code, ms_actor *a)
{
    struct ms_authority auth;
    ms_err err = {0};
    assert_int_equal(registry_actor_for_authority(f->db, code, MS_LANG_ZH, &f->ar, a, &auth, &err),
                     MS_OK);
}

static void test_paths(void **state)
{
    struct fx *f = *state;
    struct ms_authority a;
    char want[64];

    assert_int_equal(registry_authority_get(f->db, &f->sys, f->xw, &f->ar, &a, NULL), MS_OK);
    snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/", (long long)f->nation, (long long)f->js,
             (long long)f->nj, (long long)f->xw);
    assert_string_equal(a.path, want);
    assert_string_equal(a.name, "南京市玄武区市场监督管理局");
}

static void test_jurisdiction(void **state)
{
    struct fx *f = *state;
    ms_actor js, zj, xw, unit;
    struct ms_standard s;
    struct ms_unit u;
    struct ms_standard *items;
    int n;
    int64_t total;
    ms_err err = {0};

    authority_actor(f, "320000", &js);
    authority_actor(f, "330000", &zj);
    authority_actor(f, "320102", &xw);
    /* The province sees the Nanjing-certified standard; Zhejiang does not,
     * and answers exactly as for a missing one. */
    assert_int_equal(registry_standard_get(f->db, &js, f->std_xw, &f->ar, &s, &err), MS_OK);
    assert_int_equal(registry_standard_get(f->db, &zj, f->std_xw, &f->ar, &s, &err), MS_ENOTFOUND);
    assert_int_equal(registry_standard_get(f->db, &zj, 999999, &f->ar, &s, &err), MS_ENOTFOUND);
    /* The county did not certify it (the city did): not its standard. */
    assert_int_equal(registry_standard_get(f->db, &xw, f->std_xw, &f->ar, &s, &err), MS_ENOTFOUND);
    /* But the county supervises the unit. */
    assert_int_equal(registry_unit_get(f->db, &xw, f->unit_xw, &f->ar, &u, &err), MS_OK);
    assert_int_equal(registry_unit_get(f->db, &xw, f->unit_zj, &f->ar, &u, &err), MS_ENOTFOUND);
    /* Lists leak nothing a detail would refuse. */
    assert_int_equal(
        registry_standard_list(f->db, &zj, NULL, NULL, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, f->std_zj);
    /* A unit user sees only its own unit. */
    memset(&unit, 0, sizeof unit);
    unit.role = "unit";
    unit.name = "u1";
    unit.unit_id = f->unit_xw;
    assert_int_equal(registry_standard_get(f->db, &unit, f->std_xw, &f->ar, &s, &err), MS_OK);
    assert_int_equal(registry_standard_get(f->db, &unit, f->std_zj, &f->ar, &s, &err),
                     MS_ENOTFOUND);
    assert_int_equal(registry_unit_get(f->db, &unit, f->unit_zj, &f->ar, &u, &err), MS_ENOTFOUND);
    /* secadmin reads no business data. */
    unit.role = "secadmin";
    assert_int_equal(registry_standard_get(f->db, &unit, f->std_xw, &f->ar, &s, &err),
                     MS_EFORBIDDEN);
}

static void test_write_outside_jurisdiction(void **state)
{
    struct fx *f = *state;
    ms_actor zj;
    struct ms_unit u = {.uscc = make_uscc(&f->ar, "91320102MA1WXY990"),
                        .name = "越权单位",
                        .division_code = "320102",
                        .kind = "enterprise",
                        .authority_id = f->xw};
    ms_err err = {0};
    int64_t before = reg_count(f->db, REG_UNIT, NULL);

    authority_actor(f, "330000", &zj);
    assert_int_equal(registry_unit_create(f->db, &zj, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "authority_id");
    assert_int_equal(reg_count(f->db, REG_UNIT, NULL), before);
}

static int64_t audit_rows(struct fx *f)
{
    return store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL);
}

static void test_validation_writes_nothing(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    int64_t before = reg_count(f->db, REG_STANDARD, NULL);
    int64_t audit_before = audit_rows(f);
    struct ms_standard s = {.unit_id = f->unit_xw,
                            .name = "压力表检定装置",
                            .code = "12300000",
                            .category = "social_public",
                            .cert_no = "[2019]苏量标宁证字第0009号",
                            .cert_authority_id = f->nj,
                            .cert_issued_on = "2019-05-01",
                            .cert_expires_on = "2019-04-30"};

    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "cert_expires_on");
    s.cert_expires_on = "2023-02-30";
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "cert_expires_on");
    s.cert_expires_on = "2023-04-30";
    s.code = "02110000"; /* 02 is not a JJF 1022 field */
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "code");
    s.code = "12300000";
    s.cert_no = "[2019]苏量标宁证字第0001号"; /* duplicate */
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "cert_no");
    s.cert_no = "[2019]苏量标宁证字第0009号";
    s.name = "名称'); DROP TABLE standards; --";
    s.unit_id = 424242;
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "unit_id");
    assert_int_equal(reg_count(f->db, REG_STANDARD, NULL), before);
    assert_int_equal(audit_rows(f), audit_before); /* failed writes leave no audit row */
    /* Now a good one: it lands with the field derived from the code. */
    s.unit_id = f->unit_xw;
    s.sectors = "医疗卫生、food_safety";
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_OK);
    assert_int_equal(reg_count(f->db, REG_STANDARD, NULL), before + 1);
    struct ms_standard got;
    assert_int_equal(registry_standard_get(f->db, &f->sys, s.id, &f->ar, &got, &err), MS_OK);
    assert_string_equal(got.field, "12");
    assert_string_equal(got.sectors, "food_safety,medical_health");
    assert_string_equal(got.name, "名称'); DROP TABLE standards; --");
    assert_int_equal(audit_rows(f), audit_before + 1);
}

/* Every write left one row of an intact chain; authority reads of personal
 * data are recorded too. */
static void test_audit_trail(void **state)
{
    struct fx *f = *state;
    struct audit_verify_result v;
    ms_err err = {0};
    ms_actor js;
    struct ms_unit u;
    int64_t before;

    assert_int_equal(audit_verify(f->db, &f->sys, &v, &err), MS_OK);
    assert_true(v.intact);
    assert_true(v.rows >= 9); /* 5 authorities, 2 units, 2 standards in setup */
    authority_actor(f, "320000", &js);
    static const char SQL_READS[] =
        "SELECT count(*) FROM audit WHERE action = 'read' AND entity = 'unit'";
    int64_t reads = store_query_int(f->db, SQL_READS, -1, NULL);
    before = audit_rows(f);
    assert_int_equal(registry_unit_get(f->db, &js, f->unit_xw, &f->ar, &u, &err), MS_OK);
    assert_int_equal(audit_rows(f), before + 1);
    assert_int_equal(store_query_int(f->db, SQL_READS, -1, NULL), reads + 1);
    /* The operator's reads are not personal-data reads of an authority user. */
    assert_int_equal(registry_unit_get(f->db, &f->sys, f->unit_xw, &f->ar, &u, &err), MS_OK);
    assert_int_equal(audit_rows(f), before + 1);
}

static void test_unit_bad_input(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    int64_t before = reg_count(f->db, REG_UNIT, NULL);
    struct ms_unit u = {.uscc = "91350100M000100Y4Z",
                        .name = "坏代码公司",
                        .division_code = "320102",
                        .kind = "enterprise",
                        .authority_id = f->xw};

    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "uscc");
    u.uscc = make_uscc(&f->ar, "91320102MA1WXY770");
    u.division_code = "329999";
    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "division_code");
    u.division_code = "320102";
    u.kind = "bank";
    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "kind");
    u.kind = "enterprise";
    u.sectors = "mining";
    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "sectors");
    u.sectors = NULL;
    u.name = "\xe4\xb8"; /* truncated UTF-8 */
    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, "name");
    u.name = "重复代码公司";
    u.uscc = make_uscc(&f->ar, "91320102MA1WXY120"); /* the first unit's code */
    assert_int_equal(registry_unit_create(f->db, &f->sys, &u, &f->ar, &err), MS_ECONFLICT);
    assert_string_equal(err.field, "uscc");
    assert_int_equal(reg_count(f->db, REG_UNIT, NULL), before);
}

static void test_transitions(void **state)
{
    struct fx *f = *state;
    struct ms_standard s, out;
    ms_err err = {0};
    int64_t id, id2;
    struct reg_standard_event *ev;
    int n;

    id = add_standard(f, f->unit_xw, f->nj, "[2021]苏量标宁证字第0100号", "2021-01-01",
                      "2024-12-31");
    /* unseal of an active standard is not a transition */
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "unseal", "r", "2022-01-01",
                                                  0, &f->ar, &out, &err),
                     MS_ECONFLICT);
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "seal", "停用", "2022-01-01",
                                                  0, &f->ar, &out, &err),
                     MS_OK);
    assert_string_equal(out.status, "sealed");
    /* Sealing keeps the certificate clock: after expiry it cannot be unsealed. */
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "unseal", "恢复",
                                                  "2025-01-02", 0, &f->ar, &out, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "unseal_expired");
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "unseal", "恢复",
                                                  "2023-06-01", 0, &f->ar, &out, &err),
                     MS_OK);
    assert_string_equal(out.status, "active");
    /* A reason is required. */
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "revoke", "  ", NULL, 0,
                                                  &f->ar, &out, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "reason");
    /* Replace needs an active standard of the same unit. */
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "replace", "更换",
                                                  "2023-07-01", f->std_zj, &f->ar, &out, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "replaced_by_id");
    id2 = add_standard(f, f->unit_xw, f->nj, "[2023]苏量标宁证字第0101号", "2023-07-01",
                       "2027-06-30");
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "replace", "更换",
                                                  "2023-07-01", id2, &f->ar, &out, &err),
                     MS_OK);
    assert_string_equal(out.status, "replaced");
    assert_int_equal(out.replaced_by_id, id2);
    /* Revocation is final. */
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id2, "revoke", "撤销",
                                                  "2024-01-01", 0, &f->ar, &out, &err),
                     MS_OK);
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id2, "unseal", "x", "2024-01-02",
                                                  0, &f->ar, &out, &err),
                     MS_ECONFLICT);
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id2, "seal", "x", "2024-01-02", 0,
                                                  &f->ar, &out, &err),
                     MS_ECONFLICT);
    /* History of the first standard: seal, unseal, replace. */
    assert_int_equal(reg_standard_events(f->db, id, &f->ar, &ev, &n, &err), MS_OK);
    assert_int_equal(n, 3);
    assert_string_equal(ev[0].action, "seal");
    assert_string_equal(ev[1].to_status, "active");
    assert_string_equal(ev[2].to_status, "replaced");
    (void)s;
}

static void test_update_patch(void **state)
{
    struct fx *f = *state;
    struct ms_unit patch = {0}, out;
    ms_err err = {0};

    patch.address = "南京市玄武区中山路1号";
    patch.credit_class = "C";
    assert_int_equal(registry_unit_update(f->db, &f->sys, f->unit_xw, &patch, &f->ar, &out, &err),
                     MS_OK);
    assert_string_equal(out.address, "南京市玄武区中山路1号");
    assert_string_equal(out.credit_class, "C");
    assert_string_equal(out.name, "南京玄武精密仪器有限公司");
    patch.credit_class = "E";
    assert_int_equal(registry_unit_update(f->db, &f->sys, f->unit_xw, &patch, &f->ar, &out, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "credit_class");
    assert_int_equal(registry_unit_get(f->db, &f->sys, f->unit_xw, &f->ar, &out, &err), MS_OK);
    assert_string_equal(out.credit_class, "C");
}

static void test_alerts(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    struct reg_alert *items;
    int n;
    int64_t counts[4];
    int64_t sid =
        add_standard(f, f->unit_zj, f->zj, "[2022]浙量标证字第0300号", "2022-03-01", "2026-02-28");
    struct ms_apparatus app = {
        .standard_id = sid, .name = "量块", .calibrated_on = "2024-01-01", .due_on = "2025-01-01"};
    struct ms_apparatus never = {.standard_id = sid, .name = "测长仪"};
    struct ms_personnel p1 = {.standard_id = sid, .name = "李四", .valid_until = "2027-01-01"};
    struct ms_personnel p2 = {.standard_id = sid, .name = "王五", .valid_until = "2025-01-01"};

    assert_int_equal(registry_apparatus_add(f->db, &f->sys, &app, &f->ar, &err), MS_OK);
    assert_int_equal(registry_apparatus_add(f->db, &f->sys, &never, &f->ar, &err), MS_OK);
    assert_int_equal(registry_personnel_add(f->db, &f->sys, &p1, &f->ar, &err), MS_OK);
    assert_int_equal(registry_personnel_add(f->db, &f->sys, &p2, &f->ar, &err), MS_OK);
    /* As of 2025-10-01: the certificate expires within 180 days, both
     * apparatus are overdue (one never calibrated), only one person is
     * qualified. */
    ms_actor zj;
    authority_actor(f, "330000", &zj);
    assert_int_equal(registry_alerts(f->db, &zj, "2025-10-01", 0, &f->ar, &items, &n, counts, &err),
                     MS_OK);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[2], 2);
    /* understaffed: this one, and std_zj (no staff) unless expired: std_zj
     * expired 2024-01-09 and is counted as expired instead. */
    assert_int_equal(counts[1], 1);
    assert_true(counts[3] >= 1);
    int saw_never = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(items[i].kind, "apparatus_overdue") == 0 && items[i].date == NULL)
            saw_never = 1;
    assert_true(saw_never);
    /* Bad date. */
    assert_int_equal(registry_alerts(f->db, &zj, "2025-13-01", 0, &f->ar, &items, &n, counts, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "as_of");
    /* Jiangsu sees none of Zhejiang's apparatus. */
    ms_actor js;
    authority_actor(f, "320000", &js);
    assert_int_equal(registry_alerts(f->db, &js, "2025-10-01", 0, &f->ar, &items, &n, counts, &err),
                     MS_OK);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(items[i].unit_id, f->unit_zj);
}

static void test_list_filters_and_paging(void **state)
{
    struct fx *f = *state;
    struct ms_standard *items;
    int n;
    int64_t total;
    ms_err err = {0};
    struct reg_standard_filter flt = {0};
    struct store_page pg = {1, 2};

    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, &pg, &f->ar, &items, &n, &total, &err), MS_OK);
    assert_int_equal(n, 2);
    assert_true(total >= 3);
    flt.q = "宁证字第0001";
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
        MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, f->std_xw);
    flt.q = "%";
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
        MS_OK);
    assert_int_equal(total, 0);
    memset(&flt, 0, sizeof flt);
    flt.authority_id = f->js;
    flt.expiring_before = "2024-01-01";
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
        MS_OK);
    for (int i = 0; i < n; i++)
        assert_true(strcmp(items[i].cert_expires_on, "2024-01-01") < 0);
    flt.status = "dead";
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
        MS_EINVAL);
    assert_string_equal(err.field, "status");
    pg.per_page = 501;
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, NULL, &pg, &f->ar, &items, &n, &total, &err),
        MS_EINVAL);
    assert_string_equal(err.field, "per_page");
}

/* Text with tabs, newlines, backslashes and quotes survives a bulk load
 * (COPY escaping on PostgreSQL) and a rollback leaves nothing. */
static void test_bulk_and_rollback(void **state)
{
    struct fx *f = *state;
    reg_loader *l = NULL;
    ms_err err = {0};
    int64_t id;
    struct ms_unit u;
    const char *tricky = "名称\t制表\n换行\\反斜杠'引号\"";

    assert_int_equal(store_begin(f->db, &err), MS_OK);
    id = reg_next_id(f->db, REG_UNIT, &err);
    assert_int_equal(reg_load_begin(f->db, REG_UNIT, "2026-01-01T00:00:00Z", &l, &err), MS_OK);
    struct ms_unit nu = {.id = id,
                         .uscc = make_uscc(&f->ar, "91320102MA1BULK10"),
                         .name = tricky,
                         .division_code = "320102",
                         .kind = "enterprise",
                         .authority_id = f->xw};
    assert_int_equal(reg_load_unit(l, &nu, &err), MS_OK);
    assert_int_equal(reg_load_end(l, &err), MS_OK);
    assert_int_equal(store_commit(f->db, &err), MS_OK);
    assert_int_equal(registry_unit_get(f->db, &f->sys, id, &f->ar, &u, &err), MS_OK);
    assert_string_equal(u.name, tricky);
    /* A later ordinary insert gets a fresh id (the sequence moved on). */
    int64_t next = add_unit(f, "91320102MA1BULK20", "后续单位", "320102", f->xw);
    assert_true(next > id);

    /* Rollback: nothing of an aborted transaction remains. */
    int64_t before = reg_count(f->db, REG_UNIT, NULL);
    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(reg_load_begin(f->db, REG_UNIT, "2026-01-01T00:00:00Z", &l, &err), MS_OK);
    nu.id = reg_next_id(f->db, REG_UNIT, &err) + 10;
    nu.uscc = make_uscc(&f->ar, "91320102MA1BULK30");
    assert_int_equal(reg_load_unit(l, &nu, &err), MS_OK);
    reg_load_abort(l);
    store_rollback(f->db);
    assert_int_equal(reg_count(f->db, REG_UNIT, NULL), before);
}

static void test_store_placeholders(void **state)
{
    struct fx *f = *state;
    ms_err err = {0};
    static const char SQL[] = "SELECT '?' || CAST(? AS TEXT), CAST(? AS BIGINT) + 1";
    store_stmt *st = store_prepare(f->db, SQL, &err);

    assert_non_null(st);
    store_bind_text(st, 1, "x");
    store_bind_int(st, 2, 41);
    assert_int_equal(store_step(st, &err), STORE_ROW);
    assert_string_equal(store_col_text(st, 0), "?x");
    assert_int_equal(store_col_int(st, 1), 42);
    assert_int_equal(store_step(st, &err), STORE_DONE);
    store_reset(st);
    /* The same text at the same address is the same cached statement. */
    assert_ptr_equal(store_prepare(f->db, SQL, &err), st);
    /* Migrations are idempotent. */
    int v = store_schema_version(f->db, &err);
    assert_true(v >= 3);
    assert_int_equal(store_migrate(f->db, &err), MS_OK);
    assert_int_equal(store_schema_version(f->db, &err), v);
}

/* List totals come from a count cache that another connection's commit
 * invalidates (SQLite data_version), and so does this connection's own. */
static void test_list_total_after_writes(void **state)
{
    struct fx *f = *state;
    struct reg_standard_filter flt = {.field = "01"};
    struct ms_standard *items;
    int n;
    int64_t t0, t1, t2;
    ms_err err = {0};
    store *other = NULL;
    struct ms_standard s = {.unit_id = f->unit_xw,
                            .name = "三等量块标准装置",
                            .code = "01110100",
                            .category = "enterprise_highest",
                            .cert_no = "[2022]苏量标宁证字第0777号",
                            .cert_authority_id = f->nj,
                            .cert_issued_on = "2022-01-01",
                            .cert_expires_on = "2025-12-31"};

    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &t0, &err), MS_OK);
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &t1, &err), MS_OK);
    assert_int_equal(t1, t0);
    /* Another connection (another server process) adds one. */
    assert_int_equal(store_open(store_url_of_test(), &other, &err), MS_OK);
    assert_int_equal(registry_standard_create(other, &f->sys, &s, &f->ar, &err), MS_OK);
    store_close(other);
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &t2, &err), MS_OK);
    assert_int_equal(t2, t0 + 1);
    /* This connection's own write. */
    s.cert_no = "[2022]苏量标宁证字第0778号";
    assert_int_equal(registry_standard_create(f->db, &f->sys, &s, &f->ar, &err), MS_OK);
    assert_int_equal(
        registry_standard_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &t2, &err), MS_OK);
    assert_int_equal(t2, t0 + 2);
}

/* Every update of a standard gives it a new rev (013_standard_rev): msup's
 * own statements and, through the trigger, any other UPDATE. The server's
 * row cache (src/http/rowcache.c) relies on it. */
static int64_t rev_of(struct fx *f, int64_t id)
{
    struct ms_standard s;
    ms_err err = {0};
    assert_int_equal(registry_standard_get(f->db, &f->sys, id, &f->ar, &s, &err), MS_OK);
    return s.rev;
}

struct sink_log {
    int64_t skip_id; /* need() answers 0 for this one */
    int needs, rows, skipped_seen;
};

static int log_need(int64_t id, int64_t rev, void *ctx)
{
    struct sink_log *l = ctx;
    (void)rev;
    l->needs++;
    return id != l->skip_id;
}

static void log_row(const struct ms_standard *s, void *ctx)
{
    struct sink_log *l = ctx;
    l->rows++;
    l->skipped_seen |= s->id == l->skip_id;
}

/* A sink that holds every row but MISS (and, with ALL_MISSING, none). With
 * RACE it says it holds MISS too when asked first, as when another thread
 * takes its slot between the two questions. */
struct held_log {
    int64_t miss;
    int all_missing, race, needs, rows;
    int64_t order[64], got[64];
};

static int hl_held(int64_t id, int64_t rev, void *ctx)
{
    struct held_log *l = ctx;
    (void)rev;
    return !l->all_missing && (l->race || id != l->miss);
}

static int hl_need(int64_t id, int64_t rev, void *ctx)
{
    struct held_log *l = ctx;
    (void)rev;
    if (l->needs < 64)
        l->order[l->needs] = id;
    l->needs++;
    return l->all_missing || id == l->miss;
}

static void hl_row(const struct ms_standard *s, void *ctx)
{
    struct held_log *l = ctx;
    assert_non_null(s->name);
    assert_non_null(s->cert_no);
    if (l->rows < 64)
        l->got[l->rows] = s->id;
    l->rows++;
}

static void test_standard_rev(void **state)
{
    struct fx *f = *state;
    struct ms_standard patch = {0}, out;
    struct reg_standard_filter flt = {.unit_id = f->unit_xw};
    struct sink_log log = {0};
    struct reg_standard_sink sink = {log_need, NULL, log_row, &log};
    int64_t id, total;
    char sql[160];
    ms_err err = {0};

    id = add_standard(f, f->unit_xw, f->nj, "[2024]苏量标宁证字第0900号", "2024-01-01",
                      "2028-12-31");
    assert_int_equal(rev_of(f, id), 0);
    patch.name = "三等量块标准装置";
    assert_int_equal(registry_standard_update(f->db, &f->sys, id, &patch, &f->ar, &out, &err),
                     MS_OK);
    assert_int_equal(out.rev, 1);
    assert_int_equal(registry_standard_transition(f->db, &f->sys, id, "seal", "停用", "2024-06-01",
                                                  0, &f->ar, &out, &err),
                     MS_OK);
    assert_int_equal(rev_of(f, id), 2);
    /* Another writer that knows nothing of rev: the trigger counts it. */
    snprintf(sql, sizeof sql, "UPDATE standards SET uncertainty = 'U=0.1%%' WHERE id = %lld",
             (long long)id);
    assert_int_equal(store_exec(f->db, sql, &err), MS_OK);
    assert_int_equal(rev_of(f, id), 3);
    /* One that does: one more, not two. */
    snprintf(sql, sizeof sql, "UPDATE standards SET rev = rev + 1 WHERE id = %lld", (long long)id);
    assert_int_equal(store_exec(f->db, sql, &err), MS_OK);
    assert_int_equal(rev_of(f, id), 4);

    /* The list asks the sink before reading a row; a row it holds is
     * skipped, the others are handed over, and the total is the same. */
    log.skip_id = id;
    assert_int_equal(registry_standard_each(f->db, &f->sys, &flt, NULL, &sink, &total, &err),
                     MS_OK);
    assert_true(total >= 2);
    assert_int_equal(log.needs, total);
    assert_int_equal(log.rows, total - 1);
    assert_false(log.skipped_seen);
    /* Inside a write transaction nothing is skipped: the version seen may
     * be rolled back. */
    memset(&log, 0, sizeof log);
    log.skip_id = id;
    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(registry_standard_each(f->db, &f->sys, &flt, NULL, &sink, &total, &err),
                     MS_OK);
    store_rollback(f->db);
    assert_int_equal(log.needs, 0);
    assert_int_equal(log.rows, total);
    assert_true(log.skipped_seen);

    /* With HELD, in a read snapshot (as the server runs a request): a page
     * the sink mostly holds is read by id and rev first (SQLite), only the
     * missing row in full; a page it holds little of, in one pass. Either
     * way the same rows in the same order. */
    for (int k = 0; k < 3; k++) {
        int all_missing = k == 1;
        struct held_log hl = {.miss = id, .all_missing = all_missing, .race = k == 2};
        struct reg_standard_sink hs = {hl_need, hl_held, hl_row, &hl};
        int64_t t;
        store_read_begin(f->db);
        assert_int_equal(registry_standard_each(f->db, &f->sys, &flt, NULL, &hs, &t, &err), MS_OK);
        store_read_end(f->db);
        assert_int_equal(t, total);
        assert_int_equal(hl.needs, total);
        for (int i = 1; i < hl.needs && i < 64; i++)
            assert_true(hl.order[i - 1] < hl.order[i]);
        if (all_missing) {
            assert_int_equal(hl.rows, total);
            assert_memory_equal(hl.got, hl.order, sizeof(int64_t) * (size_t)total);
        } else {
            assert_int_equal(hl.rows, 1);
            assert_int_equal(hl.got[0], id);
        }
    }
}

static void test_summary(void **state)
{
    struct fx *f = *state;
    struct reg_summary s;
    ms_actor zj;
    ms_err err = {0};

    assert_int_equal(registry_summary(f->db, &f->sys, &s, &err), MS_OK);
    assert_int_equal(s.authorities, 5);
    assert_int_equal(s.standards, reg_count(f->db, REG_STANDARD, NULL));
    authority_actor(f, "330000", &zj);
    assert_int_equal(registry_summary(f->db, &zj, &s, &err), MS_OK);
    assert_int_equal(s.authorities, 1);
    assert_true(s.standards >= 1);
    assert_int_equal(s.units, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_jurisdiction),
        cmocka_unit_test(test_write_outside_jurisdiction),
        cmocka_unit_test(test_validation_writes_nothing),
        cmocka_unit_test(test_unit_bad_input),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_update_patch),
        cmocka_unit_test(test_alerts),
        cmocka_unit_test(test_list_filters_and_paging),
        cmocka_unit_test(test_bulk_and_rollback),
        cmocka_unit_test(test_store_placeholders),
        cmocka_unit_test(test_list_total_after_writes),
        cmocka_unit_test(test_standard_rev),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_audit_trail),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
