/* test_demo.c - `msup demo` over a real database, once on SQLite and once on
 * PostgreSQL: the generated registry is valid by every validator of the
 * input paths, the authority tree is complete, the same seed gives the same
 * rows, another seed other rows, and a non-empty database is refused with
 * nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/certno.h"
#include "core/date.h"
#include "core/demo_names.h"
#include "core/demo_rng.h"
#include "core/demo_table.h"
#include "core/embed.h"
#include "core/division.h"
#include "core/field.h"
#include "core/uscc.h"
#include "service/demo.h"
#include "service/registry.h"
#include "testdb.h"

#define AS_OF DEMO_DEFAULT_AS_OF

static uint64_t hash_seed7; /* digest of the first database, seed 7 */

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */
/* ------------------------------------------------------------------------ */

static store *generate(const char *name, enum demo_scale scale, uint64_t seed,
                       struct demo_report *rep)
{
    store *db = testdb_open(name);
    struct demo_opts o = {scale, seed, NULL, 0};
    ms_err err = {0};
    int rc = demo_run(db, &o, NULL, NULL, rep, &err);

    if (rc != MS_OK)
        fail_msg("demo_run: %s %s %s", err.key, err.field, err.arg);
    return db;
}

/* FNV-1a over the fields of every row, NULL distinct from "". */
static void mix(uint64_t *h, const char *s)
{
    if (!s) {
        *h = (*h ^ 0xffu) * UINT64_C(0x100000001b3);
        return;
    }
    for (; *s; s++)
        *h = (*h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
    *h = (*h ^ 0x1fu) * UINT64_C(0x100000001b3);
}

static void mixi(uint64_t *h, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    mix(h, buf);
}

/* A digest of everything generated, read back through the service and
 * store read functions in id order. */
static uint64_t digest(store *db)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    ms_actor sys;
    ms_err err = {0};
    arena ar = ARENA_INIT;
    int64_t n;

    svc_actor_system(&sys, MS_LANG_ZH);
    n = reg_count(db, REG_AUTHORITY, &err);
    for (int64_t id = 1; id <= n; id++) {
        struct ms_authority a;
        assert_int_equal(registry_authority_get(db, &sys, id, &ar, &a, &err), MS_OK);
        mix(&h, a.code), mix(&h, a.name), mix(&h, a.level), mixi(&h, a.parent_id);
        mix(&h, a.path), mix(&h, a.division_code), mix(&h, a.short_name);
        arena_free(&ar);
    }
    n = reg_count(db, REG_UNIT, &err);
    for (int64_t id = 1; id <= n; id++) {
        struct ms_unit u;
        assert_int_equal(registry_unit_get(db, &sys, id, &ar, &u, &err), MS_OK);
        mix(&h, u.uscc), mix(&h, u.name), mix(&h, u.division_code), mix(&h, u.address);
        mix(&h, u.kind), mix(&h, u.sectors), mixi(&h, u.authority_id), mix(&h, u.contact_name);
        mix(&h, u.contact_phone), mix(&h, u.credit_class), mix(&h, u.status);
        mix(&h, u.created_at);
        arena_free(&ar);
    }
    n = reg_count(db, REG_STANDARD, &err);
    for (int64_t id = 1; id <= n; id++) {
        struct ms_standard s;
        struct ms_apparatus *app;
        struct ms_personnel *per;
        int napp, nper;

        assert_int_equal(registry_standard_get(db, &sys, id, &ar, &s, &err), MS_OK);
        mixi(&h, s.unit_id), mix(&h, s.name), mix(&h, s.code), mix(&h, s.field);
        mix(&h, s.category), mix(&h, s.measurement_range), mix(&h, s.uncertainty);
        mix(&h, s.cert_no), mixi(&h, s.cert_authority_id), mix(&h, s.cert_issued_on);
        mix(&h, s.cert_expires_on), mix(&h, s.status), mix(&h, s.status_on);
        mix(&h, s.status_reason), mix(&h, s.sectors);
        assert_int_equal(reg_apparatus_list(db, id, &ar, &app, &napp, &err), MS_OK);
        for (int i = 0; i < napp; i++) {
            mixi(&h, app[i].id), mix(&h, app[i].name), mix(&h, app[i].model);
            mix(&h, app[i].serial), mix(&h, app[i].role), mix(&h, app[i].trace_cert_no);
            mix(&h, app[i].trace_org), mix(&h, app[i].calibrated_on), mix(&h, app[i].due_on);
        }
        assert_int_equal(reg_personnel_list(db, id, &ar, &per, &nper, &err), MS_OK);
        for (int i = 0; i < nper; i++) {
            mixi(&h, per[i].id), mix(&h, per[i].name), mix(&h, per[i].qualification_no);
            mix(&h, per[i].valid_until), mixi(&h, per[i].in_charge);
        }
        arena_free(&ar);
    }
    for (int e = REG_INSPECTOR; e < REG_ENTITY_COUNT; e++)
        mixi(&h, reg_count(db, (enum reg_entity)e, &err));
    return h;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                    */
/* ------------------------------------------------------------------------ */

static void check_tree(store *db, const ms_actor *sys, int64_t n)
{
    arena ar = ARENA_INIT;
    ms_err err = {0};
    int levels[4] = {0};

    for (int64_t id = 1; id <= n; id++) {
        struct ms_authority a, p;
        char want[200];

        assert_int_equal(registry_authority_get(db, sys, id, &ar, &a, &err), MS_OK);
        assert_int_equal(registry_authority_validate(&a, &ar, &err), MS_OK);
        if (strcmp(a.level, "national") == 0) {
            levels[0]++;
            assert_string_equal(a.code, "000000");
            assert_int_equal(a.parent_id, 0);
            snprintf(want, sizeof want, "/%lld/", (long long)a.id);
        } else {
            assert_int_equal(registry_authority_get(db, sys, a.parent_id, &ar, &p, &err), MS_OK);
            snprintf(want, sizeof want, "%s%lld/", p.path, (long long)a.id);
            assert_string_equal(a.code, a.division_code);
            assert_non_null(division_find(NULL, a.code, AS_OF));
            levels[strcmp(a.level, "provincial") == 0  ? 1
                   : strcmp(a.level, "municipal") == 0 ? 2
                                                       : 3]++;
        }
        assert_string_equal(a.path, want);
        assert_non_null(a.short_name);
        arena_free(&ar);
    }
    assert_int_equal(levels[0], 1);
    assert_int_equal(levels[1], 1);
    assert_true(levels[3] >= 16);
}

static void check_units(store *db, const ms_actor *sys, int64_t n)
{
    arena ar = ARENA_INIT;
    ms_err err = {0};
    int legal = 0;

    for (int64_t id = 1; id <= n; id++) {
        struct ms_unit u;
        char code[USCC_LEN + 1];

        assert_int_equal(registry_unit_get(db, sys, id, &ar, &u, &err), MS_OK);
        if (uscc_validate(u.uscc, code, NULL, &err) != MS_OK)
            fail_msg("unit %lld %s: %s %s", (long long)id, u.uscc, err.key, err.arg);
        assert_memory_equal(code + 2, u.division_code, 6);
        assert_int_equal(division_validate(NULL, u.division_code, AS_OF, NULL, &err), MS_OK);
        assert_int_equal(registry_unit_validate(&u, &ar, &err), MS_OK);
        assert_true(strlen(u.name) > 6 && u.address && u.contact_name && u.contact_phone);
        legal += strcmp(u.kind, "legal_institute") == 0;
        arena_free(&ar);
    }
    assert_int_equal(legal, 18); /* 中国计量科学研究院 + 北京市 + 16 districts */
}

static void check_standards(store *db, const ms_actor *sys, int64_t n, const struct demo_report *r)
{
    arena ar = ARENA_INIT;
    ms_err err = {0};
    int fields[100] = {0}, nfields = 0, expired = 0, one_qualified = 0;
    int64_t napp_all = 0, overdue = 0;

    for (int64_t id = 1; id <= n; id++) {
        struct ms_standard s;
        struct ms_authority iss;
        struct ms_apparatus *app;
        struct ms_personnel *per;
        const struct jjf_field *f = NULL;
        ms_date issued, expires;
        certno cn;
        int napp, nper, qualified = 0, in_charge = 0;

        assert_int_equal(registry_standard_get(db, sys, id, &ar, &s, &err), MS_OK);
        assert_int_equal(field_validate(s.code, NULL, &f, &err), MS_OK);
        assert_string_equal(f->code, s.field);
        if (certno_parse(s.cert_no, &cn, &err) != MS_OK)
            fail_msg("standard %lld: cert_no %s: %s", (long long)id, s.cert_no, err.key);
        assert_int_equal(date_parse(s.cert_issued_on, &issued, NULL, &err), MS_OK);
        assert_int_equal(date_parse(s.cert_expires_on, &expires, NULL, &err), MS_OK);
        assert_int_equal(date_cmp(date_cert_expiry(issued), expires), 0);
        assert_true(cn.year <= issued.year);
        assert_int_equal(registry_authority_get(db, sys, s.cert_authority_id, &ar, &iss, &err),
                         MS_OK);
        assert_string_equal(cn.unit, iss.short_name);
        assert_int_equal(registry_standard_validate(&s, &ar, &err), MS_OK);
        if (strcmp(s.status, "expired") == 0) {
            assert_true(strcmp(s.cert_expires_on, AS_OF) < 0);
            expired++;
        } else if (strcmp(s.status, "active") == 0) {
            assert_true(strcmp(s.cert_expires_on, AS_OF) >= 0);
        }
        if (!fields[atoi(s.field)]++)
            nfields++;

        assert_int_equal(reg_apparatus_list(db, id, &ar, &app, &napp, &err), MS_OK);
        assert_true(napp >= 1 && napp <= 4);
        for (int i = 0; i < napp; i++) {
            assert_int_equal(registry_apparatus_validate(&app[i], &ar, &err), MS_OK);
            if (app[i].calibrated_on) {
                ms_date cal, due;
                assert_int_equal(date_parse(app[i].calibrated_on, &cal, NULL, &err), MS_OK);
                assert_int_equal(date_parse(app[i].due_on, &due, NULL, &err), MS_OK);
                assert_int_equal(date_cmp(date_add_years(cal, 1), due), 0);
                assert_non_null(app[i].trace_org);
                assert_non_null(app[i].trace_cert_no);
                overdue += strcmp(app[i].due_on, AS_OF) < 0;
            }
        }
        napp_all += napp;
        assert_int_equal(reg_personnel_list(db, id, &ar, &per, &nper, &err), MS_OK);
        assert_true(nper >= 1 && nper <= 4);
        for (int i = 0; i < nper; i++) {
            assert_int_equal(registry_personnel_validate(&per[i], &ar, &err), MS_OK);
            qualified += per[i].valid_until && strcmp(per[i].valid_until, AS_OF) >= 0;
            in_charge += per[i].in_charge;
        }
        assert_int_equal(in_charge, 1);
        one_qualified += qualified < 2;
        arena_free(&ar);
    }
    /* What the issue asks for, with room for chance. */
    assert_true(nfields >= 14);
    assert_true(expired > 0 && expired == r->standards_by_status[4]);
    assert_true(r->standards_by_status[1] > 0 && r->standards_by_status[2] > 0);
    assert_true(r->standards_expiring > 0);
    assert_int_equal(one_qualified, r->standards_understaffed);
    assert_true(one_qualified * 100 >= n * 2 && one_qualified * 100 <= n * 10);
    assert_int_equal(overdue, r->apparatus_overdue);
    assert_true(overdue * 100 >= napp_all * 6 && overdue * 100 <= napp_all * 14);
    assert_true(r->apparatus_never > 0);
}

static void test_small(void **state)
{
    struct demo_report r;
    store *db = generate("demo_a", DEMO_SCALE_SMALL, 7, &r);
    ms_actor sys;
    ms_err err = {0};

    (void)state;
    svc_actor_system(&sys, MS_LANG_ZH);
    for (int e = 0; e < REG_ENTITY_COUNT; e++)
        assert_int_equal(reg_count(db, (enum reg_entity)e, &err), r.rows[e]);
    assert_true(r.rows[REG_UNIT] >= 250 && r.rows[REG_UNIT] <= 350);
    assert_true(r.rows[REG_STANDARD] >= 3 * r.rows[REG_UNIT]);
    assert_true(r.rows[REG_APPARATUS] >= r.rows[REG_STANDARD]);
    assert_true(r.rows[REG_PERSONNEL] >= 2 * r.rows[REG_STANDARD]);
    assert_true(r.rows[REG_INSPECTOR] > 0 && r.rows[REG_COMPLAINT] > 0);
    assert_true(r.units_with_sector > 0 && r.standards_with_sector > 0);
    assert_string_equal(r.as_of, AS_OF);
    check_tree(db, &sys, r.rows[REG_AUTHORITY]);
    check_units(db, &sys, r.rows[REG_UNIT]);
    check_standards(db, &sys, r.rows[REG_STANDARD], &r);
    hash_seed7 = digest(db);
    store_close(db);
}

static void test_same_seed_same_rows(void **state)
{
    struct demo_report r;
    store *db = generate("demo_b", DEMO_SCALE_SMALL, 7, &r);

    (void)state;
    assert_true(hash_seed7 != 0);
    assert_true(digest(db) == hash_seed7);
    store_close(db);
}

static void test_other_seed_other_rows(void **state)
{
    struct demo_report r;
    store *db = generate("demo_c", DEMO_SCALE_SMALL, 8, &r);

    (void)state;
    assert_true(digest(db) != hash_seed7);
    store_close(db);
}

static void test_refuses_non_empty(void **state)
{
    struct demo_report r;
    store *db = generate("demo_d", DEMO_SCALE_SMALL, 1, &r);
    struct demo_opts o = {DEMO_SCALE_SMALL, 2, NULL, 0};
    int64_t before[REG_ENTITY_COUNT];
    ms_err err = {0};

    (void)state;
    for (int e = 0; e < REG_ENTITY_COUNT; e++)
        before[e] = reg_count(db, (enum reg_entity)e, &err);
    assert_int_equal(demo_run(db, &o, NULL, NULL, &r, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "demo_not_empty");
    assert_int_equal(r.rows[REG_UNIT], 0);
    for (int e = 0; e < REG_ENTITY_COUNT; e++)
        assert_int_equal(reg_count(db, (enum reg_entity)e, &err), before[e]);
    assert_false(store_in_tx(db));
    store_close(db);
}

static void test_refuses_authorities_only(void **state)
{
    store *db = testdb_open("demo_e");
    struct demo_opts o = {DEMO_SCALE_SMALL, 1, NULL, 0};
    struct ms_authority root = {
        .code = "000000", .name = "国家市场监督管理总局", .level = "national"};
    ms_actor sys;
    ms_err err = {0};
    arena ar = ARENA_INIT;

    (void)state;
    svc_actor_system(&sys, MS_LANG_ZH);
    assert_int_equal(registry_authority_create(db, &sys, &root, &ar, &err), MS_OK);
    assert_int_equal(demo_run(db, &o, NULL, NULL, NULL, &err), MS_ECONFLICT);
    assert_string_equal(err.key, "demo_has_authorities");
    assert_int_equal(reg_count(db, REG_AUTHORITY, &err), 1);
    assert_int_equal(reg_count(db, REG_UNIT, &err), 0);
    arena_free(&ar);
    store_close(db);
}

static void test_bad_options(void **state)
{
    store *db = testdb_open("demo_f");
    struct demo_opts o = {DEMO_SCALE_SMALL, 1, "2021-02-30", 0};
    enum demo_scale s;
    ms_err err = {0};

    (void)state;
    assert_int_equal(demo_run(db, &o, NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.field, "as_of");
    o.as_of = NULL;
    o.scale = (enum demo_scale)9;
    assert_int_equal(demo_run(db, &o, NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.field, "scale");
    o.scale = DEMO_SCALE_SMALL;
    o.units = -1;
    assert_int_equal(demo_run(db, &o, NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.field, "units");
    assert_string_equal(err.key, "demo_units");
    o.units = DEMO_UNITS_MAX + 1;
    assert_int_equal(demo_run(db, &o, NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.field, "units");
    assert_int_equal(reg_count(db, REG_AUTHORITY, &err), 0);
    assert_int_equal(demo_scale_parse("nation", &s, &err), MS_OK);
    assert_int_equal(s, DEMO_SCALE_NATION);
    assert_int_equal(demo_scale_parse("city", &s, &err), MS_EINVAL);
    assert_string_equal(err.key, "demo_scale");
    store_close(db);
}

/* The pure helpers: streams, names, the embedded table. */
static void test_helpers(void **state)
{
    static const char *const stems[][2] = {
        {"南京市", "南京"},
        {"江苏省", "江苏"},
        {"沛县", "沛县"},
        {"城区", "城区"},
        {"玄武区", "玄武"},
        {"广西壮族自治区", "广西"},
        {"西藏自治区", "西藏"},
        {"内蒙古自治区", "内蒙古"},
        {"延边朝鲜族自治州", "延边"},
        {"鄂伦春自治旗", "鄂伦春"},
        {"东乡族自治县", "东乡"},
        {"大兴安岭地区", "大兴安岭"},
        {"克孜勒苏柯尔克孜自治州", "克孜勒苏"},
        {"浦东新区", "浦东"},
    };
    const struct embed_file *f = embed_find("data/jjf1022-demo.csv");
    demo_table *t = NULL;
    demo_rng a, b;
    char buf[64];
    int seen[100] = {0}, nfields = 0;
    ms_err err = {0};

    (void)state;
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        demo_place_stem(stems[i][0], buf, sizeof buf);
        assert_string_equal(buf, stems[i][1]);
    }
    assert_int_equal(demo_utf8_prefix("雨花台区", 3, buf, sizeof buf), strlen("雨花台"));
    assert_string_equal(buf, "雨花台");
    assert_int_equal(demo_utf8_len("石景山"), 3);

    demo_rng_seed(&a, 42, 1, 7);
    demo_rng_seed(&b, 42, 1, 7);
    for (int i = 0; i < 100; i++)
        assert_true(demo_rng_next(&a) == demo_rng_next(&b));
    demo_rng_seed(&b, 42, 1, 8);
    assert_true(demo_rng_next(&a) != demo_rng_next(&b));
    for (int i = 0; i < 1000; i++) {
        int v = demo_rng_range(&a, 3, 5);
        assert_true(v >= 3 && v <= 5);
    }

    assert_non_null(f);
    assert_int_equal(demo_table_parse(f->data, f->size, &t, &err), MS_OK);
    for (size_t i = 0; i < t->n; i++) {
        assert_int_equal(field_validate(t->rows[i].code, NULL, NULL, &err), MS_OK);
        assert_true(t->rows[i].napparatus >= 1);
        if (!seen[atoi(t->rows[i].field)]++)
            nfields++;
    }
    assert_int_equal(nfields, 18); /* every level-1 field of JJF 1022 */
    demo_table_free(t);
    assert_int_equal(demo_table_parse("code,name\n", 10, &t, &err), MS_EINVAL);
    assert_null(t);
}

/* --units: the scale's authorities with exactly N units, standards in
 * proportion; fewer units than authorities still gives each one its
 * institute. */
static void test_units(void **state)
{
    struct demo_report small, big, tiny;
    struct demo_opts o = {DEMO_SCALE_SMALL, 1, NULL, 900};
    store *db;
    ms_err err = {0};

    (void)state;
    db = generate("demo_u0", DEMO_SCALE_SMALL, 1, &small);
    store_close(db);
    db = testdb_open("demo_u1");
    assert_int_equal(demo_run(db, &o, NULL, NULL, &big, &err), MS_OK);
    assert_int_equal(big.rows[REG_UNIT], 900);
    assert_int_equal(reg_count(db, REG_UNIT, &err), 900);
    assert_int_equal(big.rows[REG_AUTHORITY], small.rows[REG_AUTHORITY]);
    /* three times the units, about three times the standards */
    assert_true(big.rows[REG_STANDARD] >
                2 * small.rows[REG_STANDARD] * 900 / 3 / small.rows[REG_UNIT]);
    assert_true(big.rows[REG_STANDARD] <
                4 * small.rows[REG_STANDARD] * 900 / 3 / small.rows[REG_UNIT]);
    store_close(db);
    db = testdb_open("demo_u2");
    o.units = 1;
    assert_int_equal(demo_run(db, &o, NULL, NULL, &tiny, &err), MS_OK);
    assert_int_equal(tiny.rows[REG_UNIT], tiny.rows[REG_AUTHORITY]);
    store_close(db);
}

/* Province scale once, on SQLite only (a few seconds). */
static void test_province(void **state)
{
    struct demo_report r;
    store *db;
    ms_err err = {0};

    (void)state;
    if (strcmp(testdb_backend(), "sqlite") != 0)
        skip();
    db = generate("demo_p", DEMO_SCALE_PROVINCE, 3, &r);
    assert_int_equal(r.rows[REG_AUTHORITY], 1 + 1 + 13 + 95); /* root, 江苏, cities, counties */
    assert_true(r.rows[REG_UNIT] >= 4500 && r.rows[REG_UNIT] <= 5500);
    assert_true(r.rows[REG_STANDARD] >= 20000 && r.rows[REG_STANDARD] <= 30000);
    for (int e = 0; e < REG_ENTITY_COUNT; e++)
        assert_int_equal(reg_count(db, (enum reg_entity)e, &err), r.rows[e]);
    store_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_same_seed_same_rows),
        cmocka_unit_test(test_other_seed_other_rows),
        cmocka_unit_test(test_refuses_non_empty),
        cmocka_unit_test(test_refuses_authorities_only),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_province),
    };
    return cmocka_run_group_tests_name(testdb_backend(), tests, NULL, NULL);
}
