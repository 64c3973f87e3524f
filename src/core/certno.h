/* certno.h - numbers of 计量标准考核证书 (measurement standard certificates).
 *
 * Form: [年份]省份简称量标考核单位简称证字第流水号号, e.g.
 * "[2015]苏量标宁证字第0123号"; national certificates use 国 as the province.
 * The year is that of the first approval and never changes across renewals.
 * Parsing follows the tolerant pattern
 *   ^\[(\d{4})\](\S{1,2})量标(\S{1,8})证字第(\d+)号$
 * (\S counts UTF-8 characters), after trimming white space and turning the
 * full-width brackets 〔〕 and ［］ into [ ]. */
#ifndef MS_CERTNO_H
#define MS_CERTNO_H

#include <stddef.h>

#include "core/ms.h"

#define CERTNO_MAX 128 /* bytes, NUL included, of any accepted number */

typedef struct certno {
    int year;              /* 2015 */
    char province[12];     /* 1-2 characters, UTF-8: "苏", "国" */
    char province_code[3]; /* "32", "10" for 国, "" if the short name is not known */
    char unit[40];   /* 考核单位简称, 0-8 characters: "宁"; "" on provincial certificates */
    char serial[24]; /* digits as written, leading zeros kept: "0123" */
    char text[CERTNO_MAX]; /* the normalised number, ASCII brackets */
} certno;

/* Parse IN into *OUT (may be NULL to only check). On failure returns MS_EINVAL
 * with field "cert_no" and key "required", "invalid_cert_no" (too long, not
 * UTF-8, white space inside), "invalid_cert_no_year" (no [YYYY] at the start),
 * "invalid_cert_no_province" (no 量标 after a 1-2 character province),
 * "invalid_cert_no_unit" (the unit is more than 8 characters) or
 * "invalid_cert_no_serial" (no 证字第<digits>号 at the end); arg: the input. An
 * unknown province short name is not an error (province_code is ""). */
int certno_parse(const char *in, certno *out, ms_err *err);

/* Write the number for YEAR (1000..9999), PROVINCE (1-2 characters), UNIT
 * (0-8 characters) and SERIAL, zero-padded to WIDTH digits (0 = none), into
 * BUF: "[2015]苏量标宁证字第0123号". Returns MS_OK; MS_EINVAL if a part does
 * not fit the pattern (BUF = ""), MS_ETOOBIG if SIZE is too small. */
int certno_format(char *buf, size_t size, int year, const char *province, const char *unit,
                  unsigned long serial, int width);

#endif
