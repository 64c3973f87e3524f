/* field.h - JJF 1022-2014 计量标准分类编码 and its 18 level-1 fields (专业).
 *
 * A code is 8 digits in 4 levels of 2; level 1 is the field (01 几何量 ...
 * 65 农林牧渔). Unused lower levels are "00", and after a "00" level every
 * level is "00". The first ten fields are the general ones (十大计量). */
#ifndef MS_FIELD_H
#define MS_FIELD_H

#include <stddef.h>

#include "core/ms.h"

#define FIELD_CODE_LEN 8

struct jjf_field {
    char code[3];   /* "01" */
    const char *zh; /* "几何量" */
    const char *en; /* "geometry (length)" */
    int general;    /* 1 for the ten general fields */
};

/* The 18 fields in code order; *N (may be NULL) receives 18. Static storage. */
const struct jjf_field *field_all(size_t *n);

/* The field with the 2-digit CODE ("01"; exactly two characters), or NULL. */
const struct jjf_field *field_find(const char *code);

/* Name of F in LANG. */
const char *field_name(const struct jjf_field *f, enum ms_lang lang);

/* Validate an 8-digit JJF 1022 code (surrounding white space ignored). On
 * success returns MS_OK, copies the code to OUT (may be NULL; 9 bytes) and
 * sets *FIELD (may be NULL) to its level-1 field. On failure returns MS_EINVAL
 * with field "code" and key "required", "invalid_jjf1022" (not 8 digits),
 * "invalid_jjf1022_field" (unknown level 1; arg: the 2 digits) or
 * "invalid_jjf1022_zero" (a non-00 level after a 00 level). */
int field_validate(const char *code, char out[FIELD_CODE_LEN + 1], const struct jjf_field **field,
                   ms_err *err);

/* The field of a valid 8-digit code, or NULL when CODE is not valid. */
const struct jjf_field *field_of(const char *code);

#endif
