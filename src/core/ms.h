/* ms.h - result codes and the error record shared by every layer.
 *
 * A function that can fail returns an int result (MS_OK or one of the MS_E*
 * codes) and, when the caller passes one, fills an ms_err naming the field
 * at fault and a message key. Transports map the code once: to an HTTP
 * status in http/, to an exit code in cli/. */
#ifndef MS_MS_H
#define MS_MS_H

#include <stdarg.h>
#include <stddef.h>

enum ms_result {
    MS_OK = 0,
    MS_EINVAL,     /* bad input: 422 / exit 1 */
    MS_ENOTFOUND,  /* missing or outside jurisdiction: 404 */
    MS_EFORBIDDEN, /* not allowed: 403 */
    MS_ECONFLICT,  /* state or uniqueness conflict: 409 */
    MS_ETOOBIG,    /* over a size limit: 413 */
    MS_EINTERNAL,  /* our fault or the database's: 500 */
};

/* Language of user-facing text: zh-CN first, en second. */
enum ms_lang { MS_LANG_ZH = 0, MS_LANG_EN = 1 };

typedef struct ms_err {
    int code;       /* enum ms_result */
    char field[64]; /* offending field ("uscc", "cert_expires_on"), "" if none */
    char key[48];   /* message key, e.g. "invalid_uscc"; the API's error.code */
    char arg[160];  /* value substituted for %s in the message template */
    long row;       /* import row number (1-based, header = 1), 0 if none */
} ms_err;

/* Fill ERR (if not NULL) and return CODE. ARG may be NULL. Message keys live
 * in core/msg.c; an unknown key is a programming error caught by test_msg. */
int ms_fail(ms_err *err, int code, const char *field, const char *key, const char *arg);

/* Same with a printf-style argument. */
int ms_failf(ms_err *err, int code, const char *field, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Reset ERR to "no error". */
void ms_err_clear(ms_err *err);

/* Cut a NUL-terminated UTF-8 string that snprintf may have truncated in
 * the middle of a character back to the last whole character. Returns S. */
char *ms_utf8_trim(char *s);

/* Name of a result code ("invalid", "not_found", ...). */
const char *ms_result_name(int code);

#define MS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
