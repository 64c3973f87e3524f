/* canon.h - canonical JSON: one byte sequence per JSON value, for hashing.
 *
 * The audit chain (and anything else that signs or hashes JSON) hashes the
 * canonical text of a value, defined exactly as (jansson 2.14 with the flags
 * CANON_JSON_FLAGS, see docs/audit.md):
 *   - no whitespace outside strings; "," between members, ":" after keys;
 *   - object members sorted by key, comparing the UTF-8 bytes (strcmp),
 *     at every level; array order kept;
 *   - strings: UTF-8 as is (no \u escapes for non-ASCII, '/' and DEL not
 *     escaped); '"' -> \" and '\' -> \\; U+0008 \b, U+0009 \t, U+000A \n,
 *     U+000C \f, U+000D \r; the other U+0000..U+001F as \u00XX with
 *     UPPERCASE hex (\u001F);
 *   - integers in decimal (int64); reals as printf("%.17g") with ".0"
 *     appended when that has neither '.' nor 'e' (keep reals out of hashed
 *     data where you can: write them as strings);
 *   - true, false, null.
 * Parsing rejects duplicate keys and NUL characters in strings, so that
 * canon_text(canon_text(x)) == canon_text(x). */
#ifndef MS_CANON_H
#define MS_CANON_H

#include <jansson.h>
#include <stddef.h>

#define CANON_JSON_FLAGS (JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17))
#define CANON_LOAD_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)

/* The canonical text of V (any JSON value), NUL-terminated; its length in
 * *LEN when LEN is not NULL. NULL when V is NULL or memory is exhausted.
 * The caller frees with ms_free(). */
char *canon_dump(const json_t *v, size_t *len);

/* Parse TEXT (any JSON value, UTF-8) with CANON_LOAD_FLAGS. NULL when TEXT
 * is NULL or not valid JSON. The caller releases with json_decref(). */
json_t *canon_parse(const char *text);

/* canon_dump(canon_parse(TEXT)): TEXT rewritten in canonical form. NULL when
 * TEXT is not valid JSON or memory is exhausted. The caller frees with
 * ms_free(). */
char *canon_text(const char *text, size_t *len);

#endif
