/* test_inspector.c - the inspector pool use cases over a real database, run
 * once on SQLite and once on PostgreSQL (MSUP_TEST_BACKEND): validation
 * names the field and writes nothing, another province's pool reads as
 * missing, a conflict is declared once, filters, audit rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "service/inspector.h"
#include "service/registry.h"
#include "testdb.h"

struct fx {
    store *db;
    arena ar;
    ms_actor sys, js, zj;
    int64_t nation, jsa, nja, zja; /* authorities */
    int64_t unit_nj, unit_zj;
    int64_t p_nj, p_zj; /* an inspector of Nanjing's pool, one of Zhejiang's */
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

static int64_t add_unit(struct fx *f, const char *first17, const char *name, const char *division,
                        int64_t authority)
{
    char *uscc = arena_alloc(&f->ar, 19);
    struct ms_unit u = {.name = name,
                        .division_code = division,
                        .kind = "enterprise",
                        .sectors = "medical_health",
                        .authority_id = authority};
    ms_err err = {0};

    memcpy(uscc, first17, 17);
    uscc[17] = uscc_check_char(first17);
    uscc[18] = '\0';
    u.uscc = uscc;
    if (registry_unit_create(f->db, &f->sys, &u, &f->ar, &err) != MS_OK)
        fail_msg("unit %s: %s %s", name, err.key, err.field);
    return u.id;
}

static void actor_of(struct fx *f, const char *code, ms_actor *a)
{
    struct ms_authority auth;
    ms_err err = {0};

    assert_int_equal(registry_actor_for_authority(f->db, code, MS_LANG_ZH, &f->ar, a, &auth, &err),
                     MS_OK);
}

static int64_t audit_rows(struct fx *f, const char *action)
{
    store_stmt *st = store_prepare(f->db, "SELECT count(*) FROM audit WHERE action = ?", NULL);
    int64_t n = -1;

    assert_non_null(st);
    store_bind_text(st, 1, action);
    if (store_step(st, NULL) == STORE_ROW)
        n = store_col_int(st, 0);
    store_reset(st);
    return n;
}

static int setup(void **state)
{
    static struct fx f;
    struct ms_inspector i;
    ms_err err = {0};

    memset(&f, 0, sizeof f);
    f.db = testdb_open("inspector");
    arena_init(&f.ar);
    svc_actor_system(&f.sys, MS_LANG_ZH);
    f.nation = add_authority(&f, "000000", "国家市场监督管理总局", "national", 0);
    f.jsa = add_authority(&f, "320000", "江苏省市场监督管理局", "provincial", f.nation);
    f.nja = add_authority(&f, "320100", "南京市市场监督管理局", "municipal", f.jsa);
    f.zja = add_authority(&f, "330000", "浙江省市场监督管理局", "provincial", f.nation);
    f.unit_nj = add_unit(&f, "91320102MA1WXY120", "南京玄武精密仪器有限公司", "320102", f.nja);
    f.unit_zj = add_unit(&f, "91330100MA2ABC340", "杭州西湖计量器具有限公司", "330100", f.zja);
    actor_of(&f, "320000", &f.js);
    actor_of(&f, "330000", &f.zj);
    i = (struct ms_inspector){.authority_id = f.nja,
                              .name = "王明",
                              .kind = "enforcement",
                              .fields = "01, 04,01",
                              .active = 1};
    if (inspector_create(f.db, &f.js, &i, &f.ar, &err) != MS_OK)
        fail_msg("inspector: %s %s", err.key, err.field);
    f.p_nj = i.id;
    i = (struct ms_inspector){.authority_id = f.zja,
                              .name = "李华",
                              .kind = "expert",
                              .fields = "12",
                              .employer_unit_id = f.unit_zj,
                              .active = 1};
    if (inspector_create(f.db, &f.zj, &i, &f.ar, &err) != MS_OK)
        fail_msg("inspector: %s %s", err.key, err.field);
    f.p_zj = i.id;
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

static void test_create_normalises(void **state)
{
    struct fx *f = *state;
    struct ms_inspector i;

    assert_int_equal(inspector_get(f->db, &f->js, f->p_nj, &f->ar, &i, NULL), MS_OK);
    assert_string_equal(i.name, "王明");
    assert_string_equal(i.fields, "01,04");
    assert_int_equal(i.authority_id, f->nja);
    assert_int_equal(i.active, 1);
    assert_int_equal(i.employer_unit_id, 0);
    assert_int_equal(audit_rows(f, "inspector.create"), 2);
}

/* Each bad input: MS_EINVAL naming FIELD, no inspector and no audit row. */
static void expect_invalid(struct fx *f, struct ms_inspector i, const char *field, const char *key)
{
    int64_t before = reg_count(f->db, REG_INSPECTOR, NULL);
    int64_t audit = store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL);
    ms_err err = {0};

    assert_int_equal(inspector_create(f->db, &f->js, &i, &f->ar, &err), MS_EINVAL);
    assert_string_equal(err.field, field);
    assert_string_equal(err.key, key);
    assert_int_equal(reg_count(f->db, REG_INSPECTOR, NULL), before);
    assert_int_equal(store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL), audit);
}

static void test_validation_writes_nothing(void **state)
{
    struct fx *f = *state;
    const struct ms_inspector ok = {
        .authority_id = 0, .name = "赵六", .kind = "enforcement", .fields = "01", .active = 1};
    struct ms_inspector i = ok;

    i.authority_id = f->nja;
    i.fields = "01,99";
    expect_invalid(f, i, "fields", "inspector_bad_field");
    i.fields = "0102";
    expect_invalid(f, i, "fields", "inspector_bad_field");
    i.fields = " , ";
    expect_invalid(f, i, "fields", "required");
    i.fields = "01";
    i.kind = "volunteer";
    expect_invalid(f, i, "kind", "invalid_enum");
    i.kind = "enforcement";
    i.name = "  ";
    expect_invalid(f, i, "name", "required");
    i.name = NULL;
    expect_invalid(f, i, "name", "required");
    i.name = "赵六";
    i.kind = "expert";
    i.employer_unit_id = 999999;
    expect_invalid(f, i, "employer_unit_id", "unknown_unit");
    i.kind = "enforcement";
    i.employer_unit_id = f->unit_nj;
    expect_invalid(f, i, "employer_unit_id", "inspector_employer_kind");
    i.employer_unit_id = 0;
    i.authority_id = f->zja; /* another province's pool */
    expect_invalid(f, i, "authority_id", "unknown_authority");
    i.authority_id = 0;
    expect_invalid(f, i, "authority_id", "required");
}

static void test_jurisdiction(void **state)
{
    struct fx *f = *state;
    struct inspector_patch p = {.name = "改名", .active = -1};
    struct inspdb_conflict c = {.unit_id = f->unit_nj, .reason = "亲属"};
    struct inspdb_filter flt = {.authority_id = f->zja, .active = -1};
    struct inspdb_conflict *cf;
    struct ms_inspector i, *items;
    ms_actor unit;
    int64_t total;
    int n;

    /* Jiangsu's pool is not Zhejiang's: every access reads as missing. */
    assert_int_equal(inspector_get(f->db, &f->js, f->p_zj, &f->ar, &i, NULL), MS_ENOTFOUND);
    assert_int_equal(inspector_get(f->db, &f->zj, f->p_nj, &f->ar, &i, NULL), MS_ENOTFOUND);
    assert_int_equal(inspector_update(f->db, &f->js, f->p_zj, &p, &f->ar, &i, NULL), MS_ENOTFOUND);
    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_zj, &c, &f->ar, NULL),
                     MS_ENOTFOUND);
    assert_int_equal(inspector_conflict_list(f->db, &f->js, f->p_zj, &f->ar, &cf, &n, NULL),
                     MS_ENOTFOUND);
    assert_int_equal(inspector_list(f->db, &f->js, &flt, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_OK);
    assert_int_equal(total, 0);
    flt.authority_id = 0;
    assert_int_equal(inspector_list(f->db, &f->js, &flt, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, f->p_nj);
    /* The pool is not shown to unit users (nor to administrators). */
    memset(&unit, 0, sizeof unit);
    unit.role = "unit";
    unit.name = "u1";
    unit.unit_id = f->unit_nj;
    assert_int_equal(inspector_get(f->db, &unit, f->p_nj, &f->ar, &i, NULL), MS_EFORBIDDEN);
    assert_int_equal(inspector_list(f->db, &unit, &flt, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_EFORBIDDEN);
    unit.role = "secadmin";
    assert_int_equal(inspector_get(f->db, &unit, f->p_nj, &f->ar, &i, NULL), MS_EFORBIDDEN);
    /* The operator sees every pool. */
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, NULL),
                     MS_OK);
    assert_int_equal(total, 2);
}

static void test_conflict_once(void **state)
{
    struct fx *f = *state;
    struct inspdb_conflict c = {
        .unit_id = f->unit_nj, .reason = "配偶在该单位工作", .declared_on = "2021-06-01"};
    struct inspdb_conflict again = {.unit_id = f->unit_nj, .reason = "再次申报"};
    struct inspdb_conflict bad = {.unit_id = 999999, .reason = "x"};
    struct inspdb_conflict *items;
    ms_err err = {0};
    int n;

    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_nj, &c, &f->ar, &err), MS_OK);
    assert_true(c.id > 0);
    assert_int_equal(c.inspector_id, f->p_nj);
    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_nj, &again, &f->ar, &err),
                     MS_ECONFLICT);
    assert_string_equal(err.key, "inspector_conflict_exists");
    assert_string_equal(err.field, "unit_id");
    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_nj, &bad, &f->ar, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "unit_id");
    bad = (struct inspdb_conflict){.unit_id = f->unit_zj, .reason = " "};
    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_nj, &bad, &f->ar, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "reason");
    bad.reason = "x";
    bad.declared_on = "2021-13-01";
    assert_int_equal(inspector_conflict_declare(f->db, &f->js, f->p_nj, &bad, &f->ar, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "declared_on");
    assert_int_equal(inspector_conflict_list(f->db, &f->js, f->p_nj, &f->ar, &items, &n, &err),
                     MS_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].reason, "配偶在该单位工作");
    assert_string_equal(items[0].declared_on, "2021-06-01");
    assert_string_equal(items[0].unit_name, "南京玄武精密仪器有限公司");
    assert_int_equal(audit_rows(f, "inspector.conflict"), 1);
}

static void test_update_and_filters(void **state)
{
    struct fx *f = *state;
    struct inspector_patch p = {.name = "王明（退休）", .fields = "04,15", .active = 0};
    struct inspector_patch empty = {.active = -1};
    struct inspector_patch bad = {.fields = "77", .active = -1};
    struct inspdb_filter flt = {.active = -1};
    struct ms_inspector out, *items;
    int64_t total, audit;
    ms_err err = {0};
    char *change;
    int n;

    assert_int_equal(inspector_update(f->db, &f->js, f->p_nj, &p, &f->ar, &out, &err), MS_OK);
    assert_string_equal(out.name, "王明（退休）");
    assert_string_equal(out.fields, "04,15");
    assert_int_equal(out.active, 0);
    assert_int_equal(audit_rows(f, "inspector.update"), 1);
    /* the name is personal data: recorded as changed, not copied */
    {
        store_stmt *st = store_prepare(
            f->db, "SELECT change FROM audit WHERE action = 'inspector.update'", NULL);
        assert_non_null(st);
        assert_int_equal(store_step(st, NULL), STORE_ROW);
        change = arena_strdup(&f->ar, store_col_text(st, 0));
        store_reset(st);
    }
    assert_null(strstr(change, "王明"));
    assert_non_null(strstr(change, "04,15"));
    audit = store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL);
    assert_int_equal(inspector_update(f->db, &f->js, f->p_nj, &empty, &f->ar, &out, &err), MS_OK);
    assert_int_equal(inspector_update(f->db, &f->js, f->p_nj, &bad, &f->ar, &out, &err), MS_EINVAL);
    assert_string_equal(err.field, "fields");
    assert_int_equal(store_query_int(f->db, "SELECT count(*) FROM audit", -1, NULL), audit);

    flt.field = "15";
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, f->p_nj);
    flt.field = "01"; /* no longer qualified */
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 0);
    flt.field = NULL;
    flt.active = 1;
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].id, f->p_zj);
    flt.active = -1;
    flt.kind = "expert";
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
                     MS_OK);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].employer_unit_id, f->unit_zj);
    flt.kind = "volunteer";
    assert_int_equal(inspector_list(f->db, &f->sys, &flt, NULL, &f->ar, &items, &n, &total, &err),
                     MS_EINVAL);
    assert_string_equal(err.field, "kind");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_normalises),  cmocka_unit_test(test_validation_writes_nothing),
        cmocka_unit_test(test_jurisdiction),       cmocka_unit_test(test_conflict_once),
        cmocka_unit_test(test_update_and_filters),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, setup, teardown);
}
