/* test_division.c - GB/T 2260 division lists: the embedded list, lookups,
 * validity dates (a synthetic list) and malformed lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/division.h"

#define HEADER "code,name,level,parent,valid_from,valid_to\n"

/* Hangzhou before and after the 2021 district reform, plus a reused code. */
static const char synthetic[] =
    "# a synthetic list for validity dates\n" HEADER "330000,浙江省,province,,,\n"
    "330100,杭州市,prefecture,330000,,\n"
    "330102,上城区,county,330100,,2021-04-08\n"
    "330102,上城区,county,330100,2021-04-09,\n"
    "330103,下城区,county,330100,,2021-04-08\n"
    "330113,临平区,county,330100,2021-04-09,\n"
    "330190,旧区,county,330100,2000-01-01,2010-12-31\n"
    "330190,新区,county,330100,2015-01-01,2019-12-31\n";

static division_list *parse_ok(const char *csv)
{
    division_list *l = NULL;
    ms_err err;

    ms_err_clear(&err);
    assert_int_equal(division_list_parse(csv, strlen(csv), &l, &err), MS_OK);
    assert_non_null(l);
    return l;
}

/* Parse CSV expecting failure at LINE; returns the message argument. */
static void parse_fails(const char *csv, long line, const char *arg_part)
{
    division_list *l = (division_list *)1;
    ms_err err;

    ms_err_clear(&err);
    assert_int_equal(division_list_parse(csv, strlen(csv), &l, &err), MS_EINVAL);
    assert_null(l);
    assert_string_equal(err.key, "invalid_division_list");
    assert_int_equal(err.row, line);
    assert_non_null(strstr(err.arg, arg_part));
}

/* ------------------------------------------------------------------------ */

static void default_list_counts(void **state)
{
    size_t n[4] = {0, 0, 0, 0};
    const division_list *l = division_default(NULL);

    (void)state;
    assert_non_null(l);
    assert_int_equal(division_count(NULL), division_count(l));
    for (size_t i = 0; i < division_count(l); i++) {
        const division *d = division_at(l, i);
        const division *p = division_parent(l, d, NULL);
        n[d->level]++;
        if (d->level == DIVISION_PROVINCE) {
            assert_null(p);
            assert_non_null(division_province_short(d->code));
        } else {
            assert_non_null(p);
            assert_true(p->level < d->level);
            assert_memory_equal(p->code, d->code, 2);
        }
        if (i > 0)
            assert_true(strcmp(division_at(l, i - 1)->code, d->code) < 0);
    }
    print_message("divisions: %zu province, %zu prefecture, %zu county\n", n[1], n[2], n[3]);
    assert_int_equal(n[DIVISION_PROVINCE], 31);
    assert_in_range(n[DIVISION_PREFECTURE], 320, 340);
    assert_in_range(n[DIVISION_COUNTY], 2800, 2900);
    assert_null(division_at(l, division_count(l)));
}

static void real_codes(void **state)
{
    const division *d;
    char buf[128];

    (void)state;
    d = division_find(NULL, "110108", NULL);
    assert_non_null(d);
    assert_string_equal(d->name, "海淀区");
    assert_int_equal(d->level, DIVISION_COUNTY);
    assert_string_equal(d->parent, "110000"); /* no 110100 row */
    assert_int_equal(division_full_name(NULL, "110108", NULL, buf, sizeof buf), MS_OK);
    assert_string_equal(buf, "北京市海淀区");

    assert_int_equal(division_full_name(NULL, "320102", NULL, buf, sizeof buf), MS_OK);
    assert_string_equal(buf, "江苏省南京市玄武区");
    assert_string_equal(division_find(NULL, "320102", NULL)->parent, "320100");
    assert_int_equal(division_find(NULL, "320100", NULL)->level, DIVISION_PREFECTURE);
    assert_int_equal(division_full_name(NULL, "320000", NULL, buf, sizeof buf), MS_OK);
    assert_string_equal(buf, "江苏省");

    /* 省直辖县级: the province is the parent */
    d = division_find(NULL, "429004", NULL);
    assert_non_null(d);
    assert_string_equal(d->name, "仙桃市");
    assert_string_equal(d->parent, "420000");
    assert_null(division_find(NULL, "429000", NULL));
    assert_int_equal(division_full_name(NULL, "429004", NULL, buf, sizeof buf), MS_OK);
    assert_string_equal(buf, "湖北省仙桃市");
    assert_string_equal(division_find(NULL, "500101", NULL)->parent, "500000");

    /* excluded: Taiwan, Hong Kong, Macao */
    assert_null(division_find(NULL, "710000", NULL));
    assert_null(division_find(NULL, "810000", NULL));
    assert_null(division_find(NULL, "820000", NULL));

    /* a too-small buffer */
    assert_int_equal(division_full_name(NULL, "320102", NULL, buf, 10), MS_ETOOBIG);
    assert_int_equal(division_full_name(NULL, "999999", NULL, buf, sizeof buf), MS_ENOTFOUND);
    assert_string_equal(buf, "");
    assert_null(division_find(NULL, "11010", NULL));
    assert_null(division_find(NULL, NULL, NULL));
    assert_null(division_find(NULL, "110108", "2021-02-30"));
}

static void children(void **state)
{
    const division *out[64];
    size_t n;

    (void)state;
    n = division_children(NULL, NULL, NULL, out, 64);
    assert_int_equal(n, 31);
    assert_string_equal(out[0]->code, "110000");
    assert_string_equal(out[30]->code, "650000");
    n = division_children(NULL, "320000", NULL, out, 64);
    assert_int_equal(n, 13); /* Jiangsu's 13 prefecture-level cities */
    assert_string_equal(out[0]->name, "南京市");
    n = division_children(NULL, "110000", NULL, out, 64);
    assert_int_equal(n, 16); /* Beijing's 16 districts */
    /* counting only */
    assert_int_equal(division_children(NULL, "320100", NULL, NULL, 0), 11);
    n = division_children(NULL, "320100", NULL, out, 2);
    assert_int_equal(n, 11);
    assert_string_equal(out[1]->code, "320104");
    assert_int_equal(division_children(NULL, "110108", NULL, NULL, 0), 0);
}

static void validate_codes(void **state)
{
    const division *d = NULL;
    ms_err err;

    (void)state;
    assert_int_equal(division_validate(NULL, " 110108\n", NULL, &d, &err), MS_OK);
    assert_string_equal(d->code, "110108");

    static const struct {
        const char *in, *key;
    } bad[] = {
        {"11010", "invalid_division"},  {"1101080", "invalid_division"},
        {"11O108", "invalid_division"}, {"11 0108", "invalid_division"},
        {"-11010", "invalid_division"}, {"", "required"},
        {"999999", "unknown_division"}, {"110100", "unknown_division"},
        {"710000", "unknown_division"}, {"320199", "unknown_division"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ms_err_clear(&err);
        d = (const division *)1;
        assert_int_equal(division_validate(NULL, bad[i].in, NULL, &d, &err), MS_EINVAL);
        assert_null(d);
        assert_string_equal(err.key, bad[i].key);
        assert_string_equal(err.field, "division_code");
    }
    assert_int_equal(division_validate(NULL, NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, "required");
    assert_int_equal(division_validate(NULL, "110108", "2021-13-01", NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, "invalid_date_value");
}

static void provinces(void **state)
{
    (void)state;
    assert_string_equal(division_province_short("320102"), "苏");
    assert_string_equal(division_province_short("110000"), "京");
    assert_string_equal(division_province_short("650000"), "新");
    assert_string_equal(division_province_short("100000"), "国");
    assert_null(division_province_short("990000"));
    assert_null(division_province_short(""));
    assert_null(division_province_short(NULL));
    assert_string_equal(division_province_by_short("苏"), "32");
    assert_string_equal(division_province_by_short("蒙"), "15");
    assert_string_equal(division_province_by_short("蜀"), "51");
    assert_string_equal(division_province_by_short("国"), "10");
    assert_null(division_province_by_short("喵"));
    assert_true(division_is_province_prefix("44"));
    assert_true(division_is_province_prefix("820000"));
    assert_false(division_is_province_prefix("10"));
    assert_false(division_is_province_prefix("4"));
    assert_string_equal(division_level_name(DIVISION_PREFECTURE), "prefecture");

    /* the 31 short names are distinct */
    const division *out[40];
    size_t n = division_children(NULL, NULL, NULL, out, 40);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(division_province_short(out[i]->code),
                                    division_province_short(out[j]->code));
}

static void validity_dates(void **state)
{
    division_list *l = parse_ok(synthetic);
    const division *d;
    const division *out[8];
    char buf[64];
    ms_err err;

    (void)state;
    assert_int_equal(division_count(l), 8);
    /* no date: the open-ended row */
    d = division_find(l, "330102", NULL);
    assert_non_null(d);
    assert_string_equal(d->valid_from, "2021-04-09");
    /* reused code: each date finds its own row */
    assert_string_equal(division_find(l, "330102", "2021-04-08")->valid_to, "2021-04-08");
    assert_string_equal(division_find(l, "330102", "2021-04-09")->valid_from, "2021-04-09");
    /* abolished */
    assert_non_null(division_find(l, "330103", "2021-04-08"));
    assert_null(division_find(l, "330103", "2021-04-09"));
    assert_non_null(division_find(l, "330103", NULL)); /* latest row */
    /* created */
    assert_null(division_find(l, "330113", "2021-04-08"));
    assert_non_null(division_find(l, "330113", "2021-04-09"));
    /* two closed rows: without a date the latest, with a date the right one or none */
    assert_string_equal(division_find(l, "330190", NULL)->name, "新区");
    assert_string_equal(division_find(l, "330190", "2005-06-01")->name, "旧区");
    assert_null(division_find(l, "330190", "2012-06-01"));
    assert_true(division_in_force(division_find(l, "330190", NULL), NULL));

    ms_err_clear(&err);
    assert_int_equal(division_validate(l, "330103", "2021-04-09", &d, &err), MS_EINVAL);
    assert_string_equal(err.key, "division_not_in_force");
    assert_non_null(strstr(err.arg, "330103"));
    assert_int_equal(division_validate(l, "330103", "2021-04-08", &d, &err), MS_OK);
    assert_string_equal(d->name, "下城区");
    assert_int_equal(division_validate(l, "330113", NULL, &d, &err), MS_OK);
    assert_int_equal(division_validate(l, "330113", "", &d, &err), MS_OK);
    assert_int_equal(division_validate(l, "330114", NULL, &d, &err), MS_EINVAL);
    assert_string_equal(err.key, "unknown_division");
    assert_int_equal(division_validate(l, "330113", "2021-4-09", &d, &err), MS_EINVAL);
    assert_string_equal(err.key, "invalid_date");
    assert_string_equal(err.field, "as_of");

    /* children as of a date */
    assert_int_equal(division_children(l, "330100", "2021-01-01", out, 8), 2);
    assert_string_equal(out[1]->name, "下城区");
    assert_int_equal(division_children(l, "330100", "2022-01-01", out, 8), 2);
    assert_string_equal(out[1]->name, "临平区");
    assert_int_equal(division_children(l, "330100", NULL, NULL, 0), 6);
    assert_int_equal(division_full_name(l, "330113", "2022-01-01", buf, sizeof buf), MS_OK);
    assert_string_equal(buf, "浙江省杭州市临平区");
    division_list_free(l);
}

static void tolerant_syntax(void **state)
{
    division_list *l;

    (void)state;
    /* BOM, CRLF, blank lines and comments */
    l = parse_ok("\xEF\xBB\xBF# c\r\n\r\ncode,name,level,parent,valid_from,valid_to\r\n"
                 "110000,北京市,province,,,\r\n# more\n110101,东城区,county,110000,,\r\n");
    assert_int_equal(division_count(l), 2);
    assert_string_equal(division_find(l, "110101", NULL)->name, "东城区");
    division_list_free(l);
    /* header only */
    l = parse_ok(HEADER);
    assert_int_equal(division_count(l), 0);
    assert_null(division_find(l, "110000", NULL));
    division_list_free(l);
    division_list_free(NULL);
}

static void malformed_lists(void **state)
{
    (void)state;
    parse_fails("", 0, "no header");
    parse_fails("# only a comment\n", 1, "no header");
    parse_fails("code,name\n", 1, "header");
    parse_fails(HEADER "110000,北京市,province,,\n", 2, "6 columns");
    parse_fails(HEADER "110000,北京市,province,,,,\n", 2, "6 columns");
    parse_fails(HEADER "11000,北京市,province,,,\n", 2, "code");
    parse_fails(HEADER "110000,,province,,,\n", 2, "empty name");
    parse_fails(HEADER "110000,北京市,town,,,\n", 2, "level: town");
    parse_fails(HEADER "110100,北京市,province,,,\n", 2, "level");
    parse_fails(HEADER "110000,北京市,province,,,\n110100,市辖区,county,110000,,\n", 3, "level");
    parse_fails(HEADER "110000,北京市,province,100000,,\n", 2, "parent");
    parse_fails(HEADER "110000,北京市,province,,,\n110101,东城区,county,,,\n", 3, "parent");
    parse_fails(HEADER "110000,北京市,province,,,\n110101,东城区,county,120000,,\n", 3, "parent");
    parse_fails(HEADER "110000,北京市,province,,,\n110101,东城区,county,110100,,\n", 3,
                "parent not listed");
    parse_fails(HEADER "110000,北京市,province,,2021-02-29,\n", 2, "valid_from");
    parse_fails(HEADER "110000,北京市,province,,,2021-1-1\n", 2, "valid_to");
    parse_fails(HEADER "110000,北京市,province,,2021-02-01,2021-01-31\n", 2, "after");
    parse_fails(HEADER "110000,\"北京市\",province,,,\n", 2, "quoted");
    parse_fails(HEADER "110000,北京市,province,,,\n110000,北京,province,,,\n", 3, "overlaps");
    parse_fails(HEADER "110000,北京市,province,,,2020-12-31\n"
                       "110000,北京,province,,2020-12-31,\n",
                3, "overlaps");

    /* a NUL byte inside */
    static const char nul[] = HEADER "110000,北\0京市,province,,,\n";
    division_list *l = (division_list *)1;
    ms_err err;
    assert_int_equal(division_list_parse(nul, sizeof nul - 1, &l, &err), MS_EINVAL);
    assert_null(l);
    assert_int_equal(err.row, 2);
}

static void out_of_memory(void **state)
{
    division_list *l = (division_list *)1;
    ms_err err;

    (void)state;
    for (long n = 1; n <= 3; n++) {
        alloc_fail_after(n);
        ms_err_clear(&err);
        assert_int_equal(division_list_parse(synthetic, strlen(synthetic), &l, &err), MS_EINTERNAL);
        assert_null(l);
        assert_string_equal(err.key, "out_of_memory");
    }
    alloc_fail_after(0);
    l = parse_ok(synthetic);
    division_list_free(l);
}

static void *load_in_thread(void *arg)
{
    (void)arg;
    return (void *)division_default(NULL);
}

static void default_is_shared(void **state)
{
    pthread_t t[8];
    void *got[8];

    (void)state;
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load_in_thread, NULL), 0);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(t[i], &got[i]), 0);
        assert_ptr_equal(got[i], division_default(NULL));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_is_shared), cmocka_unit_test(default_list_counts),
        cmocka_unit_test(real_codes),        cmocka_unit_test(children),
        cmocka_unit_test(validate_codes),    cmocka_unit_test(provinces),
        cmocka_unit_test(validity_dates),    cmocka_unit_test(tolerant_syntax),
        cmocka_unit_test(malformed_lists),   cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
