/* test_certno.c - certificate numbers [2015]苏量标宁证字第0123号. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/certno.h"

static certno parse_ok(const char *in)
{
    certno c;
    ms_err err;

    ms_err_clear(&err);
    memset(&c, 0x55, sizeof c);
    assert_int_equal(certno_parse(in, &c, &err), MS_OK);
    assert_string_equal(err.key, "");
    return c;
}

static void parse_fails(const char *in, const char *key)
{
    certno c;
    ms_err err;

    ms_err_clear(&err);
    assert_int_equal(certno_parse(in, &c, &err), MS_EINVAL);
    assert_string_equal(err.key, key);
    assert_string_equal(err.field, "cert_no");
}

static void typical(void **state)
{
    certno c = parse_ok("[2015]苏量标宁证字第0123号");

    (void)state;
    assert_int_equal(c.year, 2015);
    assert_string_equal(c.province, "苏");
    assert_string_equal(c.province_code, "32");
    assert_string_equal(c.unit, "宁");
    assert_string_equal(c.serial, "0123");
    assert_string_equal(c.text, "[2015]苏量标宁证字第0123号");

    c = parse_ok("[1998]国量标计证字第1号");
    assert_string_equal(c.province, "国");
    assert_string_equal(c.province_code, "10");
    assert_string_equal(c.unit, "计");
    assert_string_equal(c.serial, "1");

    /* multi-character units, a 2-character province, alternates, unknown ones */
    c = parse_ok("[2021]粤量标深证字第2021001号");
    assert_string_equal(c.unit, "深");
    assert_string_equal(c.province_code, "44");
    c = parse_ok("[2019]内蒙量标呼市证字第007号");
    assert_string_equal(c.province, "内蒙");
    assert_string_equal(c.unit, "呼市");
    assert_string_equal(c.province_code, "");
    c = parse_ok("[2010]蜀量标成证字第15号");
    assert_string_equal(c.province_code, "51");
    c = parse_ok("[2016]苏量标苏州工业园证字第0009号");
    assert_string_equal(c.unit, "苏州工业园");
    c = parse_ok("[2016]苏量标一二三四五六七八证字第1号");
    assert_string_equal(c.unit, "一二三四五六七八");
    c = parse_ok("[2016]鲁量标(青)证字第0100号");
    assert_string_equal(c.unit, "(青)");
}

static void brackets_and_space(void **state)
{
    certno c;

    (void)state;
    c = parse_ok("〔2015〕苏量标宁证字第0123号");
    assert_string_equal(c.text, "[2015]苏量标宁证字第0123号");
    c = parse_ok("［2015］苏量标宁证字第0123号");
    assert_string_equal(c.text, "[2015]苏量标宁证字第0123号");
    c = parse_ok("  [2015]苏量标宁证字第0123号\n");
    assert_string_equal(c.text, "[2015]苏量标宁证字第0123号");
    c = parse_ok("\xE3\x80\x80[2015]苏量标宁证字第0123号\xE3\x80\x80");
    assert_string_equal(c.text, "[2015]苏量标宁证字第0123号");
    assert_string_equal(c.serial, "0123");
    /* only checking */
    assert_int_equal(certno_parse("[2015]苏量标宁证字第0123号", NULL, NULL), MS_OK);
}

/* Certificates issued by a provincial authority name no 考核单位. */
static void provincial(void **state)
{
    certno c;
    ms_err err = {0};
    char buf[96];

    (void)state;
    assert_int_equal(certno_parse("[2015]苏量标证字第0123号", &c, &err), MS_OK);
    assert_string_equal(c.province, "苏");
    assert_string_equal(c.unit, "");
    assert_string_equal(c.serial, "0123");
    assert_int_equal(certno_format(buf, sizeof buf, 2020, "浙", "", 2, 4), MS_OK);
    assert_string_equal(buf, "[2020]浙量标证字第0002号");
}

static void broken(void **state)
{
    (void)state;
    parse_fails(NULL, "required");
    parse_fails("", "required");
    parse_fails("  ", "required");
    parse_fails("2015苏量标宁证字第0123号", "invalid_cert_no_year");
    parse_fails("[15]苏量标宁证字第0123号", "invalid_cert_no_year");
    parse_fails("[20150]苏量标宁证字第0123号", "invalid_cert_no_year");
    parse_fails("[201a]苏量标宁证字第0123号", "invalid_cert_no_year");
    parse_fails("(2015)苏量标宁证字第0123号", "invalid_cert_no_year");
    parse_fails("[2015]苏量标宁证字第0123", "invalid_cert_no_serial");
    parse_fails("[2015]苏量标宁证字第号", "invalid_cert_no_serial");
    parse_fails("[2015]苏量标宁证字第01a3号", "invalid_cert_no_serial");
    parse_fails("[2015]苏量标宁证第0123号", "invalid_cert_no_serial");
    parse_fails("[2015]苏量标宁证字第012345678901234567890123号", "invalid_cert_no_serial");
    parse_fails("[2015]苏量宁证字第0123号", "invalid_cert_no_province");
    parse_fails("[2015]江苏省量标宁证字第0123号", "invalid_cert_no_province");
    parse_fails("[2015]量标宁证字第0123号", "invalid_cert_no_province");
    parse_fails("[2015]苏量标一二三四五六七八九证字第1号", "invalid_cert_no_unit");
    parse_fails("[2015]苏 量标宁证字第0123号", "invalid_cert_no");
    parse_fails("[2015]苏量标宁证字第0123号 x", "invalid_cert_no");
    parse_fails("[2015]苏量标\xE5\xAE证字第0123号", "invalid_cert_no"); /* bad UTF-8 */
    parse_fails("[2015]苏量标\xC0\x80证字第0123号", "invalid_cert_no"); /* overlong */
    char longer[300];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    parse_fails(longer, "invalid_cert_no");
}

static void format(void **state)
{
    char buf[CERTNO_MAX];
    certno c;

    (void)state;
    assert_int_equal(certno_format(buf, sizeof buf, 2015, "苏", "宁", 123, 4), MS_OK);
    assert_string_equal(buf, "[2015]苏量标宁证字第0123号");
    assert_int_equal(certno_format(buf, sizeof buf, 2021, "国", "计", 7, 0), MS_OK);
    assert_string_equal(buf, "[2021]国量标计证字第7号");
    assert_int_equal(certno_format(buf, sizeof buf, 2021, "内蒙", "呼市", 12345, 4), MS_OK);
    assert_string_equal(buf, "[2021]内蒙量标呼市证字第12345号");
    /* formatting and parsing agree */
    assert_int_equal(certno_parse(buf, &c, NULL), MS_OK);
    assert_string_equal(c.province, "内蒙");
    assert_string_equal(c.unit, "呼市");
    assert_string_equal(c.serial, "12345");

    assert_int_equal(certno_format(buf, sizeof buf, 999, "苏", "宁", 1, 4), MS_EINVAL);
    assert_string_equal(buf, "");
    assert_int_equal(certno_format(buf, sizeof buf, 2015, "江苏省", "宁", 1, 4), MS_EINVAL);
    assert_int_equal(certno_format(buf, sizeof buf, 2015, "", "宁", 1, 4), MS_EINVAL);
    assert_int_equal(certno_format(buf, sizeof buf, 2015, "苏", "一二三四五六七八九", 1, 4),
                     MS_EINVAL);
    assert_int_equal(certno_format(buf, sizeof buf, 2015, "苏", "宁 ", 1, 4), MS_EINVAL);
    assert_int_equal(certno_format(buf, sizeof buf, 2015, NULL, "宁", 1, 4), MS_EINVAL);
    assert_int_equal(certno_format(buf, 10, 2015, "苏", "宁", 1, 4), MS_ETOOBIG);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(typical),    cmocka_unit_test(brackets_and_space),
        cmocka_unit_test(provincial), cmocka_unit_test(broken),
        cmocka_unit_test(format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
