/* test_field.c - JJF 1022-2014 codes and level-1 fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/field.h"

static void eighteen_fields(void **state)
{
    static const char *codes[] = {"01", "04", "12", "15", "23", "25", "28", "33", "37",
                                  "46", "51", "53", "55", "57", "59", "61", "63", "65"};
    size_t n = 0;
    const struct jjf_field *all = field_all(&n);
    int general = 0;

    (void)state;
    assert_int_equal(n, 18);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(all[i].code, codes[i]);
        assert_ptr_equal(field_find(codes[i]), &all[i]);
        assert_true(all[i].zh[0] && all[i].en[0]);
        general += all[i].general;
        assert_int_equal(all[i].general, i < 10);
    }
    assert_int_equal(general, 10);
    assert_string_equal(field_find("01")->zh, "几何量");
    assert_string_equal(field_find("46")->zh, "物理化学");
    assert_string_equal(field_find("65")->zh, "农林牧渔");
    assert_string_equal(field_name(field_find("25"), MS_LANG_ZH), "时间频率");
    assert_string_equal(field_name(field_find("25"), MS_LANG_EN), "time and frequency");
    assert_null(field_find("02"));
    assert_null(field_find("00"));
    assert_null(field_find("1"));
    assert_null(field_find("012"));
    assert_null(field_find(NULL));
}

static void valid_codes(void **state)
{
    static const char *ok[] = {"01219000", "01000000", "01210000", "01219001",
                               "04110000", "65010203", "46900000", "12345678"};
    char out[FIELD_CODE_LEN + 1];
    const struct jjf_field *f = NULL;
    ms_err err;

    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ms_err_clear(&err);
        assert_int_equal(field_validate(ok[i], out, &f, &err), MS_OK);
        assert_string_equal(out, ok[i]);
        assert_memory_equal(f->code, ok[i], 2);
        assert_ptr_equal(field_of(ok[i]), f);
    }
    assert_int_equal(field_validate("  01219000\n", out, NULL, NULL), MS_OK);
    assert_string_equal(out, "01219000");
}

static void invalid_codes(void **state)
{
    static const struct {
        const char *in, *key, *arg;
    } bad[] = {
        {"0121900", "invalid_jjf1022", "0121900"},
        {"012190000", "invalid_jjf1022", "012190000"},
        {"0121900a", "invalid_jjf1022", "0121900a"},
        {"01 219000", "invalid_jjf1022", "01 219000"},
        {"-1219000", "invalid_jjf1022", "-1219000"},
        {"02219000", "invalid_jjf1022_field", "02"},
        {"00000000", "invalid_jjf1022_field", "00"},
        {"99219000", "invalid_jjf1022_field", "99"},
        {"01002100", "invalid_jjf1022_zero", "01002100"},
        {"01000001", "invalid_jjf1022_zero", "01000001"},
        {"01210010", "invalid_jjf1022_zero", "01210010"},
        {"", "required", ""},
        {"   ", "required", ""},
    };
    const struct jjf_field *f = (const struct jjf_field *)1;
    ms_err err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ms_err_clear(&err);
        assert_int_equal(field_validate(bad[i].in, NULL, &f, &err), MS_EINVAL);
        assert_null(f);
        assert_string_equal(err.key, bad[i].key);
        assert_string_equal(err.arg, bad[i].arg);
        assert_string_equal(err.field, "code");
        assert_null(field_of(bad[i].in));
    }
    assert_int_equal(field_validate(NULL, NULL, NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, "required");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eighteen_fields),
        cmocka_unit_test(valid_codes),
        cmocka_unit_test(invalid_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
