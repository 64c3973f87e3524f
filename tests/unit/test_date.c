/* test_date.c - strict dates and calendar arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/date.h"

static ms_date d(const char *s)
{
    ms_date out = {0, 0, 0};

    assert_int_equal(date_parse(s, &out, NULL, NULL), MS_OK);
    return out;
}

static void assert_date(ms_date got, const char *want)
{
    char buf[DATE_LEN + 1];

    assert_string_equal(date_format(got, buf), want);
}

static void parse_valid(void **state)
{
    ms_date x = d("2024-02-29");

    (void)state;
    assert_int_equal(x.year, 2024);
    assert_int_equal(x.month, 2);
    assert_int_equal(x.day, 29);
    assert_date(d("2000-02-29"), "2000-02-29");
    assert_date(d("0001-01-01"), "0001-01-01");
    assert_date(d("9999-12-31"), "9999-12-31");
    assert_date(d("2021-12-31"), "2021-12-31");
    assert_true(date_is_valid_str("2021-06-30"));
}

static void parse_invalid(void **state)
{
    static const struct {
        const char *in, *key;
    } bad[] = {
        {"2023-02-29", "invalid_date_value"}, {"1900-02-29", "invalid_date_value"},
        {"2024-13-01", "invalid_date_value"}, {"2024-00-10", "invalid_date_value"},
        {"2024-04-31", "invalid_date_value"}, {"2024-01-00", "invalid_date_value"},
        {"0000-01-01", "invalid_date_value"}, {"2024-1-01", "invalid_date"},
        {"2024-01-1", "invalid_date"},        {"24-01-01", "invalid_date"},
        {"2024/01/01", "invalid_date"},       {"2024-01-01 ", "invalid_date"},
        {" 2024-01-01", "invalid_date"},      {"2024-01-01T00:00", "invalid_date"},
        {"20240101", "invalid_date"},         {"2024-0a-01", "invalid_date"},
        {"+024-01-01", "invalid_date"},       {"", "invalid_date"},
    };
    ms_date out = {1, 2, 3};
    ms_err err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ms_err_clear(&err);
        assert_int_equal(date_parse(bad[i].in, &out, "cert_issued_on", &err), MS_EINVAL);
        assert_string_equal(err.key, bad[i].key);
        assert_string_equal(err.field, "cert_issued_on");
        assert_string_equal(err.arg, bad[i].in);
        assert_false(date_is_valid_str(bad[i].in));
    }
    assert_int_equal(out.year, 1); /* untouched */
    assert_int_equal(date_parse(NULL, &out, NULL, &err), MS_EINVAL);
    assert_string_equal(err.key, "required");
    assert_string_equal(err.field, "date");
}

static void calendar(void **state)
{
    (void)state;
    assert_true(date_is_leap(2024));
    assert_true(date_is_leap(2000));
    assert_false(date_is_leap(1900));
    assert_false(date_is_leap(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_int_equal(date_days_in_month(2023, 13), 0);
    assert_false(date_is_valid(2023, 2, 29));
    assert_true(date_is_valid(2024, 2, 29));
}

static void days(void **state)
{
    (void)state;
    assert_int_equal(date_to_days(d("1970-01-01")), 0);
    assert_int_equal(date_to_days(d("1970-01-02")), 1);
    assert_int_equal(date_to_days(d("1969-12-31")), -1);
    assert_int_equal(date_to_days(d("2000-03-01")), 11017);
    assert_int_equal(date_to_days(d("2021-06-01")), 18779);
    assert_date(date_from_days(18779), "2021-06-01");
    assert_date(date_from_days(-719162), "0001-01-01");
    /* round trip over many days, against a step-by-step calendar */
    ms_date x = d("1899-12-25");
    for (long n = date_to_days(x); n < date_to_days(d("2101-01-10")); n++) {
        ms_date y = date_from_days(n);
        assert_int_equal(date_cmp(x, y), 0);
        assert_int_equal(date_to_days(y), n);
        if (++x.day > date_days_in_month(x.year, x.month)) {
            x.day = 1;
            if (++x.month > 12) {
                x.month = 1;
                x.year++;
            }
        }
    }
    assert_int_equal(date_diff_days(d("2024-02-28"), d("2024-03-01")), 2);
    assert_int_equal(date_diff_days(d("2023-02-28"), d("2023-03-01")), 1);
    assert_int_equal(date_diff_days(d("2024-03-01"), d("2024-02-28")), -2);
    assert_int_equal(date_diff_days(d("2021-01-01"), d("2022-01-01")), 365);
    assert_int_equal(date_diff_days(d("2020-01-01"), d("2021-01-01")), 366);
}

static void adding(void **state)
{
    (void)state;
    assert_date(date_add_days(d("2024-02-28"), 1), "2024-02-29");
    assert_date(date_add_days(d("2023-02-28"), 1), "2023-03-01");
    assert_date(date_add_days(d("2021-12-31"), 1), "2022-01-01");
    assert_date(date_add_days(d("2022-01-01"), -1), "2021-12-31");
    assert_date(date_add_days(d("2021-06-01"), 0), "2021-06-01");
    assert_date(date_add_months(d("2024-01-31"), 1), "2024-02-29");
    assert_date(date_add_months(d("2023-01-31"), 1), "2023-02-28");
    assert_date(date_add_months(d("2023-03-31"), -1), "2023-02-28");
    assert_date(date_add_months(d("2023-11-15"), 3), "2024-02-15");
    assert_date(date_add_months(d("2024-01-15"), -13), "2022-12-15");
    assert_date(date_add_months(d("2023-05-31"), 1), "2023-06-30");
    assert_date(date_add_years(d("2024-02-29"), 1), "2025-02-28");
    assert_date(date_add_years(d("2024-02-29"), 4), "2028-02-29");
    assert_date(date_add_years(d("2024-02-29"), -1), "2023-02-28");
    assert_date(date_add_years(d("2021-06-30"), 2), "2023-06-30");
}

static void compare(void **state)
{
    (void)state;
    assert_true(date_cmp(d("2021-01-01"), d("2021-01-02")) < 0);
    assert_true(date_cmp(d("2021-02-01"), d("2021-01-31")) > 0);
    assert_true(date_cmp(d("2020-12-31"), d("2021-01-01")) < 0);
    assert_int_equal(date_cmp(d("2021-05-31"), d("2021-05-31")), 0);
}

static void cert_expiry(void **state)
{
    (void)state;
    assert_date(date_cert_expiry(d("2021-06-15")), "2025-06-14");
    assert_date(date_cert_expiry(d("2021-03-01")), "2025-02-28");
    assert_date(date_cert_expiry(d("2020-03-01")), "2024-02-29");
    assert_date(date_cert_expiry(d("2024-02-29")), "2028-02-28");
    assert_date(date_cert_expiry(d("2023-02-28")), "2027-02-27");
    assert_date(date_cert_expiry(d("2021-01-01")), "2024-12-31");
}

static void today(void **state)
{
    char buf[DATE_LEN + 1], check[DATE_LEN + 1];
    time_t now = time(NULL);
    struct tm tm;

    (void)state;
    date_today(buf);
    assert_true(date_is_valid_str(buf));
    gmtime_r(&now, &tm);
    strftime(check, sizeof check, "%Y-%m-%d", &tm);
    /* equal unless midnight UTC passed in between */
    assert_true(strcmp(buf, check) == 0 || date_diff_days(d(buf), d(check)) == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_valid), cmocka_unit_test(parse_invalid), cmocka_unit_test(calendar),
        cmocka_unit_test(days),        cmocka_unit_test(adding),        cmocka_unit_test(compare),
        cmocka_unit_test(cert_expiry), cmocka_unit_test(today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
