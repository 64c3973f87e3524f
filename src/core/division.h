/* division.h - GB/T 2260 administrative division codes (county level and up).
 *
 * A code is 6 digits: province (2) + prefecture (2) + county (2). The list is
 * data: data/divisions.csv (code,name,level,parent,valid_from,valid_to),
 * compiled into the binary and loaded once by division_default(); tests parse
 * their own lists with division_list_parse(). valid_from / valid_to are the
 * first and last day a row is in force, inclusive; empty = open-ended. A code
 * may have several rows over time (a reused code), never overlapping.
 *
 * Every function taking a list accepts NULL for the default list. Entries
 * returned point into the list and live as long as it does (the default list:
 * for the whole process). */
#ifndef MS_DIVISION_H
#define MS_DIVISION_H

#include <stddef.h>

#include "core/ms.h"

#define DIVISION_CODE_LEN 6

enum division_level {
    DIVISION_PROVINCE = 1,   /* XX0000: 省级 */
    DIVISION_PREFECTURE = 2, /* XXYY00: 地级 */
    DIVISION_COUNTY = 3,     /* XXYYZZ: 县级 */
};

typedef struct division {
    char code[DIVISION_CODE_LEN + 1];
    char parent[DIVISION_CODE_LEN + 1]; /* nearest listed ancestor, "" for provinces */
    char valid_from[11];                /* 'YYYY-MM-DD' or "" */
    char valid_to[11];                  /* 'YYYY-MM-DD' or "" */
    const char *name;                   /* "玄武区" */
    enum division_level level;
} division;

typedef struct division_list division_list;

/* ------------------------------------------------------------------------ */
/* Lists                                                                    */
/* ------------------------------------------------------------------------ */

/* Parse LEN bytes of CSV at BUF (lines starting with '#' and blank lines are
 * ignored; the first other line must be the header). Every row is checked:
 * code shape matches level, parent exists, dates valid, no overlapping rows of
 * one code. On success *OUT is a new list the caller frees with
 * division_list_free(). On failure returns MS_EINVAL (key
 * "invalid_division_list", ERR->row = line number) or MS_EINTERNAL (out of
 * memory) and *OUT is NULL. */
int division_list_parse(const char *buf, size_t len, division_list **out, ms_err *err);

/* Free a list from division_list_parse(). NULL is a no-op. */
void division_list_free(division_list *l);

/* The process-wide list parsed from the embedded data/divisions.csv, loaded
 * once (thread-safe). NULL if the embedded data is missing or broken (a build
 * error; the reason is in ERR when given, on every call). */
const division_list *division_default(ms_err *err);

/* Number of rows, and row I (0-based) in order of code then valid_from. */
size_t division_count(const division_list *l);
const division *division_at(const division_list *l, size_t i);

/* ------------------------------------------------------------------------ */
/* Lookup                                                                   */
/* ------------------------------------------------------------------------ */

/* The row of CODE in force on AS_OF ('YYYY-MM-DD'), or with AS_OF NULL or ""
 * the open-ended row (else the latest one). NULL if none, or if AS_OF is not a
 * valid date. */
const division *division_find(const division_list *l, const char *code, const char *as_of);

/* 1 if D is in force on AS_OF (NULL or "" = always 1). */
int division_in_force(const division *d, const char *as_of);

/* The parent row of D as of AS_OF (see division_find), NULL for provinces. */
const division *division_parent(const division_list *l, const division *d, const char *as_of);

/* Write the full name of CODE as of AS_OF into BUF ("江苏省南京市玄武区",
 * "北京市海淀区"), ancestors first. Returns MS_OK, MS_ENOTFOUND (unknown code,
 * BUF = "") or MS_ETOOBIG (truncated; BUF still NUL-terminated). */
int division_full_name(const division_list *l, const char *code, const char *as_of, char *buf,
                       size_t size);

/* Rows whose parent is PARENT (NULL or "" = the provinces), in force on AS_OF
 * (NULL = any date), in code order. Stores up to MAX pointers in OUT (may be
 * NULL when MAX is 0) and returns how many there are in all, as snprintf does. */
size_t division_children(const division_list *l, const char *parent, const char *as_of,
                         const division **out, size_t max);

/* Validate CODE (surrounding white space ignored): 6 digits, listed, and in
 * force on AS_OF when given. On success returns MS_OK and sets *OUT (may be
 * NULL) to the row. On failure returns MS_EINVAL with field "division_code"
 * and key "invalid_division" (malformed), "unknown_division" (not listed) or
 * "division_not_in_force" (listed, not in force on AS_OF; also a malformed
 * AS_OF gives "invalid_date"), or MS_EINTERNAL if the default list is broken. */
int division_validate(const division_list *l, const char *code, const char *as_of,
                      const division **out, ms_err *err);

/* ------------------------------------------------------------------------ */
/* Provinces (a fixed table, independent of any list)                       */
/* ------------------------------------------------------------------------ */

/* 1 if the first two characters of CODE are a province-level code of GB/T
 * 2260 (11..65, and 71, 81, 82), else 0. */
int division_is_province_prefix(const char *code);

/* One-character short name of the province of CODE for certificate numbers
 * ("32xxxx" -> "苏"), "国" for the central code 10xxxx, NULL otherwise.
 * Static UTF-8 storage. */
const char *division_province_short(const char *code);

/* Province code ("32") for a short name as used in certificate numbers: the
 * standard ones, the alternates 蜀 贵 云 秦 陇, and "10" for 国; NULL if
 * unknown. Static storage. */
const char *division_province_by_short(const char *short_name);

/* "province", "prefecture", "county". */
const char *division_level_name(enum division_level level);

#endif
