/* uscc.h - 统一社会信用代码 (unified social credit code, GB 32100-2015).
 *
 * 18 characters from 0123456789ABCDEFGHJKLMNPQRTUWXY: registering department
 * (1), kind of entity (2), division code of the registering authority (3-8),
 * organisation code with its GB 11714 check (9-17), check character (18).
 * Pure functions: no I/O, no allocation. */
#ifndef MS_USCC_H
#define MS_USCC_H

#include "core/ms.h"

#define USCC_LEN 18

/* Normalise IN into OUT (USCC_LEN + 1 bytes): drop ASCII white space and
 * U+3000 anywhere, upper-case ASCII letters. Nothing else is changed: 'O' is
 * never turned into '0'. Returns MS_OK, or MS_EINVAL on field "uscc" with key
 * "required" (nothing left), "invalid_uscc_length" (not 18 characters; arg:
 * the count) or "invalid_uscc_char" (18 characters, one outside ASCII; arg:
 * that character); OUT then holds the ASCII characters, at most 18. */
int uscc_normalize(const char *in, char out[USCC_LEN + 1], ms_err *err);

/* Validate IN (normalised first, see uscc_normalize) in the order length,
 * character set, positions 1-2, positions 3-8, check character. On success
 * returns MS_OK, writes the normalised code to OUT (may be NULL) and sets
 * *ORG_WARNING (may be NULL) to 1 when the embedded GB 11714 check of
 * positions 9-17 fails - a warning only - else 0. On failure returns
 * MS_EINVAL with field "uscc" and one of the keys invalid_uscc_length,
 * invalid_uscc_char (arg: the character, in positions 1-17), invalid_uscc_kind
 * (arg: positions 1-2), invalid_uscc_division (arg: positions 3-8),
 * invalid_uscc_check (arg: the expected check character; also when position
 * 18 is outside the set, as the Z of 91350100M000100Y4Z). */
int uscc_validate(const char *in, char out[USCC_LEN + 1], int *org_warning, ms_err *err);

/* Value 0..30 of a character of the USCC set, -1 for any other (including
 * lower case and I O S V Z). */
int uscc_char_value(char c);

/* The check character (position 18) for the 17 characters FIRST17, or 0 if
 * one of them is not in the USCC set. For the demo-data generator. */
char uscc_check_char(const char first17[17]);

/* The GB 11714 check character (position 17 of a USCC, the 9th character of
 * an organisation code) of the 8-character body BODY8 (digits and A-Z), or 0
 * for any other character. */
char uscc_org_check_char(const char body8[8]);

/* Name of the registering department of position 1 ("工商" / "market
 * regulation"), or NULL if C is not one. Static storage. */
const char *uscc_registrar_name(char c, enum ms_lang lang);

/* Name of the kind of entity of positions 1-2 ("企业" / "enterprise"), or
 * NULL if the combination does not exist. Static storage. */
const char *uscc_kind_name(char c1, char c2, enum ms_lang lang);

#endif
