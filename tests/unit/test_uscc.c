/* test_uscc.c - GB 32100-2015 unified social credit codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/msg.h"
#include "core/uscc.h"

/* Validate IN, expecting failure with KEY; returns the error for more checks. */
static ms_err fails(const char *in, const char *key)
{
    ms_err err;
    char out[USCC_LEN + 1];

    ms_err_clear(&err);
    assert_int_equal(uscc_validate(in, out, NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, key);
    assert_string_equal(err.field, "uscc");
    return err;
}

static void real_codes_pass(void **state)
{
    static const char *codes[] = {"914403001922038216", "12100000400000624D", "9144030071526726XG"};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char out[USCC_LEN + 1];
        int warning = -1;
        ms_err err;
        ms_err_clear(&err);
        assert_int_equal(uscc_validate(codes[i], out, &warning, &err), MS_OK);
        assert_string_equal(out, codes[i]);
        assert_int_equal(warning, 0); /* all three also pass GB 11714 */
        assert_string_equal(err.key, "");
    }
}

static void bad_check_names_expected(void **state)
{
    ms_err err = fails("91350100M000100Y4Z", "invalid_uscc_check");
    char buf[256];

    (void)state;
    assert_string_equal(err.arg, "3");
    msg_format(&err, MS_LANG_ZH, buf, sizeof buf);
    assert_non_null(strstr(buf, "'3'"));
    msg_format(&err, MS_LANG_EN, buf, sizeof buf);
    assert_non_null(strstr(buf, "should be '3'"));
}

static void check_chars(void **state)
{
    (void)state;
    assert_int_equal(uscc_check_char("91440300192203821"), '6');
    assert_int_equal(uscc_check_char("12100000400000624"), 'D');
    assert_int_equal(uscc_check_char("9144030071526726X"), 'G');
    assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
    /* a sum divisible by 31 gives '0', not a 32nd symbol */
    assert_int_equal(uscc_check_char("00000000000000000"), '0');
    assert_int_equal(uscc_check_char("9144030019220382I"), 0);
    assert_int_equal(uscc_check_char("914403001922038o1"), 0);

    assert_int_equal(uscc_org_check_char("19220382"), '1');
    assert_int_equal(uscc_org_check_char("71526726"), 'X');
    assert_int_equal(uscc_org_check_char("40000062"), '4');
    assert_int_equal(uscc_org_check_char("1922038-"), 0);
    assert_int_equal(uscc_org_check_char("1922038a"), 0);
}

static void char_values(void **state)
{
    (void)state;
    assert_int_equal(uscc_char_value('0'), 0);
    assert_int_equal(uscc_char_value('9'), 9);
    assert_int_equal(uscc_char_value('A'), 10);
    assert_int_equal(uscc_char_value('H'), 17);
    assert_int_equal(uscc_char_value('J'), 18);
    assert_int_equal(uscc_char_value('N'), 22);
    assert_int_equal(uscc_char_value('P'), 23);
    assert_int_equal(uscc_char_value('R'), 25);
    assert_int_equal(uscc_char_value('T'), 26);
    assert_int_equal(uscc_char_value('W'), 28);
    assert_int_equal(uscc_char_value('Y'), 30);
    assert_int_equal(uscc_char_value('I'), -1);
    assert_int_equal(uscc_char_value('O'), -1);
    assert_int_equal(uscc_char_value('S'), -1);
    assert_int_equal(uscc_char_value('V'), -1);
    assert_int_equal(uscc_char_value('Z'), -1);
    assert_int_equal(uscc_char_value('a'), -1);
    assert_int_equal(uscc_char_value('\0'), -1);
}

static void normalised(void **state)
{
    char out[USCC_LEN + 1];
    ms_err err;

    (void)state;
    assert_int_equal(uscc_validate("  9144030071526726xg\n", out, NULL, &err), MS_OK);
    assert_string_equal(out, "9144030071526726XG");
    assert_int_equal(uscc_validate("9144 0300 7152 6726 XG", out, NULL, &err), MS_OK);
    assert_string_equal(out, "9144030071526726XG");
    assert_int_equal(uscc_validate("\xE3\x80\x80"
                                   "12100000400000624d\t",
                                   out, NULL, &err),
                     MS_OK);
    assert_string_equal(out, "12100000400000624D");
    assert_int_equal(uscc_normalize(" 914403001922038216 ", out, &err), MS_OK);
    assert_string_equal(out, "914403001922038216");
}

static void forbidden_letters(void **state)
{
    ms_err err;

    (void)state;
    /* O is never read as 0: the code is rejected naming the letter */
    err = fails("91440300192203821O", "invalid_uscc_check"); /* position 18: named */
    assert_string_equal(err.arg, "6");
    err = fails("9144030019220382O6", "invalid_uscc_char");
    assert_string_equal(err.arg, "'O'");
    err = fails("9144030O1922038216", "invalid_uscc_char");
    assert_string_equal(err.arg, "'O'");
    err = fails("914403001922038I16", "invalid_uscc_char");
    assert_string_equal(err.arg, "'I'");
    err = fails("91440300S922038216", "invalid_uscc_char");
    assert_string_equal(err.arg, "'S'");
    err = fails("9144030019220V8216", "invalid_uscc_char");
    assert_string_equal(err.arg, "'V'");
    err = fails("91440300192203821V", "invalid_uscc_check");
    assert_string_equal(err.arg, "6");
    err = fails("91440300192203821\x01", "invalid_uscc_check");
    err = fails("914403001922038\x01"
                "16",
                "invalid_uscc_char");
    assert_string_equal(err.arg, "\\x01");
    err = fails("9144030019220382Z6", "invalid_uscc_char");
    assert_string_equal(err.arg, "'Z'");
    err = fails("9144030019220382-6", "invalid_uscc_char");
    assert_string_equal(err.arg, "'-'");
    /* a full-width digit is one character, named as such */
    err = fails("91440300192203821\xEF\xBC\x96", "invalid_uscc_char");
    assert_string_equal(err.arg, "'\xEF\xBC\x96'");
}

static void lengths(void **state)
{
    ms_err err;

    (void)state;
    err = fails("91440300192203821", "invalid_uscc_length");
    assert_string_equal(err.arg, "17");
    err = fails("9144030019220382161", "invalid_uscc_length");
    assert_string_equal(err.arg, "19");
    /* characters are counted, not bytes: 16 + 2 Chinese characters = 18 */
    err = fails("9144030019220382\xE5\x8D\x8E\xE4\xB8\xBA", "invalid_uscc_char");
    assert_string_equal(err.arg, "'\xE5\x8D\x8E'");
    err = fails("91440300192203821\xE5\x8D\x8E\xE4\xB8\xBA", "invalid_uscc_length");
    assert_string_equal(err.arg, "19");
    fails("   ", "required");
    fails("", "required");
    fails(NULL, "required");
}

static void kinds(void **state)
{
    char code[USCC_LEN + 1];
    ms_err err;

    (void)state;
    /* wrong pos1-2 combinations, with a correct check character each time */
    static const char *bad[] = {"94", "90", "14", "0", "B1", "Y2", "N4", "A2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(code, "914403001922038216", sizeof code);
        code[0] = bad[i][0];
        code[1] = bad[i][1] ? bad[i][1] : '1';
        code[17] = uscc_check_char(code);
        err = fails(code, "invalid_uscc_kind");
        assert_int_equal(err.arg[0], code[0]);
        assert_int_equal(err.arg[1], code[1]);
    }
    /* right ones */
    static const char *good[] = {"11", "12", "13", "19", "21", "31", "35", "51", "52", "53",
                                 "71", "81", "91", "92", "93", "A1", "N1", "N3", "Y1"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        memcpy(code, "914403001922038216", sizeof code);
        code[0] = good[i][0];
        code[1] = good[i][1];
        code[17] = uscc_check_char(code);
        assert_int_equal(uscc_validate(code, NULL, NULL, &err), MS_OK);
    }
    assert_string_equal(uscc_registrar_name('9', MS_LANG_ZH), "工商");
    assert_string_equal(uscc_kind_name('9', '1', MS_LANG_ZH), "企业");
    assert_string_equal(uscc_kind_name('1', '2', MS_LANG_EN), "public institution");
    assert_null(uscc_kind_name('9', '4', MS_LANG_ZH));
    assert_null(uscc_registrar_name('B', MS_LANG_ZH));
}

static void divisions(void **state)
{
    char code[USCC_LEN + 1];
    ms_err err;

    (void)state;
    static const char *bad[] = {"000000", "990300", "70A300", "160000", "720000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(code, "914403001922038216", sizeof code);
        memcpy(code + 2, bad[i], 6);
        code[17] = uscc_check_char(code);
        err = fails(code, "invalid_uscc_division");
        assert_memory_equal(err.arg, bad[i], 7);
    }
    static const char *good[] = {"100000", "110108", "650000", "820000", "101010"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        memcpy(code, "914403001922038216", sizeof code);
        memcpy(code + 2, good[i], 6);
        code[17] = uscc_check_char(code);
        assert_int_equal(uscc_validate(code, NULL, NULL, &err), MS_OK);
    }
}

static void org_warning(void **state)
{
    char code[USCC_LEN + 1], out[USCC_LEN + 1];
    int warning = 0;
    ms_err err;

    (void)state;
    /* Huawei with position 17 changed (1 -> 2) and the check char recomputed:
     * valid, but the GB 11714 check of positions 9-17 fails. */
    memcpy(code, "914403001922038226", sizeof code);
    code[17] = uscc_check_char(code);
    ms_err_clear(&err);
    assert_int_equal(uscc_validate(code, out, &warning, &err), MS_OK);
    assert_int_equal(warning, 1);
    assert_string_equal(out, code);
    assert_int_equal(uscc_org_check_char(code + 8), '1');
    /* NULL warning pointer is allowed */
    assert_int_equal(uscc_validate(code, NULL, NULL, NULL), MS_OK);
}

static void every_char_as_check(void **state)
{
    char code[USCC_LEN + 1];
    int ok = 0;

    (void)state;
    /* Exactly one of the 31 characters is accepted at position 18. */
    memcpy(code, "914403001922038216", sizeof code);
    for (const char *c = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *c; c++) {
        code[17] = *c;
        ok += uscc_validate(code, NULL, NULL, NULL) == MS_OK;
    }
    assert_int_equal(ok, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_codes_pass),
        cmocka_unit_test(bad_check_names_expected),
        cmocka_unit_test(check_chars),
        cmocka_unit_test(char_values),
        cmocka_unit_test(normalised),
        cmocka_unit_test(forbidden_letters),
        cmocka_unit_test(lengths),
        cmocka_unit_test(kinds),
        cmocka_unit_test(divisions),
        cmocka_unit_test(org_warning),
        cmocka_unit_test(every_char_as_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
