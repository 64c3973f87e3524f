/* date.c - strict 'YYYY-MM-DD' dates and calendar arithmetic.
 *
 * Day counting uses H. Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, exact for every year handled here). */
#include <time.h>

#include "core/date.h"

/* ------------------------------------------------------------------------ */
/* Calendar facts                                                           */
/* ------------------------------------------------------------------------ */

int date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && date_is_leap(year))
        return 29;
    return days[month - 1];
}

int date_is_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && day >= 1 && day <= date_days_in_month(year, month);
}

/* ------------------------------------------------------------------------ */
/* Parsing and formatting                                                   */
/* ------------------------------------------------------------------------ */

static int digits(const char *s, int n, int *value)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

int date_parse(const char *s, ms_date *out, const char *field, ms_err *err)
{
    int y, m, d, rc = MS_OK;
    int len = 0;

    if (!field)
        field = "date";
    if (!s) {
        rc = ms_fail(err, MS_EINVAL, field, "required", NULL);
        goto out;
    }
    while (len <= DATE_LEN && s[len])
        len++;
    if (len != DATE_LEN || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) {
        rc = ms_failf(err, MS_EINVAL, field, "invalid_date", "%.40s", s);
        goto out;
    }
    if (!date_is_valid(y, m, d)) {
        rc = ms_fail(err, MS_EINVAL, field, "invalid_date_value", s);
        goto out;
    }
    if (out) {
        out->year = y;
        out->month = m;
        out->day = d;
    }
out:
    return rc;
}

int date_is_valid_str(const char *s)
{
    return date_parse(s, NULL, NULL, NULL) == MS_OK;
}

/* Write the last N decimal digits of V (>= 0) at P. */
static void put_digits(char *p, int v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

char *date_format(ms_date d, char out[DATE_LEN + 1])
{
    put_digits(out, d.year < 0 ? 0 : d.year, 4);
    out[4] = '-';
    put_digits(out + 5, d.month < 0 ? 0 : d.month, 2);
    out[7] = '-';
    put_digits(out + 8, d.day < 0 ? 0 : d.day, 2);
    out[DATE_LEN] = '\0';
    return out;
}

char *date_today(char out[DATE_LEN + 1])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    return date_format((ms_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday}, out);
}

/* ------------------------------------------------------------------------ */
/* Arithmetic                                                               */
/* ------------------------------------------------------------------------ */

long date_to_days(ms_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12; /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

ms_date date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    ms_date d;

    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

ms_date date_add_days(ms_date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

ms_date date_add_months(ms_date d, int n)
{
    long m0 = (long)d.year * 12 + (d.month - 1) + n;
    int last;

    d.year = (int)(m0 / 12);
    d.month = (int)(m0 % 12) + 1;
    last = date_days_in_month(d.year, d.month);
    if (d.day > last)
        d.day = last;
    return d;
}

ms_date date_add_years(ms_date d, int n)
{
    return date_add_months(d, 12 * n);
}

int date_cmp(ms_date a, ms_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

long date_diff_days(ms_date a, ms_date b)
{
    return date_to_days(b) - date_to_days(a);
}

ms_date date_cert_expiry(ms_date issue)
{
    return date_add_days(date_add_years(issue, 4), -1);
}
