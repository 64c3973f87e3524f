/* test_cases.c - dispositions, violations, complaints and the risk ranking
 * over a real database, run once on SQLite and once on PostgreSQL
 * (MSUP_TEST_BACKEND): a refused decision writes nothing, a revocation goes
 * through the registry and rolls back with its disposition, another
 * province reads nothing, complaint routing and transitions, the risk score
 * from the stored records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/cases.h"
#include "store/cases.h"
#include "service/registry.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, nj, zj, unit;
    int64_t nation, js, a_nj, zja;
    int64_t u_nj, u_nj2, u_zj;
    int64_t s1, s2, s3, s_other; /* s1..s3 of u_nj, s_other of u_nj2 */
    char uscc_nj[19];
};

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent, const char *division)
{
    struct ms_authority a = {
        .code = code, .name = name, .level = level, .parent_id = parent, .division_code = division};
    ms_err err = {0};

    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s", code, err.key, err.field);
    return a.id;
}

static int64_t add_unit(struct fx *f, const char *first17, const char *name, const char *division,
                        int64_t authority, char *uscc_out)
{
    char *uscc = arena_alloc(&f->ar, 19);
    struct ms_unit u = {
        .name = name, .division_code = division, .kind = "enterprise", .authority_id = authority};
    ms_err err = {0};

    memcpy(uscc, first17, 17);
    uscc[17] = uscc_check_char(first17);
    uscc[18] = '\0';
    if (uscc_out)
        memcpy(uscc_out, uscc, 19);
    u.uscc = uscc;
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit %s: %s %s", name, err.key, err.field);
    return u.id;
}

static int64_t add_standard(struct fx *f, int64_t unit, const char *cert_no, const char *expires)
{
    struct ms_standard s = {.unit_id = unit,
                            .name = "二等量块标准装置",
                            .code = "01110100",
                            .category = "enterprise_highest",
                            .cert_no = cert_no,
                            .cert_authority_id = f->a_nj,
                            .cert_issued_on = "2019-05-01",
                            .cert_expires_on = expires};
    ms_err err = {0};

    if (registry_standard_create(f->db, &f->sys, &s, &f->ar, &err) != MS_OK)
        fail_msg("standard %s: %s %s %s", cert_no, err.key, err.field, err.arg);
    return s.id;
}

static int64_t count(struct fx *f, const char *sql)
{
    return store_query_int(f->db, sql, -1, NULL);
}

static int setup(void **state)
{
    static struct fx f;
    struct ms_authority auth;

    memset(&f, 0, sizeof f);
    f.db = testdb_open("cases");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0, NULL);
    f.js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation, "320000");
    f.a_nj = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.js, "320100");
    f.zja = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation, "330000");
    f.u_nj =
        add_unit(&f, "91320102MA1WXY120", "南京玄武精密仪器有限公司", "320102", f.a_nj, f.uscc_nj);
    f.u_nj2 = add_unit(&f, "91320102MA1WXY130", "南京玄武衡器有限公司", "320102", f.a_nj, NULL);
    f.u_zj = add_unit(&f, "91330100MA2ABC340", "杭州西湖计量器具有限公司", "330100", f.zja, NULL);
    f.s1 = add_standard(&f, f.u_nj, "[2019]苏量标宁证字第0001号", "2023-04-30");
    f.s2 = add_standard(&f, f.u_nj, "[2019]苏量标宁证字第0002号", "2023-04-30");
    f.s3 = add_standard(&f, f.u_nj, "[2019]苏量标宁证字第0003号", "2021-10-01");
    f.s_other = add_standard(&f, f.u_nj2, "[2019]苏量标宁证字第0004号", "2023-04-30");
    assert_int_equal(
        registry_actor_for_authority(f.db, "320100", MS_LANG_ZH, &f.ar, &f.nj, &auth, NULL), MS_OK);
    assert_int_equal(
        registry_actor_for_authority(f.db, "330000", MS_LANG_ZH, &f.ar, &f.zj, &auth, NULL), MS_OK);
    f.unit = (ms_actor){.role = "unit", .name = "unit1", .unit_id = f.u_nj, .client_addr = "test"};
    setenv("MSUP_TODAY", "2021-09-15", 1);
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

/* ------------------------------------------------------------ dispositions */

static void test_disposition_refusals_write_nothing(void **state)
{
    struct fx *f = *state;
    struct ms_disposition d;
    int64_t before = count(f, "SELECT count(*) FROM dispositions");
    int64_t audit0 = count(f, "SELECT count(*) FROM audit");
    struct {
        struct disposition_input in;
        int code;
        const char *field;
    } cases[] = {
        {{.unit_id = f->u_nj, .action = "behead"}, MS_EINVAL, "action"},
        {{.unit_id = f->u_nj, .action = "fine"}, MS_EINVAL, "amount_yuan"},
        {{.unit_id = f->u_nj, .action = "fine", .has_amount = 1, .amount_yuan = 1001},
         MS_EINVAL,
         "amount_yuan"},
        {{.unit_id = f->u_nj, .standard_id = f->s_other, .action = "warning"},
         MS_EINVAL,
         "standard_id"},
        {{.unit_id = f->u_zj, .action = "warning"}, MS_EINVAL, "unit_id"},
        {{.unit_id = f->u_nj, .action = "warning", .decided_on = "2021-13-01"},
         MS_EINVAL,
         "decided_on"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ms_err err = {0};
        assert_int_equal(disposition_create(f->db, &f->nj, &cases[i].in, &f->ar, &d, &err),
                         cases[i].code);
        assert_string_equal(err.field, cases[i].field);
    }
    /* a unit user may not decide */
    assert_int_equal(
        disposition_create(f->db, &f->unit,
                           &(struct disposition_input){.unit_id = f->u_nj, .action = "warning"},
                           &f->ar, &d, NULL),
        MS_EFORBIDDEN);
    assert_int_equal(count(f, "SELECT count(*) FROM dispositions"), before);
    assert_int_equal(count(f, "SELECT count(*) FROM audit"), audit0);
}

static void test_revocation_through_the_registry(void **state)
{
    struct fx *f = *state;
    struct disposition_input in = {
        .unit_id = f->u_nj, .standard_id = f->s2, .action = "revoke_certificate"};
    struct ms_disposition d, other;
    struct ms_standard s;
    ms_err err = {0};
    int64_t n;

    assert_int_equal(disposition_create(f->db, &f->nj, &in, &f->ar, &d, &err), MS_OK);
    assert_string_equal(d.decided_on, "2021-09-15");
    assert_int_equal(registry_standard_get(f->db, &f->nj, f->s2, &f->ar, &s, NULL), MS_OK);
    assert_string_equal(s.status, "revoked");
    assert_string_equal(s.status_on, "2021-09-15");
    n = count(f, "SELECT count(*) FROM dispositions");
    /* the registry refuses a second revocation; the disposition goes too */
    in.action = "cancel_certificate";
    assert_int_equal(disposition_create(f->db, &f->nj, &in, &f->ar, &d, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "bad_transition");
    assert_int_equal(count(f, "SELECT count(*) FROM dispositions"), n);
    /* another province reads it as missing, the list holds nothing */
    assert_int_equal(disposition_get(f->db, &f->zj, d.id - 0, &f->ar, &other, NULL), MS_ENOTFOUND);
    {
        struct ms_disposition *items;
        int64_t total = -1;
        int k;
        assert_int_equal(disposition_list(f->db, &f->zj, NULL, &(struct store_page){1, 50}, &f->ar,
                                          &items, &k, &total, NULL),
                         MS_OK);
        assert_int_equal(total, 0);
    }
}

/* ------------------------------------------------------------- complaints */

static void test_complaint_routing_and_transitions(void **state)
{
    struct fx *f = *state;
    struct complaint_public_input in = {
        .unit_uscc = f->uscc_nj, .summary = "标准器超期", .contact = "王"};
    char receipt[COMPLAINT_RECEIPT_LEN + 1];
    struct ms_complaint_rec c, got;
    ms_err err = {0};

    assert_int_equal(complaint_submit(f->db, NULL, MS_LANG_ZH, &in, &f->ar, receipt, &c, &err),
                     MS_OK);
    assert_int_equal(strlen(receipt), COMPLAINT_RECEIPT_LEN);
    assert_int_equal(c.authority_id, f->a_nj);
    assert_int_equal(c.unit_id, f->u_nj);
    /* by division: a county code falls back to its prefecture */
    in = (struct complaint_public_input){
        .unit_name = "某单位", .division = "320105", .summary = "x"};
    assert_int_equal(complaint_submit(f->db, NULL, MS_LANG_ZH, &in, &f->ar, receipt, &got, &err),
                     MS_OK);
    assert_int_equal(got.authority_id, f->a_nj);
    in.division = "440300"; /* nobody there: the root */
    assert_int_equal(complaint_submit(f->db, NULL, MS_LANG_ZH, &in, &f->ar, receipt, &got, &err),
                     MS_OK);
    assert_int_equal(got.authority_id, f->nation);
    assert_int_equal(complaint_follow(f->db, NULL, receipt, &f->ar, &got, NULL), MS_OK);
    assert_string_equal(got.status, "received");
    assert_int_equal(complaint_follow(f->db, NULL, "TS20210915AAAAAAAAAAAA", &f->ar, &got, &err),
                     MS_ENOTFOUND);
    assert_string_equal(err.field, "receipt");

    /* 浙江 cannot see 南京's complaint; 南京 moves it */
    assert_int_equal(complaint_get(f->db, &f->zj, c.id, &f->ar, &got, NULL), MS_ENOTFOUND);
    assert_int_equal(complaint_update(f->db, &f->nj, c.id,
                                      &(struct complaint_patch){.status = "unsubstantiated"},
                                      &f->ar, &got, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "bad_transition");
    assert_int_equal(complaint_update(f->db, &f->nj, c.id,
                                      &(struct complaint_patch){.status = "triaged"}, &f->ar, &got,
                                      NULL),
                     MS_OK);
    assert_int_equal(
        complaint_update(f->db, &f->nj, c.id,
                         &(struct complaint_patch){.status = "substantiated", .outcome = "属实"},
                         &f->ar, &got, NULL),
        MS_OK);
    assert_string_equal(got.closed_on, "2021-09-15");
    assert_int_equal(complaint_update(f->db, &f->nj, c.id,
                                      &(struct complaint_patch){.outcome = "改"}, &f->ar, &got,
                                      &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "complaint_final");
    /* reading the contact is audited */
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'read'"), 0);
    assert_int_equal(complaint_get(f->db, &f->nj, c.id, &f->ar, &got, NULL), MS_OK);
    assert_string_equal(got.contact, "王");
    assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'read'"), 1);
}

/* ------------------------------------------------------------------- risk */

/* The ranking of NJ as of AS_OF through the indexes equals the one through
 * the sequential scans of the nation (casedb_risk_scan_min = 0). */
static void assert_scan_same(struct fx *f, const char *as_of)
{
    struct risk_row *a, *b;
    int64_t ta, tb;
    int na, nb, saved = casedb_risk_scan_min;

    casedb_risk_scan_min = 1 << 30;
    assert_int_equal(risk_list(f->db, &f->nj, 0, 0, as_of, &f->ar, &a, &na, &ta, NULL), MS_OK);
    casedb_risk_scan_min = 0;
    assert_int_equal(risk_list(f->db, &f->nj, 0, 0, as_of, &f->ar, &b, &nb, &tb, NULL), MS_OK);
    casedb_risk_scan_min = saved;
    assert_int_equal(na, nb);
    assert_int_equal(ta, tb);
    assert_true(na > 0);
    for (int i = 0; i < na; i++) {
        assert_int_equal(a[i].unit_id, b[i].unit_id);
        assert_int_equal(a[i].score, b[i].score);
        assert_int_equal(a[i].nreasons, b[i].nreasons);
        for (int k = 0; k < a[i].nreasons; k++) {
            assert_int_equal(a[i].reasons[k].factor, b[i].reasons[k].factor);
            assert_int_equal(a[i].reasons[k].count, b[i].reasons[k].count);
        }
    }
}

static void test_risk_from_the_records(void **state)
{
    struct fx *f = *state;
    struct ms_violation_rec v = {.unit_id = f->u_nj,
                                 .severity = "serious",
                                 .decided_on = "2021-01-10",
                                 .summary = "超期使用"};
    struct ms_violation_rec old = {.unit_id = f->u_nj,
                                   .severity = "general",
                                   .decided_on = "2019-01-10",
                                   .summary = "24 个月以前"};
    struct risk_row *items;
    int64_t total;
    int n;

    assert_int_equal(violation_create(f->db, &f->nj, &v, &f->ar, NULL), MS_OK);
    assert_int_equal(violation_create(f->db, &f->nj, &old, &f->ar, NULL), MS_OK);
    assert_int_equal(risk_list(f->db, &f->nj, 0, 0, NULL, &f->ar, &items, &n, &total, NULL), MS_OK);
    assert_int_equal(n, 1); /* u_nj2 has nothing against it (its certificate is valid) */
    assert_int_equal(items[0].unit_id, f->u_nj);
    /* one substantiated complaint (2 + 3), one serious violation (10), one
     * certificate expiring within 180 days (1); the old general one is out */
    assert_int_equal(items[0].score, 2 + 3 + 10 + 1);
    assert_int_equal(items[0].nreasons, 4);
    assert_int_equal(items[0].reasons[0].factor, RISK_COMPLAINTS);
    assert_int_equal(items[0].reasons[2].factor, RISK_VIOLATIONS_SERIOUS);
    assert_int_equal(items[0].reasons[3].factor, RISK_CERT_EXPIRING);
    /* as of later: the certificate has expired and the standard is still active */
    assert_int_equal(risk_list(f->db, &f->nj, 0, 0, "2021-12-01", &f->ar, &items, &n, &total, NULL),
                     MS_OK);
    assert_int_equal(items[0].reasons[3].factor, RISK_CERT_EXPIRED_ACTIVE);
    assert_scan_same(f, NULL);
    assert_scan_same(f, "2021-12-01");
    /* jurisdiction and roles */
    assert_int_equal(risk_list(f->db, &f->zj, f->a_nj, 0, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_ENOTFOUND);
    assert_int_equal(risk_list(f->db, &f->zj, 0, 0, NULL, &f->ar, &items, &n, &total, NULL), MS_OK);
    assert_int_equal(total, 0);
    assert_int_equal(risk_list(f->db, &f->unit, 0, 0, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_EFORBIDDEN);
    assert_int_equal(risk_list(f->db, &f->nj, 0, 501, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_EINVAL);
    /* apparatus never calibrated, overdue (one of a revoked standard) and
     * valid: the same both ways */
    {
        struct ms_apparatus p[] = {
            {.standard_id = f->s1, .name = "砝码", .role = "standard"},
            {.standard_id = f->s2,
             .name = "天平",
             .role = "standard",
             .calibrated_on = "2020-01-10",
             .due_on = "2021-01-09"},
            {.standard_id = f->s3,
             .name = "天平",
             .role = "standard",
             .calibrated_on = "2020-01-10",
             .due_on = "2021-01-09"},
            {.standard_id = f->s_other,
             .name = "天平",
             .role = "standard",
             .calibrated_on = "2021-01-10",
             .due_on = "2022-01-09"},
        };
        ms_err err;
        for (size_t i = 0; i < sizeof p / sizeof *p; i++)
            if (registry_apparatus_add(f->db, &f->sys, &p[i], &f->ar, &err) != MS_OK)
                fail_msg("apparatus: %s %s %s", err.key, err.field, err.arg);
    }
    assert_scan_same(f, "2021-06-01");
    assert_scan_same(f, "2021-12-01");
    assert_int_equal(risk_list(f->db, &f->nj, 0, 0, "2021-06-01", &f->ar, &items, &n, &total, NULL),
                     MS_OK);
    assert_int_equal(items[0].unit_id, f->u_nj);
    {
        int64_t trace = -1;
        for (int k = 0; k < items[0].nreasons; k++)
            if (items[0].reasons[k].factor == RISK_TRACE_OVERDUE)
                trace = items[0].reasons[k].count;
        assert_int_equal(trace, 2); /* s1 never calibrated, s3 overdue; s2 revoked above */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_disposition_refusals_write_nothing),
        cmocka_unit_test(test_revocation_through_the_registry),
        cmocka_unit_test(test_complaint_routing_and_transitions),
        cmocka_unit_test(test_risk_from_the_records),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
