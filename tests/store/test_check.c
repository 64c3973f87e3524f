/* test_check.c - stored technical checks over a real database, once on
 * SQLite and once on PostgreSQL (MSUP_TEST_BACKEND): the verdict and its
 * finding in one transaction, exactly once, the deadline, the audit row,
 * nothing written on bad input, jurisdiction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/check.h"
#include "service/registry.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, nj, zj, unit, other_unit;
    int64_t nation, a_js, a_nj, a_zj, unit_nj, unit_zj, std_nj, std_zj;
};

static int64_t add_authority(struct fx *f, const char *code, const char *name, const char *level,
                             int64_t parent)
{
    struct ms_authority a = {.code = code, .name = name, .level = level, .parent_id = parent};
    ms_err err = {0};
    if (registry_authority_create(f->db, &f->sys, &a, &f->ar, &err) != MS_OK)
        fail_msg("authority %s: %s %s", code, err.key, err.field);
    return a.id;
}

static int64_t add_unit(struct fx *f, const char *first17, const char *division, int64_t auth)
{
    char *uscc = arena_alloc(&f->ar, 19);
    struct ms_unit u = {
        .name = first17, .division_code = division, .kind = "enterprise", .authority_id = auth};
    ms_err err = {0};

    memcpy(uscc, first17, 17);
    uscc[17] = uscc_check_char(first17);
    u.uscc = uscc;
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit: %s %s", err.key, err.field);
    return u.id;
}

static int64_t add_standard(struct fx *f, int64_t unit, int64_t auth, const char *cert_no)
{
    struct ms_standard s = {.unit_id = unit,
                            .name = "砝码标准装置",
                            .code = "12110100",
                            .category = "enterprise_highest",
                            .cert_no = cert_no,
                            .cert_authority_id = auth,
                            .cert_issued_on = "2024-05-01",
                            .cert_expires_on = "2028-04-30"};
    ms_err err = {0};
    if (registry_standard_create(f->db, &f->sys, &s, &f->ar, &err) != MS_OK)
        fail_msg("standard: %s %s", err.key, err.field);
    return s.id;
}

static void unit_actor(ms_actor *a, int64_t unit, const char *name)
{
    memset(a, 0, sizeof *a);
    a->role = "unit";
    a->name = name;
    a->unit_id = unit;
    a->client_addr = "test";
}

static int setup(void **state)
{
    static struct fx f;
    struct ms_authority auth;

    memset(&f, 0, sizeof f);
    setenv("MSUP_TODAY", "2026-11-27", 1);
    f.db = testdb_open("check");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.a_js = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.a_nj = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.a_js);
    f.a_zj = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    f.unit_nj = add_unit(&f, "91320100MA1NJ0560", "320100", f.a_nj);
    f.unit_zj = add_unit(&f, "91330100MA2ABC340", "330100", f.a_zj);
    f.std_nj = add_standard(&f, f.unit_nj, f.a_nj, "[2024]苏量标宁证字第0001号");
    f.std_zj = add_standard(&f, f.unit_zj, f.a_zj, "[2024]浙量标证字第0002号");
    assert_int_equal(
        registry_actor_for_authority(f.db, "320100", MS_LANG_ZH, &f.ar, &f.nj, &auth, NULL), MS_OK);
    assert_int_equal(
        registry_actor_for_authority(f.db, "330000", MS_LANG_ZH, &f.ar, &f.zj, &auth, NULL), MS_OK);
    unit_actor(&f.unit, f.unit_nj, "nj_user");
    unit_actor(&f.other_unit, f.unit_zj, "zj_user");
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

/* A check of KIND on STD by WHO with DATA (JSON text). */
static int submit(struct fx *f, const ms_actor *who, int64_t std, const char *kind,
                  const char *data, struct ms_check *out, ms_err *err)
{
    json_t *d = json_loads(data, 0, NULL);
    struct check_input in = {.kind = kind, .data = d};
    int rc;

    assert_non_null(d);
    rc = check_create(f->db, who, std, &in, &f->ar, out, err);
    json_decref(d);
    return rc;
}

#define BLIND_FAIL                                                                                 \
    "{\"method\":\"transfer\",\"y\":200.0012,\"U\":0.002,\"y_ref\":200.0062,\"U_ref\":0.0015,"     \
    "\"k_ref\":3}"
#define REPEAT "[10.0012,10.0015,10.0011,10.0014,10.0013,10.0012,10.0016,10.0013,10.0012,10.0014]"

static void failing_check_one_finding(void **state)
{
    struct fx *f = *state;
    struct ms_check c;
    ms_err err = {0};
    int64_t audit0 = rows(f, "SELECT count(*) FROM audit"), fid = 0;
    struct checkdb_finding again;
    char sql[160];

    assert_int_equal(submit(f, &f->nj, f->std_nj, "blind_sample", BLIND_FAIL, &c, &err), MS_OK);
    assert_string_equal(c.verdict, "fail");
    assert_string_equal(c.method, "verification");
    assert_string_equal(c.rule_set, "jjf1033");
    assert_int_equal(c.authority_id, f->a_nj);
    assert_true(c.finding_id > 0);
    assert_int_equal(rows(f, "SELECT count(*) FROM audit"), audit0 + 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM findings WHERE check_id = %lld AND source = 'check' AND "
             "deadline = '2026-12-27' AND severity = 'nonconform' AND inspection_id IS NULL",
             (long long)c.id);
    assert_int_equal(rows(f, sql), 1);
    /* exactly once: the unique index refuses a second finding of the check */
    again = (struct checkdb_finding){
        c.id, 0, 0, f->a_nj, f->unit_nj, f->std_nj, "x", "2026-12-27", "2026-11-27T00:00:00Z"};
    assert_int_equal(store_begin(f->db, &err), MS_OK);
    assert_int_equal(checkdb_finding_insert(f->db, &again, &fid, &err), MS_ECONFLICT);
    store_rollback(f->db);
    assert_int_equal(checkdb_finding_count(f->db, c.id, &err), 1);
}

static void passing_and_questionable(void **state)
{
    struct fx *f = *state;
    struct ms_check c, *items;
    ms_err err = {0};
    int64_t findings0 = rows(f, "SELECT count(*) FROM findings"), total;
    int n;

    assert_int_equal(submit(f, &f->unit, f->std_nj, "repeatability",
                            "{\"values\":" REPEAT ",\"s0\":0.0002}", &c, &err),
                     MS_OK);
    assert_string_equal(c.verdict, "pass");
    assert_int_equal(c.finding_id, 0);
    assert_string_equal(c.created_by, "nj_user");
    assert_int_equal(submit(f, &f->unit, f->std_nj, "repeatability",
                            "{\"values\":" REPEAT ",\"s0\":0.0001}", &c, &err),
                     MS_OK);
    assert_string_equal(c.verdict, "questionable");
    assert_int_equal(rows(f, "SELECT count(*) FROM findings"), findings0);
    assert_int_equal(check_list(f->db, &f->unit, f->std_nj, "repeatability", NULL, NULL, &f->ar,
                                &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 2);
    assert_int_equal(items[0].id, c.id); /* newest first */
    assert_int_equal(check_get(f->db, &f->nj, c.id, &f->ar, &c, &err), MS_OK);
    assert_int_equal(check_get(f->db, &f->zj, c.id, &f->ar, &c, &err), MS_ENOTFOUND);
    assert_int_equal(check_get(f->db, &f->other_unit, c.id, &f->ar, &c, &err), MS_ENOTFOUND);
}

static void refused_writes_nothing(void **state)
{
    struct fx *f = *state;
    struct ms_check c;
    ms_err err = {0};
    ms_actor insp = f->nj;
    int64_t checks0 = rows(f, "SELECT count(*) FROM checks"),
            findings0 = rows(f, "SELECT count(*) FROM findings"),
            audit0 = rows(f, "SELECT count(*) FROM audit");

    assert_int_equal(
        submit(f, &f->nj, f->std_nj, "repeatability", "{\"values\":[1,2],\"s0\":1}", &c, &err),
        MS_EINVAL);
    assert_string_equal(err.field, "data.values");
    assert_int_equal(submit(f, &f->nj, f->std_nj, "stability", "{\"means\":[1,1,1,1]}", &c, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "data.mpe");
    assert_int_equal(submit(f, &f->nj, f->std_nj, "nonsense", "{}", &c, &err), MS_EINVAL);
    assert_string_equal(err.field, "kind");
    /* out of jurisdiction: missing, even with bad data */
    assert_int_equal(submit(f, &f->nj, f->std_zj, "blind_sample", BLIND_FAIL, &c, &err),
                     MS_ENOTFOUND);
    assert_int_equal(submit(f, &f->unit, f->std_zj, "stability", "{}", &c, &err), MS_ENOTFOUND);
    insp.role = "inspector";
    assert_int_equal(submit(f, &insp, f->std_nj, "blind_sample", BLIND_FAIL, &c, &err),
                     MS_EFORBIDDEN);
    assert_int_equal(rows(f, "SELECT count(*) FROM checks"), checks0);
    assert_int_equal(rows(f, "SELECT count(*) FROM findings"), findings0);
    assert_int_equal(rows(f, "SELECT count(*) FROM audit"), audit0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failing_check_one_finding),
        cmocka_unit_test(passing_and_questionable),
        cmocka_unit_test(refused_writes_nothing),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
