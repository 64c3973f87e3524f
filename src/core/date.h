/* date.h - calendar dates 'YYYY-MM-DD' (proleptic Gregorian, years 1-9999).
 *
 * Certificates, campaign windows and traceability due dates are plain dates
 * without a time or a zone. Parsing is strict: exactly 'YYYY-MM-DD' with a
 * real day ('2023-02-29' and '2024-1-01' fail). date_today() is the only
 * function here that looks at the clock. */
#ifndef MS_DATE_H
#define MS_DATE_H

#include "core/ms.h"

#define DATE_LEN 10 /* "YYYY-MM-DD" without the NUL */

typedef struct ms_date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..days in month */
} ms_date;

/* Parse S as 'YYYY-MM-DD' into *OUT (may be NULL to only check). On failure
 * returns MS_EINVAL with key "invalid_date" (shape) or "invalid_date_value"
 * (no such day) on FIELD (NULL = "date"); *OUT is untouched. NULL S fails. */
int date_parse(const char *s, ms_date *out, const char *field, ms_err *err);

/* 1 if S is a valid 'YYYY-MM-DD' date, else 0. */
int date_is_valid_str(const char *s);

/* 1 if Y-M-D is a real date in years 1..9999, else 0. */
int date_is_valid(int year, int month, int day);

/* 1 for a Gregorian leap year. */
int date_is_leap(int year);

/* Days in MONTH (1..12) of YEAR; 0 for a month out of range. */
int date_days_in_month(int year, int month);

/* Days since 1970-01-01 (negative before it) of a valid date D. */
long date_to_days(ms_date d);

/* The date DAYS days after 1970-01-01. */
ms_date date_from_days(long days);

/* D plus N days (N may be negative). */
ms_date date_add_days(ms_date d, long n);

/* D plus N months; a day past the end of the target month becomes its last
 * day (01-31 + 1 month -> 02-28 or 02-29). */
ms_date date_add_months(ms_date d, int n);

/* D plus N years; Feb 29 becomes Feb 28 in a common year. */
ms_date date_add_years(ms_date d, int n);

/* <0, 0, >0 as A is before, equal to, after B. */
int date_cmp(ms_date a, ms_date b);

/* Days from A to B (B - A): positive when B is later. */
long date_diff_days(ms_date a, ms_date b);

/* Write D as 'YYYY-MM-DD' into OUT (DATE_LEN + 1 bytes). Returns OUT. */
char *date_format(ms_date d, char out[DATE_LEN + 1]);

/* Today's date in UTC into OUT (DATE_LEN + 1 bytes). Returns OUT. */
char *date_today(char out[DATE_LEN + 1]);

/* Expiry of a certificate issued on ISSUE: ISSUE + 4 years - 1 day (the usual
 * print convention; 2024-02-29 -> 2028-02-28, 2021-03-01 -> 2025-02-28). */
ms_date date_cert_expiry(ms_date issue);

#endif
