/* jw.h - a small streaming JSON writer (RFC 8259) into one growing buffer.
 *
 * For hot replies that are written straight from structs instead of through
 * a jansson tree. Pure: no I/O. Commas and colons are inserted by the writer;
 * the caller only says begin/end, key and value. Any error (out of memory,
 * a value where a key is expected, nesting deeper than JW_MAX_DEPTH,
 * unbalanced ends) is sticky and makes jw_finish() return NULL.
 *
 * Strings: '"', '\\' and the control characters U+0000-U+001F are escaped
 * (\b \f \n \r \t, else \u00XX), as are U+2028 and U+2029 (valid JSON, but not
 * valid in older JavaScript string literals); other valid UTF-8 passes
 * through unchanged. Each byte that does not start a valid UTF-8 sequence
 * (stray continuation bytes, overlong forms, surrogates, code points above
 * U+10FFFF, truncated sequences) is written as U+FFFD, so the output is
 * always valid UTF-8 and valid JSON. */
#ifndef MS_JW_H
#define MS_JW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JW_MAX_DEPTH 32

typedef struct jw {
    char *buf; /* ms_malloc'd; NUL-terminated while not failed */
    size_t len, cap;
    int failed;
    int depth;
    int comma;                          /* the next value or key needs a ',' first */
    int want_value;                     /* a key was written: a value must follow */
    unsigned char in_obj[JW_MAX_DEPTH]; /* 1 = object, 0 = array, per level */
} jw;

/* Start empty; SIZE_HINT bytes are reserved on first write (0 = default). */
void jw_init(jw *w, size_t size_hint);

void jw_obj_begin(jw *w);
void jw_obj_end(jw *w);
void jw_arr_begin(jw *w);
void jw_arr_end(jw *w);

/* A member name inside an object (escaped like a string). */
void jw_key(jw *w, const char *k);

/* A member name given already quoted, with its colon (QUOTED is LEN bytes
 * of plain ASCII needing no escape): no scan and no strlen, for the keys of
 * hot replies. JW_KEY(w, "id") writes the key "id". */
void jw_key_raw(jw *w, const char *quoted, size_t len);
#define JW_KEY(w, k) jw_key_raw((w), "\"" k "\":", sizeof("\"" k "\":") - 1)
/* Key and string value in one reservation (the value as jw_str). */
void jw_kstr_raw(jw *w, const char *quoted, size_t len, const char *v);
/* JW_KSTR's inline fast path (the hot rows): with room reserved and the
 * writer in an object awaiting a key, the comma and the constant-size key
 * are written inline; anything else goes through jw_kstr_raw. jw__escape
 * writes a quoted, escaped string (room: 6 * N + 3 bytes) and returns its
 * end; not for other callers. */
char *jw__escape(char *o, const char *s, size_t n);
static inline void jw__kstr(jw *w, const char *quoted, size_t len, const char *v)
{
    size_t n;
    char *o;

    if (!v || w->failed || !w->buf || w->depth == 0 || !w->in_obj[w->depth - 1] || w->want_value ||
        (n = strlen(v)) > 4096 || len + 6 * n + 8 >= w->cap - w->len) {
        jw_kstr_raw(w, quoted, len, v);
        return;
    }
    o = w->buf + w->len;
    *o = ',';
    o += w->comma;
    memcpy(o, quoted, len);
    o = jw__escape(o + len, v, n);
    *o = '\0';
    w->len = (size_t)(o - w->buf);
    w->comma = 1;
}
#define JW_KSTR(w, k, v) jw__kstr((w), "\"" k "\":", sizeof("\"" k "\":") - 1, (v))
/* Key and number in one reservation (as jw_kint / jw_kid). */
void jw_kint_raw(jw *w, const char *quoted, size_t len, int64_t v);
void jw_kid_raw(jw *w, const char *quoted, size_t len, int64_t v);
#define JW_KINT(w, k, v) jw_kint_raw((w), "\"" k "\":", sizeof("\"" k "\":") - 1, (v))
#define JW_KID(w, k, v)  jw_kid_raw((w), "\"" k "\":", sizeof("\"" k "\":") - 1, (v))
/* Values. jw_str writes null when S is NULL. */
void jw_str(jw *w, const char *s);
void jw_strn(jw *w, const char *s, size_t n);
void jw_int(jw *w, int64_t v);
/* Shortest of %.15g/%.16g/%.17g that reads back to V; always with a '.' or
 * an exponent (1.0, not 1); null for NaN and infinities. */
void jw_double(jw *w, double v);
void jw_bool(jw *w, int v);
void jw_null(jw *w);
/* A whole value as JSON text (N bytes), written as it is: the caller
 * vouches that it is one valid value (e.g. kept from an earlier jw). */
void jw_raw(jw *w, const char *json, size_t n);

/* Key + value shorthands. jw_kid writes null when V is 0. */
void jw_kstr(jw *w, const char *k, const char *v);
void jw_kint(jw *w, const char *k, int64_t v);
void jw_kid(jw *w, const char *k, int64_t v);
void jw_kbool(jw *w, const char *k, int v);

/* The finished text (NUL-terminated, *LEN without the NUL), owned by the
 * caller (ms_free / free); W is reset. NULL on any earlier error or when a
 * container is still open; W is then freed. */
char *jw_finish(jw *w, size_t *len);

/* Drop the buffer (after an error path that does not finish). */
void jw_free(jw *w);

#endif
