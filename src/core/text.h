/* text.h - checks of free text from users: UTF-8, length, control characters. */
#ifndef MS_TEXT_H
#define MS_TEXT_H

#include <stddef.h>

#include "core/ms.h"

/* 1 if the LEN bytes at S are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF), else 0. */
int text_utf8_valid(const char *s, size_t len);

/* Number of code points of a valid UTF-8 string. */
size_t text_utf8_len(const char *s);

/* Check the value of FIELD: when REQUIRED it must be non-empty after
 * trimming; when present it must be valid UTF-8, free of control characters
 * (tab and newline allowed when MULTILINE), and at most MAX code points.
 * Returns MS_OK or MS_EINVAL with FIELD named ("required", "invalid_utf8",
 * "control_chars", "too_long"). */
int text_check(const char *field, const char *value, size_t max, int required, int multiline,
               ms_err *err);

/* 1 if S is NULL or only white space. */
int text_blank(const char *s);

#endif
